//! The HTTP surface: GraphiQL, GET queries, health, metrics, error hygiene.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use serde_json::json;

use crate::helpers::{TestApp, error_code};

#[tokio::test]
async fn browsers_get_graphiql_with_assets_served_locally() {
    let app = TestApp::spawn().await;
    let page = app.get("/graphql", "text/html,application/xhtml+xml").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<div id=\"graphiql\">"));
    assert!(!page.text.contains("unpkg.com") && !page.text.contains("cdn."));
    for asset in [
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ] {
        assert!(page.text.contains(&format!("/graphiql/{asset}")));
        let resp = app.get(&format!("/graphiql/{asset}"), "*/*").await;
        assert_eq!(resp.status, StatusCode::OK, "{asset}");
        assert!(resp.text.len() > 5_000, "{asset}");
    }
    assert_eq!(
        app.get("/graphiql/nope.js", "*/*").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn queries_work_over_get_but_mutations_do_not() {
    let app = TestApp::spawn().await;
    let ok = app
        .get(
            "/graphql?query=%7B%20categories%20%7B%20id%20%7D%20%7D",
            "application/json",
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body, json!({ "data": { "categories": [] } }));
    let cache = ok
        .headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok());
    assert_eq!(cache, Some("public, max-age=0, must-revalidate"));
    let vars = app
        .get("/graphql?query=query(%24s%3AString)%7Barticle(slug%3A%24s)%7Bid%7D%7D&variables=%7B%22s%22%3A%22x%22%7D", "application/json")
        .await;
    assert_eq!(vars.body, json!({ "data": { "article": null } }));
    let mutation = app
        .get(
            "/graphql?query=mutation%7Blogout(refreshToken%3A%22x%22)%7D",
            "application/json",
        )
        .await;
    assert_eq!(mutation.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(&mutation.body), "BAD_USER_INPUT");
}

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz", "*/*").await.status, StatusCode::OK);
    let ready = app.get("/readyz", "*/*").await;
    assert_eq!(ready.status, StatusCode::OK);
    let metrics = app.get("/metrics", "*/*").await;
    assert!(metrics.text.contains("bantin_db_statements_total"));
}

#[tokio::test]
async fn broken_requests_get_clear_errors_without_internals() {
    let app = TestApp::spawn().await;
    let syntax = app.gql("{ articles { ", json!({})).await;
    assert!(syntax["errors"][0]["message"].as_str().is_some());
    assert_eq!(error_code(&syntax), "BAD_USER_INPUT");
    let unknown = app.gql("{ nope }", json!({})).await;
    assert_eq!(error_code(&unknown), "BAD_USER_INPUT");
    let req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let resp = app.request(req).await;
    assert!(resp.status.is_client_error());
    for body in [syntax, unknown] {
        let text = body.to_string().to_lowercase();
        assert!(
            !text.contains("sqlx") && !text.contains("select "),
            "{text}"
        );
    }
}

/// Words that would show the database behind an error.
fn assert_no_internals(body: &serde_json::Value) {
    let text = body.to_string().to_lowercase();
    for word in [
        "sqlx",
        "sqlite",
        "postgres",
        "select ",
        "insert ",
        "update ",
        "constraint",
        "duplicate key",
        "no such table",
        "does not exist",
        "categories",
        "article_tags",
        "0x00",
        "execution error",
        "query error",
    ] {
        assert!(!text.contains(word), "{word:?} leaked: {text}");
    }
}

