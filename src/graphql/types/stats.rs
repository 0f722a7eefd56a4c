//! Visit counters as clients read them.

use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use chrono::NaiveDate;

use super::{common::Count, node::SearchNode};
use crate::{
    graphql::context,
    service::{publication::ContentKind as Kind, visit::stats},
};

/// What a visit, a view count or a search hit is about.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ContentKind {
    Article,
    Video,
    Gallery,
    /// An official document.
    Document,
    /// A static page.
    Page,
}

impl From<ContentKind> for Kind {
    fn from(k: ContentKind) -> Self {
        match k {
            ContentKind::Article => Kind::Article,
            ContentKind::Video => Kind::Video,
            ContentKind::Gallery => Kind::Gallery,
            ContentKind::Document => Kind::Document,
            ContentKind::Page => Kind::Page,
        }
    }
}

/// Windows for "most viewed", ending today in the site's time zone.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ViewPeriod {
    /// Today.
    Day,
    /// The last 7 days.
    Week,
    /// The last 30 days.
    Month,
    /// The last 365 days.
    Year,
    /// All time.
    All,
}

impl From<ViewPeriod> for stats::Period {
    fn from(p: ViewPeriod) -> Self {
        match p {
            ViewPeriod::Day => Self::Day,
            ViewPeriod::Week => Self::Week,
            ViewPeriod::Month => Self::Month,
            ViewPeriod::Year => Self::Year,
            ViewPeriod::All => Self::All,
        }
    }
}

/// Public visit counters. Periods are the site's calendar (`BANTIN_TIMEZONE`);
/// hits show up within one flush interval (a second by default).
pub struct SiteStats(pub stats::SiteStats);

#[Object]
impl SiteStats {
    /// Visits since local midnight.
    async fn today(&self) -> Count {
        Count(self.0.today)
    }

    /// Visits since the 1st of this month.
    async fn this_month(&self) -> Count {
        Count(self.0.this_month)
    }

    /// Visits since 1 January.
    async fn this_year(&self) -> Count {
        Count(self.0.this_year)
    }

    /// All visits, including the totals carried over from a previous system.
    async fn all_time(&self) -> Count {
        Count(self.0.all_time)
    }

    /// Distinct visitors in the last five minutes.
    async fn online(&self) -> Count {
        Count(self.0.online)
    }

    /// Visits per local day from `from` to `to` (inclusive, at most 366 days).
    async fn daily(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DailyVisits>> {
        let db = context::db(ctx)?;
        Ok(stats::daily(db, from, to)
            .await?
            .into_iter()
            .map(|(date, n)| DailyVisits {
                date,
                visits: Count(n),
            })
            .collect())
    }
}

/// One day of a visits chart.
#[derive(SimpleObject, Clone, Debug)]
pub struct DailyVisits {
    pub date: NaiveDate,
    pub visits: Count,
}

/// An item of a "most read" box.
#[derive(SimpleObject, Clone, Debug)]
pub struct ViewedItem {
    /// Views in the period asked for.
    pub views: Count,
    pub node: SearchNode,
}
