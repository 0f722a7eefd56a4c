//! The command line: `bantin serve | migrate | schema | user | seed`.

use std::io::Read;

use clap::{Parser, Subcommand, ValueEnum};
use migration::{Migrator, MigratorTrait};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::{
    auth::Role,
    config::{Config, redact_url},
    error::AppError,
    seed,
    service::{
        access::Viewer,
        user::{self, NewUser},
    },
    state::AppState,
};

/// bantin: a headless GraphQL content API for news portals.
///
/// Configuration comes from the environment: BANTIN_DATABASE_URL (default: the
/// SQLite file bantin.db here), BANTIN_BIND (default 127.0.0.1:8080),
/// BANTIN_JWT_SECRET (generated beside an SQLite database when unset),
/// BANTIN_TIMEZONE (default Asia/Ho_Chi_Minh), BANTIN_VISIT_FLUSH_MS (default 1000;
/// a hard crash loses at most this much visit counting). The README lists all
/// variables. RUST_LOG sets the log level, BANTIN_LOG_FORMAT=json writes JSON lines.
#[derive(Debug, Parser)]
#[command(name = "bantin", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, load the demo site if it is empty, and serve HTTP.
    Serve {
        /// Do not load the demo content into an empty database.
        #[arg(long)]
        no_demo: bool,
    },
    /// Apply, inspect or roll back database migrations.
    Migrate {
        #[arg(value_enum, default_value_t = MigrateAction::Up)]
        action: MigrateAction,
    },
    /// Print the GraphQL schema (SDL); `schema.graphql` is this output.
    Schema,
    /// Print the REST API's OpenAPI 3.1 description; `openapi.json` is this output.
    Openapi,
    /// Manage editors' accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Rebuild the full-text search index, and clean again article bodies
    /// that the current HTML allow-list has not cleaned.
    Reindex,
    /// Write all content, users and counters to a JSON-lines file (`-` for stdout).
    Export {
        #[arg(long, short, default_value = "-")]
        output: String,
    },
    /// Load an export into an empty database (SQLite or PostgreSQL).
    Import {
        #[arg(long, short)]
        input: String,
    },
    /// Check the media library: files its entries name that are missing
    /// from the store (exit status 1), and stored files no entry names.
    Media {
        #[command(subcommand)]
        command: MediaCommand,
    },
    /// Load demo content, or bulk synthetic articles for benchmarks.
    Seed {
        /// Generate this many synthetic articles instead of the demo site.
        #[arg(long, value_name = "N")]
        synthetic: Option<u64>,
        /// Random seed for synthetic data (same seed, same articles).
        #[arg(long, default_value_t = 42)]
        random_seed: u64,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MigrateAction {
    /// Apply all pending migrations.
    Up,
    /// Roll back the last applied migration.
    Down,
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Report missing and orphaned files (exit status 1 when any is missing).
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; this is how the first admin is made.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Name shown in the editors' tool (defaults to the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (the only way: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Admin,
    Editor,
    Author,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Editor => Role::Editor,
            RoleArg::Author => Role::Author,
        }
    }
}

/// Failure of a command, printed as one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("configuration: {0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    App(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        CliError::App(match &e {
            AppError::Validation(f) => format!("{}: {}", f.field, f.message),
            _ => e.message(),
        })
    }
}

/// A progress counter on stderr (hidden when stderr is not a terminal).
fn spinner(what: &'static str) -> Result<indicatif::ProgressBar, CliError> {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {{pos}} {what} ({{per_sec}})"
        ))
        .map_err(|e| CliError::App(e.to_string()))?,
    );
    Ok(bar)
}

/// Runs one command.
///
/// # Errors
/// Whatever the command fails with, as a message for the terminal.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Schema => {
            println!("{}", crate::graphql::sdl());
            return Ok(());
        }
        Command::Openapi => {
            print!("{}", crate::http::rest::openapi_json());
            return Ok(());
        }
        _ => {}
    }
    let config = Config::from_env()?;
    tracing::info!(database = %redact_url(&config.database_url), "opening database");
    match cli.command {
        Command::Schema | Command::Openapi => Ok(()),
        Command::Migrate { action } => migrate(&config, action).await,
        Command::Serve { no_demo } => {
            let state = AppState::open(config).await?;
            if !no_demo && seed::demo::is_empty(&state.db).await? {
                let loaded = seed::demo::load(&state.db, &state.config.media.base_url).await?;
                tracing::info!(?loaded, "empty database: loaded the demo site");
            }
            upgrade_search_index(&state);
            crate::http::serve(state).await?;
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    username,
                    role,
                    display_name,
                    password_stdin: _,
                },
        } => create_user(config, username, role, display_name).await,
        Command::Export { output } => export(config, &output).await,
        Command::Import { input } => {
            let state = AppState::open(config).await?;
            let bar = spinner("rows imported")?;
            let file = std::io::BufReader::new(std::fs::File::open(&input)?);
            let n = crate::service::transfer::import(&state.db, &state.media, file, |n| {
                bar.set_position(n)
            })
            .await?;
            bar.finish_and_clear();
            println!("imported {n} rows and rebuilt the search index");
            Ok(())
        }
        Command::Reindex => reindex(config).await,
        Command::Media {
            command: MediaCommand::Verify,
        } => {
            let state = AppState::open(config).await?;
            let report = crate::service::asset::verify(&state.db, &state.media).await?;
            for (id, key) in &report.missing {
                println!("missing  {key}  (media {id})");
            }
            for key in &report.orphaned {
                println!("orphaned {key}");
            }
            println!(
                "{} entries, {} files checked in {}: {} missing, {} orphaned",
                report.entries,
                report.files,
                state.media.describe,
                report.missing.len(),
                report.orphaned.len()
            );
            if report.missing.is_empty() {
                Ok(())
            } else {
                Err(CliError::App(
                    "files are missing from the media store".into(),
                ))
            }
        }
        Command::Seed {
            synthetic,
            random_seed,
        } => seed_site(config, synthetic, random_seed).await,
    }
}

