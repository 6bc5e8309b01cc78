//! The tables: one line per field, in form order.

use super::text::*;
use super::{Access, Field, Kind, PartList, Seen, Table, Typed};

/// Withheld from partners; viewers (the office's own readers) see it.
const PARTNER: Access = Access { partner: Seen::Withheld, viewer: Seen::Shown };
use super::FormMsg as M;
use crate::model::Lang;
use crate::model::*;
use crate::words;

/// A field's value: `cell!(Record, Type, text form, path.to.field)`.
macro_rules! cell {
    ($r:ty, $t:ty, $text:expr, $($path:ident).+) => {
        &Typed::<$r, $t> { get: |r| &r.$($path).+, get_mut: |r| &mut r.$($path).+, text: $text }
    };
}

/// A list of sub-records as a field: counted as text, never typed in.
pub struct Items;
impl<T: Sync> Text<Vec<T>> for Items {
    fn kind(&'static self) -> Kind {
        Kind::Parts
    }
    fn format(&self, v: &Vec<T>) -> String {
        v.len().to_string()
    }
    fn parse(&self, _: &str, _: chrono::NaiveDate) -> Result<Vec<T>, super::Invalid> {
        Err(super::Invalid::Number)
    }
}

/// What waits for a supervisor: said in codes (the details word it).
pub struct HeldText;
impl Text<Held> for HeldText {
    fn kind(&'static self) -> Kind {
        Kind::Parts
    }
    fn format(&self, v: &Held) -> String {
        let mut parts: Vec<String> = v.closure.iter().map(|s| format!("closure {}", s.code())).collect();
        for h in &v.assessments {
            parts.push(format!("assessment #{} {}", h.id.0, if h.rejected { "rejected" } else { "pending" }));
        }
        parts.join("; ")
    }
    fn parse(&self, _: &str, _: chrono::NaiveDate) -> Result<Held, super::Invalid> {
        Err(super::Invalid::Number)
    }
}

static GENDER: GenderText = GenderText;
static PROGRAMME: Vocab<SupervisionProgramme> = Vocab { label: words::programme };
static FREQUENCY: Vocab<ReportingFrequency> = Vocab { label: words::frequency };
static NEEDS: VocabSet<Need> = VocabSet { label: words::need };
static CLIENT_STATUS: ClientStatusText = ClientStatusText;
static PHASE: Vocab<GuidancePhase> = Vocab { label: words::phase };

