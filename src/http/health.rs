//! Liveness, readiness and metrics.

use axum::{extract::State, http::StatusCode, response::IntoResponse};

use crate::state::AppState;

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers; 503 otherwise, so a load balancer routes around us.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match tokio::time::timeout(state.config.db_timeout, state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// Prometheus counters.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [("content-type", "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
