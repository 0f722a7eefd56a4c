//! Reading lists of articles: filters, sorts, numbered pages, cursors, related.

use std::{collections::HashMap, sync::Arc};

use chrono::{DateTime, Utc};
use entity::{article, article_tag};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Query, UnionType},
};

use super::{ArticleStatus, public_condition};
use crate::{
    clock,
    error::AppResult,
    service::{
        access::Viewer,
        changes,
        pagination::{CursorPage, CursorRequest, Page, PageRequest},
        publication::{self, CommonFilter},
        sql,
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
    pub updated_after: Option<DateTime<Utc>>,
    /// Statuses to show. `None` shows what the public sees, whoever asks:
    /// editors opt in to drafts explicitly, so a signed-in editor browsing the
    /// site sees the site as readers do.
    pub statuses: Option<Vec<ArticleStatus>>,
    /// Only articles this account created.
    pub author_id: Option<i64>,
    /// Words of the title, summary or text; drafts too when listed.
    pub q: Option<String>,
    /// Leave one article out ("other news" beside it).
    pub exclude_id: Option<i64>,
    /// Leave `body` empty: the caller shows none (most lists). Saves reading
    /// and copying kilobytes per row.
    pub skip_body: bool,
}

/// List orders: the same as every publishable list.
pub use crate::service::publication::Sort as ArticleSort;

impl ArticleFilter {
    /// The conditions articles share with videos and galleries.
    fn common(&self) -> CommonFilter {
        CommonFilter {
            category_id: self.category_id,
            category_slug: self.category_slug.clone(),
            include_subcategories: self.include_subcategories,
            featured: self.featured,
            published_after: self.published_after,
            published_before: self.published_before,
            updated_after: self.updated_after,
            statuses: None,
            author_id: self.author_id,
            q: self.q.clone(),
        }
    }
}

/// The filtered, visibility-checked query, or `None` when it can match nothing
/// (an unknown category), which saves the database a round trip.
async fn filtered(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &ArticleFilter,
) -> AppResult<Option<(Select<article::Entity>, bool)>> {
    use article::Column as C;
    let now = clock::now();
    let statuses = filter.statuses.as_ref().map(|statuses| {
        statuses.iter().fold(Condition::any(), |any, s| {
            any.add(s.condition::<article::Entity>(now))
        })
    });
    let found =
        publication::filtered_by_status(db, viewer, &filter.common(), statuses, now).await?;
    let Some((mut q, include_unpublished)) = found else {
        return Ok(None);
    };
    if let Some(tag) = &filter.tag {
        let sub = Query::select()
            .column(article_tag::Column::ArticleId)
            .from(article_tag::Entity)
            .and_where(Expr::col(article_tag::Column::TagSlug).eq(slugify(tag)))
            .to_owned();
        q = q.filter(C::Id.in_subquery(sub));
    }
    if let Some(id) = filter.exclude_id {
        q = q.filter(C::Id.ne(id));
    }
    if filter.skip_body {
        q = without_body(q);
    }
    Ok(Some((q, include_unpublished)))
}

/// `q` reading every column but `body`, which comes back empty.
fn without_body(q: Select<article::Entity>) -> Select<article::Entity> {
    use sea_orm::Iterable;
    q.select_only()
        .columns(article::Column::iter().filter(|c| !matches!(c, article::Column::Body)))
        .column_as(Expr::value(""), "body")
}

/// A numbered page of articles with totals.
pub async fn list(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &ArticleFilter,
    sort: ArticleSort,
    page: PageRequest,
) -> AppResult<Page<article::Model>> {
    let q = filtered(db, viewer, filter).await?;
    publication::page(db, q, sort, page).await
}

/// A Relay slice, newest first, keyed on (time, id) so it stays stable while
/// new articles arrive.
pub async fn connection(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &ArticleFilter,
    request: CursorRequest,
) -> AppResult<CursorPage<article::Model>> {
    let q = filtered(db, viewer, filter).await?;
    publication::connection(db, q, request).await
}

/// What "other news" to read for one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelatedKey {
    pub article_id: i64,
    pub category_id: i64,
    pub limit: u64,
    /// Whether the caller shows their bodies.
    pub with_body: bool,
}

