//! The full-text index: one narrow row per searchable item in
//! `search_documents` (what filters look at), its text in `search_texts`
//! (kept apart so that filtering thousands of matches reads small rows),
//! indexed by each database's own engine: an FTS5 table on SQLite, a
//! weighted `tsvector` with a GIN index on PostgreSQL. Text is folded
//! (diacritics, case, đ) by bantin before it reaches either engine, so both
//! match the same way.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchDocuments::Table)
                    .col(big_pk_auto(SearchDocuments::Id))
                    .col(string_len(SearchDocuments::Kind, 16))
                    .col(big_integer(SearchDocuments::ItemId))
                    .col(big_integer_null(SearchDocuments::CategoryId))
                    .col(string_len(SearchDocuments::Status, 16))
                    .col(timestamp_with_time_zone_null(SearchDocuments::PublishedAt))
                    .index(
                        Index::create()
                            .name("uq_search_documents_item")
                            .col(SearchDocuments::Kind)
                            .col(SearchDocuments::ItemId)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchTexts::Table)
                    .col(big_integer(SearchTexts::Id).primary_key())
                    .col(text(SearchTexts::Title))
                    .col(text(SearchTexts::Summary))
                    .col(text(SearchTexts::BodyText))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_search_texts_document")
                            .from(SearchTexts::Table, SearchTexts::Id)
                            .to(SearchDocuments::Table, SearchDocuments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("ALTER TABLE search_documents ADD COLUMN fts tsvector")
                    .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_search_documents_fts ON search_documents USING GIN (fts)",
                )
                .await?;
            }
            _ => {
                // rowid = search_documents.id; folded text only, tokenised on
                // letters and digits; prefix indexes make search-as-you-type cheap.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts USING fts5(title_f, summary_f, body_f, \
                     tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS search_fts")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SearchTexts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SearchDocuments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchDocuments {
    Table,
    Id,
    Kind,
    ItemId,
    CategoryId,
    Status,
    PublishedAt,
}

#[derive(DeriveIden)]
enum SearchTexts {
    Table,
    Id,
    Title,
    Summary,
    BodyText,
}
