//! What an operator sees: request ids, the access log in both formats,
//! `/metrics` (histograms, pool, visit backlog, its token) and OTLP traces.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Router,
    body::{Body, Bytes},
    http::{HeaderMap, Request, StatusCode},
    routing::post,
};
use bantin::config::Config;
use serde_json::{Value, json};

use crate::helpers::{Instance, TestApp, TestDb};

/// A server whose log goes to a file; the file's path.
async fn logged_instance(db: &TestDb, env: &[(&str, &str)]) -> (Instance, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("bantin-log-{}.txt", rand_suffix()));
    let file = std::fs::File::create(&path).unwrap();
    let mut all = vec![("RUST_LOG", "info")];
    all.extend_from_slice(env);
    (Instance::start_logging(&db.url, &all, file).await, path)
}

fn rand_suffix() -> String {
    format!("{:016x}", rand::random::<u64>())
}

async fn send(addr: &str, headers: &[(&str, &str)], body: Value) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(format!("http://{addr}/graphql"))
        .header("content-type", "application/json")
        .body(body.to_string());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

/// The log's lines once the server has written them (the access line goes
/// out as the body is dropped, just after the client has it).
async fn log_lines(path: &std::path::Path, until: impl Fn(&str) -> bool) -> Vec<String> {
    for _ in 0..100 {
        let text = std::fs::read_to_string(path).unwrap();
        if until(&text) {
            return text.lines().map(str::to_owned).collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the log never showed what was expected:\n{}",
        std::fs::read_to_string(path).unwrap()
    );
}

#[tokio::test]
async fn json_logs_carry_the_request_id_on_every_line_and_one_access_line() {
    let db = TestDb::new().await;
    let (server, path) = logged_instance(&db, &[("BANTIN_LOG_FORMAT", "json")]).await;

    // The client's id is echoed and names every line of the request: the
    // refused sign-in's own line and the access line.
    let body = json!({
        "query": "mutation SignIn($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }",
        "variables": { "u": "nobody", "p": "wrong-password" },
    });
    let resp = send(&server.addr, &[("x-request-id", "portal-7f3a.1")], body).await;
    assert_eq!(resp.headers()["x-request-id"], "portal-7f3a.1");
    let sent = resp.bytes().await.unwrap();

    // Without an id (or with one unfit for a log line) a new one is made.
    let resp = send(
        &server.addr,
        &[("x-request-id", "two words")],
        json!({ "query": "query Counters { siteStats { allTime } }" }),
    )
    .await;
    let made = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(made.len(), 32, "{made}");
    assert!(made.bytes().all(|b| b.is_ascii_hexdigit()), "{made}");
    resp.bytes().await.unwrap();

    let lines = log_lines(&path, |t| t.contains(&made) && t.contains("portal-7f3a.1")).await;
    let lines: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let of = |id: &str| -> Vec<&Value> {
        lines
            .iter()
            .filter(|l| {
                l["spans"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|s| s["request_id"] == id))
            })
            .collect()
    };
    let signin = of("portal-7f3a.1");
    assert_eq!(signin.len(), 2, "{signin:#?}");
    assert_eq!(signin[0]["message"], "sign-in refused");
    assert_eq!(signin[0]["username"], "nobody");
    let access = signin[1];
    assert_eq!(access["target"], "bantin::access");
    assert_eq!(access["request_id"], "portal-7f3a.1");
    assert_eq!(access["spans"][0]["method"], "POST");
    assert_eq!(access["spans"][0]["path"], "/graphql");
    assert_eq!(access["status"], 200);
    assert_eq!(access["operation_type"], "mutation");
    assert_eq!(access["operation"], "SignIn");
    assert_eq!(access["bytes"], sent.len());
    assert_eq!(access["complete"], true);
    assert!(access["duration_ms"].as_f64().unwrap() > 0.0);

    let counters = of(&made);
    assert_eq!(counters.len(), 1, "{counters:#?}");
    assert_eq!(counters[0]["operation"], "Counters");
    assert_eq!(counters[0]["level"], "INFO");
    server.stop();
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn text_logs_are_plain_without_a_terminal() {
    let db = TestDb::new().await;
    let (server, path) = logged_instance(&db, &[]).await;
    let resp = send(
        &server.addr,
        &[("x-request-id", "plain-1")],
        json!({ "query": "{ siteStats { today } }" }),
    )
    .await;
    resp.bytes().await.unwrap();
    let lines = log_lines(&path, |t| t.contains("plain-1")).await;
    let line = lines.iter().find(|l| l.contains("plain-1")).unwrap();
    assert!(line.contains("request_id=plain-1"), "{line}");
    assert!(
        line.contains("status=200") && line.contains("operation_type=\"query\""),
        "{line}"
    );
    assert!(
        !lines.iter().any(|l| l.contains('\x1b')),
        "colour codes in a file"
    );
    assert!(!lines.iter().any(|l| l.starts_with('{')));
    server.stop();
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn an_unknown_log_format_stops_the_start_with_a_clear_message() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["migrate", "status"])
        .env("BANTIN_LOG_FORMAT", "xml")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("BANTIN_LOG_FORMAT") && err.contains("text or json"),
        "{err}"
    );
}

fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.parse().unwrap())
}

