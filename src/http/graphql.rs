//! `/graphql`: POST for everything, GET for queries (and GraphiQL in a browser).

use async_graphql::{ErrorExtensionValues, ServerError};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts, Query, State},
    http::request::Parts,
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
};

use crate::{
    auth::jwt::{TokenKind, invalid_token},
    error::AppError,
    graphql::{
        documents::Refusal,
        loader::Loaders,
        mutation::{ClientAddr, UserAgent},
    },
    service::{self, access::Viewer},
    state::AppState,
};

/// `POST /graphql`.
pub async fn post(
    State(state): State<AppState>,
    Peer(connect): Peer,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let client = client_addr(&state, connect, &headers);
    let ua = UserAgent(user_agent(&headers));
    execute(
        state,
        &headers,
        request.into_inner().data(client).data(ua),
        false,
    )
    .await
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
    State(state): State<AppState>,
    Peer(connect): Peer,
    headers: HeaderMap,
    Query(params): Query<GetParams>,
) -> Response {
    let persisted = params.extensions.is_some();
    let Some(query) = params.query.or_else(|| persisted.then(String::new)) else {
        let wants_html = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        if wants_html {
            return Html(super::graphiql::page()).into_response();
        }
        return error_response(
            StatusCode::BAD_REQUEST,
            AppError::invalid("query", "missing `query` parameter"),
        );
    };
    let client = client_addr(&state, connect, &headers);
    let ua = UserAgent(user_agent(&headers));
    let mut request = async_graphql::Request::new(query).data(client).data(ua);
    if let Some(op) = params.operation_name {
        request = request.operation_name(op);
    }
    if let Some(vars) = params.variables {
        match serde_json::from_str(&vars) {
            Ok(v) => request = request.variables(async_graphql::Variables::from_json(v)),
            Err(_) => {
                return error_response(
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
                return error_response(
                    StatusCode::BAD_REQUEST,
                    AppError::invalid("extensions", "extensions must be a JSON object"),
                );
            }
        }
    }
    execute(state, &headers, request, true).await
}

/// Runs a request; `read_only` (GET) refuses mutations, persisted ones too.
async fn execute(
    state: AppState,
    headers: &HeaderMap,
    mut request: async_graphql::Request,
    read_only: bool,
) -> Response {
    let prepared = match state.documents.prepare(&mut request, read_only) {
        Ok(prepared) => prepared,
        Err(Refusal::PersistedQueryNotFound) => {
            // Apollo clients look for this message, then send the text.
            let body = serde_json::json!({ "errors": [{
                "message": "PersistedQueryNotFound",
                "extensions": { "code": "PERSISTED_QUERY_NOT_FOUND" }
            }] });
            return (StatusCode::OK, axum::Json(body)).into_response();
        }
        Err(Refusal::MutationOverGet) => {
            let mut resp = error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                AppError::invalid("query", "mutations must be sent with POST"),
            );
            resp.headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
            return resp;
        }
        Err(Refusal::Invalid(e)) => return error_response(StatusCode::BAD_REQUEST, e),
    };
    let viewer = match viewer(&state, headers).await {
        Ok(v) => v,
        Err(e) => return error_response(StatusCode::UNAUTHORIZED, e),
    };
    let cacheable = matches!(viewer, Viewer::Anonymous);
    let request = request
        .data(Loaders::new(&state.db))
        .data(viewer)
        .data(state.clone());
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
    state.metrics.record_graphql(!response.is_ok());
    let mut http = GraphQLResponse::from(response).into_response();
    // Personalised answers must never sit in a shared cache.
    let cache = if cacheable {
        "public, max-age=0, must-revalidate"
    } else {
        "private, no-store"
    };
    http.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(cache),
    );
    http.headers_mut().insert(
        header::VARY,
        header::HeaderValue::from_static("Authorization"),
    );
    http
}

/// The socket peer, when the server was started with connect info (tests
/// driving the router directly have none).
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

/// The client's address: the socket peer, or with `trust_forwarded_for`
/// (behind a proxy we run) the last `X-Forwarded-For` entry: the one our
/// proxy appended. Entries before it are whatever the client sent, so
/// trusting the first would let anyone pick an address per request.
pub fn client_addr(
    state: &AppState,
    connect: Option<SocketAddr>,
    headers: &HeaderMap,
) -> ClientAddr {
    if state.config.trust_forwarded_for
        && let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty())
    {
        return ClientAddr(last.to_owned());
    }
    ClientAddr(connect.map_or_else(|| "unknown".into(), |c| c.ip().to_string()))
}

/// The `User-Agent` header, for telling bots from readers.
pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(512).collect())
}

/// The viewer a request's `Authorization` header proves. No header: the
/// public. A header that fails any check: `UNAUTHENTICATED`.
async fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Viewer, AppError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Viewer::Anonymous);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(invalid_token)?;
    let claims = state.keys.verify(token)?;
    match claims.typ {
        TokenKind::Preview => Ok(Viewer::Preview {
            article_id: claims.sub.parse().map_err(|_| invalid_token())?,
        }),
        TokenKind::Access => {
            let user_id: i64 = claims.sub.parse().map_err(|_| invalid_token())?;
            let principal =
                service::user::principal(&state.db, user_id, claims.tv.unwrap_or(-1)).await?;
            Ok(Viewer::User(principal))
        }
    }
}

/// A GraphQL-shaped error body for failures before execution.
fn error_response(status: StatusCode, err: AppError) -> Response {
    let mut e = ServerError::new(err.message(), None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", err.code());
    e.extensions = Some(ext);
    let body = serde_json::json!({ "data": null, "errors": [e] });
    (status, axum::Json(body)).into_response()
}
