//! Articles: who sees what, lists, and the editorial workflow.

mod list;
mod revision;
mod write;

use chrono::{DateTime, Utc};
use entity::article;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

pub use list::{
    ArticleFilter, ArticleSort, CategoryPageKey, RelatedKey, connection, count_by_category, list,
    pages_per_category, related_for,
};
pub use revision::{restore_revision, revisions};
pub use write::{
    ArticleChanges, Cover, NewArticle, archive, create, delete, publish, reclean_bodies, submit,
    unpublish, update,
};

use super::{
    access::Viewer,
    publication::{self},
};
use crate::{
    clock,
    error::{AppError, AppResult},
};

/// The editorial state of an article: the one status of every publishable
/// item, with `InReview` used by articles alone.
pub use publication::Status as ArticleStatus;

publication::publishable!(article, Article, listed);

/// Published and due: what the public sees.
fn public_condition(now: DateTime<Utc>) -> Condition {
    publication::public_condition::<article::Entity>(now)
}

/// Every row this viewer may read at all.
fn readable_condition(viewer: &Viewer, now: DateTime<Utc>) -> Condition {
    publication::readable_condition::<article::Entity>(viewer, now)
}

/// One article by id or slug, if this viewer may read it; `None` otherwise
/// (an unpublished article is indistinguishable from a missing one).
pub async fn find(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Option<i64>,
    slug: Option<&str>,
) -> AppResult<Option<article::Model>> {
    let now = clock::now();
    let mut q = article::Entity::find();
    match (id, slug) {
        (None, None) => return Err(AppError::invalid("id", "give an id or a slug")),
        (Some(id), slug) => {
            q = q.filter(article::Column::Id.eq(id));
            if let Some(slug) = slug {
                q = q.filter(article::Column::Slug.eq(slug));
            }
        }
        (None, Some(slug)) => q = q.filter(article::Column::Slug.eq(slug)),
    }
    let readable = match viewer {
        Viewer::Preview { article_id } => Condition::any()
            .add(public_condition(now))
            .add(article::Column::Id.eq(*article_id)),
        v => readable_condition(v, now),
    };
    Ok(q.filter(readable).one(db).await?)
}

/// Articles by id in the order given (missing ids are skipped).
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<article::Model>> {
    let rows = article::Entity::find()
        .filter(article::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id).cloned())
        .collect())
}

/// Loads an article for a write, or `NOT_FOUND`.
async fn load(db: &impl ConnectionTrait, id: i64) -> AppResult<article::Model> {
    publication::load::<article::Entity>(db, id).await
}

/// The top stories: public articles pinned with a place, in that order,
/// whose pin has not ended.
pub async fn top_stories(db: &impl ConnectionTrait, limit: u64) -> AppResult<Vec<article::Model>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let now = crate::clock::now();
    Ok(article::Entity::find()
        .filter(public_condition(now))
        .filter(article::Column::FeaturedPosition.is_not_null())
        .filter(
            Condition::any()
                .add(article::Column::FeaturedUntil.is_null())
                .add(article::Column::FeaturedUntil.gt(now)),
        )
        .order_by_asc(article::Column::FeaturedPosition)
        .order_by_desc(article::Column::PublishedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Pins an article among the top stories at `position` until `until`, or
/// unpins it (`position` none); a pinned article is also `featured`
/// (editors).
pub async fn pin(
    db: &sea_orm::DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    position: Option<i32>,
    until: Option<DateTime<Utc>>,
) -> AppResult<article::Model> {
    use sea_orm::{IntoActiveModel, Set};
    viewer.require(super::access::Action::PublishArticle)?;
    if position.is_some_and(|p| p < 1) {
        return Err(AppError::invalid("position", "positions start at 1"));
    }
    let now = crate::clock::now();
    if until.is_some_and(|u| u <= now) {
        return Err(AppError::invalid("until", "until must be in the future"));
    }
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = load(&txn, id).await?;
    let version = current.version;
    let mut m = current.into_active_model();
    m.featured_position = Set(position);
    m.featured_until = Set(position.and(until.map(crate::clock::truncate)));
    if position.is_some() {
        m.featured = Set(true);
    }
    let saved = publication::save_if_current::<article::Entity>(&txn, m, id, version).await?;
    super::audit::record(
        &txn,
        viewer,
        "article.pin",
        Some(super::audit::Target::new("article", id)),
        Some(serde_json::json!({ "position": position, "until": until })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
