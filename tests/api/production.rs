//! Production concerns: migrations both ways, the database going away and
//! coming back, and several instances sharing one database.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use bantin::config::Config;
use migration::{Migrator, MigratorTrait};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{Art, Instance, TestApp, TestDb, backend, error_code, post_to};

#[tokio::test]
async fn every_migration_rolls_back_and_applies_again() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let applied = Migrator::get_applied_migrations(db).await.unwrap();
    // Every one of migration/src/lib.rs, in order.
    assert_eq!(applied.len(), Migrator::migrations().len());
    assert!(applied.len() >= 21);
    assert_eq!(
        applied
            .iter()
            .map(|m| m.name().to_owned())
            .collect::<Vec<_>>(),
        Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect::<Vec<_>>()
    );
    Migrator::down(db, None).await.unwrap();
    assert_eq!(Migrator::get_applied_migrations(db).await.unwrap().len(), 0);
    Migrator::up(db, None).await.unwrap();
    assert_eq!(
        Migrator::get_applied_migrations(db).await.unwrap().len(),
        applied.len()
    );
    // And the app works on the re-created schema.
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Sau khi di trú lại", cat)).await;
    assert_eq!(
        app.data("{ articles { totalCount } }", json!({})).await["articles"]["totalCount"],
        1
    );
}

