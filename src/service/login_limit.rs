//! Failed-login throttling per username and per client address. The failures
//! live in the database, so every instance behind a load balancer enforces
//! one limit for the site; counting per instance would multiply it by the
//! number of instances. Only keyed hashes of usernames and addresses are kept.

use std::{collections::HashMap, time::Duration};

use chrono::{DateTime, TimeDelta, Utc};
use entity::login_failure;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
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

    /// `RATE_LIMITED`, with the seconds to wait, when the username or the
    /// client has failed too often within the window.
    ///
    /// # Errors
    /// `RATE_LIMITED`, or a database error.
    pub async fn check(
        &self,
        db: &impl ConnectionTrait,
        username: &str,
        client: &str,
    ) -> AppResult<()> {
        let now = clock::now();
        let (user, addr) = (self.key("user", username), self.key("client", client));
        let rows: Vec<(String, i64, Option<DateTime<Utc>>)> = login_failure::Entity::find()
            .select_only()
            .column(login_failure::Column::Key)
            .column_as(login_failure::Column::Id.count(), "failures")
            .column_as(login_failure::Column::FailedAt.min(), "oldest")
            .filter(login_failure::Column::Key.is_in([user.clone(), addr.clone()]))
            .filter(login_failure::Column::FailedAt.gt(now - self.window))
            .group_by(login_failure::Column::Key)
            .into_tuple()
            .all(db)
            .await?;
        let seen: HashMap<String, (i64, Option<DateTime<Utc>>)> = rows
            .into_iter()
            .map(|(k, n, oldest)| (k, (n, oldest)))
            .collect();
        let wait = [(user, self.per_user), (addr, self.per_client)]
            .into_iter()
            .filter_map(|(key, limit)| {
                let (n, oldest) = seen.get(&key)?;
                (u64::try_from(*n).unwrap_or(0) >= limit).then(|| {
                    let frees_at = oldest.unwrap_or(now) + self.window;
                    u64::try_from((frees_at - now).num_seconds())
                        .unwrap_or(0)
                        .max(1)
                })
            })
            .max();
        match wait {
            Some(retry_after_secs) => Err(AppError::RateLimited { retry_after_secs }),
            None => Ok(()),
        }
    }

    /// Records a failure for both keys, and forgets failures past the window.
    pub async fn failed(
        &self,
        db: &impl ConnectionTrait,
        username: &str,
        client: &str,
    ) -> AppResult<()> {
        let now = clock::now();
        let rows = [self.key("user", username), self.key("client", client)].map(|key| {
            login_failure::ActiveModel {
                key: Set(key),
                failed_at: Set(now),
                ..Default::default()
            }
        });
        login_failure::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::FailedAt.lte(now - self.window))
            .exec(db)
            .await?;
        Ok(())
    }

    /// A successful sign-in clears the username's failures (not the client's:
    /// one right password must not reset a spray of guesses at others).
    pub async fn succeeded(&self, db: &impl ConnectionTrait, username: &str) -> AppResult<()> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Key.eq(self.key("user", username)))
            .exec(db)
            .await?;
        Ok(())
    }
}
