//! Visit counters: recording, periods in the site's time zone, visitors and
//! bots, most viewed, exactness under concurrency, and flush on shutdown.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use bantin::{
    auth::Role,
    config::Config,
    service::{publication::ContentKind, visit::Hit},
};
use chrono::{TimeDelta, TimeZone, Timelike, Utc};
use serde_json::json;

use crate::helpers::{Art, Instance, TestApp, TestDb, error_code, error_field};

const RECORD: &str = "mutation($p: String!, $k: ContentKind, $id: ID, $v: String) { recordVisit(path: $p, kind: $k, id: $id, visitorId: $v) }";
const STATS: &str = "{ siteStats { today thisMonth thisYear allTime online } }";

async fn flush(app: &TestApp) {
    app.flush_visits().await;
}

async fn stats(app: &TestApp) -> serde_json::Value {
    flush(app).await;
    app.data(STATS, json!({})).await["siteStats"].clone()
}

/// Moves the app's clock (forward only, so nothing already written becomes
/// future) out of the hour either side of local midnight: "today" and "this
/// month" then cannot turn over while a test counts.
fn away_from_midnight(app: &TestApp) {
    // Within the same local day as the wall clock: a fresh state's clock
    // may be set back (see `Clock::set`), and crossing into the next day
    // failed these tests between 23:00 and 01:00.
    let hour = app.now().with_timezone(&app.state.config.timezone).hour();
    if hour == 23 {
        app.advance(-2 * 3600);
    } else if hour == 0 {
        app.advance(2 * 3600);
    }
}

