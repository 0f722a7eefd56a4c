//! Failed-login throttling per username and per client address. The failures
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

use super::clock;
use crate::error::{AppError, AppResult};

pub struct LoginLimiter {
    window: TimeDelta,
    per_user: u64,
    per_client: u64,
    secret: Vec<u8>,
}

impl LoginLimiter {
    /// Five failures per username and twenty per client address in fifteen
    /// minutes; `secret` keys the hashes, the same on every instance.
    pub fn new(secret: &str) -> Self {
        Self::with_limits(secret, Duration::from_secs(15 * 60), 5, 20)
    }

    pub fn with_limits(secret: &str, window: Duration, per_user: u64, per_client: u64) -> Self {
        LoginLimiter {
            window: TimeDelta::from_std(window).unwrap_or(TimeDelta::MAX),
            per_user,
            per_client,
            secret: secret.as_bytes().to_vec(),
        }
    }

    fn key(&self, kind: &str, value: &str) -> String {
        let mut h = Sha256::new();
        h.update(&self.secret);
        h.update(kind.as_bytes());
        h.update(b":");
        h.update(value.as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Counts a sign-in attempt before the password is checked, so a burst
    /// of concurrent guesses cannot all pass a check that only reads. The
    /// attempt stays recorded as a failure unless [`succeeded`] clears it.
    ///
    /// # Errors
    /// `RATE_LIMITED` with the seconds to wait, when the username or the
    /// client has failed too often within the window; or a database error.
    ///
    /// [`succeeded`]: LoginLimiter::succeeded
    pub async fn attempt(
        &self,
        db: &impl ConnectionTrait,
        username: &str,
        client: &str,
    ) -> AppResult<Attempt> {
        let now = clock::now();
        let keys = [
            (self.key("user", username), self.per_user),
            (self.key("client", client), self.per_client),
        ];
        // Already at a limit: refuse without writing, so a flood adds no rows.
        self.refuse_over(db, &keys, now, 0).await?;
        let mut ids = [0; 2];
        for (id, (key, _)) in ids.iter_mut().zip(&keys) {
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
        // Attempts racing this one are counted now, ours included.
        self.refuse_over(db, &keys, now, 1).await?;
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::FailedAt.lte(now - self.window))
            .exec(db)
            .await?;
        Ok(Attempt { client_row: ids[1] })
    }

    /// `RATE_LIMITED` when a key has more than `limit - 1 + slack` failures
    /// in the window, with the wait until enough of them have expired.
    async fn refuse_over(
        &self,
        db: &impl ConnectionTrait,
        keys: &[(String, u64); 2],
        now: DateTime<Utc>,
        slack: u64,
    ) -> AppResult<()> {
        let since = now - self.window;
        let counts: HashMap<String, i64> = login_failure::Entity::find()
            .select_only()
            .column(login_failure::Column::Key)
            .column_as(login_failure::Column::Id.count(), "failures")
            .filter(login_failure::Column::Key.is_in(keys.iter().map(|(k, _)| k.clone())))
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
            None => Ok(()),
        }
    }

    /// A successful sign-in clears the username's failures, and takes this
    /// attempt off the client's count; the client's other failures stay (one
    /// right password must not reset a spray of guesses at other accounts).
    pub async fn succeeded(
        &self,
        db: &impl ConnectionTrait,
        attempt: Attempt,
        username: &str,
    ) -> AppResult<()> {
        login_failure::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(login_failure::Column::Key.eq(self.key("user", username)))
                    .add(login_failure::Column::Id.eq(attempt.client_row)),
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
}
