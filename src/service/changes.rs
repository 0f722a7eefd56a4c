//! What changed, and what may be kept in memory until it does.
//!
//! Each database has a content generation: every write transaction bumps it
//! when it ends (after its commit, see `db::begin_write`), and on PostgreSQL
//! the transaction also sends a `NOTIFY`, delivered at commit, on which every
//! instance bumps its own. Answers, totals and the category tree computed at
//! one generation may be reused until the generation moves on, or until the
//! next scheduled item comes due (time changes what the public sees too).
//!
//! The generations live in a registry keyed by the database (file or
//! server and name), because the services that write know only their
//! connection.

use std::{
    collections::HashMap,
    sync::{
        Arc, LazyLock, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
    },
};

use entity::category;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QueryTrait, Select,
};

use chrono::{DateTime, Utc};

use crate::{clock, error::AppResult};

/// The channel instances sharing a PostgreSQL database announce writes on.
pub const CHANNEL: &str = "bantin_content_changed";

/// This process, in the payload of its notifications: it moves its own
/// generation on as its writes end, and ignores the echo.
pub static INSTANCE: LazyLock<String> = LazyLock::new(|| format!("{:016x}", rand::random::<u64>()));

/// Keys a memo holds per generation; past this many, they are dropped together.
const MAX_ENTRIES: usize = 4096;

/// The generation of one database and what is cached against it.
pub struct Changes {
    generation: AtomicU64,
    /// Whether every write reaches us. False on PostgreSQL until this process
    /// listens for other instances' writes (and while it cannot): nothing is
    /// reused then.
    trusted: AtomicBool,
    /// (generation, when the next scheduled item comes due).
    due: Mutex<(u64, Option<DateTime<Utc>>)>,
    categories: MemoMap<(), Arc<Vec<category::Model>>>,
    totals: MemoMap<String, u64>,
    /// "Other news" by (category, rows, with bodies).
    newest: MemoMap<(i64, u64, bool), Arc<Vec<entity::article::Model>>>,
    per_category: MemoMap<(), Arc<HashMap<i64, u64>>>,
    synonyms: MemoMap<(), Arc<crate::service::search::Synonyms>>,
    /// Wakes whoever waits for the next write (webhooks, subscriptions).
    moved: tokio::sync::Notify,
}

/// Values by key, all read at one generation; past `MAX_ENTRIES` keys they
/// are dropped together.
type MemoMap<K, V> = Mutex<(u64, HashMap<K, V>)>;

fn recall_key<K: std::hash::Hash + Eq, V: Clone>(
    memo: &MemoMap<K, V>,
    generation: u64,
    key: &K,
) -> Option<V> {
    let memo = memo.lock().unwrap_or_else(|e| e.into_inner());
    (memo.0 == generation)
        .then(|| memo.1.get(key).cloned())
        .flatten()
}

fn remember_key<K: std::hash::Hash + Eq, V>(
    memo: &MemoMap<K, V>,
    generation: u64,
    key: K,
    value: V,
) {
    let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
    if generation < memo.0 {
        return; // read before a write that a newer read has seen
    }
    if memo.0 != generation || memo.1.len() >= MAX_ENTRIES {
        *memo = (generation, HashMap::new());
    }
    memo.1.insert(key, value);
}

static REGISTRY: LazyLock<Mutex<HashMap<String, Arc<Changes>>>> = LazyLock::new(Default::default);

/// The changes of `db`'s database.
pub fn of(db: &DatabaseConnection) -> Arc<Changes> {
    let key = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let options = db.get_sqlite_connection_pool().connect_options();
            format!("sqlite:{}", options.get_filename().display())
        }
        DbBackend::Postgres => {
            let options = db.get_postgres_connection_pool().connect_options();
            format!(
                "postgres:{}:{}/{}",
                options.get_host(),
                options.get_port(),
                options.get_database().unwrap_or_default()
            )
        }
        _ => "other".to_owned(),
    };
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let mut registry = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    registry
        .entry(key)
        .or_insert_with(|| {
            Arc::new(Changes {
                generation: AtomicU64::new(1),
                trusted: AtomicBool::new(!postgres),
                due: Mutex::new((0, None)),
                categories: Mutex::default(),
                totals: Mutex::default(),
                newest: Mutex::default(),
                per_category: Mutex::default(),
                synonyms: Mutex::default(),
                moved: tokio::sync::Notify::new(),
            })
        })
        .clone()
}

