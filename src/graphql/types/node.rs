//! `SearchNode`: any piece of content a reader can open.

use async_graphql::Union;

use super::article::Article;

/// An article, a video or a photo album.
#[derive(Union, Clone, Debug)]
pub enum SearchNode {
    Article(Article),
}
