//! The `bantin` binary's commands as a user runs them: real processes on
//! the test's database, checked by their output and by what the database
//! then holds (read through the API).

use bantin::config::Config;
use migration::{Migrator, MigratorTrait};
use serde_json::json;

use crate::helpers::{TestApp, TestDb, run_bantin};

/// Standard output of a run that must succeed.
fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard error of a run that must fail.
fn refused(out: &std::process::Output) -> String {
    assert!(
        !out.status.success(),
        "succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn url_of(app: &TestApp) -> String {
    app.db.as_ref().unwrap().url.clone()
}

#[tokio::test]
async fn migrate_applies_reports_and_rolls_back() {
    let db = TestDb::new().await;
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let total = names.len();
    let status = |url: &str| -> Vec<(String, String)> {
        ok(&run_bantin(url, &["migrate", "status"], None))
            .lines()
            .map(|l| {
                let (s, n) = l.split_once(' ').unwrap();
                (s.to_owned(), n.trim().to_owned())
            })
            .collect()
    };
    let fresh = status(&db.url);
    assert_eq!(fresh.len(), total);
    assert!(fresh.iter().all(|(s, _)| s == "pending"), "{fresh:?}");

    let up = ok(&run_bantin(&db.url, &["migrate"], None));
    assert_eq!(
        up,
        format!("applied {total} migrations; all {total} are applied\n")
    );
    let all = status(&db.url);
    assert_eq!(
        all,
        names
            .iter()
            .map(|n| ("applied".to_owned(), n.clone()))
            .collect::<Vec<_>>()
    );

    let last = names.last().unwrap();
    let down = ok(&run_bantin(&db.url, &["migrate", "down"], None));
    assert_eq!(down, format!("rolled back {last}\n"));
    let after = status(&db.url);
    assert_eq!(after.last().unwrap(), &("pending".to_owned(), last.clone()));
    assert!(after[..total - 1].iter().all(|(s, _)| s == "applied"));

    let again = ok(&run_bantin(&db.url, &["migrate", "up"], None));
    assert_eq!(
        again,
        format!("applied 1 migration; all {total} are applied\n")
    );
    // And a server runs on what the command left.
    let url = db.url.clone();
    let app = TestApp::with_config(db, Config::for_database(url)).await;
    assert_eq!(
        app.data("{ articles { totalCount } }", json!({})).await["articles"]["totalCount"],
        0
    );
}

/// Instances of a deploy start together on one empty PostgreSQL database:
/// each runs the migrations on start, and they must not collide. (An
/// SQLite file belongs to one process; see the README.)
#[tokio::test]
async fn instances_starting_together_migrate_once() {
    if crate::helpers::backend() != "postgres" {
        return;
    }
    let db = TestDb::new().await;
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = db.url.clone();
            std::thread::spawn(move || run_bantin(&url, &["migrate"], None))
        })
        .collect();
    for start in starts {
        let out = start.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run_bantin(&db.url, &["migrate", "status"], None);
    let status = String::from_utf8_lossy(&out.stdout);
    assert!(
        status.contains("applied") && !status.contains("pending"),
        "{status}"
    );
}

