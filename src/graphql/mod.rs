//! The GraphQL layer: schema assembly, per-request context, limits.
//!
//! Resolvers are thin: read the context, call one service function, convert.

pub mod context;
pub mod documents;
pub mod loader;
pub mod mutation;
pub mod query;
pub mod shape;
pub mod subscription;
pub mod types;

use async_graphql::Schema;

use crate::{config::Config, service::pagination::MAX_PER_PAGE};

pub use mutation::MutationRoot;
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

/// bantin's executable schema.
pub type BantinSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Builds the schema with the configured limits. Per-request data (viewer,
/// loaders) is attached by the HTTP layer; shared data is passed in here.
pub fn build(
    config: &Config,
) -> async_graphql::SchemaBuilder<QueryRoot, MutationRoot, SubscriptionRoot> {
    let builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot,
    )
    .limit_depth(config.max_depth)
    .limit_complexity(config.max_complexity)
    .limit_recursive_depth(64)
    .limit_directives(MAX_DIRECTIVES);
    // A span per parse, validation and resolver only when traces go out:
    // they cost more than the fields of a cached page.
    if config.observe.otlp {
        builder.extension(async_graphql::extensions::Tracing)
    } else {
        builder
    }
}

/// Most directives one field may carry (`@include` and `@skip` are two).
pub const MAX_DIRECTIVES: usize = 8;

/// The cost of a list field: its rows times the cost of one row, so that an
/// accepted query has a bounded number of rows, however it nests or aliases
/// lists (the complexity limit counts field-rows, not fields).
pub fn rows(n: Option<i32>, default: i32, child_complexity: usize) -> usize {
    usize::try_from(n.unwrap_or(default))
        .unwrap_or(1)
        // Past the page cap the field refuses the value itself, more clearly.
        .clamp(1, usize::try_from(MAX_PER_PAGE).unwrap_or(usize::MAX))
        // Each row costs one, plus its fields.
        .saturating_mul(child_complexity.saturating_add(1))
}

/// What a search costs besides its rows: it counts up to a thousand matches
/// and re-scores up to 300 candidates however small its page, so a query
/// holds at most a dozen or so searches (before, a hundred aliases of
/// `search(perPage: 1)` were accepted).
pub const SEARCH_COST: usize = 300;

/// What a list filtered by words (`filter.q`) costs besides its rows: it
/// runs a search to find them, so it is priced like one; otherwise many
/// aliases of a one-row list could each run a search.
pub fn text_cost(q: Option<&String>) -> usize {
    if q.is_some_and(|q| !q.trim().is_empty()) {
        SEARCH_COST
    } else {
        0
    }
}

/// The SDL clients generate code from; `schema.graphql` holds this text.
pub fn sdl() -> String {
    sdl_of(
        &Schema::build(
            QueryRoot::default(),
            MutationRoot::default(),
            SubscriptionRoot,
        )
        .finish(),
    )
}

/// The SDL of a built schema, as [`sdl`] prints it.
pub fn sdl_of(schema: &BantinSchema) -> String {
    // `@specifiedBy` tells codegen tools what a custom scalar holds.
    schema.sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}
