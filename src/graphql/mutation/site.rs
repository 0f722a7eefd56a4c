//! Editing the site's settings (admins) and menus (editors).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, OneofObject, Result};

use super::input::maybe;
use crate::{
    error::AppError,
    graphql::{
        context,
        query::{menu_of, site_of},
        types::{
            article::Article,
            author::AuthorProfile,
            common::parse_id,
            site::{Block, BlockKind, Menu, Site, SocialLink},
        },
    },
    service::{
        menu::{self, Link, NewItem},
        site::{self, SiteChanges},
    },
};

/// Changes to the site's settings: absent fields stay, `null` clears.
#[derive(InputObject, Debug)]
pub struct UpdateSiteInput {
    /// `Site.version` as you read it (0 before the first save).
    pub version: i32,
    pub name: Option<String>,
    pub tagline: MaybeUndefined<String>,
    pub logo_url: MaybeUndefined<String>,
    pub favicon_url: MaybeUndefined<String>,
    pub contact_email: MaybeUndefined<String>,
    pub phone: MaybeUndefined<String>,
    pub address: MaybeUndefined<String>,
    /// Replaces all the social links.
    pub social_links: Option<Vec<SocialLink>>,
    /// HTML; cleaned like article bodies.
    pub footer_html: MaybeUndefined<String>,
    pub seo_title: MaybeUndefined<String>,
    pub seo_description: MaybeUndefined<String>,
    pub seo_image_url: MaybeUndefined<String>,
}

/// Where a menu item goes: exactly one of these.
#[derive(OneofObject, Debug)]
pub enum MenuLinkInput {
    CategoryId(ID),
    ArticleId(ID),
    PageId(ID),
    /// The list of official documents (`true`).
    Documents(bool),
    /// Any http(s) address.
    Url(String),
}

/// One menu item; `parent` is the index of an earlier item in the list.
#[derive(InputObject, Debug)]
pub struct MenuItemInput {
    pub label: String,
    pub parent: Option<i32>,
    pub link: MenuLinkInput,
}

/// Changes to one's own public profile: absent fields stay, `null` clears.
#[derive(InputObject, Debug)]
pub struct UpdateMyProfileInput {
    pub display_name: Option<String>,
    /// A few sentences for the author page (plain text, up to 2,000 characters).
    pub bio: MaybeUndefined<String>,
    pub avatar_url: MaybeUndefined<String>,
}

/// A banner or link block.
#[derive(InputObject, Debug)]
pub struct BlockInput {
    pub kind: BlockKind,
    /// 1-200 characters.
    pub title: String,
    pub image_url: Option<String>,
    /// Where it leads (http or https).
    pub url: String,
    #[graphql(default)]
    pub position: i32,
    pub starts_at: Option<chrono::DateTime<chrono::Utc>>,
    pub ends_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Default)]
pub struct SiteMutation;

#[Object]
impl SiteMutation {
    /// Changes the site's settings (admins); `CONFLICT` when someone saved
    /// since `version`.
    async fn update_site(&self, ctx: &Context<'_>, input: UpdateSiteInput) -> Result<Site> {
        let state = context::state(ctx)?;
        let changes = SiteChanges {
            expected_version: input.version,
            name: input.name,
            tagline: maybe(input.tagline, |s| s),
            logo_url: maybe(input.logo_url, |s| s),
            favicon_url: maybe(input.favicon_url, |s| s),
            contact_email: maybe(input.contact_email, |s| s),
            phone: maybe(input.phone, |s| s),
            address: maybe(input.address, |s| s),
            social_links: input.social_links.map(|l| {
                l.into_iter()
                    .map(|l| site::SocialLink {
                        kind: l.kind,
                        url: l.url,
                    })
                    .collect()
            }),
            footer_html: maybe(input.footer_html, |s| s),
            seo_title: maybe(input.seo_title, |s| s),
            seo_description: maybe(input.seo_description, |s| s),
            seo_image_url: maybe(input.seo_image_url, |s| s),
        };
        site::update(
            &state.db,
            context::viewer(ctx),
            &state.config.links.site_name,
            changes,
        )
        .await?;
        site_of(state).await
    }

    /// Changes the signed-in user's public profile (name, biography,
    /// picture) as `author(slug)` and `Article.authorProfile` show it.
    async fn update_my_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateMyProfileInput,
    ) -> Result<AuthorProfile> {
        let db = context::db(ctx)?;
        let saved = crate::service::user::update_profile(
            db,
            context::viewer(ctx),
            input.display_name,
            maybe(input.bio, |s| s),
            maybe(input.avatar_url, |s| s),
        )
        .await?;
        Ok(AuthorProfile(saved))
    }

    /// Creates a block (no `id`) or replaces one (editors); with `version`,
    /// `CONFLICT` when someone saved it since.
    async fn save_block(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        version: Option<i32>,
        input: BlockInput,
    ) -> Result<Block> {
        let db = context::db(ctx)?;
        let id = id.map(|i| parse_id("id", &i)).transpose()?;
        let saved = crate::service::block::save(
            db,
            context::viewer(ctx),
            id,
            version,
            crate::service::block::BlockInput {
                kind: input.kind.as_str().to_owned(),
                title: input.title,
                image_url: input.image_url,
                url: input.url,
                position: input.position,
                starts_at: input.starts_at,
                ends_at: input.ends_at,
            },
        )
        .await?;
        Ok(Block(saved))
    }

    /// Deletes a block (editors); returns its id.
    async fn delete_block(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let db = context::db(ctx)?;
        crate::service::block::delete(db, context::viewer(ctx), parse_id("id", &id)?).await?;
        Ok(id)
    }

    /// Pins an article among the top stories at `position` (1 first) until
    /// `until`, or unpins it with `position: null` (editors).
    async fn pin_article(
        &self,
        ctx: &Context<'_>,
        id: ID,
        position: Option<i32>,
        until: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Article> {
        let db = context::db(ctx)?;
        let saved = crate::service::article::pin(
            db,
            context::viewer(ctx),
            parse_id("id", &id)?,
            position,
            until,
        )
        .await?;
        Ok(Article(saved))
    }

    /// Creates menu `slug` or replaces its name and all its items, in order
    /// (editors). `version` is `Menu.version` as you read it, 0 for a new
    /// menu: `CONFLICT` when someone saved since.
    async fn save_menu(
        &self,
        ctx: &Context<'_>,
        slug: String,
        name: String,
        items: Vec<MenuItemInput>,
        version: i32,
    ) -> Result<Menu> {
        let db = context::db(ctx)?;
        let items = items
            .into_iter()
            .map(|i| {
                let link = match i.link {
                    MenuLinkInput::CategoryId(id) => Link::Category(parse_id("items.link", &id)?),
                    MenuLinkInput::ArticleId(id) => Link::Article(parse_id("items.link", &id)?),
                    MenuLinkInput::PageId(id) => Link::Page(parse_id("items.link", &id)?),
                    MenuLinkInput::Documents(_) => Link::Documents,
                    MenuLinkInput::Url(u) => Link::Url(u),
                };
                let parent = i
                    .parent
                    .map(|p| {
                        usize::try_from(p)
                            .map_err(|_| AppError::invalid("items.parent", "not an index"))
                    })
                    .transpose()?;
                Ok(NewItem {
                    label: i.label,
                    parent,
                    link,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let saved = menu::save(db, context::viewer(ctx), &slug, &name, items, version).await?;
        menu_of(ctx, saved).await
    }
}
