//! The value envelope: one format-version byte, then bincode 2 (serde).
//!
//! This is the only place that knows the codec and its configuration, so a
//! future codec can be introduced by a new version byte and a migration.
//! Decoding never panics and never allocates more than [`LIMIT`] bytes on
//! the word of a length prefix, whatever bytes it is given.

use serde::{Serialize, de::DeserializeOwned};

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

/// The format this program writes.
pub const CURRENT: u8 = FORMAT_V3;

/// The first layout of record summaries (tree `summaries`, see
/// `store::summary`). Summaries carry their own version, apart from
/// records: a new summary layout is rebuilt from the records, not migrated.
pub const SUMMARY_V1: u8 = 1;

/// The summary layout this program writes and reads.
pub const SUMMARY_CURRENT: u8 = SUMMARY_V1;

/// Largest value the decoder will allocate for (a guard against corrupt lengths).
pub const LIMIT: usize = 16 * 1024 * 1024;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<LIMIT>()
}

/// Why a value could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// The value is empty (no version byte).
    #[error("empty value")]
    Empty,
    /// The version byte is not one this program reads.
    #[error("unknown value format version {0} (this program reads versions {FORMAT_V1} to {CURRENT})")]
    UnknownVersion(u8),
    /// The version byte of a summary is not the one this program reads.
    #[error("unknown summary format version {0} (this program reads version {SUMMARY_CURRENT}; run simpul check)")]
    UnknownSummaryVersion(u8),
    /// The bytes after the version byte are not a value of the expected type.
    #[error("cannot decode: {0}")]
    Decode(String),
    /// Bytes were left over after the value.
    #[error("{0} bytes left over after the value")]
    Trailing(usize),
    /// The value could not be encoded.
    #[error("cannot encode: {0}")]
    Encode(String),
}

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

/// Decodes the body of an envelope as `T`; every byte must be used.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, CodecError> {
    let (value, read) =
        bincode::serde::decode_from_slice(body, config()).map_err(|e| CodecError::Decode(e.to_string()))?;
    if read != body.len() {
        return Err(CodecError::Trailing(body.len() - read));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Client;

    #[test]
    fn round_trip_and_envelope() {
        let c = Client::new("Budi");
        let bytes = encode(&c).unwrap();
        assert_eq!(bytes[0], CURRENT);
        assert_eq!(decode::<Client>(&bytes).unwrap(), c);
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
