//! The query language of filters and search.
//!
//! A query is whitespace-separated terms, all of which must hold:
//!
//! - a free word (`budi`): matches a word of a name or an alias (see
//!   [`super::matcher`]), or a NIK / register-number prefix;
//! - a phrase in double quotes (`"kota batu"`): substring of the folded
//!   names; inside quotes `\"` is a quote and `\\` a backslash; a phrase
//!   still open at the end of the input runs to the end (so typing it does
//!   not flash an error);
//! - a qualifier `name:value` (`risk:hijau`, `office:"kota batu"`); names
//!   have Indonesian aliases (`risiko:`, `kantor:` …) and are
//!   case-insensitive;
//! - any of these negated with a leading `-` (`-risk:merah`).
//!
//! A word counts as a qualifier when the part before its first `:` is
//! letters only; `10:30` is a free word. [`parse`] reports every error with
//! the byte span to underline; [`Query`]'s `Display` prints the canonical
//! form, which parses back to the same query.

use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::model::{
    ClientStatus, EventKind, Gender, GuidancePhase, Need, RecordKind, RecordRef, ReferralStatus, RiskCategory, Rri,
    StakeholderKind, StakeholderStatus,
};
use crate::words::RiskNames;

/// A parsed query: every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms in the order typed.
    pub terms: Vec<Term>,
    /// Archived records are searched too, unless an `archived:` qualifier
    /// says otherwise: set by a list that shows them. Not part of the text.
    pub include_archived: bool,
}

/// One term of a query.
#[derive(Debug, Clone)]
pub struct Term {
    /// True for `-term`: the record must not match.
    pub negated: bool,
    /// What the term asks.
    pub kind: TermKind,
    /// Where it was typed (for underlining); not part of what it means.
    pub span: Range<usize>,
}

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        (self.negated, &self.kind) == (other.negated, &other.kind)
    }
}

impl Eq for Term {}

/// What a term asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// A free word as typed (folded when matched).
    Free(String),
    /// A quoted phrase as typed.
    Phrase(String),
    /// A typed qualifier.
    Qualifier(Qualifier),
}

/// A qualifier with its value checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Qualifier {
    /// Current risk category of a client.
    Risk(RiskCategory),
    /// Status: of a client (or of one of its referrals), or of a stakeholder.
    Status(StatusValue),
    /// Client's office contains this text.
    Office(String),
    /// Client's officer contains this text.
    Officer(String),
    /// `officer:me`: the user's own clients, whose officer is the user's
    /// officer name (case and spacing ignored). The name is the user's,
    /// put in by [`parse_as`]; `None` until then (matching nothing).
    OfficerMe(Option<String>),
    /// One of a client's skills contains this text.
    Skill(String),
    /// Client has this need.
    Need(Need),
    /// Client's gender.
    Gender(Gender),
    /// Kind of stakeholder or of event.
    Kind(KindValue),
    /// Clients referred to, or events organised or attended by, a
    /// stakeholder whose name or short name contains this text.
    Stakeholder(String),
    /// Stakeholder's region or event's location contains this text.
    Region(String),
    /// One of a stakeholder's services contains this text.
    Service(String),
    /// A day, month or year: an event on it, a client under supervision in it.
    Date(DateSpec),
    /// On or after this day (event start, client's supervision start).
    After(NaiveDate),
    /// On or before this day (event start, client's supervision start).
    Before(NaiveDate),
    /// Only archived records (`yes`) or only current ones (`no`, the default).
    Archived(bool),
    /// NIK starts with these digits.
    Nik(String),
    /// This very record.
    Id(RecordRef),
    /// Client's guidance phase.
    Phase(GuidancePhase),
    /// Client's current RRI reoffending risk.
    Rri(Rri),
    /// Missed reporting days: exactly this many, or (`true`) at least.
    Missed(u16, bool),
    /// Clients expected to report today with nothing recorded yet.
    ReportToday,
}

/// A status code valid for at least one kind; resolved per kind when matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusValue(String);

impl StatusValue {
    /// Parses a status code of any kind (`aktif` is accepted for `active`).
    pub fn parse(s: &str) -> Option<StatusValue> {
        let s = s.trim().to_lowercase();
        // a client status in either language (`dicabut`, `dipindah` …) means its code
        let s = crate::words::client_status_word(&s).map_or(s, |c| c.code().to_string());
        let known = ClientStatus::from_code(&s).is_some()
            || StakeholderStatus::from_code(&s).is_some()
            || ReferralStatus::from_code(&s).is_some();
        known.then_some(StatusValue(s))
    }

    /// The code.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// As a client status, when it is one.
    pub fn client(&self) -> Option<ClientStatus> {
        ClientStatus::from_code(&self.0)
    }

    /// As a stakeholder status, when it is one.
    pub fn stakeholder(&self) -> Option<StakeholderStatus> {
        StakeholderStatus::from_code(&self.0)
    }

    /// As a referral status, when it is one.
    pub fn referral(&self) -> Option<ReferralStatus> {
        ReferralStatus::from_code(&self.0)
    }

    /// Every valid code, each once, for messages.
    pub fn codes() -> Vec<&'static str> {
        let mut v: Vec<&'static str> = Vec::new();
        let all = ClientStatus::ALL
            .iter()
            .map(|s| s.code())
            .chain(StakeholderStatus::ALL.iter().map(|s| s.code()))
            .chain(ReferralStatus::ALL.iter().map(|s| s.code()));
        for c in all {
            if !v.contains(&c) {
                v.push(c);
            }
        }
        v
    }
}

/// The value of `kind:`: the codes of the two vocabularies do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindValue {
    /// A kind of stakeholder.
    Stakeholder(StakeholderKind),
    /// A kind of event.
    Event(EventKind),
}

