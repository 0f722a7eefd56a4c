//! Categories: the section tree and its editing rules.

use std::collections::HashMap;

use entity::{article, category};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::{
    access::{Action, Viewer},
    audit, changelog,
};
use crate::{
    clock,
    error::{AppError, AppResult},
    text::slug,
};

/// All categories, siblings in menu order.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<category::Model>> {
    Ok(category::Entity::find()
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?)
}

/// Category `id` and those above it, from the top down (empty for an
/// unknown id). Moves refuse cycles, but a bound keeps a damaged tree from
/// looping.
pub fn ancestry(all: &[category::Model], id: i64) -> Vec<&category::Model> {
    let mut trail = Vec::new();
    let mut at = all.iter().find(|c| c.id == id);
    while let Some(c) = at {
        if trail.len() > all.len() {
            break;
        }
        trail.push(c);
        at = c.parent_id.and_then(|p| all.iter().find(|x| x.id == p));
    }
    trail.reverse();
    trail
}

/// The id itself and the ids of all categories below it.
pub fn subtree(all: &[category::Model], root: i64) -> Vec<i64> {
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for c in all {
        if let Some(p) = c.parent_id {
            children.entry(p).or_default().push(c.id);
        }
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        if let Some(kids) = children.get(&out[i]) {
            for k in kids {
                if !out.contains(k) {
                    out.push(*k);
                }
            }
        }
        i += 1;
    }
    out
}

/// After a write to category `id`, inside its transaction: the change log
/// (categories are always public) and the audit entry `category.<verb>`.
async fn after_write(
    txn: &impl sea_orm::ConnectionTrait,
    viewer: &Viewer,
    id: i64,
    verb: &str,
) -> AppResult<()> {
    changelog::note(txn, changelog::Subject::Category, id).await?;
    audit::record(
        txn,
        viewer,
        &format!("category.{verb}"),
        Some(audit::Target::new("category", id)),
        None,
    )
    .await
}

/// Fields of a new category.
#[derive(Debug, Clone, Default)]
pub struct NewCategory {
    pub name: String,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub parent_id: Option<i64>,
    pub position: Option<i32>,
}

/// Changes to a category; `None` leaves a field alone. `parent_id:
/// Some(None)` moves it to the top level.
#[derive(Debug, Clone, Default)]
pub struct CategoryChanges {
    /// The version the admin started from; `CONFLICT` when someone saved
    /// since. `None` skips the check (older clients).
    pub expected_version: Option<i32>,
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<Option<String>>,
    pub parent_id: Option<Option<i64>>,
    pub position: Option<i32>,
}

fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("name", "name must be 1-200 characters"));
    }
    Ok(name.to_owned())
}

fn check_description(d: Option<String>) -> AppResult<Option<String>> {
    match d.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()) {
        Some(d) if d.chars().count() > 2000 => Err(AppError::invalid(
            "description",
            "description must be at most 2000 characters",
        )),
        d => Ok(d),
    }
}

async fn check_slug_free(
    db: &impl ConnectionTrait,
    slug: &str,
    except: Option<i64>,
) -> AppResult<()> {
    let mut q = category::Entity::find().filter(category::Column::Slug.eq(slug));
    if let Some(id) = except {
        q = q.filter(category::Column::Id.ne(id));
    }
    if q.count(db).await? > 0 {
        return Err(AppError::Conflict {
            message: format!("the slug `{slug}` is taken by another category"),
            field: Some("slug"),
        });
    }
    Ok(())
}

