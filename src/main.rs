//! The `bantin` binary: parse the command line, set up logging, run.

use clap::Parser;

/// glibc's allocator serialises threads on its arena locks when memory is
/// freed on another thread than the one that allocated it, which a
/// work-stealing runtime does on every request; mimalloc frees without locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = bantin::cli::Cli::parse();
    let fail = |e: &dyn std::fmt::Display| {
        eprintln!("bantin: {e}");
        std::process::ExitCode::FAILURE
    };
    let observe = match bantin::config::ObserveConfig::from_env() {
        Ok(observe) => observe,
        Err(e) => return fail(&e),
    };
    // Before the runtime: the trace exporter's HTTP client is a blocking one.
    let telemetry = match bantin::telemetry::init(&observe) {
        Ok(telemetry) => telemetry,
        Err(e) => return fail(&e),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&e),
    };
    let result = runtime.block_on(bantin::cli::run(cli));
    // Spans still buffered are sent once the runtime (and its work) is gone.
    drop(runtime);
    drop(telemetry);
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}
