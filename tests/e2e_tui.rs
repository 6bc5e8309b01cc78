//! The real binary in a pseudo-terminal: switch tabs, open a record, follow
//! a link, go back, quit; the terminal must be left as it was found.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store};

/// A small database: one partner, two clients (one referred), one event.
fn make_db(path: &Path) {
    let store = Store::open(path, &OpenOptions::default()).unwrap();
    let a = Actor::new("test", Role::Officer);
    let day = NaiveDate::from_ymd_opt(2023, 10, 1).unwrap();
    let mut st = Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas);
    st.region = "Kab. Malang".into();
    let st = store.create(&a, st).unwrap();
    let ahmad = store.create(&a, Client::new("Ahmad Fauzi")).unwrap();
    store.create(&a, Client::new("Budi Santoso")).unwrap();
    store.create(&a, Referral::new(ahmad.id(), st.id(), "pelatihan barista", day)).unwrap();
    let mut e = Event::new("Lokakarya Reintegrasi", EventKind::Workshop, When::Date(day));
    e.organisers.push(st.id());
    store.create(&a, e).unwrap();
    store.flush().unwrap();
}

struct Tui {
    parser: vt100::Parser,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    fn start(db: &Path, lang: &str) -> Tui {
        let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
        cmd.args(["--db", db.to_str().unwrap(), "--lang", lang]);
        cmd.env("TERM", "xterm-256color");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Tui {
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(24).unwrap(),
                std::num::NonZeroU16::new(80).unwrap(),
                0,
            ),
            rx,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
            while let Ok(more) = self.rx.try_recv() {
                self.parser.process(&more);
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`, failing after a few seconds.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.screen().contains(text) {
            assert!(Instant::now() < deadline, "timed out waiting for {text:?}; screen:\n{}", self.screen());
            self.pump(Duration::from_millis(50));
        }
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and reads what it wrote last.
    fn finish(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // drain what is left, so the final escape sequences are parsed
                let end = Instant::now() + Duration::from_millis(300);
                while Instant::now() < end {
                    self.pump(Duration::from_millis(20));
                }
                return status;
            }
            assert!(Instant::now() < deadline, "the program did not exit; screen:\n{}", self.screen());
            self.pump(Duration::from_millis(20));
        }
    }
}

#[test]
fn browse_follow_a_link_go_back_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_db(&db);
    let mut t = Tui::start(&db, "en");
    t.wait_for("Clients (2)");
    assert!(t.parser.screen().alternate_screen(), "the TUI draws on the alternate screen");
    t.keys("2");
    t.wait_for("Stakeholders (1)");
    t.keys("3");
    t.wait_for("Lokakarya Reintegrasi");
    t.keys("1");
    t.wait_for("Clients (2)");
    t.keys("\r");
    t.wait_for("K-000001 · Ahmad Fauzi");
    t.wait_for("Pokmas Barista — pelatihan barista (proposed)");
    t.keys("\r"); // follow the referral to the stakeholder
    t.wait_for("S-000001 · Pokmas Barista");
    t.wait_for("Ahmad Fauzi — pelatihan barista");
    t.keys("["); // back
    t.wait_for("K-000001 · Ahmad Fauzi");
    t.keys("]"); // forward
    t.wait_for("S-000001 · Pokmas Barista");
    t.keys("\x1b"); // close the details
    t.wait_for("Stakeholders (1)");
    t.keys("q");
    let status = t.finish();
    assert!(status.success(), "exit status {status:?}");
    assert!(!t.parser.screen().alternate_screen(), "alternate screen left");
    assert!(!t.parser.screen().hide_cursor(), "cursor visible again");
}

#[test]
fn empty_database_welcomes_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    Store::open(&db, &OpenOptions::default()).unwrap();
    let mut t = Tui::start(&db, "id");
    t.wait_for("Selamat datang di simpul");
    t.wait_for("Tekan D untuk memuat data contoh");
    t.keys("q");
    assert!(t.finish().success());
    assert!(!t.parser.screen().alternate_screen());
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_db(&db);
    let mut t = Tui::start(&db, "en");
    t.wait_for("Clients (2)");
    let pid = t.child.process_id().unwrap();
    let ok = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(ok.success());
    let status = t.finish();
    assert!(!status.success(), "a signal is not a normal exit");
    assert!(!t.parser.screen().alternate_screen(), "alternate screen left");
    assert!(!t.parser.screen().hide_cursor(), "cursor visible again");
}

/// Writes the small database to `$SIMPUL_FIXTURE_DB`, for looking at the
/// screens by hand: `SIMPUL_FIXTURE_DB=/tmp/x cargo test --test e2e_tui -- --ignored`.
#[test]
#[ignore]
fn write_fixture_db() {
    if let Some(p) = std::env::var_os("SIMPUL_FIXTURE_DB") {
        make_db(Path::new(&p));
    }
}
