//! Logs and traces: plain text (coloured only at a terminal) or one JSON
//! object per line, and OpenTelemetry traces over OTLP when an endpoint is
//! set. Every line a request logs carries its request id (see
//! `http::access`).

use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::{Resource, trace::SdkTracerProvider};
use tracing_subscriber::{EnvFilter, Layer, layer::SubscriberExt, util::SubscriberInitExt};

use crate::config::{LogFormat, ObserveConfig};

/// Whether spans are exported: then requests continue a caller's trace
/// (`traceparent`) and GraphQL resolvers get spans of their own.
static EXPORTING: AtomicBool = AtomicBool::new(false);

/// Whether traces go out over OTLP.
pub fn exporting() -> bool {
    EXPORTING.load(Ordering::Relaxed)
}

/// Keeps the trace exporter; dropping it sends the spans still buffered.
#[must_use = "dropping it stops the log writer and the trace exporter"]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
    /// Writes what is still queued when dropped.
    _logs: tracing_appender::non_blocking::WorkerGuard,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take()
            && let Err(e) = provider.shutdown()
        {
            eprintln!("bantin: traces not all sent: {e}");
        }
    }
}

/// Installs the process's log and trace subscriber. Call it before the
/// async runtime starts: the OTLP exporter sends from a thread of its own
/// with a blocking HTTP client, which must not be made inside the runtime.
///
/// # Errors
/// The OTLP exporter cannot be built from its `OTEL_EXPORTER_OTLP_*`
/// settings.
pub fn init(config: &ObserveConfig) -> Result<Telemetry, String> {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Lines are written by a thread of their own, in batches while requests
    // come fast: a request pays for formatting its line, and a slow reader
    // of standard error (a log shipper, a full pipe) never stalls a runtime
    // thread. Nothing is dropped: a full queue makes the writer wait.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("bantin-log")
        .finish(std::io::BufWriter::new(std::io::stderr()));
    let logs = match config.log_format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            // The list of spans holds the request's, with its id, however deep
            // the line is written; the current span alone would repeat it.
            .with_current_span(false)
            .with_writer(writer)
            .boxed(),
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .with_writer(writer)
            // Colour codes only for a person at a terminal, never into a file.
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .boxed(),
    };
    let provider = if config.otlp {
        // The exporter reads the standard OTEL_EXPORTER_OTLP_* variables
        // (endpoint, headers, timeout) itself.
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .build()
            .map_err(|e| format!("cannot set up OTLP traces: {e}"))?;
        let mut resource = Resource::builder();
        if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
            resource = resource.with_service_name("bantin");
        }
        Some(
            SdkTracerProvider::builder()
                .with_batch_exporter(exporter)
                .with_resource(resource.build())
                .build(),
        )
    } else {
        None
    };
    let traces = provider.as_ref().map(|p| {
        tracing_opentelemetry::layer()
            .with_tracer(p.tracer("bantin"))
            .with_filter(tracing_subscriber::filter::LevelFilter::INFO)
    });
    tracing_subscriber::registry()
        .with(logs.with_filter(filter))
        .with(traces)
        .try_init()
        .map_err(|e| format!("cannot set up logging: {e}"))?;
    EXPORTING.store(provider.is_some(), Ordering::Relaxed);
    Ok(Telemetry {
        provider,
        _logs: guard,
    })
}
