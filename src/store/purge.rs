//! Purging: an administrator erases a record, or one sub-record of a
//! record, for good, giving a reason. Archiving hides a record and
//! deleting is refused while anything points at it; a purge is for data
//! that must not be kept at all (a retention period that ran out, a case
//! file opened on the wrong person, a court order).
//!
//! What goes, in one transaction:
//!
//! - the record (or the sub-record, taken out of its record), its index
//!   entries and summary;
//! - its history (tree `changes`); for a sub-record, the values of its list
//!   in the record's history (history keeps a list's values whole, not item
//!   by item, so an earlier version of the item cannot be told apart);
//! - what hangs off a client: its flags, approval requests (for an
//!   assessment or a Litmas report, those about it), the log of who
//!   opened the case file; a user's preferences (search history, saved
//!   filters); every merge record holding a copy of it (the merge can no
//!   longer be undone);
//! - the notes of earlier audit entries about it (a flag's message, an
//!   export's file name, an approval's comment could quote it) and of any
//!   entry whose note names it.
//!
//! What points at it is handled as a user expects of "erase this person":
//!
//! - a client's referrals are part of its case file: they are purged with
//!   it (each audited as a purge);
//! - events it took part in, and group sessions of other clients naming
//!   it, stay (they are other people's records): it is taken out of them,
//!   as an audited change of each; an event's history loses its
//!   participants' values (a line may name a partner's representative);
//!   a group session keeps, in its history, the bare id of a client that
//!   no longer exists, which identifies no one;
//! - a stakeholder is taken out of the events it organised or attended,
//!   but its purge is refused while referrals point at it (they belong to
//!   clients' case files) or partner users belong to it, naming them.
//!
//! The audit log keeps the fact: who purged, when, which record (kind and
//! id) or sub-record, and the reason; never the data. A reason that names
//! the record (its name, aliases, NIK, register number) is refused for
//! that reason. Only administrators purge.

use std::collections::BTreeSet;

use super::{
    APPROVALS, AUDIT, AuditAction, AuditEntry, Batch, CHANGES, FLAGS, INDEX, Indexed, MERGES, PREFS, Result, SUMMARIES,
    Store, StoreError, VIEWS, codec, history, keys, kind_slot, summary,
};
use crate::model::{
    Client, Event, HasParts, Part, PartId, ProblemKind, Record, RecordKind, RecordRef, Referral, Stakeholder, User, Who,
};
use crate::store::Actor;

/// Longest reason.
pub const MAX_REASON: usize = 200;

/// What a purge erases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PurgeTarget {
    /// A whole record.
    Record(RecordRef),
    /// One sub-record of a record, by its stable id.
    Part(RecordRef, PartId),
}

impl PurgeTarget {
    /// The record purged, or holding the sub-record purged.
    pub fn record(self) -> RecordRef {
        match self {
            PurgeTarget::Record(r) | PurgeTarget::Part(r, _) => r,
        }
    }
}

/// What a purge does besides erasing its target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgePlan {
    /// Records erased with it (a client's referrals).
    pub erased: Vec<RecordRef>,
    /// Records it is taken out of (events, other clients' group sessions).
    pub detached: Vec<RecordRef>,
}

/// Why a purge cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgeProblem {
    /// No reason was given.
    NoReason,
    /// The reason is not a usable line (too long, control characters).
    Reason(ProblemKind),
    /// The reason names the record: the audit log would keep the name.
    NamesRecord,
    /// The record has no sub-record with this id.
    NoSuchPart(PartId),
    /// These records point at it and hold data of their own.
    Blocked(Vec<RecordRef>),
}

/// The lists of sub-records: the record kind, the list's number (as
/// [`HasParts::part_ids`] numbers it) and its field path.
pub const LISTS: [(RecordKind, u8, &str); 8] = [
    (RecordKind::Client, 1, "assessments"),
    (RecordKind::Client, 2, "sessions"),
    (RecordKind::Client, 3, "litmas"),
    (RecordKind::Client, 4, "reporting_register"),
    (RecordKind::Stakeholder, 1, "contacts"),
    (RecordKind::Stakeholder, 2, "agreements"),
    (RecordKind::Event, 1, "participants"),
    (RecordKind::Event, 2, "follow_ups"),
];

/// The field path of list `n` of a kind.
pub fn list_path(kind: RecordKind, n: u8) -> Option<&'static str> {
    LISTS.iter().find(|(k, m, _)| *k == kind && *m == n).map(|(_, _, p)| *p)
}

