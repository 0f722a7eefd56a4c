//! Banners and link blocks shown between dates, and the home page's top
//! stories pinned in an order with an optional end.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Blocks::Table)
                    .col(big_pk_auto(Blocks::Id))
                    .col(string_len(Blocks::Kind, 16))
                    .col(string_len(Blocks::Title, 200))
                    .col(text_null(Blocks::ImageUrl))
                    .col(text(Blocks::Url))
                    .col(integer(Blocks::Position).default(0))
                    .col(timestamp_with_time_zone_null(Blocks::StartsAt))
                    .col(timestamp_with_time_zone_null(Blocks::EndsAt))
                    .col(integer(Blocks::Version).default(1))
                    .col(timestamp_with_time_zone(Blocks::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_blocks_kind_position")
                    .table(Blocks::Table)
                    .col(Blocks::Kind)
                    .col(Blocks::Position)
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Articles::FeaturedPosition)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Articles::FeaturedUntil)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Articles::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Articles::FeaturedUntil, Articles::FeaturedPosition] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Articles::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Blocks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Blocks {
    Table,
    Id,
    Kind,
    Title,
    ImageUrl,
    Url,
    Position,
    StartsAt,
    EndsAt,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Articles {
    Table,
    FeaturedPosition,
    FeaturedUntil,
}
