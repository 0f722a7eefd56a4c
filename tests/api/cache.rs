//! The response cache and HTTP caching: public answers from memory, never
//! stale after a write or a scheduled publication, never for editors;
//! ETags and 304s for GET and POST.

use std::time::Duration;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use bantin::{auth::Role, config::Config};
use serde_json::json;

use crate::helpers::{Art, Response, TestApp, TestDb, backend, titles};

const LATEST: &str = "{ articles(perPage: 10) { items { title } } }";

fn hit(resp: &Response) -> bool {
    resp.headers.get("x-cache").is_some_and(|v| v == "HIT")
}

fn etag(resp: &Response) -> String {
    resp.headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_owned()
}

async fn post_with(app: &TestApp, query: &str, if_none_match: Option<&str>) -> Response {
    let mut req = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let body = json!({ "query": query }).to_string();
    app.request(req.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn a_repeated_public_query_is_served_from_memory_until_content_changes() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let news = app.category("Tin tức", None).await;
    app.article(Art::new("Bài cũ", news)).await;

    let first = app.post(LATEST, json!({}), None).await;
    assert!(!hit(&first));
    let before = app.statements().await;
    let second = app.post(LATEST, json!({}), None).await;
    assert!(hit(&second), "the second read was not a hit");
    assert_eq!(second.text, first.text);
    assert_eq!(app.statements().await, before, "a hit ran SQL");

    // A publication through the API: the very next read shows it.
    let created = app
        .gql_as(
            &editor,
            "mutation($c: ID!) { createArticle(input: { title: \"Tin mới đăng\", body: \"<p>x</p>\", categoryId: $c }) { id } }",
            json!({ "c": news }),
        )
        .await;
    let id = created["data"]["createArticle"]["id"].clone();
    let published = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { publishArticle(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert!(published.get("errors").is_none(), "{published}");
    let after = app.post(LATEST, json!({}), None).await;
    assert!(!hit(&after));
    assert_eq!(
        titles(&after.body["data"]["articles"]["items"]),
        ["Tin mới đăng", "Bài cũ"]
    );

    // Taking it down is seen at once too.
    app.gql_as(
        &editor,
        "mutation($id: ID!) { unpublishArticle(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let again = app.post(LATEST, json!({}), None).await;
    assert_eq!(titles(&again.body["data"]["articles"]["items"]), ["Bài cũ"]);

    let metrics = app.get("/metrics", "text/plain").await.text;
    assert!(
        metrics.contains("bantin_response_cache_hits_total 1\n"),
        "{metrics}"
    );
}

#[tokio::test]
async fn requests_with_a_token_neither_read_nor_fill_the_cache() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let news = app.category("Tin tức", None).await;
    app.article(Art::new("Công khai", news)).await;
    app.article(Art::new("Bản nháp", news).draft()).await;
    let drafts = "{ articles(filter: { status: [DRAFT, PUBLISHED] }) { items { title } } }";

    // The editor asks first: nothing is stored for the public.
    let as_editor = app.post(drafts, json!({}), Some(&editor)).await;
    assert_eq!(
        titles(&as_editor.body["data"]["articles"]["items"]).len(),
        2
    );
    let public = app.post(drafts, json!({}), None).await;
    assert!(!hit(&public));
    assert_eq!(
        titles(&public.body["data"]["articles"]["items"]),
        ["Công khai"]
    );
    // The public answer is stored, but an editor never gets it.
    assert!(hit(&app.post(drafts, json!({}), None).await));
    let again = app.post(drafts, json!({}), Some(&editor)).await;
    assert!(!hit(&again));
    assert_eq!(titles(&again.body["data"]["articles"]["items"]).len(), 2);
    let cache = again.headers.get(header::CACHE_CONTROL).unwrap();
    assert_eq!(cache, "private, no-store");
    // Shared caches must key on the token too, should one keep it anyway.
    let vary = again.headers.get(header::VARY).unwrap().to_str().unwrap();
    assert!(vary.contains("Authorization"), "{vary}");
}

#[tokio::test]
async fn if_none_match_gives_304_until_the_answer_changes() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let news = app.category("Tin tức", None).await;
    app.article(Art::new("Bài một", news)).await;

    let first = post_with(&app, LATEST, None).await;
    let tag = etag(&first);
    assert!(tag.starts_with('"') && tag.ends_with('"'));
    for _ in 0..2 {
        let revalidated = post_with(&app, LATEST, Some(&tag)).await;
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
        assert!(revalidated.text.is_empty());
        assert_eq!(etag(&revalidated), tag);
    }
    let uri = "/graphql?query=%7B%20articles(perPage%3A%2010)%20%7B%20items%20%7B%20title%20%7D%20%7D%20%7D";
    let get = app.get(uri, "application/json").await;
    assert_eq!(etag(&get), tag, "GET and POST of one query share the tag");
    let req = Request::get(uri)
        .header(header::IF_NONE_MATCH, tag.as_str())
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.request(req).await.status, StatusCode::NOT_MODIFIED);

    app.gql_as(
        &editor,
        "mutation($c: ID!) { createCategory(input: { name: \"Thể thao\", parentId: $c }) { id } }",
        json!({ "c": news }),
    )
    .await;
    app.article(Art::new("Bài hai", news)).await;
    let changed = post_with(&app, LATEST, Some(&tag)).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(etag(&changed), tag);
}

/// How far ahead the scheduled articles below are due (by the app's clock,
/// which the tests move on).
const DUE_SECS: i64 = 600;
/// How long before due the tests look once more: the clock keeps running
/// while a test does, so "one second early" could already be due on a slow
/// machine.
const EARLY: i64 = 10;

#[tokio::test]
async fn a_scheduled_article_appears_when_due_without_any_write() {
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    app.article(Art::new("Đã đăng", news)).await;
    app.article(Art::new("Hẹn giờ", news).at(DUE_SECS)).await;
    let before = app.post(LATEST, json!({}), None).await;
    assert_eq!(
        titles(&before.body["data"]["articles"]["items"]),
        ["Đã đăng"]
    );
    assert!(hit(&app.post(LATEST, json!({}), None).await));
    app.advance(DUE_SECS - EARLY);
    assert!(
        hit(&app.post(LATEST, json!({}), None).await),
        "gone before due"
    );
    app.advance(EARLY);
    let after = app.post(LATEST, json!({}), None).await;
    assert_eq!(
        titles(&after.body["data"]["articles"]["items"]),
        ["Hẹn giờ", "Đã đăng"]
    );
    // Its coming due is a change like any: answers are kept again after it.
    let again = app.post(LATEST, json!({}), None).await;
    assert!(
        hit(&again),
        "nothing is cached any more once a scheduled item went live"
    );
    assert_eq!(again.text, after.text);
}

#[tokio::test]
async fn visit_counters_lag_at_most_the_counter_cache_time() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.counter_cache = Duration::from_secs(1);
    config.visit_flush_interval = Duration::ZERO;
    let app = TestApp::with_config(db, config).await;
    let stats = "{ siteStats { allTime } }";
    assert_eq!(app.data(stats, json!({})).await["siteStats"]["allTime"], 0);
    app.gql("mutation { recordVisit(path: \"/\") }", json!({}))
        .await;
    // Counting a visit is not a content write: the copy may lag...
    assert!(hit(&app.post(stats, json!({}), None).await));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    // ...but not past the counter cache time.
    assert_eq!(app.data(stats, json!({})).await["siteStats"]["allTime"], 1);
}

