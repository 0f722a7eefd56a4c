//! Shared by the benchmarks: start the real `bantin` binary, and a small
//! keep-alive HTTP/1.1 load generator (no client library needed).

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::zombie_processes
)]

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// A running `bantin serve` on a free port.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bantin-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Server {
    /// Starts the server on the SQLite database in `dir` with extra env vars.
    pub fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        // Pinned runs give the server core 0 (`taskset` execs: the child's
        // pid is the server's).
        let mut cmd = if pinned() {
            let mut c = Command::new("taskset");
            c.args(["-c", "0", env!("CARGO_BIN_EXE_bantin")]);
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_bantin"))
        };
        cmd.args(["serve", "--no-demo"])
            .current_dir(dir)
            .env("BANTIN_BIND", &addr)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap();
        for _ in 0..300 {
            if std::net::TcpStream::connect(&addr).is_ok() {
                return Server { child, addr };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("server did not start");
    }

    /// SIGTERM, then wait for a clean exit.
    pub fn stop(mut self) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "server exit: {status}");
    }

    pub fn sigterm(&self) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
    }
}

/// Whether this run is pinned (see [`pin_generator`]).
pub fn pinned() -> bool {
    std::env::var_os("BENCH_PINNED").is_some()
}

/// Runs this benchmark again under `taskset -c 1`, so that the load
/// generator and the server (core 0, see [`Server::start`]) never share a
/// core: sharing pulls every ratio toward 1. Returns only when already
/// pinned, or when pinning is impossible (one core, no `taskset`), which
/// it says.
pub fn pin_generator() {
    if pinned() {
        println!("pinned: server on core 0, load generator on core 1");
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let taskset = Command::new("taskset").arg("-V").output().is_ok();
    if cores < 2 || !taskset {
        println!("NOT pinned ({cores} cores, taskset found: {taskset}): ratios lean toward 1");
        return;
    }
    let status = Command::new("taskset")
        .args(["-c", "1"])
        .arg(std::env::current_exe().unwrap())
        .args(std::env::args_os().skip(1))
        .env("BENCH_PINNED", "1")
        .status()
        .unwrap();
    std::process::exit(status.code().unwrap_or(1));
}

/// One request over a kept-alive connection; returns (status, body).
async fn send(
    conn: &mut TcpStream,
    req: &[u8],
    buf: &mut Vec<u8>,
) -> std::io::Result<(u16, String)> {
    conn.write_all(req).await?;
    buf.clear();
    let mut chunk = [0u8; 8192];
    loop {
        let n = conn.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let status: u16 = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
            let len: usize = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = conn.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).to_string();
            return Ok((status, body));
        }
    }
}

/// A POST /graphql request with a JSON body.
pub fn graphql_request(body: &str) -> Vec<u8> {
    format!(
        "POST /graphql HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nUser-Agent: Mozilla/5.0 (bench)\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Outcome of a load run.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub ok: u64,
    pub failed: u64,
    pub seconds: f64,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.seconds
    }
}

/// Sends `total` requests from `clients` keep-alive connections; a response
/// counts as ok when `accept(status, body)` says so. Stops early if the server
/// goes away (connections fail and cannot reconnect).
pub async fn load(
    addr: &str,
    clients: usize,
    total: u64,
    request: Vec<u8>,
    accept: fn(u16, &str) -> bool,
) -> Run {
    load_each(addr, clients, total, vec![request], accept).await
}

/// [`load`] cycling through `requests` (request `i` sends `requests[i % len]`).
pub async fn load_each(
    addr: &str,
    clients: usize,
    total: u64,
    requests: Vec<Vec<u8>>,
    accept: fn(u16, &str) -> bool,
) -> Run {
    let next = Arc::new(AtomicU64::new(0));
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let requests = Arc::new(requests);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (next, ok, failed, requests, addr) = (
            next.clone(),
            ok.clone(),
            failed.clone(),
            requests.clone(),
            addr.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let mut buf = Vec::with_capacity(16 * 1024);
            let Ok(mut conn) = TcpStream::connect(&addr).await else {
                return;
            };
            conn.set_nodelay(true).ok();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let request = &requests[usize::try_from(i).unwrap() % requests.len()];
                match send(&mut conn, request, &mut buf).await {
                    Ok((status, body)) if accept(status, &body) => {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        match TcpStream::connect(&addr).await {
                            Ok(c) => conn = c,
                            Err(_) => return,
                        }
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Run {
        ok: ok.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// One GraphQL request, returning the body.
pub async fn query(addr: &str, body: &str) -> String {
    query_status(addr, body).await.1
}

/// One GraphQL request, returning the status and the body.
pub async fn query_status(addr: &str, body: &str) -> (u16, String) {
    let mut conn = TcpStream::connect(addr).await.unwrap();
    let mut buf = Vec::new();
    send(&mut conn, &graphql_request(body), &mut buf)
        .await
        .unwrap()
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Smallest and largest.
pub fn spread(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

/// Targets missed so far; the benchmark exits non-zero when any was.
#[derive(Default)]
pub struct Verdicts(Vec<String>);

impl Verdicts {
    /// Records whether `what` met its target, and prints it.
    pub fn check(&mut self, met: bool, what: String) {
        println!("{} {what}", if met { "MET   " } else { "MISSED" });
        if !met {
            self.0.push(what);
        }
    }

    /// Ends the process: 0 when every target was met, 1 otherwise.
    pub fn exit(self) -> ! {
        if self.0.is_empty() {
            println!("all targets met");
            std::process::exit(0);
        }
        println!("{} target(s) missed:", self.0.len());
        for m in &self.0 {
            println!("  {m}");
        }
        std::process::exit(1);
    }
}
