//! Live updates for subscriptions: the change log as it is written, and
//! the visit counters once a second, shared by every subscriber of this
//! process, plus the limits on how many may listen.
//!
//! One task follows the change log (woken by each write's generation bump,
//! which on PostgreSQL also comes from other instances' `NOTIFY`) and
//! broadcasts new entries; subscribers filter what they want. Another reads
//! the counters once a second while anyone watches them. A subscriber
//! never runs a query of its own for either.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering::Relaxed},
    },
    time::Duration,
};

use sea_orm::DatabaseConnection;
use tokio::sync::{broadcast, watch};

use super::{
    changelog::{self, Change},
    changes::Changes,
    visit::{VisitRecorder, stats::SiteStats},
};
use crate::{
    clock,
    config::LiveConfig,
    error::{AppError, AppResult},
};

/// Entries a slow subscriber may fall behind by before it reads the gap
/// from the log itself.
const BACKLOG: usize = 1024;
/// Entries read from the log at once.
const BATCH: u64 = 500;

/// The live side of one process.
pub struct Live {
    changes: broadcast::Sender<Arc<Change>>,
    /// A first subscriber wakes the follower from its long idle wait.
    listening: tokio::sync::Notify,
    /// Where subscribers started (see [`Live::listen_from`]): the follower,
    /// idle while nobody listens, goes on from the earliest.
    floor: Mutex<Option<i64>>,
    stats: watch::Sender<Option<SiteStats>>,
    config: LiveConfig,
    open: AtomicUsize,
    per_client: Mutex<HashMap<String, usize>>,
}

/// A subscriber's place among the limits; freed when dropped.
pub struct Ticket {
    live: Arc<Live>,
    client: String,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.live.open.fetch_sub(1, Relaxed);
        let mut per = self
            .live
            .per_client
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = per.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                per.remove(&self.client);
            }
        }
    }
}

impl Live {
    pub fn new(config: LiveConfig) -> Arc<Self> {
        Arc::new(Live {
            changes: broadcast::channel(BACKLOG).0,
            listening: tokio::sync::Notify::new(),
            floor: Mutex::default(),
            stats: watch::channel(None).0,
            config,
            open: AtomicUsize::new(0),
            per_client: Mutex::default(),
        })
    }

    /// Lets one more live connection in for `client`, or says why not.
    ///
    /// # Errors
    /// `RATE_LIMITED` past the limits (per client, or in all).
    pub fn admit(self: &Arc<Self>, client: &str) -> AppResult<Ticket> {
        let mut per = self.per_client.lock().unwrap_or_else(|e| e.into_inner());
        let mine = per.get(client).copied().unwrap_or(0);
        if mine >= self.config.per_client || self.open.load(Relaxed) >= self.config.max_connections
        {
            return Err(AppError::RateLimited {
                retry_after_secs: 30,
            });
        }
        per.insert(client.to_owned(), mine + 1);
        self.open.fetch_add(1, Relaxed);
        Ok(Ticket {
            live: self.clone(),
            client: client.to_owned(),
        })
    }

    /// Open live connections.
    pub fn open(&self) -> usize {
        self.open.load(Relaxed)
    }

    /// How often an idle connection hears from the server.
    pub fn heartbeat(&self) -> Duration {
        self.config.heartbeat
    }

    /// Changes logged from now on. Then read where the log stands and
    /// pass it to [`listen_from`](Self::listen_from).
    pub fn changes(&self) -> broadcast::Receiver<Arc<Change>> {
        self.changes.subscribe()
    }

    /// A subscriber wants what is logged after `position`.
    pub fn listen_from(&self, position: i64) {
        let mut floor = self.floor.lock().unwrap_or_else(|e| e.into_inner());
        *floor = Some(floor.map_or(position, |f| f.min(position)));
        drop(floor);
        self.listening.notify_one();
    }

    /// The counters, renewed at most once a second while watched.
    pub fn stats(&self) -> watch::Receiver<Option<SiteStats>> {
        self.stats.subscribe()
    }

    /// Starts following the change log and the counters (until `stop`).
    pub fn spawn(
        self: &Arc<Self>,
        db: DatabaseConnection,
        clock: &clock::Clock,
        changes: Arc<Changes>,
        visits: Arc<VisitRecorder>,
        stop: watch::Receiver<bool>,
    ) {
        let live = self.clone();
        let (db2, mut stop2) = (db.clone(), stop.clone());
        tokio::spawn(clock.scope(crate::metrics::background(async move {
            live.follow_log(&db, &changes, stop).await;
        })));
        let live = self.clone();
        tokio::spawn(clock.scope(crate::metrics::background(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {},
                    _ = stop2.changed() => break,
                }
                if live.stats.receiver_count() == 0 {
                    continue;
                }
                match super::visit::stats::site_stats(&db2, &visits, clock::now()).await {
                    Ok(now) => {
                        live.stats.send_if_modified(|s| {
                            let moved = *s != Some(now);
                            *s = Some(now);
                            moved
                        });
                    }
                    Err(e) => tracing::warn!(error = ?e, "reading the counters failed"),
                }
            }
        })));
    }

    async fn follow_log(
        &self,
        db: &DatabaseConnection,
        changes: &Changes,
        mut stop: watch::Receiver<bool>,
    ) {
        // Where broadcasting has got to; none while nobody listens (then
        // writes cost the follower nothing).
        let mut last: Option<i64> = None;
        loop {
            let woken = changes.next_write();
            tokio::pin!(woken);
            woken.as_mut().enable();
            let floor = self.floor.lock().unwrap_or_else(|e| e.into_inner()).take();
            if self.changes.receiver_count() == 0 {
                last = None;
            } else if let Some(from) = last.map_or(floor, |l| Some(floor.map_or(l, |f| f.min(l)))) {
                match self.read_on(db, from).await {
                    Ok(end) => last = Some(end),
                    Err(e) => {
                        last = Some(from);
                        tracing::warn!(error = ?e, "reading the change log failed; will retry");
                    }
                }
            }
            // Woken by a write or a new subscriber; also every second while
            // anyone listens (a lost PostgreSQL listener must not stall them).
            let idle = if last.is_some() {
                Duration::from_secs(1)
            } else {
                Duration::from_secs(3600)
            };
            tokio::select! {
                () = woken => {},
                () = self.listening.notified() => {},
                () = tokio::time::sleep(idle) => {},
                // It only ever turns true (or goes with the state).
                _ = stop.changed() => break,
            }
        }
    }

    /// Broadcasts the entries after `last`; returns where it got to.
    async fn read_on(&self, db: &DatabaseConnection, mut last: i64) -> AppResult<i64> {
        loop {
            let page = match changelog::after(db, Some(last), BATCH, None).await {
                Ok(page) => page,
                Err(AppError::CursorExpired) => changelog::after(db, None, BATCH, None).await?,
                Err(e) => return Err(e),
            };
            for change in page.items {
                // No receiver left is not an error: the next read catches up.
                let _ = self.changes.send(Arc::new(change));
            }
            last = page.end;
            if !page.has_more {
                return Ok(last);
            }
        }
    }
}
