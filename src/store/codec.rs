//! The value envelope: one format-version byte, then bincode 2 (serde).
//!
//! This and `schema::ext` (the bincode configuration, the extension area's
//! value trait and [`CodecError`], which the schema's fields use to encode
//! their own values) are the only places that know the codec, so a future
//! codec can be introduced by a new version byte and a migration.
//! Decoding never panics and never allocates more than [`LIMIT`] bytes on
//! the word of a length prefix, whatever bytes it is given.
//!
//! # Records: positional part and extension area
//!
//! bincode writes a struct's fields by position, so a stored record reads
//! back only with the layout it was written with. From format 4 on, a
//! record is its positional part followed by an *extension area*: a list of
//! tagged entries, each a tag, a length and the bincode bytes of one value.
//!
//! | tag | holds |
//! |---|---|
//! | 1 | `meta.next_part`, the next sub-record id |
//! | 2 – 15 | the ids of sub-record list `tag - 1`, in list order (`model::parts`) |
//! | 16 and up | optional fields added after the positional layout was fixed ([`ExtField`]) |
//!
//! A new optional field takes the next free tag: no frozen copy of the old
//! layout, no migration. Tags are one sequence across every record and
//! sub-record type (a test in `schema` checks that none is used twice). An
//! optional field of a sub-record (a Litmas report's authors) is stored in
//! its record's extension area under its tag, as one value per item of its
//! list, in list order (`schema::PartList`). A program that does not know a tag keeps its entry
//! as it came (in `meta.kept`) and writes it back with the record, so an
//! older program editing a record does not lose what a newer one stored. A
//! change of meaning still gets a new format and a migration.

use serde::{Serialize, de::DeserializeOwned};

use crate::schema::ext::config;
pub use crate::schema::ext::{CodecError, EncodedExt, ExtField, ExtValue, LIMIT, decode_body, ext_bytes, ext_value};

/// The first value format: bincode 2, standard config, varint integers,
/// with the record layouts of schema 1 (see `store::legacy`).
pub const FORMAT_V1: u8 = 1;

/// The same codec with the record layouts of schema 2 (guidance sessions
/// name their group, register lines their recorder). Types whose layout
/// did not change read the same under both.
pub const FORMAT_V2: u8 = 2;

/// The same codec with the record layouts of schema 4 (users name their
/// own time zone).
pub const FORMAT_V3: u8 = 3;

/// Records from schema 5: the positional part of format 3, then the
/// extension area (see the module documentation). Other values are the
/// same as in format 3.
pub const FORMAT_V4: u8 = 4;

/// The format this program writes.
pub const CURRENT: u8 = FORMAT_V4;

/// Extension tag of `meta.next_part`.
const TAG_NEXT_PART: u16 = 1;
/// Extension tags of sub-record ids: list `n` is `TAG_PART_IDS + n`.
const TAG_PART_IDS: u16 = 1;
/// The first extension tag of an optional field.
pub const FIRST_FIELD_TAG: u16 = 16;

/// A stored record: positional part, then the extension area.
pub fn encode_record<R>(rec: &R, fields: &[ExtField<R>]) -> Result<Vec<u8>, CodecError>
where
    R: Serialize + crate::model::Record + crate::model::HasParts,
{
    let mut out = vec![CURRENT];
    bincode::serde::encode_into_std_write(rec, &mut out, config()).map_err(|e| CodecError::Encode(e.to_string()))?;
    let mut entries: Vec<(u16, Vec<u8>)> = vec![(TAG_NEXT_PART, ext_bytes(&rec.meta().next_part)?)];
    for (n, ids) in rec.part_ids() {
        if !ids.is_empty() {
            let ids: Vec<u32> = ids.iter().map(|p| p.0).collect();
            entries.push((TAG_PART_IDS + u16::from(n), ext_bytes(&ids)?));
        }
    }
    for f in fields {
        if let Some(bytes) = f.value.ext_encode(rec, f.tag) {
            entries.push((f.tag, bytes?));
        }
    }
    for (tag, bytes) in &rec.meta().kept {
        if !entries.iter().any(|(t, _)| t == tag) {
            entries.push((*tag, bytes.clone()));
        }
    }
    entries.sort_by_key(|(t, _)| *t);
    bincode::serde::encode_into_std_write(&entries, &mut out, config())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(out)
}

