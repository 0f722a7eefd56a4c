//! Static page queries.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context,
        types::{common::parse_opt_id, page::Page},
    },
    service,
};

#[derive(Default)]
pub struct PageQuery;

#[Object]
impl PageQuery {
    /// One page by id or slug; `null` when it does not exist or is not
    /// published yet (editors see drafts).
    async fn page(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
    ) -> Result<Option<Page>> {
        let db = context::db(ctx)?;
        let id = parse_opt_id("id", id.as_ref())?;
        let found = service::publication::find::<entity::page::Entity>(
            db,
            context::viewer(ctx),
            id,
            slug.as_deref(),
        )
        .await?;
        Ok(found.map(Page))
    }

    /// Every page in tree order: each parent before its children, siblings
    /// by `position`; build the tree with `parentId`. A page below one the
    /// reader cannot see is left out with it. With `menuOnly`, only pages
    /// shown in menus (and only below pages that are).
    async fn pages(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] menu_only: bool,
    ) -> Result<Vec<Page>> {
        let db = context::db(ctx)?;
        let pages = service::page::tree(db, context::viewer(ctx), menu_only).await?;
        Ok(pages.into_iter().map(Page).collect())
    }
}
