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
    match e {
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Validation(_) => StatusCode::BAD_REQUEST,
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        // Ours, and mostly the database away: worth retrying elsewhere.
        AppError::Internal => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The JSON body of an error: the same extensions as a resolver's error.
pub fn body(e: AppError) -> serde_json::Value {
    let e = async_graphql::Error::from(e).into_server_error(Default::default());
    serde_json::json!({ "errors": [e] })
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
