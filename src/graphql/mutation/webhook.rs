//! Webhooks (admins).

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context,
        types::{
            common::parse_id,
            webhook::{CreateWebhookInput, UpdateWebhookInput, Webhook, WebhookDelivery},
        },
    },
    service::webhook,
};

#[derive(Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Registers an endpoint for public changes (admins). It receives what
    /// changes from now on. The answer holds the signing `secret`; it is
    /// not shown again.
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        input: CreateWebhookInput,
    ) -> Result<Webhook> {
        let state = context::state(ctx)?;
        let model = webhook::create(
            &state.db,
            context::viewer(ctx),
            input.into(),
            state.config.webhooks.allow_private,
        )
        .await?;
        Ok(Webhook {
            model,
            show_secret: true,
        })
    }

    /// Changes a webhook's URL, events, description, or pauses and resumes
    /// it (admins).
    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateWebhookInput,
    ) -> Result<Webhook> {
        let state = context::state(ctx)?;
        let id = parse_id("id", &id)?;
        let model = webhook::update(
            &state.db,
            context::viewer(ctx),
            id,
            input.into(),
            state.config.webhooks.allow_private,
        )
        .await?;
        Ok(Webhook {
            model,
            show_secret: false,
        })
    }

    /// Removes a webhook and its delivery history (admins); `false` when
    /// there was none.
    async fn delete_webhook(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(webhook::delete(db, context::viewer(ctx), id).await?)
    }

    /// Gives a webhook a new signing secret, shown in this answer only
    /// (admins). Deliveries are signed with it from now on, retries
    /// included.
    async fn rotate_webhook_secret(&self, ctx: &Context<'_>, id: ID) -> Result<Webhook> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        let model = webhook::rotate_secret(db, context::viewer(ctx), id).await?;
        Ok(Webhook {
            model,
            show_secret: true,
        })
    }

    /// Sends a delivery again as soon as possible (admins): a failed one
    /// once its receiver is fixed, or a pending one without waiting.
    async fn retry_webhook_delivery(&self, ctx: &Context<'_>, id: ID) -> Result<WebhookDelivery> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(WebhookDelivery(
            webhook::retry(db, context::viewer(ctx), id).await?,
        ))
    }
}
