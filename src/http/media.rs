//! Media files over plain HTTP: `GET /media/{key}` serves the library's
//! files, `POST /api/media` uploads one for tools without a GraphQL client.

use std::io::{Seek, Write};

use axum::{
    extract::{Multipart, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{edge::Edge, error::problem_of, graphql::run_prepared, request::Client};
use crate::{error::AppError, graphql::documents::Refusal};

/// What a stored file is served as, by its extension.
fn content_type(key: &str) -> Option<(&'static str, bool)> {
    let ext = key.rsplit('.').next()?;
    // (type, download rather than show)
    Some(match ext {
        "jpeg" | "jpg" => ("image/jpeg", false),
        "png" => ("image/png", false),
        "webp" => ("image/webp", false),
        "pdf" => ("application/pdf", true),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            true,
        ),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            true,
        ),
        "odt" => ("application/vnd.oasis.opendocument.text", true),
        _ => return None,
    })
}

/// A picture of the demo site, drawn from its name (see `seed::pictures`).
fn demo_picture(file: &str) -> Response {
    let Some(svg) = crate::seed::pictures::svg(file) else {
        return problem_of(AppError::NotFound("file"));
    };
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // Opened on its own, an SVG is a document: this one may run
            // nothing and load nothing.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            ),
        ],
        svg,
    )
        .into_response()
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes; `Err`
/// when it cannot be satisfied. Several ranges are answered whole.
fn range(value: &str, size: u64) -> Option<Result<std::ops::Range<u64>, ()>> {
    let spec = value.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let r = match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        // A malformed range is ignored: the whole file (RFC 9110, 14.2).
        (Some(a), Some(b)) if a > b => return None,
        (Some(a), Some(b)) if a < size => a..(b + 1).min(size),
        (Some(a), None) if b.is_empty() && a < size => a..size,
        (None, Some(n)) if a.is_empty() && n > 0 && size > 0 => size.saturating_sub(n)..size,
        (None, None) => return None,
        _ => return Some(Err(())),
    };
    Some(Ok(r))
}

/// `GET /media/{key}`: a library file, cached for a year (its name is its
/// content's hash), with ranges for long documents.
pub async fn serve(
    State(edge): State<Edge>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let safe = key.len() < 200
        && !key.contains("..")
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '/' | '.' | '-'));
    if let Some(file) = key.strip_prefix("demo/").filter(|_| safe) {
        return demo_picture(file);
    }
    let Some((mime, download)) = content_type(&key).filter(|_| safe) else {
        return problem_of(AppError::NotFound("file"));
    };
    let stem = key.rsplit('/').next().unwrap_or(&key);
    let etag = format!("\"{stem}\"");
    // Weak comparison, as If-None-Match asks.
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        });
    let mut out = HeaderMap::new();
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, v);
    }
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if fresh {
        return (StatusCode::NOT_MODIFIED, out).into_response();
    }
    let store = &edge.app.media;
    let wanted = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let part = match &wanted {
        Some(r) => {
            let Ok(Some(size)) = store.size(&key).await else {
                return problem_of(AppError::NotFound("file"));
            };
            match range(r, size) {
                Some(Ok(r)) => Some(r),
                Some(Err(())) => {
                    let mut refused = HeaderMap::new();
                    if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                        refused.insert(header::CONTENT_RANGE, v);
                    }
                    return (StatusCode::RANGE_NOT_SATISFIABLE, refused).into_response();
                }
                None => None,
            }
        }
        None => None,
    };
    let partial = part.is_some();
    let file = match store.stream(&key, part).await {
        Ok(Some(f)) => f,
        Ok(None) => return problem_of(AppError::NotFound("file")),
        Err(e) => return problem_of(e),
    };
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if download && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{stem}\"")) {
        out.insert(header::CONTENT_DISPOSITION, v);
    }
    let r = file.range.clone();
    out.insert(header::CONTENT_LENGTH, HeaderValue::from(r.end - r.start));
    let status = if partial {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "bytes {}-{}/{}",
            r.start,
            r.end.saturating_sub(1),
            file.size
        )) {
            out.insert(header::CONTENT_RANGE, v);
        }
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    (status, out, axum::body::Body::from_stream(file.chunks)).into_response()
}

/// Uploads at once in this process: each may hold its file in memory.
static UPLOADS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(tokio::sync::Semaphore::new(8)));

