//! Who may see and change what, enforced here in the store so no user
//! interface can forget it.
//!
//! | role | reads | writes |
//! |---|---|---|
//! | admin | everything | everything |
//! | officer | everything | clients, stakeholders, events, referrals (not users) |
//! | partner | its own stakeholder; the clients of its current referrals (proposed, accepted or active, or ended less than the grace period ago) who consented to sharing or are shared on a recorded legal basis, with the fields its role may not read withheld; the referrals to it; the events it takes part in | its referrals' status, dates and outcome; the participants it sees of its events |
//! | viewer | everything, with the sensitive fields withheld | nothing |
//!
//! What each role sees of each field is set in the field tables
//! ([`crate::schema`]); for clients: NIK, address, offence, sentence,
//! assessments, notes and Litmas reports (which quote them) are withheld
//! from partners and viewers. A withheld field is emptied in the record
//! handed out and named in [`Scoped::withheld`], so an interface shows it
//! as withheld, never as empty. A partner sees, of a list of
//! sub-records, the items naming only records it sees; a save through any
//! partial view keeps what the view does not hold ([`Scoped::complete`]).

use std::collections::HashSet;

use super::rules::Op;
use super::{Indexed, Result, Store, StoreError};
use crate::model::{Client, ClientId, Event, RecordKind, RecordRef, Referral, Role, StakeholderId};
use crate::store::Actor;

/// The client field whose readers read why a flag was taken off (see [`Scoped::flags`]).
const FLAG_REASONS_AS: &str = "notes";

/// Fields of a referral a partner may change.
const PARTNER_REFERRAL_FIELDS: &[&str] = &["status", "history", "start", "end", "outcome"];

/// What is tied to a stakeholder: open referrals (of which placements),
/// agreements in force, and the partner's users who log in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ties {
    /// Referrals proposed, accepted or active.
    pub referrals: usize,
    /// Of those, placements.
    pub placements: usize,
    /// Agreements not expired.
    pub agreements: usize,
    /// Enabled partner users of the stakeholder.
    pub users: usize,
}

impl Ties {
    /// Whether nothing is tied to it.
    pub fn is_empty(&self) -> bool {
        self.referrals == 0 && self.agreements == 0 && self.users == 0
    }
}

/// A read-only view of the store as one actor may see it.
#[derive(Debug, Clone)]
pub struct Scoped {
    pub(super) store: Store,
    actor: Actor,
    /// For partners: the clients they may see (referred to them, consenting).
    visible_clients: Option<HashSet<u64>>,
}

impl Store {
    /// The store as `actor` may see it.
    pub fn scoped(&self, actor: &Actor) -> Result<Scoped> {
        let visible_clients = if actor.role == Role::Partner {
            let mut set = HashSet::new();
            // an archived partner sees no client: it no longer works with the office
            if let Some(own) = actor.stakeholder
                && self.get::<crate::model::Stakeholder>(own.0)?.is_some_and(|s| !s.meta.archived)
            {
                let today = self.clock_for(actor).today();
                let grace = self.partner_grace_days();
                // access ends with the referral, and with the consent it rests on
                for r in self.referrals_to(own)?.into_iter().filter(|r| r.shares(today, grace)) {
                    if let Some(c) = self.get::<Client>(r.client.0)?
                        && r.ground(&c.consent) != crate::model::Ground::None
                    {
                        set.insert(c.meta.id);
                    }
                }
            }
            Some(set)
        } else {
            None
        };
        Ok(Scoped { store: self.clone(), actor: actor.clone(), visible_clients })
    }
}

/// The key of a role's view whose derived data may be kept (see
/// [`Scoped::view_key`]): all but a partner's, which depends on the day
/// and the office's settings.
pub fn kept_view_key(role: Role) -> Option<&'static str> {
    match role {
        Role::Admin | Role::Officer => Some("full"),
        Role::Viewer => Some("viewer"),
        Role::Partner => None,
    }
}

impl Scoped {
    /// A view in which `actor` sees no client (used when the view itself
    /// cannot be computed, so that an error never widens what is shown).
    pub fn nothing(store: &Store, actor: &Actor) -> Scoped {
        let visible_clients = (!actor.role.reads_everything()).then(HashSet::new);
        let mut actor = actor.clone();
        if actor.role != Role::Admin && actor.role != Role::Officer {
            actor.role = Role::Partner;
            actor.stakeholder = None;
        }
        Scoped { store: store.clone(), actor, visible_clients }
    }

    /// The actor this view is for.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Which view this is: users with the same key see the same records
    /// and values (so sessions may share rows and a search index). A
    /// partner's view also changes with the day (a referral's grace ends).
    pub fn view_key(&self) -> String {
        match kept_view_key(self.actor.role) {
            Some(key) => key.into(),
            None => format!(
                "partner:{}:{}",
                self.actor.stakeholder.map_or(0, |s| s.0),
                self.store.clock_for(&self.actor).today()
            ),
        }
    }

    /// Whether what this view shows depends only on the records and the
    /// role (not on the day or the office's settings, as a partner's does):
    /// then what is derived from it may be kept ([`Scoped::derived`]).
    fn keeps_derived(&self) -> bool {
        kept_view_key(self.actor.role).is_some()
    }

