//! What videos and galleries share: a publication state (draft, scheduled,
//! published, archived) with the same rules as articles, who may read what,
//! numbered pages and Relay cursors, and versioned writes.
//!
//! Articles keep their own copy of these rules (they also have a review
//! step and revisions); media types plug in through [`Publishable`].

use chrono::{DateTime, Utc};
use entity::article_media;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, TransactionSession, TransactionTrait,
    sea_query::{Expr, ExprTrait, Func},
};

use super::{
    access::{Action, Principal, Role, Viewer},
    category, clock,
    pagination::{Cursor, CursorPage, CursorRequest, Page, PageRequest},
};
use crate::{
    error::{AppError, AppResult},
    text::slug,
};

/// The editorial state of a video or gallery. `Scheduled` is not stored: it
/// is a published item whose time has not come yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    Scheduled,
    Published,
    Archived,
}

impl Status {
    /// The status of a stored row at `now`.
    pub fn of(status: &str, published_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match status {
            "published" if published_at.is_some_and(|t| t > now) => Self::Scheduled,
            "published" => Self::Published,
            "archived" => Self::Archived,
            _ => Self::Draft,
        }
    }

    /// The SQL condition selecting rows of `E` in this status at `now`.
    pub fn condition<E: Publishable>(self, now: DateTime<Utc>) -> Condition {
        match self {
            Self::Draft => Condition::all().add(E::STATUS.eq("draft")),
            Self::Archived => Condition::all().add(E::STATUS.eq("archived")),
            Self::Published => Condition::all()
                .add(E::STATUS.eq("published"))
                .add(E::PUBLISHED_AT.lte(now)),
            Self::Scheduled => Condition::all()
                .add(E::STATUS.eq("published"))
                .add(E::PUBLISHED_AT.gt(now)),
        }
    }
}

/// The columns and facts a publishable table shares.
pub trait Publishable: EntityTrait<Model: Sync + Send> {
    /// `video` or `gallery`: in messages and as the `article_media` kind.
    const NAME: &'static str;
    const ID: Self::Column;
    const SLUG: Self::Column;
    const TITLE_SORT: Self::Column;
    const CATEGORY_ID: Self::Column;
    const CREATED_BY: Self::Column;
    const STATUS: Self::Column;
    const PUBLISHED_AT: Self::Column;
    const CREATED_AT: Self::Column;
    const UPDATED_AT: Self::Column;
    const FEATURED: Self::Column;
    const VIEW_COUNT: Self::Column;
    const VERSION: Self::Column;

    /// The facts of one row that rules look at.
    fn meta(model: &Self::Model) -> Meta;
}

/// What permission and workflow rules need to know about a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub id: i64,
    pub created_by: Option<i64>,
    pub draft: bool,
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Meta {
    /// The (time, id) key of "newest first".
    pub fn cursor(&self) -> Cursor {
        Cursor {
            at: self.published_at.unwrap_or(self.created_at),
            id: self.id,
        }
    }

    /// Whether `viewer` made this item (the system owns everything).
    pub fn is_own(&self, viewer: &Viewer) -> bool {
        match viewer.user_id() {
            Some(id) => self.created_by == Some(id),
            None => matches!(viewer, Viewer::System),
        }
    }
}

/// Published and due: what the public sees.
pub fn public_condition<E: Publishable>(now: DateTime<Utc>) -> Condition {
    Status::Published.condition::<E>(now)
}

/// Every row of `E` this viewer may read at all.
pub fn readable_condition<E: Publishable>(viewer: &Viewer, now: DateTime<Utc>) -> Condition {
    match viewer {
        Viewer::Anonymous | Viewer::Preview { .. } => public_condition::<E>(now),
        Viewer::User(Principal {
            role: Role::Author,
            user_id,
        }) => Condition::any()
            .add(public_condition::<E>(now))
            .add(E::CREATED_BY.eq(*user_id)),
        Viewer::User(_) | Viewer::System => Condition::all(),
    }
}

/// One item by id or slug if this viewer may read it; `None` otherwise (an
/// unpublished item is indistinguishable from a missing one).
pub async fn find<E: Publishable>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Option<i64>,
    slug: Option<&str>,
) -> AppResult<Option<E::Model>> {
    let mut q = E::find();
    match (id, slug) {
        (None, None) => return Err(AppError::invalid("id", "give an id or a slug")),
        (id, slug) => {
            if let Some(id) = id {
                q = q.filter(E::ID.eq(id));
            }
            if let Some(slug) = slug {
                q = q.filter(E::SLUG.eq(slug));
            }
        }
    }
    Ok(q.filter(readable_condition::<E>(viewer, clock::now()))
        .one(db)
        .await?)
}

