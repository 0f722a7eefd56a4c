//! Full-text search.

use async_graphql::{Context, Object, Result};

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
        let q = SearchQuery {
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
        Ok(SearchResult {
            items,
            total_count: int(result.total),
            total_count_is_exact: found.total_exact,
            page: int(result.page),
            per_page: int(result.per_page),
            total_pages: int(reachable.div_ceil(result.per_page)),
        })
    }
}
