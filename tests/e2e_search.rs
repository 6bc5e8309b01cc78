//! The search in the real binary: type an old spelling into the list
//! filter and find the client; open the global search and jump to a
//! stakeholder; find records by the ids the lists show; letters scattered
//! over a name find nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::path::Path;

use portable_pty::CommandBuilder;
use simpul::demo::{DemoOptions, load};
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store};

mod common;
use common::pty::Tui;

/// The demo data (300 fictional clients); one client named Sukarno
/// (K-000301); one at an office of its own whose old-spelling alias holds
/// the letters of "djoko" scattered (K-000302); an archived one, Gatotkaca
/// (K-000303).
fn make_db(path: &Path) {
    let clock = simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7);
    let store = Store::open(path, &OpenOptions { clock, ..OpenOptions::default() }).unwrap();
    let a = Actor::new("test", Role::Officer);
    let today = store.clock().today();
    load(&store, &a, &DemoOptions { clients: 300, seed: 1, today }).unwrap();
    let mut c = Client::new("Sukarno Wijaya");
    c.office = "BAPAS Malang".into();
    store.create(&a, c).unwrap();
    let mut c = Client::new("Khoirul Prasetyo");
    c.aliases = vec!["Choiroel Prasetjo".into()];
    c.office = "BAPAS Pujon".into();
    store.create(&a, c).unwrap();
    let c = store.create(&a, Client::new("Gatotkaca Wirabumi")).unwrap();
    store.archive::<Client>(&a, c.meta.id, None).unwrap();
    store.flush().unwrap();
}

/// The interface on a new database of [`make_db`], in English at 80×24.
fn start(dir: &tempfile::TempDir) -> Tui {
    let db = dir.path().join("db");
    make_db(&db);
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", "en"]);
    let mut t = Tui::spawn(cmd, 80, 24);
    t.wait_for("Clients (");
    t
}

/// Types `query` into the list's filter box (opened, emptied) and waits
/// until the box shows it.
fn filter(t: &mut Tui, query: &str) {
    t.keys("/\x15");
    t.keys(query);
    t.wait_for(&format!("/ {query}"));
}

/// Waits until the screen shows all of `texts` at once.
fn wait_all(t: &mut Tui, texts: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !texts.iter().all(|x| t.screen().contains(x)) {
        assert!(std::time::Instant::now() < deadline, "timed out waiting for {texts:?}; screen:\n{}", t.screen());
        t.pump(std::time::Duration::from_millis(50));
    }
}

#[test]
fn old_spelling_finds_the_client_and_global_search_jumps_to_a_stakeholder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_db(&db);
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", "en"]);
    let mut t = Tui::spawn(cmd, 80, 24);
    t.wait_for("Clients (");
    t.keys("/soekarno");
    t.wait_for("/ soekarno");
    t.wait_for("Sukarno Wijaya");
    t.wait_for("filter: soekarno");
    t.keys("\r");
    t.wait_for(" of ");
    assert!(t.screen().contains("Sukarno Wijaya"), "{}", t.screen());
    // the global search (ctrl-g), a stakeholder by its short name
    t.keys("\x07");
    t.wait_for("Search everything");
    // a phrase: only the stakeholder's name holds it (events come after it)
    t.keys("\"lazismu\"");
    t.wait_for("> \"lazismu\"");
    t.wait_for("Clients (0)");
    t.wait_for("Stakeholders (1)");
    t.keys("\r");
    t.wait_for("Short name");
    let screen = t.screen();
    assert!(!screen.contains("Search everything"), "{screen}");
    assert!(screen.contains("S-0000"), "{screen}");
    // Esc back to the list, then quit
    t.keys("\x1b");
    t.wait_gone("Short name");
    t.keys("q");
    assert!(t.finish().success());
}

#[test]
fn the_ids_lists_show_find_their_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(&dir);
    for typed in ["K-000173", "k173", "000173"] {
        filter(&mut t, typed);
        wait_all(&mut t, &[&format!("/ {typed} "), "Clients (1 of 302)", "▶ K-000173 "]);
        t.keys("\r");
        t.wait_for(&format!("filter: {typed}"));
    }
    // the global search: a stakeholder's and an event's ids
    t.keys("\x07");
    t.wait_for("Search everything");
    t.keys("s2");
    wait_all(&mut t, &["> s2 ", "Clients (0)", "Stakeholders (1)", "S-000002", "Events (0)"]);
    t.keys("\x15E-000001");
    wait_all(&mut t, &["> E-000001 ", "Clients (0)", "Stakeholders (0)", "Events (1)", "E-000001 "]);
    t.keys("\x1b");
    t.wait_gone("Search everything");
    t.keys("q");
    assert!(t.finish().success());
}

#[test]
fn letters_scattered_over_a_name_find_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(&dir);
    // "djoko" is y-o-k-o folded: all in "Khoirul Prasetyo Khoirul Prasetyo", one by one
    filter(&mut t, "office:pujon djoko");
    wait_all(&mut t, &["Clients (0 of 302)"]);
    // the rows are drawn after the title
    t.wait_gone("Khoirul");
    filter(&mut t, "office:pujon choirul");
    wait_all(&mut t, &["Clients (1 of 302)", "Khoirul Prasetyo"]);
    t.keys("\r");
    t.wait_gone("/ office:pujon choirul");
    t.keys("q");
    assert!(t.finish().success());
}

#[test]
fn a_list_showing_archived_records_searches_them_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(&dir);
    filter(&mut t, "gatotkaca");
    wait_all(&mut t, &["Clients (0 of 302)", "No client matches 'gatotkaca'."]);
    t.keys("\r");
    t.wait_gone("/ gatotkaca");
    // `.` shows archived records: the filter searches them too
    t.keys(".");
    wait_all(&mut t, &["Clients (1 of 303)", "Name (by relevance)", "Gatotkaca Wirabumi [archived]"]);
    t.keys(".");
    t.wait_for("Clients (0 of 302)");
    t.keys("q");
    assert!(t.finish().success());
}
