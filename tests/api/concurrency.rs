//! Editors saving at the same time, on both databases: writers queue instead
//! of failing, and a stale version is a `CONFLICT`, never `INTERNAL`.

use std::sync::Arc;

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

const CREATE: &str =
    "mutation($i: CreateArticleInput!) { createArticle(input: $i) { id version } }";
const UPDATE: &str = "mutation($id: ID!, $i: UpdateArticleInput!) { updateArticle(id: $id, input: $i) { id version } }";
const READ: &str = "{ articles(perPage: 5) { totalCount items { id title } } categories { id } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_editors_creating_at_once_all_succeed_while_readers_read() {
    let app = Arc::new(TestApp::spawn().await);
    let token = Arc::new(app.user_token("toasoan", Role::Editor).await);
    let category = app.category("Thời sự", None).await;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (app, token) = (app.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let input = json!({
                "title": format!("Tin nóng số {i}"),
                "body": "<p>Nội dung.</p>",
                "categoryId": category,
                "tags": ["thoi-su", format!("tin-{i}")],
            });
            app.gql_as(&token, CREATE, json!({ "i": input })).await
        }));
    }
    // Readers go on meanwhile, and are answered.
    let readers: Vec<_> = (0..20)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.gql(READ, json!({})).await })
        })
        .collect();
    for t in tasks {
        let body = t.await.unwrap();
        assert!(body.get("errors").is_none(), "a create failed: {body}");
    }
    for r in readers {
        let body = r.await.unwrap();
        assert!(body.get("errors").is_none(), "a read failed: {body}");
    }
    let drafts = app
        .gql_as(
            &token,
            "{ articles(filter: { status: DRAFT }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(drafts["data"]["articles"]["totalCount"], 50, "{drafts}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_saves_of_one_version_give_one_winner_and_nineteen_conflicts() {
    let app = Arc::new(TestApp::spawn().await);
    let token = Arc::new(app.user_token("toasoan", Role::Editor).await);
    let category = app.category("Thời sự", None).await;
    let created = app
        .gql_as(
            &token,
            CREATE,
            json!({ "i": { "title": "Bản gốc", "body": "<p>Gốc.</p>", "categoryId": category } }),
        )
        .await;
    let id = created["data"]["createArticle"]["id"].clone();
    let version = created["data"]["createArticle"]["version"].clone();
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let (app, token, id, version) =
                (app.clone(), token.clone(), id.clone(), version.clone());
            tokio::spawn(async move {
                let input = json!({ "version": version, "title": format!("Bản sửa {i}") });
                app.gql_as(&token, UPDATE, json!({ "id": id, "i": input }))
                    .await
            })
        })
        .collect();
    let mut codes: Vec<String> = Vec::new();
    for t in tasks {
        let body: Value = t.await.unwrap();
        codes.push(if body.get("errors").is_none() {
            "OK".into()
        } else {
            error_code(&body).to_owned()
        });
    }
    let wins = codes.iter().filter(|c| *c == "OK").count();
    let conflicts = codes.iter().filter(|c| *c == "CONFLICT").count();
    assert_eq!((wins, conflicts), (1, 19), "{codes:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editors_saving_different_articles_at_once_all_succeed() {
    let app = Arc::new(TestApp::spawn().await);
    let token = Arc::new(app.user_token("toasoan", Role::Editor).await);
    let category = app.category("Thời sự", None).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let body = app
            .gql_as(
                &token,
                CREATE,
                json!({ "i": { "title": format!("Bài {i}"), "body": "<p>x</p>", "categoryId": category } }),
            )
            .await;
        ids.push(body["data"]["createArticle"]["id"].clone());
    }
    // Each of five editors saves their own article ten times in a row.
    let tasks: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let (app, token) = (app.clone(), token.clone());
            tokio::spawn(async move {
                let mut version = json!(1);
                for round in 0..10 {
                    let input = json!({ "version": version, "summary": format!("Lần {round}") });
                    let body = app
                        .gql_as(&token, UPDATE, json!({ "id": id, "i": input }))
                        .await;
                    assert!(body.get("errors").is_none(), "a save failed: {body}");
                    version = body["data"]["updateArticle"]["version"].clone();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_articles_with_one_title_at_once_get_ten_slugs() {
    let app = Arc::new(TestApp::spawn().await);
    let token = Arc::new(app.user_token("toasoan", Role::Editor).await);
    let category = app.category("Thời sự", None).await;
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (app, token) = (app.clone(), token.clone());
            tokio::spawn(async move {
                let input = json!({ "title": "Họp báo thường kỳ", "body": "<p>x</p>", "categoryId": category });
                app.gql_as(&token, "mutation($i: CreateArticleInput!) { createArticle(input: $i) { slug } }", json!({ "i": input }))
                    .await
            })
        })
        .collect();
    let mut slugs = Vec::new();
    for t in tasks {
        let body = t.await.unwrap();
        assert!(body.get("errors").is_none(), "a create failed: {body}");
        slugs.push(
            body["data"]["createArticle"]["slug"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 10, "{slugs:?}");
    assert!(slugs.iter().all(|s| s.starts_with("hop-bao-thuong-ky")));
}
