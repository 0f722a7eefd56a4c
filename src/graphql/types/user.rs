//! The `User` type and sign-in payloads.

use async_graphql::{Enum, ID, SimpleObject};
use chrono::{DateTime, Utc};
use entity::user;

use crate::auth::Role;

/// Editorial roles.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum UserRole {
    /// Everything, including managing users.
    Admin,
    /// Edits, publishes and archives any content; manages categories.
    Editor,
    /// Writes own drafts and submits them for review.
    Author,
}

impl From<UserRole> for Role {
    fn from(r: UserRole) -> Self {
        match r {
            UserRole::Admin => Role::Admin,
            UserRole::Editor => Role::Editor,
            UserRole::Author => Role::Author,
        }
    }
}

impl From<Role> for UserRole {
    fn from(r: Role) -> Self {
        match r {
            Role::Admin => UserRole::Admin,
            Role::Editor => UserRole::Editor,
            Role::Author => UserRole::Author,
        }
    }
}

/// An editor's account (never its password).
#[derive(SimpleObject, Clone, Debug)]
pub struct User {
    pub id: ID,
    pub username: String,
    pub display_name: String,
    pub role: UserRole,
    /// A disabled account cannot sign in and its tokens stop working.
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<user::Model> for User {
    fn from(u: user::Model) -> Self {
        User {
            id: ID(u.id.to_string()),
            role: Role::parse(&u.role).unwrap_or(Role::Author).into(),
            username: u.username,
            display_name: u.display_name,
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// A signed-in session.
#[derive(SimpleObject, Clone, Debug)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <accessToken>`; short-lived.
    pub access_token: String,
    /// Opaque; trade it for a new pair with `refreshToken` before `expiresAt`
    /// passes. Each one works once.
    pub refresh_token: String,
    /// When the access token expires.
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// A read-only link token for one unpublished article.
#[derive(SimpleObject, Clone, Debug)]
pub struct PreviewToken {
    /// Send as `Authorization: Bearer <token>` to read that one article.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}
