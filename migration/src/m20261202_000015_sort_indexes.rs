//! Sorted lists walk an index in their order instead of sorting every
//! published row, and the index holds `published_at` too, so "due yet" is
//! checked without reading the row: a row's later columns sit behind its
//! body's overflow pages, and a deep alphabetical page read thousands of
//! bodies to skip them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const VIEWS: &str = "idx_articles_status_views";
const TITLE_OLD: &str = "idx_articles_status_title_sort";
const TITLE: &str = "idx_articles_status_title_due";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                VIEWS,
                [
                    Articles::Status,
                    Articles::ViewCount,
                    Articles::PublishedAt,
                    Articles::Id,
                ],
            ))
            .await?;
        manager
            .create_index(index(
                TITLE,
                [
                    Articles::Status,
                    Articles::TitleSort,
                    Articles::Id,
                    Articles::PublishedAt,
                ],
            ))
            .await?;
        manager.drop_index(drop_named(TITLE_OLD)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                TITLE_OLD,
                [Articles::Status, Articles::TitleSort, Articles::Id],
            ))
            .await?;
        manager.drop_index(drop_named(TITLE)).await?;
        manager.drop_index(drop_named(VIEWS)).await
    }
}

fn index<const N: usize>(name: &str, cols: [Articles; N]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Articles::Table);
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

fn drop_named(name: &str) -> IndexDropStatement {
    Index::drop().name(name).table(Articles::Table).to_owned()
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Status,
    ViewCount,
    TitleSort,
    PublishedAt,
    Id,
}
