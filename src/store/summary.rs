//! Compact summaries of records, kept in the tree `summaries` beside them.
//!
//! A summary holds what the lists and the search index need of a client,
//! stakeholder or event, and nothing else: a client's case file (sessions,
//! register notes, assessments, Litmas, notes …) is many times larger than
//! its list row. The lists and the index are built from the summaries, so
//! a session starts without decoding, or making sled hold in memory, every
//! case file. Summaries are derived from their record alone and written in
//! the same transaction as it ([`super::Batch`]); `rebuild_indexes`
//! recomputes them and `check` compares each with its record.
//!
//! Key: `[record kind tag][id, u64 big-endian]`. Value: the summary
//! envelope ([`codec::encode_summary`]), versioned apart from records, so a
//! change of the summary layout is a rebuild, not a record migration.
//! Dates are days from the Common Era (`i32`): a third of a date's text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::model::fold::fold;
use crate::model::reporting::{self, Obligation, Standing};
use crate::model::{
    Client, ClientStatus, Event, EventKind, Gender, GuidancePhase, Need, RecordKind, ReportingFrequency,
    ReportingStatus, RiskCategory, Rri, Stakeholder, StakeholderKind, StakeholderStatus,
};

/// A date as stored in a summary.
fn day(d: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d)
}

/// A stored day back as a date (`None` for a day no date has).
fn date(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d)
}

/// A summary kind: which records it summarises, and its id.
pub trait Summary: Serialize + DeserializeOwned + 'static {
    /// The record kind summarised.
    const KIND: RecordKind;
    /// The records summarised.
    type Record: super::Indexed;
    /// The record's id.
    fn id(&self) -> u64;
    /// The summary of a record.
    fn of(rec: &Self::Record) -> Self;
    /// Empties what `role` may not read, as redacting the record (see
    /// [`crate::schema`]) and summarising it would.
    fn redact(&mut self, role: crate::model::Role) {
        let _ = role;
    }
}

/// The key of a record's summary.
pub fn key(kind: RecordKind, id: u64) -> Vec<u8> {
    let mut k = Vec::with_capacity(9);
    k.push(kind.tag());
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// The id in a summary key of `kind`, if it is one.
pub fn key_id(kind: RecordKind, k: &[u8]) -> Option<u64> {
    match k {
        [tag, id @ ..] if *tag == kind.tag() && id.len() == 8 => super::keys::read_u64(id),
        _ => None,
    }
}

/// A client as the lists and search see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    /// Record id.
    pub id: u64,
    /// Archived.
    pub archived: bool,
    /// Full name as written.
    pub name: String,
    /// Folded full name (search's form of it).
    pub folded: String,
    /// Aliases as written (search folds them; a search's rows print them).
    pub aliases: Vec<String>,
    /// Register number as written.
    pub register_no: String,
    /// NIK as written.
    pub nik: Option<String>,
    /// Skills as written.
    pub skills: Vec<String>,
    /// Office as written.
    pub office: String,
    /// Officer as written.
    pub officer: String,
    /// Current colour category.
    pub risk: Option<RiskCategory>,
    /// Current RRI reoffending risk.
    pub rri: Option<Rri>,
    /// Case status.
    pub status: ClientStatus,
    /// Gender.
    pub gender: Gender,
    /// Needs.
    pub needs: Vec<Need>,
    /// Guidance phase.
    pub phase: GuidancePhase,
    /// Birth date (day number).
    pub born: Option<i32>,
    /// Supervision start (day number).
    pub start: Option<i32>,
    /// Supervision end (day number).
    pub end: Option<i32>,
    /// Reporting frequency.
    pub frequency: ReportingFrequency,
    /// Custom reporting days.
    pub custom_dates: Vec<i32>,
    /// The register without notes: day and status, in the record's order.
    pub register: Vec<(i32, ReportingStatus)>,
    /// The day the register counts from (day number).
    pub from: Option<i32>,
}

