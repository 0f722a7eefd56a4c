//! Live updates: public changes as they are logged, and the visit counters.
//! Served over WebSocket (`/graphql/ws`) and Server-Sent Events (`/graphql`
//! with `Accept: text/event-stream`); see `http::live`.

use std::{collections::VecDeque, sync::Arc};

use async_graphql::{Context, Result, Subscription};
use futures_util::{Stream, StreamExt, stream};
use sea_orm::DatabaseConnection;
use tokio::sync::{broadcast, watch};

use crate::{
    graphql::{
        context,
        types::{
            change::{Change, ChangeKind, present},
            stats::SiteStats,
        },
    },
    service::changelog::{self, Subject},
};

/// The subscription root.
#[derive(Default)]
pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Public changes as they are logged, in log order: the same entries
    /// as `changes`, of the given kinds (all when absent). Keep the last
    /// `cursor`: after a disconnect, `changes(after:)` gives what was
    /// missed. `node` is read per event only when selected.
    async fn content_changed(
        &self,
        ctx: &Context<'_>,
        kinds: Option<Vec<ChangeKind>>,
    ) -> Result<impl Stream<Item = Change> + use<>> {
        let state = context::state(ctx)?;
        // Subscribe first, then read where the log stands: whatever is
        // logged after that read reaches this stream.
        let rx = state.live.changes();
        let last = changelog::head(&state.db).await?;
        state.live.listen_from(last);
        let follow = Follow {
            rx,
            stop: state.stopping.subscribe(),
            subjects: kinds.map(|k| k.into_iter().map(Subject::from).collect()),
            last,
            gap: VecDeque::new(),
            db: state.db.clone(),
        };
        let with_node = ctx.look_ahead().field("node").exists();
        let db = state.db.clone();
        Ok(stream::unfold(follow, Follow::next).then(move |entry| {
            let db = db.clone();
            async move {
                let one = std::slice::from_ref(&entry);
                match present(&db, one, with_node).await {
                    Ok(mut v) if !v.is_empty() => v.swap_remove(0),
                    // The entry still goes out, without its node.
                    _ => present_bare(&entry),
                }
            }
        }))
    }

    /// The visit counters (today, this year, all time, online...), now and
    /// then whenever they move, at most once a second.
    async fn site_stats(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = SiteStats> + use<>> {
        let state = context::state(ctx)?;
        let mut rx = state.live.stats();
        // Counters seen already are news to a new subscriber.
        rx.mark_changed();
        let stop = state.stopping.subscribe();
        Ok(stream::unfold(
            (rx, stop),
            |(mut rx, mut stop)| async move {
                loop {
                    tokio::select! {
                        r = rx.changed() => r.ok()?,
                        _ = stop.wait_for(|s| *s) => return None,
                    }
                    let now = *rx.borrow_and_update();
                    if let Some(now) = now {
                        return Some((SiteStats(now), (rx, stop)));
                    }
                }
            },
        ))
    }
}

fn present_bare(entry: &changelog::Change) -> Change {
    Change {
        cursor: changelog::cursor(entry.position),
        kind: entry.subject.into(),
        id: async_graphql::ID(entry.item_id.to_string()),
        slug: entry.slug.clone(),
        op: entry.op.into(),
        at: entry.at,
        node: None,
    }
}

/// One subscriber's walk along the log.
struct Follow {
    rx: broadcast::Receiver<Arc<changelog::Change>>,
    stop: watch::Receiver<bool>,
    subjects: Option<Vec<Subject>>,
    /// The last position passed on (or skipped as unwanted).
    last: i64,
    /// Entries read from the log after falling behind.
    gap: VecDeque<changelog::Change>,
    db: DatabaseConnection,
}

impl Follow {
    fn wants(&self, c: &changelog::Change) -> bool {
        self.subjects
            .as_ref()
            .is_none_or(|s| s.contains(&c.subject))
    }

    async fn next(mut self) -> Option<(changelog::Change, Self)> {
        loop {
            if let Some(c) = self.gap.pop_front() {
                return Some((c, self));
            }
            let got = tokio::select! {
                r = self.rx.recv() => r,
                _ = self.stop.wait_for(|s| *s) => return None,
            };
            match got {
                Ok(c) => {
                    if c.position <= self.last {
                        continue;
                    }
                    self.last = c.position;
                    if self.wants(&c) {
                        return Some(((*c).clone(), self));
                    }
                }
                // Too slow for the broadcast: read the gap from the log,
                // so nothing is lost.
                Err(broadcast::error::RecvError::Lagged(_)) => loop {
                    let page = changelog::after(&self.db, Some(self.last), 500, None)
                        .await
                        .ok()?;
                    for c in page.items {
                        self.last = c.position;
                        if self.wants(&c) {
                            self.gap.push_back(c);
                        }
                    }
                    if !page.has_more {
                        break;
                    }
                },
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}
