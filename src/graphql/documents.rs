//! Query documents before execution: persisted queries, a parse cache, and
//! the read-only rule for GET. Done here, in front of the schema, rather than
//! as schema extensions: any extension makes every field resolution pass
//! through its chain, which costs every request on every field.

use std::{num::NonZeroUsize, sync::Mutex};

use async_graphql::{
    Request, Value,
    parser::{
        parse_query,
        types::{ExecutableDocument, OperationType},
    },
};
use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// Longest query text worth caching (larger ones are parsed every time).
const MAX_TEXT: usize = 16 * 1024;

/// Why a request cannot run, before it reaches the schema.
#[derive(Debug)]
pub enum Refusal {
    /// Apollo's protocol: the client must send the text once with its hash.
    PersistedQueryNotFound,
    /// A mutation arrived on a read-only (GET) request.
    MutationOverGet,
    Invalid(AppError),
}

/// Persisted query texts by hash, and parsed documents by text.
pub struct Documents {
    persisted: Mutex<LruCache<String, String>>,
    parsed: Mutex<LruCache<String, ExecutableDocument>>,
}

impl Documents {
    pub fn new(persisted: usize, parsed: usize) -> Self {
        let size = |n: usize| NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN);
        Documents {
            persisted: Mutex::new(LruCache::new(size(persisted))),
            parsed: Mutex::new(LruCache::new(size(parsed))),
        }
    }

    /// Resolves a persisted query (`extensions.persistedQuery`), attaches the
    /// parsed document (from the cache when the text was seen before), and
    /// with `read_only` refuses anything but queries. A text that does not
    /// parse is left for the schema to report.
    pub fn prepare(&self, request: &mut Request, read_only: bool) -> Result<(), Refusal> {
        let register = match request.extensions.remove("persistedQuery") {
            Some(pq) => self.persisted_text(request, &pq)?,
            None => None,
        };
        let cached = self
            .parsed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&request.query)
            .cloned();
        let doc = match cached {
            Some(doc) => doc,
            None => match parse_query(&request.query) {
                Ok(doc) => {
                    if request.query.len() <= MAX_TEXT {
                        self.parsed
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .put(request.query.clone(), doc.clone());
                    }
                    doc
                }
                Err(_) => return Ok(()),
            },
        };
        // Only texts that parse and fit the bound are kept for their hash, so
        // the store cannot be filled with junk or with huge texts.
        if let Some(hash) = register
            && request.query.len() <= MAX_TEXT
        {
            self.persisted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(hash, request.query.clone());
        }
        if read_only
            && doc
                .operations
                .iter()
                .any(|(_, op)| op.node.ty != OperationType::Query)
        {
            return Err(Refusal::MutationOverGet);
        }
        request.set_parsed_query(doc);
        Ok(())
    }

    /// Puts the stored text of a known hash into `request`, or checks a
    /// sent text against its hash; returns the hash to store it under.
    fn persisted_text(&self, request: &mut Request, pq: &Value) -> Result<Option<String>, Refusal> {
        let bad = |m: &str| Refusal::Invalid(AppError::invalid("extensions", m));
        let Value::Object(fields) = pq else {
            return Err(bad("persistedQuery must be an object"));
        };
        if fields.get("version") != Some(&Value::from(1)) {
            return Err(bad("only version 1 of persisted queries is supported"));
        }
        let Some(Value::String(hash)) = fields.get("sha256Hash") else {
            return Err(bad("persistedQuery needs a sha256Hash"));
        };
        let hash = hash.to_ascii_lowercase();
        if request.query.is_empty() {
            let text = self
                .persisted
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&hash)
                .cloned()
                .ok_or(Refusal::PersistedQueryNotFound)?;
            request.query = text;
            return Ok(None);
        }
        let actual: String = Sha256::digest(request.query.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if actual != hash {
            return Err(bad("provided sha does not match query"));
        }
        Ok(Some(hash))
    }
}
