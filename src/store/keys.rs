//! Order-preserving key encoding.
//!
//! Keys are compared by sled as raw bytes, so every component is encoded so
//! that byte order equals the natural order of the value:
//!
//! | component | encoding |
//! |---|---|
//! | `u64` id | 8 bytes big-endian |
//! | `u8` tag (record kind, index id) | 1 byte |
//! | date | days since 0001-01-01 as `i32`, sign bit flipped, 4 bytes big-endian |
//! | text | UTF-8 with `0x00` escaped as `0x00 0xFF`, terminated by `0x00 0x00` |
//!
//! The text terminator sorts below every escaped byte, so "ab" < "ab\0" <
//! "abc" holds for encoded keys as for the strings, and a text component
//! followed by more components cannot be confused with a longer text.

use chrono::{Datelike, NaiveDate};

/// Appends a big-endian u64.
pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Appends a date so that dates sort chronologically.
pub fn put_date(out: &mut Vec<u8>, d: NaiveDate) {
    let days = d.num_days_from_ce();
    out.extend_from_slice(&((days as u32) ^ 0x8000_0000).to_be_bytes());
}

/// Appends text, escaped and terminated.
pub fn put_text(out: &mut Vec<u8>, s: &str) {
    for &b in s.as_bytes() {
        if b == 0 {
            out.extend_from_slice(&[0, 0xFF]);
        } else {
            out.push(b);
        }
    }
    out.extend_from_slice(&[0, 0]);
}

/// A key for a record id.
pub fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

/// Reads a big-endian u64 from the first 8 bytes.
pub fn read_u64(bytes: &[u8]) -> Option<u64> {
    let arr: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(arr))
}

/// Decodes a date written by [`put_date`].
pub fn read_date(bytes: &[u8]) -> Option<NaiveDate> {
    let arr: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    let days = (u32::from_be_bytes(arr) ^ 0x8000_0000) as i32;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// Prints a key for messages: ids as numbers where the key is 8 bytes, else hex.
pub fn describe(key: &[u8]) -> String {
    match read_u64(key) {
        Some(id) if key.len() == 8 => id.to_string(),
        _ => key.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(s: &str) -> Vec<u8> {
        let mut v = Vec::new();
        put_text(&mut v, s);
        v
    }

    proptest! {
        #[test]
        fn text_order_is_preserved(a in ".*", b in ".*", x in any::<u64>(), y in any::<u64>()) {
            let mut ka = text(&a);
            put_u64(&mut ka, x);
            let mut kb = text(&b);
            put_u64(&mut kb, y);
            prop_assert_eq!(ka.cmp(&kb), (a.as_bytes(), x).cmp(&(b.as_bytes(), y)));
        }

        #[test]
        fn text_with_nuls_keeps_order(a in proptest::collection::vec(0u8..3, 0..6), b in proptest::collection::vec(0u8..3, 0..6)) {
            let a = String::from_utf8(a).unwrap_or_default();
            let b = String::from_utf8(b).unwrap_or_default();
            prop_assert_eq!(text(&a).cmp(&text(&b)), a.cmp(&b));
        }

        #[test]
        fn dates_keep_order(a in -700_000i32..3_000_000, b in -700_000i32..3_000_000) {
            let (Some(da), Some(db)) = (NaiveDate::from_num_days_from_ce_opt(a), NaiveDate::from_num_days_from_ce_opt(b)) else {
                return Ok(());
            };
            let (mut ka, mut kb) = (Vec::new(), Vec::new());
            put_date(&mut ka, da);
            put_date(&mut kb, db);
            prop_assert_eq!(ka.cmp(&kb), da.cmp(&db));
            prop_assert_eq!(read_date(&ka), Some(da));
        }
    }
}
