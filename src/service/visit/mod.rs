//! Visit counters: the hottest write path, so hits are added up in memory and
//! written in batches (`hits = hits + delta`, one upsert per day bucket) every
//! flush interval. Increments from any number of instances add up exactly;
//! a graceful shutdown flushes everything, and a hard crash loses at most one
//! interval. An interval of zero writes every hit through at once.

mod bots;
pub mod stats;

use std::{
    collections::{BTreeMap, HashMap, HashSet, VecDeque},
    mem,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
};
use sha2::{Digest, Sha256};

pub use bots::is_bot;

use super::publication::{ContentKind, Stored};
use crate::{
    clock::{self, Clock},
    error::{AppError, AppResult},
};

/// One page view as a client reports it. Borrowed: nothing of it is kept
/// but counts and a pseudonym, so the hot path copies no strings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hit<'a> {
    pub path: &'a str,
    pub item: Option<(ContentKind, i64)>,
    /// A stable id the client keeps (a cookie or app install id), if any.
    pub visitor_id: Option<&'a str>,
    pub client_addr: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

/// A visitor's daily pseudonym: the first 16 bytes of a keyed SHA-256.
type VisitorKey = [u8; 16];

#[derive(Debug, Default)]
struct Pending {
    /// Which batch this is; each flush takes one and starts the next.
    batch: u64,
    days: HashMap<NaiveDate, i64>,
    items: HashMap<(ContentKind, i64, NaiveDate), i64>,
    visitors: HashMap<VisitorKey, DateTime<Utc>>,
    /// Hits in the batch, and when the oldest came (for `/metrics`).
    hits: u64,
    oldest: Option<Instant>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.days.is_empty() && self.items.is_empty() && self.visitors.is_empty()
    }

    /// Puts back what a failed flush could not write, so nothing is lost.
    fn merge(&mut self, other: Pending) {
        self.hits += other.hits;
        self.oldest = match (self.oldest, other.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (k, v) in other.days {
            *self.days.entry(k).or_default() += v;
        }
        for (k, v) in other.items {
            *self.items.entry(k).or_default() += v;
        }
        for (k, v) in other.visitors {
            let e = self.visitors.entry(k).or_insert(v);
            *e = Ord::max(*e, v);
        }
    }
}

/// Collects hits and writes them in batches.
pub struct VisitRecorder {
    pending: Mutex<Pending>,
    /// Held for a whole flush, so one flush runs at a time: the shutdown
    /// flush waits for a periodic one still writing instead of returning
    /// early and letting the process exit under it.
    flushing: tokio::sync::Mutex<()>,
    timezone: Tz,
    salt_key: Vec<u8>,
    /// How often the background task flushes; zero writes through.
    pub interval: Duration,
    /// In write-through mode, whether each recent batch was written: a
    /// request answers what became of the batch its hit went into.
    outcomes: Mutex<VecDeque<(u64, bool)>>,
}

/// Outcomes remembered; a request waits for at most a few flushes.
const OUTCOMES: usize = 256;

impl VisitRecorder {
    /// `secret` seeds the daily salt of visitor hashes, so every instance of a
    /// site derives the same hash for the same reader on the same day.
    pub fn new(timezone: Tz, secret: &str, interval: Duration) -> Self {
        VisitRecorder {
            pending: Mutex::new(Pending::default()),
            flushing: tokio::sync::Mutex::new(()),
            timezone,
            salt_key: secret.as_bytes().to_vec(),
            interval,
            outcomes: Mutex::new(VecDeque::new()),
        }
    }

    /// Hits not yet written, and how long the oldest of them has waited:
    /// about one flush interval when all is well, growing while the
    /// database refuses the writes.
    pub fn backlog(&self) -> (u64, Duration) {
        let p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        (p.hits, p.oldest.map_or(Duration::ZERO, |t| t.elapsed()))
    }

