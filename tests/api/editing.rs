//! Editors at work: the workflow per role, validation, sanitising,
//! concurrent edits, revisions, and that failed writes change nothing.

use bantin::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, error_field};

const CREATE: &str = "mutation($i: CreateArticleInput!) { createArticle(input: $i) { id slug status version body tags } }";
const UPDATE: &str = "mutation($id: ID!, $i: UpdateArticleInput!) { updateArticle(id: $id, input: $i) { id title slug version summary body status tags } }";

struct Newsroom {
    app: TestApp,
    category: String,
    admin: String,
    editor: String,
    author: String,
    other_author: String,
}

async fn newsroom() -> Newsroom {
    let app = TestApp::spawn().await;
    let category = app.category("Tin tức", None).await.to_string();
    let admin = app.user_token("quantri", Role::Admin).await;
    let editor = app.user_token("bientap", Role::Editor).await;
    let author = app.user_token("tacgia", Role::Author).await;
    let other_author = app.user_token("tacgia2", Role::Author).await;
    Newsroom {
        app,
        category,
        admin,
        editor,
        author,
        other_author,
    }
}

impl Newsroom {
    async fn create(&self, token: &str, input: Value) -> Value {
        let mut i = json!({ "title": "Họp báo quý IV", "body": "<p>Nội dung</p>", "categoryId": self.category });
        if let (Some(base), Some(extra)) = (i.as_object_mut(), input.as_object()) {
            base.extend(extra.clone());
        }
        self.app.gql_as(token, CREATE, json!({ "i": i })).await
    }

    async fn op(&self, token: &str, mutation: &str, id: &Value) -> Value {
        let q = format!(
            "mutation($id: ID!) {{ {mutation}(id: $id) {{ id status version publishedAt }} }}"
        );
        self.app.gql_as(token, &q, json!({ "id": id })).await
    }
}

#[tokio::test]
async fn an_author_drafts_and_submits_and_an_editor_publishes() {
    let n = newsroom().await;
    let created = n
        .create(&n.author, json!({ "title": "Đại hội Chi bộ khu phố 3" }))
        .await;
    let a = &created["data"]["createArticle"];
    assert_eq!(a["status"], "DRAFT");
    assert_eq!(a["slug"], "dai-hoi-chi-bo-khu-pho-3");
    let id = a["id"].clone();
    // The author may not publish.
    assert_eq!(
        error_code(&n.op(&n.author, "publishArticle", &id).await),
        "FORBIDDEN"
    );
    let submitted = n.op(&n.author, "submitArticle", &id).await;
    assert_eq!(submitted["data"]["submitArticle"]["status"], "IN_REVIEW");
    // Once submitted, the author can no longer change it.
    let edit = n
        .app
        .gql_as(
            &n.author,
            UPDATE,
            json!({ "id": id, "i": { "version": 2, "title": "Khác" } }),
        )
        .await;
    assert_eq!(error_code(&edit), "FORBIDDEN");
    let published = n.op(&n.editor, "publishArticle", &id).await;
    assert_eq!(published["data"]["publishArticle"]["status"], "PUBLISHED");
    let public = n
        .app
        .data(
            "query($id: ID) { article(id: $id) { title } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(public["article"]["title"], "Đại hội Chi bộ khu phố 3");
    let unpublished = n.op(&n.editor, "unpublishArticle", &id).await;
    assert_eq!(unpublished["data"]["unpublishArticle"]["status"], "DRAFT");
    let archived = n.op(&n.admin, "archiveArticle", &id).await;
    assert_eq!(archived["data"]["archiveArticle"]["status"], "ARCHIVED");
}

#[tokio::test]
async fn authors_cannot_touch_other_authors_drafts() {
    let n = newsroom().await;
    let id = n.create(&n.author, json!({})).await["data"]["createArticle"]["id"].clone();
    let edit = n
        .app
        .gql_as(
            &n.other_author,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "title": "Sửa trộm" } }),
        )
        .await;
    assert_eq!(error_code(&edit), "FORBIDDEN");
    assert_eq!(
        error_code(&n.op(&n.other_author, "submitArticle", &id).await),
        "FORBIDDEN"
    );
    let delete = n
        .app
        .gql_as(
            &n.other_author,
            "mutation($id: ID!) { deleteArticle(id: $id) }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(error_code(&delete), "FORBIDDEN");
    // The editor may.
    let ok = n
        .app
        .gql_as(
            &n.editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "title": "Biên tập lại" } }),
        )
        .await;
    assert_eq!(ok["data"]["updateArticle"]["title"], "Biên tập lại");
}

