//! Versioned writes of publishable items: edits, locks, slugs, status
//! changes and deletion.

use chrono::{DateTime, Utc};
use entity::article_media;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, Statement,
    sea_query::{Expr, ExprTrait},
};

use super::{ContentKind, Media, Meta, Publishable, Stored};
use crate::{
    clock,
    error::{AppError, AppResult},
    service::{
        access::{Action, Viewer},
        audit, changelog, search,
    },
    text::slug,
};

/// After a write to item `id` of `kind`, inside its transaction: brings its
/// search document in line, logs what the public sees change, and records
/// `verb` (`create`, `publish`...) in the audit log, so none of them can
/// disagree with the content.
pub async fn after_write(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    kind: ContentKind,
    id: i64,
    verb: &str,
) -> AppResult<()> {
    search::index::sync(txn, kind, id).await?;
    changelog::note(txn, changelog::Subject::Content(kind), id).await?;
    audit::record(
        txn,
        viewer,
        &format!("{}.{verb}", kind.as_str()),
        Some(audit::Target::new(kind.as_str(), id)),
        None,
    )
    .await
}

/// Inserts a new item as a draft by `viewer`: `fields` holds what is the
/// kind's own; the workflow's columns (author, status, views, version,
/// times) are set here, the same for every kind.
pub async fn insert_draft<E: Publishable>(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    mut fields: E::ActiveModel,
) -> AppResult<E::Model>
where
    E::Model: sea_orm::IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + sea_orm::ActiveModelBehavior + Send,
{
    use sea_orm::{ActiveModelTrait, Value};
    let now = clock::now();
    fields.set(E::CREATED_BY, viewer.user_id().into());
    fields.set(E::STATUS, Stored::Draft.into());
    fields.set(E::PUBLISHED_AT, Value::ChronoDateTimeUtc(None));
    fields.set(E::VIEW_COUNT, 0i64.into());
    fields.set(E::VERSION, 1i32.into());
    fields.set(E::CREATED_AT, now.into());
    fields.set(E::UPDATED_AT, now.into());
    Ok(fields.insert(txn).await?)
}

/// Loads a row for a write, or `NOT_FOUND`.
pub async fn load<E: Publishable>(db: &impl ConnectionTrait, id: i64) -> AppResult<E::Model> {
    E::find()
        .filter(E::ID.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound(E::NAME))
}

/// Loads an item for an edit by `viewer` inside the edit's transaction:
/// `EditMedia` rights on it, `CONFLICT` when `expected_version` is no longer
/// current, and the row as it is now kept as a revision.
pub async fn editable<E: Media>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i64,
    expected_version: i32,
) -> AppResult<(E::Model, Meta)>
where
    E::Model: serde::Serialize,
{
    viewer.principal()?;
    let current = load::<E>(db, id).await?;
    let meta = E::meta(&current);
    require_edit(viewer, &meta)?;
    if meta.version != expected_version {
        return Err(stale(E::NAME));
    }
    super::revision::record::<E>(db, viewer, &current).await?;
    Ok((current, meta))
}

/// `FORBIDDEN` unless `viewer` may edit this item (authors: their drafts).
pub fn require_edit(viewer: &Viewer, meta: &Meta) -> AppResult<()> {
    viewer.require(Action::EditMedia {
        own: meta.is_own(viewer),
        draft: meta.is_draft(),
    })
}

/// The `CONFLICT` of a stale version.
pub fn stale(name: &str) -> AppError {
    AppError::Conflict {
        message: format!(
            "the {name} was changed by someone else; reload it and apply your edit again"
        ),
        field: Some("version"),
    }
}

/// Saves the `Set` fields of `model` only if nobody changed the row since
/// version `expected`: the check and the write are one statement.
pub async fn save_if_current<E: Publishable>(
    db: &impl ConnectionTrait,
    model: E::ActiveModel,
    id: i64,
    expected: i32,
) -> AppResult<E::Model>
where
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E>,
{
    let result = E::update_many()
        .set(model)
        .col_expr(E::VERSION, Expr::value(expected + 1))
        .col_expr(E::UPDATED_AT, Expr::value(clock::now()))
        .filter(E::ID.eq(id))
        .filter(E::VERSION.eq(expected))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(stale(E::NAME));
    }
    load::<E>(db, id).await
}

/// Bumps the version of row `id` as the first write of a transaction, taking
/// the row's write lock: concurrent changes to the same item (two reorders
/// of one album) then run one after the other on SQLite and PostgreSQL
/// alike. With `expected`, a stale version is a `CONFLICT`.
pub async fn lock<E: Publishable>(
    db: &impl ConnectionTrait,
    id: i64,
    expected: Option<i32>,
) -> AppResult<E::Model> {
    let mut update = E::update_many()
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .col_expr(E::UPDATED_AT, Expr::value(clock::now()))
        .filter(E::ID.eq(id));
    if let Some(v) = expected {
        update = update.filter(E::VERSION.eq(v));
    }
    if update.exec(db).await?.rows_affected == 0 {
        load::<E>(db, id).await?;
        return Err(stale(E::NAME));
    }
    load::<E>(db, id).await
}

