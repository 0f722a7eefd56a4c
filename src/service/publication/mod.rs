//! What videos and galleries share: a publication state (draft, scheduled,
//! published, archived) with the same rules as articles, who may read what,
//! numbered pages and Relay cursors, and versioned writes.
//!
//! Articles, videos and galleries plug in through [`Publishable`]; articles
//! add a review step and revisions of their own.

mod kind;
mod list;
pub mod revision;
mod write;

pub use kind::ContentKind;

pub use list::{
    CommonFilter, Sort, connection, filtered, filtered_by_status, matching_ids, ordered, page,
};
pub use write::{
    after_write, archive, check_category, check_slug_change, delete, editable, insert_draft, load,
    lock, new_slug, publication_time, publish, require_edit, save_if_current, stale, unpublish,
};

use chrono::{DateTime, Utc};
pub use entity::status::Status as Stored;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::{
    access::{Principal, Viewer},
    pagination::Cursor,
};
use crate::{
    auth::Role,
    clock,
    error::{AppError, AppResult},
};

/// Where an item is in the editorial workflow, as readers and editors see it
/// at one moment. `Scheduled` is not stored: it is a published row whose
/// time has not come yet. Only articles go through `InReview`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    InReview,
    Scheduled,
    Published,
    Archived,
}

impl Status {
    /// The status of a stored row at `now`.
    pub fn of(stored: Stored, published_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        match stored {
            Stored::Published if published_at.is_some_and(|t| t > now) => Self::Scheduled,
            Stored::Published => Self::Published,
            Stored::Review => Self::InReview,
            Stored::Archived => Self::Archived,
            Stored::Draft => Self::Draft,
        }
    }

    /// The status of `model` at `now`.
    pub fn of_row<E: Publishable>(model: &E::Model, now: DateTime<Utc>) -> Self {
        let meta = E::meta(model);
        Self::of(meta.status, meta.published_at, now)
    }

    /// The SQL condition selecting rows of `E` in this status at `now`.
    pub fn condition<E: Publishable>(self, now: DateTime<Utc>) -> Condition {
        let stored = |s: Stored| Condition::all().add(E::STATUS.eq(s));
        match self {
            Self::Draft => stored(Stored::Draft),
            Self::InReview => stored(Stored::Review),
            Self::Archived => stored(Stored::Archived),
            Self::Published => stored(Stored::Published).add(E::PUBLISHED_AT.lte(now)),
            Self::Scheduled => stored(Stored::Published).add(E::PUBLISHED_AT.gt(now)),
        }
    }
}

/// "Published and due" for statements written as SQL text: the same rule as
/// [`public_condition`], with `now` bound as the one `?` placeholder.
/// `alias` is the table's alias in the statement.
pub fn public_sql(alias: &str) -> String {
    format!("{alias}.status = 'published' AND {alias}.published_at <= ?")
}

/// The columns and facts every publishable table shares.
pub trait Publishable: EntityTrait<Model: Sync + Send> {
    /// What this table holds.
    const KIND: ContentKind;
    /// `article`, `video`...: in messages and as the stored kind.
    const NAME: &'static str = Self::KIND.as_str();
    const ID: Self::Column;
    const SLUG: Self::Column;
    const CREATED_BY: Self::Column;
    const STATUS: Self::Column;
    const PUBLISHED_AT: Self::Column;
    const CREATED_AT: Self::Column;
    const UPDATED_AT: Self::Column;
    const VIEW_COUNT: Self::Column;
    const VERSION: Self::Column;

    /// The facts of one row that rules look at.
    fn meta(model: &Self::Model) -> Meta;
}

/// Publishable items readers browse in filtered, sorted lists (by category,
/// featured, A-Z): everything but static pages, which form a tree.
pub trait Listed: Publishable {
    const TITLE_SORT: Self::Column;
    const CATEGORY_ID: Self::Column;
    const FEATURED: Self::Column;
}

