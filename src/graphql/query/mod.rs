//! The query root, merged from one object per domain.

mod article;
mod asset;
mod audit;
mod category;
mod changes;
mod document;
mod gallery;
mod page;
mod revision;
mod search;
mod site;
mod stats;
mod tag;
mod user;
mod video;
mod webhook;

use async_graphql::MergedObject;

pub use revision::articles_apart;
pub use site::{menu_of, site_of};

/// All queries.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    article::ArticleQuery,
    category::CategoryQuery,
    user::UserQuery,
    stats::StatsQuery,
    search::SearchQueryRoot,
    video::VideoQuery,
    gallery::GalleryQuery,
    document::DocumentQuery,
    page::PageQuery,
    audit::AuditQuery,
    revision::RevisionQuery,
    site::SiteQuery,
    tag::TagQuery,
    changes::ChangesQuery,
    webhook::WebhookQuery,
    asset::AssetQuery,
);
