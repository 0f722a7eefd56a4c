//! Configuration, read once from the environment at start-up.
//!
//! Nothing else in bantin reads environment variables: tests build a
//! [`Config`] directly, and the CLI builds one with [`Config::from_env`].

use std::{fmt, net::SocketAddr, path::Path, time::Duration};

use chrono_tz::Tz;

/// Default database: an SQLite file in the working folder, created on start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://bantin.db?mode=rwc";

/// Everything bantin needs to run. `Debug` redacts secrets.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub jwt: JwtConfig,
    /// The site's time zone: "today" and "this year" are the site's, not UTC's.
    pub timezone: Tz,
    /// Largest `perPage` a list accepts; above it the request is refused.
    pub max_per_page: u64,
    /// Largest query depth and complexity; introspection needs about 15 and 220.
    pub max_depth: usize,
    pub max_complexity: usize,
    /// Longest a database statement may run before the request fails.
    pub db_timeout: Duration,
    pub db_max_connections: u32,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy you run).
    pub trust_forwarded_for: bool,
    /// How often buffered visit counts are written; zero writes every hit at once.
    /// A hard crash loses at most this much counting.
    pub visit_flush_interval: Duration,
    /// The in-memory cache of public query answers (`BANTIN_RESPONSE_CACHE`,
    /// `BANTIN_RESPONSE_CACHE_MB`); `None` when switched off.
    pub response_cache_bytes: Option<usize>,
    /// How long a cached answer that shows visit counters may lag them.
    pub counter_cache: Duration,
    /// How long shared caches (CDNs) may serve a public answer without
    /// asking again (`s-maxage`); zero makes them revalidate every time.
    pub cdn_max_age: Duration,
    /// How long past that a CDN may serve the old answer while it fetches
    /// the new one (`stale-while-revalidate`).
    pub stale_while_revalidate: Duration,
    /// Origins allowed by CORS; empty allows any (credentials are never allowed).
    pub cors_origins: Vec<String>,
    /// Longest a GraphQL request may take, database waits included; past
    /// it the work is dropped and the client gets 503 `INTERNAL`.
    pub request_timeout: Duration,
    /// Longest a graceful stop waits for requests in flight before exiting.
    pub shutdown_timeout: Duration,
    /// From a request's first byte to the end of its headers.
    pub header_timeout: Duration,
    /// Longest a kept-alive connection may sit idle between requests.
    pub idle_timeout: Duration,
    /// Open connections at once; more wait in the kernel's queue.
    pub max_connections: usize,
    /// How long the change log keeps its entries (`changes` cursors older
    /// than this expire).
    pub changes_retention: Duration,
    /// Where the frontend shows each item: the absolute links of feeds and
    /// sitemaps.
    pub links: Links,
    /// How webhooks are sent.
    pub webhooks: WebhookConfig,
    /// Live subscriptions (WebSocket and Server-Sent Events).
    pub live: LiveConfig,
    /// The media library.
    pub media: MediaConfig,
    /// Logs, traces and `/metrics`.
    pub observe: ObserveConfig,
}

/// How the process shows what it does: its log format, whether traces go
/// out over OTLP, and who may read `/metrics`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObserveConfig {
    /// `BANTIN_LOG_FORMAT`: `text` (the default) or `json`.
    pub log_format: LogFormat,
    /// Traces are sent over OTLP (`OTEL_EXPORTER_OTLP_ENDPOINT` or
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set).
    pub otlp: bool,
    /// `BANTIN_METRICS_TOKEN`: when set, `/metrics` asks for it as a bearer
    /// token.
    pub metrics_token: Option<String>,
}

