//! Crash test: a child process saves records and prints each id once its
//! save has returned; it is killed with SIGKILL at a random moment. After
//! reopening, every printed id must be present and decode, and
//! `simpul check` must pass. Repeated many times on the same database.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store};

const CHILD_ENV: &str = "SIMPUL_CRASH_CHILD_DB";

/// The writer. Runs only when re-executed by `crash_recovery` with the env var set.
#[test]
fn crash_writer_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else { return };
    let store = Store::open(Path::new(&path), &OpenOptions::default()).unwrap();
    let actor = Actor::new("crash", Role::Officer);
    let stakeholder = store.create(&actor, Stakeholder::new("Pokmas Budidaya Lele", StakeholderKind::Pokmas)).unwrap();
    let day = NaiveDate::from_ymd_opt(2023, 10, 1).unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0u64.. {
        let mut c = Client::new("Klien Uji");
        c.office = "Bapas Malang".into();
        c.consent.given = true;
        c.notes = "catatan ".repeat((i % 50) as usize);
        let saved = if i % 3 == 0 {
            // a multi-record batch: client + referral together
            store
                .write(&actor, |b| {
                    let c = b.create(c)?;
                    b.create(Referral::new(c.id(), stakeholder.id(), "pelatihan", day))?;
                    Ok(c)
                })
                .unwrap()
        } else if i % 3 == 1 {
            store.create(&actor, c).unwrap()
        } else {
            // update an earlier client
            let mut prev: Client = store.fetch(1).unwrap();
            prev.notes = format!("revisi {i}");
            store.update(&actor, prev).unwrap()
        };
        writeln!(out, "{} {}", saved.meta.id, saved.meta.version).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn crash_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let exe = std::env::current_exe().unwrap();
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let mut confirmed: Vec<(u64, u64)> = Vec::new();
    let rounds = 25;
    for round in 0..rounds {
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_writer_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let kill_after = Duration::from_millis(rng.u64(20..400));
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let mut it = line.split_whitespace().filter_map(|w| w.parse::<u64>().ok());
                if let (Some(id), Some(v)) = (it.next(), it.next()) {
                    lines.push((id, v));
                }
            }
            lines
        });
        let start = Instant::now();
        while start.elapsed() < kill_after {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let printed = reader.join().unwrap();
        confirmed.extend(printed);

        let store =
            Store::open(&db, &OpenOptions::default()).unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        for (id, version) in &confirmed {
            let c: Client = store
                .get(*id)
                .unwrap_or_else(|e| panic!("round {round}: K-{id} does not decode: {e}"))
                .unwrap_or_else(|| panic!("round {round}: K-{id} was confirmed but is missing"));
            assert!(c.meta.version >= *version, "round {round}: K-{id} lost version {version}");
        }
        let report = store.check().unwrap();
        assert!(report.is_clean(), "round {round}: {:?}", report.problems);
    }
    assert!(confirmed.len() > rounds, "the child wrote too little to test anything: {}", confirmed.len());

    let out = Command::new(env!("CARGO_BIN_EXE_simpul")).args(["check"]).arg("--db").arg(&db).output().unwrap();
    assert!(out.status.success(), "simpul check failed: {}", String::from_utf8_lossy(&out.stdout));
}
