//! The site around the content: settings (admins), menus (editors) with
//! their order, nesting and links to the frontend, and hidden targets.

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field};

const BASE: &str = "https://songlam.example.vn";
const MENU: &str = "query($s: String!) { menu(slug: $s) { name version items { id parentId label url linkKind } } }";
const SAVE: &str = "mutation($s: String!, $n: String!, $i: [MenuItemInput!]!, $v: Int!) { saveMenu(slug: $s, name: $n, items: $i, version: $v) { version items { label url parentId } } }";

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["label"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_demo_site_has_its_settings_and_menus_with_frontend_links() {
    let app = TestApp::with_demo().await;
    let d = app
        .data(
            "{ site { name contactEmail phone socialLinks { kind url } footerHtml publicUrl timezone version } }",
            json!({}),
        )
        .await;
    let site = &d["site"];
    assert_eq!(site["name"], "Cổng thông tin điện tử thị xã Sông Lam");
    assert_eq!(site["socialLinks"][0]["kind"], "facebook");
    assert_eq!(site["publicUrl"], BASE);
    assert_eq!(site["timezone"], "Asia/Ho_Chi_Minh");
    assert_eq!(site["version"], 1);
    let d = app.data(MENU, json!({ "s": "main" })).await;
    let items = &d["menu"]["items"];
    assert_eq!(
        labels(items),
        [
            "Trang chủ",
            "Giới thiệu",
            "Lịch sử hình thành",
            "Sơ đồ tổ chức",
            "Tin tức",
            "Chính trị",
            "Kinh tế",
            "Văn hóa - Xã hội",
            "Thông báo",
            "Văn bản",
            "Liên hệ"
        ]
    );
    assert_eq!(items[0]["url"], format!("{BASE}/"));
    assert_eq!(items[1]["url"], format!("{BASE}/gioi-thieu"));
    assert_eq!(items[2]["parentId"], items[1]["id"]);
    assert_eq!(items[4]["url"], format!("{BASE}/chuyen-muc/tin-tuc"));
    assert_eq!(items[9]["url"], format!("{BASE}/van-ban"));
    assert!(items[0]["parentId"].is_null());
    let d = app.data("{ menus { name } }", json!({})).await;
    assert_eq!(d["menus"].as_array().map(Vec::len), Some(2));
    // A section taken off the site leaves the public menu with its sub-items.
    let editor = app.user_token("bientap", Role::Editor).await;
    let page = app
        .data("{ page(slug: \"gioi-thieu\") { id } }", json!({}))
        .await;
    let r = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { unpublishPage(id: $id) { status } }",
            json!({ "id": page["page"]["id"] }),
        )
        .await;
    assert_eq!(r["data"]["unpublishPage"]["status"], "DRAFT", "{r}");
    let d = app.data(MENU, json!({ "s": "main" })).await;
    let public = labels(&d["menu"]["items"]);
    assert!(
        !public
            .iter()
            .any(|l| l == "Giới thiệu" || l == "Sơ đồ tổ chức"),
        "{public:?}"
    );
    assert_eq!(public.len(), 8);
}

#[tokio::test]
async fn only_admins_change_the_settings_and_stale_or_bad_changes_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let update = "mutation($i: UpdateSiteInput!) { updateSite(input: $i) { name tagline footerHtml version } }";
    let r = app
        .gql_as(
            &editor,
            update,
            json!({ "i": { "version": 0, "name": "Khác" } }),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let r = app
        .gql_as(
            &admin,
            update,
            json!({ "i": { "version": 0, "name": "Cổng Sông Lam", "footerHtml": "<p>Chân trang</p><script>x()</script>" } }),
        )
        .await;
    let s = &r["data"]["updateSite"];
    assert_eq!(s["version"], 1, "{r}");
    assert_eq!(s["footerHtml"], "<p>Chân trang</p>");
    for (input, code, field) in [
        (
            json!({ "version": 0, "tagline": "Cũ" }),
            "CONFLICT",
            "version",
        ),
        (
            json!({ "version": 1, "contactEmail": "khong-phai-email" }),
            "BAD_USER_INPUT",
            "contactEmail",
        ),
        (
            json!({ "version": 1, "logoUrl": "javascript:alert(1)" }),
            "BAD_USER_INPUT",
            "logoUrl",
        ),
    ] {
        let r = app.gql_as(&admin, update, json!({ "i": input })).await;
        assert_eq!(error_code(&r), code, "{input}: {r}");
        assert_eq!(error_field(&r), field, "{input}");
    }
    let d = app
        .data("{ site { name tagline version } }", json!({}))
        .await;
    assert_eq!(d["site"]["name"], "Cổng Sông Lam");
    assert!(d["site"]["tagline"].is_null());
    assert_eq!(d["site"]["version"], 1);
}