/// `Publishable` (and with `listed`, `Listed`) for a table of the `entity`
/// crate whose columns carry the shared names.
macro_rules! publishable {
    ($module:ident, $kind:ident, listed) => {
        $crate::service::publication::publishable!($module, $kind);

        impl $crate::service::publication::Listed for entity::$module::Entity {
            const TITLE_SORT: entity::$module::Column = entity::$module::Column::TitleSort;
            const CATEGORY_ID: entity::$module::Column = entity::$module::Column::CategoryId;
            const FEATURED: entity::$module::Column = entity::$module::Column::Featured;
        }
    };
    ($module:ident, $kind:ident) => {
        impl $crate::service::publication::Publishable for entity::$module::Entity {
            const KIND: $crate::service::publication::ContentKind =
                $crate::service::publication::ContentKind::$kind;
            const ID: entity::$module::Column = entity::$module::Column::Id;
            const SLUG: entity::$module::Column = entity::$module::Column::Slug;
            const CREATED_BY: entity::$module::Column = entity::$module::Column::CreatedBy;
            const STATUS: entity::$module::Column = entity::$module::Column::Status;
            const PUBLISHED_AT: entity::$module::Column = entity::$module::Column::PublishedAt;
            const CREATED_AT: entity::$module::Column = entity::$module::Column::CreatedAt;
            const UPDATED_AT: entity::$module::Column = entity::$module::Column::UpdatedAt;
            const VIEW_COUNT: entity::$module::Column = entity::$module::Column::ViewCount;
            const VERSION: entity::$module::Column = entity::$module::Column::Version;

            fn meta(m: &entity::$module::Model) -> $crate::service::publication::Meta {
                $crate::service::publication::Meta {
                    id: m.id,
                    created_by: m.created_by,
                    status: m.status,
                    version: m.version,
                    published_at: m.published_at,
                    created_at: m.created_at,
                }
            }
        }
    };
}
pub(crate) use publishable;

/// Publishable items whose workflow is the simple one here (publish,
/// unpublish, archive, delete under the media rights): videos, galleries,
/// documents and pages. Articles are `Publishable` for lists and versioned
/// saves, but not `Media`: their review step, revisions and rights live in
/// the article service, and the compiler keeps them from being published
/// through these functions.
pub trait Media: Publishable {}

/// What permission and workflow rules need to know about a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub id: i64,
    pub created_by: Option<i64>,
    pub status: Stored,
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Meta {
    /// Never published (or taken back to draft): authors may still edit it.
    pub fn is_draft(&self) -> bool {
        self.status == Stored::Draft
    }

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

/// When the next scheduled item (of any kind) comes due, a top-story pin
/// ends or a banner starts or ends, if any:
/// until then, what the public sees changes only by writes. One statement.
///
/// # Errors
/// The database fails.
pub async fn next_due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> AppResult<Option<DateTime<Utc>>> {
    use sea_orm::{
        QuerySelect, QueryTrait,
        sea_query::{Alias, Query, UnionType},
    };
    fn earliest<E: Publishable>(
        now: DateTime<Utc>,
        n: usize,
    ) -> sea_orm::sea_query::SelectStatement {
        let inner = E::find()
            .select_only()
            .column_as(E::PUBLISHED_AT.min(), "due")
            .filter(Status::Scheduled.condition::<E>(now))
            .into_query();
        Query::select()
            .column(Alias::new("due"))
            .from_subquery(inner, Alias::new(format!("d{n}")))
            .to_owned()
    }
    // Besides scheduled items: a top-story pin ending, a banner starting
    // or ending.
    fn first_after<C: sea_orm::ColumnTrait>(
        column: C,
        extra: Option<sea_orm::sea_query::SimpleExpr>,
        now: DateTime<Utc>,
        n: usize,
    ) -> sea_orm::sea_query::SelectStatement {
        use sea_orm::sea_query::{Expr, ExprTrait};
        let mut inner = Query::select();
        inner
            .expr_as(Expr::col(column).min(), Alias::new("due"))
            .from(column.entity_name())
            .and_where(Expr::col(column).gt(now));
        if let Some(e) = extra {
            inner.and_where(e);
        }
        Query::select()
            .column(Alias::new("due"))
            .from_subquery(inner.to_owned(), Alias::new(format!("d{n}")))
            .to_owned()
    }
    use entity::{article::Column as A, block::Column as B};
    let mut all = earliest::<entity::article::Entity>(now, 0);
    all.union(UnionType::All, earliest::<entity::video::Entity>(now, 1))
        .union(UnionType::All, earliest::<entity::gallery::Entity>(now, 2))
        .union(UnionType::All, earliest::<entity::document::Entity>(now, 3))
        .union(UnionType::All, earliest::<entity::page::Entity>(now, 4))
        .union(
            UnionType::All,
            first_after(
                A::FeaturedUntil,
                Some(A::FeaturedPosition.is_not_null()),
                now,
                5,
            ),
        )
        .union(UnionType::All, first_after(B::StartsAt, None, now, 6))
        .union(UnionType::All, first_after(B::EndsAt, None, now, 7));
    let rows = db
        .query_all_raw(db.get_database_backend().build(&all))
        .await?;
    let mut due: Option<DateTime<Utc>> = None;
    for row in rows {
        if let Some(at) = row.try_get::<Option<DateTime<Utc>>>("", "due")? {
            due = Some(due.map_or(at, |d| d.min(at)));
        }
    }
    Ok(due)
}