impl KindValue {
    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            KindValue::Stakeholder(k) => k.code(),
            KindValue::Event(k) => k.code(),
        }
    }
}

/// A year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpec {
    /// Year.
    pub year: i32,
    /// Month 1–12, when given.
    pub month: Option<u32>,
    /// Day of month, when given (then `month` is given too).
    pub day: Option<u32>,
}

impl DateSpec {
    /// The first and last day of the period.
    pub fn range(self) -> Option<(NaiveDate, NaiveDate)> {
        let (m0, m1) = self.month.map_or((1, 12), |m| (m, m));
        let first = NaiveDate::from_ymd_opt(self.year, m0, self.day.unwrap_or(1))?;
        let last = match self.day {
            Some(d) => NaiveDate::from_ymd_opt(self.year, m1, d)?,
            None => last_of_month(self.year, m1)?,
        };
        Some((first, last))
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real date).
    pub fn parse(s: &str) -> Option<DateSpec> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten()
        };
        let year = i32::try_from(num(parts.first()?, 4)?).ok()?;
        let spec = match parts.as_slice() {
            [_] => DateSpec { year, month: None, day: None },
            [_, m] => DateSpec { year, month: Some(num(m, 2)?), day: None },
            [_, m, d] => DateSpec { year, month: Some(num(m, 2)?), day: Some(num(d, 2)?) },
            _ => return None,
        };
        spec.range().map(|_| spec)
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// The qualifier names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QualifierName {
    /// `risk:` / `risiko:`.
    Risk,
    /// `status:`.
    Status,
    /// `office:` / `kantor:`.
    Office,
    /// `officer:` / `petugas:`.
    Officer,
    /// `skill:` / `keahlian:`.
    Skill,
    /// `need:` / `kebutuhan:`.
    Need,
    /// `gender:` / `kelamin:`.
    Gender,
    /// `kind:` / `jenis:`.
    Kind,
    /// `stakeholder:` / `mitra:`.
    Stakeholder,
    /// `region:` / `wilayah:` / `lokasi:`.
    Region,
    /// `service:` / `layanan:`.
    Service,
    /// `date:` / `tanggal:`.
    Date,
    /// `after:` / `setelah:`.
    After,
    /// `before:` / `sebelum:`.
    Before,
    /// `archived:` / `arsip:`.
    Archived,
    /// `nik:`.
    Nik,
    /// `id:`.
    Id,
    /// `phase:` / `tahap:`.
    Phase,
    /// `rri:`.
    Rri,
    /// `missed:` / `mangkir:`.
    Missed,
    /// `report:` / `lapor:` (`today` / `hari-ini`).
    Report,
}

impl QualifierName {
    /// Every qualifier, in the order listed to users.
    pub const ALL: &'static [QualifierName] = &[
        QualifierName::Risk,
        QualifierName::Status,
        QualifierName::Office,
        QualifierName::Officer,
        QualifierName::Skill,
        QualifierName::Need,
        QualifierName::Gender,
        QualifierName::Kind,
        QualifierName::Stakeholder,
        QualifierName::Region,
        QualifierName::Service,
        QualifierName::Date,
        QualifierName::After,
        QualifierName::Before,
        QualifierName::Archived,
        QualifierName::Nik,
        QualifierName::Id,
        QualifierName::Phase,
        QualifierName::Rri,
        QualifierName::Missed,
        QualifierName::Report,
    ];

    /// The canonical (printed) name.
    pub const fn name(self) -> &'static str {
        match self {
            QualifierName::Risk => "risk",
            QualifierName::Status => "status",
            QualifierName::Office => "office",
            QualifierName::Officer => "officer",
            QualifierName::Skill => "skill",
            QualifierName::Need => "need",
            QualifierName::Gender => "gender",
            QualifierName::Kind => "kind",
            QualifierName::Stakeholder => "stakeholder",
            QualifierName::Region => "region",
            QualifierName::Service => "service",
            QualifierName::Date => "date",
            QualifierName::After => "after",
            QualifierName::Before => "before",
            QualifierName::Archived => "archived",
            QualifierName::Nik => "nik",
            QualifierName::Id => "id",
            QualifierName::Phase => "phase",
            QualifierName::Rri => "rri",
            QualifierName::Missed => "missed",
            QualifierName::Report => "report",
        }
    }

    /// Other accepted names (Indonesian mostly).
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            QualifierName::Risk => &["risiko", "resiko"],
            QualifierName::Status => &[],
            QualifierName::Office => &["kantor", "bapas"],
            QualifierName::Officer => &["petugas", "pk"],
            QualifierName::Skill => &["keahlian", "keterampilan"],
            QualifierName::Need => &["kebutuhan"],
            QualifierName::Gender => &["kelamin", "jk"],
            QualifierName::Kind => &["jenis"],
            QualifierName::Stakeholder => &["mitra"],
            QualifierName::Region => &["wilayah", "lokasi", "location"],
            QualifierName::Service => &["layanan"],
            QualifierName::Date => &["tanggal", "tgl"],
            QualifierName::After => &["setelah", "sejak"],
            QualifierName::Before => &["sebelum", "sampai"],
            QualifierName::Archived => &["arsip"],
            QualifierName::Nik => &[],
            QualifierName::Id => &[],
            QualifierName::Phase => &["tahap"],
            QualifierName::Rri => &[],
            QualifierName::Missed => &["mangkir", "absen"],
            QualifierName::Report => &["lapor"],
        }
    }

    /// Looks a name or alias up, case-insensitively.
    pub fn from_name(s: &str) -> Option<QualifierName> {
        QualifierName::ALL
            .iter()
            .copied()
            .find(|q| q.name().eq_ignore_ascii_case(s) || q.aliases().iter().any(|a| a.eq_ignore_ascii_case(s)))
    }

    /// Every canonical name, for "valid: …" messages.
    pub fn names(sep: &str) -> String {
        QualifierName::ALL.iter().map(|q| q.name()).collect::<Vec<_>>().join(sep)
    }

    /// The fields a qualifier reads, by the kind of record it filters: a
    /// role that may not read one of them may not ask it of that kind.
    pub fn reads(self) -> &'static [(RecordKind, &'static str)] {
        use RecordKind::{Client, Event};
        match self {
            QualifierName::Risk | QualifierName::Rri => &[(Client, "assessments")],
            QualifierName::Nik => &[(Client, "nik")],
            QualifierName::Missed | QualifierName::Report => &[(Client, "reporting_register")],
            QualifierName::Phase => &[(Client, "phase")],
            QualifierName::Office => &[(Client, "office")],
            QualifierName::Officer => &[(Client, "officer")],
            QualifierName::Skill => &[(Client, "skills")],
            QualifierName::Need => &[(Client, "needs")],
            QualifierName::Gender => &[(Client, "gender")],
            QualifierName::Status => &[(Client, "status")],
            // a client's dates are those of its supervision
            QualifierName::Date | QualifierName::After | QualifierName::Before => {
                &[(Client, "supervision_start"), (Client, "supervision_end"), (Event, "start")]
            }
            _ => &[],
        }
    }
}

