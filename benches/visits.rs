//! Visit-counter benchmark. Run with `cargo bench --bench visits`; exits 1
//! when a target is missed.
//!
//! The server runs on core 0 and this load generator on core 1 (`taskset`,
//! as `../shared/bench-reference/run.sh` does): on shared cores every ratio
//! leans toward 1.
//!
//! 1. Throughput of `recordVisit` (an article's view: 2,000 visitors with
//!    variables, and the beacon's form with the values inline) against
//!    `{ __typename }` on one server, 64 clients, in rounds whose order
//!    alternates; the median of the per-round ratios, with its spread, must
//!    be >= 0.80. Site total and the articles' view counts must have grown
//!    by exactly the successful calls.
//! 2. 64 clients send 100,000 `recordVisit`; graceful stop; restart:
//!    `allTime` must have grown by exactly the successful calls.
//! 3. The same with SIGTERM in the middle of the load.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use support::{
    Server, Verdicts, graphql_request, load, load_each, median, pin_generator, query, spread,
    temp_dir,
};

const CLIENTS: usize = 64;
const VISITORS: usize = 2_000;
const TARGET_RATIO: f64 = 0.80;
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

/// One request per (visitor, article) pair, the ids in variables.
fn record_requests(articles: &[String]) -> Vec<Vec<u8>> {
    (0..VISITORS)
        .map(|v| {
            let id = &articles[v % articles.len()];
            graphql_request(
                &serde_json::json!({
                    "query": "mutation($p: String!, $k: ContentKind, $id: ID, $v: String) { recordVisit(path: $p, kind: $k, id: $id, visitorId: $v) }",
                    "variables": { "p": format!("/tin-tuc/{id}"), "k": "ARTICLE", "id": id, "v": format!("khach-{v:05}") }
                })
                .to_string(),
            )
        })
        .collect()
}

/// Views with the values written into the query text, one text per
/// article and no visitor id (what a page's beacon sends): a text per
/// visitor would measure parsing, which is why clients send variables.
fn record_inline_requests(articles: &[String]) -> Vec<Vec<u8>> {
    articles
        .iter()
        .map(|id| {
            let q = format!(
                r#"mutation {{ recordVisit(path: "/tin-tuc/{id}", kind: ARTICLE, id: "{id}") }}"#
            );
            graphql_request(&serde_json::json!({ "query": q }).to_string())
        })
        .collect()
}

