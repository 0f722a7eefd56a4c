//! Videos: the public list, embeds, visibility, editors' mutations and
//! their rejections, and flat statement counts.

use bantin::{auth::Role, clock};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field, titles};

const YT: &str = "https://www.youtube.com/watch?v=q7Lm2XaB9cD";
const CREATE: &str = "mutation($i: CreateVideoInput!) { createVideo(input: $i) { id slug status version provider embedUrl thumbnailUrl tags category { slug } } }";
const UPDATE: &str = "mutation($id: ID!, $i: UpdateVideoInput!) { updateVideo(id: $id, input: $i) { id title url provider embedUrl version tags durationSeconds } }";

async fn op(app: &TestApp, token: &str, mutation: &str, id: &Value) -> Value {
    let q =
        format!("mutation($id: ID!) {{ {mutation}(id: $id) {{ id status version publishedAt }} }}");
    app.gql_as(token, &q, json!({ "id": id })).await
}

#[tokio::test]
async fn the_public_video_list_shows_published_videos_with_embeds() {
    let app = TestApp::spawn().await;
    app.video("Hướng dẫn nộp hồ sơ", YT, Some(-300)).await;
    app.video(
        "Hướng dẫn bầu cử",
        "https://youtu.be/Zr4_kTp8wQe?t=1m30s",
        Some(-200),
    )
    .await;
    app.video("Phim giới thiệu", "https://vimeo.com/873214560", Some(-100))
        .await;
    app.video(
        "Một cửa",
        "https://cdn.songlam.gov.vn/v/mot-cua.mp4",
        Some(-50),
    )
    .await;
    app.video("Bản nháp", YT, None).await;
    app.video("Hẹn giờ", YT, Some(3600)).await;
    let d = app
        .data(
            "{ videos { totalCount totalPages hasNextPage items { title provider embedUrl thumbnailUrl status } } }",
            json!({}),
        )
        .await;
    let v = &d["videos"];
    assert_eq!(v["totalCount"], 4);
    assert_eq!(
        titles(&v["items"]),
        [
            "Một cửa",
            "Phim giới thiệu",
            "Hướng dẫn bầu cử",
            "Hướng dẫn nộp hồ sơ"
        ]
    );
    let items = &v["items"];
    assert_eq!(items[0]["provider"], "FILE");
    assert_eq!(
        items[0]["embedUrl"],
        "https://cdn.songlam.gov.vn/v/mot-cua.mp4"
    );
    assert_eq!(items[1]["provider"], "VIMEO");
    assert_eq!(
        items[1]["embedUrl"],
        "https://player.vimeo.com/video/873214560"
    );
    assert_eq!(items[2]["provider"], "YOUTUBE");
    assert_eq!(
        items[2]["embedUrl"],
        "https://www.youtube-nocookie.com/embed/Zr4_kTp8wQe?start=90"
    );
    assert_eq!(
        items[3]["thumbnailUrl"],
        "https://i.ytimg.com/vi/q7Lm2XaB9cD/hqdefault.jpg"
    );
    assert!(
        items
            .as_array()
            .is_some_and(|a| a.iter().all(|i| i["status"] == "PUBLISHED"))
    );
}

