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
    // the search finds what the load wrote, not what the index held before it
    t.keys("1");
    t.wait_for("Klien (200)");
    t.keys("/agus");
    // the whole query, not a screen of its first letters
    t.wait_for("/ agus ");
    t.wait_for("Klien (8 dari 200)");
    t.wait_for("Agus Hartono");
    t.keys("\x1b"); // the filter closed: the list's own keys again
    t.wait_for("q keluar");
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

/// A weekly class of twelve Tuesdays for 35 clients, end to end: at the
/// door of its first meeting 33 are checked in by a few keys each and a
/// guest is added; the rest are marked absent when it closes; the
/// attendance list has a column per meeting.
#[test]
fn a_weekly_series_is_checked_in_at_the_door_and_exported_a_column_per_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let first = ["Ahmad", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita"];
    let last = ["Santoso", "Wibowo", "Lestari", "Pratama", "Hidayat"];
    let names: Vec<String> = first.iter().flat_map(|f| last.iter().map(move |l| format!("{f} {l}"))).collect();
    assert_eq!(names.len(), 35);
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let a = Actor::new("test", Role::Officer);
        let st = store.create(&a, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap();
        // a Tuesday in the past: the date the test runs on does not matter
        let day = NaiveDate::from_ymd_opt(2025, 1, 7).unwrap();
        let mut e = Event::new("Kelas barista", EventKind::Training, When::Date(day));
        e.organisers.push(st.id());
        e.recurrence = Some(Recurrence::parse("weekly tue x12", day).unwrap());
        for n in &names {
            let c = store.create(&a, Client::new(n.as_str())).unwrap();
            e.participants.push(Participant::client(c.id(), Attendance::Invited));
        }
        let e = store.create(&a, e).unwrap();
        assert_eq!(e.meetings.len(), 12);
        store.flush().unwrap();
    }
    let mut t = start(&db, "en");
    t.wait_for("Clients (35)");
    t.keys("3");
    t.wait_for("Kelas barista");
    t.keys("\r");
    t.wait_for("E-000001 · Kelas barista");
    // the meetings come before the follow-ups' line, the last to select: up from it
    t.keys("\x1b[F");
    t.wait_for("▶ + add…");
    for _ in 0..12 {
        t.keys("\x1b[A");
    }
    t.wait_for("▶ • #1  7 Jan 2025");
    t.keys("\r");
    t.wait_for("Check-in: Kelas barista — #1, 7 Jan 2025 — 0 of 35 here");
    for (i, n) in names.iter().take(33).enumerate() {
        // a few letters of each word, then Enter
        let typed: Vec<String> = n.split(' ').map(|w| w.chars().take(3).collect()).collect();
        t.keys(&typed.join(" "));
        t.keys("\r");
        t.wait_for(&format!("{n}: attended."));
        t.wait_for(&format!("{} of 35 here", i + 1));
    }
    t.keys("Pak Harun\r");
    t.wait_for("Add Pak Harun as a guest who attended?");
    t.keys("y");
    t.wait_for("34 of 36 here");
    t.keys("\x1b");
    t.wait_for("Mark the 2 not checked in as absent");
    t.keys("y");
    t.wait_for("Meeting closed: 2 marked absent.");
    t.wait_for("▶ • #1  7 Jan 2025  held · 34 attended");
    t.keys("\x1b");
    t.wait_gone("Meetings (Enter: check-in)");
    t.keys("q");
    assert!(t.finish().success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args(["--db", db.to_str().unwrap(), "--lang", "en", "attendance", "E-000001"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..5], ["participant", "register_no", "full_name", "office", "role"]);
    assert_eq!(header.len(), 5 + 12 + 1, "a column per meeting, and the meetings attended: {header:?}");
    assert_eq!(header[5], "2025-01-07");
    assert_eq!(header[16], "2025-03-25");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 36);
    assert_eq!(rows.iter().filter(|r| r[5] == "attended").count(), 34);
    assert_eq!(rows.iter().filter(|r| r[5] == "absent").count(), 2);
    assert!(rows.iter().all(|r| r[6] == "invited"), "the second meeting is still to come");
    let guest = rows.iter().find(|r| r[2] == "Pak Harun").unwrap();
    assert_eq!((guest[4], guest[17]), ("guest", "1/1"));
    // one meeting alone
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args(["--db", db.to_str().unwrap(), "attendance", "E-000001", "--meeting", "2025-01-07"])
        .output()
        .unwrap();
    let one = String::from_utf8(out.stdout).unwrap();
    assert!(one.starts_with("participant,register_no,full_name,office,role,attendance\n"), "{one}");
    assert_eq!(one.lines().count(), 37);
}