    /// What [`super::derived::read_early`] read as this view's derived
    /// data `name`, if it is what [`Scoped::derived_read`] would read now:
    /// another view's is never handed out.
    pub fn adopt_early<T>(&self, name: &str, early: super::derived::Early<T>) -> super::derived::Derived<T> {
        if !self.keeps_derived() || early.name() != format!("{name}@{}", self.view_key()) {
            return super::derived::Derived::Absent;
        }
        self.store.adopt_early(early)
    }

    /// The derived data `name` of this view (its own: another view's is
    /// never handed out), whatever its state; nothing for a view that
    /// keeps none.
    pub fn derived(&self, name: &str) -> Result<super::derived::Derived> {
        if !self.keeps_derived() {
            return Ok(super::derived::Derived::Absent);
        }
        self.store.derived(&format!("{name}@{}", self.view_key()))
    }

    /// [`Scoped::derived`], read as it streams ([`Store::derived_read`]).
    pub fn derived_read<T>(
        &self,
        name: &str,
        read: impl FnOnce(&mut dyn std::io::Read, u64) -> T,
    ) -> Result<super::derived::Derived<T>> {
        if !self.keeps_derived() {
            return Ok(super::derived::Derived::Absent);
        }
        self.store.derived_read(&format!("{name}@{}", self.view_key()), read)
    }

    /// Keeps what `write` writes as this view's derived data `name`,
    /// derived at write `stamp` ([`Scoped::writes`]), as it is written
    /// ([`Store::put_derived_with`]); false when it was not kept (a write
    /// came since, or the view keeps none).
    pub fn put_derived_with(
        &self,
        name: &str,
        stamp: u64,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<bool> {
        if !self.keeps_derived() {
            return Ok(false);
        }
        self.store.put_derived_with(&format!("{name}@{}", self.view_key()), stamp, write)
    }

    /// The store's count of audited writes (see [`Store::writes`]).
    pub fn writes(&self) -> u64 {
        self.store.writes()
    }

    /// Length of the audit log: a mark for [`Scoped::records_changed_since`].
    pub fn audit_len(&self) -> u64 {
        self.store.audit_len()
    }

    /// The records written since the audit log had `mark` entries, read
    /// from the log (every write names the records it changed, in its own
    /// transaction); only their references, never the entries. `None` when
    /// more than `max` entries follow the mark, or one names no record, a
    /// deletion, a purge or a migration: then a reader must read everything
    /// afresh.
    pub fn records_changed_since(&self, mark: u64, max: u64) -> Option<Vec<RecordRef>> {
        use super::AuditAction as A;
        let n = self.store.audit_len().checked_sub(mark).filter(|n| *n <= max)?;
        let mut out = Vec::new();
        for entry in self.store.audit_log().rev().take(usize::try_from(n).ok()?) {
            let entry = entry.ok()?;
            if entry.seq <= mark {
                break;
            }
            match (entry.action, entry.record) {
                (A::Login | A::LoginFailed | A::Export, _) => {}
                (A::Delete | A::Purge | A::Migrate, _) | (_, None) => return None,
                (_, Some(r)) => out.push(r),
            }
        }
        out.sort_unstable_by_key(|r| (r.kind as u8, r.id));
        out.dedup();
        Some(out)
    }

    /// The underlying store's identity (see [`Store::instance`]).
    pub fn instance(&self) -> usize {
        self.store.instance()
    }

    /// What ties clients and the office to a stakeholder, for the question
    /// asked before it is archived.
    pub fn stakeholder_ties(&self, id: StakeholderId) -> Result<Ties> {
        let today = self.store.clock_for(&self.actor).today();
        let s: crate::model::Stakeholder = self.fetch(id.0)?;
        let open: Vec<Referral> =
            self.referrals_to(id)?.into_iter().filter(|r| !r.meta.archived && !r.status.is_final()).collect();
        Ok(Ties {
            referrals: open.len(),
            placements: open.iter().filter(|r| r.kind == crate::model::ReferralKind::Placement).count(),
            agreements: s.agreements.iter().filter(|a| a.expires.is_none_or(|e| e >= today)).count(),
            users: {
                let users: Vec<crate::model::User> = self.store.scan().collect::<Result<_>>()?;
                users.iter().filter(|u| u.stakeholder == Some(id) && !u.disabled).count()
            },
        })
    }

    /// The office's calendar (everyone sees which days it is closed).
    pub fn calendar(&self) -> Result<crate::model::Calendar> {
        self.store.calendar()
    }

    /// The underlying store's generation (changes with every write).
    pub fn generation(&self) -> u64 {
        self.store.generation()
    }

    /// The database directory.
    pub fn path(&self) -> &std::path::Path {
        self.store.path()
    }

    /// The paths of the fields withheld from this actor for a kind of record.
    pub fn withheld(&self, kind: RecordKind) -> Vec<&'static str> {
        crate::schema::withheld_names(kind, self.actor.role)
    }

    fn own(&self) -> Option<StakeholderId> {
        self.actor.stakeholder
    }

    fn may_see(&self, r: RecordRef, rec_refs: &dyn Fn() -> Vec<RecordRef>) -> bool {
        let Some(visible) = &self.visible_clients else { return true };
        match r.kind {
            RecordKind::Client => visible.contains(&r.id),
            RecordKind::Stakeholder => self.own().is_some_and(|s| s.0 == r.id),
            // a referral to the partner, of a client it may see
            RecordKind::Referral => {
                let own = self.own().map(|s| s.to_ref());
                let refs = rec_refs();
                refs.iter().any(|x| Some(*x) == own)
                    && refs.iter().filter(|x| x.kind == RecordKind::Client).all(|c| visible.contains(&c.id))
            }
            RecordKind::Event => {
                let own = self.own().map(|s| s.to_ref());
                rec_refs().iter().any(|x| Some(*x) == own)
            }
            RecordKind::User => false,
        }
    }

