//! Public article queries: lookups, filters, sorts and both paginations.

use serde_json::json;

use crate::helpers::{Art, TestApp, error_code, error_field, titles};

const LIST: &str = "query($f: ArticleFilter, $s: ArticleSort, $p: Int, $n: Int) {
  articles(filter: $f, sort: $s, page: $p, perPage: $n) {
    totalCount page perPage totalPages hasNextPage hasPreviousPage
    items { id title slug viewCount featured tags category { slug } }
  }
}";

async fn list(app: &TestApp, vars: serde_json::Value) -> serde_json::Value {
    app.data(LIST, vars).await["articles"].clone()
}

#[tokio::test]
async fn an_article_is_found_by_id_and_by_slug_with_its_category_and_tags() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let id = app
        .article(Art::new("Đại hội Chi bộ khu phố 3", cat).tags(&["Đại hội", "chính trị"]))
        .await;
    let q = "query($id: ID, $slug: String) { article(id: $id, slug: $slug) {
        id slug title summary body status publishedAt tags version
        category { id slug name } coverImage { url } author seoTitle } }";
    let by_slug = app
        .data(q, json!({ "slug": "dai-hoi-chi-bo-khu-pho-3" }))
        .await;
    let a = &by_slug["article"];
    assert_eq!(a["id"], json!(id.to_string()));
    assert_eq!(a["title"], "Đại hội Chi bộ khu phố 3");
    assert_eq!(a["status"], "PUBLISHED");
    assert_eq!(a["tags"], json!(["đại hội", "chính trị"]));
    assert_eq!(a["category"]["slug"], "tin-tuc");
    assert_eq!(a["seoTitle"], "Đại hội Chi bộ khu phố 3");
    let by_id = app.data(q, json!({ "id": id.to_string() })).await;
    assert_eq!(by_id["article"], by_slug["article"]);
}

#[tokio::test]
async fn unknown_slugs_and_ids_give_null_not_an_error() {
    let app = TestApp::spawn().await;
    let q = "query($id: ID, $slug: String) { article(id: $id, slug: $slug) { id } }";
    assert_eq!(
        app.data(q, json!({ "slug": "khong-co" })).await["article"],
        json!(null)
    );
    assert_eq!(
        app.data(q, json!({ "id": "999" })).await["article"],
        json!(null)
    );
    let bad = app.gql(q, json!({ "id": "abc" })).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(error_field(&bad), "id");
    let neither = app.gql(q, json!({})).await;
    assert_eq!(error_code(&neither), "BAD_USER_INPUT");
}

#[tokio::test]
async fn numbered_pages_carry_totals() {
    let app = TestApp::spawn().await;
    let cat = app.category("Thông báo", None).await;
    for i in 0..7 {
        app.article(Art::new(&format!("Thông báo số {i}"), cat).at(-100 * (i + 1)))
            .await;
    }
    let p1 = list(&app, json!({ "n": 3 })).await;
    assert_eq!(p1["totalCount"], 7);
    assert_eq!(p1["totalPages"], 3);
    assert_eq!(p1["page"], 1);
    assert_eq!(p1["hasNextPage"], true);
    assert_eq!(p1["hasPreviousPage"], false);
    assert_eq!(
        titles(&p1["items"]),
        ["Thông báo số 0", "Thông báo số 1", "Thông báo số 2"]
    );
    let p3 = list(&app, json!({ "n": 3, "p": 3 })).await;
    assert_eq!(titles(&p3["items"]), ["Thông báo số 6"]);
    assert_eq!(p3["hasNextPage"], false);
    let beyond = list(&app, json!({ "n": 3, "p": 9 })).await;
    assert_eq!(beyond["items"], json!([]));
    assert_eq!(beyond["totalCount"], 7);
}

