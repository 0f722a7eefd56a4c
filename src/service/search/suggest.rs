//! Suggestions as a reader types: titles of public items whose words start
//! with what was typed, diacritics optional ("van pho" suggests "Văn phòng
//! Thị ủy …"). The engine walks its title index newest first and stops
//! after a small pool, so the cost does not grow with the number of items;
//! the pool is then ordered by how well each title fits.

use sea_orm::{ConnectionTrait, DbBackend};

use super::{Plan, SearchQuery, Synonyms, Terms, rank, texts_of};
use crate::{
    clock,
    error::{AppError, AppResult},
    service::{pagination::PageRequest, publication::ContentKind, sql::statement},
};

/// Titles read per suggestion request.
const POOL: usize = 40;
/// Most suggestions one request returns.
pub const MAX_FIRST: usize = 20;

/// One suggestion.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub kind: ContentKind,
    pub item_id: i64,
    /// HTML: the title escaped, the typed words in `<mark>`.
    pub highlighted: String,
}

/// Up to `first` public items whose titles hold every word typed (the last
/// as a prefix), best fit first, then newest.
///
/// # Errors
/// The database fails.
pub async fn suggest(
    db: &impl ConnectionTrait,
    prefix: &str,
    first: usize,
    kinds: Option<Vec<ContentKind>>,
) -> AppResult<Vec<Suggestion>> {
    let terms = Terms::parse(prefix);
    let q = SearchQuery {
        text: prefix.to_owned(),
        kinds,
        category_ids: None,
        published_after: None,
        published_before: None,
        include_unpublished: false,
        page: PageRequest {
            page: 1,
            per_page: POOL as u64,
            with_total: false,
        },
        // Suggestions complete titles as written: no synonyms.
        synonyms: Some(std::sync::Arc::new(Synonyms::default())),
    };
    let pg = db.get_database_backend() == DbBackend::Postgres;
    let Some(plan) = Plan::new(pg, &terms, &q, clock::now()) else {
        return Ok(Vec::new());
    };
    let rows = db
        .query_all_raw(statement(
            db,
            &plan.select(plan.newest, POOL),
            plan.with(&plan.title, None),
        ))
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for r in &rows {
        found.push((
            r.try_get::<i64>("", "id")?,
            r.try_get::<String>("", "kind")?,
            r.try_get::<i64>("", "item_id")?,
        ));
    }
    let ids: Vec<i64> = found.iter().map(|f| f.0).collect();
    let texts = texts_of(db, &ids, false).await?;
    let mut scored = Vec::with_capacity(found.len());
    for (id, kind, item_id) in found {
        let title = texts.get(&id).map(|t| t.0.as_str()).unwrap_or_default();
        let kind = ContentKind::parse(&kind)
            .ok_or_else(|| AppError::internal("unknown kind in search index"))?;
        scored.push((
            rank::title_fit(&terms, title),
            Suggestion {
                kind,
                item_id,
                highlighted: rank::highlight(&terms, title),
            },
        ));
    }
    // Stable: among equal fits the engine's order, newest first, stays.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(scored
        .into_iter()
        .take(first.min(MAX_FIRST))
        .map(|(_, s)| s)
        .collect())
}
