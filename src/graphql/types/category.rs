//! The `Category` type and the tree it belongs to.

use async_graphql::{Context, ID, Object, Result};
use entity::category;

use super::{
    article::{Article, ArticlePage, ArticleSort},
    common::{self, Seo, int},
};
use crate::{
    graphql::{
        context,
        loader::{Loaders, prefetch_articles},
    },
    service::{self, article::CategoryPageKey, pagination::Page},
};

/// A section of the site ("Tin tức", "Thông báo"), possibly nested.
#[derive(Clone, Debug)]
pub struct Category(pub category::Model);

#[Object]
impl Category {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe name, unique among categories.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// Order among its siblings in menus (ascending).
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// When the category was last changed.
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.updated_at
    }

    /// Title, description and canonical address for search engines.
    async fn seo(&self, ctx: &Context<'_>) -> Result<Seo> {
        let links = common::links(ctx)?;
        let c = &self.0;
        Ok(Seo::of(
            links,
            &links.category,
            (&c.slug, c.id),
            &c.name,
            c.description.as_deref(),
            None,
        ))
    }

    /// The categories above this one, from the top down (empty at the
    /// top level): a breadcrumb trail.
    async fn ancestors(&self, ctx: &Context<'_>) -> Result<Vec<Category>> {
        let all = Loaders::all_categories(ctx).await?;
        let mut trail = crate::service::category::ancestry(&all, self.0.id);
        trail.pop();
        Ok(trail.into_iter().cloned().map(Category).collect())
    }

    /// Concurrency token: send it back with `updateCategory` so a
    /// colleague's newer edit is never overwritten.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The parent category; `null` at the top level.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Category>> {
        let all = Loaders::all_categories(ctx).await?;
        Ok(self
            .0
            .parent_id
            .and_then(|p| all.iter().find(|c| c.id == p))
            .cloned()
            .map(Category))
    }

    /// Sub-categories in menu order.
    async fn children(&self, ctx: &Context<'_>) -> Result<Vec<Category>> {
        let all = Loaders::all_categories(ctx).await?;
        Ok(all
            .iter()
            .filter(|c| c.parent_id == Some(self.0.id))
            .cloned()
            .map(Category)
            .collect())
    }

    /// Published articles in this category and, by default, its sub-categories.
    #[graphql(complexity = "crate::graphql::rows(per_page, 20, child_complexity)")]
    async fn articles(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Some(true)")] include_subcategories: Option<bool>,
        #[graphql(default_with = "Some(ArticleSort::Newest)")] sort: Option<ArticleSort>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<ArticlePage> {
        let page = context::page_request(ctx, page, per_page)?;
        // Lists of categories ask for many of these at once: one loader
        // batch reads them all (the public's articles, whoever asks).
        let key = CategoryPageKey {
            category_id: self.0.id,
            include_subcategories: include_subcategories.unwrap_or(true),
            sort: sort.unwrap_or_default().into(),
            page,
            with_body: context::selects_body(ctx, &[&["items"]]),
        };
        let result = Loaders::of(ctx)?
            .category_pages()
            .load_one(key)
            .await?
            .unwrap_or_else(|| Page {
                items: Vec::new(),
                total: 0,
                page: page.page,
                per_page: page.per_page,
            });
        prefetch_articles(ctx, &result.items, &[&["items"]]).await?;
        Ok(ArticlePage::of(result, Article))
    }

    /// Number of published articles here and in all sub-categories.
    async fn article_count(&self, ctx: &Context<'_>) -> Result<i32> {
        let all = Loaders::all_categories(ctx).await?;
        let counts = Loaders::article_counts(ctx).await?;
        let total = service::category::subtree(&all, self.0.id)
            .iter()
            .filter_map(|id| counts.get(id))
            .sum();
        Ok(int(total))
    }
}
