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
    pagination::{Page, PageRequest},
    publication,
    publication::ContentKind,
    sql::{placeholders, statement},
};
use crate::{
    clock,
    error::{AppError, AppResult},
};

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
    ids: &[i64],
) -> AppResult<Vec<i64>> {
    if terms.0.len() < 2 || ids.is_empty() {
        return Ok(Vec::new());
    }
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

/// Matches are counted exactly up to this many; beyond it the count is
/// reported as a lower bound (as large search engines do).
pub const COUNT_CAP: u64 = 1_000;
/// Up to this many matches the engine's own relevance picks the candidates;
/// beyond it (a very common word), the newest title matches and the newest
/// matches do, which costs the same however many documents match.
const RANK_CAP: u64 = 1_000;

/// A page of results with how sure the total is.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub page: Page<Hit>,
    /// `false` when there are more than [`COUNT_CAP`] matches.
    pub total_exact: bool,
}

/// Runs a search over public items. Pages reach the best [`CANDIDATES`].
pub async fn search(db: &impl ConnectionTrait, q: &SearchQuery) -> AppResult<SearchPage> {
    let empty = |total, total_exact| SearchPage {
        page: Page {
            items: Vec::new(),
            total,
            page: q.page.page,
            per_page: q.page.per_page,
        },
        total_exact,
    };
    let started = std::time::Instant::now();
    let terms = Terms::parse(&q.text);
    if terms.is_empty() {
        return Ok(empty(0, true));
    }
    let now = clock::now();
    let pg = db.get_database_backend() == DbBackend::Postgres;
    // Filters shared by the count and the candidates.
    let mut filter = format!(" AND {}", publication::public_sql("d"));
    let mut values: Vec<Value> = vec![now.into()];
    if let Some(kinds) = &q.kinds {
        if kinds.is_empty() {
            return Ok(empty(0, true));
        }
        filter.push_str(&format!(" AND d.kind IN ({})", placeholders(kinds.len())));
        values.extend(kinds.iter().map(|k| Value::from(k.as_str())));
    }
    if let Some(cats) = &q.category_ids {
        if cats.is_empty() {
            return Ok(empty(0, true));
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
    // SQLite: CROSS JOIN keeps the full-text table as the outer loop.
    let (from, matched, rank, newest, all, title) = if pg {
        (
            "search_documents d",
            "d.fts @@ to_tsquery('simple', ?)",
            "ts_rank(d.fts, to_tsquery('simple', ?)) DESC",
            "d.id DESC",
            Value::from(terms.tsquery()),
            Value::from(terms.tsquery_title()),
        )
    } else {
        (
            "search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid",
            "search_fts MATCH ?",
            "bm25(search_fts, 10.0, 4.0, 1.0)",
            // FTS5 walks its doclists backwards and stops at the limit.
            "search_fts.rowid DESC",
            Value::from(terms.fts5()),
            Value::from(terms.fts5_title()),
        )
    };
    let with = |query: &Value, extra: Option<&Value>| {
        let mut v = vec![query.clone()];
        v.extend(values.iter().cloned());
        v.extend(extra.cloned());
        v
    };
    let count_sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT 1 FROM {from} WHERE {matched}{filter} LIMIT {}) AS matches",
        COUNT_CAP + 1
    );
    let counted = db
        .query_one_raw(statement(db, &count_sql, with(&all, None)))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .map_or(0, |n| u64::try_from(n).unwrap_or(0));
    let (total, total_exact) = (counted.min(COUNT_CAP), counted <= COUNT_CAP);
    let t_count = started.elapsed();
    if total == 0 || q.page.offset() >= CANDIDATES as u64 {
        return Ok(empty(total, total_exact));
    }
    let select = |order: &str, limit: usize| {
        format!(
            "SELECT d.id, d.kind, d.item_id, d.published_at FROM {from} WHERE {matched}{filter} ORDER BY {order} LIMIT {limit}"
        )
    };
    let mut rows = Vec::new();
    // `counted` may exceed the cap by one: that means "more".
    let small = counted <= RANK_CAP;
    if small {
        let sql = select(
            &format!("{rank}, d.published_at DESC, d.id DESC"),
            CANDIDATES,
        );
        let extra = pg.then_some(&all);
        rows = db
            .query_all_raw(statement(db, &sql, with(&all, extra)))
            .await?;
    } else {
        let title_rows = db
            .query_all_raw(statement(
                db,
                &select(newest, CANDIDATES * 2 / 3),
                with(&title, None),
            ))
            .await?;
        let recent = db
            .query_all_raw(statement(
                db,
                &select(newest, CANDIDATES / 3),
                with(&all, None),
            ))
            .await?;
        let mut seen = std::collections::HashSet::new();
        for r in title_rows.into_iter().chain(recent) {
            if seen.insert(r.try_get::<i64>("", "id")?) {
                rows.push(r);
            }
        }
    }
    let n = rows.len();
    let t_candidates = started.elapsed();
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?;
    let texts = texts_of(db, &ids, false).await?;
    let phrased = if small {
        phrase_matches(db, &terms, &ids).await?
    } else {
        Vec::new()
    };
    let mut scored = Vec::with_capacity(n);
    for (i, r) in rows.iter().enumerate() {
        let id: i64 = r.try_get("", "id")?;
        let (title, summary, _) = texts.get(&id).cloned().unwrap_or_default();
        let c = rank::Candidate {
            doc_id: id,
            title,
            summary,
            published_at: r.try_get("", "published_at")?,
            engine_rank: i,
            phrase_anywhere: phrased.contains(&id),
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
    let t_scored = started.elapsed();
    let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
    let page: Vec<_> = scored
        .into_iter()
        .skip(offset)
        .take(usize::try_from(q.page.per_page).unwrap_or(20))
        .collect();
    // Snippets come from the bodies of this page only.
    let bodies = texts_of(
        db,
        &page.iter().map(|p| p.1.doc_id).collect::<Vec<_>>(),
        true,
    )
    .await?;
    let items = page
        .into_iter()
        .map(|(score, c, kind, item_id)| {
            let body = bodies
                .get(&c.doc_id)
                .map(|t| t.2.as_str())
                .unwrap_or_default();
            let mut snip = rank::snippet(&terms, body);
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
    tracing::debug!(
        candidates = n,
        total,
        t_count = ?t_count,
        t_candidates = ?t_candidates,
        t_scored = ?t_scored,
        t_done = ?started.elapsed(),
        "search"
    );
    Ok(SearchPage {
        page: Page {
            items,
            total,
            page: q.page.page,
            per_page: q.page.per_page,
        },
        total_exact,
    })
}

/// (title, summary, body) of documents; the body only when asked for.
async fn texts_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
    with_body: bool,
) -> AppResult<std::collections::HashMap<i64, (String, String, String)>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let body = if with_body {
        "body_text"
    } else {
        "'' AS body_text"
    };
    let sql = format!(
        "SELECT id, title, summary, {body} FROM search_texts WHERE id IN ({})",
        placeholders(ids.len())
    );
    let rows = db
        .query_all_raw(statement(
            db,
            &sql,
            ids.iter().map(|i| Value::from(*i)).collect(),
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<i64>("", "id")?,
                (
                    r.try_get("", "title")?,
                    r.try_get("", "summary")?,
                    r.try_get("", "body_text")?,
                ),
            ))
        })
        .collect()
}
