//! Gallery mutations: albums and their photos.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

use super::{
    input::{maybe, maybe_id},
    lifecycle::lifecycle,
};
use crate::{
    error::AppError,
    graphql::{
        context,
        types::{
            common::{parse_id, parse_opt_id},
            gallery::{Gallery, Photo},
        },
    },
    service::{
        self,
        gallery::{GalleryChanges, NewGallery, NewPhoto, PhotoChanges},
    },
};

/// A photo as an editor gives it: a media library image (`mediaId`; its
/// size, alt text, caption and credit come along unless given here) or
/// any absolute http(s) `url`.
#[derive(InputObject, Debug, Clone)]
pub struct PhotoInput {
    /// Absolute http(s) URL of the picture (or give `mediaId`).
    pub url: Option<String>,
    pub media_id: Option<ID>,
    pub caption: Option<String>,
    /// Alternative text for screen readers.
    pub alt: Option<String>,
    /// Pixels.
    pub width: Option<i32>,
    /// Pixels.
    pub height: Option<i32>,
    /// As printed, e.g. "Ảnh: Hoàng Minh Đức".
    pub credit: Option<String>,
}

/// The photos the inputs stand for, library ones looked up.
async fn photos_of(ctx: &Context<'_>, photos: Vec<PhotoInput>) -> Result<Vec<NewPhoto>> {
    let state = context::state(ctx)?;
    // The library images of all the photos, in one statement.
    let ids = photos
        .iter()
        .filter_map(|p| p.media_id.as_ref())
        .map(|id| parse_id("photos.mediaId", id))
        .collect::<Result<Vec<i64>, _>>()?;
    let library =
        crate::service::asset::images_by_id(&state.db, context::viewer(ctx), &ids).await?;
    let mut out = Vec::with_capacity(photos.len());
    for p in photos {
        out.push(match (p.url, p.media_id) {
            (Some(url), None) => NewPhoto {
                url,
                caption: p.caption,
                alt: p.alt,
                width: p.width,
                height: p.height,
                credit: p.credit,
            },
            (None, Some(id)) => {
                let a = library
                    .get(&parse_id("photos.mediaId", &id)?)
                    .cloned()
                    .ok_or_else(|| {
                        crate::error::AppError::invalid(
                            "photos.mediaId",
                            "no image of the media library has this id",
                        )
                    })?;
                NewPhoto {
                    url: state.config.media.url(&a.storage_key),
                    caption: p.caption.or(a.caption),
                    alt: p.alt.or(a.alt),
                    width: p.width.or(a.width),
                    height: p.height.or(a.height),
                    credit: p.credit.or(a.credit),
                }
            }
            _ => {
                return Err(crate::error::AppError::invalid(
                    "photos",
                    "give each photo either url or mediaId",
                )
                .into());
            }
        });
    }
    Ok(out)
}

/// Changes to one photo: absent fields stay as they are, `null` clears one.
#[derive(InputObject, Debug)]
pub struct UpdatePhotoInput {
    pub url: Option<String>,
    pub caption: MaybeUndefined<String>,
    pub alt: MaybeUndefined<String>,
    pub width: MaybeUndefined<i32>,
    pub height: MaybeUndefined<i32>,
    pub credit: MaybeUndefined<String>,
}

/// A new gallery; it starts as a draft, with its first photos if given.
#[derive(InputObject, Debug)]
pub struct CreateGalleryInput {
    /// 1-300 characters.
    pub title: String,
    pub description: Option<String>,
    /// Derived from the title when absent.
    pub slug: Option<String>,
    pub category_id: Option<ID>,
    #[graphql(default)]
    pub featured: bool,
    /// Photos in order (up to 200; add more with `addPhotos`).
    #[graphql(default)]
    pub photos: Vec<PhotoInput>,
}

/// A partial update: absent fields stay as they are, `null` clears an optional one.
#[derive(InputObject, Debug)]
pub struct UpdateGalleryInput {
    /// The `version` you started editing from; `CONFLICT` if the album changed since.
    pub version: i32,
    pub title: Option<String>,
    pub description: MaybeUndefined<String>,
    /// Only while the gallery has never been published.
    pub slug: Option<String>,
    pub category_id: MaybeUndefined<ID>,
    pub featured: Option<bool>,
    /// One of the album's photos; `null` goes back to the first photo.
    pub cover_photo_id: MaybeUndefined<ID>,
}

