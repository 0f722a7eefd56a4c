//! Search that knows other forms of words:
//! - `alias_f` in the FTS5 table (SQLite) holds the other forms of the
//!   abbreviations an item's text uses ("hội đồng nhân dân" for "HĐND" and
//!   the other way round); PostgreSQL keeps them in its `tsvector` at weight
//!   D, so nothing changes in its schema;
//! - `search_terms`, the index's vocabulary, for spelling corrections (filled
//!   here from what is indexed; the indexer adds new words). A table rather
//!   than SQLite's `fts5vocab` view: that one costs tens of microseconds per
//!   word looked up, and a correction looks up hundreds;
//! - `search_synonyms`: the site's own synonym groups (JSON arrays);
//! - `bantin_meta`: the version of what the index holds. Items indexed by
//!   older code have no other forms yet: `bantin serve` rebuilds the index in
//!   the background when the version is behind the code's.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE TABLE search_terms (term TEXT COLLATE \"C\" PRIMARY KEY)",
                )
                .await?;
                db.execute_unprepared(
                    "INSERT INTO search_terms (term) SELECT DISTINCT t.lexeme \
                     FROM search_documents d, unnest(d.fts) AS t WHERE d.fts IS NOT NULL",
                )
                .await?;
            }
            _ => {
                // One batch, so one connection: another connection of the
                // pool could still see the old table when asked to rename.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts_next USING fts5(title_f, summary_f, body_f, \
                     alias_f, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'); \
                     INSERT INTO search_fts_next (rowid, title_f, summary_f, body_f, alias_f) \
                     SELECT rowid, title_f, summary_f, body_f, '' FROM search_fts; \
                     DROP TABLE search_fts; \
                     ALTER TABLE search_fts_next RENAME TO search_fts; \
                     CREATE TABLE search_terms (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID; \
                     CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, row); \
                     INSERT INTO search_terms (term) SELECT term FROM search_vocab; \
                     DROP TABLE search_vocab;",
                )
                .await?;
            }
        }
        manager
            .create_table(
                Table::create()
                    .table(SearchSynonyms::Table)
                    .col(big_pk_auto(SearchSynonyms::Id))
                    .col(text(SearchSynonyms::Phrases))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BantinMeta::Table)
                    .col(string_len(BantinMeta::Key, 64).primary_key())
                    .col(text(BantinMeta::Value))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("INSERT INTO bantin_meta (key, value) VALUES ('search_index', '0')")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BantinMeta::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SearchSynonyms::Table).to_owned())
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP TABLE search_terms").await?;
            }
            _ => {
                db.execute_unprepared(
                    "DROP TABLE search_terms; \
                     CREATE VIRTUAL TABLE search_fts_prev USING fts5(title_f, summary_f, body_f, \
                     tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'); \
                     INSERT INTO search_fts_prev (rowid, title_f, summary_f, body_f) \
                     SELECT rowid, title_f, summary_f, body_f FROM search_fts; \
                     DROP TABLE search_fts; \
                     ALTER TABLE search_fts_prev RENAME TO search_fts;",
                )
                .await?;
            }
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SearchSynonyms {
    Table,
    Id,
    Phrases,
}

#[derive(DeriveIden)]
enum BantinMeta {
    Table,
    Key,
    Value,
}
