//! Application state: the database, configuration, keys and the services' shared
//! parts. GraphQL resolvers read it from the context; the HTTP layer wraps it
//! in its own `http::Edge`.

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DbBackend};

use crate::{
    auth::jwt::JwtKeys,
    clock::Clock,
    config::Config,
    metrics::Metrics,
    service::changes::{CHANNEL, Changes, INSTANCE},
    service::{login_limit::LoginLimiter, visit::VisitRecorder},
};

/// Everything a request may need, behind one `Arc`: every request clones
/// the state (axum's handler and the GraphQL context), so a clone is one
/// reference count, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct Shared {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub keys: Arc<JwtKeys>,
    pub login_limiter: Arc<LoginLimiter>,
    pub visits: Arc<VisitRecorder>,
    /// The database's content generation (see `service::changes`).
    pub changes: Arc<Changes>,
    /// The time the services see: the wall clock, which tests move on.
    pub clock: Clock,
    /// Where media library files are kept.
    pub media: crate::service::asset::Store,
    /// Live subscriptions' feeds and limits.
    pub live: Arc<crate::service::live::Live>,
    /// Whether [`AppState::start_serving`] ran.
    serving: std::sync::atomic::AtomicBool,
    /// Turns true when the process stops: background work and live
    /// subscriptions end.
    pub stopping: tokio::sync::watch::Sender<bool>,
}

impl AppState {
    /// Connects and migrates the database of `config`.
    ///
    /// # Errors
    /// The database cannot be opened or migrated, or the signing keys are unusable.
    pub async fn open(config: Config) -> Result<Self, crate::error::AppError> {
        let metrics = Arc::new(Metrics::default());
        let db = crate::db::connect(&config, metrics.clone()).await?;
        crate::db::migrate(&db).await?;
        crate::service::search::index::settle_empty(&db).await?;
        crate::db::refresh_statistics(&db, false).await?;
        let keys = Arc::new(JwtKeys::from_config(&config.jwt)?);
        let visits = Arc::new(VisitRecorder::new(
            config.timezone,
            &config.jwt.secret,
            config.visit_flush_interval,
        ));
        let clock = Clock::default();
        crate::service::visit::spawn_flusher(visits.clone(), db.clone(), &clock);
        crate::service::changelog::spawn_scheduler(db.clone(), &clock, config.changes_retention);
        let changes = crate::service::changes::of(&db);
        if db.get_database_backend() == DbBackend::Postgres {
            listen_for_changes(&db, changes.clone());
        }
        let (stopping, _) = tokio::sync::watch::channel(false);
        let live = crate::service::live::Live::new(config.live.clone());
        let media = crate::service::asset::Store::open(&config.media.store)?;
        Ok(AppState(Arc::new(Shared {
            media,
            live,
            stopping,
            serving: std::sync::atomic::AtomicBool::new(false),
            changes,
            clock,
            db,
            login_limiter: Arc::new(LoginLimiter::new(&config.jwt.secret)),
            visits,
            config: Arc::new(config),
            metrics,
            keys,
        })))
    }

    /// Starts the work only a serving process does (once): sending
    /// webhooks and following the change log for subscribers. Commands
    /// that open the state briefly (`user create`, `import`...) never send.
    pub fn start_serving(&self) {
        if self
            .serving
            .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            return;
        }
        crate::service::webhook::dispatch::spawn(
            self.db.clone(),
            &self.clock,
            self.changes.clone(),
            self.config.webhooks.clone(),
            self.config.links.clone(),
            self.config.changes_retention,
            self.stopping.subscribe(),
        );
        self.live.spawn(
            self.db.clone(),
            &self.clock,
            self.changes.clone(),
            self.visits.clone(),
            self.stopping.subscribe(),
        );
    }

    /// Writes what is still buffered (visit counts) and stops background
    /// work; call before exiting.
    pub async fn shutdown(&self) {
        self.stopping.send_replace(true);
        for attempt in 1..=5 {
            match self.visits.flush(&self.db).await {
                Ok(()) => return,
                Err(e) => {
                    tracing::error!(attempt, error = ?e, "could not flush visit counts");
                    tokio::time::sleep(std::time::Duration::from_millis(200 * attempt)).await;
                }
            }
        }
    }
}

/// Moves `changes` on whenever an instance (this one included) commits a
/// write. While the listening connection is lost, writes may be missed, so
/// nothing cached is trusted until it is back.
fn listen_for_changes(db: &DatabaseConnection, changes: Arc<Changes>) {
    use sea_orm::sqlx::postgres::PgListener;
    let pool = db.get_postgres_connection_pool().clone();
    changes.set_trusted(false);
    tokio::spawn(async move {
        loop {
            match PgListener::connect_with(&pool).await {
                Ok(mut listener) => {
                    if listener.listen(CHANNEL).await.is_ok() {
                        changes.set_trusted(true);
                        // `Ok(None)`: the connection dropped.
                        while let Ok(Some(note)) = listener.try_recv().await {
                            // Our own writes moved the generation as they ended.
                            if note.payload() != INSTANCE.as_str() {
                                changes.bump();
                            }
                        }
                    }
                    changes.set_trusted(false);
                }
                Err(e) => tracing::warn!(error = %e, "cannot listen for content changes"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}
