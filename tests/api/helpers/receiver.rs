//! A webhook receiver on a local socket: records what it is sent and
//! answers with the statuses it is told to (200 once they run out).

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("JSON body")
    }
}

#[derive(Default)]
struct Inner {
    got: Vec<Received>,
    answers: VecDeque<u16>,
    /// Holds each answer this long (a slow receiver).
    delay: Duration,
}

#[derive(Clone, Default)]
pub struct Receiver {
    inner: Arc<Mutex<Inner>>,
    pub url: String,
}

async fn hook(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (status, delay) = {
        let mut inner = r.inner.lock().unwrap();
        inner.got.push(Received {
            id: h("webhook-id"),
            timestamp: h("webhook-timestamp"),
            signature: h("webhook-signature"),
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        (inner.answers.pop_front().unwrap_or(200), inner.delay)
    };
    tokio::time::sleep(delay).await;
    StatusCode::from_u16(status).unwrap()
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let r = Receiver {
            url: format!("http://{addr}/hook"),
            ..Receiver::default()
        };
        let app = Router::new()
            .route("/hook", post(hook))
            .with_state(r.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        r
    }

    /// Answers these statuses first, in order.
    pub fn answer(&self, statuses: &[u16]) {
        self.inner.lock().unwrap().answers.extend(statuses);
    }

    pub fn delay(&self, by: Duration) {
        self.inner.lock().unwrap().delay = by;
    }

    pub fn got(&self) -> Vec<Received> {
        self.inner.lock().unwrap().got.clone()
    }

    /// Waits (up to 20 s) until `n` requests have arrived; returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..400 {
            let got = self.got();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} requests, got {:?}", self.got());
    }
}
