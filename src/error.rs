//! The one error type of the domain, and how it reaches GraphQL clients.
//!
//! Every variant's `Display` is safe to show a client. Internal causes (SQL,
//! I/O) are logged once where they are converted and replaced by a generic
//! message, so nothing about the database ever reaches a response.

use std::fmt;

/// A per-field validation message, reported as `extensions.field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Errors of the domain layer. Resolvers return them as GraphQL errors whose
/// `extensions.code` names the variant.
///
/// Deliberately not `Display`: async-graphql turns any `Display` error into a
/// client message without a code, so our own `From` impl below is the only way
/// an `AppError` becomes a GraphQL error. Use [`AppError::message`] for text.
#[derive(Debug)]
pub enum AppError {
    /// `NOT_FOUND`: the thing asked for does not exist (or is not visible).
    NotFound(&'static str),
    /// `UNAUTHENTICATED`: no valid credentials were given.
    Unauthenticated(String),
    /// `FORBIDDEN`: the caller is known but may not do this.
    Forbidden(String),
    /// `BAD_USER_INPUT`: the input is invalid; `field` names the offending input field.
    Validation(FieldError),
    /// `CONFLICT`: a unique value is taken, a version is stale, or a state forbids the change.
    Conflict {
        message: String,
        field: Option<&'static str>,
    },
    /// `RATE_LIMITED`: too many attempts; retry after the given number of seconds.
    RateLimited { retry_after_secs: u64 },
    /// `CURSOR_EXPIRED`: a change-log cursor older than the log keeps; the
    /// client must sync everything again.
    CursorExpired,
    /// `INTERNAL`: something failed on our side; details are in the server log only.
    Internal,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A validation error on one input field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AppError::Validation(FieldError {
            field,
            message: message.into(),
        })
    }

    /// A conflict with no particular field.
    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict {
            message: message.into(),
            field: None,
        }
    }

    /// The client-safe message.
    pub fn message(&self) -> String {
        match self {
            AppError::NotFound(what) => format!("{what} not found"),
            AppError::Unauthenticated(m) | AppError::Forbidden(m) => m.clone(),
            AppError::Validation(f) => f.message.clone(),
            AppError::Conflict { message, .. } => message.clone(),
            AppError::RateLimited { retry_after_secs } => {
                format!("too many attempts, retry in {retry_after_secs} s")
            }
            AppError::CursorExpired => "this cursor is older than the change log keeps: \
                 load everything again, then ask for changes from the newest cursor"
                .into(),
            AppError::Internal => "internal error".into(),
        }
    }

    /// The value of `extensions.code` for this error.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Unauthenticated(_) => "UNAUTHENTICATED",
            AppError::Forbidden(_) => "FORBIDDEN",
            AppError::Validation(_) => "BAD_USER_INPUT",
            AppError::Conflict { .. } => "CONFLICT",
            AppError::RateLimited { .. } => "RATE_LIMITED",
            AppError::CursorExpired => "CURSOR_EXPIRED",
            AppError::Internal => "INTERNAL",
        }
    }

    /// Logs an internal failure and returns the opaque client-facing error.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        // A unique index tripped by a race (two editors taking one slug at
        // once) is the client's conflict, not our failure.
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
            return AppError::conflict("a record with this unique value already exists");
        }
        AppError::internal(err)
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        let mut gql = async_graphql::Error::new(err.message());
        let mut ext = async_graphql::ErrorExtensionValues::default();
        ext.set("code", err.code());
        match &err {
            AppError::Validation(f) => ext.set("field", f.field),
            AppError::Conflict {
                field: Some(field), ..
            } => ext.set("field", *field),
            AppError::RateLimited { retry_after_secs } => ext.set("retryAfter", *retry_after_secs),
            _ => {}
        }
        gql.extensions = Some(ext);
        gql
    }
}