impl Summary for ClientSummary {
    const KIND: RecordKind = RecordKind::Client;
    type Record = Client;
    fn id(&self) -> u64 {
        self.id
    }
    fn of(rec: &Client) -> Self {
        ClientSummary::of(rec)
    }
    /// Each part of the summary as the summary of a blank client has it,
    /// when the field it comes from is one `role` may not read (the
    /// category and RRI come from the assessments).
    fn redact(&mut self, role: crate::model::Role) {
        let sees = |path: &str| crate::schema::sees(RecordKind::Client, role, path);
        let blank = ClientSummary::of(&Client::new(""));
        if !sees("aliases") {
            self.aliases = blank.aliases;
        }
        if !sees("register_no") {
            self.register_no = blank.register_no;
        }
        if !sees("nik") {
            self.nik = blank.nik;
        }
        if !sees("skills") {
            self.skills = blank.skills;
        }
        if !sees("office") {
            self.office = blank.office;
        }
        if !sees("officer") {
            self.officer = blank.officer;
        }
        if !sees("assessments") {
            self.risk = blank.risk;
            self.rri = blank.rri;
        }
        if !sees("status") {
            self.status = blank.status;
        }
        if !sees("gender") {
            self.gender = blank.gender;
        }
        if !sees("needs") {
            self.needs = blank.needs;
        }
        if !sees("phase") {
            self.phase = blank.phase;
        }
        if !sees("birth_date") {
            self.born = blank.born;
        }
        if !sees("supervision_start") {
            self.start = blank.start;
        }
        if !sees("supervision_end") {
            self.end = blank.end;
        }
        if !sees("reporting.frequency") {
            self.frequency = blank.frequency;
        }
        if !sees("reporting.custom_dates") {
            self.custom_dates = blank.custom_dates;
        }
        if !sees("reporting_register") {
            self.register = blank.register;
        }
        if !sees("reporting.from") {
            self.from = blank.from;
        }
    }
}

impl ClientSummary {
    /// The summary of a client.
    pub fn of(c: &Client) -> ClientSummary {
        ClientSummary {
            id: c.meta.id,
            archived: c.meta.archived,
            name: c.full_name.clone(),
            folded: fold(&c.full_name),
            aliases: c.aliases.clone(),
            register_no: c.register_no.clone(),
            nik: c.nik.clone(),
            skills: c.skills.clone(),
            office: c.office.clone(),
            officer: c.officer.clone(),
            risk: c.risk(),
            rri: c.current_rri(),
            status: c.status,
            gender: c.gender,
            needs: c.needs.clone(),
            phase: c.phase,
            born: c.birth_date.map(day),
            start: c.supervision_start.map(day),
            end: c.supervision_end.map(day),
            frequency: c.reporting.frequency,
            custom_dates: c.reporting.custom_dates.iter().copied().map(day).collect(),
            register: c.reporting_register.iter().map(|e| (day(e.date), e.status)).collect(),
            from: c.reporting.from.map(day),
        }
    }

    /// Birth date.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.born.and_then(date)
    }

    /// Supervision start.
    pub fn supervision_start(&self) -> Option<NaiveDate> {
        self.start.and_then(date)
    }

    /// Supervision end.
    pub fn supervision_end(&self) -> Option<NaiveDate> {
        self.end.and_then(date)
    }

    /// Where the client stands with reporting up to `today`; the same as
    /// [`reporting::standing`] of the record.
    pub fn standing(&self, today: NaiveDate, calendar: &crate::model::Calendar) -> Standing {
        let custom: Vec<NaiveDate> = self.custom_dates.iter().filter_map(|d| date(*d)).collect();
        let o = Obligation {
            start: self.supervision_start(),
            end: self.supervision_end(),
            frequency: self.frequency,
            custom_dates: &custom,
            from: self.from.and_then(date),
            calendar,
        };
        let recorded = |d: NaiveDate| {
            let d = day(d);
            self.register.iter().filter(|(x, _)| *x == d).map(|(_, s)| *s).next_back()
        };
        reporting::standing_of(&o, recorded, today)
    }
}

/// A stakeholder as the lists and search see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StakeholderSummary {
    /// Record id.
    pub id: u64,
    /// Archived.
    pub archived: bool,
    /// Name.
    pub name: String,
    /// Short name (may be empty).
    pub short_name: String,
    /// Kind.
    pub kind: StakeholderKind,
    /// Region.
    pub region: String,
    /// Services offered.
    pub services: Vec<String>,
    /// Status.
    pub status: StakeholderStatus,
}

impl Summary for StakeholderSummary {
    const KIND: RecordKind = RecordKind::Stakeholder;
    type Record = Stakeholder;
    fn id(&self) -> u64 {
        self.id
    }
    fn of(rec: &Stakeholder) -> Self {
        StakeholderSummary::of(rec)
    }
}

impl StakeholderSummary {
    /// The summary of a stakeholder.
    pub fn of(s: &Stakeholder) -> StakeholderSummary {
        StakeholderSummary {
            id: s.meta.id,
            archived: s.meta.archived,
            name: s.name.clone(),
            short_name: s.short_name.clone(),
            kind: s.kind,
            region: s.region.clone(),
            services: s.services.clone(),
            status: s.status,
        }
    }

