//! The listening socket with the limits every connection lives under: a cap
//! on open connections (past it, new ones wait in the kernel's queue instead
//! of the process running out of descriptors), a deadline for a request's
//! headers (slow clients sending a byte now and then are cut off), and an
//! idle timeout between requests on a kept-alive connection.

use std::{
    io,
    net::SocketAddr,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::{extract::connect_info::Connected, serve::IncomingStream};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore},
    time::{Instant, Sleep},
};

/// How long connections may take and how many may be open.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// From a request's first byte to the end of its headers.
    pub header: Duration,
    /// Without a byte between requests on a kept-alive connection.
    pub idle: Duration,
    /// Open connections at once.
    pub max_connections: usize,
}

/// A TCP listener handing out connections under [`Limits`].
pub struct Guarded {
    listener: TcpListener,
    slots: Arc<Semaphore>,
    limits: Limits,
}

impl Guarded {
    pub fn new(listener: TcpListener, limits: Limits) -> Self {
        Guarded {
            listener,
            slots: Arc::new(Semaphore::new(limits.max_connections.max(1))),
            limits,
        }
    }
}

impl axum::serve::Listener for Guarded {
    type Io = TimedIo;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TimedIo, SocketAddr) {
        // Take a slot first: while all are in use, nothing is accepted.
        let slot = loop {
            match self.slots.clone().acquire_owned().await {
                Ok(slot) => break slot,
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        };
        loop {
            match self.listener.accept().await {
                Ok((io, addr)) => {
                    let _ = io.set_nodelay(true);
                    return (TimedIo::new(io, slot, self.limits), addr);
                }
                Err(e) => {
                    // Out of descriptors or a connection reset before accept:
                    // wait a little rather than spin, and keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

/// Ends a connection's streaming when dropped.
#[derive(Debug)]
pub struct StreamingGuard(Streaming);

impl Drop for StreamingGuard {
    fn drop(&mut self) {
        self.0.0.store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The peer of a connection, for `ConnectInfo`, and the switch that turns
/// the connection into a long-lived stream.
#[derive(Debug, Clone)]
pub struct ClientSocket(pub SocketAddr, pub Streaming);

impl Connected<IncomingStream<'_, Guarded>> for ClientSocket {
    fn connect_info(stream: IncomingStream<'_, Guarded>) -> Self {
        ClientSocket(*stream.remote_addr(), stream.io().streaming.clone())
    }
}

/// Set by a handler whose answer is a long-lived stream (a WebSocket, Server-
/// Sent Events): the connection then leaves request/response phases, and
/// stays open as long as bytes move either way within the idle timeout
/// (the stream's heartbeats keep it so).
#[derive(Debug, Clone, Default)]
pub struct Streaming(Arc<std::sync::atomic::AtomicBool>);

impl Streaming {
    /// For the rest of the connection (a WebSocket: it never returns to HTTP).
    pub fn start(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Until the returned guard drops (a response stream, after which the
    /// connection may carry more requests under the usual limits).
    pub fn streaming(&self) -> StreamingGuard {
        self.start();
        StreamingGuard(self.clone())
    }

    fn on(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Where a connection is in its request/response cycle, as far as the bytes
/// tell: no HTTP parsing beyond spotting the blank line that ends headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Between requests: the idle timeout runs.
    Idle,
    /// A request's headers are arriving: the header deadline runs from their
    /// first byte and is not extended by later bytes.
    Head,
    /// Headers done: body and response, bounded by the request timeout;
    /// silence longer than the idle timeout still ends the connection.
    Request,
}

/// A connection that fails its reads once its deadline has passed.
pub struct TimedIo {
    io: TcpStream,
    _slot: OwnedSemaphorePermit,
    streaming: Streaming,
    limits: Limits,
    phase: Phase,
    /// The last three bytes read, to spot `\r\n\r\n` across reads.
    tail: [u8; 3],
    /// When the connection times out, as of its phase.
    deadline: Instant,
    /// A timer that fires at least every `limits.header`, when the deadline
    /// is checked and the timer moved on. Moving one timer on every request
    /// cost more than the rest of a cached answer; this moves it once per
    /// period, however many requests pass.
    tick: Pin<Box<Sleep>>,
}

impl TimedIo {
    fn new(io: TcpStream, slot: OwnedSemaphorePermit, limits: Limits) -> Self {
        TimedIo {
            io,
            _slot: slot,
            streaming: Streaming::default(),
            limits,
            phase: Phase::Idle,
            tail: [0; 3],
            deadline: Instant::now() + limits.idle,
            tick: Box::pin(tokio::time::sleep(limits.header.min(limits.idle))),
        }
    }

    fn restart(&mut self, after: Duration) {
        self.deadline = Instant::now() + after;
    }

    /// Ready once the deadline has passed.
    fn poll_expired(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        while self.tick.as_mut().poll(cx).is_ready() {
            let now = Instant::now();
            if now >= self.deadline {
                return Poll::Ready(());
            }
            let period = self.limits.header.min(self.limits.idle);
            self.tick.as_mut().reset(self.deadline.min(now + period));
        }
        Poll::Pending
    }

    /// Follows the phase through bytes just read.
    fn saw(&mut self, bytes: &[u8]) {
        if self.streaming.on() {
            self.restart(self.limits.idle);
            return;
        }
        if self.phase == Phase::Idle {
            self.phase = Phase::Head;
            self.tail = [0; 3];
            self.restart(self.limits.header);
        }
        if self.phase == Phase::Head {
            let mut seam = [0u8; 6];
            seam[..3].copy_from_slice(&self.tail);
            let n = bytes.len().min(3);
            seam[3..3 + n].copy_from_slice(&bytes[..n]);
            let ended = seam[..3 + n].windows(4).any(|w| w == b"\r\n\r\n")
                || bytes.windows(4).any(|w| w == b"\r\n\r\n");
            if ended {
                self.phase = Phase::Request;
            } else {
                for &b in &bytes[bytes.len().saturating_sub(3)..] {
                    self.tail = [self.tail[1], self.tail[2], b];
                }
            }
        }
        if self.phase == Phase::Request {
            self.restart(self.limits.idle);
        }
    }
}

impl AsyncRead for TimedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let fresh = &buf.filled()[before..];
                if !fresh.is_empty() {
                    self.saw(fresh);
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => match self.poll_expired(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the client was too slow or idle too long",
                ))),
                Poll::Pending => Poll::Pending,
            },
            other => other,
        }
    }
}

impl AsyncWrite for TimedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.io).poll_write(cx, buf);
        self.answered(&written);
        written
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.answered(&written);
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl TimedIo {
    /// A response is going out: what is read next starts a new request.
    fn answered(&mut self, written: &Poll<io::Result<usize>>) {
        let wrote = matches!(written, Poll::Ready(Ok(n)) if *n > 0);
        if wrote && self.streaming.on() {
            self.restart(self.limits.idle);
            return;
        }
        if wrote && self.phase == Phase::Request {
            self.phase = Phase::Idle;
            self.restart(self.limits.idle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn pair(limits: Limits) -> (TimedIo, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (server, _) = listener.accept().await.unwrap();
        let slot = Arc::new(Semaphore::new(1)).acquire_owned().await.unwrap();
        (TimedIo::new(server, slot, limits), client)
    }

    #[tokio::test]
    async fn the_end_of_headers_is_seen_across_reads() {
        let limits = Limits {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            max_connections: 1,
        };
        for cut in 1..20 {
            let (mut io, _client) = pair(limits).await;
            let head = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
            let cut = cut.min(head.len() - 1);
            io.saw(&head[..cut]);
            assert_eq!(io.phase, Phase::Head, "{cut}");
            io.saw(&head[cut..]);
            assert_eq!(io.phase, Phase::Request, "{cut}");
        }
        let (mut io, _client) = pair(limits).await;
        for b in b"POST / HTTP/1.1\r\nA: b\r\n\r\n" {
            io.saw(&[*b]);
        }
        assert_eq!(io.phase, Phase::Request);
    }
}