impl Qualifier {
    /// Which qualifier this is.
    pub fn name(&self) -> QualifierName {
        match self {
            Qualifier::Risk(_) => QualifierName::Risk,
            Qualifier::Status(_) => QualifierName::Status,
            Qualifier::Office(_) => QualifierName::Office,
            Qualifier::Officer(_) | Qualifier::OfficerMe(_) => QualifierName::Officer,
            Qualifier::Skill(_) => QualifierName::Skill,
            Qualifier::Need(_) => QualifierName::Need,
            Qualifier::Gender(_) => QualifierName::Gender,
            Qualifier::Kind(_) => QualifierName::Kind,
            Qualifier::Stakeholder(_) => QualifierName::Stakeholder,
            Qualifier::Region(_) => QualifierName::Region,
            Qualifier::Service(_) => QualifierName::Service,
            Qualifier::Date(_) => QualifierName::Date,
            Qualifier::After(_) => QualifierName::After,
            Qualifier::Before(_) => QualifierName::Before,
            Qualifier::Archived(_) => QualifierName::Archived,
            Qualifier::Nik(_) => QualifierName::Nik,
            Qualifier::Id(_) => QualifierName::Id,
            Qualifier::Phase(_) => QualifierName::Phase,
            Qualifier::Rri(_) => QualifierName::Rri,
            Qualifier::Missed(..) => QualifierName::Missed,
            Qualifier::ReportToday => QualifierName::Report,
        }
    }

    /// Parses the value of a qualifier; `Err` names what went wrong.
    fn parse(name: QualifierName, raw: &str, names: &RiskNames) -> Result<Qualifier, BadValue> {
        let v = raw.trim();
        let lower = v.to_lowercase();
        let text = || (!v.is_empty()).then(|| v.to_string()).ok_or(BadValue::OneOf);
        let q = match name {
            QualifierName::Risk => Qualifier::Risk(names.word(&lower).ok_or(BadValue::OneOf)?),
            QualifierName::Status => Qualifier::Status(StatusValue::parse(&lower).ok_or(BadValue::OneOf)?),
            QualifierName::Office => Qualifier::Office(text()?),
            QualifierName::Officer => Qualifier::Officer(text()?),
            QualifierName::Skill => Qualifier::Skill(text()?),
            QualifierName::Stakeholder => Qualifier::Stakeholder(text()?),
            QualifierName::Region => Qualifier::Region(text()?),
            QualifierName::Service => Qualifier::Service(text()?),
            QualifierName::Need => Qualifier::Need(parse_need(&lower).ok_or(BadValue::OneOf)?),
            QualifierName::Gender => Qualifier::Gender(parse_gender(&lower).ok_or(BadValue::OneOf)?),
            QualifierName::Kind => Qualifier::Kind(parse_kind(&lower).ok_or(BadValue::OneOf)?),
            QualifierName::Date => Qualifier::Date(DateSpec::parse(v).ok_or(BadValue::Date)?),
            QualifierName::After => {
                Qualifier::After(DateSpec::parse(v).and_then(|d| d.range()).ok_or(BadValue::Date)?.0)
            }
            QualifierName::Before => {
                Qualifier::Before(DateSpec::parse(v).and_then(|d| d.range()).ok_or(BadValue::Date)?.1)
            }
            QualifierName::Archived => Qualifier::Archived(match lower.as_str() {
                "yes" | "ya" | "y" | "true" => true,
                "no" | "tidak" | "n" | "false" => false,
                _ => return Err(BadValue::OneOf),
            }),
            QualifierName::Nik => {
                let ok = (1..=16).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit());
                Qualifier::Nik(ok.then(|| v.to_string()).ok_or(BadValue::Nik)?)
            }
            QualifierName::Phase => Qualifier::Phase(
                GuidancePhase::from_code(&lower)
                    .or(match lower.as_str() {
                        "initial" => Some(GuidancePhase::Awal),
                        "continuing" | "follow-up" => Some(GuidancePhase::Lanjutan),
                        "final" => Some(GuidancePhase::Akhir),
                        _ => None,
                    })
                    .ok_or(BadValue::OneOf)?,
            ),
            QualifierName::Rri => Qualifier::Rri(
                Rri::from_code(&lower)
                    .or(match lower.as_str() {
                        "low" => Some(Rri::Rendah),
                        "medium" => Some(Rri::Sedang),
                        "high" => Some(Rri::Tinggi),
                        _ => None,
                    })
                    .ok_or(BadValue::OneOf)?,
            ),
            QualifierName::Missed => {
                let (n, plus) = match lower.strip_suffix('+') {
                    Some(n) => (n, true),
                    None => (lower.as_str(), false),
                };
                Qualifier::Missed(n.parse::<u16>().map_err(|_| BadValue::Number)?, plus)
            }
            QualifierName::Report => match lower.as_str() {
                "today" | "hari-ini" | "hariini" | "hari_ini" => Qualifier::ReportToday,
                _ => return Err(BadValue::OneOf),
            },
            QualifierName::Id => Qualifier::Id(
                RecordRef::parse(v)
                    .filter(|r| matches!(r.kind, RecordKind::Client | RecordKind::Stakeholder | RecordKind::Event))
                    .ok_or(BadValue::Id)?,
            ),
        };
        Ok(q)
    }

    /// The value as printed in the canonical form (unquoted).
    fn value(&self) -> String {
        match self {
            Qualifier::Risk(r) => r.code().to_string(),
            Qualifier::Status(s) => s.code().to_string(),
            Qualifier::Office(s)
            | Qualifier::Officer(s)
            | Qualifier::Skill(s)
            | Qualifier::Stakeholder(s)
            | Qualifier::Region(s)
            | Qualifier::Service(s)
            | Qualifier::Nik(s) => s.clone(),
            Qualifier::Need(n) => n.code().to_string(),
            Qualifier::Gender(g) => g.code().to_string(),
            Qualifier::Kind(k) => k.code().to_string(),
            Qualifier::Date(d) => d.to_string(),
            Qualifier::After(d) | Qualifier::Before(d) => {
                format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            }
            Qualifier::Archived(b) => if *b { "yes" } else { "no" }.to_string(),
            Qualifier::Id(r) => r.to_string(),
            Qualifier::Phase(p) => p.code().to_string(),
            Qualifier::Rri(r) => r.code().to_string(),
            Qualifier::Missed(n, plus) => format!("{n}{}", if *plus { "+" } else { "" }),
            Qualifier::ReportToday => "today".to_string(),
            Qualifier::OfficerMe(_) => ME[0].to_string(),
        }
    }
}

