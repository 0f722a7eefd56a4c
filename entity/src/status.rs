//! The stored editorial status of a publishable row (articles, videos,
//! galleries and what comes after them). "Scheduled" is not stored: it is a
//! published row whose `published_at` is still ahead.

use sea_orm::entity::prelude::*;

/// The `status` column, stored as its lowercase name (the values the first
/// release wrote, so no data migration was needed).
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Submitted by an author for an editor's review (articles only).
    #[sea_orm(string_value = "review")]
    Review,
    #[sea_orm(string_value = "published")]
    Published,
    #[sea_orm(string_value = "archived")]
    Archived,
}
