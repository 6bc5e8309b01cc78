//! How a value is written as text and read back: one [`Text`] per kind of
//! value, shared by every field of that kind. The text is what a form
//! shows and a file holds: dates as `YYYY-MM-DD`, lists and sets joined by
//! `|`, choices as their codes.

use chrono::NaiveDate;

use super::Invalid;
use crate::model::Lang;
use crate::model::input::{DateError, parse_date, parse_date_time, parse_list};
use crate::model::validate::normalize_phone;
use crate::model::{
    ClientId, ClientStatus, Gender, RecordKind, RecordRef, RiskCategory, StakeholderId, Vocabulary, When,
};
use crate::words::{self, RiskNames};

/// What a code of a closed vocabulary is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label<'a> {
    /// A word of the model's values, in the language asked for.
    Word(&'a str),
    /// A text of the forms (`yes`, `not scored`), said by `i18n`.
    Key(super::FormMsg),
}

/// The codes of a closed vocabulary and what each is called (its label,
/// in a language, is `i18n`'s: `<dyn Choices>::label`).
pub trait Choices: Sync {
    /// Every code, in display order.
    fn codes(&self) -> Vec<&'static str>;
    /// What a code is called in a language; a colour category by the
    /// office's `names` for it.
    fn name<'a>(&self, lang: Lang, names: &'a RiskNames, code: &str) -> Label<'a>;
}

/// How a field is edited.
#[derive(Clone, Copy)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines.
    Multiline,
    /// A date (relative dates such as "today" in forms).
    Date,
    /// A date, or a date and a time.
    Moment,
    /// Dates separated by `|`.
    Dates,
    /// Values separated by `|` (or `,` and `;` when typed).
    List,
    /// A whole number.
    Number,
    /// One of a vocabulary.
    Choice(&'static dyn Choices),
    /// Any of a vocabulary.
    Set(&'static dyn Choices),
    /// Another record, by its id (`S-000006`).
    Link(RecordKind),
    /// Other records, by their ids.
    Links(RecordKind),
    /// A list of sub-records, edited one by one in their own forms.
    Parts,
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Kind::Text => "Text",
            Kind::Multiline => "Multiline",
            Kind::Date => "Date",
            Kind::Moment => "Moment",
            Kind::Dates => "Dates",
            Kind::List => "List",
            Kind::Number => "Number",
            Kind::Choice(_) => "Choice",
            Kind::Set(_) => "Set",
            Kind::Link(_) => "Link",
            Kind::Links(_) => "Links",
            Kind::Parts => "Parts",
        };
        f.write_str(name)
    }
}

