//! The HTTP surface: routes, middleware, graceful shutdown.

mod access;
pub mod cache;
mod compress;
pub mod edge;
mod error;
mod feed;
mod graphiql;
mod graphql;
pub mod health;
pub mod listener;
mod live;
mod media;
mod reply;
mod request;
pub mod rest;
mod visit;

use std::time::Duration;

use axum::{Router, routing::get};
use tower_http::{
    catch_panic::CatchPanicLayer,
    cors::{AllowOrigin, CorsLayer},
    limit::RequestBodyLimitLayer,
    timeout::TimeoutLayer,
};

use crate::state::AppState;
use edge::Edge;

/// The whole application as a router; tests drive it directly.
pub fn app(state: AppState) -> Router {
    let edge = Edge::new(state);
    let config = &edge.app.config;
    let cors = cors(&config.cors_origins);
    let clock = edge.app.clock.clone();
    // Uploads may be larger than other bodies: GraphQL multipart requests
    // and `/api/media` (JSON bodies keep axum's 2 MB limit in the handler).
    let upload_limit = config.media.max_bytes + (1 << 20);
    let uploads = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route(
            "/api/media",
            axum::routing::post(media::upload)
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .layer(RequestBodyLimitLayer::new(upload_limit));
    Router::new()
        .route("/graphql/ws", get(live::websocket))
        .route("/media/{*key}", get(media::serve))
        .route("/graphiql/{file}", get(graphiql::asset))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route("/api/visit", axum::routing::post(visit::beacon))
        .route("/rss.xml", get(feed::site_rss))
        .route("/atom.xml", get(feed::site_atom))
        .route("/categories/{slug}/rss.xml", get(feed::category_rss))
        .route("/sitemap.xml", get(feed::sitemap_index))
        .route("/sitemaps/{file}", get(feed::sitemap_part))
        .route("/robots.txt", get(feed::robots))
        .merge(rest::routes())
        .layer(RequestBodyLimitLayer::new(2 * 1024 * 1024))
        .merge(uploads)
        .layer(cors)
        // A net for every route; GraphQL answers its own timeout first,
        // with a coded error.
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout + Duration::from_secs(1),
        ))
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            edge.clone(),
            access::log,
        ))
        // Handlers and services read the state's time (see `clock`).
        .layer(tower::util::MapFutureLayer::new(move |answer| {
            clock.scope(answer)
        }))
        .with_state(edge.clone())
}

/// CORS for browser clients on other origins: the listed origins (any when
/// none is listed), never with credentials, since tokens travel in
/// `Authorization`, which is named here because the Fetch spec's `*` does not
/// cover it.
fn cors(origins: &[String]) -> CorsLayer {
    use axum::http::{HeaderName, HeaderValue, Method, header};
    let origin = if origins.is_empty() {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok())
                .collect::<Vec<_>>(),
        )
    };
    CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_NONE_MATCH,
            HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([header::ETAG, header::RETRY_AFTER, header::LINK])
        .max_age(Duration::from_secs(3600))
}

/// Serves until SIGINT or SIGTERM, then lets requests in flight finish.
///
/// # Errors
/// The address cannot be bound or the server fails.
pub async fn serve(state: AppState) -> std::io::Result<()> {
    // The handlers first: a SIGTERM that comes as soon as the port is open
    // must stop the server gracefully, not kill it.
    let stop = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(state.config.bind).await?;
    tracing::info!(address = %listener.local_addr()?, "bantin is listening");
    serve_on(listener, state, stop).await
}

/// Serves on `listener` until `stop` resolves, then stops as on SIGTERM:
/// live streams end, requests in flight finish (within the shutdown
/// timeout), buffered counts are written.
///
/// # Errors
/// The server fails.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    state.start_serving();
    let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
    let signal = {
        let stopping = stopping.clone();
        let state = state.clone();
        async move {
            stop.await;
            // Live streams end now (WebSockets with 1001, SSE with
            // `complete`), so their connections drain like the others.
            state.stopping.send_replace(true);
            stopping.notify_one();
        }
    };
    let limits = listener::Limits {
        header: state.config.header_timeout,
        idle: state.config.idle_timeout,
        max_connections: state.config.max_connections,
    };
    let server = axum::serve(
        listener::Guarded::new(listener, limits),
        app(state.clone()).into_make_service_with_connect_info::<listener::ClientSocket>(),
    )
    .with_graceful_shutdown(signal);
    // Graceful, but bounded: a client that never finishes (a slow or idle
    // connection) must not keep the process, or its counters, from stopping.
    let deadline = state.config.shutdown_timeout;
    let result = tokio::select! {
        result = server => result,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(deadline).await;
        } => {
            tracing::warn!(?deadline, "shutdown deadline passed; closing the connections left");
            Ok(())
        }
    };
    // Requests have drained: write the buffered visit counts before exiting.
    state.shutdown().await;
    tracing::info!("stopped");
    result
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed by this call,
/// not when the future is first polled.
fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => {},
                () = wait(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down");
    }
}
