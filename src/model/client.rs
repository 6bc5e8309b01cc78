//! Clients (klien) and the parts of their case file.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{ClientId, Meta, PartId};
use super::vocab::*;

/// A postal address as written in Indonesia.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Street, house number, RT/RW.
    pub street: String,
    /// Kelurahan or desa.
    pub village: String,
    /// Kecamatan.
    pub district: String,
    /// Kabupaten or kota.
    pub regency: String,
    /// Province.
    pub province: String,
}

impl Address {
    /// True when no part is filled in.
    pub fn is_empty(&self) -> bool {
        [&self.street, &self.village, &self.district, &self.regency, &self.province].iter().all(|s| s.trim().is_empty())
    }

    /// The filled-in parts joined with ", ".
    pub fn one_line(&self) -> String {
        [&self.street, &self.village, &self.district, &self.regency, &self.province]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One risk assessment: colour category and RRI reoffending risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Stable id within the client (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// When it was made.
    pub date: NaiveDate,
    /// Colour category.
    pub category: RiskCategory,
    /// Reoffending risk from the RRI instrument, when it was scored.
    pub rri: Option<Rri>,
    /// Who assessed.
    pub assessor: String,
    /// Why the category is what it is (or why it changed).
    pub reason: String,
}

/// One guidance session (bimbingan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceSession {
    /// Stable id within the client (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// When it took place.
    pub date: NaiveDate,
    /// Personality or independence.
    pub stream: GuidanceStream,
    /// One-to-one or group.
    pub mode: GuidanceMode,
    /// Where.
    pub place: SessionPlace,
    /// Officer who led it.
    pub officer: String,
    /// What was done and said.
    pub summary: String,
    /// What comes next.
    pub next_step: String,
    /// The other clients of a group session, recorded with it at once.
    pub group: Vec<ClientId>,
}

/// The reporting obligation (wajib lapor) of a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingSchedule {
    /// How it recurs.
    pub frequency: ReportingFrequency,
    /// Dates set by the officer when the frequency is custom.
    pub custom_dates: Vec<NaiveDate>,
    /// The day from which the register counts: a day of the schedule
    /// before it with nothing recorded is not a miss (a day recorded
    /// before it still counts). A new schedule starts counting on the day
    /// it is set ([`Client::settle`]). Stored in the extension area.
    #[serde(skip)]
    pub from: Option<NaiveDate>,
}

impl Default for ReportingSchedule {
    fn default() -> Self {
        ReportingSchedule { frequency: ReportingFrequency::None, custom_dates: Vec::new(), from: None }
    }
}

/// One line of the reporting register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingEntry {
    /// Stable id within the client (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// The expected reporting date.
    pub date: NaiveDate,
    /// What happened.
    pub status: ReportingStatus,
    /// Officer's note.
    pub note: String,
    /// Who recorded it.
    pub recorded_by: String,
}

/// A change of guidance phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseChange {
    /// The new phase.
    pub phase: GuidancePhase,
    /// From when.
    pub date: NaiveDate,
}

/// A Litmas report (Penelitian Kemasyarakatan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Litmas {
    /// Stable id within the client (see [`PartId`]).
    #[serde(skip)]
    pub id: PartId,
    /// Initial, follow-up or integration.
    pub kind: LitmasKind,
    /// Date of the report.
    pub date: NaiveDate,
    /// Who wrote it (login names, or names as the officers write them);
    /// the user who starts one, unless changed. Empty in a report stored
    /// before authors were recorded. Stored in the extension area.
    #[serde(skip)]
    pub authors: Vec<String>,
    /// Methods used (interview, home visit …).
    pub methods: String,
    /// Sources consulted.
    pub sources: String,
    /// Findings.
    pub findings: String,
    /// Recommendation.
    pub recommendation: String,
}

/// Consent to share the case with partner institutions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Whether the client consented.
    pub given: bool,
    /// When consent was given or withdrawn.
    pub date: Option<NaiveDate>,
}

/// A client under supervision: the case file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// Id, version, timestamps, archived flag.
    pub meta: Meta,
    /// Register number at the office.
    pub register_no: String,
    /// Full name.
    pub full_name: String,
    /// Other names and spellings the client is known by.
    pub aliases: Vec<String>,
    /// National identity number (16 digits).
    pub nik: Option<String>,
    /// Place of birth.
    pub birth_place: String,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Gender.
    pub gender: Gender,
    /// Home address.
    pub address: Address,
    /// Telephone.
    pub phone: String,
    /// Supervising office (BAPAS), as people write it.
    pub office: String,
    /// Assigned probation officer (PK).
    pub officer: String,
    /// Supervision programme.
    pub programme: SupervisionProgramme,
    /// Start of supervision.
    pub supervision_start: Option<NaiveDate>,
    /// End of supervision.
    pub supervision_end: Option<NaiveDate>,
    /// Reporting obligation.
    pub reporting: ReportingSchedule,
    /// Reporting register: what happened on each expected date.
    pub reporting_register: Vec<ReportingEntry>,
    /// Offence summary (sensitive).
    pub offence: String,
    /// Sentence (sensitive).
    pub sentence: String,
    /// Risk assessments, any order; the newest by date is current.
    pub assessments: Vec<Assessment>,
    /// Skills.
    pub skills: Vec<String>,
    /// Needs.
    pub needs: Vec<Need>,
    /// Consent to share with partners.
    pub consent: Consent,
    /// Case status.
    pub status: ClientStatus,
    /// Current guidance phase.
    pub phase: GuidancePhase,
    /// History of phase changes.
    pub phase_history: Vec<PhaseChange>,
    /// Guidance sessions.
    pub sessions: Vec<GuidanceSession>,
    /// Litmas reports.
    pub litmas: Vec<Litmas>,
    /// Free notes (sensitive).
    pub notes: String,
    /// Changes that wait for a supervisor's approval and are not in force
    /// until it comes. Stored in the extension area.
    #[serde(skip)]
    pub held: Held,
}