/// How values of type `T` are written as text and read back.
pub trait Text<T>: Sync {
    /// How such a field is edited.
    fn kind(&'static self) -> Kind;
    /// The value as text.
    fn format(&self, v: &T) -> String;
    /// The value a text means.
    fn parse(&self, text: &str, today: NaiveDate) -> Result<T, Invalid>;
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Invalid> {
    match parse_date(text, today) {
        Ok(d) => Ok(Some(d)),
        Err(DateError::Empty) => Ok(None),
        Err(e) => Err(Invalid::Date(e)),
    }
}

/// One line of text, trimmed.
pub struct Line;
impl Text<String> for Line {
    fn kind(&'static self) -> Kind {
        Kind::Text
    }
    fn format(&self, v: &String) -> String {
        v.clone()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<String, Invalid> {
        Ok(text.trim().to_string())
    }
}

/// Several lines: trailing blanks go, inner line breaks stay.
pub struct Lines;
impl Text<String> for Lines {
    fn kind(&'static self) -> Kind {
        Kind::Multiline
    }
    fn format(&self, v: &String) -> String {
        v.clone()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<String, Invalid> {
        Ok(text.trim_end().to_string())
    }
}

/// A phone number, stored normalised when it reads as one.
pub struct Phone;
impl Text<String> for Phone {
    fn kind(&'static self) -> Kind {
        Kind::Text
    }
    fn format(&self, v: &String) -> String {
        v.clone()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<String, Invalid> {
        let t = text.trim();
        Ok(normalize_phone(t).unwrap_or_else(|| t.to_string()))
    }
}

/// Text that may be absent; blank is absent.
pub struct OptLine;
impl Text<Option<String>> for OptLine {
    fn kind(&'static self) -> Kind {
        Kind::Text
    }
    fn format(&self, v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Option<String>, Invalid> {
        let t = text.trim();
        Ok((!t.is_empty()).then(|| t.to_string()))
    }
}

/// A NIK, often typed in groups of four: spaces go.
pub struct Nik;
impl Text<Option<String>> for Nik {
    fn kind(&'static self) -> Kind {
        Kind::Text
    }
    fn format(&self, v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Option<String>, Invalid> {
        let digits: String = text.split_whitespace().collect();
        Ok((!digits.is_empty()).then_some(digits))
    }
}

/// A date that may be absent.
pub struct OptDate;
impl Text<Option<NaiveDate>> for OptDate {
    fn kind(&'static self) -> Kind {
        Kind::Date
    }
    fn format(&self, v: &Option<NaiveDate>) -> String {
        v.map(ymd).unwrap_or_default()
    }
    fn parse(&self, text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Invalid> {
        date(text, today)
    }
}

/// A date that must be there.
pub struct Day;
impl Text<NaiveDate> for Day {
    fn kind(&'static self) -> Kind {
        Kind::Date
    }
    fn format(&self, v: &NaiveDate) -> String {
        ymd(*v)
    }
    fn parse(&self, text: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
        date(text, today)?.ok_or(Invalid::Date(DateError::Empty))
    }
}

/// Dates, sorted, each once.
pub struct DateList;
impl Text<Vec<NaiveDate>> for DateList {
    fn kind(&'static self) -> Kind {
        Kind::Dates
    }
    fn format(&self, v: &Vec<NaiveDate>) -> String {
        v.iter().map(|d| ymd(*d)).collect::<Vec<_>>().join("|")
    }
    fn parse(&self, text: &str, today: NaiveDate) -> Result<Vec<NaiveDate>, Invalid> {
        let mut out = Vec::new();
        for item in parse_list(text) {
            out.extend(date(&item, today)?);
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// A date, or a date and time of day.
pub struct Moment;
impl Text<When> for Moment {
    fn kind(&'static self) -> Kind {
        Kind::Moment
    }
    fn format(&self, v: &When) -> String {
        match v {
            When::Date(d) => ymd(*d),
            When::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
    fn parse(&self, text: &str, today: NaiveDate) -> Result<When, Invalid> {
        match parse_date_time(text, today) {
            Ok((d, None)) => Ok(When::Date(d)),
            Ok((d, Some(t))) => Ok(When::DateTime(d.and_time(t))),
            Err(e) => Err(Invalid::Date(e)),
        }
    }
}

/// A moment that may be absent.
pub struct OptMoment;
impl Text<Option<When>> for OptMoment {
    fn kind(&'static self) -> Kind {
        Kind::Moment
    }
    fn format(&self, v: &Option<When>) -> String {
        v.as_ref().map(|w| Moment.format(w)).unwrap_or_default()
    }
    fn parse(&self, text: &str, today: NaiveDate) -> Result<Option<When>, Invalid> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        Moment.parse(text, today).map(Some)
    }
}

/// The rule of a series (`weekly tue x12`; see [`crate::model::series`]); empty: no series.
pub struct RuleText;
impl Text<Option<crate::model::Recurrence>> for RuleText {
    fn kind(&'static self) -> Kind {
        Kind::Text
    }
    fn format(&self, v: &Option<crate::model::Recurrence>) -> String {
        v.as_ref().map(|r| r.text()).unwrap_or_default()
    }
    fn parse(&self, text: &str, today: NaiveDate) -> Result<Option<crate::model::Recurrence>, Invalid> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        crate::model::Recurrence::parse(text, today).map(Some).map_err(|_| {
            Invalid::NotOneOf(
                "daily x4, weekly tue x12, weekly mon,thu until 2027-03-01, monthly 15 x6, monthly 2nd tue x6".into(),
            )
        })
    }
}

/// The agreement an event belongs to: `S-000006/2`; empty: none.
pub struct AgreementText;
impl Text<Option<crate::model::AgreementLink>> for AgreementText {
    fn kind(&'static self) -> Kind {
        Kind::Text
    }
    fn format(&self, v: &Option<crate::model::AgreementLink>) -> String {
        v.map(|a| a.to_string()).unwrap_or_default()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Option<crate::model::AgreementLink>, Invalid> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        crate::model::AgreementLink::parse(text).map(Some).ok_or_else(|| Invalid::NotOneOf("S-000006/2".into()))
    }
}

/// Values, each once (ignoring case), in order.
pub struct Words;
impl Text<Vec<String>> for Words {
    fn kind(&'static self) -> Kind {
        Kind::List
    }
    fn format(&self, v: &Vec<String>) -> String {
        v.join("|")
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Vec<String>, Invalid> {
        Ok(parse_list(text))
    }
}

/// Names (aliases), each once (ignoring case), in order: a comma before a
/// degree belongs to the name ([`crate::model::names::parse_names`]).
pub struct Names;
impl Text<Vec<String>> for Names {
    fn kind(&'static self) -> Kind {
        Kind::List
    }
    fn format(&self, v: &Vec<String>) -> String {
        v.join("|")
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Vec<String>, Invalid> {
        Ok(crate::model::names::parse_names(text))
    }
}

/// A whole number that may be absent.
pub struct Count;
impl Text<Option<u32>> for Count {
    fn kind(&'static self) -> Kind {
        Kind::Number
    }
    fn format(&self, v: &Option<u32>) -> String {
        v.map(|n| n.to_string()).unwrap_or_default()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Option<u32>, Invalid> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse().map(Some).map_err(|_| Invalid::Number)
    }
}

/// A small whole number (months), blank for 0.
pub struct Small;
impl Text<u16> for Small {
    fn kind(&'static self) -> Kind {
        Kind::Number
    }
    fn format(&self, v: &u16) -> String {
        if *v == 0 { String::new() } else { v.to_string() }
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<u16, Invalid> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(0);
        }
        t.parse().map_err(|_| Invalid::Number)
    }
}

/// Yes or no (also ya/tidak, y/t/n, 1/0, true/false).
pub struct YesNo;

impl Choices for YesNo {
    fn codes(&self) -> Vec<&'static str> {
        vec!["no", "yes"]
    }
    fn name<'a>(&self, _: Lang, _: &'a RiskNames, code: &str) -> Label<'a> {
        use super::FormMsg;
        Label::Key(if code == "yes" { FormMsg::Yes } else { FormMsg::No })
    }
}

/// The answer a text gives, if it is one.
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "ya" | "y" | "true" | "1" => Some(true),
        "no" | "tidak" | "t" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

impl Text<bool> for YesNo {
    fn kind(&'static self) -> Kind {
        Kind::Choice(self)
    }
    fn format(&self, v: &bool) -> String {
        if *v { "yes" } else { "no" }.to_string()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<bool, Invalid> {
        if text.trim().is_empty() {
            return Ok(false);
        }
        yes_no(text).ok_or_else(|| Invalid::NotOneOf("yes, no".into()))
    }
}

/// One value of a vocabulary, by its code; labelled by `label`.
pub struct Vocab<V: 'static> {
    /// The label of a value.
    pub label: fn(Lang, V) -> &'static str,
}

impl<V: Vocabulary + Sync> Choices for Vocab<V> {
    fn codes(&self) -> Vec<&'static str> {
        V::all().iter().map(|v| v.code()).collect()
    }
    fn name<'a>(&self, lang: Lang, _: &'a RiskNames, code: &str) -> Label<'a> {
        Label::Word(V::from_code(code).map_or("?", |v| (self.label)(lang, v)))
    }
}

/// The value of `text` in a vocabulary: its code, or the label in either language.
fn vocab_value<V: Vocabulary>(text: &str, label: fn(Lang, V) -> &'static str) -> Option<V> {
    let t = text.trim();
    V::from_code(t)
        .or_else(|| V::all().iter().copied().find(|v| Lang::ALL.iter().any(|l| label(*l, *v).eq_ignore_ascii_case(t))))
}

fn codes_of<V: Vocabulary>() -> String {
    V::all().iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
}

impl<V: Vocabulary + Default + Sync> Text<V> for Vocab<V> {
    fn kind(&'static self) -> Kind {
        Kind::Choice(self)
    }
    fn format(&self, v: &V) -> String {
        v.code().to_string()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<V, Invalid> {
        if text.trim().is_empty() {
            return Ok(V::default());
        }
        vocab_value(text, self.label).ok_or_else(|| Invalid::NotOneOf(codes_of::<V>()))
    }
}

/// A value of a vocabulary that may be absent (blank, the first choice).
pub struct OptVocab<V: 'static> {
    /// The label of a value.
    pub label: fn(Lang, V) -> &'static str,
    /// The label of no value.
    pub none: super::FormMsg,
}

impl<V: Vocabulary + Sync> Choices for OptVocab<V> {
    fn codes(&self) -> Vec<&'static str> {
        std::iter::once("").chain(V::all().iter().map(|v| v.code())).collect()
    }
    fn name<'a>(&self, lang: Lang, _: &'a RiskNames, code: &str) -> Label<'a> {
        V::from_code(code).map_or(Label::Key(self.none), |v| Label::Word((self.label)(lang, v)))
    }
}

impl<V: Vocabulary + Sync> Text<Option<V>> for OptVocab<V> {
    fn kind(&'static self) -> Kind {
        Kind::Choice(self)
    }
    fn format(&self, v: &Option<V>) -> String {
        v.map(|v| v.code()).unwrap_or_default().to_string()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Option<V>, Invalid> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        vocab_value(text, self.label).map(Some).ok_or_else(|| Invalid::NotOneOf(codes_of::<V>()))
    }
}

/// Any values of a vocabulary, in the vocabulary's order.
pub struct VocabSet<V: 'static> {
    /// The label of a value.
    pub label: fn(Lang, V) -> &'static str,
}

impl<V: Vocabulary + Sync> Choices for VocabSet<V> {
    fn codes(&self) -> Vec<&'static str> {
        V::all().iter().map(|v| v.code()).collect()
    }
    fn name<'a>(&self, lang: Lang, _: &'a RiskNames, code: &str) -> Label<'a> {
        Label::Word(V::from_code(code).map_or("?", |v| (self.label)(lang, v)))
    }
}

