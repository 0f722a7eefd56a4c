//! Webhooks: admins register endpoints for public changes; bantin sends
//! each matching change-log entry to each, signed (Standard Webhooks),
//! retried, once per instance group (see `dispatch`).

pub mod dispatch;
pub mod sign;
pub mod target;

use entity::{webhook, webhook_delivery};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use super::{
    access::{Action, Viewer},
    audit::{self, Target},
    changelog::{self, Event, Subject},
    pagination::{Page, PageRequest},
    publication::ContentKind,
};
use crate::{
    clock,
    error::{AppError, AppResult},
};

/// Most endpoints a site may register.
pub const MAX_WEBHOOKS: u64 = 50;

/// Every event name a webhook may ask for, `article.published`…
pub fn event_names() -> Vec<String> {
    let subjects = ContentKind::ALL
        .into_iter()
        .map(Subject::Content)
        .chain([Subject::Category]);
    subjects
        .flat_map(|s| {
            Event::ALL
                .into_iter()
                .map(move |e| format!("{}.{}", s.as_str(), e.as_str()))
        })
        .collect()
}

/// Checks the events an admin asked for: known names, `kind.*` for all
/// of a kind's, or `*` for all. Returns them sorted, each once.
///
/// # Errors
/// `BAD_USER_INPUT` on `events`.
pub fn check_events(events: &[String]) -> AppResult<Vec<String>> {
    let known = event_names();
    let mut out: Vec<String> = Vec::new();
    for e in events {
        let e = e.trim();
        let ok = e == "*"
            || known.iter().any(|k| k == e)
            || e.strip_suffix(".*")
                .is_some_and(|k| Subject::parse(k).is_some());
        if !ok {
            return Err(AppError::invalid(
                "events",
                format!("unknown event `{e}`: use names like article.published, article.* or *"),
            ));
        }
        if !out.iter().any(|o| o == e) {
            out.push(e.to_owned());
        }
    }
    if out.is_empty() {
        return Err(AppError::invalid("events", "name at least one event"));
    }
    out.sort();
    Ok(out)
}

/// Whether a webhook asking for `wanted` receives `event` (`article.published`).
pub fn wants(wanted: &[String], event: &str) -> bool {
    wanted.iter().any(|w| {
        w == "*"
            || w == event
            || w.strip_suffix('*')
                .is_some_and(|prefix| prefix.ends_with('.') && event.starts_with(prefix))
    })
}

/// The events a stored webhook asks for.
pub fn events_of(hook: &webhook::Model) -> Vec<String> {
    serde_json::from_str(&hook.events).unwrap_or_default()
}

fn check_description(d: Option<String>) -> AppResult<Option<String>> {
    let d = d.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty());
    if d.as_ref().is_some_and(|d| d.chars().count() > 500) {
        return Err(AppError::invalid("description", "at most 500 characters"));
    }
    Ok(d)
}

/// A new endpoint as an admin describes it.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    pub url: String,
    pub events: Vec<String>,
    pub description: Option<String>,
}

/// Changes to an endpoint; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct WebhookPatch {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub description: Option<Option<String>>,
    /// Pause or resume sending. Resuming sends what changed meanwhile.
    pub active: Option<bool>,
}

/// Registers an endpoint (admins). It receives the changes made from now
/// on. The returned model holds the secret: show it this once.
///
/// # Errors
/// `FORBIDDEN`/`UNAUTHENTICATED` for non-admins, `BAD_USER_INPUT` on a
/// field, `CONFLICT` past [`MAX_WEBHOOKS`].
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewWebhook,
    allow_private: bool,
) -> AppResult<webhook::Model> {
    viewer.require(Action::ManageWebhooks)?;
    let url = target::check_url(&input.url, allow_private)?;
    target::check_resolved(&url, allow_private).await?;
    let events = check_events(&input.events)?;
    let description = check_description(input.description)?;
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    if webhook::Entity::find().count(&txn).await? >= MAX_WEBHOOKS {
        return Err(AppError::conflict(format!(
            "a site has at most {MAX_WEBHOOKS} webhooks"
        )));
    }
    let now = clock::now();
    let hook = webhook::ActiveModel {
        url: Set(url.to_string()),
        description: Set(description),
        events: Set(serde_json::to_string(&events).unwrap_or_default()),
        secret: Set(sign::new_secret()),
        active: Set(true),
        disabled_reason: Set(None),
        fed_through: Set(changelog::head(&txn).await?),
        created_by: Set(viewer.user_id()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        viewer,
        "webhook.create",
        Some(Target::new("webhook", hook.id)),
        Some(serde_json::json!({ "url": hook.url, "events": events })),
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(hook)
}

async fn find(db: &impl sea_orm::ConnectionTrait, id: i64) -> AppResult<webhook::Model> {
    webhook::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("webhook"))
}

/// Changes an endpoint (admins).
///
/// # Errors
/// As [`create`]; `NOT_FOUND` for an unknown id.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    patch: WebhookPatch,
    allow_private: bool,
) -> AppResult<webhook::Model> {
    viewer.require(Action::ManageWebhooks)?;
    let url = match &patch.url {
        Some(u) => {
            let url = target::check_url(u, allow_private)?;
            target::check_resolved(&url, allow_private).await?;
            Some(url.to_string())
        }
        None => None,
    };
    let events = patch.events.as_deref().map(check_events).transpose()?;
    let description = patch.description.map(check_description).transpose()?;
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let hook = find(&txn, id).await?;
    let mut active: webhook::ActiveModel = hook.clone().into();
    if let Some(url) = url {
        active.url = Set(url);
    }
    if let Some(events) = &events {
        active.events = Set(serde_json::to_string(events).unwrap_or_default());
    }
    if let Some(d) = description {
        active.description = Set(d);
    }
    if let Some(on) = patch.active {
        active.active = Set(on);
        if on {
            active.disabled_reason = Set(None);
        }
    }
    active.updated_at = Set(clock::now());
    let hook = active.update(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "webhook.update",
        Some(Target::new("webhook", id)),
        Some(serde_json::json!({ "url": hook.url, "events": events_of(&hook), "active": hook.active })),
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(hook)
}

/// Removes an endpoint and its delivery history (admins). Returns whether
/// it existed.
///
/// # Errors
/// `FORBIDDEN`/`UNAUTHENTICATED` for non-admins.
pub async fn delete(db: &DatabaseConnection, viewer: &Viewer, id: i64) -> AppResult<bool> {
    viewer.require(Action::ManageWebhooks)?;
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let Some(hook) = webhook::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(false);
    };
    // Not left to the foreign key: SQLite enforces it only when asked.
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::WebhookId.eq(id))
        .exec(&txn)
        .await?;
    hook.delete(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "webhook.delete",
        Some(Target::new("webhook", id)),
        None,
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(true)
}

