//! Liveness, readiness and metrics.

use std::{
    sync::{
        Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use tokio::sync::Notify;

use crate::{http::edge::Edge, metrics::write_metric};

/// What the last database check found. `/readyz` answers from it at once
/// (a load balancer's probe must not hang on a database that hangs) and
/// starts a new check when it is older than `FRESH`.
pub struct Readiness {
    last: Mutex<(bool, Instant)>,
    checking: AtomicBool,
    checked: Notify,
}

/// How old a check may be before a probe starts another.
const FRESH: Duration = Duration::from_secs(1);
/// How long a probe waits for a check in flight before answering the last.
const PATIENCE: Duration = Duration::from_millis(50);

impl Readiness {
    /// Ready: the database answered when the state was opened.
    pub fn new() -> Self {
        Readiness {
            last: Mutex::new((true, Instant::now())),
            checking: AtomicBool::new(false),
            checked: Notify::new(),
        }
    }

    fn last(&self) -> (bool, Instant) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for Readiness {
    fn default() -> Self {
        Self::new()
    }
}

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answered its last check; 503 otherwise, so a load balancer
/// routes around us. Answers within `PATIENCE` whatever the database does.
pub async fn readyz(State(state): State<Edge>) -> impl IntoResponse {
    let readiness = &state.readiness;
    if readiness.last().1.elapsed() >= FRESH && !readiness.checking.swap(true, Ordering::AcqRel) {
        // Created before the check starts, so its end cannot be missed.
        let waiting = readiness.checked.notified();
        let state = state.clone();
        tokio::spawn(async move {
            let ok = matches!(
                tokio::time::timeout(state.app.config.db_timeout, state.app.db.ping()).await,
                Ok(Ok(()))
            );
            let readiness = &state.readiness;
            *readiness.last.lock().unwrap_or_else(|e| e.into_inner()) = (ok, Instant::now());
            readiness.checking.store(false, Ordering::Release);
            readiness.checked.notify_waiters();
        });
        // A healthy database answers well within the wait: say what it said.
        let _ = tokio::time::timeout(PATIENCE, waiting).await;
    }
    if readiness.last().0 {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// Prometheus metrics; with `BANTIN_METRICS_TOKEN` set, only for a request
/// bearing it.
pub async fn metrics(State(state): State<Edge>, headers: HeaderMap) -> Response {
    if let Some(token) = &state.app.config.observe.metrics_token {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        // Compared in constant time: the answer's timing says nothing of it.
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            sent.as_bytes(),
            token.as_bytes(),
        )) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
                "metrics need the token in BANTIN_METRICS_TOKEN\n",
            )
                .into_response();
        }
    }
    let mut out = state.app.metrics.render();
    out += &cache_metrics(&state);
    let (open, idle) = crate::db::pool_usage(&state.app.db);
    let (pending, waited) = state.app.visits.backlog();
    for (name, kind, help, value) in [
        (
            "bantin_live_connections",
            "gauge",
            "Open subscription connections (WebSocket and SSE).",
            state.app.live.open().to_string(),
        ),
        (
            "bantin_db_pool_connections",
            "gauge",
            "Database connections the pool holds open.",
            open.to_string(),
        ),
        (
            "bantin_db_pool_idle_connections",
            "gauge",
            "Open database connections waiting for work.",
            idle.to_string(),
        ),
        (
            "bantin_db_pool_max_connections",
            "gauge",
            "The most connections the pool opens (BANTIN_DB_MAX_CONNECTIONS).",
            state.app.config.db_max_connections.to_string(),
        ),
        (
            "bantin_visits_pending",
            "gauge",
            "Visits counted in memory and not yet written.",
            pending.to_string(),
        ),
        (
            "bantin_visits_flush_lag_seconds",
            "gauge",
            "How long the oldest visit not yet written has waited (about one flush interval when writes succeed).",
            waited.as_secs_f64().to_string(),
        ),
    ] {
        write_metric(&mut out, name, kind, help, value);
    }
    // Which release answers: a deploy shows as the version changing.
    out += &format!(
        "# HELP bantin_build_info The running release.\n# TYPE bantin_build_info gauge\nbantin_build_info{{version=\"{}\"}} 1\n",
        env!("CARGO_PKG_VERSION")
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}

/// The response cache's counters, in the same text format.
fn cache_metrics(state: &Edge) -> String {
    use std::sync::atomic::Ordering::Relaxed;
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
        write_metric(
            &mut out,
            &format!("bantin_response_cache_{name}"),
            kind,
            help,
            value,
        );
    }
    out
}
