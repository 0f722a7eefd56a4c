//! `videos`: the video list (event recordings, guides), embedded from a
//! provider or served as a file.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "videos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    /// Vietnamese collation key of the title, for A-Z sorting.
    pub title_sort: String,
    pub description: Option<String>,
    /// The source URL as the editor gave it (a YouTube link, an .mp4 file...).
    pub url: String,
    /// Detected from `url`: `youtube`, `vimeo`, `facebook`, `file` or `other`.
    pub provider: String,
    /// A thumbnail the editor chose; YouTube's is derived when absent.
    pub thumbnail_url: Option<String>,
    pub duration_seconds: Option<i32>,
    pub category_id: Option<i64>,
    pub created_by: Option<i64>,
    /// `draft`, `published` or `archived`.
    pub status: crate::status::Status,
    pub published_at: Option<DateTimeUtc>,
    pub featured: bool,
    pub view_count: i64,
    /// Bumped on every change: the optimistic-concurrency token.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::video_tag::Entity")]
    VideoTag,
}

impl Related<super::video_tag::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VideoTag.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
