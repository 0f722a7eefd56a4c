//! `TestApp`: the real application on a fresh database, driven over HTTP.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Request, StatusCode, header},
};
use bantin::{
    AppState,
    auth::Role,
    config::Config,
    service::{
        access::Viewer,
        user::{NewUser, create},
    },
};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tower::ServiceExt;

mod media;
mod receiver;
mod server;
pub use receiver::{Received, Receiver};
pub use server::{Instance, post_to, run_bantin};

/// Which database the suite runs on, from `BANTIN_TEST_DATABASE`.
pub fn backend() -> &'static str {
    match std::env::var("BANTIN_TEST_DATABASE").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// The PostgreSQL server tests create their databases on.
pub fn postgres_url() -> String {
    std::env::var("BANTIN_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let r: u32 = rand_u32();
    format!("bantin_t_{}_{n}_{r:08x}", std::process::id())
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, RandomState};
    #[expect(clippy::cast_possible_truncation, reason = "any 32 bits will do")]
    let v = RandomState::new().hash_one(std::time::SystemTime::now()) as u32;
    v
}

/// A fresh database of the selected backend; dropped with the app.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin: String, name: String },
}

impl TestDb {
    pub async fn new() -> TestDb {
        Self::of(backend()).await
    }

    /// A fresh database of the given kind (`sqlite` or `postgres`).
    pub async fn of(kind: &str) -> TestDb {
        let name = unique_name();
        if kind == "postgres" {
            let admin = postgres_url();
            let conn = Database::connect(&admin)
                .await
                .expect("PostgreSQL reachable");
            conn.execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#))
                .await
                .expect("create test database");
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            TestDb {
                url: format!("{base}/{name}"),
                cleanup: Cleanup::Postgres { admin, name },
            }
        } else {
            let path = std::env::temp_dir().join(format!("{name}.db"));
            TestDb {
                url: format!("sqlite://{}?mode=rwc", path.display()),
                cleanup: Cleanup::File(path),
            }
        }
    }
}

impl TestDb {
    /// Where this database's media library files go (see `MediaConfig`).
    pub fn media_dir(&self) -> std::path::PathBuf {
        match bantin::config::Config::for_database(self.url.clone())
            .media
            .store
        {
            bantin::config::MediaStoreConfig::Local(dir) => dir,
            bantin::config::MediaStoreConfig::S3(_) => unreachable!("tests store locally"),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.media_dir());
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin, name } => {
                let (admin, name) = (admin.clone(), name.clone());
                // Drop runs outside async; a small runtime on its own thread does it.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(rt) = rt {
                        rt.block_on(async {
                            if let Ok(c) = Database::connect(&admin).await {
                                let _ = c
                                    .execute_unprepared(&format!(
                                        r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
                                    ))
                                    .await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// The application on its own fresh database.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    /// Held so the database lives (and is dropped) with the app.
    pub db: Option<TestDb>,
}

/// A parsed HTTP response.
pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
    /// The body's bytes as sent (compressed ones included).
    pub raw: Vec<u8>,
}

impl TestApp {
    /// An empty, migrated database.
    pub async fn spawn() -> TestApp {
        let db = TestDb::new().await;
        let config = Config::for_database(db.url.clone());
        Self::with_config(db, config).await
    }

    /// Without the response cache: for tests that count the statements a
    /// query runs (a cache fill adds a look-up of the next scheduled item).
    pub async fn uncached() -> TestApp {
        let db = TestDb::new().await;
        let mut config = Config::for_database(db.url.clone());
        config.response_cache_bytes = None;
        Self::with_config(db, config).await
    }

    pub async fn with_config(db: TestDb, config: Config) -> TestApp {
        let mut app = Self::attach(config).await;
        app.db = Some(db);
        app
    }

    /// The app on a database someone else owns (a second view of one database).
    pub async fn attach(config: Config) -> TestApp {
        // Server logs in test output (RUST_LOG to see more than errors).
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error")),
            )
            .with_test_writer()
            .try_init();
        let state = AppState::open(config).await.expect("open app state");
        // As `bantin serve` does: webhooks go out, subscribers hear changes.
        state.start_serving();
        // On PostgreSQL the cache serves once it hears other instances' changes.
        if state.config.response_cache_bytes.is_some() {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !state.changes.trusted() && std::time::Instant::now() < deadline {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
        let router = bantin::app(state.clone());
        TestApp {
            state,
            router,
            db: None,
        }
    }

    /// With the demo site loaded.
    pub async fn with_demo() -> TestApp {
        let app = Self::spawn().await;
        bantin::seed::demo::load(&app.state.db, &app.state.config.media.base_url)
            .await
            .expect("demo loads");
        app
    }

    pub async fn request(&self, req: Request<Body>) -> Response {
        let resp = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = to_bytes(resp.into_body(), 10 * 1024 * 1024)
            .await
            .expect("body");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Response {
            status,
            headers,
            body,
            text,
            raw: bytes.to_vec(),
        }
    }

    /// POSTs a GraphQL request, optionally with a bearer token.
    pub async fn post(&self, query: &str, variables: Value, token: Option<&str>) -> Response {
        let mut req = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        self.request(req.body(Body::from(body)).expect("request"))
            .await
    }

    /// A public GraphQL query; returns the whole JSON body.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.post(query, variables, None).await.body
    }

    /// A GraphQL request with a token.
    pub async fn gql_as(&self, token: &str, query: &str, variables: Value) -> Value {
        self.post(query, variables, Some(token)).await.body
    }

    /// `data`, asserting there were no errors.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.gql(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    pub async fn get(&self, uri: &str, accept: &str) -> Response {
        let req = Request::get(uri)
            .header(header::ACCEPT, accept)
            .body(Body::empty())
            .expect("request");
        self.request(req).await
    }

    /// Creates an account straight through the service (as `bantin user
    /// create` does) and signs in through the API; returns the access token.
    pub async fn user_token(&self, username: &str, role: Role) -> String {
        let password = format!("{username}-password-123");
        create(
            &self.state.db,
            &Viewer::System,
            NewUser {
                username: username.into(),
                display_name: None,
                role,
                password: password.clone(),
            },
        )
        .await
        .expect("create user");
        self.login(username, &password).await["accessToken"]
            .as_str()
            .expect("access token")
            .to_owned()
    }

    /// Signs in; returns the `login` payload.
    pub async fn login(&self, username: &str, password: &str) -> Value {
        let body = self
            .gql(
                "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken expiresAt user { id username role } } }",
                json!({ "u": username, "p": password }),
            )
            .await;
        assert!(body.get("errors").is_none(), "login failed: {body}");
        body["data"]["login"].clone()
    }

    /// Now by the app's clock.
    /// Writes the buffered visit counts by the app's clock, as its own
    /// flusher does: outside the clock's scope "now" is the wall clock, which
    /// is behind an app whose clock was moved on (an item published at the
    /// app's "now" would not be public yet, and its views would be dropped).
    pub async fn flush_visits(&self) {
        self.state
            .clock
            .scope(self.state.visits.flush(&self.state.db))
            .await
            .expect("flush visits");
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.state.clock.now()
    }

    /// Moves the app's clock on by `secs`, as if they had passed.
    pub fn advance(&self, secs: i64) {
        self.state.clock.advance(chrono::TimeDelta::seconds(secs));
    }

    /// Statements run so far (from `/metrics`, as an operator would read it).
    pub async fn statements(&self) -> u64 {
        let resp = self.get("/metrics", "text/plain").await;
        resp.text
            .lines()
            .find_map(|l| l.strip_prefix("bantin_db_statements_total "))
            .and_then(|n| n.trim().parse().ok())
            .expect("statement counter in /metrics")
    }
}

/// The `extensions.code` of the first error.
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<no error>")
}

/// The `extensions.field` of the first error.
pub fn error_field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or("<no field>")
}

