//! DataLoaders: one per relation, so the statements a request runs do not grow
//! with the number of items it returns. Created per request, so their caches
//! never serve another request's (or another viewer's) data.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{article, category};
use sea_orm::DatabaseConnection;

use crate::service;

/// All loaders of one request.
pub struct Loaders {
    pub all_categories: DataLoader<AllCategoriesLoader>,
    pub category: DataLoader<CategoryLoader>,
    pub tags: DataLoader<TagLoader>,
    pub related: DataLoader<RelatedLoader>,
    pub article_count: DataLoader<ArticleCountLoader>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Loaders {
            all_categories: DataLoader::new(AllCategoriesLoader(db.clone()), tokio::spawn),
            category: DataLoader::new(CategoryLoader(db.clone()), tokio::spawn),
            tags: DataLoader::new(TagLoader(db.clone()), tokio::spawn),
            related: DataLoader::new(RelatedLoader(db.clone()), tokio::spawn),
            article_count: DataLoader::new(ArticleCountLoader(db.clone()), tokio::spawn),
        }
    }
}

impl Loaders {
    /// Every category, loaded once per request: the tree is small, and parents,
    /// children and subtree counts all read from it.
    pub async fn all_categories(
        ctx: &async_graphql::Context<'_>,
    ) -> async_graphql::Result<Arc<Vec<category::Model>>> {
        let loaders = ctx.data::<Loaders>()?;
        Ok(loaders
            .all_categories
            .load_one(())
            .await?
            .unwrap_or_default())
    }
}

/// The whole category list (key `()`).
pub struct AllCategoriesLoader(DatabaseConnection);

impl Loader<()> for AllCategoriesLoader {
    type Value = Arc<Vec<category::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, _: &[()]) -> LoadResult<(), Arc<Vec<category::Model>>> {
        let all = service::category::list(&self.0).await?;
        Ok(HashMap::from([((), Arc::new(all))]))
    }
}

type LoadResult<K, V> = Result<HashMap<K, V>, async_graphql::Error>;

/// Categories by id.
pub struct CategoryLoader(DatabaseConnection);

impl Loader<i64> for CategoryLoader {
    type Value = category::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> LoadResult<i64, category::Model> {
        Ok(service::category::by_ids(&self.0, keys).await?)
    }
}

/// Tag names by article id.
pub struct TagLoader(DatabaseConnection);

impl Loader<i64> for TagLoader {
    type Value = Vec<String>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> LoadResult<i64, Vec<String>> {
        Ok(service::tag::for_articles(&self.0, keys).await?)
    }
}

/// "Other news": key is (article id, category id, limit).
pub struct RelatedLoader(DatabaseConnection);

impl Loader<(i64, i64, u64)> for RelatedLoader {
    type Value = Vec<article::Model>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[(i64, i64, u64)],
    ) -> LoadResult<(i64, i64, u64), Vec<article::Model>> {
        Ok(service::article::related_for(&self.0, keys).await?)
    }
}

/// Public article counts by category id (direct members only).
pub struct ArticleCountLoader(DatabaseConnection);

impl Loader<i64> for ArticleCountLoader {
    type Value = u64;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> LoadResult<i64, u64> {
        Ok(service::article::count_by_category(&self.0, keys).await?)
    }
}