    /// The local calendar day of an instant.
    pub fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.timezone).date_naive()
    }

    /// A visitor's daily pseudonym: a hash of the day's salt with the client's
    /// own id, or else its address and user agent. No raw address is kept, and
    /// the salt changes every day, so days cannot be linked.
    fn visitor_key(&self, hit: &Hit, day: NaiveDate) -> VisitorKey {
        let mut h = Sha256::new();
        h.update(&self.salt_key);
        h.update(day.to_string().as_bytes());
        match hit.visitor_id {
            Some(id) => {
                h.update(b"id:");
                h.update(id.as_bytes());
            }
            None => {
                h.update(b"addr:");
                h.update(hit.client_addr.unwrap_or("").as_bytes());
                h.update(b"\0ua:");
                h.update(hit.user_agent.unwrap_or("").as_bytes());
            }
        }
        let digest = h.finalize();
        let mut key = VisitorKey::default();
        key.copy_from_slice(&digest[..16]);
        key
    }

    /// Adds a hit at `at`. Returns `false` (and counts nothing) for bots.
    ///
    /// # Errors
    /// `BAD_USER_INPUT` for a malformed path or visitor id.
    pub fn record_at(&self, hit: Hit, at: DateTime<Utc>) -> AppResult<bool> {
        Ok(self.add(hit, at)?.is_some())
    }

    /// Adds a hit; the batch it went into, or `None` for a bot.
    fn add(&self, mut hit: Hit, at: DateTime<Utc>) -> AppResult<Option<u64>> {
        if !hit.path.starts_with('/') || hit.path.len() > 2048 {
            return Err(AppError::invalid(
                "path",
                "path must start with / and be at most 2048 characters",
            ));
        }
        if let Some(id) = hit.visitor_id {
            let id = id.trim();
            if id.is_empty() || id.len() > 128 {
                return Err(AppError::invalid(
                    "visitorId",
                    "visitorId must be 1-128 characters",
                ));
            }
            hit.visitor_id = Some(id);
        }
        if is_bot(hit.user_agent) {
            return Ok(None);
        }
        let day = self.local_day(at);
        let visitor = self.visitor_key(&hit, day);
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        p.hits += 1;
        p.oldest.get_or_insert_with(Instant::now);
        *p.days.entry(day).or_default() += 1;
        if let Some((kind, id)) = hit.item {
            *p.items.entry((kind, id, day)).or_default() += 1;
        }
        let seen = p.visitors.entry(visitor).or_insert(at);
        *seen = Ord::max(*seen, at);
        Ok(Some(p.batch))
    }

    /// Adds a hit now; in write-through mode also writes it before returning.
    ///
    /// # Errors
    /// `BAD_USER_INPUT` for a malformed hit; in write-through mode, a
    /// database error when the hit could not be written, and then it is not
    /// counted at all: the answer and the counters agree.
    pub async fn record(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        hit: Hit<'_>,
    ) -> AppResult<bool> {
        let Some(batch) = self.add(hit, clock::now())? else {
            return Ok(false);
        };
        if self.interval.is_zero() {
            let (this, db) = (Arc::clone(self), db.clone());
            // A task of its own, like `flush`: a caller going away cannot
            // cut a write half-way.
            tokio::spawn(clock::carried(async move {
                this.write_through(&db, batch).await
            }))
            .await
            .map_err(|e| AppError::internal(format!("visit write task: {e}")))??;
        }
        Ok(true)
    }

    /// Writes the batch holding a hit, unless a flush already did (or
    /// failed to: then the hit is dropped with its batch, and this says so).
    async fn write_through(&self, db: &DatabaseConnection, batch: u64) -> AppResult<()> {
        let result = self.flush_now(db).await;
        let outcome = self
            .outcomes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(b, _)| *b == batch)
            .map(|(_, ok)| *ok);
        match outcome {
            Some(true) => Ok(()),
            Some(false) => Err(result.err().unwrap_or_else(|| {
                AppError::internal("the visit could not be written; it was not counted")
            })),
            // Its batch was taken and written so long ago it is forgotten.
            None => result,
        }
    }

    /// Writes everything pending in one transaction. On failure the hits are
    /// put back to be written by the next flush. When it returns `Ok`, every
    /// hit recorded before the call is in the database.
    ///
    /// The flush runs as a task of its own: if the caller goes away (a client
    /// hanging up in write-through mode, a request timeout), the batch it took
    /// is still written or put back, never dropped half-way.
    pub async fn flush(self: &Arc<Self>, db: &DatabaseConnection) -> AppResult<()> {
        let (this, db) = (Arc::clone(self), db.clone());
        tokio::spawn(clock::carried(async move { this.flush_now(&db).await }))
            .await
            .map_err(|e| AppError::internal(format!("visit flush task: {e}")))?
    }

    async fn flush_now(&self, db: &DatabaseConnection) -> AppResult<()> {
        let _one_at_a_time = self.flushing.lock().await;
        let batch = {
            let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            if p.is_empty() {
                return Ok(());
            }
            let next = Pending {
                batch: p.batch + 1,
                ..Pending::default()
            };
            mem::replace(&mut *p, next)
        };
        let result = write(db, &batch).await;
        if self.interval.is_zero() {
            // Write-through: every hit of the batch has a request waiting
            // to answer; they answer the error, so the hits are not kept.
            let mut outcomes = self.outcomes.lock().unwrap_or_else(|e| e.into_inner());
            if outcomes.len() == OUTCOMES {
                outcomes.pop_front();
            }
            outcomes.push_back((batch.batch, result.is_ok()));
        } else if result.is_err() {
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .merge(batch);
        }
        result
    }
}

