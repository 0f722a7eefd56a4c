//! Vietnamese-aware full-text search over articles, videos and albums.
//!
//! Text is folded by bantin (diacritics, case, đ, NFC or NFD alike) and handed
//! to each database's own engine: FTS5 on SQLite, a weighted `tsvector` with a
//! GIN index on PostgreSQL. The engine finds and orders candidates; the best
//! of them are re-scored here (see `rank`) so both databases rank alike.

mod abbrev;
pub mod index;
mod rank;
pub mod suggest;
pub mod synonyms;
mod terms;
mod typo;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Value};

pub use abbrev::groups as abbrev_groups;
pub use synonyms::Synonyms;
pub use terms::Terms;
pub use typo::Correction;

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
    /// Also drafts, scheduled and archived items: for editors' lists, whose
    /// own query then decides what the viewer may see. Readers' searches
    /// never set it.
    pub include_unpublished: bool,
    pub page: PageRequest,
    /// The site's synonyms, when the caller holds them (read here if not).
    pub synonyms: Option<std::sync::Arc<Synonyms>>,
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
    if terms.len() < 2 || ids.is_empty() {
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
    /// Set when the query as typed found nothing and these results are for
    /// a spelling correction of it.
    pub correction: Option<Correction>,
}

/// Runs a search over public items. Pages reach the best [`CANDIDATES`].
pub async fn search(db: &impl ConnectionTrait, q: &SearchQuery) -> AppResult<SearchPage> {
    let result = |items, total, total_exact| SearchPage {
        page: Page {
            items,
            total,
            page: q.page.page,
            per_page: q.page.per_page,
        },
        total_exact,
        correction: None,
    };
    let started = std::time::Instant::now();
    let mut terms = Terms::parse(&q.text);
    match &q.synonyms {
        Some(s) => s.expand(&mut terms),
        None if !terms.is_empty() => synonyms::load(db).await?.expand(&mut terms),
        None => {}
    }
    abbrev::expand(&mut terms);
    let now = clock::now();
    let pg = db.get_database_backend() == DbBackend::Postgres;
    let Some(mut plan) = Plan::new(pg, &terms, q, now) else {
        return Ok(result(Vec::new(), 0, true));
    };
    let mut counted = plan.count(db).await?;
    let mut corrected = false;
    if counted == 0
        && let Some(better) =
            typo::correct(db, &terms, &unmatched(db, pg, &terms, q, now).await?).await?
        && let Some(better_plan) = Plan::new(pg, &better, q, now)
    {
        let found = better_plan.count(db).await?;
        if found > 0 {
            (terms, plan, counted, corrected) = (better, better_plan, found, true);
        }
    }
    let (total, total_exact) = (counted.min(COUNT_CAP), counted <= COUNT_CAP);
    let t_count = started.elapsed();
    if total == 0 || q.page.offset() >= CANDIDATES as u64 {
        return Ok(result(Vec::new(), total, total_exact));
    }
    // `counted` may exceed the cap by one: that means "more".
    let small = counted <= RANK_CAP;
    let rows = plan.candidates(db, small).await?;
    let n = rows.len();
    let t_candidates = started.elapsed();
    let scored = score_all(db, &terms, &rows, small, now).await?;
    let t_scored = started.elapsed();
    let correction = match scored.first() {
        Some(best) if corrected => {
            let texts = texts_of(db, &[best.1.doc_id], true).await?;
            let (title, summary, body) = texts.get(&best.1.doc_id).cloned().unwrap_or_default();
            Some(typo::explain(&terms, &[&title, &summary, &body]))
        }
        _ => None,
    };
    let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
    let page: Vec<_> = scored
        .into_iter()
        .skip(offset)
        .take(usize::try_from(q.page.per_page).unwrap_or(20))
        .collect();
    let items = hits(db, &terms, page).await?;
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
        correction,
        ..result(items, total, total_exact)
    })
}

/// The words of a query (without alternatives) that, alone, match nothing
/// this search may show.
async fn unmatched(
    db: &impl ConnectionTrait,
    pg: bool,
    terms: &Terms,
    q: &SearchQuery,
    now: DateTime<Utc>,
) -> AppResult<Vec<usize>> {
    let mut out = Vec::new();
    for (i, t) in terms.words.iter().enumerate() {
        if terms.covered(i, 1) {
            continue;
        }
        let alone = if terms.is_prefix(i) {
            Terms {
                words: vec![t.clone()],
                ..Terms::default()
            }
        } else {
            Terms::whole_word(t)
        };
        if let Some(plan) = Plan::new(pg, &alone, q, now)
            && !plan.any(db).await?
        {
            out.push(i);
        }
    }
    Ok(out)
}

/// The statements of one search on one engine: what matches, how the engine
/// ranks, and the filters (with their values) shared by count and candidates.
struct Plan {
    from: &'static str,
    matched: &'static str,
    rank: &'static str,
    newest: &'static str,
    /// The engine query for all terms anywhere, and for all in the title.
    all: Value,
    title: Value,
    filter: String,
    values: Vec<Value>,
    pg: bool,
}

