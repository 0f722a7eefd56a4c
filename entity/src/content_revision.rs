//! `content_revisions`: a video, gallery, document or page as it was
//! before an update (articles keep `article_revisions`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "content_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `video`, `gallery`, `document` or `page`.
    pub kind: String,
    pub item_id: i64,
    /// The item's version this snapshot holds.
    pub version: i32,
    pub editor_id: Option<i64>,
    /// JSON of the whole row as it was.
    #[sea_orm(column_type = "Text")]
    pub snapshot: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
