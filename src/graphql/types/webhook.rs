//! Webhooks as admins manage them.

use async_graphql::{Enum, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Utc};
use entity::{webhook, webhook_delivery};

use super::paging::page_type;
use crate::service::webhook::{self as service, DeliveryStatus};

/// An endpoint that receives public changes, signed.
pub struct Webhook {
    pub model: webhook::Model,
    /// Shown in the answer of `createWebhook` and `rotateWebhookSecret` only.
    pub show_secret: bool,
}

#[Object]
impl Webhook {
    async fn id(&self) -> ID {
        ID(self.model.id.to_string())
    }

    /// Where deliveries are POSTed.
    async fn url(&self) -> &str {
        &self.model.url
    }

    async fn description(&self) -> Option<&str> {
        self.model.description.as_deref()
    }

    /// The events it receives: names such as `article.published`, `kind.*`
    /// for all of a kind's, or `*`.
    async fn events(&self) -> Vec<String> {
        service::events_of(&self.model)
    }

    /// The signing secret (`whsec_…`): given once, when the webhook is
    /// created or its secret rotated, and `null` in every other answer.
    async fn secret(&self) -> Option<&str> {
        self.show_secret.then_some(self.model.secret.as_str())
    }

    /// Whether deliveries are sent. A paused webhook catches up with what
    /// changed meanwhile when it is resumed.
    async fn active(&self) -> bool {
        self.model.active
    }

    /// Why bantin stopped sending, when it did (the receiver answered 410).
    async fn disabled_reason(&self) -> Option<&str> {
        self.model.disabled_reason.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

/// Where a delivery stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum WebhookDeliveryStatus {
    /// Waiting for its first try or its next retry.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up on: every retry failed (about 27 hours), or the receiver
    /// answered 410 Gone.
    Failed,
}

impl From<WebhookDeliveryStatus> for DeliveryStatus {
    fn from(s: WebhookDeliveryStatus) -> Self {
        match s {
            WebhookDeliveryStatus::Pending => DeliveryStatus::Pending,
            WebhookDeliveryStatus::Delivered => DeliveryStatus::Delivered,
            WebhookDeliveryStatus::Failed => DeliveryStatus::Failed,
        }
    }
}

/// One message to one endpoint, with its attempts.
#[derive(Debug)]
pub struct WebhookDelivery(pub webhook_delivery::Model);

#[Object]
impl WebhookDelivery {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// `article.published`…
    async fn event(&self) -> &str {
        &self.0.event
    }

    /// The `webhook-id` header: the same on every attempt, for receivers
    /// to drop repeats.
    async fn message_id(&self) -> &str {
        &self.0.message_id
    }

    async fn status(&self) -> WebhookDeliveryStatus {
        match DeliveryStatus::parse(&self.0.status) {
            DeliveryStatus::Pending => WebhookDeliveryStatus::Pending,
            DeliveryStatus::Delivered => WebhookDeliveryStatus::Delivered,
            DeliveryStatus::Failed => WebhookDeliveryStatus::Failed,
        }
    }

    /// Tries so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// The HTTP status of the last answer; `null` when none came (refused,
    /// timed out).
    async fn response_status(&self) -> Option<i32> {
        self.0.response_status
    }

    /// What went wrong last time, in a line.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// How long the last attempt took, in milliseconds.
    async fn duration_ms(&self) -> Option<i32> {
        self.0.duration_ms
    }

    /// When the next retry is due (pending ones).
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_attempt_at
    }

    async fn last_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_attempt_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The JSON body sent (`{ type, timestamp, data }`).
    async fn payload(&self) -> &str {
        &self.0.payload
    }
}

page_type!(
    WebhookDeliveryPage,
    WebhookDelivery,
    "A numbered page of a webhook's deliveries, newest first."
);

/// A new webhook.
#[derive(InputObject, Debug)]
pub struct CreateWebhookInput {
    /// An http(s) URL on a public address.
    pub url: String,
    /// Event names (`article.published`, `article.updated`,
    /// `article.unpublished`, `article.deleted`, the same for `video`,
    /// `gallery`, `document`, `page` and `category`), `kind.*`, or `*`.
    pub events: Vec<String>,
    pub description: Option<String>,
}

impl From<CreateWebhookInput> for service::NewWebhook {
    fn from(i: CreateWebhookInput) -> Self {
        service::NewWebhook {
            url: i.url,
            events: i.events,
            description: i.description,
        }
    }
}

/// Changes to a webhook; absent fields stay as they are.
#[derive(InputObject, Debug)]
pub struct UpdateWebhookInput {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    /// `null` clears it.
    pub description: MaybeUndefined<String>,
    /// `false` pauses deliveries; `true` resumes them (and clears
    /// `disabledReason`), sending what changed meanwhile.
    pub active: Option<bool>,
}

impl From<UpdateWebhookInput> for service::WebhookPatch {
    fn from(i: UpdateWebhookInput) -> Self {
        service::WebhookPatch {
            url: i.url,
            events: i.events,
            description: match i.description {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(d) => Some(Some(d)),
            },
            active: i.active,
        }
    }
}