/// A client's fields.
pub static CLIENT: &[Field<Client>] = &[
    Field::new("full_name", M::FullName, cell!(Client, String, &Line, full_name))
        .column("full_name")
        .required()
        .merge()
        .in_summary(),
    Field::new("aliases", M::Aliases, cell!(Client, Vec<String>, &Names, aliases))
        .column("aliases")
        .in_summary()
        .access(PARTNER),
    Field::new("nik", M::Nik, cell!(Client, Option<String>, &Nik, nik)).column("nik").sensitive().merge().in_summary(),
    Field::new("birth_place", M::BirthPlace, cell!(Client, String, &Line, birth_place))
        .column("birth_place")
        .merge()
        .in_summary()
        .access(PARTNER),
    Field::new("birth_date", M::BirthDate, cell!(Client, Option<chrono::NaiveDate>, &OptDate, birth_date))
        .column("birth_date")
        .merge()
        .in_summary()
        .access(PARTNER),
    Field::new("gender", M::Gender, cell!(Client, Gender, &GENDER, gender)).column("gender").merge().in_summary(),
    Field::new("phone", M::Phone, cell!(Client, String, &Phone, phone)).column("phone").merge().in_summary(),
    Field::new("address.street", M::Street, cell!(Client, String, &Line, address.street))
        .column("street")
        .sensitive()
        .merge()
        .in_summary(),
    Field::new("address.village", M::Village, cell!(Client, String, &Line, address.village))
        .column("village")
        .sensitive()
        .merge()
        .in_summary(),
    Field::new("address.district", M::District, cell!(Client, String, &Line, address.district))
        .column("district")
        .sensitive()
        .merge()
        .in_summary(),
    Field::new("address.regency", M::Regency, cell!(Client, String, &Line, address.regency))
        .column("regency")
        .sensitive()
        .merge()
        .in_summary(),
    Field::new("address.province", M::Province, cell!(Client, String, &Line, address.province))
        .column("province")
        .sensitive()
        .merge()
        .in_summary(),
    Field::new("office", M::Office, cell!(Client, String, &Line, office)).column("office").merge().in_summary(),
    Field::new("officer", M::Officer, cell!(Client, String, &Line, officer)).column("officer").merge().in_summary(),
    Field::new("programme", M::Programme, cell!(Client, SupervisionProgramme, &PROGRAMME, programme))
        .column("programme")
        .merge()
        .in_summary()
        .access(PARTNER),
    Field::new(
        "supervision_start",
        M::SupervisionStart,
        cell!(Client, Option<chrono::NaiveDate>, &OptDate, supervision_start),
    )
    .column("supervision_start")
    .merge()
    .in_summary()
    .access(PARTNER),
    Field::new(
        "supervision_end",
        M::SupervisionEnd,
        cell!(Client, Option<chrono::NaiveDate>, &OptDate, supervision_end),
    )
    .column("supervision_end")
    .merge()
    .in_summary()
    .access(PARTNER),
    Field::new(
        "reporting.frequency",
        M::ReportingFrequency,
        cell!(Client, ReportingFrequency, &FREQUENCY, reporting.frequency),
    )
    .column("reporting")
    .merge()
    .in_summary()
    .access(PARTNER),
    Field::new(
        "reporting.custom_dates",
        M::ReportingDates,
        cell!(Client, Vec<chrono::NaiveDate>, &DateList, reporting.custom_dates),
    )
    .column("reporting_dates")
    .shown_when("reporting.frequency", "custom")
    .merge()
    .access(PARTNER),
    Field::new("reporting.from", M::ReportingFrom, cell!(Client, Option<chrono::NaiveDate>, &OptDate, reporting.from))
        .column("reporting_from")
        .merge()
        .in_summary()
        .access(PARTNER)
        .ext(17),
    Field::new("skills", M::Skills, cell!(Client, Vec<String>, &Words, skills)).column("skills").in_summary(),
    Field::new("needs", M::Needs, cell!(Client, Vec<Need>, &NEEDS, needs)).column("needs").in_summary(),
    Field::new("consent.given", M::Consent, cell!(Client, bool, &YesNo, consent.given))
        .column("consent")
        .merge()
        .in_summary(),
    Field::new("consent.date", M::ConsentDate, cell!(Client, Option<chrono::NaiveDate>, &OptDate, consent.date))
        .merge()
        .in_summary(),
    Field::new("notes", M::Notes, cell!(Client, String, &Lines, notes)).column("notes").sensitive().merge(),
    Field::new("register_no", M::RegisterNo, cell!(Client, String, &Line, register_no))
        .column("register_no")
        .merge()
        .in_summary()
        .access(PARTNER),
    Field::new("status", M::Status, cell!(Client, ClientStatus, &CLIENT_STATUS, status))
        .column("status")
        .merge()
        .in_summary(),
    Field::new("phase", M::Phase, cell!(Client, GuidancePhase, &PHASE, phase))
        .column("phase")
        .merge()
        .in_summary()
        .access(PARTNER),
    Field::new("offence", M::Offence, cell!(Client, String, &Lines, offence)).sensitive().merge().in_summary(),
    Field::new("sentence", M::Sentence, cell!(Client, String, &Line, sentence)).sensitive().merge().in_summary(),
    Field::new("assessments", M::PartAssessment, cell!(Client, Vec<Assessment>, &Items, assessments))
        .sensitive()
        .no_form()
        .in_summary(),
    Field::new("sessions", M::PartSession, cell!(Client, Vec<GuidanceSession>, &Items, sessions))
        .no_form()
        .access(PARTNER)
        .in_summary(),
    Field::new("litmas", M::PartLitmas, &PartList::<Client, Litmas> { get: |c| &c.litmas, get_mut: |c| &mut c.litmas })
        .sensitive()
        .no_form()
        .in_summary(),
    Field::new(
        "reporting_register",
        M::PartReporting,
        cell!(Client, Vec<ReportingEntry>, &REGISTER, reporting_register),
    )
    .column("register")
    .no_form()
    .access(PARTNER)
    .in_summary(),
    Field::new("phase_history", M::Phase, cell!(Client, Vec<PhaseChange>, &Items, phase_history))
        .no_form()
        .access(PARTNER)
        .in_summary(),
    // set by the store and by supervisors' decisions, never typed (see store::approvals)
    Field::new("held", M::Held, cell!(Client, Held, &HeldText, held)).sensitive().no_form().in_summary().ext(24),
];