/// The format of log lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines, coloured at a terminal.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl ObserveConfig {
    /// Read from the environment on its own, before the rest: logging
    /// starts first so that configuration errors are logged too.
    ///
    /// # Errors
    /// `BANTIN_LOG_FORMAT` is neither `text` nor `json`.
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &'static str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let log_format = match var("BANTIN_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    var: "BANTIN_LOG_FORMAT",
                    message: format!("`{other}` is not a log format: use text or json"),
                });
            }
        };
        Ok(ObserveConfig {
            log_format,
            otlp: var("OTEL_EXPORTER_OTLP_ENDPOINT").is_some()
                || var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").is_some(),
            metrics_token: var("BANTIN_METRICS_TOKEN"),
        })
    }
}

/// The media library: where files go, how they are linked, what is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaConfig {
    pub store: MediaStoreConfig,
    /// Where clients fetch files: `BANTIN_MEDIA_BASE_URL` (a CDN in front),
    /// else this server's `/media`. No trailing slash.
    pub base_url: String,
    /// Largest upload (`BANTIN_UPLOAD_MAX_MB`, 20).
    pub max_bytes: usize,
    /// Widths of an image's variants.
    pub widths: Vec<u32>,
}

/// `BANTIN_MEDIA_STORE`: a folder (default: `media/` beside an SQLite
/// file, `./media` otherwise) or `s3://bucket/prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaStoreConfig {
    Local(std::path::PathBuf),
    S3(S3Config),
}

/// An S3-compatible bucket, with the usual AWS variables
/// (`AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP`).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    pub prefix: String,
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub allow_http: bool,
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("secret_access_key", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl MediaConfig {
    /// The defaults for a database: files in `media/` beside an SQLite file.
    pub fn beside(database_url: &str, base_url: String) -> Self {
        MediaConfig {
            store: MediaStoreConfig::Local(default_media_dir(database_url)),
            base_url,
            max_bytes: 20 << 20,
            widths: vec![320, 640, 1024, 1600],
        }
    }

    /// The public URL of a stored file.
    pub fn url(&self, key: &str) -> String {
        format!("{}/{key}", self.base_url)
    }

    /// The storage key of one of our URLs: under the base URL, or under
    /// any `/media/` (content saved before the base URL changed).
    pub fn key_of<'a>(&self, url: &'a str) -> Option<&'a str> {
        let key = match url.strip_prefix(&self.base_url) {
            Some(rest) => rest.strip_prefix('/')?,
            None => &url[url.find("/media/")? + "/media/".len()..],
        };
        (!key.is_empty()).then_some(key)
    }
}

/// `<name>-media/` beside an SQLite file `<name>.db`; `./media` for a
/// server database.
fn default_media_dir(database_url: &str) -> std::path::PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or(rest));
    match file {
        Some(f) if !f.is_empty() && f != ":memory:" => {
            let f = Path::new(f);
            let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("bantin");
            f.with_file_name(format!("{stem}-media"))
        }
        _ => Path::new("media").to_path_buf(),
    }
}

/// How webhooks are sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookConfig {
    /// Send to loopback, private and link-local addresses too
    /// (`BANTIN_WEBHOOK_ALLOW_PRIVATE=1`: tests, intranets).
    pub allow_private: bool,
    /// Longest one attempt may take (`BANTIN_WEBHOOK_TIMEOUT_SECS`, 10).
    pub timeout: Duration,
    /// Attempts in flight at once from this instance
    /// (`BANTIN_WEBHOOK_CONCURRENCY`, 8).
    pub concurrency: usize,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            allow_private: false,
            timeout: Duration::from_secs(10),
            concurrency: 8,
        }
    }
}

/// Limits of live subscriptions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveConfig {
    /// Open subscription connections in all (`BANTIN_LIVE_MAX`, 2000).
    pub max_connections: usize,
    /// Open subscription connections per client address
    /// (`BANTIN_LIVE_MAX_PER_CLIENT`, 16).
    pub per_client: usize,
    /// How often an idle connection hears from the server (a WebSocket
    /// ping, an SSE comment): proxies keep it open, dead peers are found.
    pub heartbeat: Duration,
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            max_connections: 2000,
            per_client: 16,
            heartbeat: Duration::from_secs(15),
        }
    }
}

