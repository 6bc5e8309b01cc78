//! The extension area's values: what a field of a table stores under its
//! tag, and the bincode configuration every stored value is written with.
//!
//! The record envelope, its format versions and the extension area's
//! layout are `store::codec`'s (which re-exports these, and says a
//! [`CodecError`] in words); they are here so that a table's fields encode
//! their own values without the schema naming the store.

use serde::{Serialize, de::DeserializeOwned};

/// A value stored in the extension area of its record, under `tag` (one
/// value may serve several tags: a list of sub-records stores each of its
/// items' optional fields under that field's tag).
pub trait ExtValue<R>: Sync {
    /// The value's bytes, `None` when it holds nothing (nothing is written).
    fn ext_encode(&self, r: &R, tag: u16) -> Option<EncodedExt>;
    /// Sets the value from its bytes.
    fn ext_decode(&self, r: &mut R, tag: u16, bytes: &[u8]) -> Result<(), CodecError>;
}

/// An optional field stored in the extension area: its tag (never reused,
/// never renumbered), and its value.
pub struct ExtField<R: 'static> {
    /// Its tag, `store::codec::FIRST_FIELD_TAG` or above.
    pub tag: u16,
    /// The value.
    pub value: &'static dyn ExtValue<R>,
}

/// An extension value's bytes, or why it could not be encoded.
pub type EncodedExt = Result<Vec<u8>, CodecError>;

/// A value's bincode bytes, for an [`ExtField`].
pub fn ext_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    bincode::serde::encode_to_vec(value, config()).map_err(|e| CodecError::Encode(e.to_string()))
}

/// A value from its bincode bytes, for an [`ExtField`]; every byte must be used.
pub fn ext_value<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_body(bytes)
}

/// Largest value the decoder will allocate for (a guard against corrupt lengths).
pub const LIMIT: usize = 16 * 1024 * 1024;

/// The bincode configuration of every stored value.
pub(crate) fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<LIMIT>()
}

/// Why a value could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    /// The value is empty (no version byte).
    Empty,
    /// The version byte is not one this program reads.
    UnknownVersion(u8),
    /// The version byte of a summary is not the one this program reads.
    UnknownSummaryVersion(u8),
    /// The bytes after the version byte are not a value of the expected type.
    Decode(String),
    /// Bytes were left over after the value.
    Trailing(usize),
    /// The value could not be encoded.
    Encode(String),
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
