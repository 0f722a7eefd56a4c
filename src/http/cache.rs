//! The response cache: public query answers kept in memory, keyed by the
//! request exactly as it arrived, so a hit costs a hash lookup and no JSON
//! parsing, GraphQL or SQL at all.
//!
//! Freshness, and why each rule is safe:
//! - every answer is stored with the content generation it was computed at
//!   (`service::changes`); every write transaction of content moves the
//!   generation on as it commits, so no later read is served a copy older
//!   than the write. Other instances on PostgreSQL move theirs on the
//!   `NOTIFY` the transaction sends (see `state::listen_for_changes`);
//! - scheduled content comes due by the clock, not by a write: an answer
//!   never outlives the next scheduled publication time of any item;
//! - answers that show visit counters (`viewCount`, `siteStats`, the most
//!   viewed) live at most `BANTIN_COUNTER_CACHE_SECS`;
//! - only anonymous requests, only queries, only answers without errors.

use std::{
    fmt::Write,
    sync::{
        Arc, Mutex, OnceLock,
        atomic::{AtomicU64, Ordering::Relaxed},
    },
    time::{Duration, Instant},
};

use axum::body::Bytes;
use lru::LruCache;
use sha2::{Digest, Sha256};

use super::compress::Encoding;
use crate::{clock, service::changes::Changes};
use chrono::{DateTime, Utc};

/// A stored answer.
#[derive(Clone)]
pub struct Entry {
    pub body: Bytes,
    pub etag: Bytes,
    /// The media type the answer was written in.
    pub content_type: &'static str,
    /// Headers of the answer besides the caching ones (REST's `Link`).
    pub headers: axum::http::HeaderMap,
    /// The GraphQL operation it answers (see [`Stored::operation`]).
    pub operation: Option<crate::metrics::Operation>,
    generation: u64,
    /// The counters' time, for answers showing visit counters.
    expires: Option<Instant>,
    /// The next scheduled publication, by the state's clock.
    due: Option<DateTime<Utc>>,
    /// The body in each encoding, made the first time a client asks for it
    /// (`None`: the codec failed, the body goes as it is).
    compressed: Arc<[OnceLock<Option<Bytes>>; 3]>,
}

impl Entry {
    /// The answer in `encoding`: compressed on first use, then kept.
    pub fn encoded(&self, encoding: Encoding) -> Option<Bytes> {
        self.compressed[encoding as usize]
            .get_or_init(|| encoding.compress(&self.body))
            .clone()
    }
}

/// The cache and its counters.
pub struct ResponseCache {
    entries: Mutex<Lru>,
    capacity: usize,
    counter_ttl: Duration,
    /// The database's content generation, and whether to trust it.
    changes: Arc<Changes>,
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    pub evictions: AtomicU64,
}

struct Lru {
    map: LruCache<Vec<u8>, Entry>,
    bytes: usize,
}

/// Words of a request that make its answer show visit counters.
const COUNTER_WORDS: [&[u8]; 5] = [
    b"viewCount",
    b"siteStats",
    b"mostViewed",
    b"MOST_VIEWED",
    b"online",
];

/// An answer to keep.
pub struct Stored {
    pub body: Bytes,
    pub etag: Bytes,
    pub content_type: &'static str,
    pub headers: axum::http::HeaderMap,
    /// The GraphQL operation it answers, for logs and metrics on a hit.
    pub operation: Option<crate::metrics::Operation>,
}

/// When an answer was computed: the content generation, and the next
/// scheduled publication, after which it may be wrong.
#[derive(Clone, Copy)]
pub struct Freshness {
    pub generation: u64,
    pub due: Option<DateTime<Utc>>,
}

/// Bytes an entry costs beyond its key and body (bookkeeping, headers).
const OVERHEAD: usize = 160;

impl ResponseCache {
    pub fn new(capacity: usize, counter_ttl: Duration, changes: Arc<Changes>) -> Self {
        ResponseCache {
            entries: Mutex::new(Lru {
                map: LruCache::unbounded(),
                bytes: 0,
            }),
            capacity,
            counter_ttl,
            changes,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        }
    }

    /// Whether answers are served and kept now (see [`Changes::trusted`]).
    pub fn trusted(&self) -> bool {
        self.changes.trusted()
    }

    /// A fresh answer for `key`, if any.
    pub fn get(&self, key: &[u8]) -> Option<Entry> {
        if !self.trusted() {
            return None;
        }
        let now = Instant::now();
        let generation = self.changes.generation();
        let mut lru = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = match lru.map.get(key) {
            Some(e)
                if e.generation == generation
                    && e.expires.is_none_or(|t| now < t)
                    && e.due.is_none_or(|d| clock::now() < d) =>
            {
                Some(e.clone())
            }
            Some(_) => None,
            None => {
                drop(lru);
                self.misses.fetch_add(1, Relaxed);
                return None;
            }
        };
        if fresh.is_none()
            && let Some(old) = lru.map.pop(key)
        {
            lru.bytes -= cost(key, &old);
        }
        drop(lru);
        match &fresh {
            Some(_) => self.hits.fetch_add(1, Relaxed),
            None => self.misses.fetch_add(1, Relaxed),
        };
        fresh
    }

    /// Whether a request text asks for visit counters (see `put`).
    pub fn shows_counters(text: &[u8]) -> bool {
        COUNTER_WORDS
            .iter()
            .any(|w| text.windows(w.len()).any(|k| k == *w))
    }

    /// Stores an answer (with its [`etag`]) computed at `freshness`; an
    /// answer that shows `counters` lives at most the counters' time.
    pub fn put(&self, key: Vec<u8>, answer: Stored, freshness: Freshness, counters: bool) -> Entry {
        let Freshness { generation, due } = freshness;
        let Stored {
            body,
            etag,
            content_type,
            headers,
            operation,
        } = answer;
        let expires = counters.then(|| Instant::now() + self.counter_ttl);
        let entry = Entry {
            etag,
            body,
            content_type,
            headers,
            operation,
            generation,
            expires,
            due,
            compressed: Arc::default(),
        };
        let size = cost(&key, &entry);
        if expires.is_some_and(|t| t <= Instant::now())
            || due.is_some_and(|d| d <= clock::now())
            || size > self.capacity / 8
            || generation != self.changes.generation()
            || !self.trusted()
        {
            return entry;
        }
        let mut lru = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = lru.map.put(key.clone(), entry.clone()) {
            lru.bytes -= cost(&key, &old);
        }
        lru.bytes += size;
        while lru.bytes > self.capacity {
            let Some((k, old)) = lru.map.pop_lru() else {
                break;
            };
            lru.bytes -= cost(&k, &old);
            self.evictions.fetch_add(1, Relaxed);
        }
        entry
    }

    /// Bytes held now, and entries.
    pub fn usage(&self) -> (usize, usize) {
        let lru = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        (lru.bytes, lru.map.len())
    }
}

/// Bytes an entry may come to hold: its body counts twice, leaving room for
/// its compressed copies (each a fraction of it) made later.
fn cost(key: &[u8], entry: &Entry) -> usize {
    key.len() + 2 * entry.body.len() + entry.etag.len() + OVERHEAD
}

/// A strong validator: the same bytes always give the same tag.
pub fn etag(body: &[u8]) -> Bytes {
    let digest = Sha256::digest(body);
    let mut tag = String::with_capacity(34);
    tag.push('"');
    for b in &digest[..16] {
        let _ = write!(tag, "{b:02x}");
    }
    tag.push('"');
    Bytes::from(tag)
}
