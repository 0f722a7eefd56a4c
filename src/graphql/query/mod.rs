//! The query root, merged from one object per domain.

mod article;
mod category;

use async_graphql::MergedObject;

/// All queries.
#[derive(MergedObject, Default)]
pub struct QueryRoot(article::ArticleQuery, category::CategoryQuery);