/// The site's total and the sum of all articles' view counts.
async fn counts(addr: &str) -> (u64, u64) {
    let body = query(
        addr,
        r#"{"query":"{ siteStats { allTime } articles(perPage: 100) { items { viewCount } } }"}"#,
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let views = v["data"]["articles"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["viewCount"].as_u64().unwrap())
        .sum();
    (v["data"]["siteStats"]["allTime"].as_u64().unwrap(), views)
}

/// A folder holding the demo site (its published articles to count views on).
fn demo_dir(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let status = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .arg("seed")
        .current_dir(&dir)
        .env(SECRET.0, SECRET.1)
        .env("RUST_LOG", "warn")
        .status()
        .unwrap();
    assert!(status.success(), "seeding the demo failed");
    dir
}

async fn article_ids(addr: &str) -> Vec<String> {
    let body = query(
        addr,
        r#"{"query":"{ articles(perPage: 100) { items { id } } }"}"#,
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ids: Vec<String> = v["data"]["articles"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!ids.is_empty(), "the demo has no public article");
    ids
}

#[tokio::main]
async fn main() {
    pin_generator();
    let per_round: u64 = std::env::var("BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let mut verdicts = Verdicts::default();

    // 1. Side-by-side throughput.
    let dir = demo_dir("visits-throughput");
    let server = Server::start(&dir, &[SECRET]);
    let articles = article_ids(&server.addr).await;
    let typename = graphql_request(r#"{"query":"{ __typename }"}"#);
    let record = record_requests(&articles);
    let inline = record_inline_requests(&articles);
    let before = counts(&server.addr).await;
    load(&server.addr, CLIENTS, 5_000, typename.clone(), typename_ok).await; // warm-up
    let (mut with_vars, mut written_in) = (Vec::new(), Vec::new());
    let mut recorded = 0;
    for round in 0..rounds {
        // Alternate which runs first: a server warming up (or a machine
        // slowing down) favours neither side.
        let typename_first = round % 2 == 0;
        let t1 = if typename_first {
            Some(
                load(
                    &server.addr,
                    CLIENTS,
                    per_round / 2,
                    typename.clone(),
                    typename_ok,
                )
                .await,
            )
        } else {
            None
        };
        let r = load_each(
            &server.addr,
            CLIENTS,
            per_round / 2,
            record.clone(),
            record_ok,
        )
        .await;
        let i = load_each(
            &server.addr,
            CLIENTS,
            per_round / 2,
            inline.clone(),
            record_ok,
        )
        .await;
        let t = match t1 {
            Some(t) => t,
            None => {
                load(
                    &server.addr,
                    CLIENTS,
                    per_round / 2,
                    typename.clone(),
                    typename_ok,
                )
                .await
            }
        };
        recorded += r.ok + i.ok;
        println!(
            "round {}: {{ __typename }} {:>7.0} req/s   recordVisit with variables {:>7.0} req/s ({} failed, ratio {:.2})   inline {:>7.0} req/s ({} failed, ratio {:.2})",
            round + 1,
            t.per_second(),
            r.per_second(),
            r.failed,
            r.per_second() / t.per_second(),
            i.per_second(),
            i.failed,
            i.per_second() / t.per_second()
        );
        with_vars.push(r.per_second() / t.per_second());
        written_in.push(i.per_second() / t.per_second());
    }
    for (label, ratios) in [("with variables", &with_vars), ("inline", &written_in)] {
        let (lo, hi) = spread(ratios);
        let m = median(ratios.clone());
        verdicts.check(
            m >= TARGET_RATIO,
            format!(
                "recordVisit {label} / __typename: median of {rounds} per-round ratios {m:.2} (spread {lo:.2}-{hi:.2}), target >= {TARGET_RATIO:.2}"
            ),
        );
    }
    server.stop();
    let server = Server::start(&dir, &[SECRET]);
    let after = counts(&server.addr).await;
    verdicts.check(
        after.0 - before.0 == recorded && after.1 - before.1 == recorded,
        format!(
            "throughput run: {recorded} successful recordVisit; after a restart allTime grew by {} and the articles' views by {} (both must equal it)",
            after.0 - before.0,
            after.1 - before.1
        ),
    );
    server.stop();

    // 2. 100,000 hits, graceful stop, restart.
    let dir = demo_dir("visits-exact");
    let server = Server::start(&dir, &[SECRET]);
    let before = counts(&server.addr).await;
    let run = load_each(&server.addr, CLIENTS, per_round, record.clone(), record_ok).await;
    let graceful_seconds = run.seconds;
    server.stop();
    let server = Server::start(&dir, &[SECRET]);
    let after = counts(&server.addr).await;
    verdicts.check(
        after.0 - before.0 == run.ok && after.1 - before.1 == run.ok && run.failed == 0,
        format!(
            "graceful stop: {} successful of {per_round} ({} failed) in {:.1}s; allTime grew by {}, views by {}",
            run.ok,
            run.failed,
            run.seconds,
            after.0 - before.0,
            after.1 - before.1
        ),
    );
    server.stop();

    // 3. SIGTERM in the middle of the load.
    let dir = demo_dir("visits-sigterm");
    let server = Server::start(&dir, &[SECRET]);
    let before = counts(&server.addr).await;
    let addr = server.addr.clone();
    let requests = record.clone();
    let loader =
        tokio::spawn(
            async move { load_each(&addr, CLIENTS, per_round, requests, record_ok).await },
        );
    // Halfway through, judged by the graceful run of the same size.
    tokio::time::sleep(std::time::Duration::from_secs_f64(graceful_seconds / 2.0)).await;
    server.sigterm();
    let run = loader.await.unwrap();
    let mut child = server.child;
    let status = child.wait().unwrap();
    let server = Server::start(&dir, &[SECRET]);
    let after = counts(&server.addr).await;
    verdicts.check(
        status.success() && run.ok < per_round && after.0 - before.0 == run.ok,
        format!(
            "SIGTERM mid-load (exit {status}): {} successful, {} failed; allTime grew by {} (must equal the successes, and the stop must come before the load ended)",
            run.ok,
            run.failed,
            after.0 - before.0
        ),
    );
    server.stop();
    verdicts.exit();
}
