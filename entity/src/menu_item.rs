//! `menu_items`: the ordered, nested links of a menu.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "menu_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub menu_id: i64,
    pub parent_id: Option<i64>,
    /// Order in the whole menu: parents before their children.
    pub position: i32,
    pub label: String,
    /// `category`, `article`, `page`, `documents` (the document list) or `url`.
    pub link_kind: String,
    /// The category, article or page linked to.
    pub target_id: Option<i64>,
    /// For `url`: where it goes.
    pub url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
