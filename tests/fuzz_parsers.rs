//! Every parser that takes outside input, given arbitrary input and the
//! seed corpora of the cargo-fuzz targets (`fuzz/seeds/<target>/`) both as
//! they are and mutated: it never panics, and where it can refuse it
//! refuses cleanly (an import of garbage writes nothing). This is the
//! bounded fuzzing that runs in every `cargo test` on stable; the longer,
//! coverage-guided runs are `scripts/fuzz.sh` (nightly, see docs/ARCHITECTURE.md).
//!
//! Run longer: `PROPTEST_CASES=100000 cargo test --release --test fuzz_parsers`.
//! Regenerate the codec seeds after a format change:
//! `SIMPUL_WRITE_SEEDS=1 cargo test --test fuzz_parsers codec_seeds`.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::path::PathBuf;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use simpul::exchange::ImportOptions;
use simpul::model::{Client, Event, Gender, RecordKind, Referral, Role, Stakeholder, User};
use simpul::store::codec::{decode, encode};
use simpul::store::{Actor, AuditEntry, OpenOptions, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// Stores stand at 09:00 WIB on [`today`].
fn fixed() -> OpenOptions {
    OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() }
}

/// Cases per property: `PROPTEST_CASES` if set, else `default` (chosen so
/// the whole file stays under ~20 s in debug on 2 cores).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn config(default: u32) -> Config {
    Config { cases: cases(default), failure_persistence: None, ..Config::default() }
}

fn seeds_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target)
}

/// The seed files of a fuzz target, by name, sorted.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(seeds_dir(target))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    assert!(out.len() >= 3, "fuzz/seeds/{target} holds a handful of seeds");
    out
}

/// A seed of the target with up to 8 random edits: bytes inserted,
/// removed, replaced, or a run of them repeated.
fn mutated(target: &str) -> impl Strategy<Value = Vec<u8>> + use<> {
    let seeds: Vec<Vec<u8>> = seeds(target).into_iter().map(|(_, b)| b).collect();
    let edit = (any::<prop::sample::Index>(), 0u8..4, any::<u8>());
    (prop::sample::select(seeds), prop::collection::vec(edit, 0..8)).prop_map(|(mut b, edits)| {
        for (at, op, x) in edits {
            let n = b.len();
            match op {
                0 => b.insert(at.index(n + 1), x),
                1 if n > 0 => {
                    b.remove(at.index(n));
                }
                2 if n > 0 => b[at.index(n)] = x,
                3 if n > 0 => {
                    let from = at.index(n);
                    let run = b[from..(from + usize::from(x % 16)).min(n)].to_vec();
                    b.splice(from..from, run);
                }
                _ => {}
            }
        }
        b
    })
}

/// Random bytes, or one seed mutated: the two halves of each property.
fn input(target: &str) -> impl Strategy<Value = Vec<u8>> + use<> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..256), mutated(target)]
}

