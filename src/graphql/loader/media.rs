//! Loaders for videos, galleries and their photos, and the prefetch calls
//! that warm them for a whole list at once.

use std::collections::HashMap;

use async_graphql::{
    Context, Value,
    dataloader::{DataLoader, HashMapCache, Loader},
};
use entity::{gallery, photo, video};
use sea_orm::DatabaseConnection;

use super::{LoadResult, Loaders};
use crate::service::{self, pagination::PageRequest};

/// The loaders of this module, held by [`Loaders`].
pub struct MediaLoaders {
    pub video_tags: DataLoader<VideoTagLoader, HashMapCache>,
    pub photo_counts: DataLoader<PhotoCountLoader, HashMapCache>,
    pub photo_pages: DataLoader<PhotoPageLoader, HashMapCache>,
    pub covers: DataLoader<CoverLoader, HashMapCache>,
    pub article_videos: DataLoader<ArticleVideoLoader, HashMapCache>,
    pub article_galleries: DataLoader<ArticleGalleryLoader, HashMapCache>,
}

/// A per-request loader with its cache (none for a live subscription:
/// see [`Loaders::live`](super::Loaders::live)).
pub(super) fn loader<T: Loader<K>, K>(inner: T, cache: bool) -> DataLoader<T, HashMapCache>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
{
    // Loads run on tasks of their own: they keep the request's clock.
    let loader = DataLoader::with_cache(
        inner,
        |load| tokio::spawn(crate::clock::carried(load)),
        HashMapCache::default(),
    );
    loader.enable_all_cache(cache);
    loader
}

impl MediaLoaders {
    pub fn new(db: &DatabaseConnection, cache: bool) -> Self {
        MediaLoaders {
            video_tags: loader(VideoTagLoader(db.clone()), cache),
            photo_counts: loader(PhotoCountLoader(db.clone()), cache),
            photo_pages: loader(PhotoPageLoader(db.clone()), cache),
            covers: loader(CoverLoader(db.clone()), cache),
            article_videos: loader(ArticleVideoLoader(db.clone()), cache),
            article_galleries: loader(ArticleGalleryLoader(db.clone()), cache),
        }
    }
}

/// Tag names by video id.
pub struct VideoTagLoader(DatabaseConnection);

impl Loader<i64> for VideoTagLoader {
    type Value = Vec<String>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> LoadResult<i64, Vec<String>> {
        Ok(service::video::tags_for(&self.0, keys).await?)
    }
}

/// Photo counts by gallery id.
pub struct PhotoCountLoader(DatabaseConnection);

impl Loader<i64> for PhotoCountLoader {
    type Value = u64;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> LoadResult<i64, u64> {
        Ok(service::gallery::photo_counts(&self.0, keys).await?)
    }
}

/// A page of photos by (gallery id, page).
pub struct PhotoPageLoader(DatabaseConnection);

impl Loader<(i64, PageRequest)> for PhotoPageLoader {
    type Value = Vec<photo::Model>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[(i64, PageRequest)],
    ) -> LoadResult<(i64, PageRequest), Vec<photo::Model>> {
        Ok(service::gallery::photo_pages(&self.0, keys).await?)
    }
}

/// Covers by (gallery id, chosen cover id).
pub struct CoverLoader(DatabaseConnection);

impl Loader<(i64, Option<i64>)> for CoverLoader {
    type Value = photo::Model;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[(i64, Option<i64>)],
    ) -> LoadResult<(i64, Option<i64>), photo::Model> {
        Ok(service::gallery::covers(&self.0, keys).await?)
    }
}

/// An article's videos by (article id, public only).
pub struct ArticleVideoLoader(DatabaseConnection);

impl Loader<(i64, bool)> for ArticleVideoLoader {
    type Value = Vec<video::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[(i64, bool)]) -> LoadResult<(i64, bool), Vec<video::Model>> {
        let mut out = HashMap::new();
        for public_only in [true, false] {
            let ids: Vec<i64> = keys
                .iter()
                .filter(|k| k.1 == public_only)
                .map(|k| k.0)
                .collect();
            if ids.is_empty() {
                continue;
            }
            let mut found = service::media::videos_for(&self.0, &ids, public_only).await?;
            for id in ids {
                out.insert((id, public_only), found.remove(&id).unwrap_or_default());
            }
        }
        Ok(out)
    }
}

/// An article's galleries by (article id, public only).
pub struct ArticleGalleryLoader(DatabaseConnection);

