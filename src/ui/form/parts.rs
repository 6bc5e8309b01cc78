//! Sub-forms: one nested part of a record (an assessment of a client, a
//! contact of a stakeholder, a participant or follow-up of an event) edited
//! on its own.
//!
//! A part has no identity of its own in the store: saving a sub-form saves
//! the whole parent record, so the parent's version guards against a
//! concurrent change exactly as for the main forms, and the model's
//! validator of the parent judges the part (its problems come back under
//! `assessments[2].date` and land on the sub-form's `date` field).

use chrono::NaiveDate;

use super::defs::{Reader, codes, labeller, table_fields};
use super::{Field, Target};
use crate::i18n::form::FormMsg;
use crate::i18n::{self, Lang};
use crate::model::*;
use crate::schema::Table;

/// What kind of nested part a sub-form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PartKind {
    /// A client's risk assessment.
    Assessment,
    /// A client's guidance session.
    Session,
    /// A stakeholder's contact person.
    Contact,
    /// A participant of an event (client, stakeholder or officer).
    Participant,
    /// A follow-up agreed at an event.
    FollowUp,
    /// An organiser of an event.
    Organiser,
    /// A day of a client's reporting register.
    Reporting,
    /// A Litmas report of a client.
    Litmas,
    /// An agreement (MoU/PKS) of a stakeholder.
    Agreement,
}

impl PartKind {
    /// The kind of record the part belongs to.
    pub fn parent(self) -> RecordKind {
        match self {
            PartKind::Assessment | PartKind::Session | PartKind::Reporting | PartKind::Litmas => RecordKind::Client,
            PartKind::Contact | PartKind::Agreement => RecordKind::Stakeholder,
            PartKind::Participant | PartKind::FollowUp | PartKind::Organiser => RecordKind::Event,
        }
    }

    /// The validator's path of the list (`assessments`).
    pub fn path(self) -> &'static str {
        match self {
            PartKind::Assessment => "assessments",
            PartKind::Session => "sessions",
            PartKind::Contact => "contacts",
            PartKind::Participant => "participants",
            PartKind::FollowUp => "follow_ups",
            PartKind::Organiser => "organisers",
            PartKind::Reporting => "reporting_register",
            PartKind::Litmas => "litmas",
            PartKind::Agreement => "agreements",
        }
    }

    /// What one part is called ("penilaian").
    pub fn noun(self, lang: Lang) -> &'static str {
        match self {
            PartKind::Assessment => FormMsg::PartAssessment,
            PartKind::Session => FormMsg::PartSession,
            PartKind::Contact => FormMsg::PartContact,
            PartKind::Participant => FormMsg::PartParticipant,
            PartKind::FollowUp => FormMsg::PartFollowUp,
            PartKind::Organiser => FormMsg::PartOrganiser,
            PartKind::Reporting => FormMsg::PartReporting,
            PartKind::Litmas => FormMsg::PartLitmas,
            PartKind::Agreement => FormMsg::PartAgreement,
        }
        .text(lang)
    }
}

/// One part of a record: which list, and which item (`None`: a new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PartRef {
    /// The list.
    pub kind: PartKind,
    /// Position in the record's list as stored; `None` adds one.
    pub index: Option<usize>,
}

impl PartRef {
    /// A new part of a kind.
    pub fn new(kind: PartKind) -> PartRef {
        PartRef { kind, index: None }
    }

    /// The stored part at `index`.
    pub fn at(kind: PartKind, index: usize) -> PartRef {
        PartRef { kind, index: Some(index) }
    }

    /// The validator's path prefix of the part within its record (`assessments[2].`).
    pub fn prefix(self, target: &Target) -> String {
        let i = self.index.unwrap_or_else(|| len(target, self.kind));
        format!("{}[{i}]", self.kind.path())
    }
}

