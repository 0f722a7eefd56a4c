//! Caches parsed query documents by their text.
//!
//! Frontends send the same few queries over and over with different
//! variables; parsing GraphQL text is a good part of the cost of a small
//! request (the visit counter's most of all), and the parsed document does
//! not depend on the variables. Validation still runs on every request.

use std::{
    num::NonZeroUsize,
    sync::{Arc, Mutex},
};

use async_graphql::{
    ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::ExecutableDocument,
};
use lru::LruCache;

/// Longest query text worth keeping (larger ones are parsed every time).
const MAX_TEXT: usize = 16 * 1024;

/// The extension factory; one cache per schema.
pub struct ParseCache {
    cache: Arc<Mutex<LruCache<String, ExecutableDocument>>>,
}

impl ParseCache {
    pub fn new(entries: usize) -> Self {
        let size = NonZeroUsize::new(entries).unwrap_or(NonZeroUsize::MIN);
        ParseCache {
            cache: Arc::new(Mutex::new(LruCache::new(size))),
        }
    }
}

impl ExtensionFactory for ParseCache {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ParseCacheExtension {
            cache: self.cache.clone(),
        })
    }
}

struct ParseCacheExtension {
    cache: Arc<Mutex<LruCache<String, ExecutableDocument>>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for ParseCacheExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        // A persisted query arrives already parsed with an empty text: the
        // text is no key then.
        if query.is_empty() {
            return next.run(ctx, query, variables).await;
        }
        if let Some(doc) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(query)
        {
            return Ok(doc.clone());
        }
        let doc = next.run(ctx, query, variables).await?;
        if query.len() <= MAX_TEXT {
            self.cache
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(query.to_owned(), doc.clone());
        }
        Ok(doc)
    }
}