#[tokio::test]
async fn errors_raised_by_the_database_show_no_sql_or_tables() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", bantin::auth::Role::Editor).await;
    let db = &app.state.db;
    // A unique index the service does not check for: only SQL refuses.
    db.execute_unprepared(
        "CREATE UNIQUE INDEX categories_description_once ON categories (description)",
    )
    .await
    .unwrap();
    let make = "mutation($n: String!) { createCategory(input: { name: $n, description: \"Mô tả chung\" }) { id } }";
    let first = app.gql_as(&editor, make, json!({ "n": "Tin tức" })).await;
    assert!(first.get("errors").is_none(), "{first}");
    let cat = first["data"]["createCategory"]["id"].clone();
    let unique = app.gql_as(&editor, make, json!({ "n": "Thông báo" })).await;
    assert_eq!(error_code(&unique), "CONFLICT", "{unique}");
    assert_no_internals(&unique);
    // A table gone from under the app: the statement itself fails.
    let article = "mutation($c: ID!) { createArticle(input: { title: \"Bài có thẻ\", body: \"<p>x</p>\", categoryId: $c, tags: [\"thẻ\"] }) { id } }";
    let made = app.gql_as(&editor, article, json!({ "c": cat })).await;
    assert!(made.get("errors").is_none(), "{made}");
    db.execute_unprepared("ALTER TABLE article_tags RENAME TO article_tags_gone")
        .await
        .unwrap();
    let write = app.gql_as(&editor, article, json!({ "c": cat })).await;
    assert_eq!(error_code(&write), "INTERNAL", "{write}");
    assert_no_internals(&write);
    let read = app
        .gql_as(
            &editor,
            "{ articles(filter: { status: [DRAFT] }) { items { title tags } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&read), "INTERNAL", "{read}");
    assert_no_internals(&read);
    // A value no text column takes (PostgreSQL refuses NUL): the client's
    // mistake on both databases, in a variable or in the query text.
    let nul = app
        .gql(
            "query($s: String) { article(slug: $s) { id } }",
            json!({ "s": "tin\u{0}moi" }),
        )
        .await;
    assert_eq!(error_code(&nul), "BAD_USER_INPUT", "{nul}");
    assert_eq!(nul["errors"][0]["extensions"]["field"], "variables");
    assert_no_internals(&nul);
    let nul = app
        .gql("{ article(slug: \"tin\\u0000moi\") { id } }", json!({}))
        .await;
    assert_eq!(error_code(&nul), "BAD_USER_INPUT", "{nul}");
    assert_eq!(nul["errors"][0]["extensions"]["field"], "query");
}

