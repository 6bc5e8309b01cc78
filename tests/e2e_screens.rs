//! What the screen shows is what the keys act on, in the real binary at
//! 80×24: the agenda's selection stays on screen and `w h` records the
//! highlighted client; a question shows its own keys; the palette offers
//! what the user may do (the audit log to the administrator).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::path::Path;

use portable_pty::CommandBuilder;

mod common;
use common::pty::Tui;

fn demo_db(db: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args(["--db", db.to_str().unwrap(), "demo", "--clients", "200", "--seed", "1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn start(db: &Path) -> Tui {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", "en"]);
    Tui::spawn(cmd, 80, 24)
}

/// Sends `keys`, then an unbound key whose message says every key before
/// it was handled (keys are handled in order); F11 and F12 in turn, so the
/// message awaited is never the one already shown.
fn settle(t: &mut Tui, keys: &str) {
    t.keys(keys);
    let (key, said) =
        if t.screen().contains("f12 does nothing") { ("\x1b[23~", "f11 does") } else { ("\x1b[24~", "f12 does") };
    t.keys(key);
    t.wait_for(said);
}

/// The record id on the highlighted line.
fn highlighted(t: &Tui) -> Option<String> {
    let screen = t.screen();
    let line = screen.lines().find(|l| l.contains('▶'))?;
    let at = line.find("K-")?;
    Some(line[at..].chars().take(8).collect())
}

#[test]
fn the_agendas_highlighted_line_stays_on_screen_and_is_the_one_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    demo_db(&db);
    let mut t = start(&db);
    t.wait_for("Clients (200)");
    t.keys("4");
    t.wait_for("Agenda ·");
    t.wait_gone("Computing the agenda");
    settle(&mut t, "");
    let screen = t.screen();
    let count: usize = screen
        .lines()
        .find_map(|l| l.split("Agenda ·").nth(1))
        .and_then(|rest| rest.split('(').nth(1))
        .and_then(|n| n.split(')').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count in the agenda's title:\n{screen}"));
    assert!(count > 20, "the agenda is longer than a screen ({count}):\n{screen}");
    for n in 1..=count + 2 {
        settle(&mut t, "\x1b[B"); // Down
        assert!(t.screen().contains('▶'), "no ▶ after {n} Down:\n{}", t.screen());
    }
    settle(&mut t, "\x1b[H"); // Home
    assert!(t.screen().contains('▶'), "no ▶ after Home:\n{}", t.screen());
    settle(&mut t, "\x1b[F"); // End
    assert!(t.screen().contains('▶'), "no ▶ after End:\n{}", t.screen());
    // up from the end to a client's line: w h records that client
    let mut id = highlighted(&t);
    while id.is_none() {
        settle(&mut t, "\x1b[A");
        id = highlighted(&t);
    }
    let id = id.unwrap();
    t.keys("wh");
    t.wait_for(&format!("for {id}"));
    t.keys("q");
    assert!(t.finish().success());
}

#[test]
fn a_question_shows_its_own_keys_and_the_palette_offers_the_audit_log_to_the_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    demo_db(&db);
    let mut t = start(&db);
    t.wait_for("Clients (200)");
    t.keys("!");
    t.wait_for("Warning for K-");
    assert!(t.screen().contains("enter"), "{}", t.screen());
    assert!(!t.screen().contains("ctrl-s save"), "the search box's keys are not this question's:\n{}", t.screen());
    t.keys("\x1b");
    t.wait_gone("Warning for K-");
    // the local user is the database's administrator
    t.keys("\x10"); // ctrl-p
    t.wait_for("Commands (");
    t.keys("tab aud");
    t.wait_for("Go to the audit log tab");
    t.keys("\r");
    t.wait_for("Audit log");
    t.keys("q");
    assert!(t.finish().success());
}
