//! The public sees published, due articles only, through every path.

use bantin::auth::Role;
use serde_json::json;

use crate::helpers::{Art, TestApp, titles};

/// One category with a published article, a draft and a scheduled one.
async fn site(app: &TestApp) -> (i64, i64, i64, i64) {
    let cat = app.category("Tin tức", None).await;
    let live = app.article(Art::new("Đã đăng", cat).at(-60)).await;
    let draft = app.article(Art::new("Bản nháp", cat).draft()).await;
    let scheduled = app.article(Art::new("Hẹn giờ", cat).at(3600)).await;
    (cat, live, draft, scheduled)
}

#[tokio::test]
async fn drafts_and_scheduled_articles_are_hidden_from_every_public_path() {
    let app = TestApp::spawn().await;
    let (cat, live, draft, scheduled) = site(&app).await;
    let d = app
        .data(
            "query($c: ID!, $live: ID, $draft: ID, $sched: ID) {
               articles { totalCount items { title } }
               articlesConnection(first: 10) { totalCount nodes { title } }
               category(id: $c) { articleCount articles { totalCount items { title } } }
               categories { articleCount }
               live: article(id: $live) { title related { title } }
               draft: article(id: $draft) { title }
               sched: article(id: $sched) { title }
               bySlug: article(slug: \"ban-nhap\") { title }
             }",
            json!({ "c": cat.to_string(), "live": live.to_string(), "draft": draft.to_string(), "sched": scheduled.to_string() }),
        )
        .await;
    assert_eq!(d["articles"]["totalCount"], 1);
    assert_eq!(titles(&d["articles"]["items"]), ["Đã đăng"]);
    assert_eq!(d["articlesConnection"]["totalCount"], 1);
    assert_eq!(titles(&d["articlesConnection"]["nodes"]), ["Đã đăng"]);
    assert_eq!(d["category"]["articleCount"], 1);
    assert_eq!(d["category"]["articles"]["totalCount"], 1);
    assert_eq!(d["categories"][0]["articleCount"], 1);
    assert_eq!(d["live"]["related"], json!([]));
    assert_eq!(d["draft"], json!(null));
    assert_eq!(d["sched"], json!(null));
    assert_eq!(d["bySlug"], json!(null));
}

#[tokio::test]
async fn the_public_cannot_ask_for_drafts_with_a_status_filter() {
    let app = TestApp::spawn().await;
    site(&app).await;
    let d = app
        .data(
            "{ articles(filter: { status: [DRAFT, SCHEDULED] }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(d["articles"]["totalCount"], 0);
}

#[tokio::test]
async fn a_scheduled_article_goes_live_at_its_time_with_no_job() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Sắp đăng", cat).at(3600)).await;
    let q = "query($id: ID) { article(id: $id) { title status } articles { totalCount } }";
    let before = app.data(q, json!({ "id": id.to_string() })).await;
    assert_eq!(before["article"], json!(null));
    assert_eq!(before["articles"]["totalCount"], 0);
    app.advance(3599);
    let almost = app.data(q, json!({ "id": id.to_string() })).await;
    assert_eq!(almost["article"], json!(null), "live a second early");
    app.advance(1);
    let after = app.data(q, json!({ "id": id.to_string() })).await;
    assert_eq!(after["article"]["status"], "PUBLISHED");
    assert_eq!(after["articles"]["totalCount"], 1);
}

#[tokio::test]
async fn editors_preview_drafts_and_scheduled_articles() {
    let app = TestApp::spawn().await;
    let (_, _, draft, scheduled) = site(&app).await;
    let token = app.user_token("bientap", Role::Editor).await;
    let q = "query($id: ID) { article(id: $id) { title status } }";
    let d = app
        .gql_as(&token, q, json!({ "id": draft.to_string() }))
        .await;
    assert_eq!(d["data"]["article"]["status"], "DRAFT");
    let s = app
        .gql_as(&token, q, json!({ "id": scheduled.to_string() }))
        .await;
    assert_eq!(s["data"]["article"]["status"], "SCHEDULED");
    let list = app
        .gql_as(
            &token,
            "{ drafts: articles(filter: { status: [DRAFT] }) { items { title } }
               plain: articles { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(titles(&list["data"]["drafts"]["items"]), ["Bản nháp"]);
    // Without a status filter an editor sees the site as readers do.
    assert_eq!(list["data"]["plain"]["totalCount"], 1);
}

#[tokio::test]
async fn authors_preview_only_their_own_drafts() {
    let app = TestApp::spawn().await;
    let (_, _, someone_elses_draft, _) = site(&app).await;
    let token = app.user_token("tacgia", Role::Author).await;
    let created = app
        .gql_as(
            &token,
            "mutation($c: ID!) { createArticle(input: { title: \"Bài của tôi\", body: \"<p>x</p>\", categoryId: $c }) { id } }",
            json!({ "c": "1" }),
        )
        .await;
    let mine = created["data"]["createArticle"]["id"].clone();
    let q = "query($id: ID) { article(id: $id) { title } }";
    let own = app.gql_as(&token, q, json!({ "id": mine })).await;
    assert_eq!(own["data"]["article"]["title"], "Bài của tôi");
    let other = app
        .gql_as(&token, q, json!({ "id": someone_elses_draft.to_string() }))
        .await;
    assert!(other.get("errors").is_none(), "{other}");
    assert_eq!(other["data"]["article"], json!(null));
    let drafts = app
        .gql_as(
            &token,
            "{ articles(filter: { status: [DRAFT] }) { items { title } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        titles(&drafts["data"]["articles"]["items"]),
        ["Bài của tôi"]
    );
}