#[tokio::test]
async fn scheduling_needs_a_future_time_and_the_public_waits_for_it() {
    let n = newsroom().await;
    let id = n.create(&n.editor, json!({})).await["data"]["createArticle"]["id"].clone();
    let q = "mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { status publishedAt } }";
    let past = (chrono::Utc::now() - chrono::TimeDelta::hours(1)).to_rfc3339();
    let refused = n
        .app
        .gql_as(&n.editor, q, json!({ "id": id, "at": past }))
        .await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert_eq!(error_field(&refused), "at");
    let future = (chrono::Utc::now() + chrono::TimeDelta::hours(5)).to_rfc3339();
    let scheduled = n
        .app
        .gql_as(&n.editor, q, json!({ "id": id, "at": future }))
        .await;
    assert_eq!(scheduled["data"]["publishArticle"]["status"], "SCHEDULED");
    let public = n
        .app
        .data(
            "query($id: ID) { article(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(public["article"], json!(null));
}

#[tokio::test]
async fn scripts_and_event_handlers_never_come_back() {
    let n = newsroom().await;
    let body = r#"<h2>Tiêu đề</h2><p onclick="steal()">Đoạn <a href="javascript:alert(1)">liên kết</a></p><script>alert(1)</script><img src="https://a.vn/x.jpg" onerror="alert(1)" alt="ảnh"><table><tr><td>1</td></tr></table>"#;
    let created = n.create(&n.editor, json!({ "body": body })).await;
    let saved = created["data"]["createArticle"]["body"]
        .as_str()
        .unwrap()
        .to_owned();
    for bad in ["<script", "onerror", "onclick", "javascript:"] {
        assert!(!saved.contains(bad), "{bad} survived: {saved}");
    }
    for good in [
        "<h2>Tiêu đề</h2>",
        "<img src=\"https://a.vn/x.jpg\"",
        "<table>",
        "liên kết",
    ] {
        assert!(saved.contains(good), "{good} lost: {saved}");
    }
    // What is stored is clean, not only what is read back through the
    // read-side cleaner; an update is cleaned the same way.
    let id: i64 = created["data"]["createArticle"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let stored = |label: &'static str| {
        let db = n.app.state.db.clone();
        async move {
            use sea_orm::EntityTrait;
            let row = entity::article::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "onmouseover",
                "javascript:",
                "steal()",
            ] {
                assert!(
                    !row.body.contains(bad),
                    "{label}: {bad} stored: {}",
                    row.body
                );
            }
            assert_eq!(row.body_policy, bantin::text::html::POLICY, "{label}");
            row.body
        }
    };
    let body_at_create = stored("create").await;
    assert_eq!(body_at_create, saved);
    let updated = n
        .app
        .gql_as(
            &n.editor,
            UPDATE,
            json!({ "id": id.to_string(), "i": { "version": 1, "body": "<p onmouseover=\"steal()\">Sửa <a href=\"javascript:steal()\">lại</a></p><script>steal()</script>" } }),
        )
        .await;
    assert!(updated.get("errors").is_none(), "{updated}");
    let body_at_update = stored("update").await;
    assert!(body_at_update.contains("Sửa"), "{body_at_update}");
}

