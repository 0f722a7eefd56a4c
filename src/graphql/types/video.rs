//! The `Video` type, its lists and its filter.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
use entity::video;

use super::{
    category::Category,
    common::{self, Count, Seo, SeoImage, parse_opt_id},
    media::PublicationStatus,
    paging::{connection_type, page_type},
};
use crate::{
    clock,
    error::AppError,
    graphql::loader::{Loaders, media},
    service::{
        self,
        publication::{CommonFilter, Status},
        video::{Provider, VideoFilter as Filter},
    },
};

/// Where a video is hosted, detected from its URL.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum VideoProvider {
    /// youtube.com, youtu.be (watch, shorts, embed and live links).
    Youtube,
    /// vimeo.com.
    Vimeo,
    /// A Facebook video, reel or fb.watch link.
    Facebook,
    /// A file served as is: `.mp4`, `.webm` or an HLS `.m3u8` playlist.
    File,
    /// Any other page; no embed URL is derived.
    Other,
}

impl From<Provider> for VideoProvider {
    fn from(p: Provider) -> Self {
        match p {
            Provider::YouTube => Self::Youtube,
            Provider::Vimeo => Self::Vimeo,
            Provider::Facebook => Self::Facebook,
            Provider::File => Self::File,
            Provider::Other => Self::Other,
        }
    }
}

impl From<VideoProvider> for Provider {
    fn from(p: VideoProvider) -> Self {
        match p {
            VideoProvider::Youtube => Self::YouTube,
            VideoProvider::Vimeo => Self::Vimeo,
            VideoProvider::Facebook => Self::Facebook,
            VideoProvider::File => Self::File,
            VideoProvider::Other => Self::Other,
        }
    }
}

/// Narrows a list of videos. All given conditions must hold.
#[derive(InputObject, Default, Debug)]
pub struct VideoFilter {
    /// Only this category (by id)...
    pub category_id: Option<ID>,
    /// ...or by slug.
    pub category_slug: Option<String>,
    /// With a category: include its sub-categories too.
    #[graphql(default_with = "Some(true)")]
    pub include_subcategories: Option<bool>,
    /// Only videos with this tag, by name or slug.
    pub tag: Option<String>,
    /// Only videos from this provider.
    pub provider: Option<VideoProvider>,
    /// Only featured (or only non-featured) videos.
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
    /// Only videos this account created (`User.id`).
    pub author_id: Option<ID>,
    /// Words of the title, description or tags, diacritics optional; with
    /// `status`, drafts are searched too.
    pub q: Option<String>,
}

/// The shared part of a media filter, checked.
pub fn common_filter(
    category_id: Option<&ID>,
    category_slug: Option<String>,
    include_subcategories: Option<bool>,
    featured: Option<bool>,
    published_after: Option<DateTime<Utc>>,
    published_before: Option<DateTime<Utc>>,
    status: Option<Vec<PublicationStatus>>,
) -> Result<CommonFilter, AppError> {
    if let (Some(a), Some(b)) = (published_after, published_before)
        && a >= b
    {
        return Err(AppError::invalid(
            "publishedBefore",
            "publishedBefore must be later than publishedAfter",
        ));
    }
    Ok(CommonFilter {
        category_id: parse_opt_id("filter.categoryId", category_id)?,
        category_slug,
        include_subcategories: include_subcategories.unwrap_or(true),
        featured,
        published_after,
        published_before,
        updated_after: None,
        statuses: status.map(|v| v.into_iter().map(Into::into).collect()),
        author_id: None,
        q: None,
    })
}

/// The editors' narrowing every media filter has: by the account that
/// created an item, and by words (drafts too when statuses are listed).
pub fn by_author_and_text(
    mut common: CommonFilter,
    author_id: Option<&ID>,
    q: Option<String>,
) -> Result<CommonFilter, AppError> {
    common.author_id = parse_opt_id("filter.authorId", author_id)?;
    common.q = q;
    Ok(common)
}

impl VideoFilter {
    /// The service's filter; malformed ids are `BAD_USER_INPUT`.
    pub fn into_service(self) -> Result<Filter, AppError> {
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
        Ok(Filter {
            common: by_author_and_text(common, self.author_id.as_ref(), self.q)?,
            tag: self.tag,
            provider: self.provider.map(Into::into),
        })
    }
}

/// A video of the video list: a recording, a guide, a livestream.
#[derive(Clone, Debug)]
pub struct Video(pub video::Model);

#[Object]
impl Video {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe name, unique among videos; fixed once published.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// A few sentences about the video (plain text).
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// The source URL as the editor gave it.
    async fn url(&self) -> &str {
        &self.0.url
    }

    /// Where the video is hosted, detected from `url`.
    async fn provider(&self) -> VideoProvider {
        service::video::source(&self.0).provider.into()
    }

    /// What to put in an `<iframe>` (or a `<video>` for `FILE`): YouTube
    /// through `www.youtube-nocookie.com/embed/ID` (with `?start=` when the
    /// link had a start time), Vimeo through `player.vimeo.com`, Facebook
    /// through its video plugin, a file as itself; `null` for `OTHER`.
    async fn embed_url(&self) -> Option<String> {
        service::video::source(&self.0).embed_url
    }

    /// The thumbnail the editor chose, else the provider's (YouTube).
    async fn thumbnail_url(&self) -> Option<String> {
        self.0
            .thumbnail_url
            .clone()
            .or_else(|| service::video::source(&self.0).thumbnail_url)
    }

    /// Length in seconds, when known.
    async fn duration_seconds(&self) -> Option<i32> {
        self.0.duration_seconds
    }

    /// The section it belongs to, if any.
    async fn category(&self, ctx: &Context<'_>) -> Result<Option<Category>> {
        match self.0.category_id {
            Some(id) => Ok(Loaders::category(ctx, id).await?.map(Category)),
            None => Ok(None),
        }
    }

    /// Tags in the editor's order.
    async fn tags(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        Ok(media::of(ctx)?
            .video_tags
            .load_one(self.0.id)
            .await?
            .unwrap_or_default())
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

    /// Title, description, canonical address and preview picture.
    async fn seo(&self, ctx: &Context<'_>) -> Result<Seo> {
        let links = common::links(ctx)?;
        let v = &self.0;
        let thumb = v
            .thumbnail_url
            .clone()
            .or_else(|| service::video::source(v).thumbnail_url);
        Ok(Seo::of(
            links,
            &links.video,
            (&v.slug, v.id),
            &v.title,
            v.description.as_deref(),
            thumb.map(|url| SeoImage {
                url,
                width: None,
                height: None,
            }),
        ))
    }

    /// Concurrency token: send it back with `updateVideo` so a colleague's
    /// newer edit is never overwritten.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

page_type!(VideoPage, Video, "A numbered page of videos.");

connection_type!(
    VideoConnection,
    VideoEdge,
    Video,
    video::Model,
    "A Relay connection of videos, newest first."
);