static STAKEHOLDER_KIND: Vocab<StakeholderKind> = Vocab { label: words::stakeholder_kind };
static STAKEHOLDER_STATUS: Vocab<StakeholderStatus> = Vocab { label: words::stakeholder_status };

/// A stakeholder's fields.
pub static STAKEHOLDER: &[Field<Stakeholder>] = &[
    Field::new("name", M::Name, cell!(Stakeholder, String, &Line, name)).column("name").required().in_summary(),
    Field::new("short_name", M::ShortName, cell!(Stakeholder, String, &Line, short_name))
        .column("short_name")
        .in_summary(),
    Field::new("kind", M::Kind, cell!(Stakeholder, StakeholderKind, &STAKEHOLDER_KIND, kind))
        .column("kind")
        .in_summary(),
    Field::new("services", M::Services, cell!(Stakeholder, Vec<String>, &Words, services))
        .column("services")
        .in_summary(),
    Field::new("capacity", M::Capacity, cell!(Stakeholder, Option<u32>, &Count, capacity))
        .column("capacity")
        .in_summary(),
    Field::new("region", M::Region, cell!(Stakeholder, String, &Line, region)).column("region").in_summary(),
    Field::new("address.street", M::Street, cell!(Stakeholder, String, &Line, address.street))
        .column("street")
        .in_summary(),
    Field::new("address.village", M::Village, cell!(Stakeholder, String, &Line, address.village)).in_summary(),
    Field::new("address.district", M::District, cell!(Stakeholder, String, &Line, address.district)).in_summary(),
    Field::new("address.regency", M::Regency, cell!(Stakeholder, String, &Line, address.regency))
        .column("regency")
        .in_summary(),
    Field::new("address.province", M::Province, cell!(Stakeholder, String, &Line, address.province))
        .column("province")
        .in_summary(),
    Field::new("status", M::Status, cell!(Stakeholder, StakeholderStatus, &STAKEHOLDER_STATUS, status))
        .column("status")
        .in_summary(),
    Field::new("notes", M::Notes, cell!(Stakeholder, String, &Lines, notes)).column("notes").in_summary(),
    Field::new("contacts", M::PartContact, cell!(Stakeholder, Vec<Contact>, &Items, contacts)).no_form().in_summary(),
    Field::new("agreements", M::PartAgreement, cell!(Stakeholder, Vec<Agreement>, &Items, agreements))
        .no_form()
        .in_summary(),
];

static EVENT_KIND: Vocab<EventKind> = Vocab { label: words::event_kind };

/// An event's fields.
pub static EVENT: &[Field<Event>] = &[
    Field::new("title", M::Title, cell!(Event, String, &Line, title)).column("title").required().in_summary(),
    Field::new("kind", M::Kind, cell!(Event, EventKind, &EVENT_KIND, kind)).column("kind").in_summary(),
    Field::new("start", M::Start, cell!(Event, When, &Moment, start)).column("start").required().in_summary(),
    Field::new("end", M::End, cell!(Event, Option<When>, &OptMoment, end)).column("end").in_summary(),
    Field::new("location", M::Location, cell!(Event, String, &Line, location)).column("location").in_summary(),
    Field::new("organisers", M::Organisers, cell!(Event, Vec<StakeholderId>, &STAKEHOLDER_REFS, organisers))
        .column("organisers")
        .in_summary(),
    Field::new("participant_count", M::Count, cell!(Event, Option<u32>, &Count, participant_count))
        .column("participant_count")
        .in_summary(),
    Field::new("summary", M::Summary, cell!(Event, String, &Lines, summary)).column("summary").in_summary(),
    Field::new("outcomes", M::Outcomes, cell!(Event, String, &Lines, outcomes)).column("outcomes").in_summary(),
    Field::new("participants", M::PartParticipant, cell!(Event, Vec<Participant>, &Items, participants))
        .no_form()
        .in_summary(),
    Field::new("follow_ups", M::PartFollowUp, cell!(Event, Vec<FollowUp>, &Items, follow_ups)).no_form().in_summary(),
    Field::new("repeat", M::Repeat, cell!(Event, Option<crate::model::Recurrence>, &RuleText, recurrence))
        .column("repeat")
        .in_summary()
        .ext(41),
    Field::new("meetings", M::Meetings, cell!(Event, Vec<crate::model::Meeting>, &Items, meetings))
        .no_form()
        .in_summary()
        .ext(42),
    Field::new("roles", M::Roles, cell!(Event, Vec<(PartId, ParticipantRole)>, &Items, roles))
        .no_form()
        .in_summary()
        .ext(43),
    Field::new(
        "agreement",
        M::EventAgreement,
        cell!(Event, Option<crate::model::AgreementLink>, &AgreementText, agreement),
    )
    .column("agreement")
    .in_summary()
    .ext(44),
];

