//! Failed-login throttling per username and client address together, per
//! client address, and (by growing delays, never a lockout) per username. The failures
//! live in the database, so every instance behind a load balancer enforces
//! one limit for the site; counting per instance would multiply it by the
//! number of instances. Only keyed hashes of usernames and addresses are kept.

use std::{collections::HashMap, time::Duration};

use chrono::{DateTime, TimeDelta, Utc};
use entity::login_failure;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};

use crate::{
    clock,
    error::{AppError, AppResult},
};

pub struct LoginLimiter {
    window: TimeDelta,
    limits: Limits,
    secret: Vec<u8>,
}

/// Failures allowed within the window.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// One username from one client: past it that client is refused for
    /// that username (the owner elsewhere is not).
    pub per_user_and_client: u64,
    /// One client, any usernames: a spray of guesses at many accounts.
    pub per_client: u64,
    /// One username from every client together: past it each attempt waits,
    /// twice as long as the one before (up to `MAX_DELAY`), so a guessing
    /// attack from many addresses slows down while the owner still gets in.
    pub per_user_before_delay: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_user_and_client: 5,
            per_client: 20,
            per_user_before_delay: 10,
        }
    }
}

/// The first delay past `per_user_before_delay`, and the longest.
const FIRST_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(8);

impl LoginLimiter {
    /// The default limits over fifteen minutes; `secret` keys the hashes,
    /// the same on every instance.
    pub fn new(secret: &str) -> Self {
        Self::with_limits(secret, Duration::from_secs(15 * 60), Limits::default())
    }

    pub fn with_limits(secret: &str, window: Duration, limits: Limits) -> Self {
        LoginLimiter {
            window: TimeDelta::from_std(window).unwrap_or(TimeDelta::MAX),
            limits,
            secret: secret.as_bytes().to_vec(),
        }
    }

    fn key(&self, parts: &[&str]) -> String {
        let mut h = Sha256::new();
        h.update(&self.secret);
        for part in parts {
            // Length-prefixed, so no two lists of parts hash alike.
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn user_key(&self, username: &str) -> String {
        self.key(&["user", username])
    }

    /// Counts a sign-in attempt before the password is checked, so a burst
    /// of concurrent guesses cannot all pass a check that only reads, and
    /// waits first when the username is under attack from many clients.
    /// The attempt stays recorded as a failure unless [`succeeded`] clears it.
    ///
    /// # Errors
    /// `RATE_LIMITED` with the seconds to wait, when this client has failed
    /// too often, for this username or overall, within the window; or a
    /// database error.
    ///
    /// [`succeeded`]: LoginLimiter::succeeded
    pub async fn attempt(
        &self,
        db: &impl ConnectionTrait,
        username: &str,
        client: &str,
    ) -> AppResult<Attempt> {
        let now = clock::now();
        let hard = [
            (
                self.key(&["user+client", username, client]),
                self.limits.per_user_and_client,
            ),
            (self.key(&["client", client]), self.limits.per_client),
        ];
        let user = self.user_key(username);
        // Already at a limit: refuse without writing, so a flood adds no rows.
        self.refuse_over(db, &hard, None, now, 0).await?;
        let mut ids = [0; 3];
        for (id, key) in ids.iter_mut().zip([&hard[0].0, &hard[1].0, &user]) {
            let row = login_failure::ActiveModel {
                key: Set(key.clone()),
                failed_at: Set(now),
                ..Default::default()
            };
            *id = login_failure::Entity::insert(row)
                .exec(db)
                .await?
                .last_insert_id;
        }
        // Attempts racing this one are counted now, ours included; the
        // username's count across clients comes with the same statement.
        let user_failures = self.refuse_over(db, &hard, Some(&user), now, 1).await?;
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::FailedAt.lte(now - self.window))
            .exec(db)
            .await?;
        let before = user_failures.saturating_sub(1);
        if let Some(excess) = before.checked_sub(self.limits.per_user_before_delay) {
            let delay = FIRST_DELAY
                .saturating_mul(1 << excess.min(16))
                .min(MAX_DELAY);
            tokio::time::sleep(delay).await;
        }
        Ok(Attempt {
            client_row: ids[1],
            user_row: ids[2],
        })
    }

    /// `RATE_LIMITED` when a key has more than `limit - 1 + slack` failures
    /// in the window, with the wait until enough of them have expired;
    /// otherwise the failures of `also` (counted in the same statement).
    async fn refuse_over(
        &self,
        db: &impl ConnectionTrait,
        keys: &[(String, u64); 2],
        also: Option<&str>,
        now: DateTime<Utc>,
        slack: u64,
    ) -> AppResult<u64> {
        let since = now - self.window;
        let counted = keys
            .iter()
            .map(|(k, _)| k.clone())
            .chain(also.map(str::to_owned));
        let counts: HashMap<String, i64> = login_failure::Entity::find()
            .select_only()
            .column(login_failure::Column::Key)
            .column_as(login_failure::Column::Id.count(), "failures")
            .filter(login_failure::Column::Key.is_in(counted))
            .filter(login_failure::Column::FailedAt.gt(since))
            .group_by(login_failure::Column::Key)
            .into_tuple::<(String, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut wait = None;
        for (key, limit) in keys {
            let n = counts
                .get(key)
                .map_or(0, |n| u64::try_from(*n).unwrap_or(0));
            if n < limit + slack {
                continue;
            }
            // A new attempt fits once the oldest `n - limit + 1` have expired.
            let nth: Option<DateTime<Utc>> = login_failure::Entity::find()
                .select_only()
                .column(login_failure::Column::FailedAt)
                .filter(login_failure::Column::Key.eq(key.as_str()))
                .filter(login_failure::Column::FailedAt.gt(since))
                .order_by_asc(login_failure::Column::FailedAt)
                .offset(n - limit)
                .into_tuple()
                .one(db)
                .await?;
            let frees_at = nth.unwrap_or(now) + self.window;
            let secs = u64::try_from((frees_at - now).num_seconds())
                .unwrap_or(0)
                .max(1);
            wait = wait.max(Some(secs));
        }
        match wait {
            Some(retry_after_secs) => Err(AppError::RateLimited { retry_after_secs }),
            None => Ok(also
                .and_then(|k| counts.get(k))
                .map_or(0, |n| u64::try_from(*n).unwrap_or(0))),
        }
    }

    /// A successful sign-in clears this client's failures for the username
    /// and takes this attempt off the other counts; the client's failures at
    /// other accounts stay (one right password must not reset a spray of
    /// guesses), and so do other clients' failures at this one.
    pub async fn succeeded(
        &self,
        db: &impl ConnectionTrait,
        attempt: Attempt,
        username: &str,
        client: &str,
    ) -> AppResult<()> {
        login_failure::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(login_failure::Column::Key.eq(self.key(&[
                        "user+client",
                        username,
                        client,
                    ])))
                    .add(login_failure::Column::Id.is_in([attempt.client_row, attempt.user_row])),
            )
            .exec(db)
            .await?;
        Ok(())
    }
}

/// A counted sign-in attempt, to clear if the password was right.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    client_row: i64,
    user_row: i64,
}