impl Plan {
    /// `None` when the search can match nothing (no words, no kinds...).
    fn new(pg: bool, terms: &Terms, q: &SearchQuery, now: DateTime<Utc>) -> Option<Plan> {
        if terms.is_empty() {
            return None;
        }
        let (mut filter, mut values) = if q.include_unpublished {
            (String::new(), Vec::new())
        } else {
            (
                format!(" AND {}", publication::public_sql("d")),
                vec![Value::from(now)],
            )
        };
        if let Some(kinds) = &q.kinds {
            if kinds.is_empty() {
                return None;
            }
            filter.push_str(&format!(" AND d.kind IN ({})", placeholders(kinds.len())));
            values.extend(kinds.iter().map(|k| Value::from(k.as_str())));
        }
        if let Some(cats) = &q.category_ids {
            if cats.is_empty() {
                return None;
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
        Some(if pg {
            Plan {
                from: "search_documents d",
                matched: "d.fts @@ to_tsquery('simple', ?)",
                rank: "ts_rank(d.fts, to_tsquery('simple', ?)) DESC",
                newest: "d.id DESC",
                all: Value::from(terms.tsquery()),
                title: Value::from(terms.tsquery_title()),
                filter,
                values,
                pg,
            }
        } else {
            Plan {
                // CROSS JOIN keeps the full-text table as the outer loop.
                from: "search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid",
                matched: "search_fts MATCH ?",
                // Other forms of abbreviations count least.
                rank: "bm25(search_fts, 10.0, 4.0, 1.0, 0.5)",
                // FTS5 walks its doclists backwards and stops at the limit.
                newest: "search_fts.rowid DESC",
                all: Value::from(terms.fts5()),
                title: Value::from(terms.fts5_title()),
                filter,
                values,
                pg,
            }
        })
    }

    /// The values of a statement: the engine query, the filters', then
    /// `extra` (the rank's own copy of the query on PostgreSQL).
    fn with(&self, query: &Value, extra: Option<&Value>) -> Vec<Value> {
        let mut v = vec![query.clone()];
        v.extend(self.values.iter().cloned());
        v.extend(extra.cloned());
        v
    }

    /// Whether anything matches.
    async fn any(&self, db: &impl ConnectionTrait) -> AppResult<bool> {
        let sql = format!(
            "SELECT 1 AS one FROM {} WHERE {}{} LIMIT 1",
            self.from, self.matched, self.filter
        );
        Ok(db
            .query_one_raw(statement(db, &sql, self.with(&self.all, None)))
            .await?
            .is_some())
    }

    /// Matches, counted up to one past [`COUNT_CAP`].
    async fn count(&self, db: &impl ConnectionTrait) -> AppResult<u64> {
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT 1 FROM {} WHERE {}{} LIMIT {}) AS matches",
            self.from,
            self.matched,
            self.filter,
            COUNT_CAP + 1
        );
        Ok(db
            .query_one_raw(statement(db, &sql, self.with(&self.all, None)))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
    }

    fn select(&self, order: &str, limit: usize) -> String {
        format!(
            "SELECT d.id, d.kind, d.item_id, d.published_at FROM {} WHERE {}{} ORDER BY {order} LIMIT {limit}",
            self.from, self.matched, self.filter
        )
    }

    /// The rows to re-score: with few matches, the engine's best; with many
    /// (a very common word), the newest title matches and the newest matches,
    /// which costs the same however many documents match.
    async fn candidates(
        &self,
        db: &impl ConnectionTrait,
        small: bool,
    ) -> AppResult<Vec<sea_orm::QueryResult>> {
        if small {
            let sql = self.select(
                &format!("{}, d.published_at DESC, d.id DESC", self.rank),
                CANDIDATES,
            );
            let extra = self.pg.then_some(&self.all);
            return Ok(db
                .query_all_raw(statement(db, &sql, self.with(&self.all, extra)))
                .await?);
        }
        let title_rows = db
            .query_all_raw(statement(
                db,
                &self.select(self.newest, CANDIDATES * 2 / 3),
                self.with(&self.title, None),
            ))
            .await?;
        let recent = db
            .query_all_raw(statement(
                db,
                &self.select(self.newest, CANDIDATES / 3),
                self.with(&self.all, None),
            ))
            .await?;
        let mut seen = std::collections::HashSet::new();
        let mut rows = Vec::new();
        for r in title_rows.into_iter().chain(recent) {
            if seen.insert(r.try_get::<i64>("", "id")?) {
                rows.push(r);
            }
        }
        Ok(rows)
    }
}

/// A candidate with its score, kind and item id.
type Scored = (f64, rank::Candidate, String, i64);

/// Scores the candidates, best first (newest, then highest id, among equals).
async fn score_all(
    db: &impl ConnectionTrait,
    terms: &Terms,
    rows: &[sea_orm::QueryResult],
    small: bool,
    now: DateTime<Utc>,
) -> AppResult<Vec<Scored>> {
    let n = rows.len();
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?;
    let texts = texts_of(db, &ids, false).await?;
    let phrased = if small {
        phrase_matches(db, terms, &ids).await?
    } else {
        Vec::new()
    };
    let other_forms = rank::other_forms_possible(terms);
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
        let s = rank::score(terms, &c, n, now, other_forms);
        scored.push((s, c, kind, item_id));
    }
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.published_at.cmp(&a.1.published_at))
            .then(b.1.doc_id.cmp(&a.1.doc_id))
    });
    Ok(scored)
}

/// The hits of one page, with snippets from their bodies (or summaries).
async fn hits(db: &impl ConnectionTrait, terms: &Terms, page: Vec<Scored>) -> AppResult<Vec<Hit>> {
    let bodies = texts_of(
        db,
        &page.iter().map(|p| p.1.doc_id).collect::<Vec<_>>(),
        true,
    )
    .await?;
    page.into_iter()
        .map(|(score, c, kind, item_id)| {
            let body = bodies
                .get(&c.doc_id)
                .map(|t| t.2.as_str())
                .unwrap_or_default();
            let mut snip = rank::snippet(terms, body);
            if !snip.contains("<mark>") {
                let alt = rank::snippet(terms, &c.summary);
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
        .collect()
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
