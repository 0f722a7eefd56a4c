//! The change log: what the public can see, as a numbered sequence of
//! changes, for apps that sync (`changes`), webhooks and subscriptions.
//!
//! Every write of an item calls [`note`] inside its own transaction: the log
//! gains an `UPSERT` when the item is public after the write (new, edited or
//! published) and a `DELETE` when readers lose it (unpublished, archived,
//! deleted, or moved to a future time). Edits of drafts change nothing
//! public and log nothing. A scheduled item is logged when it comes due, by
//! [`catch_up`]: one instance claims each due item, so it is logged once.
//!
//! Positions are the log's own autoincrement ids. On PostgreSQL, writers
//! take a transaction lock before they append, so positions become visible
//! in order and a reader that pages by position never skips a row that
//! commits late. (SQLite has one writer at a time already.)

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Value};

use base64::Engine;

use super::{publication::ContentKind, sql::statement};
use crate::{
    clock,
    error::{AppError, AppResult},
};

/// What changed: a kind of content, or a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Content(ContentKind),
    Category,
}

impl Subject {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Content(k) => k.as_str(),
            Self::Category => "category",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Self::Content(k) => k.table(),
            Self::Category => "categories",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "category" {
            Some(Self::Category)
        } else {
            ContentKind::parse(s).map(Self::Content)
        }
    }
}

/// What the public sees happen to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// It is public now: new, changed, or back.
    Upsert,
    /// Readers no longer see it.
    Delete,
}

impl Op {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Upsert => "UPSERT",
            Self::Delete => "DELETE",
        }
    }
}

/// What readers saw, in the words webhooks use: an `Upsert` is a first
/// appearance or an edit, a `Delete` an unpublish or a deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    Published,
    Updated,
    Unpublished,
    Deleted,
}

impl Event {
    pub const ALL: [Event; 4] = [
        Self::Published,
        Self::Updated,
        Self::Unpublished,
        Self::Deleted,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Updated => "updated",
            Self::Unpublished => "unpublished",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }

    pub const fn op(self) -> Op {
        match self {
            Self::Published | Self::Updated => Op::Upsert,
            Self::Unpublished | Self::Deleted => Op::Delete,
        }
    }
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub position: i64,
    pub subject: Subject,
    pub item_id: i64,
    pub slug: String,
    pub op: Op,
    pub event: Event,
    pub at: DateTime<Utc>,
}

impl Change {
    /// The webhook event's name: `article.published`...
    pub fn event_name(&self) -> String {
        format!("{}.{}", self.subject.as_str(), self.event.as_str())
    }
}

/// An item as it is now: its slug, whether readers see it, and when a
/// scheduled one comes due.
struct Now {
    slug: String,
    public: bool,
    due: Option<DateTime<Utc>>,
}

async fn item_now(txn: &impl ConnectionTrait, subject: Subject, id: i64) -> AppResult<Option<Now>> {
    let columns = match subject {
        Subject::Category => "slug, 'published' AS status, NULL AS published_at",
        Subject::Content(_) => "slug, status, published_at",
    };
    let sql = format!("SELECT {columns} FROM {} WHERE id = ?", subject.table());
    let Some(row) = txn
        .query_one_raw(statement(txn, &sql, vec![id.into()]))
        .await?
    else {
        return Ok(None);
    };
    let status: String = row.try_get("", "status")?;
    let at: Option<DateTime<Utc>> = match subject {
        Subject::Category => None,
        Subject::Content(_) => row.try_get("", "published_at")?,
    };
    let published = status == "published";
    let now = clock::now();
    Ok(Some(Now {
        slug: row.try_get("", "slug")?,
        public: published && (subject == Subject::Category || at.is_some_and(|t| t <= now)),
        due: at.filter(|t| published && *t > now),
    }))
}

