//! The audit log: who did what to which item, when and from which client.
//!
//! Services call [`record`] inside the transaction of the action, so an
//! action that fails (a conflict, a refused field) leaves no entry, and one
//! that lands always has its entry. The client's address comes from the
//! request the action runs in ([`with_client`], set by the HTTP layer);
//! the command line has none.

use std::future::Future;

use entity::{audit_entry, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use super::{
    access::{Action, Viewer},
    pagination::{Page, PageRequest},
};
use crate::{clock, error::AppResult};

tokio::task_local! {
    static CLIENT: String;
}

/// Runs `work` (a request's execution) with its client's address, which
/// [`record`] writes beside every action of it.
pub async fn with_client<F: Future>(client: String, work: F) -> F::Output {
    CLIENT.scope(client, work).await
}

/// The kind and id of what an action touched.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub kind: &'static str,
    pub id: i64,
}

impl Target {
    pub fn new(kind: &'static str, id: i64) -> Self {
        Target { kind, id }
    }
}

/// Appends an entry for `viewer` doing `action` (`article.publish`) to
/// `target`, with `detail` facts, in the caller's transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    action: &str,
    target: Option<Target>,
    detail: Option<serde_json::Value>,
) -> AppResult<()> {
    audit_entry::ActiveModel {
        at: Set(clock::now()),
        user_id: Set(viewer.user_id()),
        action: Set(action.to_owned()),
        target_kind: Set(target.map(|t| t.kind.to_owned())),
        target_id: Set(target.map(|t| t.id)),
        client: Set(CLIENT.try_with(|c| c.chars().take(100).collect()).ok()),
        detail: Set(detail.map(|d| d.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What an admin narrows the log to. Empty means everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub user_id: Option<i64>,
    /// An action (`article.publish`), or a prefix ending in a dot
    /// (`article.`) for all of a kind's actions.
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

/// One entry with the username of who acted (when a user did).
#[derive(Debug, Clone)]
pub struct Entry {
    pub row: audit_entry::Model,
    pub username: Option<String>,
}

/// A page of the log, newest first (admins only).
pub async fn list(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &AuditFilter,
    page: PageRequest,
) -> AppResult<Page<Entry>> {
    use audit_entry::Column as C;
    viewer.require(Action::ManageUsers)?;
    let mut cond = Condition::all();
    if let Some(u) = filter.user_id {
        cond = cond.add(C::UserId.eq(u));
    }
    match filter.action.as_deref() {
        Some(prefix) if prefix.ends_with('.') => cond = cond.add(C::Action.starts_with(prefix)),
        Some(action) => cond = cond.add(C::Action.eq(action)),
        None => {}
    }
    if let Some(k) = &filter.target_kind {
        cond = cond.add(C::TargetKind.eq(k.as_str()));
    }
    if let Some(id) = filter.target_id {
        cond = cond.add(C::TargetId.eq(id));
    }
    if let Some(t) = filter.since {
        cond = cond.add(C::At.gte(t));
    }
    if let Some(t) = filter.until {
        cond = cond.add(C::At.lt(t));
    }
    let Page {
        items: rows, total, ..
    } = page
        .fetch(
            db,
            audit_entry::Entity::find()
                .filter(cond)
                .order_by_desc(C::Id),
        )
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.user_id).collect();
    let names: std::collections::HashMap<i64, String> = if ids.is_empty() {
        Default::default()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.username))
            .collect()
    };
    Ok(Page {
        items: rows
            .into_iter()
            .map(|row| Entry {
                username: row.user_id.and_then(|u| names.get(&u).cloned()),
                row,
            })
            .collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}
