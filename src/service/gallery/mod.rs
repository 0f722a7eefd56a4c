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
use sea_orm::DatabaseConnection;

pub use photo::{
    NewPhoto, PhotoChanges, add_photos, covers, photo_counts, photo_pages, remove_photos,
    reorder_photos, update_photo,
};
pub use write::{GalleryChanges, NewGallery, create, update};

use super::{
    access::Viewer,
    pagination::{CursorPage, CursorRequest, Page, PageRequest},
    publication::{self, CommonFilter, Media, Sort},
};
use crate::{clock, error::AppResult};

publication::publishable!(gallery, Gallery, listed);

impl Media for gallery::Entity {}

/// A numbered page of galleries with totals.
pub async fn list(
    db: &DatabaseConnection,
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
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &CommonFilter,
    request: CursorRequest,
) -> AppResult<CursorPage<gallery::Model>> {
    let q = publication::filtered::<gallery::Entity>(db, viewer, filter, clock::now()).await?;
    publication::connection(db, q, request).await
}
