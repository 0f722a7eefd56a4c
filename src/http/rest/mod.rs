//! `/api/v1/`: read-only JSON for clients that do not speak GraphQL (an
//! aggregator, a signage screen, a shell script, a low-code tool).
//!
//! Each path is a view of one GraphQL field: the request becomes a GraphQL
//! query (see `plan`) run by the same executor as `/graphql`, so the
//! visibility rules, scheduled publishing, preview tokens, limits and error
//! codes are the GraphQL API's own, and so are the response cache, `ETag`,
//! compression and CORS. Errors are RFC 9457 problem details. The OpenAPI
//! description is made from the same table and types (see `openapi`).

mod catalog;
mod endpoints;
mod openapi;
mod plan;

use axum::{
    Router,
    body::Bytes,
    extract::{Path, RawPathParams, State},
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};

use super::{
    cache::{ResponseCache, Stored},
    edge::Edge,
    error::{problem, problem_of},
    graphql::run_prepared,
    reply::{self, Reply},
};
use crate::{error::AppError, graphql::documents::Refusal};
use catalog::Catalog;
use endpoints::{ENDPOINTS, Endpoint, Shape};
use plan::Plan;

/// What the REST routes keep: the types, and the description served.
pub struct Api {
    catalog: Catalog,
    openapi: Bytes,
}

impl Api {
    /// From the SDL of the schema the router already built (building a
    /// second schema just to print it would double the start-up work).
    pub fn new(sdl: &str) -> Self {
        let catalog = Catalog::from_sdl(sdl);
        let openapi = Bytes::from(openapi_text(&catalog));
        Api { catalog, openapi }
    }
}

fn openapi_text(catalog: &Catalog) -> String {
    let mut text = serde_json::to_string_pretty(&openapi::document(catalog)).unwrap_or_default();
    text.push('\n');
    text
}

/// The OpenAPI description as `openapi.json` holds it (`bantin openapi`).
pub fn openapi_json() -> String {
    openapi_text(&Catalog::from_sdl(&crate::graphql::sdl()))
}

/// The routes under `/api/v1`.
pub fn routes() -> Router<Edge> {
    let mut router = Router::new()
        .route("/api/v1/openapi.json", get(description))
        .route("/api/v1/docs", get(docs_page))
        .route("/api/v1/docs/{file}", get(docs_asset))
        .route("/api/v1/{*rest}", get(unknown));
    for ep in ENDPOINTS {
        router = router.route(
            &format!("/api/v1{}", ep.path),
            get(
                move |State(state): State<Edge>,
                      headers: HeaderMap,
                      path: RawPathParams,
                      uri: Uri| async move {
                    let path: Vec<(&str, &str)> = path.iter().collect();
                    read(ep, state, &headers, &path, &uri).await
                },
            ),
        );
    }
    router
}

async fn unknown() -> Response {
    problem_of(AppError::NotFound("resource"))
}