/// Text as compared for names: lower case, words separated by one space
/// (`-`, `_` and `.` separate words too, as in file names).
fn words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '.' | ','))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` names one of `names` (names shorter than three letters
/// are too common to tell).
fn names_any(text: &str, names: &[String]) -> bool {
    let text = words(text);
    names.iter().map(|n| words(n)).any(|n| n.chars().count() >= 3 && text.contains(&n))
}

impl Store {
    /// What purging `target` would do, or why it cannot be done (with
    /// `reason` when it is known already): for the question asked before a
    /// purge. Nothing is written.
    pub fn purge_plan(&self, actor: &Actor, target: PurgeTarget, reason: Option<&str>) -> Result<PurgePlan> {
        self.write(actor, |b| {
            b.may_purge(target.record())?;
            let plan = b.plan_purge(target)?;
            if let Some(reason) = reason {
                b.purge_reason(target, reason)?;
            }
            Ok(plan)
        })
    }

    /// Purges `target` for good, for `reason` (see the module documentation).
    pub fn purge(&self, actor: &Actor, target: PurgeTarget, reason: &str) -> Result<PurgePlan> {
        let plan = self.write(actor, |b| b.purge(target, reason))?;
        // derived data may hold what was purged: it is derived again
        self.drop_derived()?;
        Ok(plan)
    }
}

impl Batch<'_> {
    /// Erases `target` for good, audited with `reason`; what else it
    /// erased and what it was taken out of.
    pub fn purge(&mut self, target: PurgeTarget, reason: &str) -> Result<PurgePlan> {
        let r = target.record();
        self.may_purge(r)?;
        let plan = self.plan_purge(target)?;
        let reason = self.purge_reason(target, reason)?;
        match target {
            PurgeTarget::Record(r) => {
                let mut gone = BTreeSet::from([r]);
                let mut names = self.names_of(r)?;
                for e in &plan.erased {
                    names.extend(self.names_of(*e)?);
                    self.erase(*e, &format!("{reason} ({r})"))?;
                    gone.insert(*e);
                }
                for d in &plan.detached {
                    self.detach(*d, r)?;
                }
                self.erase(r, &reason)?;
                self.blank_notes(|e| e.record.is_some_and(|x| gone.contains(&x)) || names_any(&e.note, &names))?;
            }
            PurgeTarget::Part(r, id) => self.erase_part(r, id, &reason)?,
        }
        Ok(plan)
    }

    fn may_purge(&self, r: RecordRef) -> Result<()> {
        match self.actor().role {
            _ if self.actor().may(super::rules::Op::Purge) => Ok(()),
            role => Err(StoreError::Forbidden { actor: self.actor().name.clone(), role, record: r }),
        }
    }

    /// What purging `target` does, or why it is refused.
    fn plan_purge(&self, target: PurgeTarget) -> Result<PurgePlan> {
        let r = match target {
            PurgeTarget::Part(r, id) => {
                self.list_of(r, id)?;
                return Ok(PurgePlan::default());
            }
            PurgeTarget::Record(r) => r,
        };
        // the record must exist
        self.names_of(r)?;
        let by = self.referrers(r)?;
        let mut plan = PurgePlan::default();
        let mut blocked = Vec::new();
        for x in by {
            match (r.kind, x.kind) {
                (RecordKind::Client, RecordKind::Referral) => plan.erased.push(x),
                (RecordKind::Client | RecordKind::Stakeholder, RecordKind::Event) => plan.detached.push(x),
                _ => blocked.push(x),
            }
        }
        if r.kind == RecordKind::Client {
            // group sessions of other clients are not indexed: read them all
            for c in self.store.scan::<Client>() {
                let c = c?;
                if c.meta.id != r.id && c.sessions.iter().any(|s| s.group.iter().any(|g| g.0 == r.id)) {
                    plan.detached.push(c.record_ref());
                }
            }
        }
        if !blocked.is_empty() {
            return Err(StoreError::Purge { record: r, why: PurgeProblem::Blocked(blocked) });
        }
        plan.detached.sort();
        plan.detached.dedup();
        Ok(plan)
    }

    /// The reason, trimmed, or why it cannot be kept.
    fn purge_reason(&self, target: PurgeTarget, reason: &str) -> Result<String> {
        let record = target.record();
        let refuse = |why| Err(StoreError::Purge { record, why });
        let reason = reason.trim();
        if reason.is_empty() {
            return refuse(PurgeProblem::NoReason);
        }
        if let Some(kind) = crate::model::validate::check_line(reason, MAX_REASON) {
            return refuse(PurgeProblem::Reason(kind));
        }
        let names = match target {
            PurgeTarget::Record(r) => self.names_of(r)?,
            PurgeTarget::Part(r, id) => self.part_names(r, id)?,
        };
        if names_any(reason, &names) {
            return refuse(PurgeProblem::NamesRecord);
        }
        Ok(reason.to_string())
    }

    /// The names a record is known by (none for a referral); an error if
    /// it does not exist.
    fn names_of(&self, r: RecordRef) -> Result<Vec<String>> {
        Ok(match r.kind {
            RecordKind::Client => {
                let c: Client = self.fetch(r.id)?;
                let mut n = vec![c.full_name, c.register_no];
                n.extend(c.aliases);
                n.extend(c.nik);
                n
            }
            RecordKind::Stakeholder => {
                let s: Stakeholder = self.fetch(r.id)?;
                vec![s.name, s.short_name]
            }
            RecordKind::Event => vec![self.fetch::<Event>(r.id)?.title],
            RecordKind::Referral => {
                self.fetch::<Referral>(r.id)?;
                Vec::new()
            }
            RecordKind::User => {
                let u: User = self.fetch(r.id)?;
                vec![u.name, u.full_name]
            }
        })
    }

    /// The names a sub-record holds (a contact's, a participant's).
    fn part_names(&self, r: RecordRef, id: PartId) -> Result<Vec<String>> {
        Ok(match r.kind {
            RecordKind::Stakeholder => {
                let s: Stakeholder = self.fetch(r.id)?;
                s.contacts.into_iter().filter(|c| c.id == id).flat_map(|c| [c.name, c.email, c.phone]).collect()
            }
            RecordKind::Event => {
                let e: Event = self.fetch(r.id)?;
                e.participants
                    .into_iter()
                    .filter(|p| p.id == id)
                    .filter_map(|p| match p.who {
                        Who::Officer { name } => Some(name),
                        Who::Stakeholder { representative, .. } => Some(representative),
                        Who::Client { .. } => None,
                    })
                    .collect()
            }
            _ => Vec::new(),
        })
    }

    /// The number and path of the list holding sub-record `id` of `r`.
    fn list_of(&self, r: RecordRef, id: PartId) -> Result<(u8, &'static str)> {
        let lists = match r.kind {
            RecordKind::Client => self.fetch::<Client>(r.id)?.part_ids(),
            RecordKind::Stakeholder => self.fetch::<Stakeholder>(r.id)?.part_ids(),
            RecordKind::Event => self.fetch::<Event>(r.id)?.part_ids(),
            RecordKind::Referral => self.fetch::<Referral>(r.id)?.part_ids(),
            RecordKind::User => self.fetch::<User>(r.id)?.part_ids(),
        };
        lists
            .into_iter()
            .find(|(_, ids)| !id.is_new() && ids.contains(&id))
            .and_then(|(n, _)| list_path(r.kind, n).map(|p| (n, p)))
            .ok_or(StoreError::Purge { record: r, why: PurgeProblem::NoSuchPart(id) })
    }

    /// Erases one record and everything kept about it, audited as a purge
    /// with `note`.
    fn erase(&mut self, r: RecordRef, note: &str) -> Result<()> {
        match r.kind {
            RecordKind::Client => {
                self.erase_record::<Client>(r.id)?;
                self.put(FLAGS, keys::id_key(r.id).to_vec(), None);
                self.remove_prefix(APPROVALS, &keys::id_key(r.id))?;
                self.remove_prefix(VIEWS, &keys::id_key(r.id))?;
            }
            RecordKind::Stakeholder => self.erase_record::<Stakeholder>(r.id)?,
            RecordKind::Event => self.erase_record::<Event>(r.id)?,
            RecordKind::Referral => self.erase_record::<Referral>(r.id)?,
            RecordKind::User => {
                let u: User = self.fetch(r.id)?;
                self.erase_record::<User>(r.id)?;
                let mut prefix = Vec::new();
                keys::put_text(&mut prefix, &u.name);
                self.remove_prefix(PREFS, &prefix)?;
            }
        }
        self.remove_prefix(CHANGES, &history::prefix(r))?;
        self.erase_documents_of(r)?;
        self.drop_merges(r)?;
        self.audit(AuditAction::Purge, Some(r), Vec::new(), note.to_string());
        Ok(())
    }

    /// Removes a record, its summary and index entries (what `delete`
    /// does, without its refusal: the caller dealt with what points at it).
    fn erase_record<R: Indexed>(&mut self, id: u64) -> Result<()> {
        let old: R = self.fetch(id)?;
        self.put(kind_slot(R::KIND), keys::id_key(id).to_vec(), None);
        if old.summary_value().is_some() {
            self.put(SUMMARIES, summary::key(R::KIND, id), None);
        }
        for k in old.index_keys() {
            self.put(INDEX, k, None);
        }
        let slot = kind_slot(R::KIND);
        self.counters.count[slot] = self.counters.count[slot].saturating_sub(1);
        self.last = Some(old.record_ref());
        Ok(())
    }

    /// Takes the purged record `gone` out of record `r` (an event's
    /// participants and organisers, a client's group sessions), as an
    /// audited change of `r`.
    fn detach(&mut self, r: RecordRef, gone: RecordRef) -> Result<()> {
        let note = format!("purge of {gone}");
        match r.kind {
            RecordKind::Event => {
                let mut e: Event = self.fetch(r.id)?;
                e.participants.retain(|p| !p.references().contains(&gone));
                e.organisers.retain(|s| s.to_ref() != gone);
                self.update_noted(e, note)?;
                // a participant's line may name a person (a partner's representative)
                self.drop_list_history(r, "participants")?;
            }
            RecordKind::Client => {
                let mut c: Client = self.fetch(r.id)?;
                for s in &mut c.sessions {
                    s.group.retain(|g| g.to_ref() != gone);
                }
                self.update_noted(c, note)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Erases sub-record `id` of `r`: out of the record (a new version),
    /// its list's values out of the record's history, approvals about it,
    /// merge records holding it; audited as a purge naming the list and id.
    fn erase_part(&mut self, r: RecordRef, id: PartId, reason: &str) -> Result<()> {
        let (n, path) = self.list_of(r, id)?;
        let names = self.part_names(r, id)?;
        match r.kind {
            RecordKind::Client => self.without_part::<Client>(r.id, id)?,
            RecordKind::Stakeholder => self.without_part::<Stakeholder>(r.id, id)?,
            RecordKind::Event => self.without_part::<Event>(r.id, id)?,
            _ => return Err(StoreError::Purge { record: r, why: PurgeProblem::NoSuchPart(id) }),
        }
        // every version of the item is among the list's values in the history
        self.drop_list_history(r, path)?;
        // requests about an assessment (list 1) or a Litmas report (list 3) quote it
        let mut requests = BTreeSet::new();
        if r.kind == RecordKind::Client && (n == 1 || n == 3) {
            use super::approvals::Subject;
            for item in self.store.inner.trees[APPROVALS].scan_prefix(keys::id_key(r.id)) {
                let (k, v) = item?;
                let Ok(a) = codec::decode::<super::approvals::Approval>(&v) else { continue };
                let about = match a.subject {
                    Subject::Category { assessment, .. } => n == 1 && assessment == id,
                    Subject::Litmas { litmas } => n == 3 && litmas == id,
                    Subject::Closure { .. } => false,
                };
                if about {
                    self.put(APPROVALS, k.to_vec(), None);
                    requests.insert(a.id);
                }
            }
        }
        self.drop_merges(r)?;
        self.blank_notes(|e| {
            let request = e.record == Some(r)
                && match e.action {
                    AuditAction::Request => requests.contains(&e.seq),
                    AuditAction::Decide => requests.iter().any(|n| e.note.starts_with(&format!("#{n} "))),
                    _ => false,
                };
            request || names_any(&e.note, &names)
        })?;
        self.audit(AuditAction::Purge, Some(r), vec![format!("{path}#{}", id.0)], reason.to_string());
        Ok(())
    }

    /// Takes the values of list `path` out of the history of `r` (stored,
    /// or written earlier in this batch); a change left with no field goes.
    fn drop_list_history(&mut self, r: RecordRef, path: &str) -> Result<()> {
        let prefix = history::prefix(r);
        let mut entries = Vec::new();
        for item in self.store.inner.trees[CHANGES].scan_prefix(&prefix).keys() {
            entries.push(item?.to_vec());
        }
        entries
            .extend(self.ops.keys().filter(|(t, k)| *t == CHANGES && k.starts_with(&prefix)).map(|(_, k)| k.clone()));
        entries.sort();
        entries.dedup();
        for k in entries {
            let Some(v) = self.read(CHANGES, &k)? else { continue };
            let Ok(mut change) = codec::decode::<history::Change>(&v) else { continue };
            let before = change.fields.len();
            change.fields.retain(|f| f.field != path);
            if change.fields.len() == before {
                continue;
            }
            let value = match change.fields.is_empty() {
                true => None,
                false => Some(codec::encode(&change).map_err(StoreError::Encode)?),
            };
            self.put(CHANGES, k, value);
        }
        Ok(())
    }

    /// Writes record `id` again without sub-record `part`, as a new version.
    fn without_part<R: Indexed>(&mut self, id: u64, part: PartId) -> Result<()> {
        let old: R = self.fetch(id)?;
        let mut rec = old.clone();
        rec.retain_parts(&|p| p.id() != part);
        self.check_valid(&rec)?;
        let m = rec.meta_mut();
        m.version += 1;
        m.updated_at = self.now;
        m.updated_by = self.actor.name.clone();
        self.put_record(&rec, &old.index_keys())
    }

    /// Removes every key of `tree` starting with `prefix`, stored or
    /// written earlier in this batch.
    pub(super) fn remove_prefix(&mut self, tree: usize, prefix: &[u8]) -> Result<()> {
        let mut found = Vec::new();
        for item in self.store.inner.trees[tree].scan_prefix(prefix).keys() {
            found.push(item?.to_vec());
        }
        found.extend(self.ops.keys().filter(|(t, k)| *t == tree && k.starts_with(prefix)).map(|(_, k)| k.clone()));
        for k in found {
            self.put(tree, k, None);
        }
        Ok(())
    }

    /// Drops every merge record that holds a copy of `r` (or names the
    /// client as kept or merged): the merge can no longer be undone.
    fn drop_merges(&mut self, r: RecordRef) -> Result<()> {
        let id_of = |kind: RecordKind, bytes: &[u8]| -> Option<u64> {
            match kind {
                RecordKind::Client => super::decode_record::<Client>(bytes, b"merge").ok().map(|c| c.meta.id),
                RecordKind::Referral => super::decode_record::<Referral>(bytes, b"merge").ok().map(|c| c.meta.id),
                RecordKind::Event => super::decode_record::<Event>(bytes, b"merge").ok().map(|c| c.meta.id),
                _ => None,
            }
        };
        let mut drop = Vec::new();
        for item in self.store.inner.trees[MERGES].iter() {
            let (k, v) = item?;
            let Ok(m) = super::merge::decode_merge(&v, &k) else { continue };
            let holds = |list: &[(Vec<u8>, u64)]| list.iter().any(|(b, _)| id_of(r.kind, b) == Some(r.id));
            let held = match r.kind {
                RecordKind::Client => m.survivor == r.id || m.merged == r.id || holds(&m.clients),
                RecordKind::Referral => holds(&m.referrals),
                RecordKind::Event => holds(&m.events),
                _ => false,
            };
            if held {
                drop.push(k.to_vec());
            }
        }
        for k in drop {
            self.put(MERGES, k, None);
        }
        Ok(())
    }

    /// Empties the note of every stored audit entry `pick` accepts (the
    /// entry stays: who, when, what, which record and fields).
    fn blank_notes(&mut self, pick: impl Fn(&AuditEntry) -> bool) -> Result<()> {
        let mut blanked = Vec::new();
        for item in self.store.inner.trees[AUDIT].iter() {
            let (k, v) = item?;
            let Ok(mut e) = codec::decode::<AuditEntry>(&v) else { continue };
            if !e.note.is_empty() && pick(&e) {
                e.note.clear();
                blanked.push((k.to_vec(), codec::encode(&e).map_err(StoreError::Encode)?));
            }
        }
        for (k, v) in blanked {
            self.put(AUDIT, k, Some(v));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::model::{
        Assessment, Attendance, ClientId, Contact, EventKind, GuidanceMode, GuidanceSession, GuidanceStream,
        Participant, RiskCategory, SessionPlace, StakeholderId, StakeholderKind, When,
    };
    use crate::store::approvals::Subject;

    fn day(m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn admin() -> Actor {
        Actor::new("agus", Role::Admin)
    }

    fn officer() -> Actor {
        Actor::new("siti", Role::Officer)
    }

    fn session(date: chrono::NaiveDate, summary: &str) -> GuidanceSession {
        GuidanceSession {
            id: PartId::NEW,
            date,
            stream: GuidanceStream::Kepribadian,
            mode: GuidanceMode::Perorangan,
            place: SessionPlace::Office,
            officer: "Siti".into(),
            summary: summary.into(),
            next_step: String::new(),
            group: Vec::new(),
        }
    }

    /// Whether any key or value of any tree holds `needle`'s bytes.
    fn anywhere(s: &Store, needle: &str) -> Vec<&'static str> {
        let mut found = Vec::new();
        for (i, tree) in s.inner.trees.iter().enumerate() {
            for item in tree.iter() {
                let (k, v) = item.unwrap();
                let hit = |b: &[u8]| b.windows(needle.len()).any(|w| w == needle.as_bytes());
                if hit(&k) || hit(&v) {
                    found.push(super::super::TREE_NAMES[i]);
                }
            }
        }
        found.dedup();
        // and the files of derived data beside the trees
        for e in std::fs::read_dir(s.path()).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with("derived-")
                && std::fs::read(e.path()).unwrap().windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                found.push("derived");
            }
        }
        found
    }

    /// A client with everything that can hang off one: history, an
    /// assessment with an approval request, a flag, a view, an export
    /// naming it, a referral, an event, another client's group session.
    struct Fx {
        _dir: tempfile::TempDir,
        s: Store,
        client: Client,
        other: Client,
        referral: Referral,
        event: Event,
        partner: Stakeholder,
    }

    fn fixture() -> Fx {
        let (dir, s) = crate::store::temp_store();
        let siti = officer();
        let partner = s.create(&siti, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
        let mut c = Client::new("Ahmad Fauzi");
        c.aliases = vec!["Abu Fauzan".into()];
        c.nik = Some("3507121503900001".into());
        c.assessments.push(Assessment {
            id: PartId::NEW,
            date: day(3, 1),
            category: RiskCategory::Merah,
            rri: None,
            assessor: "Siti".into(),
            reason: "baru bebas".into(),
        });
        c.consent.given = true;
        let c = s.create(&siti, c).unwrap();
        let mut changed = c.clone();
        changed.officer = "Rina Wulandari".into();
        changed.notes = "tinggal bersama kakaknya".into();
        let c = s.update(&siti, changed).unwrap();
        s.write(&siti, |b| b.flag(c.meta.id, "Jangan berkunjung sendirian")).unwrap();
        let subject = Subject::Category { assessment: c.assessments[0].id, to: RiskCategory::Merah };
        s.write(&siti, |b| b.request_approval(c.meta.id, subject, "mohon")).unwrap();
        s.log_view("siti", c.meta.id, "tui:1").unwrap();
        s.write(&siti, |b| {
            b.audit(AuditAction::Export, Some(c.id().to_ref()), Vec::new(), "summary-K-000001-ahmad-fauzi.md".into());
            b.audit(AuditAction::Export, None, Vec::new(), "clients query \"Ahmad Fauzi\" to x.csv".into());
            Ok(())
        })
        .unwrap();
        let referral = s.create(&siti, Referral::new(c.id(), partner.id(), "modal usaha", day(3, 2))).unwrap();
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(day(3, 3)));
        e.participants.push(Participant::client(c.id(), Attendance::Attended));
        e.participants.push(Participant::officer("Siti"));
        let event = s.create(&siti, e).unwrap();
        let mut o = Client::new("Budi Santoso");
        let mut group = session(day(3, 4), "sesi kelompok");
        group.mode = GuidanceMode::Kelompok;
        group.group = vec![c.id()];
        o.sessions.push(group);
        let other = s.create(&siti, o).unwrap();
        assert!(s.check().unwrap().is_clean());
        Fx { _dir: dir, s, client: c, other, referral, event, partner }
    }

    #[test]
    fn only_an_admin_purges() {
        let fx = fixture();
        let target = PurgeTarget::Record(fx.client.record_ref());
        let mut partner = Actor::new("laz", Role::Partner);
        partner.stakeholder = Some(fx.partner.id());
        let before = fx.s.audit_len();
        for actor in [officer(), Actor { supervisor: true, ..officer() }, partner, Actor::new("vera", Role::Viewer)] {
            let err = fx.s.purge(&actor, target, "retensi habis").unwrap_err();
            assert!(matches!(err, StoreError::Forbidden { .. }), "{actor:?}: {err:?}");
            assert!(matches!(fx.s.purge_plan(&actor, target, None), Err(StoreError::Forbidden { .. })));
            let part = PurgeTarget::Part(fx.client.record_ref(), fx.client.assessments[0].id);
            assert!(matches!(fx.s.purge(&actor, part, "salah"), Err(StoreError::Forbidden { .. })));
        }
        assert_eq!(fx.s.fetch::<Client>(fx.client.meta.id).unwrap(), fx.client, "nothing erased");
        assert_eq!(fx.s.audit_len(), before, "nothing written");
    }

    #[test]
    fn a_purged_client_is_gone_from_every_tree_and_the_audit_keeps_only_the_fact() {
        let fx = fixture();
        let s = &fx.s;
        let k = fx.client.record_ref();
        // a kept search index holds the name until the purge
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        crate::search::SearchIndex::open_view(&s.scoped(&admin()).unwrap(), today, true).unwrap();
        assert!(anywhere(s, "Ahmad Fauzi").contains(&"derived"));
        let plan = s.purge_plan(&admin(), PurgeTarget::Record(k), None).unwrap();
        assert_eq!(plan.erased, vec![fx.referral.record_ref()], "its referral goes with it");
        assert_eq!(plan.detached, vec![fx.other.record_ref(), fx.event.record_ref()]);
        let done = s.purge(&admin(), PurgeTarget::Record(k), "masa retensi habis").unwrap();
        assert_eq!(done, plan);

        assert_eq!(s.get::<Client>(k.id).unwrap(), None);
        assert_eq!(s.get::<Referral>(fx.referral.meta.id).unwrap(), None);
        assert_eq!(s.count(RecordKind::Client), 1);
        assert_eq!(s.count(RecordKind::Referral), 0);
        assert!(s.history(k).unwrap().is_empty() && s.history(fx.referral.record_ref()).unwrap().is_empty());
        assert!(s.flags(k.id).unwrap().is_empty() && s.approvals(k.id).unwrap().is_empty());
        assert!(s.views(k.id, 10).unwrap().is_empty());
        assert!(s.referrals_of_client(fx.client.id()).unwrap().is_empty());
        assert!(s.events_of_client(fx.client.id()).unwrap().is_empty());
        assert!(s.clients_by(crate::store::IndexId::ClientNik, "3507121503900001").unwrap().is_empty());
        // taken out of what others hold, which stays
        let e: Event = s.fetch(fx.event.meta.id).unwrap();
        assert_eq!(e.participants.len(), 1, "the officer stays");
        assert_eq!(e.meta.version, fx.event.meta.version + 1);
        let o: Client = s.fetch(fx.other.meta.id).unwrap();
        assert!(o.sessions[0].group.is_empty() && o.sessions[0].summary == "sesi kelompok");
        let log: Vec<AuditEntry> = s.audit_log().map(|e| e.unwrap()).collect();
        assert!(log.iter().any(|e| e.action == AuditAction::Update
            && e.record == Some(fx.event.record_ref())
            && e.note == format!("purge of {k}")));
        let h = s.history(fx.event.record_ref()).unwrap();
        assert!(h.iter().all(|c| c.fields.iter().all(|f| f.field != "participants")), "{h:?}");
        // nothing it held is anywhere in the database
        for needle in
            ["Ahmad Fauzi", "ahmad-fauzi", "Abu Fauzan", "3507121503900001", "kakaknya", "berkunjung", "modal usaha"]
        {
            assert_eq!(anywhere(s, needle), Vec::<&str>::new(), "{needle}");
        }
        // the audit keeps who, when, what and the reason
        let log: Vec<AuditEntry> = s.audit_log().map(|e| e.unwrap()).collect();
        let purges: Vec<&AuditEntry> = log.iter().filter(|e| e.action == AuditAction::Purge).collect();
        assert_eq!(purges.len(), 2);
        assert_eq!(purges[1].record, Some(k));
        assert_eq!((purges[1].actor.as_str(), purges[1].note.as_str()), ("agus", "masa retensi habis"));
        assert_eq!(purges[0].record, Some(fx.referral.record_ref()));
        assert_eq!(purges[0].note, format!("masa retensi habis ({k})"));
        assert!(log.iter().any(|e| e.action == AuditAction::Create && e.record == Some(k)), "earlier facts stay");
        assert!(log.iter().any(|e| e.action == AuditAction::Flag && e.record == Some(k) && e.note.is_empty()));
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        // a session reads everything again after a purge
        let scoped = s.scoped(&admin()).unwrap();
        assert_eq!(scoped.records_changed_since(s.audit_len() - 1, 64), None);
    }

    #[test]
    fn the_reason_is_required_and_may_not_name_the_record() {
        let fx = fixture();
        let k = PurgeTarget::Record(fx.client.record_ref());
        let why = |reason: &str| match fx.s.purge(&admin(), k, reason) {
            Err(StoreError::Purge { why, .. }) => why,
            other => panic!("{other:?}"),
        };
        assert_eq!(why("  "), PurgeProblem::NoReason);
        assert_eq!(why("permintaan AHMAD  fauzi sendiri"), PurgeProblem::NamesRecord);
        assert_eq!(why("alias abu fauzan"), PurgeProblem::NamesRecord);
        assert_eq!(why("NIK 3507121503900001"), PurgeProblem::NamesRecord);
        assert!(matches!(why("a\u{1b}[2J"), PurgeProblem::Reason(ProblemKind::ControlCharacters)));
        assert!(matches!(why(&"x".repeat(MAX_REASON + 1)), PurgeProblem::Reason(ProblemKind::TooLong { .. })));
        let msg = fx.s.purge(&admin(), k, "Ahmad Fauzi").unwrap_err().message(crate::i18n::Lang::En);
        assert!(msg.contains("K-000001") && msg.contains("may not contain its name"), "{msg}");
        assert_eq!(fx.s.fetch::<Client>(fx.client.meta.id).unwrap(), fx.client, "nothing erased");
    }

    #[test]
    fn a_stakeholder_referrals_point_at_is_refused_naming_them_and_leaves_events_when_purged() {
        let fx = fixture();
        let s = &fx.s;
        let st = PurgeTarget::Record(fx.partner.record_ref());
        let err = s.purge(&admin(), st, "data uji").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{} cannot be purged: {} still point at it and hold data of their own (a referral is part of a client's case file, a partner user belongs to it). Purge or change those first.",
                fx.partner.record_ref(),
                fx.referral.record_ref()
            )
        );
        // without the referral, and an event it organised, it goes; the event stays
        s.purge(&admin(), PurgeTarget::Record(fx.referral.record_ref()), "salah input").unwrap();
        let mut e = s.fetch::<Event>(fx.event.meta.id).unwrap();
        e.organisers.push(fx.partner.id());
        e.participants.push(Participant::stakeholder(fx.partner.id(), "Pak Hadi"));
        s.update(&officer(), e).unwrap();
        let plan = s.purge(&admin(), st, "data uji").unwrap();
        assert_eq!(plan.detached, vec![fx.event.record_ref()]);
        let e: Event = s.fetch(fx.event.meta.id).unwrap();
        assert!(e.organisers.is_empty() && e.participants.len() == 2, "{e:?}");
        for needle in ["LAZISMU", "Pak Hadi"] {
            assert_eq!(anywhere(s, needle), Vec::<&str>::new(), "{needle}");
        }
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        // a partner user belonging to a stakeholder holds it too
        let other = s.create(&officer(), Stakeholder::new("BAZNAS Jatim", StakeholderKind::Zakat)).unwrap();
        let mut u = User::new("baz", Role::Partner);
        u.stakeholder = Some(other.id());
        let u = s.create(&admin(), u).unwrap();
        let err = s.purge(&admin(), PurgeTarget::Record(other.record_ref()), "data uji").unwrap_err();
        assert!(
            matches!(err, StoreError::Purge { why: PurgeProblem::Blocked(ref by), .. } if by == &vec![u.record_ref()])
        );
    }

    #[test]
    fn a_purged_sub_record_leaves_its_record_and_its_values_leave_the_history() {
        let fx = fixture();
        let s = &fx.s;
        let mut c = s.fetch::<Client>(fx.client.meta.id).unwrap();
        c.sessions.push(session(day(3, 5), "kunjungan rumah pertama"));
        c.sessions.push(session(day(3, 6), "sesi kedua di kantor"));
        let c = s.update(&officer(), c).unwrap();
        let mut edited = c.clone();
        edited.sessions[0].summary = "kunjungan rumah, diperbaiki".into();
        edited.phone = "081234567890".into();
        let c = s.update(&officer(), edited).unwrap();
        let gone = c.sessions[0].id;
        let r = c.record_ref();
        s.purge(&admin(), PurgeTarget::Part(r, gone), "dicatat pada klien yang salah").unwrap();
        let now: Client = s.fetch(r.id).unwrap();
        assert_eq!(now.sessions.len(), 1);
        assert_eq!(now.sessions[0].summary, "sesi kedua di kantor", "the other session stays, with its id");
        assert_eq!(now.sessions[0].id, c.sessions[1].id);
        assert_eq!(now.meta.version, c.meta.version + 1);
        for needle in ["kunjungan rumah", "diperbaiki"] {
            assert_eq!(anywhere(s, needle), Vec::<&str>::new(), "{needle}");
        }
        let h = s.history(r).unwrap();
        assert!(h.iter().all(|c| c.fields.iter().all(|f| f.field != "sessions")));
        assert!(h.iter().any(|c| c.fields.iter().any(|f| f.field == "phone")), "other fields' history stays");
        let last = s.audit_log().last().unwrap().unwrap();
        assert_eq!(
            (last.action, last.record, last.fields.clone(), last.note.as_str()),
            (AuditAction::Purge, Some(r), vec![format!("sessions#{}", gone.0)], "dicatat pada klien yang salah")
        );
        // an assessment takes its approval request with it
        let a = now.assessments[0].id;
        assert_eq!(s.approvals(r.id).unwrap().len(), 1);
        s.purge(&admin(), PurgeTarget::Part(r, a), "salah input").unwrap();
        assert!(s.approvals(r.id).unwrap().is_empty());
        assert!(s.fetch::<Client>(r.id).unwrap().assessments.is_empty());
        assert_eq!(anywhere(s, "baru bebas"), Vec::<&str>::new());
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        // a contact of a stakeholder; its name may not be the reason
        let mut st = s.fetch::<Stakeholder>(fx.partner.meta.id).unwrap();
        st.contacts.push(Contact {
            id: PartId::NEW,
            name: "Pak Hadi Santoso".into(),
            role: "ketua".into(),
            phone: String::new(),
            email: String::new(),
        });
        let st = s.update(&officer(), st).unwrap();
        let contact = PurgeTarget::Part(st.record_ref(), st.contacts[0].id);
        let err = s.purge(&admin(), contact, "Pak Hadi Santoso minta dihapus").unwrap_err();
        assert!(matches!(err, StoreError::Purge { why: PurgeProblem::NamesRecord, .. }), "{err:?}");
        s.purge(&admin(), contact, "permintaan yang bersangkutan").unwrap();
        assert_eq!(anywhere(s, "Hadi Santoso"), Vec::<&str>::new());
        // a sub-record that is not there
        let err = s.purge(&admin(), PurgeTarget::Part(r, PartId(999)), "salah").unwrap_err();
        assert!(err.to_string().contains("has no sub-record #999"), "{err}");
    }

    #[test]
    fn a_purge_is_all_or_nothing() {
        let fx = fixture();
        let s = &fx.s;
        let k = fx.client.record_ref();
        let before = s.audit_len();
        // fail at each key in turn: sled rolls back what was put before it
        for n in [0, 1, 5, 12] {
            s.inject_fault(Some(super::super::Fault::WriteAt(n)));
            assert!(s.purge(&admin(), PurgeTarget::Record(k), "retensi").is_err());
            assert_eq!(s.fetch::<Client>(k.id).unwrap(), fx.client);
            assert!(s.get::<Referral>(fx.referral.meta.id).unwrap().is_some());
            assert_eq!(s.audit_len(), before);
            assert!(!s.history(k).unwrap().is_empty());
            assert_eq!(s.fetch::<Event>(fx.event.meta.id).unwrap(), fx.event);
            assert!(s.check().unwrap().is_clean());
        }
        s.inject_fault(None);
    }

    #[test]
    fn a_merge_holding_a_purged_client_is_dropped() {
        let (_dir, s) = crate::store::temp_store();
        let a = s.create(&officer(), Client::new("Ahmad Fauzi")).unwrap();
        let b = s.create(&officer(), Client::new("Achmad Fauzi")).unwrap();
        s.write(&officer(), |bt| bt.merge_clients(a.meta.id, b.meta.id, &[])).unwrap();
        assert_eq!(s.merges_into(a.meta.id).unwrap().len(), 1);
        s.purge(&admin(), PurgeTarget::Record(b.record_ref()), "duplikat").unwrap();
        assert!(s.merges_into(a.meta.id).unwrap().is_empty());
        assert!(s.check().unwrap().is_clean());
    }

    #[test]
    fn a_purged_user_takes_its_preferences_with_it() {
        let (_dir, s) = crate::store::temp_store();
        let u = s.create(&admin(), User::new("rina", Role::Officer)).unwrap();
        s.set_pref("rina", "history", &vec!["kunjungan rumah".to_string()]).unwrap();
        s.set_pref("rinaldi", "history", &vec!["x".to_string()]).unwrap();
        s.purge(&admin(), PurgeTarget::Record(u.record_ref()), "pegawai pindah").unwrap();
        assert_eq!(s.user_by_name("rina").unwrap(), None);
        assert_eq!(s.pref::<Vec<String>>("rina", "history").unwrap(), None);
        assert!(s.pref::<Vec<String>>("rinaldi", "history").unwrap().is_some(), "only that user's");
        assert!(s.check().unwrap().is_clean());
    }

    #[test]
    fn the_lists_are_the_records_numbered_lists_and_table_fields() {
        use crate::schema::Table;
        let lists = |kind: RecordKind, numbers: Vec<u8>, has: &dyn Fn(&str) -> bool| {
            for n in numbers {
                let path = list_path(kind, n).unwrap_or_else(|| panic!("{kind:?} list {n}"));
                assert!(has(path), "{path}");
            }
        };
        let nums = |v: Vec<(u8, Vec<PartId>)>| v.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        lists(RecordKind::Client, nums(Client::new("x").part_ids()), &|p| Client::field(p).is_some());
        let st = Stakeholder::new("x", StakeholderKind::Zakat);
        lists(RecordKind::Stakeholder, nums(st.part_ids()), &|p| Stakeholder::field(p).is_some());
        let e = Event::new("x", EventKind::Meeting, When::Date(day(1, 1)));
        lists(RecordKind::Event, nums(e.part_ids()), &|p| Event::field(p).is_some());
        assert_eq!(LISTS.len(), 8);
        let _ = (ClientId(1), StakeholderId(1));
    }
}
