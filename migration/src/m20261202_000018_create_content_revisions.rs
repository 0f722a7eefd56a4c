//! Revisions of every publishable kind besides articles (which keep their
//! own table): the row as it was before each update.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContentRevisions::Table)
                    .col(big_pk_auto(ContentRevisions::Id))
                    .col(string_len(ContentRevisions::Kind, 32))
                    .col(big_integer(ContentRevisions::ItemId))
                    .col(integer(ContentRevisions::Version))
                    .col(big_integer_null(ContentRevisions::EditorId))
                    .col(text(ContentRevisions::Snapshot))
                    .col(timestamp_with_time_zone(ContentRevisions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_revisions_item")
                    .table(ContentRevisions::Table)
                    .col(ContentRevisions::Kind)
                    .col(ContentRevisions::ItemId)
                    .col(ContentRevisions::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContentRevisions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ContentRevisions {
    Table,
    Id,
    Kind,
    ItemId,
    Version,
    EditorId,
    Snapshot,
    CreatedAt,
}
