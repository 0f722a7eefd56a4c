//! Static page mutations: editing and publishing.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

use super::{
    input::{maybe, maybe_id},
    lifecycle::lifecycle,
};
use crate::{
    graphql::{
        context,
        types::{
            common::{parse_id, parse_opt_id},
            page::Page,
        },
    },
    service::{
        self,
        page::{NewPage, PageChanges},
    },
};

/// A new page; it starts as a draft.
#[derive(InputObject, Debug)]
pub struct CreatePageInput {
    /// 1-300 characters.
    pub title: String,
    /// HTML; cleaned of scripts and unknown tags.
    pub body: String,
    /// Derived from the title when absent.
    pub slug: Option<String>,
    /// The page to sit below (at most four levels deep).
    pub parent_id: Option<ID>,
    #[graphql(default)]
    pub position: i32,
    #[graphql(default = true)]
    pub show_in_menu: bool,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
}

/// A partial update: absent fields stay as they are, `null` clears an optional one.
#[derive(InputObject, Debug)]
pub struct UpdatePageInput {
    /// The `version` you started editing from; `CONFLICT` if a colleague saved since.
    pub version: i32,
    pub title: Option<String>,
    pub body: Option<String>,
    /// Only while the page has never been published.
    pub slug: Option<String>,
    /// `null` moves the page to the top level.
    pub parent_id: MaybeUndefined<ID>,
    pub position: Option<i32>,
    pub show_in_menu: Option<bool>,
    pub seo_title: MaybeUndefined<String>,
    pub seo_description: MaybeUndefined<String>,
}

#[derive(Default)]
pub struct PageMutation;

#[Object]
impl PageMutation {
    /// Creates a draft page (any signed-in role).
    async fn create_page(&self, ctx: &Context<'_>, input: CreatePageInput) -> Result<Page> {
        let db = context::db(ctx)?;
        let new = NewPage {
            title: input.title,
            body: input.body,
            slug: input.slug,
            parent_id: parse_opt_id("parentId", input.parent_id.as_ref())?,
            position: input.position,
            show_in_menu: input.show_in_menu,
            seo_title: input.seo_title,
            seo_description: input.seo_description,
        };
        Ok(Page(
            service::page::create(db, context::viewer(ctx), new).await?,
        ))
    }

    /// Changes a page (editors; authors their own drafts).
    async fn update_page(&self, ctx: &Context<'_>, id: ID, input: UpdatePageInput) -> Result<Page> {
        let db = context::db(ctx)?;
        let changes = PageChanges {
            expected_version: input.version,
            title: input.title,
            body: input.body,
            slug: input.slug,
            parent_id: maybe_id("parentId", input.parent_id)?,
            position: input.position,
            show_in_menu: input.show_in_menu,
            seo_title: maybe(input.seo_title, |s| s),
            seo_description: maybe(input.seo_description, |s| s),
        };
        let id = parse_id("id", &id)?;
        Ok(Page(
            service::page::update(db, context::viewer(ctx), id, changes).await?,
        ))
    }
}

lifecycle!(
    PageLifecycle,
    entity::page::Entity,
    Page,
    "page",
    publish_page,
    unpublish_page,
    archive_page,
    delete_page,
    "Deletes a page for good (its sub-pages move to the top level); returns its id."
);
