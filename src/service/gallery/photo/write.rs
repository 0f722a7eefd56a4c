//! Changing the photos of a gallery: adding, editing, removing and
//! reordering them.
//!
//! Every change takes the gallery's row first ([`publication::lock`]): it
//! bumps the version, so concurrent changes to one album run one after the
//! other (and a caller holding an old version gets `CONFLICT`), and it keeps
//! positions dense and unique under races.

use std::collections::HashSet;

use entity::{gallery, photo};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait},
};

use crate::{
    clock,
    error::{AppError, AppResult},
    service::{
        access::Viewer,
        publication::ContentKind,
        publication::{self, Publishable},
        validate::{check_url, optional},
    },
};

/// Most photos one `addPhotos` call may bring.
pub const MAX_PHOTOS_PER_CALL: usize = 200;
/// Most photos one album may hold.
pub const MAX_PHOTOS_PER_GALLERY: u64 = 2000;

/// A photo as an editor gives it.
#[derive(Debug, Clone, Default)]
pub struct NewPhoto {
    pub url: String,
    pub caption: Option<String>,
    pub alt: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub credit: Option<String>,
}

/// Changes to one photo: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct PhotoChanges {
    pub url: Option<String>,
    pub caption: Option<Option<String>>,
    pub alt: Option<Option<String>>,
    pub width: Option<Option<i32>>,
    pub height: Option<Option<i32>>,
    pub credit: Option<Option<String>>,
}

/// Input field names, as the client sees them in `addPhotos` or `updatePhoto`.
struct Fields {
    url: &'static str,
    caption: &'static str,
    alt: &'static str,
    width: &'static str,
    height: &'static str,
    credit: &'static str,
}

const IN_LIST: Fields = Fields {
    url: "photos.url",
    caption: "photos.caption",
    alt: "photos.alt",
    width: "photos.width",
    height: "photos.height",
    credit: "photos.credit",
};

const IN_INPUT: Fields = Fields {
    url: "url",
    caption: "caption",
    alt: "alt",
    width: "width",
    height: "height",
    credit: "credit",
};

fn check_size(field: &'static str, v: Option<i32>) -> AppResult<Option<i32>> {
    match v {
        Some(n) if !(1..=50_000).contains(&n) => Err(AppError::invalid(
            field,
            format!("{field} must be between 1 and 50000 pixels"),
        )),
        v => Ok(v),
    }
}

fn check_photo(p: NewPhoto, f: &Fields) -> AppResult<NewPhoto> {
    Ok(NewPhoto {
        url: check_url(f.url, &p.url)?,
        caption: optional(f.caption, p.caption, 2000)?,
        alt: optional(f.alt, p.alt, 500)?,
        width: check_size(f.width, p.width)?,
        height: check_size(f.height, p.height)?,
        credit: optional(f.credit, p.credit, 300)?,
    })
}

/// Checks every photo of a list, naming the first bad one in the message.
fn check_photos(photos: Vec<NewPhoto>) -> AppResult<Vec<NewPhoto>> {
    if photos.len() > MAX_PHOTOS_PER_CALL {
        return Err(AppError::invalid(
            "photos",
            format!("at most {MAX_PHOTOS_PER_CALL} photos per call"),
        ));
    }
    photos
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            check_photo(p, &IN_LIST).map_err(|e| match e {
                AppError::Validation(mut f) => {
                    f.message = format!("photo {}: {}", i + 1, f.message);
                    AppError::Validation(f)
                }
                e => e,
            })
        })
        .collect()
}

/// The photos of a gallery in order.
async fn photos_of(db: &impl ConnectionTrait, gallery_id: i64) -> AppResult<Vec<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::GalleryId.eq(gallery_id))
        .order_by_asc(photo::Column::Position)
        .all(db)
        .await?)
}

