//! `galleries`: photo albums of local events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "galleries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    /// Vietnamese collation key of the title, for A-Z sorting.
    pub title_sort: String,
    pub description: Option<String>,
    /// The photo chosen as cover; the first photo when `None`.
    pub cover_photo_id: Option<i64>,
    pub category_id: Option<i64>,
    pub created_by: Option<i64>,
    /// `draft`, `published` or `archived`.
    pub status: crate::status::Status,
    pub published_at: Option<DateTimeUtc>,
    pub featured: bool,
    pub view_count: i64,
    /// Bumped on every change, photos included: the concurrency token.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::photo::Entity")]
    Photo,
}

impl Related<super::photo::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Photo.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
