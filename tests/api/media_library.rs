//! The media library: uploads by the GraphQL multipart convention and by
//! plain HTTP, checked by their bytes, cleaned of metadata, resized,
//! stored once, served with long-lived cache headers and ranges.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{Response, TestApp, TestDb, error_code, error_field};

/// The app with its media library on local files, or, when
/// `BANTIN_TEST_S3_ENDPOINT` names an S3-compatible server (scripts/s3-check
/// starts one), in a fresh bucket there: the same tests pass on both.
async fn media_app() -> TestApp {
    let db = TestDb::new().await;
    let mut config = bantin::config::Config::for_database(db.url.clone());
    if let Ok(endpoint) = std::env::var("BANTIN_TEST_S3_ENDPOINT") {
        let bucket = format!("bantin-{}", rand::random::<u32>());
        let made = reqwest::Client::new()
            .put(format!("{endpoint}/{bucket}"))
            .send()
            .await
            .expect("the S3 server answers");
        assert!(made.status().is_success(), "bucket: {}", made.status());
        config.media.store = bantin::config::MediaStoreConfig::S3(bantin::config::S3Config {
            bucket,
            prefix: "portal".into(),
            endpoint: Some(endpoint),
            region: "us-east-1".into(),
            access_key_id: Some("test".into()),
            secret_access_key: Some("test".into()),
            allow_http: true,
        });
    }
    TestApp::with_config(db, config).await
}

const FIELDS: &str = "id url kind mimeType bytes width height filename alt caption credit placeholder dominantColor variants { url width height format } srcset createdAt uploadedBy { name }";

/// A JPEG `w` × `h` pixels (a gradient) with EXIF saying: rotate 90°
/// clockwise to show, and a GPS latitude of 21° 1' 30.12" N.
fn photo_with_gps(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: orientation 6, and where the GPS directory is (offset 38).
    tiff.extend([0, 2]);
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend([0, 0, 0, 0]);
    // GPS: latitude reference N, latitude at offset 68.
    tiff.extend([0, 2]);
    tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 68]);
    tiff.extend([0, 0, 0, 0]);
    for (num, den) in [(21u32, 1u32), (1, 1), (3012, 100)] {
        tiff.extend(num.to_be_bytes());
        tiff.extend(den.to_be_bytes());
    }
    assert_eq!(tiff.len(), 92);
    let mut app1 = vec![0xff, 0xe1];
    app1.extend(u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// The GPS latitude's seconds as stored: found in no served file.
const GPS_MARK: [u8; 8] = [0, 0, 0x0b, 0xc4, 0, 0, 0, 0x64];

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A GraphQL multipart request (the convention apollo-upload-client uses).
async fn upload(
    app: &TestApp,
    token: Option<&str>,
    name: &str,
    bytes: &[u8],
    extra: &str,
) -> Response {
    let boundary = "----bantin-test-boundary";
    let ops = json!({
        "query": format!("mutation($f: Upload!) {{ uploadMedia(file: $f{extra}) {{ {FIELDS} }} }}"),
        "variables": { "f": null }
    });
    let mut body = Vec::new();
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{ops}\r\n"
        )
        .as_bytes(),
    );
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\": [\"variables.f\"]}}\r\n").as_bytes());
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = Request::post("/graphql").header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    app.request(req.body(Body::from(body)).unwrap()).await
}

fn path_of(url: &Value) -> String {
    let url = url.as_str().unwrap();
    url[url.find("/media/").unwrap()..].to_owned()
}

/// Every stored file, with its bytes (read back through the store, local
/// or S3).
async fn stored_files(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    let store = &app.state.media;
    let mut out = Vec::new();
    for key in store.keys().await.unwrap() {
        let file = store.get(&key, None).await.unwrap().unwrap();
        out.push((key, file.bytes.to_vec()));
    }
    out
}

