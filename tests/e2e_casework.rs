//! The agenda and exports in the real binary in a pseudo-terminal: open the
//! agenda, follow a missed reporting day to its client, export the case
//! summary into the export directory of a settings file, come back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::path::Path;

use chrono::Duration;
use simpul::model::*;
use simpul::store::{Actor, AuditAction, OpenOptions, Store};

mod common;
use common::pty::{Tui, Workspace};

/// Wulan reports weekly on today's weekday; she missed last week's day.
/// Budi has nothing due. A meeting's follow-up is three days late.
fn make_db(path: &Path) {
    let store = Store::open(path, &OpenOptions::default()).unwrap();
    let a = Actor::new("test", Role::Officer);
    let today = simpul::clock::Clock::system().today();
    let mut wulan = Client::new("Wulan Sari");
    wulan.office = "Bapas Malang".into();
    wulan.supervision_start = Some(today - Duration::days(28));
    wulan.reporting.frequency = ReportingFrequency::Weekly;
    for weeks_ago in [4, 3, 2, 1] {
        let status = if weeks_ago == 1 { ReportingStatus::Missed } else { ReportingStatus::Attended };
        let date = today - Duration::days(7 * weeks_ago);
        wulan.reporting_register.push(ReportingEntry {
            id: simpul::model::PartId::NEW,
            date,
            status,
            note: String::new(),
            recorded_by: String::new(),
        });
    }
    wulan.sessions.push(GuidanceSession {
        id: simpul::model::PartId::NEW,
        date: today - Duration::days(10),
        stream: GuidanceStream::Kemandirian,
        mode: GuidanceMode::Perorangan,
        place: SessionPlace::HomeVisit,
        officer: "Rina".into(),
        summary: "usaha katering".into(),
        next_step: String::new(),
        group: Vec::new(),
    });
    store.create(&a, wulan).unwrap();
    store.create(&a, Client::new("Budi Santoso")).unwrap();
    let mut e = Event::new("Rapat koordinasi", EventKind::Meeting, When::Date(today - Duration::days(20)));
    e.follow_ups.push(FollowUp {
        id: simpul::model::PartId::NEW,
        what: "kirim notulen".into(),
        owner: "Rina".into(),
        due: Some(today - Duration::days(3)),
        done: false,
    });
    store.create(&a, e).unwrap();
    store.flush().unwrap();
}

#[test]
fn agenda_to_client_then_case_summary_exported_and_back() {
    common::on_one_day(|| {
        let ws = Workspace::new(make_db, "[agenda]\nmissed_window_days = 10\n\n");
        let mut t = Tui::spawn(ws.command(&["--keymap", "default"]), 80, 24);
        t.wait_for("Clients (2)");
        // what is late shows on the tab from the start: Wulan's day and the follow-up
        t.wait_for("4 Agenda !2");

        t.keys("4");
        t.wait_for("reporting missed (1)");
        t.wait_for("follow-up overdue (1)");
        t.wait_for("1 missed");
        t.keys("\r");
        t.wait_for("K-000001 · Wulan Sari");
        t.wait_for("Bapas Malang");

        t.keys("xm");
        t.wait_for("A passphrase to protect it");
        t.keys("\r"); // in the clear, by choice (the audit log says so)
        t.wait_for("Written to");
        let file = ws.out.join("summary-K-000001-wulan-sari.md");
        let md = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}\n{}", file.display(), t.screen()));
        assert!(md.starts_with("# Case summary — Wulan Sari (K-000001)"), "{md}");
        assert!(md.contains("usaha katering"), "{md}");
        // a second export, sealed with a passphrase, is a file of its own
        t.keys("xm");
        t.wait_for("A passphrase to protect it");
        t.keys("kata sandi kantor\r");
        // asked twice: answers that differ write nothing and ask again
        t.wait_for("The passphrase once more");
        t.keys("kata sandi kantr\r");
        t.wait_for("The two passphrases differ; nothing was written");
        t.wait_for("A passphrase to protect it");
        assert!(!ws.out.join("summary-K-000001-wulan-sari.md.age").exists());
        t.keys("kata sandi kantor\r");
        t.wait_for("The passphrase once more");
        t.keys("kata sandi kantor\r");
        // scrypt is slow on purpose (and slower in a debug build)
        t.wait_for_within("wulan-sari.md.age", std::time::Duration::from_secs(60));
        let sealed = std::fs::read(ws.out.join("summary-K-000001-wulan-sari.md.age")).unwrap();
        let plain = simpul::protect::decrypt(&sealed, "kata sandi kantor").unwrap();
        assert!(String::from_utf8_lossy(&plain).contains("usaha katering"));
        // and a third in the clear never overwrites the first
        t.keys("xm");
        t.wait_for("A passphrase to protect it");
        t.keys("\r");
        t.wait_for("wulan-sari-2.md");
        assert!(ws.out.join("summary-K-000001-wulan-sari-2.md").exists());

        // back to the agenda, on Wulan's line
        t.keys("[");
        t.wait_for("Agenda ·");
        assert!(t.screen().contains("▶"), "{}", t.screen());
        t.keys("q");
        assert!(t.finish().success());

        // every export is in the audit log, naming the client and how it was protected
        let store = Store::open(&ws.db, &OpenOptions::default()).unwrap();
        let exports: Vec<_> =
            store.audit_log().filter_map(Result::ok).filter(|e| e.action == AuditAction::Export).collect();
        assert_eq!(exports.len(), 3);
        assert_eq!(exports[0].record.map(|r| r.to_string()).as_deref(), Some("K-000001"));
        assert!(exports[0].note.contains("summary-K-000001-wulan-sari.md (unprotected)"), "{}", exports[0].note);
        assert!(exports[1].note.ends_with("wulan-sari.md.age (age)"), "{}", exports[1].note);
    });
}
