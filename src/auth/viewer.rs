//! Who a request acts as, proven from its `Authorization` header: the
//! public, a preview link's holder, or a signed-in user. Not an axum
//! extractor: the account check reads the database, so the HTTP layer calls
//! [`from_header`] inside each request's timeout.

use axum::http::header;
use entity::user;
use sea_orm::{ConnectionTrait, EntityTrait};

use super::{
    Role,
    jwt::{JwtKeys, TokenKind, invalid_token},
};
use crate::error::AppResult;

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
