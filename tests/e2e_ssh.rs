//! `simpul serve` with the real OpenSSH client: login and navigate in a
//! pseudo-terminal, wrong keys refused, no-pty connections told what to do,
//! the local binary pointed at the server, and one client killed mid-session
//! leaving the others served.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::pty::Tui;
use portable_pty::CommandBuilder;
use simpul::model::Role;
use simpul::store::{Actor, AuditAction, OpenOptions, Store};

struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
    /// Clients LAZISMU may see: referred to it and consenting.
    partner_clients: usize,
    /// Their ids, in order.
    partner_client_ids: Vec<u64>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(ok.success());
    path
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start() -> Server {
    start_with(25)
}

fn start_with(clients: usize) -> Server {
    start_with_setup(clients, |_| {})
}

/// A server over `clients` demo clients, with `setup` run on the store first.
fn start_with_setup(clients: usize, setup: impl FnOnce(&Store)) -> Server {
    start_in(clients, setup, None)
}

/// As [`start_with_setup`], the server started with `--lang` when given.
fn start_in(clients: usize, setup: impl FnOnce(&Store), lang: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let key = keygen(dir.path(), "siti");
    keygen(dir.path(), "stranger");
    let partner_key = keygen(dir.path(), "partner");
    // dina is disabled: her own key is refused
    let others = [
        ("rina", Role::Officer),
        ("vera", Role::Viewer),
        ("ana", Role::Admin),
        ("agus", Role::Officer),
        ("dina", Role::Officer),
    ]
    .map(|(n, r)| (n, r, keygen(dir.path(), n)));
    let mut partner_clients = 0;
    let mut partner_client_ids = Vec::new();
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        setup(&store);
        let admin = Actor::new("admin", Role::Admin);
        let today = simpul::clock::Clock::system().today();
        if clients > 0 {
            simpul::demo::load(&store, &admin, &simpul::demo::DemoOptions { clients, seed: 1, today }).unwrap();
        }
        let pubkey = std::fs::read_to_string(key.with_extension("pub")).unwrap();
        simpul::users::add(
            &store,
            &admin,
            simpul::users::NewUser {
                name: "siti".into(),
                role: Role::Officer,
                stakeholder: None,
                keys: vec![pubkey],
                full_name: String::new(),
                supervisor: false,
                officer: String::new(),
            },
        )
        .unwrap();
        for (name, role, key) in &others {
            let new = simpul::users::NewUser {
                name: (*name).into(),
                role: *role,
                stakeholder: None,
                keys: vec![std::fs::read_to_string(key.with_extension("pub")).unwrap()],
                full_name: String::new(),
                // agus supervises: he decides approval requests
                supervisor: *name == "agus",
                officer: String::new(),
            };
            simpul::users::add(&store, &admin, new).unwrap();
        }
        simpul::users::set_disabled(&store, &admin, "dina", true).unwrap();
        if clients > 0 {
            let laz = simpul::model::StakeholderId(6);
            let mut seen = std::collections::HashSet::new();
            for r in store.referrals_to(laz).unwrap().into_iter().filter(|r| r.shares(today, 0)) {
                let c: simpul::model::Client = store.fetch(r.client.0).unwrap();
                if c.consent.given {
                    seen.insert(c.meta.id);
                }
            }
            partner_clients = seen.len();
            partner_client_ids = seen.into_iter().collect();
            partner_client_ids.sort();
            simpul::users::add(
                &store,
                &admin,
                simpul::users::NewUser {
                    name: "lazismu".into(),
                    role: Role::Partner,
                    stakeholder: Some(laz),
                    keys: vec![std::fs::read_to_string(partner_key.with_extension("pub")).unwrap()],
                    full_name: String::new(),
                    supervisor: false,
                    officer: String::new(),
                },
            )
            .unwrap();
        }
    }
    // backups over ssh are sealed to the office's key, kept beside the test's database
    let backup_key = age::x25519::Identity::generate();
    let settings = dir.path().join("settings.toml");
    std::fs::write(&settings, format!("[backup]\nrecipients = [\"{}\"]\n", backup_key.to_public())).unwrap();
    let secret = age::secrecy::ExposeSecret::expose_secret(&backup_key.to_string()).to_string();
    std::fs::write(dir.path().join("backup-key.txt"), secret + "\n").unwrap();
    let port = free_port();
    let child = serve(dir.path(), port, lang);
    Server { child, port, dir, partner_clients, partner_client_ids }
}