/// Text shaped like the inputs, plus anything at all, plus mutated seeds.
fn texty(target: &str) -> impl Strategy<Value = String> + use<> {
    prop_oneof![
        ".{0,40}",
        "[0-9/.\\- +dwmyhari]{0,16}",
        "[0-9]{0,20}",
        "[a-z:\"\\- ]{0,30}",
        proptest::collection::vec(any::<char>(), 0..40).prop_map(|v| v.into_iter().collect()),
        mutated(target).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

// ---- what each target checks (the same as the cargo-fuzz target of that name)

fn round_trip<T>(bytes: &[u8])
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    if let Ok(v) = decode::<T>(bytes) {
        assert_eq!(decode::<T>(&encode(&v).unwrap()).unwrap(), v);
    }
}

fn codec(bytes: &[u8]) {
    round_trip::<Client>(bytes);
    round_trip::<Stakeholder>(bytes);
    round_trip::<Event>(bytes);
    round_trip::<Referral>(bytes);
    round_trip::<User>(bytes);
    round_trip::<AuditEntry>(bytes);
}

fn query(s: &str) {
    if let Ok(q) = simpul::search::parse(s) {
        // what parses prints back to something that parses the same
        assert_eq!(simpul::search::parse(&q.to_string()).ok(), Some(q), "{s:?}");
    }
}

fn keymap(s: &str) {
    let _ = simpul::keymap::Keymap::from_str("fuzz.toml", s);
    let _ = simpul::keymap::Key::parse_seq(s);
}

fn dates_nik(s: &str) {
    let _ = simpul::model::input::parse_date(s, today());
    let _ = simpul::model::input::parse_date_time(s, today());
    let _ = simpul::model::input::parse_list(s);
    let _ = simpul::model::validate::parse_nik(s);
    let _ = simpul::model::validate::check_nik(s, Some(today()), Gender::Female);
    let _ = simpul::model::validate::check_nik(s, None, Gender::Male);
    let _ = simpul::model::validate::normalize_phone(s);
    let _ = simpul::model::validate::is_email(s);
    let _ = simpul::model::validate::check_name(s);
    let _ = simpul::model::validate::check_text(s);
}

fn ssh_input(bytes: &[u8]) {
    // the first byte chooses where reads are cut, so splits vary too
    let Some((&step, rest)) = bytes.split_first() else { return };
    let mut p = simpul::server::input::InputParser::new();
    for chunk in rest.chunks(usize::from(step % 16) + 1) {
        let _ = p.feed(chunk);
    }
    let _ = simpul::server::input::InputParser::new().feed(rest);
}

/// Imports `bytes` as each kind; checks all-or-nothing and a clean store.
fn csv_import(store: &Store, bytes: &[u8], dry_run: bool) -> Result<(), TestCaseError> {
    let actor = Actor::new("fuzz", Role::Officer);
    let opts = ImportOptions { dry_run, allow_similar: false };
    for (kind, rk) in [
        (RecordKind::Client, RecordKind::Client),
        (RecordKind::Stakeholder, RecordKind::Stakeholder),
        (RecordKind::Event, RecordKind::Event),
    ] {
        let before = store.count(rk);
        let audit = store.audit_len();
        match simpul::exchange::import(store, &actor, kind, &mut &bytes[..], opts) {
            Ok(r) if !dry_run => prop_assert_eq!(store.count(rk), before + r.written as u64),
            _ => {
                prop_assert_eq!(store.count(rk), before);
                prop_assert_eq!(store.audit_len(), audit);
            }
        }
    }
    Ok(())
}

fn run_bytes(target: &str, default_cases: u32, f: fn(&[u8])) {
    TestRunner::new(config(default_cases))
        .run(&input(target), |b| {
            f(&b);
            Ok(())
        })
        .unwrap();
}

fn run_text(target: &str, default_cases: u32, f: fn(&str)) {
    TestRunner::new(config(default_cases))
        .run(&texty(target), |s| {
            f(&s);
            Ok(())
        })
        .unwrap();
}

// ---- the seeds as they are

#[test]
fn every_seed_as_it_is() {
    for (_, b) in seeds("codec") {
        codec(&b);
    }
    for (_, b) in seeds("ssh_input") {
        ssh_input(&b);
    }
    for (target, f) in [("query", query as fn(&str)), ("keymap", keymap), ("dates_nik", dates_nik)] {
        for (_, b) in seeds(target) {
            f(&String::from_utf8_lossy(&b));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db"), &fixed()).unwrap();
    for (name, b) in seeds("csv_import") {
        csv_import(&store, &b, false).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(store.count(RecordKind::Client) >= 3, "the good seed files import");
    assert!(store.check().unwrap().is_clean());
}

/// The codec seeds are real stored values; each decodes as the kind its
/// name says, so a format change that cannot read them fails here.
#[test]
fn codec_seeds_decode_as_their_kind() {
    if std::env::var_os("SIMPUL_WRITE_SEEDS").is_some() {
        write_codec_seeds();
    }
    for (name, bytes) in seeds("codec") {
        let kind = name.split('-').next().unwrap_or_default();
        let ok = match kind {
            // read as the store reads them: a client of the old layout through its legacy form
            "client" => simpul::store::index::decode_stored::<Client>(&bytes).map(drop),
            "stakeholder" => decode::<Stakeholder>(&bytes).map(drop),
            "event" => decode::<Event>(&bytes).map(drop),
            "referral" => decode::<Referral>(&bytes).map(drop),
            "user" => simpul::store::index::decode_stored::<User>(&bytes).map(drop),
            "audit" => decode::<AuditEntry>(&bytes).map(drop),
            other => panic!("{name}: unknown kind {other}"),
        };
        ok.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Writes the values of a small demo database, as the store encodes them.
fn write_codec_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db"), &fixed()).unwrap();
    let actor = Actor::new("seed", Role::Admin);
    let opts = simpul::demo::DemoOptions { clients: 6, seed: 1, today: today() };
    simpul::demo::load(&store, &actor, &opts).unwrap();
    let out = seeds_dir("codec");
    let put = |name: String, bytes: Vec<u8>| std::fs::write(out.join(name), bytes).unwrap();
    for c in store.scan::<Client>().take(3) {
        let c = c.unwrap();
        put(format!("client-{}.bin", c.meta.id), encode(&c).unwrap());
    }
    for s in store.scan::<Stakeholder>().take(2) {
        let s = s.unwrap();
        put(format!("stakeholder-{}.bin", s.meta.id), encode(&s).unwrap());
    }
    for e in store.scan::<Event>().take(2) {
        let e = e.unwrap();
        put(format!("event-{}.bin", e.meta.id), encode(&e).unwrap());
    }
    for r in store.scan::<Referral>().take(2) {
        let r = r.unwrap();
        put(format!("referral-{}.bin", r.meta.id), encode(&r).unwrap());
    }
    for a in store.audit_log().take(2) {
        let a = a.unwrap();
        put(format!("audit-{}.bin", a.seq), encode(&a).unwrap());
    }
    put("user-siti.bin".into(), encode(&User::new("siti", Role::Officer)).unwrap());
}

// ---- random and mutated input

#[test]
fn codec_values() {
    run_bytes("codec", 2048, codec);
}

#[test]
fn ssh_input_bytes() {
    run_bytes("ssh_input", 4096, ssh_input);
}

#[test]
fn search_queries() {
    run_text("query", 4096, query);
}

#[test]
fn keymap_files() {
    // TOML-shaped text too, so the table and binding checks are reached
    let toml = "(\\[[a-z]{1,8}\\]\n|\"[a-z -]{1,8}\" = \"[a-z_ ]{1,12}\"\n|extends = \"[a-z]{1,6}\"\n){0,12}";
    let strategy = prop_oneof![texty("keymap"), toml];
    TestRunner::new(config(1024))
        .run(&strategy, |s| {
            keymap(&s);
            Ok(())
        })
        .unwrap();
}

#[test]
fn dates_niks_phones_names() {
    run_text("dates_nik", 4096, dates_nik);
}

#[test]
fn csv_imports_write_everything_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db"), &fixed()).unwrap();
    let header = prop_oneof![
        Just("register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills\n".to_string()),
        ".{0,60}\n"
    ];
    let body = proptest::collection::vec(prop_oneof![".{0,80}", "[A-Za-z ,;\"|0-9/-]{0,80}"], 0..6);
    let random = (header, body).prop_map(|(h, b)| format!("{h}{}", b.join("\n")).into_bytes());
    let strategy = prop_oneof![random, mutated("csv_import")];
    let n = cases(2048) / 8;
    TestRunner::new(Config { cases: n.max(1), failure_persistence: None, ..Config::default() })
        .run(&strategy, |b| csv_import(&store, &b, false))
        .unwrap();
    assert!(store.check().unwrap().is_clean());
}