/// The unquoted values of `officer:` that mean the user (`officer:"me"`
/// is the text "me").
pub const ME: [&str; 2] = ["me", "saya"];

fn parse_need(s: &str) -> Option<Need> {
    Need::from_code(s).or(match s {
        "pekerjaan" | "kerja" => Some(Need::Employment),
        "modal" => Some(Need::Capital),
        "rumah" | "perumahan" => Some(Need::Housing),
        "dokumen" => Some(Need::Documents),
        "keluarga" => Some(Need::Family),
        "agama" | "keagamaan" => Some(Need::Religious),
        "kesehatan" => Some(Need::Health),
        "pendidikan" | "pelatihan" => Some(Need::Education),
        _ => None,
    })
}

fn parse_gender(s: &str) -> Option<Gender> {
    crate::words::gender_word(s)
}

fn parse_kind(s: &str) -> Option<KindValue> {
    if let Some(k) = StakeholderKind::from_code(s) {
        return Some(KindValue::Stakeholder(k));
    }
    if let Some(k) = EventKind::from_code(s) {
        return Some(KindValue::Event(k));
    }
    Some(match s {
        "pemerintah" => KindValue::Stakeholder(StakeholderKind::Government),
        "universitas" | "kampus" => KindValue::Stakeholder(StakeholderKind::University),
        "usaha" => KindValue::Stakeholder(StakeholderKind::Business),
        "lsm" => KindValue::Stakeholder(StakeholderKind::Ngo),
        "lokakarya" => KindValue::Event(EventKind::Workshop),
        "rapat" => KindValue::Event(EventKind::Meeting),
        "kunjungan" => KindValue::Event(EventKind::Visit),
        "sosialisasi" => KindValue::Event(EventKind::Socialisation),
        _ => return None,
    })
}

/// What was wrong with a qualifier's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadValue {
    /// Not one of the listed values (or an empty text).
    OneOf,
    /// Not a date.
    Date,
    /// Not the start of a NIK.
    Nik,
    /// Not a record id.
    Id,
    /// Not a count (`2`, `2+`).
    Number,
}

/// A problem with a query, with the byte span of the input to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Byte range in the input.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: QueryErrorKind,
}

/// What is wrong with a piece of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryErrorKind {
    /// `name:` is not a qualifier.
    UnknownQualifier {
        /// The name as typed.
        name: String,
    },
    /// `name:` with nothing after it.
    MissingValue {
        /// Which qualifier.
        qualifier: QualifierName,
    },
    /// A qualifier on a field the user's role may not read.
    NotShown {
        /// Which qualifier.
        qualifier: QualifierName,
    },
    /// `officer:me` from a user without an officer name.
    NoOfficerName,
    /// A value the qualifier does not accept.
    BadValue {
        /// Which qualifier.
        qualifier: QualifierName,
        /// The value as typed.
        value: String,
        /// How it is wrong.
        why: BadValue,
    },
}

/// Parses a query that `role` asks of records of `kinds`: a qualifier on
/// a field the role may not read is refused, whatever the records hold,
/// with a message that says so. `officer:me` means `me`, the user's
/// officer name; without one it is refused, saying how to get one.
pub fn parse_as(
    text: &str,
    kinds: &[RecordKind],
    role: crate::model::Role,
    me: Option<&str>,
) -> Result<Query, Vec<QueryError>> {
    parse_as_named(text, kinds, role, me, &RiskNames::default())
}