/// Items in the parent's list of that kind.
pub fn len(target: &Target, kind: PartKind) -> usize {
    match (target, kind) {
        (Target::Client(c), PartKind::Assessment) => c.assessments.len(),
        (Target::Client(c), PartKind::Session) => c.sessions.len(),
        (Target::Stakeholder(s), PartKind::Contact) => s.contacts.len(),
        (Target::Event(e), PartKind::Participant) => e.participants.len(),
        (Target::Event(e), PartKind::FollowUp) => e.follow_ups.len(),
        (Target::Event(e), PartKind::Organiser) => e.organisers.len(),
        (Target::Client(c), PartKind::Reporting) => c.reporting_register.len(),
        (Target::Client(c), PartKind::Litmas) => c.litmas.len(),
        (Target::Stakeholder(s), PartKind::Agreement) => s.agreements.len(),
        _ => 0,
    }
}

/// The stable ids of the parent's list of that kind (none for organisers,
/// which are links, not parts).
fn ids(target: &Target, kind: PartKind) -> Option<Vec<crate::model::PartId>> {
    use crate::model::HasParts;
    let lists = match target {
        Target::Client(c) => c.part_ids(),
        Target::Stakeholder(s) => s.part_ids(),
        Target::Event(e) => e.part_ids(),
        Target::Referral(_) => return None,
    };
    let (_, n, _) =
        crate::ui::data::PART_LISTS.iter().find(|(k, _, path)| *k == target.kind() && *path == kind.path())?;
    lists.into_iter().find(|(m, _)| m == n).map(|(_, ids)| ids.to_vec())
}

/// The stable id of the stored part a sub-form edits.
pub fn id_at(target: &Target, part: PartRef) -> Option<crate::model::PartId> {
    ids(target, part.kind)?.get(part.index?).copied()
}

/// Where the part with this id is in the parent's list now.
pub fn index_of(target: &Target, kind: PartKind, id: crate::model::PartId) -> Option<usize> {
    ids(target, kind)?.iter().position(|x| *x == id)
}

/// Who a participant is, as the selector of the participant form codes it.
const WHO: [&str; 3] = ["client", "stakeholder", "officer"];

fn who_label(lang: Lang, code: &str) -> &'static str {
    match code {
        "client" => FormMsg::Client,
        "stakeholder" => FormMsg::Stakeholder,
        _ => FormMsg::Officer,
    }
    .text(lang)
}

/// A new assessment: today, by the client's officer, from the category and
/// RRI in force (yellow for a first one).
fn new_assessment(c: &Client, today: NaiveDate) -> Assessment {
    let now = c.latest_assessment();
    Assessment {
        id: PartId::NEW,
        date: today,
        category: now.map_or(RiskCategory::Kuning, |a| a.category),
        rri: now.and_then(|a| a.rri),
        assessor: c.officer.clone(),
        reason: String::new(),
    }
}

/// A new guidance session: today, one-to-one at the office, by the client's officer.
fn new_session(c: &Client, today: NaiveDate) -> GuidanceSession {
    GuidanceSession {
        id: PartId::NEW,
        date: today,
        stream: GuidanceStream::Kepribadian,
        mode: GuidanceMode::Perorangan,
        place: SessionPlace::Office,
        officer: c.officer.clone(),
        summary: String::new(),
        next_step: String::new(),
        group: Vec::new(),
    }
}

/// A new register day: today, attended, recorded by the client's officer
/// (who records a day by hand is not known here).
fn new_reporting(c: &Client, today: NaiveDate) -> ReportingEntry {
    ReportingEntry {
        id: PartId::NEW,
        date: today,
        status: ReportingStatus::Attended,
        note: String::new(),
        recorded_by: c.officer.clone(),
    }
}

/// The field of a new part that names the user who starts it, if any.
pub fn names_its_author(kind: PartKind) -> Option<&'static str> {
    match kind {
        PartKind::Litmas => Some("authors"),
        _ => None,
    }
}

/// A new Litmas report: an initial one, today (its author is the user
/// who starts it: see [`Form::started_by`](super::Form::started_by)).
fn new_litmas(today: NaiveDate) -> Litmas {
    Litmas {
        id: PartId::NEW,
        kind: LitmasKind::Initial,
        date: today,
        authors: Vec::new(),
        methods: String::new(),
        sources: String::new(),
        findings: String::new(),
        recommendation: String::new(),
    }
}

