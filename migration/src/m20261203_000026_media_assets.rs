//! The media library: files editors upload, stored by the hash of their
//! bytes (one copy however often they are uploaded), with their resized
//! variants and what a page needs to lay them out before they load.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MediaAssets::Table)
                    .col(big_pk_auto(MediaAssets::Id))
                    .col(string_len(MediaAssets::Hash, 64))
                    .col(string_len(MediaAssets::Kind, 16))
                    .col(string_len(MediaAssets::MimeType, 100))
                    .col(string_len(MediaAssets::StorageKey, 200))
                    .col(big_integer(MediaAssets::Bytes))
                    .col(integer_null(MediaAssets::Width))
                    .col(integer_null(MediaAssets::Height))
                    .col(string_len(MediaAssets::Filename, 255))
                    .col(string_len_null(MediaAssets::Alt, 500))
                    .col(string_len_null(MediaAssets::Caption, 1000))
                    .col(string_len_null(MediaAssets::Credit, 255))
                    .col(text_null(MediaAssets::Placeholder))
                    .col(string_len_null(MediaAssets::DominantColor, 7))
                    .col(text(MediaAssets::Variants))
                    .col(big_integer_null(MediaAssets::UploadedBy))
                    .col(timestamp_with_time_zone(MediaAssets::CreatedAt))
                    .col(timestamp_with_time_zone(MediaAssets::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_media_assets_hash", MediaAssets::Hash),
            ("idx_media_assets_storage_key", MediaAssets::StorageKey),
            ("idx_media_assets_created", MediaAssets::CreatedAt),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(MediaAssets::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MediaAssets::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum MediaAssets {
    Table,
    Id,
    Hash,
    Kind,
    MimeType,
    StorageKey,
    Bytes,
    Width,
    Height,
    Filename,
    Alt,
    Caption,
    Credit,
    Placeholder,
    DominantColor,
    Variants,
    UploadedBy,
    CreatedAt,
    UpdatedAt,
}
