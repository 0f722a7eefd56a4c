//! `webhook_deliveries`: one message to one endpoint and its attempts.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub webhook_id: i64,
    /// The change-log position it reports.
    pub change_id: i64,
    pub kind: String,
    pub item_id: i64,
    /// `article.published`...
    pub event: String,
    /// The `webhook-id` header: the same on every attempt, so receivers can
    /// drop a repeat.
    pub message_id: String,
    /// The JSON body, fixed when the change was fed.
    pub payload: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTimeUtc>,
    /// While an instance is sending it, until when the claim holds.
    pub lease_until: Option<DateTimeUtc>,
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub duration_ms: Option<i32>,
    pub created_at: DateTimeUtc,
    pub last_attempt_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
