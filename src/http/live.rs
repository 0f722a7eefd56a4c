//! Subscriptions over the wire: WebSocket at `/graphql/ws` (the
//! `graphql-transport-ws` protocol, and the older `graphql-ws` one) and
//! Server-Sent Events on `/graphql` (GraphQL over SSE, distinct connections
//! mode). Both run subscriptions only, under the same document checks as
//! every request, within the live connection limits, with heartbeats, and
//! both end cleanly when the server stops.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use async_graphql::{Data, Executor, Request, Response as GqlResponse, http::WebSocketProtocols};
use axum::{
    extract::{
        State,
        ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade},
    },
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use futures_util::{SinkExt, StreamExt, stream::BoxStream};

use super::{edge::Edge, request::Client};
use crate::{
    auth::Viewer,
    error::AppError,
    graphql::{documents::Refusal, loader::Loaders},
    service::live::Ticket,
};

/// How long a WebSocket client has to send `connection_init`.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether a request asks for Server-Sent Events only (as GraphQL over
/// SSE clients do). A client that also takes JSON (urql lists both for
/// every request) gets the ordinary answer.
pub fn wants_events(headers: &HeaderMap) -> bool {
    let types: Vec<String> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|m| m.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .collect();
    types.iter().any(|m| m == "text/event-stream")
        && !types.iter().any(|m| {
            m == "*/*"
                || m == "application/*"
                || m == "application/json"
                || m == "application/graphql-response+json"
        })
}

/// Runs subscriptions only, after the checks every request passes
/// (nesting, persisted queries, the schema's limits), at most
/// [`PER_CONNECTION`] at once. Queries and mutations go through
/// `/graphql`, where each is bounded by the request timeout and checks its
/// token when it runs (a live connection checks it once).
#[derive(Clone)]
struct Subscriptions(Edge, Arc<AtomicUsize>);

/// Operations one connection may run at once.
const PER_CONNECTION: usize = 20;
/// Largest message a WebSocket client may send (as a POST body).
const MAX_MESSAGE: usize = 2 * 1024 * 1024;

/// One running operation of a connection; counted while it lives.
struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn refused(e: AppError) -> GqlResponse {
    GqlResponse::from_errors(vec![super::error::server_error(e)])
}

impl Executor for Subscriptions {
    async fn execute(&self, request: Request) -> GqlResponse {
        // Only `execute_stream` serves live connections; a single answer
        // goes through the same checks.
        self.execute_stream(request, None)
            .next()
            .await
            .unwrap_or_default()
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session: Option<Arc<Data>>,
    ) -> BoxStream<'static, GqlResponse> {
        let one = |e| futures_util::stream::once(async move { refused(e) }).boxed();
        match self.0.documents.prepare(&mut request, false) {
            // A text that did not parse goes on for the parser's own error.
            Ok(p) if p.subscription || !p.parsed() => {
                if self.1.fetch_add(1, Ordering::Relaxed) >= PER_CONNECTION {
                    self.1.fetch_sub(1, Ordering::Relaxed);
                    return one(AppError::RateLimited {
                        retry_after_secs: 1,
                    });
                }
                let running = Running(self.1.clone());
                self.0
                    .schema
                    .execute_stream_with_session_data(request, session.unwrap_or_default())
                    .map(move |r| {
                        let _ = &running;
                        r
                    })
                    .boxed()
            }
            Ok(_) => one(AppError::invalid(
                "query",
                "live connections run subscriptions; send queries and mutations to POST /graphql",
            )),
            Err(Refusal::Invalid(e)) => one(e),
            Err(Refusal::PersistedQueryNotFound) => one(AppError::invalid(
                "extensions",
                "PersistedQueryNotFound: send the query text with its hash once",
            )),
            Err(Refusal::MutationOverGet) => one(AppError::invalid(
                "query",
                "mutations must be sent with POST",
            )),
        }
    }
}

/// The data every live operation sees: the state, loaders that keep
/// nothing between events, the client, and who is asking.
fn session(edge: &Edge, client: &Client, viewer: Viewer) -> Data {
    let mut data = Data::default();
    data.insert(edge.app.clone());
    data.insert(Loaders::live(&edge.app.db));
    data.insert(client.addr.clone());
    data.insert(viewer);
    data
}

/// Who a token (`Bearer …` or bare) proves; the public without one.
async fn viewer_of(edge: &Edge, authorization: Option<&HeaderValue>) -> Result<Viewer, AppError> {
    crate::auth::from_header(&edge.app.keys, &edge.app.db, authorization).await
}

/// A refusal before any stream starts, as JSON.
fn refuse(e: AppError) -> Response {
    e.into_response()
}

