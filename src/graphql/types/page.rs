//! The `Page` type: static pages of the site, in a tree.

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};
use entity::page;

use super::{
    common::{self, Count, Seo},
    media::PublicationStatus,
};
use crate::{clock, service::publication::Status};

/// A static page ("Giới thiệu", "Liên hệ"), possibly below another one.
#[derive(Clone, Debug)]
pub struct Page(pub page::Model);

#[Object]
impl Page {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// URL-safe name, unique among pages; fixed once published.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Sanitised HTML.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// The page above this one; `null` at the top.
    async fn parent_id(&self) -> Option<ID> {
        self.0.parent_id.map(|id| ID(id.to_string()))
    }

    /// Order among its siblings, ascending.
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// Whether menus list it.
    async fn show_in_menu(&self) -> bool {
        self.0.show_in_menu
    }

    /// `<title>` for search engines; fall back to `title` when `null`.
    async fn seo_title(&self) -> Option<&str> {
        self.0.seo_title.as_deref()
    }

    /// Meta description for search engines.
    async fn seo_description(&self) -> Option<&str> {
        self.0.seo_description.as_deref()
    }

    async fn status(&self) -> PublicationStatus {
        Status::of(self.0.status, self.0.published_at, clock::now()).into()
    }

    /// When it went (or goes) live; `null` for drafts.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    async fn view_count(&self) -> Count {
        Count(u64::try_from(self.0.view_count).unwrap_or(0))
    }

    /// Title, description and canonical address, with the fallbacks filled in.
    async fn seo(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Seo> {
        let links = common::links(ctx)?;
        let p = &self.0;
        Ok(Seo::of(
            links,
            &links.page,
            (&p.slug, p.id),
            p.seo_title.as_deref().unwrap_or(&p.title),
            p.seo_description.as_deref(),
            None,
        ))
    }

    /// Concurrency token: send it back with `updatePage` so a colleague's
    /// newer edit is never overwritten.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
