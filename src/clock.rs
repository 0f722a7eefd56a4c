//! Time as the domain sees it: whole seconds in UTC.
//!
//! Timestamps are truncated to the second so that SQLite (text) and PostgreSQL
//! (timestamptz) store, compare and round-trip them identically.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// Now, truncated to the second.
pub fn now() -> DateTime<Utc> {
    truncate(Utc::now())
}

/// Drops the sub-second part.
pub fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::seconds(1)).unwrap_or(t)
}
