//! Search results.

use async_graphql::{ComplexObject, ID, InputObject, SimpleObject};
use chrono::{DateTime, Utc};

use super::node::SearchNode;

/// Narrows a search.
#[derive(InputObject, Default, Debug)]
pub struct SearchFilter {
    pub category_id: Option<ID>,
    pub category_slug: Option<String>,
    /// With a category: include its sub-categories too.
    #[graphql(default_with = "Some(true)")]
    pub include_subcategories: Option<bool>,
    pub published_after: Option<DateTime<Utc>>,
    pub published_before: Option<DateTime<Utc>>,
}

/// One result.
#[derive(SimpleObject, Clone, Debug)]
pub struct SearchHit {
    /// Relevance; higher is better. Only the order is meaningful.
    pub score: f64,
    /// A short excerpt as HTML: the text escaped, matched words in `<mark>`.
    pub snippet: String,
    pub node: SearchNode,
}

/// A numbered page of search results.
#[derive(SimpleObject, Debug)]
#[graphql(complex)]
pub struct SearchResult {
    pub items: Vec<SearchHit>,
    /// Matches, counted exactly up to 1,000 (see `totalCountIsExact`);
    /// pages reach the best 300.
    pub total_count: i32,
    /// `false` when there are more than 1,000 matches and `totalCount` is
    /// only a lower bound.
    pub total_count_is_exact: bool,
    pub page: i32,
    pub per_page: i32,
    pub total_pages: i32,
    /// Set when the query as typed found nothing and these results are for
    /// a spelling correction of it: the query with each corrected word
    /// replaced ("van phong thi uy" for "van phomg thi uy"). `null` when
    /// nothing was corrected.
    pub corrected_query: Option<String>,
    /// With `correctedQuery`: the corrected query as the best result writes
    /// its words ("văn phòng thị ủy"), for a "Có phải bạn muốn tìm …" line.
    pub did_you_mean: Option<String>,
}

/// A suggestion as a reader types.
#[derive(SimpleObject, Clone, Debug)]
pub struct SearchSuggestion {
    /// The title as HTML: escaped, the words typed in `<mark>`.
    pub highlighted: String,
    pub node: SearchNode,
}

/// Words or phrases search treats as one: any of them finds the others.
#[derive(SimpleObject, Clone, Debug)]
pub struct SynonymGroup {
    pub phrases: Vec<String>,
    /// One of the abbreviations search knows by itself (not editable).
    pub built_in: bool,
}

#[ComplexObject]
impl SearchResult {
    async fn has_next_page(&self) -> bool {
        self.page < self.total_pages
    }
}
