//! Per-request loaders: one per relation, so the statements a request runs do
//! not grow with the number of items it returns. They live for one request,
//! so their caches never serve another request's (or another viewer's) data.
//!
//! The category tree is small and asked for from many places at once (an
//! article's category, its parent, children, counts); it is read whole, at
//! most once per request, behind a `OnceCell` so that concurrent fields wait
//! for the same read instead of racing to start their own.

use std::{
    collections::HashMap,
    sync::{Arc, OnceLock},
};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{article, category};
use sea_orm::DatabaseConnection;
use tokio::sync::OnceCell;

use crate::service::{
    self,
    article::{CategoryPageKey, RelatedKey},
    pagination::Page,
};

pub mod media;

pub use media::{prefetch_galleries, prefetch_videos};

/// All loaders of one request. Each is made on first use: most requests
/// (a visit, a counter, one article) need few of them or none.
pub struct Loaders {
    db: DatabaseConnection,
    categories: OnceCell<Arc<Vec<category::Model>>>,
    counts: OnceCell<Arc<HashMap<i64, u64>>>,
    tags: OnceLock<DataLoader<TagLoader, HashMapCache>>,
    related: OnceLock<DataLoader<RelatedLoader, HashMapCache>>,
    category_pages: OnceLock<DataLoader<CategoryPageLoader, HashMapCache>>,
    media: OnceLock<media::MediaLoaders>,
    authors: OnceLock<DataLoader<AuthorLoader, HashMapCache>>,
    assets: OnceLock<DataLoader<AssetLoader, HashMapCache>>,
    /// Serves a live subscription: nothing is kept from one event to the
    /// next (each is answered as a fresh request would be).
    live: bool,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Loaders {
            db: db.clone(),
            categories: OnceCell::new(),
            counts: OnceCell::new(),
            tags: OnceLock::new(),
            related: OnceLock::new(),
            category_pages: OnceLock::new(),
            media: OnceLock::new(),
            authors: OnceLock::new(),
            assets: OnceLock::new(),
            live: false,
        }
    }

    /// For a subscription, whose events are answered over hours: loaders
    /// batch but keep nothing, and the category tree is read per use (from
    /// the generation-checked memo), so no event sees an earlier one's data.
    pub fn live(db: &DatabaseConnection) -> Self {
        Loaders {
            live: true,
            ..Self::new(db)
        }
    }

    /// Active accounts by id, for bylines.
    pub fn authors(&self) -> &DataLoader<AuthorLoader, HashMapCache> {
        self.authors
            .get_or_init(|| media::loader(AuthorLoader(self.db.clone()), !self.live))
    }

    /// Library files by the storage key of their original.
    pub fn assets(&self) -> &DataLoader<AssetLoader, HashMapCache> {
        self.assets
            .get_or_init(|| media::loader(AssetLoader(self.db.clone()), !self.live))
    }

    /// Tag names by article id.
    pub fn tags(&self) -> &DataLoader<TagLoader, HashMapCache> {
        self.tags
            .get_or_init(|| media::loader(TagLoader(self.db.clone()), !self.live))
    }

    /// "Other news" by (article, category, limit).
    pub fn related(&self) -> &DataLoader<RelatedLoader, HashMapCache> {
        self.related
            .get_or_init(|| media::loader(RelatedLoader(self.db.clone()), !self.live))
    }

    /// Pages of articles by category, for lists of categories.
    pub fn category_pages(&self) -> &DataLoader<CategoryPageLoader, HashMapCache> {
        self.category_pages
            .get_or_init(|| media::loader(CategoryPageLoader(self.db.clone()), !self.live))
    }

    /// Videos, galleries, photos and articles' media.
    pub fn media(&self) -> &media::MediaLoaders {
        self.media
            .get_or_init(|| media::MediaLoaders::new(&self.db, !self.live))
    }

    pub fn of<'a>(ctx: &async_graphql::Context<'a>) -> async_graphql::Result<&'a Loaders> {
        ctx.data::<Loaders>()
    }

    /// Every category, read once per request.
    pub async fn all_categories(
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Arc<Vec<category::Model>>> {
        let loaders = Self::of(ctx)?;
        if loaders.live {
            return Ok(service::changes::of(&loaders.db)
                .categories(&loaders.db)
                .await?);
        }
        let all = loaders
            .categories
            .get_or_try_init(|| async {
                service::changes::of(&loaders.db)
                    .categories(&loaders.db)
                    .await
            })
            .await?;
        Ok(all.clone())
    }

    /// One category by id, from the request's copy of the tree.
    pub async fn category(
        ctx: &async_graphql::Context<'_>,
        id: i64,
    ) -> async_graphql::Result<Option<category::Model>> {
        Ok(Self::all_categories(ctx)
            .await?
            .iter()
            .find(|c| c.id == id)
            .cloned())
    }

    /// Public article counts of every category (direct members), read once.
    pub async fn article_counts(
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Arc<HashMap<i64, u64>>> {
        let loaders = Self::of(ctx)?;
        if loaders.live {
            return Ok(service::changes::of(&loaders.db)
                .articles_per_category(&loaders.db)
                .await?);
        }
        let counts = loaders
            .counts
            .get_or_try_init(|| async {
                service::changes::of(&loaders.db)
                    .articles_per_category(&loaders.db)
                    .await
            })
            .await?;
        Ok(counts.clone())
    }
}

type LoadResult<K, V> = Result<HashMap<K, V>, async_graphql::Error>;

/// Active accounts by id.
pub struct AuthorLoader(DatabaseConnection);

impl Loader<i64> for AuthorLoader {
    type Value = entity::user::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> LoadResult<i64, entity::user::Model> {
        Ok(service::user::authors_by_id(&self.0, keys).await?)
    }
}

/// Library files by storage key.
pub struct AssetLoader(DatabaseConnection);

impl Loader<String> for AssetLoader {
    type Value = entity::media_asset::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[String]) -> LoadResult<String, entity::media_asset::Model> {
        let mut out = HashMap::new();
        // The first entry of shared files stands for them all.
        for a in service::asset::by_keys(&self.0, keys).await? {
            out.entry(a.storage_key.clone()).or_insert(a);
        }
        Ok(out)
    }
}

