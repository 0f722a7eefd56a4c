//! Counters and "most read".

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::{
        context,
        types::{
            article::Article,
            common::Count,
            node::SearchNode,
            stats::{ContentKind, SiteStats, ViewPeriod, ViewedItem},
        },
    },
    service::{self, clock, visit::stats},
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
        let ids: Vec<i64> = top.iter().map(|(id, _)| *id).collect();
        let nodes: Vec<SearchNode> = match kind {
            ContentKind::Article => service::article::by_ids(&state.db, &ids)
                .await?
                .into_iter()
                .map(|a| SearchNode::Article(Article(a)))
                .collect(),
            ContentKind::Video | ContentKind::Gallery => Vec::new(),
        };
        Ok(top
            .into_iter()
            .zip(nodes)
            .map(|((_, views), node)| ViewedItem {
                views: Count(views),
                node,
            })
            .collect())
    }
}