/// One resource: from the response cache when it holds it, otherwise
/// through the GraphQL executor.
async fn read(
    ep: &'static Endpoint,
    state: Edge,
    headers: &HeaderMap,
    path: &[(&str, &str)],
    uri: &Uri,
) -> Response {
    let raw = uri.query().unwrap_or_default();
    // As with GraphQL: anonymous requests only, keyed by the bytes that came.
    let key = (state.cache.is_some() && !headers.contains_key(header::AUTHORIZATION)).then(|| {
        let mut key = Vec::with_capacity(uri.path().len() + raw.len() + 2);
        key.push(b'R');
        key.extend_from_slice(uri.path().as_bytes());
        key.push(b'?');
        key.extend_from_slice(raw.as_bytes());
        key
    });
    if let Some(key) = &key
        && let Some(hit) = reply::cached(&state, headers, key)
    {
        return hit;
    }
    let plan = match Plan::new(&state.rest.catalog, ep, path, raw) {
        Ok(plan) => plan,
        Err(e) => return problem_of(e),
    };
    let counters = ResponseCache::shows_counters(plan.query.as_bytes());
    let mut request = async_graphql::Request::new(plan.query).variables(
        async_graphql::Variables::from_json(serde_json::Value::Object(plan.variables)),
    );
    let prepared = match state.documents.prepare(&mut request, true) {
        Ok(prepared) => prepared,
        Err(Refusal::Invalid(e)) => return problem_of(e),
        Err(_) => return problem_of(AppError::internal("a REST query was refused")),
    };
    let limit = state.app.config.request_timeout;
    let work = run_prepared(&state, headers, request, prepared, key.is_some());
    let executed = match tokio::time::timeout(limit, work).await {
        Ok(Ok(executed)) => executed,
        Ok(Err((_, e))) => return problem_of(e),
        Err(_) => {
            return problem_of(AppError::internal(format!(
                "request took longer than {limit:?}; dropped"
            )));
        }
    };
    if let Some(e) = executed.response.errors.first() {
        if e.message.starts_with("Query is too complex") {
            // The client did not write the query: say what to change.
            return problem_of(AppError::invalid(
                "perPage",
                "this asks for too much at once: lower perPage or include less",
            ));
        }
        return problem(e);
    }
    let async_graphql::Value::Object(mut data) = executed.response.data else {
        return problem_of(AppError::internal("a REST query answered no data"));
    };
    let value = data.shift_remove("r").unwrap_or_default();
    let mut extra = HeaderMap::new();
    let body = match ep.shape {
        Shape::One if value == async_graphql::Value::Null => {
            return problem_of(AppError::NotFound(ep.root));
        }
        Shape::List { .. } => {
            let mut body = b"{\"items\":".to_vec();
            let _ = serde_json::to_writer(&mut body, &value);
            body.push(b'}');
            body
        }
        Shape::Page => {
            if let Some(link) = links(uri, &value) {
                extra.insert(header::LINK, link);
            }
            serde_json::to_vec(&value).unwrap_or_default()
        }
        Shape::One | Shape::Object => serde_json::to_vec(&value).unwrap_or_default(),
    };
    let body = Bytes::from(body);
    let etag = super::cache::etag(&body);
    let stored = match (key, executed.freshness) {
        (Some(key), Some(freshness)) if executed.shared => {
            let answer = Stored {
                body: body.clone(),
                etag: etag.clone(),
                content_type: "application/json",
                headers: extra.clone(),
                operation: None,
            };
            reply::store(&state, key, answer, freshness, counters)
        }
        _ => None,
    };
    let mut response = reply::respond(
        &state,
        headers,
        Reply {
            status: StatusCode::OK,
            content_type: "application/json",
            body,
            etag: &etag,
            stored: stored.as_ref(),
            shared: executed.shared,
        },
    );
    response.headers_mut().extend(extra);
    response
}

/// RFC 8288 links to a page's first, previous, next and last pages: the
/// request's own address with `page` changed.
fn links(uri: &Uri, page: &async_graphql::Value) -> Option<HeaderValue> {
    let number = |name: &str| match page {
        async_graphql::Value::Object(map) => match map.get(name) {
            Some(async_graphql::Value::Number(n)) => n.as_u64(),
            _ => None,
        },
        _ => None,
    };
    let current = number("page")?;
    let last = number("totalPages")?.max(1);
    let others: Vec<(String, String)> =
        serde_urlencoded::from_str::<Vec<(String, String)>>(uri.query().unwrap_or_default())
            .ok()?
            .into_iter()
            .filter(|(k, _)| k != "page")
            .collect();
    let href = |n: u64| {
        let mut pairs = others.clone();
        pairs.push(("page".into(), n.to_string()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("<{}?{query}>", uri.path())
    };
    let mut parts = vec![format!("{}; rel=\"first\"", href(1))];
    if current > 1 {
        parts.push(format!("{}; rel=\"prev\"", href((current - 1).min(last))));
    }
    if current < last {
        parts.push(format!("{}; rel=\"next\"", href(current + 1)));
    }
    parts.push(format!("{}; rel=\"last\"", href(last)));
    HeaderValue::from_str(&parts.join(", ")).ok()
}

/// `GET /api/v1/openapi.json`.
async fn description(State(state): State<Edge>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        state.rest.openapi.clone(),
    )
        .into_response()
}

/// The files of Swagger UI under `assets/swagger-ui/` (Apache-2.0, licence
/// beside them), embedded so the page works with no internet.
const DOCS_FILES: [(&str, &str, &[u8]); 2] = [
    (
        "swagger-ui-bundle.js",
        "text/javascript",
        include_bytes!("../../../assets/swagger-ui/swagger-ui-bundle.js"),
    ),
    (
        "swagger-ui.css",
        "text/css",
        include_bytes!("../../../assets/swagger-ui/swagger-ui.css"),
    ),
];

async fn docs_asset(Path(file): Path<String>) -> Response {
    match DOCS_FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, body)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *body,
        )
            .into_response(),
        None => problem_of(AppError::NotFound("file")),
    }
}

/// `GET /api/v1/docs`: the description, browsable and runnable.
async fn docs_page() -> Html<&'static str> {
    Html(
        r#"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bantin REST API</title>
<link rel="stylesheet" href="/api/v1/docs/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/api/v1/docs/swagger-ui-bundle.js"></script>
<script>
  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#docs', deepLinking: true });
</script>
</body>
</html>
"#,
    )
}
