//! What feeds and sitemaps list: the newest public articles (of the site or
//! of one section), and every public item in pages of at most
//! [`SITEMAP_LIMIT`] addresses. Rendering (RSS, Atom, sitemap XML) is the
//! HTTP layer's.

use chrono::{DateTime, Utc};
use entity::{article, category};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Value};

use super::{
    access::Viewer,
    article::{ArticleFilter, ArticleSort},
    changes,
    pagination::PageRequest,
    publication::{self, ContentKind},
    sql::statement,
};
use crate::{clock, error::AppResult};

/// Items in a feed.
pub const FEED_ITEMS: u64 = 50;
/// Addresses in one sitemap file (the sitemap protocol's limit).
pub const SITEMAP_LIMIT: u64 = 50_000;

/// A feed's section (none for the whole site) and its newest articles.
pub struct Feed {
    pub category: Option<category::Model>,
    pub articles: Vec<article::Model>,
    /// Every category, for the items' section names.
    pub categories: std::sync::Arc<Vec<category::Model>>,
}

/// The newest public articles, of the section `category_slug` (and its
/// sub-sections) when given; `None` when no such section exists.
pub async fn latest(
    db: &DatabaseConnection,
    category_slug: Option<&str>,
) -> AppResult<Option<Feed>> {
    let categories = changes::of(db).categories(db).await?;
    let category = match category_slug {
        Some(slug) => match categories.iter().find(|c| c.slug == slug) {
            Some(c) => Some(c.clone()),
            None => return Ok(None),
        },
        None => None,
    };
    let filter = ArticleFilter {
        category_id: category.as_ref().map(|c| c.id),
        include_subcategories: true,
        skip_body: true,
        ..Default::default()
    };
    let page = PageRequest {
        page: 1,
        per_page: FEED_ITEMS,
        with_total: false,
    };
    let articles =
        super::article::list(db, &Viewer::Anonymous, &filter, ArticleSort::Newest, page).await?;
    Ok(Some(Feed {
        category,
        articles: articles.items,
        categories,
    }))
}

/// One address of a sitemap: the item's slug and id, and when it last changed.
#[derive(Debug, Clone)]
pub struct Entry {
    pub slug: String,
    pub id: i64,
    pub updated_at: DateTime<Utc>,
}

/// One file of the sitemap index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `articles-2026-11`, `videos`...; with `page` > 1, `-2`, `-3` follow.
    pub name: String,
    pub page: u64,
    pub last_modified: DateTime<Utc>,
}

fn month_sql(db: &impl ConnectionTrait, column: &str) -> String {
    if db.get_database_backend() == DbBackend::Postgres {
        format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')")
    } else {
        // Stored as text starting `YYYY-MM-DD`.
        format!("substr({column}, 1, 7)")
    }
}

/// The files of the sitemap: articles by month of publication, then one
/// series per other kind and the sections; empty ones are left out.
pub async fn parts(db: &DatabaseConnection) -> AppResult<Vec<Part>> {
    let now = clock::now();
    let mut parts = Vec::new();
    let month = month_sql(db, "t.published_at");
    let sql = format!(
        "SELECT {month} AS m, CAST(COUNT(*) AS BIGINT) AS n, MAX(t.updated_at) AS last \
         FROM articles t WHERE {} GROUP BY {month} ORDER BY m DESC",
        publication::public_sql("t")
    );
    for row in db
        .query_all_raw(statement(db, &sql, vec![now.into()]))
        .await?
    {
        let m: String = row.try_get("", "m")?;
        let n: i64 = row.try_get("", "n")?;
        let last: DateTime<Utc> = row.try_get("", "last")?;
        push_pages(&mut parts, &format!("articles-{m}"), n, last);
    }
    for kind in [
        ContentKind::Document,
        ContentKind::Video,
        ContentKind::Gallery,
        ContentKind::Page,
    ] {
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, MAX(t.updated_at) AS last FROM {} t WHERE {}",
            kind.table(),
            publication::public_sql("t")
        );
        if let Some(row) = db
            .query_one_raw(statement(db, &sql, vec![now.into()]))
            .await?
        {
            let n: i64 = row.try_get("", "n")?;
            if let Some(last) = row.try_get::<Option<DateTime<Utc>>>("", "last")? {
                push_pages(&mut parts, kind.table(), n, last);
            }
        }
    }
    let categories = changes::of(db).categories(db).await?;
    if let Some(last) = categories.iter().map(|c| c.updated_at).max() {
        let n = i64::try_from(categories.len()).unwrap_or(i64::MAX);
        push_pages(&mut parts, "categories", n, last);
    }
    Ok(parts)
}

fn push_pages(parts: &mut Vec<Part>, name: &str, count: i64, last: DateTime<Utc>) {
    let count = u64::try_from(count).unwrap_or(0);
    for page in 1..=count.div_ceil(SITEMAP_LIMIT) {
        parts.push(Part {
            name: name.to_owned(),
            page,
            last_modified: last,
        });
    }
}

/// The addresses of one sitemap file, by its name and page; `None` for a
/// name no file has.
pub async fn entries(
    db: &DatabaseConnection,
    name: &str,
    page: u64,
) -> AppResult<Option<Vec<Entry>>> {
    let now = clock::now();
    let offset = page.saturating_sub(1).saturating_mul(SITEMAP_LIMIT);
    let (sql, values): (String, Vec<Value>) = if let Some(m) = name.strip_prefix("articles-") {
        let ok = m.len() == 7
            && m.bytes().enumerate().all(|(i, b)| {
                if i == 4 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !ok {
            return Ok(None);
        }
        (
            format!(
                "SELECT t.slug, t.id, t.updated_at FROM articles t WHERE {} AND {} = ? \
                 ORDER BY t.published_at DESC, t.id DESC LIMIT {SITEMAP_LIMIT} OFFSET {offset}",
                publication::public_sql("t"),
                month_sql(db, "t.published_at")
            ),
            vec![now.into(), m.into()],
        )
    } else if name == "categories" {
        (
            format!(
                "SELECT t.slug, t.id, t.updated_at FROM categories t \
                 ORDER BY t.id LIMIT {SITEMAP_LIMIT} OFFSET {offset}"
            ),
            Vec::new(),
        )
    } else {
        let Some(kind) = [
            ContentKind::Document,
            ContentKind::Video,
            ContentKind::Gallery,
            ContentKind::Page,
        ]
        .into_iter()
        .find(|k| k.table() == name) else {
            return Ok(None);
        };
        (
            format!(
                "SELECT t.slug, t.id, t.updated_at FROM {} t WHERE {} \
                 ORDER BY t.id LIMIT {SITEMAP_LIMIT} OFFSET {offset}",
                kind.table(),
                publication::public_sql("t")
            ),
            vec![now.into()],
        )
    };
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    let entries = rows
        .iter()
        .map(|r| {
            Ok(Entry {
                slug: r.try_get("", "slug")?,
                id: r.try_get("", "id")?,
                updated_at: r.try_get("", "updated_at")?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Some(entries))
}