/// Rows per statement: far below the bound-parameter limits of SQLite
/// (32,766) and PostgreSQL (65,535), however large a batch grows while the
/// database is away.
const CHUNK: usize = 1000;

/// Writes one batch in one transaction: site days, item views (public items
/// only), view counts and the visitors seen.
async fn write(db: &DatabaseConnection, batch: &Pending) -> AppResult<()> {
    // Rows are written in key order, so instances flushing at once lock
    // them in the same order and cannot deadlock each other.
    let (_turn, txn) = crate::db::begin_counter_write(db).await?;
    write_days(&txn, batch).await?;
    write_items(&txn, batch).await?;
    write_visitors(&txn, batch).await?;
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(())
}

async fn write_days(txn: &impl ConnectionTrait, batch: &Pending) -> AppResult<()> {
    use entity::visit_day as vd;
    let days: BTreeMap<_, _> = batch.days.iter().collect();
    let days: Vec<_> = days
        .into_iter()
        .map(|(day, n)| vd::ActiveModel {
            day: sea_orm::Set(day.to_string()),
            hits: sea_orm::Set(*n),
        })
        .collect();
    for rows in days.chunks(CHUNK) {
        vd::Entity::insert_many(rows.iter().cloned())
            .on_conflict(
                OnConflict::column(vd::Column::Day)
                    .value(vd::Column::Hits, add_excluded("visit_days", "hits"))
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Which items of the batch exist and are public now: views only count
/// for those.
async fn visible_items(
    txn: &impl ConnectionTrait,
    batch: &Pending,
) -> AppResult<HashMap<ContentKind, HashSet<i64>>> {
    // One item seen on several days appears once per day in the batch.
    let mut per_kind: HashMap<ContentKind, HashSet<i64>> = HashMap::new();
    for (kind, id, _) in batch.items.keys() {
        per_kind.entry(*kind).or_default().insert(*id);
    }
    let mut visible: HashMap<ContentKind, HashSet<i64>> = HashMap::new();
    for (kind, ids) in per_kind {
        let ids: Vec<i64> = ids.into_iter().collect();
        let found = visible.entry(kind).or_default();
        for ids in ids.chunks(CHUNK) {
            found.extend(public_ids(txn, kind, ids).await?);
        }
    }
    Ok(visible)
}

async fn write_items(txn: &impl ConnectionTrait, batch: &Pending) -> AppResult<()> {
    use entity::item_views_daily as iv;
    let visible = visible_items(txn, batch).await?;
    let mut totals: BTreeMap<(ContentKind, i64), i64> = BTreeMap::new();
    let mut daily = Vec::new();
    let items: BTreeMap<_, _> = batch.items.iter().collect();
    for ((kind, id, day), n) in items {
        if visible.get(kind).is_some_and(|v| v.contains(id)) {
            *totals.entry((*kind, *id)).or_default() += n;
            daily.push(iv::ActiveModel {
                kind: sea_orm::Set(kind.as_str().into()),
                item_id: sea_orm::Set(*id),
                day: sea_orm::Set(day.to_string()),
                hits: sea_orm::Set(*n),
            });
        }
    }
    for rows in daily.chunks(CHUNK) {
        iv::Entity::insert_many(rows.iter().cloned())
            .on_conflict(
                OnConflict::columns([iv::Column::Kind, iv::Column::ItemId, iv::Column::Day])
                    .value(iv::Column::Hits, add_excluded("item_views_daily", "hits"))
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    for ((kind, id), n) in totals {
        let update = Query::update()
            .table(Alias::new(kind.table()))
            .value(
                Alias::new("view_count"),
                Expr::col(Alias::new("view_count")).add(n),
            )
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        txn.execute(&update).await?;
    }
    Ok(())
}

async fn write_visitors(txn: &impl ConnectionTrait, batch: &Pending) -> AppResult<()> {
    use entity::recent_visitor as rv;
    if batch.visitors.is_empty() {
        return Ok(());
    }
    let visitors: BTreeMap<_, _> = batch.visitors.iter().collect();
    let visitors: Vec<_> = visitors
        .into_iter()
        .map(|(v, at)| rv::ActiveModel {
            visitor: sea_orm::Set(hex(v)),
            last_seen: sea_orm::Set(*at),
        })
        .collect();
    for rows in visitors.chunks(CHUNK) {
        rv::Entity::insert_many(rows.iter().cloned())
            .on_conflict(
                OnConflict::column(rv::Column::Visitor)
                    .value(
                        rv::Column::LastSeen,
                        later_of("recent_visitors", "last_seen"),
                    )
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    // "Online" looks back minutes; a day of history is plenty.
    let cutoff = clock::now() - chrono::TimeDelta::days(1);
    rv::Entity::delete_many()
        .filter(sea_orm::ColumnTrait::lt(&rv::Column::LastSeen, cutoff))
        .exec(txn)
        .await?;
    Ok(())
}

/// A pseudonym as stored: 32 lowercase hex digits.
fn hex(key: &VisitorKey) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * key.len());
    for b in key {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The later of `table.column` and `excluded.column`: another instance may
/// have written a newer time for the same visitor first.
fn later_of(table: &str, column: &str) -> Expr {
    let (stored, sent) = (
        Expr::col((Alias::new(table), Alias::new(column))),
        Expr::col((Alias::new("excluded"), Alias::new(column))),
    );
    Expr::case(sent.clone().gt(stored.clone()), sent)
        .finally(stored)
        .into()
}

/// `table.column + excluded.column`, for upserts that add.
fn add_excluded(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
        .add(Expr::col((Alias::new("excluded"), Alias::new(column))))
}

/// Which of `ids` are public items of `kind`.
async fn public_ids(
    db: &impl ConnectionTrait,
    kind: ContentKind,
    ids: &[i64],
) -> AppResult<Vec<i64>> {
    let now = clock::now();
    let q = Query::select()
        .column(Alias::new("id"))
        .from(Alias::new(kind.table()))
        .and_where(Expr::col(Alias::new("id")).is_in(ids.iter().copied()))
        // `publication::public_sql`, for a table known only at run time.
        .and_where(Expr::col(Alias::new("status")).eq(Stored::Published))
        .and_where(Expr::col(Alias::new("published_at")).lte(now))
        .to_owned();
    let rows = db.query_all(&q).await?;
    rows.iter()
        .map(|r| r.try_get::<i64>("", "id").map_err(AppError::from))
        .collect()
}

/// Runs the periodic flush until the process stops.
pub fn spawn_flusher(recorder: Arc<VisitRecorder>, db: DatabaseConnection, clock: &Clock) {
    if recorder.interval.is_zero() {
        return;
    }
    tokio::spawn(clock.scope(async move {
        // The first flush one interval from now: nothing is pending yet.
        let first = tokio::time::Instant::now() + recorder.interval;
        let mut tick = tokio::time::interval_at(first, recorder.interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = recorder.flush(&db).await {
                tracing::warn!(error = ?e, "visit flush failed; will retry");
            }
        }
    }));
}
