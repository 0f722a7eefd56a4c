//! Reading lists of articles: filters, sorts, numbered pages, cursors, related.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{article, article_tag};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
    sea_query::{Alias, Expr, ExprTrait, Func, Query, WindowStatement},
};

use super::{ArticleStatus, newest_key, public_condition, readable_condition};
use crate::{
    error::AppResult,
    service::{
        access::Viewer,
        category, clock,
        pagination::{Cursor, CursorPage, CursorRequest, Page, PageRequest},
    },
    text::slug::slugify,
};

/// What a list may be narrowed to. Empty means everything visible.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    pub category_id: Option<i64>,
    pub category_slug: Option<String>,
    /// With a category: also its sub-categories (default in the API: yes).
    pub include_subcategories: bool,
    /// A tag by name or slug ("Chuyển đổi số" or `chuyen-doi-so`).
    pub tag: Option<String>,
    pub featured: Option<bool>,
    pub published_after: Option<DateTime<Utc>>,
    pub published_before: Option<DateTime<Utc>>,
    /// Statuses to show. `None` shows what the public sees, whoever asks:
    /// editors opt in to drafts explicitly, so a signed-in editor browsing the
    /// site sees the site as readers do.
    pub statuses: Option<Vec<ArticleStatus>>,
    /// Leave one article out ("other news" beside it).
    pub exclude_id: Option<i64>,
}

/// List orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleSort {
    #[default]
    Newest,
    Oldest,
    MostViewed,
    /// A-Z in Vietnamese alphabetical order.
    Title,
}

/// The filtered, visibility-checked query, or `None` when it can match nothing
/// (an unknown category), which saves the database a round trip.
async fn filtered(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &ArticleFilter,
    now: DateTime<Utc>,
) -> AppResult<Option<(Select<article::Entity>, bool)>> {
    use article::Column as C;
    let mut q = article::Entity::find();
    let include_unpublished = match &filter.statuses {
        None => {
            q = q.filter(public_condition(now));
            false
        }
        Some(statuses) => {
            let mut any = Condition::any();
            for s in statuses {
                any = any.add(s.condition(now));
            }
            q = q.filter(any).filter(readable_condition(viewer, now));
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
            q = q.filter(C::CategoryId.is_in(category::subtree(&all, cat.id)));
        } else {
            q = q.filter(C::CategoryId.eq(cat.id));
        }
    }
    if let Some(tag) = &filter.tag {
        let slug = slugify(tag);
        let sub = Query::select()
            .column(article_tag::Column::ArticleId)
            .from(article_tag::Entity)
            .and_where(Expr::col(article_tag::Column::TagSlug).eq(slug))
            .to_owned();
        q = q.filter(C::Id.in_subquery(sub));
    }
    if let Some(f) = filter.featured {
        q = q.filter(C::Featured.eq(f));
    }
    if let Some(t) = filter.published_after {
        q = q.filter(C::PublishedAt.gte(clock::truncate(t)));
    }
    if let Some(t) = filter.published_before {
        q = q.filter(C::PublishedAt.lt(clock::truncate(t)));
    }
    if let Some(id) = filter.exclude_id {
        q = q.filter(C::Id.ne(id));
    }
    Ok(Some((q, include_unpublished)))
}

fn ordered(
    q: Select<article::Entity>,
    sort: ArticleSort,
    include_unpublished: bool,
) -> Select<article::Entity> {
    use article::Column as C;
    let key = newest_key(include_unpublished);
    match sort {
        ArticleSort::Newest => q.order_by(key, Order::Desc).order_by_desc(C::Id),
        ArticleSort::Oldest => q.order_by(key, Order::Asc).order_by_asc(C::Id),
        ArticleSort::MostViewed => q
            .order_by_desc(C::ViewCount)
            .order_by(key, Order::Desc)
            .order_by_desc(C::Id),
        ArticleSort::Title => q.order_by_asc(C::TitleSort).order_by_asc(C::Id),
    }
}

/// A numbered page of articles with totals.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &ArticleFilter,
    sort: ArticleSort,
    page: PageRequest,
) -> AppResult<Page<article::Model>> {
    let now = clock::now();
    let empty = Page {
        items: Vec::new(),
        total: 0,
        page: page.page,
        per_page: page.per_page,
    };
    let Some((q, include_unpublished)) = filtered(db, viewer, filter, now).await? else {
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
        page: page.page,
        per_page: page.per_page,
    })
}

