//! The user's preferences kept in the store: search history, saved
//! filters, language, a form's draft.

use super::{Store, StoreError};

/// The user's preference `name`; `None` when none is kept (or it cannot
/// be read as a `T`).
pub fn read_pref<T: serde::de::DeserializeOwned>(
    store: &Store,
    user: &str,
    name: &str,
) -> Result<Option<T>, StoreError> {
    store.pref(user, name)
}

/// Keeps `value` as the user's preference `name`.
pub fn write_pref<T: serde::Serialize>(store: &Store, user: &str, name: &str, value: &T) -> Result<(), StoreError> {
    store.set_pref(user, name, value)
}
