//! The media library (signed-in users).

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context,
        types::{
            asset::{MediaAsset, MediaAssetConnection, MediaAssetPage, MediaFilter},
            common::parse_id,
        },
    },
    service::asset,
};

#[derive(Default)]
pub struct AssetQuery;

#[Object]
impl AssetQuery {
    /// The media library, newest first (signed-in users).
    #[graphql(complexity = "crate::graphql::rows(per_page, 20, child_complexity)")]
    async fn media(
        &self,
        ctx: &Context<'_>,
        filter: Option<MediaFilter>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<MediaAssetPage> {
        let db = context::db(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let filter = filter.unwrap_or_default().into();
        let found = asset::list(db, context::viewer(ctx), &filter, page).await?;
        Ok(MediaAssetPage::of(found, MediaAsset))
    }

    /// The media library as a Relay connection (infinite scroll in an
    /// editor's picker), newest first (signed-in users).
    #[graphql(complexity = "crate::graphql::rows(first.or(last), 20, child_complexity)")]
    async fn media_connection(
        &self,
        ctx: &Context<'_>,
        filter: Option<MediaFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<MediaAssetConnection> {
        let request =
            context::cursor_request(ctx, first, after.as_deref(), last, before.as_deref())?;
        let filter = filter.unwrap_or_default().into();
        let db = context::db(ctx)?;
        Ok(
            asset::connection(db, context::viewer(ctx), &filter, request)
                .await?
                .into(),
        )
    }

    /// One file of the library (signed-in users).
    async fn media_asset(&self, ctx: &Context<'_>, id: ID) -> Result<Option<MediaAsset>> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(asset::get(db, context::viewer(ctx), id)
            .await?
            .map(MediaAsset))
    }
}
