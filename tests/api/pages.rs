//! Static pages: the tree readers see, drafts hiding their sub-pages,
//! editors' mutations and the rules of the tree.

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field};

const CREATE: &str =
    "mutation($i: CreatePageInput!) { createPage(input: $i) { id slug status version parentId } }";
const UPDATE: &str = "mutation($id: ID!, $i: UpdatePageInput!) { updatePage(id: $id, input: $i) { id version parentId position } }";
const TREE: &str = "query($m: Boolean) { pages(menuOnly: $m) { slug parentId } }";

fn slugs(pages: &Value) -> Vec<String> {
    pages
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["slug"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn page(
    app: &TestApp,
    token: &str,
    title: &str,
    parent: Option<&Value>,
    position: i32,
) -> Value {
    let r = app
        .gql_as(
            token,
            CREATE,
            json!({ "i": { "title": title, "body": "<p>Nội dung</p>", "parentId": parent, "position": position } }),
        )
        .await;
    assert!(r.get("errors").is_none(), "{r}");
    let id = r["data"]["createPage"]["id"].clone();
    let p = app
        .gql_as(
            token,
            "mutation($id: ID!) { publishPage(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(p["data"]["publishPage"]["status"], "PUBLISHED", "{p}");
    id
}

#[tokio::test]
async fn the_demo_pages_come_in_tree_order_without_the_draft() {
    let app = TestApp::with_demo().await;
    let d = app.data(TREE, json!({ "m": false })).await;
    assert_eq!(
        slugs(&d["pages"]),
        [
            "gioi-thieu",
            "lich-su-hinh-thanh",
            "so-do-to-chuc",
            "lien-he"
        ]
    );
    let d = app
        .data(
            "{ page(slug: \"lien-he\") { title body seoTitle } draft: page(slug: \"chinh-sach-bao-mat\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(d["page"]["title"], "Liên hệ");
    assert!(
        d["page"]["body"]
            .as_str()
            .is_some_and(|b| b.contains("0238"))
    );
    assert!(d["draft"].is_null());
    // Editors see the draft too.
    let editor = app.user_token("bientap", Role::Editor).await;
    let r = app.gql_as(&editor, TREE, json!({ "m": false })).await;
    assert!(slugs(&r["data"]["pages"]).contains(&"chinh-sach-bao-mat".to_owned()));
    // Pages are searchable like everything else.
    let d = app
        .data(
            "{ search(query: \"lien he\", kinds: [PAGE]) { items { node { ... on Page { slug } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["search"]["items"][0]["node"]["slug"], "lien-he", "{d}");
}

#[tokio::test]
async fn a_draft_section_hides_its_sub_pages_and_menus_skip_hidden_ones() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let about = page(&app, &editor, "Giới thiệu", None, 1).await;
    page(&app, &editor, "Lịch sử", Some(&about), 2).await;
    let org = page(&app, &editor, "Tổ chức", Some(&about), 1).await;
    page(&app, &editor, "Liên hệ", None, 2).await;
    let d = app.data(TREE, json!({ "m": false })).await;
    assert_eq!(
        slugs(&d["pages"]),
        ["gioi-thieu", "to-chuc", "lich-su", "lien-he"]
    );
    let r = app
        .gql_as(
            &editor,
            UPDATE,
            json!({ "id": org, "i": { "version": 2, "showInMenu": false } }),
        )
        .await;
    assert!(r.get("errors").is_none(), "{r}");
    let d = app.data(TREE, json!({ "m": true })).await;
    assert_eq!(slugs(&d["pages"]), ["gioi-thieu", "lich-su", "lien-he"]);
    let r = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { unpublishPage(id: $id) { status } }",
            json!({ "id": about }),
        )
        .await;
    assert_eq!(r["data"]["unpublishPage"]["status"], "DRAFT", "{r}");
    let d = app.data(TREE, json!({ "m": false })).await;
    assert_eq!(slugs(&d["pages"]), ["lien-he"]);
}

#[tokio::test]
async fn the_tree_refuses_cycles_and_depth_and_deleting_lifts_children() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let a = page(&app, &editor, "Cấp một", None, 0).await;
    let b = page(&app, &editor, "Cấp hai", Some(&a), 0).await;
    let c = page(&app, &editor, "Cấp ba", Some(&b), 0).await;
    let d = page(&app, &editor, "Cấp bốn", Some(&c), 0).await;
    // Below itself or its own descendant: refused.
    for parent in [&a, &c] {
        let r = app
            .gql_as(
                &editor,
                UPDATE,
                json!({ "id": a, "i": { "version": 2, "parentId": parent } }),
            )
            .await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r}");
        assert_eq!(error_field(&r), "parentId");
    }
    // A fifth level: refused; an unknown parent too.
    let r = app
        .gql_as(
            &editor,
            CREATE,
            json!({ "i": { "title": "Cấp năm", "body": "", "parentId": d } }),
        )
        .await;
    assert_eq!(error_field(&r), "parentId", "{r}");
    let r = app
        .gql_as(
            &editor,
            CREATE,
            json!({ "i": { "title": "Mồ côi", "body": "", "parentId": "999" } }),
        )
        .await;
    assert_eq!(error_field(&r), "parentId", "{r}");
    // Deleting the second level lifts the third to the top.
    let r = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { deletePage(id: $id) }",
            json!({ "id": b }),
        )
        .await;
    assert_eq!(r["data"]["deletePage"], b, "{r}");
    let q = app.data(TREE, json!({ "m": false })).await;
    assert_eq!(slugs(&q["pages"]), ["cap-mot", "cap-ba", "cap-bon"]);
    assert!(q["pages"][1]["parentId"].is_null(), "{q}");
}
