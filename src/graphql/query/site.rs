//! The site's settings and menus.

use async_graphql::{Context, Object, Result};

use crate::{
    auth::Viewer,
    graphql::{
        context,
        types::{
            article::Article,
            site::{Block, BlockKind, Menu, Site},
        },
    },
    service::{menu, site},
    state::AppState,
};

#[derive(Default)]
pub struct SiteQuery;

/// The site as the settings row (or the defaults) and the configuration say.
pub async fn site_of(state: &AppState) -> Result<Site> {
    let links = &state.config.links;
    Ok(Site {
        row: site::get(&state.db, &links.site_name).await?,
        timezone: state.config.timezone.name().to_owned(),
        public_url: links.public_url.clone(),
    })
}

/// A menu with its links resolved for this viewer (readers see only
/// links to public items).
pub async fn menu_of(ctx: &Context<'_>, found: menu::Menu) -> Result<Menu> {
    let state = context::state(ctx)?;
    let public_only = !matches!(context::viewer(ctx), Viewer::User(_) | Viewer::System);
    let menu = found.menu.clone();
    let items = menu::resolve(&state.db, &state.config.links, found, public_only).await?;
    Ok(Menu { menu, items })
}

#[Object]
impl SiteQuery {
    /// The site's name, logo, contact, social links, footer and default SEO.
    async fn site(&self, ctx: &Context<'_>) -> Result<Site> {
        site_of(context::state(ctx)?).await
    }

    /// One menu by slug (`main`, `footer`); `null` when there is none.
    async fn menu(&self, ctx: &Context<'_>, slug: String) -> Result<Option<Menu>> {
        let db = context::db(ctx)?;
        match menu::find(db, &slug).await? {
            Some(found) => Ok(Some(menu_of(ctx, found).await?)),
            None => Ok(None),
        }
    }

    /// The banners or link blocks shown now, in order; editors may ask
    /// for every one with `includeInactive`.
    async fn blocks(
        &self,
        ctx: &Context<'_>,
        kind: BlockKind,
        #[graphql(default = false)] include_inactive: bool,
    ) -> Result<Vec<Block>> {
        let db = context::db(ctx)?;
        let found =
            crate::service::block::list(db, context::viewer(ctx), kind.as_str(), include_inactive)
                .await?;
        Ok(found.into_iter().map(Block).collect())
    }

    /// The home page's top stories: pinned articles in their order (see
    /// `pinArticle`), leaving by themselves when their pin ends.
    #[graphql(complexity = "crate::graphql::rows(Some(limit), 5, child_complexity)")]
    async fn top_stories(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 5)] limit: i32,
    ) -> Result<Vec<Article>> {
        if !(1..=50).contains(&limit) {
            return Err(crate::error::AppError::invalid("limit", "limit must be 1-50").into());
        }
        let db = context::db(ctx)?;
        let found =
            crate::service::article::top_stories(db, u64::try_from(limit).unwrap_or(5)).await?;
        Ok(found.into_iter().map(Article).collect())
    }

    /// Every menu, by slug.
    async fn menus(&self, ctx: &Context<'_>) -> Result<Vec<Menu>> {
        let db = context::db(ctx)?;
        let mut out = Vec::new();
        for found in menu::list(db).await? {
            out.push(menu_of(ctx, found).await?);
        }
        Ok(out)
    }
}