impl Loader<(i64, bool)> for ArticleGalleryLoader {
    type Value = Vec<gallery::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[(i64, bool)]) -> LoadResult<(i64, bool), Vec<gallery::Model>> {
        let mut out = HashMap::new();
        for public_only in [true, false] {
            let ids: Vec<i64> = keys
                .iter()
                .filter(|k| k.1 == public_only)
                .map(|k| k.0)
                .collect();
            if ids.is_empty() {
                continue;
            }
            let mut found = service::media::galleries_for(&self.0, &ids, public_only).await?;
            for id in ids {
                out.insert((id, public_only), found.remove(&id).unwrap_or_default());
            }
        }
        Ok(out)
    }
}

/// The loaders of this request.
pub fn of<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a MediaLoaders> {
    Ok(ctx.data::<Loaders>()?.media())
}

/// The selection under one of `paths` (such as `["items"]`).
fn selects(ctx: &Context<'_>, paths: &[&[&str]], field: &str) -> bool {
    paths.iter().any(|path| {
        let mut node = ctx.look_ahead();
        for step in *path {
            node = node.field(step);
        }
        node.field(field).exists()
    })
}

/// Warms the tag loader for a list of videos about to be returned.
pub async fn prefetch_videos(
    ctx: &Context<'_>,
    items: &[video::Model],
    paths: &[&[&str]],
) -> async_graphql::Result<()> {
    if !items.is_empty() && selects(ctx, paths, "tags") {
        of(ctx)?
            .video_tags
            .load_many(items.iter().map(|v| v.id))
            .await?;
    }
    Ok(())
}

/// The photo page requests a query makes under `paths`, from the
/// arguments of its `photos` fields.
fn photo_page_requests(
    ctx: &Context<'_>,
    paths: &[&[&str]],
    max: u64,
) -> async_graphql::Result<Vec<PageRequest>> {
    let mut out = Vec::new();
    for path in paths {
        let mut node = ctx.look_ahead();
        for step in *path {
            node = node.field(step);
        }
        for field in node.field("photos").selection_fields() {
            let args = field.arguments()?;
            let arg = |name: &str, default: i32| {
                args.iter()
                    .find(|(n, _)| n.as_str() == name)
                    .and_then(|(_, v)| match v {
                        Value::Number(n) => n.as_i64(),
                        _ => None,
                    })
                    .and_then(|n| i32::try_from(n).ok())
                    .unwrap_or(default)
            };
            // An invalid request is reported by the field itself.
            if let Ok(p) = PageRequest::new(arg("page", 1), arg("perPage", PHOTOS_PER_PAGE), max) {
                out.push(p);
            }
        }
    }
    out.sort_by_key(|p| (p.page, p.per_page));
    out.dedup();
    Ok(out)
}

/// Default page size of `Gallery.photos`.
pub const PHOTOS_PER_PAGE: i32 = 50;
/// Largest page of `Gallery.photos`.
pub const MAX_PHOTOS_PER_PAGE: u64 = 200;

/// Warms the cover, count and photo loaders for a list of galleries about
/// to be returned, so the statements do not grow with the list.
pub async fn prefetch_galleries(
    ctx: &Context<'_>,
    items: &[gallery::Model],
    paths: &[&[&str]],
) -> async_graphql::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let loaders = of(ctx)?;
    if selects(ctx, paths, "cover") {
        loaders
            .covers
            .load_many(items.iter().map(|g| (g.id, g.cover_photo_id)))
            .await?;
    }
    let pages = photo_page_requests(ctx, paths, MAX_PHOTOS_PER_PAGE)?;
    if selects(ctx, paths, "photoCount") || !pages.is_empty() {
        loaders
            .photo_counts
            .load_many(items.iter().map(|g| g.id))
            .await?;
    }
    let keys: Vec<(i64, PageRequest)> = pages
        .iter()
        .flat_map(|p| items.iter().map(move |g| (g.id, *p)))
        .collect();
    if !keys.is_empty() {
        loaders.photo_pages.load_many(keys).await?;
    }
    Ok(())
}

/// Warms the media loaders for a list of articles whose `videos` or
/// `galleries` the query selects under `paths`.
pub async fn prefetch_for_articles(
    ctx: &Context<'_>,
    items: &[entity::article::Model],
    paths: &[&[&str]],
) -> async_graphql::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let public_only = !crate::graphql::context::viewer(ctx).sees_unpublished();
    let keys = || items.iter().map(|a| (a.id, public_only));
    if selects(ctx, paths, "videos") {
        of(ctx)?.article_videos.load_many(keys()).await?;
    }
    if selects(ctx, paths, "galleries") {
        of(ctx)?.article_galleries.load_many(keys()).await?;
    }
    Ok(())
}
