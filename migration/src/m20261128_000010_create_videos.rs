//! Videos and their tags.

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
                    .table(Videos::Table)
                    .col(big_pk_auto(Videos::Id))
                    .col(string_len_uniq(Videos::Slug, 200))
                    .col(string_len(Videos::Title, 300))
                    .col(string_len(Videos::TitleSort, 1000))
                    .col(text_null(Videos::Description))
                    .col(text(Videos::Url))
                    .col(string_len(Videos::Provider, 16))
                    .col(text_null(Videos::ThumbnailUrl))
                    .col(integer_null(Videos::DurationSeconds))
                    .col(big_integer_null(Videos::CategoryId))
                    .col(big_integer_null(Videos::CreatedBy))
                    .col(string_len(Videos::Status, 16))
                    .col(timestamp_with_time_zone_null(Videos::PublishedAt))
                    .col(boolean(Videos::Featured).default(false))
                    .col(big_integer(Videos::ViewCount).default(0))
                    .col(integer(Videos::Version).default(1))
                    .col(timestamp_with_time_zone(Videos::CreatedAt))
                    .col(timestamp_with_time_zone(Videos::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_videos_category")
                            .from(Videos::Table, Videos::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            // A video outlives its section: it just loses it.
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_videos_status_published")
                    .table(Videos::Table)
                    .col(Videos::Status)
                    .col(Videos::PublishedAt)
                    .col(Videos::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VideoTags::Table)
                    .col(big_integer(VideoTags::VideoId))
                    .col(string_len(VideoTags::TagSlug, 200))
                    .col(string_len(VideoTags::Tag, 200))
                    .col(integer(VideoTags::Position).default(0))
                    .primary_key(
                        Index::create()
                            .col(VideoTags::VideoId)
                            .col(VideoTags::TagSlug),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_video_tags_video")
                            .from(VideoTags::Table, VideoTags::VideoId)
                            .to(Videos::Table, Videos::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_video_tags_slug")
                    .table(VideoTags::Table)
                    .col(VideoTags::TagSlug)
                    .col(VideoTags::VideoId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(VideoTags::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Videos::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Videos {
    Table,
    Id,
    Slug,
    Title,
    TitleSort,
    Description,
    Url,
    Provider,
    ThumbnailUrl,
    DurationSeconds,
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
enum VideoTags {
    Table,
    VideoId,
    TagSlug,
    Tag,
    Position,
}
