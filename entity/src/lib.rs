//! SeaORM entities for bantin: one module per table.
//!
//! These types mirror the database and nothing more; business rules live in the
//! root crate's `service` modules and GraphQL types are separate structs, so a
//! column added here never reaches clients by accident.

pub mod article;
pub mod article_media;
pub mod article_revision;
pub mod article_tag;
pub mod audit_entry;
pub mod block;
pub mod category;
pub mod content_revision;
pub mod document;
pub mod gallery;
pub mod item_views_daily;
pub mod login_failure;
pub mod media_asset;
pub mod menu;
pub mod menu_item;
pub mod page;
pub mod photo;
pub mod recent_visitor;
pub mod refresh_token;
pub mod search_document;
pub mod search_synonym;
pub mod search_text;
pub mod site_setting;
pub mod status;
pub mod user;
pub mod video;
pub mod video_tag;
pub mod visit_baseline;
pub mod visit_day;
pub mod webhook;
pub mod webhook_delivery;
