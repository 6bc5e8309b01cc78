//! CSV import of any bytes, as each of the three kinds, checked against a
//! small database (so the duplicate checks read something): a report or a
//! list of problems, never a panic. A dry run, so the database stays small;
//! the writing path is covered by `tests/fuzz_parsers.rs`.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use simpul::exchange::{ImportOptions, Kind, import};
use simpul::model::{Client, Role};
use simpul::store::{Actor, OpenOptions, Store};

struct Db {
    _dir: tempfile::TempDir,
    store: Store,
}

fn db() -> &'static Db {
    static DB: OnceLock<Db> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::Builder::new().prefix("simpul-fuzz-import").tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db"), &OpenOptions::default()).expect("open store");
        let actor = Actor::new("fuzz", Role::Officer);
        let mut c = Client::new("Ahmad Fauzi");
        c.birth_date = NaiveDate::from_ymd_opt(1988, 12, 14);
        c.nik = Some("3507121412880001".into());
        store.create(&actor, c).expect("seed client");
        Db { _dir: dir, store }
    })
}

fuzz_target!(|bytes: &[u8]| {
    let db = db();
    let actor = Actor::new("fuzz", Role::Officer);
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date");
    let opts = ImportOptions { dry_run: true, allow_similar: false };
    for kind in [Kind::Clients, Kind::Stakeholders, Kind::Events] {
        let _ = import(&db.store, &actor, kind, &mut &bytes[..], opts, today);
    }
});
