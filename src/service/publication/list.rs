//! Lists of publishable items: filters, orders, numbered pages, cursors.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, FromQueryResult, Order, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
    sea_query::{Expr, ExprTrait, Func},
};

use super::{Listed, Status, public_condition, readable_condition};
use crate::{
    clock,
    error::AppResult,
    service::{
        access::Viewer,
        changes,
        pagination::{Cursor, CursorPage, CursorRequest, Page, PageRequest},
        search, sql,
    },
};

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
    /// Last changed at or after this instant.
    pub updated_after: Option<DateTime<Utc>>,
    /// Statuses to show. `None` shows what the public sees, whoever asks;
    /// editors opt in to drafts explicitly, as with articles.
    pub statuses: Option<Vec<Status>>,
    /// Only items this account created.
    pub author_id: Option<i64>,
    /// Words of the title, summary or text (diacritics optional); drafts
    /// are found too when the list shows them. The best
    /// [`search::CANDIDATES`] matches are kept.
    pub q: Option<String>,
}

/// List orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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
pub async fn filtered<E: Listed>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &CommonFilter,
    now: DateTime<Utc>,
) -> AppResult<Option<(Select<E>, bool)>> {
    let statuses = filter.statuses.as_ref().map(|statuses| {
        statuses
            .iter()
            .fold(Condition::any(), |any, s| any.add(s.condition::<E>(now)))
    });
    filtered_by_status(db, viewer, filter, statuses, now).await
}

/// [`filtered`] with the status condition given by the caller (articles
/// have statuses of their own); `filter.statuses` is not read.
pub async fn filtered_by_status<E: Listed>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &CommonFilter,
    statuses: Option<Condition>,
    now: DateTime<Utc>,
) -> AppResult<Option<(Select<E>, bool)>> {
    let mut q = E::find();
    let include_unpublished = match statuses {
        None => {
            q = q.filter(public_condition::<E>(now));
            false
        }
        Some(statuses) => {
            q = q
                .filter(statuses)
                .filter(readable_condition::<E>(viewer, now));
            viewer.sees_unpublished()
        }
    };
    if filter.category_id.is_some() || filter.category_slug.is_some() {
        let all = changes::of(db).categories(db).await?;
        let found = all.iter().find(|c| {
            filter.category_id.is_none_or(|id| c.id == id)
                && filter.category_slug.as_deref().is_none_or(|s| c.slug == s)
        });
        let Some(cat) = found else { return Ok(None) };
        if filter.include_subcategories {
            q = q.filter(E::CATEGORY_ID.is_in(crate::service::category::subtree(&all, cat.id)));
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
    if let Some(t) = filter.updated_after {
        q = q.filter(E::UPDATED_AT.gte(clock::truncate(t)));
    }
    if let Some(a) = filter.author_id {
        q = q.filter(E::CREATED_BY.eq(a));
    }
    if let Some(text) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let ids = matching_ids(db, E::KIND, text, include_unpublished).await?;
        q = q.filter(E::ID.is_in(ids));
    }
    Ok(Some((q, include_unpublished)))
}

/// Items of `kind` the search index finds for `text` (the best
/// [`search::CANDIDATES`]); with `include_unpublished`, drafts and
/// scheduled ones too (the caller's query decides who sees them).
pub async fn matching_ids(
    db: &impl sea_orm::ConnectionTrait,
    kind: super::ContentKind,
    text: &str,
    include_unpublished: bool,
) -> AppResult<Vec<i64>> {
    let found = search::search(
        db,
        &search::SearchQuery {
            text: text.to_owned(),
            kinds: Some(vec![kind]),
            category_ids: None,
            published_after: None,
            published_before: None,
            include_unpublished,
            page: PageRequest {
                page: 1,
                per_page: search::CANDIDATES as u64,
                with_total: false,
            },
            synonyms: None,
        },
    )
    .await?;
    Ok(found.page.items.iter().map(|h| h.item_id).collect())
}

/// The "newest first" key: drafts have no publication time, so views that
/// include them fall back to the creation time.
fn newest_key<E: Listed>(include_unpublished: bool) -> Expr {
    let published = Expr::col(E::PUBLISHED_AT.as_column_ref());
    if include_unpublished {
        Func::coalesce([published, Expr::col(E::CREATED_AT.as_column_ref())]).into()
    } else {
        published
    }
}

pub fn ordered<E: Listed>(q: Select<E>, sort: Sort, include_unpublished: bool) -> Select<E> {
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
pub async fn page<E: Listed>(
    db: &DatabaseConnection,
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
    // Counting is often the dearest statement of a page: skip it when the
    // client shows no totals.
    let total = if page.with_total {
        let total = changes::of(db).count(db, q.clone()).await?;
        if page.offset() >= total {
            return Ok(Page { total, ..empty });
        }
        total
    } else {
        0
    };
    let page_query = ordered(q, sort, include_unpublished)
        .offset(page.offset())
        .limit(page.per_page)
        .into_query();
    let items = E::Model::find_by_statement(sql::inline_on_sqlite(db, &page_query))
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
pub async fn connection<E: Listed>(
    db: &DatabaseConnection,
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
    let total = changes::of(db).count(db, q.clone()).await?;
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
    let slice = ordered(q, sort, include_unpublished)
        .limit(limit + 1)
        .into_query();
    let mut rows = E::Model::find_by_statement(sql::inline_on_sqlite(db, &slice))
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