#[tokio::test]
async fn drafts_and_scheduled_videos_are_hidden_from_the_public_but_not_editors() {
    let app = TestApp::spawn().await;
    let live = app.video("Đã đăng", YT, Some(-60)).await;
    let draft = app.video("Bản nháp", YT, None).await;
    let scheduled = app.video("Hẹn giờ", YT, Some(3600)).await;
    let q = "query($d: ID, $s: ID, $l: ID) {
        draft: video(id: $d) { title } sched: video(id: $s) { title } live: video(id: $l) { title }
        bySlug: video(slug: \"ban-nhap\") { title }
        videos { totalCount } videosConnection(first: 10) { totalCount }
        editors: videos(filter: { status: [DRAFT, SCHEDULED] }) { totalCount items { title status } } }";
    let vars = json!({ "d": draft.to_string(), "s": scheduled.to_string(), "l": live.to_string() });
    let public = app.data(q, vars.clone()).await;
    assert_eq!(public["draft"], Value::Null);
    assert_eq!(public["sched"], Value::Null);
    assert_eq!(public["bySlug"], Value::Null);
    assert_eq!(public["live"]["title"], "Đã đăng");
    assert_eq!(public["videos"]["totalCount"], 1);
    assert_eq!(public["videosConnection"]["totalCount"], 1);
    assert_eq!(public["editors"]["totalCount"], 0);
    let editor = app.user_token("bientap", Role::Editor).await;
    let seen = app.gql_as(&editor, q, vars).await;
    assert_eq!(seen["data"]["draft"]["title"], "Bản nháp");
    assert_eq!(seen["data"]["bySlug"]["title"], "Bản nháp");
    // Signed in, the plain list is still the site as readers see it.
    assert_eq!(seen["data"]["videos"]["totalCount"], 1);
    let statuses: Vec<&str> = seen["data"]["editors"]["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["status"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(statuses, ["SCHEDULED", "DRAFT"]);
}

#[tokio::test]
async fn the_videos_connection_pages_newest_first_with_cursors() {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        app.video(&format!("Video {i}"), YT, Some(-1000 + i * 10))
            .await;
    }
    let q = "query($a: String) { videosConnection(first: 2, after: $a) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { title } } }";
    let first = app.data(q, json!({ "a": null })).await;
    let c = &first["videosConnection"];
    assert_eq!(c["totalCount"], 5);
    assert_eq!(titles(&c["nodes"]), ["Video 4", "Video 3"]);
    assert_eq!(c["pageInfo"]["hasNextPage"], true);
    let next = app
        .data(q, json!({ "a": c["pageInfo"]["endCursor"] }))
        .await;
    assert_eq!(
        titles(&next["videosConnection"]["nodes"]),
        ["Video 2", "Video 1"]
    );
    assert_eq!(
        next["videosConnection"]["pageInfo"]["hasPreviousPage"],
        true
    );
    let last = app
        .data(
            "{ videosConnection(last: 2) { nodes { title } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        titles(&last["videosConnection"]["nodes"]),
        ["Video 1", "Video 0"]
    );
}

