//! What one client may cost the server before and after it logs in.
//!
//! - A terminal is drawn at most [`MAX_COLS`] × [`MAX_ROWS`]: the screen
//!   buffers of a session grow with its size, and the size is the client's
//!   to choose (65535 × 65535 would be hundreds of gigabytes).
//! - New connections from one source are admitted at most
//!   [`CONNECTIONS_PER_SECOND`] in any second, at most
//!   [`PENDING_PER_SOURCE`] of them may be waiting to log in at once, and
//!   at most [`PENDING_TOTAL`] from everywhere: each costs a key exchange
//!   and a task until it logs in ([`Gate`]).
//! - A connection that has not logged in after [`PRE_AUTH_TIMEOUT`] is cut
//!   off, however slowly it keeps talking ([`PreAuth`]).
//!
//! A source is an IPv4 address, or an IPv6 /64: one IPv6 host usually holds
//! a whole /64, so counting its addresses one by one would limit nothing.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv6Addr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Widest terminal drawn; a wider one is drawn at this width.
pub const MAX_COLS: u16 = 500;
/// Tallest terminal drawn; a taller one is drawn at this height.
pub const MAX_ROWS: u16 = 200;
/// A connection must log in within this time.
pub const PRE_AUTH_TIMEOUT: Duration = Duration::from_secs(30);
/// New connections admitted from one source in any one second.
pub const CONNECTIONS_PER_SECOND: usize = 10;
/// Connections from one source that may be waiting to log in at once.
pub const PENDING_PER_SOURCE: usize = 10;
/// Connections from all sources that may be waiting to log in at once.
pub const PENDING_TOTAL: usize = 100;

/// The size a session is drawn at: the client's, within the cap. A zero
/// (a client that does not know its size) is the usual 80 × 24.
pub fn terminal_size(cols: u32, rows: u32) -> (u16, u16) {
    let fit = |v: u32, max: u16, unknown: u16| match v {
        0 => unknown,
        v => u16::try_from(v).map_or(max, |v| v.min(max)),
    };
    (fit(cols, MAX_COLS, 80), fit(rows, MAX_ROWS, 24))
}

/// The source a peer address is counted under: IPv4 (also when mapped
/// into IPv6) as it is, IPv6 by its /64.
pub fn source(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// Why a new connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Its source opened too many connections in the last second.
    Rate,
    /// Its source has too many connections waiting to log in.
    SourcePending,
    /// Too many connections from everywhere are waiting to log in.
    TotalPending,
}

/// The limits a [`Gate`] applies.
#[derive(Debug, Clone, Copy)]
pub struct GateLimits {
    /// See [`CONNECTIONS_PER_SECOND`].
    pub per_second: usize,
    /// See [`PENDING_PER_SOURCE`].
    pub pending_per_source: usize,
    /// See [`PENDING_TOTAL`].
    pub pending_total: usize,
}

impl Default for GateLimits {
    fn default() -> GateLimits {
        GateLimits {
            per_second: CONNECTIONS_PER_SECOND,
            pending_per_source: PENDING_PER_SOURCE,
            pending_total: PENDING_TOTAL,
        }
    }
}

#[derive(Debug, Default)]
struct SourceState {
    /// When the last (up to `per_second`) connections were admitted.
    admitted: VecDeque<Instant>,
    /// Admitted and not yet logged in (nor gone).
    pending: usize,
}

#[derive(Debug, Default)]
struct GateState {
    sources: HashMap<IpAddr, SourceState>,
    pending: usize,
}

/// Admits new connections within the limits and counts those waiting to log in.
#[derive(Debug)]
pub struct Gate {
    limits: GateLimits,
    state: Mutex<GateState>,
}

/// Sources remembered before the forgotten ones are swept out.
const SWEEP_AT: usize = 1024;

impl Gate {
    /// A gate with these limits.
    pub fn new(limits: GateLimits) -> Arc<Gate> {
        Arc::new(Gate { limits, state: Mutex::new(GateState::default()) })
    }

    fn lock(&self) -> MutexGuard<'_, GateState> {
        // the counts stay consistent at every step: a panic elsewhere leaves them usable
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Admits a connection from `ip` arriving at `now`, or says why not.
    /// The ticket counts it as waiting to log in until it logs in or is dropped.
    pub fn admit(self: &Arc<Gate>, ip: IpAddr, now: Instant) -> Result<Ticket, Refused> {
        let key = source(ip);
        let mut st = self.lock();
        if st.sources.len() >= SWEEP_AT {
            // a source with nothing waiting and no connection in the last second has nothing to count
            st.sources.retain(|_, s| {
                s.pending > 0 || s.admitted.back().is_some_and(|t| now.saturating_duration_since(*t) < SECOND)
            });
        }
        if st.pending >= self.limits.pending_total {
            return Err(Refused::TotalPending);
        }
        let limits = self.limits;
        let s = st.sources.entry(key).or_default();
        while s.admitted.front().is_some_and(|t| now.saturating_duration_since(*t) >= SECOND) {
            s.admitted.pop_front();
        }
        if s.admitted.len() >= limits.per_second {
            return Err(Refused::Rate);
        }
        if s.pending >= limits.pending_per_source {
            return Err(Refused::SourcePending);
        }
        s.admitted.push_back(now);
        s.pending += 1;
        st.pending += 1;
        Ok(Ticket { gate: Arc::clone(self), source: key, logged_in: Arc::new(AtomicBool::new(false)), counted: true })
    }