/// Tag names by article id.
pub struct TagLoader(DatabaseConnection);

impl Loader<i64> for TagLoader {
    type Value = Vec<String>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> LoadResult<i64, Vec<String>> {
        let mut found = service::tag::for_articles(&self.0, keys).await?;
        // "No tags" is an answer too: cached, it is not asked again when
        // the same article shows up elsewhere in the response.
        for key in keys {
            found.entry(*key).or_default();
        }
        Ok(found)
    }
}

/// "Other news" of articles.
pub struct RelatedLoader(DatabaseConnection);

impl Loader<RelatedKey> for RelatedLoader {
    type Value = Vec<article::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[RelatedKey]) -> LoadResult<RelatedKey, Vec<article::Model>> {
        Ok(service::article::related_for(&self.0, keys).await?)
    }
}

/// A page of public articles per category.
pub struct CategoryPageLoader(DatabaseConnection);

impl Loader<CategoryPageKey> for CategoryPageLoader {
    type Value = Page<article::Model>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[CategoryPageKey],
    ) -> LoadResult<CategoryPageKey, Page<article::Model>> {
        Ok(service::article::pages_per_category(&self.0, keys).await?)
    }
}

/// Warms the loaders for a list of articles about to be returned, when the
/// query selects their tags or related articles under one of `paths` (such as
/// `["items"]` or `["edges", "node"]`). Loading all keys in one call makes one
/// batch however the executor interleaves the items' fields, so the statement
/// count stays fixed however long the list is.
pub async fn prefetch_articles(
    ctx: &async_graphql::Context<'_>,
    items: &[article::Model],
    paths: &[&[&str]],
) -> async_graphql::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let loaders = Loaders::of(ctx)?;
    let mut want_tags = false;
    let mut related_limits: Vec<(u64, bool)> = Vec::new();
    for path in paths {
        let mut node = ctx.look_ahead();
        for step in *path {
            node = node.field(step);
        }
        want_tags |= node.field("tags").exists();
        for field in node.field("related").selection_fields() {
            let limit = field
                .arguments()?
                .into_iter()
                .find(|(name, _)| name.as_str() == "limit")
                .and_then(|(_, v)| match v {
                    async_graphql::Value::Number(n) => n.as_u64(),
                    _ => None,
                })
                .unwrap_or(5);
            let with_body = field
                .selection_set()
                .any(|f| crate::graphql::context::BODY_FIELDS.contains(&f.name()));
            related_limits.push((limit, with_body));
        }
    }
    if want_tags {
        loaders.tags().load_many(items.iter().map(|a| a.id)).await?;
    }
    related_limits.sort_unstable();
    related_limits.dedup();
    let keys: Vec<RelatedKey> = related_limits
        .iter()
        .flat_map(|&(limit, with_body)| {
            items.iter().map(move |a| RelatedKey {
                article_id: a.id,
                category_id: a.category_id,
                limit,
                with_body,
            })
        })
        .collect();
    if !keys.is_empty() {
        loaders.related().load_many(keys).await?;
    }
    media::prefetch_for_articles(ctx, items, paths).await
}
