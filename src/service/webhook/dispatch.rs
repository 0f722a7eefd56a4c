//! Sending webhooks, in two steps that every instance runs and the
//! database keeps apart:
//!
//! 1. **Feed**: each active endpoint's new change-log entries become
//!    deliveries (`pending`), and its `fed_through` moves on, in one
//!    transaction that only succeeds if `fed_through` was still what this
//!    instance read: another instance that fed it first wins, and nothing is
//!    fed twice.
//! 2. **Send**: due deliveries are claimed with a lease (on PostgreSQL
//!    `FOR UPDATE SKIP LOCKED`, so instances take different rows), sent with
//!    a timeout, and marked delivered, or scheduled again with backoff and
//!    jitter, or failed after about 27 hours of tries. A delivery waits for
//!    the earlier pending ones of the same item at the same endpoint, so a
//!    receiver sees each item's changes in order. A crash mid-send leaves
//!    the lease to run out, and the delivery is sent again (at least once).
//!
//! A slow or dead receiver holds at most a few of the sending slots, and
//! nothing here runs on a request's path.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Value};
use tokio::sync::{Semaphore, watch};

use super::{DeliveryStatus, sign, target};
use crate::{
    clock,
    config::{Links, WebhookConfig},
    error::{AppError, AppResult},
    service::{
        changelog::{self, Change},
        changes::Changes,
        sql::statement,
    },
};

/// Waits after each failed attempt: the Standard Webhooks schedule. After
/// the last, the delivery has failed (about 27.6 hours after the first try).
const RETRY_AFTER: [u64; 7] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
/// Change-log entries fed per endpoint per round.
const FEED_BATCH: u64 = 200;
/// Deliveries one endpoint may have in flight from one instance.
const PER_ENDPOINT: usize = 4;
/// How often the dispatcher looks without being woken by a write.
const TICK: Duration = Duration::from_secs(1);

/// When to try again after `attempts` failed tries, or `None` to give up.
/// Jitter of ±10% keeps many receivers' retries from arriving together.
pub fn next_attempt(attempts: i32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let wait = RETRY_AFTER.get(usize::try_from(attempts).ok()?.checked_sub(1)?)?;
    let millis = i64::try_from(wait * 1000).ok()?;
    let jitter = rand::random_range(-millis / 10..=millis / 10);
    Some(now + TimeDelta::milliseconds(millis + jitter))
}

/// The JSON body of one change: `{ type, timestamp, data }`.
pub fn payload(change: &Change, links: &Links) -> String {
    let kind = change.subject.as_str();
    let url = links
        .pattern(kind)
        .filter(|_| change.op == changelog::Op::Upsert)
        .map(|p| links.url(p, &change.slug, change.item_id));
    serde_json::json!({
        "type": change.event_name(),
        "timestamp": change.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": {
            "kind": kind,
            "id": change.item_id.to_string(),
            "slug": change.slug,
            "op": change.op.as_str(),
            "url": url,
            "cursor": changelog::cursor(change.position),
        }
    })
    .to_string()
}

/// Starts the dispatcher for the life of the process (until `stop`).
pub fn spawn(
    db: DatabaseConnection,
    clock: &clock::Clock,
    changes: Arc<Changes>,
    config: WebhookConfig,
    links: Links,
    retention: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let client = match client(&config) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the webhook client; webhooks are off");
            return;
        }
    };
    let dispatcher = Arc::new(Dispatcher {
        db,
        client,
        slots: Arc::new(Semaphore::new(config.concurrency.max(1))),
        config,
        links,
        busy: Mutex::default(),
    });
    let retention = TimeDelta::from_std(retention).unwrap_or(TimeDelta::days(90));
    tokio::spawn(clock.scope(crate::metrics::background(async move {
        let mut rounds = 0u32;
        loop {
            if rounds.is_multiple_of(3600)
                && let Err(e) = dispatcher.prune(retention).await
            {
                tracing::warn!(error = ?e, "pruning webhook deliveries failed; will retry");
            }
            rounds = rounds.wrapping_add(1);
            let woken = changes.next_write();
            tokio::pin!(woken);
            woken.as_mut().enable();
            if let Err(e) = dispatcher.feed().await {
                tracing::warn!(error = ?e, "feeding webhooks failed; will retry");
            }
            if let Err(e) = dispatcher.clone().send_due().await {
                tracing::warn!(error = ?e, "sending webhooks failed; will retry");
            }
            tokio::select! {
                () = woken => {},
                () = tokio::time::sleep(TICK) => {},
                // It only ever turns true (or goes with the state).
                _ = stop.changed() => break,
            }
        }
    })));
}

