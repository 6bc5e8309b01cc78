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
        Client {
            meta: c.meta,
            register_no: c.register_no,
            full_name: c.full_name,
            aliases: c.aliases,
            nik: c.nik,
            birth_place: c.birth_place,
            birth_date: c.birth_date,
            gender: c.gender,
            address: c.address,
            phone: c.phone,
            office: c.office,
            officer: c.officer,
            programme: c.programme,
            supervision_start: c.supervision_start,
            supervision_end: c.supervision_end,
            reporting: c.reporting,
            reporting_register: c
                .reporting_register
                .into_iter()
                .map(|e| ReportingEntry {
                    id: crate::model::PartId::NEW,
                    date: e.date,
                    status: e.status,
                    note: e.note,
                    recorded_by: recorder.clone(),
                })
                .collect(),
            offence: c.offence,
            sentence: c.sentence,
            assessments: c.assessments,
            skills: c.skills,
            needs: c.needs,
            consent: c.consent,
            status: c.status,
            phase: c.phase,
            phase_history: c.phase_history,
            sessions: c
                .sessions
                .into_iter()
                .map(|s| GuidanceSession {
                    id: crate::model::PartId::NEW,
                    date: s.date,
                    stream: s.stream,
                    mode: s.mode,
                    place: s.place,
                    officer: s.officer,
                    summary: s.summary,
                    next_step: s.next_step,
                    group: Vec::new(),
                })
                .collect(),
            litmas: c.litmas,
            notes: c.notes,
        }
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
        User {
            meta: u.meta,
            name: u.name,
            full_name: u.full_name,
            role: u.role,
            stakeholder: u.stakeholder,
            supervisor: u.supervisor,
            keys: u.keys,
            language: u.language,
            keymap: u.keymap,
            disabled: u.disabled,
            zone: None,
        }
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
