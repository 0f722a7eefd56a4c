//! Live subscriptions over real sockets: a WebSocket (graphql-transport-ws)
//! and Server-Sent Events each hear a publish made through another
//! connection, or another instance; limits, refusals and shutdown.

use std::time::Duration;

use bantin::{auth::Role, config::Config};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    sync::oneshot,
};
use tokio_tungstenite::tungstenite::{self, Message, client::IntoClientRequest};

use crate::helpers::{Instance, TestApp, TestDb, post_to};

/// The app served on a real socket in this process, as `bantin serve`
/// serves it; stopped (as by SIGTERM) when `stop` is sent.
struct Served {
    addr: String,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn serve(app: &TestApp) -> Served {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = oneshot::channel::<()>();
    let done = tokio::spawn(bantin::http::serve_on(listener, app.state.clone(), async {
        let _ = rx.await;
    }));
    Served {
        addr,
        stop: Some(tx),
        done,
    }
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

async fn connect(addr: &str) -> Result<Ws, tungstenite::Error> {
    let mut req = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (ws, resp) = tokio_tungstenite::connect_async(req).await?;
    assert_eq!(
        resp.headers()["sec-websocket-protocol"],
        "graphql-transport-ws"
    );
    Ok(ws)
}

async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

/// The next protocol message (JSON), skipping pings; `None` on close.
async fn next(ws: &mut Ws) -> Option<Value> {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a message within 10 s")?
            .ok()?;
        match m {
            Message::Text(t) => return Some(serde_json::from_str(&t).unwrap()),
            Message::Close(frame) => {
                return Some(json!({ "closed": frame.map(|f| u16::from(f.code)) }));
            }
            _ => {}
        }
    }
}

async fn editor_token(app: &TestApp) -> String {
    app.user_token("bientap", Role::Editor).await
}

/// Creates and publishes an article over its own connection to `addr`.
async fn publish(addr: &str, token: &str, category: i64, title: &str) -> Value {
    let made = post_to(
        addr,
        "mutation($c: ID!, $t: String!) { createArticle(input: { title: $t, body: \"<p>Tin nóng.</p>\", categoryId: $c }) { id slug } }",
        json!({ "c": category.to_string(), "t": title }),
        Some(token),
    )
    .await;
    let id = made["data"]["createArticle"]["id"].clone();
    let published = post_to(
        addr,
        "mutation($id: ID!) { publishArticle(id: $id) { id } }",
        json!({ "id": id }),
        Some(token),
    )
    .await;
    assert!(published.get("errors").is_none(), "{published}");
    made["data"]["createArticle"].clone()
}

#[tokio::test]
async fn a_websocket_hears_a_publish_made_elsewhere_and_closes_on_shutdown() {
    let app = TestApp::spawn().await;
    let token = editor_token(&app).await;
    let cat = app.category("Thời sự", None).await;
    let mut served = serve(&app).await;
    let mut ws = connect(&served.addr).await.unwrap();
    send(&mut ws, json!({ "type": "connection_init", "payload": {} })).await;
    assert_eq!(next(&mut ws).await.unwrap()["type"], "connection_ack");
    send(
        &mut ws,
        json!({ "id": "1", "type": "subscribe", "payload": { "query":
            "subscription { contentChanged(kinds: [ARTICLE]) { kind op slug cursor node { ... on Article { title } } } }" } }),
    )
    .await;
    // Let the subscription start before anything is written.
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A category change is of another kind: not sent.
    post_to(
        &served.addr,
        "mutation { createCategory(input: { name: \"Văn hóa\" }) { id } }",
        json!({}),
        Some(&token),
    )
    .await;
    let made = publish(&served.addr, &token, cat, "Lễ hội đường phố").await;
    let got = next(&mut ws).await.unwrap();
    assert_eq!(got["type"], "next", "{got}");
    assert_eq!(got["id"], "1");
    let change = &got["payload"]["data"]["contentChanged"];
    assert_eq!(change["kind"], "ARTICLE");
    assert_eq!(change["op"], "UPSERT");
    assert_eq!(change["slug"], made["slug"]);
    assert_eq!(change["node"]["title"], "Lễ hội đường phố");
    // The cursor is the log's: `changes(after:)` reads on from it.
    let after = app
        .data(
            "query($a: String) { changes(after: $a) { items { id } } }",
            json!({ "a": change["cursor"] }),
        )
        .await;
    assert_eq!(after["changes"]["items"], json!([]));

    // Mutations are refused here, with a pointer to where they go.
    send(
        &mut ws,
        json!({ "id": "2", "type": "subscribe", "payload": { "query": "mutation { logout }" } }),
    )
    .await;
    let refused = next(&mut ws).await.unwrap();
    assert_eq!(refused["id"], "2", "{refused}");
    assert!(refused.to_string().contains("POST /graphql"), "{refused}");

    // SIGTERM-like stop: the socket is closed as "going away".
    served.stop.take().unwrap().send(()).unwrap();
    let mut closed = None;
    while let Some(m) = next(&mut ws).await {
        if m.get("closed").is_some() {
            closed = Some(m);
            break;
        }
    }
    assert_eq!(closed, Some(json!({ "closed": 1001 })));
    tokio::time::timeout(Duration::from_secs(10), served.done)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}

/// Reads from a raw HTTP stream until `needle` has arrived (10 s at most).
async fn read_until(s: &mut TcpStream, seen: &mut String, needle: &str) {
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains(needle) {
        let n = tokio::time::timeout_at(deadline, s.read(&mut buf))
            .await
            .unwrap_or_else(|_| panic!("no {needle:?} in {seen}"))
            .unwrap();
        assert!(n > 0, "closed before {needle:?}: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

async fn open_events(addr: &str, query: &str) -> (TcpStream, String) {
    let body = json!({ "query": query }).to_string();
    let req = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut seen = String::new();
    read_until(&mut s, &mut seen, "\r\n\r\n").await;
    (s, seen)
}

#[tokio::test]
async fn server_sent_events_hear_a_publish_and_complete_on_shutdown() {
    let app = TestApp::spawn().await;
    let token = editor_token(&app).await;
    let cat = app.category("Kinh tế", None).await;
    let mut served = serve(&app).await;
    let (mut s, mut seen) = open_events(
        &served.addr,
        "subscription { contentChanged { kind op slug } }",
    )
    .await;
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(
        seen.to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{seen}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let made = publish(&served.addr, &token, cat, "Chợ phiên cuối năm").await;
    read_until(&mut s, &mut seen, "event: next").await;
    read_until(&mut s, &mut seen, made["slug"].as_str().unwrap()).await;
    assert!(seen.contains(r#""op":"UPSERT""#), "{seen}");

    // Queries go to the ordinary endpoint: refused here, with a pointer.
    let (mut q, mut answer) = open_events(&served.addr, "{ categories { name } }").await;
    read_until(&mut q, &mut answer, "event: complete").await;
    assert!(answer.contains("POST /graphql"), "{answer}");

    served.stop.take().unwrap().send(()).unwrap();
    read_until(&mut s, &mut seen, "event: complete").await;
    tokio::time::timeout(Duration::from_secs(10), served.done)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn subscriptions_over_plain_json_are_pointed_to_the_streams() {
    let app = TestApp::spawn().await;
    let r = app
        .gql("subscription { contentChanged { slug } }", json!({}))
        .await;
    assert_eq!(
        r["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{r}"
    );
    assert!(r.to_string().contains("text/event-stream"), "{r}");
}

#[tokio::test]
async fn live_connections_are_limited_per_client_and_counters_stream() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.live.per_client = 1;
    let app = TestApp::with_config(db, config).await;
    let served = serve(&app).await;
    let mut ws = connect(&served.addr).await.unwrap();
    let metrics = app.get("/metrics", "text/plain").await.text;
    assert!(
        metrics.contains("\nbantin_live_connections 1\n"),
        "{metrics}"
    );
    match connect(&served.addr).await {
        Err(tungstenite::Error::Http(resp)) => assert_eq!(resp.status(), 429),
        other => panic!(
            "a second connection from one client: {:?}",
            other.map(|_| ())
        ),
    }
    send(&mut ws, json!({ "type": "connection_init" })).await;
    assert_eq!(next(&mut ws).await.unwrap()["type"], "connection_ack");
    send(
        &mut ws,
        json!({ "id": "s", "type": "subscribe", "payload": { "query": "subscription { siteStats { today allTime } }" } }),
    )
    .await;
    let first = next(&mut ws).await.unwrap();
    assert_eq!(
        first["payload"]["data"]["siteStats"]["allTime"], 0,
        "{first}"
    );
    post_to(
        &served.addr,
        "mutation { recordVisit(path: \"/\") }",
        json!({}),
        None,
    )
    .await;
    let moved = next(&mut ws).await.unwrap();
    assert_eq!(
        moved["payload"]["data"]["siteStats"]["allTime"], 1,
        "{moved}"
    );
    // Closing frees the place.
    ws.close(None).await.unwrap();
    let mut again = None;
    for _ in 0..50 {
        if let Ok(ws) = connect(&served.addr).await {
            again = Some(ws);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(again.is_some(), "the place was not freed");
}

#[tokio::test]
async fn a_bad_token_in_connection_init_is_refused() {
    let app = TestApp::spawn().await;
    let served = serve(&app).await;
    let mut ws = connect(&served.addr).await.unwrap();
    send(
        &mut ws,
        json!({ "type": "connection_init", "payload": { "Authorization": "Bearer not-a-token" } }),
    )
    .await;
    // 4403 Forbidden, as graphql-transport-ws says for a refused init:
    // clients then sign in again rather than report a protocol bug.
    let got = next(&mut ws).await.unwrap();
    assert_eq!(got, json!({ "closed": 4403 }));
}

#[tokio::test]
async fn a_publish_on_one_instance_reaches_a_subscriber_of_another() {
    let db = TestDb::new().await;
    let setup = TestApp::attach(Config::for_database(db.url.clone())).await;
    setup.user_token("bientap", Role::Editor).await;
    let cat = setup.category("Thể thao", None).await;
    let a = Instance::start(&db.url).await;
    let b = Instance::start(&db.url).await;
    let login = b
        .gql(
            "mutation { login(username: \"bientap\", password: \"bientap-password-123\") { accessToken } }",
            json!({}),
            None,
        )
        .await;
    let token = login["data"]["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let (mut s, mut seen) =
        open_events(&a.addr, "subscription { contentChanged { slug op } }").await;
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let made = publish(&b.addr, &token, cat, "Giải bóng đá thiếu niên").await;
    let started = std::time::Instant::now();
    read_until(&mut s, &mut seen, made["slug"].as_str().unwrap()).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    a.stop();
    b.stop();
}

#[tokio::test]
async fn heartbeats_keep_quiet_streams_open_past_the_idle_timeout() {
    let db = TestDb::new().await;
    let setup = TestApp::attach(Config::for_database(db.url.clone())).await;
    let token = setup.user_token("bientap", Role::Editor).await;
    let cat = setup.category("Đời sống", None).await;
    let server = Instance::start_with(
        &db.url,
        &[
            ("BANTIN_IDLE_TIMEOUT_SECS", "2"),
            ("BANTIN_LIVE_HEARTBEAT_SECS", "1"),
        ],
    )
    .await;
    let (mut s, mut seen) =
        open_events(&server.addr, "subscription { contentChanged { slug } }").await;
    let mut ws = connect(&server.addr).await.unwrap();
    send(&mut ws, json!({ "type": "connection_init" })).await;
    assert_eq!(next(&mut ws).await.unwrap()["type"], "connection_ack");
    send(
        &mut ws,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { contentChanged { slug } }" } }),
    )
    .await;
    // Twice the idle timeout without a word from either client.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let login = post_to(
        &server.addr,
        "mutation { login(username: \"bientap\", password: \"bientap-password-123\") { accessToken } }",
        json!({}),
        None,
    )
    .await;
    let fresh = login["data"]["login"]["accessToken"]
        .as_str()
        .unwrap_or(&token)
        .to_owned();
    let made = publish(&server.addr, &fresh, cat, "Phố đi bộ mở cửa").await;
    read_until(&mut s, &mut seen, made["slug"].as_str().unwrap()).await;
    // Heartbeats arrived as SSE comments meanwhile.
    assert!(seen.contains("\n:"), "{seen}");
    let got = next(&mut ws).await.unwrap();
    assert_eq!(
        got["payload"]["data"]["contentChanged"]["slug"], made["slug"],
        "{got}"
    );
    server.stop();
}

#[tokio::test]
async fn hostile_documents_on_live_connections_are_refused_and_the_server_lives() {
    let app = TestApp::spawn().await;
    let served = serve(&app).await;
    let deep = format!(
        "subscription {{ contentChanged {}slug{} }}",
        "{ node { ... on Article { category ".repeat(400),
        " } } }".repeat(400)
    );
    let brackets = format!("subscription {}", "{".repeat(20_000));
    let mut ws = connect(&served.addr).await.unwrap();
    send(&mut ws, json!({ "type": "connection_init" })).await;
    assert_eq!(next(&mut ws).await.unwrap()["type"], "connection_ack");
    for (n, q) in [deep.as_str(), brackets.as_str()].into_iter().enumerate() {
        send(
            &mut ws,
            json!({ "id": n.to_string(), "type": "subscribe", "payload": { "query": q } }),
        )
        .await;
        let got = next(&mut ws).await.unwrap();
        assert_eq!(got["type"], "next", "{got}");
        assert_eq!(
            got["payload"]["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{got}"
        );
        let then = next(&mut ws).await.unwrap();
        assert_eq!(then, json!({ "id": n.to_string(), "type": "complete" }));
        let (mut s, mut seen) = open_events(&served.addr, q).await;
        read_until(&mut s, &mut seen, "event: complete").await;
        assert!(seen.contains("errors"), "{seen}");
    }
    // Not JSON, not a message: the socket closes, the server stays.
    ws.send(Message::Text("{\"type\": 42".into()))
        .await
        .unwrap();
    let _ = next(&mut ws).await;
    let alive = post_to(&served.addr, "{ categories { id } }", json!({}), None).await;
    assert_eq!(alive["data"]["categories"], json!([]));
}