/// [`parse_as`], with `risk:` also taking the office's own names for the
/// colour categories.
pub fn parse_as_named(
    text: &str,
    kinds: &[RecordKind],
    role: crate::model::Role,
    me: Option<&str>,
    names: &RiskNames,
) -> Result<Query, Vec<QueryError>> {
    let mut q = parse_named(text, names)?;
    let me = me.map(str::trim).filter(|m| !m.is_empty());
    let errors: Vec<QueryError> = q
        .terms
        .iter_mut()
        .filter_map(|t| {
            let span = t.span.clone();
            let TermKind::Qualifier(qual) = &mut t.kind else { return None };
            if let Qualifier::OfficerMe(name) = qual {
                match me {
                    Some(m) => *name = Some(m.to_string()),
                    None => return Some(QueryError { span, kind: QueryErrorKind::NoOfficerName }),
                }
            }
            let name = qual.name();
            let withheld =
                name.reads().iter().any(|(kind, path)| kinds.contains(kind) && !crate::schema::sees(*kind, role, path));
            withheld.then_some(QueryError { span, kind: QueryErrorKind::NotShown { qualifier: name } })
        })
        .collect();
    if errors.is_empty() { Ok(q) } else { Err(errors) }
}

/// Parses a query in the built-in words (no office names for the colour
/// categories); on failure returns every error found.
pub fn parse(text: &str) -> Result<Query, Vec<QueryError>> {
    parse_named(text, &RiskNames::default())
}

/// Parses a query in which `risk:` also takes the office's own names for
/// the colour categories; on failure returns every error found.
pub fn parse_named(text: &str, names: &RiskNames) -> Result<Query, Vec<QueryError>> {
    let mut terms = Vec::new();
    let mut errors = Vec::new();
    let mut p = Parser { s: text, pos: 0, names };
    while let Some(start) = p.skip_ws() {
        let negated = p.peek() == Some('-') && p.peek_at(1).is_some_and(|c| !c.is_whitespace());
        if negated {
            p.pos += 1;
        }
        let kind = if p.peek() == Some('"') {
            p.pos += 1;
            let phrase = p.quoted();
            if phrase.trim().is_empty() {
                continue;
            }
            TermKind::Phrase(phrase)
        } else {
            match p.word(start, &mut errors) {
                Some(k) => k,
                None => continue,
            }
        };
        terms.push(Term { negated, kind, span: start..p.pos });
    }
    if errors.is_empty() { Ok(Query { terms, include_archived: false }) } else { Err(errors) }
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    /// The office's names for the colour categories (`risk:`).
    names: &'a RiskNames,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    /// Skips whitespace; the position of the next term, if any.
    fn skip_ws(&mut self) -> Option<usize> {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                return Some(self.pos);
            }
            self.pos += c.len_utf8();
        }
        None
    }

    /// Reads after an opening quote up to the closing one (or the end).
    fn quoted(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.pos += c.len_utf8();
            match c {
                '"' => return out,
                '\\' => match self.peek() {
                    Some(e @ ('"' | '\\')) => {
                        self.pos += 1;
                        out.push(e);
                    }
                    _ => out.push('\\'),
                },
                _ => out.push(c),
            }
        }
        out
    }

    /// Reads a free word or a qualifier; errors are pushed, `None` then.
    fn word(&mut self, term_start: usize, errors: &mut Vec<QueryError>) -> Option<TermKind> {
        let start = self.pos;
        let end = self.rest().find(char::is_whitespace).map_or(self.s.len(), |i| self.pos + i);
        let word = self.s.get(start..end).unwrap_or("");
        let qualifier = word.split_once(':').filter(|(n, _)| !n.is_empty() && n.chars().all(char::is_alphabetic));
        let Some((name, _)) = qualifier else {
            self.pos = end;
            return Some(TermKind::Free(word.to_string()));
        };
        let name_span = term_start..start + name.len() + 1;
        self.pos = start + name.len() + 1;
        let value_start = self.pos;
        let quoted = self.peek() == Some('"');
        let value = if quoted {
            self.pos += 1;
            self.quoted()
        } else {
            self.pos = end;
            self.s.get(value_start..end).unwrap_or("").to_string()
        };
        let value_span = value_start..self.pos;
        let Some(qname) = QualifierName::from_name(name) else {
            errors.push(QueryError {
                span: name_span,
                kind: QueryErrorKind::UnknownQualifier { name: name.to_string() },
            });
            return None;
        };
        if value.trim().is_empty() {
            errors.push(QueryError { span: name_span, kind: QueryErrorKind::MissingValue { qualifier: qname } });
            return None;
        }
        if qname == QualifierName::Officer && !quoted && ME.iter().any(|m| m.eq_ignore_ascii_case(value.trim())) {
            return Some(TermKind::Qualifier(Qualifier::OfficerMe(None)));
        }
        match Qualifier::parse(qname, &value, self.names) {
            Ok(q) => Some(TermKind::Qualifier(q)),
            Err(why) => {
                errors.push(QueryError {
                    span: value_span,
                    kind: QueryErrorKind::BadValue { qualifier: qname, value, why },
                });
                None
            }
        }
    }
}

/// Writes `s` in double quotes with `"` and `\` escaped.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negated {
            f.write_str("-")?;
        }
        match &self.kind {
            TermKind::Free(w) => f.write_str(w),
            TermKind::Phrase(p) => write_quoted(f, p),
            TermKind::Qualifier(q) => {
                write!(f, "{}:", q.name().name())?;
                let v = q.value();
                // the text "me" is quoted, or it would read back as the user
                let means_me =
                    matches!(q, Qualifier::Officer(_)) && ME.iter().any(|m| m.eq_ignore_ascii_case(v.trim()));
                if means_me || v.starts_with('"') || v.contains(|c: char| c.is_whitespace() || c == '"') {
                    write_quoted(f, &v)
                } else {
                    f.write_str(&v)
                }
            }
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{t}")?;
        }
        Ok(())
    }
}

