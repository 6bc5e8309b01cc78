//! One definition per record: which fields a form shows, in which order,
//! and how the fields become the record again.
//!
//! Field keys are the validators' paths, so `validate::client` problems land
//! on the right field without a mapping table. Parts a form does not show
//! (history, sessions …) are carried over from the record as it was read.

use chrono::NaiveDate;

use super::{Field, FieldKind, FormState, Issue, Target};
use crate::i18n::form::FormMsg;
use crate::i18n::{self, Lang};
use crate::model::input::{DateError, parse_date, parse_date_time, parse_list};
use crate::model::validate::normalize_phone;
use crate::model::*;

/// Codes of a vocabulary, in display order.
macro_rules! codes {
    ($t:ty) => {
        <$t>::ALL.iter().map(|v| v.code()).collect::<Vec<&'static str>>()
    };
}
pub(super) use codes;

/// A label function for a vocabulary from its `i18n` labeller.
macro_rules! labeller {
    ($t:ty, $f:path) => {
        |lang: Lang, code: &str| <$t>::from_code(code).map_or("?", |v| $f(lang, v))
    };
}
pub(super) use labeller;

/// The label of a yes/no selector's code.
pub(super) fn yes_no(lang: Lang, code: &str) -> &'static str {
    if code == "yes" { FormMsg::Yes.text(lang) } else { FormMsg::No.text(lang) }
}

/// The fields of a form over `target`; `name` names linked records.
pub fn fields(target: &Target, name: &dyn Fn(RecordKind, u64) -> Option<String>) -> Vec<Field> {
    match target {
        Target::Client(c) => client(c),
        Target::Stakeholder(s) => stakeholder(s),
        Target::Event(e) => event(e, name),
        Target::Referral(r) => referral(r, name),
    }
}

fn client(c: &Client) -> Vec<Field> {
    use FormMsg as M;
    let needs: Vec<&str> = c.needs.iter().map(|n| n.code()).collect();
    vec![
        Field::text("full_name", M::FullName, &c.full_name).required(),
        Field::list("aliases", M::Aliases, &c.aliases),
        Field::text("nik", M::Nik, c.nik.as_deref().unwrap_or("")),
        Field::text("birth_place", M::BirthPlace, &c.birth_place),
        Field::date("birth_date", M::BirthDate, c.birth_date),
        Field::choice("gender", M::Gender, codes!(Gender), c.gender.code(), labeller!(Gender, i18n::gender)),
        Field::text("phone", M::Phone, &c.phone),
        Field::text("address.street", M::Street, &c.address.street),
        Field::text("address.village", M::Village, &c.address.village),
        Field::text("address.district", M::District, &c.address.district),
        Field::text("address.regency", M::Regency, &c.address.regency),
        Field::text("address.province", M::Province, &c.address.province),
        Field::text("office", M::Office, &c.office),
        Field::text("officer", M::Officer, &c.officer),
        Field::choice(
            "programme",
            M::Programme,
            codes!(SupervisionProgramme),
            c.programme.code(),
            labeller!(SupervisionProgramme, i18n::programme),
        ),
        Field::date("supervision_start", M::SupervisionStart, c.supervision_start),
        Field::date("supervision_end", M::SupervisionEnd, c.supervision_end),
        Field::choice(
            "reporting.frequency",
            M::ReportingFrequency,
            codes!(ReportingFrequency),
            c.reporting.frequency.code(),
            labeller!(ReportingFrequency, i18n::frequency),
        ),
        Field::list(
            "reporting.custom_dates",
            M::ReportingDates,
            &c.reporting.custom_dates.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect::<Vec<_>>(),
        )
        .shown_when("reporting.frequency", "custom"),
        Field::list("skills", M::Skills, &c.skills),
        Field::set("needs", M::Needs, codes!(Need), &needs, labeller!(Need, i18n::need)),
        Field::choice(
            "consent.given",
            M::Consent,
            vec!["no", "yes"],
            if c.consent.given { "yes" } else { "no" },
            yes_no,
        ),
        Field::date("consent.date", M::ConsentDate, c.consent.date),
        Field::multiline("notes", M::Notes, &c.notes),
        Field::text("register_no", M::RegisterNo, &c.register_no),
        Field::choice(
            "status",
            M::Status,
            codes!(ClientStatus),
            c.status.code(),
            labeller!(ClientStatus, i18n::client_status),
        ),
        Field::choice("phase", M::Phase, codes!(GuidancePhase), c.phase.code(), labeller!(GuidancePhase, i18n::phase)),
        Field::multiline("offence", M::Offence, &c.offence),
        Field::text("sentence", M::Sentence, &c.sentence),
    ]
}

