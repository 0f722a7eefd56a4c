//! Opening the database: pool settings, SQLite pragmas, migrations.

use std::sync::Arc;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, sqlx};

use crate::{config::Config, error::AppError, metrics::Metrics};

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
        if std::env::var("BANTIN_DEBUG_SQL").is_ok() {
            eprintln!("SQL {}", info.statement);
        }
        metrics.record_statement(info.elapsed, info.failed)
    });
    Ok(db)
}

/// Applies pending migrations.
///
/// # Errors
/// A migration fails.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), AppError> {
    Migrator::up(db, None)
        .await
        .map_err(|e| AppError::internal(format!("migration failed: {e}")))
}
