//! SSH load: many sessions browsing at once on one `simpul serve`.
//!
//! Starts the release server on a loopback port over a demo database,
//! opens `SIMPUL_LOAD_SESSIONS` (default 50) sessions with their own
//! pseudo-terminals (9 a second: the server admits no more than 10 new
//! connections a second from one address), and for `SIMPUL_LOAD_SECS`
//! (default 60) seconds each
//! session presses a key every 100–300 ms (down, up, page down, tab
//! switches, opening a record) and measures the time until the server's
//! answer arrives. Prints p50/p99 keystroke latency, keystrokes, errors,
//! the bytes sent for one cursor move at 80×24 (once the rows are on the
//! screen: a large database fills its list from a thread), the time from
//! each login to its list on screen, and the server's peak RSS; then,
//! once every session has left, waits `SIMPUL_LOAD_AFTER` seconds
//! (default 0; the target is measured at 600) and reports the server's
//! resident memory then; then stops the server and runs `simpul check`.
//! `SIMPUL_LOAD_DB` names a database to copy instead of making a demo one
//! (it must hold no user `beban`). Loopback only, bounded in count and time.
#![allow(missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is the failure report

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};

struct Client;

impl russh::client::Handler for Client {
    type Error = russh::Error;
    async fn check_server_key(&mut self, _key: &russh::keys::PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true) // loopback test server, generated for this run
    }
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Waits for the answer to a key: the first data, then until it is quiet.
/// What arrives is also drawn on `screen`.
async fn answer(ch: &mut russh::Channel<russh::client::Msg>, screen: &mut vt100::Parser) -> Option<(Duration, usize)> {
    let start = Instant::now();
    let mut first = None;
    let mut bytes = 0;
    loop {
        let wait = if first.is_some() { Duration::from_millis(15) } else { Duration::from_secs(5) };
        match tokio::time::timeout(wait, ch.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => {
                first.get_or_insert_with(|| start.elapsed());
                bytes += data.len();
                screen.process(&data);
            }
            Ok(Some(_)) => {}
            Ok(None) => return None,
            Err(_) => return first.map(|f| (f, bytes)),
        }
    }
}

/// Takes in whatever the server sent unasked (within 50 ms), so it is not
/// counted as the answer to the next key.
async fn answer_quietly(ch: &mut russh::Channel<russh::client::Msg>, screen: &mut vt100::Parser) {
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_millis(50), ch.wait()).await {
        if let ChannelMsg::Data { data } = msg {
            screen.process(&data);
        }
    }
}

async fn session(
    addr: std::net::SocketAddr,
    key: Arc<PrivateKey>,
    secs: u64,
    seed: u64,
) -> (Vec<Duration>, usize, Option<usize>, Option<Duration>) {
    let mut errors = 0;
    let mut lat = Vec::new();
    let config = Arc::new(russh::client::Config::default());
    // the server admits at most 10 new connections a second from one
    // address: open them at 9 a second, and try again if one is turned away
    tokio::time::sleep(Duration::from_millis(110 * seed)).await;
    let mut tries = 0;
    let mut s = loop {
        match russh::client::connect(Arc::clone(&config), addr, Client).await {
            Ok(s) => break s,
            Err(_) if tries < 5 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(_) => return (lat, 1, None, None),
        }
    };
    let login = Instant::now();
    match s.authenticate_publickey("beban", PrivateKeyWithHashAlg::new(key, None)).await {
        Ok(r) if r.success() => {}
        _ => return (lat, 1, None, None),
    }
    let Ok(mut ch) = s.channel_open_session().await else { return (lat, 1, None, None) };
    if ch.request_pty(false, "xterm", 80, 24, 0, 0, &[]).await.is_err() || ch.request_shell(false).await.is_err() {
        return (lat, 1, None, None);
    }
    let mut screen =
        vt100::Parser::new(std::num::NonZeroU16::new(24).unwrap(), std::num::NonZeroU16::new(80).unwrap(), 0);
    let _ = answer(&mut ch, &mut screen).await; // the first frame
    // A large database shows "Loading…" first and fills the list from a
    // thread: a move before the rows are there changes nothing and measures
    // only the frame's trailer. Wait until rows are on the screen.
    let filled = Instant::now() + Duration::from_secs(60);
    while !screen.screen().contents().contains("K-0") && Instant::now() < filled {
        let _ = answer(&mut ch, &mut screen).await;
    }
    let listed = screen.screen().contents().contains("K-0").then(|| login.elapsed());
    // one cursor move at 80×24 within the first screenful, after settling
    // (the index finishing may redraw the status line)
    let mut move_bytes = None;
    if screen.screen().contents().contains("K-0") {
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let _ = answer_quietly(&mut ch, &mut screen).await;
            if ch.data_bytes(&b"\x1b[B"[..]).await.is_ok() {
                move_bytes = answer(&mut ch, &mut screen).await.map(|(_, b)| b);
            }
        }
    }
    // default keymap: down, down, up, page down, stakeholders, clients, open, close
    let keys: [&[u8]; 8] = [b"\x1b[B", b"\x1b[B", b"\x1b[A", b"\x1b[6~", b"2", b"1", b"\r", b"\x1b"];
    let mut rng = fastrand::Rng::with_seed(seed);
    let end = Instant::now() + Duration::from_secs(secs);
    // every key of the cycle changes the screen (never "up" at the top row)
    let mut i = 0;
    while Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(rng.u64(100..300))).await;
        let k = keys[i % keys.len()];
        i += 1;
        if ch.data_bytes(k).await.is_err() {
            errors += 1;
            break;
        }
        match answer(&mut ch, &mut screen).await {
            Some((d, _)) => lat.push(d),
            // a key that changes nothing on screen (the last row reached) sends nothing back
            None => {
                errors += 1;
                break;
            }
        }
    }
    let _ = ch.data_bytes(&b"\x1b"[..]).await;
    let _ = ch.data_bytes(&b"q"[..]).await;
    (lat, errors, move_bytes, listed)
}

fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok()
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn main() {
    let sessions = env_num("SIMPUL_LOAD_SESSIONS", 50).min(200);
    let secs = env_num("SIMPUL_LOAD_SECS", 60).min(600);
    let clients = env_num("SIMPUL_LOAD_CLIENTS", 10_000) as usize;
    let after = env_num("SIMPUL_LOAD_AFTER", 0).min(1800);
    let exe = env!("CARGO_BIN_EXE_simpul");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let run = |args: &[&str]| Command::new(exe).env("LANG", "C").arg("--db").arg(&db).args(args).output().unwrap();
    let made = match std::env::var_os("SIMPUL_LOAD_DB") {
        Some(from) => Command::new("cp").arg("-a").arg(&from).arg(&db).status().unwrap().success(),
        None => {
            run(&["demo", "--clients", &clients.to_string(), "--seed", "1", "--today", "2026-11-28"]).status.success()
        }
    };
    assert!(made);
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&[7u8; 32]));
    let public = key.public_key().to_openssh().unwrap();
    let _ = key.to_openssh(LineEnding::LF);
    assert!(run(&["user", "add", "beban", "--role", "officer", "--key", &public]).status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut server = Command::new(exe)
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", &addr.to_string(), "--max-sessions", &(sessions + 10).to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let key = Arc::new(key);
    let results = rt.block_on(async {
        let tasks: Vec<_> = (0..sessions).map(|i| tokio::spawn(session(addr, Arc::clone(&key), secs, i))).collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap_or((Vec::new(), 1, None, None)));
        }
        out
    });
    std::thread::sleep(Duration::from_secs(2)); // the sessions' ends reach the server
    let peak = status_kb(server.id(), "VmHWM:");
    let left = status_kb(server.id(), "VmRSS:");
    std::thread::sleep(Duration::from_secs(after));
    let later = status_kb(server.id(), "VmRSS:");
    let _ = server.kill();
    let _ = server.wait();
    let mut lat: Vec<Duration> = results.iter().flat_map(|(l, _, _, _)| l.iter().copied()).collect();
    lat.sort();
    let errors: usize = results.iter().map(|(_, e, _, _)| e).sum();
    let mut listed: Vec<Duration> = results.iter().filter_map(|(_, _, _, l)| *l).collect();
    listed.sort();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))).copied().unwrap_or_default()
    };
    let moves: Vec<usize> = results.iter().filter_map(|(_, _, m, _)| *m).collect();
    println!("ssh load: {sessions} sessions, {secs} s, {clients} clients");
    println!("keystrokes answered: {}", lat.len());
    println!(
        "keystroke latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    println!("errors: {errors}");
    if let (Some(lo), Some(hi)) = (moves.iter().min(), moves.iter().max()) {
        println!(
            "bytes sent over SSH for one cursor move at 80x24 (payload, measured once the rows are on screen): \
             {lo} (max {hi}, {} of {sessions} sessions)",
            moves.len()
        );
    } else {
        println!("bytes per cursor move: not measured (no session saw its rows within 60 s)");
    }
    if let (Some(mid), Some(max)) = (listed.get(listed.len() / 2), listed.last()) {
        println!(
            "login to list on screen: median {:.2} s, max {:.2} s ({} of {sessions} sessions)",
            mid.as_secs_f64(),
            max.as_secs_f64(),
            listed.len()
        );
    }
    if let Some(kb) = peak {
        println!("server peak RSS: {:.1} MB", mb(kb));
    }
    if let Some(kb) = left {
        println!("server RSS as the last session left: {:.1} MB", mb(kb));
    }
    if let Some(kb) = later.filter(|_| after > 0) {
        println!("server RSS {after} s after the sessions left: {:.1} MB", mb(kb));
    }
    let check = run(&["check"]);
    println!("simpul check afterwards: {}", if check.status.success() { "clean" } else { "PROBLEMS" });
    assert_eq!(errors, 0, "every keystroke must be answered");
    assert!(check.status.success());
}
