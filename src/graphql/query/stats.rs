//! Counters and "most read".

use async_graphql::{Context, Object, Result};

use crate::{
    clock,
    graphql::{
        context,
        types::{
            common::Count,
            node::load_nodes,
            stats::{ContentKind, SiteStats, ViewPeriod, ViewedItem},
        },
    },
    service::{publication::ContentKind as Kind, visit::stats},
};

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Visit counters for the footer: today, this month, this year, all time, online.
    async fn site_stats(&self, ctx: &Context<'_>) -> Result<SiteStats> {
        let state = context::state(ctx)?;
        Ok(SiteStats(
            stats::site_stats(&state.db, &state.visits, clock::now()).await?,
        ))
    }

    /// The most viewed public items of a kind, most first ("most read" boxes).
    #[graphql(complexity = "crate::graphql::rows(limit, 5, child_complexity)")]
    async fn most_viewed(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Some(ContentKind::Article)")] kind: Option<ContentKind>,
        #[graphql(default_with = "Some(ViewPeriod::Week)")] period: Option<ViewPeriod>,
        #[graphql(default = 5, validator(minimum = 1, maximum = 50))] limit: Option<i32>,
    ) -> Result<Vec<ViewedItem>> {
        let state = context::state(ctx)?;
        let kind = kind.unwrap_or(ContentKind::Article);
        let limit = u64::try_from(limit.unwrap_or(5)).unwrap_or(5);
        let period = period.unwrap_or(ViewPeriod::Week).into();
        let top = stats::most_viewed(&state.db, &state.visits, kind.into(), period, limit).await?;
        let k: Kind = kind.into();
        let keys: Vec<(Kind, i64)> = top.iter().map(|(id, _)| (k, *id)).collect();
        let mut nodes = load_nodes(&state.db, &keys).await?;
        Ok(top
            .into_iter()
            .filter_map(|(id, views)| {
                let node = nodes.remove(&(k, id))?;
                Some(ViewedItem {
                    views: Count(views),
                    node,
                })
            })
            .collect())
    }
}
