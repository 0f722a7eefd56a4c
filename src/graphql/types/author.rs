//! Authors as people: the accounts that write, as readers see them.

use async_graphql::{Context, Object, Result};
use entity::user;

use super::{
    article::{Article, ArticlePage, ArticleSort},
    site::SiteImage,
};
use crate::{
    graphql::{context, loader::prefetch_articles},
    service::{self, article::ArticleFilter},
};

/// A person who writes for the site: never more than what a byline shows.
pub struct AuthorProfile(pub user::Model);

#[Object]
impl AuthorProfile {
    async fn name(&self) -> &str {
        &self.0.display_name
    }

    /// The author page's address part (the account's username).
    async fn slug(&self) -> &str {
        &self.0.username
    }

    /// A few sentences (plain text).
    async fn bio(&self) -> Option<&str> {
        self.0.bio.as_deref()
    }

    async fn avatar(&self) -> Option<SiteImage> {
        self.0.avatar_url.clone().map(|url| SiteImage { url })
    }

    /// The public articles this person created, newest first by default.
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
            author_id: Some(self.0.id),
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