/// The frontend's addresses: a public base URL and one path pattern per
/// kind, where `{slug}` and `{id}` stand for the item's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// `BANTIN_PUBLIC_URL`, without a trailing slash.
    pub public_url: String,
    /// `BANTIN_SITE_NAME`: the title of feeds.
    pub site_name: String,
    pub article: String,
    pub category: String,
    pub video: String,
    pub gallery: String,
    pub document: String,
    pub page: String,
}

impl Links {
    /// The defaults: a portal whose paths say what they hold, in Vietnamese.
    pub fn with_base(public_url: &str) -> Self {
        Links {
            public_url: public_url.trim_end_matches('/').to_owned(),
            site_name: "Cổng thông tin điện tử".into(),
            article: "/tin-tuc/{slug}".into(),
            category: "/chuyen-muc/{slug}".into(),
            video: "/video/{slug}".into(),
            gallery: "/thu-vien-anh/{slug}".into(),
            document: "/van-ban/{slug}".into(),
            page: "/{slug}".into(),
        }
    }

    /// The absolute URL of an item from its kind's `pattern`.
    pub fn url(&self, pattern: &str, slug: &str, id: i64) -> String {
        format!(
            "{}{}",
            self.public_url,
            pattern
                .replace("{slug}", slug)
                .replace("{id}", &id.to_string())
        )
    }

    /// The path pattern of a kind (`article`, `category`...).
    pub fn pattern(&self, kind: &str) -> Option<&str> {
        Some(match kind {
            "article" => &self.article,
            "category" => &self.category,
            "video" => &self.video,
            "gallery" => &self.gallery,
            "document" => &self.document,
            "page" => &self.page,
            _ => return None,
        })
    }

    /// An absolute URL of this server's own `path` (feeds, sitemaps).
    pub fn own(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

/// How access tokens are signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtKeyPair {
    /// HMAC-SHA256 with `JwtConfig::secret` (the default).
    None,
    /// Ed25519 or RSA-SHA256 key pair, as PEM text: other services can then
    /// check tokens with the public key alone.
    EdDsa {
        private_pem: String,
        public_pem: String,
    },
    Rs256 {
        private_pem: String,
        public_pem: String,
    },
}

/// Signing settings for access tokens.
#[derive(Clone)]
pub struct JwtConfig {
    /// HS256 key (when no key pair is set) and seed of visitor pseudonyms.
    pub secret: String,
    pub key_pair: JwtKeyPair,
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
}

/// A configuration value that could not be used, with the variable's name.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

impl Config {
    /// `Cache-Control` of public answers: browsers always revalidate (the
    /// ETag makes that a 304); CDNs as configured.
    pub fn public_cache_control(&self) -> String {
        let (cdn, stale) = (
            self.cdn_max_age.as_secs(),
            self.stale_while_revalidate.as_secs(),
        );
        match (cdn, stale) {
            (0, 0) => "public, max-age=0, must-revalidate".to_owned(),
            (cdn, 0) => format!("public, max-age=0, s-maxage={cdn}"),
            (cdn, stale) => {
                format!("public, max-age=0, s-maxage={cdn}, stale-while-revalidate={stale}")
            }
        }
    }

