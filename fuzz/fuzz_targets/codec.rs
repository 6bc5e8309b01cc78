//! The stored-value decoder, given any bytes: never a panic, never a huge
//! allocation on the word of a length prefix, and whatever decodes encodes
//! and decodes again to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use simpul::model::{Client, Event, Referral, Stakeholder, User};
use simpul::store::AuditEntry;
use simpul::store::codec::{decode, encode};

fn round_trip<T>(bytes: &[u8])
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    if let Ok(v) = decode::<T>(bytes) {
        let again = encode(&v).expect("a decoded value encodes");
        assert_eq!(decode::<T>(&again).expect("its encoding decodes"), v);
    }
}

fuzz_target!(|bytes: &[u8]| {
    // the store's own reader, older record layouts included
    let _ = simpul::store::index::decode_stored::<Client>(bytes);
    round_trip::<Client>(bytes);
    round_trip::<Stakeholder>(bytes);
    round_trip::<Event>(bytes);
    round_trip::<Referral>(bytes);
    round_trip::<User>(bytes);
    round_trip::<AuditEntry>(bytes);
});