/// Conditions every media list takes. Empty means everything public.
#[derive(Debug, Clone, Default)]
pub struct CommonFilter {
    pub category_id: Option<i64>,
    pub category_slug: Option<String>,
    /// With a category: also its sub-categories.
    pub include_subcategories: bool,
    pub featured: Option<bool>,
    pub published_after: Option<DateTime<Utc>>,
    pub published_before: Option<DateTime<Utc>>,
    /// Statuses to show. `None` shows what the public sees, whoever asks;
    /// editors opt in to drafts explicitly, as with articles.
    pub statuses: Option<Vec<Status>>,
}

/// List orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    MostViewed,
    /// A-Z in Vietnamese alphabetical order.
    Title,
}

/// The filtered, visibility-checked query and whether it may hold
/// unpublished rows; `None` when it can match nothing (an unknown category).
pub async fn filtered<E: Publishable>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &CommonFilter,
    now: DateTime<Utc>,
) -> AppResult<Option<(Select<E>, bool)>> {
    let mut q = E::find();
    let include_unpublished = match &filter.statuses {
        None => {
            q = q.filter(public_condition::<E>(now));
            false
        }
        Some(statuses) => {
            let mut any = Condition::any();
            for s in statuses {
                any = any.add(s.condition::<E>(now));
            }
            q = q.filter(any).filter(readable_condition::<E>(viewer, now));
            viewer.sees_unpublished()
        }
    };
    if filter.category_id.is_some() || filter.category_slug.is_some() {
        let all = category::list(db).await?;
        let found = all.iter().find(|c| {
            filter.category_id.is_none_or(|id| c.id == id)
                && filter.category_slug.as_deref().is_none_or(|s| c.slug == s)
        });
        let Some(cat) = found else { return Ok(None) };
        if filter.include_subcategories {
            q = q.filter(E::CATEGORY_ID.is_in(category::subtree(&all, cat.id)));
        } else {
            q = q.filter(E::CATEGORY_ID.eq(cat.id));
        }
    }
    if let Some(f) = filter.featured {
        q = q.filter(E::FEATURED.eq(f));
    }
    if let Some(t) = filter.published_after {
        q = q.filter(E::PUBLISHED_AT.gte(clock::truncate(t)));
    }
    if let Some(t) = filter.published_before {
        q = q.filter(E::PUBLISHED_AT.lt(clock::truncate(t)));
    }
    Ok(Some((q, include_unpublished)))
}

/// The "newest first" key: drafts have no publication time, so views that
/// include them fall back to the creation time.
fn newest_key<E: Publishable>(include_unpublished: bool) -> Expr {
    let published = Expr::col(E::PUBLISHED_AT.as_column_ref());
    if include_unpublished {
        Func::coalesce([published, Expr::col(E::CREATED_AT.as_column_ref())]).into()
    } else {
        published
    }
}

fn ordered<E: Publishable>(q: Select<E>, sort: Sort, include_unpublished: bool) -> Select<E> {
    let key = newest_key::<E>(include_unpublished);
    match sort {
        Sort::Newest => q.order_by(key, Order::Desc).order_by_desc(E::ID),
        Sort::Oldest => q.order_by(key, Order::Asc).order_by_asc(E::ID),
        Sort::MostViewed => q
            .order_by_desc(E::VIEW_COUNT)
            .order_by(key, Order::Desc)
            .order_by_desc(E::ID),
        Sort::Title => q.order_by_asc(E::TITLE_SORT).order_by_asc(E::ID),
    }
}

/// A numbered page of `filtered` rows with totals.
pub async fn page<E: Publishable>(
    db: &impl ConnectionTrait,
    filtered: Option<(Select<E>, bool)>,
    sort: Sort,
    page: PageRequest,
) -> AppResult<Page<E::Model>> {
    let empty = Page {
        items: Vec::new(),
        total: 0,
        page: page.page,
        per_page: page.per_page,
    };
    let Some((q, include_unpublished)) = filtered else {
        return Ok(empty);
    };
    let total = q.clone().count(db).await?;
    if page.offset() >= total {
        return Ok(Page { total, ..empty });
    }
    let items = ordered(q, sort, include_unpublished)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok(Page {
        items,
        total,
        ..empty
    })
}

