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
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_bantin"));
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
    let next = Arc::new(AtomicU64::new(0));
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let request = Arc::new(request);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (next, ok, failed, request, addr) = (
            next.clone(),
            ok.clone(),
            failed.clone(),
            request.clone(),
            addr.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let mut buf = Vec::with_capacity(16 * 1024);
            let Ok(mut conn) = TcpStream::connect(&addr).await else {
                return;
            };
            conn.set_nodelay(true).ok();
            while next.fetch_add(1, Ordering::Relaxed) < total {
                match send(&mut conn, &request, &mut buf).await {
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
    let mut conn = TcpStream::connect(addr).await.unwrap();
    let mut buf = Vec::new();
    send(&mut conn, &graphql_request(body), &mut buf)
        .await
        .unwrap()
        .1
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}