async fn migrate(config: &Config, action: MigrateAction) -> Result<(), CliError> {
    let metrics = std::sync::Arc::new(crate::metrics::Metrics::default());
    let db = crate::db::connect(config, metrics).await?;
    let fail = |e: sea_orm::DbErr| CliError::App(format!("migration failed: {e}"));
    // What was done is printed on stdout, whatever the log level.
    match action {
        MigrateAction::Up => {
            let n = crate::db::migrate(&db).await?;
            let plural = if n == 1 { "" } else { "s" };
            println!(
                "applied {n} migration{plural}; all {} are applied",
                Migrator::migrations().len()
            );
        }
        MigrateAction::Down => {
            let applied = Migrator::get_applied_migrations(&db).await.map_err(fail)?;
            Migrator::down(&db, Some(1)).await.map_err(fail)?;
            match applied.last() {
                Some(last) => println!("rolled back {}", last.name()),
                None => println!("no migration is applied; nothing to roll back"),
            }
        }
        MigrateAction::Status => {
            for m in Migrator::get_migration_with_status(&db)
                .await
                .map_err(fail)?
            {
                let status = m.status().to_string().to_lowercase();
                println!("{status:<8} {}", m.name());
            }
        }
    }
    Ok(())
}

/// Creates an account with the password read from standard input.
async fn create_user(
    config: Config,
    username: String,
    role: RoleArg,
    display_name: Option<String>,
) -> Result<(), CliError> {
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    let state = AppState::open(config).await?;
    let input = NewUser {
        username,
        display_name,
        role: role.into(),
        password,
    };
    let u = user::create(&state.db, &Viewer::System, input).await?;
    println!("created {} ({}) with id {}", u.username, u.role, u.id);
    Ok(())
}

async fn export(config: Config, output: &str) -> Result<(), CliError> {
    let state = AppState::open(config).await?;
    let bar = spinner("rows exported")?;
    let progress = |n| bar.set_position(n);
    let n = if output == "-" {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        crate::service::transfer::export(&state.db, &state.media, &mut out, progress).await?
    } else {
        let mut out = std::io::BufWriter::new(std::fs::File::create(output)?);
        crate::service::transfer::export(&state.db, &state.media, &mut out, progress).await?
    };
    bar.finish_and_clear();
    eprintln!("exported {n} rows");
    Ok(())
}

/// Rebuilds the search index of every kind and re-cleans old article bodies.
async fn reindex(config: Config) -> Result<(), CliError> {
    let state = AppState::open(config).await?;
    let total = entity::article::Entity::find()
        .count(&state.db)
        .await
        .map_err(AppError::from)?;
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} articles ({per_sec}, eta {eta})",
        )
        .map_err(|e| CliError::App(e.to_string()))?,
    );
    let (done, others) =
        crate::service::search::index::rebuild(&state.db, |n| bar.set_position(n)).await?;
    bar.finish();
    println!("reindexed {done} articles");
    println!("reindexed {others} videos, albums, documents and pages");
    let cleaned = crate::service::article::reclean_bodies(&state.db).await?;
    println!("cleaned {cleaned} article bodies with the current HTML allow-list");
    Ok(())
}

/// Rebuilds, in the background, a search index that older code built: the
/// API serves meanwhile, finding what the old index finds.
fn upgrade_search_index(state: &AppState) {
    let db = state.db.clone();
    tokio::spawn(async move {
        match crate::service::search::index::upgrade(&db).await {
            Ok(None) => {}
            Ok(Some((articles, others))) => {
                tracing::info!(articles, others, "search index rebuilt for this version");
            }
            Err(error) => tracing::error!(?error, "rebuilding the search index failed"),
        }
    });
}

async fn seed_site(
    config: Config,
    synthetic: Option<u64>,
    random_seed: u64,
) -> Result<(), CliError> {
    let state = AppState::open(config).await?;
    match synthetic {
        Some(n) => {
            let made = seed::synthetic::generate(&state.db, n, random_seed, true).await?;
            println!("inserted {made} synthetic articles");
        }
        None if seed::demo::is_empty(&state.db).await? => {
            let loaded = seed::demo::load(&state.db, &state.config.media.base_url).await?;
            println!(
                "loaded the demo site: {} categories, {} articles, {} videos, {} galleries ({} photos), {} documents, {} pages",
                loaded.categories,
                loaded.articles,
                loaded.videos,
                loaded.galleries,
                loaded.photos,
                loaded.documents,
                loaded.pages
            );
        }
        None => println!("the database already has content; demo not loaded"),
    }
    Ok(())
}