#[tokio::test]
async fn another_instance_drops_its_copy_within_a_second() {
    if backend() != "postgres" {
        return; // one SQLite file has one server
    }
    let db = TestDb::new().await;
    let url = db.url.clone();
    let a = TestApp::with_config(db, Config::for_database(url.clone())).await;
    let b = TestApp::attach(Config::for_database(url)).await;
    let editor = a.user_token("bientap", Role::Editor).await;
    let news = a.category("Tin tức", None).await;
    // b must be listening before it may cache.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        b.post(LATEST, json!({}), None).await;
        if hit(&b.post(LATEST, json!({}), None).await) || std::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        hit(&b.post(LATEST, json!({}), None).await),
        "b never cached"
    );
    let created = a
        .gql_as(
            &editor,
            "mutation($c: ID!) { createArticle(input: { title: \"Từ máy A\", body: \"<p>x</p>\", categoryId: $c }) { id } }",
            json!({ "c": news }),
        )
        .await;
    let id = created["data"]["createArticle"]["id"].clone();
    a.gql_as(
        &editor,
        "mutation($id: ID!) { publishArticle(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(1);
    loop {
        let seen = b.post(LATEST, json!({}), None).await;
        if titles(&seen.body["data"]["articles"]["items"]) == ["Từ máy A"] {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "b still serves the old answer"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn totals_and_the_category_tree_kept_in_memory_follow_writes_and_the_clock() {
    let app = TestApp::uncached().await;
    let news = app.category("Tin tức", None).await;
    app.article(Art::new("Một", news)).await;
    app.article(Art::new("Hẹn giờ", news).at(DUE_SECS)).await;
    let q = "{ articles { totalCount } categories { name articleCount } category(slug: \"tin-tuc\") { articles { totalCount } } }";
    let total = |d: &serde_json::Value| {
        (
            d["articles"]["totalCount"].as_u64().unwrap(),
            d["category"]["articles"]["totalCount"].as_u64().unwrap(),
            d["categories"][0]["articleCount"].as_u64().unwrap(),
        )
    };
    assert_eq!(total(&app.data(q, json!({})).await), (1, 1, 1));
    assert_eq!(total(&app.data(q, json!({})).await), (1, 1, 1));
    // A write through the services (no GraphQL involved) is seen at once.
    app.article(Art::new("Hai", news)).await;
    assert_eq!(total(&app.data(q, json!({})).await), (2, 2, 2));
    app.category("Thể thao", None).await;
    let names = app.data("{ categories { name } }", json!({})).await;
    assert_eq!(names["categories"].as_array().unwrap().len(), 2);
    // What a repeated read costs while totals come from memory.
    app.data(q, json!({})).await;
    let before = app.statements().await;
    assert_eq!(total(&app.data(q, json!({})).await), (2, 2, 2));
    let steady = app.statements().await - before;
    // The scheduled one counts once it is due, with no write at all.
    app.advance(DUE_SECS);
    assert_eq!(total(&app.data(q, json!({})).await), (3, 3, 3));
    // ...and once read again, the totals are kept in memory again.
    let before = app.statements().await;
    assert_eq!(total(&app.data(q, json!({})).await), (3, 3, 3));
    let warm = app.statements().await - before;
    assert_eq!(
        warm, steady,
        "totals no longer kept in memory after a scheduled item went live"
    );
}

/// POSTs `query` with `Accept-Encoding` and, optionally, `If-None-Match`.
async fn post_encoded(
    app: &TestApp,
    query: &str,
    accept_encoding: &str,
    if_none_match: Option<&str>,
) -> Response {
    let mut req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_ENCODING, accept_encoding);
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let body = json!({ "query": query }).to_string();
    app.request(req.body(Body::from(body)).unwrap()).await
}

fn decoded(resp: &Response) -> Vec<u8> {
    use std::io::Read;
    let raw = &resp.raw[..];
    let mut out = Vec::new();
    match resp
        .headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap())
    {
        None => out.extend_from_slice(raw),
        Some("br") => brotli::BrotliDecompress(&mut &raw[..], &mut out).unwrap(),
        Some("zstd") => out = zstd::decode_all(raw).unwrap(),
        Some("gzip") => {
            flate2::read::GzDecoder::new(raw)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some(other) => panic!("unexpected encoding {other}"),
    }
    out
}

#[tokio::test]
async fn answers_are_compressed_as_the_client_accepts_and_hits_reuse_the_bytes() {
    let app = TestApp::with_demo().await;
    let q = "{ articles(perPage: 20) { items { title summary slug publishedAt } } }";
    let plain = post_encoded(&app, q, "identity", None).await;
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert!(plain.raw.len() > 1024, "the demo page is too small to test");
    let vary = plain.headers.get(header::VARY).unwrap().to_str().unwrap();
    assert!(vary.contains("Accept-Encoding"), "{vary}");

    for (accept, name) in [
        ("gzip, deflate, br, zstd", "br"),
        ("zstd, gzip", "zstd"),
        ("gzip;q=0.5, br;q=0", "gzip"),
    ] {
        let first = post_encoded(&app, q, accept, None).await;
        assert_eq!(first.headers[header::CONTENT_ENCODING], name, "{accept}");
        assert_eq!(
            decoded(&first),
            plain.raw,
            "{name} does not decode to the answer"
        );
        assert!(first.raw.len() < plain.raw.len() / 2);
        // Each encoding has its own strong validator.
        let tag = etag(&first);
        assert!(tag.ends_with(&format!("-{name}\"")), "{tag}");
        let again = post_encoded(&app, q, accept, None).await;
        assert!(hit(&again));
        assert_eq!(again.raw, first.raw, "a hit compressed again differently");
        let revalidated = post_encoded(&app, q, accept, Some(&tag)).await;
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
        assert!(revalidated.raw.is_empty());
    }
    // A client that has the plain copy revalidates it under any encoding.
    let plain_tag = etag(&plain);
    let r = post_encoded(&app, q, "br", Some(&plain_tag)).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);

    // Small answers go as they are.
    let small = post_encoded(&app, "{ __typename }", "br", None).await;
    assert!(small.headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(small.body["data"]["__typename"], "Query");
    // Uncached answers (with a token) are compressed too, and never stored.
    let token = app.user_token("bientap", Role::Editor).await;
    let req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(json!({ "query": q }).to_string()))
        .unwrap();
    let private = app.request(req).await;
    assert_eq!(private.headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(private.headers[header::CACHE_CONTROL], "private, no-store");
    let answer: serde_json::Value = serde_json::from_slice(&decoded(&private)).unwrap();
    assert_eq!(
        answer["data"]["articles"]["items"],
        plain.body["data"]["articles"]["items"]
    );
}

#[tokio::test]
async fn cdns_may_keep_public_answers_as_long_as_configured() {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.cdn_max_age = Duration::from_secs(60);
    config.stale_while_revalidate = Duration::from_secs(30);
    let app = TestApp::with_config(db, config).await;
    let r = app.post(LATEST, json!({}), None).await;
    assert_eq!(
        r.headers[header::CACHE_CONTROL],
        "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
    );
    let default = TestApp::spawn().await;
    let r = default.post(LATEST, json!({}), None).await;
    assert_eq!(
        r.headers[header::CACHE_CONTROL],
        "public, max-age=0, must-revalidate"
    );
}
