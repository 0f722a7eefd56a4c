//! Every request gets an id (the client's `x-request-id` when it is sane,
//! else a new one), echoed in the answer and carried by every log line the
//! request writes; when its body is done, one access-log line says how it
//! went. Latency goes to the `/metrics` histograms.

use std::{
    pin::Pin,
    task::{Context, Poll},
    time::Instant,
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue},
    middleware::Next,
    response::Response,
};
use http_body::Frame;
use tracing::{Span, field};

use super::edge::Edge;
use crate::metrics::Operation;

const REQUEST_ID: &str = "x-request-id";

/// The middleware: names, times and logs one request.
pub async fn log(State(state): State<Edge>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(request.headers());
    let span = tracing::info_span!(
        "request",
        request_id = field::display(id.to_str().unwrap_or_default()),
        method = %request.method(),
        path = request.uri().path(),
    );
    if crate::telemetry::exporting() {
        continue_trace(&span, request.headers());
    }
    request.headers_mut().insert(REQUEST_ID, id.clone());
    let mut response = tracing::Instrument::instrument(next.run(request), span.clone()).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    let metrics = &state.app.metrics;
    metrics.record_http(status, elapsed);
    let operation = response.extensions().get::<Operation>().cloned();
    if let Some(operation) = &operation {
        metrics.record_operation(operation, elapsed);
    }
    response.headers_mut().insert(REQUEST_ID, id.clone());
    let cached = response.headers().contains_key("x-cache");
    response.map(|body| {
        Body::new(Logged {
            inner: body,
            line: Some(Line {
                span,
                id,
                started,
                status,
                operation,
                cached,
                bytes: 0,
                ended: false,
            }),
        })
    })
}

/// The client's id when it is 1 to 128 characters of letters, digits and
/// `-_.:` (safe in a header and a log line), else a new random one.
fn request_id(headers: &HeaderMap) -> HeaderValue {
    headers
        .get(REQUEST_ID)
        .filter(|v| {
            let v = v.as_bytes();
            (1..=128).contains(&v.len())
                && v.iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
        })
        .cloned()
        .unwrap_or_else(|| {
            let id = format!("{:032x}", rand::random::<u128>());
            HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("0"))
        })
}

/// Makes the request's span a child of the caller's trace (W3C
/// `traceparent`), so a frontend's trace continues into bantin.
fn continue_trace(span: &Span, headers: &HeaderMap) {
    use opentelemetry::propagation::{Extractor, TextMapPropagator};
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    struct Headers<'a>(&'a HeaderMap);
    impl Extractor for Headers<'_> {
        fn get(&self, key: &str) -> Option<&str> {
            self.0.get(key).and_then(|v| v.to_str().ok())
        }
        fn keys(&self) -> Vec<&str> {
            self.0.keys().map(|k| k.as_str()).collect()
        }
    }
    let parent =
        opentelemetry_sdk::propagation::TraceContextPropagator::new().extract(&Headers(headers));
    let _ = span.set_parent(parent);
}

/// What the access-log line says, filled in as the body goes out.
struct Line {
    span: Span,
    /// Also on the line itself: in JSON the span's fields sit in `spans`,
    /// and the access line is the one log searches start from.
    id: HeaderValue,
    started: Instant,
    status: u16,
    operation: Option<Operation>,
    cached: bool,
    bytes: u64,
    /// The body said it had nothing more.
    ended: bool,
}

impl Line {
    /// Written when the body is dropped: sent in full, or cut short by a
    /// client that went away (`complete = false`).
    fn write(&self, complete: bool) {
        let duration_ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let (kind, name) = match &self.operation {
            Some(op) => (Some(op.kind), op.name.as_deref()),
            None => (None, None),
        };
        self.span.in_scope(|| {
            tracing::info!(
                target: "bantin::access",
                request_id = self.id.to_str().unwrap_or_default(),
                status = self.status,
                duration_ms = (duration_ms * 1000.0).round() / 1000.0,
                bytes = self.bytes,
                operation_type = kind,
                operation = name,
                cached = self.cached,
                complete,
                "answered"
            );
        });
    }
}

pin_project_lite::pin_project! {
    /// A response body that counts what it sends and writes the access-log
    /// line when it is dropped.
    struct Logged {
        #[pin]
        inner: Body,
        line: Option<Line>,
    }

    impl PinnedDrop for Logged {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            if let Some(line) = this.line.take() {
                line.write(line.ended || http_body::Body::is_end_stream(&*this.inner));
            }
        }
    }
}

impl http_body::Body for Logged {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.project();
        let frame = std::task::ready!(this.inner.poll_frame(cx));
        if let Some(line) = this.line.as_mut() {
            match &frame {
                Some(Ok(frame)) => {
                    line.bytes += frame.data_ref().map_or(0, |d| d.len() as u64);
                }
                None => line.ended = true,
                Some(Err(_)) => {}
            }
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