/// What of a case file waits for a supervisor's approval (see
/// `store::approvals`): lists, the agenda, figures and documents use the
/// values in force, the case file shows these as pending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// A closure asked for (completed or revoked): the status stays what
    /// it was until a supervisor approves.
    pub closure: Option<ClientStatus>,
    /// Assessments that change the category: waiting, or rejected (kept
    /// in the case file, never in force).
    pub assessments: Vec<HeldPart>,
}

/// An assessment that is not in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldPart {
    /// The assessment.
    pub id: PartId,
    /// Rejected (else waiting for a decision).
    pub rejected: bool,
}

impl Held {
    /// Whether nothing waits and nothing was rejected.
    pub fn is_empty(&self) -> bool {
        self.closure.is_none() && self.assessments.is_empty()
    }

    /// How an assessment is held, if it is.
    pub fn assessment(&self, id: PartId) -> Option<HeldPart> {
        self.assessments.iter().copied().find(|h| h.id == id)
    }
}

impl Client {
    /// A blank client, as a form starts.
    pub fn new(full_name: impl Into<String>) -> Client {
        Client { full_name: full_name.into(), ..Client::default() }
    }

    /// The typed id.
    pub fn id(&self) -> ClientId {
        ClientId(self.meta.id)
    }

    /// Whether an assessment is in force: not waiting for approval, not rejected.
    pub fn in_force(&self, a: &Assessment) -> bool {
        self.held.assessment(a.id).is_none()
    }

    /// The newest assessment in force by date (the last one entered wins a tie).
    pub fn latest_assessment(&self) -> Option<&Assessment> {
        self.assessments
            .iter()
            .enumerate()
            .filter(|(_, a)| self.in_force(a))
            .max_by_key(|(i, a)| (a.date, *i))
            .map(|(_, a)| a)
    }

    /// Current colour category: that of the newest assessment in force.
    pub fn risk(&self) -> Option<RiskCategory> {
        self.latest_assessment().map(|a| a.category)
    }

    /// The RRI reoffending risk of the newest assessment in force that scored it.
    pub fn current_rri(&self) -> Option<Rri> {
        self.assessments
            .iter()
            .enumerate()
            .filter(|(_, a)| a.rri.is_some() && self.in_force(a))
            .max_by_key(|(i, a)| (a.date, *i))
            .and_then(|(_, a)| a.rri)
    }

    /// The assessments of `self` that change the category in force in
    /// `before` and were not there (or set another category) then: each
    /// takes effect only when a supervisor approves. The first assessment
    /// of a client changes nothing and needs none.
    pub fn category_changes(&self, before: &Client) -> Vec<PartId> {
        let Some(in_force) = before.risk() else { return Vec::new() };
        self.assessments
            .iter()
            .filter(|a| a.category != in_force)
            .filter(|a| before.assessments.iter().find(|b| b.id == a.id).is_none_or(|b| b.category != a.category))
            .map(|a| a.id)
            .collect()
    }

    /// The newest guidance session by date.
    pub fn last_session(&self) -> Option<&GuidanceSession> {
        self.sessions.iter().max_by_key(|s| s.date)
    }

    /// Completes what a save sets by itself, `before` being the client as
    /// stored (none for a new one): a reporting schedule that is new (a
    /// client that had none, or a frequency changed without its
    /// reporting-from date being changed too) counts from `today`, the
    /// day it is set, and so does one that has no reporting-from date.
    pub fn settle(&mut self, before: Option<&Client>, today: NaiveDate) {
        let r = &mut self.reporting;
        if r.frequency == ReportingFrequency::None {
            return;
        }
        let new_schedule = before.is_some_and(|b| b.reporting.frequency != r.frequency && b.reporting.from == r.from);
        if r.from.is_none() || new_schedule {
            r.from = Some(today);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn assessment(date: NaiveDate, category: RiskCategory) -> Assessment {
        Assessment {
            id: crate::model::PartId::NEW,
            date,
            category,
            rri: None,
            assessor: String::new(),
            reason: String::new(),
        }
    }

    #[test]
    fn risk_is_the_newest_assessment() {
        let mut c = Client::new("Budi");
        assert_eq!(c.risk(), None);
        c.assessments.push(assessment(d(2023, 5, 1), RiskCategory::Kuning));
        c.assessments.push(assessment(d(2022, 1, 1), RiskCategory::Merah));
        assert_eq!(c.risk(), Some(RiskCategory::Kuning));
        c.assessments.push(assessment(d(2023, 5, 1), RiskCategory::Hijau));
        assert_eq!(c.risk(), Some(RiskCategory::Hijau), "last entered wins a tie");
    }

    #[test]
    fn address_one_line_skips_blanks() {
        let a = Address {
            street: "Jl. Melati 3".into(),
            village: " ".into(),
            district: "Pujon".into(),
            regency: "Kab. Malang".into(),
            province: String::new(),
        };
        assert_eq!(a.one_line(), "Jl. Melati 3, Pujon, Kab. Malang");
        assert!(Address::default().is_empty());
    }
}
