//! Recording visits, and carrying totals over from a previous system.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        context,
        mutation::ClientAddr,
        types::{
            common::{Count, parse_id},
            stats::{ContentKind, SiteStats},
        },
    },
    service::visit::{Hit, stats},
};

/// The client's `User-Agent`, as the HTTP layer saw it.
#[derive(Debug, Clone)]
pub struct UserAgent(pub Option<String>);

#[derive(Default)]
pub struct VisitMutation;

#[Object]
impl VisitMutation {
    /// Counts a page view (public). With `kind` and `id` (or the shorthand
    /// `articleId`) it also counts toward that item's `viewCount`. Returns
    /// `false` when the client is a known bot, which is not counted.
    async fn record_visit(
        &self,
        ctx: &Context<'_>,
        path: String,
        kind: Option<ContentKind>,
        id: Option<ID>,
        article_id: Option<ID>,
        visitor_id: Option<String>,
    ) -> Result<bool> {
        let state = context::state(ctx)?;
        let item = match (kind, id, article_id) {
            (_, _, Some(a)) => Some((ContentKind::Article.into(), parse_id("articleId", &a)?)),
            (Some(k), Some(id), None) => Some((k.into(), parse_id("id", &id)?)),
            (None, None, None) => None,
            _ => return Err(AppError::invalid("kind", "give kind and id together").into()),
        };
        let hit = Hit {
            path: &path,
            item,
            visitor_id: visitor_id.as_deref(),
            client_addr: ctx.data_opt::<ClientAddr>().map(|c| c.0.as_str()),
            user_agent: ctx.data_opt::<UserAgent>().and_then(|u| u.0.as_deref()),
        };
        Ok(state.visits.record(&state.db, hit).await?)
    }

    /// Sets the counters to read these numbers now (admins), so a site moving
    /// to bantin keeps its history; later visits add to them.
    async fn set_visit_totals(
        &self,
        ctx: &Context<'_>,
        all_time: Option<Count>,
        this_year: Option<Count>,
        this_month: Option<Count>,
        today: Option<Count>,
    ) -> Result<SiteStats> {
        let state = context::state(ctx)?;
        let totals = stats::Totals {
            all_time: all_time.map(|c| c.0),
            this_year: this_year.map(|c| c.0),
            this_month: this_month.map(|c| c.0),
            today: today.map(|c| c.0),
        };
        let viewer = context::viewer(ctx);
        Ok(SiteStats(
            stats::set_totals(&state.db, &state.visits, viewer, totals).await?,
        ))
    }
}
