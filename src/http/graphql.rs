//! `/graphql`: POST for everything, GET for queries (and GraphiQL in a browser).

use async_graphql::ErrorExtensionValues;

use axum::{
    body::Bytes,
    extract::{RawQuery, State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};

use super::{
    cache::{Freshness, ResponseCache, Stored},
    reply::{self, Reply},
    request::Client,
};
use crate::{
    auth::Viewer,
    error::AppError,
    graphql::{
        documents::{Prepared, Refusal},
        loader::Loaders,
    },
    http::edge::Edge,
    metrics::Operation,
};

/// `POST /graphql`: a JSON body `{ query, operationName, variables,
/// extensions }` (GraphQL over HTTP).
pub async fn post(
    State(state): State<Edge>,
    client: Client,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    use axum::extract::FromRequest;
    let answer = Answer::for_accept(&headers);
    if is_multipart(&headers) {
        return upload(state, client, &headers, request.into_body()).await;
    }
    // JSON stays within axum's default body limit (2 MB); only uploads
    // may be larger.
    let body = Bytes::from_request(request, &state).await;
    let body = match json_body(&headers, body) {
        Ok(body) => body,
        Err((status, e)) => return answer.error(status, e),
    };
    if super::live::wants_events(&headers) {
        return match read_request(&body) {
            Ok(request) => super::live::events(state, client, &headers, request).await,
            Err((status, e)) => answer.error(status, e),
        };
    }
    let key = cache_key(&state, &headers, b'P', answer, &body);
    if let Some(key) = &key
        && let Some(hit) = reply::cached(&state, &headers, key)
    {
        return hit;
    }
    let request = match read_request(&body) {
        Ok(request) => request,
        Err((status, e)) => return answer.error(status, e),
    };
    let address = client.addr.0.clone();
    let request = request.data(client.addr).data(client.user_agent);
    execute(state, &headers, request, false, key, address).await
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// A GraphQL multipart request (files with `uploadMedia`), as
/// apollo-upload-client and urql send it. Only with a bearer token: a page
/// on another site can post a form without asking, but cannot add the
/// `Authorization` header, so no site can upload in a reader's name.
async fn upload(
    state: Edge,
    client: Client,
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Response {
    use futures_util::TryStreamExt;
    let answer = Answer::for_accept(headers);
    if !headers.contains_key(header::AUTHORIZATION) {
        return answer.error(
            StatusCode::UNAUTHORIZED,
            AppError::Unauthenticated(
                "multipart requests (uploads) need an Authorization: Bearer token".into(),
            ),
        );
    }
    // The token is checked before a byte of the body is read.
    let _slot = match super::media::admit_upload(&state, headers).await {
        Ok(slot) => slot,
        Err(e) => return answer.error(super::error::status(&e), e),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let reader = body
        .into_data_stream()
        .map_err(std::io::Error::other)
        .into_async_read();
    let options = async_graphql::http::MultipartOptions::default()
        .max_file_size(state.app.config.media.max_bytes)
        .max_num_files(1);
    let request = match async_graphql::http::receive_body(content_type, reader, options).await {
        Ok(r) => r,
        Err(e) => {
            let too_large = matches!(e, async_graphql::ParseRequestError::PayloadTooLarge);
            let (status, message) = if too_large {
                (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "the file is larger than {} MB",
                        state.app.config.media.max_bytes >> 20
                    ),
                )
            } else {
                (
                    StatusCode::BAD_REQUEST,
                    format!("not a GraphQL multipart request: {e}"),
                )
            };
            return answer.error(status, AppError::invalid("body", message));
        }
    };
    let address = client.addr.0.clone();
    let request = request.data(client.addr).data(client.user_agent);
    execute(state, headers, request, false, None, address).await
}

/// The response-cache key of an anonymous request, when the cache is on: the
/// request's bytes as they arrived (body or query string), with the method
/// and the answer's media type.
fn cache_key(
    state: &Edge,
    headers: &HeaderMap,
    method: u8,
    answer: Answer,
    raw: &[u8],
) -> Option<Vec<u8>> {
    if state.cache.is_none() || headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    let mut key = Vec::with_capacity(raw.len() + 2);
    key.push(method);
    key.push(answer as u8);
    key.extend_from_slice(raw);
    Some(key)
}

/// A POST body, if it is JSON. Only JSON reaches the executor: a form, text
/// or multipart body is what a page on another site can send without a CORS
/// preflight, so accepting one would let any site run mutations.
fn json_body(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Bytes, (StatusCode, AppError)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut params = content_type.split(';').map(str::trim);
    let media = params.next().unwrap_or_default();
    let charset_ok = params
        .filter_map(|p| p.strip_prefix("charset="))
        .all(|c| c.trim_matches('"') == "utf-8");
    if !matches!(
        media,
        "application/json" | "application/graphql-response+json"
    ) || !charset_ok
    {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::invalid(
                "body",
                "send the request as JSON with content-type: application/json",
            ),
        ));
    }
    body.map_err(|e| {
        let status = e.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "the request body is too large"
        } else {
            "the request body could not be read"
        };
        (status, AppError::invalid("body", message))
    })
}

