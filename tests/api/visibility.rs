//! The public sees published, due articles only, through every path.

use bantin::auth::Role;
use serde_json::json;

use crate::helpers::{Art, TestApp, titles};

/// One category with a published article, a draft and a scheduled one.
async fn site(app: &TestApp) -> (i64, i64, i64, i64) {
    let cat = app.category("Tin tức", None).await;
    let live = app.article(Art::new("Đã đăng", cat).at(-60)).await;
    let draft = app.article(Art::new("Bản nháp", cat).draft()).await;
    let scheduled = app.article(Art::new("Hẹn giờ", cat).at(3600)).await;
    (cat, live, draft, scheduled)
}

#[tokio::test]
async fn drafts_and_scheduled_articles_are_hidden_from_every_public_path() {
    let app = TestApp::spawn().await;
    let (cat, live, draft, scheduled) = site(&app).await;
    let d = app
        .data(
            "query($c: ID!, $live: ID, $draft: ID, $sched: ID) {
               articles { totalCount items { title } }
               articlesConnection(first: 10) { totalCount nodes { title } }
               category(id: $c) { articleCount articles { totalCount items { title } } }
               categories { articleCount }
               live: article(id: $live) { title related { title } }
               draft: article(id: $draft) { title }
               sched: article(id: $sched) { title }
               bySlug: article(slug: \"ban-nhap\") { title }
             }",
            json!({ "c": cat.to_string(), "live": live.to_string(), "draft": draft.to_string(), "sched": scheduled.to_string() }),
        )
        .await;
    assert_eq!(d["articles"]["totalCount"], 1);
    assert_eq!(titles(&d["articles"]["items"]), ["Đã đăng"]);
    assert_eq!(d["articlesConnection"]["totalCount"], 1);
    assert_eq!(titles(&d["articlesConnection"]["nodes"]), ["Đã đăng"]);
    assert_eq!(d["category"]["articleCount"], 1);
    assert_eq!(d["category"]["articles"]["totalCount"], 1);
    assert_eq!(d["categories"][0]["articleCount"], 1);
    assert_eq!(d["live"]["related"], json!([]));
    assert_eq!(d["draft"], json!(null));
    assert_eq!(d["sched"], json!(null));
    assert_eq!(d["bySlug"], json!(null));
}

#[tokio::test]
async fn the_public_cannot_ask_for_drafts_with_a_status_filter() {
    let app = TestApp::spawn().await;
    site(&app).await;
    let d = app
        .data(
            "{ articles(filter: { status: [DRAFT, SCHEDULED] }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(d["articles"]["totalCount"], 0);
}

#[tokio::test]
async fn a_scheduled_article_goes_live_at_its_time_with_no_job() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let id = app.article(Art::new("Sắp đăng", cat).at(3600)).await;
    let q = "query($id: ID) { article(id: $id) { title status } articles { totalCount } }";
    let before = app.data(q, json!({ "id": id.to_string() })).await;
    assert_eq!(before["article"], json!(null));
    assert_eq!(before["articles"]["totalCount"], 0);
    app.advance(3590);
    let almost = app.data(q, json!({ "id": id.to_string() })).await;
    assert_eq!(almost["article"], json!(null), "live before its time");
    app.advance(10);
    let after = app.data(q, json!({ "id": id.to_string() })).await;
    assert_eq!(after["article"]["status"], "PUBLISHED");
    assert_eq!(after["articles"]["totalCount"], 1);
}

