//! Password hashing with argon2id, off the async threads (it is slow on purpose).

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};

/// Each hash takes about 19 MiB and a core for a while: a burst of sign-ins
/// waits here instead of exhausting memory and the blocking pool.
static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    Semaphore::new(cores * 2)
});

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> AppResult<String> {
    let _slot = SLOTS.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// Whether `password` matches the stored hash.
pub async fn verify(password: String, stored: String) -> AppResult<bool> {
    let _slot = SLOTS.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).map_err(AppError::internal)?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

/// A hash of a random password, for timing-equal checks of unknown usernames.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5l5Yp2Z7b0l8cZ1nq8wHqk9jCq7nZzJ2e8Zr0YkQ6yE";

/// Checks length rules for a new password.
pub fn check_new(password: &str) -> AppResult<()> {
    let n = password.chars().count();
    if !(10..=200).contains(&n) {
        return Err(AppError::invalid(
            "password",
            "password must be 10-200 characters",
        ));
    }
    Ok(())
}