fn stakeholder(s: &Stakeholder) -> Vec<Field> {
    use FormMsg as M;
    vec![
        Field::text("name", M::Name, &s.name).required(),
        Field::text("short_name", M::ShortName, &s.short_name),
        Field::choice(
            "kind",
            M::Kind,
            codes!(StakeholderKind),
            s.kind.code(),
            labeller!(StakeholderKind, i18n::stakeholder_kind),
        ),
        Field::list("services", M::Services, &s.services),
        Field::text("capacity", M::Capacity, &s.capacity.map(|c| c.to_string()).unwrap_or_default()),
        Field::text("region", M::Region, &s.region),
        Field::text("address.street", M::Street, &s.address.street),
        Field::text("address.village", M::Village, &s.address.village),
        Field::text("address.district", M::District, &s.address.district),
        Field::text("address.regency", M::Regency, &s.address.regency),
        Field::text("address.province", M::Province, &s.address.province),
        Field::choice(
            "status",
            M::Status,
            codes!(StakeholderStatus),
            s.status.code(),
            labeller!(StakeholderStatus, i18n::stakeholder_status),
        ),
        Field::multiline("notes", M::Notes, &s.notes),
    ]
}

fn when_text(w: When) -> String {
    match w {
        When::Date(d) => d.format("%Y-%m-%d").to_string(),
        When::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
    }
}

fn event(e: &Event, name: &dyn Fn(RecordKind, u64) -> Option<String>) -> Vec<Field> {
    use FormMsg as M;
    let date_time = |key, label, w: Option<When>| {
        let mut f = Field::date(key, label, None);
        f.kind = FieldKind::Date { input: super::TextInput::new(w.map(when_text).unwrap_or_default()), time: true };
        f
    };
    let organiser = e.organisers.first().map(|s| (s.0, name(RecordKind::Stakeholder, s.0).unwrap_or_default()));
    vec![
        Field::text("title", M::Title, &e.title).required(),
        Field::choice("kind", M::Kind, codes!(EventKind), e.kind.code(), labeller!(EventKind, i18n::event_kind)),
        date_time("start", M::Start, Some(e.start)).required(),
        date_time("end", M::End, e.end),
        Field::text("location", M::Location, &e.location),
        Field::link("organisers", M::Organisers, RecordKind::Stakeholder, organiser),
        Field::text("participant_count", M::Count, &e.participant_count.map(|c| c.to_string()).unwrap_or_default()),
        Field::multiline("summary", M::Summary, &e.summary),
        Field::multiline("outcomes", M::Outcomes, &e.outcomes),
    ]
}

fn referral(r: &Referral, name: &dyn Fn(RecordKind, u64) -> Option<String>) -> Vec<Field> {
    use FormMsg as M;
    let linked = |kind, id: u64| (id != 0).then(|| (id, name(kind, id).unwrap_or_default()));
    vec![
        Field::link("client", M::Client, RecordKind::Client, linked(RecordKind::Client, r.client.0)).required(),
        Field::link(
            "stakeholder",
            M::Stakeholder,
            RecordKind::Stakeholder,
            linked(RecordKind::Stakeholder, r.stakeholder.0),
        )
        .required(),
        Field::choice(
            "kind",
            M::Kind,
            codes!(ReferralKind),
            r.kind.code(),
            labeller!(ReferralKind, i18n::referral_kind),
        ),
        Field::text("service", M::Service, &r.service).required(),
        Field::choice(
            "status",
            M::Status,
            codes!(ReferralStatus),
            r.status.code(),
            labeller!(ReferralStatus, i18n::referral_status),
        ),
        Field::text("status_note", M::StatusNote, ""),
        Field::date("start", M::Start, r.start),
        Field::date("end", M::End, r.end),
        Field::multiline("outcome", M::Outcome, &r.outcome),
        Field::multiline("notes", M::Notes, &r.notes),
    ]
}