    /// Reads `BANTIN_*` variables. When no JWT secret is set and the database is
    /// a local SQLite file, a secret is generated once and kept beside it.
    ///
    /// # Errors
    /// A variable that is set but cannot be parsed, or a secret file that cannot
    /// be read or written.
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &'static str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let database_url =
            var("BANTIN_DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let bind = match var("BANTIN_BIND") {
            Some(v) => v.parse().map_err(|_| ConfigError {
                var: "BANTIN_BIND",
                message: format!("`{v}` is not an address like 127.0.0.1:8080"),
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let timezone = match var("BANTIN_TIMEZONE") {
            Some(v) => v.parse().map_err(|_| ConfigError {
                var: "BANTIN_TIMEZONE",
                message: format!("`{v}` is not an IANA time zone like Asia/Ho_Chi_Minh"),
            })?,
            None => chrono_tz::Asia::Ho_Chi_Minh,
        };
        let secret = match var("BANTIN_JWT_SECRET") {
            Some(s) if s.len() >= 32 => s,
            Some(_) => {
                return Err(ConfigError {
                    var: "BANTIN_JWT_SECRET",
                    message: "must be at least 32 characters".into(),
                });
            }
            None => secret_beside_database(&database_url)?,
        };
        let secs = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            match var(name) {
                Some(v) => v.parse().map(Duration::from_secs).map_err(|_| ConfigError {
                    var: name,
                    message: format!("`{v}` is not a number of seconds"),
                }),
                None => Ok(Duration::from_secs(default)),
            }
        };
        let media = media_from_env(&var, &database_url, bind)?;
        Ok(Config {
            database_url,
            bind,
            jwt: JwtConfig {
                secret,
                key_pair: key_pair_from_env(&var)?,
                issuer: var("BANTIN_JWT_ISSUER").unwrap_or_else(|| "bantin".into()),
                audience: var("BANTIN_JWT_AUDIENCE").unwrap_or_else(|| "bantin-api".into()),
                access_ttl: secs("BANTIN_ACCESS_TTL_SECS", 15 * 60)?,
                refresh_ttl: secs("BANTIN_REFRESH_TTL_SECS", 30 * 24 * 3600)?,
            },
            timezone,
            max_per_page: crate::service::pagination::MAX_PER_PAGE,
            max_depth: 20,
            max_complexity: 5000,
            db_timeout: secs("BANTIN_DB_TIMEOUT_SECS", 5)?,
            db_max_connections: 16,
            trust_forwarded_for: var("BANTIN_TRUST_FORWARDED_FOR")
                .is_some_and(|v| v == "1" || v == "true"),
            visit_flush_interval: match var("BANTIN_VISIT_FLUSH_MS") {
                Some(v) => v
                    .parse()
                    .map(Duration::from_millis)
                    .map_err(|_| ConfigError {
                        var: "BANTIN_VISIT_FLUSH_MS",
                        message: format!("`{v}` is not a number of milliseconds"),
                    })?,
                None => Duration::from_secs(1),
            },
            response_cache_bytes: match var("BANTIN_RESPONSE_CACHE").as_deref() {
                None | Some("on" | "1" | "true") => Some(match var("BANTIN_RESPONSE_CACHE_MB") {
                    None => 64 << 20,
                    Some(v) => v
                        .parse::<usize>()
                        .map(|mb| mb << 20)
                        .map_err(|_| ConfigError {
                            var: "BANTIN_RESPONSE_CACHE_MB",
                            message: format!("`{v}` is not a number of megabytes"),
                        })?,
                }),
                Some("off" | "0" | "false") => None,
                Some(v) => {
                    return Err(ConfigError {
                        var: "BANTIN_RESPONSE_CACHE",
                        message: format!("`{v}` is neither on nor off"),
                    });
                }
            },
            counter_cache: secs("BANTIN_COUNTER_CACHE_SECS", 10)?,
            cors_origins: var("BANTIN_CORS_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_owned())
                        .filter(|o| !o.is_empty() && o != "*")
                        .collect()
                })
                .unwrap_or_default(),
            request_timeout: secs("BANTIN_REQUEST_TIMEOUT_SECS", 30)?,
            cdn_max_age: secs("BANTIN_CDN_MAX_AGE_SECS", 0)?,
            stale_while_revalidate: secs("BANTIN_STALE_WHILE_REVALIDATE_SECS", 0)?,
            shutdown_timeout: secs("BANTIN_SHUTDOWN_TIMEOUT_SECS", 20)?,
            header_timeout: secs("BANTIN_HEADER_TIMEOUT_SECS", 10)?,
            idle_timeout: secs("BANTIN_IDLE_TIMEOUT_SECS", 60)?,
            max_connections: match var("BANTIN_MAX_CONNECTIONS") {
                Some(v) => v.parse().map_err(|_| ConfigError {
                    var: "BANTIN_MAX_CONNECTIONS",
                    message: format!("`{v}` is not a number of connections"),
                })?,
                None => default_max_connections(),
            },
            changes_retention: match var("BANTIN_CHANGES_RETENTION_DAYS") {
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|d| *d > 0)
                    .map(|d| Duration::from_secs(d * 86_400))
                    .ok_or_else(|| ConfigError {
                        var: "BANTIN_CHANGES_RETENTION_DAYS",
                        message: format!("`{v}` is not a positive number of days"),
                    })?,
                None => Duration::from_secs(90 * 86_400),
            },
            links: links_from_env(&var, bind)?,
            webhooks: WebhookConfig {
                allow_private: var("BANTIN_WEBHOOK_ALLOW_PRIVATE")
                    .is_some_and(|v| v == "1" || v == "true"),
                timeout: secs("BANTIN_WEBHOOK_TIMEOUT_SECS", 10)?.max(Duration::from_secs(1)),
                concurrency: count(&var, "BANTIN_WEBHOOK_CONCURRENCY", 8)?,
            },
            media,
            live: LiveConfig {
                max_connections: count(&var, "BANTIN_LIVE_MAX", 2000)?,
                per_client: count(&var, "BANTIN_LIVE_MAX_PER_CLIENT", 16)?,
                heartbeat: secs("BANTIN_LIVE_HEARTBEAT_SECS", 15)?.max(Duration::from_secs(1)),
            },
            observe: ObserveConfig::from_env()?,
        })
    }