#[tokio::test]
async fn the_introspection_query_of_graphiql_and_codegen_tools_is_allowed() {
    let app = TestApp::spawn().await;
    let q = r#"query IntrospectionQuery { __schema { queryType { name } mutationType { name }
      types { ...FullType } directives { name locations args { ...InputValue } } } }
      fragment FullType on __Type { kind name description
        fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
        inputFields { ...InputValue } interfaces { ...TypeRef }
        enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
      fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
      fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"#;
    let body = app.gql(q, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn absurdly_deep_queries_are_refused() {
    let app = TestApp::spawn().await;
    let mut q = String::from("{ categories { ");
    for _ in 0..30 {
        q.push_str("children { ");
    }
    q.push_str("id");
    for _ in 0..31 {
        q.push_str(" }");
    }
    q.push_str(" }");
    let body = app.gql(&q, json!({})).await;
    assert!(body["errors"].is_array(), "{body}");
}

#[tokio::test]
async fn persisted_queries_work_by_hash_and_never_smuggle_a_mutation_over_get() {
    use sha2::{Digest, Sha256};
    let app = TestApp::spawn().await;
    let query = "{ categories { id } }";
    let hash: String = Sha256::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let enc = |s: &str| s.bytes().map(|b| format!("%{b:02X}")).collect::<String>();
    // Unknown hash first: the client is told to send the text once.
    let miss = app
        .get(
            &format!("/graphql?extensions={}", enc(&ext.to_string())),
            "application/json",
        )
        .await;
    assert_eq!(miss.body["errors"][0]["message"], "PersistedQueryNotFound");
    let register = app
        .request(
            Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({ "query": query, "extensions": ext }).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(register.body, json!({ "data": { "categories": [] } }));
    let hit = app
        .get(
            &format!("/graphql?extensions={}", enc(&ext.to_string())),
            "application/json",
        )
        .await;
    assert_eq!(hit.body, json!({ "data": { "categories": [] } }));
    // A mutation registered by POST cannot then be run by GET.
    let mutation = "mutation { logout(refreshToken: \"x\") }";
    let mhash: String = Sha256::digest(mutation.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mext = json!({ "persistedQuery": { "version": 1, "sha256Hash": mhash } });
    app.request(
        Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({ "query": mutation, "extensions": mext }).to_string(),
            ))
            .unwrap(),
    )
    .await;
    let smuggled = app
        .get(
            &format!("/graphql?extensions={}", enc(&mext.to_string())),
            "application/json",
        )
        .await;
    assert_eq!(
        error_code(&smuggled.body),
        "BAD_USER_INPUT",
        "{}",
        smuggled.text
    );
    assert!(smuggled.body["data"]["logout"].is_null());
    // Texts that do not parse, or are over 16 KiB, are answered but not kept.
    let padded = format!("{{ categories {{ id }} }} #{}", "x".repeat(20_000));
    for text in ["{ categories { id ", padded.as_str()] {
        let h: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let e = json!({ "persistedQuery": { "version": 1, "sha256Hash": h } });
        let sent = app
            .request(
                Request::post("/graphql")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(
                        json!({ "query": text, "extensions": e }).to_string(),
                    ))
                    .unwrap(),
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
        let again = app
            .get(
                &format!("/graphql?extensions={}", enc(&e.to_string())),
                "application/json",
            )
            .await;
        assert_eq!(
            again.body["errors"][0]["message"], "PersistedQueryNotFound",
            "{}",
            again.text
        );
    }
}

#[tokio::test]
async fn a_cached_query_text_still_honours_each_requests_variables() {
    let app = TestApp::with_demo().await;
    let q = "query($s: String) { article(slug: $s) { slug } }";
    for slug in [
        "thong-bao-lich-tiep-cong-dan",
        "khong-co",
        "thong-bao-lich-tiep-cong-dan",
    ] {
        let d = app.data(q, json!({ "s": slug })).await;
        let expected = if slug == "khong-co" {
            json!(null)
        } else {
            json!({ "slug": slug })
        };
        assert_eq!(d["article"], expected);
    }
}

/// A text validated once runs on the lighter path afterwards, but every
/// request's variables are still checked, and a bad one changes nothing.
#[tokio::test]
async fn a_validated_text_still_checks_each_requests_variables() {
    let app = TestApp::spawn().await;
    let record = "mutation($p: String!) { recordVisit(path: $p) }";
    for _ in 0..3 {
        let ok = app.gql(record, json!({ "p": "/tin-tuc" })).await;
        assert_eq!(ok["data"]["recordVisit"], true, "{ok}");
    }
    for bad in [
        json!({ "p": 5 }),
        json!({ "p": null }),
        json!({ "p": ["/x"] }),
        json!({}),
    ] {
        let r = app.gql(record, bad.clone()).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{bad}: {r}");
        assert!(
            r["data"].is_null() || r["data"]["recordVisit"].is_null(),
            "{r}"
        );
    }
    // Two writes in one request: a bad variable for the second must stop
    // the first too, as the full validation does.
    let two = "mutation($q: String!) { a: recordVisit(path: \"/a\") b: recordVisit(path: $q) }";
    let ok = app.gql(two, json!({ "q": "/b" })).await;
    assert_eq!(ok["data"]["b"], true, "{ok}");
    let r = app.gql(two, json!({ "q": 7 })).await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r}");
    app.flush_visits().await;
    let stats = app.data("{ siteStats { allTime } }", json!({})).await;
    assert_eq!(stats["siteStats"]["allTime"], 5);
    // Int variables: in range passes, out of range or a string does not.
    let list = "query($n: Int) { articles(perPage: $n) { perPage } }";
    for _ in 0..2 {
        let ok = app.gql(list, json!({ "n": 5 })).await;
        assert_eq!(ok["data"]["articles"]["perPage"], 5, "{ok}");
    }
    for bad in [
        json!({ "n": 3_000_000_000u64 }),
        json!({ "n": "5" }),
        json!({ "n": 1.5 }),
    ] {
        let r = app.gql(list, bad.clone()).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{bad}: {r}");
    }
    // Enum variables (checked against the schema's values): a known value
    // passes, an unknown one, a number or a lowercase name does not.
    let kinds = "query($k: ViewPeriod!) { mostViewed(period: $k) { views } }";
    for _ in 0..2 {
        let ok = app.gql(kinds, json!({ "k": "MONTH" })).await;
        assert!(ok.get("errors").is_none(), "{ok}");
    }
    for bad in [
        json!({ "k": "DECADE" }),
        json!({ "k": "month" }),
        json!({ "k": 2 }),
        json!({}),
    ] {
        let r = app.gql(kinds, bad.clone()).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{bad}: {r}");
        assert!(r["data"].is_null(), "{bad}: {r}");
    }
    // A document that fails validation is reported every time.
    let broken = "mutation($p: String!) { recordVisit(path: $p) khongCo }";
    for _ in 0..2 {
        let r = app.gql(broken, json!({ "p": "/x" })).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r}");
        assert!(r["data"].is_null(), "{r}");
    }
}

