//! Probation practice in the real binary in a pseudo-terminal: record three
//! reporting days (one missed) in two keys each and see the count and the
//! agenda item; record a group session for two clients at once; write a
//! Litmas and export it as a document.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::path::Path;

use chrono::Duration;
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store};

mod common;
use common::pty::{Tui, Workspace};

const CTRL_S: &str = "\x13";
const RIGHT: &str = "\x1b[C";
const HOME: &str = "\x1b[H";

/// Ahmad reports on the last three days the office was open, today
/// included when it is (dates set by the officer, so that no day moves
/// whatever today is); Budi has no schedule.
fn make_db(path: &Path) {
    let store = Store::open(path, &OpenOptions::default()).unwrap();
    let a = Actor::new("test", Role::Officer);
    let today = simpul::clock::Clock::system().today();
    let calendar = store.calendar().unwrap();
    let open_before =
        |d: chrono::NaiveDate| (0..40).map(|n| d - Duration::days(n)).find(|d| calendar.is_open(*d)).unwrap();
    let last = open_before(today);
    let middle = open_before(last - Duration::days(1));
    let first = open_before(middle - Duration::days(1));
    let mut ahmad = Client::new("Ahmad Fauzi");
    ahmad.office = "Bapas Malang".into();
    ahmad.officer = "Rina Wulandari".into();
    ahmad.supervision_start = Some(first - Duration::days(14));
    ahmad.reporting.frequency = ReportingFrequency::Custom;
    ahmad.reporting.custom_dates = vec![first, middle, last];
    // the register counts from the start (else from today, the day the schedule is set)
    ahmad.reporting.from = ahmad.supervision_start;
    store.create(&a, ahmad).unwrap();
    store.create(&a, Client::new("Budi Santoso")).unwrap();
    store.flush().unwrap();
}

fn step(t: &mut Tui, keys: &str, expect: &str) {
    t.keys(keys);
    t.wait_for(expect);
}

#[test]
fn register_group_session_and_litmas() {
    common::on_one_day(|| {
        let ws = Workspace::new(make_db, "");
        let mut cmd = ws.command(&[]);
        cmd.env("USER", "rina"); // the local user: a Litmas's author
        let mut t = Tui::spawn(cmd, 100, 30);
        t.wait_for("Clients (2)");

        // three reporting days from the list, two keys each: the last one
        // missed, the two before attended
        step(&mut t, "wt", "Recorded: missed on");
        step(&mut t, "wh", "Recorded: attended on");
        step(&mut t, "wh", "2 attended, 1 missed, 0 excused;");
        // the agenda lists the missed day
        step(&mut t, "4", "reporting missed (1)");
        t.wait_for("Ahmad Fauzi");
        step(&mut t, "1", "Clients (2)");

        // a group session for Ahmad and Budi at once, from Ahmad's details
        step(&mut t, "\r", "┌ K-000001 · Ahmad Fauzi");
        t.wait_for("compliance 66%");
        // the three register days, then the add lines of referrals, assessments, sessions
        t.keys(&"\t".repeat(6));
        step(&mut t, "n", "New guidance session · K-000001 · Ahmad Fauzi");
        t.keys("\t\t"); // stream, mode
        step(&mut t, RIGHT, "‹ group ›");
        t.keys("\t\t\tbudi"); // place, officer (the client's), the group
        t.wait_for("K-000002 Budi Santoso");
        step(&mut t, "\t", "Budi Santoso, "); // Tab adds Budi and stays
        t.keys("\tpembinaan kelompok"); // on to the summary
        step(&mut t, CTRL_S, "Saved: K-000001 Ahmad Fauzi");
        t.wait_for("group (with 1 other client)");

        // a Litmas, then the document
        t.keys(HOME);
        t.keys(&"\t".repeat(7)); // …, the session, then the Litmas add line
        step(&mut t, "n", "New Litmas · K-000001 · Ahmad Fauzi");
        t.wait_for("Author(s)             rina"); // the user who starts it
        t.keys("\t\t\t\t\tkeluarga mendukung\tlanjutkan pembimbingan"); // date, authors, methods, sources
        step(&mut t, CTRL_S, "Saved: K-000001 Ahmad Fauzi");
        t.wait_for("Litmas initial [draft] — lanjutkan pembimbingan");
        step(&mut t, "xl", "A passphrase to protect it");
        step(&mut t, "\r", "Written to"); // in the clear, by choice
        t.keys("\x1b");
        t.wait_for("Clients (2)");
        t.keys("q");
        assert!(t.finish().success());

        let files: Vec<_> = std::fs::read_dir(&ws.out).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let doc = std::fs::read_to_string(&files[0]).unwrap();
        assert!(doc.starts_with("# Litmas initial — Ahmad Fauzi"), "{doc}");
        assert!(doc.contains("keluarga mendukung") && doc.contains("lanjutkan pembimbingan"), "{doc}");
        assert!(doc.ends_with("\n\n\nrina\n"), "signed by its author: {doc}");
        let store = Store::open(&ws.db, &OpenOptions::default()).unwrap();
        let budi: Client = store.fetch(2).unwrap();
        assert_eq!(budi.sessions.len(), 1, "the group session reached Budi too");
        assert_eq!(budi.sessions[0].group, vec![ClientId(1)]);
        let ahmad: Client = store.fetch(1).unwrap();
        assert_eq!(ahmad.reporting_register.len(), 3);
        assert_eq!(ahmad.litmas[0].authors, ["rina"]);
    });
}
