//! `search_documents`: one narrow row per searchable article, video and album:
//! what search filters look at. The text lives in `search_texts`.
//! The engine-specific index (FTS5 table or `fts` tsvector column) is kept
//! beside it by the search service, not mapped here.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "search_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `article`, `video` or `gallery`.
    pub kind: String,
    pub item_id: i64,
    pub category_id: Option<i64>,
    pub status: crate::status::Status,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
