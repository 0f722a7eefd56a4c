//! `documents`: official documents ("văn bản") a town's offices issue:
//! resolutions, decisions, directives, plans, notices, letters, reports.

use sea_orm::entity::prelude::*;

/// What kind of official document this is; stored as its lowercase name.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// Nghị quyết.
    #[sea_orm(string_value = "resolution")]
    Resolution,
    /// Quyết định.
    #[sea_orm(string_value = "decision")]
    Decision,
    /// Chỉ thị.
    #[sea_orm(string_value = "directive")]
    Directive,
    /// Kế hoạch.
    #[sea_orm(string_value = "plan")]
    Plan,
    /// Thông báo.
    #[sea_orm(string_value = "notice")]
    Notice,
    /// Công văn.
    #[sea_orm(string_value = "official_letter")]
    OfficialLetter,
    /// Báo cáo.
    #[sea_orm(string_value = "report")]
    Report,
    #[sea_orm(string_value = "other")]
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    /// The number as issued ("số hiệu"), e.g. `15-NQ/TU`.
    pub number: String,
    /// The number folded to lowercase letters and digits (`15nqtu`), so
    /// `15/NQ-TU` and `15 nq tu` find it.
    pub number_key: String,
    /// The abstract ("trích yếu").
    pub title: String,
    /// Vietnamese collation key of the title, for A-Z sorting.
    pub title_sort: String,
    pub document_type: DocumentType,
    /// The issuing body ("cơ quan ban hành").
    pub issuer: String,
    pub signer: Option<String>,
    pub issued_on: Date,
    pub effective_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub category_id: Option<i64>,
    pub summary: Option<String>,
    /// Sanitised HTML.
    pub body: String,
    /// The attached files as a JSON array of `{"url", "name"}`.
    pub files: String,
    pub created_by: Option<i64>,
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
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
