//! Vietnamese-aware search: folding, ranking, prefixes, snippets, filters,
//! hostile input, index upkeep, and a ranking set on the demo site.

use bantin::{auth::Role, clock};
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;

use crate::helpers::{Art, TestApp, error_code, titles};

const SEARCH: &str = "query($q: String!, $f: SearchFilter, $k: [ContentKind!], $p: Int, $n: Int) {
  search(query: $q, filter: $f, kinds: $k, page: $p, perPage: $n) {
    totalCount totalPages page
    items { score snippet node { __typename ... on Article { id title } } }
  }
}";

async fn search(app: &TestApp, q: &str) -> Value {
    app.data(SEARCH, json!({ "q": q })).await["search"].clone()
}

fn node_titles(result: &Value) -> Vec<String> {
    let nodes: Vec<Value> = result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["node"].clone())
        .collect();
    titles(&Value::Array(nodes))
}

/// (query, expected first hit): half without diacritics, as readers type.
const RANKING_SET: &[(&str, &str)] = &[
    (
        "van phong thi uy",
        "Văn phòng Thị ủy tổ chức hội nghị tập huấn nghiệp vụ công tác văn phòng cấp ủy",
    ),
    (
        "Văn phòng Thị ủy",
        "Văn phòng Thị ủy tổ chức hội nghị tập huấn nghiệp vụ công tác văn phòng cấp ủy",
    ),
    (
        "dai hoi dang bo",
        "Đại hội Đảng bộ phường An Phú nhiệm kỳ 2025–2030 thành công tốt đẹp",
    ),
    (
        "Đại hội Đảng bộ An Phú",
        "Đại hội Đảng bộ phường An Phú nhiệm kỳ 2025–2030 thành công tốt đẹp",
    ),
    (
        "ocop",
        "Sản phẩm OCOP của Sông Lam: từ mật ong rừng đến bánh đa vừng",
    ),
    (
        "mat ong",
        "Sản phẩm OCOP của Sông Lam: từ mật ong rừng đến bánh đa vừng",
    ),
    (
        "duong le loi",
        "Phân luồng giao thông, tạm cấm một phần đường Lê Lợi để cải tạo vỉa hè",
    ),
    (
        "tủ sách cộng đồng",
        "Ra mắt “Tủ sách cộng đồng” trên đường Lê Lợi",
    ),
    (
        "tiep cong dan",
        "Thông báo lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân thị xã",
    ),
    (
        "bo phan mot cua",
        "Bộ phận một cửa thị xã chuyển về trụ sở mới, thêm nhiều tiện ích cho người dân",
    ),
    (
        "hỏi đáp khai sinh",
        "Hỏi đáp: Đăng ký khai sinh, thường trú và cấp thẻ BHYT cho trẻ dưới 6 tuổi qua liên thông",
    ),
    (
        "nhap ngu",
        "185 thanh niên thị xã Sông Lam hăng hái lên đường nhập ngũ",
    ),
    (
        "phong chay chua chay",
        "Diễn tập phòng cháy, chữa cháy và cứu nạn, cứu hộ tại chợ Bến Đò",
    ),
    (
        "tiêm vắc xin sởi",
        "Tiêm vắc xin sởi – rubella cho trẻ: thị xã đạt tỷ lệ bao phủ trên 98%",
    ),
    (
        "giai bong da thanh nien",
        "Khai mạc Giải bóng đá thanh niên thị xã Sông Lam mở rộng: 16 đội tranh tài",
    ),
    (
        "cap nuoc",
        "Thông báo tạm ngừng cấp nước sạch khu vực phường Bến Đò",
    ),
    (
        "quyết toán thuế",
        "Nhắc người nộp thuế hoàn thành quyết toán thuế thu nhập cá nhân đúng hạn",
    ),
    (
        "thu hoi dat",
        "Thông báo thu hồi đất thực hiện dự án mở rộng tỉnh lộ qua xã Tân Lập",
    ),
    (
        "cụm công nghiệp Bến Đò",
        "Khởi công cụm công nghiệp Bến Đò, kỳ vọng tạo việc làm cho 2.000 lao động",
    ),
    (
        "dinh lang phu xuan",
        "Khởi động dự án tu bổ, tôn tạo di tích đình làng Phú Xuân",
    ),
    (
        "thanh toan khong dung tien mat",
        "Chợ trung tâm thị xã triển khai thanh toán không dùng tiền mặt",
    ),
    (
        "học sinh giỏi",
        "Tuyên dương 76 học sinh đạt giải trong kỳ thi học sinh giỏi cấp tỉnh",
    ),
    (
        "ky hop thu muoi",
        "Bế mạc Kỳ họp thứ Mười, HĐND thị xã thông qua 14 nghị quyết quan trọng",
    ),
    (
        "nop ho so truc tuy",
        "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công trong 5 bước",
    ),
];

