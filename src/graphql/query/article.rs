//! Article queries.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context,
        loader::prefetch_articles,
        types::{
            article::{Article, ArticleConnection, ArticleFilter, ArticlePage, ArticleSort},
            common::parse_opt_id,
        },
    },
    service::{self},
};

#[derive(Default)]
pub struct ArticleQuery;

#[Object]
impl ArticleQuery {
    /// One article by id or slug; `null` when it does not exist or is not
    /// published yet (editors see drafts).
    async fn article(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
    ) -> Result<Option<Article>> {
        let db = context::db(ctx)?;
        let id = parse_opt_id("id", id.as_ref())?;
        let found = service::article::find(db, context::viewer(ctx), id, slug.as_deref()).await?;
        Ok(found.map(Article))
    }

    /// A numbered page of articles ("1 2 3 ... 9") with totals.
    #[graphql(
        complexity = "crate::graphql::rows(per_page, 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn articles(
        &self,
        ctx: &Context<'_>,
        filter: Option<ArticleFilter>,
        #[graphql(default_with = "Some(ArticleSort::Newest)")] sort: Option<ArticleSort>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<ArticlePage> {
        let state = context::state(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let mut filter = filter.unwrap_or_default().into_service()?;
        filter.skip_body = !context::selects_body(ctx, &[&["items"]]);
        let result = service::article::list(
            &state.db,
            context::viewer(ctx),
            &filter,
            sort.unwrap_or_default().into(),
            page,
        )
        .await?;
        prefetch_articles(ctx, &result.items, &[&["items"]]).await?;
        Ok(ArticlePage::of(result, Article))
    }

    /// Articles newest first as a Relay connection, for infinite scroll and
    /// mobile apps: `first`/`after` forward, `last`/`before` backward.
    #[graphql(
        complexity = "crate::graphql::rows(first.or(last), 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn articles_connection(
        &self,
        ctx: &Context<'_>,
        filter: Option<ArticleFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<ArticleConnection> {
        let request =
            context::cursor_request(ctx, first, after.as_deref(), last, before.as_deref())?;
        let mut filter = filter.unwrap_or_default().into_service()?;
        filter.skip_body = !context::selects_body(ctx, &[&["edges", "node"], &["nodes"]]);
        let db = context::db(ctx)?;
        let result =
            service::article::connection(db, context::viewer(ctx), &filter, request).await?;
        prefetch_articles(ctx, &result.models(), &[&["edges", "node"], &["nodes"]]).await?;
        Ok(result.into())
    }
}
