//! The GraphQL layer: schema assembly, per-request context, limits.
//!
//! Resolvers are thin: read the context, call one service function, convert.

pub mod context;
pub mod documents;
pub mod loader;
pub mod mutation;
pub mod query;
pub mod types;

use async_graphql::{EmptySubscription, Schema};

use crate::config::Config;

pub use mutation::MutationRoot;
pub use query::QueryRoot;

/// bantin's executable schema.
pub type BantinSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Builds the schema with the configured limits. Per-request data (viewer,
/// loaders) is attached by the HTTP layer; shared data is passed in here.
pub fn build(
    config: &Config,
) -> async_graphql::SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(config.max_depth)
    .limit_complexity(config.max_complexity)
    .limit_recursive_depth(64)
}

/// The SDL clients generate code from; `schema.graphql` holds this text.
pub fn sdl() -> String {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .finish()
    .sdl()
}
