//! `media_assets`: one uploaded file of the media library (see the root
//! crate's `service::asset`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "media_assets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 of the uploaded bytes, hex: the files' name.
    pub hash: String,
    /// `image` or `document`.
    pub kind: String,
    pub mime_type: String,
    /// Where the served original is kept (`ab/abcdef….jpg`).
    pub storage_key: String,
    /// Size of the served original.
    pub bytes: i64,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// The name it was uploaded under (shown to editors, never trusted).
    pub filename: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// A tiny preview as a `data:` URL.
    pub placeholder: Option<String>,
    /// `#rrggbb`.
    pub dominant_color: Option<String>,
    /// JSON array of `{ key, width, height, format, bytes }`.
    pub variants: String,
    pub uploaded_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
