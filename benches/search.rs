//! Search benchmark: 100,000 synthetic Vietnamese articles on SQLite, then
//! through the HTTP API, one at a time, with the response cache off:
//! one-word and three-word queries, abbreviations ("UBND" finding "Ủy ban
//! nhân dân"), queries with a slip that only a spelling correction finds,
//! and suggestions as one types (`searchSuggest`);
//! prints median and p95 latency and exits 1 when a target is missed or any
//! answer is wrong. Run with `cargo bench --bench search` (`BENCH_ARTICLES`
//! changes the size).
//!
//! The seeded database is reused only when the same `bantin` build seeded
//! it (its fingerprint is kept beside it): a database left by older code
//! may hold an older index and would measure that code.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::{process::Command, time::Instant};

use sha2::{Digest, Sha256};
use support::{Server, Verdicts, median, query_status};

const SECRET: (&str, &str) = (
    "BANTIN_JWT_SECRET",
    "bench-secret-0123456789-0123456789-abcdef",
);
/// Median latency target of searches, in milliseconds.
const TARGET_MEDIAN_MS: f64 = 20.0;
/// p95 latency target of suggestions, in milliseconds.
const TARGET_SUGGEST_P95_MS: f64 = 10.0;

/// What identifies the build: the binary's bytes.
fn build_fingerprint() -> String {
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_bantin")).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A folder with `n` synthetic articles seeded by this build.
fn seeded(n: u64) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bantin-bench-search-{n}"));
    let stamp = dir.join("seeded-by");
    let fingerprint = build_fingerprint();
    let current = std::fs::read_to_string(&stamp).ok();
    if current.as_deref() == Some(fingerprint.as_str()) && dir.join("bantin.db").exists() {
        println!("reusing {} (seeded by this build)", dir.display());
        return dir;
    }
    if current.is_some() {
        println!("the database was seeded by another build: seeding again");
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["seed", "--synthetic", &n.to_string()])
        .current_dir(&dir)
        .env(SECRET.0, SECRET.1)
        .env("RUST_LOG", "warn")
        .status()
        .unwrap();
    assert!(status.success(), "seeding failed");
    std::fs::write(&stamp, &fingerprint).unwrap();
    println!(
        "seeded {n} articles in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    dir
}

/// Why an answer is wrong, if it is: every query of the lists below matches
/// articles of the synthetic corpus, so an error or an empty answer is a
/// failure, never a fast answer.
fn wrong(kind: Kind, status: u16, body: &str) -> Option<String> {
    if status != 200 {
        return Some(format!("status {status}"));
    }
    let v: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => return Some(format!("not JSON: {e}")),
    };
    if v.get("errors").is_some() {
        return Some(format!("errors: {}", v["errors"]));
    }
    if kind == Kind::Suggest {
        let items = v["data"]["searchSuggest"].as_array().map_or(0, Vec::len);
        return (items == 0).then(|| "no suggestion".into());
    }
    let search = &v["data"]["search"];
    if kind == Kind::Slip && search["correctedQuery"].is_null() {
        return Some("not corrected".into());
    }
    let items = search["items"].as_array().map_or(0, Vec::len);
    if search["totalCount"].as_u64().unwrap_or(0) == 0 || items == 0 {
        return Some("no match".into());
    }
    if search["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["node"]["id"].as_str().is_none() || i["snippet"].as_str().is_none())
    {
        return Some("an item without its article or snippet".into());
    }
    None
}

#[tokio::main]
async fn main() {
    let n: u64 = std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = seeded(n);
    // The response cache off: repeated queries would otherwise time the
    // cache, not the search.
    let server = Server::start(&dir, &[SECRET, ("BANTIN_RESPONSE_CACHE", "off")]);
    let mut verdicts = Verdicts::default();
    let queries: [(&str, Kind, &[&str]); 5] = [
        (
            "one word",
            Kind::Search,
            &[
                "ocop",
                "phường",
                "tuyển",
                "hiến",
                "lụt",
                "khánh",
                "giải",
                "trường",
            ],
        ),
        (
            "three words",
            Kind::Search,
            &[
                "an toàn giao thông",
                "chuyen doi so",
                "phòng cháy chữa",
                "xây dựng nông",
                "tiêm chủng mở",
                "bến sông lam",
                "dịch vụ công",
                "giải phóng mặt",
            ],
        ),
        (
            "abbreviations",
            Kind::Search,
            &[
                "UBND thị xã",
                "ATGT",
                "pccc",
                "CĐS",
                "ntm",
                "BHYT",
                "ubnd",
                "tx",
            ],
        ),
        (
            "slips",
            Kind::Slip,
            &[
                "giao thomg",
                "phuomg",
                "truomg",
                "tiem chunh",
                "xay dung nomg",
                "chuyen doi spo",
                "giai phomg mat",
                "dich vu cpng",
            ],
        ),
        (
            "suggestions",
            Kind::Suggest,
            &[
                "p",
                "van pho",
                "tr",
                "giao th",
                "chuy",
                "an toan gi",
                "ocop",
                "uy ban nhan",
            ],
        ),
    ];
    for (label, kind, words) in queries {
        // Warm-up, then 25 rounds over the word list.
        for w in words {
            query_status(&server.addr, &body(kind, w)).await;
        }
        let mut times = Vec::new();
        let mut failures = Vec::new();
        for _ in 0..25 {
            for w in words {
                let t = Instant::now();
                let (status, resp) = query_status(&server.addr, &body(kind, w)).await;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                if let Some(why) = wrong(kind, status, &resp) {
                    failures.push(format!("{w:?}: {why}"));
                }
            }
        }
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let p95 = sorted[sorted.len() * 95 / 100];
        let m = median(times.clone());
        verdicts.check(
            failures.is_empty(),
            format!(
                "{label}: {} of {} answers right{}",
                times.len() - failures.len(),
                times.len(),
                failures
                    .first()
                    .map(|f| format!(" (first wrong: {f})"))
                    .unwrap_or_default()
            ),
        );
        let figures = format!(
            "{label}: median {m:.2} ms, p95 {p95:.2} ms over {} queries",
            times.len()
        );
        if kind == Kind::Suggest {
            verdicts.check(
                p95 < TARGET_SUGGEST_P95_MS,
                format!("{figures}; target p95 < {TARGET_SUGGEST_P95_MS} ms"),
            );
        } else {
            verdicts.check(
                m < TARGET_MEDIAN_MS,
                format!("{figures}; target median < {TARGET_MEDIAN_MS} ms"),
            );
        }
    }
    server.stop();
    verdicts.exit();
}

/// What a request asks, and so what a right answer holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Search,
    /// A search that finds nothing as typed: the answer is corrected.
    Slip,
    Suggest,
}

fn body(kind: Kind, q: &str) -> String {
    let query = if kind == Kind::Suggest {
        "query($q: String!) { searchSuggest(prefix: $q, first: 8) { highlighted node { ... on Article { id title slug } } } }"
    } else {
        "query($q: String!) { search(query: $q, perPage: 10) { totalCount correctedQuery didYouMean items { score snippet node { ... on Article { id title slug } } } } }"
    };
    serde_json::json!({ "query": query, "variables": { "q": q } }).to_string()
}
