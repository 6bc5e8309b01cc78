//! Approvals: an officer asks a supervisor to approve a change of colour
//! category, a Litmas recommendation or a case closure; the supervisor (a
//! user with the supervisor flag, or an admin, never the one who asked)
//! approves or rejects with a comment. What was approved cannot change
//! without a new request: the store refuses such an update.
//!
//! Requests live in their own tree (client id, request id), written and
//! audited in the same transaction as everything else.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{APPROVALS, Actor, ApprovalProblem, AuditAction, Batch, Result, Store, StoreError, codec, keys};
use crate::model::{Assessment, Client, ClientStatus, Litmas, PartId, RecordKind, RecordRef, RiskCategory};

/// What is to be approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    /// The colour category set by one of the client's assessments.
    Category {
        /// The assessment (before schema 5: its position, see the migration).
        assessment: PartId,
        /// The category it sets.
        to: RiskCategory,
    },
    /// The recommendation of one of the client's Litmas reports.
    Litmas {
        /// The report (before schema 5: its position).
        litmas: PartId,
    },
    /// Closing the case with this (final) status.
    Closure {
        /// The status closing it.
        to: ClientStatus,
    },
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Waiting for a supervisor.
    Pending,
    /// Approved.
    Approved,
    /// Rejected.
    Rejected,
}

/// A supervisor's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Who decided.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub comment: String,
}

/// One approval request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// Its number (the audit sequence of the request).
    pub id: u64,
    /// The client.
    pub client: u64,
    /// What is to be approved.
    pub subject: Subject,
    /// Who asked.
    pub requested_by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What the officer said.
    pub comment: String,
    /// Where it stands.
    pub state: State,
    /// The decision, once made.
    pub decision: Option<Decision>,
}

fn key(client: u64, id: u64) -> Vec<u8> {
    let mut k = keys::id_key(client).to_vec();
    k.extend_from_slice(&id.to_be_bytes());
    k
}

fn decode(bytes: &[u8], k: &[u8]) -> Result<Approval> {
    codec::decode(bytes).map_err(|error| StoreError::Decode { tree: "approvals", key: keys::describe(k), error })
}

/// A client's assessment with this id.
pub fn assessment(c: &Client, id: PartId) -> Option<&Assessment> {
    c.assessments.iter().find(|a| a.id == id)
}

/// A client's Litmas report with this id.
pub fn litmas(c: &Client, id: PartId) -> Option<&Litmas> {
    c.litmas.iter().find(|l| l.id == id)
}

/// Whether a subject still names something the client has.
fn exists(c: &Client, s: Subject) -> bool {
    match s {
        Subject::Category { assessment: id, to } => assessment(c, id).is_some_and(|a| a.category == to),
        Subject::Litmas { litmas: id } => litmas(c, id).is_some(),
        Subject::Closure { to } => c.held.closure == Some(to) || c.status == to,
    }
}

/// Where a Litmas report stands: a draft until a supervisor approves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LitmasState {
    /// Not asked for, or rejected: a draft.
    Draft,
    /// Asked for, waiting for a decision.
    Waiting,
    /// Approved: final.
    Final,
}

/// The state of Litmas report `id` given the client's requests.
pub fn litmas_state(approvals: &[Approval], id: PartId) -> LitmasState {
    let of = |state| approvals.iter().any(|a| a.subject == Subject::Litmas { litmas: id } && a.state == state);
    if of(State::Approved) {
        LitmasState::Final
    } else if of(State::Pending) {
        LitmasState::Waiting
    } else {
        LitmasState::Draft
    }
}

/// The statuses that close a case: set only when a supervisor approves.
pub fn closes(status: ClientStatus) -> bool {
    matches!(status, ClientStatus::Completed | ClientStatus::Revoked)
}

/// What an approved subject keeps, to compare an update against.
fn unchanged(old: &Client, new: &Client, s: Subject) -> bool {
    match s {
        Subject::Category { assessment: id, .. } => assessment(old, id) == assessment(new, id),
        Subject::Litmas { litmas: id } => litmas(old, id) == litmas(new, id),
        Subject::Closure { to } => new.status == to,
    }
}

/// The subject in words, for messages (English; the UI words it per language).
pub fn describe(s: Subject) -> String {
    match s {
        Subject::Category { assessment, to } => format!("category {} (assessment #{})", to.code(), assessment.0),
        Subject::Litmas { litmas } => format!("Litmas #{}", litmas.0),
        Subject::Closure { to } => format!("closure ({})", to.code()),
    }
}

