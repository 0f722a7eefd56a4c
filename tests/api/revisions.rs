//! Revisions of videos, galleries, documents and pages: kept with every
//! update, listed for editors, restored as a new update that leaves the
//! workflow's fields alone.

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field};

const REVISIONS: &str = "query($k: ContentKind!, $id: ID!) { contentRevisions(kind: $k, id: $id) { id version snapshot } }";
const RESTORE: &str = "mutation($k: ContentKind!, $id: ID!, $r: ID!, $v: Int!) { restoreContentRevision(kind: $k, id: $id, revisionId: $r, version: $v) { ... on Document { number title status slug version } ... on Video { title version } } }";

async fn document(app: &TestApp, token: &str) -> Value {
    let r = app
        .gql_as(
            token,
            "mutation { createDocument(input: { number: \"12/KH-UBND\", title: \"Kế hoạch trồng cây\", documentType: PLAN, issuer: \"UBND thị xã Sông Lam\", issuedAt: \"2026-02-01\" }) { id } }",
            json!({}),
        )
        .await;
    r["data"]["createDocument"]["id"].clone()
}

async fn update(app: &TestApp, token: &str, id: &Value, input: Value) -> Value {
    app.gql_as(
        token,
        "mutation($id: ID!, $i: UpdateDocumentInput!) { updateDocument(id: $id, input: $i) { version title number } }",
        json!({ "id": id, "i": input }),
    )
    .await
}

#[tokio::test]
async fn a_document_restores_an_earlier_revision_and_stays_published() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let id = document(&app, &editor).await;
    let r = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { publishDocument(id: $id) { version slug } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r["data"]["publishDocument"]["version"], 2, "{r}");
    let slug = r["data"]["publishDocument"]["slug"].clone();
    let r = update(
        &app,
        &editor,
        &id,
        json!({ "version": 2, "title": "Kế hoạch trồng cây xanh đô thị" }),
    )
    .await;
    assert_eq!(r["data"]["updateDocument"]["version"], 3, "{r}");
    let r = update(
        &app,
        &editor,
        &id,
        json!({ "version": 3, "number": "13/KH-UBND" }),
    )
    .await;
    assert_eq!(r["data"]["updateDocument"]["version"], 4, "{r}");
    let revs = app
        .gql_as(&editor, REVISIONS, json!({ "k": "DOCUMENT", "id": id }))
        .await;
    let list = revs["data"]["contentRevisions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        list.iter()
            .map(|r| r["version"].clone())
            .collect::<Vec<_>>(),
        [json!(3), json!(2)],
        "{revs}"
    );
    let first: Value = serde_json::from_str(list[1]["snapshot"].as_str().unwrap()).unwrap();
    assert_eq!(first["title"], "Kế hoạch trồng cây");
    // Back to version 2's fields: title and number together, still published.
    let r = app
        .gql_as(
            &editor,
            RESTORE,
            json!({ "k": "DOCUMENT", "id": id, "r": list[1]["id"], "v": 4 }),
        )
        .await;
    let d = &r["data"]["restoreContentRevision"];
    assert_eq!(d["title"], "Kế hoạch trồng cây", "{r}");
    assert_eq!(d["number"], "12/KH-UBND");
    assert_eq!(d["status"], "PUBLISHED");
    assert_eq!(d["slug"], slug);
    assert_eq!(d["version"], 5);
    // The number key and the index follow the restored fields.
    let found = app
        .data(
            "{ document(number: \"12 kh ubnd\") { title } search(query: \"trong cay xanh do thi\", kinds: [DOCUMENT]) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(found["document"]["title"], "Kế hoạch trồng cây");
    assert_eq!(found["search"]["totalCount"], 0, "{found}");
    // A stale version is a conflict and changes nothing.
    let r = app
        .gql_as(
            &editor,
            RESTORE,
            json!({ "k": "DOCUMENT", "id": id, "r": list[0]["id"], "v": 4 }),
        )
        .await;
    assert_eq!(error_code(&r), "CONFLICT", "{r}");
    let revs = app
        .gql_as(&editor, REVISIONS, json!({ "k": "DOCUMENT", "id": id }))
        .await;
    assert_eq!(
        revs["data"]["contentRevisions"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn revisions_are_for_editors_and_each_kind_keeps_its_own() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let author = app.user_token("phongvien", Role::Author).await;
    let id = document(&app, &editor).await;
    update(
        &app,
        &editor,
        &id,
        json!({ "version": 1, "title": "Sửa lần một" }),
    )
    .await;
    let r = app
        .gql_as(&author, REVISIONS, json!({ "k": "DOCUMENT", "id": id }))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let r = app
        .gql(REVISIONS, json!({ "k": "DOCUMENT", "id": id }))
        .await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED", "{r}");
    // The same id as a video has no document revisions.
    let r = app
        .gql_as(&editor, REVISIONS, json!({ "k": "VIDEO", "id": id }))
        .await;
    assert_eq!(error_code(&r), "NOT_FOUND", "{r}");
    let r = app
        .gql_as(&editor, REVISIONS, json!({ "k": "ARTICLE", "id": id }))
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
    assert_eq!(error_field(&r), "kind");
}