/// A record from the body of a format-4 value: its positional part, then
/// the extension area (unknown entries kept in `meta.kept`).
pub fn decode_record_body<R>(body: &[u8], fields: &[ExtField<R>]) -> Result<R, CodecError>
where
    R: DeserializeOwned + crate::model::Record + crate::model::HasParts,
{
    let (mut rec, read): (R, usize) =
        bincode::serde::decode_from_slice(body, config()).map_err(|e| CodecError::Decode(e.to_string()))?;
    let entries: Vec<(u16, Vec<u8>)> = decode_body(body.get(read..).unwrap_or_default())?;
    for (tag, bytes) in entries {
        if tag == TAG_NEXT_PART {
            rec.meta_mut().next_part = ext_value(&bytes)?;
        } else if tag < FIRST_FIELD_TAG {
            let ids: Vec<u32> = ext_value(&bytes)?;
            let ids: Vec<crate::model::PartId> = ids.into_iter().map(crate::model::PartId).collect();
            let n = u8::try_from(tag - TAG_PART_IDS).unwrap_or(u8::MAX);
            if !rec.set_part_ids(n, &ids) {
                return Err(CodecError::Decode(format!("the ids of sub-record list {n} do not match its items")));
            }
        } else if let Some(f) = fields.iter().find(|f| f.tag == tag) {
            f.value.ext_decode(&mut rec, tag, &bytes)?;
        } else {
            rec.meta_mut().kept.push((tag, bytes));
        }
    }
    // a list written without its ids (none are) still gets ids, never repeated ones
    rec.assign_part_ids();
    Ok(rec)
}

/// The first layout of record summaries (tree `summaries`, see
/// `store::summary`). Summaries carry their own version, apart from
/// records: a new summary layout is rebuilt from the records, not migrated
/// (schema 6 added the reporting-from day to client summaries, schema 7
/// their aliases, NIK and skills as written; each rebuilt them in its
/// migration).
pub const SUMMARY_V1: u8 = 1;

/// The summary layout this program writes and reads.
pub const SUMMARY_CURRENT: u8 = SUMMARY_V1;

/// What went wrong, in English (logs, `simpul check`).
impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodecError::Empty => write!(f, "empty value"),
            CodecError::UnknownVersion(v) => {
                write!(f, "unknown value format version {v} (this program reads versions {FORMAT_V1} to {CURRENT})")
            }
            CodecError::UnknownSummaryVersion(v) => write!(
                f,
                "unknown summary format version {v} (this program reads version {SUMMARY_CURRENT}; run simpul check)"
            ),
            CodecError::Decode(e) => write!(f, "cannot decode: {e}"),
            CodecError::Trailing(n) => write!(f, "{n} bytes left over after the value"),
            CodecError::Encode(e) => write!(f, "cannot encode: {e}"),
        }
    }
}

impl std::error::Error for CodecError {}

/// Encodes a value into its envelope.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![CURRENT];
    let body = bincode::serde::encode_to_vec(value, config()).map_err(|e| CodecError::Encode(e.to_string()))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Encodes a record summary into its envelope.
pub fn encode_summary<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![SUMMARY_CURRENT];
    let body = bincode::serde::encode_to_vec(value, config()).map_err(|e| CodecError::Encode(e.to_string()))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decodes a record summary from its envelope.
pub fn decode_summary<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != SUMMARY_CURRENT {
        return Err(CodecError::UnknownSummaryVersion(version));
    }
    decode_body(body)
}

/// Decodes a value from its envelope, in the current layout of its type.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (_, body) = split(bytes)?;
    decode_body(body)
}