fn beacon(content_type: &str, body: &str) -> Request<Body> {
    Request::post("/api/visit")
        .header(header::CONTENT_TYPE, content_type)
        .header(
            header::USER_AGENT,
            "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile",
        )
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn visits_count_through_graphql_and_the_beacon_route() {
    let app = TestApp::spawn().await;
    away_from_midnight(&app);
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Bài được đọc", cat)).await.to_string();
    let r = app.gql(RECORD, json!({ "p": "/", })).await;
    assert_eq!(r["data"]["recordVisit"], true);
    app.gql(
        RECORD,
        json!({ "p": "/tin-tuc/bai-duoc-doc", "k": "ARTICLE", "id": id }),
    )
    .await;
    let json_beacon = app
        .request(beacon(
            "application/json",
            &format!(r#"{{"path":"/a","articleId":{id}}}"#),
        ))
        .await;
    assert_eq!(json_beacon.status, StatusCode::NO_CONTENT);
    let text_beacon = app
        .request(beacon(
            "text/plain;charset=UTF-8",
            &format!(r#"{{"path":"/b","kind":"article","id":"{id}"}}"#),
        ))
        .await;
    assert_eq!(text_beacon.status, StatusCode::NO_CONTENT);
    let form_beacon = app
        .request(beacon(
            "application/x-www-form-urlencoded",
            "path=%2Fc&visitorId=abc",
        ))
        .await;
    assert_eq!(form_beacon.status, StatusCode::NO_CONTENT);
    let bad = app
        .request(beacon("application/json", r#"{"nopath":1}"#))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // The same error shape as every route: a code and the offending field.
    assert_eq!(
        bad.body["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    assert_eq!(bad.body["errors"][0]["extensions"]["field"], "body");
    let unknown = app
        .request(beacon(
            "application/json",
            r#"{"path":"/x","kind":"poster","id":3}"#,
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.body["errors"][0]["extensions"]["field"], "kind");
    let s = stats(&app).await;
    assert_eq!(s["today"], 5);
    assert_eq!(s["thisMonth"], 5);
    assert_eq!(s["thisYear"], 5);
    assert_eq!(s["allTime"], 5);
    let a = app
        .data(
            "query($id: ID) { article(id: $id) { viewCount } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(a["article"]["viewCount"], 3);
}

#[tokio::test]
async fn bad_visits_are_refused_and_count_nothing() {
    let app = TestApp::spawn().await;
    for (vars, field) in [
        (json!({ "p": "khong-co-gach" }), "path"),
        (json!({ "p": "/", "k": "ARTICLE" }), "kind"),
        (json!({ "p": "/", "k": "ARTICLE", "id": "x" }), "id"),
        (json!({ "p": "/", "v": "" }), "visitorId"),
    ] {
        let r = app.gql(RECORD, vars.clone()).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{vars}");
        assert_eq!(r["errors"][0]["extensions"]["field"], field, "{vars}");
    }
    assert_eq!(stats(&app).await["allTime"], 0);
}

#[tokio::test]
async fn views_of_unpublished_or_missing_items_are_not_counted_on_them() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let draft = app.article(Art::new("Nháp", cat).draft()).await;
    app.gql(
        RECORD,
        json!({ "p": "/x", "k": "ARTICLE", "id": draft.to_string() }),
    )
    .await;
    app.gql(RECORD, json!({ "p": "/y", "k": "ARTICLE", "id": "987654" }))
        .await;
    assert_eq!(stats(&app).await["allTime"], 2);
    // The public cannot see a draft at all; an editor reads its counter.
    let editor = app.user_token("bientap", Role::Editor).await;
    let seen = app
        .gql_as(
            &editor,
            "query($id: ID) { article(id: $id) { status viewCount } }",
            json!({ "id": draft.to_string() }),
        )
        .await;
    assert!(seen.get("errors").is_none(), "{seen}");
    assert_eq!(seen["data"]["article"]["status"], "DRAFT", "{seen}");
    assert_eq!(seen["data"]["article"]["viewCount"], 0, "{seen}");
    let top = app
        .data("{ mostViewed(period: ALL) { views } }", json!({}))
        .await;
    assert_eq!(top["mostViewed"], json!([]));
}

#[tokio::test]
async fn days_turn_over_at_local_midnight_on_new_years_eve() {
    let app = TestApp::spawn().await;
    let hit = || Hit {
        path: "/",
        ..Default::default()
    };
    // Asia/Ho_Chi_Minh is UTC+7: 16:59 UTC is 23:59 local, 17:01 UTC is 00:01 local.
    let before = Utc.with_ymd_and_hms(2025, 12, 31, 16, 59, 0).unwrap();
    let after = Utc.with_ymd_and_hms(2025, 12, 31, 17, 1, 0).unwrap();
    app.state.visits.record_at(hit(), before).unwrap();
    app.state.visits.record_at(hit(), after).unwrap();
    app.state.visits.record_at(hit(), after).unwrap();
    flush(&app).await;
    let d = app
        .data(
            "{ siteStats { daily(from: \"2025-12-30\", to: \"2026-01-01\") { date visits } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        d["siteStats"]["daily"],
        json!([
            { "date": "2025-12-30", "visits": 0 },
            { "date": "2025-12-31", "visits": 1 },
            { "date": "2026-01-01", "visits": 2 }
        ])
    );
    let too_long = app
        .gql(
            "{ siteStats { daily(from: \"2020-01-01\", to: \"2026-01-01\") { date } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&too_long), "BAD_USER_INPUT");
}

#[tokio::test]
async fn online_counts_distinct_visitors_and_bots_count_nowhere() {
    let app = TestApp::spawn().await;
    away_from_midnight(&app);
    for v in ["doc-gia-1", "doc-gia-1", "doc-gia-2"] {
        app.gql(RECORD, json!({ "p": "/", "v": v })).await;
    }
    let bot = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            header::USER_AGENT,
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        )
        .body(Body::from(
            json!({ "query": RECORD, "variables": { "p": "/" } }).to_string(),
        ))
        .unwrap();
    let r = app.request(bot).await;
    assert_eq!(r.body["data"]["recordVisit"], false);
    let s = stats(&app).await;
    assert_eq!(s["allTime"], 3);
    assert_eq!(s["online"], 2);
}

#[tokio::test]
async fn most_viewed_ranks_items_within_a_period() {
    let app = TestApp::spawn().await;
    away_from_midnight(&app);
    let cat = app.category("Tin tức", None).await;
    let a = app.article(Art::new("Đọc nhiều", cat)).await.to_string();
    let b = app.article(Art::new("Đọc ít", cat)).await.to_string();
    app.article(Art::new("Cũ mà nhiều lượt", cat).views(1000))
        .await;
    for (id, n) in [(&a, 3), (&b, 1)] {
        for _ in 0..n {
            app.gql(RECORD, json!({ "p": "/", "k": "ARTICLE", "id": id }))
                .await;
        }
    }
    flush(&app).await;
    let q = "query($p: ViewPeriod) { mostViewed(kind: ARTICLE, period: $p, limit: 5) { views node { ... on Article { title } } } }";
    let day = app.data(q, json!({ "p": "DAY" })).await;
    assert_eq!(
        day["mostViewed"],
        json!([{ "views": 3, "node": { "title": "Đọc nhiều" } }, { "views": 1, "node": { "title": "Đọc ít" } }])
    );
    let all = app.data(q, json!({ "p": "ALL" })).await;
    assert_eq!(all["mostViewed"][0]["node"]["title"], "Cũ mà nhiều lượt");
    assert_eq!(all["mostViewed"][0]["views"], 1000);
}

async fn hammer(app: &TestApp, tasks: usize, each: usize, article: &str) {
    let mut handles = Vec::new();
    for t in 0..tasks {
        let router = app.router.clone();
        let article = article.to_owned();
        handles.push(tokio::spawn(async move {
            use tower::ServiceExt;
            for i in 0..each {
                let body = json!({ "query": RECORD, "variables": { "p": format!("/t{t}/{i}"), "k": "ARTICLE", "id": article } });
                let req = Request::post("/graphql")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap();
                let resp = router.clone().oneshot(req).await.unwrap();
                assert_eq!(resp.status(), StatusCode::OK);
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
}

const VIEWS: &str = "query($id: ID) { article(id: $id) { viewCount } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_hits_are_counted_exactly_when_batched() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.visit_flush_interval = std::time::Duration::from_millis(5);
    let app = TestApp::with_config(db, config).await;
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Nóng", cat)).await.to_string();
    hammer(&app, 16, 50, &id).await;
    // The final flush races the periodic ones: nothing lost, nothing twice.
    let s = stats(&app).await;
    assert_eq!(s["allTime"], 800);
    let a = app.data(VIEWS, json!({ "id": id })).await;
    assert_eq!(a["article"]["viewCount"], 800);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_hits_written_through_are_in_the_database_when_answered() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.visit_flush_interval = std::time::Duration::ZERO;
    let app = TestApp::with_config(db, config).await;
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Nóng", cat)).await.to_string();
    hammer(&app, 16, 50, &id).await;
    // No flush by hand: every answered hit must already be written.
    let s = app.data(STATS, json!({})).await["siteStats"].clone();
    assert_eq!(s["allTime"], 800, "{s}");
    let a = app.data(VIEWS, json!({ "id": id })).await;
    assert_eq!(a["article"]["viewCount"], 800);
}

#[tokio::test]
async fn the_periodic_flusher_writes_hits_without_help() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.visit_flush_interval = std::time::Duration::from_millis(200);
    let app = TestApp::with_config(db, config).await;
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Đọc nhiều", cat)).await.to_string();
    for _ in 0..3 {
        let r = app
            .gql(RECORD, json!({ "p": "/", "k": "ARTICLE", "id": id }))
            .await;
        assert_eq!(r["data"]["recordVisit"], true, "{r}");
    }
    // Never flushed by hand: only the background task can write them.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let s = app.data(STATS, json!({})).await["siteStats"].clone();
        let a = app.data(VIEWS, json!({ "id": id })).await;
        if s["allTime"] == 3 && a["article"]["viewCount"] == 3 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not written within 5 s: {s} {a}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn admins_carry_over_totals_from_a_previous_system() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    app.gql(RECORD, json!({ "p": "/" })).await;
    let q = "mutation { setVisitTotals(allTime: 1836946, thisYear: 302311) { allTime thisYear } }";
    assert_eq!(
        error_code(&app.gql_as(&editor, q, json!({})).await),
        "FORBIDDEN"
    );
    let set = app.gql_as(&admin, q, json!({})).await;
    assert_eq!(
        set["data"]["setVisitTotals"],
        json!({ "allTime": 1836946, "thisYear": 302311 })
    );
    app.gql(RECORD, json!({ "p": "/" })).await;
    let s = stats(&app).await;
    assert_eq!(s["allTime"], 1836947);
    assert_eq!(s["thisYear"], 302312);
    // Past 2^31, still an exact JSON number.
    let big = app
        .gql_as(
            &admin,
            "mutation { setVisitTotals(allTime: 5000000000) { allTime } }",
            json!({}),
        )
        .await;
    assert_eq!(big["data"]["setVisitTotals"]["allTime"], 5_000_000_000u64);
    // Figures that do not nest are refused, against each other and against
    // the live ones, and change nothing.
    for (bad, field) in [
        ("thisMonth: 400000", "thisMonth"),
        ("thisYear: 6000000000", "thisYear"),
        ("today: 10, thisMonth: 5", "today"),
        ("allTime: 10", "allTime"),
    ] {
        let q = format!("mutation {{ setVisitTotals({bad}) {{ allTime }} }}");
        let refused = app.gql_as(&admin, &q, json!({})).await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{bad}: {refused}");
        assert_eq!(error_field(&refused), field, "{bad}");
    }
    let s = stats(&app).await;
    assert_eq!(
        (s["allTime"].as_u64(), s["thisYear"].as_u64()),
        (Some(5_000_000_000), Some(302312))
    );
    let month = s["thisMonth"].as_u64().unwrap();
    assert!(month <= 302312 && s["today"].as_u64().unwrap() <= month);
}

#[tokio::test]
async fn a_graceful_shutdown_writes_every_buffered_hit() {
    let db = TestDb::new().await;
    // Long enough that only the shutdown flush can write the hits.
    let server = Instance::start_with(&db.url, &[("BANTIN_VISIT_FLUSH_MS", "600000")]).await;
    let addr = server.addr.clone();
    for i in 0..25 {
        let body = format!(r#"{{"path":"/p{i}"}}"#);
        let req = format!(
            "POST /api/visit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.write_all(req.as_bytes()).unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        assert!(resp.starts_with("HTTP/1.1 204"), "{resp}");
    }
    server.stop();
    let url = db.url.clone();
    let app = TestApp::with_config(db, Config::for_database(url)).await;
    assert_eq!(app.data(STATS, json!({})).await["siteStats"]["allTime"], 25);
}

/// The shutdown flush must not return while a periodic flush is still
/// writing, or the process exits under it and that batch is lost.
#[tokio::test]
async fn a_flush_waits_for_the_one_already_writing() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.visit_flush_interval = std::time::Duration::from_secs(600);
    let app = TestApp::with_config(db, config).await;
    for i in 0..40 {
        let path = format!("/p{i}");
        let hit = Hit {
            path: &path,
            ..Hit::default()
        };
        app.state.visits.record_at(hit, Utc::now()).unwrap();
    }
    let (visits, conn) = (app.state.visits.clone(), app.state.db.clone());
    let periodic = tokio::spawn(async move { visits.flush(&conn).await });
    // Let the background flush take the batch and start its transaction.
    tokio::task::yield_now().await;
    flush(&app).await;
    let now = app.data(STATS, json!({})).await;
    assert_eq!(now["siteStats"]["allTime"], 40, "{now}");
    periodic.await.unwrap().expect("periodic flush");
}

/// Instances flush in any order: an older sighting written after a newer
/// one must not make a visitor look gone.
#[tokio::test]
async fn an_older_sighting_never_replaces_a_newer_one() {
    let app = TestApp::spawn().await;
    let hit = Hit {
        path: "/",
        visitor_id: Some("doc-gia-1"),
        ..Hit::default()
    };
    let now = Utc::now();
    app.state.visits.record_at(hit, now).unwrap();
    flush(&app).await;
    let late = now - chrono::TimeDelta::minutes(10);
    app.state.visits.record_at(hit, late).unwrap();
    let s = stats(&app).await;
    assert_eq!(s["online"], 1, "{s}");
    assert_eq!(s["allTime"], 2, "{s}");
}

/// While the database is away, batches grow; the flush after it comes back
/// must still fit the databases' limits on bound values per statement.
#[tokio::test]
async fn a_batch_of_any_size_is_written() {
    let app = TestApp::spawn().await;
    let now = Utc::now();
    for i in 0..40_000 {
        let visitor = format!("v{i}");
        let hit = Hit {
            path: "/",
            visitor_id: Some(&visitor),
            ..Hit::default()
        };
        app.state.visits.record_at(hit, now).unwrap();
    }
    let s = stats(&app).await;
    assert_eq!(s["allTime"], 40_000, "{s}");
    assert_eq!(s["online"], 40_000, "{s}");
}

#[tokio::test]
async fn views_of_videos_and_albums_count_on_them() {
    let app = TestApp::with_demo().await;
    away_from_midnight(&app);
    let ids = app
        .data(
            "{ videos(perPage: 1) { items { id } } galleries(perPage: 1) { items { id } } }",
            json!({}),
        )
        .await;
    let video = ids["videos"]["items"][0]["id"].clone();
    let gallery = ids["galleries"]["items"][0]["id"].clone();
    let before = app
        .data(
            "query($v: ID, $g: ID) { video(id: $v) { viewCount } gallery(id: $g) { viewCount } }",
            json!({ "v": video, "g": gallery }),
        )
        .await;
    for _ in 0..2 {
        app.gql(RECORD, json!({ "p": "/video", "k": "VIDEO", "id": video }))
            .await;
    }
    app.gql(
        RECORD,
        json!({ "p": "/album", "k": "GALLERY", "id": gallery }),
    )
    .await;
    flush(&app).await;
    let after = app
        .data(
            "query($v: ID, $g: ID) { video(id: $v) { viewCount } gallery(id: $g) { viewCount } }",
            json!({ "v": video, "g": gallery }),
        )
        .await;
    assert_eq!(
        after["video"]["viewCount"].as_u64().unwrap(),
        before["video"]["viewCount"].as_u64().unwrap() + 2
    );
    assert_eq!(
        after["gallery"]["viewCount"].as_u64().unwrap(),
        before["gallery"]["viewCount"].as_u64().unwrap() + 1
    );
    let top = app
        .data("{ mostViewed(kind: VIDEO, period: DAY) { views node { __typename ... on Video { id } } } }", json!({}))
        .await;
    assert_eq!(top["mostViewed"][0]["node"]["id"], video);
    assert_eq!(top["mostViewed"][0]["views"], 2);
}

/// Each period reaches back a fixed number of local days, today included:
/// WEEK 7, MONTH 30, YEAR 365. Hits one day past an edge count only in the
/// longer periods; ALL ranks by the items' whole view counts.
#[tokio::test]
async fn most_viewed_periods_end_exactly_at_their_edges() {
    let app = TestApp::uncached().await;
    away_from_midnight(&app);
    let cat = app.category("Tin tức", None).await;
    // (days ago, hits): each article's hits fall on one day only.
    let plan = [(0, 1), (6, 2), (7, 3), (29, 4), (30, 5), (364, 6), (365, 7)];
    let now = app.now();
    let mut ids = Vec::new();
    for (ago, hits) in plan {
        let id = app
            .article(Art::new(&format!("Bài {ago} ngày trước"), cat).at(-400 * 86_400))
            .await;
        for _ in 0..hits {
            let hit = Hit {
                path: "/",
                item: Some((ContentKind::Article, id)),
                ..Hit::default()
            };
            let at = now - TimeDelta::days(ago);
            assert!(app.state.visits.record_at(hit, at).unwrap());
        }
        ids.push(id);
    }
    flush(&app).await;
    let q = "query($p: ViewPeriod) { mostViewed(kind: ARTICLE, period: $p, limit: 10) { views node { ... on Article { id } } } }";
    let ranked = |d: serde_json::Value| -> Vec<(u64, i64)> {
        d["mostViewed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let id = e["node"]["id"].as_str().unwrap().parse().unwrap();
                (e["views"].as_u64().unwrap(), id)
            })
            .collect()
    };
    // The expected list: the plan's rows within `days`, most viewed first.
    let within = |days: i64| -> Vec<(u64, i64)> {
        let mut rows: Vec<_> = plan
            .iter()
            .zip(&ids)
            .filter(|((ago, _), _)| *ago < days)
            .map(|((_, hits), id)| (*hits as u64, *id))
            .collect();
        rows.sort_by(|a, b| b.cmp(a));
        rows
    };
    for (period, days) in [
        ("DAY", 1),
        ("WEEK", 7),
        ("MONTH", 30),
        ("YEAR", 365),
        ("ALL", 1000),
    ] {
        let got = ranked(app.data(q, json!({ "p": period })).await);
        assert_eq!(got, within(days), "{period}");
    }
}

/// `online` counts visitors seen in the last five minutes by the clock, and
/// follows the clock as it moves on. Every sighting is at least ten seconds
/// from the window's edge: the clock keeps running while the test does.
#[tokio::test]
async fn online_means_seen_within_the_last_five_minutes() {
    let app = TestApp::uncached().await;
    let now = app.now();
    for (visitor, secs_ago) in [("vua-roi", 240), ("gan-nam-phut", 280), ("lau-roi", 330)] {
        let hit = Hit {
            path: "/",
            visitor_id: Some(visitor),
            ..Hit::default()
        };
        app.state
            .visits
            .record_at(hit, now - TimeDelta::seconds(secs_ago))
            .unwrap();
    }
    let s = stats(&app).await;
    assert_eq!(s["online"], 2, "{s}");
    // 270 and 310 seconds ago.
    app.advance(30);
    assert_eq!(stats(&app).await["online"], 1);
    // 310 seconds ago.
    app.advance(40);
    assert_eq!(stats(&app).await["online"], 0);
    assert_eq!(stats(&app).await["allTime"], 3);
}

/// Visitors are counted by a keyed daily pseudonym: the address a visit came
/// from (here forwarded by a trusted proxy) is stored nowhere. The database
/// itself is searched: SQLite's files byte for byte, PostgreSQL's rows as
/// text.
#[tokio::test]
async fn no_visitor_address_is_stored_anywhere() {
    const ADDRESS: &str = "203.0.113.77";
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.trust_forwarded_for = true;
    let app = TestApp::with_config(db, config).await;
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Bài được đọc", cat)).await;
    for request in [
        Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", ADDRESS)
            .body(Body::from(
                json!({ "query": RECORD, "variables": { "p": "/", "k": "ARTICLE", "id": id.to_string() } })
                    .to_string(),
            ))
            .unwrap(),
        Request::post("/api/visit")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", ADDRESS)
            .body(Body::from(format!(r#"{{"path":"/a","articleId":{id}}}"#)))
            .unwrap(),
    ] {
        let r = app.request(request).await;
        assert!(r.status.is_success(), "{}", r.text);
    }
    let s = stats(&app).await;
    assert_eq!(
        (s["allTime"].as_u64(), s["online"].as_u64()),
        (Some(2), Some(1))
    );
    let found = database_text(&app).await;
    assert!(found.len() > 1000, "the scan read nothing");
    assert!(
        found.contains("Bài được đọc"),
        "the scan misses the content"
    );
    assert!(!found.contains(ADDRESS), "a visitor's address is stored");
}

/// Everything the database holds, as text.
async fn database_text(app: &TestApp) -> String {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let db = &app.state.db;
    if db.get_database_backend() == DbBackend::Sqlite {
        let url = &app.db.as_ref().unwrap().url;
        let path = url
            .trim_start_matches("sqlite:")
            .trim_start_matches("//")
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let mut all = String::new();
        for suffix in ["", "-wal"] {
            if let Ok(bytes) = std::fs::read(format!("{path}{suffix}")) {
                all.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
        return all;
    }
    let tables = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        ))
        .await
        .unwrap();
    let mut all = String::new();
    for t in tables {
        let name: String = t.try_get("", "tablename").unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                format!(r#"SELECT CAST(t AS TEXT) AS row FROM "{name}" t"#),
            ))
            .await
            .unwrap();
        for r in rows {
            all.push_str(&r.try_get::<String>("", "row").unwrap());
            all.push('\n');
        }
    }
    all
}

/// A flush that fails (here: a table the write needs is missing, so the
/// transaction rolls back after writing the other tables) keeps its hits;
/// the next flush writes them together with newer ones, each counted once.
#[tokio::test]
async fn a_failed_flush_keeps_its_hits_for_the_next_one() {
    use sea_orm::ConnectionTrait;
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.visit_flush_interval = std::time::Duration::from_secs(600);
    config.response_cache_bytes = None;
    let app = TestApp::with_config(db, config).await;
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Bài được đọc", cat)).await;
    let record = |visitor: &'static str| {
        let hit = Hit {
            path: "/",
            item: Some((ContentKind::Article, id)),
            visitor_id: Some(visitor),
            ..Hit::default()
        };
        app.state.visits.record_at(hit, app.now()).unwrap();
    };
    record("truoc-1");
    record("truoc-2");
    let conn = &app.state.db;
    conn.execute_unprepared("ALTER TABLE recent_visitors RENAME TO recent_visitors_away")
        .await
        .unwrap();
    assert!(app.state.visits.flush(conn).await.is_err());
    record("sau-1");
    conn.execute_unprepared("ALTER TABLE recent_visitors_away RENAME TO recent_visitors")
        .await
        .unwrap();
    // Nothing of the failed batch reached the database.
    let s = app.data(STATS, json!({})).await["siteStats"].clone();
    assert_eq!(s["allTime"], 0, "{s}");
    flush(&app).await;
    let s = app.data(STATS, json!({})).await["siteStats"].clone();
    assert_eq!(
        (s["allTime"].as_u64(), s["online"].as_u64()),
        (Some(3), Some(3)),
        "{s}"
    );
    let views = app
        .data(
            "query($id: ID) { article(id: $id) { viewCount } }",
            json!({ "id": id.to_string() }),
        )
        .await;
    assert_eq!(views["article"]["viewCount"], 3);
}