/// A request stored before schema 5, which named its subject by position:
/// the same subject by the id that position was given ([`crate::model::legacy_id`]).
pub fn from_positions(mut a: Approval) -> Approval {
    a.subject = match a.subject {
        Subject::Category { assessment, to } => Subject::Category { assessment: legacy(1, assessment), to },
        Subject::Litmas { litmas } => Subject::Litmas { litmas: legacy(3, litmas) },
        s @ Subject::Closure { .. } => s,
    };
    a
}

fn legacy(list: u8, position: PartId) -> PartId {
    crate::model::legacy_id(list, usize::try_from(position.0).unwrap_or(usize::MAX))
}

/// Why `actor` may not decide `a` (not a supervisor or admin, decided
/// already, their own request), or `None`: the store's rule, which the
/// interface asks before the user types a comment.
pub fn why_not_decide(actor: &Actor, a: &Approval) -> Option<ApprovalProblem> {
    if !actor.may_decide() {
        Some(ApprovalProblem::NotSupervisor)
    } else if a.state != State::Pending {
        Some(ApprovalProblem::NotPending)
    } else if a.requested_by == actor.name {
        Some(ApprovalProblem::OwnRequest)
    } else {
        None
    }
}

impl Batch<'_> {
    fn approvals_of(&self, client: u64) -> Result<Vec<Approval>> {
        // the batch's own writes first, then the tree
        let mut out = Vec::new();
        for item in self.store.inner.trees[APPROVALS].scan_prefix(keys::id_key(client)) {
            let (k, _) = item?;
            if let Some(v) = self.read(APPROVALS, &k)? {
                out.push(decode(&v, &k)?);
            }
        }
        for ((t, k), v) in &self.ops {
            if *t == APPROVALS
                && k.starts_with(&keys::id_key(client))
                && let Some(v) = v
                && !out.iter().any(|a| key(a.client, a.id) == *k)
            {
                out.push(decode(v, k)?);
            }
        }
        Ok(out)
    }

    fn put_approval(&mut self, a: &Approval) -> Result<()> {
        let bytes = codec::encode(a).map_err(StoreError::Encode)?;
        self.put(APPROVALS, key(a.client, a.id), Some(bytes));
        Ok(())
    }

    /// An update of a client may not change what a supervisor approved.
    pub(super) fn check_approved<R: super::Indexed>(&self, old: &R, new: &R) -> Result<()> {
        if R::KIND != RecordKind::Client {
            return Ok(());
        }
        let approved: Vec<Approval> =
            self.approvals_of(old.meta().id)?.into_iter().filter(|a| a.state == State::Approved).collect();
        if approved.is_empty() {
            return Ok(());
        }
        let as_client = |r: &R| (r as &dyn std::any::Any).downcast_ref::<Client>().cloned();
        let (Some(old), Some(new)) = (as_client(old), as_client(new)) else {
            return Ok(());
        };
        for a in approved {
            if !unchanged(&old, &new, a.subject) {
                return Err(StoreError::Approved {
                    record: RecordRef::new(RecordKind::Client, old.meta.id),
                    what: describe(a.subject),
                });
            }
        }
        Ok(())
    }

    /// Holds back what in a client about to be saved needs a supervisor's
    /// approval, `old` being the client as stored: a status that closes
    /// the case stays what it was, an assessment that changes the category
    /// is not in force; both wait for a decision. What is held is the
    /// store's to say, never the saver's. The subjects to ask about, with
    /// what the officer wrote for them.
    pub(super) fn hold_for_approval(&self, old: &Client, new: &mut Client) -> Vec<(Subject, String)> {
        let mut asks = Vec::new();
        new.held = old.held.clone();
        if new.status != old.status && closes(new.status) {
            if new.held.closure != Some(new.status) {
                asks.push((Subject::Closure { to: new.status }, String::new()));
            }
            new.held.closure = Some(new.status);
            new.status = old.status;
        }
        // a held assessment stays held while its category stays; one set
        // to another is looked at again below; one taken out is gone
        let held = std::mem::take(&mut new.held.assessments);
        let kept: Vec<_> = held
            .into_iter()
            .filter(|h| match (assessment(old, h.id), assessment(new, h.id)) {
                (Some(b), Some(a)) => a.category == b.category,
                _ => false,
            })
            .collect();
        new.held.assessments = kept;
        for id in new.category_changes(old) {
            let Some(a) = assessment(new, id) else { continue };
            asks.push((Subject::Category { assessment: id, to: a.category }, a.reason.clone()));
            new.held.assessments.push(crate::model::HeldPart { id, rejected: false });
        }
        asks
    }

    /// Asks for an approval a save needs, unless the same waits already.
    pub(super) fn ask_once(&mut self, client: u64, subject: Subject, comment: &str) -> Result<()> {
        if self.approvals_of(client)?.iter().any(|a| a.subject == subject && a.state == State::Pending) {
            return Ok(());
        }
        self.request_approval(client, subject, comment).map(|_| ())
    }

    /// Asks for an approval (officers and admins); its number.
    pub fn request_approval(&mut self, client: u64, subject: Subject, comment: &str) -> Result<u64> {
        let r = RecordRef::new(RecordKind::Client, client);
        if !self.actor().may(super::rules::Op::RequestApproval) {
            return Err(StoreError::Forbidden { actor: self.actor().name.clone(), role: self.actor().role, record: r });
        }
        let c: Client = self.fetch(client)?;
        if let Subject::Closure { to } = subject
            && (!closes(to) || (c.status != to && c.held.closure != Some(to)))
        {
            return Err(StoreError::Approval { record: r, why: ApprovalProblem::NotFinal });
        }
        if !exists(&c, subject) {
            return Err(StoreError::Approval { record: r, why: ApprovalProblem::NoSuchPart });
        }
        if self.approvals_of(client)?.iter().any(|a| a.subject == subject && a.state == State::Pending) {
            return Err(StoreError::Approval { record: r, why: ApprovalProblem::AlreadyPending });
        }
        let comment = comment.trim().chars().take(500).collect::<String>();
        self.audit(AuditAction::Request, Some(r), Vec::new(), format!("{} — {comment}", describe(subject)));
        let a = Approval {
            id: self.counters.audit_seq,
            client,
            subject,
            requested_by: self.actor().name.clone(),
            at: self.now(),
            comment,
            state: State::Pending,
            decision: None,
        };
        self.put_approval(&a)?;
        Ok(a.id)
    }

    /// Approves or rejects a pending request (supervisors and admins, never the requester).
    pub fn decide(&mut self, client: u64, id: u64, approve: bool, comment: &str) -> Result<()> {
        let r = RecordRef::new(RecordKind::Client, client);
        let actor = self.actor().clone();
        if !actor.may_decide() {
            return Err(StoreError::Approval { record: r, why: ApprovalProblem::NotSupervisor });
        }
        let mut a = self
            .approvals_of(client)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(StoreError::Approval { record: r, why: ApprovalProblem::NoSuchPart })?;
        if let Some(why) = why_not_decide(&actor, &a) {
            return Err(StoreError::Approval { record: r, why });
        }
        let c: Client = self.fetch(client)?;
        if approve && !exists(&c, a.subject) {
            // what was asked about changed meanwhile: it needs a new request
            return Err(StoreError::Approval { record: r, why: ApprovalProblem::NoSuchPart });
        }
        a.state = if approve { State::Approved } else { State::Rejected };
        let comment = comment.trim().chars().take(500).collect::<String>();
        a.decision = Some(Decision { by: actor.name.clone(), at: self.now(), comment: comment.clone() });
        self.put_approval(&a)?;
        if let Some(decided) = apply_decision(&c, a.subject, approve) {
            let word = if approve { "approved" } else { "rejected" };
            self.update_decided(decided, format!("#{id} {word}"))?;
        }
        let word = if approve { "approved" } else { "rejected" };
        self.audit(
            AuditAction::Decide,
            Some(r),
            Vec::new(),
            format!("#{id} {word}: {} — {comment}", describe(a.subject)),
        );
        Ok(())
    }
}