#[tokio::test]
async fn page_zero_and_oversized_pages_are_bad_input() {
    let app = TestApp::spawn().await;
    let zero = app.gql(LIST, json!({ "p": 0 })).await;
    assert_eq!(error_code(&zero), "BAD_USER_INPUT");
    assert_eq!(error_field(&zero), "page");
    let huge = app.gql(LIST, json!({ "n": 1000 })).await;
    assert_eq!(error_code(&huge), "BAD_USER_INPUT");
    assert_eq!(error_field(&huge), "perPage");
    let max = app.gql(LIST, json!({ "n": 100 })).await;
    assert!(max.get("errors").is_none(), "{max}");
    // Deep numbered pages stop at item 20,000 and point to the connection.
    let last = app.gql(LIST, json!({ "p": 201, "n": 100 })).await;
    assert!(last.get("errors").is_none(), "{last}");
    let deep = app.gql(LIST, json!({ "p": 202, "n": 100 })).await;
    assert_eq!(error_code(&deep), "BAD_USER_INPUT");
    assert_eq!(error_field(&deep), "page");
    assert!(
        deep["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("first/after")
    );
}

#[tokio::test]
async fn category_filter_includes_subcategories_unless_told_not_to() {
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    let economy = app.category("Kinh tế", Some(news)).await;
    let other = app.category("Giáo dục", None).await;
    app.article(Art::new("Tin chung", news).at(-10)).await;
    app.article(Art::new("Tin kinh tế", economy).at(-20)).await;
    app.article(Art::new("Tin giáo dục", other).at(-30)).await;
    let with = list(&app, json!({ "f": { "categorySlug": "tin-tuc" } })).await;
    assert_eq!(titles(&with["items"]), ["Tin chung", "Tin kinh tế"]);
    let without = list(
        &app,
        json!({ "f": { "categoryId": news.to_string(), "includeSubcategories": false } }),
    )
    .await;
    assert_eq!(titles(&without["items"]), ["Tin chung"]);
    let unknown = list(&app, json!({ "f": { "categorySlug": "khong-co" } })).await;
    assert_eq!(unknown["totalCount"], 0);
}

#[tokio::test]
async fn tag_featured_and_date_filters_narrow_the_list() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(
        Art::new("Số hóa hồ sơ", cat)
            .tags(&["Chuyển đổi số"])
            .at(-86_400 * 10),
    )
    .await;
    app.article(
        Art::new("Ra quân làm sạch đường", cat)
            .featured()
            .at(-86_400 * 2),
    )
    .await;
    app.article(
        Art::new("Dịch vụ công", cat)
            .tags(&["chuyển đổi số"])
            .featured()
            .at(-60),
    )
    .await;
    let by_name = list(&app, json!({ "f": { "tag": "Chuyển đổi số" } })).await;
    assert_eq!(titles(&by_name["items"]), ["Dịch vụ công", "Số hóa hồ sơ"]);
    let by_slug = list(&app, json!({ "f": { "tag": "chuyen-doi-so" } })).await;
    assert_eq!(by_slug["items"], by_name["items"]);
    let featured = list(&app, json!({ "f": { "featured": true } })).await;
    assert_eq!(
        titles(&featured["items"]),
        ["Dịch vụ công", "Ra quân làm sạch đường"]
    );
    let after = (chrono::Utc::now() - chrono::TimeDelta::days(5)).to_rfc3339();
    let before = (chrono::Utc::now() - chrono::TimeDelta::days(1)).to_rfc3339();
    let range = list(
        &app,
        json!({ "f": { "publishedAfter": after, "publishedBefore": before } }),
    )
    .await;
    assert_eq!(titles(&range["items"]), ["Ra quân làm sạch đường"]);
    let backwards = app
        .gql(
            LIST,
            json!({ "f": { "publishedAfter": before, "publishedBefore": after } }),
        )
        .await;
    assert_eq!(error_code(&backwards), "BAD_USER_INPUT");
}

