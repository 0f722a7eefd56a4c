//! Official documents ("văn bản"): numbers typed any way, filters,
//! visibility and scheduling, editors' mutations and their rejections,
//! search, visits and flat statement counts.

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field};

const CREATE: &str = "mutation($i: CreateDocumentInput!) { createDocument(input: $i) { id slug number status version files { url name } } }";
const UPDATE: &str = "mutation($id: ID!, $i: UpdateDocumentInput!) { updateDocument(id: $id, input: $i) { id number title version effectiveAt } }";

fn new_doc(number: &str, title: &str, issued: &str) -> Value {
    json!({
        "number": number,
        "title": title,
        "documentType": "DECISION",
        "issuer": "UBND thị xã Sông Lam",
        "issuedAt": issued,
        "files": [{ "url": "https://vanban.songlam.example.vn/files/qd.pdf", "name": "qd.pdf" }],
    })
}

/// Creates a document as `token`; returns its id.
async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    let r = app.gql_as(token, CREATE, json!({ "i": input })).await;
    assert!(r.get("errors").is_none(), "{r}");
    r["data"]["createDocument"]["id"].clone()
}

async fn publish(app: &TestApp, token: &str, id: &Value, at: Option<String>) -> Value {
    app.gql_as(
        token,
        "mutation($id: ID!, $at: DateTime) { publishDocument(id: $id, at: $at) { status publishedAt version } }",
        json!({ "id": id, "at": at }),
    )
    .await
}