#[tokio::test]
async fn editors_save_menus_whole_with_order_nesting_and_checks() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let news = app.category("Tin tức", None).await.to_string();
    let items = json!([
        { "label": "Trang chủ", "link": { "url": "/" } },
        { "label": "Tin tức", "link": { "categoryId": news } },
        { "label": "Báo chí", "parent": 1, "link": { "url": "https://baochi.example.vn" } },
        { "label": "Văn bản", "link": { "documents": true } },
    ]);
    let r = app
        .gql_as(
            &editor,
            SAVE,
            json!({ "s": "main", "n": "Menu chính", "i": items, "v": 0 }),
        )
        .await;
    let m = &r["data"]["saveMenu"];
    assert_eq!(m["version"], 1, "{r}");
    assert_eq!(
        labels(&m["items"]),
        ["Trang chủ", "Tin tức", "Báo chí", "Văn bản"]
    );
    assert_eq!(m["items"][2]["url"], "https://baochi.example.vn");
    assert_eq!(m["items"][1]["url"], format!("{BASE}/chuyen-muc/tin-tuc"));
    let refused = [
        (
            json!([{ "label": "Con", "parent": 1, "link": { "url": "/" } }, { "label": "Cha", "link": { "url": "/" } }]),
            1,
            "items.parent",
        ),
        (
            json!([{ "label": "Mất", "link": { "categoryId": "999" } }]),
            1,
            "items.link",
        ),
        (
            json!([{ "label": "Xấu", "link": { "url": "javascript:x()" } }]),
            1,
            "items.url",
        ),
        (
            json!([
                { "label": "1", "link": { "url": "/" } },
                { "label": "2", "parent": 0, "link": { "url": "/" } },
                { "label": "3", "parent": 1, "link": { "url": "/" } },
                { "label": "4", "parent": 2, "link": { "url": "/" } },
            ]),
            1,
            "items.parent",
        ),
        (
            json!([{ "label": "Cũ", "link": { "url": "/" } }]),
            0,
            "version",
        ),
    ];
    for (items, version, field) in refused {
        let r = app
            .gql_as(
                &editor,
                SAVE,
                json!({ "s": "main", "n": "Menu chính", "i": items, "v": version }),
            )
            .await;
        assert!(r.get("errors").is_some(), "{items}: {r}");
        assert_eq!(error_field(&r), field, "{items}: {r}");
    }
    // Nothing of the refused saves landed.
    let d = app.data(MENU, json!({ "s": "main" })).await;
    assert_eq!(d["menu"]["version"], 1);
    assert_eq!(
        labels(&d["menu"]["items"]),
        ["Trang chủ", "Tin tức", "Báo chí", "Văn bản"]
    );
    // Authors cannot change menus.
    let author = app.user_token("phongvien", Role::Author).await;
    let r = app
        .gql_as(
            &author,
            SAVE,
            json!({ "s": "main", "n": "x", "i": [], "v": 1 }),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
}