    fn release(&self, key: IpAddr) {
        let mut st = self.lock();
        st.pending = st.pending.saturating_sub(1);
        if let Some(s) = st.sources.get_mut(&key) {
            s.pending = s.pending.saturating_sub(1);
        }
    }

    /// Connections waiting to log in from everywhere.
    pub fn pending_total(&self) -> usize {
        self.lock().pending
    }

    /// Connections waiting to log in: from `ip`'s source, and from everywhere.
    pub fn pending(&self, ip: IpAddr) -> (usize, usize) {
        let st = self.lock();
        (st.sources.get(&source(ip)).map_or(0, |s| s.pending), st.pending)
    }
}

const SECOND: Duration = Duration::from_secs(1);

/// One admitted connection: counted as waiting to log in until
/// [`Ticket::logged_in`] or until it is dropped (the connection ended).
#[derive(Debug)]
pub struct Ticket {
    gate: Arc<Gate>,
    source: IpAddr,
    logged_in: Arc<AtomicBool>,
    counted: bool,
}

impl Ticket {
    /// The connection logged in: no longer waiting, and no longer timed.
    pub fn logged_in(&mut self) {
        self.logged_in.store(true, Ordering::Release);
        if std::mem::take(&mut self.counted) {
            self.gate.release(self.source);
        }
    }

    /// Set once the connection logged in (read by [`PreAuth`]).
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.logged_in)
    }

    /// The source the connection is counted under.
    pub fn source(&self) -> IpAddr {
        self.source
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.counted {
            self.gate.release(self.source);
        }
    }
}

/// A connection's stream that fails (reads and writes alike) once
/// `timeout` has passed without the flag saying it logged in. russh's own
/// inactivity timeout restarts with every byte, so a peer trickling bytes
/// would keep a connection that never logs in; this does not.
pub struct PreAuth<S> {
    inner: S,
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    logged_in: Arc<AtomicBool>,
}

impl<S> PreAuth<S> {
    /// Wraps `inner`; must be made inside a tokio runtime (it starts the timer).
    pub fn new(inner: S, timeout: Duration, logged_in: Arc<AtomicBool>) -> PreAuth<S> {
        PreAuth { inner, deadline: Some(Box::pin(tokio::time::sleep(timeout))), logged_in }
    }

    /// Whether the time ran out before a login; registers for a wake-up at the deadline.
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(deadline) = self.deadline.as_mut() else { return false };
        if self.logged_in.load(Ordering::Acquire) {
            self.deadline = None;
            return false;
        }
        deadline.as_mut().poll(cx).is_ready()
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "not logged in in time")
}