/// Whether a slug is used by another row of `E`.
async fn slug_taken<E: Publishable>(
    db: &impl ConnectionTrait,
    slug: &str,
    except: Option<i64>,
) -> AppResult<bool> {
    let mut q = E::find().filter(E::SLUG.eq(slug));
    if let Some(id) = except {
        q = q.filter(E::ID.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

/// The slug for a new row: the client's (refused with `CONFLICT` when
/// taken), or one from the title with `-2`, `-3`... when that is taken.
pub async fn new_slug<E: Publishable>(
    db: &impl ConnectionTrait,
    given: Option<String>,
    title: &str,
    fallback: &str,
) -> AppResult<String> {
    if let Some(s) = given {
        slug::validate("slug", &s)?;
        lock_slug::<E>(db, &s).await?;
        if slug_taken::<E>(db, &s, None).await? {
            return Err(slug_conflict(E::NAME, &s));
        }
        return Ok(s);
    }
    let base = Some(slug::slugify(title))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.to_owned());
    lock_slug::<E>(db, &base).await?;
    let mut candidate = base.clone();
    let mut n = 2;
    while slug_taken::<E>(db, &candidate, None).await? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// On PostgreSQL, takes a transaction lock on a slug base, so that items
/// created at once with one title (on any instance) pick their suffixes in
/// turn instead of all but one failing on the unique index. SQLite writers
/// are already serialised (`db::begin_write`).
async fn lock_slug<E: Publishable>(db: &impl ConnectionTrait, base: &str) -> AppResult<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [format!("slug:{}:{base}", E::NAME).into()],
        ))
        .await?;
    }
    Ok(())
}

/// Checks a slug change: valid, free, and not on an item that was ever
/// published (links to it live in search engines and shares).
pub async fn check_slug_change<E: Publishable>(
    db: &impl ConnectionTrait,
    meta: &Meta,
    slug: &str,
) -> AppResult<()> {
    slug::validate("slug", slug)?;
    if meta.published_at.is_some() {
        return Err(AppError::Conflict {
            message: format!("the slug of a published {} cannot change", E::NAME),
            field: Some("slug"),
        });
    }
    if slug_taken::<E>(db, slug, Some(meta.id)).await? {
        return Err(slug_conflict(E::NAME, slug));
    }
    Ok(())
}

fn slug_conflict(name: &str, slug: &str) -> AppError {
    AppError::Conflict {
        message: format!("the slug `{slug}` is taken by another {name}"),
        field: Some("slug"),
    }
}

/// Checks that an optional category exists.
pub async fn check_category(db: &impl ConnectionTrait, id: Option<i64>) -> AppResult<()> {
    if let Some(id) = id
        && entity::category::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("categoryId", "no category has this id"));
    }
    Ok(())
}

/// A status change: `status`, and the publication time when given.
async fn transition<E: Media>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    status: Stored,
    published_at: Option<Option<DateTime<Utc>>>,
    verb: &str,
) -> AppResult<E::Model> {
    viewer.principal()?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = E::meta(&load::<E>(&txn, id).await?);
    viewer.require(Action::PublishMedia)?;
    let mut update = E::update_many()
        .col_expr(E::STATUS, Expr::value(status))
        .col_expr(E::VERSION, Expr::value(current.version + 1))
        .col_expr(E::UPDATED_AT, Expr::value(clock::now()))
        .filter(E::ID.eq(id))
        .filter(E::VERSION.eq(current.version));
    if let Some(at) = published_at {
        update = update.col_expr(E::PUBLISHED_AT, Expr::value(at));
    }
    if update.exec(&txn).await?.rows_affected == 0 {
        return Err(stale(E::NAME));
    }
    let saved = load::<E>(&txn, id).await?;
    after_write(&txn, viewer, E::KIND, id, verb).await?;
    txn.commit().await?;
    Ok(saved)
}

/// When an item published now with `at` goes live: now without `at`, `at`
/// when it is ahead (scheduled). A past `at` is for admins and the system
/// only (moving an old site's archive in); others get `BAD_USER_INPUT`.
pub fn publication_time(viewer: &Viewer, at: Option<DateTime<Utc>>) -> AppResult<DateTime<Utc>> {
    let now = clock::now();
    let Some(at) = at.map(clock::truncate) else {
        return Ok(now);
    };
    if at < now && viewer.require(Action::Backdate).is_err() {
        return Err(AppError::invalid(
            "at",
            "a scheduled time must be in the future (only admins may set a past one); \
             leave it out to publish now",
        ));
    }
    Ok(at)
}

/// Publishes now, or schedules for `at` (see [`publication_time`]).
pub async fn publish<E: Media>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
    at: Option<DateTime<Utc>>,
) -> AppResult<E::Model> {
    let at = publication_time(viewer, at)?;
    transition::<E>(db, viewer, id, Stored::Published, Some(Some(at)), "publish").await
}

/// Takes an item off the site, back to draft.
pub async fn unpublish<E: Media>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<E::Model> {
    transition::<E>(db, viewer, id, Stored::Draft, Some(None), "unpublish").await
}

/// Takes an item off the site and keeps it for the record.
pub async fn archive<E: Media>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> AppResult<E::Model> {
    transition::<E>(db, viewer, id, Stored::Archived, None, "archive").await
}

/// Deletes an item and the articles' links to it, in one transaction.
pub async fn delete<E: Media>(db: &DatabaseConnection, viewer: &Viewer, id: i64) -> AppResult<()> {
    viewer.principal()?;
    let (_turn, txn) = crate::db::begin_write(db).await?;
    let current = E::meta(&load::<E>(&txn, id).await?);
    viewer.require(Action::DeleteMedia {
        own: current.is_own(viewer),
        draft: current.is_draft(),
    })?;
    article_media::Entity::delete_many()
        .filter(article_media::Column::Kind.eq(E::NAME))
        .filter(article_media::Column::MediaId.eq(id))
        .exec(&txn)
        .await?;
    E::delete_many().filter(E::ID.eq(id)).exec(&txn).await?;
    after_write(&txn, viewer, E::KIND, id, "delete").await?;
    txn.commit().await?;
    Ok(())
}
