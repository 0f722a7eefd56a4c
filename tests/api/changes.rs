//! Delta sync: the change log says what readers saw change, in order, and
//! nothing else.

use bantin::{auth::Role, service::changelog};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field};

const CHANGES: &str = "query($a: String, $n: Int, $k: [ChangeKind!]) {
  changes(after: $a, first: $n, kinds: $k) {
    endCursor hasMore
    items { cursor kind id slug op at node { __typename ... on Article { title } ... on Category { name } } }
  }
}";

async fn changes(app: &TestApp, after: &Value, first: i64) -> Value {
    app.data(CHANGES, json!({ "a": after, "n": first })).await["changes"].clone()
}

/// (kind, op, slug) of each entry.
fn entries(page: &Value) -> Vec<(String, String, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["op"].as_str().unwrap().to_owned(),
                i["slug"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn e(kind: &str, op: &str, slug: &str) -> (String, String, String) {
    (kind.into(), op.into(), slug.into())
}

async fn ok(app: &TestApp, token: &str, q: &str, vars: Value) -> Value {
    let r = app.gql_as(token, q, vars).await;
    assert!(r.get("errors").is_none(), "{q}: {r}");
    r["data"].clone()
}

#[tokio::test]
async fn every_public_change_is_logged_in_order_and_drafts_never() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let start = changes(&app, &Value::Null, 100).await;
    let cat = ok(
        &app,
        &editor,
        "mutation { createCategory(input: { name: \"Thời sự\" }) { id } }",
        json!({}),
    )
    .await["createCategory"]["id"]
        .clone();
    let create = "mutation($c: ID!, $t: String!) { createArticle(input: { title: $t, body: \"<p>Nội dung</p>\", categoryId: $c }) { id slug } }";
    let draft = ok(
        &app,
        &editor,
        create,
        json!({ "c": cat, "t": "Khai mạc hội chợ" }),
    )
    .await;
    let id = draft["createArticle"]["id"].clone();
    let slug = draft["createArticle"]["slug"].as_str().unwrap().to_owned();
    // A draft, and its edits: nothing public.
    let update = "mutation($id: ID!, $v: Int!, $t: String!) { updateArticle(id: $id, input: { version: $v, title: $t }) { version } }";
    ok(
        &app,
        &editor,
        update,
        json!({ "id": id, "v": 1, "t": "Khai mạc hội chợ xuân" }),
    )
    .await;
    let publish =
        "mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { version } }";
    ok(&app, &editor, publish, json!({ "id": id })).await;
    ok(
        &app,
        &editor,
        update,
        json!({ "id": id, "v": 3, "t": "Khai mạc hội chợ xuân 2027" }),
    )
    .await;
    ok(
        &app,
        &editor,
        "mutation($id: ID!) { unpublishArticle(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    // Scheduled: nothing until it comes due.
    let at = (app.now() + chrono::TimeDelta::hours(2)).to_rfc3339();
    ok(&app, &editor, publish, json!({ "id": id, "at": at })).await;
    let before_due = changes(&app, &start["endCursor"], 100).await;
    assert_eq!(
        before_due["items"].as_array().map(Vec::len),
        Some(4),
        "{before_due}"
    );
    app.advance(2 * 3600 + 10);
    let logged = app
        .state
        .clock
        .scope(changelog::catch_up(&app.state.db, 100))
        .await
        .unwrap();
    assert_eq!(logged, 1);
    // Two hours on, the first token has expired.
    let editor = app.user_token("bientap2", Role::Editor).await;
    ok(
        &app,
        &editor,
        "mutation($id: ID!) { deleteArticle(id: $id) }",
        json!({ "id": id }),
    )
    .await;

    let page = changes(&app, &start["endCursor"], 100).await;
    let slug = slug.as_str();
    assert_eq!(
        entries(&page),
        [
            e("CATEGORY", "UPSERT", "thoi-su"),
            e("ARTICLE", "UPSERT", slug),
            e("ARTICLE", "UPSERT", slug),
            e("ARTICLE", "DELETE", slug),
            e("ARTICLE", "UPSERT", slug),
            e("ARTICLE", "DELETE", slug),
        ],
        "{page}"
    );
    assert_eq!(page["hasMore"], false);
    // `node` is the item as readers see it now: deleted since, so none.
    assert_eq!(page["items"][1]["node"], Value::Null, "{page}");
    assert_eq!(page["items"][0]["node"]["name"], "Thời sự", "{page}");
    // Nothing new: the same cursor back, no items.
    let idle = changes(&app, &page["endCursor"], 100).await;
    assert_eq!(idle["items"], json!([]));
    assert_eq!(idle["endCursor"], page["endCursor"]);
    // Only some kinds.
    let cats = app
        .data(
            CHANGES,
            json!({ "a": start["endCursor"], "k": ["CATEGORY"] }),
        )
        .await;
    assert_eq!(
        entries(&cats["changes"]),
        [e("CATEGORY", "UPSERT", "thoi-su")]
    );
    // Its cursor stands past the articles it skipped: an app that follows
    // one kind keeps up, and never rereads them.
    assert_eq!(cats["changes"]["endCursor"], page["endCursor"]);
}

#[tokio::test]
async fn a_change_never_shows_what_readers_can_no_longer_see() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let start = changes(&app, &Value::Null, 100).await["endCursor"].clone();
    let id = app
        .article(crate::helpers::Art::new("Tin đã đăng", cat))
        .await
        .to_string();
    ok(
        &app,
        &editor,
        "mutation($id: ID!) { unpublishArticle(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let update = "mutation($id: ID!, $v: Int!) { updateArticle(id: $id, input: { version: $v, title: \"Bản nháp mật\" }) { version } }";
    let v = app
        .gql_as(&editor, update, json!({ "id": id, "v": 3 }))
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    let page = changes(&app, &start, 100).await;
    assert_eq!(
        entries(&page),
        [
            e("ARTICLE", "UPSERT", "tin-da-dang"),
            e("ARTICLE", "DELETE", "tin-da-dang")
        ],
        "{page}"
    );
    // The UPSERT's node is the item as readers see it now: nothing, not the draft.
    assert_eq!(page["items"][0]["node"], Value::Null, "{page}");
}

#[tokio::test]
async fn paging_while_writes_go_on_loses_and_repeats_nothing() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let mut cursor = changes(&app, &Value::Null, 100).await["endCursor"].clone();
    let mut seen: Vec<String> = Vec::new();
    let mut made = Vec::new();
    for round in 0..6 {
        // Writes land between pages.
        for i in 0..4 {
            let title = format!("Tin {round}-{i}");
            made.push(
                app.article(crate::helpers::Art::new(&title, cat))
                    .await
                    .to_string(),
            );
        }
        let page = changes(&app, &cursor, 3).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["cursor"].as_str().unwrap().to_owned());
        }
        cursor = page["endCursor"].clone();
    }
    loop {
        let page = changes(&app, &cursor, 3).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["cursor"].as_str().unwrap().to_owned());
        }
        cursor = page["endCursor"].clone();
        if page["hasMore"] == false {
            break;
        }
    }
    // Each article: created as a draft (nothing), then published (one UPSERT).
    assert_eq!(seen.len(), made.len(), "{seen:?}");
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "a change came twice");
}

