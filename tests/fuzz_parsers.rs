//! Every parser that takes outside input, given arbitrary input: it never
//! panics, and where it can refuse it refuses cleanly (an import of garbage
//! writes nothing). Run longer with `PROPTEST_CASES=100000 cargo test --release --test fuzz_parsers`.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use chrono::NaiveDate;
use proptest::prelude::*;
use simpul::model::Role;
use simpul::store::{Actor, OpenOptions, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// Text shaped like the inputs, plus anything at all.
fn texty() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[0-9/.\\- +dwmyhari]{0,16}",
        "[0-9]{0,20}",
        "[a-z:\"\\- ]{0,30}",
        proptest::collection::vec(any::<char>(), 0..40).prop_map(|v| v.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn dates(s in texty()) {
        let _ = simpul::model::input::parse_date(&s, today());
        let _ = simpul::model::input::parse_date_time(&s, today());
        let _ = simpul::model::input::parse_list(&s);
    }

    #[test]
    fn nik_phone_email_names(s in texty()) {
        let _ = simpul::model::validate::parse_nik(&s);
        let _ = simpul::model::validate::check_nik(&s, Some(today()), simpul::model::Gender::Female);
        let _ = simpul::model::validate::normalize_phone(&s);
        let _ = simpul::model::validate::is_email(&s);
        let _ = simpul::model::validate::check_name(&s);
    }

    #[test]
    fn search_queries(s in texty()) {
        if let Ok(q) = simpul::search::parse(&s) {
            // what parses prints back to something that parses the same
            prop_assert_eq!(simpul::search::parse(&q.to_string()).ok(), Some(q));
        }
    }

    #[test]
    fn keymap_files(s in prop_oneof![".{0,200}", "(\\[[a-z]{1,8}\\]\n|\"[a-z -]{1,8}\" = \"[a-z_ ]{1,12}\"\n|extends = \"[a-z]{1,6}\"\n){0,12}"]) {
        let _ = simpul::keymap::Keymap::from_str("fuzz.toml", &s);
    }

    #[test]
    fn ssh_input_bytes(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..32), 0..6)) {
        let mut p = simpul::server::input::InputParser::new();
        for c in chunks {
            let _ = p.feed(&c);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn csv_imports_of_garbage_write_nothing_or_everything(
        header in prop_oneof![Just("register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills\n".to_string()), ".{0,60}\n"],
        body in proptest::collection::vec(prop_oneof![".{0,80}", "[A-Za-z ,;\"|0-9/-]{0,80}"], 0..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db"), &OpenOptions::default()).unwrap();
        let text = format!("{header}{}", body.join("\n"));
        let actor = Actor::new("fuzz", Role::Officer);
        let before = store.count(simpul::model::RecordKind::Client);
        match simpul::exchange::import(&store, &actor, simpul::exchange::Kind::Clients, &mut text.as_bytes(), Default::default(), today()) {
            Ok(r) => prop_assert_eq!(store.count(simpul::model::RecordKind::Client), before + r.written as u64),
            Err(_) => prop_assert_eq!(store.count(simpul::model::RecordKind::Client), before),
        }
        prop_assert!(store.check().unwrap().is_clean());
    }
}
