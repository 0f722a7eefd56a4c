//! `search_synonyms`: one of the site's synonym groups, its phrases as a JSON
//! array of strings (see the root crate's `service::search::synonyms`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "search_synonyms")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub phrases: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