/// `GET /graphql/ws`: a WebSocket for subscriptions.
pub async fn websocket(
    State(edge): State<Edge>,
    client: Client,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let protocol = headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| p.trim().parse::<WebSocketProtocols>().ok());
    let Some(protocol) = protocol else {
        return (
            StatusCode::BAD_REQUEST,
            "ask for the graphql-transport-ws subprotocol (Sec-WebSocket-Protocol)",
        )
            .into_response();
    };
    let ticket = match edge.app.live.admit(&client.addr.0) {
        Ok(t) => t,
        Err(e) => return refuse(e),
    };
    // A token may come with the upgrade (non-browser clients) or in
    // `connection_init` (browsers cannot set headers on a WebSocket).
    let viewer = match viewer_of(&edge, headers.get(header::AUTHORIZATION)).await {
        Ok(v) => v,
        Err(e) => return refuse(e),
    };
    if let Some(s) = &client.socket {
        s.1.start();
    }
    upgrade
        .protocols(["graphql-transport-ws", "graphql-ws"])
        .max_message_size(MAX_MESSAGE)
        .on_upgrade(move |ws| serve_websocket(ws, edge, client, viewer, protocol, ticket))
}

async fn serve_websocket(
    ws: WebSocket,
    edge: Edge,
    client: Client,
    viewer: Viewer,
    protocol: WebSocketProtocols,
    ticket: Ticket,
) {
    let (mut sink, source) = ws.split();
    let input = source
        .take_while(|m| std::future::ready(m.is_ok()))
        .filter_map(|m| {
            std::future::ready(match m {
                Ok(Message::Text(t)) => Some(t.as_bytes().to_vec()),
                Ok(Message::Binary(b)) => Some(b.to_vec()),
                _ => None,
            })
        });
    let data = session(&edge, &client, viewer);
    let auth_edge = edge.clone();
    let protocol_name = protocol.sec_websocket_protocol();
    let mut messages = async_graphql::http::WebSocket::new(
        Subscriptions(edge.clone(), Arc::default()),
        input,
        protocol,
    )
    .connection_data(data)
    .on_connection_init(move |payload| async move {
        // `{ "Authorization": "Bearer …" }` (or `authorization`, `token`).
        let token = ["Authorization", "authorization", "token", "authToken"]
            .iter()
            .find_map(|k| payload.get(*k).and_then(|v| v.as_str()))
            .map(str::to_owned);
        let mut data = Data::default();
        if let Some(token) = token {
            let value = HeaderValue::from_str(&token)
                .map_err(|_| async_graphql::Error::new("the token is not valid"))?;
            let viewer = viewer_of(&auth_edge, Some(&value))
                .await
                .map_err(|e| async_graphql::Error::new(e.message()))?;
            data.insert(viewer);
        }
        Ok(data)
    });
    let mut stop = edge.app.stopping.subscribe();
    let stopped = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    tokio::pin!(stopped);
    let mut beat = tokio::time::interval(edge.app.live.heartbeat());
    beat.reset();
    let init_deadline = tokio::time::sleep(INIT_TIMEOUT);
    tokio::pin!(init_deadline);
    let mut acknowledged = false;
    let close = |code: u16, reason: &str| {
        Message::Close(Some(CloseFrame {
            code,
            reason: reason.to_owned().into(),
        }))
    };
    loop {
        let out = tokio::select! {
            m = messages.next() => match m {
                Some(async_graphql::http::WsMessage::Text(t)) => {
                    acknowledged |= t.contains("\"connection_ack\"");
                    Message::Text(t.into())
                }
                Some(async_graphql::http::WsMessage::Close(code, reason)) => {
                    let _ = sink.send(close(code, &reason)).await;
                    break;
                }
                None => break,
            },
            _ = beat.tick() => Message::Ping(Default::default()),
            () = &mut init_deadline, if !acknowledged => {
                let _ = sink.send(close(4408, "Connection initialisation timeout")).await;
                break;
            }
            () = &mut stopped => {
                let _ = sink.send(close(1001, "the server is restarting")).await;
                break;
            }
        };
        if sink.send(out).await.is_err() {
            break;
        }
    }
    tracing::debug!(protocol = protocol_name, "live connection closed");
    drop(ticket);
}

/// A subscription over Server-Sent Events: `next` events with each
/// result, then `complete`; comments as heartbeats.
pub async fn events(edge: Edge, client: Client, headers: &HeaderMap, request: Request) -> Response {
    let ticket = match edge.app.live.admit(&client.addr.0) {
        Ok(t) => t,
        Err(e) => return refuse(e),
    };
    let viewer = match viewer_of(&edge, headers.get(header::AUTHORIZATION)).await {
        Ok(v) => v,
        Err(e) => return refuse(e),
    };
    // Streaming while this stream lives; the connection's ordinary limits
    // come back after it (it may carry more requests).
    let streaming = client.socket.as_ref().map(|s| s.1.streaming());
    let data = Arc::new(session(&edge, &client, viewer));
    let results = Subscriptions(edge.clone(), Arc::default()).execute_stream(request, Some(data));
    let mut stop = edge.app.stopping.subscribe();
    let stopped = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    let heartbeat = edge.app.live.heartbeat();
    let events = results
        .take_until(stopped)
        .map(|r| {
            let json = serde_json::to_string(&r).unwrap_or_else(|_| "{}".into());
            Event::default().event("next").data(json)
        })
        .chain(futures_util::stream::once(async {
            Event::default().event("complete").data("")
        }))
        .map(move |e| {
            // Held for as long as the stream is.
            let _ = (&ticket, &streaming);
            Ok::<_, std::convert::Infallible>(e)
        });
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(heartbeat))
        .into_response();
    // Proxies must pass events on as they come.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