#[tokio::test]
async fn editors_preview_drafts_and_scheduled_articles() {
    let app = TestApp::spawn().await;
    let (_, _, draft, scheduled) = site(&app).await;
    let token = app.user_token("bientap", Role::Editor).await;
    let q = "query($id: ID) { article(id: $id) { title status } }";
    let d = app
        .gql_as(&token, q, json!({ "id": draft.to_string() }))
        .await;
    assert_eq!(d["data"]["article"]["status"], "DRAFT");
    let s = app
        .gql_as(&token, q, json!({ "id": scheduled.to_string() }))
        .await;
    assert_eq!(s["data"]["article"]["status"], "SCHEDULED");
    let list = app
        .gql_as(
            &token,
            "{ drafts: articles(filter: { status: [DRAFT] }) { items { title } }
               plain: articles { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(titles(&list["data"]["drafts"]["items"]), ["Bản nháp"]);
    // Without a status filter an editor sees the site as readers do.
    assert_eq!(list["data"]["plain"]["totalCount"], 1);
}

#[tokio::test]
async fn authors_preview_only_their_own_drafts() {
    let app = TestApp::spawn().await;
    let (_, _, someone_elses_draft, _) = site(&app).await;
    let token = app.user_token("tacgia", Role::Author).await;
    let created = app
        .gql_as(
            &token,
            "mutation($c: ID!) { createArticle(input: { title: \"Bài của tôi\", body: \"<p>x</p>\", categoryId: $c }) { id } }",
            json!({ "c": "1" }),
        )
        .await;
    let mine = created["data"]["createArticle"]["id"].clone();
    let q = "query($id: ID) { article(id: $id) { title } }";
    let own = app.gql_as(&token, q, json!({ "id": mine })).await;
    assert_eq!(own["data"]["article"]["title"], "Bài của tôi");
    let other = app
        .gql_as(&token, q, json!({ "id": someone_elses_draft.to_string() }))
        .await;
    assert!(other.get("errors").is_none(), "{other}");
    assert_eq!(other["data"]["article"], json!(null));
    let drafts = app
        .gql_as(
            &token,
            "{ articles(filter: { status: [DRAFT] }) { items { title } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        titles(&drafts["data"]["articles"]["items"]),
        ["Bài của tôi"]
    );
}

/// Where the public can meet one item: each path's name, and a query that
/// shows the item `$id` (slug `$slug`) somewhere under that name when it is
/// public. `$host` is a published article of the same category that embeds
/// the item (videos, galleries) or is its neighbour (`related`).
fn public_paths(kind: &str) -> (String, &'static [&'static str]) {
    match kind {
        "ARTICLE" => (
            r#"query($id: ID!, $slug: String!, $host: ID!) {
              list: articles(perPage: 50) { items { id } }
              connection: articlesConnection(first: 50) { edges { node { id } } }
              byId: article(id: $id) { id }
              bySlug: article(slug: $slug) { id }
              search: search(query: "ky lan", kinds: [ARTICLE]) { items { node { ... on Article { id } } } }
              mostViewed: mostViewed(kind: ARTICLE, period: WEEK, limit: 10) { node { ... on Article { id } } }
              related: article(id: $host) { related(limit: 10) { id } }
              categoryList: category(slug: "tin-tuc") { articles(perPage: 50) { items { id } } }
              categoryCount: categories { articleCount }
              categoryTotal: category(slug: "tin-tuc") { articles { totalCount } }
            }"#
            .to_owned(),
            &[
                "list",
                "connection",
                "byId",
                "bySlug",
                "search",
                "mostViewed",
                "related",
                "categoryList",
                "categoryCount",
                "categoryTotal",
            ],
        ),
        "VIDEO" => (media_paths("video", "videos"), MEDIA_PATHS),
        _ => (media_paths("gallery", "galleries"), MEDIA_PATHS),
    }
}

/// Where a video or gallery shows (see [`public_paths`]): `one` and `many`
/// are its GraphQL names (`video`, `videos`).
fn media_paths(one: &str, many: &str) -> String {
    let kind = one.to_uppercase();
    let typename = format!("{}{}", &kind[..1], &one[1..]);
    format!(
        r#"query($id: ID!, $slug: String!, $host: ID!) {{
          list: {many}(perPage: 50) {{ items {{ id }} }}
          connection: {many}Connection(first: 50) {{ edges {{ node {{ id }} }} }}
          byId: {one}(id: $id) {{ id }}
          bySlug: {one}(slug: $slug) {{ id }}
          search: search(query: "ky lan", kinds: [{kind}]) {{ items {{ node {{ ... on {typename} {{ id }} }} }} }}
          mostViewed: mostViewed(kind: {kind}, period: WEEK, limit: 10) {{ node {{ ... on {typename} {{ id }} }} }}
          embedded: article(id: $host) {{ {many} {{ id }} }}
        }}"#
    )
}

const MEDIA_PATHS: &[&str] = &[
    "list",
    "connection",
    "byId",
    "bySlug",
    "search",
    "mostViewed",
    "embedded",
];

/// The public paths (of [`public_paths`]) on which the item shows now.
async fn shown_on(app: &TestApp, kind: &str, id: i64, slug: &str, host: i64) -> Vec<&'static str> {
    let (query, names) = public_paths(kind);
    let d = app
        .data(
            &query,
            json!({ "id": id.to_string(), "slug": slug, "host": host.to_string() }),
        )
        .await;
    let mark = format!(r#""id":"{id}""#);
    names
        .iter()
        .copied()
        .filter(|name| match *name {
            // The category holds the host and the item.
            "categoryCount" => d[*name][0]["articleCount"] == 2,
            "categoryTotal" => d["categoryTotal"]["articles"]["totalCount"] == 2,
            _ => d[*name].to_string().contains(&mark),
        })
        .collect()
}