/// Reads the fields back, collecting what cannot be read.
pub(super) struct Reader<'a> {
    pub(super) state: &'a FormState,
    pub(super) today: NaiveDate,
    pub(super) issues: Vec<(usize, Issue)>,
}

impl Reader<'_> {
    pub(super) fn at(&self, key: &str) -> usize {
        self.state.index(key).unwrap_or(0)
    }

    /// Trimmed text.
    pub(super) fn text(&self, key: &str) -> String {
        self.state.value(key).trim().to_string()
    }

    /// Multi-line text: trailing blanks go, inner line breaks stay.
    pub(super) fn notes(&self, key: &str) -> String {
        self.state.value(key).trim_end().to_string()
    }

    pub(super) fn required(&mut self, key: &str) {
        if self.state.value(key).trim().is_empty() {
            let i = self.at(key);
            self.issues.push((i, Issue::Problem(ProblemKind::Required)));
        }
    }

    pub(super) fn date(&mut self, key: &str) -> Option<NaiveDate> {
        match parse_date(self.state.value(key), self.today) {
            Ok(d) => Some(d),
            Err(DateError::Empty) => None,
            Err(e) => {
                let i = self.at(key);
                self.issues.push((i, Issue::Date(e)));
                None
            }
        }
    }

    pub(super) fn when(&mut self, key: &str) -> Option<When> {
        match parse_date_time(self.state.value(key), self.today) {
            Ok((d, None)) => Some(When::Date(d)),
            Ok((d, Some(t))) => Some(When::DateTime(d.and_time(t))),
            Err(DateError::Empty) => None,
            Err(e) => {
                let i = self.at(key);
                self.issues.push((i, Issue::Date(e)));
                None
            }
        }
    }

    pub(super) fn number(&mut self, key: &str) -> Option<u32> {
        let v = self.text(key);
        if v.is_empty() {
            return None;
        }
        match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                let i = self.at(key);
                self.issues.push((i, Issue::Number));
                None
            }
        }
    }

    pub(super) fn list(&self, key: &str) -> Vec<String> {
        parse_list(self.state.value(key))
    }

    pub(super) fn link(&mut self, key: &str, required: bool) -> Option<u64> {
        let picked = self.state.picked(key);
        let typed = self.text(key);
        if picked.is_none() && (required || !typed.is_empty()) {
            let i = self.at(key);
            self.issues.push((i, if typed.is_empty() { Issue::NotPicked } else { Issue::NoMatch(typed) }));
        }
        picked
    }

    pub(super) fn address(&self, a: &mut Address) {
        a.street = self.text("address.street");
        a.village = self.text("address.village");
        a.district = self.text("address.district");
        a.regency = self.text("address.regency");
        a.province = self.text("address.province");
    }
}