    fn prepare<R: Indexed>(&self, mut rec: R) -> Option<R> {
        let refs = || rec.references();
        if !self.may_see(rec.record_ref(), &refs) {
            return None;
        }
        rec.redact(self.actor.role);
        if self.visible_clients.is_some() {
            rec.retain_parts(&|p| self.holds_part(p));
            // a series' attendance and roles of the participants left out go with them
            if let Some(e) = (&mut rec as &mut dyn std::any::Any).downcast_mut::<Event>() {
                let held: Vec<crate::model::PartId> = e.participants.iter().map(|p| p.id).collect();
                for m in &mut e.meetings {
                    m.attendance.retain(|(id, _)| held.contains(id));
                }
                e.roles.retain(|(id, _)| held.contains(id));
            }
        }
        if R::KIND == RecordKind::User && !self.actor.may(Op::ReadUsers) {
            return None;
        }
        Some(rec)
    }

    /// Whether this view shows record `r` at all.
    pub(super) fn holds_record<R: Indexed>(&self, r: &R) -> bool {
        self.may_see(r.record_ref(), &|| r.references())
    }

    /// Whether this view holds a record it is pointed at (a sub-record
    /// naming one it does not hold is not held either).
    fn holds_ref(&self, r: RecordRef) -> bool {
        let Some(visible) = &self.visible_clients else { return true };
        match r.kind {
            RecordKind::Client => visible.contains(&r.id),
            RecordKind::Stakeholder => self.own().is_some_and(|s| s.0 == r.id),
            _ => false,
        }
    }

    /// Whether this view holds a sub-record: a partner sees, among an
    /// event's participants, its own people, the office's officers and the
    /// clients it may see; not other partners' clients and staff.
    pub(super) fn holds_part(&self, p: &dyn crate::model::Part) -> bool {
        p.references().into_iter().all(|r| self.holds_ref(r))
    }

    /// A record saved through this view, completed from the stored `old`:
    /// the fields the role may not read keep their stored values, and so
    /// does every sub-record the view does not hold, so that a save never
    /// changes what its author could not see. Refused when the save adds
    /// a sub-record the view could not hold (one naming a record it does
    /// not see: that would also tell whether the record exists).
    pub(super) fn complete<R: Indexed>(&self, old: &R, mut new: R) -> Result<R> {
        if self.actor.role.reads_everything() {
            return Ok(new);
        }
        new.keep_unread(old, self.actor.role);
        if self.visible_clients.is_some() && !new.keep_hidden_parts(old, &|p| !self.holds_part(p)) {
            return Err(StoreError::Forbidden {
                actor: self.actor.name.clone(),
                role: self.actor.role,
                record: old.record_ref(),
            });
        }
        if self.visible_clients.is_some()
            && let (Some(e), Some(before)) = (
                (&mut new as &mut dyn std::any::Any).downcast_mut::<Event>(),
                (old as &dyn std::any::Any).downcast_ref::<Event>(),
            )
        {
            self.keep_hidden_attendance(e, before);
        }
        Ok(new)
    }

    /// A series saved through a partial view: the meetings stay as stored
    /// (days, and the attendance and roles of the participants the view
    /// does not hold); only the attendance of those it holds, and a
    /// meeting's status, take the saved values.
    fn keep_hidden_attendance(&self, e: &mut Event, old: &Event) {
        let held = |id: &crate::model::PartId| e.participants.iter().any(|p| p.id == *id && self.holds_part(p));
        let mut meetings = old.meetings.clone();
        for m in &mut meetings {
            let saved = e.meetings.iter().find(|n| n.number == m.number);
            if let Some(saved) = saved {
                m.status = saved.status;
                m.attendance.retain(|(id, _)| !held(id));
                m.attendance.extend(saved.attendance.iter().filter(|(id, _)| held(id)).copied());
            }
        }
        let mut roles: Vec<_> = old.roles.iter().filter(|(id, _)| !held(id)).copied().collect();
        roles.extend(e.roles.iter().filter(|(id, _)| held(id)).copied());
        e.meetings = meetings;
        e.roles = roles;
    }

    /// One record, if it exists and the actor may see it.
    pub fn get<R: Indexed>(&self, id: u64) -> Result<Option<R>> {
        Ok(self.store.get::<R>(id)?.and_then(|r| self.prepare(r)))
    }

    /// One record, or "does not exist" (also when the actor may not see it).
    pub fn fetch<R: Indexed>(&self, id: u64) -> Result<R> {
        self.get(id)?.ok_or(StoreError::NotFound(RecordRef::new(R::KIND, id)))
    }

