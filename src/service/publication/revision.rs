//! Revisions of the simple-workflow kinds (videos, galleries, documents,
//! pages): the whole row as it was before each update, kept in the update's
//! transaction, and restored as a new update. Articles keep their own
//! revisions (with tags and a list of changed fields).
//!
//! A revision holds the row's own fields: a video's tags and an album's
//! photos are not part of it.

use entity::content_revision as rev;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Serialize, de::DeserializeOwned};

use super::{Media, after_write, editable, save_if_current};
use crate::{
    clock,
    error::{AppError, AppResult},
    service::access::{Action, Viewer},
};

/// Most revisions listed for one item.
const MAX_LISTED: u64 = 100;

/// Stores `current` as the revision it was before an update by `viewer`.
pub async fn record<E: Media>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    current: &E::Model,
) -> AppResult<()>
where
    E::Model: Serialize,
{
    let meta = E::meta(current);
    rev::ActiveModel {
        kind: Set(E::NAME.to_owned()),
        item_id: Set(meta.id),
        version: Set(meta.version),
        editor_id: Set(viewer.user_id()),
        snapshot: Set(serde_json::to_string(current).map_err(AppError::internal)?),
        created_at: Set(clock::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// An item's revisions, newest first (editors; authors of their own items).
pub async fn list<E: Media>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i64,
) -> AppResult<Vec<rev::Model>> {
    viewer.require(Action::ReadUnpublished)?;
    let item = super::load::<E>(db, id).await?;
    if !E::meta(&item).is_own(viewer) {
        viewer.require(Action::PublishMedia)?;
    }
    Ok(rev::Entity::find()
        .filter(rev::Column::Kind.eq(E::NAME))
        .filter(rev::Column::ItemId.eq(id))
        .order_by_desc(rev::Column::Id)
        .limit(MAX_LISTED)
        .all(db)
        .await?)
}

/// Brings back the fields of revision `revision_id` as a new update, if
/// `expected_version` is still current. What the workflow owns (status,
/// publication time, views, author) stays as it is now, and so does the
/// slug of an item that was ever published.
pub async fn restore<E: Media>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    revision_id: i64,
    expected_version: i32,
) -> AppResult<E::Model>
where
    E::Model: Serialize + DeserializeOwned + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let found = rev::Entity::find_by_id(revision_id)
        .filter(rev::Column::Kind.eq(E::NAME))
        .filter(rev::Column::ItemId.eq(id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("revision"))?;
    // Keeps the row as it is now as a revision too: a restore can be undone.
    let (_, meta) = editable::<E>(&txn, viewer, id, expected_version).await?;
    let old: E::Model = serde_json::from_str(&found.snapshot).map_err(AppError::internal)?;
    let mut m = old.into_active_model().reset_all();
    for kept in [
        E::ID,
        E::STATUS,
        E::PUBLISHED_AT,
        E::VIEW_COUNT,
        E::VERSION,
        E::CREATED_AT,
        E::CREATED_BY,
        E::UPDATED_AT,
    ] {
        m.not_set(kept);
    }
    if meta.published_at.is_some() {
        m.not_set(E::SLUG);
    }
    let saved = save_if_current::<E>(&txn, m, id, expected_version).await?;
    after_write(&txn, viewer, E::KIND, id, "restore").await?;
    txn.commit().await?;
    Ok(saved)
}
