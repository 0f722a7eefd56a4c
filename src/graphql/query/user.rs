//! Who am I, and the list of accounts.

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::{context, types::user::User},
    service,
};

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The signed-in user; `null` for the public.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(id) = context::viewer(ctx).user_id() else {
            return Ok(None);
        };
        let db = context::db(ctx)?;
        Ok(Some(service::user::get(db, id).await?.into()))
    }

    /// All accounts (admins only).
    async fn users(&self, ctx: &Context<'_>) -> Result<Vec<User>> {
        let db = context::db(ctx)?;
        let users = service::user::list(db, context::viewer(ctx)).await?;
        Ok(users.into_iter().map(Into::into).collect())
    }
}
