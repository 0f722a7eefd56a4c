//! Visit-counter benchmark (issue: counters exact under concurrency, cheap
//! per hit). Run with `cargo bench --bench visits`.
//!
//! 1. Throughput of `recordVisit` against `{ __typename }` on one server,
//!    64 clients, alternating rounds; prints medians and the ratio.
//! 2. 64 clients send 100,000 `recordVisit`; graceful stop; restart:
//!    `allTime` must equal the successful calls.
//! 3. The same with SIGTERM in the middle of the load: `allTime` must equal
//!    the successful responses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{Server, graphql_request, load, median, query, temp_dir};

const CLIENTS: usize = 64;
const SECRET: (&str, &str) = (
    "BANTIN_JWT_SECRET",
    "bench-secret-0123456789-0123456789-abcdef",
);

fn record_ok(status: u16, body: &str) -> bool {
    status == 200 && body.contains("\"recordVisit\":true")
}

fn typename_ok(status: u16, body: &str) -> bool {
    status == 200 && body.contains("\"__typename\"")
}

fn record_body() -> String {
    r#"{"query":"mutation($p: String!) { recordVisit(path: $p) }","variables":{"p":"/tin-tuc"}}"#
        .to_owned()
}

/// The same call with the path written into the query: async-graphql's
/// handling of variables costs more than the counting itself, so both forms
/// are measured.
fn record_inline_body() -> String {
    r#"{"query":"mutation { recordVisit(path: \"/tin-tuc\") }"}"#.to_owned()
}

async fn all_time(addr: &str) -> u64 {
    let body = query(addr, r#"{"query":"{ siteStats { allTime } }"}"#).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["data"]["siteStats"]["allTime"].as_u64().unwrap()
}

#[tokio::main]
async fn main() {
    let per_round: u64 = std::env::var("BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);

    // 1. Side-by-side throughput.
    let dir = temp_dir("visits-throughput");
    let server = Server::start(&dir, &[SECRET]);
    let typename = graphql_request(r#"{"query":"{ __typename }"}"#);
    let record = graphql_request(&record_body());
    let inline = graphql_request(&record_inline_body());
    load(&server.addr, CLIENTS, 5_000, typename.clone(), typename_ok).await; // warm-up
    let (mut t_rates, mut r_rates, mut i_rates) = (Vec::new(), Vec::new(), Vec::new());
    let rounds = 3;
    let mut recorded = 0;
    for round in 1..=rounds {
        let t = load(
            &server.addr,
            CLIENTS,
            per_round / 2,
            typename.clone(),
            typename_ok,
        )
        .await;
        let r = load(
            &server.addr,
            CLIENTS,
            per_round / 2,
            record.clone(),
            record_ok,
        )
        .await;
        let i = load(
            &server.addr,
            CLIENTS,
            per_round / 2,
            inline.clone(),
            record_ok,
        )
        .await;
        recorded += r.ok + i.ok;
        println!(
            "round {round}: {{ __typename }} {:>7.0} req/s   recordVisit with variables {:>7.0} req/s ({} failed)   inline {:>7.0} req/s ({} failed)",
            t.per_second(),
            r.per_second(),
            r.failed,
            i.per_second(),
            i.failed
        );
        t_rates.push(t.per_second());
        r_rates.push(r.per_second());
        i_rates.push(i.per_second());
    }
    let (t, r, i) = (median(t_rates), median(r_rates), median(i_rates));
    println!(
        "median: __typename {t:.0} req/s; recordVisit with variables {r:.0} req/s (ratio {:.2}), inline {i:.0} req/s (ratio {:.2}); target >= 0.80",
        r / t,
        i / t
    );
    server.stop();
    let server = Server::start(&dir, &[SECRET]);
    let counted = all_time(&server.addr).await;
    println!(
        "throughput run: {recorded} successful recordVisit, allTime after restart {counted} -> {}",
        verdict(recorded, counted)
    );
    server.stop();

    // 2. 100,000 hits, graceful stop, restart.
    let dir = temp_dir("visits-exact");
    let server = Server::start(&dir, &[SECRET]);
    let run = load(&server.addr, CLIENTS, per_round, record.clone(), record_ok).await;
    let graceful_seconds = run.seconds;
    server.stop();
    let server = Server::start(&dir, &[SECRET]);
    let counted = all_time(&server.addr).await;
    println!(
        "graceful: {} successful of {per_round} in {:.1}s, allTime after restart {counted} -> {}",
        run.ok,
        run.seconds,
        verdict(run.ok, counted)
    );
    server.stop();

    // 3. SIGTERM in the middle of the load.
    let dir = temp_dir("visits-sigterm");
    let server = Server::start(&dir, &[SECRET]);
    let addr = server.addr.clone();
    let loader = tokio::spawn(async move {
        load(
            &addr,
            CLIENTS,
            per_round,
            graphql_request(&record_body()),
            record_ok,
        )
        .await
    });
    // Halfway through, judged by the graceful run of the same size.
    tokio::time::sleep(std::time::Duration::from_secs_f64(graceful_seconds / 2.0)).await;
    server.sigterm();
    let run = loader.await.unwrap();
    let mut child = server.child;
    let status = child.wait().unwrap();
    let server = Server::start(&dir, &[SECRET]);
    let counted = all_time(&server.addr).await;
    println!(
        "sigterm mid-load (exit {status}): {} successful, {} failed, allTime after restart {counted} -> {}",
        run.ok,
        run.failed,
        verdict(run.ok, counted)
    );
    if run.ok >= per_round {
        println!("  (the load ended before SIGTERM: not a mid-load stop)");
    }
    server.stop();
}

fn verdict(expected: u64, counted: u64) -> &'static str {
    if expected == counted {
        "EXACT"
    } else {
        "MISMATCH"
    }
}
