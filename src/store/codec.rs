//! The value envelope: one format-version byte, then bincode 2 (serde).
//!
//! This is the only place that knows the codec and its configuration, so a
//! future codec can be introduced by a new version byte and a migration.
//! Decoding never panics and never allocates more than [`LIMIT`] bytes on
//! the word of a length prefix, whatever bytes it is given.

use serde::{Serialize, de::DeserializeOwned};

/// The current value format: bincode 2, standard config, varint integers.
pub const FORMAT_V1: u8 = 1;

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
    #[error("unknown value format version {0} (this program reads version {FORMAT_V1})")]
    UnknownVersion(u8),
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
    let mut out = vec![FORMAT_V1];
    let body = bincode::serde::encode_to_vec(value, config()).map_err(|e| CodecError::Encode(e.to_string()))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decodes a value from its envelope.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if version != FORMAT_V1 {
        return Err(CodecError::UnknownVersion(version));
    }
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
        assert_eq!(bytes[0], FORMAT_V1);
        assert_eq!(decode::<Client>(&bytes).unwrap(), c);
    }

    #[test]
    fn bad_envelopes_are_errors() {
        assert_eq!(decode::<Client>(&[]), Err(CodecError::Empty));
        assert_eq!(decode::<Client>(&[9, 1, 2]), Err(CodecError::UnknownVersion(9)));
        let mut bytes = encode(&Client::new("Budi")).unwrap();
        bytes.push(0);
        assert_eq!(decode::<Client>(&bytes), Err(CodecError::Trailing(1)));
        assert!(matches!(decode::<Client>(&[FORMAT_V1, 0xff, 0xff, 0xff]), Err(CodecError::Decode(_))));
    }
}