#[tokio::test]
async fn the_ranking_set_puts_the_intended_article_first() {
    let app = TestApp::with_demo().await;
    let mut misses = Vec::new();
    for (q, expected) in RANKING_SET {
        let r = app.data(SEARCH, json!({ "q": q, "k": ["ARTICLE"] })).await["search"].clone();
        let got = node_titles(&r);
        if got.first().map(String::as_str) != Some(*expected) {
            misses.push(format!("{q:?}: got {:?}", got.first()));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {} queries missed:\n{}",
        misses.len(),
        RANKING_SET.len(),
        misses.join("\n")
    );
}

#[tokio::test]
async fn folding_matches_without_diacritics_and_with_decomposed_input() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Văn phòng Đảng ủy khối cơ quan", cat))
        .await;
    for q in [
        "van phong dang uy",
        "VĂN PHÒNG ĐẢNG ỦY",
        "văn phòng đảng ủy",
    ] {
        assert_eq!(search(&app, q).await["totalCount"], 1, "{q}");
    }
    let decomposed: String = "Văn phòng Đảng ủy".nfd().collect();
    assert_ne!(decomposed, "Văn phòng Đảng ủy");
    assert_eq!(search(&app, &decomposed).await["totalCount"], 1);
}

#[tokio::test]
async fn exact_diacritics_rank_above_near_homographs() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    // All four fold to "hoi"; the reader typed "hội".
    app.article(Art::new("Hỏi về thủ tục", cat).at(-10)).await;
    app.article(Art::new("Hơi nước ở khu công nghiệp", cat).at(-20))
        .await;
    app.article(Art::new("Hồi âm của cử tri", cat).at(-30))
        .await;
    app.article(Art::new("Hội cựu chiến binh", cat).at(-40))
        .await;
    let r = search(&app, "hội").await;
    assert_eq!(r["totalCount"], 4);
    assert_eq!(node_titles(&r)[0], "Hội cựu chiến binh");
    let r = search(&app, "hỏi").await;
    assert_eq!(node_titles(&r)[0], "Hỏi về thủ tục");
    // Neither the newest nor the oldest: only its diacritics put it first.
    let r = search(&app, "hồi").await;
    assert_eq!(node_titles(&r)[0], "Hồi âm của cử tri");
}

/// An article with its own summary and body, published `secs` from now.
async fn written(
    app: &TestApp,
    cat: i64,
    title: &str,
    summary: &str,
    body: &str,
    secs: i64,
) -> i64 {
    use bantin::service::{access::Viewer, article};
    let db = &app.state.db;
    let row = article::create(
        db,
        &Viewer::System,
        article::NewArticle {
            title: title.into(),
            summary: Some(summary.into()),
            body: body.into(),
            category_id: cat,
            ..Default::default()
        },
    )
    .await
    .expect("article");
    let at = clock::now() + chrono::TimeDelta::seconds(secs);
    article::publish(db, &Viewer::System, row.id, Some(at))
        .await
        .expect("publish");
    row.id
}

#[tokio::test]
async fn title_beats_summary_beats_body_whatever_their_age() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    // Newest first would give the opposite order: the title match is the
    // oldest, the body match the newest.
    written(
        &app,
        cat,
        "Khuyến học ở tiêu đề",
        "Tóm tắt thường",
        "<p>Nội dung thường.</p>",
        -86_400 * 60,
    )
    .await;
    written(
        &app,
        cat,
        "Tin trong tóm tắt",
        "Phong trào khuyến học",
        "<p>Nội dung thường.</p>",
        -86_400 * 10,
    )
    .await;
    written(
        &app,
        cat,
        "Tin trong thân bài",
        "Tóm tắt thường",
        "<p>Nói về khuyến học ở đây.</p>",
        -60,
    )
    .await;
    let r = search(&app, "khuyen hoc").await;
    assert_eq!(
        node_titles(&r),
        [
            "Khuyến học ở tiêu đề",
            "Tin trong tóm tắt",
            "Tin trong thân bài"
        ]
    );
}

