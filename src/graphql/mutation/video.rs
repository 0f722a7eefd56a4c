//! Video mutations: editing and publishing.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

use super::{
    input::{maybe, maybe_id},
    lifecycle::lifecycle,
};
use crate::{
    graphql::{
        context,
        types::{
            common::{parse_id, parse_opt_id},
            video::Video,
        },
    },
    service::{
        self,
        video::{NewVideo, VideoChanges},
    },
};

/// A new video; it starts as a draft.
#[derive(InputObject, Debug)]
pub struct CreateVideoInput {
    /// 1-300 characters.
    pub title: String,
    /// The video's http(s) URL: a YouTube, Vimeo or Facebook link, or a
    /// direct `.mp4`/`.webm`/`.m3u8` file; the provider is detected from it.
    pub url: String,
    pub description: Option<String>,
    /// Derived from the title when absent.
    pub slug: Option<String>,
    /// A thumbnail picture; YouTube's is used when absent.
    pub thumbnail_url: Option<String>,
    /// A media library image as the thumbnail (instead of `thumbnailUrl`).
    pub thumbnail_media_id: Option<ID>,
    pub duration_seconds: Option<i32>,
    pub category_id: Option<ID>,
    #[graphql(default)]
    pub tags: Vec<String>,
    #[graphql(default)]
    pub featured: bool,
}

/// A partial update: absent fields stay as they are, `null` clears an optional one.
#[derive(InputObject, Debug)]
pub struct UpdateVideoInput {
    /// The `version` you started editing from; `CONFLICT` if a colleague saved since.
    pub version: i32,
    pub title: Option<String>,
    pub url: Option<String>,
    pub description: MaybeUndefined<String>,
    /// Only while the video has never been published.
    pub slug: Option<String>,
    pub thumbnail_url: MaybeUndefined<String>,
    /// A media library image as the thumbnail (instead of `thumbnailUrl`).
    pub thumbnail_media_id: Option<ID>,
    pub duration_seconds: MaybeUndefined<i32>,
    pub category_id: MaybeUndefined<ID>,
    pub tags: Option<Vec<String>>,
    pub featured: Option<bool>,
}

/// The URL of a library image used as a thumbnail.
async fn thumbnail(ctx: &Context<'_>, id: &ID) -> Result<String> {
    let a = crate::graphql::types::asset::library_image(ctx, "thumbnailMediaId", id).await?;
    Ok(context::state(ctx)?.config.media.url(&a.storage_key))
}

fn both_thumbnails() -> async_graphql::Error {
    crate::error::AppError::invalid(
        "thumbnailMediaId",
        "give thumbnailUrl or thumbnailMediaId, not both",
    )
    .into()
}

#[derive(Default)]
pub struct VideoMutation;

#[Object]
impl VideoMutation {
    /// Creates a draft video (any signed-in role).
    async fn create_video(&self, ctx: &Context<'_>, input: CreateVideoInput) -> Result<Video> {
        let db = context::db(ctx)?;
        let new = NewVideo {
            title: input.title,
            url: input.url,
            description: input.description,
            slug: input.slug,
            thumbnail_url: match (input.thumbnail_url, input.thumbnail_media_id) {
                (url, None) => url,
                (None, Some(id)) => Some(thumbnail(ctx, &id).await?),
                (Some(_), Some(_)) => return Err(both_thumbnails()),
            },
            duration_seconds: input.duration_seconds,
            category_id: parse_opt_id("categoryId", input.category_id.as_ref())?,
            tags: input.tags,
            featured: input.featured,
        };
        Ok(Video(
            service::video::create(db, context::viewer(ctx), new).await?,
        ))
    }

    /// Changes a video (editors; authors their own drafts).
    async fn update_video(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateVideoInput,
    ) -> Result<Video> {
        let db = context::db(ctx)?;
        let category_id = maybe_id("categoryId", input.category_id)?;
        let changes = VideoChanges {
            expected_version: input.version,
            title: input.title,
            url: input.url,
            description: maybe(input.description, |s| s),
            slug: input.slug,
            thumbnail_url: match (input.thumbnail_url, input.thumbnail_media_id) {
                (url, None) => maybe(url, |s| s),
                (MaybeUndefined::Undefined, Some(id)) => Some(Some(thumbnail(ctx, &id).await?)),
                (_, Some(_)) => return Err(both_thumbnails()),
            },
            duration_seconds: maybe(input.duration_seconds, |d| d),
            category_id,
            tags: input.tags,
            featured: input.featured,
        };
        let id = parse_id("id", &id)?;
        Ok(Video(
            service::video::update(db, context::viewer(ctx), id, changes).await?,
        ))
    }
}

lifecycle!(
    VideoLifecycle,
    entity::video::Entity,
    Video,
    "video",
    publish_video,
    unpublish_video,
    archive_video,
    delete_video,
    "Deletes a video for good (and its place in articles); returns its id."
);