/// A new agreement: an MoU signed today.
fn new_agreement(today: NaiveDate) -> Agreement {
    Agreement {
        id: PartId::NEW,
        kind: AgreementKind::Mou,
        title: String::new(),
        signed: today,
        expires: None,
        report_every_months: 0,
        reports_received: Vec::new(),
    }
}

fn new_contact() -> Contact {
    Contact { id: PartId::NEW, name: String::new(), role: String::new(), phone: String::new(), email: String::new() }
}

fn new_follow_up() -> FollowUp {
    FollowUp { id: PartId::NEW, what: String::new(), owner: String::new(), due: None, done: false }
}

/// The item at `i` of `list`, else a new one.
fn item<T: Clone>(list: &[T], i: Option<usize>, fresh: impl FnOnce() -> T) -> T {
    i.and_then(|i| list.get(i)).cloned().unwrap_or_else(fresh)
}

/// The fields of a sub-form over `part` of `target`; a new part starts
/// with today's date and the usual choices.
pub fn fields(
    target: &Target,
    part: PartRef,
    name: &dyn Fn(RecordKind, u64) -> Option<String>,
    today: NaiveDate,
) -> Vec<Field> {
    use FormMsg as M;
    let linked = |kind, id: u64| (id != 0).then(|| (id, name(kind, id).unwrap_or_default()));
    let i = part.index;
    match (target, part.kind) {
        (Target::Client(c), PartKind::Assessment) => {
            table_fields(&item(&c.assessments, i, || new_assessment(c, today)), name)
        }
        (Target::Client(c), PartKind::Session) => table_fields(&item(&c.sessions, i, || new_session(c, today)), name),
        (Target::Client(c), PartKind::Reporting) => {
            table_fields(&item(&c.reporting_register, i, || new_reporting(c, today)), name)
        }
        (Target::Client(c), PartKind::Litmas) => table_fields(&item(&c.litmas, i, || new_litmas(today)), name),
        (Target::Stakeholder(s), PartKind::Contact) => table_fields(&item(&s.contacts, i, new_contact), name),
        (Target::Stakeholder(s), PartKind::Agreement) => {
            table_fields(&item(&s.agreements, i, || new_agreement(today)), name)
        }
        (Target::Event(e), PartKind::FollowUp) => table_fields(&item(&e.follow_ups, i, new_follow_up), name),
        (Target::Event(e), PartKind::Participant) => {
            let p = i.and_then(|i| e.participants.get(i));
            let (who, client, attendance, stakeholder, representative, officer) = match p {
                Some(Participant { who: Who::Client { client, attendance }, .. }) => {
                    ("client", linked(RecordKind::Client, client.0), *attendance, None, "", "")
                }
                Some(Participant { who: Who::Stakeholder { stakeholder, representative }, .. }) => (
                    "stakeholder",
                    None,
                    Attendance::Attended,
                    linked(RecordKind::Stakeholder, stakeholder.0),
                    representative.as_str(),
                    "",
                ),
                Some(Participant { who: Who::Officer { name }, .. }) => {
                    ("officer", None, Attendance::Attended, None, "", name.as_str())
                }
                None => ("client", None, Attendance::Invited, None, "", ""),
            };
            let role = p.map_or(ParticipantRole::Participant, |p| e.role(p.id));
            vec![
                Field::choice("who", M::Who, WHO.to_vec(), who, who_label),
                Field::link("client", M::Client, RecordKind::Client, client).required().shown_when("who", "client"),
                Field::choice(
                    "attendance",
                    M::Attendance,
                    codes!(Attendance),
                    attendance.code(),
                    labeller!(Attendance, i18n::attendance),
                )
                .shown_when("who", "client"),
                Field::link("stakeholder", M::Stakeholder, RecordKind::Stakeholder, stakeholder)
                    .required()
                    .shown_when("who", "stakeholder"),
                Field::text("representative", M::Representative, representative).shown_when("who", "stakeholder"),
                Field::text("name", M::Name, officer).required().shown_when("who", "officer"),
                Field::choice(
                    "role",
                    M::ParticipantRole,
                    codes!(ParticipantRole),
                    role.code(),
                    labeller!(ParticipantRole, i18n::participant_role),
                ),
            ]
        }
        (Target::Event(e), PartKind::Organiser) => {
            let o = i.and_then(|i| e.organisers.get(i));
            vec![
                Field::link(
                    "stakeholder",
                    M::Stakeholder,
                    RecordKind::Stakeholder,
                    o.and_then(|o| linked(RecordKind::Stakeholder, o.0)),
                )
                .required(),
            ]
        }
        // a part of another kind of record: nothing to edit
        _ => Vec::new(),
    }
}

