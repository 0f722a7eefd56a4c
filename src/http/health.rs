//! Liveness, readiness and metrics.

use std::{
    sync::{
        Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use tokio::sync::Notify;

use crate::http::edge::Edge;

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

/// Prometheus counters.
pub async fn metrics(State(state): State<Edge>) -> impl IntoResponse {
    (
        [("content-type", "text/plain; version=0.0.4")],
        state.app.metrics.render()
            + &cache_metrics(&state)
            + &format!(
                "# HELP bantin_live_connections Open subscription connections (WebSocket and SSE).\n\
                 # TYPE bantin_live_connections gauge\nbantin_live_connections {}\n",
                state.app.live.open()
            ),
    )
}

/// The response cache's counters, in the same text format.
fn cache_metrics(state: &Edge) -> String {
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
