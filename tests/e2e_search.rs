//! The search of issue 6 in the real binary: type an old spelling into the
//! list filter and find the client; open the global search and jump to a
//! stakeholder.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::path::Path;

use portable_pty::CommandBuilder;
use simpul::demo::{DemoOptions, load};
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store};

mod common;
use common::pty::Tui;

/// The demo data (a few hundred fictional clients) and one client named Sukarno.
fn make_db(path: &Path) {
    let clock = simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7);
    let store = Store::open(path, &OpenOptions { clock, ..OpenOptions::default() }).unwrap();
    let a = Actor::new("test", Role::Officer);
    let today = store.clock().today();
    load(&store, &a, &DemoOptions { clients: 300, seed: 1, today }).unwrap();
    let mut c = Client::new("Sukarno Wijaya");
    c.office = "BAPAS Malang".into();
    store.create(&a, c).unwrap();
    store.flush().unwrap();
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