/// The client once a decision on `s` is in force, or `None` when it
/// changes nothing: approved, what was held takes effect; rejected, it is
/// no longer held and the value in force stays (a category rejected stays
/// in the case file, marked). A closure or category asked for before
/// approvals held anything back was in force already: approved, it stays;
/// rejected, the case is open again and the category is the one before.
fn apply_decision(c: &Client, s: Subject, approve: bool) -> Option<Client> {
    let mut d = c.clone();
    match s {
        Subject::Closure { to } if d.held.closure == Some(to) => {
            d.held.closure = None;
            if approve {
                d.status = to;
            }
        }
        Subject::Closure { to } if !approve && d.status == to => d.status = ClientStatus::Active,
        Subject::Category { assessment: id, .. } => {
            d.held.assessments.retain(|h| h.id != id);
            if !approve {
                d.held.assessments.push(crate::model::HeldPart { id, rejected: true });
            }
        }
        Subject::Closure { .. } | Subject::Litmas { .. } => {}
    }
    (d != *c).then_some(d)
}

impl Store {
    /// A client's approval requests, oldest first.
    pub fn approvals(&self, client: u64) -> Result<Vec<Approval>> {
        let mut out = Vec::new();
        for item in self.inner.trees[APPROVALS].scan_prefix(keys::id_key(client)) {
            let (k, v) = item?;
            out.push(decode(&v, &k)?);
        }
        Ok(out)
    }

