//! `search_texts`: the text of a search document, kept apart from the narrow
//! filter columns so that filtering many matches reads small rows.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "search_texts")]
pub struct Model {
    /// The `search_documents` id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// Plain text, tags stripped: snippets are cut from it.
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
