//! Process counters exposed at `/metrics` in the Prometheus text format.
//!
//! Atomics and fixed-bucket histograms are all we need; a metrics crate
//! would add more code than it saves.

use std::{
    collections::HashMap,
    fmt::Write,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering::Relaxed},
    },
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
    /// Latency of GraphQL operations by type and name (see [`Operation`]).
    operations: Mutex<HashMap<OperationKey, Arc<Histogram>>>,
    /// Latency of every HTTP answer, by status class (1xx..5xx).
    http: [Histogram; 5],
}

/// The GraphQL operation an answer ran, as a label: its type and its name.
/// Set on the response by the GraphQL route (and kept with cached answers)
/// for the access log and the latency histograms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// `query`, `mutation` or `subscription`.
    pub kind: &'static str,
    /// The operation's name; `None` for an anonymous one.
    pub name: Option<Arc<str>>,
}

/// An operation's type and name.
type OperationKey = (&'static str, Arc<str>);

/// Distinct operation names the histograms keep; later names are counted
/// under `other`, so a client sending random names cannot grow `/metrics`
/// without bound.
pub const OPERATION_NAMES: usize = 100;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// A latency histogram with fixed buckets.
#[derive(Debug, Default)]
struct Histogram {
    /// Observations per bucket (not cumulative); the last one is `+Inf`.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        self.buckets[bucket].fetch_add(1, Relaxed);
        self.micros
            .fetch_add(elapsed.as_micros().try_into().unwrap_or(u64::MAX), Relaxed);
    }

    /// The `_bucket`, `_sum` and `_count` lines of one series.
    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        let bounds = BUCKETS.iter().map(f64::to_string).chain(["+Inf".into()]);
        for (bound, count) in bounds.zip(&self.buckets) {
            cumulative += count.load(Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{bound}\"}} {cumulative}");
        }
        let labels = labels.trim_end_matches(',');
        let sum = self.micros.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(
            out,
            "{name}_sum{{{labels}}} {sum}\n{name}_count{{{labels}}} {cumulative}"
        );
    }
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

    /// Times one GraphQL answer under its operation's type and name.
    pub fn record_operation(&self, operation: &Operation, elapsed: Duration) {
        let name: Arc<str> = operation.name.clone().unwrap_or_else(|| "anonymous".into());
        let histogram = {
            let mut all = self.operations.lock().unwrap_or_else(|e| e.into_inner());
            let key = if all.len() < OPERATION_NAMES
                || all.contains_key(&(operation.kind, name.clone()))
            {
                (operation.kind, name)
            } else {
                (operation.kind, "other".into())
            };
            all.entry(key).or_default().clone()
        };
        histogram.observe(elapsed);
    }

    /// Times one HTTP answer (to its headers) under its status class.
    pub fn record_http(&self, status: u16, elapsed: Duration) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.http[class].observe(elapsed);
    }

    /// The Prometheus exposition text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_histograms(&mut out);
        let mut counter = |name: &str, help: &str, value: u64| {
            write_metric(&mut out, name, "counter", help, value)
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

    fn render_histograms(&self, out: &mut String) {
        // The series follow their own header (`write_metric` is for one value).
        let name = "bantin_http_request_duration_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} Time to an answer's headers, by status class.\n# TYPE {name} histogram"
        );
        for (i, histogram) in self.http.iter().enumerate() {
            histogram.render(out, name, &format!("status=\"{}xx\",", i + 1));
        }
        let name = "bantin_graphql_operation_duration_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} Time to a GraphQL answer's headers, by operation type and name (at most {OPERATION_NAMES} names; later ones count as `other`).\n# TYPE {name} histogram"
        );
        let mut all: Vec<_> = self
            .operations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        for ((kind, op), histogram) in all {
            // Names are GraphQL names (letters, digits, `_`): nothing to escape.
            histogram.render(out, name, &format!("type=\"{kind}\",operation=\"{op}\","));
        }
    }
}

/// One metric of one value, with its help and type lines: every single-value
/// metric of `/metrics` is written by this.
pub fn write_metric(
    out: &mut String,
    name: &str,
    kind: &str,
    help: &str,
    value: impl std::fmt::Display,
) {
    let _ = writeln!(
        out,
        "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
    );
}