/// Puts `item` at the part's place in `list` (replacing, or appending a new one).
fn put<T>(list: &mut Vec<T>, index: Option<usize>, item: T) {
    match index.and_then(|i| list.get_mut(i)) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

/// The item at the part's place (or a new one) with the sub-form's fields
/// read into it through its table, put back in its place: an edited item
/// keeps its id.
fn edit<T: Table + Clone>(r: &mut Reader<'_>, list: &mut Vec<T>, index: Option<usize>, fresh: impl FnOnce() -> T) {
    let mut x = item(list, index, fresh);
    r.table(&mut x, &[]);
    put(list, index, x);
}

/// The parent record with the part as the fields describe it.
pub(super) fn apply(r: &mut Reader<'_>, target: &Target, part: PartRef) -> Target {
    let state = r.state;
    let today = r.today;
    let idx = part.index;
    match (target, part.kind) {
        (Target::Client(base), kind) if kind != PartKind::Participant => {
            let mut c = (**base).clone();
            let fresh = (**base).clone();
            match kind {
                PartKind::Assessment => edit(r, &mut c.assessments, idx, || new_assessment(&fresh, today)),
                PartKind::Session => {
                    edit(r, &mut c.sessions, idx, || new_session(&fresh, today));
                    // the other clients of a group session (never the client itself)
                    let at = idx.unwrap_or(c.sessions.len().saturating_sub(1));
                    let me = ClientId(c.meta.id);
                    if let Some(s) = c.sessions.get_mut(at) {
                        s.group.retain(|g| *g != me);
                        if s.mode != GuidanceMode::Kelompok {
                            s.group.clear();
                        }
                    }
                }
                PartKind::Reporting => {
                    edit(r, &mut c.reporting_register, idx, || new_reporting(&fresh, today));
                    c.reporting_register.sort_by_key(|e| e.date);
                }
                PartKind::Litmas => edit(r, &mut c.litmas, idx, || new_litmas(today)),
                _ => {}
            }
            Target::Client(Box::new(c))
        }
        (Target::Stakeholder(base), kind) => {
            let mut s = (**base).clone();
            match kind {
                PartKind::Contact => edit(r, &mut s.contacts, idx, new_contact),
                PartKind::Agreement => edit(r, &mut s.agreements, idx, || new_agreement(today)),
                _ => {}
            }
            Target::Stakeholder(Box::new(s))
        }
        (Target::Event(base), PartKind::FollowUp) => {
            let mut e = (**base).clone();
            edit(r, &mut e.follow_ups, idx, new_follow_up);
            Target::Event(Box::new(e))
        }
        (Target::Event(base), PartKind::Participant) => {
            let mut e = (**base).clone();
            let who = match state.choice("who") {
                Some("stakeholder") => r.link("stakeholder", true).map(|id| Who::Stakeholder {
                    stakeholder: StakeholderId(id),
                    representative: r.text("representative"),
                }),
                Some("officer") => Some(Who::Officer { name: r.text("name") }),
                _ => r.link("client", true).map(|id| Who::Client {
                    client: ClientId(id),
                    attendance: state
                        .choice("attendance")
                        .and_then(Attendance::from_code)
                        .unwrap_or(Attendance::Invited),
                }),
            };
            if let Some(who) = who {
                // an edited participant stays the same participant (its id)
                let mut p = item(&e.participants, idx, || Participant::new(who.clone()));
                p.who = who;
                put(&mut e.participants, idx, p);
                // a new one is given its id now: its role is kept under it
                crate::model::HasParts::assign_part_ids(&mut e);
                let id = idx.and_then(|i| e.participants.get(i)).or(e.participants.last()).map(|p| p.id);
                let role = state.choice("role").and_then(ParticipantRole::from_code).unwrap_or_default();
                if let Some(id) = id {
                    e.set_role(id, role);
                }
            }
            Target::Event(Box::new(e))
        }
        (Target::Event(base), PartKind::Organiser) => {
            let mut e = (**base).clone();
            if let Some(id) = r.link("stakeholder", true) {
                put(&mut e.organisers, idx, StakeholderId(id));
            }
            Target::Event(Box::new(e))
        }
        _ => target.clone(),
    }
}

/// The parent record without the part; `None` when there is no such part.
pub fn remove(target: &Target, part: PartRef) -> Option<Target> {
    let i = part.index?;
    fn take<T>(list: &mut Vec<T>, i: usize) -> Option<()> {
        (i < list.len()).then(|| {
            list.remove(i);
        })
    }
    Some(match (target, part.kind) {
        (Target::Client(c), PartKind::Assessment) => {
            let mut c = (**c).clone();
            take(&mut c.assessments, i)?;
            Target::Client(Box::new(c))
        }
        (Target::Client(c), PartKind::Session) => {
            let mut c = (**c).clone();
            take(&mut c.sessions, i)?;
            Target::Client(Box::new(c))
        }
        (Target::Stakeholder(s), PartKind::Contact) => {
            let mut s = (**s).clone();
            take(&mut s.contacts, i)?;
            Target::Stakeholder(Box::new(s))
        }
        (Target::Stakeholder(s), PartKind::Agreement) => {
            let mut s = (**s).clone();
            take(&mut s.agreements, i)?;
            Target::Stakeholder(Box::new(s))
        }
        (Target::Client(c), PartKind::Reporting) => {
            let mut c = (**c).clone();
            take(&mut c.reporting_register, i)?;
            Target::Client(Box::new(c))
        }
        (Target::Client(c), PartKind::Litmas) => {
            let mut c = (**c).clone();
            take(&mut c.litmas, i)?;
            Target::Client(Box::new(c))
        }
        (Target::Event(e), kind) => {
            let mut e = (**e).clone();
            match kind {
                PartKind::Participant => take(&mut e.participants, i)?,
                PartKind::FollowUp => take(&mut e.follow_ups, i)?,
                PartKind::Organiser => take(&mut e.organisers, i)?,
                _ => return None,
            }
            Target::Event(Box::new(e))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::form::{Form, Issue, Lookup};

    struct NoLookup;
    impl Lookup for NoLookup {
        fn find(&self, _: RecordKind, _: &str, _: usize) -> Vec<(u64, String)> {
            vec![(7, "Pokmas Barista".into())]
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default()
    }

    fn client() -> Target {
        let mut c = Client::new("Ahmad Fauzi");
        c.meta.id = 1;
        c.officer = "Budi Santoso".into();
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: NaiveDate::from_ymd_opt(2023, 10, 4).unwrap_or_default(),
            category: RiskCategory::Merah,
            rri: None,
            assessor: "Budi Santoso".into(),
            reason: String::new(),
        });
        Target::Client(Box::new(c))
    }

    fn no_names(_: RecordKind, _: u64) -> Option<String> {
        None
    }

    #[test]
    fn a_new_assessment_is_appended_and_an_edited_one_replaced() {
        let mut f = Form::new_part(client(), PartRef::new(PartKind::Assessment), &no_names, today());
        assert_eq!(f.state.value("assessor"), "Budi Santoso", "the client's officer assesses by default");
        f.state.set_choice("category", "hijau");
        f.state.set_choice("rri", "rendah");
        f.state.set_value("reason", "ikut pelatihan, keluarga mendukung");
        let Some(Target::Client(c)) = f.prepare_save() else { panic!("saves: {:?}", f.state.problems) };
        assert_eq!(c.assessments.len(), 2);
        assert_eq!(c.assessments[1].category, RiskCategory::Hijau);
        assert_eq!(c.assessments[1].rri, Some(Rri::Rendah));
        assert_eq!(c.assessments[1].date, today());

        let mut f = Form::new_part(client(), PartRef::at(PartKind::Assessment, 0), &no_names, today());
        assert_eq!(f.state.choice("category"), Some("merah"));
        f.state.set_value("date", "05/10/2023");
        let Some(Target::Client(c)) = f.prepare_save() else { panic!() };
        assert_eq!(c.assessments.len(), 1);
        assert_eq!(c.assessments[0].date, NaiveDate::from_ymd_opt(2023, 10, 5).unwrap());
    }

    #[test]
    fn a_new_assessment_starts_from_the_category_in_force_and_a_change_needs_a_reason() {
        let mut f = Form::new_part(client(), PartRef::new(PartKind::Assessment), &no_names, today());
        assert_eq!(f.state.choice("category"), Some("merah"), "from the category in force, not yellow");
        // keeping the category needs no reason
        assert!(f.prepare_save().is_some(), "{:?}", f.state.problems);
        let mut f = Form::new_part(client(), PartRef::new(PartKind::Assessment), &no_names, today());
        f.state.set_choice("category", "kuning");
        assert!(f.prepare_save().is_none());
        let reason = f.state.index("reason").unwrap();
        let found: Vec<&Issue> = f.state.problems_of(reason).collect();
        assert_eq!(found, [&Issue::ReasonForChange { from: RiskCategory::Merah }]);
        assert_eq!(f.issue_text(crate::i18n::Lang::En, found[0]), "the category changes from red: write why");
        f.state.set_value("reason", "rutin wajib lapor, ikut pelatihan");
        assert!(f.prepare_save().is_some());
        // the first assessment of a client changes nothing
        let mut c = Client::new("Baru");
        c.meta.id = 2;
        c.officer = "Budi Santoso".into();
        let mut f = Form::new_part(Target::Client(Box::new(c)), PartRef::new(PartKind::Assessment), &no_names, today());
        assert_eq!(f.state.choice("category"), Some("kuning"));
        f.state.set_choice("category", "hijau");
        assert!(f.prepare_save().is_some(), "{:?}", f.state.problems);
    }

    #[test]
    fn problems_of_the_part_land_on_its_fields() {
        let mut f = Form::new_part(client(), PartRef::new(PartKind::Assessment), &no_names, today());
        f.state.set_value("date", "+30d");
        f.state.set_value("assessor", "");
        assert!(f.prepare_save().is_none());
        let date = f.state.index("date").unwrap();
        let assessor = f.state.index("assessor").unwrap();
        assert!(
            f.state.problems_of(date).any(|p| *p == Issue::Problem(ProblemKind::InFuture)),
            "{:?}",
            f.state.problems
        );
        assert!(f.state.problems_of(assessor).any(|p| *p == Issue::Problem(ProblemKind::Required)));
        assert_eq!(f.state.focus, date, "the keyboard goes to the first problem");
    }

    #[test]
    fn a_contact_with_a_bad_phone_and_email_is_refused_by_field() {
        let mut s = Stakeholder::new("Pokmas Barista", StakeholderKind::Government);
        s.meta.id = 3;
        let mut f =
            Form::new_part(Target::Stakeholder(Box::new(s)), PartRef::new(PartKind::Contact), &no_names, today());
        f.state.set_value("name", "Siti Aminah");
        f.state.set_value("phone", "12345");
        f.state.set_value("email", "siti@");
        assert!(f.prepare_save().is_none());
        let phone = f.state.index("phone").unwrap();
        let email = f.state.index("email").unwrap();
        assert!(f.state.problems_of(phone).any(|p| *p == Issue::Problem(ProblemKind::Phone)));
        assert!(f.state.problems_of(email).any(|p| *p == Issue::Problem(ProblemKind::Email)));
        f.state.set_value("phone", "0812 3456 7890");
        f.state.set_value("email", "siti@example.org");
        let Some(Target::Stakeholder(s)) = f.prepare_save() else { panic!("{:?}", f.state.problems) };
        assert_eq!(s.contacts[0].phone, "081234567890", "stored in one form");
    }

    #[test]
    fn a_participant_form_shows_the_fields_of_who_it_is() {
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(today()));
        e.meta.id = 2;
        e.participants
            .push(Participant::new(Who::Stakeholder { stakeholder: StakeholderId(7), representative: String::new() }));
        let mut f = Form::new_part(Target::Event(Box::new(e)), PartRef::new(PartKind::Participant), &no_names, today());
        let shown = |f: &Form| -> Vec<&str> {
            (0..f.state.fields.len()).filter(|&i| f.state.is_shown(i)).map(|i| f.state.fields[i].key).collect()
        };
        assert_eq!(shown(&f), vec!["who", "client", "attendance", "role"]);
        f.state.set_choice("who", "stakeholder");
        assert_eq!(shown(&f), vec!["who", "stakeholder", "representative", "role"]);
        // Tab skips what is not shown
        f.state.focus = 0;
        f.state.next_field();
        assert_eq!(f.state.fields[f.state.focus].key, "stakeholder");
        // the same stakeholder twice is refused
        f.state.insert("Barista", &NoLookup);
        f.state.next_field();
        assert!(f.prepare_save().is_none());
        let st = f.state.index("stakeholder").unwrap();
        assert!(
            f.state.problems.iter().any(|(i, p)| *p == Issue::Problem(ProblemKind::Duplicate) && *i <= st),
            "{:?}",
            f.state.problems
        );
        f.state.set_choice("who", "officer");
        f.state.set_value("name", "Dewi Lestari");
        f.state.set_choice("role", "facilitator");
        let Some(Target::Event(e)) = f.prepare_save() else { panic!("{:?}", f.state.problems) };
        assert_eq!(e.participants[1].who, Who::Officer { name: "Dewi Lestari".into() });
        // given its id at once, its role is kept under it
        let id = e.participants[1].id;
        assert!(!id.is_new() && id != e.participants[0].id);
        assert_eq!(e.role(id), ParticipantRole::Facilitator);
        assert_eq!(e.role(e.participants[0].id), ParticipantRole::Participant);
    }

    #[test]
    fn removing_takes_out_only_that_part() {
        let t = client();
        let Some(Target::Client(c)) = remove(&t, PartRef::at(PartKind::Assessment, 0)) else { panic!() };
        assert!(c.assessments.is_empty());
        assert!(remove(&t, PartRef::at(PartKind::Assessment, 5)).is_none(), "a part that is gone");
        assert!(remove(&t, PartRef::new(PartKind::Assessment)).is_none(), "a new part is not stored");
        assert!(remove(&t, PartRef::at(PartKind::Contact, 0)).is_none(), "clients have no contacts");
    }

    #[test]
    fn follow_ups_read_their_due_date_and_done_flag() {
        let e = Event::new("Rapat", EventKind::Meeting, When::Date(today()));
        let mut f = Form::new_part(Target::Event(Box::new(e)), PartRef::new(PartKind::FollowUp), &no_names, today());
        f.state.set_value("what", "Kirim daftar peserta");
        f.state.set_value("due", "+7d");
        f.state.set_choice("done", "yes");
        let Some(Target::Event(e)) = f.prepare_save() else { panic!("{:?}", f.state.problems) };
        assert_eq!(e.follow_ups[0].due, NaiveDate::from_ymd_opt(2024, 3, 8));
        assert!(e.follow_ups[0].done);
    }
}