static REFERRAL_KIND: Vocab<ReferralKind> = Vocab { label: words::referral_kind };
static REFERRAL_STATUS: Vocab<ReferralStatus> = Vocab { label: words::referral_status };

/// A referral's fields.
pub static REFERRAL: &[Field<Referral>] = &[
    Field::new("client", M::Client, cell!(Referral, ClientId, &CLIENT_REF, client)).required().in_summary(),
    Field::new("stakeholder", M::Stakeholder, cell!(Referral, StakeholderId, &STAKEHOLDER_REF, stakeholder))
        .required()
        .in_summary(),
    Field::new("kind", M::Kind, cell!(Referral, ReferralKind, &REFERRAL_KIND, kind)).in_summary(),
    Field::new("service", M::Service, cell!(Referral, String, &Line, service)).required().in_summary(),
    // a status moves through its transitions, with a note (see the referral form)
    Field::new("status", M::Status, cell!(Referral, ReferralStatus, &REFERRAL_STATUS, status)).in_summary(),
    Field::new("start", M::Start, cell!(Referral, Option<chrono::NaiveDate>, &OptDate, start)).in_summary(),
    Field::new("end", M::End, cell!(Referral, Option<chrono::NaiveDate>, &OptDate, end)).in_summary(),
    Field::new("outcome", M::Outcome, cell!(Referral, String, &Lines, outcome)).in_summary(),
    // the officer's own notes on a referral, not the partner's
    Field::new("notes", M::Notes, cell!(Referral, String, &Lines, notes)).access(PARTNER).in_summary(),
    Field::new("legal_basis", M::LegalBasis, cell!(Referral, Option<String>, &OptLine, legal_basis)).ext(16),
    Field::new("history", M::StatusNote, cell!(Referral, Vec<StatusChange>, &Items, history)).no_form().in_summary(),
];

static RRI: OptVocab<Rri> = OptVocab { label: words::rri, none: M::NotScored };

/// An assessment's fields.
pub static ASSESSMENT: &[Field<Assessment>] = &[
    Field::new("date", M::Date, cell!(Assessment, chrono::NaiveDate, &Day, date)).required(),
    Field::new("category", M::Category, cell!(Assessment, RiskCategory, &RiskText, category)),
    Field::new("rri", M::Rri, cell!(Assessment, Option<Rri>, &RRI, rri)),
    Field::new("assessor", M::Assessor, cell!(Assessment, String, &Line, assessor)).required(),
    Field::new("reason", M::Reason, cell!(Assessment, String, &Lines, reason)),
];

static STREAM: Vocab<GuidanceStream> = Vocab { label: words::stream };
static MODE: Vocab<GuidanceMode> = Vocab { label: words::mode };
static PLACE: Vocab<SessionPlace> = Vocab { label: words::place };