    /// Every record of a kind the actor may see; undecodable ones yield errors.
    pub fn scan<R: Indexed>(&self) -> impl Iterator<Item = Result<R>> + '_ {
        self.store.scan::<R>().filter_map(move |r| match r {
            Ok(rec) => self.prepare(rec).map(Ok),
            Err(e) => Some(Err(e)),
        })
    }

    /// The summaries of the records of a kind the actor may see, in id
    /// order, with what it may not see emptied (as [`Scoped::scan`] does
    /// to records). A partner sees few records and events that list only
    /// some participants: its summaries are made from the records it may
    /// see, so they are exactly theirs.
    pub fn summaries<S: super::summary::Summary>(&self) -> Box<dyn Iterator<Item = Result<S>> + '_> {
        let Some(visible) = &self.visible_clients else {
            let role = self.actor.role;
            return Box::new(self.store.scan_summaries::<S>().map(move |r| {
                r.map(|mut s| {
                    s.redact(role);
                    s
                })
            }));
        };
        if S::KIND == RecordKind::Client {
            let mut ids: Vec<u64> = visible.iter().copied().collect();
            ids.sort_unstable();
            return Box::new(
                ids.into_iter()
                    .filter_map(move |id| self.get::<S::Record>(id).transpose())
                    .map(|r| r.map(|c| S::of(&c))),
            );
        }
        Box::new(self.scan::<S::Record>().map(|r| r.map(|rec| S::of(&rec))))
    }

    /// How many records of a kind the store holds (not scoped: a count reveals nothing per record).
    pub fn count(&self, kind: RecordKind) -> u64 {
        match (&self.visible_clients, kind) {
            (Some(v), RecordKind::Client) => v.len() as u64,
            _ => self.store.count(kind),
        }
    }

    /// Whether the actor may see a client at all.
    fn sees_client(&self, id: u64) -> bool {
        self.visible_clients.as_ref().is_none_or(|v| v.contains(&id))
    }

    /// Clients with a flag in force that the actor may see (flags are
    /// safety warnings: every role that sees the client sees them).
    pub fn flagged_clients(&self) -> Result<Vec<u64>> {
        Ok(self.store.flagged_clients()?.into_iter().filter(|id| self.sees_client(*id)).collect())
    }

    /// Every flag of a client the actor may see. A flag's message is a
    /// safety warning, read by every role that sees the client; why one
    /// was taken off is the office's own words about the client, as its
    /// notes are: read by the roles the client table lets read the notes,
    /// emptied and marked withheld for the others.
    pub fn flags(&self, client: u64) -> Result<Vec<super::flags::Flag>> {
        if !self.sees_client(client) {
            return Err(StoreError::NotFound(RecordRef::new(RecordKind::Client, client)));
        }
        let mut flags = self.store.flags(client)?;
        if !crate::schema::sees(RecordKind::Client, self.actor.role, FLAG_REASONS_AS) {
            for c in flags.iter_mut().filter_map(|f| f.cleared.as_mut()) {
                c.reason.clear();
                c.withheld = true;
            }
        }
        Ok(flags)
    }

    /// Whether the actor reads approval requests: they name categories
    /// and Litmas reports and quote officers' comments, the office's own
    /// work, so partners and viewers do not.
    fn reads_approvals(&self) -> bool {
        self.actor.role.reads_everything()
    }

    /// Requests waiting for a decision on clients the actor may see.
    pub fn pending_approvals(&self) -> Result<Vec<super::approvals::Approval>> {
        if !self.reads_approvals() {
            return Ok(Vec::new());
        }
        Ok(self.store.pending_approvals()?.into_iter().filter(|a| self.sees_client(a.client)).collect())
    }

    /// A client's approval requests, if the actor may see the client (none
    /// for a role that does not read requests).
    pub fn approvals(&self, client: u64) -> Result<Vec<super::approvals::Approval>> {
        if !self.sees_client(client) {
            return Err(StoreError::NotFound(RecordRef::new(RecordKind::Client, client)));
        }
        if !self.reads_approvals() {
            return Ok(Vec::new());
        }
        self.store.approvals(client)
    }

    /// Who opened a client's case file, newest first (admins only).
    pub fn views(&self, client: u64, limit: usize) -> Result<Vec<super::flags::View>> {
        if !self.actor.may(Op::ReadAudit) {
            return Err(StoreError::Forbidden {
                actor: self.actor.name.clone(),
                role: self.actor.role,
                record: RecordRef::new(RecordKind::Client, client),
            });
        }
        self.store.views(client, limit)
    }

    /// A record's history as this user may see it: only records they may
    /// see, and for clients the sensitive fields' values withheld (marked so)
    /// from roles that may not read them.
    pub fn history(&self, r: RecordRef) -> Result<Vec<super::history::Change>> {
        let visible = match r.kind {
            RecordKind::Client => self.get::<crate::model::Client>(r.id)?.is_some(),
            RecordKind::Stakeholder => self.get::<crate::model::Stakeholder>(r.id)?.is_some(),
            RecordKind::Event => self.get::<crate::model::Event>(r.id)?.is_some(),
            RecordKind::Referral => self.get::<crate::model::Referral>(r.id)?.is_some(),
            RecordKind::User => self.actor.may(Op::ReadUsers),
        };
        if !visible {
            return Err(StoreError::NotFound(r));
        }
        let mut changes = self.store.history(r)?;
        let mut hide = self.withheld(r.kind);
        // a list the actor sees only part of: its values would tell the rest
        if self.visible_clients.is_some() && r.kind == RecordKind::Event {
            hide.push("participants");
        }
        for c in &mut changes {
            for f in &mut c.fields {
                if crate::schema::is_withheld(&hide, &f.field) {
                    f.before.clear();
                    f.after.clear();
                    f.withheld = true;
                }
            }
        }
        Ok(changes)
    }

    /// The newest audit entries passing `filter`, at most `limit`, newest
    /// first; admins only (the log names every user's work). The second
    /// value says whether more entries passed than were returned.
    pub fn audit(&self, filter: &super::AuditFilter, limit: usize) -> Result<(Vec<super::AuditEntry>, bool)> {
        if !self.actor.may(Op::ReadAudit) {
            return Err(StoreError::Forbidden {
                actor: self.actor.name.clone(),
                role: self.actor.role,
                record: RecordRef::new(RecordKind::User, 0),
            });
        }
        let mut out = Vec::new();
        for entry in self.store.audit_log().rev() {
            // a damaged entry is reported by `check`, not here
            let Ok(e) = entry else { continue };
            if filter.past(&e) {
                break;
            }
            if filter.matches(&e) {
                if out.len() == limit {
                    return Ok((out, true));
                }
                out.push(e);
            }
        }
        Ok((out, false))
    }

    /// Referrals of a client the actor may see.
    pub fn referrals_of_client(&self, client: ClientId) -> Result<Vec<Referral>> {
        Ok(self.store.referrals_of_client(client)?.into_iter().filter_map(|r| self.prepare(r)).collect())
    }

    /// Referrals to a stakeholder the actor may see.
    pub fn referrals_to(&self, stakeholder: StakeholderId) -> Result<Vec<Referral>> {
        Ok(self.store.referrals_to(stakeholder)?.into_iter().filter_map(|r| self.prepare(r)).collect())
    }

    /// Events of a client the actor may see.
    pub fn events_of_client(&self, client: ClientId) -> Result<Vec<Event>> {
        Ok(self.store.events_of_client(client)?.into_iter().filter_map(|e| self.prepare(e)).collect())
    }

    /// Events of a stakeholder the actor may see.
    pub fn events_of_stakeholder(&self, stakeholder: StakeholderId) -> Result<Vec<Event>> {
        Ok(self.store.events_of_stakeholder(stakeholder)?.into_iter().filter_map(|e| self.prepare(e)).collect())
    }
}