/// Appends checked photos at the end of a gallery (inside its transaction).
pub(in crate::service::gallery) async fn insert_photos(
    db: &impl ConnectionTrait,
    gallery_id: i64,
    photos: Vec<NewPhoto>,
) -> AppResult<Vec<photo::Model>> {
    let photos = check_photos(photos)?;
    if photos.is_empty() {
        return Ok(Vec::new());
    }
    let last: Option<Option<i32>> = photo::Entity::find()
        .filter(photo::Column::GalleryId.eq(gallery_id))
        .select_only()
        .column_as(Expr::col(photo::Column::Position).max(), "last")
        .into_tuple()
        .one(db)
        .await?;
    let next = last.flatten().map_or(0, |p| p + 1);
    let count = u64::try_from(next).unwrap_or(0) + photos.len() as u64;
    if count > MAX_PHOTOS_PER_GALLERY {
        return Err(AppError::invalid(
            "photos",
            format!("a gallery holds at most {MAX_PHOTOS_PER_GALLERY} photos"),
        ));
    }
    let now = clock::now();
    let rows = photos
        .into_iter()
        .zip(next..)
        .map(|(p, position)| photo::ActiveModel {
            gallery_id: Set(gallery_id),
            url: Set(p.url),
            caption: Set(p.caption),
            alt: Set(p.alt),
            width: Set(p.width),
            height: Set(p.height),
            credit: Set(p.credit),
            position: Set(position),
            created_at: Set(now),
            ..Default::default()
        });
    photo::Entity::insert_many(rows).exec(db).await?;
    Ok(photo::Entity::find()
        .filter(photo::Column::GalleryId.eq(gallery_id))
        .filter(photo::Column::Position.gte(next))
        .order_by_asc(photo::Column::Position)
        .all(db)
        .await?)
}

/// Locks a gallery for a photo change and checks the viewer may edit it.
async fn lock_for_edit(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    gallery_id: i64,
    expected_version: Option<i32>,
) -> AppResult<gallery::Model> {
    let g = publication::lock::<gallery::Entity>(db, gallery_id, expected_version).await?;
    publication::require_edit(viewer, &gallery::Entity::meta(&g))?;
    Ok(g)
}

/// Appends photos to a gallery, all or none; returns the new photos.
pub async fn add_photos(
    db: &DatabaseConnection,
    viewer: &Viewer,
    gallery_id: i64,
    photos: Vec<NewPhoto>,
) -> AppResult<Vec<photo::Model>> {
    viewer.principal()?;
    if photos.is_empty() {
        return Err(AppError::invalid("photos", "give at least one photo"));
    }
    let photos = check_photos(photos)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    lock_for_edit(&txn, viewer, gallery_id, None).await?;
    let added = insert_photos(&txn, gallery_id, photos).await?;
    publication::after_write(&txn, viewer, ContentKind::Gallery, gallery_id, "photos.add").await?;
    txn.commit().await?;
    Ok(added)
}