impl<V: Vocabulary + Sync> Text<Vec<V>> for VocabSet<V> {
    fn kind(&'static self) -> Kind {
        Kind::Set(self)
    }
    fn format(&self, v: &Vec<V>) -> String {
        v.iter().map(|v| v.code()).collect::<Vec<_>>().join("|")
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Vec<V>, Invalid> {
        let mut out = Vec::new();
        for item in parse_list(text) {
            let v = vocab_value(&item, self.label).ok_or_else(|| Invalid::NotOneOf(codes_of::<V>()))?;
            if !out.contains(&v) {
                out.push(v);
            }
        }
        Ok(out)
    }
}

/// Gender, written `L` or `P` as Indonesian forms write it.
pub struct GenderText;
impl Text<Gender> for GenderText {
    fn kind(&'static self) -> Kind {
        Kind::Choice(&GENDERS)
    }
    fn format(&self, v: &Gender) -> String {
        v.code().to_uppercase()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Gender, Invalid> {
        if text.trim().is_empty() {
            return Ok(Gender::default());
        }
        words::gender_word(text).ok_or_else(|| Invalid::NotOneOf("L, P".into()))
    }
}

static GENDERS: Vocab<Gender> = Vocab { label: words::gender };

/// A client's status, by its code or as people write it in either
/// language (`aktif`, `dipindah`, …: [`words::client_status_word`]).
pub struct ClientStatusText;
impl Text<ClientStatus> for ClientStatusText {
    fn kind(&'static self) -> Kind {
        Kind::Choice(&CLIENT_STATUSES)
    }
    fn format(&self, v: &ClientStatus) -> String {
        v.code().to_string()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<ClientStatus, Invalid> {
        if text.trim().is_empty() {
            return Ok(ClientStatus::default());
        }
        words::client_status_word(text).ok_or_else(|| Invalid::NotOneOf(codes_of::<ClientStatus>()))
    }
}

static CLIENT_STATUSES: Vocab<ClientStatus> = Vocab { label: words::client_status };

/// A colour category, by its code; called by the office's names for the
/// categories ([`RiskNames`]), read by its code or its name in either language.
pub struct RiskText;

impl Choices for RiskText {
    fn codes(&self) -> Vec<&'static str> {
        RiskCategory::ALL.iter().map(|v| v.code()).collect()
    }
    fn name<'a>(&self, lang: Lang, names: &'a RiskNames, code: &str) -> Label<'a> {
        Label::Word(RiskCategory::from_code(code).map_or("?", |r| names.label(lang, r)))
    }
}

