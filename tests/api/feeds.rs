//! Feeds and sitemaps, read with a real XML parser: exactly the public
//! items, newest first, with the frontend's absolute links; scheduled items
//! appear when due and unpublished ones leave; 304 for a current copy.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use bantin::auth::Role;
use serde_json::json;

use crate::helpers::{Art, Response, TestApp};

const BASE: &str = "https://songlam.example.vn";

async fn fetch(app: &TestApp, path: &str) -> Response {
    let r = app.get(path, "*/*").await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
    r
}

/// The texts of every `<name>` element (any namespace) in document order.
fn texts(xml: &str, name: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == name)
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// Titles of the items (RSS) or entries (Atom), in order.
fn item_titles(xml: &str, item: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == item)
        .map(|n| {
            n.children()
                .find(|c| c.tag_name().name() == "title")
                .and_then(|t| t.text())
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn rss_and_atom_list_the_public_articles_newest_first_with_frontend_links() {
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    let economy = app.category("Kinh tế", Some(news)).await;
    let culture = app.category("Văn hóa", None).await;
    app.article(Art::new("Chợ đêm khai trương", economy).at(-300))
        .await;
    app.article(Art::new("Lễ hội đền & chùa <xuân>", culture).at(-200))
        .await;
    app.article(Art::new("Tin mới nhất", news).at(-100)).await;
    app.article(Art::new("Bản nháp", news).draft()).await;
    app.article(Art::new("Hẹn giờ", news).at(3600)).await;
    let rss = fetch(&app, "/rss.xml").await;
    assert!(
        rss.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/rss+xml")
    );
    assert_eq!(
        item_titles(&rss.text, "item"),
        [
            "Tin mới nhất",
            "Lễ hội đền & chùa <xuân>",
            "Chợ đêm khai trương"
        ]
    );
    // RSS's own `<link>`s (the channel's Atom self link is another element).
    let doc = roxmltree::Document::parse(&rss.text).unwrap();
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "link" && n.tag_name().namespace().is_none())
        .map(|n| n.text().unwrap_or_default())
        .collect();
    assert_eq!(links[0], BASE, "the channel links to the site");
    assert!(
        links[1..]
            .iter()
            .all(|l| l.starts_with(&format!("{BASE}/tin-tuc/"))),
        "{links:?}"
    );
    assert_eq!(texts(&rss.text, "pubDate").len(), 3);
    let atom = fetch(&app, "/atom.xml").await;
    assert_eq!(
        item_titles(&atom.text, "entry"),
        [
            "Tin mới nhất",
            "Lễ hội đền & chùa <xuân>",
            "Chợ đêm khai trương"
        ]
    );
    // A section's feed holds its sub-sections' articles too.
    let section = fetch(&app, "/categories/tin-tuc/rss.xml").await;
    assert_eq!(
        item_titles(&section.text, "item"),
        ["Tin mới nhất", "Chợ đêm khai trương"]
    );
    assert_eq!(
        app.get("/categories/khong-co/rss.xml", "*/*").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_client_with_the_current_copy_gets_304_and_changes_show_up() {
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    app.article(Art::new("Tin đầu tiên", news).at(-100)).await;
    let first = fetch(&app, "/rss.xml").await;
    let etag = first.headers[header::ETAG].clone();
    let last = first.headers[header::LAST_MODIFIED].clone();
    let again = app
        .request(
            Request::get("/rss.xml")
                .header(header::IF_NONE_MATCH, etag.clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let by_date = app
        .request(
            Request::get("/rss.xml")
                .header(header::IF_MODIFIED_SINCE, last)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(by_date.status, StatusCode::NOT_MODIFIED);
    // A scheduled article joins when it comes due...
    let scheduled = app.article(Art::new("Đến giờ đăng", news).at(600)).await;
    let early = app.get("/rss.xml", "application/rss+xml").await;
    assert_eq!(item_titles(&early.text, "item"), ["Tin đầu tiên"]);
    app.advance(600);
    let later = app
        .request(
            Request::get("/rss.xml")
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(later.status, StatusCode::OK);
    assert_eq!(
        item_titles(&later.text, "item"),
        ["Đến giờ đăng", "Tin đầu tiên"]
    );
    // ...and leaves when it is taken off the site.
    let editor = app.user_token("bientap", Role::Editor).await;
    let r = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { unpublishArticle(id: $id) { status } }",
            json!({ "id": scheduled.to_string() }),
        )
        .await;
    assert_eq!(r["data"]["unpublishArticle"]["status"], "DRAFT", "{r}");
    let after = fetch(&app, "/rss.xml").await;
    assert_eq!(item_titles(&after.text, "item"), ["Tin đầu tiên"]);
}

#[tokio::test]
async fn the_sitemap_indexes_every_public_item_and_robots_points_at_it() {
    let app = TestApp::with_demo().await;
    let index = fetch(&app, "/sitemap.xml").await;
    let files = texts(&index.text, "loc");
    assert!(
        files
            .iter()
            .all(|f| f.starts_with(&format!("{BASE}/sitemaps/"))),
        "{files:?}"
    );
    let mut urls = Vec::new();
    for f in &files {
        let path = f.trim_start_matches(BASE);
        let part = fetch(&app, path).await;
        let locs = texts(&part.text, "loc");
        assert_eq!(texts(&part.text, "lastmod").len(), locs.len());
        urls.extend(locs);
    }
    let count = |prefix: &str| {
        urls.iter()
            .filter(|u| u.starts_with(&format!("{BASE}{prefix}")))
            .count()
    };
    // Exactly the public items: 36 articles, 10 documents, 4 pages of the demo.
    let d = app
        .data(
            "{ articles { totalCount } documents { totalCount } videos { totalCount } galleries { totalCount } categories { id } pages { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        count("/tin-tuc/"),
        d["articles"]["totalCount"].as_u64().unwrap() as usize
    );
    assert_eq!(count("/tin-tuc/"), 36);
    assert_eq!(count("/van-ban/"), 10);
    assert_eq!(
        count("/video/"),
        d["videos"]["totalCount"].as_u64().unwrap() as usize
    );
    assert_eq!(
        count("/thu-vien-anh/"),
        d["galleries"]["totalCount"].as_u64().unwrap() as usize
    );
    // Every section of the tree (five at the top, nine in all).
    assert_eq!(d["categories"].as_array().unwrap().len(), 5);
    assert_eq!(count("/chuyen-muc/"), 9);
    let pages = d["pages"].as_array().unwrap().len();
    assert_eq!(pages, 4);
    let top_level = urls
        .iter()
        .filter(|u| u.trim_start_matches(BASE).matches('/').count() == 1)
        .count();
    assert_eq!(top_level, pages, "pages live at /{{slug}}");
    assert_eq!(
        urls.len(),
        urls.iter().collect::<std::collections::HashSet<_>>().len()
    );
    // No draft anywhere.
    assert!(!urls.iter().any(|u| u.ends_with("/chinh-sach-bao-mat")));
    let robots = fetch(&app, "/robots.txt").await;
    assert!(
        robots
            .text
            .contains(&format!("Sitemap: {BASE}/sitemap.xml"))
    );
    assert_eq!(
        app.get("/sitemaps/articles-1999-01.xml", "*/*")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
