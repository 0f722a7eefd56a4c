//! Webhooks and their deliveries (admins).

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context,
        types::{
            common::parse_id,
            webhook::{Webhook, WebhookDelivery, WebhookDeliveryPage, WebhookDeliveryStatus},
        },
    },
    service::webhook,
};

#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// Every webhook, oldest first (admins). Secrets are not shown.
    async fn webhooks(&self, ctx: &Context<'_>) -> Result<Vec<Webhook>> {
        let db = context::db(ctx)?;
        Ok(webhook::list(db, context::viewer(ctx))
            .await?
            .into_iter()
            .map(|model| Webhook {
                model,
                show_secret: false,
            })
            .collect())
    }

    /// One webhook (admins).
    async fn webhook(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Webhook>> {
        let db = context::db(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(webhook::get(db, context::viewer(ctx), id)
            .await?
            .map(|model| Webhook {
                model,
                show_secret: false,
            }))
    }

    /// The event names a webhook may ask for.
    async fn webhook_events(&self) -> Vec<String> {
        webhook::event_names()
    }

    /// A webhook's deliveries, newest first (admins): status, attempts, the
    /// last answer and how long it took.
    #[graphql(complexity = "crate::graphql::rows(per_page, 20, child_complexity)")]
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        webhook_id: ID,
        status: Option<WebhookDeliveryStatus>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<WebhookDeliveryPage> {
        let db = context::db(ctx)?;
        let id = parse_id("webhookId", &webhook_id)?;
        let page = context::page_request(ctx, page, per_page)?;
        let found =
            webhook::deliveries(db, context::viewer(ctx), id, status.map(Into::into), page).await?;
        Ok(WebhookDeliveryPage::of(found, WebhookDelivery))
    }
}
