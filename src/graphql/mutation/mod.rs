//! The mutation root, merged from one object per domain.

mod article;
mod asset;
mod auth;
mod category;
mod document;
mod gallery;
mod input;
mod lifecycle;
mod media;
mod page;
mod revision;
mod search;
mod site;
mod user;
mod video;
mod visit;
mod webhook;

pub use auth::ClientAddr;
pub use visit::UserAgent;

use async_graphql::MergedObject;

/// All mutations.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    // First: a merged root tries its parts in order, and `recordVisit` is by
    // far the most frequent mutation.
    visit::VisitMutation,
    auth::AuthMutation,
    article::ArticleMutation,
    category::CategoryMutation,
    user::UserMutation,
    video::VideoMutation,
    video::VideoLifecycle,
    gallery::GalleryMutation,
    gallery::GalleryLifecycle,
    media::MediaMutation,
    document::DocumentMutation,
    document::DocumentLifecycle,
    page::PageMutation,
    page::PageLifecycle,
    revision::RevisionMutation,
    site::SiteMutation,
    search::SearchMutation,
    webhook::WebhookMutation,
    asset::AssetMutation,
);