#[tokio::test]
async fn videos_filter_by_provider_tag_and_category() {
    let app = TestApp::spawn().await;
    let cat = app.category("Chuyển đổi số", None).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let made = app
        .gql_as(
            &editor,
            CREATE,
            json!({ "i": { "title": "Dịch vụ công trực tuyến", "url": YT, "tags": ["Hướng dẫn", "dịch vụ công"], "categoryId": cat.to_string() } }),
        )
        .await;
    let id = made["data"]["createVideo"]["id"].clone();
    assert_eq!(
        made["data"]["createVideo"]["tags"],
        json!(["hướng dẫn", "dịch vụ công"])
    );
    // Published an hour ago, so that unfiltered it is not first.
    let an_hour_ago = clock::now() - chrono::TimeDelta::hours(1);
    bantin::service::publication::publish::<entity::video::Entity>(
        &app.state.db,
        &bantin::service::access::Viewer::System,
        id.as_str().unwrap().parse().unwrap(),
        Some(an_hour_ago),
    )
    .await
    .unwrap();
    // Newer and without a category, tag or YouTube link.
    app.video("Phim Vimeo", "https://vimeo.com/873214560", Some(-10))
        .await;
    let d = app
        .data(
            "query($c: ID) { all: videos { items { title } }
               yt: videos(filter: { provider: YOUTUBE }) { items { title } }
               tag: videos(filter: { tag: \"huong-dan\" }) { items { title tags } }
               cat: videos(filter: { categoryId: $c }) { totalCount items { title category { name } } }
               slug: videos(filter: { categorySlug: \"chuyen-doi-so\" }) { items { title } }
               none: videos(filter: { categorySlug: \"khong-co\" }) { totalCount } }",
            json!({ "c": cat.to_string() }),
        )
        .await;
    assert_eq!(
        titles(&d["all"]["items"]),
        ["Phim Vimeo", "Dịch vụ công trực tuyến"]
    );
    assert_eq!(titles(&d["yt"]["items"]), ["Dịch vụ công trực tuyến"]);
    assert_eq!(titles(&d["tag"]["items"]), ["Dịch vụ công trực tuyến"]);
    assert_eq!(d["cat"]["totalCount"], 1);
    assert_eq!(titles(&d["cat"]["items"]), ["Dịch vụ công trực tuyến"]);
    assert_eq!(d["cat"]["items"][0]["category"]["name"], "Chuyển đổi số");
    assert_eq!(titles(&d["slug"]["items"]), ["Dịch vụ công trực tuyến"]);
    assert_eq!(d["none"]["totalCount"], 0);
}

#[tokio::test]
async fn an_editor_creates_updates_publishes_unpublishes_and_deletes_a_video() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let made = app
        .gql_as(&editor, CREATE, json!({ "i": { "title": "Lễ khai giảng năm học mới", "url": "https://live.songlam.gov.vn/hls/khai-giang/index.m3u8" } }))
        .await;
    let v = &made["data"]["createVideo"];
    assert_eq!(v["slug"], "le-khai-giang-nam-hoc-moi");
    assert_eq!(v["status"], "DRAFT");
    assert_eq!(v["provider"], "FILE");
    assert_eq!(v["version"], 1);
    let id = v["id"].clone();
    let updated = app
        .gql_as(
            &editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "url": "https://youtu.be/Hk9_pRt2mVx", "durationSeconds": 754, "tags": ["giáo dục"] } }),
        )
        .await;
    let u = &updated["data"]["updateVideo"];
    assert_eq!(u["provider"], "YOUTUBE", "{updated}");
    assert_eq!(
        u["embedUrl"],
        "https://www.youtube-nocookie.com/embed/Hk9_pRt2mVx"
    );
    assert_eq!(u["durationSeconds"], 754);
    assert_eq!(u["version"], 2);
    let published = op(&app, &editor, "publishVideo", &id).await;
    assert_eq!(published["data"]["publishVideo"]["status"], "PUBLISHED");
    let public = app
        .data(
            "query($id: ID) { video(id: $id) { title tags } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(public["video"]["tags"], json!(["giáo dục"]));
    let scheduled = app
        .gql_as(
            &editor,
            "mutation($id: ID!, $at: DateTime) { publishVideo(id: $id, at: $at) { status } }",
            json!({ "id": id, "at": "2099-01-01T00:00:00Z" }),
        )
        .await;
    assert_eq!(scheduled["data"]["publishVideo"]["status"], "SCHEDULED");
    let back = op(&app, &editor, "unpublishVideo", &id).await;
    assert_eq!(back["data"]["unpublishVideo"]["status"], "DRAFT");
    assert_eq!(back["data"]["unpublishVideo"]["publishedAt"], Value::Null);
    let archived = op(&app, &editor, "archiveVideo", &id).await;
    assert_eq!(archived["data"]["archiveVideo"]["status"], "ARCHIVED");
    let deleted = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { deleteVideo(id: $id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(deleted["data"]["deleteVideo"], id);
    let again = op(&app, &editor, "publishVideo", &id).await;
    assert_eq!(error_code(&again), "NOT_FOUND");
}

#[tokio::test]
async fn video_mutations_are_refused_to_the_public_and_to_authors_beyond_their_drafts() {
    let app = TestApp::spawn().await;
    let author = app.user_token("tacgia", Role::Author).await;
    let other = app.user_token("tacgia2", Role::Author).await;
    let anonymous = app
        .gql(
            CREATE,
            json!({ "i": { "title": "Không đăng nhập", "url": YT } }),
        )
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    let made = app
        .gql_as(
            &author,
            CREATE,
            json!({ "i": { "title": "Của tác giả", "url": YT } }),
        )
        .await;
    let id = made["data"]["createVideo"]["id"].clone();
    // Own draft: editable. Another author's: forbidden. Publishing: editors only.
    let own = app
        .gql_as(
            &author,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "title": "Đã sửa" } }),
        )
        .await;
    assert_eq!(own["data"]["updateVideo"]["title"], "Đã sửa");
    let theirs = app
        .gql_as(
            &other,
            UPDATE,
            json!({ "id": id, "i": { "version": 2, "title": "Sửa trộm" } }),
        )
        .await;
    assert_eq!(error_code(&theirs), "FORBIDDEN");
    assert_eq!(
        error_code(&op(&app, &author, "publishVideo", &id).await),
        "FORBIDDEN"
    );
    let delete = app
        .gql_as(
            &other,
            "mutation($id: ID!) { deleteVideo(id: $id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&delete), "FORBIDDEN");
    assert_eq!(
        error_code(&op(&app, &author, "unpublishVideo", &id).await),
        "FORBIDDEN"
    );
}

#[tokio::test]
async fn video_input_is_validated_with_the_offending_field() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    for (input, field) in [
        (json!({ "title": "X", "url": "javascript:alert(1)" }), "url"),
        (
            json!({ "title": "X", "url": "data:video/mp4;base64,AAAA" }),
            "url",
        ),
        (
            json!({ "title": "X", "url": "https://www.youtube.com/@thixasonglam" }),
            "url",
        ),
        (
            json!({ "title": "X", "url": YT, "thumbnailUrl": "javascript:x" }),
            "thumbnailUrl",
        ),
        (json!({ "title": "   ", "url": YT }), "title"),
        (
            json!({ "title": "X", "url": YT, "durationSeconds": -5 }),
            "durationSeconds",
        ),
        (
            json!({ "title": "X", "url": YT, "categoryId": "999" }),
            "categoryId",
        ),
        (
            json!({ "title": "X", "url": YT, "slug": "Sai Slug" }),
            "slug",
        ),
    ] {
        let body = app.gql_as(&editor, CREATE, json!({ "i": input })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{input}: {body}");
        assert_eq!(error_field(&body), field, "{input}: {body}");
    }
    let first = app
        .gql_as(
            &editor,
            CREATE,
            json!({ "i": { "title": "Trùng", "url": YT, "slug": "trung" } }),
        )
        .await;
    let id = first["data"]["createVideo"]["id"].clone();
    let taken = app
        .gql_as(
            &editor,
            CREATE,
            json!({ "i": { "title": "Trùng", "url": YT, "slug": "trung" } }),
        )
        .await;
    assert_eq!(error_code(&taken), "CONFLICT");
    assert_eq!(error_field(&taken), "slug");
    // A derived slug steps around the taken one.
    let derived = app
        .gql_as(
            &editor,
            CREATE,
            json!({ "i": { "title": "Trùng", "url": YT } }),
        )
        .await;
    assert_eq!(derived["data"]["createVideo"]["slug"], "trung-2");
    // A stale version is a conflict, and changes nothing.
    let ok = app
        .gql_as(
            &editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "title": "Bản của A" } }),
        )
        .await;
    assert_eq!(ok["data"]["updateVideo"]["version"], 2);
    let stale = app
        .gql_as(
            &editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "title": "Bản của B" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    assert_eq!(error_field(&stale), "version");
    let missing = app
        .gql_as(
            &editor,
            UPDATE,
            json!({ "id": "424242", "i": { "version": 1 } }),
        )
        .await;
    assert_eq!(error_code(&missing), "NOT_FOUND");
    let past = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { publishVideo(id: $id, at: \"2001-01-01T00:00:00Z\") { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_field(&past), "at");
    let big = app
        .gql("{ videos(perPage: 101) { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&big), "BAD_USER_INPUT");
    assert_eq!(error_field(&big), "perPage");
}

const PAGE: &str = "query($n: Int) { videos(perPage: $n) { totalCount items {
  title tags embedUrl thumbnailUrl provider category { name slug parent { name } }
} } }";

async fn statements_for(app: &TestApp, n: usize) -> u64 {
    let before = app.statements().await;
    let body = app.gql(PAGE, json!({ "n": n })).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["videos"]["items"].as_array().map(Vec::len),
        Some(n)
    );
    app.statements().await - before
}

