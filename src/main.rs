//! The `bantin` binary: parse the command line, set up logging, run.

use clap::Parser;
use tracing_subscriber::{EnvFilter, fmt};

/// glibc's allocator serialises threads on its arena locks when memory is
/// freed on another thread than the one that allocated it, which a
/// work-stealing runtime does on every request; mimalloc frees without locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = bantin::cli::Cli::parse();
    fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never into a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match bantin::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bantin: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