/// Gives an endpoint a new secret (admins); the old one stops signing at
/// once. The returned model holds the new secret: show it this once.
///
/// # Errors
/// `FORBIDDEN`/`UNAUTHENTICATED` for non-admins, `NOT_FOUND`.
pub async fn rotate_secret(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<webhook::Model> {
    viewer.require(Action::ManageWebhooks)?;
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let mut active: webhook::ActiveModel = find(&txn, id).await?.into();
    active.secret = Set(sign::new_secret());
    active.updated_at = Set(clock::now());
    let hook = active.update(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "webhook.rotate_secret",
        Some(Target::new("webhook", id)),
        None,
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(hook)
}

/// Every endpoint, oldest first (admins).
///
/// # Errors
/// `FORBIDDEN`/`UNAUTHENTICATED` for non-admins.
pub async fn list(db: &DatabaseConnection, viewer: &Viewer) -> AppResult<Vec<webhook::Model>> {
    viewer.require(Action::ManageWebhooks)?;
    Ok(webhook::Entity::find()
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await?)
}

/// One endpoint (admins).
///
/// # Errors
/// `FORBIDDEN`/`UNAUTHENTICATED` for non-admins.
pub async fn get(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<Option<webhook::Model>> {
    viewer.require(Action::ManageWebhooks)?;
    Ok(webhook::Entity::find_by_id(id).one(db).await?)
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Not sent yet, or failed and to be tried again.
    Pending,
    Delivered,
    /// Given up on after every retry, or refused for good (410 Gone).
    Failed,
}

impl DeliveryStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "delivered" => Self::Delivered,
            "failed" => Self::Failed,
            _ => Self::Pending,
        }
    }
}

/// An endpoint's deliveries, newest first (admins).
///
/// # Errors
/// `FORBIDDEN`/`UNAUTHENTICATED` for non-admins, `NOT_FOUND`.
pub async fn deliveries(
    db: &DatabaseConnection,
    viewer: &Viewer,
    webhook_id: i64,
    status: Option<DeliveryStatus>,
    page: PageRequest,
) -> AppResult<Page<webhook_delivery::Model>> {
    use webhook_delivery::Column as C;
    viewer.require(Action::ManageWebhooks)?;
    find(db, webhook_id).await?;
    let mut q = webhook_delivery::Entity::find().filter(C::WebhookId.eq(webhook_id));
    if let Some(s) = status {
        q = q.filter(C::Status.eq(s.as_str()));
    }
    page.fetch(db, q.order_by_desc(C::Id)).await
}

/// Sends a delivery again as soon as possible (admins): a failed one after
/// the receiver is fixed, or a pending one without waiting for its retry.
///
/// # Errors
/// `FORBIDDEN`/`UNAUTHENTICATED` for non-admins, `NOT_FOUND`.
pub async fn retry(
    db: &DatabaseConnection,
    viewer: &Viewer,
    delivery_id: i64,
) -> AppResult<webhook_delivery::Model> {
    viewer.require(Action::ManageWebhooks)?;
    let (turn, txn) = crate::db::begin_counter_write(db).await?;
    let Some(d) = webhook_delivery::Entity::find_by_id(delivery_id)
        .one(&txn)
        .await?
    else {
        return Err(AppError::NotFound("webhook delivery"));
    };
    let mut active: webhook_delivery::ActiveModel = d.into();
    active.status = Set(DeliveryStatus::Pending.as_str().into());
    active.next_attempt_at = Set(Some(clock::now()));
    // A fresh schedule: a failed delivery gets every retry again.
    active.attempts = Set(0);
    active.lease_until = Set(None);
    let d = active.update(&txn).await?;
    audit::record(
        &txn,
        viewer,
        "webhook.retry",
        Some(Target::new("webhook", d.webhook_id)),
        Some(serde_json::json!({ "delivery": d.id })),
    )
    .await?;
    txn.commit().await?;
    drop(turn);
    Ok(d)
}
