//! What the HTTP surface keeps besides the application state: the
//! executable schema, parsed documents, the response cache and the last
//! readiness check. Built from an [`AppState`] by [`super::app`], so the
//! state below knows nothing of GraphQL or HTTP.

use std::sync::Arc;

use crate::{
    graphql::{BantinSchema, documents::Documents},
    http::{cache::ResponseCache, health::Readiness},
    state::AppState,
};

/// The router's state, behind one `Arc`: each request clones it once.
#[derive(Clone)]
pub struct Edge(Arc<Parts>);

impl std::ops::Deref for Edge {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

/// The parts of [`Edge`].
pub struct Parts {
    pub app: AppState,
    pub schema: BantinSchema,
    /// The same schema without the document rules of validation, for texts
    /// that passed them before (see `graphql::documents`).
    pub schema_prevalidated: BantinSchema,
    /// Persisted queries and parsed documents.
    pub documents: Documents,
    /// Public answers kept in memory (`None` when switched off).
    pub cache: Option<ResponseCache>,
    /// What `/readyz` last found.
    pub readiness: Readiness,
    /// The REST routes' types and OpenAPI description.
    pub rest: super::rest::Api,
    /// `Cache-Control` of public answers (see `Config::public_cache_control`).
    pub public_cache_control: axum::http::HeaderValue,
}

impl Edge {
    pub fn new(app: AppState) -> Self {
        let config = &app.config;
        let schema = crate::graphql::build(config).finish();
        let sdl = crate::graphql::sdl_of(&schema);
        let rest = super::rest::Api::new(&sdl);
        let schema_prevalidated = crate::graphql::build(config)
            .validation_mode(async_graphql::ValidationMode::Fast)
            .finish();
        let cache = config
            .response_cache_bytes
            .map(|bytes| ResponseCache::new(bytes, config.counter_cache, app.changes.clone()));
        // Numbers and fixed words: always a valid header value.
        let public_cache_control = axum::http::HeaderValue::try_from(config.public_cache_control())
            .unwrap_or(axum::http::HeaderValue::from_static("no-cache"));
        Edge(Arc::new(Parts {
            schema,
            schema_prevalidated,
            documents: Documents::new(2048, 512, &sdl),
            cache,
            readiness: Readiness::default(),
            public_cache_control,
            rest,
            app,
        }))
    }
}