fn client(config: &WebhookConfig) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(config.timeout)
        .connect_timeout(config.timeout.min(Duration::from_secs(5)))
        // A redirect is an answer, not a place to follow to (it could
        // point inside the network).
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(target::PublicOnly {
            allow_private: config.allow_private,
        }))
        .user_agent(concat!("bantin-webhooks/", env!("CARGO_PKG_VERSION")))
        // A proxy would resolve the receiver's name itself, past the
        // resolver's check.
        .no_proxy()
        .build()
}

struct Dispatcher {
    db: DatabaseConnection,
    client: reqwest::Client,
    config: WebhookConfig,
    links: Links,
    slots: Arc<Semaphore>,
    /// Deliveries in flight per endpoint, from this instance.
    busy: Mutex<HashMap<i64, usize>>,
}

/// A claimed delivery with what sending it takes.
struct Claimed {
    id: i64,
    webhook_id: i64,
    message_id: String,
    payload: String,
    attempts: i32,
    url: String,
    secret: String,
}

/// How an attempt went.
struct Outcome {
    status: Option<u16>,
    error: Option<String>,
    elapsed: Duration,
}

impl Dispatcher {
    /// Step 1: turns new change-log entries into deliveries.
    async fn feed(&self) -> AppResult<()> {
        let db = &self.db;
        let hooks = db
            .query_all_raw(statement(
                db,
                "SELECT id, events, fed_through FROM webhooks WHERE active",
                Vec::new(),
            ))
            .await?;
        if hooks.is_empty() {
            return Ok(());
        }
        let head = changelog::head(db).await?;
        for row in hooks {
            let id: i64 = row.try_get("", "id")?;
            let from: i64 = row.try_get("", "fed_through")?;
            if from >= head {
                continue;
            }
            let events: String = row.try_get("", "events")?;
            let wanted: Vec<String> = serde_json::from_str(&events).unwrap_or_default();
            let page = match changelog::after(db, Some(from), FEED_BATCH, None).await {
                Ok(page) => page,
                // Behind what the log keeps (paused for months): go on
                // from the oldest entry kept.
                Err(AppError::CursorExpired) => {
                    changelog::after(db, None, FEED_BATCH, None).await?
                }
                Err(e) => return Err(e),
            };
            self.feed_one(id, from, &wanted, &page).await?;
        }
        Ok(())
    }

    async fn feed_one(
        &self,
        id: i64,
        from: i64,
        wanted: &[String],
        page: &changelog::ChangePage,
    ) -> AppResult<()> {
        let (turn, txn) = crate::db::begin_counter_write(&self.db).await?;
        let moved = txn
            .execute_raw(statement(
                &txn,
                "UPDATE webhooks SET fed_through = ? WHERE id = ? AND fed_through = ? AND active",
                vec![page.end.into(), id.into(), from.into()],
            ))
            .await?
            .rows_affected();
        if moved != 1 {
            // Another instance fed it (or it was paused) meanwhile.
            return Ok(());
        }
        let now = clock::now();
        for change in &page.items {
            let event = change.event_name();
            if !super::wants(wanted, &event) {
                continue;
            }
            txn.execute_raw(statement(
                &txn,
                "INSERT INTO webhook_deliveries (webhook_id, change_id, kind, item_id, event, \
                 message_id, payload, status, attempts, next_attempt_at, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
                vec![
                    id.into(),
                    change.position.into(),
                    change.subject.as_str().into(),
                    change.item_id.into(),
                    event.into(),
                    sign::new_message_id().into(),
                    payload(change, &self.links).into(),
                    now.into(),
                    now.into(),
                ],
            ))
            .await?;
        }
        txn.commit().await?;
        drop(turn);
        Ok(())
    }

