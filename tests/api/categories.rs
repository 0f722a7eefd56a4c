//! The category tree: reading it, and editors changing it.

use bantin::auth::Role;
use serde_json::json;

use crate::helpers::{Art, TestApp, error_code, error_field};

#[tokio::test]
async fn categories_come_as_a_tree_in_menu_order() {
    let app = TestApp::with_demo().await;
    let d = app
        .data(
            "{ categories { slug position parent { slug } children { slug parent { slug } } } }",
            json!({}),
        )
        .await;
    let top: Vec<&str> = d["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert_eq!(top[0], "tin-tuc");
    assert_eq!(d["categories"][0]["parent"], json!(null));
    let kids: Vec<&str> = d["categories"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["chinh-tri", "kinh-te", "van-hoa-xa-hoi"]);
    assert_eq!(
        d["categories"][0]["children"][0]["parent"]["slug"],
        "tin-tuc"
    );
    let flat = app
        .data("{ categories(flat: true) { slug } }", json!({}))
        .await;
    assert_eq!(flat["categories"].as_array().unwrap().len(), 9);
}

#[tokio::test]
async fn a_category_page_lists_its_articles_with_numbered_pages() {
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    let sub = app.category("Kinh tế", Some(news)).await;
    for i in 0..3 {
        app.article(Art::new(&format!("Kinh tế {i}"), sub).at(-10 * (i + 1)))
            .await;
    }
    app.article(Art::new("Tin chung", news).at(-100)).await;
    let d = app
        .data(
            "{ category(slug: \"tin-tuc\") { name articleCount
                 articles(perPage: 2) { totalCount totalPages items { title } }
                 own: articles(includeSubcategories: false) { totalCount } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["category"]["articleCount"], 4);
    assert_eq!(d["category"]["articles"]["totalCount"], 4);
    assert_eq!(d["category"]["articles"]["totalPages"], 2);
    assert_eq!(d["category"]["own"]["totalCount"], 1);
    assert_eq!(
        app.data("{ category(slug: \"khong-co\") { name } }", json!({}))
            .await["category"],
        json!(null)
    );
}

const CREATE: &str = "mutation($i: CreateCategoryInput!) { createCategory(input: $i) { id slug name parent { slug } } }";

#[tokio::test]
async fn editors_create_rename_move_and_delete_categories() {
    let app = TestApp::spawn().await;
    let token = app.user_token("bientap", Role::Editor).await;
    let news = app
        .gql_as(&token, CREATE, json!({ "i": { "name": "Tin tức" } }))
        .await;
    let news_id = news["data"]["createCategory"]["id"].clone();
    assert_eq!(news["data"]["createCategory"]["slug"], "tin-tuc");
    let sub = app
        .gql_as(
            &token,
            CREATE,
            json!({ "i": { "name": "Đời sống", "parentId": news_id } }),
        )
        .await;
    let sub_id = sub["data"]["createCategory"]["id"].clone();
    assert_eq!(sub["data"]["createCategory"]["parent"]["slug"], "tin-tuc");
    let renamed = app
        .gql_as(
            &token,
            "mutation($id: ID!) { updateCategory(id: $id, input: { name: \"Đời sống xã hội\", description: \"Mô tả\" }) { name description } }",
            json!({ "id": sub_id }),
        )
        .await;
    assert_eq!(renamed["data"]["updateCategory"]["name"], "Đời sống xã hội");
    // With its version, an edit from an old view is a conflict; the
    // current version passes and moves on.
    let stale = app
        .gql_as(
            &token,
            "mutation($id: ID!) { updateCategory(id: $id, input: { version: 1, name: \"Cũ\" }) { name } }",
            json!({ "id": sub_id }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT", "{stale}");
    assert_eq!(error_field(&stale), "version");
    let current = app
        .gql_as(
            &token,
            "mutation($id: ID!) { updateCategory(id: $id, input: { version: 2, position: 3 }) { name position version } }",
            json!({ "id": sub_id }),
        )
        .await;
    assert_eq!(current["data"]["updateCategory"]["version"], 3, "{current}");
    assert_eq!(current["data"]["updateCategory"]["name"], "Đời sống xã hội");
    // Moving a category under its own child would make a cycle.
    let cycle = app
        .gql_as(
            &token,
            "mutation($id: ID!, $p: ID) { moveCategory(id: $id, parentId: $p) { id } }",
            json!({ "id": news_id, "p": sub_id }),
        )
        .await;
    assert_eq!(error_code(&cycle), "BAD_USER_INPUT");
    assert_eq!(error_field(&cycle), "parentId");
    let moved = app
        .gql_as(
            &token,
            "mutation($id: ID!) { moveCategory(id: $id, parentId: null) { parent { slug } } }",
            json!({ "id": sub_id }),
        )
        .await;
    assert!(moved.get("errors").is_none(), "{moved}");
    assert_eq!(moved["data"]["moveCategory"]["parent"], json!(null));
    let deleted = app
        .gql_as(
            &token,
            "mutation($id: ID!) { deleteCategory(id: $id) }",
            json!({ "id": sub_id }),
        )
        .await;
    assert_eq!(deleted["data"]["deleteCategory"], sub_id);
}

#[tokio::test]
async fn a_category_holding_articles_cannot_be_deleted_and_slugs_are_unique() {
    let app = TestApp::spawn().await;
    let token = app.user_token("bientap", Role::Editor).await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Một bài", cat)).await;
    let del = app
        .gql_as(
            &token,
            "mutation($id: ID!) { deleteCategory(id: $id) }",
            json!({ "id": cat.to_string() }),
        )
        .await;
    assert_eq!(error_code(&del), "CONFLICT");
    let dup = app
        .gql_as(&token, CREATE, json!({ "i": { "name": "Tin  tức" } }))
        .await;
    assert_eq!(error_code(&dup), "CONFLICT");
    assert_eq!(error_field(&dup), "slug");
    let bad = app
        .gql_as(
            &token,
            CREATE,
            json!({ "i": { "name": "X", "slug": "Chữ Hoa" } }),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    let missing_parent = app
        .gql_as(
            &token,
            CREATE,
            json!({ "i": { "name": "Y", "parentId": "999" } }),
        )
        .await;
    assert_eq!(error_field(&missing_parent), "parentId");
}

#[tokio::test]
async fn authors_and_the_public_cannot_manage_categories() {
    let app = TestApp::spawn().await;
    let author = app.user_token("tacgia", Role::Author).await;
    let forbidden = app
        .gql_as(&author, CREATE, json!({ "i": { "name": "Mới" } }))
        .await;
    assert_eq!(error_code(&forbidden), "FORBIDDEN");
    let anonymous = app.gql(CREATE, json!({ "i": { "name": "Mới" } })).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    assert_eq!(
        app.data("{ categories { id } }", json!({})).await["categories"],
        json!([])
    );
}

#[tokio::test]
async fn a_category_holding_videos_or_albums_cannot_be_deleted_either() {
    let app = TestApp::spawn().await;
    let token = app.user_token("bientap", Role::Editor).await;
    for (kind, create) in [
        (
            "video",
            "mutation($c: ID!) { createVideo(input: { title: \"Đua thuyền\", url: \"https://www.youtube.com/watch?v=dQw4w9WgXcQ\", categoryId: $c }) { id } }",
        ),
        (
            "album",
            "mutation($c: ID!) { createGallery(input: { title: \"Lễ hội\", categoryId: $c }) { id } }",
        ),
    ] {
        let cat = app.category(&format!("Mục {kind}"), None).await;
        let made = app
            .gql_as(&token, create, json!({ "c": cat.to_string() }))
            .await;
        assert!(made.get("errors").is_none(), "{made}");
        let del = app
            .gql_as(
                &token,
                "mutation($id: ID!) { deleteCategory(id: $id) }",
                json!({ "id": cat.to_string() }),
            )
            .await;
        assert_eq!(error_code(&del), "CONFLICT", "{kind}: {del}");
        assert!(
            del["errors"][0]["message"].as_str().unwrap().contains(kind),
            "{del}"
        );
    }
}
