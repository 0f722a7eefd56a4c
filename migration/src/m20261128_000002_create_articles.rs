//! Articles and their tags.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000001_create_categories::Categories;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Articles::Table)
                    .col(big_pk_auto(Articles::Id))
                    .col(string_len_uniq(Articles::Slug, 200))
                    .col(string_len(Articles::Title, 300))
                    .col(string_len(Articles::TitleSort, 1000))
                    .col(text_null(Articles::Summary))
                    .col(text(Articles::Body))
                    .col(text_null(Articles::CoverUrl))
                    .col(text_null(Articles::CoverCaption))
                    .col(text_null(Articles::CoverAlt))
                    .col(string_len_null(Articles::AuthorName, 200))
                    .col(big_integer_null(Articles::CreatedBy))
                    .col(big_integer(Articles::CategoryId))
                    .col(string_len(Articles::Status, 16))
                    .col(timestamp_with_time_zone_null(Articles::PublishedAt))
                    .col(boolean(Articles::Featured).default(false))
                    .col(big_integer(Articles::ViewCount).default(0))
                    .col(string_len_null(Articles::SeoTitle, 300))
                    .col(text_null(Articles::SeoDescription))
                    .col(integer(Articles::Version).default(1))
                    .col(timestamp_with_time_zone(Articles::CreatedAt))
                    .col(timestamp_with_time_zone(Articles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_articles_category")
                            .from(Articles::Table, Articles::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The public listing: published, newest first, optionally per category.
        for (name, cols) in [
            (
                "idx_articles_status_published",
                vec![Articles::Status, Articles::PublishedAt, Articles::Id],
            ),
            (
                "idx_articles_status_title_sort",
                vec![Articles::Status, Articles::TitleSort, Articles::Id],
            ),
            (
                "idx_articles_category_status_published",
                vec![
                    Articles::CategoryId,
                    Articles::Status,
                    Articles::PublishedAt,
                    Articles::Id,
                ],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Articles::Table);
            for col in cols {
                index.col(col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ArticleTags::Table)
                    .col(big_integer(ArticleTags::ArticleId))
                    .col(string_len(ArticleTags::TagSlug, 200))
                    .col(string_len(ArticleTags::Tag, 200))
                    .col(integer(ArticleTags::Position).default(0))
                    .primary_key(
                        Index::create()
                            .col(ArticleTags::ArticleId)
                            .col(ArticleTags::TagSlug),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_article_tags_article")
                            .from(ArticleTags::Table, ArticleTags::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_tags_slug")
                    .table(ArticleTags::Table)
                    .col(ArticleTags::TagSlug)
                    .col(ArticleTags::ArticleId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ArticleTags::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Articles::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Articles {
    Table,
    Id,
    Slug,
    Title,
    TitleSort,
    Summary,
    Body,
    CoverUrl,
    CoverCaption,
    CoverAlt,
    AuthorName,
    CreatedBy,
    CategoryId,
    Status,
    PublishedAt,
    Featured,
    ViewCount,
    SeoTitle,
    SeoDescription,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ArticleTags {
    Table,
    ArticleId,
    TagSlug,
    Tag,
    Position,
}
