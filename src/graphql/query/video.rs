//! Video queries.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context,
        loader::prefetch_videos,
        types::{
            common::parse_opt_id,
            media::MediaSort,
            video::{Video, VideoConnection, VideoFilter, VideoPage},
        },
    },
    service::{self},
};

#[derive(Default)]
pub struct VideoQuery;

#[Object]
impl VideoQuery {
    /// One video by id or slug; `null` when it does not exist or is not
    /// published yet (editors see drafts).
    async fn video(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
    ) -> Result<Option<Video>> {
        let db = context::db(ctx)?;
        let id = parse_opt_id("id", id.as_ref())?;
        let found = service::publication::find::<entity::video::Entity>(
            db,
            context::viewer(ctx),
            id,
            slug.as_deref(),
        )
        .await?;
        Ok(found.map(Video))
    }

    /// A numbered page of videos with totals.
    #[graphql(
        complexity = "crate::graphql::rows(per_page, 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn videos(
        &self,
        ctx: &Context<'_>,
        filter: Option<VideoFilter>,
        #[graphql(default_with = "Some(MediaSort::Newest)")] sort: Option<MediaSort>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<VideoPage> {
        let state = context::state(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let filter = filter.unwrap_or_default().into_service()?;
        let result = service::video::list(
            &state.db,
            context::viewer(ctx),
            &filter,
            sort.unwrap_or_default().into(),
            page,
        )
        .await?;
        prefetch_videos(ctx, &result.items, &[&["items"]]).await?;
        Ok(VideoPage::of(result, Video))
    }

    /// Videos newest first as a Relay connection: `first`/`after` forward,
    /// `last`/`before` backward.
    #[graphql(
        complexity = "crate::graphql::rows(first.or(last), 20, child_complexity) + crate::graphql::text_cost(filter.as_ref().and_then(|f| f.q.as_ref()))"
    )]
    async fn videos_connection(
        &self,
        ctx: &Context<'_>,
        filter: Option<VideoFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<VideoConnection> {
        let request =
            context::cursor_request(ctx, first, after.as_deref(), last, before.as_deref())?;
        let filter = filter.unwrap_or_default().into_service()?;
        let db = context::db(ctx)?;
        let result = service::video::connection(db, context::viewer(ctx), &filter, request).await?;
        prefetch_videos(ctx, &result.models(), &[&["edges", "node"], &["nodes"]]).await?;
        Ok(result.into())
    }
}