impl Query {
    /// True when there are no terms (everything matches).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every record this query matches is also matched by `prev`,
    /// so that a search for it may look only at `prev`'s hits: terms were
    /// appended (but no `archived:`, which widens), or the last free word
    /// was extended without digits (a digit may switch a word to NIK,
    /// register or id matching) and each of its folded readings grew at
    /// the end, without reaching the length from which a typo is forgiven
    /// ([`super::matcher::TYPO_FROM`] letters) on the way, unless from a
    /// single letter (a typo is never in the first). Searching archived
    /// records too widens.
    pub fn narrows(&self, prev: &Query) -> bool {
        self.narrows_with(prev, super::matcher::Matching::Words)
    }

    /// [`Query::narrows`] for a matcher: the fuzzy one
    /// ([`super::matcher::Matching::Fuzzy`]) forgives no typo and reads a
    /// word one way.
    pub fn narrows_with(&self, prev: &Query, matching: super::matcher::Matching) -> bool {
        if self.include_archived && !prev.include_archived {
            return false;
        }
        let n = prev.terms.len();
        if self.terms.len() > n && self.terms.starts_with(&prev.terms) {
            return !self.terms[n..].iter().any(|t| matches!(t.kind, TermKind::Qualifier(Qualifier::Archived(_))));
        }
        if self.terms.len() != n || n == 0 || self.terms[..n - 1] != prev.terms[..n - 1] {
            return false;
        }
        match (&prev.terms[n - 1], &self.terms[n - 1]) {
            (
                Term { negated: false, kind: TermKind::Free(old), .. },
                Term { negated: false, kind: TermKind::Free(new), .. },
            ) if matching == super::matcher::Matching::Fuzzy => {
                let (old, new) = (crate::model::fold::fold(old), crate::model::fold::fold(new));
                !new.chars().any(|c| c.is_ascii_digit()) && new.starts_with(&old)
            }
            (
                Term { negated: false, kind: TermKind::Free(old), .. },
                Term { negated: false, kind: TermKind::Free(new), .. },
            ) => {
                let (old, new) = (super::matcher::readings(old), super::matcher::readings(new));
                !new.iter().any(|r| r.chars().any(|c| c.is_ascii_digit()))
                    && old.len() == new.len()
                    && old
                        .iter()
                        .zip(&new)
                        .all(|(o, n)| n.starts_with(o.as_str()) && !super::matcher::typo_forgiven_from_now(o, n))
            }
            _ => false,
        }
    }

