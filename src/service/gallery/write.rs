//! Creating and editing galleries (their own fields; photos are in `photo`).

use entity::{gallery, photo};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

use super::photo::{NewPhoto, insert_photos};
use crate::{
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        publication::ContentKind,
        publication::{self},
        validate::{optional, text_field},
    },
    text::collate,
};

/// Fields of a new gallery; it may come with its first photos.
#[derive(Debug, Clone, Default)]
pub struct NewGallery {
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub category_id: Option<i64>,
    pub featured: bool,
    pub photos: Vec<NewPhoto>,
}

/// A partial update: `None` leaves a field alone, `Some(None)` clears an
/// optional one (a cleared cover falls back to the first photo).
#[derive(Debug, Clone, Default)]
pub struct GalleryChanges {
    pub expected_version: i32,
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub slug: Option<String>,
    pub category_id: Option<Option<i64>>,
    pub featured: Option<bool>,
    pub cover_photo_id: Option<Option<i64>>,
}

/// Creates a draft gallery (any signed-in role), with its photos if given.
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewGallery,
) -> AppResult<gallery::Model> {
    viewer.require(Action::CreateMedia)?;
    let title = text_field("title", &input.title, 1, 300)?;
    let description = optional("description", input.description, 5000)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    publication::check_category(&txn, input.category_id).await?;
    let slug =
        publication::new_slug::<gallery::Entity>(&txn, input.slug, &title, "album-anh").await?;
    let fields = gallery::ActiveModel {
        slug: Set(slug),
        title_sort: Set(collate::sort_key(&title)),
        title: Set(title),
        description: Set(description),
        cover_photo_id: Set(None),
        category_id: Set(input.category_id),
        featured: Set(input.featured),
        ..Default::default()
    };
    let model = publication::insert_draft::<gallery::Entity>(&txn, viewer, fields).await?;
    insert_photos(&txn, model.id, input.photos).await?;
    publication::after_write(&txn, viewer, ContentKind::Gallery, model.id, "create").await?;
    txn.commit().await?;
    Ok(model)
}

/// Applies a partial update if `expected_version` is still current.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    changes: GalleryChanges,
) -> AppResult<gallery::Model> {
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let (current, meta) =
        publication::editable::<gallery::Entity>(&txn, viewer, id, changes.expected_version)
            .await?;
    let mut m = current.clone().into_active_model();
    if let Some(t) = changes.title {
        let t = text_field("title", &t, 1, 300)?;
        m.title_sort = Set(collate::sort_key(&t));
        m.title = Set(t);
    }
    if let Some(d) = changes.description {
        m.description = Set(optional("description", d, 5000)?);
    }
    if let Some(c) = changes.category_id {
        publication::check_category(&txn, c).await?;
        m.category_id = Set(c);
    }
    if let Some(f) = changes.featured {
        m.featured = Set(f);
    }
    if let Some(cover) = changes.cover_photo_id {
        if let Some(photo_id) = cover {
            let in_album = photo::Entity::find()
                .filter(photo::Column::Id.eq(photo_id))
                .filter(photo::Column::GalleryId.eq(id))
                .count(&txn)
                .await?;
            if in_album == 0 {
                return Err(AppError::invalid(
                    "coverPhotoId",
                    "the cover must be one of this gallery's photos",
                ));
            }
        }
        m.cover_photo_id = Set(cover);
    }
    if let Some(s) = changes.slug.filter(|s| *s != current.slug) {
        publication::check_slug_change::<gallery::Entity>(&txn, &meta, &s).await?;
        m.slug = Set(s);
    }
    let saved =
        publication::save_if_current::<gallery::Entity>(&txn, m, id, changes.expected_version)
            .await?;
    publication::after_write(&txn, viewer, ContentKind::Gallery, id, "update").await?;
    txn.commit().await?;
    Ok(saved)
}
