//! Property tests of the value codec: every record round-trips; arbitrary
//! bytes never panic the decoder and, planted in a tree, give an error that
//! names the tree and key.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;

use proptest::prelude::*;
use simpul::model::*;
use simpul::store::codec::{decode, encode};
use simpul::store::{OpenOptions, Store, StoreError};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn clients_round_trip(c in common::client()) {
        prop_assert_eq!(decode::<Client>(&encode(&c).unwrap()).unwrap(), c);
    }

    #[test]
    fn stakeholders_round_trip(s in common::stakeholder()) {
        prop_assert_eq!(decode::<Stakeholder>(&encode(&s).unwrap()).unwrap(), s);
    }

    #[test]
    fn events_round_trip(e in common::event()) {
        prop_assert_eq!(decode::<Event>(&encode(&e).unwrap()).unwrap(), e);
    }

    #[test]
    fn referrals_round_trip(r in common::referral()) {
        prop_assert_eq!(decode::<Referral>(&encode(&r).unwrap()).unwrap(), r);
    }

    #[test]
    fn users_round_trip(u in common::user()) {
        prop_assert_eq!(decode::<User>(&encode(&u).unwrap()).unwrap(), u);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode::<Client>(&bytes);
        let _ = decode::<Stakeholder>(&bytes);
        let _ = decode::<Event>(&bytes);
        let _ = decode::<Referral>(&bytes);
        let _ = decode::<User>(&bytes);
        let _ = decode::<simpul::store::AuditEntry>(&bytes);
    }

    #[test]
    fn truncated_and_flipped_values_never_panic(c in common::client(), cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>()) {
        let bytes = encode(&c).unwrap();
        let _ = decode::<Client>(&bytes[..cut.index(bytes.len())]);
        let mut flipped = bytes.clone();
        let i = flip.index(flipped.len());
        flipped[i] ^= 0xA5;
        let _ = decode::<Client>(&flipped);
    }
}

#[test]
fn huge_length_prefixes_do_not_allocate() {
    // version byte, then a varint length of u64::MAX for the first string
    let mut bytes = vec![1u8];
    bytes.extend_from_slice(&[0u8; 8]); // meta.id
    bytes.push(253);
    bytes.extend_from_slice(&u64::MAX.to_le_bytes());
    assert!(decode::<Client>(&bytes).is_err());
}

#[test]
fn planted_garbage_names_tree_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let store = Store::open(&path, &OpenOptions::default()).unwrap();
        let actor = simpul::store::Actor::new("budi", Role::Officer);
        store.create(&actor, Client::new("Siti")).unwrap();
        store.create(&actor, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap();
    }
    {
        // write garbage under stakeholder 7 with sled directly, as a damaged disk would
        let db = simpul::store::open_sled(&path, 1 << 20).unwrap();
        db.open_tree("stakeholders").unwrap().insert(7u64.to_be_bytes(), &[1u8, 0xff, 0x00, 0x13][..]).unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path, &OpenOptions::default()).unwrap();
    match store.get::<Stakeholder>(7) {
        Err(StoreError::Decode { tree, key, .. }) => {
            assert_eq!(tree, "stakeholders");
            assert_eq!(key, "7");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let ok: Vec<_> = store.scan::<Stakeholder>().filter_map(Result::ok).collect();
    assert_eq!(ok.len(), 1, "the good record still loads");
    assert_eq!(store.scan::<Client>().filter_map(Result::ok).count(), 1);
    let report = store.check().unwrap();
    assert!(!report.is_clean());
    assert!(
        report.problems.iter().any(|p| p.to_string().contains("tree stakeholders, key 7")),
        "{:?}",
        report.problems
    );
}