#[tokio::test]
async fn invalid_input_is_refused_field_by_field() {
    let n = newsroom().await;
    let long = "x".repeat(301);
    for (input, field, code) in [
        (json!({ "title": "  " }), "title", "BAD_USER_INPUT"),
        (json!({ "title": long }), "title", "BAD_USER_INPUT"),
        (
            json!({ "body": "<script>x</script>" }),
            "body",
            "BAD_USER_INPUT",
        ),
        (
            json!({ "categoryId": "999" }),
            "categoryId",
            "BAD_USER_INPUT",
        ),
        (
            json!({ "categoryId": "không-phải-id" }),
            "categoryId",
            "BAD_USER_INPUT",
        ),
        (json!({ "slug": "Có Dấu" }), "slug", "BAD_USER_INPUT"),
        (
            json!({ "coverImage": { "url": "javascript:alert(1)" } }),
            "coverImage.url",
            "BAD_USER_INPUT",
        ),
        (
            json!({ "coverImage": { "url": "data:image/png;base64,AAAA" } }),
            "coverImage.url",
            "BAD_USER_INPUT",
        ),
        (
            json!({ "tags": ["x".repeat(61)] }),
            "tags",
            "BAD_USER_INPUT",
        ),
    ] {
        let body = n.create(&n.editor, input.clone()).await;
        assert_eq!(error_code(&body), code, "{input}");
        assert_eq!(error_field(&body), field, "{input}");
    }
    // Nothing was written by any of them.
    let drafts = n
        .app
        .gql_as(
            &n.editor,
            "{ articles(filter: { status: [DRAFT] }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(drafts["data"]["articles"]["totalCount"], 0);
}

#[tokio::test]
async fn slugs_are_derived_unique_and_fixed_once_published() {
    let n = newsroom().await;
    let first = n
        .create(&n.editor, json!({ "title": "Thông báo nghỉ lễ" }))
        .await;
    let second = n
        .create(&n.editor, json!({ "title": "Thông báo: nghỉ lễ!" }))
        .await;
    assert_eq!(first["data"]["createArticle"]["slug"], "thong-bao-nghi-le");
    assert_eq!(
        second["data"]["createArticle"]["slug"],
        "thong-bao-nghi-le-2"
    );
    let taken = n
        .create(&n.editor, json!({ "slug": "thong-bao-nghi-le" }))
        .await;
    assert_eq!(error_code(&taken), "CONFLICT");
    assert_eq!(error_field(&taken), "slug");
    let id = first["data"]["createArticle"]["id"].clone();
    n.op(&n.editor, "publishArticle", &id).await;
    let change = n
        .app
        .gql_as(
            &n.editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 2, "slug": "dia-chi-moi" } }),
        )
        .await;
    assert_eq!(error_code(&change), "CONFLICT");
    // A new title keeps the published address.
    let retitled = n
        .app
        .gql_as(
            &n.editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 2, "title": "Thông báo nghỉ Tết" } }),
        )
        .await;
    assert_eq!(
        retitled["data"]["updateArticle"]["slug"],
        "thong-bao-nghi-le"
    );
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_overwrites_nothing() {
    let n = newsroom().await;
    let id = n.create(&n.editor, json!({})).await["data"]["createArticle"]["id"].clone();
    let mine = n
        .app
        .gql_as(
            &n.editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "summary": "Bản của tôi" } }),
        )
        .await;
    assert_eq!(mine["data"]["updateArticle"]["version"], 2);
    let theirs = n
        .app
        .gql_as(
            &n.admin,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "summary": "Bản cũ" } }),
        )
        .await;
    assert_eq!(error_code(&theirs), "CONFLICT");
    assert_eq!(error_field(&theirs), "version");
    let now = n
        .app
        .gql_as(
            &n.editor,
            "query($id: ID) { article(id: $id) { summary version } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(now["data"]["article"]["summary"], "Bản của tôi");
    assert_eq!(now["data"]["article"]["version"], 2);
}

