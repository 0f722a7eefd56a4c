//! Time as the domain sees it: whole seconds in UTC.
//!
//! Timestamps are truncated to the second so that SQLite (text) and PostgreSQL
//! (timestamptz) store, compare and round-trip them identically.
//!
//! Every [`AppState`](crate::state::AppState) owns a [`Clock`]: the wall clock
//! shifted by an offset that is zero in production and that tests move (a
//! scheduled publish coming due, "today" at a chosen hour) instead of
//! sleeping. The HTTP layer and the state's background tasks run inside
//! [`Clock::scope`], so the services read it through [`now`] without every
//! signature carrying it.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use tokio::task::futures::TaskLocalFuture;

/// The wall clock plus an offset in milliseconds; clones share the offset.
#[derive(Clone, Default, Debug)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

tokio::task_local! {
    static CURRENT: Clock;
}

impl Clock {
    /// This clock's now, truncated to the second.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = self.offset_ms.load(Ordering::Relaxed);
        truncate(Utc::now() + TimeDelta::milliseconds(offset))
    }

    /// Moves this clock (and every clone of it) forward by `by`.
    pub fn advance(&self, by: TimeDelta) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }

    /// Sets this clock so that now is `at` (it runs on from there). Meant
    /// for a fresh state: what was worked out for a later time (the next
    /// scheduled publication) is not worked out again after a step back.
    pub fn set(&self, at: DateTime<Utc>) {
        let offset = (at - Utc::now()).num_milliseconds();
        self.offset_ms.store(offset, Ordering::Relaxed);
    }

    /// Runs `work` with this clock as [`now`]'s.
    pub fn scope<F: Future>(&self, work: F) -> TaskLocalFuture<Clock, F> {
        CURRENT.scope(self.clone(), work)
    }
}

/// Now by the clock of the task's state (see [`Clock::scope`]), or by the
/// wall clock outside any (the CLI, the seeders).
pub fn now() -> DateTime<Utc> {
    CURRENT
        .try_with(Clock::now)
        .unwrap_or_else(|_| truncate(Utc::now()))
}

/// `work` to be spawned on another task, keeping the current clock.
pub fn carried<F: Future>(work: F) -> TaskLocalFuture<Clock, F> {
    let clock = CURRENT.try_with(Clock::clone).unwrap_or_default();
    CURRENT.scope(clock, work)
}

/// Drops the sub-second part.
pub fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::seconds(1)).unwrap_or(t)
}
