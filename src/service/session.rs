//! Sign-in sessions: login, refresh-token rotation with reuse detection, logout.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, TimeDelta, Utc};
use entity::{refresh_token, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait, sea_query::Expr,
};
use sha2::{Digest, Sha256};

use super::{access::Role, clock};
use crate::{
    auth::{jwt::JwtKeys, password},
    error::{AppError, AppResult},
};

/// What a successful login or refresh hands back.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub user: user::Model,
}

fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn wrong_credentials() -> AppError {
    // Same words whether the username exists or not.
    AppError::Unauthenticated("wrong username or password".into())
}

/// Issues an access token and a refresh token in `family`.
async fn issue(
    db: &impl ConnectionTrait,
    keys: &JwtKeys,
    u: user::Model,
    family: String,
) -> AppResult<Session> {
    let role =
        Role::parse(&u.role).ok_or_else(|| AppError::internal("unknown role in database"))?;
    let (access_token, exp) = keys.access_token(u.id, role, u.token_version)?;
    let refresh = random_token();
    let now = clock::now();
    let ttl = TimeDelta::from_std(keys.refresh_ttl).unwrap_or(TimeDelta::days(30));
    refresh_token::ActiveModel {
        user_id: Set(u.id),
        family: Set(family),
        token_hash: Set(hash_token(&refresh)),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Session {
        access_token,
        expires_at: DateTime::from_timestamp(exp, 0).unwrap_or(now),
        refresh_token: refresh,
        user: u,
    })
}

/// Signs in with a username and password.
pub async fn login(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &JwtKeys,
    limiter: &LoginLimiter,
    username: &str,
    password_given: String,
    client: &str,
) -> AppResult<Session> {
    let username = username.trim().to_ascii_lowercase();
    limiter.check(&username, client)?;
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .one(db)
        .await?;
    // Verify against a dummy hash when the user is unknown, so the time taken
    // does not tell whether the username exists.
    let stored = found.as_ref().map_or_else(
        || password::DUMMY_HASH.to_owned(),
        |u| u.password_hash.clone(),
    );
    let matches = password::verify(password_given, stored)
        .await
        .unwrap_or(false);
    let Some(u) = found.filter(|u| matches && u.active) else {
        limiter.failed(&username, client);
        return Err(wrong_credentials());
    };
    limiter.succeeded(&username);
    let txn = db.begin().await?;
    let session = issue(&txn, keys, u, random_token()).await?;
    txn.commit().await?;
    Ok(session)
}

/// Swaps a refresh token for a new pair. The old one stops working; showing
/// an already-rotated token again revokes its whole family (it was stolen,
/// or the legitimate holder's copy was).
pub async fn refresh(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &JwtKeys,
    token: &str,
) -> AppResult<Session> {
    let invalid = || {
        AppError::Unauthenticated("the refresh token is invalid or expired; sign in again".into())
    };
    let now = clock::now();
    let txn = db.begin().await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() && row.revoked_at.is_none() {
        revoke_family(&txn, &row.family).await?;
        txn.commit().await?;
        tracing::warn!(
            user_id = row.user_id,
            "refresh token reused; session family revoked"
        );
        return Err(invalid());
    }
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(invalid());
    }
    // Mark it used only if nobody else just did: two racing refreshes with
    // one token cannot both win.
    let marked = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(invalid());
    }
    let u = user::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or_else(invalid)?;
    let session = issue(&txn, keys, u, row.family).await?;
    txn.commit().await?;
    Ok(session)
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored,
/// so logout never tells anything.
pub async fn logout(db: &impl ConnectionTrait, token: &str) -> AppResult<()> {
    if let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await?
    {
        revoke_family(db, &row.family).await?;
    }
    Ok(())
}

async fn revoke_family(db: &impl ConnectionTrait, family: &str) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(clock::now()))
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every refresh token of a user (password change, disabled account).
pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i64) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(clock::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Failed-login throttling per username and per client address, in memory.
/// Several instances each keep their own counts, so the effective limit is
/// per instance; enough against guessing, and needs no shared store.
pub struct LoginLimiter {
    window: Duration,
    per_user: usize,
    per_client: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(Duration::from_secs(15 * 60), 5, 20)
    }
}

impl LoginLimiter {
    pub fn new(window: Duration, per_user: usize, per_client: usize) -> Self {
        LoginLimiter {
            window,
            per_user,
            per_client,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn retry_after(
        &self,
        key: &str,
        limit: usize,
        map: &mut HashMap<String, VecDeque<Instant>>,
    ) -> Option<u64> {
        let now = Instant::now();
        let q = map.get_mut(key)?;
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.window)
        {
            q.pop_front();
        }
        (q.len() >= limit).then(|| {
            let oldest = q.front().copied().unwrap_or(now);
            self.window
                .saturating_sub(now.duration_since(oldest))
                .as_secs()
                .max(1)
        })
    }

    /// `RATE_LIMITED` when either the username or the client has failed too often.
    pub fn check(&self, username: &str, client: &str) -> AppResult<()> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let user_key = format!("u:{username}");
        let client_key = format!("c:{client}");
        let wait = self
            .retry_after(&user_key, self.per_user, &mut map)
            .max(self.retry_after(&client_key, self.per_client, &mut map));
        match wait {
            Some(retry_after_secs) => Err(AppError::RateLimited { retry_after_secs }),
            None => Ok(()),
        }
    }

    fn failed(&self, username: &str, client: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        for key in [format!("u:{username}"), format!("c:{client}")] {
            map.entry(key).or_default().push_back(now);
        }
        // Keep memory bounded under a spray of usernames.
        if map.len() > 100_000 {
            map.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
        }
    }

    fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("u:{username}"));
    }
}
