//! Full-text search.

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::types::search::{SearchSuggestion, SynonymGroup},
    service::search::{abbrev_groups, suggest, synonyms},
};

use crate::{
    graphql::{
        context,
        loader::Loaders,
        types::{
            common::{int, parse_opt_id},
            node::load_nodes,
            search::{SearchFilter, SearchHit, SearchResult},
            stats::ContentKind,
        },
    },
    service::{
        self,
        publication::ContentKind as Kind,
        search::{CANDIDATES, SearchQuery},
    },
};

#[derive(Default)]
pub struct SearchQueryRoot;

#[Object]
impl SearchQueryRoot {
    /// Searches published articles, videos and albums. Diacritics are
    /// optional ("van phong" finds "Văn phòng") but rank higher when typed;
    /// the last word matches as a prefix, for search-as-you-type.
    #[graphql(
        complexity = "crate::graphql::rows(per_page, 20, child_complexity) + crate::graphql::SEARCH_COST"
    )]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        kinds: Option<Vec<ContentKind>>,
        filter: Option<SearchFilter>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 20)] per_page: Option<i32>,
    ) -> Result<SearchResult> {
        let state = context::state(ctx)?;
        let page = context::page_request(ctx, page, per_page)?;
        let filter = filter.unwrap_or_default();
        let category = parse_opt_id("filter.categoryId", filter.category_id.as_ref())?;
        let category_ids = if category.is_some() || filter.category_slug.is_some() {
            let all = Loaders::all_categories(ctx).await?;
            let found = all.iter().find(|c| {
                category.is_none_or(|id| c.id == id)
                    && filter.category_slug.as_deref().is_none_or(|s| c.slug == s)
            });
            Some(match found {
                None => Vec::new(),
                Some(c) if filter.include_subcategories.unwrap_or(true) => {
                    service::category::subtree(&all, c.id)
                }
                Some(c) => vec![c.id],
            })
        } else {
            None
        };
        let synonyms = state.changes.synonyms(&state.db).await?;
        let q = SearchQuery {
            synonyms: Some(synonyms),
            include_unpublished: false,
            text: query,
            kinds: kinds.map(|k| k.into_iter().map(Kind::from).collect()),
            category_ids,
            published_after: filter.published_after,
            published_before: filter.published_before,
            page,
        };
        let found = service::search::search(&state.db, &q).await?;
        let result = found.page;
        let keys: Vec<(Kind, i64)> = result.items.iter().map(|h| (h.kind, h.item_id)).collect();
        let mut nodes = load_nodes(&state.db, &keys).await?;
        let items = result
            .items
            .iter()
            .filter_map(|h| {
                let node = nodes.remove(&(h.kind, h.item_id))?;
                Some(SearchHit {
                    score: h.score,
                    snippet: h.snippet.clone(),
                    node,
                })
            })
            .collect();
        let reachable = result.total.min(CANDIDATES as u64);
        let (corrected_query, did_you_mean) = found
            .correction
            .map_or((None, None), |c| (Some(c.query), Some(c.did_you_mean)));
        Ok(SearchResult {
            corrected_query,
            did_you_mean,
            items,
            total_count: int(result.total),
            total_count_is_exact: found.total_exact,
            page: int(result.page),
            per_page: int(result.per_page),
            total_pages: int(reachable.div_ceil(result.per_page)),
        })
    }

    /// Suggestions as a reader types (at most 20): published items whose
    /// titles hold every word typed, the last as a prefix, diacritics
    /// optional; titles that start with the words first, then the newest.
    #[graphql(complexity = "crate::graphql::rows(first, 8, child_complexity) + 20")]
    async fn search_suggest(
        &self,
        ctx: &Context<'_>,
        prefix: String,
        kinds: Option<Vec<ContentKind>>,
        #[graphql(default = 8)] first: Option<i32>,
    ) -> Result<Vec<SearchSuggestion>> {
        let state = context::state(ctx)?;
        let first = first.unwrap_or(8);
        if !(1..=suggest::MAX_FIRST as i32).contains(&first) {
            return Err(crate::error::AppError::invalid(
                "first",
                format!("first is between 1 and {}", suggest::MAX_FIRST),
            )
            .into());
        }
        let found = suggest::suggest(
            &state.db,
            &prefix,
            usize::try_from(first).unwrap_or(8),
            kinds.map(|k| k.into_iter().map(Kind::from).collect()),
        )
        .await?;
        let keys: Vec<(Kind, i64)> = found.iter().map(|s| (s.kind, s.item_id)).collect();
        let mut nodes = load_nodes(&state.db, &keys).await?;
        Ok(found
            .into_iter()
            .filter_map(|s| {
                Some(SearchSuggestion {
                    node: nodes.remove(&(s.kind, s.item_id))?,
                    highlighted: s.highlighted,
                })
            })
            .collect())
    }

    /// The site's search synonyms (editors), and with `includeBuiltIn` the
    /// abbreviations search knows by itself ("HĐND" and "hội đồng nhân
    /// dân"...), which need no group.
    async fn search_synonyms(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Some(false)")] include_built_in: Option<bool>,
    ) -> Result<Vec<SynonymGroup>> {
        let state = context::state(ctx)?;
        context::viewer(ctx).require(crate::service::access::Action::ReadUnpublished)?;
        let site = synonyms::load(&state.db).await?;
        let mut groups: Vec<SynonymGroup> = site
            .groups()
            .into_iter()
            .map(|phrases| SynonymGroup {
                phrases,
                built_in: false,
            })
            .collect();
        if include_built_in == Some(true) {
            groups.extend(abbrev_groups().into_iter().map(|phrases| SynonymGroup {
                phrases,
                built_in: true,
            }));
        }
        Ok(groups)
    }
}