/// A Relay slice of `filtered` rows, newest first, keyed on (time, id) so it
/// stays stable while new items arrive.
pub async fn connection<E: Publishable>(
    db: &impl ConnectionTrait,
    filtered: Option<(Select<E>, bool)>,
    request: CursorRequest,
) -> AppResult<CursorPage<E::Model>> {
    let Some((q, include_unpublished)) = filtered else {
        return Ok(CursorPage {
            items: Vec::new(),
            has_next_page: false,
            has_previous_page: false,
            total: 0,
        });
    };
    let total = q.clone().count(db).await?;
    let key = newest_key::<E>(include_unpublished);
    let id = Expr::col(E::ID.as_column_ref());
    // Rows strictly beyond the cursor in the given direction.
    let beyond = |c: Cursor, older: bool| {
        let (t, i) = (Expr::val(c.at), Expr::val(c.id));
        let (past_key, past_id) = if older {
            (key.clone().lt(t.clone()), id.clone().lt(i))
        } else {
            (key.clone().gt(t.clone()), id.clone().gt(i))
        };
        Condition::any()
            .add(past_key)
            .add(Condition::all().add(key.clone().eq(t)).add(past_id))
    };
    let (limit, cursor, sort, forward) = match request {
        CursorRequest::Forward { first, after } => (first, after, Sort::Newest, true),
        CursorRequest::Backward { last, before } => (last, before, Sort::Oldest, false),
    };
    let mut q = q;
    if let Some(c) = cursor {
        q = q.filter(beyond(c, forward));
    }
    let mut rows = ordered(q, sort, include_unpublished)
        .limit(limit + 1)
        .all(db)
        .await?;
    let has_more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    if !forward {
        rows.reverse();
    }
    let had_cursor = cursor.is_some();
    Ok(CursorPage {
        items: rows
            .into_iter()
            .map(|m| (E::meta(&m).cursor(), m))
            .collect(),
        has_next_page: if forward { has_more } else { had_cursor },
        has_previous_page: if forward { had_cursor } else { has_more },
        total,
    })
}

/// Loads a row for a write, or `NOT_FOUND`.
pub async fn load<E: Publishable>(db: &impl ConnectionTrait, id: i64) -> AppResult<E::Model> {
    E::find()
        .filter(E::ID.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound(E::NAME))
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
pub async fn slug_taken<E: Publishable>(
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
        if slug_taken::<E>(db, &s, None).await? {
            return Err(slug_conflict(E::NAME, &s));
        }
        return Ok(s);
    }
    let base = Some(slug::slugify(title))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.to_owned());
    let mut candidate = base.clone();
    let mut n = 2;
    while slug_taken::<E>(db, &candidate, None).await? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
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
async fn transition<E: Publishable>(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
    status: &str,
    published_at: Option<Option<DateTime<Utc>>>,
) -> AppResult<E::Model> {
    viewer.principal()?;
    let txn = db.begin().await?;
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
    txn.commit().await?;
    Ok(saved)
}

/// Publishes now, or schedules for `at` (which must be in the future; the
/// system may back-date when importing).
pub async fn publish<E: Publishable>(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
    at: Option<DateTime<Utc>>,
) -> AppResult<E::Model> {
    let now = clock::now();
    let at = at.map(clock::truncate);
    if let Some(t) = at
        && t < now
        && !matches!(viewer, Viewer::System)
    {
        return Err(AppError::invalid(
            "at",
            "a scheduled time must be in the future; leave it out to publish now",
        ));
    }
    transition::<E>(db, viewer, id, "published", Some(Some(at.unwrap_or(now)))).await
}

/// Takes an item off the site, back to draft.
pub async fn unpublish<E: Publishable>(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
) -> AppResult<E::Model> {
    transition::<E>(db, viewer, id, "draft", Some(None)).await
}

/// Takes an item off the site and keeps it for the record.
pub async fn archive<E: Publishable>(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
) -> AppResult<E::Model> {
    transition::<E>(db, viewer, id, "archived", None).await
}

/// Deletes an item and the articles' links to it, in one transaction.
pub async fn delete<E: Publishable>(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    id: i64,
) -> AppResult<()> {
    viewer.principal()?;
    let txn = db.begin().await?;
    let current = E::meta(&load::<E>(&txn, id).await?);
    viewer.require(Action::DeleteMedia {
        own: current.is_own(viewer),
        draft: current.draft,
    })?;
    article_media::Entity::delete_many()
        .filter(article_media::Column::Kind.eq(E::NAME))
        .filter(article_media::Column::MediaId.eq(id))
        .exec(&txn)
        .await?;
    E::delete_many().filter(E::ID.eq(id)).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Rows by id, keyed by id; with `public_only`, only published and due ones.
pub async fn by_ids<E: Publishable>(
    db: &impl ConnectionTrait,
    ids: &[i64],
    public_only: bool,
) -> AppResult<std::collections::HashMap<i64, E::Model>> {
    let mut q = E::find().filter(E::ID.is_in(ids.iter().copied()));
    if public_only {
        q = q.filter(public_condition::<E>(clock::now()));
    }
    Ok(q.all(db)
        .await?
        .into_iter()
        .map(|m| (E::meta(&m).id, m))
        .collect())
}