/// A TCP proxy in front of PostgreSQL that the test can cut and restore,
/// standing in for a database that goes away (the machine's server itself is
/// never stopped).
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    /// Hung: connections stay open and nothing passes either way, like a
    /// database server that stopped answering without closing anything.
    hung: Arc<AtomicBool>,
    generation: Arc<std::sync::atomic::AtomicU64>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let hung = Arc::new(AtomicBool::new(false));
        let generation = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (up2, hung2, gen2) = (up.clone(), hung.clone(), generation.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    return;
                };
                if !up2.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let target = target.clone();
                let (up3, hung3, gen3) = (up2.clone(), hung2.clone(), gen2.clone());
                let born = gen3.load(Ordering::SeqCst);
                tokio::spawn(async move {
                    let hold = || async {
                        while hung3.load(Ordering::SeqCst) {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    };
                    // Accepted while hung: held open, never connected.
                    hold().await;
                    let Ok(mut outbound) = TcpStream::connect(&target).await else {
                        return;
                    };
                    let copy = tokio::io::copy_bidirectional(&mut inbound, &mut outbound);
                    tokio::pin!(copy);
                    loop {
                        tokio::select! {
                            _ = &mut copy => return,
                            () = tokio::time::sleep(Duration::from_millis(50)) => {
                                // A cut kills connections made before it.
                                if !up3.load(Ordering::SeqCst) || gen3.load(Ordering::SeqCst) != born {
                                    return;
                                }
                                if hung3.load(Ordering::SeqCst) {
                                    // Nothing passes (the copy is not polled);
                                    // afterwards the connection is dropped.
                                    hold().await;
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
        Proxy {
            port,
            up,
            hung,
            generation,
        }
    }

    fn hang(&self) {
        self.hung.store(true, Ordering::SeqCst);
    }

    fn unhang(&self) {
        self.hung.store(false, Ordering::SeqCst);
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// An app on a fresh PostgreSQL database reached through a [`Proxy`], with
/// a request timeout (1 s) shorter than one pool wait (3 s), so the request
/// timeout is what ends requests; visits written through. `adjust` changes
/// the rest of the configuration.
async fn app_through_a_proxy(adjust: impl FnOnce(&mut Config)) -> (TestApp, Proxy) {
    let db = TestDb::new().await;
    let proxy = Proxy::start("127.0.0.1:5432".into()).await;
    let url = db
        .url
        .replace("127.0.0.1:5432", &format!("127.0.0.1:{}", proxy.port));
    let mut config = Config::for_database(url);
    config.db_timeout = Duration::from_secs(3);
    config.request_timeout = Duration::from_secs(1);
    config.visit_flush_interval = Duration::ZERO;
    adjust(&mut config);
    (TestApp::with_config(db, config).await, proxy)
}

/// A database that stops answering without closing anything (a hung
/// server, a network that drops packets) is the hard case: nothing fails by
/// itself. Every request must still end within the request timeout, with a
/// coded error, and the service must come back when the database does.
#[tokio::test]
async fn when_the_database_hangs_requests_end_within_the_timeout() {
    if backend() != "postgres" {
        eprintln!("SKIPPED on SQLite: an embedded database cannot hang on the network");
        return;
    }
    let (app, proxy) = app_through_a_proxy(|c| c.response_cache_bytes = None).await;
    let token = app.user_token("bientap", bantin::auth::Role::Editor).await;
    let q = "{ articles { totalCount } }";
    assert_eq!(app.data(q, json!({})).await["articles"]["totalCount"], 0);

    proxy.hang();
    // The proxy looks at its flag every 50 ms.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let write = r#"mutation { createCategory(input: { name: "Lúc treo" }) { id } }"#;
    for (what, token) in [("read", None), ("write", Some(token.as_str()))] {
        // A read that must reach the database (totals are kept in memory).
        let read = r#"{ article(slug: "chua-co") { id } }"#;
        let query = if token.is_some() { write } else { read };
        let started = Instant::now();
        let r = app.post(query, json!({}), token).await;
        let took = started.elapsed();
        assert!(took < Duration::from_millis(2500), "{what} took {took:?}");
        assert_eq!(r.status.as_u16(), 503, "{what}: {}", r.text);
        assert_eq!(error_code(&r.body), "INTERNAL", "{what}: {}", r.text);
    }
    // The probe answers at once, whatever the database does.
    let started = Instant::now();
    app.get("/readyz", "*/*").await;
    assert!(started.elapsed() < Duration::from_millis(200));

    proxy.unhang();
    let mut back = false;
    for _ in 0..50 {
        let r = app.post(q, json!({}), None).await;
        if r.status.is_success() && r.body["data"]["articles"]["totalCount"] == 0 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(back, "the service did not come back");
    // The write that timed out was never committed.
    let cats = app.data("{ categories { name } }", json!({})).await;
    assert_eq!(cats["categories"], json!([]), "{cats}");
}

#[tokio::test]
async fn when_the_database_goes_away_requests_fail_fast_and_service_recovers() {
    if backend() != "postgres" {
        eprintln!("SKIPPED on SQLite: an embedded database cannot go away");
        return;
    }
    let (app, proxy) = app_through_a_proxy(|_| {}).await;
    let token = app.user_token("bientap", bantin::auth::Role::Editor).await;
    let q = "{ articles { totalCount } }";
    assert_eq!(app.data(q, json!({})).await["articles"]["totalCount"], 0);
    let visit = "mutation { recordVisit(path: \"/\") }";
    assert_eq!(app.gql(visit, json!({})).await["data"]["recordVisit"], true);

    proxy.cut();
    // The probe answers at once from what it last found, and soon says 503.
    let deadline = Instant::now() + Duration::from_secs(6);
    loop {
        let started = Instant::now();
        let ready = app.get("/readyz", "*/*").await;
        assert!(
            started.elapsed() < Duration::from_millis(100),
            "readyz took {:?}",
            started.elapsed()
        );
        if ready.status.as_u16() == 503 {
            break;
        }
        assert!(Instant::now() < deadline, "readyz never said 503");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every request fails within the request timeout, pool waits included.
    let within = |started: Instant| {
        assert!(
            started.elapsed() < Duration::from_millis(1500),
            "took {:?}",
            started.elapsed()
        );
    };
    let started = Instant::now();
    let body = app.gql(q, json!({})).await;
    within(started);
    assert_eq!(error_code(&body), "INTERNAL");
    let text = body.to_string().to_lowercase();
    assert!(
        !text.contains("connection") && !text.contains("sqlx"),
        "leaked: {text}"
    );
    // A valid token during an outage: 503, never 401 (clients that see 401
    // sign their users out).
    let started = Instant::now();
    let signed_in = app.post(q, json!({}), Some(&token)).await;
    within(started);
    assert_eq!(signed_in.status.as_u16(), 503, "{}", signed_in.text);
    assert_eq!(error_code(&signed_in.body), "INTERNAL");
    // A visit that could not be written through says so, and is not
    // counted later behind the client's back.
    let started = Instant::now();
    let lost = app.gql(visit, json!({})).await;
    within(started);
    assert_eq!(error_code(&lost), "INTERNAL", "{lost}");

    proxy.restore();
    let mut recovered = false;
    for _ in 0..50 {
        if app.get("/readyz", "*/*").await.status.as_u16() == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "readyz did not recover");
    assert_eq!(app.data(q, json!({})).await["articles"]["totalCount"], 0);
    app.gql(visit, json!({})).await;
    let stats = app.data("{ siteStats { allTime } }", json!({})).await;
    assert_eq!(
        stats["siteStats"]["allTime"], 2,
        "the refused visit was counted"
    );
}

#[tokio::test]
async fn two_instances_share_content_and_count_visits_exactly() {
    let db = TestDb::new().await;
    // Migrate and create an editor before the instances start.
    let setup = TestApp::attach(Config::for_database(db.url.clone())).await;
    bantin::service::user::create(
        &setup.state.db,
        &bantin::service::access::Viewer::System,
        bantin::service::user::NewUser {
            username: "bientap".into(),
            display_name: None,
            role: bantin::auth::Role::Editor,
            password: "mat-khau-dai-123".into(),
        },
    )
    .await
    .unwrap();
    let cat = setup.category("Tin tức", None).await;
    let a = Instance::start(&db.url).await;
    let b = Instance::start(&db.url).await;

    // Signed in on A, the token works on B (shared secret), and what A
    // writes B reads at once.
    let login = a
        .gql("mutation { login(username: \"bientap\", password: \"mat-khau-dai-123\") { accessToken } }", json!({}), None)
        .await;
    let token = login["data"]["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let created = a
        .gql(
            "mutation($c: ID!) { createArticle(input: { title: \"Viết ở A\", body: \"<p>x</p>\", categoryId: $c }) { id } }",
            json!({ "c": cat.to_string() }),
            Some(&token),
        )
        .await;
    let id = created["data"]["createArticle"]["id"].clone();
    let by_id = "query($id: ID) { article(id: $id) { title status } }";
    if backend() == "postgres" {
        // A keeps the public answer (no such article yet) in memory...
        for _ in 0..3 {
            let r = a.gql(by_id, json!({ "id": id }), None).await;
            assert!(r.get("errors").is_none() && r["data"].is_object(), "{r}");
            assert_eq!(r["data"]["article"], serde_json::Value::Null, "{r}");
        }
    }
    b.gql(
        "mutation($id: ID!) { publishArticle(id: $id) { id } }",
        json!({ "id": id }),
        Some(&token),
    )
    .await;
    // ...and drops it when B publishes (on PostgreSQL, by NOTIFY; one SQLite
    // file is meant for one process, see the README).
    let deadline = std::time::Instant::now() + Duration::from_secs(1);
    let read = loop {
        let read = a.gql(by_id, json!({ "id": id }), None).await;
        if read["data"]["article"]["status"] == "PUBLISHED" || std::time::Instant::now() > deadline
        {
            break read;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(read["data"]["article"]["status"], "PUBLISHED", "{read}");

    // Both take hits concurrently; the totals are exact.
    let record = "mutation($id: ID) { recordVisit(path: \"/\", kind: ARTICLE, id: $id) }";
    let mut tasks = Vec::new();
    for inst in [&a, &b] {
        for _ in 0..4 {
            let addr = inst.addr.clone();
            let id = id.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..25 {
                    let r = post_to(&addr, record, json!({ "id": id }), None).await;
                    assert_eq!(r["data"]["recordVisit"], true);
                }
            }));
        }
    }
    for t in tasks {
        t.await.unwrap();
    }
    a.stop();
    b.stop();
    let stats = setup
        .data(
            "query($id: ID) { siteStats { allTime } article(id: $id) { viewCount } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(stats["siteStats"]["allTime"], 200);
    assert_eq!(stats["article"]["viewCount"], 200);
    drop(db);
}

#[tokio::test]
async fn a_graceful_stop_ends_by_its_deadline_whatever_a_client_does() {
    use tokio::io::AsyncWriteExt;
    let db = TestDb::new().await;
    let mut instance =
        Instance::start_with(&db.url, &[("BANTIN_SHUTDOWN_TIMEOUT_SECS", "1")]).await;
    // A client that starts a request and never finishes it.
    let mut slow = TcpStream::connect(&instance.addr).await.unwrap();
    slow.write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Le")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = std::time::Instant::now();
    std::process::Command::new("kill")
        .args(["-TERM", &instance.child.id().to_string()])
        .status()
        .unwrap();
    let status = loop {
        if let Some(status) = instance.child.try_wait().unwrap() {
            break status;
        }
        if asked.elapsed() > Duration::from_secs(10) {
            let _ = instance.child.kill();
            panic!("still running 10 s after SIGTERM with a 1 s deadline");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status}");
    assert!(
        asked.elapsed() < Duration::from_secs(4),
        "{:?}",
        asked.elapsed()
    );
    drop(slow);
}

#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_while_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let db = TestDb::new().await;
    let mut instance = Instance::start_with(
        &db.url,
        &[
            ("BANTIN_HEADER_TIMEOUT_SECS", "1"),
            ("BANTIN_IDLE_TIMEOUT_SECS", "2"),
            ("BANTIN_MAX_CONNECTIONS", "20"),
        ],
    )
    .await;
    let ok = |r: &serde_json::Value| r["data"]["__typename"] == "Query";
    // Ten slow clients, each dripping a header byte every 300 ms.
    let mut slow = Vec::new();
    for _ in 0..10 {
        let mut s = TcpStream::connect(&instance.addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
        slow.push(s);
    }
    let started = std::time::Instant::now();
    let mut closed = vec![false; slow.len()];
    while started.elapsed() < Duration::from_secs(4) && closed.iter().any(|c| !c) {
        for (s, closed) in slow.iter_mut().zip(closed.iter_mut()) {
            if !*closed && s.write_all(b"X").await.is_err() {
                *closed = true;
            }
        }
        // Readers are served meanwhile.
        assert!(ok(&post_to(
            &instance.addr,
            "{ __typename }",
            json!({}),
            None
        )
        .await));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    for s in &mut slow {
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(Duration::from_secs(1), s.read(&mut buf)).await;
        assert!(
            matches!(read, Ok(Ok(0) | Err(_))),
            "a slow client is still connected: {read:?}"
        );
    }
    drop(slow);
    // Twenty idle connections fill every slot: a new client waits for the
    // idle timeout to free one, then is served; the process never runs out.
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(&instance.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked = std::time::Instant::now();
    assert!(ok(&post_to(
        &instance.addr,
        "{ __typename }",
        json!({}),
        None
    )
    .await));
    let waited = asked.elapsed();
    assert!(
        waited > Duration::from_millis(500) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
    drop(idle);
    let _ = instance.child.kill();
    let _ = instance.child.wait();
}