    /// The qualifiers of the query, with their negation.
    pub fn qualifiers(&self) -> impl Iterator<Item = (bool, &Qualifier)> {
        self.terms.iter().filter_map(|t| match &t.kind {
            TermKind::Qualifier(q) => Some((t.negated, q)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use proptest::prelude::*;

    fn q(s: &str) -> Query {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    fn qual(s: &str) -> Qualifier {
        match &q(s).terms[0].kind {
            TermKind::Qualifier(x) => x.clone(),
            other => panic!("{s}: not a qualifier: {other:?}"),
        }
    }

    fn err(s: &str) -> Vec<QueryError> {
        parse(s).expect_err(s)
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn free_words_phrases_and_negation() {
        let query = q(r#"  budi -santoso "kota batu" -"zelda kue" 10:30 - "#);
        let kinds: Vec<(bool, TermKind)> = query.terms.into_iter().map(|t| (t.negated, t.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (false, TermKind::Free("budi".into())),
                (true, TermKind::Free("santoso".into())),
                (false, TermKind::Phrase("kota batu".into())),
                (true, TermKind::Phrase("zelda kue".into())),
                (false, TermKind::Free("10:30".into())),
                (false, TermKind::Free("-".into())),
            ]
        );
        assert!(q("").is_empty());
        assert!(q("   \"\"  ").is_empty());
        assert_eq!(q(r#""open phrase"#).terms[0].kind, TermKind::Phrase("open phrase".into()));
        assert_eq!(q(r#""say \"hi\" \\ ok""#).terms[0].kind, TermKind::Phrase(r#"say "hi" \ ok"#.into()));
    }

    #[test]
    fn officer_me_is_the_user_and_quoted_me_is_text() {
        assert_eq!(qual("officer:me"), Qualifier::OfficerMe(None));
        assert_eq!(qual("PETUGAS:Saya"), Qualifier::OfficerMe(None));
        assert_eq!(qual("pk:ME"), Qualifier::OfficerMe(None));
        assert_eq!(qual(r#"officer:"me""#), Qualifier::Officer("me".into()), "quoted: the text");
        assert_eq!(qual("officer:mei"), Qualifier::Officer("mei".into()));
        for text in ["officer:me", r#"officer:"me""#, "-officer:saya budi", r#"pk:"saya""#] {
            assert_eq!(q(&q(text).to_string()), q(text), "{text} reads back the same");
        }
        let kinds = [RecordKind::Client];
        let bound =
            parse_as("officer:me risk:hijau", &kinds, crate::model::Role::Officer, Some(" Rina Wulandari ")).unwrap();
        assert_eq!(bound.terms[0].kind, TermKind::Qualifier(Qualifier::OfficerMe(Some("Rina Wulandari".into()))));
        assert_eq!(bound.to_string(), "officer:me risk:hijau", "the name is not written out");
        for none in [None, Some("  ")] {
            let errors = parse_as("budi officer:me", &kinds, crate::model::Role::Officer, none).unwrap_err();
            assert_eq!(errors.len(), 1);
            assert_eq!((errors[0].kind.clone(), errors[0].span.clone()), (QueryErrorKind::NoOfficerName, 5..15));
            let msg = errors[0].message(Lang::En);
            assert!(msg.contains("no officer name") && msg.contains("simpul user set LOGIN --officer"), "{msg}");
        }
        assert!(parse_as(r#"officer:"me""#, &kinds, crate::model::Role::Officer, None).is_ok(), "text needs no name");
    }

    #[test]
    fn each_qualifier() {
        assert_eq!(qual("risk:hijau"), Qualifier::Risk(RiskCategory::Hijau));
        assert_eq!(qual("RISIKO:Merah"), Qualifier::Risk(RiskCategory::Merah));
        assert_eq!(qual("risk:green"), Qualifier::Risk(RiskCategory::Hijau));
        assert_eq!(qual("risk:red"), Qualifier::Risk(RiskCategory::Merah));
        assert_eq!(qual("risk:yellow"), Qualifier::Risk(RiskCategory::Kuning));
        let active = qual("status:active");
        assert_eq!(active, qual("status:aktif"));
        let Qualifier::Status(s) = active else { panic!() };
        assert_eq!(s.client(), Some(ClientStatus::Active));
        assert_eq!(s.stakeholder(), Some(StakeholderStatus::Active));
        let Qualifier::Status(s) = qual("status:declined") else { panic!() };
        assert_eq!((s.client(), s.referral()), (None, Some(ReferralStatus::Declined)));
        assert_eq!(qual("office:malang"), Qualifier::Office("malang".into()));
        assert_eq!(qual("kantor:\"kota batu\""), Qualifier::Office("kota batu".into()));
        assert_eq!(qual("officer:Rina"), Qualifier::Officer("Rina".into()));
        assert_eq!(qual("petugas:Rina"), Qualifier::Officer("Rina".into()));
        assert_eq!(qual("skill:barista"), Qualifier::Skill("barista".into()));
        assert_eq!(qual("keahlian:barista"), Qualifier::Skill("barista".into()));
        assert_eq!(qual("need:capital"), Qualifier::Need(Need::Capital));
        assert_eq!(qual("kebutuhan:modal"), Qualifier::Need(Need::Capital));
        assert_eq!(qual("gender:p"), Qualifier::Gender(Gender::Female));
        assert_eq!(qual("kind:pokmas"), Qualifier::Kind(KindValue::Stakeholder(StakeholderKind::Pokmas)));
        assert_eq!(qual("jenis:lokakarya"), Qualifier::Kind(KindValue::Event(EventKind::Workshop)));
        assert_eq!(qual("stakeholder:lazismu"), Qualifier::Stakeholder("lazismu".into()));
        assert_eq!(qual("mitra:lazismu"), Qualifier::Stakeholder("lazismu".into()));
        assert_eq!(qual("region:jatim"), Qualifier::Region("jatim".into()));
        assert_eq!(qual("layanan:modal"), Qualifier::Service("modal".into()));
        assert_eq!(qual("date:2023-10"), Qualifier::Date(DateSpec { year: 2023, month: Some(10), day: None }));
        assert_eq!(qual("tanggal:2023"), Qualifier::Date(DateSpec { year: 2023, month: None, day: None }));
        assert_eq!(qual("date:2024-02-29"), Qualifier::Date(DateSpec { year: 2024, month: Some(2), day: Some(29) }));
        assert_eq!(qual("after:2023-01-01"), Qualifier::After(d(2023, 1, 1)));
        assert_eq!(qual("setelah:2023-10"), Qualifier::After(d(2023, 10, 1)));
        assert_eq!(qual("before:2023-02"), Qualifier::Before(d(2023, 2, 28)));
        assert_eq!(qual("sebelum:2023"), Qualifier::Before(d(2023, 12, 31)));
        assert_eq!(qual("archived:yes"), Qualifier::Archived(true));
        assert_eq!(qual("arsip:tidak"), Qualifier::Archived(false));
        assert_eq!(qual("archived:ya"), Qualifier::Archived(true));
        assert_eq!(qual("nik:3507"), Qualifier::Nik("3507".into()));
        assert_eq!(qual("id:K-000123"), Qualifier::Id(RecordRef::new(RecordKind::Client, 123)));
        assert_eq!(qual("id:s7"), Qualifier::Id(RecordRef::new(RecordKind::Stakeholder, 7)));
        let neg = q("-risk:merah");
        assert!(neg.terms[0].negated);
        assert_eq!(neg.to_string(), "-risk:merah");
    }

    #[test]
    fn the_example_of_the_issue() {
        let query = q("risk:hijau office:malang skill:barista budi");
        assert_eq!(query.terms.len(), 4);
        assert_eq!(query.qualifiers().count(), 3);
        assert_eq!(query.to_string(), "risk:hijau office:malang skill:barista budi");
    }

    #[test]
    fn errors_name_the_piece_and_list_what_is_valid() {
        let e = err("budi rsk:hijau");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].span, 5..9);
        assert_eq!(
            e[0].message(Lang::En),
            "unknown qualifier \"rsk:\"; valid: risk, status, office, officer, skill, need, gender, kind, \
             stakeholder, region, service, date, after, before, archived, nik, id, phase, rri, missed, report"
        );
        assert!(e[0].message(Lang::Id).starts_with("penyaring \"rsk:\" tidak dikenal"));
        let e = err("risk:ungu");
        assert_eq!(e[0].span, 5..9);
        assert_eq!(e[0].message(Lang::En), "risk must be one of merah, kuning, hijau, not \"ungu\"");
        let e = err("-risk:ungu");
        assert_eq!(e[0].span, 6..10);
        let e = err("risk: date:2023-13 id:R-1 nik:12a archived:maybe office:\"\" x:y");
        let spans: Vec<Range<usize>> = e.iter().map(|e| e.span.clone()).collect();
        assert_eq!(spans.len(), 7, "{e:?}");
        assert_eq!(spans[0], 0..5);
        assert!(e[0].message(Lang::En).contains("merah, kuning, hijau"));
        assert!(e[1].message(Lang::En).contains("YYYY-MM"));
        assert!(e[2].message(Lang::En).contains("K-000123"));
        assert!(e[3].message(Lang::En).contains("digits"));
        assert!(e[4].message(Lang::En).contains("yes, no, ya, tidak"));
        for lang in Lang::ALL {
            for e in &e {
                assert!(!e.message(lang).is_empty());
            }
        }
        assert!(err("date:2023-02-30")[0].message(Lang::En).contains("2023-02-30"));
        // control characters in a bad value are shown escaped
        assert!(err("risk:\u{1b}[2J")[0].message(Lang::En).contains("\\u{1b}"));
    }

    #[test]
    fn canonical_printing() {
        assert_eq!(
            q("RISIKO:GREEN  kantor:\"kota batu\"   -Budi").to_string(),
            "risk:hijau office:\"kota batu\" -Budi"
        );
        assert_eq!(q("setelah:2023-10 arsip:ya").to_string(), "after:2023-10-01 archived:yes");
        assert_eq!(q(r#"office:a"b "x\"y""#).to_string(), r#"office:"a\"b" "x\"y""#);
    }

    fn word() -> impl Strategy<Value = String> {
        // Free words as the parser produces them.
        "[a-zA-Z0-9À-ÿ.,_'!?-][a-zA-Z0-9À-ÿ.,_'!?:\"-]{0,8}".prop_filter("not a qualifier", |w| {
            let qualifier_like =
                w.split_once(':').is_some_and(|(n, _)| !n.is_empty() && n.chars().all(char::is_alphabetic));
            !(qualifier_like || (w.starts_with('-') && w.len() > 1))
        })
    }

    fn text_value() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 \"\\\\.é-]{1,10}".prop_map(|s| s.trim().to_string()).prop_filter("non-empty", |s| !s.is_empty())
    }

    fn qualifier() -> impl Strategy<Value = Qualifier> {
        let date =
            (1900i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let spec = (1900i32..2100, prop::option::of((1u32..=12, prop::option::of(1u32..=28))))
            .prop_map(|(y, md)| DateSpec { year: y, month: md.map(|x| x.0), day: md.and_then(|x| x.1) });
        prop_oneof![
            prop::sample::select(RiskCategory::ALL).prop_map(Qualifier::Risk),
            prop::sample::select(StatusValue::codes()).prop_map(|c| Qualifier::Status(StatusValue::parse(c).unwrap())),
            text_value().prop_map(Qualifier::Office),
            text_value().prop_map(Qualifier::Officer),
            text_value().prop_map(Qualifier::Skill),
            text_value().prop_map(Qualifier::Stakeholder),
            text_value().prop_map(Qualifier::Region),
            text_value().prop_map(Qualifier::Service),
            prop::sample::select(Need::ALL).prop_map(Qualifier::Need),
            prop::sample::select(Gender::ALL).prop_map(Qualifier::Gender),
            prop::sample::select(StakeholderKind::ALL).prop_map(|k| Qualifier::Kind(KindValue::Stakeholder(k))),
            prop::sample::select(EventKind::ALL).prop_map(|k| Qualifier::Kind(KindValue::Event(k))),
            spec.prop_map(Qualifier::Date),
            date.clone().prop_map(Qualifier::After),
            date.prop_map(Qualifier::Before),
            any::<bool>().prop_map(Qualifier::Archived),
            "[0-9]{1,16}".prop_map(Qualifier::Nik),
            (
                prop::sample::select(vec![RecordKind::Client, RecordKind::Stakeholder, RecordKind::Event]),
                0u64..10_000_000
            )
                .prop_map(|(k, id)| Qualifier::Id(RecordRef::new(k, id))),
            prop::sample::select(GuidancePhase::ALL).prop_map(Qualifier::Phase),
            prop::sample::select(Rri::ALL).prop_map(Qualifier::Rri),
            (any::<u16>(), any::<bool>()).prop_map(|(n, plus)| Qualifier::Missed(n, plus)),
            Just(Qualifier::ReportToday),
        ]
    }

    fn term() -> impl Strategy<Value = Term> {
        let kind = prop_oneof![
            word().prop_map(TermKind::Free),
            "[a-z \"\\\\é]{0,8}[a-z][a-z \"\\\\]{0,8}".prop_map(TermKind::Phrase),
            qualifier().prop_map(TermKind::Qualifier),
        ];
        (any::<bool>(), kind).prop_map(|(negated, kind)| Term { negated, kind, span: 0..0 })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn no_input_panics(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn no_query_like_input_panics(s in "[a-z:\"\\\\ -]{0,30}") {
            if let Err(errors) = parse(&s) {
                for e in errors {
                    prop_assert!(s.get(e.span.clone()).is_some(), "span {:?} is not inside {:?}", e.span, s);
                    prop_assert!(!e.message(Lang::Id).is_empty());
                }
            }
        }

        #[test]
        fn printed_queries_parse_back(terms in prop::collection::vec(term(), 0..6)) {
            let query = Query { terms, include_archived: false };
            let printed = query.to_string();
            prop_assert_eq!(parse(&printed), Ok(query), "printed: {}", printed);
        }

        #[test]
        fn whatever_parses_prints_back(s in "[a-z0-9:\"\\\\ é-]{0,30}") {
            if let Ok(query) = parse(&s) {
                let printed = query.to_string();
                prop_assert_eq!(parse(&printed), Ok(query), "printed: {}", printed);
            }
        }
    }
}