#[tokio::test]
async fn metrics_show_latency_per_operation_pool_and_visit_backlog() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    // Visits stay in memory for this test: the backlog is what is shown.
    config.visit_flush_interval = Duration::from_secs(3600);
    let app = TestApp::with_config(db, config).await;
    for _ in 0..2 {
        let resp = app
            .post("query Home { categories { name } }", json!({}), None)
            .await;
        assert_eq!(resp.status, StatusCode::OK);
    }
    // Answered from the response cache: still timed under its name.
    assert_eq!(
        app.post("query Home { categories { name } }", json!({}), None)
            .await
            .headers["x-cache"],
        "HIT"
    );
    app.post("{ siteStats { today } }", json!({}), None).await;
    let visit = app
        .request(
            Request::post("/api/visit")
                .header("content-type", "application/json")
                .header(
                    "user-agent",
                    "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                )
                .body(Body::from(r#"{"path":"/"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(visit.status, StatusCode::NO_CONTENT, "{}", visit.text);
    tokio::time::sleep(Duration::from_millis(20)).await;

    let text = app.get("/metrics", "text/plain").await.text;
    let op = |name: &str, suffix: &str| {
        metric(
            &text,
            &format!(
                "bantin_graphql_operation_duration_seconds{suffix}{{type=\"query\",operation=\"{name}\"{}}}",
                if suffix == "_bucket" {
                    ",le=\"+Inf\""
                } else {
                    ""
                }
            ),
        )
    };
    assert_eq!(op("Home", "_count"), Some(3.0), "{text}");
    assert_eq!(op("Home", "_bucket"), Some(3.0));
    assert!(op("Home", "_sum").unwrap() > 0.0);
    assert_eq!(op("anonymous", "_count"), Some(1.0));
    // Buckets are cumulative and end at the count.
    let buckets: Vec<f64> = text
        .lines()
        .filter(|l| l.starts_with("bantin_graphql_operation_duration_seconds_bucket{type=\"query\",operation=\"Home\""))
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(buckets.len(), 15);
    assert!(buckets.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        metric(
            &text,
            "bantin_http_request_duration_seconds_count{status=\"2xx\"}"
        )
        .unwrap()
            >= 5.0
    );
    assert!(metric(&text, "bantin_db_pool_connections").unwrap() >= 1.0);
    assert!(metric(&text, "bantin_db_pool_idle_connections").is_some());
    assert_eq!(metric(&text, "bantin_db_pool_max_connections"), Some(8.0));
    assert_eq!(metric(&text, "bantin_visits_pending"), Some(1.0));
    assert!(metric(&text, "bantin_visits_flush_lag_seconds").unwrap() > 0.0);
    assert!(metric(&text, "bantin_response_cache_hits_total").unwrap() >= 1.0);
    let build = format!(
        "bantin_build_info{{version=\"{}\"}}",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(metric(&text, &build), Some(1.0));
}

#[tokio::test]
async fn operation_names_in_metrics_are_bounded() {
    let app = TestApp::spawn().await;
    for i in 0..bantin::metrics::OPERATION_NAMES + 20 {
        app.post(
            &format!("query Name{i} {{ siteStats {{ today }} }}"),
            json!({}),
            None,
        )
        .await;
    }
    let text = app.get("/metrics", "text/plain").await.text;
    let names: std::collections::HashSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("bantin_graphql_operation_duration_seconds_count{"))
        .collect();
    assert_eq!(
        names.len(),
        bantin::metrics::OPERATION_NAMES + 1,
        "{names:?}"
    );
    assert_eq!(
        metric(
            &text,
            "bantin_graphql_operation_duration_seconds_count{type=\"query\",operation=\"other\"}"
        ),
        Some(20.0)
    );
}

#[tokio::test]
async fn metrics_token_guards_the_metrics() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.observe.metrics_token = Some("scrape-me-8d1c".into());
    let app = TestApp::with_config(db, config).await;
    let get = |auth: Option<&str>| {
        let mut req = Request::get("/metrics");
        if let Some(auth) = auth {
            req = req.header("authorization", auth);
        }
        app.request(req.body(Body::empty()).unwrap())
    };
    let refused = get(None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.headers.contains_key("www-authenticate"));
    assert!(!refused.text.contains("bantin_"));
    assert_eq!(
        get(Some("Bearer scrape-me-8d1")).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(Some("scrape-me-8d1c")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let ok = get(Some("Bearer scrape-me-8d1c")).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.text.contains("bantin_db_pool_connections"));
}

/// An OTLP/HTTP collector on a local socket: the bodies it is sent.
async fn collector() -> (String, Arc<Mutex<Vec<(HeaderMap, Bytes)>>>) {
    let got: Arc<Mutex<Vec<(HeaderMap, Bytes)>>> = Arc::default();
    let keep = got.clone();
    let app = Router::new().route(
        "/v1/traces",
        post(move |headers: HeaderMap, body: Bytes| async move {
            keep.lock().unwrap().push((headers, body));
            StatusCode::OK
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn traces_go_out_over_otlp_and_continue_the_callers_trace() {
    let (endpoint, got) = collector().await;
    let db = TestDb::new().await;
    let server = Instance::start_with(
        &db.url,
        &[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint),
            // Sent within a tenth of a second rather than five.
            ("OTEL_BSP_SCHEDULE_DELAY", "100"),
        ],
    )
    .await;
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let resp = send(
        &server.addr,
        &[("traceparent", &format!("00-{trace_id}-00f067aa0ba902b7-01"))],
        json!({ "query": "query Traced { categories { name } }" }),
    )
    .await;
    assert_eq!(resp.status(), 200);
    resp.bytes().await.unwrap();
    let raw_id: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&trace_id[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let mut found = false;
    for _ in 0..100 {
        found = got.lock().unwrap().iter().any(|(headers, body)| {
            headers["content-type"] == "application/x-protobuf"
                && contains(body, b"bantin")
                && contains(body, &raw_id)
                && contains(body, b"/graphql")
        });
        if found {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(found, "no span of the caller's trace reached the collector");
    server.stop();
}
