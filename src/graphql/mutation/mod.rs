//! The mutation root, merged from one object per domain.

mod article;
mod category;

use async_graphql::MergedObject;

/// All mutations.
#[derive(MergedObject, Default)]
pub struct MutationRoot(article::ArticleMutation, category::CategoryMutation);