/// "Other news" for many articles at once: for each (article, category,
/// limit), the newest public articles of that category, not the article
/// itself. One statement for all keys: per category, the newest rows read
/// off the (category, status, published) index with a LIMIT, joined by
/// UNION ALL, so the cost follows the rows shown, not the category's size.
pub async fn related_for(
    db: &DatabaseConnection,
    keys: &[RelatedKey],
) -> AppResult<HashMap<RelatedKey, Vec<article::Model>>> {
    use article::Column as C;
    let with_body = keys.iter().any(|k| k.with_body);
    let mut wanted: Vec<(i64, u64)> = Vec::new();
    for &RelatedKey {
        category_id: category,
        limit,
        ..
    } in keys
    {
        match wanted.iter_mut().find(|(c, _)| *c == category) {
            Some((_, most)) => *most = Ord::max(*most, limit + 1),
            None => wanted.push((category, limit + 1)),
        }
    }
    // The newest of a category are the same for all its articles: kept in
    // memory until something changes (see `service::changes`).
    let changes = changes::of(db);
    let mut by_category: HashMap<i64, Arc<Vec<article::Model>>> = HashMap::new();
    let mut missing = Vec::new();
    let mut generation = 0;
    for &(category, limit) in &wanted {
        let (g, known) = changes
            .recall_newest(db, (category, limit, with_body))
            .await?;
        generation = g;
        match known {
            Some(rows) => {
                by_category.insert(category, rows);
            }
            None => missing.push((category, limit)),
        }
    }
    let now = clock::now();
    let newest = |(i, (category, limit)): (usize, &(i64, u64))| {
        let all = article::Entity::find();
        let inner = if with_body { all } else { without_body(all) }
            .filter(public_condition(now))
            .filter(C::CategoryId.eq(*category))
            .order_by_desc(C::PublishedAt)
            .order_by_desc(C::Id)
            .limit(*limit)
            .into_query();
        Query::select()
            .column(Asterisk)
            .from_subquery(inner, Alias::new(format!("r{i}")))
            .to_owned()
    };
    let mut parts = missing.iter().enumerate().map(newest);
    if let Some(mut union) = parts.next() {
        for part in parts {
            union.union(UnionType::All, part);
        }
        let rows = article::Model::find_by_statement(sql::inline_on_sqlite(db, &union))
            .all(db)
            .await?;
        let mut read: HashMap<i64, Vec<article::Model>> = HashMap::new();
        for r in rows {
            read.entry(r.category_id).or_default().push(r);
        }
        for (category, limit) in missing {
            let rows = Arc::new(read.remove(&category).unwrap_or_default());
            changes.remember_newest(generation, (category, limit, with_body), rows.clone());
            by_category.insert(category, rows);
        }
    }
    Ok(keys
        .iter()
        .map(|&key| {
            let items = by_category
                .get(&key.category_id)
                .map(|v| {
                    v.iter()
                        .filter(|a| a.id != key.article_id)
                        .take(usize::try_from(key.limit).unwrap_or(usize::MAX))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            (key, items)
        })
        .collect())
}

/// One category's page of public articles, as a list of categories shows
/// them (a home page's block per category).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CategoryPageKey {
    pub category_id: i64,
    pub include_subcategories: bool,
    pub sort: ArticleSort,
    pub page: PageRequest,
    /// Whether the caller shows their bodies.
    pub with_body: bool,
}

/// Pages of public articles of many categories in one statement, totals
/// from the per-category counts kept in memory: a list of categories with
/// their articles runs the same statements for two categories or twenty.
pub async fn pages_per_category(
    db: &DatabaseConnection,
    keys: &[CategoryPageKey],
) -> AppResult<HashMap<CategoryPageKey, Page<article::Model>>> {
    let changes = changes::of(db);
    let all = changes.categories(db).await?;
    let counts = if keys.iter().any(|k| k.page.with_total) {
        Some(changes.articles_per_category(db).await?)
    } else {
        None
    };
    let now = clock::now();
    let with_body = keys.iter().any(|k| k.with_body);
    let mut pages = HashMap::with_capacity(keys.len());
    let mut parts = Vec::new();
    for (bucket, key) in keys.iter().enumerate() {
        let members = if key.include_subcategories {
            crate::service::category::subtree(&all, key.category_id)
        } else {
            vec![key.category_id]
        };
        let total = counts.as_ref().map_or(0, |c| {
            members.iter().filter_map(|id| c.get(id)).sum::<u64>()
        });
        pages.insert(
            *key,
            Page {
                items: Vec::new(),
                total,
                page: key.page.page,
                per_page: key.page.per_page,
            },
        );
        if key.page.with_total && key.page.offset() >= total {
            continue;
        }
        let all = article::Entity::find();
        let filtered = if with_body { all } else { without_body(all) }
            .filter(public_condition(now))
            .filter(article::Column::CategoryId.is_in(members));
        let inner = publication::ordered(filtered, key.sort, false)
            .offset(key.page.offset())
            .limit(key.page.per_page)
            .into_query();
        // The bucket says which key a row answers: one article may be on
        // the pages of a category and of its parent.
        parts.push(
            Query::select()
                .column(Asterisk)
                .expr_as(
                    Expr::cust(format!("CAST({bucket} AS BIGINT)")),
                    Alias::new("bucket"),
                )
                .from_subquery(inner, Alias::new(format!("p{bucket}")))
                .to_owned(),
        );
    }
    let mut parts = parts.into_iter();
    let Some(mut union) = parts.next() else {
        return Ok(pages);
    };
    for part in parts {
        union.union(UnionType::All, part);
    }
    let rows = db.query_all_raw(sql::inline_on_sqlite(db, &union)).await?;
    for row in rows {
        let bucket: i64 = row.try_get("", "bucket")?;
        let key = usize::try_from(bucket).ok().and_then(|b| keys.get(b));
        if let Some(page) = key.and_then(|k| pages.get_mut(k)) {
            page.items
                .push(article::Model::from_query_result(&row, "")?);
        }
    }
    Ok(pages)
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
