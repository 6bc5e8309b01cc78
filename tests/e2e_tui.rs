//! The real binary in a pseudo-terminal: switch tabs, open a record, follow
//! a link, go back, quit; the terminal must be left as it was found.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::path::Path;

use chrono::NaiveDate;
use portable_pty::CommandBuilder;
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
    let mut ahmad = Client::new("Ahmad Fauzi");
    ahmad.consent.given = true;
    let ahmad = store.create(&a, ahmad).unwrap();
    store.create(&a, Client::new("Budi Santoso")).unwrap();
    store.create(&a, Referral::new(ahmad.id(), st.id(), "pelatihan barista", day)).unwrap();
    let mut e = Event::new("Lokakarya Reintegrasi", EventKind::Workshop, When::Date(day));
    e.organisers.push(st.id());
    store.create(&a, e).unwrap();
    store.flush().unwrap();
}

mod common;
use common::pty::Tui;

fn start(db: &Path, lang: &str) -> Tui {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", lang]);
    Tui::spawn(cmd, 80, 24)
}

#[test]
fn browse_follow_a_link_go_back_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_db(&db);
    let mut t = start(&db, "en");
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
    t.keys("\t\r"); // select the referral, follow it to the stakeholder
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
fn empty_database_welcomes_and_loads_the_demo_with_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    Store::open(&db, &OpenOptions::default()).unwrap();
    let mut t = start(&db, "id");
    t.wait_for("Selamat datang di simpul");
    t.wait_for("D   muat data contoh");
    t.keys("D"); // one key loads the demo data
    t.wait_for("Klien (200)");
    // the demo's events are dated around today: their number varies with it
    t.wait_for("Data contoh dimuat: 200 klien, 15 mitra, ");
    t.keys("2");
    t.wait_for("LAZISMU Jatim");
    t.keys("q");
    assert!(t.finish().success());
    assert!(!t.parser.screen().alternate_screen());
}

/// The first screen of an empty database offers every way in, whole at
/// 80×24 in both languages: the demo, the first client, a spreadsheet, the
/// keys and the palette, a shared server; `n` starts the first client.
#[test]
fn the_welcome_offers_every_way_in_and_n_records_the_first_client() {
    for (lang, texts, form) in [
        (
            "id",
            [
                "D   muat data contoh",
                "n   catat klien pertama",
                "f1  semua tombol; ctrl-p: semua perintah (palet)",
                "simpul import clients BERKAS.csv",
                "\"Import and export layout\"",
                "ssh -p 2222 NAMA@SERVER",
                "admin menjalankan simpul serve)",
                "q   keluar",
            ],
            "Klien baru",
        ),
        (
            "en",
            [
                "D   load the demo data",
                "n   record the first client",
                "f1  every key; ctrl-p: every command (the palette)",
                "simpul import clients FILE.csv",
                "\"Import and export layout\"",
                "ssh -p 2222 NAME@SERVER",
                "an administrator runs simpul serve)",
                "q   quit",
            ],
            "New client",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        Store::open(&db, &OpenOptions::default()).unwrap();
        let mut t = start(&db, lang);
        for text in texts {
            t.wait_for(text);
        }
        t.keys("n");
        t.wait_for(form);
        t.keys("\x1b"); // nothing typed: closed without a question
        t.wait_for(texts[0]);
        t.keys("q");
        assert!(t.finish().success());
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_db(&db);
    let mut t = start(&db, "en");
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
