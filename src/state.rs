//! Shared application state, handed to axum handlers and GraphQL resolvers.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{
    auth::jwt::JwtKeys, config::Config, graphql::BantinSchema, metrics::Metrics,
    service::session::LoginLimiter,
};

/// Everything a request may need. Cheap to clone (all shared).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub keys: Arc<JwtKeys>,
    pub schema: BantinSchema,
    pub login_limiter: Arc<LoginLimiter>,
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
        Ok(AppState {
            db,
            schema,
            login_limiter: Arc::new(LoginLimiter::default()),
            config: Arc::new(config),
            metrics,
            keys,
        })
    }
}