/// A guidance session's fields.
pub static SESSION: &[Field<GuidanceSession>] = &[
    Field::new("date", M::Date, cell!(GuidanceSession, chrono::NaiveDate, &Day, date)).required(),
    Field::new("stream", M::Stream, cell!(GuidanceSession, GuidanceStream, &STREAM, stream)),
    Field::new("mode", M::Mode, cell!(GuidanceSession, GuidanceMode, &MODE, mode)),
    Field::new("place", M::Place, cell!(GuidanceSession, SessionPlace, &PLACE, place)),
    Field::new("officer", M::Officer, cell!(GuidanceSession, String, &Line, officer)).required(),
    Field::new("group", M::Group, cell!(GuidanceSession, Vec<ClientId>, &CLIENT_REFS, group))
        .shown_when("mode", "kelompok"),
    Field::new("summary", M::Summary, cell!(GuidanceSession, String, &Lines, summary)).required(),
    Field::new("next_step", M::NextStep, cell!(GuidanceSession, String, &Line, next_step)),
];

static LITMAS_KIND: Vocab<LitmasKind> = Vocab { label: words::litmas_kind };

/// A Litmas report's fields.
pub static LITMAS: &[Field<Litmas>] = &[
    Field::new("kind", M::Kind, cell!(Litmas, LitmasKind, &LITMAS_KIND, kind)),
    Field::new("date", M::Date, cell!(Litmas, chrono::NaiveDate, &Day, date)).required(),
    // stored by the client's list of Litmas reports (schema::PartList)
    Field::new("authors", M::Authors, cell!(Litmas, Vec<String>, &Words, authors)).ext(19),
    Field::new("methods", M::Methods, cell!(Litmas, String, &Lines, methods)),
    Field::new("sources", M::Sources, cell!(Litmas, String, &Lines, sources)),
    Field::new("findings", M::Findings, cell!(Litmas, String, &Lines, findings)).required(),
    Field::new("recommendation", M::Recommendation, cell!(Litmas, String, &Lines, recommendation)).required(),
];

/// A register day's status as an officer records it: every status but
/// "expected", which is what a day is before anything is recorded.
pub struct Recorded;

impl Choices for Recorded {
    fn codes(&self) -> Vec<&'static str> {
        ReportingStatus::ALL.iter().filter(|s| **s != ReportingStatus::Expected).map(|s| s.code()).collect()
    }
    fn name<'a>(&self, lang: Lang, _: &'a words::RiskNames, code: &str) -> Label<'a> {
        Label::Word(ReportingStatus::from_code(code).map_or("?", |s| words::reporting_status(lang, s)))
    }
}

impl Text<ReportingStatus> for Recorded {
    fn kind(&'static self) -> Kind {
        Kind::Choice(self)
    }
    fn format(&self, v: &ReportingStatus) -> String {
        v.code().to_string()
    }
    fn parse(&self, text: &str, today: chrono::NaiveDate) -> Result<ReportingStatus, super::Invalid> {
        REPORTING_STATUS.parse(text, today)
    }
}

static REPORTING_STATUS: Vocab<ReportingStatus> = Vocab { label: words::reporting_status };

/// The reporting register in one cell of a file: its days separated by
/// `|`, each `DATE:STATUS` or `DATE:STATUS:NOTE`
/// (`2026-01-05:attended|2026-01-12:excused:surat dokter`). In a note,
/// `%` is written `%25`, `|` `%7C`, and a control character (a line
/// break) or a space at the end `%` and the hex digits of its bytes, so
/// every note reads back as it was; a `%` not followed by two hex digits
/// is itself. Who recorded a day is not carried.
pub struct Register;

static REGISTER: Register = Register;

