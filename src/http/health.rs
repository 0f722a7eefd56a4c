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
        state.metrics.render() + &cache_metrics(&state),
    )
}

/// The response cache's counters, in the same text format.
fn cache_metrics(state: &AppState) -> String {
    use std::{fmt::Write, sync::atomic::Ordering::Relaxed};
    let Some(cache) = &state.cache else {
        return String::new();
    };
    let (bytes, entries) = cache.usage();
    let mut out = String::new();
    for (name, kind, help, value) in [
        (
            "hits_total",
            "counter",
            "Answers served from the response cache.",
            cache.hits.load(Relaxed),
        ),
        (
            "misses_total",
            "counter",
            "Cacheable requests the cache could not answer.",
            cache.misses.load(Relaxed),
        ),
        (
            "evictions_total",
            "counter",
            "Answers dropped to stay within the byte bound.",
            cache.evictions.load(Relaxed),
        ),
        (
            "bytes",
            "gauge",
            "Bytes the response cache holds.",
            bytes as u64,
        ),
        (
            "entries",
            "gauge",
            "Answers the response cache holds.",
            entries as u64,
        ),
    ] {
        let _ = writeln!(
            out,
            "# HELP bantin_response_cache_{name} {help}\n# TYPE bantin_response_cache_{name} {kind}\nbantin_response_cache_{name} {value}"
        );
    }
    out
}