/// Percent-encodes every byte, for query strings.
fn encoded(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// The lowercase hex SHA-256 of a text, as Apollo's clients send it.
fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A GET of `/graphql?{params}` as a signed-in editor.
async fn get_as(app: &TestApp, params: &str, token: &str) -> crate::helpers::Response {
    app.request(
        Request::get(format!("/graphql?{params}"))
            .header(header::ACCEPT, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// The categories an editor sees (drafts of nothing: categories are public).
async fn category_names(app: &TestApp) -> Vec<String> {
    let d = app
        .data("{ categories(flat: true) { name } }", json!({}))
        .await;
    d["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

/// A GET never writes, whoever sends it: a mutation (plain, persisted, or
/// picked out of a document that also holds a query) is refused with 405
/// and nothing changes. The query of such a document runs when it is the
/// operation picked, as GraphQL over HTTP allows.
#[tokio::test]
async fn a_get_never_writes_even_with_an_editors_token() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", bantin::auth::Role::Editor).await;
    let create = r#"mutation { createCategory(input: { name: "Qua GET" }) { id } }"#;
    let plain = get_as(&app, &format!("query={}", encoded(create)), &editor).await;
    assert_eq!(
        plain.status,
        StatusCode::METHOD_NOT_ALLOWED,
        "{}",
        plain.text
    );
    assert_eq!(error_code(&plain.body), "BAD_USER_INPUT");

    // Persisted: the text is kept by a POST that fails (no token), then
    // asked for by hash over GET with a token.
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(create) } });
    let register = app.post(create, json!({}), None).await;
    assert!(register.body["errors"].is_array(), "{}", register.text);
    let kept = app
        .request(
            Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({ "query": create, "extensions": ext }).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(error_code(&kept.body), "UNAUTHENTICATED", "{}", kept.text);
    let by_hash = get_as(
        &app,
        &format!("extensions={}", encoded(&ext.to_string())),
        &editor,
    )
    .await;
    assert_eq!(
        by_hash.status,
        StatusCode::METHOD_NOT_ALLOWED,
        "{}",
        by_hash.text
    );

    let both = r#"query Names { categories { name } } mutation Add { createCategory(input: { name: "Qua GET" }) { id } }"#;
    let pick = |op: &str| format!("query={}&operationName={op}", encoded(both));
    let names = get_as(&app, &pick("Names"), &editor).await;
    assert_eq!(names.status, StatusCode::OK, "{}", names.text);
    assert_eq!(names.body, json!({ "data": { "categories": [] } }));
    let add = get_as(&app, &pick("Add"), &editor).await;
    assert_eq!(add.status, StatusCode::METHOD_NOT_ALLOWED, "{}", add.text);
    let unnamed = get_as(&app, &format!("query={}", encoded(both)), &editor).await;
    assert_ne!(unnamed.status, StatusCode::OK, "{}", unnamed.text);
    assert!(
        unnamed
            .body
            .get("data")
            .is_none_or(serde_json::Value::is_null),
        "{}",
        unnamed.text
    );

    assert!(category_names(&app).await.is_empty(), "a GET wrote");
    // The same mutation by POST does write: the refusals above were the GET's.
    let r = app.gql_as(&editor, create, json!({})).await;
    assert!(r.get("errors").is_none(), "{r}");
    assert_eq!(category_names(&app).await, ["Qua GET"]);
}

/// Persisted queries by POST: a known hash alone is enough, an unknown one
/// asks for the text, and a text that does not match its hash is refused
/// and never kept under that hash (or any later hash-only request could
/// get another text than it asked for).
#[tokio::test]
async fn persisted_queries_by_post_hash_only_and_a_hash_that_does_not_match() {
    let app = TestApp::spawn().await;
    app.category("Tin tức", None).await;
    let post_ext = |query: Option<&str>, hash: &str| {
        let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
        let body = match query {
            Some(q) => json!({ "query": q, "extensions": ext }),
            None => json!({ "extensions": ext }),
        };
        Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let names = "{ categories { name } }";
    let hash = sha256_hex(names);
    let unknown = app.request(post_ext(None, &hash)).await;
    assert_eq!(
        unknown.body["errors"][0]["message"],
        "PersistedQueryNotFound"
    );
    let first = app.request(post_ext(Some(names), &hash)).await;
    assert_eq!(
        first.body,
        json!({ "data": { "categories": [{ "name": "Tin tức" }] } })
    );
    let hash_only = app.request(post_ext(None, &hash)).await;
    assert_eq!(hash_only.status, StatusCode::OK);
    assert_eq!(hash_only.body, first.body);

    // Another text sent under the hash of `ids`.
    let ids = "{ categories { id } }";
    let claimed = sha256_hex(ids);
    let wrong = app.request(post_ext(Some(names), &claimed)).await;
    // `application/json` answers request errors with 200 (GraphQL over HTTP).
    assert_eq!(wrong.status, StatusCode::OK, "{}", wrong.text);
    assert_eq!(error_code(&wrong.body), "BAD_USER_INPUT");
    assert_eq!(wrong.body["errors"][0]["extensions"]["field"], "extensions");
    // Not an error at a place in the text: no made-up location 0:0.
    assert!(
        wrong.body["errors"][0].get("locations").is_none(),
        "{}",
        wrong.text
    );
    assert!(
        wrong
            .body
            .get("data")
            .is_none_or(serde_json::Value::is_null)
    );
    let after = app.request(post_ext(None, &claimed)).await;
    assert_eq!(
        after.body["errors"][0]["message"], "PersistedQueryNotFound",
        "{}",
        after.text
    );
    // Hashes are compared without regard to case.
    let upper = app.request(post_ext(None, &hash.to_uppercase())).await;
    assert_eq!(upper.body, first.body);
}
