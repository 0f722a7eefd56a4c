//! The audit log: every editors' action lands with its entry (who, what,
//! which item, when, from which client), a refused action leaves none, and
//! only admins read it.

use axum::{
    body::Body,
    http::{Request, header},
};
use bantin::{auth::Role, config::Config};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestDb, error_code};

const LOG: &str = "query($f: AuditFilter) { auditLog(filter: $f) { totalCount items { action username userId targetKind targetId client detail } } }";

/// A GraphQL request from `ip` (behind our proxy), as `token` if given.
fn from(ip: &str, token: Option<&str>, query: &str, variables: Value) -> Request<Body> {
    let mut req = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", ip);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    req.body(Body::from(
        json!({ "query": query, "variables": variables }).to_string(),
    ))
    .unwrap()
}

async fn behind_a_proxy() -> TestApp {
    let db = TestDb::new().await;
    let mut config = Config::for_database(db.url.clone());
    config.trust_forwarded_for = true;
    TestApp::with_config(db, config).await
}

async fn log(app: &TestApp, admin: &str, filter: Value) -> Value {
    let r = app.gql_as(admin, LOG, json!({ "f": filter })).await;
    assert!(r.get("errors").is_none(), "{r}");
    r["data"]["auditLog"].clone()
}

fn actions(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["action"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn editors_actions_are_recorded_with_who_what_and_where_from() {
    let app = behind_a_proxy().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let cat = app.category("Tin tức", None).await;
    let created = app
        .request(from(
            "203.0.113.7",
            Some(&editor),
            "mutation($c: ID!) { createArticle(input: { title: \"Họp báo quý IV\", body: \"<p>Nội dung</p>\", categoryId: $c }) { id version } }",
            json!({ "c": cat.to_string() }),
        ))
        .await;
    let id = created.body["data"]["createArticle"]["id"].clone();
    assert!(id.is_string(), "{}", created.body);
    let published = app
        .request(from(
            "203.0.113.7",
            Some(&editor),
            "mutation($id: ID!) { publishArticle(id: $id) { status } }",
            json!({ "id": id }),
        ))
        .await;
    assert_eq!(
        published.body["data"]["publishArticle"]["status"],
        "PUBLISHED"
    );
    let page = log(&app, &admin, json!({ "action": "article." })).await;
    assert_eq!(actions(&page), ["article.publish", "article.create"]);
    let newest = &page["items"][0];
    assert_eq!(newest["username"], "bientap");
    assert_eq!(newest["targetKind"], "article");
    assert_eq!(newest["targetId"], id);
    assert_eq!(newest["client"], "203.0.113.7");
    // Filters by target and by exact action agree.
    let by_item = log(
        &app,
        &admin,
        json!({ "targetKind": "article", "targetId": id }),
    )
    .await;
    assert_eq!(by_item["totalCount"], 2);
    let exact = log(&app, &admin, json!({ "action": "article.create" })).await;
    assert_eq!(actions(&exact), ["article.create"]);
}

#[tokio::test]
async fn a_refused_action_leaves_no_entry() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let r = app
        .gql_as(
            &editor,
            "mutation { createVideo(input: { title: \"Phóng sự\", url: \"https://youtu.be/Zr4_kTp8wQe\" }) { id } }",
            json!({}),
        )
        .await;
    let id = r["data"]["createVideo"]["id"].clone();
    let before = log(&app, &admin, json!({ "targetKind": "video" })).await;
    assert_eq!(actions(&before), ["video.create"]);
    // A stale version and a bad URL: refused, nothing recorded.
    for input in [
        json!({ "version": 7, "title": "Ghi đè" }),
        json!({ "version": 1, "url": "javascript:alert(1)" }),
    ] {
        let r = app
            .gql_as(
                &editor,
                "mutation($id: ID!, $i: UpdateVideoInput!) { updateVideo(id: $id, input: $i) { id } }",
                json!({ "id": id, "i": input }),
            )
            .await;
        assert!(r.get("errors").is_some(), "{r}");
    }
    let after = log(&app, &admin, json!({ "targetKind": "video" })).await;
    assert_eq!(actions(&after), ["video.create"]);
}

#[tokio::test]
async fn logins_and_account_changes_are_recorded_and_only_admins_read_them() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let r = app
        .gql(
            "mutation { login(username: \"bientap\", password: \"sai-mat-khau-roi\") { accessToken } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED");
    let failures = log(&app, &admin, json!({ "action": "login.failure" })).await;
    assert_eq!(failures["totalCount"], 1);
    let detail: Value =
        serde_json::from_str(failures["items"][0]["detail"].as_str().unwrap_or("{}")).unwrap();
    assert_eq!(detail["username"], "bientap");
    let successes = log(&app, &admin, json!({ "action": "login.success" })).await;
    assert_eq!(successes["totalCount"], 2, "{successes}");
    // The admin makes the editor an author: recorded with what changed.
    let users = app
        .gql_as(&admin, "{ users { id username } }", json!({}))
        .await;
    let editor_id = users["data"]["users"]
        .as_array()
        .and_then(|u| u.iter().find(|u| u["username"] == "bientap"))
        .map(|u| u["id"].clone())
        .expect("editor listed");
    let r = app
        .gql_as(
            &admin,
            "mutation($id: ID!) { updateUser(id: $id, input: { role: AUTHOR }) { role } }",
            json!({ "id": editor_id }),
        )
        .await;
    assert!(r.get("errors").is_none(), "{r}");
    let changes = log(&app, &admin, json!({ "action": "user.update" })).await;
    assert_eq!(changes["items"][0]["username"], "quantri");
    assert_eq!(changes["items"][0]["targetId"], editor_id);
    let detail: Value =
        serde_json::from_str(changes["items"][0]["detail"].as_str().unwrap_or("{}")).unwrap();
    assert_eq!(detail["changed"], json!(["role"]));
    assert_eq!(detail["role"], "author");
    // Editors (and the public) cannot read the log.
    let r = app.gql_as(&editor, LOG, json!({})).await;
    assert!(
        matches!(error_code(&r), "FORBIDDEN" | "UNAUTHENTICATED"),
        "{r}"
    );
    let r = app.gql(LOG, json!({})).await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED");
}
