//! The mutation root, merged from one object per domain.

mod article;
mod auth;
mod category;
mod gallery;
mod media;
mod user;
mod video;

pub use auth::ClientAddr;

use async_graphql::MergedObject;

/// All mutations.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    auth::AuthMutation,
    article::ArticleMutation,
    category::CategoryMutation,
    user::UserMutation,
    video::VideoMutation,
    gallery::GalleryMutation,
    media::MediaMutation,
);