#[tokio::test]
async fn the_scheduler_logs_a_scheduled_item_by_itself() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let start = changes(&app, &Value::Null, 100).await["endCursor"].clone();
    app.article(crate::helpers::Art::new("Tin hẹn giờ", cat).at(60))
        .await;
    assert_eq!(changes(&app, &start, 100).await["items"], json!([]));
    app.advance(70);
    // The app's own scheduler looks every second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let page = changes(&app, &start, 100).await;
        if !page["items"].as_array().unwrap().is_empty() {
            assert_eq!(entries(&page), [e("ARTICLE", "UPSERT", "tin-hen-gio")]);
            assert_eq!(page["items"][0]["node"]["title"], "Tin hẹn giờ");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never logged");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn old_or_foreign_cursors_are_refused_clearly() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    for i in 0..3 {
        app.article(crate::helpers::Art::new(&format!("Tin cũ {i}"), cat))
            .await;
    }
    let first = changes(&app, &Value::Null, 1).await;
    let old_cursor = first["endCursor"].clone();
    // Ninety-one days on, the log has let those entries go.
    app.advance(91 * 86_400);
    let dropped = app
        .state
        .clock
        .scope(changelog::prune(&app.state.db, chrono::TimeDelta::days(90)))
        .await
        .unwrap();
    assert_eq!(dropped, 4, "the category and three articles");
    app.state.changes.bump();
    let r = app.gql(CHANGES, json!({ "a": old_cursor })).await;
    assert_eq!(error_code(&r), "CURSOR_EXPIRED", "{r}");
    // Made up, or from elsewhere: bad input.
    for bad in ["abc", "Y2hhbmdlOi0x", ""] {
        let r = app.gql(CHANGES, json!({ "a": bad })).await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{bad}: {r}");
        assert_eq!(error_field(&r), "after", "{r}");
    }
    let r = app.gql(CHANGES, json!({ "n": 0 })).await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r}");
    // From the start: what is kept, nothing refused.
    let fresh = changes(&app, &Value::Null, 100).await;
    assert_eq!(fresh["items"], json!([]), "{fresh}");
}

#[tokio::test]
async fn an_imported_site_knows_what_readers_see_and_logs_their_losses() {
    use bantin::{config::Config, service::transfer};
    let source = TestApp::with_demo().await;
    let mut file = Vec::new();
    transfer::export(&source.state.db, &source.state.media, &mut file, |_| {})
        .await
        .unwrap();
    let db = crate::helpers::TestDb::new().await;
    let url = db.url.clone();
    let copy = TestApp::with_config(db, Config::for_database(url)).await;
    transfer::import(&copy.state.db, &copy.state.media, file.as_slice(), |_| {})
        .await
        .unwrap();
    let start = changes(&copy, &Value::Null, 100).await;
    assert_eq!(
        start["items"],
        json!([]),
        "an import is where the log starts"
    );
    let editor = copy.user_token("bientap-moi", Role::Editor).await;
    let slug = ok(
        &copy,
        &editor,
        "mutation { unpublishArticle(id: \"1\") { slug } }",
        json!({}),
    )
    .await["unpublishArticle"]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = changes(&copy, &start["endCursor"], 100).await;
    assert_eq!(entries(&page), [e("ARTICLE", "DELETE", &slug)], "{page}");
}
