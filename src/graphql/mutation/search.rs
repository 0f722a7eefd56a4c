//! Search settings (admins).

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::{context, types::search::SynonymGroup},
    service::search::synonyms,
};

#[derive(Default)]
pub struct SearchMutation;

#[Object]
impl SearchMutation {
    /// Replaces the site's search synonyms (admins): each group lists words
    /// or phrases (2 to 20, of up to 6 words) that find each other, and a
    /// phrase belongs to one group. Takes effect with the next search; no
    /// reindex. Returns the groups as stored.
    async fn set_search_synonyms(
        &self,
        ctx: &Context<'_>,
        groups: Vec<Vec<String>>,
    ) -> Result<Vec<SynonymGroup>> {
        let state = context::state(ctx)?;
        let stored = synonyms::replace(&state.db, context::viewer(ctx), groups).await?;
        Ok(stored
            .groups()
            .into_iter()
            .map(|phrases| SynonymGroup {
                phrases,
                built_in: false,
            })
            .collect())
    }
}