    /// The short name where there is one, else the name (as `Stakeholder::display_name`).
    pub fn display_name(&self) -> &str {
        if self.short_name.trim().is_empty() { &self.name } else { &self.short_name }
    }
}

/// An event as the lists and search see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    /// Record id.
    pub id: u64,
    /// Archived.
    pub archived: bool,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: EventKind,
    /// First day (day number).
    pub start: i32,
    /// Last day (day number; the first when it has no end).
    pub end: i32,
    /// Location.
    pub location: String,
    /// Participant count.
    pub participants: u32,
    /// Organisers and participating stakeholders, sorted, once each.
    pub stakeholders: Vec<u64>,
}

impl Summary for EventSummary {
    const KIND: RecordKind = RecordKind::Event;
    type Record = Event;
    fn id(&self) -> u64 {
        self.id
    }
    fn of(rec: &Event) -> Self {
        EventSummary::of(rec)
    }
}

impl EventSummary {
    /// The summary of an event.
    pub fn of(e: &Event) -> EventSummary {
        let mut stakeholders: Vec<u64> =
            e.organisers.iter().map(|s| s.0).chain(e.stakeholder_participants().map(|s| s.0)).collect();
        stakeholders.sort_unstable();
        stakeholders.dedup();
        let start = e.start.date();
        EventSummary {
            id: e.meta.id,
            archived: e.meta.archived,
            title: e.title.clone(),
            kind: e.kind,
            start: day(start),
            end: day(e.end.map_or(start, |w| w.date()).max(start)),
            location: e.location.clone(),
            participants: e.count(),
            stakeholders,
        }
    }

    /// First day.
    pub fn start_date(&self) -> NaiveDate {
        date(self.start).unwrap_or_default()
    }

    /// Last day.
    pub fn end_date(&self) -> NaiveDate {
        date(self.end).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReportingEntry;
    use crate::store::codec;

    #[test]
    fn a_client_summary_round_trips_and_stands_as_its_record() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let mut c = Client::new("Djoko Soesilo");
        c.meta.id = 7;
        c.aliases = vec!["Pak Joko".into(), " ".into()];
        c.nik = Some("3507-0101-0180-0001".into());
        c.supervision_start = Some(d(1, 1));
        c.reporting.frequency = ReportingFrequency::Weekly;
        for (day, status) in
            [(1, ReportingStatus::Attended), (8, ReportingStatus::Missed), (8, ReportingStatus::Excused)]
        {
            c.reporting_register.push(ReportingEntry {
                id: crate::model::PartId::NEW,
                date: d(1, day),
                status,
                note: "catatan".into(),
                recorded_by: "rina".into(),
            });
        }
        let s = ClientSummary::of(&c);
        assert_eq!(s.aliases, vec!["Pak Joko".to_string(), " ".to_string()], "as written");
        assert_eq!(s.nik.as_deref(), Some("3507-0101-0180-0001"));
        let bytes = codec::encode_summary(&s).unwrap();
        assert_eq!(codec::decode_summary::<ClientSummary>(&bytes).unwrap(), s);
        for today in [d(1, 1), d(1, 15), d(1, 22), d(3, 1)] {
            let cal = crate::model::Calendar::default();
            assert_eq!(s.standing(today, &cal), reporting::standing(&c, &cal, today), "{today}");
        }
        assert!(bytes.len() * 4 < codec::encode(&c).unwrap().len() * 3, "smaller than the record");
    }
}

#[cfg(test)]
mod redaction_tests {
    use super::*;
    use crate::model::Role;

    /// A summary redacted for a role is the summary of the record redacted
    /// for it: the lists and search of a role show what its details show.
    #[test]
    fn a_redacted_summary_is_the_summary_of_the_redacted_record() {
        let opts = crate::demo::DemoOptions {
            clients: 80,
            seed: 5,
            today: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default(),
        };
        for (c, _) in crate::demo::clients(&opts) {
            for role in [Role::Admin, Role::Officer, Role::Partner, Role::Viewer] {
                let mut s = ClientSummary::of(&c);
                s.redact(role);
                let mut r = c.clone();
                crate::schema::redact(&mut r, role);
                assert_eq!(s, ClientSummary::of(&r), "{role:?}, K-{}", c.meta.id);
            }
        }
    }
}
