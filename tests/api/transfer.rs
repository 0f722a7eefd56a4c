//! Moving a site: export to JSON lines and import into an empty database,
//! SQLite -> PostgreSQL -> SQLite without loss (SQLite -> SQLite -> SQLite
//! when the suite runs without PostgreSQL).

use bantin::{auth::Role, config::Config, service::transfer};
use serde_json::json;

use crate::helpers::{TestApp, TestDb, backend};

async fn export(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    transfer::export(&app.state.db, &app.state.media, &mut out, |_| {})
        .await
        .unwrap();
    // Drop the header, which carries the export time.
    String::from_utf8(out)
        .unwrap()
        .lines()
        .skip(1)
        .map(String::from)
        .collect()
}

async fn import_into(kind: &str, lines: &[String]) -> TestApp {
    let db = TestDb::of(kind).await;
    let url = db.url.clone();
    let app = TestApp::with_config(db, Config::for_database(url)).await;
    let file = format!(
        "{}\n{}\n",
        json!({ "format": "bantin-export", "version": 1 }),
        lines.join("\n")
    );
    let n = transfer::import(&app.state.db, &app.state.media, file.as_bytes(), |_| {})
        .await
        .unwrap();
    assert_eq!(n as usize, lines.len());
    app
}

#[tokio::test]
async fn a_site_round_trips_between_databases_without_loss() {
    // A lived-in site: demo content, users, an edit with its revision, visits.
    let source = {
        let db = TestDb::of("sqlite").await;
        let url = db.url.clone();
        let app = TestApp::with_config(db, Config::for_database(url)).await;
        bantin::seed::demo::load(&app.state.db, &app.state.config.media.base_url)
            .await
            .unwrap();
        app
    };
    let editor = source.user_token("bientap", Role::Editor).await;
    let edit = source
        .gql_as(&editor, "mutation { updateArticle(id: \"1\", input: { version: 2, summary: \"Tóm tắt đã sửa\" }) { version } }", json!({}))
        .await;
    assert!(edit.get("errors").is_none(), "{edit}");
    for _ in 0..3 {
        source
            .gql(
                "mutation { recordVisit(path: \"/\", kind: ARTICLE, id: \"1\") }",
                json!({}),
            )
            .await;
    }
    source.flush_visits().await;
    let admin = source.user_token("quantri", Role::Admin).await;
    let set = source
        .gql_as(
            &admin,
            "mutation { setSearchSynonyms(groups: [[\"Sông Lam\", \"SL\"]]) { phrases } }",
            json!({}),
        )
        .await;
    assert!(set.get("errors").is_none(), "{set}");

    let first = export(&source).await;
    assert!(
        first
            .iter()
            .any(|l| l.contains("\"table\":\"search_synonyms\""))
    );
    assert!(
        first
            .iter()
            .any(|l| l.contains("\"table\":\"article_revisions\""))
    );
    assert!(first.iter().any(|l| l.contains("\"table\":\"visit_days\"")));
    let middle_kind = if backend() == "postgres" {
        "postgres"
    } else {
        "sqlite"
    };
    let middle = import_into(middle_kind, &first).await;
    let second = export(&middle).await;
    assert_eq!(first, second, "{middle_kind} changed the data");
    let last = import_into("sqlite", &second).await;
    assert_eq!(export(&last).await, first);

    // The moved site answers like the original, search included; sessions
    // do not move, passwords do.
    let q =
        "{ articles(perPage: 5) { totalCount items { slug tags viewCount } } siteStats { allTime }
               search(query: \"van phong thi uy\") { totalCount }
               sl: search(query: \"SL\") { totalCount } }";
    let original = source.data(q, json!({})).await;
    assert!(
        original["sl"]["totalCount"].as_u64() > Some(0),
        "{original}"
    );
    assert_eq!(last.data(q, json!({})).await, original);
    last.login("bientap", "bientap-password-123").await;
    // New rows get fresh ids after the imported ones.
    let cat = last.category("Mục mới", None).await;
    assert!(cat > 9, "id {cat} collides with imported categories");
}

/// Rows of the tables `transfer::import` checks for emptiness, and more.
async fn row_counts(app: &TestApp) -> [u64; 6] {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let db = &app.state.db;
    [
        entity::user::Entity::find().count(db).await.unwrap(),
        entity::category::Entity::find().count(db).await.unwrap(),
        entity::article::Entity::find().count(db).await.unwrap(),
        entity::article_tag::Entity::find().count(db).await.unwrap(),
        entity::video::Entity::find().count(db).await.unwrap(),
        entity::gallery::Entity::find().count(db).await.unwrap(),
    ]
}

#[tokio::test]
async fn import_refuses_a_database_with_content_and_bad_files() {
    let app = TestApp::with_demo().await;
    let lines = export(&app).await;
    let header = json!({ "format": "bantin-export", "version": 1 }).to_string();
    let file = format!("{header}\n{}\n", lines.join("\n"));
    let err = transfer::import(&app.state.db, &app.state.media, file.as_bytes(), |_| {})
        .await
        .err()
        .unwrap();
    assert_eq!(err.code(), "CONFLICT");
    let empty = TestApp::spawn().await;
    for bad in [
        "",
        "not json\n",
        "{\"format\":\"other\"}\n",
        "{\"format\":\"bantin-export\",\"version\":1}\n{\"table\":\"nope\",\"row\":{}}\n",
    ] {
        let err = transfer::import(&empty.state.db, &empty.state.media, bad.as_bytes(), |_| {})
            .await
            .err()
            .unwrap();
        assert_eq!(err.code(), "BAD_USER_INPUT", "{bad:?}");
    }
}

#[tokio::test]
async fn a_failed_import_leaves_nothing_behind() {
    let source = TestApp::with_demo().await;
    let lines = export(&source).await;
    let header = json!({ "format": "bantin-export", "version": 1 }).to_string();
    let empty = TestApp::spawn().await;
    // Every table of a whole site is written before the bad line is read,
    // so only the transaction's rollback can leave the database empty.
    for bad in ["{\"table\":\"nope\",\"row\":{}}", "not json"] {
        let file = format!("{header}\n{}\n{bad}\n", lines.join("\n"));
        let err = transfer::import(&empty.state.db, &empty.state.media, file.as_bytes(), |_| {})
            .await
            .err()
            .unwrap();
        assert_eq!(err.code(), "BAD_USER_INPUT", "{bad:?}");
        assert_eq!(row_counts(&empty).await, [0; 6], "after {bad:?}");
    }
    assert_eq!(
        empty.data("{ categories { id } }", json!({})).await["categories"],
        json!([])
    );
    // And the same database takes the good file afterwards.
    let file = format!("{header}\n{}\n", lines.join("\n"));
    let n = transfer::import(&empty.state.db, &empty.state.media, file.as_bytes(), |_| {})
        .await
        .unwrap();
    assert_eq!(n as usize, lines.len());
    assert_eq!(row_counts(&empty).await, row_counts(&source).await);
}

/// A row under a table this bantin does not know is refused wherever it
/// stands, never slipped in with the next table's rows.
#[tokio::test]
async fn an_unknown_table_is_refused_even_before_known_ones() {
    let source = TestApp::with_demo().await;
    let lines = export(&source).await;
    let header = json!({ "format": "bantin-export", "version": 1 }).to_string();
    let first_category = lines
        .iter()
        .find(|l| l.contains("\"table\":\"categories\""))
        .unwrap();
    let mut row: serde_json::Value = serde_json::from_str(first_category).unwrap();
    row["table"] = json!("categoriez");
    row["row"]["id"] = json!(9999);
    row["row"]["slug"] = json!("lac-loai");
    let file = format!("{header}\n{row}\n{}\n", lines.join("\n"));
    let empty = TestApp::spawn().await;
    let err = transfer::import(&empty.state.db, &empty.state.media, file.as_bytes(), |_| {})
        .await
        .expect_err("an unknown table must be refused");
    assert_eq!(err.code(), "BAD_USER_INPUT");
    assert!(err.message().contains("categoriez"), "{}", err.message());
    assert_eq!(row_counts(&empty).await, [0; 6]);
}