/// The GraphQL request in a JSON body: one operation, with a query (or a
/// persisted query's hash).
fn read_request(body: &[u8]) -> Result<async_graphql::Request, (StatusCode, AppError)> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, AppError::invalid("body", m));
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(bad(
            "batched requests are not supported: send one operation per request".into(),
        ));
    }
    let request: async_graphql::Request = serde_json::from_slice(body).map_err(|e| {
        // serde's message names what was wrong and where, nothing of ours.
        bad(format!("the body is not a GraphQL request in JSON: {e}"))
    })?;
    if request.query.is_empty() && !request.extensions.contains_key("persistedQuery") {
        return Err(bad("the body needs a `query`".into()));
    }
    Ok(request)
}

/// Query-string parameters of `GET /graphql`.
#[derive(serde::Deserialize)]
pub struct GetParams {
    query: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    variables: Option<String>,
    /// JSON, e.g. Apollo's `{"persistedQuery":{"version":1,"sha256Hash":"…"}}`.
    extensions: Option<String>,
}

/// `GET /graphql`: GraphiQL for a browser, otherwise a query from the URL.
/// Mutations are refused over GET, so a link or an image tag can never write.
pub async fn get(
    State(state): State<Edge>,
    client: Client,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let answer = Answer::for_accept(&headers);
    let raw = raw.unwrap_or_default();
    let events = super::live::wants_events(&headers);
    // Looked up by the query string as it came, before decoding anything.
    let key = cache_key(&state, &headers, b'G', answer, raw.as_bytes()).filter(|_| !events);
    if let Some(key) = &key
        && let Some(hit) = reply::cached(&state, &headers, key)
    {
        return hit;
    }
    let Ok(params) = serde_urlencoded::from_str::<GetParams>(&raw) else {
        return answer.error(
            StatusCode::BAD_REQUEST,
            AppError::invalid("query", "the query string is not valid"),
        );
    };
    let key = key.filter(|_| params.query.is_some());
    let persisted = params.extensions.is_some();
    let Some(query) = params.query.or_else(|| persisted.then(String::new)) else {
        let wants_html = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        if wants_html {
            return Html(super::graphiql::page()).into_response();
        }
        return answer.error(
            StatusCode::BAD_REQUEST,
            AppError::invalid("query", "missing `query` parameter"),
        );
    };
    let mut request = async_graphql::Request::new(query);
    if let Some(op) = params.operation_name {
        request = request.operation_name(op);
    }
    if let Some(vars) = params.variables {
        match serde_json::from_str(&vars) {
            Ok(v) => request = request.variables(async_graphql::Variables::from_json(v)),
            Err(_) => {
                return answer.error(
                    StatusCode::BAD_REQUEST,
                    AppError::invalid("variables", "variables must be a JSON object"),
                );
            }
        }
    }
    if let Some(ext) = params.extensions {
        match serde_json::from_str::<std::collections::HashMap<String, serde_json::Value>>(&ext) {
            Ok(map) => {
                for (k, v) in map {
                    if let Ok(v) = async_graphql::Value::from_json(v) {
                        request.extensions.insert(k, v);
                    }
                }
            }
            Err(_) => {
                return answer.error(
                    StatusCode::BAD_REQUEST,
                    AppError::invalid("extensions", "extensions must be a JSON object"),
                );
            }
        }
    }
    if events {
        return super::live::events(state, client, &headers, request).await;
    }
    let address = client.addr.0.clone();
    let request = request.data(client.addr).data(client.user_agent);
    execute(state, &headers, request, true, key, address).await
}

