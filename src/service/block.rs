//! Banners and link blocks ("Liên kết website"): shown in their order
//! between optional start and end times, edited by editors with a version.

use chrono::{DateTime, Utc};
use entity::block;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};

use super::{
    access::{Action, Viewer},
    audit,
    validate::{check_url, optional_url, text_field},
};
use crate::{
    clock,
    error::{AppError, AppResult},
};

/// The two kinds of block.
pub const KINDS: [&str; 2] = ["banner", "link"];

/// A block as an editor gives it.
#[derive(Debug, Clone)]
pub struct BlockInput {
    pub kind: String,
    pub title: String,
    pub image_url: Option<String>,
    pub url: String,
    pub position: i32,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

/// Blocks of `kind` in order: those shown now, or (editors, with
/// `include_inactive`) every one.
pub async fn list(
    db: &DatabaseConnection,
    viewer: &Viewer,
    kind: &str,
    include_inactive: bool,
) -> AppResult<Vec<block::Model>> {
    let mut q = block::Entity::find().filter(block::Column::Kind.eq(kind));
    if include_inactive {
        viewer.require(Action::ManageCategories)?;
    } else {
        let now = clock::now();
        q = q
            .filter(
                Condition::any()
                    .add(block::Column::StartsAt.is_null())
                    .add(block::Column::StartsAt.lte(now)),
            )
            .filter(
                Condition::any()
                    .add(block::Column::EndsAt.is_null())
                    .add(block::Column::EndsAt.gt(now)),
            );
    }
    Ok(q.order_by_asc(block::Column::Position)
        .order_by_asc(block::Column::Id)
        .all(db)
        .await?)
}

/// Creates a block (`id` none) or changes one whose version is still
/// `expected_version` (editors).
pub async fn save(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Option<i64>,
    expected_version: Option<i32>,
    input: BlockInput,
) -> AppResult<block::Model> {
    viewer.require(Action::ManageCategories)?;
    if !KINDS.contains(&input.kind.as_str()) {
        return Err(AppError::invalid("kind", "kind is banner or link"));
    }
    let title = text_field("title", &input.title, 1, 200)?;
    let url = check_url("url", &input.url)?;
    let image_url = optional_url("imageUrl", input.image_url)?;
    if let (Some(s), Some(e)) = (input.starts_at, input.ends_at)
        && e <= s
    {
        return Err(AppError::invalid("endsAt", "endsAt must be after startsAt"));
    }
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let now = clock::now();
    let saved = match id {
        None => {
            block::ActiveModel {
                kind: Set(input.kind),
                title: Set(title),
                image_url: Set(image_url),
                url: Set(url),
                position: Set(input.position),
                starts_at: Set(input.starts_at.map(clock::truncate)),
                ends_at: Set(input.ends_at.map(clock::truncate)),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
        Some(id) => {
            let current = block::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound("block"))?;
            let version = current.version;
            if expected_version.is_some_and(|v| v != version) {
                return Err(super::publication::stale("block"));
            }
            let mut m = current.into_active_model();
            m.kind = Set(input.kind);
            m.title = Set(title);
            m.image_url = Set(image_url);
            m.url = Set(url);
            m.position = Set(input.position);
            m.starts_at = Set(input.starts_at.map(clock::truncate));
            m.ends_at = Set(input.ends_at.map(clock::truncate));
            m.version = Set(version + 1);
            m.updated_at = Set(now);
            let written = block::Entity::update_many()
                .set(m)
                .filter(block::Column::Id.eq(id))
                .filter(block::Column::Version.eq(version))
                .exec(&txn)
                .await?;
            if written.rows_affected == 0 {
                return Err(super::publication::stale("block"));
            }
            block::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::Internal)?
        }
    };
    audit::record(
        &txn,
        viewer,
        "block.save",
        Some(audit::Target::new("block", saved.id)),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Deletes a block (editors).
pub async fn delete(db: &DatabaseConnection, viewer: &Viewer, id: i64) -> AppResult<()> {
    viewer.require(Action::ManageCategories)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let gone = block::Entity::delete_by_id(id).exec(&txn).await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound("block"));
    }
    audit::record(
        &txn,
        viewer,
        "block.delete",
        Some(audit::Target::new("block", id)),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
