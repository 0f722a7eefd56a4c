//! Tags as readers browse them.

use async_graphql::{Context, Object, Result};

use super::article::{Article, ArticlePage, ArticleSort};
use crate::{
    graphql::{context, loader::prefetch_articles},
    service::{self, article::ArticleFilter, tag::TagCount},
};

/// A tag with its public articles.
pub struct Tag(pub TagCount);

#[Object]
impl Tag {
    /// Folded, URL-safe: `chuyen-doi-so`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// As editors wrote it: `chuyển đổi số`.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Public articles carrying it.
    async fn article_count(&self) -> i32 {
        super::common::int(self.0.articles)
    }

    /// Its public articles, newest first by default.
    #[graphql(complexity = "crate::graphql::rows(per_page, 20, child_complexity)")]
    async fn articles(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Some(ArticleSort::Newest)")] sort: Option<ArticleSort>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<ArticlePage> {
        let db = context::db(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let filter = ArticleFilter {
            tag: Some(self.0.slug.clone()),
            include_subcategories: true,
            skip_body: !context::selects_body(ctx, &[&["items"]]),
            ..Default::default()
        };
        let result = service::article::list(
            db,
            context::viewer(ctx),
            &filter,
            sort.unwrap_or_default().into(),
            page,
        )
        .await?;
        prefetch_articles(ctx, &result.items, &[&["items"]]).await?;
        Ok(ArticlePage::of(result, Article))
    }
}
