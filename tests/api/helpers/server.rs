//! Real `bantin` processes: a server to talk to over a socket, and the
//! binary's commands as a user runs them.

// Servers are stopped and waited for by `Instance::stop` or on drop.
#![allow(clippy::zombie_processes)]

use std::time::Duration;

use serde_json::json;
use tokio::net::TcpStream;

/// A `bantin serve --no-demo` child process on a free port, killed when
/// dropped so that a failed assertion never leaves it running.
pub struct Instance {
    pub child: std::process::Child,
    pub addr: String,
}

impl Instance {
    pub async fn start(url: &str) -> Instance {
        Self::start_with(url, &[]).await
    }

    /// Started with extra environment (`env` wins over the defaults).
    pub async fn start_with(url: &str, env: &[(&str, &str)]) -> Instance {
        Self::start_logging(url, env, std::process::Stdio::inherit()).await
    }

    /// Started with extra environment, its log (standard error) going to `log`.
    pub async fn start_logging(
        url: &str,
        env: &[(&str, &str)],
        log: impl Into<std::process::Stdio>,
    ) -> Instance {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(["serve", "--no-demo"])
            .env("BANTIN_DATABASE_URL", url)
            .env("BANTIN_BIND", &addr)
            .env(
                "BANTIN_JWT_SECRET",
                "shared-secret-of-both-instances-0123456789",
            )
            .env("BANTIN_VISIT_FLUSH_MS", "200")
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stderr(log)
            .spawn()
            .unwrap();
        for _ in 0..200 {
            if TcpStream::connect(&addr).await.is_ok() {
                return Instance { child, addr };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("instance did not start");
    }

    pub async fn gql(
        &self,
        query: &str,
        variables: serde_json::Value,
        token: Option<&str>,
    ) -> serde_json::Value {
        post_to(&self.addr, query, variables, token).await
    }

    /// SIGTERM, then waits for a clean exit.
    pub fn stop(mut self) {
        std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(self.child.wait().unwrap().success());
    }
}

impl Drop for Instance {
    /// A failed test must not leave its server running (it would also hold
    /// the test's output open).
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One GraphQL request to a running instance over a fresh connection.
pub async fn post_to(
    addr: &str,
    query: &str,
    variables: serde_json::Value,
    token: Option<&str>,
) -> serde_json::Value {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = json!({ "query": query, "variables": variables }).to_string();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let req = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(req.as_bytes()).await.unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).await.unwrap();
    let json = resp.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(json).unwrap_or(serde_json::Value::Null)
}

/// Runs `bantin {args}` as a user would, on the database at `url`, with
/// `stdin` written to it; waits for it to end.
pub fn run_bantin(url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::{
        io::Write,
        process::{Command, Stdio},
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(args)
        .env("BANTIN_DATABASE_URL", url)
        .env(
            "BANTIN_JWT_SECRET",
            "a-secret-for-the-command-line-tests-0123456789",
        )
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}