/// The format version and the body of an envelope, when the version is one this program reads.
pub fn split(bytes: &[u8]) -> Result<(u8, &[u8]), CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if !(FORMAT_V1..=CURRENT).contains(&version) {
        return Err(CodecError::UnknownVersion(version));
    }
    Ok((version, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Client;

    use crate::model::{HasParts, PartId};
    use crate::store::index::decode_stored;

    #[test]
    fn round_trip_and_envelope() {
        let c = Client::new("Budi");
        let bytes = encode(&c).unwrap();
        assert_eq!(bytes[0], CURRENT);
        assert_eq!(decode::<Client>(&bytes).unwrap(), c);
    }

    /// A field a newer program stores in the extension area: here the
    /// client's phone number, a second time under tag 40.
    struct PhoneAgain;
    impl ExtValue<Client> for PhoneAgain {
        fn ext_encode(&self, c: &Client, _: u16) -> Option<EncodedExt> {
            (!c.phone.is_empty()).then(|| ext_bytes(&c.phone))
        }
        fn ext_decode(&self, c: &mut Client, _: u16, b: &[u8]) -> Result<(), CodecError> {
            c.phone = ext_value(b)?;
            Ok(())
        }
    }
    const PHONE_AGAIN: ExtField<Client> = ExtField { tag: 40, value: &PhoneAgain };

    fn with_session(id: PartId) -> Client {
        let mut c = Client::new("Budi");
        c.sessions.push(crate::model::GuidanceSession {
            id,
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5).unwrap_or_default(),
            stream: crate::model::GuidanceStream::Kemandirian,
            mode: crate::model::GuidanceMode::Perorangan,
            place: crate::model::SessionPlace::Office,
            officer: String::new(),
            summary: String::new(),
            next_step: String::new(),
            group: Vec::new(),
        });
        c
    }

    #[test]
    fn an_older_program_keeps_the_fields_it_does_not_know() {
        let mut c = with_session(PartId(7));
        c.meta.next_part = 8;
        c.phone = "0812".into();
        let newer = encode_record(&c, &[PHONE_AGAIN]).unwrap();
        assert_eq!(newer[0], FORMAT_V4);
        // read without the field (an older program): the entry is kept as it came
        let mut old: Client = decode_record_body(&newer[1..], &[]).unwrap();
        assert_eq!(old.meta.kept, vec![(40, ext_bytes(&"0812".to_string()).unwrap())]);
        assert_eq!((old.sessions[0].id, old.meta.next_part), (PartId(7), 8));
        // it edits something else and writes the record again: the entry goes with it
        old.full_name = "Budi Santoso".into();
        old.phone.clear();
        let rewritten = encode_record(&old, &[]).unwrap();
        let back: Client = decode_record_body(&rewritten[1..], &[PHONE_AGAIN]).unwrap();
        assert_eq!((back.full_name.as_str(), back.phone.as_str()), ("Budi Santoso", "0812"));
        assert!(back.meta.kept.is_empty(), "known again");
        // a value without the field reads with it empty
        let none: Client =
            decode_record_body(&encode_record(&Client::new("X"), &[]).unwrap()[1..], &[PHONE_AGAIN]).unwrap();
        assert_eq!(none.phone, "");
    }

    #[test]
    fn ids_that_do_not_match_their_list_are_an_error() {
        let c = with_session(PartId(3));
        let mut bytes = encode_record(&c, &[]).unwrap();
        // cut the session off the positional part's list: its id entry no longer fits
        let mut short = c.clone();
        short.sessions.clear();
        let positional = bincode::serde::encode_to_vec(&short, config()).unwrap();
        let full = bincode::serde::encode_to_vec(&c, config()).unwrap();
        bytes.splice(1..1 + full.len(), positional);
        let err = decode_stored::<Client>(&bytes).unwrap_err();
        assert!(err.to_string().contains("sub-record list 2"), "{err}");
        assert!(c.part_ids().iter().any(|(n, ids)| *n == 2 && ids == &[PartId(3)]));
    }

    #[test]
    fn bad_envelopes_are_errors() {
        assert_eq!(decode::<Client>(&[]), Err(CodecError::Empty));
        assert_eq!(decode::<Client>(&[9, 1, 2]), Err(CodecError::UnknownVersion(9)));
        let mut bytes = encode(&Client::new("Budi")).unwrap();
        bytes.push(0);
        assert_eq!(decode::<Client>(&bytes), Err(CodecError::Trailing(1)));
        assert!(matches!(decode::<Client>(&[CURRENT, 0xff, 0xff, 0xff]), Err(CodecError::Decode(_))));
    }
}