impl Text<RiskCategory> for RiskText {
    fn kind(&'static self) -> Kind {
        Kind::Choice(self)
    }
    fn format(&self, v: &RiskCategory) -> String {
        v.code().to_string()
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<RiskCategory, Invalid> {
        if text.trim().is_empty() {
            return Ok(RiskCategory::default());
        }
        vocab_value(text, words::risk).ok_or_else(|| Invalid::NotOneOf(codes_of::<RiskCategory>()))
    }
}

/// Ids of records of one kind (`S-000006`), each once.
pub struct Refs<I: 'static>(pub RecordKind, pub fn(u64) -> I, pub fn(&I) -> u64);

impl<I: PartialEq + Sync> Text<Vec<I>> for Refs<I> {
    fn kind(&'static self) -> Kind {
        Kind::Links(self.0)
    }
    fn format(&self, v: &Vec<I>) -> String {
        v.iter().map(|i| RecordRef::new(self.0, (self.2)(i)).to_string()).collect::<Vec<_>>().join("|")
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<Vec<I>, Invalid> {
        let mut out = Vec::new();
        for item in parse_list(text) {
            match RecordRef::parse(&item) {
                Some(r) if r.kind == self.0 => {
                    let id = (self.1)(r.id);
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
                _ => return Err(Invalid::NotOneOf(RecordRef::new(self.0, 123).to_string())),
            }
        }
        Ok(out)
    }
}

/// One record of a kind, by its id.
pub struct Ref<I: 'static>(pub RecordKind, pub fn(u64) -> I, pub fn(&I) -> u64);

impl<I: Sync> Text<I> for Ref<I> {
    fn kind(&'static self) -> Kind {
        Kind::Link(self.0)
    }
    fn format(&self, v: &I) -> String {
        let id = (self.2)(v);
        if id == 0 { String::new() } else { RecordRef::new(self.0, id).to_string() }
    }
    fn parse(&self, text: &str, _: NaiveDate) -> Result<I, Invalid> {
        if text.trim().is_empty() {
            return Ok((self.1)(0));
        }
        match RecordRef::parse(text) {
            Some(r) if r.kind == self.0 => Ok((self.1)(r.id)),
            _ => Err(Invalid::NotOneOf(RecordRef::new(self.0, 123).to_string())),
        }
    }
}

/// The client ids of a group session.
pub static CLIENT_REFS: Refs<ClientId> = Refs(RecordKind::Client, ClientId, |c| c.0);
/// The stakeholder ids of an event's organisers.
pub static STAKEHOLDER_REFS: Refs<StakeholderId> = Refs(RecordKind::Stakeholder, StakeholderId, |s| s.0);
/// A referral's client.
pub static CLIENT_REF: Ref<ClientId> = Ref(RecordKind::Client, ClientId, |c| c.0);
/// A referral's stakeholder.
pub static STAKEHOLDER_REF: Ref<StakeholderId> = Ref(RecordKind::Stakeholder, StakeholderId, |s| s.0);