#[tokio::test]
async fn between_equal_matches_the_newer_comes_first() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    // The newer is made first, so it has the lower id: only its date can
    // put it first.
    let newer = app
        .article(Art::new("Giao ban tuần", cat).at(-60))
        .await
        .to_string();
    let older = app
        .article(Art::new("Giao ban tuần", cat).at(-86_400 * 20))
        .await
        .to_string();
    let r = search(&app, "giao ban").await;
    let ids: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["node"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [newer.as_str(), older.as_str()], "{r}");
}

#[tokio::test]
async fn the_last_word_matches_as_a_prefix() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    app.article(Art::new("Văn phòng một cửa", cat)).await;
    assert_eq!(search(&app, "van pho").await["totalCount"], 1);
    assert_eq!(search(&app, "v").await["totalCount"], 1);
    // Only the last word is a prefix.
    assert_eq!(search(&app, "va phong").await["totalCount"], 0);
}

#[tokio::test]
async fn snippets_mark_matches_and_escape_html() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let body = "<p>Quy định &lt;mới&gt; về <strong>thủ tục</strong> đất đai &amp; nhà ở <script>alert(1)</script></p>";
    let id = app
        .gql_as(&editor, "mutation($i: CreateArticleInput!) { createArticle(input: $i) { id } }",
            json!({ "i": { "title": "Quy định mới", "body": body, "categoryId": cat.to_string() } }))
        .await["data"]["createArticle"]["id"]
        .clone();
    app.gql_as(
        &editor,
        "mutation($id: ID!) { publishArticle(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    let r = search(&app, "thu tuc").await;
    let snippet = r["items"][0]["snippet"].as_str().unwrap();
    assert_eq!(
        snippet,
        "Quy định &lt;mới&gt; về <mark>thủ</mark> <mark>tục</mark> đất đai &amp; nhà ở"
    );
}

#[tokio::test]
async fn filters_combine_with_search() {
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    let sub = app.category("Kinh tế", Some(news)).await;
    let other = app.category("Thông báo", None).await;
    app.article(Art::new("Chợ phiên nông sản", sub).at(-86_400 * 3))
        .await;
    app.article(Art::new("Chợ đêm cuối tuần", other).at(-60))
        .await;
    let q = |f: Value| {
        let app = &app;
        async move { node_titles(&app.data(SEARCH, json!({ "q": "cho", "f": f })).await["search"]) }
    };
    assert_eq!(
        q(json!({ "categorySlug": "tin-tuc" })).await,
        ["Chợ phiên nông sản"]
    );
    assert_eq!(
        q(json!({ "categoryId": news.to_string(), "includeSubcategories": false })).await,
        Vec::<String>::new()
    );
    let since = (chrono::Utc::now() - chrono::TimeDelta::days(1)).to_rfc3339();
    assert_eq!(
        q(json!({ "publishedAfter": since })).await,
        ["Chợ đêm cuối tuần"]
    );
    let kinds = app
        .data(SEARCH, json!({ "q": "cho", "k": ["VIDEO"] }))
        .await;
    assert_eq!(kinds["search"]["totalCount"], 0);
    let articles = app
        .data(SEARCH, json!({ "q": "cho", "k": ["ARTICLE"] }))
        .await;
    assert_eq!(articles["search"]["totalCount"], 2);
}

#[tokio::test]
async fn hostile_queries_never_error_out() {
    let app = TestApp::with_demo().await;
    let long = "đại hội ".repeat(2000);
    for q in [
        "\"",
        "\"\"\"",
        "'",
        "*",
        "-",
        "^",
        ":",
        "(",
        ")",
        "{title_f}: x",
        "NEAR(van phong)",
        "van AND OR NOT",
        "\" OR 1=1 --",
        "'; DROP TABLE articles; --",
        "a* b* c*",
        "\\",
        "%_%",
        "!!! ??? ...",
        "   ",
        "",
        "🙂🙂",
        "<script>alert(1)</script>",
        long.as_str(),
        "van:*",
        "van & phong | !x",
        "$1",
        "NULL",
    ] {
        let body = app.gql(SEARCH, json!({ "q": q })).await;
        assert!(body.get("errors").is_none(), "{q:?}: {body}");
        assert!(
            body["data"]["search"]["totalCount"].as_i64().is_some(),
            "{q:?}"
        );
    }
    let bad = app.gql(SEARCH, json!({ "q": "x", "n": 1000 })).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
}

