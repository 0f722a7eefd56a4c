//! Opening the database: pool settings, SQLite pragmas, migrations.

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Arc, LazyLock},
};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait, sqlx,
};

use crate::{
    config::Config,
    error::AppError,
    metrics::Metrics,
    service::changes::{self, Changes},
};

/// Connects with bantin's pool settings and counts every statement in `metrics`.
///
/// # Errors
/// The database cannot be reached or opened.
pub async fn connect(
    config: &Config,
    metrics: Arc<Metrics>,
) -> Result<DatabaseConnection, AppError> {
    let mut options = ConnectOptions::new(config.database_url.clone());
    let timeout_ms = config.db_timeout.as_millis().to_string();
    options
        .max_connections(config.db_max_connections)
        .min_connections(1)
        .connect_timeout(config.db_timeout)
        .acquire_timeout(config.db_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            // WAL lets readers proceed while a writer commits; NORMAL sync is
            // durable across process crashes in WAL mode, and much faster.
            o.journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(10))
                .foreign_keys(true)
        })
        .map_sqlx_postgres_opts(move |o| {
            // A hung query must fail the request rather than hold a connection.
            o.options([("statement_timeout", timeout_ms.as_str())])
        });
    let mut db = Database::connect(options)
        .await
        .map_err(|e| AppError::internal(format!("cannot open database: {e}")))?;
    db.set_metric_callback(move |info| {
        // `RUST_LOG=bantin::sql=trace` shows every statement; off, this
        // costs one level check.
        tracing::trace!(
            target: "bantin::sql",
            elapsed = ?info.elapsed,
            failed = info.failed,
            "{}",
            info.statement
        );
        metrics.record_statement(info.elapsed, info.failed)
    });
    Ok(db)
}

/// The pool's open connections and how many of them sit idle.
pub fn pool_usage(db: &DatabaseConnection) -> (u32, usize) {
    // Asked only of the backend it is: the other getter panics.
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}

/// Brings SQLite's table statistics up to date once the site is large
/// enough for plans to matter (`after_bulk_load`: at once). Without them the
/// planner prefers a filter's index to a sort's, and sorted every published
/// row for an alphabetical page, however small. Statistics of nearly empty
/// tables are worse than none (the planner then scans tables that grew), so
/// a small site keeps SQLite's defaults. PostgreSQL keeps its own
/// statistics (autovacuum).
///
/// # Errors
/// A statement fails.
pub async fn refresh_statistics(
    db: &DatabaseConnection,
    after_bulk_load: bool,
) -> Result<(), AppError> {
    use sea_orm::{ConnectionTrait, Statement};
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    let failed = |e: DbErr| AppError::internal(format!("cannot refresh statistics: {e}"));
    let count = |sql: &str| {
        let stmt = Statement::from_string(DbBackend::Sqlite, sql);
        async move {
            let row = db.query_one_raw(stmt).await.map_err(failed)?;
            Ok::<i64, AppError>(row.and_then(|r| r.try_get_by_index(0).ok()).unwrap_or(0))
        }
    };
    if count("SELECT COUNT(*) FROM articles").await? < STATISTICS_FROM_ROWS {
        return Ok(());
    }
    let analysed = count("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'").await?
        > 0
        && count("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'articles'").await? > 0;
    // A sample of rows per index is enough to rank plans, and keeps this
    // fast at any size. `optimize` analyses again only what changed a lot.
    let sql = if after_bulk_load || !analysed {
        "PRAGMA analysis_limit = 1000; ANALYZE;"
    } else {
        "PRAGMA analysis_limit = 1000; PRAGMA optimize;"
    };
    db.execute_unprepared(sql).await.map(drop).map_err(failed)
}

/// Articles a site holds before its statistics are gathered.
const STATISTICS_FROM_ROWS: i64 = 1000;

