//! Signing in and out.

use std::time::Duration;

use async_graphql::{Context, ID, Object, Result};
use chrono::DateTime;

use crate::{
    error::AppError,
    graphql::{
        context,
        types::{
            common::parse_id,
            user::{AuthPayload, PreviewToken, User},
        },
    },
    service::{self, access::Action, session::Session},
};

/// The client's address, as the HTTP layer saw it (for rate limits).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl From<Session> for AuthPayload {
    fn from(s: Session) -> Self {
        AuthPayload {
            access_token: s.access_token,
            refresh_token: s.refresh_token,
            expires_at: s.expires_at,
            user: s.user.into(),
        }
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in. Too many failures for one username or one client address
    /// give `RATE_LIMITED` with `extensions.retryAfter` seconds.
    async fn login(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> Result<AuthPayload> {
        let state = context::state(ctx)?;
        let client = ctx
            .data_opt::<ClientAddr>()
            .map_or("unknown", |c| c.0.as_str());
        let session = service::session::login(
            &state.db,
            &state.keys,
            &state.login_limiter,
            &username,
            password,
            client,
        )
        .await?;
        Ok(session.into())
    }

    /// Trades a refresh token for a new pair; the old token stops working.
    async fn refresh_token(&self, ctx: &Context<'_>, refresh_token: String) -> Result<AuthPayload> {
        let state = context::state(ctx)?;
        Ok(
            service::session::refresh(&state.db, &state.keys, &refresh_token)
                .await?
                .into(),
        )
    }

    /// Ends the session of a refresh token. Always `true`.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: String) -> Result<bool> {
        let state = context::state(ctx)?;
        service::session::logout(&state.db, &refresh_token).await?;
        Ok(true)
    }

    /// Changes your own password; all your sessions end, sign in again.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> Result<User> {
        let db = context::db(ctx)?;
        let u = service::user::change_own_password(
            db,
            context::viewer(ctx),
            current_password,
            new_password,
        )
        .await?;
        Ok(u.into())
    }

    /// A signed, read-only link token that shows one article (a draft, say) to
    /// a reviewer without an account, for `ttlSeconds` (60 to 604800, default a day).
    async fn create_preview_token(
        &self,
        ctx: &Context<'_>,
        article_id: ID,
        #[graphql(default = 86400)] ttl_seconds: i32,
    ) -> Result<PreviewToken> {
        let state = context::state(ctx)?;
        let viewer = context::viewer(ctx);
        viewer.require(Action::ReadUnpublished)?;
        let id = parse_id("articleId", &article_id)?;
        let ttl = u64::try_from(ttl_seconds)
            .ok()
            .filter(|s| (60..=604_800).contains(s))
            .ok_or_else(|| AppError::invalid("ttlSeconds", "ttlSeconds must be 60 to 604800"))?;
        if service::article::find(&state.db, viewer, Some(id), None)
            .await?
            .is_none()
        {
            return Err(AppError::NotFound("article").into());
        }
        let (token, exp) = state.keys.preview_token(id, Duration::from_secs(ttl))?;
        Ok(PreviewToken {
            token,
            expires_at: DateTime::from_timestamp(exp, 0).unwrap_or_default(),
        })
    }
}
