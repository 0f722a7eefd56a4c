//! Videos and galleries embedded in articles.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261128_000002_create_articles::Articles;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ArticleMedia::Table)
                    .col(big_integer(ArticleMedia::ArticleId))
                    .col(string_len(ArticleMedia::Kind, 16))
                    // Points at videos or galleries depending on `kind`, so it
                    // has no foreign key; deleting a video or gallery removes
                    // its links in the same transaction.
                    .col(big_integer(ArticleMedia::MediaId))
                    .col(integer(ArticleMedia::Position).default(0))
                    .primary_key(
                        Index::create()
                            .col(ArticleMedia::ArticleId)
                            .col(ArticleMedia::Kind)
                            .col(ArticleMedia::MediaId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_article_media_article")
                            .from(ArticleMedia::Table, ArticleMedia::ArticleId)
                            .to(Articles::Table, Articles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_media_media")
                    .table(ArticleMedia::Table)
                    .col(ArticleMedia::Kind)
                    .col(ArticleMedia::MediaId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ArticleMedia::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ArticleMedia {
    Table,
    ArticleId,
    Kind,
    MediaId,
    Position,
}