impl Register {
    fn escape(note: &str) -> String {
        let mut out = String::with_capacity(note.len());
        // spaces at the end would be trimmed off with the cell
        let kept = note.trim_end().len();
        for (i, c) in note.char_indices() {
            if c == '%' || c == '|' || c.is_control() || i >= kept {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn unescape(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
                (b'%', Some(b)) => {
                    out.push(b);
                    i += 3;
                }
                (b, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Text<Vec<ReportingEntry>> for Register {
    fn kind(&'static self) -> Kind {
        Kind::Parts
    }
    fn format(&self, v: &Vec<ReportingEntry>) -> String {
        v.iter()
            .map(|e| {
                let day = format!("{}:{}", e.date.format("%Y-%m-%d"), e.status.code());
                if e.note.is_empty() { day } else { format!("{day}:{}", Self::escape(&e.note)) }
            })
            .collect::<Vec<_>>()
            .join("|")
    }
    fn parse(&self, text: &str, today: chrono::NaiveDate) -> Result<Vec<ReportingEntry>, super::Invalid> {
        use crate::model::input::DateError;
        let mut out = Vec::new();
        for item in text.split('|').map(str::trim).filter(|i| !i.is_empty()) {
            let mut parts = item.splitn(3, ':');
            let day = parts.next().unwrap_or_default().trim();
            // only calendar dates: "today" would mean another day at each import
            if !day.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(super::Invalid::Date(DateError::Unrecognised));
            }
            let date = crate::model::input::parse_date(day, today).map_err(super::Invalid::Date)?;
            let status = match parts.next().map(str::trim).unwrap_or_default() {
                "" => return Err(super::Invalid::NotOneOf(ReportingStatus::codes(", "))),
                code => REPORTING_STATUS.parse(code, today)?,
            };
            let note = parts.next().map(Self::unescape).unwrap_or_default();
            out.push(ReportingEntry { id: PartId::NEW, date, status, note, recorded_by: String::new() });
        }
        Ok(out)
    }
}

/// A reporting register day's fields.
pub static REPORTING: &[Field<ReportingEntry>] = &[
    Field::new("date", M::Date, cell!(ReportingEntry, chrono::NaiveDate, &Day, date)).required(),
    Field::new("status", M::Status, cell!(ReportingEntry, ReportingStatus, &Recorded, status)),
    Field::new("note", M::Notes, cell!(ReportingEntry, String, &Line, note)),
    Field::new("recorded_by", M::RecordedBy, cell!(ReportingEntry, String, &Line, recorded_by)).no_form(),
];

/// A contact's fields.
pub static CONTACT: &[Field<Contact>] = &[
    Field::new("name", M::Name, cell!(Contact, String, &Line, name)).required(),
    Field::new("role", M::Role, cell!(Contact, String, &Line, role)),
    Field::new("phone", M::Phone, cell!(Contact, String, &Phone, phone)),
    Field::new("email", M::Email, cell!(Contact, String, &Line, email)),
];

static AGREEMENT_KIND: Vocab<AgreementKind> = Vocab { label: words::agreement_kind };

/// An agreement's fields.
pub static AGREEMENT: &[Field<Agreement>] = &[
    Field::new("kind", M::Kind, cell!(Agreement, AgreementKind, &AGREEMENT_KIND, kind)),
    Field::new("title", M::Title, cell!(Agreement, String, &Line, title)).required(),
    Field::new("signed", M::Signed, cell!(Agreement, chrono::NaiveDate, &Day, signed)).required(),
    Field::new("expires", M::Expires, cell!(Agreement, Option<chrono::NaiveDate>, &OptDate, expires)),
    Field::new("report_every_months", M::ReportEvery, cell!(Agreement, u16, &Small, report_every_months)),
    Field::new(
        "reports_received",
        M::ReportsReceived,
        cell!(Agreement, Vec<chrono::NaiveDate>, &DateList, reports_received),
    ),
];

/// A follow-up's fields.
pub static FOLLOW_UP: &[Field<FollowUp>] = &[
    Field::new("what", M::What, cell!(FollowUp, String, &Line, what)).required(),
    Field::new("owner", M::Owner, cell!(FollowUp, String, &Line, owner)),
    Field::new("due", M::Due, cell!(FollowUp, Option<chrono::NaiveDate>, &OptDate, due)),
    Field::new("done", M::Done, cell!(FollowUp, bool, &YesNo, done)),
];

macro_rules! table {
    ($($t:ty => $fields:ident),+) => {$(
        impl Table for $t {
            fn fields() -> &'static [Field<Self>] {
                $fields
            }
        }
    )+};
}
table!(
    Client => CLIENT,
    Stakeholder => STAKEHOLDER,
    Event => EVENT,
    Referral => REFERRAL,
    Assessment => ASSESSMENT,
    GuidanceSession => SESSION,
    Litmas => LITMAS,
    ReportingEntry => REPORTING,
    Contact => CONTACT,
    Agreement => AGREEMENT,
    FollowUp => FOLLOW_UP
);
