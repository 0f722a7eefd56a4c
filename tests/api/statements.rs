//! The statements a page runs do not grow with the number of items on it.

use serde_json::json;

use crate::helpers::{Art, TestApp};

const PAGE: &str = "query($n: Int) { articles(perPage: $n) { totalCount items {
  title tags category { name slug parent { name } children { name } articleCount } related(limit: 3) { title category { name } }
} } }";

async fn statements_for(app: &TestApp, n: usize) -> u64 {
    let before = app.statements().await;
    let body = app.gql(PAGE, json!({ "n": n })).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["articles"]["items"].as_array().map(Vec::len),
        Some(n)
    );
    app.statements().await - before
}

#[tokio::test]
async fn a_page_of_articles_runs_the_same_statements_for_2_or_40_items() {
    let app = TestApp::uncached().await;
    let news = app.category("Tin tức", None).await;
    let mut cats = vec![news];
    for name in ["Kinh tế", "Chính trị", "Văn hóa", "Giáo dục"] {
        cats.push(app.category(name, Some(news)).await);
    }
    for i in 0..40 {
        let tags: &[&str] = if i % 2 == 0 {
            &["đại hội", "tin nổi bật"]
        } else {
            &["thông báo"]
        };
        app.article(
            Art::new(&format!("Bài số {i}"), cats[i % cats.len()])
                .tags(tags)
                .at(-10 - i as i64),
        )
        .await;
    }
    // Cold: as after a write, totals and the category tree are read again.
    app.state.changes.bump();
    let small = statements_for(&app, 2).await;
    app.state.changes.bump();
    let large = statements_for(&app, 40).await;
    assert_eq!(small, large, "statements grew with the page size");
    // Warm: totals, per-category counts and the tree come from memory.
    let warm = statements_for(&app, 40).await;
    assert!(warm < large, "{warm} statements warm, {large} cold");
    // count + page + categories + tags + related + category list + counts
    assert!(large <= 8, "{large} statements for one page");
}

#[tokio::test]
async fn a_list_that_shows_no_total_runs_no_count() {
    let app = TestApp::uncached().await;
    let news = app.category("Tin tức", None).await;
    for i in 0..5 {
        app.article(Art::new(&format!("Bài {i}"), news)).await;
    }
    let run = |q: &'static str| {
        let app = &app;
        async move {
            app.state.changes.bump(); // cold: nothing kept from before
            let before = app.statements().await;
            let body = app.gql(q, json!({})).await;
            assert!(body.get("errors").is_none(), "{body}");
            app.statements().await - before
        }
    };
    let bare = run("{ articles(perPage: 3) { items { title } } }").await;
    let counted = run("{ articles(perPage: 3) { totalCount items { title } } }").await;
    let paged = run("{ articles(perPage: 3) { hasNextPage items { title } } }").await;
    // The page itself and nothing else: no count, no category read.
    assert_eq!(bare, 1, "a list without totals ran {bare} statements");
    assert!(counted > bare, "totalCount is counted");
    assert!(paged > bare, "hasNextPage needs the total too");
}

const CATEGORY_BLOCKS: &str = "{ categories(flat: true) { slug articles(perPage: 3) { totalCount items { title \
     category { slug } tags related(limit: 2) { title } } } } }";

/// Statements and answer of the category blocks, cold (as after a write).
async fn category_blocks(app: &TestApp) -> (u64, serde_json::Value) {
    app.state.changes.bump();
    let before = app.statements().await;
    let body = app.gql(CATEGORY_BLOCKS, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    (app.statements().await - before, body)
}

async fn category_with(app: &TestApp, name: &str, parent: Option<i64>, articles: usize) -> i64 {
    let id = app.category(name, parent).await;
    for i in 0..articles {
        app.article(
            Art::new(&format!("{name} bài {i}"), id)
                .tags(&["tin"])
                .at(-100 + i as i64),
        )
        .await;
    }
    id
}

/// A home page's blocks: every category with its newest articles. One
/// batch reads all the categories' pages, so the statements stay the same
/// however many categories the site has.
#[tokio::test]
async fn categories_with_their_articles_run_the_same_statements_for_2_or_6_categories() {
    let app = TestApp::uncached().await;
    let first = category_with(&app, "Thời sự", None, 4).await;
    category_with(&app, "Kinh tế", None, 2).await;
    let (few, _) = category_blocks(&app).await;
    for i in 0..3 {
        category_with(&app, &format!("Chuyên mục {i}"), None, 5).await;
    }
    // A sub-category: its articles also count on its parent's page.
    let local = category_with(&app, "Thời sự địa phương", Some(first), 1).await;
    app.article(Art::new("Tin mới nhất", local).at(-1)).await;
    let (many, body) = category_blocks(&app).await;
    assert_eq!(few, many, "statements grew with the number of categories");

    let cats = body["data"]["categories"].as_array().unwrap();
    let page = |slug: &str| {
        cats.iter()
            .find(|c| c["slug"] == slug)
            .map(|c| c["articles"].clone())
            .unwrap()
    };
    let news = page("thoi-su");
    assert_eq!(news["totalCount"], 6);
    let titles: Vec<&str> = news["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    // Newest first, the sub-category's article among them.
    assert_eq!(titles, ["Tin mới nhất", "Thời sự bài 3", "Thời sự bài 2"]);
    let local = page("thoi-su-dia-phuong");
    assert_eq!(local["totalCount"], 2);
    assert_eq!(local["items"][0]["category"]["slug"], "thoi-su-dia-phuong");
    assert_eq!(page("kinh-te")["totalCount"], 2);
    assert_eq!(page("kinh-te")["items"][0]["tags"], json!(["tin"]));
}