/// Archived, unpublished (back to draft) and in-review items are off every
/// public path, and come back on all of them when published again.
#[tokio::test]
async fn hidden_stays_hidden_through_every_transition_on_every_public_path() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let cat = app.category("Tin tức", None).await;
    let host = app
        .article(Art::new("Lễ hội làng Đông", cat).at(-7200))
        .await;
    let article = app.article(Art::new("Kỳ lân trong ngày hội", cat)).await;
    let video = app
        .video(
            "Kỳ lân múa ở sân đình",
            "https://www.youtube.com/watch?v=kYl4nMua01x",
            Some(-60),
        )
        .await;
    let (gallery, _) = app.gallery("Kỳ lân qua ống kính", 2, Some(-60)).await;
    let r = app
        .gql_as(
            &editor,
            "mutation($a: ID!, $v: [ID!], $g: [ID!]) { attachMedia(articleId: $a, videoIds: $v, galleryIds: $g) { id } }",
            json!({ "a": host.to_string(), "v": [video.to_string()], "g": [gallery.to_string()] }),
        )
        .await;
    assert!(r.get("errors").is_none(), "{r}");
    for (kind, id) in [("ARTICLE", article), ("VIDEO", video), ("GALLERY", gallery)] {
        let r = app
            .gql(
                "mutation($k: ContentKind, $id: ID) { recordVisit(path: \"/\", kind: $k, id: $id) }",
                json!({ "k": kind, "id": id.to_string() }),
            )
            .await;
        assert_eq!(r["data"]["recordVisit"], true, "{r}");
    }
    app.flush_visits().await;

    for (kind, id, name) in [
        ("ARTICLE", article, "Article"),
        ("VIDEO", video, "Video"),
        ("GALLERY", gallery, "Gallery"),
    ] {
        let slug = app
            .gql_as(
                &editor,
                &format!(
                    "query($id: ID) {{ item: {}(id: $id) {{ slug }} }}",
                    name.to_lowercase()
                ),
                json!({ "id": id.to_string() }),
            )
            .await["data"]["item"]["slug"]
            .as_str()
            .unwrap()
            .to_owned();
        let every = public_paths(kind).1.to_vec();
        assert_eq!(
            shown_on(&app, kind, id, &slug, host).await,
            every,
            "{kind} published"
        );
        let mut steps = vec!["archive", "publish", "unpublish"];
        if kind == "ARTICLE" {
            steps.extend(["submit", "publish"]);
        } else {
            steps.push("publish");
        }
        for step in steps {
            let mutation =
                format!("mutation($id: ID!) {{ done: {step}{name}(id: $id) {{ status }} }}");
            let r = app
                .gql_as(&editor, &mutation, json!({ "id": id.to_string() }))
                .await;
            assert!(r.get("errors").is_none(), "{kind} {step}: {r}");
            let status = r["data"]["done"]["status"].as_str().unwrap().to_owned();
            let shown = shown_on(&app, kind, id, &slug, host).await;
            if step == "publish" {
                assert_eq!(shown, every, "{kind} published again");
            } else {
                assert!(shown.is_empty(), "{kind} {status} still shows on {shown:?}");
            }
        }
    }
}

/// Videos and albums scheduled for later go live by themselves at their
/// time: on lists, by id and by slug, with no job and no write.
#[tokio::test]
async fn scheduled_videos_and_galleries_go_live_by_themselves() {
    let app = TestApp::spawn().await;
    let video = app
        .video(
            "Đêm hội trăng rằm",
            "https://www.youtube.com/watch?v=tRaNgRam15x",
            Some(600),
        )
        .await;
    let (gallery, _) = app.gallery("Đêm hội trăng rằm qua ảnh", 3, Some(600)).await;
    let q = r#"query($v: ID, $g: ID) {
      video(id: $v) { status } bySlug: video(slug: "dem-hoi-trang-ram") { id }
      videos { totalCount }
      gallery(id: $g) { status photoCount } album: gallery(slug: "dem-hoi-trang-ram-qua-anh") { id }
      galleries { totalCount }
    }"#;
    let vars = json!({ "v": video.to_string(), "g": gallery.to_string() });
    let hidden = json!({
        "video": null, "bySlug": null, "videos": { "totalCount": 0 },
        "gallery": null, "album": null, "galleries": { "totalCount": 0 },
    });
    assert_eq!(app.data(q, vars.clone()).await, hidden);
    app.advance(590);
    assert_eq!(
        app.data(q, vars.clone()).await,
        hidden,
        "live before its time"
    );
    app.advance(10);
    assert_eq!(
        app.data(q, vars).await,
        json!({
            "video": { "status": "PUBLISHED" }, "bySlug": { "id": video.to_string() },
            "videos": { "totalCount": 1 },
            "gallery": { "status": "PUBLISHED", "photoCount": 3 },
            "album": { "id": gallery.to_string() },
            "galleries": { "totalCount": 1 },
        })
    );
}
