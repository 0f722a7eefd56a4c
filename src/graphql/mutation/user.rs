//! User management (admins).

use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::{
    graphql::{
        context,
        types::{
            common::parse_id,
            user::{User, UserRole},
        },
    },
    service::{
        self,
        user::{NewUser, UserChanges},
    },
};

/// A new account.
#[derive(InputObject, Debug)]
pub struct CreateUserInput {
    /// 3-64 characters: a-z, 0-9, `.`, `_`, `-`.
    pub username: String,
    pub display_name: Option<String>,
    pub role: UserRole,
    /// 10-200 characters.
    pub password: String,
}

/// Changes to an account; changing the role, disabling it or resetting the
/// password ends all its sessions at once.
#[derive(InputObject, Debug)]
pub struct UpdateUserInput {
    pub display_name: Option<String>,
    pub role: Option<UserRole>,
    pub active: Option<bool>,
    /// A new password (a reset by an admin).
    pub password: Option<String>,
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> Result<User> {
        let db = context::db(ctx)?;
        let new = NewUser {
            username: input.username,
            display_name: input.display_name,
            role: input.role.into(),
            password: input.password,
        };
        Ok(service::user::create(db, context::viewer(ctx), new)
            .await?
            .into())
    }

    async fn update_user(&self, ctx: &Context<'_>, id: ID, input: UpdateUserInput) -> Result<User> {
        let db = context::db(ctx)?;
        let changes = UserChanges {
            display_name: input.display_name,
            role: input.role.map(Into::into),
            active: input.active,
            password: input.password,
        };
        let id = parse_id("id", &id)?;
        Ok(service::user::update(db, context::viewer(ctx), id, changes)
            .await?
            .into())
    }
}