    /// A configuration for tests and tools: the given database, a fixed secret.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        let url: String = database_url.into();
        Config {
            database_url: url.clone(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            jwt: JwtConfig {
                secret: "test-secret-that-is-long-enough-0123456789".into(),
                key_pair: JwtKeyPair::None,
                issuer: "bantin".into(),
                audience: "bantin-api".into(),
                access_ttl: Duration::from_secs(15 * 60),
                refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            },
            timezone: chrono_tz::Asia::Ho_Chi_Minh,
            max_per_page: crate::service::pagination::MAX_PER_PAGE,
            max_depth: 20,
            max_complexity: 5000,
            db_timeout: Duration::from_secs(5),
            db_max_connections: 8,
            trust_forwarded_for: false,
            visit_flush_interval: Duration::from_secs(1),
            response_cache_bytes: Some(16 * 1024 * 1024),
            // Tools and tests read counters live.
            counter_cache: Duration::ZERO,
            cors_origins: Vec::new(),
            request_timeout: Duration::from_secs(30),
            cdn_max_age: Duration::ZERO,
            stale_while_revalidate: Duration::ZERO,
            shutdown_timeout: Duration::from_secs(20),
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            changes_retention: Duration::from_secs(90 * 86_400),
            links: Links::with_base("https://songlam.example.vn"),
            webhooks: WebhookConfig::default(),
            live: LiveConfig::default(),
            observe: ObserveConfig::default(),
            media: MediaConfig {
                // A server database's files apart from every other's (tests
                // open many).
                store: if url.starts_with("postgres") {
                    MediaStoreConfig::Local(std::env::temp_dir().join(format!(
                        "bantin-media-{}",
                        url.rsplit('/').next().unwrap_or("db")
                    )))
                } else {
                    MediaStoreConfig::Local(default_media_dir(&url))
                },
                ..MediaConfig::beside(&url, "http://127.0.0.1:8080/media".into())
            },
        }
    }
}

