//! The change log: what the public can see, as a sequence of changes.
//! - `change_log`: one row per public change (an item appearing, changing or
//!   going away for readers), written in the transaction of the write that
//!   makes it; its `id` is the position clients page by.
//! - `change_state`: what the log last said of each item (public or not,
//!   under which slug) and when a scheduled one comes due, so a write knows
//!   whether readers are losing the item and the scheduler what to log next.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChangeLog::Table)
                    .col(big_pk_auto(ChangeLog::Id))
                    .col(string_len(ChangeLog::Kind, 16))
                    .col(big_integer(ChangeLog::ItemId))
                    .col(string_len(ChangeLog::Slug, 255))
                    .col(string_len(ChangeLog::Op, 8))
                    .col(timestamp_with_time_zone(ChangeLog::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_change_log_at")
                    .table(ChangeLog::Table)
                    .col(ChangeLog::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChangeState::Table)
                    .col(string_len(ChangeState::Kind, 16))
                    .col(big_integer(ChangeState::ItemId))
                    .col(string_len(ChangeState::Slug, 255))
                    .col(boolean(ChangeState::Public))
                    .col(timestamp_with_time_zone_null(ChangeState::DueAt))
                    .primary_key(
                        Index::create()
                            .col(ChangeState::Kind)
                            .col(ChangeState::ItemId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_change_state_due")
                    .table(ChangeState::Table)
                    .col(ChangeState::DueAt)
                    .to_owned(),
            )
            .await?;
        // Content that is public now is where every reader starts. SQLite
        // holds times as RFC 3339 text: "now" is written the same way.
        let db = manager.get_connection();
        let now = match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DbBackend::Postgres => "CURRENT_TIMESTAMP",
            _ => "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')",
        };
        for (kind, table) in [
            ("article", "articles"),
            ("video", "videos"),
            ("gallery", "galleries"),
            ("document", "documents"),
            ("page", "pages"),
        ] {
            db.execute_unprepared(&format!(
                "INSERT INTO change_state (kind, item_id, slug, public, due_at) \
                 SELECT '{kind}', id, slug, COALESCE(status = 'published' AND published_at <= {now}, FALSE), \
                 CASE WHEN status = 'published' AND published_at > {now} THEN published_at END \
                 FROM {table}"
            ))
            .await?;
        }
        db.execute_unprepared(
            "INSERT INTO change_state (kind, item_id, slug, public, due_at) \
             SELECT 'category', id, slug, TRUE, NULL FROM categories",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO bantin_meta (key, value) VALUES ('changes_pruned_through', '0')",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DELETE FROM bantin_meta WHERE key = 'changes_pruned_through'")
            .await?;
        manager
            .drop_table(Table::drop().table(ChangeState::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ChangeLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ChangeLog {
    Table,
    Id,
    Kind,
    ItemId,
    Slug,
    Op,
    At,
}

#[derive(DeriveIden)]
enum ChangeState {
    Table,
    Kind,
    ItemId,
    Slug,
    Public,
    DueAt,
}
