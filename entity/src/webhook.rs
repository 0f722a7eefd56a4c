//! `webhooks`: an endpoint an admin registered for public changes (see the
//! root crate's `service::webhook`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub url: String,
    pub description: Option<String>,
    /// The events it wants, as a JSON array of names (`article.published`,
    /// `article.*`, `*`).
    pub events: String,
    /// The signing secret, `whsec_` and base64 (Standard Webhooks).
    pub secret: String,
    pub active: bool,
    /// Why bantin stopped sending (the receiver answered 410 Gone).
    pub disabled_reason: Option<String>,
    /// The last change-log position turned into deliveries for it.
    pub fed_through: i64,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
