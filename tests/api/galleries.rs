//! Galleries: the photo library, photos and their order (concurrent
//! reorders included), visibility, articles' media, flat statement counts.

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{Art, TestApp, error_code, error_field, titles};

const REORDER: &str = "mutation($g: ID!, $ids: [ID!]!, $v: Int) { reorderPhotos(galleryId: $g, photoIds: $ids, version: $v) { version photos(perPage: 200) { items { id position } } } }";
const PHOTOS: &str = "query($id: ID) { gallery(id: $id) { version photoCount photos(perPage: 200) { items { id position caption } } } }";

fn s(ids: &[i64]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

/// The gallery's photo ids in order, and their positions.
async fn order(app: &TestApp, token: &str, gallery: i64) -> (Vec<String>, Vec<i64>) {
    let body = app
        .gql_as(token, PHOTOS, json!({ "id": gallery.to_string() }))
        .await;
    let items = body["data"]["gallery"]["photos"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (
        items
            .iter()
            .map(|p| p["id"].as_str().unwrap_or_default().to_owned())
            .collect(),
        items
            .iter()
            .filter_map(|p| p["position"].as_i64())
            .collect(),
    )
}

#[tokio::test]
async fn the_photo_library_lists_albums_with_cover_count_and_paged_photos() {
    let app = TestApp::spawn().await;
    let (festival, photos) = app.gallery("Lễ hội đền Bến Đò", 7, Some(-100)).await;
    app.gallery("Khai giảng năm học", 3, Some(-50)).await;
    app.gallery("Album nháp", 2, None).await;
    app.gallery("Album hẹn giờ", 2, Some(3600)).await;
    let d = app
        .data(
            "{ galleries { totalCount items { title slug photoCount status cover { id url } photos(page: 2, perPage: 3) { totalCount totalPages page hasNextPage items { id position caption width height credit alt } } } } }",
            json!({}),
        )
        .await;
    let g = &d["galleries"];
    assert_eq!(g["totalCount"], 2);
    assert_eq!(
        titles(&g["items"]),
        ["Khai giảng năm học", "Lễ hội đền Bến Đò"]
    );
    let f = &g["items"][1];
    assert_eq!(f["slug"], "le-hoi-den-ben-do");
    assert_eq!(f["photoCount"], 7);
    assert_eq!(f["cover"]["id"], photos[0].to_string());
    let page = &f["photos"];
    assert_eq!(page["totalCount"], 7);
    assert_eq!(page["totalPages"], 3);
    assert_eq!(page["hasNextPage"], true);
    let ids: Vec<&str> = page["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, s(&photos[3..6]));
    assert_eq!(page["items"][0]["position"], 3);
    assert_eq!(page["items"][0]["width"], 1600);
    assert_eq!(page["items"][0]["credit"], "Ảnh: Lê Thảo Nguyên");
    let one = app
        .data(
            "query($id: ID) { gallery(id: $id) { title } bySlug: gallery(slug: \"le-hoi-den-ben-do\") { photoCount } }",
            json!({ "id": festival.to_string() }),
        )
        .await;
    assert_eq!(one["gallery"]["title"], "Lễ hội đền Bến Đò");
    assert_eq!(one["bySlug"]["photoCount"], 7);
    let too_big = app
        .gql(
            "{ galleries { items { photos(perPage: 201) { totalCount } } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&too_big), "BAD_USER_INPUT");
    assert_eq!(error_field(&too_big), "perPage");
}

#[tokio::test]
async fn draft_and_scheduled_galleries_are_hidden_from_the_public_everywhere() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let article = app.article(Art::new("Lễ hội năm nay", cat)).await;
    let (live, _) = app.gallery("Đã đăng", 2, Some(-60)).await;
    let (draft, _) = app.gallery("Bản nháp", 2, None).await;
    let (sched, _) = app.gallery("Hẹn giờ", 2, Some(3600)).await;
    let video_live = app
        .video("Video đã đăng", "https://youtu.be/q7Lm2XaB9cD", Some(-60))
        .await;
    let video_draft = app
        .video("Video nháp", "https://youtu.be/q7Lm2XaB9cD", None)
        .await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let attached = app
        .gql_as(
            &editor,
            "mutation($a: ID!, $g: [ID!], $v: [ID!]) { attachMedia(articleId: $a, galleryIds: $g, videoIds: $v) { id } }",
            json!({ "a": article.to_string(), "g": s(&[draft, live, sched]), "v": s(&[video_draft, video_live]) }),
        )
        .await;
    assert!(attached.get("errors").is_none(), "{attached}");
    let q = "query($a: ID, $d: ID, $s: ID) {
        galleries { totalCount items { title } }
        draft: gallery(id: $d) { title } sched: gallery(id: $s) { title }
        article(id: $a) { galleries { title } videos { title } }
        articles { items { galleries { title } videos { title } } } }";
    let vars = json!({ "a": article.to_string(), "d": draft.to_string(), "s": sched.to_string() });
    let public = app.data(q, vars.clone()).await;
    assert_eq!(titles(&public["galleries"]["items"]), ["Đã đăng"]);
    assert_eq!(public["draft"], Value::Null);
    assert_eq!(public["sched"], Value::Null);
    assert_eq!(titles(&public["article"]["galleries"]), ["Đã đăng"]);
    assert_eq!(titles(&public["article"]["videos"]), ["Video đã đăng"]);
    assert_eq!(
        titles(&public["articles"]["items"][0]["galleries"]),
        ["Đã đăng"]
    );
    // Editors previewing the article see everything attached, in order.
    let seen = app.gql_as(&editor, q, vars).await;
    assert_eq!(
        titles(&seen["data"]["article"]["galleries"]),
        ["Bản nháp", "Đã đăng", "Hẹn giờ"]
    );
    assert_eq!(
        titles(&seen["data"]["article"]["videos"]),
        ["Video nháp", "Video đã đăng"]
    );
}

#[tokio::test]
async fn the_galleries_connection_scrolls_public_albums_newest_first() {
    let app = TestApp::spawn().await;
    for i in 0..4 {
        app.gallery(&format!("Album {i}"), 2, Some(-1000 + i * 10))
            .await;
    }
    app.gallery("Album nháp", 1, None).await;
    app.gallery("Album hẹn giờ", 1, Some(3600)).await;
    let q = "query($a: String) { galleriesConnection(first: 3, after: $a) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { title photoCount cover { url } } } nodes { title } } }";
    let first = app.data(q, json!({ "a": null })).await;
    let c = &first["galleriesConnection"];
    assert_eq!(c["totalCount"], 4, "{c}");
    assert_eq!(titles(&c["nodes"]), ["Album 3", "Album 2", "Album 1"]);
    assert_eq!(c["edges"][0]["node"]["photoCount"], 2);
    assert!(c["edges"][0]["node"]["cover"]["url"].is_string(), "{c}");
    assert_eq!(c["pageInfo"]["hasNextPage"], true);
    assert_eq!(c["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(c["pageInfo"]["endCursor"], c["edges"][2]["cursor"]);
    let next = app
        .data(q, json!({ "a": c["pageInfo"]["endCursor"] }))
        .await;
    let n = &next["galleriesConnection"];
    assert_eq!(titles(&n["nodes"]), ["Album 0"]);
    assert_eq!(n["pageInfo"]["hasNextPage"], false);
    assert_eq!(n["pageInfo"]["hasPreviousPage"], true);
    let last = app
        .data(
            "{ galleriesConnection(last: 2) { nodes { title } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        titles(&last["galleriesConnection"]["nodes"]),
        ["Album 1", "Album 0"]
    );
    let bad = app
        .gql(
            "{ galleriesConnection(first: 2, after: \"not-a-cursor\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT", "{bad}");
}

#[tokio::test]
async fn media_are_attached_to_and_detached_from_articles_by_who_may_edit_them() {
    let app = TestApp::spawn().await;
    let cat = app.category("Tin tức", None).await;
    let article = app.article(Art::new("Bài có album", cat)).await;
    let (g1, _) = app.gallery("Album 1", 1, Some(-60)).await;
    let (g2, _) = app.gallery("Album 2", 1, Some(-60)).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let author = app.user_token("tacgia", Role::Author).await;
    let attach = "mutation($a: ID!, $g: [ID!], $v: [ID!]) { attachMedia(articleId: $a, galleryIds: $g, videoIds: $v) { galleries { title } } }";
    let a = article.to_string();
    let anon = app.gql(attach, json!({ "a": a, "g": s(&[g1]) })).await;
    assert_eq!(error_code(&anon), "UNAUTHENTICATED");
    let forbidden = app
        .gql_as(&author, attach, json!({ "a": a, "g": s(&[g1]) }))
        .await;
    assert_eq!(error_code(&forbidden), "FORBIDDEN");
    let unknown = app
        .gql_as(&editor, attach, json!({ "a": a, "v": ["999"] }))
        .await;
    assert_eq!(error_code(&unknown), "BAD_USER_INPUT");
    assert_eq!(error_field(&unknown), "videoIds");
    let no_article = app
        .gql_as(&editor, attach, json!({ "a": "999", "g": s(&[g1]) }))
        .await;
    assert_eq!(error_code(&no_article), "NOT_FOUND");
    app.gql_as(&editor, attach, json!({ "a": a, "g": s(&[g2]) }))
        .await;
    // Attaching again keeps the first place; new ones go after.
    let both = app
        .gql_as(&editor, attach, json!({ "a": a, "g": s(&[g1, g2]) }))
        .await;
    assert_eq!(
        titles(&both["data"]["attachMedia"]["galleries"]),
        ["Album 2", "Album 1"]
    );
    let detached = app
        .gql_as(
            &editor,
            "mutation($a: ID!, $g: [ID!]) { detachMedia(articleId: $a, galleryIds: $g) { galleries { title } } }",
            json!({ "a": a, "g": s(&[g2]) }),
        )
        .await;
    assert_eq!(
        titles(&detached["data"]["detachMedia"]["galleries"]),
        ["Album 1"]
    );
    // Deleting a gallery takes it out of the article too.
    app.gql_as(
        &editor,
        "mutation($id: ID!) { deleteGallery(id: $id) }",
        json!({ "id": g1.to_string() }),
    )
    .await;
    let d = app
        .data(
            "query($a: ID) { article(id: $a) { galleries { title } } }",
            json!({ "a": a }),
        )
        .await;
    assert_eq!(d["article"]["galleries"], json!([]));
}

#[tokio::test]
async fn an_editor_manages_a_gallery_from_draft_to_deletion() {
    let app = TestApp::spawn().await;
    let cat = app.category("Văn hóa", None).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let made = app
        .gql_as(
            &editor,
            "mutation($i: CreateGalleryInput!) { createGallery(input: $i) { id slug status version photoCount cover { url } category { name } } }",
            json!({ "i": { "title": "Hội thi gói bánh chưng", "categoryId": cat.to_string(), "photos": [
                { "url": "https://anh.songlam.gov.vn/banh-chung/1.jpg", "caption": "Chuẩn bị lá dong", "width": 1600, "height": 1067 },
                { "url": "https://anh.songlam.gov.vn/banh-chung/2.jpg", "caption": "Gói bánh" }
            ] } }),
        )
        .await;
    let g = &made["data"]["createGallery"];
    assert_eq!(g["slug"], "hoi-thi-goi-banh-chung", "{made}");
    assert_eq!(g["status"], "DRAFT");
    assert_eq!(g["photoCount"], 2);
    assert_eq!(
        g["cover"]["url"],
        "https://anh.songlam.gov.vn/banh-chung/1.jpg"
    );
    assert_eq!(g["category"]["name"], "Văn hóa");
    let id = g["id"].clone();
    let added = app
        .gql_as(
            &editor,
            "mutation($g: ID!, $p: [PhotoInput!]!) { addPhotos(galleryId: $g, photos: $p) { id position url } }",
            json!({ "g": id, "p": [
                { "url": "https://anh.songlam.gov.vn/banh-chung/3.jpg", "credit": "Ảnh: Hoàng Minh Đức" },
                { "url": "https://anh.songlam.gov.vn/banh-chung/4.jpg" }
            ] }),
        )
        .await;
    let new = added["data"]["addPhotos"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(new.len(), 2, "{added}");
    assert_eq!(new[0]["position"], 2);
    assert_eq!(new[1]["position"], 3);
    let third = new[0]["id"].clone();
    let edited = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { updatePhoto(id: $id, input: { caption: \"Luộc bánh qua đêm\", alt: \"Nồi bánh chưng trên bếp củi\", credit: null }) { caption alt credit position } }",
            json!({ "id": third }),
        )
        .await;
    assert_eq!(
        edited["data"]["updatePhoto"]["caption"],
        "Luộc bánh qua đêm"
    );
    assert_eq!(edited["data"]["updatePhoto"]["credit"], Value::Null);
    // Each photo change bumped the version: 1 + add + update.
    let v = app.gql_as(&editor, PHOTOS, json!({ "id": id })).await["data"]["gallery"]["version"]
        .clone();
    assert_eq!(v, 3);
    let cover = app
        .gql_as(
            &editor,
            "mutation($id: ID!, $c: ID) { updateGallery(id: $id, input: { version: 3, title: \"Hội thi gói bánh chưng 2026\", coverPhotoId: $c }) { title version cover { id } slug } }",
            json!({ "id": id, "c": third }),
        )
        .await;
    let u = &cover["data"]["updateGallery"];
    assert_eq!(u["cover"]["id"], third, "{cover}");
    assert_eq!(u["version"], 4);
    let removed = app
        .gql_as(
            &editor,
            "mutation($g: ID!, $p: [ID!]!) { removePhotos(galleryId: $g, photoIds: $p) { photoCount cover { position } photos { items { position } } } }",
            json!({ "g": id, "p": [third] }),
        )
        .await;
    let r = &removed["data"]["removePhotos"];
    assert_eq!(r["photoCount"], 3, "{removed}");
    // The chosen cover went with its photo: back to the first.
    assert_eq!(r["cover"]["position"], 0);
    assert_eq!(
        r["photos"]["items"],
        json!([{ "position": 0 }, { "position": 1 }, { "position": 2 }])
    );
    let published = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { publishGallery(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(published["data"]["publishGallery"]["status"], "PUBLISHED");
    let public = app
        .data(
            "query($id: ID) { gallery(id: $id) { photoCount } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(public["gallery"]["photoCount"], 3);
    let unpublished = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { unpublishGallery(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(unpublished["data"]["unpublishGallery"]["status"], "DRAFT");
    let archived = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { archiveGallery(id: $id) { status } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(archived["data"]["archiveGallery"]["status"], "ARCHIVED");
    let deleted = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { deleteGallery(id: $id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(deleted["data"]["deleteGallery"], id);
    let gone = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { updatePhoto(id: $id, input: { caption: \"x\" }) { id } }",
            json!({ "id": new[1]["id"] }),
        )
        .await;
    assert_eq!(error_code(&gone), "NOT_FOUND");
}

#[tokio::test]
async fn gallery_and_photo_mutations_reject_bad_input_roles_and_stale_versions() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let author = app.user_token("tacgia", Role::Author).await;
    let (g, photos) = app.gallery("Album của hệ thống", 2, Some(-10)).await;
    let gid = g.to_string();
    let add =
        "mutation($g: ID!, $p: [PhotoInput!]!) { addPhotos(galleryId: $g, photos: $p) { id } }";
    let anon = app
        .gql(
            add,
            json!({ "g": gid, "p": [{ "url": "https://a.vn/1.jpg" }] }),
        )
        .await;
    assert_eq!(error_code(&anon), "UNAUTHENTICATED");
    let author_add = app
        .gql_as(
            &author,
            add,
            json!({ "g": gid, "p": [{ "url": "https://a.vn/1.jpg" }] }),
        )
        .await;
    assert_eq!(error_code(&author_add), "FORBIDDEN");
    // One bad photo refuses the whole call: nothing is added.
    let bad = app
        .gql_as(
            &editor,
            add,
            json!({ "g": gid, "p": [{ "url": "https://a.vn/1.jpg" }, { "url": "javascript:alert(1)" }] }),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(error_field(&bad), "photos.url");
    assert!(
        bad["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("photo 2:"))
    );
    for (p, field) in [
        (json!({ "url": "data:image/png;base64,AAAA" }), "photos.url"),
        (
            json!({ "url": "https://a.vn/1.jpg", "width": 0 }),
            "photos.width",
        ),
        (
            json!({ "url": "https://a.vn/1.jpg", "alt": "a".repeat(501) }),
            "photos.alt",
        ),
    ] {
        let body = app
            .gql_as(&editor, add, json!({ "g": gid, "p": [p] }))
            .await;
        assert_eq!(error_field(&body), field, "{body}");
    }
    let none = app.gql_as(&editor, add, json!({ "g": gid, "p": [] })).await;
    assert_eq!(error_field(&none), "photos");
    let missing = app
        .gql_as(
            &editor,
            add,
            json!({ "g": "999", "p": [{ "url": "https://a.vn/1.jpg" }] }),
        )
        .await;
    assert_eq!(error_code(&missing), "NOT_FOUND");
    let (ids, _) = order(&app, &editor, g).await;
    assert_eq!(ids, s(&photos));
    let url = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { updatePhoto(id: $id, input: { url: \"javascript:x\" }) { id } }",
            json!({ "id": photos[0].to_string() }),
        )
        .await;
    assert_eq!(error_field(&url), "url");
    let foreign = app
        .gql_as(
            &editor,
            "mutation($g: ID!, $p: [ID!]!) { removePhotos(galleryId: $g, photoIds: $p) { id } }",
            json!({ "g": gid, "p": ["999"] }),
        )
        .await;
    assert_eq!(error_field(&foreign), "photoIds");
    let (other, other_photos) = app.gallery("Album khác", 1, None).await;
    let cover = app
        .gql_as(
            &editor,
            "mutation($id: ID!, $c: ID) { updateGallery(id: $id, input: { version: 1, coverPhotoId: $c }) { id } }",
            json!({ "id": other.to_string(), "c": photos[0].to_string() }),
        )
        .await;
    assert_eq!(error_field(&cover), "coverPhotoId");
    let stale = app
        .gql_as(
            &editor,
            "mutation($id: ID!) { updateGallery(id: $id, input: { version: 1, title: \"Cũ\" }) { id } }",
            json!({ "id": gid }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    assert_eq!(error_field(&stale), "version");
    let author_publish = app
        .gql_as(
            &author,
            "mutation($id: ID!) { publishGallery(id: $id) { id } }",
            json!({ "id": other.to_string() }),
        )
        .await;
    assert_eq!(error_code(&author_publish), "FORBIDDEN");
    assert_eq!(other_photos.len(), 1);
}

#[tokio::test]
async fn reorder_photos_puts_the_album_in_the_given_order() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let (g, photos) = app.gallery("Album sắp xếp", 5, Some(-10)).await;
    let wanted = [photos[4], photos[0], photos[3], photos[1], photos[2]];
    // Version 2: created, then published.
    let body = app
        .gql_as(
            &editor,
            REORDER,
            json!({ "g": g.to_string(), "ids": s(&wanted), "v": 2 }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["reorderPhotos"]["version"], 3);
    let (ids, positions) = order(&app, &editor, g).await;
    assert_eq!(ids, s(&wanted));
    assert_eq!(positions, [0, 1, 2, 3, 4]);
    let cover = app
        .data(
            "query($id: ID) { gallery(id: $id) { cover { id } } }",
            json!({ "id": g.to_string() }),
        )
        .await;
    assert_eq!(cover["gallery"]["cover"]["id"], photos[4].to_string());
    // The old version is now stale.
    let stale = app
        .gql_as(
            &editor,
            REORDER,
            json!({ "g": g.to_string(), "ids": s(&photos), "v": 2 }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    assert_eq!(order(&app, &editor, g).await.0, s(&wanted));
}

#[tokio::test]
async fn reorder_photos_rejects_a_list_that_is_not_exactly_the_album() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let author = app.user_token("tacgia", Role::Author).await;
    let (g, p) = app.gallery("Album", 3, Some(-10)).await;
    let (_, other) = app.gallery("Album khác", 1, Some(-10)).await;
    let gid = g.to_string();
    for (list, why) in [
        (vec![p[0], p[1]], "missing"),
        (vec![p[0], p[1], p[2], other[0]], "extra"),
        (vec![p[0], p[1], p[1]], "duplicate"),
        (vec![p[0], p[1], p[2], p[2]], "duplicate at the end"),
        (vec![], "empty"),
    ] {
        let body = app
            .gql_as(&editor, REORDER, json!({ "g": gid, "ids": s(&list) }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{why}: {body}");
        assert_eq!(error_field(&body), "photoIds", "{why}");
    }
    let garbage = app
        .gql_as(&editor, REORDER, json!({ "g": gid, "ids": ["abc"] }))
        .await;
    assert_eq!(error_field(&garbage), "photoIds");
    let anon = app.gql(REORDER, json!({ "g": gid, "ids": s(&p) })).await;
    assert_eq!(error_code(&anon), "UNAUTHENTICATED");
    let forbidden = app
        .gql_as(&author, REORDER, json!({ "g": gid, "ids": s(&p) }))
        .await;
    assert_eq!(error_code(&forbidden), "FORBIDDEN");
    let missing = app
        .gql_as(&editor, REORDER, json!({ "g": "999", "ids": s(&p) }))
        .await;
    assert_eq!(error_code(&missing), "NOT_FOUND");
    // Nothing moved, and the version did not change.
    let (ids, positions) = order(&app, &editor, g).await;
    assert_eq!(ids, s(&p));
    assert_eq!(positions, [0, 1, 2]);
    let v = app.gql_as(&editor, PHOTOS, json!({ "id": gid })).await;
    assert_eq!(
        v["data"]["gallery"]["version"], 2,
        "created, then published"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reorders_serialize_and_leave_one_complete_order() {
    let app = TestApp::spawn().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let (g, p) = app.gallery("Album đông người sửa", 8, Some(-10)).await;
    let orders: Vec<Vec<i64>> = vec![
        p.iter().rev().copied().collect(),
        p.iter().skip(4).chain(p.iter().take(4)).copied().collect(),
        p.iter()
            .step_by(2)
            .chain(p.iter().skip(1).step_by(2))
            .copied()
            .collect(),
        vec![p[3], p[1], p[7], p[5], p[0], p[2], p[6], p[4]],
        p.clone(),
        vec![p[7], p[0], p[6], p[1], p[5], p[2], p[4], p[3]],
    ];
    let gid = g.to_string();
    let base =
        app.gql_as(&editor, PHOTOS, json!({ "id": gid })).await["data"]["gallery"]["version"]
            .as_i64()
            .unwrap_or_default();
    let call = |o: &Vec<i64>| app.gql_as(&editor, REORDER, json!({ "g": gid, "ids": s(o) }));
    let results = tokio::join!(
        call(&orders[0]),
        call(&orders[1]),
        call(&orders[2]),
        call(&orders[3]),
        call(&orders[4]),
        call(&orders[5]),
    );
    let results = [
        results.0, results.1, results.2, results.3, results.4, results.5,
    ];
    let mut ok: i64 = 0;
    for r in &results {
        match r.get("errors") {
            None => ok += 1,
            // Losing a race cleanly is allowed; anything else is not.
            Some(_) => assert_eq!(error_code(r), "CONFLICT", "{r}"),
        }
    }
    assert!(ok >= 1, "no reorder succeeded: {results:?}");
    let (ids, positions) = order(&app, &editor, g).await;
    assert_eq!(positions, (0..8).collect::<Vec<i64>>());
    assert!(
        orders.iter().any(|o| s(o) == ids),
        "final order {ids:?} is none of the submitted ones"
    );
    // Every successful reorder bumped the version exactly once.
    let v = app.gql_as(&editor, PHOTOS, json!({ "id": gid })).await;
    assert_eq!(v["data"]["gallery"]["version"], base + ok);

    // With the version they started from, only one of several can win.
    let results = tokio::join!(
        app.gql_as(
            &editor,
            REORDER,
            json!({ "g": gid, "ids": s(&orders[0]), "v": base + ok })
        ),
        app.gql_as(
            &editor,
            REORDER,
            json!({ "g": gid, "ids": s(&orders[1]), "v": base + ok })
        ),
        app.gql_as(
            &editor,
            REORDER,
            json!({ "g": gid, "ids": s(&orders[2]), "v": base + ok })
        ),
    );
    let results = [results.0, results.1, results.2];
    let winners = results.iter().filter(|r| r.get("errors").is_none()).count();
    assert_eq!(winners, 1, "{results:?}");
    for r in results.iter().filter(|r| r.get("errors").is_some()) {
        assert_eq!(error_code(r), "CONFLICT", "{r}");
    }
    let (ids, positions) = order(&app, &editor, g).await;
    assert_eq!(positions, (0..8).collect::<Vec<i64>>());
    assert!(orders[..3].iter().any(|o| s(o) == ids));
}

const PAGE: &str = "query($n: Int) { galleries(perPage: $n) { totalCount items {
  title photoCount cover { url caption } category { name slug parent { name } }
  photos(perPage: 3) { totalCount items { url position } }
} } }";

async fn statements_for(app: &TestApp, n: usize) -> u64 {
    let before = app.statements().await;
    let body = app.gql(PAGE, json!({ "n": n })).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        body["data"]["galleries"]["items"].as_array().map(Vec::len),
        Some(n)
    );
    app.statements().await - before
}

#[tokio::test]
async fn a_page_of_galleries_runs_the_same_statements_for_2_or_25_items() {
    let app = TestApp::uncached().await;
    let top = app.category("Thư viện ảnh", None).await;
    let sub = app.category("Sự kiện", Some(top)).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    for i in 0..25 {
        let (g, photos) = app
            .gallery(&format!("Album số {i}"), 1 + i % 5, Some(-100 - i as i64))
            .await;
        let cat = if i % 2 == 0 { top } else { sub };
        let version = app
            .gql_as(&editor, PHOTOS, json!({ "id": g.to_string() }))
            .await["data"]["gallery"]["version"]
            .clone();
        let cover = if i % 3 == 0 {
            json!(photos.last().map(ToString::to_string))
        } else {
            Value::Null
        };
        let r = app
            .gql_as(
                &editor,
                "mutation($id: ID!, $v: Int!, $c: ID, $cat: ID) { updateGallery(id: $id, input: { version: $v, categoryId: $cat, coverPhotoId: $c }) { id } }",
                json!({ "id": g.to_string(), "v": version, "c": cover, "cat": cat.to_string() }),
            )
            .await;
        assert!(r.get("errors").is_none(), "{r}");
    }
    // Cold: as after a write, totals and the category tree are read again.
    app.state.changes.bump();
    let small = statements_for(&app, 2).await;
    app.state.changes.bump();
    let large = statements_for(&app, 25).await;
    assert_eq!(small, large, "statements grew with the page size");
    // Warm: totals, per-category counts and the tree come from memory.
    let warm = statements_for(&app, 25).await;
    assert!(warm < large, "{warm} statements warm, {large} cold");
    // count + page + covers + counts + photos + categories
    assert!(large <= 7, "{large} statements for one page");
}