#[tokio::test]
async fn a_failed_update_leaves_the_article_and_its_tags_unchanged() {
    let n = newsroom().await;
    let created = n.create(&n.editor, json!({ "tags": ["y tế"] })).await;
    let id = created["data"]["createArticle"]["id"].clone();
    // Valid tags and title, but an unknown category: the whole update fails.
    let failed = n
        .app
        .gql_as(&n.editor, UPDATE, json!({ "id": id, "i": { "version": 1, "title": "Mới", "tags": ["giáo dục"], "categoryId": "999" } }))
        .await;
    assert_eq!(error_code(&failed), "BAD_USER_INPUT");
    let now = n
        .app
        .gql_as(
            &n.editor,
            "query($id: ID) { article(id: $id) { title tags version revisions { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(now["data"]["article"]["title"], "Họp báo quý IV");
    assert_eq!(now["data"]["article"]["tags"], json!(["y tế"]));
    assert_eq!(now["data"]["article"]["version"], 1);
    assert_eq!(now["data"]["article"]["revisions"], json!([]));
}

#[tokio::test]
async fn updates_are_partial_and_null_clears_optional_fields() {
    let n = newsroom().await;
    let id = n.create(&n.editor, json!({ "summary": "Tóm tắt", "coverImage": { "url": "https://a.vn/b.jpg", "alt": "ảnh" } })).await["data"]["createArticle"]["id"].clone();
    let q = "mutation($id: ID!, $i: UpdateArticleInput!) { updateArticle(id: $id, input: $i) { title summary coverImage { url alt } } }";
    let r = n
        .app
        .gql_as(
            &n.editor,
            q,
            json!({ "id": id, "i": { "version": 1, "summary": null } }),
        )
        .await;
    let a = &r["data"]["updateArticle"];
    assert_eq!(a["title"], "Họp báo quý IV");
    assert_eq!(a["summary"], json!(null));
    assert_eq!(a["coverImage"]["alt"], "ảnh");
}

#[tokio::test]
async fn revisions_record_who_changed_what_and_can_be_restored() {
    let n = newsroom().await;
    let id =
        n.create(&n.editor, json!({ "title": "Bản đầu" })).await["data"]["createArticle"]["id"]
            .clone();
    n.app
        .gql_as(
            &n.editor,
            UPDATE,
            json!({ "id": id, "i": { "version": 1, "title": "Bản hai" } }),
        )
        .await;
    n.app
        .gql_as(
            &n.admin,
            UPDATE,
            json!({ "id": id, "i": { "version": 2, "body": "<p>Thân bài mới</p>" } }),
        )
        .await;
    let q = "query($id: ID) { article(id: $id) { title version revisions { id version changedFields title editorId } } }";
    let r = n.app.gql_as(&n.editor, q, json!({ "id": id })).await;
    let revs = r["data"]["article"]["revisions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0]["version"], 2);
    assert_eq!(revs[0]["changedFields"], json!(["body"]));
    assert_eq!(revs[1]["title"], "Bản đầu");
    assert_eq!(revs[1]["changedFields"], json!(["title"]));
    let restored = n
        .app
        .gql_as(
            &n.editor,
            "mutation($id: ID!, $r: ID!) { restoreArticleRevision(id: $id, revisionId: $r, version: 3) { title version } }",
            json!({ "id": id, "r": revs[1]["id"] }),
        )
        .await;
    assert_eq!(
        restored["data"]["restoreArticleRevision"]["title"],
        "Bản đầu"
    );
    assert_eq!(restored["data"]["restoreArticleRevision"]["version"], 4);
    // The restore is recorded with what it really changed (both edits since
    // that revision), not with every field it sent.
    let after = n.app.gql_as(&n.editor, q, json!({ "id": id })).await;
    let newest = &after["data"]["article"]["revisions"][0];
    assert_eq!(newest["changedFields"], json!(["title", "body"]), "{after}");
    // The public never sees the history.
    let public = n
        .app
        .gql(
            "query($id: ID) { article(id: $id) { revisions { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(public.get("errors").is_none(), "{public}");
    assert_eq!(public["data"]["article"], json!(null));
}

#[tokio::test]
async fn deleting_needs_the_right_role_and_removes_the_article() {
    let n = newsroom().await;
    let id = n.create(&n.author, json!({})).await["data"]["createArticle"]["id"].clone();
    let q = "mutation($id: ID!) { deleteArticle(id: $id) }";
    assert_eq!(
        error_code(&n.app.gql(q, json!({ "id": id })).await),
        "UNAUTHENTICATED"
    );
    let ok = n.app.gql_as(&n.author, q, json!({ "id": id })).await;
    assert_eq!(ok["data"]["deleteArticle"], id);
    let again = n.app.gql_as(&n.editor, q, json!({ "id": id })).await;
    assert_eq!(error_code(&again), "NOT_FOUND");
}

#[tokio::test]
async fn the_public_cannot_write_anything() {
    let n = newsroom().await;
    let body = n
        .app
        .gql(
            CREATE,
            json!({ "i": { "title": "a", "body": "<p>b</p>", "categoryId": n.category } }),
        )
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_body_not_cleaned_by_todays_allow_list_is_cleaned_when_read_and_by_reindex() {
    use entity::article::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = TestApp::spawn().await;
    let news = app.category("Tin tức", None).await;
    let id = app.article(crate::helpers::Art::new("Bài cũ", news)).await;
    let stored = Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.body_policy,
        bantin::text::html::POLICY,
        "saved clean"
    );
    // A row from an import or from before a stricter allow-list.
    Entity::update_many()
        .col_expr(
            Column::Body,
            Expr::value("<p>Cũ</p><script>steal()</script>"),
        )
        .col_expr(Column::BodyPolicy, Expr::value(0))
        .filter(Column::Id.eq(id))
        .exec(&app.state.db)
        .await
        .unwrap();
    let read = app
        .data(
            "query($id: ID) { article(id: $id) { body } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(read["article"]["body"], "<p>Cũ</p>");
    let cleaned = bantin::service::article::reclean_bodies(&app.state.db)
        .await
        .unwrap();
    assert_eq!(cleaned, 1);
    let row = Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.body.as_str(), row.body_policy),
        ("<p>Cũ</p>", bantin::text::html::POLICY)
    );
}

#[tokio::test]
async fn only_admins_publish_with_a_past_time() {
    let n = newsroom().await;
    let id = n.create(&n.editor, json!({})).await["data"]["createArticle"]["id"].clone();
    let video = n
        .app
        .gql_as(
            &n.editor,
            "mutation { createVideo(input: { title: \"Lưu trữ 2019\", url: \"https://youtu.be/Zr4_kTp8wQe\" }) { id } }",
            json!({}),
        )
        .await["data"]["createVideo"]["id"]
        .clone();
    let past = "2019-05-01T08:00:00Z";
    for (mutation, id) in [("publishArticle", &id), ("publishVideo", &video)] {
        let q = format!(
            "mutation($id: ID!, $at: DateTime) {{ {mutation}(id: $id, at: $at) {{ status publishedAt }} }}"
        );
        let r = n
            .app
            .gql_as(&n.editor, &q, json!({ "id": id, "at": past }))
            .await;
        assert_eq!(error_code(&r), "BAD_USER_INPUT", "{r}");
        assert_eq!(error_field(&r), "at");
        let r = n
            .app
            .gql_as(&n.admin, &q, json!({ "id": id, "at": past }))
            .await;
        assert_eq!(r["data"][mutation]["status"], "PUBLISHED", "{r}");
        assert_eq!(
            r["data"][mutation]["publishedAt"],
            "2019-05-01T08:00:00+00:00"
        );
    }
}

#[tokio::test]
async fn editors_find_drafts_by_author_and_words() {
    let n = newsroom().await;
    for (token, title) in [
        (&n.author, "Kế hoạch trực Tết Nguyên đán"),
        (&n.author, "Báo cáo công tác quý IV"),
        (&n.editor, "Kế hoạch phòng cháy mùa khô"),
    ] {
        let r = n.create(token, json!({ "title": title })).await;
        assert!(r.get("errors").is_none(), "{r}");
    }
    let me = n.app.gql_as(&n.author, "{ me { id } }", json!({})).await;
    let author_id = me["data"]["me"]["id"].clone();
    let list = |token: &str, filter: Value| {
        let app = &n.app;
        let token = token.to_owned();
        async move {
            let r = app
                .gql_as(
                    &token,
                    "query($f: ArticleFilter) { articles(filter: $f) { totalCount items { title } } }",
                    json!({ "f": filter }),
                )
                .await;
            assert!(r.get("errors").is_none(), "{r}");
            let mut t = crate::helpers::titles(&r["data"]["articles"]["items"]);
            t.sort();
            t
        }
    };
    assert_eq!(
        list(&n.editor, json!({ "status": ["DRAFT"], "q": "ke hoach" })).await,
        [
            "Kế hoạch phòng cháy mùa khô",
            "Kế hoạch trực Tết Nguyên đán"
        ]
    );
    assert_eq!(
        list(
            &n.editor,
            json!({ "status": ["DRAFT"], "q": "ke hoach", "authorId": author_id })
        )
        .await,
        ["Kế hoạch trực Tết Nguyên đán"]
    );
    assert_eq!(
        list(
            &n.editor,
            json!({ "status": ["DRAFT"], "authorId": author_id })
        )
        .await,
        ["Báo cáo công tác quý IV", "Kế hoạch trực Tết Nguyên đán"]
    );
    // Another author sees only their own drafts; readers see none.
    assert!(
        list(
            &n.other_author,
            json!({ "status": ["DRAFT"], "q": "ke hoach" })
        )
        .await
        .is_empty()
    );
    let public = n
        .app
        .data(
            "{ articles(filter: { q: \"ke hoach\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(public["articles"]["totalCount"], 0);
}