#[tokio::test]
async fn sorts_by_newest_oldest_views_and_vietnamese_title_order() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Đường làng", cat).at(-30).views(5))
        .await;
    app.article(Art::new("Dân vận khéo", cat).at(-20).views(50))
        .await;
    app.article(Art::new("Ăn Tết an toàn", cat).at(-10).views(20))
        .await;
    app.article(Art::new("An ninh trật tự", cat).at(-40).views(0))
        .await;
    let sorted = |s: &'static str| {
        let app = &app;
        async move { titles(&list(app, json!({ "s": s })).await["items"]) }
    };
    assert_eq!(
        sorted("NEWEST").await,
        [
            "Ăn Tết an toàn",
            "Dân vận khéo",
            "Đường làng",
            "An ninh trật tự"
        ]
    );
    assert_eq!(
        sorted("OLDEST").await,
        [
            "An ninh trật tự",
            "Đường làng",
            "Dân vận khéo",
            "Ăn Tết an toàn"
        ]
    );
    assert_eq!(
        sorted("MOST_VIEWED").await,
        [
            "Dân vận khéo",
            "Ăn Tết an toàn",
            "Đường làng",
            "An ninh trật tự"
        ]
    );
    // a < ă < d < đ in the Vietnamese alphabet; byte order would put Đ last and Ă after Z.
    assert_eq!(
        sorted("TITLE").await,
        [
            "An ninh trật tự",
            "Ăn Tết an toàn",
            "Dân vận khéo",
            "Đường làng"
        ]
    );
}

const CONN: &str =
    "query($f: ArticleFilter, $first: Int, $after: String, $last: Int, $before: String) {
  articlesConnection(filter: $f, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { title } }
    nodes { title }
  }
}";

