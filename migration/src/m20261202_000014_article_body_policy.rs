//! Which version of the HTML allow-list cleaned an article's body. Bodies are
//! cleaned when saved; reads serve a body as stored only when it was cleaned
//! by the policy the binary has now, and clean it again otherwise (rows that
//! came in by import, or from before a stricter policy). 0: not known clean.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(small_integer(Articles::BodyPolicy).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .drop_column(Articles::BodyPolicy)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    BodyPolicy,
}