/// Runs a request; `read_only` (GET) refuses mutations, persisted ones too.
/// Past the request timeout its work is dropped (statements in flight with
/// it, the token's account check included) and the client gets 503
/// `INTERNAL`, however long the database waits.
async fn execute(
    state: Edge,
    headers: &HeaderMap,
    request: async_graphql::Request,
    read_only: bool,
    cache_key: Option<Vec<u8>>,
    client: String,
) -> Response {
    let limit = state.app.config.request_timeout;
    // The audit log names the client of every action the request takes.
    let work = crate::service::audit::with_client(
        client,
        run(state, headers, request, read_only, cache_key),
    );
    match tokio::time::timeout(limit, work).await {
        Ok(response) => response,
        Err(_) => Answer::for_accept(headers).error(
            StatusCode::SERVICE_UNAVAILABLE,
            AppError::internal(format!("request took longer than {limit:?}; dropped")),
        ),
    }
}

async fn run(
    state: Edge,
    headers: &HeaderMap,
    mut request: async_graphql::Request,
    read_only: bool,
    cache_key: Option<Vec<u8>>,
) -> Response {
    let answer = Answer::for_accept(headers);
    let prepared = match state.documents.prepare(&mut request, read_only) {
        Ok(prepared) => prepared,
        Err(Refusal::PersistedQueryNotFound) => {
            // Apollo clients look for this message, then send the text.
            let body = serde_json::json!({ "errors": [{
                "message": "PersistedQueryNotFound",
                "extensions": { "code": "PERSISTED_QUERY_NOT_FOUND" }
            }] });
            return answer.json(StatusCode::OK, &body);
        }
        Err(Refusal::MutationOverGet) => {
            let mut resp = answer.error(
                StatusCode::METHOD_NOT_ALLOWED,
                AppError::invalid("query", "mutations must be sent with POST"),
            );
            resp.headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
            return resp;
        }
        Err(Refusal::Invalid(e)) => return answer.error(answer.request_error_status(), e),
    };
    if prepared.subscription {
        return answer.error(
            answer.request_error_status(),
            AppError::invalid(
                "query",
                "subscriptions stream: connect to /graphql/ws (graphql-transport-ws), or send this request with Accept: text/event-stream",
            ),
        );
    }
    let operation = prepared.operation.clone();
    let mut http = answer_run(
        &state,
        headers,
        request,
        prepared,
        cache_key,
        operation.clone(),
    )
    .await;
    if let Some(operation) = operation {
        http.extensions_mut().insert(operation);
    }
    http
}

/// Runs a prepared request and writes its answer (kept in the response
/// cache when it may be shared).
async fn answer_run(
    state: &Edge,
    headers: &HeaderMap,
    request: async_graphql::Request,
    prepared: Prepared,
    cache_key: Option<Vec<u8>>,
    operation: Option<Operation>,
) -> Response {
    let answer = Answer::for_accept(headers);
    let executed = match run_prepared(state, headers, request, prepared, cache_key.is_some()).await
    {
        Ok(executed) => executed,
        Err((status, e)) => return answer.error(status, e),
    };
    let storable = executed.shared && executed.response.is_ok();
    let (status, body, extra) = answer.graphql(executed.response);
    let body = Bytes::from(body);
    let etag = super::cache::etag(&body);
    let stored = match (cache_key, executed.freshness) {
        (Some(key), Some(freshness)) if storable && status == StatusCode::OK => {
            let counters = ResponseCache::shows_counters(&key);
            let answer = Stored {
                body: body.clone(),
                etag: etag.clone(),
                content_type: answer.media_type(),
                headers: HeaderMap::new(),
                operation,
            };
            reply::store(state, key, answer, freshness, counters)
        }
        _ => None,
    };
    let mut http = reply::respond(
        state,
        headers,
        Reply {
            status,
            content_type: answer.media_type(),
            body,
            etag: &etag,
            stored: stored.as_ref(),
            shared: executed.shared,
        },
    );
    http.headers_mut().extend(extra);
    http
}

/// A request run through the schema (see [`run_prepared`]).
pub struct Executed {
    pub response: async_graphql::Response,
    /// Anonymous and query-only: shared caches, ours too, may keep it.
    pub shared: bool,
    /// The content generation and next due time taken before the work,
    /// when `storable` was asked and the answer may be shared.
    pub freshness: Option<Freshness>,
}

