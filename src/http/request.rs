//! What a request says about its client: the address (the socket peer, or
//! behind our own proxy the address it saw) and the user agent, read the
//! same way by every route.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, header, request::Parts},
};

use super::edge::Edge;
use crate::graphql::mutation::{ClientAddr, UserAgent};

/// The client of a request.
pub struct Client {
    pub addr: ClientAddr,
    pub user_agent: UserAgent,
    /// The connection (absent when tests drive the router directly).
    pub socket: Option<super::listener::ClientSocket>,
}

impl FromRequestParts<Edge> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &Edge) -> Result<Self, Self::Rejection> {
        // Tests driving the router directly have no socket.
        let socket = parts
            .extensions
            .get::<ConnectInfo<super::listener::ClientSocket>>()
            .map(|c| c.0.clone());
        Ok(Client {
            addr: client_addr(
                state.app.config.trust_forwarded_for,
                socket.as_ref().map(|s| s.0),
                &parts.headers,
            ),
            user_agent: UserAgent(user_agent(&parts.headers)),
            socket,
        })
    }
}

/// The socket peer, or with `trust_forwarded_for` (behind a proxy we run)
/// the last `X-Forwarded-For` entry: the one our proxy appended. Entries
/// before it are whatever the client sent, so trusting the first would let
/// anyone pick an address per request.
fn client_addr(
    trust_forwarded_for: bool,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
) -> ClientAddr {
    if trust_forwarded_for
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
    ClientAddr(peer.map_or_else(|| "unknown".into(), |c| c.ip().to_string()))
}

/// The `User-Agent` header, for telling bots from readers.
fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(512).collect())
}