/// Before a byte of an upload is read: a token that may upload, and a
/// place among the uploads in flight (held until the answer).
///
/// # Errors
/// `UNAUTHENTICATED`/`FORBIDDEN`; `RATE_LIMITED` while too many uploads run.
pub async fn admit_upload(
    edge: &Edge,
    headers: &HeaderMap,
) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
    let viewer = crate::auth::from_header(
        &edge.app.keys,
        &edge.app.db,
        headers.get(header::AUTHORIZATION),
    )
    .await?;
    viewer.require(crate::service::access::Action::CreateMedia)?;
    tokio::time::timeout(
        std::time::Duration::from_secs(15),
        UPLOADS.clone().acquire_owned(),
    )
    .await
    .ok()
    .and_then(Result::ok)
    .ok_or(AppError::RateLimited {
        retry_after_secs: 5,
    })
}

const UPLOAD: &str = "mutation($file: Upload!, $alt: String, $caption: String, $credit: String) { \
  uploadMedia(file: $file, alt: $alt, caption: $caption, credit: $credit) { \
    id url kind mimeType bytes width height filename alt caption credit placeholder dominantColor \
    variants { url width height format } srcset createdAt } }";

/// `POST /api/media`: a multipart form with `file` (and `alt`, `caption`,
/// `credit`) and a bearer token; answers 201 with the stored file as JSON,
/// or a problem document.
pub async fn upload(
    State(edge): State<Edge>,
    client: Client,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    if !headers.contains_key(header::AUTHORIZATION) {
        return problem_of(AppError::Unauthenticated(
            "uploads need an Authorization: Bearer token".into(),
        ));
    }
    let _slot = match admit_upload(&edge, &headers).await {
        Ok(slot) => slot,
        Err(e) => return problem_of(e),
    };
    let Ok(mut form) = multipart else {
        return problem_of(AppError::invalid(
            "body",
            "send a multipart/form-data body with a `file` field",
        ));
    };
    let mut vars = serde_json::Map::new();
    let mut file: Option<async_graphql::UploadValue> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                let message = if too_large {
                    format!(
                        "the file is larger than {} MB",
                        edge.app.config.media.max_bytes >> 20
                    )
                } else {
                    format!("the form could not be read: {}", e.body_text())
                };
                return problem_of(AppError::invalid("file", message));
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                if file.is_some() {
                    return problem_of(AppError::invalid("file", "send one file per request"));
                }
                let filename = field.file_name().unwrap_or("upload").to_owned();
                let content_type = field.content_type().map(str::to_owned);
                let Ok(mut content) = tempfile::tempfile() else {
                    return problem_of(AppError::internal("no temporary file for an upload"));
                };
                // Chunk by chunk to the temporary file, never whole in memory.
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if content.write_all(&chunk).is_err() {
                                return problem_of(AppError::internal("writing an upload failed"));
                            }
                        }
                        Ok(None) => break,
                        Err(_) => {
                            return problem_of(AppError::invalid(
                                "file",
                                format!(
                                    "the file could not be read, or is larger than {} MB",
                                    edge.app.config.media.max_bytes >> 20
                                ),
                            ));
                        }
                    }
                }
                if content.rewind().is_err() {
                    return problem_of(AppError::internal("writing an upload failed"));
                }
                file = Some(async_graphql::UploadValue {
                    filename,
                    content_type,
                    content,
                });
            }
            "alt" | "caption" | "credit" => {
                let text = field.text().await.unwrap_or_default();
                vars.insert(name, text.into());
            }
            _ => {
                return problem_of(AppError::invalid(
                    "body",
                    format!(
                        "unknown field `{}`: send file, alt, caption, credit",
                        name.chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
    }
    let Some(file) = file else {
        return problem_of(AppError::invalid("file", "the form has no `file` field"));
    };
    vars.insert("file".into(), serde_json::Value::Null);
    let mut request = async_graphql::Request::new(UPLOAD)
        .variables(async_graphql::Variables::from_json(
            serde_json::Value::Object(vars),
        ))
        .data(client.addr.clone())
        .data(client.user_agent);
    request.set_upload("variables.file", file);
    let prepared = match edge.documents.prepare(&mut request, false) {
        Ok(p) => p,
        Err(Refusal::Invalid(e)) => return problem_of(e),
        Err(_) => return problem_of(AppError::internal("the upload document was refused")),
    };
    let work = crate::service::audit::with_client(
        client.addr.0.clone(),
        run_prepared(&edge, &headers, request, prepared, false),
    );
    let executed = match tokio::time::timeout(edge.app.config.request_timeout, work).await {
        Ok(Ok(e)) => e,
        Ok(Err((_, e))) => return problem_of(e),
        Err(_) => return problem_of(AppError::internal("the upload took too long")),
    };
    if let Some(e) = executed.response.errors.first() {
        return super::error::problem(e);
    }
    let data = executed
        .response
        .data
        .into_json()
        .unwrap_or(serde_json::Value::Null);
    (StatusCode::CREATED, axum::Json(data["uploadMedia"].clone())).into_response()
}