#[tokio::test]
async fn articles_carry_breadcrumbs_seo_and_reading_time_and_tags_have_pages() {
    let app = TestApp::with_demo().await;
    let q = "{ articles(filter: { categorySlug: \"kinh-te\" }, perPage: 1, sort: OLDEST) { items { title slug readingTimeMinutes breadcrumbs { label url } seo { title description canonicalUrl image { url } } category { ancestors { slug } } } } }";
    let d = app.data(q, json!({})).await;
    let a = &d["articles"]["items"][0];
    let slug = a["slug"].as_str().unwrap();
    let trail: Vec<&str> = a["breadcrumbs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        trail,
        [
            "Trang chủ",
            "Tin tức",
            "Kinh tế",
            a["title"].as_str().unwrap()
        ]
    );
    assert_eq!(
        a["breadcrumbs"][2]["url"],
        format!("{BASE}/chuyen-muc/kinh-te")
    );
    assert_eq!(a["seo"]["canonicalUrl"], format!("{BASE}/tin-tuc/{slug}"));
    assert_eq!(a["seo"]["canonicalUrl"], a["breadcrumbs"][3]["url"]);
    assert!(
        a["seo"]["image"]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"))
    );
    assert!(a["seo"]["description"].is_string());
    assert_eq!(a["category"]["ancestors"], json!([{ "slug": "tin-tuc" }]));
    // The body is read for reading time even though `body` is not asked for.
    let minutes = a["readingTimeMinutes"].as_i64().unwrap();
    let body = app
        .data(
            "query($s: String) { article(slug: $s) { body } }",
            json!({ "s": slug }),
        )
        .await;
    let words = body["article"]["body"]
        .as_str()
        .unwrap()
        .split(['<', '>', ' '])
        .filter(|w| !w.is_empty())
        .count();
    assert!(
        minutes >= 1 && minutes as usize <= words.div_ceil(200) + 1,
        "{minutes} for {words}"
    );
    assert!(
        minutes >= 2,
        "a long article takes more than a minute: {minutes}"
    );
    // Tags: most used first, counts agree with the tag's own article list.
    let d = app
        .data("{ tags(first: 5) { slug name articleCount } }", json!({}))
        .await;
    let tags = d["tags"].as_array().unwrap();
    assert_eq!(tags.len(), 5);
    let counts: Vec<i64> = tags
        .iter()
        .map(|t| t["articleCount"].as_i64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    for t in tags {
        let page = app
            .data(
                "query($s: String!) { tag(slug: $s) { name articles(perPage: 50) { totalCount items { title } } } articles(filter: { tag: $s }) { totalCount } }",
                json!({ "s": t["slug"] }),
            )
            .await;
        assert_eq!(
            page["tag"]["articles"]["totalCount"], t["articleCount"],
            "{t}"
        );
        assert_eq!(page["articles"]["totalCount"], t["articleCount"], "{t}");
    }
    let d = app
        .data("{ tags(q: \"chuyen\") { name } tag(slug: \"Chuyển đổi số\") { slug } none: tag(slug: \"khong-co\") { slug } }", json!({}))
        .await;
    assert_eq!(d["tags"][0]["name"], "chuyển đổi số");
    assert_eq!(d["tag"]["slug"], "chuyen-doi-so");
    assert!(d["none"].is_null());
    let r = app.gql("{ tags(first: 1000) { slug } }", json!({})).await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
}

#[tokio::test]
async fn authors_have_pages_and_bylines_without_anything_private() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let news = app.category("Tin tức", None).await.to_string();
    let r = app
        .gql_as(
            &editor,
            "mutation($c: ID!) { createArticle(input: { title: \"Phóng sự vùng biên\", body: \"<p>Nội dung</p>\", categoryId: $c }) { id } }",
            json!({ "c": news }),
        )
        .await;
    let id = r["data"]["createArticle"]["id"].clone();
    let r = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { publishArticle(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r["data"]["publishArticle"]["status"], "PUBLISHED", "{r}");
    let r = app
        .gql_as(
            &editor,
            "mutation { updateMyProfile(input: { displayName: \"Trần Biên Tập\", bio: \"Phóng viên mảng biên giới.\", avatarUrl: \"https://anh.example.vn/bt.jpg\" }) { name slug bio avatar { url } } }",
            json!({}),
        )
        .await;
    assert_eq!(r["data"]["updateMyProfile"]["slug"], "bientap", "{r}");
    let d = app
        .data(
            "query($id: ID) { article(id: $id) { authorProfile { name slug bio avatar { url } } } author(slug: \"bientap\") { name articles { totalCount items { title } } } nobody: author(slug: \"khong-co\") { name } }",
            json!({ "id": id }),
        )
        .await;
    let p = &d["article"]["authorProfile"];
    assert_eq!(p["name"], "Trần Biên Tập");
    assert_eq!(p["bio"], "Phóng viên mảng biên giới.");
    assert_eq!(p["avatar"]["url"], "https://anh.example.vn/bt.jpg");
    assert_eq!(d["author"]["articles"]["totalCount"], 1);
    assert_eq!(
        d["author"]["articles"]["items"][0]["title"],
        "Phóng sự vùng biên"
    );
    assert!(d["nobody"].is_null());
    // Nothing private can be asked of an author.
    let r = app
        .gql("{ author(slug: \"bientap\") { role } }", json!({}))
        .await;
    assert_eq!(error_code(&r), "BAD_USER_INPUT");
    let r = app
        .gql_as(
            &editor,
            "mutation { updateMyProfile(input: { avatarUrl: \"javascript:alert(1)\" }) { slug } }",
            json!({}),
        )
        .await;
    assert_eq!(error_field(&r), "avatarUrl");
    let r = app
        .gql(
            "mutation { updateMyProfile(input: { bio: \"x\" }) { slug } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&r), "UNAUTHENTICATED");
}

#[tokio::test]
async fn banners_show_between_their_dates_and_top_stories_keep_their_order_until_they_end() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let news = app.category("Tin tức", None).await;
    let first = app.article(crate::helpers::Art::new("Tin một", news)).await;
    let second = app.article(crate::helpers::Art::new("Tin hai", news)).await;
    let soon = (app.now() + chrono::TimeDelta::seconds(600)).to_rfc3339();
    let save = "mutation($i: BlockInput!) { saveBlock(input: $i) { id version } }";
    for input in [
        json!({ "kind": "BANNER", "title": "Bầu cử", "url": "https://baucu.example.vn", "imageUrl": "https://anh.example.vn/b.jpg", "position": 1 }),
        json!({ "kind": "BANNER", "title": "Sắp tới", "url": "https://sap.example.vn", "position": 2, "startsAt": soon }),
        json!({ "kind": "BANNER", "title": "Sắp hết", "url": "https://het.example.vn", "position": 3, "endsAt": soon }),
        json!({ "kind": "LINK", "title": "Cổng dịch vụ công", "url": "https://dichvucong.gov.vn" }),
    ] {
        let r = app.gql_as(&editor, save, json!({ "i": input })).await;
        assert!(r.get("errors").is_none(), "{r}");
    }
    let pin = "mutation($id: ID!, $p: Int, $u: DateTime) { pinArticle(id: $id, position: $p, until: $u) { featured featuredPosition } }";
    let r = app
        .gql_as(&editor, pin, json!({ "id": second.to_string(), "p": 1 }))
        .await;
    assert_eq!(r["data"]["pinArticle"]["featuredPosition"], 1, "{r}");
    app.gql_as(
        &editor,
        pin,
        json!({ "id": first.to_string(), "p": 2, "u": soon }),
    )
    .await;
    let q = "{ blocks(kind: BANNER) { title } links: blocks(kind: LINK) { title } topStories { title featured } }";
    let titles = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|b| b["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = app.data(q, json!({})).await;
    assert_eq!(titles(&before["blocks"]), ["Bầu cử", "Sắp hết"]);
    assert_eq!(titles(&before["links"]), ["Cổng dịch vụ công"]);
    assert_eq!(titles(&before["topStories"]), ["Tin hai", "Tin một"]);
    assert_eq!(before["topStories"][0]["featured"], true);
    // The same (cached) question after the dates pass gets the new answer.
    app.advance(600);
    let after = app.data(q, json!({})).await;
    assert_eq!(titles(&after["blocks"]), ["Bầu cử", "Sắp tới"]);
    assert_eq!(titles(&after["topStories"]), ["Tin hai"]);
    // Editors see every block; authors cannot pin or save.
    let all = app
        .gql_as(
            &editor,
            "{ blocks(kind: BANNER, includeInactive: true) { title } }",
            json!({}),
        )
        .await;
    assert_eq!(all["data"]["blocks"].as_array().map(Vec::len), Some(3));
    let author = app.user_token("phongvien", Role::Author).await;
    let r = app
        .gql_as(&author, pin, json!({ "id": first.to_string(), "p": 1 }))
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN");
    for (input, field) in [
        (
            json!({ "kind": "BANNER", "title": "X", "url": "javascript:x()" }),
            "url",
        ),
        (
            json!({ "kind": "BANNER", "title": "X", "url": "https://a.vn", "startsAt": soon, "endsAt": soon }),
            "endsAt",
        ),
    ] {
        let r = app.gql_as(&editor, save, json!({ "i": input })).await;
        assert_eq!(error_field(&r), field, "{r}");
    }
    let r = app
        .gql_as(&editor, pin, json!({ "id": first.to_string(), "p": 0 }))
        .await;
    assert_eq!(error_field(&r), "position");
}
