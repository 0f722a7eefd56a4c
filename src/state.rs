//! Shared application state, handed to axum handlers and GraphQL resolvers.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    auth::jwt::JwtKeys,
    config::Config,
    graphql::{BantinSchema, documents::Documents},
    metrics::Metrics,
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
    pub schema: BantinSchema,
    /// The same schema without the document rules of validation, for texts
    /// that passed them before (see `graphql::documents`).
    pub schema_prevalidated: BantinSchema,
    pub login_limiter: Arc<LoginLimiter>,
    pub visits: Arc<VisitRecorder>,
    /// Persisted queries and parsed documents.
    pub documents: Arc<Documents>,
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
        let keys = Arc::new(JwtKeys::from_config(&config.jwt)?);
        let schema = crate::graphql::build(&config).finish();
        let schema_prevalidated = crate::graphql::build(&config)
            .validation_mode(async_graphql::ValidationMode::Fast)
            .finish();
        let visits = Arc::new(VisitRecorder::new(
            config.timezone,
            &config.jwt.secret,
            config.visit_flush_interval,
        ));
        crate::service::visit::spawn_flusher(visits.clone(), db.clone());
        Ok(AppState(Arc::new(Shared {
            db,
            schema,
            schema_prevalidated,
            login_limiter: Arc::new(LoginLimiter::new(&config.jwt.secret)),
            visits,
            documents: Arc::new(Documents::new(2048, 512)),
            config: Arc::new(config),
            metrics,
            keys,
        })))
    }

    /// Writes what is still buffered (visit counts); call before exiting.
    pub async fn shutdown(&self) {
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
