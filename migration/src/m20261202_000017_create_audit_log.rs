//! The audit log: who did what to which item, when and from which client.
//! Rows are written in the transaction of the action they record.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    // No foreign key: the record outlives what it names.
                    .col(big_integer_null(AuditLog::UserId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len_null(AuditLog::TargetKind, 32))
                    .col(big_integer_null(AuditLog::TargetId))
                    .col(string_len_null(AuditLog::Client, 100))
                    .col(text_null(AuditLog::Detail))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_audit_log_at", &[AuditLog::At, AuditLog::Id][..]),
            ("idx_audit_log_user", &[AuditLog::UserId, AuditLog::Id][..]),
            (
                "idx_audit_log_target",
                &[AuditLog::TargetKind, AuditLog::TargetId, AuditLog::Id][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditLog::Table);
            for c in cols {
                index.col(*c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    At,
    UserId,
    Action,
    TargetKind,
    TargetId,
    Client,
    Detail,
}
