//! What resolvers take from the request context.

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::{
    error::AppError,
    service::{
        access::Viewer,
        pagination::{CursorRequest, PageRequest},
    },
    state::AppState,
};

/// The shared state; always present, since the HTTP layer installs it.
pub fn state<'a>(ctx: &Context<'a>) -> Result<&'a AppState, AppError> {
    ctx.data::<AppState>()
        .map_err(|_| AppError::internal("AppState missing from schema data"))
}

/// The database connection.
pub fn db<'a>(ctx: &Context<'a>) -> Result<&'a DatabaseConnection, AppError> {
    Ok(&state(ctx)?.db)
}

/// Who is asking: the public unless the request proved otherwise.
pub fn viewer<'a>(ctx: &Context<'a>) -> &'a Viewer {
    ctx.data_opt::<Viewer>().unwrap_or(&Viewer::Anonymous)
}

/// A list field's `page` and `perPage` (default 1 and 20), checked against
/// the page cap.
pub fn page_request(
    ctx: &Context<'_>,
    page: Option<i32>,
    per_page: Option<i32>,
) -> Result<PageRequest, AppError> {
    let cap = state(ctx)?.config.max_per_page;
    let look = ctx.look_ahead();
    let with_total = ["totalCount", "totalPages", "hasNextPage"]
        .iter()
        .any(|f| look.field(f).exists());
    Ok(PageRequest::new(page.unwrap_or(1), per_page.unwrap_or(20), cap)?.counting(with_total))
}

/// The article fields computed from its body: a list selecting none of
/// them skips reading bodies.
pub const BODY_FIELDS: [&str; 2] = ["body", "readingTimeMinutes"];

/// Whether the selection of the current field reaches a [`BODY_FIELDS`]
/// field along any of `paths` (`["items"]`, `["edges", "node"]`...).
pub fn selects_body(ctx: &Context<'_>, paths: &[&[&str]]) -> bool {
    paths.iter().any(|path| {
        let look = path
            .iter()
            .fold(ctx.look_ahead(), |look, name| look.field(name));
        BODY_FIELDS.iter().any(|f| look.field(f).exists())
    })
}

/// A connection field's Relay arguments, checked against the page cap.
pub fn cursor_request(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<&str>,
    last: Option<i32>,
    before: Option<&str>,
) -> Result<CursorRequest, AppError> {
    let cap = state(ctx)?.config.max_per_page;
    CursorRequest::new(first, after, last, before, cap)
}
