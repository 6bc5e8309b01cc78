//! The interface's writes to the store: one function for each thing the
//! interface changes, as the user who works (`actor`). Each returns what
//! the store said; the caller tells the user.

use super::{Actor, Store, StoreError};
use crate::model::{Client, Event, RecordKind, RecordRef, Stakeholder};

/// Archives the record `r` (with `archive` false, restores it), as `actor`.
pub fn set_archived(store: &Store, actor: &Actor, r: RecordRef, archive: bool) -> Result<(), StoreError> {
    match (r.kind, archive) {
        (RecordKind::Client, true) => store.archive::<Client>(actor, r.id, None).map(|_| ()),
        (RecordKind::Client, false) => store.restore::<Client>(actor, r.id, None).map(|_| ()),
        (RecordKind::Stakeholder, true) => store.archive::<Stakeholder>(actor, r.id, None).map(|_| ()),
        (RecordKind::Stakeholder, false) => store.restore::<Stakeholder>(actor, r.id, None).map(|_| ()),
        (RecordKind::Event, true) => store.archive::<Event>(actor, r.id, None).map(|_| ()),
        (RecordKind::Event, false) => store.restore::<Event>(actor, r.id, None).map(|_| ()),
        _ => Err(StoreError::NotFound(r)),
    }
}

/// Brings the record `r` back to what it was at change `seq`, as `actor`.
pub fn revert(store: &Store, actor: &Actor, r: RecordRef, seq: u64) -> Result<(), StoreError> {
    match r.kind {
        RecordKind::Client => store.revert::<Client>(actor, r.id, seq).map(|_| ()),
        RecordKind::Stakeholder => store.revert::<Stakeholder>(actor, r.id, seq).map(|_| ()),
        RecordKind::Event => store.revert::<Event>(actor, r.id, seq).map(|_| ()),
        _ => Err(StoreError::NotFound(r)),
    }
}

/// Writes the record a form changed (no new record), as `actor`.
pub fn update_target(store: &Store, actor: &Actor, target: crate::ui::form::Target) -> Result<(), StoreError> {
    use crate::ui::form::Target;
    match target {
        Target::Client(c) => store.update(actor, *c).map(|_| ()),
        Target::Stakeholder(s) => store.update(actor, *s).map(|_| ()),
        Target::Event(e) => store.update(actor, *e).map(|_| ()),
        Target::Referral(f) => store.update(actor, *f).map(|_| ()),
    }
}

/// Merges client `other` into `survivor`, the fields named in `take` taken
/// from `other`, as `actor`; the merge's number.
pub fn merge_clients(
    store: &Store,
    actor: &Actor,
    survivor: u64,
    other: u64,
    take: &[&str],
) -> Result<u64, StoreError> {
    store.write(actor, |b| b.merge_clients(survivor, other, take))
}

/// Whether change `seq` in the history of `r` is a merge.
pub fn is_merge(store: &Store, r: RecordRef, seq: u64) -> bool {
    store
        .history(r)
        .ok()
        .and_then(|h| h.into_iter().find(|c| c.seq == seq))
        .is_some_and(|c| c.note.starts_with("merge of "))
}

/// Undoes the first merge into client `client` after change `seq` that is
/// not undone yet, as `actor`; that merge's number.
pub fn undo_merge_after(store: &Store, actor: &Actor, client: u64, seq: u64) -> Result<u64, StoreError> {
    let pending = store
        .merges_into(client)
        .ok()
        .and_then(|v| v.into_iter().filter(|m| !m.undone && m.seq > seq).min_by_key(|m| m.seq));
    match pending {
        Some(m) => store.write(actor, |b| b.undo_merge(m.seq)).map(|()| m.seq),
        None => Err(StoreError::NotFound(RecordRef::new(RecordKind::Client, client))),
    }
}
