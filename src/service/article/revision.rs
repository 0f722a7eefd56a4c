//! Revision history: a snapshot of an article before each update.

use entity::{article, article_revision};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::{
    load,
    write::{ArticleChanges, Cover, update},
};
use crate::{
    clock,
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        tag,
    },
};

/// The editable fields of an article, as kept in a revision.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub title: String,
    pub slug: String,
    pub summary: Option<String>,
    pub body: String,
    pub category_id: i64,
    pub tags: Vec<String>,
    pub cover: Option<Cover>,
    pub featured: bool,
    pub author_name: Option<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
}

/// Stores `current` as the revision it was before an update.
pub(super) async fn record(
    db: &impl ConnectionTrait,
    current: &article::Model,
    editor: Option<i64>,
    changed: &[&str],
) -> AppResult<()> {
    let tags = tag::for_articles(db, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or_default();
    let snapshot = Snapshot {
        title: current.title.clone(),
        slug: current.slug.clone(),
        summary: current.summary.clone(),
        body: current.body.clone(),
        category_id: current.category_id,
        tags,
        cover: current.cover_url.clone().map(|url| Cover {
            url,
            caption: current.cover_caption.clone(),
            alt: current.cover_alt.clone(),
        }),
        featured: current.featured,
        author_name: current.author_name.clone(),
        seo_title: current.seo_title.clone(),
        seo_description: current.seo_description.clone(),
    };
    article_revision::ActiveModel {
        article_id: Set(current.id),
        version: Set(current.version),
        editor_id: Set(editor),
        changed_fields: Set(changed.join(",")),
        snapshot: Set(serde_json::to_string(&snapshot).map_err(AppError::internal)?),
        created_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The revisions of an article, newest first (for those who may edit it).
pub async fn revisions(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    article_id: i64,
) -> AppResult<Vec<(article_revision::Model, Snapshot)>> {
    viewer.require(Action::ReadUnpublished)?;
    let rows = article_revision::Entity::find()
        .filter(article_revision::Column::ArticleId.eq(article_id))
        .order_by_desc(article_revision::Column::Version)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|r| {
            let s: Snapshot = serde_json::from_str(&r.snapshot).map_err(AppError::internal)?;
            Ok((r, s))
        })
        .collect()
}

/// Brings back the fields of an earlier revision, as a new update.
pub async fn restore_revision(
    db: &DatabaseConnection,
    viewer: &Viewer,
    article_id: i64,
    revision_id: i64,
    expected_version: i32,
) -> AppResult<article::Model> {
    let rev = article_revision::Entity::find_by_id(revision_id)
        .filter(article_revision::Column::ArticleId.eq(article_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("revision"))?;
    let s: Snapshot = serde_json::from_str(&rev.snapshot).map_err(AppError::internal)?;
    let current = load(db, article_id).await?;
    let changes = ArticleChanges {
        expected_version,
        title: Some(s.title),
        body: Some(s.body),
        category_id: Some(s.category_id),
        summary: Some(s.summary),
        tags: Some(s.tags),
        cover: Some(s.cover),
        featured: Some(s.featured),
        // A published article keeps its address.
        slug: current.published_at.is_none().then_some(s.slug),
        author_name: Some(s.author_name),
        seo_title: Some(s.seo_title),
        seo_description: Some(s.seo_description),
    };
    update(db, viewer, article_id, changes).await
}
