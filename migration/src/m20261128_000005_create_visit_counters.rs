//! Visit counters: per-day site hits in the site's time zone, per-item daily
//! views, starting totals carried over from a previous system, and recently
//! seen visitors (as salted hashes) for "online now".

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(VisitDays::Table)
                    .col(string_len(VisitDays::Day, 10).primary_key())
                    .col(big_integer(VisitDays::Hits).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VisitBaselines::Table)
                    .col(string_len(VisitBaselines::Period, 16).primary_key())
                    .col(big_integer(VisitBaselines::Hits).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ItemViewsDaily::Table)
                    .col(string_len(ItemViewsDaily::Kind, 16))
                    .col(big_integer(ItemViewsDaily::ItemId))
                    .col(string_len(ItemViewsDaily::Day, 10))
                    .col(big_integer(ItemViewsDaily::Hits).default(0))
                    .primary_key(
                        Index::create()
                            .col(ItemViewsDaily::Kind)
                            .col(ItemViewsDaily::ItemId)
                            .col(ItemViewsDaily::Day),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_item_views_daily_kind_day")
                    .table(ItemViewsDaily::Table)
                    .col(ItemViewsDaily::Kind)
                    .col(ItemViewsDaily::Day)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecentVisitors::Table)
                    .col(string_len(RecentVisitors::Visitor, 64).primary_key())
                    .col(timestamp_with_time_zone(RecentVisitors::LastSeen))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recent_visitors_last_seen")
                    .table(RecentVisitors::Table)
                    .col(RecentVisitors::LastSeen)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RecentVisitors::Table.into_iden(),
            ItemViewsDaily::Table.into_iden(),
            VisitBaselines::Table.into_iden(),
            VisitDays::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum VisitDays {
    Table,
    Day,
    Hits,
}

#[derive(DeriveIden)]
enum VisitBaselines {
    Table,
    Period,
    Hits,
}

#[derive(DeriveIden)]
enum ItemViewsDaily {
    Table,
    Kind,
    ItemId,
    Day,
    Hits,
}

#[derive(DeriveIden)]
enum RecentVisitors {
    Table,
    Visitor,
    LastSeen,
}
