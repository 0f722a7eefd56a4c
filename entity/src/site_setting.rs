//! `site_settings`: the one row of the site's own facts (id 1).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "site_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub name: String,
    pub tagline: Option<String>,
    pub logo_url: Option<String>,
    pub favicon_url: Option<String>,
    pub contact_email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// JSON array of `{"kind", "url"}`.
    pub social_links: String,
    /// Sanitised HTML.
    pub footer_html: Option<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub seo_image_url: Option<String>,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