#[tokio::test]
async fn the_index_follows_edits_unpublishing_and_deletion() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let id = app
        .article(Art::new("Khánh thành cầu Bến Đò", cat))
        .await
        .to_string();
    assert_eq!(search(&app, "khanh thanh cau").await["totalCount"], 1);
    let upd = "mutation($id: ID!, $v: Int!) { updateArticle(id: $id, input: { version: $v, title: \"Thông xe cầu Bến Đò\" }) { version } }";
    let v = app.gql_as(&editor, upd, json!({ "id": id, "v": 2 })).await;
    assert_eq!(v["data"]["updateArticle"]["version"], 3, "{v}");
    // The fixture's body still mentions the old title; the title is new.
    assert_eq!(
        node_titles(&search(&app, "khanh thanh cau").await),
        ["Thông xe cầu Bến Đò"]
    );
    assert_eq!(search(&app, "thong xe").await["totalCount"], 1);
    app.gql_as(
        &editor,
        "mutation($id: ID!) { unpublishArticle(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(search(&app, "thong xe").await["totalCount"], 0);
    app.gql_as(
        &editor,
        "mutation($id: ID!) { publishArticle(id: $id) { id } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(search(&app, "thong xe").await["totalCount"], 1);
    app.gql_as(
        &editor,
        "mutation($id: ID!) { deleteArticle(id: $id) }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(search(&app, "thong xe").await["totalCount"], 0);
    // Drafts and scheduled articles are not found by the public.
    app.article(Art::new("Bản nháp bí mật", cat).draft()).await;
    app.article(Art::new("Tin hẹn giờ bí mật", cat).at(3600))
        .await;
    assert_eq!(search(&app, "bi mat").await["totalCount"], 0);
}

#[tokio::test]
async fn videos_and_albums_are_found_with_their_captions() {
    let app = TestApp::with_demo().await;
    let q = "query($q: String!, $k: [ContentKind!]) { search(query: $q, kinds: $k) { totalCount items { snippet node { __typename ... on Video { title embedUrl } ... on Gallery { title } } } } }";
    let videos = app
        .data(q, json!({ "q": "huong dan", "k": ["VIDEO"] }))
        .await;
    assert!(
        videos["search"]["totalCount"].as_i64().unwrap() >= 1,
        "{videos}"
    );
    assert_eq!(videos["search"]["items"][0]["node"]["__typename"], "Video");
    let demo: Value = serde_json::from_str(include_str!("../../src/seed/demo.json")).unwrap();
    let gallery = demo["galleries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["status"] == "PUBLISHED")
        .unwrap();
    let caption = gallery["photos"][0]["caption"].as_str().unwrap();
    let words: Vec<&str> = caption.split_whitespace().take(3).collect();
    let albums = app
        .data(q, json!({ "q": words.join(" "), "k": ["GALLERY"] }))
        .await;
    let names: Vec<&str> = albums["search"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["node"]["title"].as_str())
        .collect();
    assert!(
        names.contains(&gallery["title"].as_str().unwrap()),
        "{albums}"
    );
    // Drafts stay out.
    let draft = demo["videos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["status"] == "DRAFT")
        .unwrap();
    let r = app
        .data(q, json!({ "q": draft["title"], "k": ["VIDEO"] }))
        .await;
    let found: Vec<&str> = r["search"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["node"]["title"].as_str())
        .collect();
    assert!(!found.contains(&draft["title"].as_str().unwrap()));
}

#[tokio::test]
async fn a_very_common_word_still_ranks_title_matches_first() {
    let app = TestApp::spawn().await;
    // More matches than the engine ranks or counts one by one (1,000).
    bantin::seed::synthetic::generate(&app.state.db, 1_500, 7, false)
        .await
        .unwrap();
    let r = app.data(SEARCH, json!({ "q": "phuong", "n": 10 })).await["search"].clone();
    assert_eq!(r["totalCount"], 1_000, "{r}");
    let found = node_titles(&r);
    assert_eq!(found.len(), 10, "{r}");
    for t in found {
        assert!(t.to_lowercase().contains("phường"), "{t}");
    }
    let q = "query($q: String!) { search(query: $q) { totalCount totalCountIsExact } }";
    let lower_bound = app.data(q, json!({ "q": "phuong" })).await;
    assert_eq!(lower_bound["search"]["totalCountIsExact"], false);
    let exact = app.data(q, json!({ "q": "dai hoi chi bo" })).await;
    assert_eq!(exact["search"]["totalCountIsExact"], true, "{exact}");
    assert!(
        exact["search"]["totalCount"].as_i64().unwrap() < 1_000,
        "{exact}"
    );
}