/// Creates a category (editors and admins).
pub async fn create(
    db: &DatabaseConnection,
    viewer: &Viewer,
    input: NewCategory,
) -> AppResult<category::Model> {
    viewer.require(Action::ManageCategories)?;
    let name = check_name(&input.name)?;
    let slug = match input.slug {
        Some(s) => {
            slug::validate("slug", &s)?;
            s
        }
        None => {
            let s = slug::slugify(&name);
            if s.is_empty() {
                return Err(AppError::invalid("name", "name needs letters or digits"));
            }
            s
        }
    };
    let description = check_description(input.description)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    check_slug_free(&txn, &slug, None).await?;
    if let Some(p) = input.parent_id {
        require_exists(&txn, p, "parentId").await?;
    }
    let now = clock::now();
    let model = category::ActiveModel {
        parent_id: Set(input.parent_id),
        slug: Set(slug),
        name: Set(name),
        description: Set(description),
        position: Set(input.position.unwrap_or(0)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    after_write(&txn, viewer, model.id, "create").await?;
    txn.commit().await?;
    Ok(model)
}

async fn require_exists(db: &impl ConnectionTrait, id: i64, field: &'static str) -> AppResult<()> {
    if category::Entity::find_by_id(id).one(db).await?.is_none() {
        return Err(AppError::invalid(field, "no category has this id"));
    }
    Ok(())
}

/// Updates or moves a category; a move under its own subtree is refused.
pub async fn update(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    changes: CategoryChanges,
) -> AppResult<category::Model> {
    viewer.require(Action::ManageCategories)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = category::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("category"))?;
    if changes
        .expected_version
        .is_some_and(|v| v != current.version)
    {
        return Err(crate::service::publication::stale("category"));
    }
    let version = current.version;
    let mut model: category::ActiveModel = current.into();
    model.version = Set(version + 1);
    if let Some(name) = changes.name {
        model.name = Set(check_name(&name)?);
    }
    if let Some(s) = changes.slug {
        slug::validate("slug", &s)?;
        check_slug_free(&txn, &s, Some(id)).await?;
        model.slug = Set(s);
    }
    if let Some(d) = changes.description {
        model.description = Set(check_description(d)?);
    }
    if let Some(parent) = changes.parent_id {
        if let Some(p) = parent {
            require_exists(&txn, p, "parentId").await?;
            let all = list(&txn).await?;
            if subtree(&all, id).contains(&p) {
                return Err(AppError::invalid(
                    "parentId",
                    "a category cannot move under itself or one of its sub-categories",
                ));
            }
        }
        model.parent_id = Set(parent);
    }
    if let Some(pos) = changes.position {
        model.position = Set(pos);
    }
    model.updated_at = Set(clock::now());
    // The version check and the write are one statement, so two admins
    // saving at once cannot both pass it.
    let written = category::Entity::update_many()
        .set(model)
        .filter(category::Column::Id.eq(id))
        .filter(category::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if written.rows_affected == 0 {
        return Err(crate::service::publication::stale("category"));
    }
    let saved = category::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("category"))?;
    after_write(&txn, viewer, id, "update").await?;
    txn.commit().await?;
    Ok(saved)
}

/// Deletes an empty category with no sub-categories.
pub async fn delete(db: &DatabaseConnection, viewer: &Viewer, id: i64) -> AppResult<()> {
    viewer.require(Action::ManageCategories)?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    if category::Entity::find_by_id(id).one(&txn).await?.is_none() {
        return Err(AppError::NotFound("category"));
    }
    // Every kind of content alike: none is silently moved out of its category.
    let held = [
        (
            article::Entity::find()
                .filter(article::Column::CategoryId.eq(id))
                .count(&txn)
                .await?,
            "article(s)",
        ),
        (
            entity::video::Entity::find()
                .filter(entity::video::Column::CategoryId.eq(id))
                .count(&txn)
                .await?,
            "video(s)",
        ),
        (
            entity::gallery::Entity::find()
                .filter(entity::gallery::Column::CategoryId.eq(id))
                .count(&txn)
                .await?,
            "album(s)",
        ),
    ];
    let held: Vec<String> = held
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if !held.is_empty() {
        return Err(AppError::conflict(format!(
            "the category still holds {}; move or delete them first",
            held.join(", ")
        )));
    }
    let children = category::Entity::find()
        .filter(category::Column::ParentId.eq(id))
        .count(&txn)
        .await?;
    if children > 0 {
        return Err(AppError::conflict(
            "the category has sub-categories; move or delete them first",
        ));
    }
    category::Entity::delete_by_id(id).exec(&txn).await?;
    after_write(&txn, viewer, id, "delete").await?;
    txn.commit().await?;
    Ok(())
}
