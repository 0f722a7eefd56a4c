//! Process counters exposed at `/metrics` in the Prometheus text format.
//!
//! A handful of atomics is all we need; a metrics crate would add more code
//! than it saves.

use std::{
    fmt::Write,
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    time::Duration,
};

tokio::task_local! {
    /// Set around background work (the change-log scheduler), whose
    /// statements are counted apart from those requests run.
    static BACKGROUND: ();
}

/// Runs `work` as background work for the statement counters.
pub fn background<F: std::future::Future>(work: F) -> impl std::future::Future<Output = F::Output> {
    BACKGROUND.scope((), work)
}

/// Counters shared by the whole process.
#[derive(Debug, Default)]
pub struct Metrics {
    db_statements: AtomicU64,
    db_background_statements: AtomicU64,
    db_statement_errors: AtomicU64,
    db_statement_micros: AtomicU64,
    graphql_requests: AtomicU64,
    graphql_errors: AtomicU64,
}

impl Metrics {
    pub fn record_statement(&self, elapsed: Duration, failed: bool) {
        if BACKGROUND.try_with(|_| ()).is_ok() {
            self.db_background_statements.fetch_add(1, Relaxed);
        } else {
            self.db_statements.fetch_add(1, Relaxed);
        }
        self.db_statement_micros
            .fetch_add(elapsed.as_micros().try_into().unwrap_or(u64::MAX), Relaxed);
        if failed {
            self.db_statement_errors.fetch_add(1, Relaxed);
        }
    }

    pub fn record_graphql(&self, had_errors: bool) {
        self.graphql_requests.fetch_add(1, Relaxed);
        if had_errors {
            self.graphql_errors.fetch_add(1, Relaxed);
        }
    }

    /// The Prometheus exposition text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, value: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}"
            );
        };
        counter(
            "bantin_db_statements_total",
            "SQL statements run for requests and commands.",
            self.db_statements.load(Relaxed),
        );
        counter(
            "bantin_db_background_statements_total",
            "SQL statements run by background work (the change-log scheduler).",
            self.db_background_statements.load(Relaxed),
        );
        counter(
            "bantin_db_statement_errors_total",
            "SQL statements that failed.",
            self.db_statement_errors.load(Relaxed),
        );
        counter(
            "bantin_db_statement_seconds_micros_total",
            "Time spent in SQL statements, in microseconds.",
            self.db_statement_micros.load(Relaxed),
        );
        counter(
            "bantin_graphql_requests_total",
            "GraphQL requests answered.",
            self.graphql_requests.load(Relaxed),
        );
        counter(
            "bantin_graphql_requests_with_errors_total",
            "GraphQL requests whose response held errors.",
            self.graphql_errors.load(Relaxed),
        );
        out
    }
}
