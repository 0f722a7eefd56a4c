//! Search benchmark: 100,000 synthetic Vietnamese articles on SQLite, then
//! one-word and three-word queries through the HTTP API, one at a time;
//! prints median and p95 latency. Run with `cargo bench --bench search`
//! (`BENCH_ARTICLES` changes the size; the seeded database is reused).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::{process::Command, time::Instant};

use support::{Server, median, query};

const SECRET: (&str, &str) = (
    "BANTIN_JWT_SECRET",
    "bench-secret-0123456789-0123456789-abcdef",
);

#[tokio::main]
async fn main() {
    let n: u64 = std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("bantin-bench-search-{n}"));
    std::fs::create_dir_all(&dir).unwrap();
    if !dir.join("bantin.db").exists() {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(["seed", "--synthetic", &n.to_string()])
            .current_dir(&dir)
            .env(SECRET.0, SECRET.1)
            .env("RUST_LOG", "warn")
            .status()
            .unwrap();
        assert!(status.success());
        println!(
            "seeded {n} articles in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    let server = Server::start(&dir, &[SECRET]);
    let queries: [(&str, &[&str]); 2] = [
        (
            "one word",
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
    ];
    for (label, words) in queries {
        // Warm-up, then 25 rounds over the word list.
        for w in words {
            query(&server.addr, &body(w)).await;
        }
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..25 {
            for w in words {
                let t = Instant::now();
                let resp = query(&server.addr, &body(w)).await;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                let v: serde_json::Value = serde_json::from_str(&resp).unwrap();
                total = v["data"]["search"]["totalCount"]
                    .as_u64()
                    .unwrap_or(0)
                    .max(total);
            }
        }
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let p95 = sorted[sorted.len() * 95 / 100];
        println!(
            "{label}: median {:.2} ms, p95 {p95:.2} ms over {} queries (largest totalCount {total}; target median < 20 ms)",
            median(times.clone()),
            times.len()
        );
    }
    server.stop();
}

fn body(q: &str) -> String {
    serde_json::json!({
        "query": "query($q: String!) { search(query: $q, perPage: 10) { totalCount items { score snippet node { ... on Article { id title slug } } } } }",
        "variables": { "q": q }
    })
    .to_string()
}