/// Applies pending migrations. On PostgreSQL one instance at a time: a
/// session advisory lock is held meanwhile, so instances starting together
/// (a rolling deploy, `compose up`) do not run the same migration twice;
/// those that waited then find nothing to do.
///
/// Returns how many it applied.
///
/// # Errors
/// A migration fails, or the lock cannot be taken.
pub async fn migrate(db: &DatabaseConnection) -> Result<usize, AppError> {
    let failed = |e: DbErr| AppError::internal(format!("migration failed: {e}"));
    // The look-up creates the migrations' own table: under the lock too.
    let apply = || async {
        let pending = Migrator::get_pending_migrations(db).await.map_err(failed)?;
        Migrator::up(db, None).await.map_err(failed)?;
        Ok::<usize, AppError>(pending.len())
    };
    if db.get_database_backend() != DbBackend::Postgres {
        return apply().await;
    }
    let locked =
        |e: sqlx::Error| AppError::internal(format!("cannot take the migration lock: {e}"));
    // The lock belongs to one connection: held apart from the pool's others,
    // which run the migrations.
    let mut holder = db
        .get_postgres_connection_pool()
        .acquire()
        .await
        .map_err(locked)?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *holder)
        .await
        .map_err(locked)?;
    let result = apply().await;
    let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *holder)
        .await;
    if unlocked.is_err() {
        // Closing the session releases its locks; back in the pool it
        // would keep this one.
        let _ = holder.close().await;
    }
    result
}

/// The advisory lock key of migrations ("bantin" in ASCII).
const MIGRATION_LOCK: i64 = 0x62_61_6e_74_69_6e;

/// Held for the whole of a write transaction: on SQLite the writers' queue;
/// when dropped (after the commit), it moves the database's content
/// generation on, so nothing computed before the write is reused.
pub struct WriteTurn {
    _queue: Option<tokio::sync::OwnedMutexGuard<()>>,
    changes: Option<Arc<Changes>>,
}

impl Drop for WriteTurn {
    fn drop(&mut self) {
        if let Some(changes) = &self.changes {
            changes.bump();
        }
    }
}

/// The queue of writers of each SQLite file in this process.
static SQLITE_WRITERS: LazyLock<std::sync::Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(Default::default);

/// Starts a transaction that writes content readers may see. Keep the
/// returned turn alive until the commit.
///
/// SQLite has one writer at a time. A deferred transaction that reads and
/// then writes fails with `SQLITE_BUSY_SNAPSHOT` when another writer
/// committed in between, and the busy timeout cannot wait that out. So on
/// SQLite writers first queue in process (fairly, without holding a pooled
/// connection, so readers keep the pool), then `BEGIN IMMEDIATE` takes the
/// write lock up front (waiting on the busy timeout for other processes,
/// such as `bantin seed`). On PostgreSQL the transaction announces itself to
/// the other instances (a `NOTIFY`, delivered at commit).
///
/// # Errors
/// The transaction cannot start.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<(WriteTurn, DatabaseTransaction), DbErr> {
    let (mut turn, txn) = begin_counter_write(db).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        changes::announce(&txn).await?;
    }
    turn.changes = Some(changes::of(db));
    Ok((turn, txn))
}

/// [`begin_write`] for writes no reader's content depends on (visit
/// counters, sessions): queued the same way, but nothing cached goes stale.
///
/// # Errors
/// The transaction cannot start.
pub async fn begin_counter_write(
    db: &DatabaseConnection,
) -> Result<(WriteTurn, DatabaseTransaction), DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        let turn = WriteTurn {
            _queue: None,
            changes: None,
        };
        return Ok((turn, db.begin().await?));
    }
    let queue = {
        let path = db
            .get_sqlite_connection_pool()
            .connect_options()
            .get_filename()
            .to_path_buf();
        let mut writers = SQLITE_WRITERS.lock().unwrap_or_else(|e| e.into_inner());
        // Forget the queues of files no connection uses any more (tests open many).
        writers.retain(|_, q| Arc::strong_count(q) > 1);
        writers.entry(path).or_default().clone()
    };
    let turn = WriteTurn {
        _queue: Some(queue.lock_owned().await),
        changes: None,
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?;
    Ok((turn, txn))
}
