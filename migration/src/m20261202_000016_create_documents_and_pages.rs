//! Official documents ("văn bản": resolutions, decisions, notices...) and
//! static pages ("Giới thiệu", "Liên hệ"): the two content types built on the
//! shared publication model, with the same status, version and view columns
//! as videos.

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
                    .table(Documents::Table)
                    .col(big_pk_auto(Documents::Id))
                    .col(string_len_uniq(Documents::Slug, 200))
                    .col(string_len(Documents::Number, 100))
                    .col(string_len(Documents::NumberKey, 100))
                    .col(string_len(Documents::Title, 500))
                    .col(string_len(Documents::TitleSort, 1500))
                    .col(string_len(Documents::DocumentType, 32))
                    .col(string_len(Documents::Issuer, 200))
                    .col(string_len_null(Documents::Signer, 200))
                    .col(date(Documents::IssuedOn))
                    .col(date_null(Documents::EffectiveOn))
                    .col(date_null(Documents::ExpiresOn))
                    .col(big_integer_null(Documents::CategoryId))
                    .col(text_null(Documents::Summary))
                    .col(text(Documents::Body))
                    .col(text(Documents::Files))
                    .col(big_integer_null(Documents::CreatedBy))
                    .col(string_len(Documents::Status, 16))
                    .col(timestamp_with_time_zone_null(Documents::PublishedAt))
                    .col(boolean(Documents::Featured).default(false))
                    .col(big_integer(Documents::ViewCount).default(0))
                    .col(integer(Documents::Version).default(1))
                    .col(timestamp_with_time_zone(Documents::CreatedAt))
                    .col(timestamp_with_time_zone(Documents::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_documents_category")
                            .from(Documents::Table, Documents::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_documents_status_published",
                &[Documents::Status, Documents::PublishedAt, Documents::Id][..],
            ),
            // "Which document is 15-NQ/TU?", however it is typed.
            ("idx_documents_number_key", &[Documents::NumberKey][..]),
            (
                "idx_documents_type_issued",
                &[Documents::DocumentType, Documents::IssuedOn][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Documents::Table);
            for c in cols {
                index.col(*c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Pages::Table)
                    .col(big_pk_auto(Pages::Id))
                    .col(string_len_uniq(Pages::Slug, 200))
                    .col(string_len(Pages::Title, 300))
                    .col(text(Pages::Body))
                    .col(big_integer_null(Pages::ParentId))
                    .col(integer(Pages::Position).default(0))
                    .col(boolean(Pages::ShowInMenu).default(true))
                    .col(string_len_null(Pages::SeoTitle, 300))
                    .col(string_len_null(Pages::SeoDescription, 500))
                    .col(big_integer_null(Pages::CreatedBy))
                    .col(string_len(Pages::Status, 16))
                    .col(timestamp_with_time_zone_null(Pages::PublishedAt))
                    .col(big_integer(Pages::ViewCount).default(0))
                    .col(integer(Pages::Version).default(1))
                    .col(timestamp_with_time_zone(Pages::CreatedAt))
                    .col(timestamp_with_time_zone(Pages::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pages_parent")
                            .from(Pages::Table, Pages::ParentId)
                            .to(Pages::Table, Pages::Id)
                            // Deleting a page lifts its children to the top.
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Pages::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Documents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Documents {
    Table,
    Id,
    Slug,
    Number,
    NumberKey,
    Title,
    TitleSort,
    DocumentType,
    Issuer,
    Signer,
    IssuedOn,
    EffectiveOn,
    ExpiresOn,
    CategoryId,
    Summary,
    Body,
    Files,
    CreatedBy,
    Status,
    PublishedAt,
    Featured,
    ViewCount,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Pages {
    Table,
    Id,
    Slug,
    Title,
    Body,
    ParentId,
    Position,
    ShowInMenu,
    SeoTitle,
    SeoDescription,
    CreatedBy,
    Status,
    PublishedAt,
    ViewCount,
    Version,
    CreatedAt,
    UpdatedAt,
}
