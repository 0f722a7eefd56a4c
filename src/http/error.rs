//! How an `AppError` reaches an HTTP client, on every route: a status for
//! its kind and the body GraphQL clients already read,
//! `{"errors": [{"message", "extensions": {"code", "field", "retryAfter"}}]}`.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::error::AppError;

/// The status of an error outside a GraphQL response.
pub fn status(e: &AppError) -> StatusCode {
    status_of(e.code())
}

/// The status of an error code (`extensions.code`), on every route.
pub fn status_of(code: &str) -> StatusCode {
    match code {
        "NOT_FOUND" => StatusCode::NOT_FOUND,
        "UNAUTHENTICATED" => StatusCode::UNAUTHORIZED,
        "FORBIDDEN" => StatusCode::FORBIDDEN,
        "BAD_USER_INPUT" => StatusCode::BAD_REQUEST,
        "CONFLICT" => StatusCode::CONFLICT,
        "RATE_LIMITED" => StatusCode::TOO_MANY_REQUESTS,
        "CURSOR_EXPIRED" => StatusCode::GONE,
        // Ours, and mostly the database away: worth retrying elsewhere.
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// An error as RFC 9457 problem details (`application/problem+json`) for
/// the REST routes, carrying the same members GraphQL clients read in
/// `extensions`: `code`, and `field` or `retryAfter` when there is one.
pub fn problem(e: &async_graphql::ServerError) -> Response {
    let mut members = e
        .extensions
        .as_ref()
        .and_then(|ext| serde_json::to_value(ext).ok())
        .and_then(|v| match v {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default();
    let code = members
        .get("code")
        .and_then(|c| c.as_str())
        .unwrap_or("BAD_USER_INPUT")
        .to_owned();
    let status = status_of(&code);
    let retry = members
        .get("retryAfter")
        .and_then(serde_json::Value::as_u64);
    members.insert("code".into(), code.into());
    members.insert("type".into(), "about:blank".into());
    members.insert(
        "title".into(),
        status.canonical_reason().unwrap_or_default().into(),
    );
    members.insert("status".into(), status.as_u16().into());
    members.insert("detail".into(), e.message.clone().into());
    let body = serde_json::to_vec(&members).unwrap_or_default();
    let mut response = (
        status,
        [
            (header::CONTENT_TYPE, "application/problem+json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    if let Some(secs) = retry {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// [`problem`] for an error of ours.
pub fn problem_of(e: AppError) -> Response {
    problem(&async_graphql::Error::from(e).into_server_error(Default::default()))
}

/// The JSON body of an error: the same extensions as a resolver's error.
pub fn body(e: AppError) -> serde_json::Value {
    serde_json::json!({ "errors": [server_error(e)] })
}

/// An error of ours as a GraphQL error outside any document.
pub fn server_error(e: AppError) -> async_graphql::ServerError {
    let mut e = async_graphql::Error::from(e).into_server_error(Default::default());
    // Not from a place in a document: no `locations` (the spec's lines and
    // columns start at 1; the default position would print 0:0).
    e.locations.clear();
    e
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = status(&self);
        let retry = match &self {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let mut response = (status, axum::Json(body(self))).into_response();
        if let Some(secs) = retry {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
