//! Record layouts of earlier schemas, frozen, for migrations.
//!
//! bincode is not self-describing: a value written with an older layout
//! decodes only with that layout. Each schema step that changes a record
//! keeps the old layout here, decodes with it and converts, so a database
//! from an older simpul opens with nothing lost. Never change these types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::*;

/// A guidance session as schema 1 stored it (no group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceSessionV1 {
    /// When.
    pub date: NaiveDate,
    /// Stream.
    pub stream: GuidanceStream,
    /// Mode.
    pub mode: GuidanceMode,
    /// Place.
    pub place: SessionPlace,
    /// Officer.
    pub officer: String,
    /// Summary.
    pub summary: String,
    /// Next step.
    pub next_step: String,
}

/// A reporting register line as schema 1 stored it (no recorder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingEntryV1 {
    /// Expected date.
    pub date: NaiveDate,
    /// What happened.
    pub status: ReportingStatus,
    /// Note.
    pub note: String,
}

/// A client as schema 1 stored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientV1 {
    /// Meta.
    pub meta: Meta,
    /// Register number.
    pub register_no: String,
    /// Full name.
    pub full_name: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// NIK.
    pub nik: Option<String>,
    /// Birth place.
    pub birth_place: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Gender.
    pub gender: Gender,
    /// Address.
    pub address: Address,
    /// Phone.
    pub phone: String,
    /// Office.
    pub office: String,
    /// Officer.
    pub officer: String,
    /// Programme.
    pub programme: SupervisionProgramme,
    /// Supervision start.
    pub supervision_start: Option<NaiveDate>,
    /// Supervision end.
    pub supervision_end: Option<NaiveDate>,
    /// Reporting schedule.
    pub reporting: ReportingSchedule,
    /// Reporting register.
    pub reporting_register: Vec<ReportingEntryV1>,
    /// Offence.
    pub offence: String,
    /// Sentence.
    pub sentence: String,
    /// Assessments.
    pub assessments: Vec<Assessment>,
    /// Skills.
    pub skills: Vec<String>,
    /// Needs.
    pub needs: Vec<Need>,
    /// Consent.
    pub consent: Consent,
    /// Status.
    pub status: ClientStatus,
    /// Phase.
    pub phase: GuidancePhase,
    /// Phase history.
    pub phase_history: Vec<PhaseChange>,
    /// Sessions.
    pub sessions: Vec<GuidanceSessionV1>,
    /// Litmas.
    pub litmas: Vec<Litmas>,
    /// Notes.
    pub notes: String,
}

impl From<ClientV1> for Client {
    fn from(c: ClientV1) -> Client {
        // who recorded an old register line is not known; the officer is the best guess
        let recorder = c.officer.clone();
        // field by field onto a blank client: fields added since are left blank
        let mut n = Client::new(c.full_name);
        n.meta = c.meta;
        n.register_no = c.register_no;
        n.aliases = c.aliases;
        n.nik = c.nik;
        n.birth_place = c.birth_place;
        n.birth_date = c.birth_date;
        n.gender = c.gender;
        n.address = c.address;
        n.phone = c.phone;
        n.office = c.office;
        n.officer = c.officer;
        n.programme = c.programme;
        n.supervision_start = c.supervision_start;
        n.supervision_end = c.supervision_end;
        n.reporting = c.reporting;
        n.reporting_register = c
            .reporting_register
            .into_iter()
            .map(|e| ReportingEntry {
                id: PartId::NEW,
                date: e.date,
                status: e.status,
                note: e.note,
                recorded_by: recorder.clone(),
            })
            .collect();
        n.offence = c.offence;
        n.sentence = c.sentence;
        n.assessments = c.assessments;
        n.skills = c.skills;
        n.needs = c.needs;
        n.consent = c.consent;
        n.status = c.status;
        n.phase = c.phase;
        n.phase_history = c.phase_history;
        n.sessions = c
            .sessions
            .into_iter()
            .map(|s| GuidanceSession {
                id: PartId::NEW,
                date: s.date,
                stream: s.stream,
                mode: s.mode,
                place: s.place,
                officer: s.officer,
                summary: s.summary,
                next_step: s.next_step,
                group: Vec::new(),
            })
            .collect();
        n.litmas = c.litmas;
        n.notes = c.notes;
        n
    }
}

/// A user as schemas 1 to 3 stored it (no time zone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserV2 {
    /// Meta.
    pub meta: Meta,
    /// Login name.
    pub name: String,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Partner's stakeholder.
    pub stakeholder: Option<StakeholderId>,
    /// Supervisor.
    pub supervisor: bool,
    /// SSH keys.
    pub keys: Vec<String>,
    /// Language.
    pub language: Option<String>,
    /// Keymap.
    pub keymap: Option<String>,
    /// Disabled.
    pub disabled: bool,
}

impl From<UserV2> for User {
    fn from(u: UserV2) -> User {
        // field by field onto a new user: fields added since are left blank
        let mut n = User::new(u.name, u.role);
        n.meta = u.meta;
        n.full_name = u.full_name;
        n.stakeholder = u.stakeholder;
        n.supervisor = u.supervisor;
        n.keys = u.keys;
        n.language = u.language;
        n.keymap = u.keymap;
        n.disabled = u.disabled;
        n
    }
}

/// A merge record as schemas before 5 stored it: the records themselves,
/// in their positional layout (no sub-record ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecordV3 {
    /// Merge number.
    pub seq: u64,
    /// Survivor.
    pub survivor: u64,
    /// Merged client.
    pub merged: u64,
    /// Clients before, version after.
    pub clients: Vec<(Client, u64)>,
    /// Referrals before, version after.
    pub referrals: Vec<(Referral, u64)>,
    /// Events before, version after.
    pub events: Vec<(Event, u64)>,
    /// Undone.
    pub undone: bool,
}