#[tokio::test]
async fn a_phone_photo_is_stored_upright_without_gps_with_variants_and_once() {
    let app = media_app().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let photo = photo_with_gps(800, 400);
    assert!(contains(&photo, &GPS_MARK) && contains(&photo, b"Exif"));

    let r = upload(
        &app,
        Some(&editor),
        "IMG_2041.jpg",
        &photo,
        ", alt: \"Cầu Sông Lam\", credit: \"Phóng viên\"",
    )
    .await;
    assert!(r.body.get("errors").is_none(), "{}", r.text);
    let a = r.body["data"]["uploadMedia"].clone();
    assert_eq!(a["kind"], "IMAGE");
    assert_eq!(a["mimeType"], "image/jpeg");
    // Turned upright by its EXIF orientation.
    assert_eq!(
        (a["width"].clone(), a["height"].clone()),
        (json!(400), json!(800)),
        "{a}"
    );
    assert_eq!(a["alt"], "Cầu Sông Lam");
    assert_eq!(a["filename"], "IMG_2041.jpg");
    assert_eq!(a["uploadedBy"]["name"], "bientap");
    assert!(
        a["placeholder"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
    assert!(a["dominantColor"].as_str().unwrap().starts_with('#'));
    // Narrower than the original only: 320 px, as WebP and JPEG.
    let variants = a["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 2, "{a}");
    assert!(
        variants
            .iter()
            .all(|v| v["width"] == 320 && v["height"] == 640)
    );
    let formats: Vec<&str> = variants
        .iter()
        .map(|v| v["format"].as_str().unwrap())
        .collect();
    assert!(
        formats.contains(&"webp") && formats.contains(&"jpeg"),
        "{formats:?}"
    );
    let srcset = a["srcset"].as_str().unwrap();
    assert!(
        srcset.ends_with(" 400w") && srcset.contains(".webp 320w"),
        "{srcset}"
    );

    // No stored file keeps the metadata.
    let files = stored_files(&app).await;
    assert_eq!(files.len(), 3, "original and two variants");
    for (name, bytes) in &files {
        assert!(!contains(bytes, b"Exif"), "{name} keeps EXIF");
        assert!(!contains(bytes, &GPS_MARK), "{name} keeps the GPS position");
    }

    // Served as it should be, to anyone.
    let path = path_of(&a["url"]);
    let got = app.get(&path, "*/*").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.headers["content-type"], "image/jpeg");
    assert_eq!(
        got.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(got.headers["x-content-type-options"], "nosniff");
    assert_eq!(
        got.headers["content-length"],
        got.raw.len().to_string().as_str()
    );
    let decoded = image::load_from_memory(&got.raw).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (400, 800));
    let etag = got.headers["etag"].to_str().unwrap().to_owned();
    let again = app
        .request(
            Request::get(&path)
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, 304);
    let webp = variants.iter().find(|v| v["format"] == "webp").unwrap();
    let got = app.get(&path_of(&webp["url"]), "*/*").await;
    assert_eq!(got.headers["content-type"], "image/webp");
    assert_eq!(image::load_from_memory(&got.raw).unwrap().width(), 320);

    // A cover by its library id: the URL, the alt text and the sizes follow.
    let cat = app.category("Giao thông", None).await;
    let made = app
        .gql_as(
            &editor,
            "mutation($c: ID!, $m: ID!) { createArticle(input: { title: \"Thông xe cầu\", body: \"<p>x</p>\", categoryId: $c, coverImage: { mediaId: $m } }) { coverImage { url alt width placeholder } } }",
            json!({ "c": cat.to_string(), "m": a["id"] }),
        )
        .await;
    let cover = made["data"]["createArticle"]["coverImage"].clone();
    assert_eq!(cover["url"], a["url"], "{made}");
    assert_eq!(cover["alt"], "Cầu Sông Lam");
    assert_eq!(cover["width"], 400);
    assert!(cover["placeholder"].is_string());
    let both = app
        .gql_as(
            &editor,
            "mutation($c: ID!, $m: ID!) { createArticle(input: { title: \"Sai\", body: \"<p>x</p>\", categoryId: $c, coverImage: { mediaId: $m, url: \"https://a.vn/b.jpg\" } }) { id } }",
            json!({ "c": cat.to_string(), "m": a["id"] }),
        )
        .await;
    assert_eq!(error_code(&both), "BAD_USER_INPUT", "{both}");

    // The same file again: a second entry, one copy of the files.
    let r = upload(&app, Some(&editor), "copy.jpg", &photo, "").await;
    let b = r.body["data"]["uploadMedia"].clone();
    assert_ne!(b["id"], a["id"]);
    assert_eq!(b["url"], a["url"]);
    assert_eq!(stored_files(&app).await.len(), 3);
    let listed = app
        .gql_as(
            &editor,
            "{ media(filter: { q: \"Cầu\" }) { totalCount items { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["data"]["media"]["totalCount"], 1, "{listed}");
    // The picker's infinite scroll: newest first, a page at a time.
    let conn = "query($a: String) { mediaConnection(first: 1, after: $a) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }";
    let one = app.gql_as(&editor, conn, json!({})).await["data"]["mediaConnection"].clone();
    assert_eq!(one["totalCount"], 2, "{one}");
    assert_eq!(one["edges"][0]["node"]["id"], b["id"]);
    assert_eq!(one["pageInfo"]["hasNextPage"], true);
    let two = app
        .gql_as(&editor, conn, json!({ "a": one["pageInfo"]["endCursor"] }))
        .await["data"]["mediaConnection"]
        .clone();
    assert_eq!(two["edges"][0]["node"]["id"], a["id"], "{two}");
    assert_eq!(two["pageInfo"]["hasNextPage"], false);
    let public = app.gql(conn, json!({})).await;
    assert_eq!(error_code(&public), "UNAUTHENTICATED");
}

/// A PNG header claiming `w` × `h` pixels (valid up to its IHDR).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc.sum().to_be_bytes());
    // An empty IDAT and the IEND: a whole file, only its size is wrong.
    for chunk in [&b"IDAT"[..], &b"IEND"[..]] {
        png.extend(0u32.to_be_bytes());
        png.extend(chunk);
        let mut crc = flate2::Crc::new();
        crc.update(chunk);
        png.extend(crc.sum().to_be_bytes());
    }
    png
}

#[tokio::test]
async fn wrong_damaged_and_huge_files_are_refused_and_nothing_is_stored() {
    let app = media_app().await;
    let author = app.user_token("tacgia", Role::Author).await;
    let photo = photo_with_gps(300, 200);
    for (name, bytes) in [
        ("bao-cao.jpg", b"Day la van ban, khong phai anh.".to_vec()),
        ("cat-doi.jpg", photo[..photo.len() / 3].to_vec()),
        ("khong-lo.png", png_header(50_000, 50_000)),
        (
            "hinh.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec(),
        ),
    ] {
        let started = std::time::Instant::now();
        let r = upload(&app, Some(&author), name, &bytes, "").await;
        assert_eq!(error_code(&r.body), "BAD_USER_INPUT", "{name}: {}", r.text);
        assert_eq!(error_field(&r.body), "file", "{name}: {}", r.text);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{name}"
        );
    }
    assert!(stored_files(&app).await.is_empty());
    let listed = app
        .gql_as(&author, "{ media { totalCount } }", json!({}))
        .await;
    assert_eq!(listed["data"]["media"]["totalCount"], 0);
    // Without a token a multipart request is refused outright.
    let r = upload(&app, None, "a.jpg", &photo, "").await;
    assert_eq!(r.status, 401);
    assert_eq!(error_code(&r.body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn authors_keep_to_their_files_and_files_in_use_need_force() {
    let app = media_app().await;
    let mine = app.user_token("tacgia1", Role::Author).await;
    let other = app.user_token("tacgia2", Role::Author).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let a = upload(&app, Some(&mine), "a.jpg", &photo_with_gps(640, 480), "")
        .await
        .body["data"]["uploadMedia"]
        .clone();
    let del = "mutation($id: ID!, $f: Boolean) { deleteMedia(id: $id, force: $f) }";
    let r = app.gql_as(&other, del, json!({ "id": a["id"] })).await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");
    let r = app
        .gql_as(
            &other,
            "mutation($id: ID!) { updateMedia(id: $id, input: { alt: \"x\" }) { id } }",
            json!({ "id": a["id"] }),
        )
        .await;
    assert_eq!(error_code(&r), "FORBIDDEN", "{r}");

    // Used as a cover: shown with its size and srcset; deleting needs force.
    let cat = app.category("Thời sự", None).await;
    let made = app
        .gql_as(
            &editor,
            "mutation($c: ID!, $u: String!) { createArticle(input: { title: \"Cầu mới\", body: \"<p>x</p>\", categoryId: $c, coverImage: { url: $u, alt: \"Cầu\" } }) { id coverImage { url width height srcset variants { width format } } } }",
            json!({ "c": cat.to_string(), "u": a["url"] }),
        )
        .await;
    let cover = made["data"]["createArticle"]["coverImage"].clone();
    // Upright: the EXIF turned it a quarter.
    assert_eq!(cover["width"], 480, "{made}");
    assert_eq!(cover["height"], 640);
    assert!(
        cover["srcset"].as_str().unwrap().contains("320w"),
        "{cover}"
    );
    let r = app.gql_as(&editor, del, json!({ "id": a["id"] })).await;
    assert_eq!(error_code(&r), "CONFLICT", "{r}");
    assert_eq!(app.get(&path_of(&a["url"]), "*/*").await.status, 200);
    let r = app
        .gql_as(&editor, del, json!({ "id": a["id"], "f": true }))
        .await;
    assert!(r.get("errors").is_none(), "{r}");
    assert_eq!(app.get(&path_of(&a["url"]), "*/*").await.status, 404);
    assert!(stored_files(&app).await.is_empty());
}

#[tokio::test]
async fn documents_upload_over_plain_http_and_download_in_ranges() {
    let app = media_app().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        .to_vec();
    let boundary = "xyz123";
    let mut body = Vec::new();
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nQuyết định số 12/QĐ-UBND\r\n").as_bytes());
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"quyet-dinh.pdf\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend(&pdf);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = |token: Option<&str>| {
        let mut r = Request::post("/api/media").header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        r.body(Body::from(body.clone())).unwrap()
    };
    assert_eq!(app.request(req(None)).await.status, 401);
    assert_eq!(app.request(req(Some("not-a-token"))).await.status, 401);
    let r = app.request(req(Some(&editor))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["kind"], "DOCUMENT");
    assert_eq!(r.body["mimeType"], "application/pdf");
    assert_eq!(r.body["caption"], "Quyết định số 12/QĐ-UBND");
    let path = path_of(&r.body["url"]);
    let part = app
        .request(
            Request::get(&path)
                .header(header::RANGE, "bytes=0-3")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(part.status, 206);
    assert_eq!(part.raw, b"%PDF");
    assert_eq!(
        part.headers["content-range"],
        format!("bytes 0-3/{}", pdf.len()).as_str()
    );
    assert!(
        part.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let whole = app.get(&path, "*/*").await;
    assert_eq!(whole.raw, pdf);
    let beyond = app
        .request(
            Request::get(&path)
                .header(header::RANGE, "bytes=9999-")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(beyond.status, 416);
    assert_eq!(
        beyond.headers["content-range"],
        format!("bytes */{}", pdf.len()).as_str()
    );
    assert!(beyond.headers.get("cache-control").is_none());
    let tail = app
        .request(
            Request::get(&path)
                .header(header::RANGE, "bytes=-6")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.raw, b"%%EOF\n");
    // A malformed range is ignored: the whole file.
    let odd = app
        .request(
            Request::get(&path)
                .header(header::RANGE, "bytes=9-3")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(odd.status, 200);
    assert_eq!(odd.raw, pdf);
    let head = app
        .request(Request::head(&path).body(Body::empty()).unwrap())
        .await;
    assert_eq!(head.status, 200);
    assert_eq!(
        head.headers["content-length"],
        pdf.len().to_string().as_str()
    );
    assert!(head.raw.is_empty());
    assert_eq!(
        app.get("/media/../../etc/passwd.pdf", "*/*").await.status,
        404
    );
}

#[tokio::test]
async fn exports_carry_the_files_and_verify_finds_what_is_missing() {
    use bantin::service::{asset, transfer};
    let source = media_app().await;
    let editor = source.user_token("bientap", Role::Editor).await;
    let a = upload(
        &source,
        Some(&editor),
        "a.jpg",
        &photo_with_gps(800, 400),
        "",
    )
    .await
    .body["data"]["uploadMedia"]
        .clone();
    let mut file = Vec::new();
    transfer::export(&source.state.db, &source.state.media, &mut file, |_| {})
        .await
        .unwrap();
    let copy = media_app().await;
    transfer::import(&copy.state.db, &copy.state.media, file.as_slice(), |_| {})
        .await
        .unwrap();
    let original = source.get(&path_of(&a["url"]), "*/*").await;
    let copied = copy.get(&path_of(&a["url"]), "*/*").await;
    assert_eq!(copied.status, 200);
    assert_eq!(copied.raw, original.raw);
    let report = asset::verify(&copy.state.db, &copy.state.media)
        .await
        .unwrap();
    assert_eq!((report.entries, report.files), (1, 3), "{report:?}");
    assert!(
        report.missing.is_empty() && report.orphaned.is_empty(),
        "{report:?}"
    );

    // A file lost, another nobody names: both reported.
    let key = path_of(&a["url"])["/media/".len()..].to_owned();
    copy.state.media.delete(&key).await.unwrap();
    copy.state
        .media
        .put("zz/stray.png", b"x".to_vec())
        .await
        .unwrap();
    let report = asset::verify(&copy.state.db, &copy.state.media)
        .await
        .unwrap();
    assert_eq!(report.missing.len(), 1, "{report:?}");
    assert_eq!(report.missing[0].1, key);
    assert_eq!(report.orphaned, ["zz/stray.png"]);
    if crate::helpers::backend() == "sqlite" && std::env::var("BANTIN_TEST_S3_ENDPOINT").is_err() {
        let out =
            crate::helpers::run_bantin(&copy.db.as_ref().unwrap().url, &["media", "verify"], None);
        assert!(!out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("1 missing, 1 orphaned"), "{text}");
    }
}

#[tokio::test]
async fn album_photos_and_video_thumbnails_come_from_the_library() {
    let app = media_app().await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let a = upload(
        &app,
        Some(&editor),
        "le-hoi.jpg",
        &photo_with_gps(800, 400),
        ", alt: \"Lễ hội\", credit: \"Ảnh: Minh Đức\"",
    )
    .await
    .body["data"]["uploadMedia"]
        .clone();
    let album = app
        .gql_as(
            &editor,
            "mutation($m: ID!) { createGallery(input: { title: \"Lễ hội hoa\", photos: [{ mediaId: $m }, { url: \"https://anh.vn/1.jpg\" }] }) { photos { items { url alt credit width height srcset placeholder } } } }",
            json!({ "m": a["id"] }),
        )
        .await;
    let photos = album["data"]["createGallery"]["photos"]["items"].clone();
    assert_eq!(photos[0]["url"], a["url"], "{album}");
    assert_eq!(photos[0]["alt"], "Lễ hội");
    assert_eq!(photos[0]["credit"], "Ảnh: Minh Đức");
    assert_eq!(
        (photos[0]["width"].clone(), photos[0]["height"].clone()),
        (json!(400), json!(800))
    );
    assert!(photos[0]["srcset"].as_str().unwrap().contains("320w"));
    assert!(photos[0]["placeholder"].is_string());
    assert_eq!(photos[1]["srcset"], Value::Null);
    let video = app
        .gql_as(
            &editor,
            "mutation($m: ID!) { createVideo(input: { title: \"Khai mạc\", url: \"https://www.youtube.com/watch?v=dQw4w9WgXcQ\", thumbnailMediaId: $m }) { thumbnailUrl } }",
            json!({ "m": a["id"] }),
        )
        .await;
    assert_eq!(
        video["data"]["createVideo"]["thumbnailUrl"], a["url"],
        "{video}"
    );
    let wrong = app
        .gql_as(
            &editor,
            "mutation { createGallery(input: { title: \"Sai\", photos: [{ mediaId: \"999\" }] }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&wrong), "BAD_USER_INPUT", "{wrong}");
}

/// The demo site's pictures are drawn by the server itself: a fresh
/// `serve` looks finished without internet, and no page of it asks
/// another host for a picture.
#[tokio::test]
async fn the_demo_site_pictures_come_from_the_server_itself() {
    let app = TestApp::with_demo().await;
    let base = app.state.config.media.base_url.clone();
    let data = app
        .data(
            "{ articles(perPage: 50) { items { body coverImage { url } } }
               galleries(perPage: 10) { items { photos { items { url } } } } }",
            json!({}),
        )
        .await;
    let mut urls: Vec<String> = Vec::new();
    for a in data["articles"]["items"].as_array().unwrap() {
        assert!(
            !a["body"].as_str().unwrap().contains("picsum"),
            "{}",
            a["body"]
        );
        if let Some(url) = a["coverImage"]["url"].as_str() {
            urls.push(url.to_owned());
        }
    }
    for g in data["galleries"]["items"].as_array().unwrap() {
        for p in g["photos"]["items"].as_array().unwrap() {
            urls.push(p["url"].as_str().unwrap().to_owned());
        }
    }
    assert!(urls.len() > 20, "{urls:?}");
    for url in &urls {
        let path = url
            .strip_prefix(base.trim_end_matches("/media"))
            .unwrap_or_else(|| panic!("{url} is not under {base}"));
        let resp = app.get(path, "image/*").await;
        assert_eq!(resp.status, StatusCode::OK, "{url}");
        assert_eq!(resp.headers["content-type"], "image/svg+xml");
        assert!(
            resp.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox")
        );
        assert!(resp.text.starts_with("<svg") && !resp.text.contains("script"));
    }
    // Names that are not pictures are not found.
    for path in [
        "/media/demo/ben-do.svg",
        "/media/demo/x-99999x10.svg",
        "/media/demo/a-100x100.png",
    ] {
        assert_eq!(
            app.get(path, "image/*").await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