/// Starts `simpul serve` on the database in `dir` and waits for it to listen.
fn serve(dir: &Path, port: u16, lang: Option<&str>) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .arg("--db")
        .arg(dir.join("db"))
        .arg("--settings")
        .arg(dir.join("settings.toml"))
        .args(lang.map(|l| ["--lang", l]).into_iter().flatten())
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        // the server's log, as the journal would hold it
        .stderr(std::fs::OpenOptions::new().create(true).append(true).open(dir.join("server.log")).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

fn ssh_args(s: &Server, key: &str) -> Vec<String> {
    vec![
        "-i".into(),
        s.dir.path().join(key).display().to_string(),
        "-p".into(),
        s.port.to_string(),
        "-o".into(),
        "StrictHostKeyChecking=no".into(),
        "-o".into(),
        "UserKnownHostsFile=/dev/null".into(),
        "-o".into(),
        "IdentitiesOnly=yes".into(),
        "-o".into(),
        "BatchMode=yes".into(),
        "-o".into(),
        "LogLevel=ERROR".into(),
    ]
}

fn ssh(s: &Server, key: &str, extra: &[&str]) -> Output {
    Command::new("ssh").args(ssh_args(s, key)).args(extra).output().unwrap()
}

/// Runs an ssh command, again while the server turns the connection away
/// for coming too soon after others from this address (more than
/// `CONNECTIONS_PER_SECOND`): a test that makes many is not testing that.
fn admitted(run: impl Fn() -> Output) -> Output {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = run();
        let refused = out.status.code() == Some(255)
            && String::from_utf8_lossy(&out.stderr).contains("kex_exchange_identification");
        if !refused || Instant::now() > deadline {
            return out;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Leaves the details (Esc) and quits, in each session; each must end cleanly.
fn leave_details_and_quit(sessions: [&mut Tui; 2]) {
    for t in sessions {
        t.keys("\x1b");
        // the details' frame gone: Esc was read alone, not as Alt with the q
        t.wait_gone("┌ K-");
        t.keys("q");
        assert!(t.finish().success());
    }
}

fn session(s: &Server) -> Tui {
    session_as(s, "siti", "siti")
}

fn session_as(s: &Server, key: &str, user: &str) -> Tui {
    Tui::spawn(ssh_tt(s, key, user), 80, 24)
}

fn ssh_tt(s: &Server, key: &str, user: &str) -> CommandBuilder {
    let mut cmd = CommandBuilder::new("ssh");
    cmd.arg("-tt");
    for a in ssh_args(s, key) {
        cmd.arg(a);
    }
    cmd.arg(format!("{user}@127.0.0.1"));
    cmd
}

/// Stops the server as an operator would (SIGTERM) and waits for it to end.
fn stop(s: &mut Server) {
    let ok = Command::new("kill").args(["-TERM", &s.child.id().to_string()]).status().unwrap();
    assert!(ok.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            assert!(status.success(), "the server stopped with {status:?}");
            return;
        }
        assert!(Instant::now() < deadline, "the server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The failed-login entries of a stopped server's audit log.
fn failed_logins(s: &Server) -> Vec<simpul::store::AuditEntry> {
    let store = Store::open(&s.dir.path().join("db"), &OpenOptions::default()).unwrap();
    store.audit_log().map(Result::unwrap).filter(|e| e.action == simpul::store::AuditAction::LoginFailed).collect()
}

/// Failed logins an entry stands for: one, or a summary's `more=N`.
fn failures_in(e: &simpul::store::AuditEntry) -> usize {
    e.note.split(' ').find_map(|w| w.strip_prefix("more=")).map_or(1, |n| n.parse().unwrap())
}

/// Minutes (since the epoch) that the entries span, both ends counted.
fn minutes_spanned(entries: &[simpul::store::AuditEntry]) -> i64 {
    let minutes: Vec<i64> = entries.iter().map(|e| e.at.timestamp().div_euclid(60)).collect();
    match (minutes.iter().min(), minutes.iter().max()) {
        (Some(lo), Some(hi)) => hi - lo + 1,
        _ => 0,
    }
}

/// The server's peak resident set (VmHWM), in MB.
fn peak_rss_mb(s: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", s.child.id())).unwrap();
    let kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap();
    kb / 1024
}

/// The line of the screen that shows `text`, counted from 0.
fn line_of(t: &Tui, text: &str) -> Option<usize> {
    t.screen().lines().position(|l| l.contains(text))
}

#[test]
fn ssh_sessions_over_one_shared_store() {
    let server = start();

    // no terminal: a short message, not a hang
    let out = ssh(&server, "siti", &["-T", "siti@127.0.0.1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("simpul needs a terminal"), "{text}{}", String::from_utf8_lossy(&out.stderr));

    // an unknown key, and an unknown user, are refused
    let out = ssh(&server, "stranger", &["-T", "siti@127.0.0.1"]);
    assert_eq!(out.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied"));
    let out = ssh(&server, "siti", &["-T", "budi@127.0.0.1"]);
    assert_eq!(out.status.code(), Some(255));

    // a local command is carried out by the server
    let out = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .arg("--db")
        .arg(server.dir.path().join("db"))
        .arg("check")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No problems found."));
    // the local interface names the server and the ssh command to use
    let out = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .arg("--db")
        .arg(server.dir.path().join("db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("ssh -p {} NAME@127.0.0.1", server.port)));

    // two sessions at once; one killed mid-session, the other goes on
    let mut a = session(&server);
    let mut b = session(&server);
    a.wait_for("Clients (25)");
    b.wait_for("Clients (25)");
    a.wait_for("user siti");
    a.child.kill().unwrap();
    let _ = a.child.wait();
    b.keys("2");
    b.wait_for("Stakeholders (15)");
    b.keys("\r");
    b.wait_for("S-000005 · Badan Amil Zakat Nasional Provinsi Jawa Timur");
    b.keys("\x1b");
    b.wait_gone("S-000005 · Badan Amil Zakat");
    b.keys("q");
    let status = b.finish();
    assert!(status.success(), "quitting ends the ssh session with status 0: {status:?}");

    // a new session still works after the killed one
    let mut c = session(&server);
    c.wait_for("Clients (25)");
    c.keys("q");
    assert!(c.finish().success());
}

#[test]
fn a_change_in_one_session_appears_in_the_other_without_a_key() {
    let server = start_with(0);
    let mut a = session(&server);
    let mut b = session(&server);
    a.wait_for("Welcome to simpul");
    b.wait_for("Welcome to simpul");
    a.keys("D"); // A loads the demo data
    a.wait_for("Clients (200)");
    // B pressed nothing
    b.wait_for("Clients (200)");
    a.keys("q");
    b.keys("q");
    assert!(a.finish().success());
    assert!(b.finish().success());
}

#[test]
fn a_partner_sees_only_its_consenting_referred_clients_with_fields_withheld() {
    let server = start_with(60);
    assert!(server.partner_clients > 0, "the demo data refers some consenting clients to LAZISMU");
    let mut p = session_as(&server, "partner", "lazismu");
    p.wait_for(&format!("Clients ({})", server.partner_clients));
    // the counts are of what the partner may see, not of the whole database
    let clients = if server.partner_clients == 1 { "client" } else { "clients" };
    p.wait_for(&format!("{} {clients} · 1 stakeholder ·", server.partner_clients));
    p.wait_for("hidden");
    p.keys("2");
    p.wait_for("Stakeholders (1)");
    p.keys("1");
    p.keys("\r");
    p.wait_for("Risk category    [withheld]");
    p.keys("\x1b");
    p.wait_gone("Risk category");
    p.keys("q");
    assert!(p.finish().success());
}

#[test]
fn two_officers_edit_one_client_and_the_second_is_told_with_nothing_lost() {
    let server = start_with(5);
    let mut a = session_as(&server, "siti", "siti");
    let mut b = session_as(&server, "rina", "rina");
    for t in [&mut a, &mut b] {
        t.wait_for("Clients (5)");
        t.keys("e");
        t.wait_for("Edit K-");
        t.keys("\x05"); // ctrl-e: end of the name
    }
    a.keys(" Siti");
    a.wait_for(" Siti");
    b.keys(" Rina");
    b.wait_for(" Rina");
    a.keys("\x13"); // ctrl-s
    a.wait_for("Saved: K-");
    // Rina's form is told without a key press, her typing still there
    b.wait_for("siti saved this record at");
    b.wait_for(" Rina");
    // both changed the name: her save shows both and asks which to keep
    b.keys("\x13");
    b.wait_for("siti saved the same fields while this form was open");
    b.wait_for("mine:");
    b.keys("m");
    b.wait_for("Saved: K-");
    // she kept hers, knowing what it replaced
    a.wait_for(" Rina");
    assert!(!a.screen().contains(" Siti Rina"), "{}", a.screen());
    for t in [&mut a, &mut b] {
        t.keys("q");
    }
    assert!(a.finish().success());
    assert!(b.finish().success());
}

#[test]
fn a_viewer_reads_but_cannot_change_anything() {
    let server = start_with(5);
    let mut v = session_as(&server, "vera", "vera");
    v.wait_for("Clients (5)");
    v.wait_for("user vera");
    v.keys("e");
    v.wait_for("Edit the record — your role (viewer) does not allow it.");
    v.keys("\r");
    v.wait_for("Risk category");
    // sensitive fields are withheld from viewers, and say so
    v.wait_for("[withheld]");
    v.keys("n");
    v.wait_for("your role (viewer) does not allow it");
    v.keys("\x1b");
    v.wait_gone("Risk category");
    v.keys("q");
    assert!(v.finish().success());
}

#[test]
fn an_admin_takes_a_backup_through_the_server_while_it_serves() {
    let server = start_with(25);
    let mut a = session(&server); // in use meanwhile
    a.wait_for("Clients (25)");
    let out = ssh(&server, "ana", &["ana@127.0.0.1", "backup"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.len() > 1000, "{} bytes", out.stdout.len());
    assert!(out.stdout.starts_with(b"age-encryption.org/v1"), "sealed to the office's backup key");
    let file = server.dir.path().join("over-ssh.simpulbak");
    std::fs::write(&file, &out.stdout).unwrap();
    let restore = |file: &std::path::Path, into: &str, key: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_simpul"));
        c.env("LANG", "C").args(["restore", file.to_str().unwrap(), "--db"]).arg(server.dir.path().join(into));
        if key {
            c.arg("--identity").arg(server.dir.path().join("backup-key.txt"));
        }
        let r = c.output().unwrap();
        assert!(r.status.success(), "{}{}", String::from_utf8_lossy(&r.stdout), String::from_utf8_lossy(&r.stderr));
        let store = Store::open(&server.dir.path().join(into), &OpenOptions::default()).unwrap();
        assert_eq!(store.count(simpul::model::RecordKind::Client), 25);
        assert!(store.check().unwrap().is_clean());
    };
    restore(&file, "restored", true);
    // in the clear only when asked by name
    let out = ssh(&server, "ana", &["ana@127.0.0.1", "backup", "--unprotected"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let clear = server.dir.path().join("clear.simpulbak");
    std::fs::write(&clear, &out.stdout).unwrap();
    restore(&clear, "restored-clear", false);
    // nothing of it is left on the server's disk
    let leftovers: Vec<_> = std::fs::read_dir(server.dir.path().join("db"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("backup"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // an officer may not
    let out = ssh(&server, "siti", &["siti@127.0.0.1", "backup"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Only an admin may take a backup."));
    let notes: Vec<String> = {
        a.keys("q");
        assert!(a.finish().success());
        let mut server = server;
        let _ = server.child.kill();
        let _ = server.child.wait();
        let store = Store::open(&server.dir.path().join("db"), &OpenOptions::default()).unwrap();
        store.audit_log().filter_map(Result::ok).filter(|e| e.action == AuditAction::Export).map(|e| e.note).collect()
    };
    let mut notes = notes;
    notes.sort();
    assert_eq!(notes, ["backup to ssh (age)", "backup to ssh (unprotected)"]);
}

#[test]
fn a_closure_is_asked_for_by_one_officer_and_approved_by_a_supervisor() {
    let server = start_with(25);
    let mut a = session_as(&server, "siti", "siti");
    let mut b = session_as(&server, "agus", "agus");
    for t in [&mut a, &mut b] {
        t.wait_for("Clients (25)");
        t.keys("/status:completed");
        t.wait_for("filter");
        t.keys("\r");
        t.keys("\r"); // the first completed client's details
        t.wait_for("┌ K-");
    }
    // siti asks for the closure's approval (no line selected: the case itself)
    a.keys("A");
    a.wait_for("Ask for approval of");
    a.keys("kasus selesai\r");
    a.wait_for("sent for K-");
    // agus's details reload by themselves; End selects the last line, the request
    b.press_until("\x1b[F", "case closure (completed): waiting");
    b.keys("+");
    b.wait_for("Approve request #");
    b.keys("sesuai\r");
    b.wait_for("approved");
    // and siti sees it approved
    a.keys("\x1b[F");
    a.wait_for("case closure (completed): approved");
    leave_details_and_quit([&mut a, &mut b]);
}

#[test]
fn a_colour_change_is_asked_for_by_one_officer_and_approved_by_a_supervisor() {
    let server = start_with_setup(0, |store| {
        let mut c = simpul::model::Client::new("Ahmad Fauzi");
        c.assessments.push(simpul::model::Assessment {
            id: simpul::model::PartId::NEW,
            date: simpul::clock::Clock::system().today(),
            category: simpul::model::RiskCategory::Merah,
            rri: None,
            assessor: "siti".into(),
            reason: "ancaman baru".into(),
        });
        store.create(&Actor::new("siti", Role::Officer), c).unwrap();
    });
    let mut a = session_as(&server, "siti", "siti");
    let mut b = session_as(&server, "agus", "agus");
    for t in [&mut a, &mut b] {
        t.wait_for("Clients (1)");
        t.keys("\r");
        t.wait_for("┌ K-000001 · Ahmad Fauzi");
    }
    // siti: the referrals' add line, then the assessment; A asks
    a.keys("\t\t");
    a.keys("A");
    a.wait_for("Ask for approval of");
    a.keys("mohon persetujuan\r");
    a.wait_for("sent for K-000001");
    // agus: the request arrives by itself; End selects it; + approves
    b.press_until("\x1b[F", "category red");
    b.wait_for("waiting — siti");
    b.keys("+");
    b.wait_for("Approve request #");
    b.keys("sesuai asesmen\r");
    b.wait_for("approved");
    // siti sees it approved
    a.keys("\x1b[F");
    a.wait_for(": approved — siti");
    leave_details_and_quit([&mut a, &mut b]);
}

#[test]
fn a_terminal_of_any_size_is_drawn_at_most_500_by_200_and_the_server_lives() {
    let server = start();
    // uncapped, 65535 × 65535 would cost 206 GB and end the server; the screen read here is the cap
    let mut t = Tui::spawn_sized(ssh_tt(&server, "siti", "siti"), (65535, 65535), (500, 200));
    t.wait_for("Clients (25)");
    // drawn at the cap: the key hints are the 200th line
    t.wait_for("? help");
    assert_eq!(line_of(&t, "? help"), Some(199), "{}", t.screen());
    // a normal resize is followed, and a huge one is drawn at the cap again
    t.resize(100, 30);
    let deadline = Instant::now() + Duration::from_secs(5);
    while line_of(&t, "? help") != Some(29) {
        assert!(Instant::now() < deadline, "not redrawn at 100×30:\n{}", t.screen());
        t.pump(Duration::from_millis(50));
    }
    t.resize(65535, 65535);
    let deadline = Instant::now() + Duration::from_secs(5);
    while line_of(&t, "? help") != Some(199) {
        assert!(Instant::now() < deadline, "not redrawn at 500×200:\n{}", t.screen());
        t.pump(Duration::from_millis(50));
    }
    // the session still answers, and so does a new one
    t.keys("2");
    t.wait_for("Stakeholders (15)");
    let mut other = session(&server);
    other.wait_for("Clients (25)");
    other.keys("q");
    assert!(other.finish().success());
    // a 500 × 200 session costs a few megabytes (2000 × 2000 would cost 380 MB)
    let rss = peak_rss_mb(&server);
    assert!(rss < 200, "the server's peak RSS is {rss} MB");
    t.keys("q");
    assert!(t.finish().success());
}

#[test]
fn connections_from_one_address_are_limited_counted_and_timed_out() {
    use std::io::{Read, Write};
    let server = start_with(0);
    let addr = ("127.0.0.1", server.port);
    // whether a new connection is greeted, or closed before a word
    let greeted = |s: &mut TcpStream| {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 4];
        matches!(s.read(&mut buf), Ok(4) if &buf == b"SSH-")
    };

    // a flood: fewer than 20 a second get as far as the server's greeting
    let start = Instant::now();
    let mut accepted = 0;
    while start.elapsed() < Duration::from_millis(1500) {
        let mut s = TcpStream::connect(addr).unwrap();
        if greeted(&mut s) {
            accepted += 1;
        }
    }
    let rate = f64::from(accepted) / start.elapsed().as_secs_f64();
    assert!(accepted > 0 && rate < 20.0, "{accepted} connections in {:?}", start.elapsed());

    // ten connections that do not log in are held; more wait for one of them to go
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut held = Vec::new();
    while held.len() < 10 {
        assert!(Instant::now() < deadline, "only {} connections held", held.len());
        let mut s = TcpStream::connect(addr).unwrap();
        if greeted(&mut s) {
            held.push((s, Instant::now()));
        }
    }
    // one of them keeps talking: a client banner, then a packet of 1000 bytes a byte at a time
    held[0].0.write_all(b"SSH-2.0-slow\r\n\0\0\x03\xe8").unwrap();
    let watch = Instant::now() + Duration::from_millis(2500);
    while Instant::now() < watch {
        let mut s = TcpStream::connect(addr).unwrap();
        assert!(!greeted(&mut s), "an eleventh connection waiting to log in was let in");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut s = TcpStream::connect(addr).unwrap();
        if greeted(&mut s) {
            held.push((s, Instant::now()));
            break;
        }
        assert!(Instant::now() < deadline, "no place freed when a held connection closed");
        std::thread::sleep(Duration::from_millis(100));
    }

    // after 30 s without logging in each is cut off, talking or not
    for (s, since) in &mut held {
        s.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
        let mut buf = [0u8; 256];
        loop {
            match s.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    // the talker trickles on, as slowly as it likes
                    let _ = s.write_all(b"x");
                }
                Err(_) => break,
            }
            assert!(since.elapsed() < Duration::from_secs(40), "still open after {:?}", since.elapsed());
        }
        assert!(since.elapsed() >= Duration::from_secs(29), "closed after only {:?}", since.elapsed());
    }
    // and a login goes through again
    let out = ssh(&server, "siti", &["-T", "siti@127.0.0.1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("simpul needs a terminal"));
}

#[test]
fn a_login_that_fails_for_any_reason_is_audited_and_slowed_alike() {
    let mut server = start_with(0);
    // an unknown user, a known user with a key she does not hold, a disabled user with her own key
    let tries = [("stranger", "budi"), ("stranger", "siti"), ("dina", "dina")];
    let mut n = 0u32;
    for _ in 0..2 {
        for (key, user) in tries {
            let start = Instant::now();
            let out = ssh(&server, key, &["-T", &format!("{user}@127.0.0.1")]);
            let took = start.elapsed();
            assert_eq!(out.status.code(), Some(255), "{user}: {}", String::from_utf8_lossy(&out.stdout));
            assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied"));
            // every earlier failure from this address, whatever it was, makes this one wait 200 ms more
            let penalty = Duration::from_millis(200) * n;
            assert!(took >= penalty, "failure {n} ({key} key as {user}) took {took:?}, less than {penalty:?}");
            n += 1;
        }
    }
    stop(&mut server);
    let entries = failed_logins(&server);
    // one failed login per connection, the right one each time, and the whole log tells it
    assert_eq!(entries.iter().map(failures_in).sum::<usize>(), 6, "{entries:#?}");
    let all: String = entries.iter().map(|e| format!("{} {}\n", e.actor, e.note)).collect();
    for reason in ["reason=unknown_user", "wrong_key", "disabled"] {
        assert!(all.contains(reason), "{reason} not in {all}");
    }
    for user in ["budi", "siti", "dina"] {
        assert!(all.contains(user), "{user} not in {all}");
    }
    assert!(entries[0].note.starts_with("from=127.0.0.1:"), "{all}");
}

#[test]
fn a_flood_of_failed_logins_writes_a_bounded_number_of_audit_entries() {
    let mut server = start_with(0);
    let mut failed = 0;
    // three waves of eight at once (within the limit of new connections a second)
    for _ in 0..3 {
        let wave: Vec<_> = (0..8)
            .map(|_| {
                Command::new("ssh")
                    .args(ssh_args(&server, "stranger"))
                    .args(["-T", "siti@127.0.0.1"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in wave {
            let out = c.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(255));
            if String::from_utf8_lossy(&out.stderr).contains("Permission denied") {
                failed += 1;
            }
        }
    }
    assert!(failed >= 16, "only {failed} of 24 got as far as a refused login");
    stop(&mut server);
    let entries = failed_logins(&server);
    // every failure counted, in at most two entries per minute from this address
    assert_eq!(entries.iter().map(failures_in).sum::<usize>(), failed, "{entries:#?}");
    assert!(
        entries.len() as i64 <= 2 * minutes_spanned(&entries),
        "{} entries over {} minutes: {entries:#?}",
        entries.len(),
        minutes_spanned(&entries)
    );
}

#[test]
fn only_strong_algorithms_are_offered_and_compression_waits_for_the_login() {
    let server = start_with(0);
    // what OpenSSH negotiates by itself, with compression asked for
    let mut args = ssh_args(&server, "siti");
    let quiet = args.iter().position(|a| a == "LogLevel=ERROR").unwrap();
    args.drain(quiet - 1..=quiet);
    let loud = |extra: &[&str]| Command::new("ssh").args(&args).args(extra).output().unwrap();
    let out = loud(&["-v", "-C", "-T", "siti@127.0.0.1"]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(String::from_utf8_lossy(&out.stdout).contains("simpul needs a terminal"), "{log}");
    // zlib@openssh.com: compression starts after the login, never before
    assert!(log.contains("compression: zlib@openssh.com"), "{log}");
    assert!(!log.contains("compression: zlib\n") && !log.contains("compression: zlib\r"), "{log}");
    // each of these alone finds nothing in common with the server
    for (option, refused) in [
        ("KexAlgorithms=diffie-hellman-group14-sha256", "no matching key exchange method"),
        ("KexAlgorithms=diffie-hellman-group16-sha512", "no matching key exchange method"),
        ("MACs=hmac-sha2-256", "no matching MAC"),
        ("MACs=hmac-sha2-512", "no matching MAC"),
        ("Ciphers=chacha20-poly1305@openssh.com", "no matching cipher"),
    ] {
        let out = loud(&["-o", option, "-T", "siti@127.0.0.1"]);
        assert_eq!(out.status.code(), Some(255), "{option} was accepted");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(refused),
            "{option}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // older clients still connect: curve25519 (OpenSSH before 9.9), AES-CTR with an encrypt-then-MAC MAC
    for options in [
        ["-o", "KexAlgorithms=curve25519-sha256", "-o", "Ciphers=aes256-gcm@openssh.com"],
        ["-o", "KexAlgorithms=curve25519-sha256@libssh.org", "-o", "Ciphers=aes128-ctr"],
    ] {
        let out = ssh(&server, "siti", &[&options[..], &["-T", "siti@127.0.0.1"]].concat());
        assert!(String::from_utf8_lossy(&out.stdout).contains("simpul needs a terminal"), "{options:?}");
    }
}

/// A user's language: their client's locale (`SetEnv LANG`) on a server
/// that speaks English, then what they choose in a session (alt-l), which
/// is remembered over the client's locale at the next login.
#[test]
fn each_user_gets_their_own_language_and_keeps_the_one_they_choose() {
    let server = start_with(5);
    let indonesian = |s: &Server| {
        let mut cmd = ssh_tt(s, "vera", "vera");
        cmd.arg("-o");
        cmd.arg("SetEnv=LANG=id_ID.UTF-8");
        Tui::spawn(cmd, 80, 24)
    };
    let mut v = indonesian(&server);
    v.wait_for("Klien (5)");
    v.wait_for("pengguna vera");
    v.keys("\x1bl");
    v.wait_for("Clients (5)");
    v.wait_for("Interface language: English. Remembered for your next sessions.");
    v.keys("q");
    assert!(v.finish().success());
    let mut v = indonesian(&server);
    v.wait_for("Clients (5)");
    v.keys("q");
    assert!(v.finish().success());
}

/// A terminal without colour, or without lines and arrows, is drawn as
/// the local interface draws it when the ssh client says so
/// (`SetEnv NO_COLOR=1 SIMPUL_ASCII=1`, as `NO_COLOR` and `--ascii` locally).
#[test]
fn an_ssh_client_asks_for_no_colour_and_plain_ascii() {
    let server = start_with(5);
    let coloured = |t: &Tui| {
        let screen = t.parser.screen();
        (0..24u16).any(|r| {
            (0..80u16).any(|c| {
                screen
                    .cell(r, c)
                    .is_some_and(|x| x.fgcolor() != vt100::Color::Default || x.bgcolor() != vt100::Color::Default)
            })
        })
    };
    let mut plain = Tui::spawn(ssh_tt(&server, "vera", "vera"), 80, 24);
    plain.wait_for("┌ Clients (5)");
    assert!(coloured(&plain), "by default in colour:\n{}", plain.screen());
    plain.keys("q");
    assert!(plain.finish().success());
    let mut cmd = ssh_tt(&server, "vera", "vera");
    cmd.arg("-o");
    cmd.arg("SetEnv=NO_COLOR=1 SIMPUL_ASCII=1");
    let mut t = Tui::spawn(cmd, 80, 24);
    t.wait_for("+ Clients (5)");
    t.wait_for("> K-");
    assert!(!coloured(&t), "no colour:\n{}", t.screen());
    assert!(!t.screen().contains('│') && !t.screen().contains('▶'), "{}", t.screen());
    t.keys("q");
    assert!(t.finish().success());
}

/// What the operator reads in the journal: the server logs starting,
/// logins, sessions, commands, failed logins and stopping to standard
/// error, naming users and addresses but no record's data.
#[test]
fn the_server_logs_connections_logins_sessions_and_failures_but_no_data() {
    let mut server = start_with(5);
    let mut t = session(&server);
    t.wait_for("Clients (5)");
    let names: Vec<String> = t.screen().lines().filter_map(|l| l.split("K-0000").nth(1)).map(str::to_string).collect();
    t.keys("q");
    assert!(t.finish().success());
    let out = ssh(&server, "stranger", &["-T", "siti@127.0.0.1"]);
    assert_eq!(out.status.code(), Some(255));
    let _ = ssh(&server, "siti", &["-T", "siti@127.0.0.1", "export", "clients"]);
    stop(&mut server);
    let log = std::fs::read_to_string(server.dir.path().join("server.log")).unwrap();
    for event in
        ["serving", "login", "session started", "session ended", "login failed", "command", "stopping", "stopped"]
    {
        assert!(log.contains(event), "{event:?} is logged:\n{log}");
    }
    assert!(log.contains("user=siti") && log.contains("command=export"), "{log}");
    // no client's name, from the rows the session showed
    for row in &names {
        let name: String = row.chars().skip(2).take(12).collect();
        assert!(!name.trim().is_empty() && !log.contains(name.trim()), "{name:?} is not in the log:\n{log}");
    }
    assert!(!log.contains('\u{1b}'), "a log in a file has no colour codes");
}

/// An operator stops the server (SIGTERM, as systemd does) while a
/// session is open: the session is told, its terminal restored, and the
/// server ends cleanly within seconds.
#[test]
fn stopping_the_server_tells_every_open_session() {
    let mut server = start_with(5);
    let mut t = session(&server);
    t.wait_for("Clients (5)");
    let asked = Instant::now();
    stop(&mut server);
    assert!(asked.elapsed() < Duration::from_secs(5), "stopped in {:?}", asked.elapsed());
    t.wait_for("The simpul server is being stopped by its administrator; your session has ended.");
    t.finish();
    let log = std::fs::read_to_string(server.dir.path().join("server.log")).unwrap();
    assert!(log.contains("session ended") && log.contains("stopped sessions=0"), "{log}");
}

/// A form open with changes when the server is stopped is kept as a draft
/// and offered, not saved, at the user's next login.
#[test]
fn a_form_open_when_the_server_stops_is_offered_at_the_next_login() {
    let mut server = start_with(5);
    let mut t = session(&server);
    t.wait_for("Clients (5)");
    t.keys("n");
    t.wait_for("New client");
    t.keys("Drafted Person");
    t.wait_for("Drafted Person");
    stop(&mut server);
    t.wait_for("The form you had open was kept as a draft");
    t.finish();
    server.child = serve(server.dir.path(), server.port, None);
    let mut t = session(&server);
    t.wait_for("is back as you left it,");
    t.wait_for("Drafted Person");
    // offered once: it is not in the database, and the next login shows no form
    t.keys("\x1b");
    t.wait_for("Discard the changes in this form? (y/n)");
    t.keys("y");
    t.wait_gone("Drafted Person");
    t.keys("q");
    assert!(t.finish().success());
    let mut t = session(&server);
    t.wait_for("Clients (5)");
    assert!(!t.screen().contains("Drafted Person"));
    t.keys("q");
    assert!(t.finish().success());
}

/// The fingerprint an administrator gives to staff is the one their ssh
/// shows on first connecting, and it can be printed while the server runs.
#[test]
fn the_printed_host_key_is_the_one_ssh_sees() {
    let server = start_with(0);
    let out = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .arg("--db")
        .arg(server.dir.path().join("db"))
        .args(["serve", "--print-host-key", "--listen", &format!("127.0.0.1:{}", server.port)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    let scanned = Command::new("ssh-keyscan")
        .args(["-t", "ed25519", "-p", &server.port.to_string(), "127.0.0.1"])
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&scanned.stdout).to_string();
    let key = line.split_whitespace().nth(2).expect("ssh-keyscan printed the host key");
    assert!(printed.contains(&format!("[127.0.0.1]:{} ssh-ed25519 {key}", server.port)), "{printed}\n{line}");
    let mut keygen = Command::new("ssh-keygen")
        .args(["-l", "-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(keygen.stdin.as_mut().unwrap(), line.as_bytes()).unwrap();
    let fp = String::from_utf8_lossy(&keygen.wait_with_output().unwrap().stdout).to_string();
    let sha = fp.split_whitespace().nth(1).unwrap().to_string();
    assert!(printed.starts_with(&sha), "{printed} vs {fp}");
}

/// `simpul` on the server's machine while it serves: the command goes
/// through the database's socket.
fn local(s: &Server, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .env("USER", "operator")
        .arg("--db")
        .arg(s.dir.path().join("db"))
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The office's one door, end to end: while `simpul serve`
/// holds the database, local commands go through its socket, a user added
/// that way logs in at once, ssh runs commands with each user's role and
/// puts their output on their side, disabling a user ends their session,
/// each user hears their own language, and the log tells all of it.
#[test]
fn every_command_works_while_the_server_holds_the_database() {
    let mut server = start_in(25, |_| {}, Some("id"));
    // a local search and user add, carried out by the server
    let out = local(&server, &["search", "", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = text(&out.stdout);
    assert_eq!(rows.lines().count(), 26, "a header and 25 clients:\n{rows}");
    let name = rows.lines().nth(1).unwrap().split(',').nth(1).unwrap().to_string();
    let first = name.split(' ').next().unwrap().to_lowercase();
    let neo = keygen(server.dir.path(), "neo");
    let pubkey = std::fs::read_to_string(neo.with_extension("pub")).unwrap();
    let out = local(&server, &["user", "add", "neo", "--role", "officer", "--language", "en", "--key", pubkey.trim()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("User neo (U-"), "{}", text(&out.stdout));
    // the new user logs in at once, and searches as an officer
    let out = ssh(&server, "neo", &["neo@127.0.0.1", "search", &first, "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let found = text(&out.stdout);
    assert!(found.starts_with("register_no,full_name,") && found.contains(&name), "{found}");
    // a partner finds only its own clients, without the columns withheld from it
    // (ssh joins its words with spaces: the empty query is quoted for the server's split)
    let out = ssh(
        &server,
        "partner",
        &["lazismu@127.0.0.1", "search", "''", "--format", "csv", "--all-columns", "--unprotected"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let theirs = text(&out.stdout);
    assert_eq!(theirs.lines().count(), 1 + server.partner_clients, "{theirs}");
    let header = theirs.lines().next().unwrap();
    for withheld in ["nik", "register_no", "birth_date", "risk"] {
        assert!(!header.split(',').any(|c| c == withheld), "{withheld} in {header}");
    }
    // and may not run an admin's command: the command's own exit status
    let out = ssh(&server, "partner", &["lazismu@127.0.0.1", "user", "list"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // an export lands on the user's side; nothing is written on the server's
    let out = ssh(&server, "siti", &["siti@127.0.0.1", "export", "events", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = server.dir.path().join("events-here.csv");
    std::fs::write(&file, &out.stdout).unwrap();
    let events = std::fs::read_to_string(&file).unwrap();
    assert!(events.starts_with("title,kind,start,"), "{events}");
    assert!(events.lines().count() > 5, "{events}");
    let out = ssh(&server, "siti", &["siti@127.0.0.1", "export", "events", "--output", "/tmp/x.csv"]);
    assert_eq!(out.status.code(), Some(2), "no file of the server's: {}", text(&out.stderr));
    // the interface at the server's machine opens a session through the socket, as the administrator
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.env("LANG", "C");
    cmd.env("USER", "operator");
    cmd.arg("--db");
    cmd.arg(server.dir.path().join("db"));
    let mut at = Tui::spawn(cmd, 80, 24);
    at.wait_for("Clients (25)");
    at.wait_for("6 Audit");
    at.keys("q");
    assert!(at.finish().success());
    // each user's own language: the server speaks Indonesian, neo English
    let mut n = session_as(&server, "neo", "neo");
    n.wait_for("Clients (25)");
    // rina chose no language and her client sends no locale (no ssh_config, so no SendEnv)
    let mut cmd = CommandBuilder::new("ssh");
    for a in ["-tt", "-F", "/dev/null"].into_iter().map(String::from).chain(ssh_args(&server, "rina")) {
        cmd.arg(a);
    }
    cmd.arg("rina@127.0.0.1");
    let mut r = Tui::spawn(cmd, 80, 24);
    r.wait_for("Klien (25)");
    // disabling a user ends their open session within a second, and says why
    let out = local(&server, &["user", "disable", "rina"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    r.wait_for_within("Akses Anda ke simpul dicabut", Duration::from_secs(3));
    r.finish();
    // the others go on
    n.keys("q");
    assert!(n.finish().success());
    stop(&mut server);
    let log = std::fs::read_to_string(server.dir.path().join("server.log")).unwrap();
    // the local user is who the kernel says connected, not who USER claims
    let me = text(&Command::new("id").arg("-un").output().unwrap().stdout).trim().to_string();
    assert!(!log.contains("user=operator"), "the claimed USER is not believed:\n{log}");
    let (search, session, user) = (
        format!("command user={me} command=search door=\"socket\""),
        format!("session started user={me} cols=80 rows=24 door=\"socket\""),
        format!("command user={me} command=user door=\"socket\""),
    );
    for event in [
        search.as_str(),
        &session,
        &user,
        "login user=neo",
        "command user=neo command=search",
        "command ended user=lazismu command=user status=1",
        "command user=siti command=export",
        "session ended: access withdrawn user=rina",
    ] {
        assert!(log.contains(event), "{event:?} is logged:\n{log}");
    }
    // and the audit log names the local user and each remote one
    let store = Store::open(&server.dir.path().join("db"), &OpenOptions::default()).unwrap();
    let entries: Vec<_> = store.audit_log().filter_map(Result::ok).collect();
    assert!(entries.iter().any(|e| e.actor == me && e.action == AuditAction::Create), "user add by the OS user");
    assert!(
        entries
            .iter()
            .any(|e| e.actor == "lazismu" && e.action == AuditAction::Export && e.note.contains("unprotected"))
    );
}

/// Bytes that look like a scanned PDF: a header, then content that does
/// not repeat (so no chunk is like another).
fn scan(len: usize, seed: u32) -> Vec<u8> {
    let mut b = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    while b.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b.extend_from_slice(&x.to_le_bytes());
    }
    b.truncate(len);
    b
}

/// Documents, end to end: a scan attached from the command
/// line comes back byte-identical through the command line, over ssh and
/// after a backup and restore; a partner neither lists nor fetches one not
/// shared with it; `check` finds a damaged chunk.
#[test]
fn a_scan_comes_back_byte_identical_everywhere_and_only_to_whom_it_is_shared() {
    let mut server = start_with(25);
    let client = format!("K-{:06}", server.partner_client_ids[0]);
    let dir = server.dir.path().to_path_buf();
    let verdict = scan(700_000, 1);
    let certificate = scan(90_000, 2);
    std::fs::write(dir.join("putusan.pdf"), &verdict).unwrap();
    std::fs::write(dir.join("sertifikat.pdf"), &certificate).unwrap();
    // from the command line at the server's machine (through its socket)
    let putusan = dir.join("putusan.pdf");
    let out = local(
        &server,
        &["attach", &client, putusan.to_str().unwrap(), "--title", "Putusan PN Malang", "--kind", "verdict"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with(&format!("Added D-000001 to {client}")), "{}", text(&out.stdout));
    // over ssh, the file on standard input, shared with the partner
    let out = admitted(|| {
        Command::new("ssh")
            .args(ssh_args(&server, "siti"))
            .args(["siti@127.0.0.1", "attach", &client, "--title", "'Sertifikat barista'", "--kind", "certificate"])
            .args(["--name", "sertifikat.pdf", "--share-partner"])
            .stdin(std::fs::File::open(dir.join("sertifikat.pdf")).unwrap())
            .output()
            .unwrap()
    });
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with(&format!("Added D-000002 to {client}")), "{}", text(&out.stdout));
    // back through the command line, and through ssh
    let back = dir.join("back.pdf");
    let out = local(&server, &["attachment", "get", "D-000001", "--unprotected", "--output", back.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read(&back).unwrap() == verdict, "byte-identical through the command line");
    let out = admitted(|| ssh(&server, "siti", &["siti@127.0.0.1", "attachment", "get", "D-000001", "--unprotected"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout == verdict, "byte-identical over ssh ({} bytes)", out.stdout.len());
    let out = admitted(|| ssh(&server, "siti", &["siti@127.0.0.1", "attachment", "get", "D-000002", "--unprotected"]));
    assert!(out.stdout == certificate, "{}", text(&out.stderr));
    // without a protection flag nothing leaves
    let out = admitted(|| ssh(&server, "siti", &["siti@127.0.0.1", "attachment", "get", "D-000001"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    // the partner lists and fetches only what is shared with it
    let out = admitted(|| ssh(&server, "partner", &["lazismu@127.0.0.1", "attachments", &client]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(listed.contains("D-000002") && listed.contains("Sertifikat barista"), "{listed}");
    assert!(!listed.contains("D-000001") && !listed.contains("Putusan"), "{listed}");
    let out =
        admitted(|| ssh(&server, "partner", &["lazismu@127.0.0.1", "attachment", "get", "D-000001", "--unprotected"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("Document D-000001 does not exist (or is not yours to see)"),
        "{}",
        text(&out.stderr)
    );
    let out =
        admitted(|| ssh(&server, "partner", &["lazismu@127.0.0.1", "attachment", "get", "D-000002", "--unprotected"]));
    assert!(out.stdout == certificate, "{}", text(&out.stderr));
    // nor adds, takes out or erases any
    for words in [
        vec!["attach", client.as_str(), "--title", "x"],
        vec!["attachment", "remove", "D-000002", "--reason", "x"],
        vec!["attachment", "purge", "D-000002", "--reason", "x", "--yes"],
    ] {
        let mut args = vec!["lazismu@127.0.0.1"];
        args.extend(words.iter().copied());
        let out = admitted(|| ssh(&server, "partner", &args));
        assert_eq!(out.status.code(), Some(1), "{words:?}: {}", text(&out.stderr));
    }
    // a viewer sees that it exists, but not its content unless marked for viewers
    let out = admitted(|| ssh(&server, "vera", &["vera@127.0.0.1", "attachments", &client]));
    assert!(text(&out.stdout).contains("D-000001"), "{}", text(&out.stderr));
    let out = admitted(|| ssh(&server, "vera", &["vera@127.0.0.1", "attachment", "get", "D-000001", "--unprotected"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not shared with viewers"), "{}", text(&out.stderr));
    // after a backup and a restore
    let out = admitted(|| ssh(&server, "ana", &["ana@127.0.0.1", "backup", "--unprotected"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::write(dir.join("docs.simpulbak"), &out.stdout).unwrap();
    let r = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .args(["restore", dir.join("docs.simpulbak").to_str().unwrap(), "--db"])
        .arg(dir.join("restored"))
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", text(&r.stderr));
    let restored_back = dir.join("restored.pdf");
    let r = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .arg("--db")
        .arg(dir.join("restored"))
        .args(["attachment", "get", "D-000001", "--unprotected", "--output", restored_back.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(std::fs::read(&restored_back).unwrap() == verdict, "byte-identical after backup and restore");
    // every download was audited
    stop(&mut server);
    {
        let store = Store::open(&dir.join("db"), &OpenOptions::default()).unwrap();
        let notes: Vec<String> = store
            .audit_log()
            .filter_map(Result::ok)
            .filter(|e| e.action == AuditAction::Export && e.note.starts_with("document"))
            .map(|e| format!("{} {}", e.actor, e.note))
            .collect();
        assert!(notes.contains(&"siti document D-000001 to stdout (unprotected)".to_string()), "{notes:?}");
        assert!(notes.contains(&"lazismu document D-000002 to stdout (unprotected)".to_string()), "{notes:?}");
        assert!(!notes.iter().any(|n| n.starts_with("lazismu document D-000001")), "{notes:?}");
    }
    // a damaged chunk is found by check
    {
        let db = sled::open(dir.join("db")).unwrap();
        let contents = db.open_tree("contents").unwrap();
        let (k, v) = contents.scan_prefix(b"c").next().unwrap().unwrap();
        let mut v = v.to_vec();
        v[100] ^= 0x55;
        contents.insert(k, v).unwrap();
        db.flush().unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .arg("--db")
        .arg(dir.join("db"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("the content of D-000001 is damaged"), "{}", text(&out.stdout));
}