fn numbers(items: &Value) -> Vec<String> {
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["number"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_document_is_found_by_its_number_typed_any_way() {
    let app = TestApp::with_demo().await;
    for typed in ["15-NQ/TU", "15/NQ-TU", "15-nq/tu", "15 NQ TU", "15nqtu"] {
        let d = app
            .data(
                "query($n: String) { document(number: $n) { number documentType issuer } }",
                json!({ "n": typed }),
            )
            .await;
        assert_eq!(d["document"]["number"], "15-NQ/TU", "{typed}");
        assert_eq!(d["document"]["documentType"], "RESOLUTION");
        assert_eq!(d["document"]["issuer"], "Thị ủy Sông Lam");
        // The list's text filter and the site search find it the same ways.
        let d = app
            .data(
                "query($q: String) { documents(filter: { q: $q }) { items { number } } search(query: $q, kinds: [DOCUMENT]) { items { node { ... on Document { number } } } } }",
                json!({ "q": typed }),
            )
            .await;
        assert_eq!(numbers(&d["documents"]["items"]), ["15-NQ/TU"], "{typed}");
        assert_eq!(
            d["search"]["items"][0]["node"]["number"], "15-NQ/TU",
            "{typed}: {d}"
        );
    }
    // An unknown number is null, not an error; id with number is refused.
    let d = app
        .data("{ document(number: \"99-NQ/TU\") { id } }", json!({}))
        .await;
    assert!(d["document"].is_null());
    let r = app
        .gql(
            "{ document(id: \"1\", number: \"15-NQ/TU\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
    assert_eq!(error_field(&r), "number");
}

#[tokio::test]
async fn the_title_is_found_without_diacritics_and_drafts_stay_hidden() {
    let app = TestApp::with_demo().await;
    let d = app
        .data(
            "{ search(query: \"van phong hdnd\", kinds: [DOCUMENT]) { totalCount items { node { ... on Document { number title } } } } }",
            json!({}),
        )
        .await;
    let items = d["search"]["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty(), "{d}");
    assert_eq!(items[0]["node"]["number"], "120/QĐ-UBND", "{d}");
    // The draft resolution and the scheduled decision are nowhere public.
    for number in ["35/NQ-HĐND", "2398/QĐ-UBND"] {
        let d = app
            .data(
                "query($n: String) { document(number: $n) { id } documents(filter: { q: $n }) { totalCount } search(query: $n, kinds: [DOCUMENT]) { totalCount } }",
                json!({ "n": number }),
            )
            .await;
        assert!(d["document"].is_null(), "{number}: {d}");
        assert_eq!(d["documents"]["totalCount"], 0, "{number}");
        assert_eq!(d["search"]["totalCount"], 0, "{number}");
    }
    // Twelve demo documents: ten public, one draft, one scheduled.
    let d = app.data("{ documents { totalCount } }", json!({})).await;
    assert_eq!(d["documents"]["totalCount"], 10);
    let editor = app.user_token("bientap", Role::Editor).await;
    let r = app
        .gql_as(
            &editor,
            "{ documents(filter: { status: [DRAFT, SCHEDULED] }) { items { number status } } }",
            json!({}),
        )
        .await;
    let mut found = numbers(&r["data"]["documents"]["items"]);
    found.sort();
    assert_eq!(found, ["2398/QĐ-UBND", "35/NQ-HĐND"], "{r}");
}

#[tokio::test]
async fn documents_filter_by_type_issuer_and_year() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let mut plan = new_doc("45/KH-UBND", "Kế hoạch tiêm chủng mở rộng", "2025-03-10");
    plan["documentType"] = json!("PLAN");
    let mut letter = new_doc("1532/UBND-VP", "Về làm việc sáng thứ Bảy", "2026-06-01");
    letter["documentType"] = json!("OFFICIAL_LETTER");
    letter["issuer"] = json!("Văn phòng HĐND và UBND thị xã");
    let decision = new_doc("120/QĐ-UBND", "Quy chế làm việc", "2026-01-15");
    for input in [plan, letter, decision] {
        let id = create(&app, &editor, input).await;
        let r = publish(&app, &editor, &id, None).await;
        assert!(r.get("errors").is_none(), "{r}");
    }
    let list = |filter: Value| {
        let app = &app;
        async move {
            let d = app
                .data(
                    "query($f: DocumentFilter) { documents(filter: $f) { totalCount items { number } } }",
                    json!({ "f": filter }),
                )
                .await;
            let mut n = numbers(&d["documents"]["items"]);
            n.sort();
            assert_eq!(d["documents"]["totalCount"], n.len());
            n
        }
    };
    assert_eq!(
        list(json!({ "documentType": "PLAN" })).await,
        ["45/KH-UBND"]
    );
    assert_eq!(
        list(json!({ "issuer": "Văn phòng HĐND và UBND thị xã" })).await,
        ["1532/UBND-VP"]
    );
    assert_eq!(
        list(json!({ "year": 2026 })).await,
        ["120/QĐ-UBND", "1532/UBND-VP"]
    );
    assert_eq!(
        list(json!({ "year": 2026, "documentType": "DECISION" })).await,
        ["120/QĐ-UBND"]
    );
    assert!(list(json!({ "year": 2024 })).await.is_empty());
    let r = app
        .gql(
            "{ documents(filter: { year: 20260 }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
    assert_eq!(error_field(&r), "filter.year");
}

#[tokio::test]
async fn a_scheduled_document_goes_live_by_itself() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let id = create(
        &app,
        &editor,
        new_doc("7/TB-UBND", "Thông báo lịch tiếp dân", "2026-11-30"),
    )
    .await;
    let at = (app.now() + chrono::TimeDelta::seconds(600)).to_rfc3339();
    let r = publish(&app, &editor, &id, Some(at)).await;
    assert_eq!(r["data"]["publishDocument"]["status"], "SCHEDULED", "{r}");
    let q = "query($id: ID!) { document(id: $id) { number status } }";
    let d = app.data(q, json!({ "id": id })).await;
    assert!(d["document"].is_null(), "{d}");
    app.advance(590);
    let d = app.data(q, json!({ "id": id })).await;
    assert!(d["document"].is_null(), "live before its time: {d}");
    app.advance(10);
    let d = app.data(q, json!({ "id": id })).await;
    assert_eq!(d["document"]["status"], "PUBLISHED", "{d}");
    let d = app.data("{ documents { totalCount } }", json!({})).await;
    assert_eq!(d["documents"]["totalCount"], 1);
}

#[tokio::test]
async fn bad_input_and_stale_versions_change_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let id = create(
        &app,
        &editor,
        new_doc("98/BC-UBND", "Báo cáo tình hình", "2026-10-01"),
    )
    .await;
    let cases = [
        (
            json!({ "version": 1, "effectiveAt": "2026-09-01" }),
            "effectiveAt",
        ),
        (
            json!({ "version": 1, "expiresAt": "2026-09-30" }),
            "expiresAt",
        ),
        (json!({ "version": 1, "number": " /-. " }), "number"),
        (
            json!({ "version": 1, "files": [{ "url": "javascript:alert(1)", "name": "x.pdf" }] }),
            "files",
        ),
        (json!({ "version": 1, "title": "" }), "title"),
    ];
    for (input, field) in cases {
        let r = app
            .gql_as(&editor, UPDATE, json!({ "id": id, "i": input }))
            .await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{input}: {r}");
        assert_eq!(error_field(&r), field, "{input}");
    }
    let ok = app
        .gql_as(
            &editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "number": "99/BC-UBND", "effectiveAt": "2026-10-05" } }),
        )
        .await;
    assert_eq!(ok["data"]["updateDocument"]["version"], 2, "{ok}");
    // A colleague still on version 1 gets a conflict, and nothing moves.
    let stale = app
        .gql_as(
            &editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "title": "Ghi đè" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    assert_eq!(error_field(&stale), "version");
    let d = app
        .gql_as(
            &editor,
            "query($id: ID!) { document(id: $id) { number title version effectiveAt files { name } } }",
            json!({ "id": id }),
        )
        .await;
    let d = &d["data"]["document"];
    assert_eq!(d["number"], "99/BC-UBND");
    assert_eq!(d["title"], "Báo cáo tình hình");
    assert_eq!(d["version"], 2);
    assert_eq!(d["effectiveAt"], "2026-10-05");
    assert_eq!(d["files"][0]["name"], "qd.pdf");
    // Readers cannot write.
    let r = app
        .gql(
            CREATE,
            json!({ "i": new_doc("1/QĐ", "Khách", "2026-01-01") }),
        )
        .await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED");
}