#[tokio::test]
async fn relay_cursors_walk_forward_and_backward_without_gaps() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    for i in 0..5 {
        app.article(Art::new(&format!("Bài {i}"), cat).at(-100 * (i + 1)))
            .await;
    }
    let c = |v| {
        let app = &app;
        async move { app.data(CONN, v).await["articlesConnection"].clone() }
    };
    let first = c(json!({ "first": 2 })).await;
    assert_eq!(first["totalCount"], 5);
    assert_eq!(titles(&first["nodes"]), ["Bài 0", "Bài 1"]);
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    let second = c(json!({ "first": 2, "after": first["pageInfo"]["endCursor"] })).await;
    assert_eq!(titles(&second["nodes"]), ["Bài 2", "Bài 3"]);
    let third = c(json!({ "first": 2, "after": second["pageInfo"]["endCursor"] })).await;
    assert_eq!(titles(&third["nodes"]), ["Bài 4"]);
    assert_eq!(third["pageInfo"]["hasNextPage"], false);
    assert_eq!(third["pageInfo"]["hasPreviousPage"], true);
    // A new article arriving does not shift the pages already handed out.
    app.article(Art::new("Bài mới", cat).at(-1)).await;
    let again = c(json!({ "first": 2, "after": first["pageInfo"]["endCursor"] })).await;
    assert_eq!(titles(&again["nodes"]), ["Bài 2", "Bài 3"]);
    // Backward from the third page's start.
    let back = c(json!({ "last": 2, "before": third["pageInfo"]["startCursor"] })).await;
    assert_eq!(titles(&back["nodes"]), ["Bài 2", "Bài 3"]);
    assert_eq!(back["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(back["pageInfo"]["hasNextPage"], true);
    let tail = c(json!({ "last": 2 })).await;
    assert_eq!(titles(&tail["nodes"]), ["Bài 3", "Bài 4"]);
    assert_eq!(tail["edges"][0]["cursor"], back["edges"][1]["cursor"]);
}

#[tokio::test]
async fn bad_cursor_requests_are_bad_input() {
    let app = TestApp::spawn().await;
    for (vars, field) in [
        (json!({ "first": 2, "after": "rác" }), "after"),
        (json!({ "first": 2, "last": 2 }), "last"),
        (json!({ "first": 0 }), "first"),
        (json!({ "first": 1000 }), "first"),
        (json!({ "last": 2, "after": "MTox" }), "after"),
    ] {
        let body = app.gql(CONN, vars.clone()).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{vars}");
        assert_eq!(error_field(&body), field, "{vars}");
    }
}

#[tokio::test]
async fn related_is_the_newest_other_news_of_the_same_category() {
    let app = TestApp::spawn().await;
    let a = app.category("Tin tức", None).await;
    let b = app.category("Thông báo", None).await;
    let main = app.article(Art::new("Bài chính", a).at(-50)).await;
    app.article(Art::new("Cũ hơn", a).at(-100)).await;
    app.article(Art::new("Mới hơn", a).at(-10)).await;
    app.article(Art::new("Mới nhất", a).at(-5)).await;
    app.article(Art::new("Khác mục", b).at(-1)).await;
    let q = "query($id: ID) { article(id: $id) { related(limit: 2) { title } all: related { title } } }";
    let d = app.data(q, json!({ "id": main.to_string() })).await;
    assert_eq!(titles(&d["article"]["related"]), ["Mới nhất", "Mới hơn"]);
    assert_eq!(
        titles(&d["article"]["all"]),
        ["Mới nhất", "Mới hơn", "Cũ hơn"]
    );
    let too_many = app
        .gql(
            "query($id: ID) { article(id: $id) { related(limit: 500) { title } } }",
            json!({ "id": main.to_string() }),
        )
        .await;
    assert!(too_many.get("errors").is_some());
}

#[tokio::test]
async fn the_demo_site_answers_a_home_page_in_one_query() {
    let app = TestApp::with_demo().await;
    let d = app
        .data(
            "{ featured: articles(filter: { featured: true }, perPage: 5) { totalCount items { title } }
               latest: articles(perPage: 10) { totalCount items { title category { name } } }
               categories { slug children { slug } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["featured"]["totalCount"], 5);
    assert_eq!(d["latest"]["items"].as_array().map(Vec::len), Some(10));
    // Exactly the demo's published articles and top-level categories.
    let demo: serde_json::Value =
        serde_json::from_str(include_str!("../../src/seed/demo.json")).unwrap();
    let published = demo["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] == "PUBLISHED")
        .count();
    assert_eq!(published, 36, "the demo changed; recount");
    assert_eq!(d["latest"]["totalCount"], published);
    let top: Vec<&str> = demo["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["parent"].is_null())
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    let listed: Vec<&str> = d["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert_eq!(listed, top);
    let fixed = app
        .data(
            "{ article(slug: \"thong-bao-lich-tiep-cong-dan\") { title } }",
            json!({}),
        )
        .await;
    assert!(
        fixed["article"]["title"]
            .as_str()
            .unwrap()
            .contains("tiếp công dân")
    );
    // Demo articles embed the demo's albums and videos.
    let festival = app
        .data(
            "{ search(query: \"gin giu net dep le hoi den Ben Do\", kinds: [ARTICLE], perPage: 1) {
                 items { node { ... on Article { title galleries { title photoCount } videos { title provider } } } } } }",
            json!({}),
        )
        .await;
    let article = &festival["search"]["items"][0]["node"];
    assert!(
        article["title"]
            .as_str()
            .unwrap()
            .starts_with("Lễ hội đền Bến Đò"),
        "{festival}"
    );
    assert_eq!(
        titles(&article["galleries"]),
        ["Lễ hội đền Bến Đò qua ống kính"]
    );
    assert!(article["galleries"][0]["photoCount"].as_i64().unwrap() > 0);
    assert_eq!(article["videos"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn lists_that_show_bodies_get_them_whole() {
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    for title in ["Một", "Hai", "Ba"] {
        app.article(Art::new(title, news)).await;
    }
    let data = app
        .data(
            "{ articles { items { title body related(limit: 2) { body } } }
               articlesConnection(first: 2) { nodes { body } edges { node { body } } }
               category(slug: \"tin-tuc\") { articles { items { body } } } }",
            json!({}),
        )
        .await;
    let bodies: Vec<&str> = [
        &data["articles"]["items"],
        &data["articles"]["items"][0]["related"],
        &data["articlesConnection"]["nodes"],
        &data["category"]["articles"]["items"],
    ]
    .iter()
    .flat_map(|list| list.as_array().unwrap().iter())
    .map(|a| a["body"].as_str().unwrap())
    .collect();
    assert_eq!(bodies.len(), 3 + 2 + 2 + 3);
    assert!(
        bodies.iter().all(|b| b.starts_with("<p>Nội dung bài ")),
        "{bodies:?}"
    );
    let edge = data["articlesConnection"]["edges"][0]["node"]["body"]
        .as_str()
        .unwrap();
    assert!(edge.starts_with("<p>Nội dung bài "));
}