/// A Relay slice, newest first, keyed on (time, id) so it stays stable while
/// new articles arrive.
pub async fn connection(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: &ArticleFilter,
    request: CursorRequest,
) -> AppResult<CursorPage<article::Model>> {
    let now = clock::now();
    let Some((q, include_unpublished)) = filtered(db, viewer, filter, now).await? else {
        return Ok(CursorPage {
            items: Vec::new(),
            has_next_page: false,
            has_previous_page: false,
            total: 0,
        });
    };
    let total = q.clone().count(db).await?;
    let key = newest_key(include_unpublished);
    let id = Expr::col((article::Entity, article::Column::Id));
    // Rows strictly beyond the cursor in the given direction.
    let beyond = |c: Cursor, older: bool| {
        let (t, i) = (Expr::val(c.at), Expr::val(c.id));
        if older {
            Condition::any().add(key.clone().lt(t.clone())).add(
                Condition::all()
                    .add(key.clone().eq(t))
                    .add(id.clone().lt(i)),
            )
        } else {
            Condition::any().add(key.clone().gt(t.clone())).add(
                Condition::all()
                    .add(key.clone().eq(t))
                    .add(id.clone().gt(i)),
            )
        }
    };
    let (rows, has_more, forward, had_cursor) = match request {
        CursorRequest::Forward { first, after } => {
            let mut q = q;
            if let Some(c) = after {
                q = q.filter(beyond(c, true));
            }
            let mut rows = ordered(q, ArticleSort::Newest, include_unpublished)
                .limit(first + 1)
                .all(db)
                .await?;
            let more = rows.len() as u64 > first;
            rows.truncate(usize::try_from(first).unwrap_or(usize::MAX));
            (rows, more, true, after.is_some())
        }
        CursorRequest::Backward { last, before } => {
            let mut q = q;
            if let Some(c) = before {
                q = q.filter(beyond(c, false));
            }
            let mut rows = ordered(q, ArticleSort::Oldest, include_unpublished)
                .limit(last + 1)
                .all(db)
                .await?;
            let more = rows.len() as u64 > last;
            rows.truncate(usize::try_from(last).unwrap_or(usize::MAX));
            rows.reverse();
            (rows, more, false, before.is_some())
        }
    };
    let items = rows
        .into_iter()
        .map(|m| {
            let at = m.published_at.unwrap_or(m.created_at);
            (Cursor { at, id: m.id }, m)
        })
        .collect();
    Ok(CursorPage {
        items,
        has_next_page: if forward { has_more } else { had_cursor },
        has_previous_page: if forward { had_cursor } else { has_more },
        total,
    })
}

/// "Other news" for many articles at once: for each (article, category,
/// limit), the newest public articles of that category, not the article
/// itself. One statement for all keys, using a window per category.
pub async fn related_for(
    db: &impl ConnectionTrait,
    keys: &[(i64, i64, u64)],
) -> AppResult<HashMap<(i64, i64, u64), Vec<article::Model>>> {
    use article::Column as C;
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let now = clock::now();
    let categories: Vec<i64> = keys.iter().map(|k| k.1).collect();
    let max = keys.iter().map(|k| k.2).max().unwrap_or(0) + 1;
    let mut window = WindowStatement::partition_by(C::CategoryId);
    window
        .order_by(C::PublishedAt, Order::Desc)
        .order_by(C::Id, Order::Desc);
    let mut inner = article::Entity::find()
        .filter(public_condition(now))
        .filter(C::CategoryId.is_in(categories))
        .select_only()
        .column(C::Id)
        .into_query();
    inner.expr_window_as(Func::cust("ROW_NUMBER"), window, Alias::new("rn"));
    let ranked = Query::select()
        .column(Alias::new("id"))
        .from_subquery(inner, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new("rn")).lte(max))
        .to_owned();
    let mut rows = article::Entity::find()
        .filter(C::Id.in_subquery(ranked))
        .order_by_desc(C::PublishedAt)
        .order_by_desc(C::Id)
        .all(db)
        .await?;
    let mut by_category: HashMap<i64, Vec<article::Model>> = HashMap::new();
    for r in rows.drain(..) {
        by_category.entry(r.category_id).or_default().push(r);
    }
    Ok(keys
        .iter()
        .map(|&(article_id, category_id, limit)| {
            let items = by_category
                .get(&category_id)
                .map(|v| {
                    v.iter()
                        .filter(|a| a.id != article_id)
                        .take(usize::try_from(limit).unwrap_or(usize::MAX))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            ((article_id, category_id, limit), items)
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct CategoryCount {
    category_id: i64,
    n: i64,
}

/// Public articles per category (directly in it, not in sub-categories), for
/// every category at once: menus show them all.
pub async fn count_by_category(db: &impl ConnectionTrait) -> AppResult<HashMap<i64, u64>> {
    use article::Column as C;
    let rows = article::Entity::find()
        .filter(public_condition(clock::now()))
        .select_only()
        .column(C::CategoryId)
        .column_as(Expr::col(C::Id).count(), "n")
        .group_by(C::CategoryId)
        .into_model::<CategoryCount>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.category_id, u64::try_from(r.n).unwrap_or(0)))
        .collect())
}
