//! Keystroke to screen through a pseudo-terminal: the real simpul binary
//! and fzf, each in an 80×24 pseudo-terminal over the same 100,000 client
//! names, typing "prasetyo" letter by letter in turn, in the same run. For
//! each key it times the write of the key to the last byte of the screen
//! it redraws (the last byte before the output has been quiet for
//! [`QUIET`]), and prints the medians per prefix and over all keys, and the
//! ratio to fzf.
//!
//!     cargo bench --bench pty_keystroke
//!
//! Environment: `SIMPUL_PTY_DB` (a demo database to use; made otherwise,
//! about a minute at 100k), `SIMPUL_PTY_CLIENTS` (100000),
//! `SIMPUL_PTY_ROUNDS` (20). Needs fzf on the PATH.
#![allow(missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is the failure report

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Output quiet this long means the screen is drawn.
const QUIET: Duration = Duration::from_millis(120);
const TYPED: &str = "prasetyo";

/// A program in a pseudo-terminal; each chunk of output with the time it was read.
struct Term {
    rx: Receiver<(Instant, Vec<u8>)>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    screen: vt100::Parser,
}

impl Term {
    fn spawn(mut cmd: CommandBuilder) -> Term {
        let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 }).unwrap();
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let screen =
            vt100::Parser::new(std::num::NonZeroU16::new(24).unwrap(), std::num::NonZeroU16::new(80).unwrap(), 0);
        Term { rx, writer, child, _master: pty.master, screen }
    }

    /// Reads until the output has been quiet for [`QUIET`]: the time of its last byte.
    fn settle(&mut self) -> Option<Instant> {
        let mut last = None;
        while let Ok((at, bytes)) = self.rx.recv_timeout(QUIET) {
            self.screen.process(&bytes);
            last = Some(at);
        }
        last
    }

    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while !self.screen.screen().contents().contains(text) {
            assert!(Instant::now() < deadline, "timed out waiting for {text:?}:\n{}", self.screen.screen().contents());
            if let Ok((_, bytes)) = self.rx.recv_timeout(Duration::from_millis(100)) {
                self.screen.process(&bytes);
            }
        }
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types `key` and times it to the last byte of what it redraws.
    fn time_key(&mut self, key: &str) -> Option<Duration> {
        self.settle();
        let sent = Instant::now();
        self.keys(key);
        self.settle().map(|last| last.saturating_duration_since(sent))
    }

    /// Types [`TYPED`] letter by letter, each key's time to its prefix's
    /// list in `times`; how many keys redrew nothing.
    fn type_timed(&mut self, times: &mut [Vec<Duration>]) -> usize {
        let mut unanswered = 0;
        for (ch, prefix) in TYPED.chars().zip(times.iter_mut()) {
            match self.time_key(&ch.to_string()) {
                Some(d) => prefix.push(d),
                None => unanswered += 1,
            }
        }
        unanswered
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn run(bin: &str, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(bin).args(args).output().unwrap();
    assert!(out.status.success(), "{bin} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn database(bin: &str, work: &Path) -> PathBuf {
    if let Ok(db) = std::env::var("SIMPUL_PTY_DB") {
        return PathBuf::from(db);
    }
    let clients = std::env::var("SIMPUL_PTY_CLIENTS").unwrap_or_else(|_| "100000".into());
    let db = work.join("db");
    eprintln!("making a demo database of {clients} clients …");
    run(bin, &["--db", db.to_str().unwrap(), "demo", "--clients", &clients, "--seed", "1", "--today", "2026-11-28"]);
    db
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_simpul");
    let work = tempfile::tempdir().unwrap();
    let db = database(bin, work.path());
    let db = db.to_str().unwrap();
    // every client's full name, one a line, as simpul's list shows them
    let csv = run(bin, &["--db", db, "search", "", "--format", "csv"]).stdout;
    let mut names = String::new();
    for row in csv::Reader::from_reader(csv.as_slice()).records() {
        names.push_str(row.unwrap().get(1).unwrap_or_default());
        names.push('\n');
    }
    let names_file = work.path().join("names.txt");
    std::fs::write(&names_file, &names).unwrap();
    let count = names.lines().count();
    eprintln!("{count} names");

    let mut simpul = Term::spawn({
        let mut c = CommandBuilder::new(bin);
        c.args(["--db", db, "--lang", "en"]);
        c
    });
    simpul.wait_for(&format!("Clients ({}", &count.to_string()[..2]));
    let mut fzf = Term::spawn({
        let mut c = CommandBuilder::new("sh");
        c.args(["-c", &format!("exec fzf < '{}'", names_file.display())]);
        c
    });
    fzf.wait_for(&format!("{count}/{count}"));

    let rounds: usize = std::env::var("SIMPUL_PTY_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let n = TYPED.len();
    let (mut s_times, mut f_times) = (vec![Vec::new(); n], vec![Vec::new(); n]);
    let mut unanswered = [0usize; 2];
    for _ in 0..rounds {
        // simpul: open the list's filter, emptied; type; leave it
        simpul.keys("/\x15");
        simpul.settle();
        unanswered[0] += simpul.type_timed(&mut s_times);
        assert!(simpul.screen.screen().contents().contains(TYPED), "{}", simpul.screen.screen().contents());
        simpul.keys("\x1b");
        simpul.settle();
        // fzf: type; empty the query
        unanswered[1] += fzf.type_timed(&mut f_times);
        assert!(fzf.screen.screen().contents().contains(TYPED), "{}", fzf.screen.screen().contents());
        fzf.keys("\x15");
        fzf.settle();
    }

    eprintln!("key → last byte of the redrawn screen, 80×24, median of {rounds} rounds, ms");
    eprintln!("{:<10} {:>8} {:>8}", "prefix", "simpul", "fzf");
    for i in 0..n {
        eprintln!("{:<10} {:>8.2} {:>8.2}", &TYPED[..=i], ms(median(&s_times[i])), ms(median(&f_times[i])));
    }
    let all = |t: &[Vec<Duration>]| t.iter().flatten().copied().collect::<Vec<_>>();
    let (s, f) = (median(&all(&s_times)), median(&all(&f_times)));
    eprintln!(
        "all keys: simpul {:.2} ms, fzf {:.2} ms, simpul / fzf x{:.2}; unanswered: simpul {}, fzf {}",
        ms(s),
        ms(f),
        ms(s) / ms(f),
        unanswered[0],
        unanswered[1]
    );
}