/// Refuses a write the actor's role does not allow.
pub(super) fn check_write<R: Indexed>(actor: &Actor, old: Option<&R>, new: Option<&R>) -> Result<()> {
    let kind = R::KIND;
    let target = old.or(new).map_or(RecordRef::new(kind, 0), |r| r.record_ref());
    let forbidden = || Err(StoreError::Forbidden { actor: actor.name.clone(), role: actor.role, record: target });
    let op = match (old, new) {
        (None, _) => Op::Create(kind),
        (Some(old), Some(new)) if old.meta().archived == new.meta().archived => Op::Edit(kind),
        // archived, restored or deleted
        (Some(_), _) => Op::Archive(kind),
    };
    if !actor.may(op) {
        return forbidden();
    }
    if actor.role != Role::Partner {
        return Ok(());
    }
    let (Some(old), Some(new)) = (old, new) else { return forbidden() };
    let own = actor.stakeholder.map(|s| s.to_ref());
    if !old.references().iter().any(|r| Some(*r) == own) {
        return forbidden();
    }
    let allowed: &[&str] = match kind {
        RecordKind::Referral => PARTNER_REFERRAL_FIELDS,
        RecordKind::Event => &["participants", "meetings", "roles"],
        _ => &[],
    };
    if super::changed_fields(old, new).iter().all(|f| allowed.contains(&f.as_str())) { Ok(()) } else { forbidden() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, EventKind, Participant, ReferralStatus, Stakeholder, StakeholderKind, When, Who};

    fn d() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2023, 10, 1).unwrap()
    }

    struct Fx {
        _dir: tempfile::TempDir,
        store: Store,
        laz: StakeholderId,
        consenting: ClientId,
        refusing: ClientId,
        other: ClientId,
        referral: u64,
        event: u64,
    }

    fn fixture() -> Fx {
        let (dir, store) = crate::store::temp_store();
        let a = Actor::new("officer", Role::Officer);
        let laz = store.create(&a, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap().id();
        let baz = store.create(&a, Stakeholder::new("BAZNAS Jatim", StakeholderKind::Zakat)).unwrap().id();
        let mut c = Client::new("Joko Susilo");
        c.consent.given = true;
        c.nik = Some("3507161208850001".into());
        c.birth_date = chrono::NaiveDate::from_ymd_opt(1985, 8, 12);
        c.offence = "Pasal 15".into();
        let consenting = store.create(&a, c).unwrap().id();
        let mut siti = Client::new("Siti Aminah");
        siti.consent.given = true;
        let refusing = store.create(&a, siti).unwrap().id();
        let mut o = Client::new("Budi Santoso");
        o.consent.given = true;
        let other = store.create(&a, o).unwrap().id();
        let referral = store.create(&a, Referral::new(consenting, laz, "modal usaha", d())).unwrap().meta.id;
        store.create(&a, Referral::new(refusing, laz, "modal usaha", d())).unwrap();
        // Siti withdrew her consent after she was referred
        let mut siti: Client = store.fetch(refusing.0).unwrap();
        siti.consent = crate::model::Consent { given: false, date: Some(d()) };
        store.update(&a, siti).unwrap();
        store.create(&a, Referral::new(other, baz, "modal usaha", d())).unwrap();
        let mut e = Event::new("Pertemuan", EventKind::Meeting, When::Date(d()));
        e.organisers.push(laz);
        e.participants.push(crate::model::Participant::new(crate::model::Who::Client {
            client: consenting,
            attendance: Attendance::Invited,
        }));
        e.participants.push(crate::model::Participant::new(crate::model::Who::Client {
            client: other,
            attendance: Attendance::Invited,
        }));
        let event = store.create(&a, e).unwrap().meta.id;
        store.create(&a, Event::new("Lain", EventKind::Meeting, When::Date(d()))).unwrap();
        Fx { _dir: dir, store, laz, consenting, refusing, other, referral, event }
    }

    fn partner(fx: &Fx) -> Actor {
        let mut p = Actor::new("laz", Role::Partner);
        p.stakeholder = Some(fx.laz);
        p
    }

    #[test]
    fn a_partner_sees_only_its_referred_consenting_clients_without_sensitive_fields() {
        let fx = fixture();
        let view = fx.store.scoped(&partner(&fx)).unwrap();
        let clients: Vec<Client> = view.scan::<Client>().map(Result::unwrap).collect();
        assert_eq!(clients.iter().map(|c| c.id()).collect::<Vec<_>>(), vec![fx.consenting]);
        assert_eq!(clients[0].nik, None);
        assert_eq!(clients[0].offence, "");
        let withheld = view.withheld(RecordKind::Client);
        for name in ["nik", "address", "offence", "sentence", "assessments", "notes", "litmas"] {
            assert!(crate::schema::is_withheld(&withheld, name), "{name}: {withheld:?}");
        }
        assert!(view.get::<Client>(fx.refusing.0).unwrap().is_none(), "no consent, not visible");
        assert!(view.get::<Client>(fx.other.0).unwrap().is_none(), "referred elsewhere, not visible");
        assert_eq!(view.count(RecordKind::Client), 1);
        let stakeholders: Vec<Stakeholder> = view.scan::<Stakeholder>().map(Result::unwrap).collect();
        assert_eq!(stakeholders.len(), 1, "only its own stakeholder");
        let referrals: Vec<Referral> = view.scan::<Referral>().map(Result::unwrap).collect();
        assert_eq!(referrals.len(), 1, "the referrals to it, of the clients it sees (not the refusing one's)");
        let events: Vec<Event> = view.scan::<Event>().map(Result::unwrap).collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].client_participants().count(), 1, "other partners' clients are left out");
        assert!(matches!(view.fetch::<Client>(fx.other.0), Err(StoreError::NotFound(_))));
    }

    /// A partner's access ends with its referral (after the grace period)
    /// and with the client's consent; a referral on a recorded legal basis
    /// shares the client without consent.
    #[test]
    fn a_partners_access_ends_with_its_referral_and_with_consent() {
        let fx = fixture();
        let admin = Actor::new("admin", Role::Admin);
        let sees = |fx: &Fx| fx.store.scoped(&partner(fx)).unwrap().get::<Client>(fx.consenting.0).unwrap().is_some();
        assert!(sees(&fx));
        // completed: gone the next day, or after the office's grace period
        let mut r: Referral = fx.store.fetch(fx.referral).unwrap();
        r.move_to(ReferralStatus::Accepted, d(), "").unwrap();
        r.move_to(ReferralStatus::Active, d(), "").unwrap();
        let today = fx.store.clock().today();
        r.move_to(ReferralStatus::Completed, today - chrono::Duration::days(3), "").unwrap();
        fx.store.update(&admin, r).unwrap();
        assert!(!sees(&fx), "ended three days ago, no grace");
        fx.store.set_partner_grace_days(7);
        assert!(sees(&fx), "within a grace period of a week");
        fx.store.set_partner_grace_days(2);
        assert!(!sees(&fx));
        // a new referral shares again; withdrawing consent ends it
        let again = Referral::new(fx.consenting, fx.laz, "pelatihan", d());
        fx.store.create(&admin, again).unwrap();
        assert!(sees(&fx));
        let mut c: Client = fx.store.fetch(fx.consenting.0).unwrap();
        c.consent.given = false;
        fx.store.update(&admin, c).unwrap();
        assert!(!sees(&fx), "consent withdrawn");
        // a legal basis recorded on the referral shares the client without consent
        let mut r =
            fx.store.referrals_of_client(fx.consenting).unwrap().into_iter().find(|r| !r.status.is_final()).unwrap();
        r.legal_basis = Some("Putusan PN Malang No. 12/Pid.Sus/2024".into());
        fx.store.update(&admin, r).unwrap();
        assert!(sees(&fx));
        let view = fx.store.scoped(&partner(&fx)).unwrap();
        let shown = view.referrals_of_client(fx.consenting).unwrap();
        assert!(shown.iter().any(|r| r.legal_basis.as_deref() == Some("Putusan PN Malang No. 12/Pid.Sus/2024")));
        // an archived referral shares nothing
        for r in fx.store.referrals_to(fx.laz).unwrap() {
            fx.store.write(&admin, |b| b.set_archived::<Referral>(r.meta.id, true, None)).unwrap();
        }
        assert!(!sees(&fx));
    }

    /// A warning is for everyone who sees the client; why it was taken off
    /// is read by the roles that read the client's notes (the client
    /// table's rule), withheld (emptied, marked) from partners and viewers.
    #[test]
    fn why_a_warning_was_taken_off_is_read_where_the_notes_are() {
        let fx = fixture();
        let siti = Actor::new("siti", Role::Officer);
        let id = fx.consenting.0;
        fx.store.write(&siti, |b| b.flag(id, "Jangan berkunjung sendirian")).unwrap();
        fx.store.write(&siti, |b| b.unflag(id, 0, "pindah ke rumah istri di Batu")).unwrap();
        fx.store.write(&siti, |b| b.flag(id, "Sedang sakit")).unwrap();
        for who in [siti.clone(), Actor::new("admin", Role::Admin), partner(&fx), Actor::new("v", Role::Viewer)] {
            let flags = fx.store.scoped(&who).unwrap().flags(id).unwrap();
            let messages: Vec<&str> = flags.iter().map(|f| f.message.as_str()).collect();
            assert_eq!(messages, ["Jangan berkunjung sendirian", "Sedang sakit"], "{:?}", who.role);
            let off = flags[0].cleared.as_ref().unwrap();
            assert_eq!(off.by, "siti");
            let reads = crate::schema::sees(RecordKind::Client, who.role, "notes");
            assert_eq!(reads, who.role.reads_everything(), "{:?}", who.role);
            if reads {
                assert_eq!((off.reason.as_str(), off.withheld), ("pindah ke rumah istri di Batu", false));
            } else {
                assert_eq!((off.reason.as_str(), off.withheld), ("", true), "{:?}", who.role);
            }
        }
    }

    /// Approval requests (categories, Litmas, officers' comments) are the
    /// office's: partners and viewers see none; and the history of an
    /// event's participants, of which a partner sees a part, is withheld
    /// from it (the values would count the others).
    #[test]
    fn requests_and_partial_histories_are_not_shown_outside_the_office() {
        let fx = fixture();
        let siti = Actor::new("siti", Role::Officer);
        let c: Client = fx.store.fetch(fx.consenting.0).unwrap();
        let mut closing = c.clone();
        closing.status = crate::model::ClientStatus::Completed;
        // the save asks for the closure itself
        fx.store.update(&siti, closing).unwrap();
        assert_eq!(fx.store.scoped(&siti).unwrap().approvals(c.meta.id).unwrap().len(), 1);
        for who in [partner(&fx), Actor::new("v", Role::Viewer)] {
            let view = fx.store.scoped(&who).unwrap();
            assert!(view.approvals(c.meta.id).unwrap().is_empty(), "{:?}", who.role);
            assert!(view.pending_approvals().unwrap().is_empty(), "{:?}", who.role);
        }
        // a participant added to the event: the partner's history says so, withheld
        let mut e: Event = fx.store.fetch(fx.event).unwrap();
        e.participants.push(Participant::new(Who::Officer { name: "Rina".into() }));
        fx.store.update(&siti, e).unwrap();
        let h = fx.store.scoped(&partner(&fx)).unwrap().history(RecordRef::new(RecordKind::Event, fx.event)).unwrap();
        let f = h[0].fields.iter().find(|f| f.field == "participants").unwrap();
        assert!(f.withheld && f.before.is_empty() && f.after.is_empty(), "{f:?}");
        let h = fx.store.scoped(&siti).unwrap().history(RecordRef::new(RecordKind::Event, fx.event)).unwrap();
        assert!(!h[0].fields[0].withheld);
    }

    #[test]
    fn a_viewer_reads_all_but_sensitive_and_writes_nothing() {
        let fx = fixture();
        let viewer = Actor::new("v", Role::Viewer);
        let view = fx.store.scoped(&viewer).unwrap();
        let c: Client = view.fetch(fx.consenting.0).unwrap();
        assert_eq!((c.nik, c.offence.as_str()), (None, ""));
        assert_eq!(view.scan::<Client>().count(), 3);
        let mut c: Client = fx.store.fetch(fx.consenting.0).unwrap();
        c.phone = "081234567890".into();
        assert!(matches!(fx.store.update(&viewer, c), Err(StoreError::Forbidden { .. })));
        assert!(matches!(fx.store.create(&viewer, Client::new("Baru")), Err(StoreError::Forbidden { .. })));
        // officers see everything
        let officer = fx.store.scoped(&Actor::new("o", Role::Officer)).unwrap();
        assert_eq!(officer.fetch::<Client>(fx.consenting.0).unwrap().offence, "Pasal 15");
        assert!(officer.withheld(RecordKind::Client).is_empty());
    }

    /// A partner's save writes only what its view holds: the participants
    /// of an event it does not see, and the fields of a referral it may not
    /// read, keep their stored values.
    #[test]
    fn a_partners_save_keeps_what_it_cannot_see() {
        let fx = fixture();
        let siti = Actor::new("siti", Role::Officer);
        let p = partner(&fx);
        let baz = StakeholderId(2);
        let mut e: Event = fx.store.fetch(fx.event).unwrap();
        for name in ["Ahmad", "Bagus", "Citra", "Dedi", "Eko", "Fajar", "Gita", "Hadi", "Indra", "Jaya", "Kurnia"] {
            let mut c = Client::new(name);
            c.consent.given = true;
            let id = fx.store.create(&siti, c).unwrap().id();
            fx.store.create(&siti, Referral::new(id, baz, "modal usaha", d())).unwrap();
            e.participants.push(Participant::new(Who::Client { client: id, attendance: Attendance::Attended }));
        }
        e.participants.push(Participant::new(Who::Stakeholder { stakeholder: baz, representative: "Ahmad".into() }));
        e.participants.push(Participant::new(Who::Officer { name: "Rina".into() }));
        let stored = fx.store.update(&siti, e).unwrap();
        assert_eq!(stored.participants.len(), 15);
        // the partner sees its client and the officer; it marks its client
        // present and adds its representative
        let mut seen: Event = fx.store.scoped(&p).unwrap().fetch(fx.event).unwrap();
        assert_eq!(seen.participants.len(), 2, "{:?}", seen.participants);
        for part in &mut seen.participants {
            if let Who::Client { attendance, .. } = &mut part.who {
                *attendance = Attendance::Attended;
            }
        }
        seen.participants
            .push(Participant::new(Who::Stakeholder { stakeholder: fx.laz, representative: "Rina".into() }));
        let saved = fx.store.update(&p, seen).unwrap();
        let full: Event = fx.store.fetch(fx.event).unwrap();
        assert_eq!(saved, full);
        assert_eq!(full.participants.len(), 16, "nothing lost, one added");
        for old in stored.participants.iter().filter(|o| !matches!(o.who, Who::Officer { .. })) {
            if matches!(old.who, Who::Client { client, .. } if client == fx.consenting) {
                continue;
            }
            assert!(full.participants.contains(old), "kept as it was: {old:?}");
        }
        assert!(
            full.participants
                .iter()
                .any(|x| x.who == Who::Client { client: fx.consenting, attendance: Attendance::Attended })
        );
        // removing its client removes that one only
        let mut seen: Event = fx.store.scoped(&p).unwrap().fetch(fx.event).unwrap();
        seen.participants.retain(|x| !matches!(x.who, Who::Client { .. }));
        assert_eq!(fx.store.update(&p, seen).unwrap().participants.len(), 15);
        // an item claiming a hidden one's id is a new item; the hidden one stays
        let hidden = full
            .participants
            .iter()
            .find(|x| matches!(x.who, Who::Client { client, .. } if client == fx.other))
            .unwrap()
            .clone();
        let mut seen: Event = fx.store.scoped(&p).unwrap().fetch(fx.event).unwrap();
        let mut claim = Participant::new(Who::Officer { name: "Dewi".into() });
        claim.id = hidden.id;
        seen.participants.push(claim);
        let after = fx.store.update(&p, seen).unwrap();
        assert!(after.participants.contains(&hidden));
        assert_eq!(after.participants.len(), 16);
        // a participant it could not see cannot be added: neither another
        // partner's client nor a client that does not exist (same refusal)
        for client in [fx.other, ClientId(999)] {
            let mut seen: Event = fx.store.scoped(&p).unwrap().fetch(fx.event).unwrap();
            seen.participants.push(Participant::new(Who::Client { client, attendance: Attendance::Invited }));
            assert!(matches!(fx.store.update(&p, seen), Err(StoreError::Forbidden { .. })), "{client:?}");
        }
        // a referral's notes are withheld from the partner: accepting it keeps them
        let mut r: Referral = fx.store.fetch(fx.referral).unwrap();
        r.notes = "alamat baru di Batu".into();
        fx.store.update(&siti, r).unwrap();
        let mut seen: Referral = fx.store.scoped(&p).unwrap().fetch(fx.referral).unwrap();
        assert_eq!(seen.notes, "");
        seen.move_to(ReferralStatus::Accepted, d(), "siap").unwrap();
        fx.store.update(&p, seen).unwrap();
        let r: Referral = fx.store.fetch(fx.referral).unwrap();
        assert_eq!((r.status, r.notes.as_str()), (ReferralStatus::Accepted, "alamat baru di Batu"));
        // nor may a partner revert a change (its values are the whole record's)
        let seq = fx.store.history(RecordRef::new(RecordKind::Referral, fx.referral)).unwrap()[0].seq;
        let revert = fx.store.write(&p, |b| b.revert::<Referral>(fx.referral, seq));
        assert!(matches!(revert, Err(StoreError::Forbidden { .. })), "{revert:?}");
    }

    #[test]
    fn a_partner_may_move_its_referrals_and_nothing_else() {
        let fx = fixture();
        let p = partner(&fx);
        let mut r: Referral = fx.store.fetch(fx.referral).unwrap();
        r.move_to(ReferralStatus::Accepted, d(), "siap").unwrap();
        r.outcome = "diterima".into();
        fx.store.update(&p, r.clone()).unwrap();
        let mut r: Referral = fx.store.fetch(fx.referral).unwrap();
        r.service = "lain".into();
        assert!(matches!(fx.store.update(&p, r), Err(StoreError::Forbidden { .. })), "the service is the officer's");
        let other: Referral = fx.store.fetch(3).unwrap();
        let mut moved = other.clone();
        moved.outcome = "x".into();
        assert!(matches!(fx.store.update(&p, moved), Err(StoreError::Forbidden { .. })), "another partner's referral");
        let mut c: Client = fx.store.fetch(fx.consenting.0).unwrap();
        c.phone = "081234567890".into();
        assert!(matches!(fx.store.update(&p, c), Err(StoreError::Forbidden { .. })));
        assert!(matches!(fx.store.archive::<Referral>(&p, fx.referral, None), Err(StoreError::Forbidden { .. })));
        let mut e: Event = fx.store.fetch(fx.event).unwrap();
        e.participants.push(Participant::new(Who::Stakeholder { stakeholder: fx.laz, representative: "Rina".into() }));
        let mut e = fx.store.update(&p, e).unwrap();
        e.title = "Ganti".into();
        assert!(matches!(fx.store.update(&p, e), Err(StoreError::Forbidden { .. })));
        // officers cannot manage users
        let u = crate::model::User::new("baru", Role::Viewer);
        assert!(matches!(fx.store.create(&Actor::new("o", Role::Officer), u), Err(StoreError::Forbidden { .. })));
    }
}
