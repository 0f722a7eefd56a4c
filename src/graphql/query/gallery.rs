//! Gallery (photo library) queries.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context,
        loader::prefetch_galleries,
        types::{
            common::parse_opt_id,
            gallery::{Gallery, GalleryConnection, GalleryFilter, GalleryPage},
            media::MediaSort,
        },
    },
    service::{self},
};

#[derive(Default)]
pub struct GalleryQuery;

#[Object]
impl GalleryQuery {
    /// One gallery by id or slug; `null` when it does not exist or is not
    /// published yet (editors see drafts).
    async fn gallery(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
    ) -> Result<Option<Gallery>> {
        let db = context::db(ctx)?;
        let id = parse_opt_id("id", id.as_ref())?;
        let found = service::publication::find::<entity::gallery::Entity>(
            db,
            context::viewer(ctx),
            id,
            slug.as_deref(),
        )
        .await?;
        Ok(found.map(Gallery))
    }

    /// A numbered page of galleries (the photo library) with totals.
    #[graphql(
        complexity = "crate::graphql::rows(per_page, 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn galleries(
        &self,
        ctx: &Context<'_>,
        filter: Option<GalleryFilter>,
        #[graphql(default_with = "Some(MediaSort::Newest)")] sort: Option<MediaSort>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<GalleryPage> {
        let state = context::state(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let filter = filter.unwrap_or_default().into_service()?;
        let result = service::gallery::list(
            &state.db,
            context::viewer(ctx),
            &filter,
            sort.unwrap_or_default().into(),
            page,
        )
        .await?;
        prefetch_galleries(ctx, &result.items, &[&["items"]]).await?;
        Ok(GalleryPage::of(result, Gallery))
    }

    /// Galleries newest first as a Relay connection, for infinite scroll in
    /// apps: `first`/`after` forward, `last`/`before` backward.
    #[graphql(
        complexity = "crate::graphql::rows(first.or(last), 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn galleries_connection(
        &self,
        ctx: &Context<'_>,
        filter: Option<GalleryFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<GalleryConnection> {
        let request =
            context::cursor_request(ctx, first, after.as_deref(), last, before.as_deref())?;
        let filter = filter.unwrap_or_default().into_service()?;
        let db = context::db(ctx)?;
        let result =
            service::gallery::connection(db, context::viewer(ctx), &filter, request).await?;
        prefetch_galleries(ctx, &result.models(), &[&["edges", "node"], &["nodes"]]).await?;
        Ok(result.into())
    }
}