#[tokio::test]
async fn an_author_writes_drafts_and_an_editor_publishes_and_deletes() {
    let app = TestApp::spawn().await;
    let author = app.user_token("phongvien", Role::Author).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let id = create(
        &app,
        &author,
        new_doc("3/KH-VP", "Kế hoạch trực Tết", "2026-12-01"),
    )
    .await;
    let r = publish(&app, &author, &id, None).await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let r = publish(&app, &editor, &id, None).await;
    assert_eq!(r["data"]["publishDocument"]["status"], "PUBLISHED", "{r}");
    let d = app
        .data(
            "query($id: ID!) { document(id: $id) { slug inForce } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(d["document"]["slug"], "3-kh-vp-ke-hoach-truc-tet");
    assert_eq!(d["document"]["inForce"], true);
    let r = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { deleteDocument(id: $id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r["data"]["deleteDocument"], id, "{r}");
    let d = app
        .data(
            "{ documents { totalCount } search(query: \"truc tet\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(d["documents"]["totalCount"], 0);
    assert_eq!(d["search"]["totalCount"], 0);
}

#[tokio::test]
async fn visits_to_a_document_count_and_rank_it() {
    let app = TestApp::with_demo().await;
    let d = app
        .data(
            "{ document(number: \"27/NQ-HĐND\") { id viewCount } }",
            json!({}),
        )
        .await;
    let id = d["document"]["id"].clone();
    assert_eq!(d["document"]["viewCount"], 0);
    for _ in 0..3 {
        let r = app
            .gql(
                "mutation($id: ID!) { recordVisit(path: \"/van-ban\", kind: DOCUMENT, id: $id) }",
                json!({ "id": id }),
            )
            .await;
        assert!(r.get("errors").is_none(), "{r}");
    }
    app.flush_visits().await;
    let d = app
        .data(
            "query($id: ID!) { document(id: $id) { viewCount } mostViewed(kind: DOCUMENT, limit: 1) { node { ... on Document { number } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(d["document"]["viewCount"], 3, "{d}");
    assert_eq!(d["mostViewed"][0]["node"]["number"], "27/NQ-HĐND", "{d}");
}

#[tokio::test]
async fn a_page_of_documents_runs_the_same_statements_for_2_or_12_items() {
    let app = TestApp::uncached().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let q = "{ documents(perPage: 20) { totalCount items { number files { name } category { name } } } }";
    let mut counts = Vec::new();
    for n in 0..12 {
        let id = create(
            &app,
            &editor,
            new_doc(&format!("{n}/QĐ-UBND"), "Quyết định", "2026-02-02"),
        )
        .await;
        publish(&app, &editor, &id, None).await;
        if n == 1 || n == 11 {
            let before = app.statements().await;
            let d = app.data(q, json!({})).await;
            assert_eq!(d["documents"]["totalCount"], n + 1);
            counts.push(app.statements().await - before);
        }
    }
    assert_eq!(counts[0], counts[1], "{counts:?}");
}
