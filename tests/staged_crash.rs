//! Crash points of a staged write (an import, the demo load): a child
//! process stages records and stops at each step of the staged write
//! (after each staged batch, after each chunk of the commit's copy, after
//! the commit point), telling the parent and waiting for its word; the
//! parent kills it with SIGKILL at one step per round. After reopening,
//! the database holds nothing of the write (killed before the commit
//! point) or all of it (after), `check` passes, and it takes writes again.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};

use simpul::model::*;
use simpul::store::staged::StagedStep;
use simpul::store::{Actor, OpenOptions, Store};

const CHILD_ENV: &str = "SIMPUL_STAGED_CHILD_DB";
const WHAT_ENV: &str = "SIMPUL_STAGED_CHILD_WHAT";
/// Clients the import child writes (with a referral each), in batches of [`BATCH`].
const CLIENTS: usize = 900;
const BATCH: usize = 300;
/// Clients the demo child loads.
const DEMO_CLIENTS: usize = 1200;

fn opts() -> OpenOptions {
    OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() }
}

/// Says which step it is at and waits for the parent's line (or is killed there).
fn pause(step: StagedStep) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "STEP {step:?}").unwrap();
    out.flush().unwrap();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
}

/// The writer. Runs only when re-executed by a test below with the env vars set.
#[test]
fn staged_writer_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else { return };
    let store = Store::open(Path::new(&path), &opts()).unwrap();
    let actor = Actor::new("crash", Role::Officer);
    if std::env::var(WHAT_ENV).as_deref() == Ok("demo") {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let o = simpul::demo::DemoOptions { clients: DEMO_CLIENTS, seed: 7, today };
        simpul::demo::load_with(&store, &actor, &o, pause).unwrap();
    } else {
        let st = store.create(&actor, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap().id();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let mut w = store.staged(&actor).unwrap();
        w.on_step(pause);
        for chunk in (0..CLIENTS).collect::<Vec<_>>().chunks(BATCH) {
            w.batch(|b| {
                for &i in chunk {
                    let mut c = Client::new("Klien Uji");
                    c.office = "Bapas Malang".into();
                    c.consent.given = true;
                    c.notes = format!("catatan {i}");
                    let c = b.create(c)?;
                    b.create(Referral::new(c.id(), st, "pelatihan", day))?;
                }
                Ok(())
            })
            .unwrap();
        }
        w.commit().unwrap();
    }
    pause(StagedStep::Committed);
}

/// Starts the child on `db`.
fn child(db: &Path, what: &str) -> (Child, BufReader<std::process::ChildStdout>, ChildStdin) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "staged_writer_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, db)
        .env(WHAT_ENV, what)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    let stdin = child.stdin.take().unwrap();
    (child, out, stdin)
}

/// The steps the child reports, up to its end (the second `Committed`:
/// the first is the commit point, the second that `commit` returned).
fn steps_of_a_whole_run(what: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, mut out, mut stdin) = child(&dir.path().join("db"), what);
    let mut steps = Vec::new();
    let mut line = String::new();
    while {
        line.clear();
        out.read_line(&mut line).unwrap() > 0
    } {
        // (the test harness writes its own words before the first)
        if let Some((_, step)) = line.split_once("STEP ") {
            steps.push(step.trim().to_string());
            writeln!(stdin).unwrap();
        }
    }
    c.wait().unwrap();
    steps
}

/// Runs the child on a new database and kills it at step `at`; returns the database's directory.
fn kill_at(what: &str, at: usize) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, mut out, mut stdin) = child(&dir.path().join("db"), what);
    let mut n = 0;
    let mut line = String::new();
    loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "the child ended before step {at}");
        let Some((_, step)) = line.split_once("STEP ") else { continue };
        if n == at {
            c.kill().unwrap(); // SIGKILL, while it waits at this step
            c.wait().unwrap();
            return (dir, step.trim().to_string());
        }
        n += 1;
        writeln!(stdin).unwrap();
    }
}

#[test]
fn a_staged_import_killed_at_any_step_is_all_or_nothing() {
    let steps = steps_of_a_whole_run("import");
    let copies = steps.iter().filter(|s| s.starts_with("Copied")).count();
    assert!(steps.len() >= CLIENTS / BATCH + 3 && copies >= 2, "too few steps to test: {steps:?}");
    for at in 0..steps.len() {
        let (dir, step) = kill_at("import", at);
        let committed = step.starts_with("Committed");
        let store = Store::open(&dir.path().join("db"), &opts()).unwrap();
        let want = if committed { CLIENTS as u64 } else { 0 };
        assert_eq!(store.count(RecordKind::Client), want, "killed at {step}");
        assert_eq!(store.scan::<Client>().count() as u64, want, "killed at {step}");
        assert_eq!(store.count(RecordKind::Referral), want, "killed at {step}");
        assert_eq!(store.audit_len(), 1 + 2 * want, "killed at {step}: the stakeholder's entry and the write's");
        let report = store.check().unwrap();
        assert!(report.is_clean(), "killed at {step}: {:?}", report.problems);
        let state = store.staged_state().unwrap();
        assert_eq!(state.entries, 0, "killed at {step}");
        if !committed && at > 0 {
            assert!(matches!(state.settled_on_open, Some((n, false)) if n > 0), "killed at {step}: {state:?}");
        }
        // it takes writes again, with the next id
        let c = store.create(&Actor::new("budi", Role::Officer), Client::new("Siti Aminah")).unwrap();
        assert_eq!(c.meta.id, want + 1, "killed at {step}");
    }
}

#[test]
fn a_demo_load_killed_midway_leaves_an_empty_database_and_demo_runs_again() {
    let steps = steps_of_a_whole_run("demo");
    let first_copy = steps.iter().position(|s| s.starts_with("Copied")).unwrap();
    // while staging clients, and in the middle of the commit's copy
    for at in [2, first_copy + 1] {
        let (dir, step) = kill_at("demo", at);
        let store = Store::open(&dir.path().join("db"), &opts()).unwrap();
        for kind in RecordKind::ALL {
            assert_eq!(store.count(kind), 0, "killed at {step}: {kind:?}");
        }
        assert_eq!(store.audit_len(), 0);
        assert!(store.check().unwrap().is_clean(), "killed at {step}");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let o = simpul::demo::DemoOptions { clients: 50, seed: 7, today };
        let s = simpul::demo::load(&store, &Actor::local(), &o).unwrap();
        assert_eq!(s.clients, 50, "killed at {step}: demo is not refused");
        assert!(store.check().unwrap().is_clean());
    }
}
