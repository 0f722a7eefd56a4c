//! Creating and editing articles, and moving them through the workflow
//! draft -> in review -> published (or scheduled) -> archived.

use chrono::{DateTime, Utc};
use entity::article;
use entity::status::Status as Stored;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};

use super::{load, revision};
use crate::{
    clock,
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        publication::ContentKind,
        publication::{self, Publishable},
        tag,
        validate::{check_url, optional, text_field},
    },
    text::{collate, html},
};

/// A cover picture as an editor gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cover {
    pub url: String,
    pub caption: Option<String>,
    pub alt: Option<String>,
}

/// Fields of a new article; the slug is derived from the title when absent.
#[derive(Debug, Clone, Default)]
pub struct NewArticle {
    pub title: String,
    pub body: String,
    pub category_id: i64,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub cover: Option<Cover>,
    pub featured: bool,
    pub slug: Option<String>,
    pub author_name: Option<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
}

/// A partial update: `None` leaves a field as it is; `Some(None)` clears an
/// optional field. `expected_version` is the version the editor started from.
#[derive(Debug, Clone, Default)]
pub struct ArticleChanges {
    pub expected_version: i32,
    pub title: Option<String>,
    pub body: Option<String>,
    pub category_id: Option<i64>,
    pub summary: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub cover: Option<Option<Cover>>,
    pub featured: Option<bool>,
    pub slug: Option<String>,
    pub author_name: Option<Option<String>>,
    pub seo_title: Option<Option<String>>,
    pub seo_description: Option<Option<String>>,
}

fn check_cover(cover: Option<Cover>) -> AppResult<Option<Cover>> {
    cover
        .map(|c| {
            Ok(Cover {
                url: check_url("coverImage.url", &c.url)?,
                caption: optional("coverImage.caption", c.caption, 500)?,
                alt: optional("coverImage.alt", c.alt, 500)?,
            })
        })
        .transpose()
}

fn check_body(body: &str) -> AppResult<String> {
    if body.len() > 1_000_000 {
        return Err(AppError::invalid("body", "body must be at most 1 MB"));
    }
    let clean = html::sanitize(body);
    if html::to_text(&clean).is_empty() && !clean.contains("<img") {
        return Err(AppError::invalid("body", "body must not be empty"));
    }
    Ok(clean)
}