/// What the log last said of an item: (slug, public). On PostgreSQL the
/// row stays locked to the commit, and is locked before the log's own lock
/// (as the scheduler's claim does): a write and the scheduler noting the
/// same item take turns, each seeing what the other logged.
async fn last_said(
    txn: &impl ConnectionTrait,
    subject: Subject,
    id: i64,
) -> AppResult<Option<(String, bool)>> {
    let lock = if txn.get_database_backend() == DbBackend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let row = txn
        .query_one_raw(statement(
            txn,
            &format!("SELECT slug, public FROM change_state WHERE kind = ? AND item_id = ?{lock}"),
            vec![subject.as_str().into(), id.into()],
        ))
        .await?;
    row.map(|r| Ok((r.try_get("", "slug")?, r.try_get("", "public")?)))
        .transpose()
}

/// Appends one change.
async fn append(
    txn: &impl ConnectionTrait,
    subject: Subject,
    id: i64,
    slug: &str,
    event: Event,
) -> AppResult<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        // Held to the commit: positions become visible in order.
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7283190461)")
            .await?;
    }
    txn.execute_raw(statement(
        txn,
        "INSERT INTO change_log (kind, item_id, slug, op, event, at) VALUES (?, ?, ?, ?, ?, ?)",
        vec![
            subject.as_str().into(),
            id.into(),
            slug.into(),
            event.op().as_str().into(),
            event.as_str().into(),
            clock::now().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// After a write to an item, inside its transaction: logs what the public
/// sees change, if anything, and remembers when a scheduled item comes due.
///
/// # Errors
/// The database fails.
pub async fn note(txn: &impl ConnectionTrait, subject: Subject, id: i64) -> AppResult<()> {
    let said = last_said(txn, subject, id).await?;
    let now = item_now(txn, subject, id).await?;
    let was_public = said.as_ref().is_some_and(|s| s.1);
    match &now {
        Some(n) if n.public => {
            let event = if was_public {
                Event::Updated
            } else {
                Event::Published
            };
            append(txn, subject, id, &n.slug, event).await?;
        }
        _ if was_public => {
            // Under the slug readers knew it by.
            let slug = said.as_ref().map(|s| s.0.as_str()).unwrap_or_default();
            let event = if now.is_some() {
                Event::Unpublished
            } else {
                Event::Deleted
            };
            append(txn, subject, id, slug, event).await?;
        }
        _ => {}
    }
    let kind = subject.as_str();
    match now {
        None => {
            txn.execute_raw(statement(
                txn,
                "DELETE FROM change_state WHERE kind = ? AND item_id = ?",
                vec![kind.into(), id.into()],
            ))
            .await?;
        }
        Some(n) => {
            let due: Value = n.due.map(clock::truncate).into();
            txn.execute_raw(statement(
                txn,
                "INSERT INTO change_state (kind, item_id, slug, public, due_at) VALUES (?, ?, ?, ?, ?) \
                 ON CONFLICT (kind, item_id) DO UPDATE SET slug = excluded.slug, \
                 public = excluded.public, due_at = excluded.due_at",
                vec![kind.into(), id.into(), n.slug.into(), n.public.into(), due],
            ))
            .await?;
        }
    }
    Ok(())
}

/// Logs the scheduled items that have come due (up to `limit`); returns how
/// many. Each is claimed in its own write transaction, so with several
/// instances exactly one logs it.
///
/// # Errors
/// The database fails.
pub async fn catch_up(db: &DatabaseConnection, limit: u64) -> AppResult<u64> {
    let due = db
        .query_all_raw(statement(
            db,
            &format!(
                "SELECT kind, item_id FROM change_state WHERE due_at <= ? ORDER BY due_at LIMIT {limit}"
            ),
            vec![clock::now().into()],
        ))
        .await?;
    let mut logged = 0;
    for row in due {
        let kind: String = row.try_get("", "kind")?;
        let id: i64 = row.try_get("", "item_id")?;
        let Some(subject) = Subject::parse(&kind) else {
            continue;
        };
        let (turn, txn) = crate::db::begin_write(db).await?;
        let claimed = txn
            .execute_raw(statement(
                &txn,
                "UPDATE change_state SET due_at = NULL \
                 WHERE kind = ? AND item_id = ? AND due_at <= ?",
                vec![kind.into(), id.into(), clock::now().into()],
            ))
            .await?
            .rows_affected();
        if claimed == 1 {
            note(&txn, subject, id).await?;
            logged += 1;
        }
        txn.commit().await?;
        drop(turn);
    }
    Ok(logged)
}

/// Forgets changes older than `retention`; cursors from before them are then
/// refused as expired. Returns how many were dropped.
///
/// # Errors
/// The database fails.
pub async fn prune(db: &DatabaseConnection, retention: TimeDelta) -> AppResult<u64> {
    let cutoff = clock::now() - retention;
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let last = txn
        .query_one_raw(statement(
            &txn,
            "SELECT MAX(id) AS id FROM change_log WHERE at < ?",
            vec![cutoff.into()],
        ))
        .await?
        .and_then(|r| r.try_get::<Option<i64>>("", "id").ok().flatten());
    let Some(last) = last else {
        return Ok(0);
    };
    let dropped = txn
        .execute_raw(statement(
            &txn,
            "DELETE FROM change_log WHERE id <= ?",
            vec![last.into()],
        ))
        .await?
        .rows_affected();
    txn.execute_raw(statement(
        &txn,
        "UPDATE bantin_meta SET value = ? WHERE key = 'changes_pruned_through'",
        vec![last.to_string().into()],
    ))
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(dropped)
}

/// A page of the log.
#[derive(Debug, Clone)]
pub struct ChangePage {
    pub items: Vec<Change>,
    pub has_more: bool,
    /// Where to go on from: past the last item, or (with nothing more to
    /// read) past everything this read could see, skipped kinds included.
    pub end: i64,
}

/// The newest position in the log (0 when empty).
///
/// # Errors
/// The database fails.
pub async fn head(db: &impl ConnectionTrait) -> AppResult<i64> {
    position_of(db, "SELECT MAX(id) AS n FROM change_log").await
}

async fn position_of(db: &impl ConnectionTrait, sql: &str) -> AppResult<i64> {
    Ok(db
        .query_one_raw(statement(db, sql, Vec::new()))
        .await?
        .and_then(|r| r.try_get::<Option<i64>>("", "n").ok().flatten())
        .unwrap_or(0))
}

/// The changes after position `after` (from the oldest kept when `None`),
/// oldest first, of the given subjects (all when `None`).
///
/// # Errors
/// `CURSOR_EXPIRED` when changes after `after` have been pruned; the
/// database fails.
pub async fn after(
    db: &impl ConnectionTrait,
    after: Option<i64>,
    first: u64,
    subjects: Option<&[Subject]>,
) -> AppResult<ChangePage> {
    // Read before the rows: whatever commits later lands past it (positions
    // become visible in order), so `end` never skips a change.
    let head = head(db).await?;
    let from = after.unwrap_or(0);
    let mut sql =
        String::from("SELECT id, kind, item_id, slug, op, event, at FROM change_log WHERE id > ?");
    let mut values: Vec<Value> = vec![from.into()];
    if let Some(subjects) = subjects {
        sql.push_str(&format!(
            " AND kind IN ({})",
            super::sql::placeholders(subjects.len().max(1))
        ));
        values.extend(subjects.iter().map(|s| Value::from(s.as_str())));
        if subjects.is_empty() {
            values.push(Value::from(""));
        }
    }
    sql.push_str(&format!(" ORDER BY id LIMIT {}", first + 1));
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    // Read after the rows: a prune in between is seen, and refused.
    let pruned = db
        .query_one_raw(statement(
            db,
            "SELECT value FROM bantin_meta WHERE key = 'changes_pruned_through'",
            Vec::new(),
        ))
        .await?
        .and_then(|r| r.try_get::<String>("", "value").ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    if after.is_some_and(|a| a < pruned) {
        return Err(AppError::CursorExpired);
    }
    let mut items = rows
        .iter()
        .map(read_change)
        .collect::<AppResult<Vec<_>>>()?;
    let has_more = items.len() as u64 > first;
    items.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    let last = items.last().map_or(from, |c| c.position);
    let end = if has_more {
        last
    } else {
        last.max(head).max(from)
    };
    Ok(ChangePage {
        items,
        has_more,
        end,
    })
}

/// A row of `change_log` (all its columns).
fn read_change(r: &sea_orm::QueryResult) -> AppResult<Change> {
    let kind: String = r.try_get("", "kind")?;
    let op: String = r.try_get("", "op")?;
    let op = if op == "DELETE" {
        Op::Delete
    } else {
        Op::Upsert
    };
    let event: Option<String> = r.try_get("", "event")?;
    Ok(Change {
        position: r.try_get("", "id")?,
        subject: Subject::parse(&kind)
            .ok_or_else(|| AppError::internal("unknown kind in the change log"))?,
        item_id: r.try_get("", "item_id")?,
        slug: r.try_get("", "slug")?,
        op,
        event: event.as_deref().and_then(Event::parse).unwrap_or(match op {
            Op::Upsert => Event::Updated,
            Op::Delete => Event::Deleted,
        }),
        at: r.try_get("", "at")?,
    })
}

/// Records what the public sees now as where the log starts, for content
/// written without its notes (an import, a bulk load); items the log knows
/// keep what it said of them. (`WHERE TRUE`: SQLite would read the
/// `ON CONFLICT` of an `INSERT … SELECT … FROM t` as a join's `ON`.)
///
/// # Errors
/// The database fails.
pub async fn baseline(txn: &impl ConnectionTrait) -> AppResult<()> {
    let now = clock::now();
    for kind in ContentKind::ALL {
        let sql = format!(
            "INSERT INTO change_state (kind, item_id, slug, public, due_at) \
             SELECT '{}', id, slug, \
             COALESCE(status = 'published' AND published_at <= ?, FALSE), \
             CASE WHEN status = 'published' AND published_at > ? THEN published_at END \
             FROM {} WHERE TRUE ON CONFLICT (kind, item_id) DO NOTHING",
            kind.as_str(),
            kind.table()
        );
        txn.execute_raw(statement(txn, &sql, vec![now.into(), now.into()]))
            .await?;
    }
    txn.execute_raw(statement(
        txn,
        "INSERT INTO change_state (kind, item_id, slug, public, due_at) \
         SELECT 'category', id, slug, TRUE, NULL FROM categories WHERE TRUE \
         ON CONFLICT (kind, item_id) DO NOTHING",
        Vec::new(),
    ))
    .await?;
    Ok(())
}

/// How often the scheduler looks for items that came due.
const TICK: std::time::Duration = std::time::Duration::from_secs(1);
/// How often it prunes the log.
const PRUNE_EVERY: u32 = 3600;

/// Logs scheduled items as they come due (within about a second), and
/// prunes the log past `retention` once an hour, for the life of the process.
pub fn spawn_scheduler(
    db: DatabaseConnection,
    clock: &clock::Clock,
    retention: std::time::Duration,
) {
    let retention = TimeDelta::from_std(retention).unwrap_or(TimeDelta::days(90));
    tokio::spawn(clock.scope(crate::metrics::background(async move {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ticks = 0u32;
        loop {
            tick.tick().await;
            if let Err(e) = catch_up(&db, 100).await {
                tracing::warn!(error = ?e, "logging scheduled items failed; will retry");
            }
            if ticks.is_multiple_of(PRUNE_EVERY)
                && let Err(e) = prune(&db, retention).await
            {
                tracing::warn!(error = ?e, "pruning the change log failed; will retry");
            }
            ticks = ticks.wrapping_add(1);
        }
    })));
}

/// What a cursor says before its position (then base64url, so clients
/// treat it as opaque).
const PREFIX: &str = "change:";

/// The opaque cursor of a log position.
pub fn cursor(position: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{PREFIX}{position}"))
}

/// The position a cursor stands for.
///
/// # Errors
/// `BAD_USER_INPUT` on `after` for anything that is not one of our cursors.
pub fn position(cursor: &str) -> Result<i64, AppError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix(PREFIX).and_then(|p| p.parse::<i64>().ok()))
        .filter(|p| *p >= 0)
        .ok_or_else(|| AppError::invalid("after", "not a cursor of this change log"))
}
