//! `articles`: news items with their publishing state.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "articles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    /// Vietnamese collation key of the title (see `text::collate`), for A-Z sorting.
    pub title_sort: String,
    pub summary: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// The HTML allow-list version that cleaned `body` (0: not known clean;
    /// see `text::html::POLICY`). Exports older than this field read as 0.
    #[serde(default)]
    pub body_policy: i16,
    pub cover_url: Option<String>,
    pub cover_caption: Option<String>,
    pub cover_alt: Option<String>,
    /// Byline as printed ("Phòng Văn hóa - Thông tin"); may differ from the account.
    pub author_name: Option<String>,
    /// The account that created the article, when it was made through the API.
    pub created_by: Option<i64>,
    pub category_id: i64,
    /// `draft`, `review`, `published` or `archived`.
    pub status: crate::status::Status,
    pub published_at: Option<DateTimeUtc>,
    pub featured: bool,
    /// Pinned among the top stories at this place (1 first); `None`: not pinned.
    #[serde(default)]
    pub featured_position: Option<i32>,
    /// When the pin ends by itself.
    #[serde(default)]
    pub featured_until: Option<DateTimeUtc>,
    pub view_count: i64,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    /// Bumped on every update: the optimistic-concurrency token editors send back.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id"
    )]
    Category,
    #[sea_orm(has_many = "super::article_tag::Entity")]
    ArticleTag,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl Related<super::article_tag::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ArticleTag.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
