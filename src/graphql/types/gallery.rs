//! The `Gallery` (photo album) and `Photo` types, their lists and filter.

use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
use entity::{gallery, photo};

use super::{
    category::Category,
    common::{self, Count, Seo, SeoImage, int},
    media::PublicationStatus,
    paging::{connection_type, page_type},
    video::{by_author_and_text, common_filter},
};
use crate::{
    clock,
    error::AppError,
    graphql::loader::{
        Loaders,
        media::{self, MAX_PHOTOS_PER_PAGE, PHOTOS_PER_PAGE},
    },
    service::{
        pagination::{Page, PageRequest},
        publication::{CommonFilter, Status},
    },
};

/// Narrows a list of galleries. All given conditions must hold.
#[derive(InputObject, Default, Debug)]
pub struct GalleryFilter {
    /// Only this category (by id)...
    pub category_id: Option<ID>,
    /// ...or by slug.
    pub category_slug: Option<String>,
    /// With a category: include its sub-categories too.
    #[graphql(default_with = "Some(true)")]
    pub include_subcategories: Option<bool>,
    /// Only featured (or only non-featured) galleries.
    pub featured: Option<bool>,
    /// Published at or after this instant.
    pub published_after: Option<DateTime<Utc>>,
    /// Published before this instant.
    pub published_before: Option<DateTime<Utc>>,
    /// Last changed (edited or published) at or after this instant, to
    /// fetch only what changed since an earlier sync (items taken down are
    /// not listed, so they do not show here).
    pub updated_after: Option<DateTime<Utc>>,
    /// Editors only: show these statuses instead of what the public sees.
    pub status: Option<Vec<PublicationStatus>>,
    /// Only galleries this account created (`User.id`).
    pub author_id: Option<ID>,
    /// Words of the title, description or captions, diacritics optional;
    /// with `status`, drafts are searched too.
    pub q: Option<String>,
}

impl GalleryFilter {
    /// The service's filter; malformed ids are `BAD_USER_INPUT`.
    pub fn into_service(self) -> Result<CommonFilter, AppError> {
        let common = common_filter(
            self.category_id.as_ref(),
            self.category_slug,
            self.include_subcategories,
            self.featured,
            self.published_after,
            self.published_before,
            self.status,
        )?;
        let common = CommonFilter {
            updated_after: self.updated_after,
            ..common
        };
        by_author_and_text(common, self.author_id.as_ref(), self.q)
    }
}

/// A photo album of a local event.
#[derive(Clone, Debug)]
pub struct Gallery(pub gallery::Model);

#[Object]
impl Gallery {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe name, unique among galleries; fixed once published.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// A few sentences about the album (plain text).
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// The cover: the photo the editor chose, else the first photo; `null`
    /// for an empty album.
    async fn cover(&self, ctx: &Context<'_>) -> Result<Option<Photo>> {
        Ok(media::of(ctx)?
            .covers
            .load_one((self.0.id, self.0.cover_photo_id))
            .await?
            .map(Photo))
    }

    /// Number of photos in the album.
    async fn photo_count(&self, ctx: &Context<'_>) -> Result<i32> {
        let n = media::of(ctx)?
            .photo_counts
            .load_one(self.0.id)
            .await?
            .unwrap_or(0);
        Ok(int(n))
    }

    /// The photos in order, a page at a time (`perPage` up to 200).
    #[graphql(complexity = "crate::graphql::rows(per_page, 50, child_complexity)")]
    async fn photos(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 50)] per_page: Option<i32>,
    ) -> Result<PhotoPage> {
        let page = PageRequest::new(
            page.unwrap_or(1),
            per_page.unwrap_or(PHOTOS_PER_PAGE),
            MAX_PHOTOS_PER_PAGE,
        )?;
        let loaders = media::of(ctx)?;
        // Both loads run together so they join the same batches.
        let (total, items) = tokio::join!(
            loaders.photo_counts.load_one(self.0.id),
            loaders.photo_pages.load_one((self.0.id, page)),
        );
        Ok(PhotoPage::of(
            Page {
                items: items?.unwrap_or_default(),
                total: total?.unwrap_or(0),
                page: page.page,
                per_page: page.per_page,
            },
            Photo,
        ))
    }

    /// The section it belongs to, if any.
    async fn category(&self, ctx: &Context<'_>) -> Result<Option<Category>> {
        match self.0.category_id {
            Some(id) => Ok(Loaders::category(ctx, id).await?.map(Category)),
            None => Ok(None),
        }
    }

    async fn status(&self) -> PublicationStatus {
        Status::of(self.0.status, self.0.published_at, clock::now()).into()
    }

    /// When it went (or goes) live; `null` for drafts.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Shown in the home page's highlights.
    async fn featured(&self) -> bool {
        self.0.featured
    }

    async fn view_count(&self) -> Count {
        Count(u64::try_from(self.0.view_count).unwrap_or(0))
    }

    /// Title, description, canonical address and the cover as preview.
    async fn seo(&self, ctx: &Context<'_>) -> Result<Seo> {
        let links = common::links(ctx)?;
        let cover = media::of(ctx)?
            .covers
            .load_one((self.0.id, self.0.cover_photo_id))
            .await?;
        let g = &self.0;
        Ok(Seo::of(
            links,
            &links.gallery,
            (&g.slug, g.id),
            &g.title,
            g.description.as_deref(),
            cover.map(|p| SeoImage {
                url: p.url,
                width: p.width,
                height: p.height,
            }),
        ))
    }

    /// Concurrency token: bumped by every change to the album or its
    /// photos; send it back with `updateGallery` (and optionally
    /// `reorderPhotos`).
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// One picture of an album.
#[derive(Clone, Debug)]
pub struct Photo(pub photo::Model);

#[Object]
impl Photo {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Absolute http(s) URL of the picture.
    async fn url(&self) -> &str {
        &self.0.url
    }

    /// Caption printed under the picture.
    async fn caption(&self) -> Option<&str> {
        self.0.caption.as_deref()
    }

    /// Alternative text for screen readers.
    async fn alt(&self) -> Option<&str> {
        self.0.alt.as_deref()
    }

    /// Width in pixels, when known.
    async fn width(&self) -> Option<i32> {
        self.0.width
    }

    /// Height in pixels, when known.
    async fn height(&self) -> Option<i32> {
        self.0.height
    }

    /// For `<img srcset>`, when the photo is a media library image.
    async fn srcset(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] format: super::asset::SrcsetFormat,
    ) -> Result<Option<String>> {
        let config = &crate::graphql::context::state(ctx)?.config.media;
        Ok(super::asset::library(ctx, &self.0.url)
            .await?
            .and_then(|a| super::asset::srcset(config, &a, format)))
    }

    /// A tiny preview (`data:` URL), when the photo is a library image.
    async fn placeholder(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(super::asset::library(ctx, &self.0.url)
            .await?
            .and_then(|a| a.placeholder))
    }

    /// Who took it, as printed ("Ảnh: Hoàng Minh Đức").
    async fn credit(&self) -> Option<&str> {
        self.0.credit.as_deref()
    }

    /// Place in the album: 0, 1, 2... with no gaps.
    async fn position(&self) -> i32 {
        self.0.position
    }
}

page_type!(GalleryPage, Gallery, "A numbered page of galleries.");
connection_type!(
    GalleryConnection,
    GalleryEdge,
    Gallery,
    gallery::Model,
    "A Relay connection of galleries, newest first."
);
page_type!(PhotoPage, Photo, "A page of an album's photos, in order.");