/// Titles of `items`.
pub fn titles(items: &Value) -> Vec<String> {
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// How a fixture article should look. `published` is seconds relative to
/// now: negative in the past, positive scheduled; `None` leaves a draft.
pub struct Art<'a> {
    pub title: &'a str,
    pub category: i64,
    pub tags: &'a [&'a str],
    pub featured: bool,
    pub published: Option<i64>,
    pub views: i64,
}

impl<'a> Art<'a> {
    pub fn new(title: &'a str, category: i64) -> Self {
        Art {
            title,
            category,
            tags: &[],
            featured: false,
            published: Some(-3600),
            views: 0,
        }
    }
    pub fn at(mut self, secs: i64) -> Self {
        self.published = Some(secs);
        self
    }
    pub fn draft(mut self) -> Self {
        self.published = None;
        self
    }
    pub fn tags(mut self, tags: &'a [&'a str]) -> Self {
        self.tags = tags;
        self
    }
    pub fn featured(mut self) -> Self {
        self.featured = true;
        self
    }
    pub fn views(mut self, n: i64) -> Self {
        self.views = n;
        self
    }
}

impl TestApp {
    /// A category made through the service, as an editor would.
    pub async fn category(&self, name: &str, parent: Option<i64>) -> i64 {
        bantin::service::category::create(
            &self.state.db,
            &Viewer::System,
            bantin::service::category::NewCategory {
                name: name.into(),
                parent_id: parent,
                ..Default::default()
            },
        )
        .await
        .expect("category")
        .id
    }

    /// An article made and (unless a draft) published through the service.
    pub async fn article(&self, a: Art<'_>) -> i64 {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let db = &self.state.db;
        // Written at the app's time, as a request would be.
        self.state
            .clock
            .scope(async {
                let row = bantin::service::article::create(
                    db,
                    &Viewer::System,
                    bantin::service::article::NewArticle {
                        title: a.title.into(),
                        body: format!("<p>Nội dung bài {}.</p>", a.title),
                        category_id: a.category,
                        summary: Some(format!("Tóm tắt: {}", a.title)),
                        tags: a.tags.iter().map(|t| (*t).to_owned()).collect(),
                        featured: a.featured,
                        ..Default::default()
                    },
                )
                .await
                .expect("article");
                if let Some(secs) = a.published {
                    let at = self.now() + chrono::TimeDelta::seconds(secs);
                    bantin::service::article::publish(db, &Viewer::System, row.id, Some(at))
                        .await
                        .expect("publish");
                }
                if a.views > 0 {
                    entity::article::Entity::update_many()
                        .col_expr(entity::article::Column::ViewCount, Expr::value(a.views))
                        .filter(entity::article::Column::Id.eq(row.id))
                        .exec(db)
                        .await
                        .expect("views");
                }
                row.id
            })
            .await
    }
}