/// `BANTIN_MEDIA_STORE`, `BANTIN_MEDIA_BASE_URL`, `BANTIN_UPLOAD_MAX_MB`.
fn media_from_env(
    var: &impl Fn(&'static str) -> Option<String>,
    database_url: &str,
    bind: SocketAddr,
) -> Result<MediaConfig, ConfigError> {
    let base = var("BANTIN_MEDIA_BASE_URL")
        .map(|b| b.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("http://{bind}/media"));
    let mut media = MediaConfig::beside(database_url, base);
    if let Some(mb) = var("BANTIN_UPLOAD_MAX_MB") {
        media.max_bytes = mb
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1024).contains(n))
            .map(|n| n << 20)
            .ok_or_else(|| ConfigError {
                var: "BANTIN_UPLOAD_MAX_MB",
                message: format!("`{mb}` is not a number of megabytes from 1 to 1024"),
            })?;
    }
    match var("BANTIN_MEDIA_STORE") {
        None => {}
        Some(v) if v.starts_with("s3://") => {
            let rest = &v["s3://".len()..];
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(ConfigError {
                    var: "BANTIN_MEDIA_STORE",
                    message: "write s3://bucket or s3://bucket/prefix".into(),
                });
            }
            media.store = MediaStoreConfig::S3(S3Config {
                bucket: bucket.to_owned(),
                prefix: prefix.trim_matches('/').to_owned(),
                endpoint: var("AWS_ENDPOINT_URL").or_else(|| var("AWS_ENDPOINT")),
                region: var("AWS_REGION")
                    .or_else(|| var("AWS_DEFAULT_REGION"))
                    .unwrap_or_else(|| "us-east-1".into()),
                access_key_id: var("AWS_ACCESS_KEY_ID"),
                secret_access_key: var("AWS_SECRET_ACCESS_KEY"),
                allow_http: var("AWS_ALLOW_HTTP").is_some_and(|v| v == "1" || v == "true"),
            });
        }
        Some(dir) => media.store = MediaStoreConfig::Local(dir.into()),
    }
    Ok(media)
}

/// A positive count from the environment, or `default`.
fn count(
    var: &impl Fn(&'static str) -> Option<String>,
    name: &'static str,
    default: usize,
) -> Result<usize, ConfigError> {
    match var(name) {
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ConfigError {
                var: name,
                message: format!("`{v}` is not a positive number"),
            }),
        None => Ok(default),
    }
}

/// `BANTIN_PUBLIC_URL` (default: the address served), `BANTIN_SITE_NAME`
/// and `BANTIN_URL_ARTICLE`, `_CATEGORY`, `_VIDEO`, `_GALLERY`,
/// `_DOCUMENT`, `_PAGE` (paths with `{slug}` or `{id}`).
fn links_from_env(
    var: &impl Fn(&'static str) -> Option<String>,
    bind: SocketAddr,
) -> Result<Links, ConfigError> {
    let base = var("BANTIN_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
    let lower = base.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) || base.contains(' ') {
        return Err(ConfigError {
            var: "BANTIN_PUBLIC_URL",
            message: format!("`{base}` is not an http(s) URL like https://songlam.gov.vn"),
        });
    }
    let mut links = Links::with_base(&base);
    if let Some(name) = var("BANTIN_SITE_NAME") {
        links.site_name = name;
    }
    for (name, slot) in [
        ("BANTIN_URL_ARTICLE", &mut links.article),
        ("BANTIN_URL_CATEGORY", &mut links.category),
        ("BANTIN_URL_VIDEO", &mut links.video),
        ("BANTIN_URL_GALLERY", &mut links.gallery),
        ("BANTIN_URL_DOCUMENT", &mut links.document),
        ("BANTIN_URL_PAGE", &mut links.page),
    ] {
        if let Some(pattern) = var(name) {
            if !pattern.starts_with('/')
                || !(pattern.contains("{slug}") || pattern.contains("{id}"))
            {
                return Err(ConfigError {
                    var: name,
                    message: format!("`{pattern}` must be a path with {{slug}} or {{id}}"),
                });
            }
            *slot = pattern;
        }
    }
    Ok(links)
}

/// 4,096 connections, or fewer when the process may open fewer files (each
/// connection is one; some are kept for the database, logs and the listener).
fn default_max_connections() -> usize {
    let soft_limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            limits
                .lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|n| n.parse::<usize>().ok())
        });
    soft_limit.map_or(4096, |n| n.saturating_sub(128).clamp(16, 4096))
}

