//! Galleries (photo albums): lists, editors' changes, and their ordered
//! photos.
//!
//! Photo positions in an album are always exactly `0..n`: every write that
//! adds, removes or reorders photos keeps them dense, and a unique index on
//! (gallery, position) guarantees no two photos ever share a place. Pages of
//! photos and the default cover (position 0) read positions directly.
//!
//! Finding, publishing, archiving and deleting an album are the generic
//! functions of [`publication`](super::publication) with `gallery::Entity`.

mod photo;
mod write;

use entity::gallery;
use sea_orm::ConnectionTrait;

pub use photo::{
    NewPhoto, PhotoChanges, add_photos, covers, photo_counts, photo_pages, remove_photos,
    reorder_photos, update_photo,
};
pub use write::{GalleryChanges, NewGallery, create, update};

use super::{
    access::Viewer,
    clock,
    pagination::{CursorPage, CursorRequest, Page, PageRequest},
    publication::{self, CommonFilter, Media, Meta, Publishable, Sort},
};
use crate::error::AppResult;

impl Publishable for gallery::Entity {
    const NAME: &'static str = "gallery";
    const ID: gallery::Column = gallery::Column::Id;
    const SLUG: gallery::Column = gallery::Column::Slug;
    const TITLE_SORT: gallery::Column = gallery::Column::TitleSort;
    const CATEGORY_ID: gallery::Column = gallery::Column::CategoryId;
    const CREATED_BY: gallery::Column = gallery::Column::CreatedBy;
    const STATUS: gallery::Column = gallery::Column::Status;
    const PUBLISHED_AT: gallery::Column = gallery::Column::PublishedAt;
    const CREATED_AT: gallery::Column = gallery::Column::CreatedAt;
    const UPDATED_AT: gallery::Column = gallery::Column::UpdatedAt;
    const FEATURED: gallery::Column = gallery::Column::Featured;
    const VIEW_COUNT: gallery::Column = gallery::Column::ViewCount;
    const VERSION: gallery::Column = gallery::Column::Version;

    fn meta(m: &gallery::Model) -> Meta {
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

impl Media for gallery::Entity {}

/// A numbered page of galleries with totals.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &CommonFilter,
    sort: Sort,
    page: PageRequest,
) -> AppResult<Page<gallery::Model>> {
    let q = publication::filtered::<gallery::Entity>(db, viewer, filter, clock::now()).await?;
    publication::page(db, q, sort, page).await
}

/// A Relay slice of galleries, newest first.
pub async fn connection(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &CommonFilter,
    request: CursorRequest,
) -> AppResult<CursorPage<gallery::Model>> {
    let q = publication::filtered::<gallery::Entity>(db, viewer, filter, clock::now()).await?;
    publication::connection(db, q, request).await
}