    /// Every request waiting for a decision.
    pub fn pending_approvals(&self) -> Result<Vec<Approval>> {
        let mut out = Vec::new();
        for item in self.inner.trees[APPROVALS].iter() {
            let (k, v) = item?;
            let a = decode(&v, &k)?;
            if a.state == State::Pending {
                out.push(a);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assessment, Litmas, LitmasKind, Role};

    fn d() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()
    }

    fn setup() -> (tempfile::TempDir, Store, Client) {
        let (dir, s) = crate::store::temp_store();
        let mut c = Client::new("Ahmad Fauzi");
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: d(),
            category: RiskCategory::Merah,
            rri: None,
            assessor: "siti".into(),
            reason: "baru bebas".into(),
        });
        c.litmas.push(Litmas {
            id: crate::model::PartId::NEW,
            kind: LitmasKind::Initial,
            date: d(),
            authors: Vec::new(),
            methods: String::new(),
            sources: String::new(),
            findings: "x".into(),
            recommendation: "lanjutkan".into(),
        });
        let c = s.create(&Actor::new("siti", Role::Officer), c).unwrap();
        (dir, s, c)
    }

    fn supervisor(name: &str) -> Actor {
        Actor { supervisor: true, ..Actor::new(name, Role::Officer) }
    }

    #[test]
    fn every_transition_of_a_request() {
        let (_d, s, c) = setup();
        let siti = Actor::new("siti", Role::Officer);
        let cat = Subject::Category { assessment: c.assessments[0].id, to: RiskCategory::Merah };
        let id = s.write(&siti, |b| b.request_approval(c.meta.id, cat, "mohon persetujuan")).unwrap();
        assert_eq!(s.pending_approvals().unwrap().len(), 1);
        // the same again is refused while pending
        let again = s.write(&siti, |b| b.request_approval(c.meta.id, cat, ""));
        assert!(matches!(again, Err(StoreError::Approval { why: ApprovalProblem::AlreadyPending, .. })));
        // an officer who is no supervisor, a viewer, and the requester may not decide
        let rina = Actor::new("rina", Role::Officer);
        assert!(matches!(
            s.write(&rina, |b| b.decide(c.meta.id, id, true, "")),
            Err(StoreError::Approval { why: ApprovalProblem::NotSupervisor, .. })
        ));
        let siti_sup = supervisor("siti");
        assert!(matches!(
            s.write(&siti_sup, |b| b.decide(c.meta.id, id, true, "")),
            Err(StoreError::Approval { why: ApprovalProblem::OwnRequest, .. })
        ));
        // approved by a supervisor
        s.write(&supervisor("agus"), |b| b.decide(c.meta.id, id, true, "sesuai asesmen")).unwrap();
        let a = &s.approvals(c.meta.id).unwrap()[0];
        assert_eq!(a.state, State::Approved);
        assert_eq!(a.decision.as_ref().map(|x| (x.by.as_str(), x.comment.as_str())), Some(("agus", "sesuai asesmen")));
        assert!(s.pending_approvals().unwrap().is_empty());
        assert!(matches!(
            s.write(&supervisor("agus"), |b| b.decide(c.meta.id, id, false, "")),
            Err(StoreError::Approval { why: ApprovalProblem::NotPending, .. })
        ));
        // what was approved cannot change…
        let mut changed: Client = s.fetch(c.meta.id).unwrap();
        changed.assessments[0].category = RiskCategory::Hijau;
        let err = s.update(&siti, changed).unwrap_err();
        assert!(matches!(err, StoreError::Approved { .. }), "{err:?}");
        assert!(err.to_string().contains("was approved and cannot change without a new approval request"), "{err}");
        // …but the rest of the case file can
        let mut other: Client = s.fetch(c.meta.id).unwrap();
        other.phone = "081234567890".into();
        s.update(&siti, other).unwrap();
        // a rejection
        let lit = Subject::Litmas { litmas: c.litmas[0].id };
        let id2 = s.write(&siti, |b| b.request_approval(c.meta.id, lit, "")).unwrap();
        s.write(&Actor::new("admin", Role::Admin), |b| b.decide(c.meta.id, id2, false, "lengkapi sumber")).unwrap();
        assert_eq!(s.approvals(c.meta.id).unwrap()[1].state, State::Rejected);
        assert_eq!(litmas_state(&s.approvals(c.meta.id).unwrap(), c.litmas[0].id), LitmasState::Draft, "rejected");
        let mut edit: Client = s.fetch(c.meta.id).unwrap();
        edit.litmas[0].recommendation = "diperbaiki".into();
        s.update(&siti, edit).unwrap();
        let id3 = s.write(&siti, |b| b.request_approval(c.meta.id, lit, "sudah diperbaiki")).unwrap();
        assert_eq!(litmas_state(&s.approvals(c.meta.id).unwrap(), c.litmas[0].id), LitmasState::Waiting);
        s.write(&supervisor("agus"), |b| b.decide(c.meta.id, id3, true, "final")).unwrap();
        assert_eq!(litmas_state(&s.approvals(c.meta.id).unwrap(), c.litmas[0].id), LitmasState::Final);
        // a closure needs a final status
        let close = Subject::Closure { to: ClientStatus::Completed };
        assert!(matches!(
            s.write(&siti, |b| b.request_approval(c.meta.id, close, "")),
            Err(StoreError::Approval { why: ApprovalProblem::NotFinal, .. })
        ));
        let audit: Vec<AuditAction> = s.audit_log().filter_map(|e| e.ok()).map(|e| e.action).collect();
        assert_eq!(audit.iter().filter(|a| **a == AuditAction::Request).count(), 3);
        assert_eq!(audit.iter().filter(|a| **a == AuditAction::Decide).count(), 3);
        assert!(s.check().unwrap().is_clean());
    }

    /// A closure takes effect when a supervisor approves it: until then
    /// the client is active in the lists and the agenda; a rejection
    /// leaves it active, an approval closes it. Asked for by the save
    /// itself, once.
    #[test]
    fn a_closure_waits_for_a_supervisor_and_a_rejection_keeps_the_case_open() {
        let (_d, s, c) = setup();
        let siti = Actor::new("siti", Role::Officer);
        let mut closing = c.clone();
        closing.status = ClientStatus::Completed;
        let saved = s.update(&siti, closing).unwrap();
        assert_eq!(saved.status, ClientStatus::Active, "not in force yet");
        assert_eq!(saved.held.closure, Some(ClientStatus::Completed));
        let summary = s.scan_summaries::<crate::store::summary::ClientSummary>().next().unwrap().unwrap();
        assert_eq!(summary.status, ClientStatus::Active, "the lists count it active");
        let asked = s.pending_approvals().unwrap();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].subject, Subject::Closure { to: ClientStatus::Completed });
        // saving again (another field) asks nothing more; the closure stays held
        let mut again: Client = s.fetch(c.meta.id).unwrap();
        again.phone = "0812 3456 7890".into();
        let again = s.update(&siti, again).unwrap();
        assert_eq!((again.status, again.held.closure), (ClientStatus::Active, Some(ClientStatus::Completed)));
        assert_eq!(s.pending_approvals().unwrap().len(), 1);
        // what is held is the store's: a save cannot clear it
        let mut sneak: Client = s.fetch(c.meta.id).unwrap();
        sneak.held = crate::model::Held::default();
        sneak.phone = "0812 0000 0000".into();
        assert_eq!(s.update(&siti, sneak).unwrap().held.closure, Some(ClientStatus::Completed));

        let agus = supervisor("agus");
        s.write(&agus, |b| b.decide(c.meta.id, asked[0].id, false, "laporan akhir belum ada")).unwrap();
        let after: Client = s.fetch(c.meta.id).unwrap();
        assert_eq!((after.status, after.held.closure), (ClientStatus::Active, None), "rejected: still open");

        // asked again, approved: closed
        let mut closing = after.clone();
        closing.status = ClientStatus::Revoked;
        s.update(&siti, closing).unwrap();
        let id = s.pending_approvals().unwrap()[0].id;
        s.write(&agus, |b| b.decide(c.meta.id, id, true, "sesuai putusan")).unwrap();
        let closed: Client = s.fetch(c.meta.id).unwrap();
        assert_eq!((closed.status, closed.held.closure), (ClientStatus::Revoked, None));
        assert!(s.check().unwrap().is_clean());
    }

    /// An assessment that changes the category is not in force until a
    /// supervisor approves; rejected, it stays in the case file, marked,
    /// and the category before stays in force. One that keeps the
    /// category needs nothing.
    #[test]
    fn a_category_change_waits_for_a_supervisor() {
        let (_d, s, c) = setup();
        let siti = Actor::new("siti", Role::Officer);
        let assess = |category, reason: &str| Assessment {
            id: PartId::NEW,
            date: d() + chrono::Duration::days(30),
            category,
            rri: None,
            assessor: "siti".into(),
            reason: reason.into(),
        };
        // the same category: in force at once, nothing asked
        let mut same = c.clone();
        same.assessments.push(assess(RiskCategory::Merah, "tetap"));
        let same = s.update(&siti, same).unwrap();
        assert!(same.held.is_empty() && s.pending_approvals().unwrap().is_empty());
        // another: waits
        let mut lower = same.clone();
        lower.assessments.push(assess(RiskCategory::Kuning, "kooperatif"));
        let lower = s.update(&siti, lower).unwrap();
        assert_eq!(lower.risk(), Some(RiskCategory::Merah));
        let new_id = lower.assessments[2].id;
        let asked = s.pending_approvals().unwrap();
        assert_eq!(asked[0].subject, Subject::Category { assessment: new_id, to: RiskCategory::Kuning });
        assert_eq!(asked[0].comment, "kooperatif");
        let agus = supervisor("agus");
        s.write(&agus, |b| b.decide(c.meta.id, asked[0].id, false, "terlalu cepat")).unwrap();
        let rejected: Client = s.fetch(c.meta.id).unwrap();
        assert_eq!(rejected.risk(), Some(RiskCategory::Merah), "rejected: the category before stays");
        assert_eq!(rejected.held.assessment(new_id), Some(crate::model::HeldPart { id: new_id, rejected: true }));
        assert_eq!(rejected.assessments.len(), 3, "kept in the case file");
        // a new one, approved: in force
        let mut again = rejected.clone();
        again.assessments.push(assess(RiskCategory::Kuning, "tiga bulan kooperatif"));
        let again = s.update(&siti, again).unwrap();
        let id = s.pending_approvals().unwrap()[0].id;
        s.write(&agus, |b| b.decide(c.meta.id, id, true, "setuju")).unwrap();
        let approved: Client = s.fetch(c.meta.id).unwrap();
        assert_eq!(approved.risk(), Some(RiskCategory::Kuning));
        assert_eq!(approved.held.assessment(again.assessments[3].id), None);
        assert!(approved.held.assessment(new_id).is_some_and(|h| h.rejected), "the rejected one stays rejected");
        // the approved one cannot change without a new request
        let mut edit = approved.clone();
        edit.assessments[3].category = RiskCategory::Hijau;
        assert!(matches!(s.update(&siti, edit), Err(StoreError::Approved { .. })));
    }

    /// A closure asked for the old way, after the status was already set:
    /// a rejection opens the case again.
    #[test]
    fn a_closure_asked_for_after_the_fact_is_undone_by_a_rejection() {
        let (_d, s, c) = setup();
        let mut closed = c.clone();
        closed.status = ClientStatus::Completed;
        // as stored before approvals held anything: written by a decision-free path
        let closed = s.write(&Actor::new("siti", Role::Officer), |b| b.update_decided(closed, String::new())).unwrap();
        assert_eq!(closed.status, ClientStatus::Completed);
        let siti = Actor::new("siti", Role::Officer);
        let id =
            s.write(&siti, |b| b.request_approval(c.meta.id, Subject::Closure { to: ClientStatus::Completed }, ""));
        let id = id.unwrap();
        s.write(&supervisor("agus"), |b| b.decide(c.meta.id, id, false, "belum")).unwrap();
        assert_eq!(s.fetch::<Client>(c.meta.id).unwrap().status, ClientStatus::Active);
    }
}
