//! The README's queries are what a frontend developer pastes first: each
//! `graphql` block that reads (no mutation) must run on the demo site
//! without an error, so the README cannot drift from the schema.

use serde_json::json;

use crate::helpers::TestApp;

fn readme_queries() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in readme.lines() {
        match (&mut block, line.trim_start()) {
            (None, "```graphql") => block = Some(String::new()),
            (Some(b), "```") => {
                out.push(std::mem::take(b));
                block = None;
            }
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    // Mutations need ids of the moment; `"<…>"` marks a placeholder value;
    // subscriptions stream (tests/api/live.rs).
    out.into_iter()
        .filter(|q| {
            let q = q.trim_start();
            !q.starts_with("mutation") && !q.starts_with("subscription") && !q.contains("\"<")
        })
        .collect()
}

#[tokio::test]
async fn every_query_in_the_readme_runs_on_the_demo_site() {
    let queries = readme_queries();
    assert!(queries.len() >= 5, "found only {} queries", queries.len());
    let app = TestApp::with_demo().await;
    for q in queries {
        let r = app.gql(&q, json!({})).await;
        assert!(r.get("errors").is_none(), "{q}\n=> {r}");
        assert!(r["data"].is_object(), "{q}\n=> {r}");
    }
}
