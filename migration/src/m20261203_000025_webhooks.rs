//! Webhooks fed by the change log.
//! - `change_log.event`: what readers saw, in words a receiver acts on
//!   (`published`, `updated`, `unpublished`, `deleted`); `op` alone cannot
//!   tell a first publication from an edit, or an unpublish from a delete.
//! - `webhooks`: the endpoints admins registered, the events each wants, its
//!   signing secret, and how far into the change log it has been fed.
//! - `webhook_deliveries`: one message to one endpoint, with its attempts;
//!   the state every instance works from, so a restart loses nothing.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChangeLog::Table)
                    .add_column(string_len_null(ChangeLog::Event, 12))
                    .to_owned(),
            )
            .await?;
        // Older entries say what they can: an upsert was at least an edit.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE change_log SET event = CASE op WHEN 'UPSERT' THEN 'updated' ELSE 'deleted' END",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Webhooks::Table)
                    .col(big_pk_auto(Webhooks::Id))
                    .col(string_len(Webhooks::Url, 2048))
                    .col(string_len_null(Webhooks::Description, 500))
                    .col(text(Webhooks::Events))
                    .col(string_len(Webhooks::Secret, 128))
                    .col(boolean(Webhooks::Active).default(true))
                    .col(string_len_null(Webhooks::DisabledReason, 500))
                    .col(big_integer(Webhooks::FedThrough).default(0))
                    .col(big_integer_null(Webhooks::CreatedBy))
                    .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                    .col(timestamp_with_time_zone(Webhooks::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(big_pk_auto(WebhookDeliveries::Id))
                    .col(big_integer(WebhookDeliveries::WebhookId))
                    .col(big_integer(WebhookDeliveries::ChangeId))
                    .col(string_len(WebhookDeliveries::Kind, 16))
                    .col(big_integer(WebhookDeliveries::ItemId))
                    .col(string_len(WebhookDeliveries::Event, 32))
                    .col(string_len(WebhookDeliveries::MessageId, 64))
                    .col(text(WebhookDeliveries::Payload))
                    .col(string_len(WebhookDeliveries::Status, 12))
                    .col(integer(WebhookDeliveries::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::NextAttemptAt,
                    ))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::LeaseUntil))
                    .col(integer_null(WebhookDeliveries::ResponseStatus))
                    .col(string_len_null(WebhookDeliveries::LastError, 500))
                    .col(integer_null(WebhookDeliveries::DurationMs))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::LastAttemptAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_deliveries_webhook")
                            .from(WebhookDeliveries::Table, WebhookDeliveries::WebhookId)
                            .to(Webhooks::Table, Webhooks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            // What is due: the dispatcher's claim.
            (
                "idx_webhook_deliveries_due",
                vec![WebhookDeliveries::Status, WebhookDeliveries::NextAttemptAt],
            ),
            // An endpoint's history, newest first; and order per item.
            (
                "idx_webhook_deliveries_item",
                vec![
                    WebhookDeliveries::WebhookId,
                    WebhookDeliveries::Kind,
                    WebhookDeliveries::ItemId,
                    WebhookDeliveries::Status,
                ],
            ),
            (
                "idx_webhook_deliveries_webhook",
                vec![WebhookDeliveries::WebhookId, WebhookDeliveries::Id],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(WebhookDeliveries::Table);
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Webhooks::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChangeLog::Table)
                    .drop_column(ChangeLog::Event)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ChangeLog {
    Table,
    Event,
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Url,
    Description,
    Events,
    Secret,
    Active,
    DisabledReason,
    FedThrough,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    WebhookId,
    ChangeId,
    Kind,
    ItemId,
    Event,
    MessageId,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    ResponseStatus,
    LastError,
    DurationMs,
    CreatedAt,
    LastAttemptAt,
}
