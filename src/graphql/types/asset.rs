//! The media library as clients see it.

use async_graphql::{
    ComplexObject, Context, Enum, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject,
};
use chrono::{DateTime, Utc};
use entity::media_asset;

use super::{
    author::AuthorProfile,
    paging::{connection_type, page_type},
};
use crate::{
    config::MediaConfig,
    graphql::{context, loader::Loaders},
    service::asset::{self, MediaPatch, Variant},
};

/// What a library file is.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Document,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Document => "document",
        }
    }
}

/// A resized copy of a library image.
#[derive(SimpleObject, Clone, Debug)]
pub struct MediaVariant {
    pub url: String,
    pub width: i32,
    pub height: i32,
    /// `webp`, `jpeg` or `png`.
    pub format: String,
}

/// Which copies a `srcset` lists.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum SrcsetFormat {
    /// WebP copies (every current browser), then the original.
    #[default]
    Webp,
    /// Copies in the original's format, for the oldest browsers.
    Original,
}

fn variants(config: &MediaConfig, stored: &[Variant]) -> Vec<MediaVariant> {
    stored
        .iter()
        .map(|v| MediaVariant {
            url: config.url(&v.key),
            width: i32::try_from(v.width).unwrap_or(i32::MAX),
            height: i32::try_from(v.height).unwrap_or(i32::MAX),
            format: v.format.clone(),
        })
        .collect()
}

/// `url 320w, url 640w, …` for an `<img srcset>`, the original last.
pub fn srcset(
    config: &MediaConfig,
    asset: &media_asset::Model,
    format: SrcsetFormat,
) -> Option<String> {
    let width = asset.width?;
    let original = asset.mime_type.rsplit('/').next().unwrap_or_default();
    let mut parts: Vec<String> = asset::variants_of(asset)
        .iter()
        .filter(|v| match format {
            SrcsetFormat::Webp => v.format == "webp",
            SrcsetFormat::Original => v.format == original,
        })
        .map(|v| format!("{} {}w", config.url(&v.key), v.width))
        .collect();
    parts.push(format!("{} {width}w", config.url(&asset.storage_key)));
    Some(parts.join(", "))
}

/// A file of the media library.
#[derive(Clone)]
pub struct MediaAsset(pub media_asset::Model);

#[Object]
impl MediaAsset {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The file as served (images without their metadata, upright).
    async fn url(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(context::state(ctx)?.config.media.url(&self.0.storage_key))
    }

    async fn kind(&self) -> MediaKind {
        if self.0.kind == "document" {
            MediaKind::Document
        } else {
            MediaKind::Image
        }
    }

    /// From the file's bytes, not its name.
    async fn mime_type(&self) -> &str {
        &self.0.mime_type
    }

    /// Size of the served file.
    async fn bytes(&self) -> i32 {
        i32::try_from(self.0.bytes).unwrap_or(i32::MAX)
    }

    async fn width(&self) -> Option<i32> {
        self.0.width
    }

    async fn height(&self) -> Option<i32> {
        self.0.height
    }

    /// The name it was uploaded under.
    async fn filename(&self) -> &str {
        &self.0.filename
    }

    async fn alt(&self) -> Option<&str> {
        self.0.alt.as_deref()
    }

    async fn caption(&self) -> Option<&str> {
        self.0.caption.as_deref()
    }

    async fn credit(&self) -> Option<&str> {
        self.0.credit.as_deref()
    }

    /// A preview a few pixels wide (`data:` URL) to show, blurred, while
    /// the image loads.
    async fn placeholder(&self) -> Option<&str> {
        self.0.placeholder.as_deref()
    }

    /// The image's average colour, `#rrggbb`, for the box before it loads.
    async fn dominant_color(&self) -> Option<&str> {
        self.0.dominant_color.as_deref()
    }

    /// Narrower copies (never wider than the original), narrowest first.
    async fn variants(&self, ctx: &Context<'_>) -> Result<Vec<MediaVariant>> {
        let config = &context::state(ctx)?.config.media;
        Ok(variants(config, &asset::variants_of(&self.0)))
    }

