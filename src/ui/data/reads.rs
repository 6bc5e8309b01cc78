//! The interface's reads of whole records, through the user's view of the
//! store ([`Scoped`]: a partner reads only what it may see, with withheld
//! fields empty). The lists are built from summaries instead, in `data`.

use super::{Actor, AuditEntry, AuditFilter, Scoped, Store, StoreError, Ties};
use crate::clock::Clock;
use crate::model::{Calendar, ClientId, Document, DocumentId, Event, RecordKind, RecordRef, Referral, StakeholderId};
use crate::store::approvals::Approval;
use crate::store::history::Change;
use crate::store::{IndexId, Indexed};

/// The record `id` of kind `R` as the user sees it; an error when it is
/// not there (or not for the user).
pub fn fetch<R: Indexed>(view: &Scoped, id: u64) -> Result<R, StoreError> {
    view.fetch(id)
}

/// The record `id` of kind `R` as the user sees it, if it is there.
pub fn get<R: Indexed>(view: &Scoped, id: u64) -> Result<Option<R>, StoreError> {
    view.get(id)
}

/// Every record of kind `R` the user sees; those that cannot be decoded
/// are left out.
pub fn all<R: Indexed>(view: &Scoped) -> Vec<R> {
    view.scan().filter_map(Result::ok).collect()
}

/// The record `id` of kind `R` as stored, whole (not through a view): for
/// a purge, which only administrators make.
pub fn fetch_stored<R: Indexed>(store: &Store, id: u64) -> Result<R, StoreError> {
    store.fetch(id)
}

/// The office's calendar: the days no one reports.
pub fn calendar(view: &Scoped) -> Result<Calendar, StoreError> {
    view.calendar()
}

/// The referrals of the client `client` the user sees.
pub fn referrals_of_client(view: &Scoped, client: ClientId) -> Result<Vec<Referral>, StoreError> {
    view.referrals_of_client(client)
}

/// The referrals to the stakeholder `stakeholder` the user sees.
pub fn referrals_to(view: &Scoped, stakeholder: StakeholderId) -> Result<Vec<Referral>, StoreError> {
    view.referrals_to(stakeholder)
}

/// The events the client `client` takes part in, as the user sees them.
pub fn events_of_client(view: &Scoped, client: ClientId) -> Result<Vec<Event>, StoreError> {
    view.events_of_client(client)
}

/// The changes of the record `r`, newest first.
pub fn history(view: &Scoped, r: RecordRef) -> Result<Vec<Change>, StoreError> {
    view.history(r)
}

/// The approval requests about the client `client`.
pub fn approvals(view: &Scoped, client: u64) -> Result<Vec<Approval>, StoreError> {
    view.approvals(client)
}

/// What ties the stakeholder `id` to other records (asked before it is archived).
pub fn stakeholder_ties(view: &Scoped, id: StakeholderId) -> Result<Ties, StoreError> {
    view.stakeholder_ties(id)
}

/// The clients with the NIK `nik`, of the whole store (a NIK is unique
/// whoever sees the client).
pub fn clients_with_nik(store: &Store, nik: &str) -> Result<Vec<ClientId>, StoreError> {
    store.clients_by(IndexId::ClientNik, nik)
}

/// The document `id`, when the user may read its content.
pub fn readable_document(view: &Scoped, id: DocumentId) -> Result<Document, StoreError> {
    view.readable_document(id)
}

/// Writes the content of the document `id` to `out`.
pub fn read_document(view: &Scoped, id: DocumentId, out: &mut dyn std::io::Write) -> Result<Document, StoreError> {
    view.read_document(id, out)
}

/// The store as `actor` may see it; if even that cannot be read, a view
/// that shows nothing (a partner must never see more by accident).
pub fn view_of(store: &Store, actor: &Actor) -> Scoped {
    store.scoped(actor).unwrap_or_else(|_| Scoped::nothing(store, actor))
}

/// Who reads through `view`.
pub fn reader(view: &Scoped) -> &Actor {
    view.actor()
}

/// Whether `view` shows the whole store (an administrator's, an
/// officer's), not a partner's or a viewer's share of it.
pub fn is_full_view(view: &Scoped) -> bool {
    view.view_key() == "full"
}

/// How many records of `kind` the store holds (all of them, not a view's).
pub fn stored_count(store: &Store, kind: RecordKind) -> u64 {
    store.count(kind)
}

/// The database's directory.
pub fn db_path(store: &Store) -> &std::path::Path {
    store.path()
}

/// The clock of the store, in `actor`'s time zone.
pub fn clock_for(store: &Store, actor: &Actor) -> Clock {
    store.clock_for(actor)
}

/// The store's generation: it changes with every write.
pub fn generation(store: &Store) -> u64 {
    store.generation()
}

/// The generation of the store `view` reads.
pub fn view_generation(view: &Scoped) -> u64 {
    view.generation()
}

/// The newest audit entries that `filter` keeps, at most `limit`, and
/// whether there are more (administrators).
pub fn audit(view: &Scoped, filter: &AuditFilter, limit: usize) -> Result<(Vec<AuditEntry>, bool), StoreError> {
    view.audit(filter, limit)
}