fn ids(field: &'static str, ids: &[ID]) -> Result<Vec<i64>, AppError> {
    ids.iter().map(|i| parse_id(field, i)).collect()
}

#[derive(Default)]
pub struct GalleryMutation;

#[Object]
impl GalleryMutation {
    /// Creates a draft gallery (any signed-in role).
    async fn create_gallery(
        &self,
        ctx: &Context<'_>,
        input: CreateGalleryInput,
    ) -> Result<Gallery> {
        let db = context::db(ctx)?;
        let new = NewGallery {
            title: input.title,
            description: input.description,
            slug: input.slug,
            category_id: parse_opt_id("categoryId", input.category_id.as_ref())?,
            featured: input.featured,
            photos: photos_of(ctx, input.photos).await?,
        };
        Ok(Gallery(
            service::gallery::create(db, context::viewer(ctx), new).await?,
        ))
    }

    /// Changes a gallery's own fields (editors; authors their own drafts).
    async fn update_gallery(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateGalleryInput,
    ) -> Result<Gallery> {
        let db = context::db(ctx)?;
        let changes = GalleryChanges {
            expected_version: input.version,
            title: input.title,
            description: maybe(input.description, |s| s),
            slug: input.slug,
            category_id: maybe_id("categoryId", input.category_id)?,
            featured: input.featured,
            cover_photo_id: maybe_id("coverPhotoId", input.cover_photo_id)?,
        };
        let id = parse_id("id", &id)?;
        Ok(Gallery(
            service::gallery::update(db, context::viewer(ctx), id, changes).await?,
        ))
    }

    /// Appends photos at the end of a gallery, all or none (up to 200 per
    /// call); returns the new photos.
    async fn add_photos(
        &self,
        ctx: &Context<'_>,
        gallery_id: ID,
        photos: Vec<PhotoInput>,
    ) -> Result<Vec<Photo>> {
        let db = context::db(ctx)?;
        let gallery_id = parse_id("galleryId", &gallery_id)?;
        let photos = photos_of(ctx, photos).await?;
        let added =
            service::gallery::add_photos(db, context::viewer(ctx), gallery_id, photos).await?;
        Ok(added.into_iter().map(Photo).collect())
    }

    /// Changes one photo's URL, caption, alt text, size or credit.
    async fn update_photo(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdatePhotoInput,
    ) -> Result<Photo> {
        let db = context::db(ctx)?;
        let changes = PhotoChanges {
            url: input.url,
            caption: maybe(input.caption, |s| s),
            alt: maybe(input.alt, |s| s),
            width: maybe(input.width, |w| w),
            height: maybe(input.height, |h| h),
            credit: maybe(input.credit, |s| s),
        };
        let id = parse_id("id", &id)?;
        Ok(Photo(
            service::gallery::update_photo(db, context::viewer(ctx), id, changes).await?,
        ))
    }

    /// Removes photos from a gallery; the others close ranks.
    async fn remove_photos(
        &self,
        ctx: &Context<'_>,
        gallery_id: ID,
        photo_ids: Vec<ID>,
    ) -> Result<Gallery> {
        let db = context::db(ctx)?;
        let gallery_id = parse_id("galleryId", &gallery_id)?;
        let photo_ids = ids("photoIds", &photo_ids)?;
        let viewer = context::viewer(ctx);
        Ok(Gallery(
            service::gallery::remove_photos(db, viewer, gallery_id, &photo_ids).await?,
        ))
    }

    /// Puts a gallery's photos in this order. The list must hold every photo
    /// of the gallery exactly once (`BAD_USER_INPUT` otherwise). With
    /// `version`, a gallery changed since is a `CONFLICT`.
    async fn reorder_photos(
        &self,
        ctx: &Context<'_>,
        gallery_id: ID,
        photo_ids: Vec<ID>,
        version: Option<i32>,
    ) -> Result<Gallery> {
        let db = context::db(ctx)?;
        let gallery_id = parse_id("galleryId", &gallery_id)?;
        let photo_ids = ids("photoIds", &photo_ids)?;
        let viewer = context::viewer(ctx);
        Ok(Gallery(
            service::gallery::reorder_photos(db, viewer, gallery_id, &photo_ids, version).await?,
        ))
    }
}

lifecycle!(
    GalleryLifecycle,
    entity::gallery::Entity,
    Gallery,
    "gallery",
    publish_gallery,
    unpublish_gallery,
    archive_gallery,
    delete_gallery,
    "Deletes a gallery with its photos; returns its id."
);