#[tokio::test]
async fn user_create_takes_the_password_from_stdin_only() {
    let app = TestApp::spawn().await;
    let url = url_of(&app);
    let create = |name: &str| {
        [
            "user",
            "create",
            "--username",
            name,
            "--role",
            "editor",
            "--password-stdin",
        ]
        .map(str::to_owned)
    };
    let args = create("bientap");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ok(&run_bantin(&url, &args, Some("mat-khau-that-dai-2026\n")));
    assert!(
        out.starts_with("created bientap (editor) with id "),
        "{out}"
    );
    let login = app.login("bientap", "mat-khau-that-dai-2026").await;
    assert_eq!(login["user"]["role"], "EDITOR");
    assert!(login["accessToken"].is_string());

    // Never on the command line; a short password and a taken name are
    // refused, and none of them makes an account.
    let no_stdin = refused(&run_bantin(
        &url,
        &["user", "create", "--username", "khac", "--role", "author"],
        None,
    ));
    assert!(no_stdin.contains("--password-stdin"), "{no_stdin}");
    let args = create("ngan");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let short = refused(&run_bantin(&url, &args, Some("ngan\n")));
    assert!(short.to_lowercase().contains("password"), "{short}");
    let args = create("bientap");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(&run_bantin(&url, &args, Some("mot-mat-khau-khac-2026\n")));
    let admin = app.user_token("quantri", bantin::auth::Role::Admin).await;
    let users = app
        .gql_as(&admin, "{ users { username } }", json!({}))
        .await;
    assert_eq!(
        users["data"]["users"],
        json!([{ "username": "bientap" }, { "username": "quantri" }]),
        "{users}"
    );
    // The first password still signs in: the refused run changed nothing.
    app.login("bientap", "mat-khau-that-dai-2026").await;
}

/// What a portal's home, lists and search show, to compare two sites.
const SITE: &str = r#"{
  articles(perPage: 100) { totalCount items { slug title summary category { slug } } }
  categories { slug name articleCount }
  videos(perPage: 100) { totalCount items { slug title } }
  galleries(perPage: 100) { totalCount items { slug title photoCount } }
  search(query: "van phong") { totalCount }
  siteStats { allTime }
}"#;

#[tokio::test]
async fn export_and_import_move_a_whole_site_through_a_file() {
    let source = TestApp::with_demo().await;
    let file = std::env::temp_dir().join(format!(
        "bantin-cli-export-{}-{}.jsonl",
        std::process::id(),
        source.now().timestamp_nanos_opt().unwrap_or_default()
    ));
    let path = file.to_str().unwrap().to_owned();
    let export = run_bantin(&url_of(&source), &["export", "-o", &path], None);
    ok(&export);
    let said = String::from_utf8_lossy(&export.stderr).to_string();
    let rows: usize = said
        .trim()
        .strip_prefix("exported ")
        .and_then(|r| r.strip_suffix(" rows"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    let lines = std::fs::read_to_string(&file).unwrap().lines().count();
    assert!(rows > 50 && lines >= rows, "{rows} rows, {lines} lines");

    let target = TestDb::new().await;
    let imported = ok(&run_bantin(&target.url, &["import", "-i", &path], None));
    assert_eq!(
        imported,
        format!("imported {rows} rows and rebuilt the search index\n")
    );
    let url = target.url.clone();
    let copy = TestApp::with_config(target, Config::for_database(url)).await;
    let original = source.data(SITE, json!({})).await;
    assert!(original["search"]["totalCount"].as_u64().unwrap() > 0);
    assert_eq!(copy.data(SITE, json!({})).await, original);

    // Into a database that holds content: refused, nothing added.
    let again = refused(&run_bantin(&url_of(&copy), &["import", "-i", &path], None));
    assert!(again.contains("empty"), "{again}");
    assert_eq!(copy.data(SITE, json!({})).await, original);
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn reindex_rebuilds_a_lost_search_index() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::with_demo().await;
    // A different text each time: answers kept by the response cache do not
    // see writes made behind the API's back.
    let found = |n: u32| {
        let app = &app;
        async move {
            let q = format!(r#"{{ s{n}: search(query: "van phong") {{ totalCount }} }}"#);
            app.data(&q, json!({})).await[format!("s{n}")]["totalCount"]
                .as_u64()
                .unwrap()
        }
    };
    let before = found(1).await;
    assert!(before > 0);
    app.state
        .db
        .execute_unprepared("DELETE FROM search_documents")
        .await
        .unwrap();
    assert_eq!(found(2).await, 0, "the index was not emptied");
    let out = ok(&run_bantin(&url_of(&app), &["reindex"], None));
    assert!(out.starts_with("reindexed "), "{out}");
    assert_eq!(found(3).await, before);
}
