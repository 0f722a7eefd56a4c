//! `POST /api/visit`: the beacon for frontends that send hits without a
//! GraphQL client. Takes JSON, or the text and form bodies that
//! `navigator.sendBeacon` sends; answers 204.

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::request::Client;
use crate::{
    error::AppError,
    http::edge::Edge,
    service::{publication::ContentKind, visit::Hit},
};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Beacon {
    path: String,
    kind: Option<String>,
    id: Option<serde_json::Value>,
    article_id: Option<serde_json::Value>,
    visitor_id: Option<String>,
}

/// The same fields as a form: every value is text.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FormBeacon {
    path: String,
    kind: Option<String>,
    id: Option<String>,
    article_id: Option<String>,
    visitor_id: Option<String>,
}

fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Beacon, AppError> {
    let bad = || {
        AppError::invalid(
            "body",
            "send JSON like {\"path\": \"/tin-tuc\"} or a form with path=",
        )
    };
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if form {
        let f: FormBeacon = serde_urlencoded::from_bytes(body).map_err(|_| bad())?;
        return Ok(Beacon {
            path: f.path,
            kind: f.kind,
            id: f.id.map(serde_json::Value::String),
            article_id: f.article_id.map(serde_json::Value::String),
            visitor_id: f.visitor_id,
        });
    }
    // JSON, whether labelled application/json or text/plain (sendBeacon with a string).
    serde_json::from_slice(body).map_err(|_| bad())
}

fn id_of(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .filter(|n| *n > 0)
}

/// Records one hit; 204 on success (bots included: they are simply not counted).
pub async fn beacon(
    State(state): State<Edge>,
    client: Client,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        let b = parse(&headers, &body)?;
        let item = match (b.kind.as_deref(), b.id.as_ref(), b.article_id.as_ref()) {
            (_, _, Some(a)) => Some((
                ContentKind::Article,
                id_of(a).ok_or_else(|| AppError::invalid("articleId", "not an id"))?,
            )),
            (Some(k), Some(id), None) => Some((
                ContentKind::parse(k).ok_or_else(|| {
                    AppError::invalid("kind", "kind is article, video, gallery, document or page")
                })?,
                id_of(id).ok_or_else(|| AppError::invalid("id", "not an id"))?,
            )),
            (None, None, None) => None,
            _ => return Err(AppError::invalid("kind", "give kind and id together")),
        };
        let hit = Hit {
            path: &b.path,
            item,
            visitor_id: b.visitor_id.as_deref(),
            client_addr: Some(&client.addr.0),
            user_agent: client.user_agent.0.as_deref(),
        };
        state.app.visits.record(&state.app.db, hit).await
    }
    .await;
    match result {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}