/// Runs a request that passed `Documents::prepare` for the viewer its
/// `Authorization` header proves: the one executor of GraphQL and REST
/// reads, so both apply the same rules, limits and error codes. A viewer
/// that could not be read is refused with its status. Callers bound it by
/// the request timeout, the viewer's account check included.
pub async fn run_prepared(
    state: &Edge,
    headers: &HeaderMap,
    request: async_graphql::Request,
    prepared: Prepared,
    storable: bool,
) -> Result<Executed, (StatusCode, AppError)> {
    let viewer = crate::auth::from_header(
        &state.app.keys,
        &state.app.db,
        headers.get(header::AUTHORIZATION),
    )
    .await;
    let viewer = match viewer {
        Ok(v) => v,
        // A database we cannot reach is an outage, not a bad token: clients
        // that see 401 sign their users out.
        Err(e @ AppError::Internal) => return Err((StatusCode::SERVICE_UNAVAILABLE, e)),
        Err(e) => return Err((StatusCode::UNAUTHORIZED, e)),
    };
    let shared = matches!(viewer, Viewer::Anonymous) && prepared.query_only;
    // Both taken before the work (a write during it makes this answer stale
    // at once), the next scheduled time first: its passing moves the
    // generation on.
    let freshness = if shared && storable && state.cache.is_some() {
        // A failed look-up keeps nothing: the answer is then due at once.
        let due = state
            .app
            .changes
            .next_due(&state.app.db)
            .await
            .unwrap_or_else(|_| Some(crate::clock::now()));
        Some(Freshness {
            generation: state.app.changes.generation(),
            due,
        })
    } else {
        None
    };
    let request = request
        .data(Loaders::new(&state.app.db))
        .data(viewer)
        .data(state.app.clone());
    let mut response = if prepared.validated {
        state.schema_prevalidated.execute(request).await
    } else {
        let response = state.schema.execute(request).await;
        prepared.learn(&response);
        response
    };
    // Errors raised before our resolvers run (syntax, unknown fields, wrong
    // argument types, validators) are the client's: give them a code too.
    for e in &mut response.errors {
        let ext = e
            .extensions
            .get_or_insert_with(ErrorExtensionValues::default);
        if ext.get("code").is_none() {
            ext.set("code", "BAD_USER_INPUT");
        }
    }
    state.app.metrics.record_graphql(!response.is_ok());
    Ok(Executed {
        response,
        shared,
        freshness,
    })
}

/// The media type of an answer, by the request's `Accept` (GraphQL over
/// HTTP): `application/graphql-response+json` when the client lists it,
/// otherwise `application/json`, which older clients and tools expect.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Json,
    GraphqlResponse,
}

impl Answer {
    fn for_accept(headers: &HeaderMap) -> Self {
        let wants = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let mut parts = item.split(';').map(str::trim);
                parts
                    .next()
                    .is_some_and(|m| m.eq_ignore_ascii_case("application/graphql-response+json"))
                    && !parts.any(|p| p.replace(' ', "") == "q=0")
            });
        if wants {
            Answer::GraphqlResponse
        } else {
            Answer::Json
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Answer::Json => "application/json",
            Answer::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
        }
    }

    /// The status of a document that cannot run (syntax, validation): with
    /// `application/json` every well-formed request gets 200; the newer
    /// media type says what happened in the status too.
    fn request_error_status(self) -> StatusCode {
        match self {
            Answer::Json => StatusCode::OK,
            Answer::GraphqlResponse => StatusCode::BAD_REQUEST,
        }
    }

    fn json(self, status: StatusCode, body: &impl serde::Serialize) -> Response {
        let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
        (status, [(header::CONTENT_TYPE, self.media_type())], bytes).into_response()
    }

    /// A request error: no `data` (the request never ran), one error with a
    /// code, in this answer's media type and with a GraphQL-over-HTTP status.
    fn error(self, status: StatusCode, err: AppError) -> Response {
        self.json(status, &super::error::body(err))
    }

    /// An executed (or refused) GraphQL response: its status, JSON bytes and
    /// the headers resolvers set.
    fn graphql(self, response: async_graphql::Response) -> (StatusCode, Vec<u8>, HeaderMap) {
        // A request error (syntax, validation) carries no data and no path.
        let request_error = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response.errors.iter().all(|e| e.path.is_empty());
        let written = if request_error {
            serde_json::to_vec(&serde_json::json!({ "errors": response.errors }))
        } else {
            serde_json::to_vec(&response)
        };
        let status = if request_error {
            self.request_error_status()
        } else {
            StatusCode::OK
        };
        let body = written.unwrap_or_else(|_| b"{}".to_vec());
        (status, body, response.http_headers)
    }
}
