//! The site around the content: one row of settings (name, logo, contact,
//! footer, default SEO) and named menus of ordered, nested links.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SiteSettings::Table)
                    // Always 1: the site has one set of settings.
                    .col(big_integer(SiteSettings::Id).primary_key())
                    .col(string_len(SiteSettings::Name, 200))
                    .col(string_len_null(SiteSettings::Tagline, 300))
                    .col(text_null(SiteSettings::LogoUrl))
                    .col(text_null(SiteSettings::FaviconUrl))
                    .col(string_len_null(SiteSettings::ContactEmail, 200))
                    .col(string_len_null(SiteSettings::Phone, 100))
                    .col(string_len_null(SiteSettings::Address, 500))
                    .col(text(SiteSettings::SocialLinks))
                    .col(text_null(SiteSettings::FooterHtml))
                    .col(string_len_null(SiteSettings::SeoTitle, 300))
                    .col(string_len_null(SiteSettings::SeoDescription, 500))
                    .col(text_null(SiteSettings::SeoImageUrl))
                    .col(integer(SiteSettings::Version).default(1))
                    .col(timestamp_with_time_zone(SiteSettings::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Menus::Table)
                    .col(big_pk_auto(Menus::Id))
                    .col(string_len_uniq(Menus::Slug, 100))
                    .col(string_len(Menus::Name, 200))
                    .col(integer(Menus::Version).default(1))
                    .col(timestamp_with_time_zone(Menus::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MenuItems::Table)
                    .col(big_pk_auto(MenuItems::Id))
                    .col(big_integer(MenuItems::MenuId))
                    .col(big_integer_null(MenuItems::ParentId))
                    .col(integer(MenuItems::Position))
                    .col(string_len(MenuItems::Label, 200))
                    .col(string_len(MenuItems::LinkKind, 32))
                    .col(big_integer_null(MenuItems::TargetId))
                    .col(text_null(MenuItems::Url))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_menu_items_menu")
                            .from(MenuItems::Table, MenuItems::MenuId)
                            .to(Menus::Table, Menus::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_menu_items_menu")
                    .table(MenuItems::Table)
                    .col(MenuItems::MenuId)
                    .col(MenuItems::Position)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MenuItems::Table.into_iden(),
            Menus::Table.into_iden(),
            SiteSettings::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SiteSettings {
    Table,
    Id,
    Name,
    Tagline,
    LogoUrl,
    FaviconUrl,
    ContactEmail,
    Phone,
    Address,
    SocialLinks,
    FooterHtml,
    SeoTitle,
    SeoDescription,
    SeoImageUrl,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Menus {
    Table,
    Id,
    Slug,
    Name,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MenuItems {
    Table,
    Id,
    MenuId,
    ParentId,
    Position,
    Label,
    LinkKind,
    TargetId,
    Url,
}