impl Changes {
    /// The current generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Relaxed)
    }

    /// Content changed: everything computed before is stale.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Relaxed);
        self.moved.notify_waiters();
    }

    /// Ready at the next [`bump`](Self::bump) after it is enabled (or
    /// first polled): enable it, then read, then wait, and no write slips
    /// between the read and the wait.
    pub fn next_write(&self) -> tokio::sync::futures::Notified<'_> {
        self.moved.notified()
    }

    /// Whether cached results may be used (see the field).
    pub fn trusted(&self) -> bool {
        self.trusted.load(Relaxed)
    }

    /// Marks whether writes of other instances reach us; either way the
    /// generation moves on, since some may have been missed.
    pub fn set_trusted(&self, trusted: bool) {
        self.bump();
        self.trusted.store(trusted, Relaxed);
    }

    /// When the next scheduled item comes due, as read at this generation
    /// (read once per generation). Its coming due is a change like a write:
    /// the generation moves on, so what was kept is read again once and
    /// then kept until the next change, rather than never again.
    ///
    /// # Errors
    /// The database fails.
    pub async fn next_due(&self, db: &DatabaseConnection) -> AppResult<Option<DateTime<Utc>>> {
        let generation = self.generation();
        let known = *self.due.lock().unwrap_or_else(|e| e.into_inner());
        if known.0 == generation {
            match known.1 {
                Some(due) if clock::now() >= due => {
                    // Once, however many callers see it pass.
                    let _ = self.generation.compare_exchange(
                        generation,
                        generation + 1,
                        Relaxed,
                        Relaxed,
                    );
                }
                due => return Ok(due),
            }
        }
        let generation = self.generation();
        let now = clock::now();
        let due = crate::service::publication::next_due(db, now).await?;
        *self.due.lock().unwrap_or_else(|e| e.into_inner()) = (generation, due);
        Ok(due)
    }

    /// The generation to read time-bound results under: after any scheduled
    /// item that has come due has moved it on.
    ///
    /// # Errors
    /// The database fails.
    pub async fn current(&self, db: &DatabaseConnection) -> AppResult<u64> {
        self.next_due(db).await?;
        Ok(self.generation())
    }

    /// Whether results of `generation` still hold: nothing was written and
    /// nothing scheduled came due since.
    async fn still_valid(&self, db: &DatabaseConnection, generation: u64) -> AppResult<bool> {
        // First: a scheduled item that came due moves the generation on.
        let due = self.next_due(db).await?;
        Ok(self.trusted()
            && generation == self.generation()
            && due.is_none_or(|due| clock::now() < due))
    }

    /// All categories, from memory while none changed.
    ///
    /// # Errors
    /// The database fails.
    pub async fn categories(
        &self,
        db: &DatabaseConnection,
    ) -> AppResult<Arc<Vec<category::Model>>> {
        let generation = self.generation();
        if self.trusted()
            && let Some(all) = recall_key(&self.categories, generation, &())
        {
            return Ok(all);
        }
        let all = Arc::new(crate::service::category::list(db).await?);
        remember_key(&self.categories, generation, (), all.clone());
        Ok(all)
    }

    /// The site's search synonyms, from memory while nothing changed.
    ///
    /// # Errors
    /// The database fails.
    pub async fn synonyms(
        &self,
        db: &DatabaseConnection,
    ) -> AppResult<Arc<crate::service::search::Synonyms>> {
        let generation = self.generation();
        if self.trusted()
            && let Some(s) = recall_key(&self.synonyms, generation, &())
        {
            return Ok(s);
        }
        let s = Arc::new(crate::service::search::synonyms::load(db).await?);
        remember_key(&self.synonyms, generation, (), s.clone());
        Ok(s)
    }

    /// Public articles per category (direct members), from memory while
    /// nothing changed and nothing came due: category menus show them all.
    ///
    /// # Errors
    /// The database fails.
    pub async fn articles_per_category(
        &self,
        db: &DatabaseConnection,
    ) -> AppResult<Arc<HashMap<i64, u64>>> {
        let generation = self.current(db).await?;
        if self.still_valid(db, generation).await?
            && let Some(counts) = recall_key(&self.per_category, generation, &())
        {
            return Ok(counts);
        }
        let counts = Arc::new(crate::service::article::count_by_category(db).await?);
        remember_key(&self.per_category, generation, (), counts.clone());
        Ok(counts)
    }

    /// The number of rows `q` selects, from memory while nothing changed and
    /// nothing came due: numbered pages need totals, and counting thousands
    /// of rows on every page view is the dearest part of a category page.
    ///
    /// # Errors
    /// The database fails.
    pub async fn count<E: EntityTrait>(
        &self,
        db: &DatabaseConnection,
        q: Select<E>,
    ) -> AppResult<u64>
    where
        E::Model: Sync,
    {
        let generation = self.current(db).await?;
        let key = {
            let stmt = q.build(db.get_database_backend());
            format!("{}\u{0}{:?}", stmt.sql, stmt.values)
        };
        if self.still_valid(db, generation).await?
            && let Some(n) = recall_key(&self.totals, generation, &key)
        {
            return Ok(n);
        }
        let n = q.count(db).await?;
        remember_key(&self.totals, generation, key, n);
        Ok(n)
    }

    /// The newest public articles of a category ("other news") as read at
    /// the current generation, while nothing changed and nothing came due;
    /// with the generation to [`Self::remember_newest`] a fresh read under.
    ///
    /// # Errors
    /// The database fails.
    pub async fn recall_newest(
        &self,
        db: &DatabaseConnection,
        key: (i64, u64, bool),
    ) -> AppResult<(u64, Option<Arc<Vec<entity::article::Model>>>)> {
        let generation = self.current(db).await?;
        if self.still_valid(db, generation).await? {
            return Ok((generation, recall_key(&self.newest, generation, &key)));
        }
        Ok((generation, None))
    }

    /// Keeps "other news" read at `generation`.
    pub fn remember_newest(
        &self,
        generation: u64,
        key: (i64, u64, bool),
        rows: Arc<Vec<entity::article::Model>>,
    ) {
        remember_key(&self.newest, generation, key, rows);
    }
}

/// Announces, inside a write transaction, that it changes content: the
/// PostgreSQL notification goes out at commit (and never on rollback).
///
/// # Errors
/// The database fails.
pub async fn announce(txn: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("NOTIFY {CHANNEL}, '{}'", *INSTANCE))
            .await?;
    }
    Ok(())
}