    /// For `<img srcset>`: the copies and the original with their widths.
    async fn srcset(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] format: SrcsetFormat,
    ) -> Result<Option<String>> {
        let config = &context::state(ctx)?.config.media;
        Ok(srcset(config, &self.0, format))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Who uploaded it.
    async fn uploaded_by(&self, ctx: &Context<'_>) -> Result<Option<AuthorProfile>> {
        let Some(id) = self.0.uploaded_by else {
            return Ok(None);
        };
        Ok(Loaders::of(ctx)?
            .authors()
            .load_one(id)
            .await?
            .map(AuthorProfile))
    }
}

page_type!(
    MediaAssetPage,
    MediaAsset,
    "A numbered page of the media library, newest first."
);

connection_type!(
    MediaAssetConnection,
    MediaAssetEdge,
    MediaAsset,
    media_asset::Model,
    "The media library as a Relay connection, newest first."
);

impl std::fmt::Debug for MediaAsset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("MediaAsset").field(&self.0.id).finish()
    }
}

/// Narrows the library.
#[derive(InputObject, Default, Debug)]
pub struct MediaFilter {
    pub kind: Option<MediaKind>,
    /// Words of the file name, alt text, caption or credit.
    pub q: Option<String>,
}

impl From<MediaFilter> for asset::MediaFilter {
    fn from(f: MediaFilter) -> Self {
        asset::MediaFilter {
            kind: f.kind.map(|k| k.as_str().to_owned()),
            q: f.q,
        }
    }
}

/// New texts of a library file; absent fields stay, `null` clears.
#[derive(InputObject, Debug)]
pub struct UpdateMediaInput {
    pub alt: MaybeUndefined<String>,
    pub caption: MaybeUndefined<String>,
    pub credit: MaybeUndefined<String>,
}

fn patch_of(v: MaybeUndefined<String>) -> Option<Option<String>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(s) => Some(Some(s)),
    }
}

impl From<UpdateMediaInput> for MediaPatch {
    fn from(i: UpdateMediaInput) -> Self {
        MediaPatch {
            alt: patch_of(i.alt),
            caption: patch_of(i.caption),
            credit: patch_of(i.credit),
        }
    }
}

#[ComplexObject]
impl super::common::Image {
    /// Width in pixels, for a library image.
    async fn width(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(library(ctx, &self.url).await?.and_then(|a| a.width))
    }

    /// Height in pixels, for a library image.
    async fn height(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(library(ctx, &self.url).await?.and_then(|a| a.height))
    }

    /// For `<img srcset>`, for a library image.
    async fn srcset(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] format: SrcsetFormat,
    ) -> Result<Option<String>> {
        let config = &context::state(ctx)?.config.media;
        Ok(library(ctx, &self.url)
            .await?
            .and_then(|a| srcset(config, &a, format)))
    }

    /// Resized copies, for a library image (empty otherwise).
    async fn variants(&self, ctx: &Context<'_>) -> Result<Vec<MediaVariant>> {
        let config = &context::state(ctx)?.config.media;
        Ok(library(ctx, &self.url)
            .await?
            .map(|a| variants(config, &asset::variants_of(&a)))
            .unwrap_or_default())
    }

    /// A tiny preview (`data:` URL), for a library image.
    async fn placeholder(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(library(ctx, &self.url).await?.and_then(|a| a.placeholder))
    }
}

/// The library asset an image URL points at, if it is one of ours.
pub async fn library(ctx: &Context<'_>, url: &str) -> Result<Option<media_asset::Model>> {
    let config = &context::state(ctx)?.config.media;
    let Some(key) = config.key_of(url) else {
        return Ok(None);
    };
    Loaders::of(ctx)?.assets().load_one(key.to_owned()).await
}

/// A library image by the id a client gave in `field`, for use as a picture.
///
/// # Errors
/// `BAD_USER_INPUT` on `field` when no library image has that id.
pub async fn library_image(
    ctx: &Context<'_>,
    field: &'static str,
    id: &ID,
) -> Result<media_asset::Model> {
    let state = context::state(ctx)?;
    let id = super::common::parse_id(field, id)?;
    Ok(asset::get(&state.db, context::viewer(ctx), id)
        .await?
        .filter(|a| a.kind == "image")
        .ok_or_else(|| {
            crate::error::AppError::invalid(field, "no image of the media library has this id")
        })?)
}