/// Changes one photo's fields.
pub async fn update_photo(
    db: &DatabaseConnection,
    viewer: &Viewer,
    photo_id: i64,
    changes: PhotoChanges,
) -> AppResult<photo::Model> {
    viewer.principal()?;
    // Read before the transaction: a photo never changes gallery, and the
    // transaction's first statement must be the gallery lock.
    let gallery_id = photo::Entity::find_by_id(photo_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("photo"))?
        .gallery_id;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    lock_for_edit(&txn, viewer, gallery_id, None).await?;
    let current = photo::Entity::find_by_id(photo_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("photo"))?;
    let mut m = current.into_active_model();
    if let Some(u) = changes.url {
        m.url = Set(check_url(IN_INPUT.url, &u)?);
    }
    if let Some(c) = changes.caption {
        m.caption = Set(optional(IN_INPUT.caption, c, 2000)?);
    }
    if let Some(a) = changes.alt {
        m.alt = Set(optional(IN_INPUT.alt, a, 500)?);
    }
    if let Some(w) = changes.width {
        m.width = Set(check_size(IN_INPUT.width, w)?);
    }
    if let Some(h) = changes.height {
        m.height = Set(check_size(IN_INPUT.height, h)?);
    }
    if let Some(c) = changes.credit {
        m.credit = Set(optional(IN_INPUT.credit, c, 300)?);
    }
    let saved = sea_orm::ActiveModelTrait::update(m, &txn).await?;
    publication::after_write(
        &txn,
        viewer,
        ContentKind::Gallery,
        saved.gallery_id,
        "photos.update",
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Removes photos from a gallery; the rest close ranks. Every id must be a
/// photo of this gallery.
pub async fn remove_photos(
    db: &DatabaseConnection,
    viewer: &Viewer,
    gallery_id: i64,
    photo_ids: &[i64],
) -> AppResult<gallery::Model> {
    viewer.principal()?;
    if photo_ids.is_empty() {
        return Err(AppError::invalid("photoIds", "give at least one photo id"));
    }
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let g = lock_for_edit(&txn, viewer, gallery_id, None).await?;
    let photos = photos_of(&txn, gallery_id).await?;
    let own: HashSet<i64> = photos.iter().map(|p| p.id).collect();
    if let Some(bad) = photo_ids.iter().find(|id| !own.contains(id)) {
        return Err(AppError::invalid(
            "photoIds",
            format!("photo {bad} is not in this gallery"),
        ));
    }
    let gone: HashSet<i64> = photo_ids.iter().copied().collect();
    photo::Entity::delete_many()
        .filter(photo::Column::Id.is_in(gone.iter().copied()))
        .exec(&txn)
        .await?;
    let rest: Vec<i64> = photos
        .iter()
        .map(|p| p.id)
        .filter(|id| !gone.contains(id))
        .collect();
    renumber(&txn, gallery_id, &rest).await?;
    if g.cover_photo_id.is_some_and(|c| gone.contains(&c)) {
        gallery::Entity::update_many()
            .col_expr(gallery::Column::CoverPhotoId, Expr::value(None::<i64>))
            .filter(gallery::Column::Id.eq(gallery_id))
            .exec(&txn)
            .await?;
    }
    let saved = publication::load::<gallery::Entity>(&txn, gallery_id).await?;
    publication::after_write(
        &txn,
        viewer,
        ContentKind::Gallery,
        gallery_id,
        "photos.remove",
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Puts a gallery's photos in the given order. The list must hold exactly
/// the gallery's photos, each once; with `expected_version`, the gallery
/// must not have changed since.
pub async fn reorder_photos(
    db: &DatabaseConnection,
    viewer: &Viewer,
    gallery_id: i64,
    photo_ids: &[i64],
    expected_version: Option<i32>,
) -> AppResult<gallery::Model> {
    viewer.principal()?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    lock_for_edit(&txn, viewer, gallery_id, expected_version).await?;
    let current: Vec<i64> = photos_of(&txn, gallery_id)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    check_order(&current, photo_ids)?;
    renumber(&txn, gallery_id, photo_ids).await?;
    let saved = publication::load::<gallery::Entity>(&txn, gallery_id).await?;
    publication::after_write(
        &txn,
        viewer,
        ContentKind::Gallery,
        gallery_id,
        "photos.reorder",
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// A new order must be a permutation of the current photos.
fn check_order(current: &[i64], order: &[i64]) -> AppResult<()> {
    let bad = |m: String| AppError::invalid("photoIds", m);
    let mut seen = HashSet::new();
    for id in order {
        if !seen.insert(*id) {
            return Err(bad(format!("photo {id} is listed twice")));
        }
    }
    let current: HashSet<i64> = current.iter().copied().collect();
    if let Some(extra) = order.iter().find(|id| !current.contains(id)) {
        return Err(bad(format!("photo {extra} is not in this gallery")));
    }
    if let Some(missing) = current.iter().find(|id| !seen.contains(id)) {
        return Err(bad(format!(
            "photo {missing} is missing: list every photo of the gallery"
        )));
    }
    Ok(())
}

/// Gives `ids` the positions 0, 1, 2... in two statements that never let
/// two photos share a position, even for a moment: first every photo moves
/// to a distinct negative place, then each to its final one.
async fn renumber(db: &impl ConnectionTrait, gallery_id: i64, ids: &[i64]) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    photo::Entity::update_many()
        .col_expr(
            photo::Column::Position,
            Expr::val(-1).sub(Expr::col(photo::Column::Position)),
        )
        .filter(photo::Column::GalleryId.eq(gallery_id))
        .exec(db)
        .await?;
    let mut case = Expr::case(photo::Column::Id.eq(ids[0]), 0);
    for (id, position) in ids.iter().zip(0i32..).skip(1) {
        case = case.case(photo::Column::Id.eq(*id), position);
    }
    photo::Entity::update_many()
        .col_expr(
            photo::Column::Position,
            case.finally(Expr::col(photo::Column::Position)).into(),
        )
        .filter(photo::Column::GalleryId.eq(gallery_id))
        .exec(db)
        .await?;
    Ok(())
}
