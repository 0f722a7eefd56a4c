//! Galleries (photo albums) and their ordered photos.

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
                    .table(Galleries::Table)
                    .col(big_pk_auto(Galleries::Id))
                    .col(string_len_uniq(Galleries::Slug, 200))
                    .col(string_len(Galleries::Title, 300))
                    .col(string_len(Galleries::TitleSort, 1000))
                    .col(text_null(Galleries::Description))
                    // No foreign key: photos reference galleries, and the
                    // service clears this when the chosen photo goes.
                    .col(big_integer_null(Galleries::CoverPhotoId))
                    .col(big_integer_null(Galleries::CategoryId))
                    .col(big_integer_null(Galleries::CreatedBy))
                    .col(string_len(Galleries::Status, 16))
                    .col(timestamp_with_time_zone_null(Galleries::PublishedAt))
                    .col(boolean(Galleries::Featured).default(false))
                    .col(big_integer(Galleries::ViewCount).default(0))
                    .col(integer(Galleries::Version).default(1))
                    .col(timestamp_with_time_zone(Galleries::CreatedAt))
                    .col(timestamp_with_time_zone(Galleries::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_galleries_category")
                            .from(Galleries::Table, Galleries::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_galleries_status_published")
                    .table(Galleries::Table)
                    .col(Galleries::Status)
                    .col(Galleries::PublishedAt)
                    .col(Galleries::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Photos::Table)
                    .col(big_pk_auto(Photos::Id))
                    .col(big_integer(Photos::GalleryId))
                    .col(text(Photos::Url))
                    .col(text_null(Photos::Caption))
                    .col(text_null(Photos::Alt))
                    .col(integer_null(Photos::Width))
                    .col(integer_null(Photos::Height))
                    .col(string_len_null(Photos::Credit, 300))
                    .col(integer(Photos::Position))
                    .col(timestamp_with_time_zone(Photos::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_photos_gallery")
                            .from(Photos::Table, Photos::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Two photos can never share a place in one album, whatever races.
        manager
            .create_index(
                Index::create()
                    .name("idx_photos_gallery_position")
                    .table(Photos::Table)
                    .col(Photos::GalleryId)
                    .col(Photos::Position)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Photos::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Galleries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Galleries {
    Table,
    Id,
    Slug,
    Title,
    TitleSort,
    Description,
    CoverPhotoId,
    CategoryId,
    CreatedBy,
    Status,
    PublishedAt,
    Featured,
    ViewCount,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Photos {
    Table,
    Id,
    GalleryId,
    Url,
    Caption,
    Alt,
    Width,
    Height,
    Credit,
    Position,
    CreatedAt,
}
