//! A pseudo-terminal harness: run the real binary (or ssh) and read its
//! screen as a person would see it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// A program in a pseudo-terminal, its screen parsed by vt100.
pub struct Tui {
    /// The parsed screen.
    pub parser: vt100::Parser,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    /// The process.
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Tui {
    /// Runs a command in a new pseudo-terminal of the given size.
    pub fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Tui {
        Tui::spawn_sized(cmd, (cols, rows), (cols, rows))
    }

    /// Runs a command in a pseudo-terminal of `pty` (columns, rows) while
    /// reading its screen at `screen`: a terminal larger than a screen a
    /// test can hold.
    pub fn spawn_sized(mut cmd: CommandBuilder, pty: (u16, u16), screen: (u16, u16)) -> Tui {
        let (cols, rows) = pty;
        let pty = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
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
                std::num::NonZeroU16::new(screen.1).unwrap(),
                std::num::NonZeroU16::new(screen.0).unwrap(),
                0,
            ),
            rx,
            writer,
            child,
            master: pty.master,
        }
    }

    /// Resizes the pseudo-terminal (the program gets SIGWINCH); the screen
    /// read stays as it is.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    }

    /// Reads what arrived (waiting up to `wait` for the first bytes).
    pub fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
            while let Ok(more) = self.rx.try_recv() {
                self.parser.process(&more);
            }
        }
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`, failing after a few seconds.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_for_within(text, Duration::from_secs(5));
    }

    /// [`Tui::wait_for`] with a longer wait (a passphrase's key derivation in a debug build).
    #[allow(dead_code)] // not every test binary needs it
    pub fn wait_for_within(&mut self, text: &str, wait: Duration) {
        let deadline = Instant::now() + wait;
        while !self.screen().contains(text) {
            assert!(Instant::now() < deadline, "timed out waiting for {text:?}; screen:\n{}", self.screen());
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until the screen no longer shows `text`: the sign that a key
    /// was taken (a pane closed), before the next key may be sent alone.
    pub fn wait_gone(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.screen().contains(text) {
            assert!(Instant::now() < deadline, "timed out waiting for {text:?} to go; screen:\n{}", self.screen());
            self.pump(Duration::from_millis(50));
        }
    }

    /// Types `keys` until the screen shows `text`, again each half second:
    /// for a key whose effect waits on a change made elsewhere (End on
    /// details that reload when another session saves). Fails after ten
    /// seconds.
    pub fn press_until(&mut self, keys: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            self.keys(keys);
            let again = Instant::now() + Duration::from_millis(500);
            while Instant::now() < again {
                if self.screen().contains(text) {
                    return;
                }
                self.pump(Duration::from_millis(50));
            }
            assert!(Instant::now() < deadline, "timed out waiting for {text:?}; screen:\n{}", self.screen());
        }
    }

    /// Types bytes.
    pub fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and reads what it wrote last.
    pub fn finish(&mut self) -> portable_pty::ExitStatus {
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

/// A temporary database made by `make_db`, an export folder `ekspor`, and a
/// settings file that names it (after `settings`, any other sections): what
/// a TUI run that writes files needs.
pub struct Workspace {
    /// Removed when dropped.
    pub dir: tempfile::TempDir,
    /// The database directory.
    pub db: std::path::PathBuf,
    /// The export folder.
    pub out: std::path::PathBuf,
    /// The settings file.
    pub settings: std::path::PathBuf,
}

impl Workspace {
    /// Makes the database, the folder and the settings file.
    pub fn new(make_db: impl FnOnce(&std::path::Path), settings: &str) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        make_db(&db);
        let out = dir.path().join("ekspor");
        std::fs::create_dir(&out).unwrap();
        let file = dir.path().join("settings.toml");
        std::fs::write(&file, format!("{settings}[export]\ndir = {:?}\n", out.display().to_string())).unwrap();
        Workspace { dir, db, out, settings: file }
    }

    /// `simpul --db … --lang en --settings …`, then `args`.
    pub fn command(&self, args: &[&str]) -> CommandBuilder {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
        cmd.args(["--db", self.db.to_str().unwrap(), "--lang", "en", "--settings", self.settings.to_str().unwrap()]);
        cmd.args(args);
        cmd
    }
}
