//! Forms in the real binary in a pseudo-terminal: create a client, meet the
//! NIK message, fix it, save, reopen; edit and cancel with confirmation;
//! archive and restore; add a referral and move it through its statuses.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use std::path::Path;

use portable_pty::CommandBuilder;
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store};

mod common;
use common::pty::Tui;

const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";
const CTRL_U: &str = "\x15";
const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";

fn make_db(path: &Path) {
    make_db_with_notes(path, "");
}

/// The database of [`make_db`], the client's notes written already.
fn make_db_with_notes(path: &Path, notes: &str) {
    let store = Store::open(path, &OpenOptions::default()).unwrap();
    let a = Actor::new("test", Role::Officer);
    let mut laz = Stakeholder::new("Lembaga Amil Zakat Muhammadiyah Jawa Timur", StakeholderKind::Zakat);
    laz.short_name = "LAZISMU Jatim".into();
    store.create(&a, laz).unwrap();
    let mut c = Client::new("Ahmad Fauzi");
    c.notes = notes.into();
    store.create(&a, c).unwrap();
    store.flush().unwrap();
}

fn start(db: &Path) -> Tui {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", "en"]);
    Tui::spawn(cmd, 80, 24)
}

/// In Indonesian the questions say (y/t) and `t` (tidak) answers no; a
/// sub-form nobody touched closes on Esc without a question.
#[test]
fn indonesian_questions_answer_to_y_and_t_and_an_untouched_form_just_closes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_db(&db);
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", "id"]);
    let mut t = Tui::spawn(cmd, 80, 24);
    t.wait_for("Klien (1)");
    step(&mut t, "\r", "┌ K-000001 · Ahmad Fauzi");
    t.keys("\t"); // the first line: adding a referral
    step(&mut t, "n", "Rujukan baru");
    step(&mut t, ESC, "┌ K-000001 · Ahmad Fauzi"); // untouched: no question
    t.wait_gone("Rujukan baru");
    assert!(!t.screen().contains("Buang perubahan"), "{}", t.screen());
    step(&mut t, ESC, "Klien (1)"); // back to the list
    step(&mut t, "e", "Ubah K-000001 · Ahmad Fauzi");
    t.keys(" Jr");
    step(&mut t, ESC, "Buang perubahan pada form ini? (y/t)");
    t.keys("t"); // no: back to the form, the change kept
    t.wait_gone("(y/t)");
    assert!(t.screen().contains("Ahmad Fauzi Jr"), "{}", t.screen());
    step(&mut t, ESC, "(y/t)");
    t.keys("y");
    t.wait_gone("Ubah K-000001");
    assert!(t.screen().contains("Klien (1)") && !t.screen().contains("Fauzi Jr"), "{}", t.screen());
    t.keys("q");
    assert!(t.finish().success());
    let store = Store::open(&db, &OpenOptions::default()).unwrap();
    let c: Client = store.fetch(1).unwrap();
    assert_eq!(c.full_name, "Ahmad Fauzi", "nothing was stored");
}

/// Types keys and waits for their effect, so that keys are not read ahead
/// of the screen they were meant for.
fn step(t: &mut Tui, keys: &str, expect: &str) {
    t.keys(keys);
    t.wait_for(expect);
}

/// Opens the focused referral, moves its status by `arrows`, saves.
fn move_referral(t: &mut Tui, arrows: &str, expect: &str) {
    step(t, "e", "Edit R-000001");
    t.keys("\t\t\t\t"); // client, stakeholder, kind, service → status
    t.keys(arrows);
    t.keys(CTRL_S);
    t.wait_for(expect);
}

#[test]
fn create_fix_save_reopen_cancel_archive_restore_and_refer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    make_db(&db);
    let mut t = start(&db);
    t.wait_for("Clients (1)");

    // create, with a bad NIK first
    step(&mut t, "n", "New client");
    t.keys("Rahmat Hidayat\t\t12345");
    step(&mut t, CTRL_S, "a NIK has exactly 16 digits (this has 5)");
    t.wait_for("Not saved: fix the marked fields first");
    t.keys(CTRL_U);
    t.keys("3507121503900002\t\t15/03/1990");
    t.wait_for("→ 15 Mar 1990");
    step(&mut t, CTRL_S, "Saved: K-000002 Rahmat Hidayat");

    // reopen: the values are there
    step(&mut t, "e", "Edit K-000002 · Rahmat Hidayat");
    t.wait_for("3507121503900002");
    t.wait_for("1990-03-15");

    // edit, then cancel: asked first, nothing stored
    t.keys(" Jr");
    t.wait_for("Rahmat Hidayat Jr");
    step(&mut t, ESC, "Discard the changes in this form? (y/n)");
    step(&mut t, "y", "┌ K-000002 · Rahmat Hidayat");
    assert!(!t.screen().contains("Hidayat Jr"), "{}", t.screen());

    // archive asks naming the record; restore brings it back
    step(&mut t, "a", "Archive K-000002 Rahmat Hidayat?");
    step(&mut t, "y", "Archived: K-000002 Rahmat Hidayat");
    step(&mut t, ESC, "Clients (1)");
    step(&mut t, ".", "Clients (2)");
    t.keys("\x1b[B"); // down to Rahmat Hidayat [archived]
    step(&mut t, "r", "Restored: K-000002 Rahmat Hidayat");
    step(&mut t, ".", "Clients (2)");

    // a referral from the client's details, then through its statuses
    step(&mut t, "\r", "┌ K-000002 · Rahmat Hidayat");
    step(&mut t, "n", "New referral");
    t.keys("\tlazis");
    t.wait_for("S-000001 LAZISMU Jatim");
    t.keys("\t\tmodal usaha");
    // Rahmat has not consented: refused until a legal basis is given
    step(&mut t, CTRL_S, "K-000002 has not consented to sharing with");
    t.keys(&"\t".repeat(7)); // status, note, start, end, outcome, notes: the legal basis
    t.keys("Putusan PN Malang");
    step(&mut t, CTRL_S, "LAZISMU Jatim — modal usaha (proposed)");
    t.keys("\t"); // select the referral's line: e edits it
    move_referral(&mut t, RIGHT, "LAZISMU Jatim — modal usaha (accepted)");
    move_referral(&mut t, RIGHT, "LAZISMU Jatim — modal usaha (active)");
    // back to accepted is refused, with the reason
    move_referral(&mut t, LEFT, "a referral cannot move from active to");
    t.wait_for("possible: completed, withdrawn");
    t.keys(RIGHT);
    t.keys(RIGHT);
    step(&mut t, CTRL_S, "LAZISMU Jatim — modal usaha (completed)");

    step(&mut t, ESC, "Clients (2)");
    t.keys("q");
    assert!(t.finish().success());
    assert!(!t.parser.screen().alternate_screen());

    // what the screen said is what the store holds
    let store = Store::open(&db, &OpenOptions::default()).unwrap();
    let c: Client = store.fetch(2).unwrap();
    assert_eq!((c.full_name.as_str(), c.nik.as_deref()), ("Rahmat Hidayat", Some("3507121503900002")));
    assert!(!c.meta.archived);
    let r = &store.referrals_of_client(c.id()).unwrap()[0];
    assert_eq!(r.status, ReferralStatus::Completed);
    assert_eq!(r.history.len(), 4);
}

