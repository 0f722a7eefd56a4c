//! Videos: the video list, provider detection and embeds, editors' changes.
//!
//! The publication rules (who sees what, scheduling, versions) are those of
//! [`publication`](super::publication), shared with galleries.

mod embed;
mod list;
mod write;

use chrono::{DateTime, Utc};
use entity::video;
use sea_orm::{ConnectionTrait, TransactionTrait};

pub use embed::{Provider, Source, detect};
pub use list::{VideoFilter, connection, list, tags_for};
pub use write::{NewVideo, VideoChanges, create, update};

use super::{
    access::Viewer,
    publication::{self, Meta, Publishable},
};
use crate::error::AppResult;

impl Publishable for video::Entity {
    const NAME: &'static str = "video";
    const ID: video::Column = video::Column::Id;
    const SLUG: video::Column = video::Column::Slug;
    const TITLE_SORT: video::Column = video::Column::TitleSort;
    const CATEGORY_ID: video::Column = video::Column::CategoryId;
    const CREATED_BY: video::Column = video::Column::CreatedBy;
    const STATUS: video::Column = video::Column::Status;
    const PUBLISHED_AT: video::Column = video::Column::PublishedAt;
    const CREATED_AT: video::Column = video::Column::CreatedAt;
    const UPDATED_AT: video::Column = video::Column::UpdatedAt;
    const FEATURED: video::Column = video::Column::Featured;
    const VIEW_COUNT: video::Column = video::Column::ViewCount;
    const VERSION: video::Column = video::Column::Version;

    fn meta(m: &video::Model) -> Meta {
        Meta {
            id: m.id,
            created_by: m.created_by,
            draft: m.status == "draft",
            version: m.version,
            published_at: m.published_at,
            created_at: m.created_at,
        }
    }
}

/// What a stored video's URL gives: provider, embed URL, derived thumbnail.
/// URLs are checked on write, so a stored one always parses; should an old
/// row not, it shows as `Other` without an embed rather than failing a page.
pub fn source(m: &video::Model) -> Source {
    detect(&m.url).unwrap_or(Source {
        provider: Provider::Other,
        embed_url: None,
        thumbnail_url: None,
    })
}

/// One video by id or slug, if this viewer may read it.
pub async fn find(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Option<i64>,
    slug: Option<&str>,
) -> AppResult<Option<video::Model>> {
    publication::find::<video::Entity>(db, viewer, id, slug).await
}

/// Publishes now or at a future `at` (editors).
pub async fn publish(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
    at: Option<DateTime<Utc>>,
) -> AppResult<video::Model> {
    publication::publish::<video::Entity>(db, viewer, id, at).await
}

/// Takes a video off the site, back to draft (editors).
pub async fn unpublish(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
) -> AppResult<video::Model> {
    publication::unpublish::<video::Entity>(db, viewer, id).await
}

/// Takes a video off the site and keeps it (editors).
pub async fn archive(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
) -> AppResult<video::Model> {
    publication::archive::<video::Entity>(db, viewer, id).await
}

/// Deletes a video, its tags and the articles' links to it.
pub async fn delete(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
) -> AppResult<()> {
    publication::delete::<video::Entity>(db, viewer, id).await
}

/// Videos by id (for articles' media), keeping only what `public_only`
/// allows.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
    public_only: bool,
) -> AppResult<std::collections::HashMap<i64, video::Model>> {
    publication::by_ids::<video::Entity>(db, ids, public_only).await
}