/// The record the fields describe, built on the one read, and the values
/// that could not be read.
pub fn apply(
    state: &FormState,
    target: &Target,
    part: Option<super::parts::PartRef>,
    today: NaiveDate,
) -> (Target, Vec<(usize, Issue)>) {
    let mut r = Reader { state, today, issues: Vec::new() };
    if let Some(part) = part {
        let out = super::parts::apply(&mut r, target, part);
        return (out, r.issues);
    }
    let out = match target {
        Target::Client(base) => {
            let mut c = (**base).clone();
            c.full_name = r.text("full_name");
            c.aliases = r.list("aliases");
            // a NIK is often typed in groups of four
            let nik: String = r.text("nik").split_whitespace().collect();
            c.nik = (!nik.is_empty()).then_some(nik);
            c.birth_place = r.text("birth_place");
            c.birth_date = r.date("birth_date");
            c.gender = state.choice("gender").and_then(Gender::from_code).unwrap_or(c.gender);
            let phone = r.text("phone");
            c.phone = normalize_phone(&phone).unwrap_or(phone);
            r.address(&mut c.address);
            c.office = r.text("office");
            c.officer = r.text("officer");
            c.programme = state.choice("programme").and_then(SupervisionProgramme::from_code).unwrap_or(c.programme);
            c.supervision_start = r.date("supervision_start");
            c.supervision_end = r.date("supervision_end");
            c.reporting.frequency = state
                .choice("reporting.frequency")
                .and_then(ReportingFrequency::from_code)
                .unwrap_or(c.reporting.frequency);
            if c.reporting.frequency == ReportingFrequency::Custom {
                let mut dates = Vec::new();
                for text in r.list("reporting.custom_dates") {
                    match parse_date(&text, today) {
                        Ok(d) => dates.push(d),
                        Err(e) => {
                            let i = r.at("reporting.custom_dates");
                            r.issues.push((i, Issue::Date(e)));
                        }
                    }
                }
                dates.sort();
                dates.dedup();
                c.reporting.custom_dates = dates;
            }
            c.skills = r.list("skills");
            c.needs = state.chosen("needs").into_iter().filter_map(Need::from_code).collect();
            c.consent.given = state.choice("consent.given") == Some("yes");
            c.consent.date = r.date("consent.date");
            c.notes = r.notes("notes");
            c.register_no = r.text("register_no");
            c.status = state.choice("status").and_then(ClientStatus::from_code).unwrap_or(c.status);
            let phase = state.choice("phase").and_then(GuidancePhase::from_code).unwrap_or(c.phase);
            if phase != c.phase {
                c.phase_history.push(PhaseChange { phase, date: today });
                c.phase = phase;
            }
            c.offence = r.notes("offence");
            c.sentence = r.text("sentence");
            Target::Client(Box::new(c))
        }
        Target::Stakeholder(base) => {
            let mut s = (**base).clone();
            s.name = r.text("name");
            s.short_name = r.text("short_name");
            s.kind = state.choice("kind").and_then(StakeholderKind::from_code).unwrap_or(s.kind);
            s.services = r.list("services");
            s.capacity = r.number("capacity");
            s.region = r.text("region");
            r.address(&mut s.address);
            s.status = state.choice("status").and_then(StakeholderStatus::from_code).unwrap_or(s.status);
            s.notes = r.notes("notes");
            Target::Stakeholder(Box::new(s))
        }
        Target::Event(base) => {
            let mut e = (**base).clone();
            e.title = r.text("title");
            e.kind = state.choice("kind").and_then(EventKind::from_code).unwrap_or(e.kind);
            match r.when("start") {
                Some(w) => e.start = w,
                None if r.text("start").is_empty() => r.required("start"),
                None => {}
            }
            e.end = r.when("end");
            e.location = r.text("location");
            // the first organiser is edited here; others stay as they were
            let first = r.link("organisers", false).map(StakeholderId);
            let rest: Vec<StakeholderId> = e.organisers.iter().skip(1).copied().collect();
            e.organisers = first.into_iter().chain(rest.into_iter().filter(|s| Some(*s) != first)).collect();
            e.participant_count = r.number("participant_count");
            e.summary = r.notes("summary");
            e.outcomes = r.notes("outcomes");
            Target::Event(Box::new(e))
        }
        Target::Referral(base) => {
            let mut f = (**base).clone();
            if let Some(c) = r.link("client", true) {
                f.client = ClientId(c);
            }
            if let Some(s) = r.link("stakeholder", true) {
                f.stakeholder = StakeholderId(s);
            }
            f.kind = state.choice("kind").and_then(ReferralKind::from_code).unwrap_or(f.kind);
            f.service = r.text("service");
            r.required("service");
            f.start = r.date("start");
            f.end = r.date("end");
            f.outcome = r.notes("outcome");
            f.notes = r.notes("notes");
            if let Some(to) = state.choice("status").and_then(ReferralStatus::from_code)
                && let Err(e) = f.move_to(to, today, r.text("status_note"))
            {
                let i = r.at("status");
                r.issues.push((i, Issue::Transition(e)));
            }
            Target::Referral(Box::new(f))
        }
    };
    (out, r.issues)
}