#[test]
fn notes_go_through_the_outside_editor_and_parts_have_their_own_forms() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // notes written before: the editor's line goes under them, not onto their last line
    make_db_with_notes(&db, "catatan lama");
    // an "editor" that notes the file's mode and appends a line, as a person would
    let script = dir.path().join("editor.sh");
    let mode = dir.path().join("mode");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nstat -c %a \"$1\" > '{}'\nprintf 'dari editor' >> \"$1\"\n", mode.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_simpul"));
    cmd.args(["--db", db.to_str().unwrap(), "--lang", "en"]);
    cmd.env("EDITOR", script.to_str().unwrap());
    cmd.env_remove("VISUAL");
    let mut t = Tui::spawn(cmd, 80, 24);
    t.wait_for("Clients (1)");

    step(&mut t, "e", "Edit K-000001 · Ahmad Fauzi");
    t.keys(&"\t".repeat(23)); // down to the notes
    t.wait_for("▶Notes");
    t.wait_for("f4 editor");
    step(&mut t, "\x1bOS", "dari editor"); // F4
    assert_eq!(std::fs::read_to_string(&mode).unwrap().trim(), "600", "the notes file is private");
    step(&mut t, CTRL_S, "Saved: K-000001 Ahmad Fauzi");

    // an assessment from the details: the empty section's "add" line, then n
    step(&mut t, "\r", "┌ K-000001 · Ahmad Fauzi");
    t.keys("\t\t"); // referrals' add line, assessments' add line
    step(&mut t, "n", "New assessment · K-000001 · Ahmad Fauzi");
    t.keys("\t"); // category
    t.keys(LEFT); // yellow → red
    t.wait_for("‹ red ›");
    t.keys("\t\t"); // rri, assessor
    t.keys("Rina Wulandari");
    step(&mut t, CTRL_S, "Saved: K-000001 Ahmad Fauzi");
    t.wait_for("red — Rina Wulandari");
    step(&mut t, ESC, "Clients (1)");
    t.keys("q");
    assert!(t.finish().success());
    let store = Store::open(&db, &OpenOptions::default()).unwrap();
    let c: Client = store.fetch(1).unwrap();
    assert_eq!(c.notes, "catatan lama\ndari editor");
    assert_eq!(c.assessments.len(), 1);
    assert_eq!(c.assessments[0].category, RiskCategory::Merah);
}

#[test]
fn two_duplicates_merged_then_the_merge_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let a = Actor::new("test", Role::Officer);
        let mut ahmad = Client::new("Ahmad Fauzi");
        ahmad.phone = "081234567890".into();
        store.create(&a, ahmad).unwrap();
        let mut dup = Client::new("Achmad Fauzi");
        dup.skills = vec!["barista".into()];
        store.create(&a, dup).unwrap();
        store.flush().unwrap();
    }
    let mut t = start(&db);
    t.wait_for("Clients (2)");
    // sorted by name: Achmad Fauzi first
    step(&mut t, "m", "K-000002 is marked as the duplicate");
    t.keys("\x1b[B"); // down to Ahmad Fauzi
    step(&mut t, "M", "Merge K-000002 into K-000001");
    step(&mut t, "\r", "(y/n)");
    step(&mut t, "y", "Merged: K-000002 into K-000001");
    t.wait_for("Clients (1)");
    step(&mut t, "\r", "┌ K-000001 · Ahmad Fauzi");
    t.wait_for("Achmad Fauzi"); // now an alias
    t.keys("\x1b[F"); // End: the last line, the merge in the history
    step(&mut t, "u", "Revert this change of K-000001");
    step(&mut t, "y", "undone");
    step(&mut t, ESC, "Clients (2)");
    t.keys("q");
    assert!(t.finish().success());
    let store = Store::open(&db, &OpenOptions::default()).unwrap();
    let dup: Client = store.fetch(2).unwrap();
    assert!(!dup.meta.archived);
    let ahmad: Client = store.fetch(1).unwrap();
    assert!(ahmad.aliases.is_empty() && ahmad.skills.is_empty(), "{ahmad:?}");
    assert!(store.check().unwrap().is_clean());
}
