//! The real binary in a pseudo-terminal, driven with the vim keys only and
//! with the emacs keys only: counts, sequences and their which-key box,
//! the command palette, quitting; and a bad keymap file in the user's
//! configuration directory, which must not lock the user out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::pty::Tui;
use portable_pty::CommandBuilder;
use simpul::demo::{DemoOptions, load};
use simpul::i18n::Lang;
use simpul::keymap::Keymap;
use simpul::model::{RecordKind, RecordRef};
use simpul::store::{Actor, OpenOptions, Store};
use simpul::ui::app::App;
use simpul::ui::data::UiData;
use simpul::ui::{Theme, update};

/// A demo database of 60 clients, and the client ids and names in the
/// order the client list shows them (computed through the library, as the
/// UI does).
fn make_db(path: &Path) -> (Vec<String>, Vec<String>) {
    let clock = simpul::clock::Clock::at(2024, 6, 1, 9, 0, 7);
    let store = Store::open(path, &OpenOptions { clock, ..OpenOptions::default() }).unwrap();
    let actor = Actor::local();
    let today = store.clock().today();
    load(&store, &actor, &DemoOptions { clients: 60, seed: 1, today }).unwrap();
    store.flush().unwrap();
    let data = UiData::load(&store.scoped(&actor).unwrap());
    let km = Arc::new(Keymap::preset("default").unwrap());
    let mut app = App::new(Lang::En, Theme::default(), km, String::new(), String::new(), store.clock());
    update::resize(&mut app, 80, 24);
    update::sync(&mut app, &data);
    let order = &app.list().order;
    let ids = order
        .iter()
        .map(|&p| RecordRef::new(RecordKind::Client, data.id_at(RecordKind::Client, p as usize).unwrap()).to_string())
        .collect();
    (ids, order.iter().map(|&p| data.clients[p as usize].name().to_string()).collect())
}

/// Starts simpul on `db` with extra arguments, its config directory `xdg`.
fn start(db: &Path, xdg: &Path, args: &[&str]) -> Tui {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", "en"]);
    cmd.args(args);
    // never the developer's own keymap.toml
    cmd.env("XDG_CONFIG_HOME", xdg.as_os_str());
    Tui::spawn(cmd, 80, 24)
}

/// Polls the screen until `ok` holds, failing after a few seconds.
fn wait_until(t: &mut Tui, what: &str, ok: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !ok(&t.screen()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{}", t.screen());
        t.pump(Duration::from_millis(20));
    }
}

/// The line of the selected row (the one with the marker).
fn selected_line(screen: &str) -> String {
    screen.lines().find(|l| l.contains('▶')).unwrap_or_default().to_string()
}

fn wait_selected(t: &mut Tui, id: &str) {
    wait_until(t, &format!("{id} selected"), |s| selected_line(s).contains(id));
}

fn wait_gone(t: &mut Tui, text: &str) {
    wait_until(t, &format!("{text:?} gone"), |s| !s.contains(text));
}

fn quits_cleanly(t: &mut Tui) {
    let status = t.finish();
    assert!(status.success(), "exit status {status:?}");
    assert!(!t.parser.screen().alternate_screen(), "alternate screen left");
    assert!(!t.parser.screen().hide_cursor(), "cursor visible again");
}

#[test]
fn vim_keys_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (ids, names) = make_db(&db);
    let last = ids.last().unwrap().clone();
    let mut t = start(&db, dir.path(), &["--keymap", "vim"]);
    t.wait_for(&format!("Clients ({})", ids.len()));
    wait_selected(&mut t, &ids[0]);
    t.keys("5j");
    wait_selected(&mut t, &ids[5]);
    t.keys("G");
    wait_selected(&mut t, &last);
    // a pending g: the status line and the which-key box; Esc cancels both
    t.keys("g");
    t.wait_for("keys: g …");
    t.wait_for("Go to the first row");
    t.wait_for("Go to the events tab");
    t.keys("\x1b");
    wait_gone(&mut t, "Go to the first row");
    wait_gone(&mut t, "keys: g");
    assert!(selected_line(&t.screen()).contains(&last), "Esc ran nothing");
    t.keys("gg");
    wait_selected(&mut t, &ids[0]);
    // `/` filters as you type; Enter keeps the filter, Esc clears it
    let (first, wanted) = (&names[0], &names[10]);
    t.keys(&format!("/{wanted}"));
    wait_gone(&mut t, first);
    t.keys("\r");
    wait_selected(&mut t, wanted);
    t.keys("\x1b");
    // a lone Esc must be read before the next key, or the two are alt-g
    t.wait_for(first);
    t.keys("ge");
    t.wait_for("Events (");
    t.keys("gc");
    t.wait_for("Clients (");
    // the palette: `:`, a few letters of the name, Enter
    t.keys(":");
    t.wait_for("Commands (");
    t.keys("tab ev");
    t.wait_for("> tab ev");
    t.keys("\r");
    t.wait_for("Events (");
    wait_gone(&mut t, "Commands (");
    t.keys("ZZ");
    quits_cleanly(&mut t);
}

#[test]
fn emacs_keys_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (ids, _) = make_db(&db);
    let mut t = start(&db, dir.path(), &["--keymap", "emacs"]);
    t.wait_for(&format!("Clients ({})", ids.len()));
    t.keys("\x0e\x0e"); // C-n C-n
    wait_selected(&mut t, &ids[2]);
    t.keys("\x10"); // C-p
    wait_selected(&mut t, &ids[1]);
    t.keys("\x1b>"); // M->
    wait_selected(&mut t, ids.last().unwrap());
    t.keys("\x1b<"); // M-<
    wait_selected(&mut t, &ids[0]);
    t.keys("\x1bx"); // M-x
    t.wait_for("Commands (");
    t.keys("tab st");
    t.wait_for("> tab st");
    t.keys("\r");
    t.wait_for("Stakeholders (");
    wait_gone(&mut t, "Commands (");
    t.keys("\x18"); // C-x: a prefix, its box lists what follows
    t.wait_for("keys: ctrl-x …");
    t.wait_for("Go to the events tab");
    t.keys("\x03"); // C-c
    quits_cleanly(&mut t);
}

#[test]
fn a_bad_keymap_file_in_the_config_dir_starts_with_the_default_keys_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    Store::open(&db, &OpenOptions::default()).unwrap();
    let conf = dir.path().join("simpul");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("keymap.toml"), "extends = \"vim\"\n\n[list]\n\"j\" = \"down\"\n\"x\" = \"fly_away\"\n")
        .unwrap();
    let mut t = start(&db, dir.path(), &[]);
    t.wait_for("Welcome to simpul");
    // the message may wrap over the status line: read the screen as prose
    let says = |s: &str, text: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").contains(text);
    wait_until(&mut t, "the keymap problem", |s| {
        says(s, "Error: keymap.toml line 5: unknown action")
            && says(s, "using the default keys; run `simpul keys` to see all problems")
    });
    // the default keys work: f10 quits (vim would not be in force)
    t.keys("\x1b[21~");
    quits_cleanly(&mut t);
}
