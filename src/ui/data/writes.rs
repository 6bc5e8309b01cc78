//! The interface's writes to the store: one function for each thing the
//! interface changes, as the user who works (`actor`). Each returns what
//! the store said; the caller tells the user.

use chrono::NaiveDate;

use super::{Actor, ApprovalSubject, AttachLimits, NewDocument, PurgePlan, PurgeTarget, Store, StoreError};
use crate::model::{
    Attendance, Client, ClientId, Document, DocumentId, Event, GuidanceSession, Held, PartId, Record, RecordKind,
    RecordRef, Recurrence, Stakeholder, When,
};
use crate::ui::form::Target;

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
pub fn update_target(store: &Store, actor: &Actor, target: Target) -> Result<(), StoreError> {
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

/// Cancels meeting `number` of the event `event`, as `actor`.
pub fn cancel_meeting(store: &Store, actor: &Actor, event: u64, number: u32) -> Result<(), StoreError> {
    store.write(actor, |b| b.cancel_meeting(event, number)).map(|_| ())
}

/// Moves meeting `number` of the event `event` to `day`; it keeps its time
/// of day.
pub fn move_meeting(store: &Store, actor: &Actor, event: u64, number: u32, day: NaiveDate) -> Result<(), StoreError> {
    store
        .write(actor, |b| {
            let e: Event = b.fetch(event)?;
            let when = match e.meetings.iter().find(|m| m.number == number).map(|m| m.when) {
                Some(When::DateTime(dt)) => When::DateTime(day.and_time(dt.time())),
                _ => When::Date(day),
            };
            b.move_meeting(event, number, when)
        })
        .map(|_| ())
}

/// Ends the series of the event `event` before meeting `number`, which
/// starts a new series by `rule`; the new event.
pub fn split_series(
    store: &Store,
    actor: &Actor,
    event: u64,
    number: u32,
    rule: Recurrence,
) -> Result<Event, StoreError> {
    store.write(actor, |b| b.split_series(event, number, rule)).map(|(_, new)| new)
}

/// Marks the participant `part` as attending meeting `number` of `event`.
pub fn mark_attended(store: &Store, actor: &Actor, event: u64, number: u32, part: PartId) -> Result<(), StoreError> {
    store.write(actor, |b| b.mark_attendance(event, number, part, Attendance::Attended)).map(|_| ())
}

/// Adds a guest named `name` to meeting `number` of `event`.
pub fn add_guest(store: &Store, actor: &Actor, event: u64, number: u32, name: &str) -> Result<(), StoreError> {
    store.write(actor, |b| b.add_guest(event, number, name)).map(|_| ())
}

/// Closes meeting `number` of `event`; how many were marked absent.
pub fn close_meeting(store: &Store, actor: &Actor, event: u64, number: u32) -> Result<usize, StoreError> {
    store.write(actor, |b| b.close_meeting(event, number)).map(|(_, absent)| absent)
}

/// Writes a changed client, as `actor`.
pub fn update_client(store: &Store, actor: &Actor, c: Client) -> Result<(), StoreError> {
    store.update(actor, c).map(|_| ())
}

/// Flags the client `client` with `message`.
pub fn flag(store: &Store, actor: &Actor, client: u64, message: &str) -> Result<(), StoreError> {
    store.write(actor, |b| b.flag(client, message))
}

/// Takes flag `index` off the client `client`, for `reason`.
pub fn unflag(store: &Store, actor: &Actor, client: u64, index: usize, reason: &str) -> Result<(), StoreError> {
    store.write(actor, |b| b.unflag(client, index, reason))
}

/// Asks for approval of what `subject` makes of the client `client` (as
/// it is when written), with `comment`; the request's number.
pub fn request_approval(
    store: &Store,
    actor: &Actor,
    client: u64,
    comment: &str,
    subject: impl FnOnce(&Client) -> Result<ApprovalSubject, StoreError>,
) -> Result<u64, StoreError> {
    store.write(actor, |b| {
        let c: Client = b.fetch(client)?;
        let subject = subject(&c)?;
        b.request_approval(client, subject, comment)
    })
}

/// Approves (or rejects) request `id` about the client `client`, with `comment`.
pub fn decide(
    store: &Store,
    actor: &Actor,
    client: u64,
    id: u64,
    approve: bool,
    comment: &str,
) -> Result<(), StoreError> {
    store.write(actor, |b| b.decide(client, id, approve, comment))
}

/// Gives the clients `ids` the officer `officer`; how many changed.
pub fn bulk_officer(store: &Store, actor: &Actor, ids: &[u64], officer: &str) -> Result<usize, StoreError> {
    store.write(actor, |b| b.bulk_officer(ids, officer))
}

/// Flags the clients `ids` with `message`; how many.
pub fn bulk_flag(store: &Store, actor: &Actor, ids: &[u64], message: &str) -> Result<usize, StoreError> {
    store.write(actor, |b| b.bulk_flag(ids, message))
}

/// Adds the clients `ids` to the event `event`; how many.
pub fn bulk_add_to_event(store: &Store, actor: &Actor, ids: &[u64], event: u64) -> Result<usize, StoreError> {
    store.write(actor, |b| b.bulk_add_to_event(ids, event))
}

/// Purges `target` for `reason` (administrators).
pub fn purge(store: &Store, actor: &Actor, target: PurgeTarget, reason: &str) -> Result<(), StoreError> {
    store.purge(actor, target, reason).map(|_| ())
}

/// Saves the record of a form, as `actor`: created when `new`, else
/// updated; a new group session (`group`: the session and the group's
/// other clients) is written to every client of the group at once. The
/// record saved, its title, and, for a client updated, what it holds back
/// for a supervisor.
pub fn save_target(
    store: &Store,
    actor: &Actor,
    target: Target,
    new: bool,
    group: Option<(GuidanceSession, Vec<ClientId>)>,
) -> Result<(RecordRef, String, Option<Held>), StoreError> {
    match target {
        Target::Client(c) if let Some((session, others)) = group => store
            .write(actor, |b| {
                let me = c.meta.id;
                let saved = b.update(*c)?;
                for id in &others {
                    let mut o: Client = b.fetch(id.0)?;
                    let mut s = session.clone();
                    s.group = std::iter::once(ClientId(me)).chain(others.iter().copied().filter(|x| x != id)).collect();
                    o.sessions.push(s);
                    b.update(o)?;
                }
                Ok(saved)
            })
            .map(|r| (r.record_ref(), r.title().to_string(), Some(r.held))),
        Target::Client(c) if new => store.create(actor, *c).map(|r| (r.record_ref(), r.title().to_string(), None)),
        Target::Client(c) => store.update(actor, *c).map(|r| (r.record_ref(), r.title().to_string(), Some(r.held))),
        Target::Stakeholder(s) if new => store.create(actor, *s).map(|r| (r.record_ref(), r.title().to_string(), None)),
        Target::Stakeholder(s) => store.update(actor, *s).map(|r| (r.record_ref(), r.title().to_string(), None)),
        Target::Event(e) if new => store.create(actor, *e).map(|r| (r.record_ref(), r.title().to_string(), None)),
        Target::Event(e) => store.update(actor, *e).map(|r| (r.record_ref(), r.title().to_string(), None)),
        Target::Referral(f) if new => store.create(actor, *f).map(|r| (r.record_ref(), r.title().to_string(), None)),
        Target::Referral(f) => store.update(actor, *f).map(|r| (r.record_ref(), r.title().to_string(), None)),
    }
}

/// Adds a document to a case file from `content`, as `actor`; the document.
pub fn attach(
    store: &Store,
    actor: &Actor,
    new: NewDocument,
    content: &mut dyn std::io::Read,
    limits: AttachLimits<'_>,
) -> Result<Document, StoreError> {
    store.attach(actor, new, content, limits)
}

/// Takes the document `id` out of its case file (it is kept), for `reason`.
pub fn remove_document(store: &Store, actor: &Actor, id: DocumentId, reason: &str) -> Result<(), StoreError> {
    store.remove_document(actor, id, reason).map(|_| ())
}

/// Erases the document `id`, for `reason` (administrators).
pub fn purge_document(store: &Store, actor: &Actor, id: DocumentId, reason: &str) -> Result<(), StoreError> {
    store.purge_document(actor, id, reason)
}

/// What purging `target` would take with it, asked before the purge.
pub fn purge_plan(store: &Store, actor: &Actor, target: PurgeTarget) -> Result<PurgePlan, StoreError> {
    store.purge_plan(actor, target, None)
}
