//! `audit_log`: one row per editors' action, written with the action.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// Who acted; `None` for the command line and imports.
    pub user_id: Option<i64>,
    /// What was done: `article.publish`, `user.update`, `login.failure`...
    pub action: String,
    /// What it was done to: `article`, `photo`, `user`, `category`...
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    /// The client's address as the server saw it.
    pub client: Option<String>,
    /// A few facts as JSON: fields changed, the username tried...
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
