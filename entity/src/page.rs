//! `pages`: static pages of the site ("Giới thiệu", "Liên hệ", "Sơ đồ tổ
//! chức"), in a tree.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "pages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    /// Sanitised HTML.
    pub body: String,
    pub parent_id: Option<i64>,
    /// Order among its siblings, ascending.
    pub position: i32,
    pub show_in_menu: bool,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub created_by: Option<i64>,
    pub status: crate::status::Status,
    pub published_at: Option<DateTimeUtc>,
    pub view_count: i64,
    /// Bumped on every change: the optimistic-concurrency token.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
