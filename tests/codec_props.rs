//! Property tests of the value codec: every record round-trips; arbitrary
//! bytes never panic the decoder and, planted in a tree, give an error that
//! names the tree and key.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;

use proptest::prelude::*;
use simpul::model::*;
use simpul::store::codec::{decode, encode, encode_record};
use simpul::store::index::decode_stored;
use simpul::store::{Indexed, OpenOptions, Store, StoreError};

/// A record as the store holds it: sub-records with ids (some removed
/// since, so the ids have gaps), and extension entries of a newer program.
fn as_stored<R: Indexed>(mut r: R, gap: u32, kept: Vec<(u16, Vec<u8>)>) -> R {
    r.meta_mut().next_part = 1 + gap;
    r.assign_part_ids();
    // entries of a newer program: tags this one does not know
    let known: Vec<u16> = R::ext_fields().iter().map(|f| f.tag).collect();
    let mut kept: Vec<(u16, Vec<u8>)> =
        kept.into_iter().map(|(t, b)| (t.max(16), b)).filter(|(t, _)| !known.contains(t)).collect();
    kept.sort_by_key(|(t, _)| *t);
    kept.dedup_by_key(|(t, _)| *t);
    r.meta_mut().kept = kept;
    r
}

fn round_trip<R: Indexed>(r: &R) -> R {
    decode_stored::<R>(&encode_record(r, R::ext_fields()).unwrap()).unwrap()
}

fn kept() -> impl Strategy<Value = Vec<(u16, Vec<u8>)>> {
    prop::collection::vec((16u16..2000, prop::collection::vec(any::<u8>(), 0..24)), 0..3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn clients_round_trip(c in common::client(), gap in 0u32..50, k in kept()) {
        let c = as_stored(c, gap, k);
        prop_assert_eq!(round_trip(&c), c);
    }

    #[test]
    fn stakeholders_round_trip(s in common::stakeholder(), gap in 0u32..50, k in kept()) {
        let s = as_stored(s, gap, k);
        prop_assert_eq!(round_trip(&s), s);
    }

    #[test]
    fn events_round_trip(e in common::event(), gap in 0u32..50, k in kept()) {
        let e = as_stored(e, gap, k);
        prop_assert_eq!(round_trip(&e), e);
    }

    #[test]
    fn referrals_round_trip(r in common::referral(), k in kept()) {
        let r = as_stored(r, 0, k);
        prop_assert_eq!(round_trip(&r), r);
    }

    #[test]
    fn users_round_trip(u in common::user(), k in kept()) {
        let u = as_stored(u, 0, k);
        prop_assert_eq!(round_trip(&u), u);
    }

    /// A value of format 3 (the positional part alone) reads with the ids
    /// its sub-records' positions imply.
    #[test]
    fn format_3_values_read_with_ids_by_position(c in common::client()) {
        let mut v3 = encode(&c).unwrap();
        v3[0] = simpul::store::codec::FORMAT_V3;
        let read = decode_stored::<Client>(&v3).unwrap();
        for (i, a) in read.assessments.iter().enumerate() {
            prop_assert_eq!(a.id, simpul::model::legacy_id(1, i));
        }
        for (i, s) in read.sessions.iter().enumerate() {
            prop_assert_eq!(s.id, simpul::model::legacy_id(2, i));
        }
        let mut plain = read.clone();
        plain.each_part(&mut |_, _, p| p.set_id(PartId::NEW));
        plain.meta = c.meta.clone();
        // format 3 knew no reporting-from date (schema 6 gives one)
        prop_assert_eq!(plain.reporting.from, None);
        plain.reporting.from = c.reporting.from;
        // nor a Litmas report's authors (a report of then has none)
        for (read, written) in plain.litmas.iter_mut().zip(&c.litmas) {
            prop_assert!(read.authors.is_empty());
            read.authors = written.authors.clone();
        }
        prop_assert_eq!(plain, c);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode_stored::<Client>(&bytes);
        let _ = decode_stored::<Event>(&bytes);
        let _ = decode::<Client>(&bytes);
        let _ = decode::<Stakeholder>(&bytes);
        let _ = decode::<Event>(&bytes);
        let _ = decode::<Referral>(&bytes);
        let _ = decode::<User>(&bytes);
        let _ = decode::<simpul::store::AuditEntry>(&bytes);
    }

    #[test]
    fn truncated_and_flipped_values_never_panic(c in common::client(), cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>()) {
        let bytes = encode_record(&c, &[]).unwrap();
        let _ = decode_stored::<Client>(&bytes[..cut.index(bytes.len())]);
        let mut flipped = bytes.clone();
        let i = flip.index(flipped.len());
        flipped[i] ^= 0xA5;
        let _ = decode_stored::<Client>(&flipped);
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
