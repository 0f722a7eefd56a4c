//! Database migrations, one concern per file, each with a working `down`.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_create_categories;
mod m20261128_000002_create_articles;
mod m20261128_000003_create_users;
mod m20261128_000004_create_article_revisions;
mod m20261128_000005_create_visit_counters;
mod m20261128_000006_create_search_index;
mod m20261128_000010_create_videos;
mod m20261128_000011_create_galleries;
mod m20261128_000012_create_article_media;
mod m20261128_000013_create_login_failures;
mod m20261202_000014_article_body_policy;
mod m20261202_000015_sort_indexes;
mod m20261202_000016_create_documents_and_pages;
mod m20261202_000017_create_audit_log;
mod m20261202_000018_create_content_revisions;
mod m20261202_000019_category_version;
mod m20261202_000020_create_site_and_menus;
mod m20261202_000021_author_profiles;
mod m20261202_000022_blocks_and_top_stories;
mod m20261203_000023_search_forms;
mod m20261203_000024_change_log;
mod m20261203_000025_webhooks;
mod m20261203_000026_media_assets;

/// Applies bantin's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_categories::Migration),
            Box::new(m20261128_000002_create_articles::Migration),
            Box::new(m20261128_000003_create_users::Migration),
            Box::new(m20261128_000004_create_article_revisions::Migration),
            Box::new(m20261128_000005_create_visit_counters::Migration),
            Box::new(m20261128_000006_create_search_index::Migration),
            Box::new(m20261128_000010_create_videos::Migration),
            Box::new(m20261128_000011_create_galleries::Migration),
            Box::new(m20261128_000012_create_article_media::Migration),
            Box::new(m20261128_000013_create_login_failures::Migration),
            Box::new(m20261202_000014_article_body_policy::Migration),
            Box::new(m20261202_000015_sort_indexes::Migration),
            Box::new(m20261202_000016_create_documents_and_pages::Migration),
            Box::new(m20261202_000017_create_audit_log::Migration),
            Box::new(m20261202_000018_create_content_revisions::Migration),
            Box::new(m20261202_000019_category_version::Migration),
            Box::new(m20261202_000020_create_site_and_menus::Migration),
            Box::new(m20261202_000021_author_profiles::Migration),
            Box::new(m20261202_000022_blocks_and_top_stories::Migration),
            Box::new(m20261203_000023_search_forms::Migration),
            Box::new(m20261203_000024_change_log::Migration),
            Box::new(m20261203_000025_webhooks::Migration),
            Box::new(m20261203_000026_media_assets::Migration),
        ]
    }
}