#[tokio::test]
async fn a_page_of_videos_runs_the_same_statements_for_2_or_30_items() {
    let app = TestApp::uncached().await;
    let news = app.category("Video", None).await;
    let sub = app.category("Sự kiện", Some(news)).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    for i in 0..30 {
        let cat = if i % 2 == 0 { news } else { sub };
        let made = app
            .gql_as(
                &editor,
                CREATE,
                json!({ "i": { "title": format!("Video số {i}"), "url": YT, "tags": ["sự kiện", format!("thẻ {i}")], "categoryId": cat.to_string() } }),
            )
            .await;
        op(
            &app,
            &editor,
            "publishVideo",
            &made["data"]["createVideo"]["id"],
        )
        .await;
    }
    // Cold: as after a write, totals and the category tree are read again.
    app.state.changes.bump();
    let small = statements_for(&app, 2).await;
    app.state.changes.bump();
    let large = statements_for(&app, 30).await;
    assert_eq!(small, large, "statements grew with the page size");
    // Warm: totals, per-category counts and the tree come from memory.
    let warm = statements_for(&app, 30).await;
    assert!(warm < large, "{warm} statements warm, {large} cold");
    // count + page + tags + categories
    assert!(large <= 5, "{large} statements for one page");
}

#[tokio::test]
async fn the_demo_site_has_videos_and_albums() {
    let app = TestApp::with_demo().await;
    let d = app
        .data(
            "{ videos(perPage: 50) { totalCount items { provider embedUrl } }
               galleries { totalCount items { title photoCount cover { url } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["videos"]["totalCount"], 7);
    let providers: Vec<&str> = d["videos"]["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["provider"].as_str()).collect())
        .unwrap_or_default();
    for p in ["YOUTUBE", "VIMEO", "FACEBOOK", "FILE"] {
        assert!(providers.contains(&p), "{p} missing from {providers:?}");
    }
    assert_eq!(d["galleries"]["totalCount"], 4);
    assert!(d["galleries"]["items"].as_array().is_some_and(|a| {
        a.iter()
            .all(|g| g["photoCount"].as_i64() > Some(0) && g["cover"]["url"].is_string())
    }));
}