    /// Deliveries finished longer ago than `retention` are forgotten.
    async fn prune(&self, retention: TimeDelta) -> AppResult<()> {
        let cutoff = clock::now() - retention;
        let (turn, txn) = crate::db::begin_counter_write(&self.db).await?;
        txn.execute_raw(statement(
            &txn,
            "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?",
            vec![cutoff.into()],
        ))
        .await?;
        txn.commit().await?;
        drop(turn);
        Ok(())
    }

    /// Step 2: claims what is due, endpoint by endpoint, each within its
    /// share of the free slots, and sends each in its own task.
    async fn send_due(self: Arc<Self>) -> AppResult<()> {
        let db = &self.db;
        // A read first: most rounds find nothing, and take no write lock.
        let due = db
            .query_all_raw(statement(
                db,
                "SELECT DISTINCT d.webhook_id FROM webhook_deliveries d \
                 JOIN webhooks w ON w.id = d.webhook_id \
                 WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.active \
                 AND (d.lease_until IS NULL OR d.lease_until < ?)",
                vec![clock::now().into(), clock::now().into()],
            ))
            .await?;
        for row in due {
            let hook: i64 = row.try_get("", "webhook_id")?;
            let busy = self
                .busy
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&hook)
                .copied()
                .unwrap_or(0);
            let room = PER_ENDPOINT
                .saturating_sub(busy)
                .min(self.slots.available_permits());
            if room == 0 {
                continue;
            }
            for d in self.claim(hook, room).await? {
                let Ok(slot) = self.slots.clone().try_acquire_owned() else {
                    break;
                };
                self.mark_busy(d.webhook_id, 1);
                let me = self.clone();
                tokio::spawn(clock::carried(crate::metrics::background(async move {
                    let hook = d.webhook_id;
                    if let Err(e) = me.send(d).await {
                        tracing::warn!(error = ?e, "recording a webhook attempt failed");
                    }
                    me.mark_busy(hook, -1);
                    drop(slot);
                })));
            }
        }
        Ok(())
    }

    fn mark_busy(&self, webhook_id: i64, by: isize) {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let n = busy.entry(webhook_id).or_default();
        *n = n.saturating_add_signed(by);
        if *n == 0 {
            busy.remove(&webhook_id);
        }
    }

    /// Takes up to `limit` due deliveries of one endpoint for this
    /// instance, each the oldest pending one of its item.
    async fn claim(&self, webhook_id: i64, limit: usize) -> AppResult<Vec<Claimed>> {
        let db = &self.db;
        let now = clock::now();
        let lease = now
            + TimeDelta::from_std(self.config.timeout + Duration::from_secs(30))
                .unwrap_or(TimeDelta::seconds(60));
        let postgres = db.get_database_backend() == DbBackend::Postgres;
        let sql = format!(
            "UPDATE webhook_deliveries SET lease_until = ?, attempts = attempts + 1, last_attempt_at = ? \
             WHERE id IN (SELECT d.id FROM webhook_deliveries d \
             WHERE d.webhook_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ? \
             AND (d.lease_until IS NULL OR d.lease_until < ?) \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id \
             AND e.kind = d.kind AND e.item_id = d.item_id AND e.status = 'pending' AND e.id < d.id) \
             ORDER BY d.next_attempt_at, d.id LIMIT {limit}{lock}) \
             RETURNING id, webhook_id, message_id, payload, attempts",
            lock = if postgres {
                " FOR UPDATE SKIP LOCKED"
            } else {
                ""
            },
        );
        let values: Vec<Value> = vec![
            lease.into(),
            now.into(),
            webhook_id.into(),
            now.into(),
            now.into(),
        ];
        let (turn, txn) = crate::db::begin_counter_write(db).await?;
        let rows = txn.query_all_raw(statement(&txn, &sql, values)).await?;
        let hook = txn
            .query_one_raw(statement(
                &txn,
                "SELECT url, secret FROM webhooks WHERE id = ? AND active",
                vec![webhook_id.into()],
            ))
            .await?;
        txn.commit().await?;
        drop(turn);
        // Paused or deleted meanwhile: the claims lapse with their lease.
        let Some(hook) = hook else {
            return Ok(Vec::new());
        };
        let url: String = hook.try_get("", "url")?;
        let secret: String = hook.try_get("", "secret")?;
        let mut claimed = rows
            .iter()
            .map(|r| {
                Ok(Claimed {
                    id: r.try_get("", "id")?,
                    webhook_id,
                    message_id: r.try_get("", "message_id")?,
                    payload: r.try_get("", "payload")?,
                    attempts: r.try_get("", "attempts")?,
                    url: url.clone(),
                    secret: secret.clone(),
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        claimed.sort_by_key(|c| c.id);
        Ok(claimed)
    }

    /// One attempt, and what came of it.
    async fn send(&self, d: Claimed) -> AppResult<()> {
        let outcome = self.attempt(&d).await;
        let now = clock::now();
        let ok = outcome.status.is_some_and(|s| (200..300).contains(&s));
        // 410 Gone: the receiver asks to be forgotten.
        let gone = outcome.status == Some(410);
        let next = if ok || gone {
            None
        } else {
            next_attempt(d.attempts, now)
        };
        let status = match (ok, next) {
            (true, _) => DeliveryStatus::Delivered,
            (false, Some(_)) => DeliveryStatus::Pending,
            (false, None) => DeliveryStatus::Failed,
        };
        let millis = i32::try_from(outcome.elapsed.as_millis()).unwrap_or(i32::MAX);
        let error: Option<String> = outcome
            .error
            .map(|e| e.chars().take(500).collect::<String>());
        let (turn, txn) = crate::db::begin_counter_write(&self.db).await?;
        txn.execute_raw(statement(
            &txn,
            // Only while the claim is ours: past its lease another
            // instance may have taken (and finished) it.
            "UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, lease_until = NULL, \
             response_status = ?, last_error = ?, duration_ms = ? \
             WHERE id = ? AND attempts = ? AND status = 'pending'",
            vec![
                status.as_str().into(),
                next.map(clock::truncate).into(),
                outcome.status.map(i32::from).into(),
                error.into(),
                millis.into(),
                d.id.into(),
                d.attempts.into(),
            ],
        ))
        .await?;
        if gone {
            txn.execute_raw(statement(
                &txn,
                "UPDATE webhooks SET active = FALSE, disabled_reason = ?, updated_at = ? WHERE id = ?",
                vec![
                    "the receiver answered 410 Gone".into(),
                    now.into(),
                    d.webhook_id.into(),
                ],
            ))
            .await?;
        }
        txn.commit().await?;
        drop(turn);
        if !ok {
            tracing::info!(
                webhook = d.webhook_id,
                delivery = d.id,
                attempt = d.attempts,
                status = ?outcome.status,
                "webhook attempt failed"
            );
        }
        Ok(())
    }

    async fn attempt(&self, d: &Claimed) -> Outcome {
        let started = Instant::now();
        let url = match target::check_url(&d.url, self.config.allow_private) {
            Ok(url) => url,
            Err(e) => {
                return Outcome {
                    status: None,
                    error: Some(e.message()),
                    elapsed: started.elapsed(),
                };
            }
        };
        let timestamp = clock::now().timestamp();
        let signature = sign::signature(&d.secret, &d.message_id, timestamp, &d.payload);
        let sent = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &d.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(d.payload.clone())
            .send()
            .await;
        match sent {
            Ok(resp) => Outcome {
                status: Some(resp.status().as_u16()),
                error: (!resp.status().is_success())
                    .then(|| format!("the receiver answered {}", resp.status())),
                elapsed: started.elapsed(),
            },
            Err(e) => Outcome {
                status: None,
                error: Some(describe(&e)),
                elapsed: started.elapsed(),
            },
        }
    }
}

/// What went wrong, in a line for the delivery log.
fn describe(e: &reqwest::Error) -> String {
    use std::error::Error;
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut cause = String::new();
    let mut source = e.source();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    if cause.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {cause}")
    }
}
