//! Vietnamese-aware full-text search over articles, videos and albums.
//!
//! Text is folded by bantin (diacritics, case, đ, NFC or NFD alike) and handed
//! to each database's own engine: FTS5 on SQLite, a weighted `tsvector` with a
//! GIN index on PostgreSQL. The engine finds and orders candidates; the best
//! of them are re-scored here (see `rank`) so both databases rank alike.

pub mod index;
mod rank;
mod terms;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Value};

pub use terms::Terms;

use super::{
    clock,
    pagination::{Page, PageRequest},
    sql::{placeholders, statement},
    visit::ContentKind,
};
use crate::error::{AppError, AppResult};

/// Candidates re-scored per query: pages reach this far into the results.
pub const CANDIDATES: usize = 300;

/// A search as a client asks it.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: String,
    pub kinds: Option<Vec<ContentKind>>,
    /// Only these categories (already expanded to sub-categories).
    pub category_ids: Option<Vec<i64>>,
    pub published_after: Option<DateTime<Utc>>,
    pub published_before: Option<DateTime<Utc>>,
    pub page: PageRequest,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: ContentKind,
    pub item_id: i64,
    pub score: f64,
    /// HTML: escaped text with `<mark>` around matched words.
    pub snippet: String,
}

/// Which candidates hold the query as a phrase (with two or more words),
/// asked of the engine in one statement.
async fn phrase_matches(
    db: &impl ConnectionTrait,
    terms: &Terms,
    rows: &[sea_orm::QueryResult],
) -> AppResult<Vec<i64>> {
    if terms.0.len() < 2 || rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.try_get::<i64>("", "id").ok())
        .collect();
    let (sql, phrase) = if db.get_database_backend() == DbBackend::Postgres {
        (
            format!(
                "SELECT id FROM search_documents WHERE fts @@ to_tsquery('simple', ?) AND id IN ({})",
                placeholders(ids.len())
            ),
            terms.tsquery_phrase(),
        )
    } else {
        (
            format!(
                "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? AND rowid IN ({})",
                placeholders(ids.len())
            ),
            terms.fts5_phrase(),
        )
    };
    let mut values = vec![Value::from(phrase)];
    values.extend(ids.iter().map(|i| Value::from(*i)));
    let found = db.query_all_raw(statement(db, &sql, values)).await?;
    Ok(found
        .iter()
        .filter_map(|r| r.try_get::<i64>("", "id").ok())
        .collect())
}

