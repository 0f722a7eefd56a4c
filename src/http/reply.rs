//! Writing an answer the same way on every read route (GraphQL and REST):
//! from the response cache when it holds one, compressed as the client
//! accepts, 304 when the client already has it, with caching headers.

use axum::{
    body::Bytes,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{
    cache::{Entry, Freshness, Stored},
    compress,
    edge::Edge,
};

/// A stored answer for `key`, as a response (304 when the client has it).
pub fn cached(state: &Edge, headers: &HeaderMap, key: &[u8]) -> Option<Response> {
    let entry = state.cache.as_ref()?.get(key)?;
    let mut resp = respond(
        state,
        headers,
        Reply {
            status: StatusCode::OK,
            content_type: entry.content_type,
            body: entry.body.clone(),
            etag: &entry.etag,
            stored: Some(&entry),
            shared: true,
        },
    );
    let h = resp.headers_mut();
    h.extend(entry.headers.clone());
    h.insert("x-cache", header::HeaderValue::from_static("HIT"));
    if let Some(operation) = &entry.operation {
        resp.extensions_mut().insert(operation.clone());
    }
    Some(resp)
}

/// An answer about to be sent.
pub struct Reply<'a> {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: Bytes,
    /// The strong validator of the uncompressed body.
    pub etag: &'a Bytes,
    /// The cache entry holding it, which keeps its compressed copies.
    pub stored: Option<&'a Entry>,
    /// Whether shared caches may keep it.
    pub shared: bool,
}

/// The response for an answer: compressed as the client accepts (from the
/// entry's kept copy when it is stored), 304 when the client already has
/// it, with caching headers.
pub fn respond(state: &Edge, headers: &HeaderMap, reply: Reply<'_>) -> Response {
    let encoding = compress::negotiate(headers).filter(|_| reply.body.len() >= compress::MIN_SIZE);
    let (mut resp, etag) = if reply.status == StatusCode::OK && client_has(headers, reply.etag) {
        // The client has it: nothing to compress or send.
        let etag = encoding.map_or_else(|| reply.etag.clone(), |e| e.etag(reply.etag));
        (StatusCode::NOT_MODIFIED.into_response(), etag)
    } else {
        let encoded = encoding.and_then(|e| {
            let body = match reply.stored {
                Some(entry) => entry.encoded(e),
                None => e.compress(&reply.body),
            };
            Some((e, body?))
        });
        let (body, etag) = match &encoded {
            Some((e, body)) => (body.clone(), e.etag(reply.etag)),
            None => (reply.body, reply.etag.clone()),
        };
        let mut resp = (
            reply.status,
            [(header::CONTENT_TYPE, reply.content_type)],
            body,
        )
            .into_response();
        if let Some((e, _)) = encoded {
            resp.headers_mut().insert(
                header::CONTENT_ENCODING,
                header::HeaderValue::from_static(e.name()),
            );
        }
        (resp, etag)
    };
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        if reply.shared {
            state.public_cache_control.clone()
        } else {
            header::HeaderValue::from_static("private, no-store")
        },
    );
    h.insert(
        header::VARY,
        header::HeaderValue::from_static("Authorization, Accept, Accept-Encoding"),
    );
    if let Ok(tag) = header::HeaderValue::from_bytes(&etag) {
        h.insert(header::ETAG, tag);
    }
    resp
}

/// Whether `If-None-Match` names this answer, in any encoding (or `*`).
fn client_has(headers: &HeaderMap, etag: &[u8]) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .flat_map(|v| v.as_bytes().split(|b| *b == b','))
        .map(|t| t.trim_ascii())
        .any(|t| {
            let t = t.strip_prefix(b"W/").unwrap_or(t);
            t == b"*" || compress::same_answer(t, etag)
        })
}

/// Keeps an answer in the response cache (when it is on); the entry then
/// holds its compressed copies too.
pub fn store(
    state: &Edge,
    key: Vec<u8>,
    answer: Stored,
    freshness: Freshness,
    counters: bool,
) -> Option<Entry> {
    let cache = state.cache.as_ref()?;
    Some(cache.put(key, answer, freshness, counters))
}