/// `BANTIN_JWT_ALGORITHM` (`HS256`, `EdDSA` or `RS256`) with
/// `BANTIN_JWT_PRIVATE_KEY_FILE` and `BANTIN_JWT_PUBLIC_KEY_FILE` (PEM).
fn key_pair_from_env(
    var: &impl Fn(&'static str) -> Option<String>,
) -> Result<JwtKeyPair, ConfigError> {
    let algorithm = var("BANTIN_JWT_ALGORITHM").unwrap_or_else(|| "HS256".into());
    let read = |name: &'static str| -> Result<String, ConfigError> {
        let path = var(name).ok_or_else(|| ConfigError {
            var: name,
            message: format!("must be set with BANTIN_JWT_ALGORITHM={algorithm}"),
        })?;
        std::fs::read_to_string(&path).map_err(|e| ConfigError {
            var: name,
            message: format!("cannot read {path}: {e}"),
        })
    };
    match algorithm.to_ascii_uppercase().as_str() {
        "HS256" => Ok(JwtKeyPair::None),
        "EDDSA" => Ok(JwtKeyPair::EdDsa {
            private_pem: read("BANTIN_JWT_PRIVATE_KEY_FILE")?,
            public_pem: read("BANTIN_JWT_PUBLIC_KEY_FILE")?,
        }),
        "RS256" => Ok(JwtKeyPair::Rs256 {
            private_pem: read("BANTIN_JWT_PRIVATE_KEY_FILE")?,
            public_pem: read("BANTIN_JWT_PUBLIC_KEY_FILE")?,
        }),
        other => Err(ConfigError {
            var: "BANTIN_JWT_ALGORITHM",
            message: format!("`{other}` is not HS256, EdDSA or RS256"),
        }),
    }
}

/// For `sqlite://path/bantin.db`, the secret lives in `path/bantin.jwt-secret`.
fn secret_beside_database(database_url: &str) -> Result<String, ConfigError> {
    let err = |message: String| ConfigError {
        var: "BANTIN_JWT_SECRET",
        message,
    };
    let Some(rest) = database_url.strip_prefix("sqlite://") else {
        return Err(err(
            "must be set when the database is not a local SQLite file".into(),
        ));
    };
    let db_path = rest.split('?').next().unwrap_or(rest);
    if db_path.is_empty() || db_path.contains(":memory:") {
        return Ok(random_secret());
    }
    let path = Path::new(db_path).with_extension("jwt-secret");
    match std::fs::read_to_string(&path) {
        Ok(s) if s.trim().len() >= 32 => Ok(s.trim().to_owned()),
        _ => {
            let secret = random_secret();
            write_private(&path, &secret)
                .map_err(|e| err(format!("cannot write {}: {e}", path.display())))?;
            Ok(secret)
        }
    }
}

fn random_secret() -> String {
    use base64::Engine;
    let bytes: [u8; 48] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(content.as_bytes())
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("jwt.secret", &"<redacted>")
            .field("jwt.issuer", &self.jwt.issuer)
            .field("timezone", &self.timezone)
            .finish_non_exhaustive()
    }
}

/// Hides a password in `postgres://user:password@host/db`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://bantin:hunter2@db:5432/site"),
            "postgres://bantin:***@db:5432/site"
        );
        assert_eq!(redact_url("sqlite://bantin.db"), "sqlite://bantin.db");
    }
}
