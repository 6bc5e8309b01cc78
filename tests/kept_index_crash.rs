//! The kept search index after a crash: a child process writes clients
//! and keeps the search index again and again, and is killed with SIGKILL
//! while it does (at a different moment each round, on the same database).
//! After each kill, search answers exactly what the records hold: the index
//! it opens (kept, when current) finds the same clients as one built from
//! the records, as many as `check` reads, and `check` finds the kept index
//! current or waiting to be built, never damaged.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use simpul::model::*;
use simpul::search::SearchIndex;
use simpul::search::kept::KeptState;
use simpul::store::closed::Closed;
use simpul::store::{Actor, OpenOptions, Store};

const CHILD_ENV: &str = "SIMPUL_KEPT_CHILD_DB";
const FIRST: [&str; 6] = ["Ahmad", "Budi", "Siti", "Dewi", "Agus", "Rina"];
const LAST: [&str; 7] = ["Fauzi", "Santoso", "Aminah", "Lestari", "Salim", "Wati", "Hidayat"];
const OFFICES: [&str; 3] = ["Bapas Malang", "Bapas Surabaya", "Bapas Kediri"];

fn opts() -> OpenOptions {
    OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() }
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// The writer: creates and edits clients, keeps the index after every few
/// writes, and says how far it got; until it is killed. Runs only when
/// re-executed by the test below with the variable set.
#[test]
fn kept_index_writer_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else { return };
    let store = Store::open(Path::new(&path), &opts()).unwrap();
    let actor = Actor::new("crash", Role::Admin);
    let view = store.scoped(&actor).unwrap();
    for n in 0usize.. {
        let name = format!("{} {}", FIRST[n % FIRST.len()], LAST[(n / FIRST.len()) % LAST.len()]);
        if n % 3 == 2 {
            // an edit of an earlier client: a name the index held changes
            let id = store.scan::<Client>().filter_map(Result::ok).map(|c| c.meta.id).nth(n % 7);
            if let Some(id) = id {
                let mut c: Client = store.get(id).unwrap().unwrap();
                c.full_name = name;
                store.update(&actor, c).unwrap();
            }
        } else {
            let mut c = Client::new(&name);
            c.office = OFFICES[n % OFFICES.len()].into();
            c.gender = Gender::Female;
            store.create(&actor, c).unwrap();
        }
        if n % 4 == 3 {
            SearchIndex::open_view(&view, today(), true).unwrap();
        }
        println!("WROTE {n}");
    }
}

fn ids(idx: &SearchIndex, query: &str) -> Vec<u64> {
    let q = simpul::search::parse(query).unwrap();
    let mut ids: Vec<u64> = idx.search(RecordKind::Client, &q, None).iter().map(|h| h.record.id).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn killed_while_writing_search_answers_what_the_records_hold() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    for round in 0..8usize {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "kept_index_writer_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        // a different moment of the loop each round: after 5 to 40 writes
        let stop_after = 5 + round * 5;
        let mut line = String::new();
        let mut wrote = 0;
        while wrote < stop_after {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "the writer ended");
            if line.starts_with("WROTE ") {
                wrote += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL, while it goes on writing
        child.wait().unwrap();
        // the writer's open took away the stamp of the last clean close:
        // nothing answers without opening the database
        assert!(Closed::lock(&db, &opts().clock).is_none(), "round {round}");

        let store = Store::open(&db, &opts()).unwrap();
        let view = store.scoped(&Actor::new("check", Role::Admin)).unwrap();
        let report = store.check().unwrap();
        assert!(report.is_clean(), "round {round}: {:?}", report.problems);
        let state = SearchIndex::check_kept(&view, today()).unwrap();
        assert!(matches!(state, KeptState::Current | KeptState::Stale | KeptState::Absent), "round {round}: {state:?}");
        let (opened, _) = SearchIndex::open_view(&view, today(), true).unwrap();
        let built = SearchIndex::build_view(&view, today()).unwrap();
        assert_eq!(ids(&opened, "").len() as u64, report.records[0], "round {round}: every client check read");
        for q in ["", "ahmad", "siti aminah", "office:malang", "office:kediri budi", "rina wati"] {
            assert_eq!(ids(&opened, q), ids(&built, q), "round {round}, query {q:?}");
        }
        // and the opened one is now kept, current, and what is read back next
        assert_eq!(SearchIndex::check_kept(&view, today()).unwrap(), KeptState::Current, "round {round}");
        let (again, source) = SearchIndex::open_view(&view, today(), true).unwrap();
        assert_eq!(source, simpul::search::kept::Source::Kept, "round {round}");
        assert_eq!(ids(&again, "ahmad"), ids(&built, "ahmad"), "round {round}");
        // closed cleanly, it is answered from without opening it, the same
        drop((view, store));
        let closed = Closed::lock(&db, &opts().clock).expect("closed cleanly");
        let kept = simpul::search::kept::closed_index(&closed, Role::Admin, today()).expect("current");
        for q in ["", "ahmad", "office:kediri budi"] {
            assert_eq!(ids(&kept, q), ids(&built, q), "round {round}, query {q:?}");
        }
    }
}