/// Creates a draft.
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewArticle,
) -> AppResult<article::Model> {
    viewer.require(Action::CreateArticle)?;
    let title = text_field("title", &input.title, 1, 300)?;
    let body = check_body(&input.body)?;
    let summary = optional("summary", input.summary, 1000)?;
    let tags = tag::normalize(&input.tags)?;
    let cover = check_cover(input.cover)?;
    let author_name = optional("authorName", input.author_name, 200)?;
    let seo_title = optional("seoTitle", input.seo_title, 300)?;
    let seo_description = optional("seoDescription", input.seo_description, 1000)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    publication::check_category(&txn, Some(input.category_id)).await?;
    let slug =
        publication::new_slug::<article::Entity>(&txn, input.slug, &title, "bai-viet").await?;
    let now = clock::now();
    let model = article::ActiveModel {
        slug: Set(slug),
        title_sort: Set(collate::sort_key(&title)),
        title: Set(title),
        summary: Set(summary),
        body: Set(body),
        body_policy: Set(html::POLICY),
        cover_url: Set(cover.as_ref().map(|c| c.url.clone())),
        cover_caption: Set(cover.as_ref().and_then(|c| c.caption.clone())),
        cover_alt: Set(cover.as_ref().and_then(|c| c.alt.clone())),
        author_name: Set(author_name),
        created_by: Set(viewer.user_id()),
        category_id: Set(input.category_id),
        status: Set(Stored::Draft),
        published_at: Set(None),
        featured: Set(input.featured),
        view_count: Set(0),
        seo_title: Set(seo_title),
        seo_description: Set(seo_description),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    tag::replace(&txn, model.id, &tags).await?;
    after_write(&txn, viewer, model.id, "create").await?;
    txn.commit().await?;
    Ok(model)
}

fn is_own(viewer: &Viewer, model: &article::Model) -> bool {
    article::Entity::meta(model).is_own(viewer)
}

fn stale() -> AppError {
    publication::stale(article::Entity::NAME)
}

/// Applies a partial update, keeping the previous state as a revision.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    changes: ArticleChanges,
) -> AppResult<article::Model> {
    viewer.principal()?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = load(&txn, id).await?;
    viewer.require(Action::EditArticle {
        own: is_own(viewer, &current),
        draft: current.status == Stored::Draft,
    })?;
    if current.version != changes.expected_version {
        return Err(stale());
    }
    let mut changed: Vec<&'static str> = Vec::new();
    let mut m = current.clone().into_active_model();
    if let Some(t) = changes.title {
        let t = text_field("title", &t, 1, 300)?;
        m.title_sort = Set(collate::sort_key(&t));
        m.title = Set(t);
        changed.push("title");
    }
    if let Some(b) = changes.body {
        m.body = Set(check_body(&b)?);
        m.body_policy = Set(html::POLICY);
        changed.push("body");
    }
    if let Some(s) = changes.summary {
        m.summary = Set(optional("summary", s, 1000)?);
        changed.push("summary");
    }
    if let Some(c) = changes.category_id {
        publication::check_category(&txn, Some(c)).await?;
        m.category_id = Set(c);
        changed.push("categoryId");
    }
    if let Some(c) = changes.cover {
        let c = check_cover(c)?;
        m.cover_url = Set(c.as_ref().map(|c| c.url.clone()));
        m.cover_caption = Set(c.as_ref().and_then(|c| c.caption.clone()));
        m.cover_alt = Set(c.as_ref().and_then(|c| c.alt.clone()));
        changed.push("coverImage");
    }
    if let Some(f) = changes.featured {
        m.featured = Set(f);
        changed.push("featured");
    }
    if let Some(a) = changes.author_name {
        m.author_name = Set(optional("authorName", a, 200)?);
        changed.push("authorName");
    }
    if let Some(s) = changes.seo_title {
        m.seo_title = Set(optional("seoTitle", s, 300)?);
        changed.push("seoTitle");
    }
    if let Some(s) = changes.seo_description {
        m.seo_description = Set(optional("seoDescription", s, 1000)?);
        changed.push("seoDescription");
    }
    if let Some(s) = changes.slug.filter(|s| *s != current.slug) {
        let meta = article::Entity::meta(&current);
        publication::check_slug_change::<article::Entity>(&txn, &meta, &s).await?;
        m.slug = Set(s);
        changed.push("slug");
    }
    let tags = changes.tags.map(|t| tag::normalize(&t)).transpose()?;
    if let Some(tags) = &tags {
        let before = tag::for_articles(&txn, &[id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        if tags.iter().map(|(_, name)| name).ne(before.iter()) {
            changed.push("tags");
        }
    }
    // Only what really changes counts (a restored revision sends every field).
    changed.retain(|field| differs(&m, &current, field));
    revision::record(&txn, &current, viewer.user_id(), &changed).await?;
    let saved =
        publication::save_if_current::<article::Entity>(&txn, m, id, changes.expected_version)
            .await?;
    if let Some(tags) = tags {
        tag::replace(&txn, id, &tags).await?;
    }
    after_write(&txn, viewer, id, "update").await?;
    txn.commit().await?;
    Ok(saved)
}

/// Whether `field` of the edited row `m` differs from `current` (`tags`
/// are compared by the caller and always count here).
fn differs(m: &article::ActiveModel, current: &article::Model, field: &str) -> bool {
    match field {
        "title" => *m.title.as_ref() != current.title,
        "body" => *m.body.as_ref() != current.body,
        "summary" => *m.summary.as_ref() != current.summary,
        "categoryId" => *m.category_id.as_ref() != current.category_id,
        "coverImage" => {
            *m.cover_url.as_ref() != current.cover_url
                || *m.cover_caption.as_ref() != current.cover_caption
                || *m.cover_alt.as_ref() != current.cover_alt
        }
        "featured" => *m.featured.as_ref() != current.featured,
        "authorName" => *m.author_name.as_ref() != current.author_name,
        "seoTitle" => *m.seo_title.as_ref() != current.seo_title,
        "seoDescription" => *m.seo_description.as_ref() != current.seo_description,
        _ => true,
    }
}

/// After a write to article `id`, inside its transaction: as for every
/// kind (search document, change log, audit entry `article.<verb>`).
async fn after_write(
    txn: &impl sea_orm::ConnectionTrait,
    viewer: &Viewer,
    id: i64,
    verb: &str,
) -> AppResult<()> {
    publication::after_write(txn, viewer, ContentKind::Article, id, verb).await
}

/// Runs a status change (`verb`) in a transaction after a permission check.
async fn transition(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    verb: &str,
    check: impl FnOnce(&article::Model) -> AppResult<Action>,
    apply: impl FnOnce(&mut article::ActiveModel, &article::Model),
) -> AppResult<article::Model> {
    viewer.principal()?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = load(&txn, id).await?;
    viewer.require(check(&current)?)?;
    let mut m = current.clone().into_active_model();
    apply(&mut m, &current);
    let saved =
        publication::save_if_current::<article::Entity>(&txn, m, id, current.version).await?;
    after_write(&txn, viewer, id, verb).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Sends a draft to the editors for review.
pub async fn submit(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<article::Model> {
    let own = |m: &article::Model| is_own(viewer, m);
    transition(
        db,
        viewer,
        id,
        "submit",
        |m| {
            if m.status != Stored::Draft {
                return Err(AppError::conflict(
                    "only a draft can be submitted for review",
                ));
            }
            Ok(Action::SubmitArticle { own: own(m) })
        },
        |m, _| m.status = Set(Stored::Review),
    )
    .await
}

/// Publishes now, or schedules for `at` (which must be in the future; the
/// system may back-date when importing).
pub async fn publish(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    at: Option<DateTime<Utc>>,
) -> AppResult<article::Model> {
    let at = publication::publication_time(viewer, at)?;
    transition(
        db,
        viewer,
        id,
        "publish",
        |_| Ok(Action::PublishArticle),
        |m, _| {
            m.status = Set(Stored::Published);
            m.published_at = Set(Some(at));
        },
    )
    .await
}

/// Takes an article off the site, back to draft.
pub async fn unpublish(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<article::Model> {
    transition(
        db,
        viewer,
        id,
        "unpublish",
        |_| Ok(Action::PublishArticle),
        |m, _| {
            m.status = Set(Stored::Draft);
            m.published_at = Set(None);
        },
    )
    .await
}

/// Archives an article: off the site, kept for the record.
pub async fn archive(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<article::Model> {
    transition(
        db,
        viewer,
        id,
        "archive",
        |_| Ok(Action::PublishArticle),
        |m, _| m.status = Set(Stored::Archived),
    )
    .await
}

/// Deletes an article with its tags and revisions.
pub async fn delete(db: &DatabaseConnection, viewer: &Viewer, id: i64) -> AppResult<()> {
    viewer.principal()?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = load(&txn, id).await?;
    viewer.require(Action::DeleteArticle {
        own: is_own(viewer, &current),
        draft: current.status == Stored::Draft,
    })?;
    article::Entity::delete_by_id(id).exec(&txn).await?;
    after_write(&txn, viewer, id, "delete").await?;
    txn.commit().await?;
    Ok(())
}

/// Cleans again, with today's allow-list, every body that it did not clean
/// (imported rows, rows from before a stricter policy); returns how many.
/// Reads clean such bodies on the fly, so this only makes them cheap.
///
/// # Errors
/// The database fails.
pub async fn reclean_bodies(db: &impl sea_orm::ConnectionTrait) -> AppResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut done = 0;
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String)> = article::Entity::find()
            .select_only()
            .column(article::Column::Id)
            .column(article::Column::Body)
            .filter(article::Column::BodyPolicy.ne(html::POLICY))
            .filter(article::Column::Id.gt(after))
            .order_by_asc(article::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        let Some((last, _)) = rows.last() else {
            return Ok(done);
        };
        after = *last;
        for (id, body) in rows {
            article::ActiveModel {
                id: sea_orm::ActiveValue::Unchanged(id),
                body: Set(html::sanitize(&body)),
                body_policy: Set(html::POLICY),
                ..Default::default()
            }
            .update(db)
            .await?;
            done += 1;
        }
    }
}
