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