/// Runs a search over public items. `totalCount` counts every match; pages
/// reach the best [`CANDIDATES`] of them.
pub async fn search(db: &impl ConnectionTrait, q: &SearchQuery) -> AppResult<Page<Hit>> {
    let empty = |total| Page {
        items: Vec::new(),
        total,
        page: q.page.page,
        per_page: q.page.per_page,
    };
    let terms = Terms::parse(&q.text);
    if terms.is_empty() {
        return Ok(empty(0));
    }
    let now = clock::now();
    let pg = db.get_database_backend() == DbBackend::Postgres;
    // Filters shared by the count and the candidates.
    let mut filter = String::from(" AND d.status = 'published' AND d.published_at <= ?");
    let mut values: Vec<Value> = vec![now.into()];
    if let Some(kinds) = &q.kinds {
        if kinds.is_empty() {
            return Ok(empty(0));
        }
        filter.push_str(&format!(" AND d.kind IN ({})", placeholders(kinds.len())));
        values.extend(kinds.iter().map(|k| Value::from(k.as_str())));
    }
    if let Some(cats) = &q.category_ids {
        if cats.is_empty() {
            return Ok(empty(0));
        }
        filter.push_str(&format!(
            " AND d.category_id IN ({})",
            placeholders(cats.len())
        ));
        values.extend(cats.iter().map(|c| Value::from(*c)));
    }
    if let Some(t) = q.published_after {
        filter.push_str(" AND d.published_at >= ?");
        values.push(clock::truncate(t).into());
    }
    if let Some(t) = q.published_before {
        filter.push_str(" AND d.published_at < ?");
        values.push(clock::truncate(t).into());
    }
    let (from, matched, order, query_value): (&str, &str, &str, Value) = if pg {
        (
            "search_documents d",
            "d.fts @@ to_tsquery('simple', ?)",
            "ts_rank(d.fts, to_tsquery('simple', ?)) DESC",
            terms.tsquery().into(),
        )
    } else {
        (
            "search_fts JOIN search_documents d ON d.id = search_fts.rowid",
            "search_fts MATCH ?",
            "bm25(search_fts, 10.0, 4.0, 1.0)",
            terms.fts5().into(),
        )
    };
    let mut count_values = vec![query_value.clone()];
    count_values.extend(values.iter().cloned());
    let count_sql =
        format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {from} WHERE {matched}{filter}");
    let total = db
        .query_one_raw(statement(db, &count_sql, count_values))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    let total = u64::try_from(total).unwrap_or(0);
    if total == 0 || q.page.offset() >= CANDIDATES as u64 {
        return Ok(empty(total));
    }
    let mut cand_values = vec![query_value.clone()];
    cand_values.extend(values);
    if pg {
        cand_values.push(query_value);
    }
    let cand_sql = format!(
        "SELECT d.id, d.kind, d.item_id, d.title, d.summary, d.published_at FROM {from} \
         WHERE {matched}{filter} ORDER BY {order}, d.published_at DESC, d.id DESC LIMIT {CANDIDATES}"
    );
    let rows = db
        .query_all_raw(statement(db, &cand_sql, cand_values))
        .await?;
    let n = rows.len();
    let phrased = phrase_matches(db, &terms, &rows).await?;
    let mut scored = Vec::with_capacity(n);
    for (i, r) in rows.iter().enumerate() {
        let c = rank::Candidate {
            doc_id: r.try_get("", "id")?,
            title: r.try_get("", "title")?,
            summary: r.try_get("", "summary")?,
            published_at: r.try_get("", "published_at")?,
            engine_rank: i,
            phrase_anywhere: false,
        };
        let c = rank::Candidate {
            phrase_anywhere: phrased.contains(&c.doc_id),
            ..c
        };
        let kind: String = r.try_get("", "kind")?;
        let item_id: i64 = r.try_get("", "item_id")?;
        let s = rank::score(&terms, &c, n, now);
        scored.push((s, c, kind, item_id));
    }
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.published_at.cmp(&a.1.published_at))
            .then(b.1.doc_id.cmp(&a.1.doc_id))
    });
    let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
    let page: Vec<_> = scored
        .into_iter()
        .skip(offset)
        .take(usize::try_from(q.page.per_page).unwrap_or(20))
        .collect();
    // Snippets come from the bodies of this page only.
    let ids: Vec<i64> = page.iter().map(|p| p.1.doc_id).collect();
    let bodies = db
        .query_all_raw(statement(
            db,
            &format!(
                "SELECT id, body_text FROM search_documents WHERE id IN ({})",
                placeholders(ids.len())
            ),
            ids.iter().map(|i| Value::from(*i)).collect(),
        ))
        .await?;
    let body_of = |id: i64| -> String {
        bodies
            .iter()
            .find(|r| r.try_get::<i64>("", "id").ok() == Some(id))
            .and_then(|r| r.try_get::<String>("", "body_text").ok())
            .unwrap_or_default()
    };
    let items = page
        .into_iter()
        .map(|(score, c, kind, item_id)| {
            let body = body_of(c.doc_id);
            let mut snip = rank::snippet(&terms, &body);
            if !snip.contains("<mark>") {
                let alt = rank::snippet(&terms, &c.summary);
                if alt.contains("<mark>") {
                    snip = alt;
                }
            }
            Ok(Hit {
                kind: ContentKind::parse(&kind)
                    .ok_or_else(|| AppError::internal("unknown kind in search index"))?,
                item_id,
                score: (score * 1000.0).round() / 1000.0,
                snippet: snip,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page: q.page.page,
        per_page: q.page.per_page,
    })
}