impl<S: AsyncRead + Unpin> AsyncRead for PreAuth<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.expired(cx) {
            return Poll::Ready(Err(timed_out()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for PreAuth<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.expired(cx) {
            return Poll::Ready(Err(timed_out()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.expired(cx) {
            return Poll::Ready(Err(timed_out()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sizes_are_capped() {
        assert_eq!(terminal_size(80, 24), (80, 24));
        assert_eq!(terminal_size(500, 200), (500, 200));
        assert_eq!(terminal_size(501, 201), (500, 200));
        assert_eq!(terminal_size(65535, 65535), (500, 200));
        assert_eq!(terminal_size(u32::MAX, u32::MAX), (500, 200));
        assert_eq!(terminal_size(2000, 30), (500, 30));
        assert_eq!(terminal_size(0, 0), (80, 24));
        assert_eq!(terminal_size(1, 1), (1, 1));
    }

    #[test]
    fn sources_are_addresses_and_ipv6_prefixes() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(source(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(source(ip("192.0.2.7")), ip("192.0.2.7"));
        let (a, b, c) = (ip("2001:db8:1:2:aaaa::1"), ip("2001:db8:1:2:bbbb::2"), ip("2001:db8:1:3::1"));
        assert_eq!(source(a), source(b));
        assert_ne!(source(a), source(c));
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, last))
    }

    #[test]
    fn a_source_is_admitted_at_most_n_times_in_any_second() {
        let gate = Gate::new(GateLimits { per_second: 10, pending_per_source: 1000, pending_total: 1000 });
        let t0 = Instant::now();
        let mut held = Vec::new();
        // a flood every millisecond for three seconds
        let mut admitted = Vec::new();
        for ms in 0..3000u64 {
            let now = t0 + Duration::from_millis(ms);
            match gate.admit(ip(1), now) {
                Ok(t) => {
                    admitted.push(ms);
                    held.push(t);
                }
                Err(why) => assert_eq!(why, Refused::Rate),
            }
        }
        assert_eq!(admitted.len(), 30, "{admitted:?}");
        for w in admitted.windows(11) {
            assert!(w[10] - w[0] >= 1000, "11 admissions within a second: {w:?}");
        }
        // another source is not held up by the first one's flood
        assert!(gate.admit(ip(2), t0 + Duration::from_millis(2999)).is_ok());
    }

    #[test]
    fn waiting_connections_are_counted_per_source_and_overall() {
        let gate = Gate::new(GateLimits { per_second: 1000, pending_per_source: 3, pending_total: 5 });
        let now = Instant::now();
        let mut a: Vec<Ticket> = (0..3).filter_map(|_| gate.admit(ip(1), now).ok()).collect();
        assert_eq!(a.len(), 3);
        assert_eq!(gate.admit(ip(1), now).err(), Some(Refused::SourcePending));
        let b: Vec<Ticket> = (0..2).filter_map(|_| gate.admit(ip(2), now).ok()).collect();
        assert_eq!(b.len(), 2);
        assert_eq!(gate.pending(ip(2)), (2, 5));
        assert_eq!(gate.admit(ip(3), now).err(), Some(Refused::TotalPending));
        // one logs in: it no longer counts, and dropping it later changes nothing
        let mut first = a.remove(0);
        first.logged_in();
        assert!(first.flag().load(Ordering::Acquire));
        assert_eq!(gate.pending(ip(1)), (2, 4));
        drop(first);
        assert_eq!(gate.pending(ip(1)), (2, 4));
        let c = gate.admit(ip(3), now);
        assert!(c.is_ok());
        // connections that end free their places
        drop(a);
        drop(b);
        drop(c);
        assert_eq!(gate.pending(ip(1)), (0, 0));
        assert_eq!(gate.admit(ip(1), now).map(|t| t.source()).ok(), Some(ip(1)));
    }

    #[test]
    fn forgotten_sources_are_swept() {
        let gate = Gate::new(GateLimits { per_second: 1000, pending_per_source: 1000, pending_total: 100_000 });
        let t0 = Instant::now();
        for i in 0..5000u32 {
            let addr = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + i));
            drop(gate.admit(addr, t0));
        }
        let later = t0 + Duration::from_secs(2);
        drop(gate.admit(ip(9), later));
        assert!(gate.lock().sources.len() < SWEEP_AT, "{}", gate.lock().sources.len());
    }

    // tokio's clock is paused: it moves only when every task waits, straight to the next timer
    #[tokio::test(start_paused = true)]
    async fn a_connection_not_logged_in_in_time_is_cut_off() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        use tokio::time::{Instant, sleep};
        let timeout = Duration::from_secs(30);
        // never logs in, though the peer keeps talking, a byte a second
        let (ours, mut theirs) = tokio::io::duplex(64);
        let mut conn = PreAuth::new(ours, timeout, Arc::new(AtomicBool::new(false)));
        let start = Instant::now();
        let talker = tokio::spawn(async move {
            let mut sent = 0u32;
            while theirs.write_all(b"x").await.is_ok() {
                sent += 1;
                sleep(Duration::from_secs(1)).await;
            }
            sent
        });
        let mut buf = [0u8; 8];
        let mut read = 0;
        let err = loop {
            match conn.read(&mut buf).await {
                Ok(0) => panic!("the peer closed first"),
                Ok(n) => {
                    read += n;
                    assert!(read <= 30, "still read after {:?}", start.elapsed());
                }
                Err(e) => break e,
            }
        };
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert_eq!(start.elapsed(), timeout);
        assert_eq!(read, 30, "it was read until the time was up");
        assert!(conn.write(b"y").await.is_err());
        drop(conn);
        assert!(talker.await.unwrap() >= 30);

        // logged in: twice the time passes and it goes on
        let (ours, mut theirs) = tokio::io::duplex(64);
        let flag = Arc::new(AtomicBool::new(false));
        let mut conn = PreAuth::new(ours, timeout, Arc::clone(&flag));
        theirs.write_all(b"a").await.unwrap();
        assert_eq!(conn.read(&mut buf).await.ok(), Some(1));
        flag.store(true, Ordering::Release);
        let later = tokio::spawn(async move {
            sleep(timeout * 2).await;
            theirs.write_all(b"b").await.unwrap();
            theirs
        });
        assert_eq!(conn.read(&mut buf).await.ok(), Some(1));
        assert!(start.elapsed() >= timeout * 3);
        assert!(conn.write(b"z").await.is_ok());
        let mut theirs = later.await.unwrap();
        assert_eq!(theirs.read(&mut buf).await.ok(), Some(1));
    }
}
