//! Who a request acts as, proven from its `Authorization` header: the
//! public, a preview link's holder, or a signed-in user. An axum extractor,
//! so every route reads the viewer the same way.

use std::sync::Arc;

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{header, request::Parts},
};
use entity::user;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

use super::{
    Role,
    jwt::{JwtKeys, TokenKind, invalid_token},
};
use crate::error::{AppError, AppResult};

/// A signed-in user, as proven by an access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub role: Role,
}

/// Whoever a request acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// The public: sees published content only.
    Anonymous,
    /// Holder of a preview link: the public's view plus one article.
    Preview { article_id: i64 },
    /// A signed-in editor, author or admin.
    User(Principal),
    /// The command line and the seeder: trusted, acts for nobody.
    System,
}

/// The principal behind an access token, if the account is still active and
/// the token's version is current (a password change or a disabled account
/// bumps it).
pub async fn principal(
    db: &impl ConnectionTrait,
    id: i64,
    token_version: i32,
) -> AppResult<Principal> {
    let u = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.active && u.token_version == token_version)
        .ok_or_else(invalid_token)?;
    let role = Role::parse(&u.role).ok_or_else(invalid_token)?;
    Ok(Principal {
        user_id: u.id,
        role,
    })
}

/// The viewer an `Authorization` header value proves. No header: the
/// public. A header that fails any check: `UNAUTHENTICATED`; a database that
/// cannot be asked: `INTERNAL`.
pub async fn from_header(
    keys: &JwtKeys,
    db: &impl ConnectionTrait,
    value: Option<&header::HeaderValue>,
) -> AppResult<Viewer> {
    let Some(value) = value else {
        return Ok(Viewer::Anonymous);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(invalid_token)?;
    let claims = keys.verify(token)?;
    match claims.typ {
        TokenKind::Preview => Ok(Viewer::Preview {
            article_id: claims.sub.parse().map_err(|_| invalid_token())?,
        }),
        TokenKind::Access => {
            let user_id: i64 = claims.sub.parse().map_err(|_| invalid_token())?;
            let principal = principal(db, user_id, claims.tv.unwrap_or(-1)).await?;
            Ok(Viewer::User(principal))
        }
    }
}

/// Any router state that holds the signing keys and the database.
impl<S> FromRequestParts<S> for Viewer
where
    S: Send + Sync,
    Arc<JwtKeys>: FromRef<S>,
    DatabaseConnection: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let keys = Arc::<JwtKeys>::from_ref(state);
        let db = DatabaseConnection::from_ref(state);
        from_header(&keys, &db, parts.headers.get(header::AUTHORIZATION)).await
    }
}
