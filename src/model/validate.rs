//! Validation: every problem of a record, each with the field it belongs to.
//!
//! Validators never stop at the first problem: a form shows all of them at
//! once, next to their fields, and moves the cursor to the first. Field
//! names are stable paths (`nik`, `contacts[1].email`) that forms and the
//! CSV importer map to their own positions; messages are rendered by
//! `crate::i18n` from the [`ProblemKind`], so this layer has no language.

use chrono::{Datelike, NaiveDate};

use super::client::Client;
use super::event::{Event, Who};
use super::referral::Referral;
use super::stakeholder::Stakeholder;
use super::user::User;
use super::vocab::{Attendance, Gender, ReportingStatus, Role};

/// Longest name accepted (people's and institutions').
pub const MAX_NAME: usize = 120;
/// Longest single-line text field accepted.
pub const MAX_LINE: usize = 200;
/// Longest multi-line text accepted (notes, summaries).
pub const MAX_TEXT: usize = 20_000;

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A required value is missing.
    Required,
    /// Longer than allowed.
    TooLong {
        /// Allowed characters.
        max: usize,
    },
    /// Contains control characters or escape sequences.
    ControlCharacters,
    /// A name with characters other than letters, spaces, apostrophes, `-` and `.`.
    NameCharacters,
    /// A NIK that is not 16 characters long.
    NikLength {
        /// How many it has.
        len: usize,
    },
    /// A NIK with something other than digits.
    NikDigits,
    /// A NIK whose date part is not a date.
    NikDate,
    /// A NIK whose date part disagrees with the birth date.
    NikBirthDate {
        /// The birth date encoded in the NIK (day, month, two-digit year).
        encoded: (u32, u32, u32),
    },
    /// A NIK whose day part says one gender and the record says the other.
    NikGender {
        /// The gender the NIK encodes (day + 40 for women).
        encoded: Gender,
    },
    /// Not an Indonesian telephone number.
    Phone,
    /// Not an e-mail address.
    Email,
    /// A date in the future where only past dates make sense.
    InFuture,
    /// A date implausibly far in the past.
    TooOld,
    /// An end before its start.
    EndBeforeStart {
        /// The field that holds the start.
        start: String,
    },
    /// A date before the client was born.
    BeforeBirth,
    /// A login name with characters other than a-z, 0-9, `.`, `_`, `-`.
    LoginName,
    /// A partner user without a stakeholder, or a stakeholder given to another role.
    PartnerStakeholder,
    /// Not an OpenSSH public key line.
    SshKey,
    /// A referral whose status disagrees with its history.
    StatusHistory,
    /// The same record listed twice (a participant, an organiser).
    Duplicate,
    /// Attendance (attended, absent, missed) recorded for a day that has
    /// not come; invited or excused can be.
    NotYet,
    /// An agreement the stakeholder does not have.
    NoSuchAgreement,
    /// A series whose rule gives no meeting from its first day on (an
    /// end before the start).
    NoMeetings,
}

/// One problem: the field it belongs to and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the field (`full_name`, `contacts[0].phone`).
    pub field: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// Collects problems with their field paths.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, field: impl Into<String>, kind: ProblemKind) {
        self.0.push(Problem { field: field.into(), kind });
    }

    /// The problems found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }

    fn required(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(field, ProblemKind::Required);
        }
    }

    fn line(&mut self, field: &str, value: &str, max: usize) {
        if let Some(k) = check_line(value, max) {
            self.push(field, k);
        }
    }

    fn text(&mut self, field: &str, value: &str) {
        if let Some(k) = check_text(value) {
            self.push(field, k);
        }
    }

    fn name(&mut self, field: &str, value: &str) {
        if let Some(k) = check_name(value) {
            self.push(field, k);
        }
    }

    fn phone(&mut self, field: &str, value: &str) {
        if !value.trim().is_empty() && normalize_phone(value).is_none() {
            self.push(field, ProblemKind::Phone);
        }
    }

    fn email(&mut self, field: &str, value: &str) {
        if !value.trim().is_empty() && !is_email(value) {
            self.push(field, ProblemKind::Email);
        }
    }

    fn past(&mut self, field: &str, date: Option<NaiveDate>, today: NaiveDate) {
        if let Some(d) = date {
            if d > today {
                self.push(field, ProblemKind::InFuture);
            } else if d.year() < 1900 {
                self.push(field, ProblemKind::TooOld);
            }
        }
    }

    fn order(&mut self, start_field: &str, start: Option<NaiveDate>, end_field: &str, end: Option<NaiveDate>) {
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            self.push(end_field, ProblemKind::EndBeforeStart { start: start_field.to_string() });
        }
    }
}

/// True for characters that must never be stored in a single-line field.
fn is_forbidden_in_line(c: char) -> bool {
    c.is_control() || is_bidi_override(c)
}

/// Bidirectional overrides can make stored text display as something else.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks a single-line value: no control characters, at most `max` characters.
pub fn check_line(value: &str, max: usize) -> Option<ProblemKind> {
    if value.chars().any(is_forbidden_in_line) {
        Some(ProblemKind::ControlCharacters)
    } else if value.chars().count() > max {
        Some(ProblemKind::TooLong { max })
    } else {
        None
    }
}

/// Checks multi-line text: newlines and tabs allowed, other control characters not.
pub fn check_text(value: &str) -> Option<ProblemKind> {
    if value.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_override(c)) {
        Some(ProblemKind::ControlCharacters)
    } else if value.chars().count() > MAX_TEXT {
        Some(ProblemKind::TooLong { max: MAX_TEXT })
    } else {
        None
    }
}

/// Checks a person's or institution's name: any Unicode letters and marks,
/// spaces, apostrophes, hyphens and dots ("Moh. Ali", "Ma'ruf", "Nur-Aini"),
/// commas before degrees ("Ganda Irawan, S.Sos", "Dr. H. Ahmad Fauzi,
/// M.Si.") and a nickname in brackets ("Achmad (Ucok) Baros"): brackets
/// in pairs, not nested, around something.
pub fn check_name(value: &str) -> Option<ProblemKind> {
    if let Some(k) = check_line(value, MAX_NAME) {
        return Some(k);
    }
    let mut open: Option<usize> = None;
    for (i, c) in value.chars().enumerate() {
        let ok = match c {
            '(' if open.is_none() => {
                open = Some(i);
                true
            }
            // "()" holds no nickname
            ')' => open.take().is_some_and(|o| o + 1 < i),
            '(' => false,
            _ => {
                c.is_alphabetic()
                    || is_combining_mark(c)
                    || c == ' '
                    || c == '\u{a0}'
                    || matches!(c, '\'' | '\u{2019}' | '\u{2bc}' | '`' | '-' | '.' | ',')
            }
        };
        if !ok {
            return Some(ProblemKind::NameCharacters);
        }
    }
    if open.is_some() { Some(ProblemKind::NameCharacters) } else { None }
}

/// Combining marks (decomposed accents) count as part of a letter.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// What a NIK (Nomor Induk Kependudukan) encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NikInfo {
    /// Province, regency and district codes (first six digits).
    pub region: u32,
    /// Day of birth (the stored day has 40 added for women).
    pub day: u32,
    /// Month of birth.
    pub month: u32,
    /// Year of birth, two digits.
    pub year2: u32,
    /// Gender implied by the day field.
    pub gender: Gender,
    /// Serial number (last four digits).
    pub serial: u32,
}

/// Parses a NIK: 16 digits, PPKKCC DDMMYY SSSS, day + 40 for women.
pub fn parse_nik(nik: &str) -> Result<NikInfo, ProblemKind> {
    let nik = nik.trim();
    if !nik.chars().all(|c| c.is_ascii_digit()) {
        return Err(ProblemKind::NikDigits);
    }
    if nik.len() != 16 {
        return Err(ProblemKind::NikLength { len: nik.chars().count() });
    }
    let num = |r: std::ops::Range<usize>| nik.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    let raw_day = num(6..8);
    let (day, gender) = if raw_day > 40 { (raw_day - 40, Gender::Female) } else { (raw_day, Gender::Male) };
    let month = num(8..10);
    let year2 = num(10..12);
    // Two-digit years are ambiguous; any century makes a valid day-month check
    // except 29 February, which needs a leap year in one of them.
    let valid = (1900..=2099).step_by(100).any(|c| NaiveDate::from_ymd_opt(c + year2 as i32, month, day).is_some());
    if !valid || day == 0 {
        return Err(ProblemKind::NikDate);
    }
    Ok(NikInfo { region: num(0..6), day, month, year2, gender, serial: num(12..16) })
}

/// Checks a NIK against the birth date and gender it should encode.
pub fn check_nik(nik: &str, birth: Option<NaiveDate>, gender: Gender) -> Vec<ProblemKind> {
    let info = match parse_nik(nik) {
        Ok(i) => i,
        Err(k) => return vec![k],
    };
    let mut out = Vec::new();
    if let Some(b) = birth
        && (b.day() != info.day || b.month() != info.month || (b.year() % 100) as u32 != info.year2)
    {
        out.push(ProblemKind::NikBirthDate { encoded: (info.day, info.month, info.year2) });
    }
    if info.gender != gender {
        out.push(ProblemKind::NikGender { encoded: info.gender });
    }
    out
}

/// Normalises an Indonesian telephone number to its national form (`08…`,
/// `0341…`), accepting `+62`, `62`, spaces, dots, dashes and brackets, and
/// a trunk `0` after the country code (`+62 (0821) …`: wrong, but common).
/// An extension (`ext. 12`, `psw. 12`, `x12`) is kept after ` x`:
/// `0341551234 x12`. `None` when it is not one.
pub fn normalize_phone(s: &str) -> Option<String> {
    let (number, ext) = split_extension(s.trim());
    let (plus, rest) = match number.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, number),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    let national = if let Some(r) = digits.strip_prefix("62") {
        format!("0{}", r.strip_prefix('0').unwrap_or(r))
    } else if plus {
        return None;
    } else {
        digits
    };
    let bytes = national.as_bytes();
    let ok = bytes.len() >= 9
        && bytes.len() <= 13
        && bytes[0] == b'0'
        && bytes[1] != b'0'
        // mobile numbers are 08 + 8 to 11 digits
        && (bytes[1] != b'8' || bytes.len() >= 10);
    if !ok {
        return None;
    }
    match ext {
        Some(e) => Some(format!("{national} x{e}")),
        None => Some(national),
    }
}

/// The number and the extension of a typed phone number: `ext. 12`,
/// `ext 12`, `x12`, `psw. 12`, `pes. 12`, `pesawat 12` at its end (one to
/// six digits).
fn split_extension(s: &str) -> (&str, Option<&str>) {
    let digits_at = s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let ext = &s[digits_at..];
    if ext.is_empty() || ext.len() > 6 {
        return (s, None);
    }
    let before = s[..digits_at].trim_end();
    let lower = before.to_ascii_lowercase();
    for word in ["extension", "ext.", "ext", "psw.", "psw", "pes.", "pesawat", "x"] {
        if let Some(number) = lower.strip_suffix(word) {
            let number = number.trim_end_matches([' ', ',', ';']);
            return (&before[..number.len()], Some(ext));
        }
    }
    (s, None)
}

/// A stored phone number grouped for reading: mobile numbers in fours
/// (`0821-9935-181`), others with the area code in brackets (`(0341)
/// 551-234`, `(021) 5551-2345`), and the extension apart, for the caller
/// to word. `None` for text that is not a number (stored before numbers
/// were normalised).
pub fn group_phone(stored: &str) -> Option<(String, Option<String>)> {
    let normal = normalize_phone(stored)?;
    let (number, ext) = match normal.split_once(" x") {
        Some((n, e)) => (n.to_string(), Some(e.to_string())),
        None => (normal, None),
    };
    let grouped = if number.starts_with("08") {
        let (a, rest) = number.split_at(4);
        let (b, c) = rest.split_at(4.min(rest.len()));
        if c.is_empty() { format!("{a}-{b}") } else { format!("{a}-{b}-{c}") }
    } else {
        // the big cities have two-digit area codes, the rest three
        let area = if ["021", "022", "024", "031", "061"].iter().any(|p| number.starts_with(p)) { 3 } else { 4 };
        let (code, sub) = number.split_at(area.min(number.len()));
        let cut = if sub.len() >= 8 { 4 } else { 3 };
        let (a, b) = sub.split_at(cut.min(sub.len()));
        format!("({code}) {a}-{b}")
    };
    Some((grouped, ext))
}

/// A plain check of an e-mail address: one `@`, a local part, a dotted domain.
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let label_ok = |l: &str| {
        !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && domain.contains('.')
        && domain.split('.').all(label_ok)
}

/// Validates a client.
pub fn client(c: &Client, today: NaiveDate) -> Vec<Problem> {
    let mut p = Problems::default();
    p.required("full_name", &c.full_name);
    p.name("full_name", &c.full_name);
    for (i, a) in c.aliases.iter().enumerate() {
        let f = format!("aliases[{i}]");
        p.required(&f, a);
        p.name(&f, a);
    }
    p.line("register_no", &c.register_no, 40);
    if let Some(nik) = &c.nik {
        for k in check_nik(nik, c.birth_date, c.gender) {
            p.push("nik", k);
        }
    }
    p.line("birth_place", &c.birth_place, MAX_LINE);
    p.past("birth_date", c.birth_date, today);
    for (f, v) in [
        ("address.street", &c.address.street),
        ("address.village", &c.address.village),
        ("address.district", &c.address.district),
        ("address.regency", &c.address.regency),
        ("address.province", &c.address.province),
        ("office", &c.office),
        ("officer", &c.officer),
        ("sentence", &c.sentence),
    ] {
        p.line(f, v, MAX_LINE);
    }
    p.phone("phone", &c.phone);
    p.order("supervision_start", c.supervision_start, "supervision_end", c.supervision_end);
    if let (Some(b), Some(s)) = (c.birth_date, c.supervision_start)
        && s < b
    {
        p.push("supervision_start", ProblemKind::BeforeBirth);
    }
    p.text("offence", &c.offence);
    p.text("notes", &c.notes);
    for (i, s) in c.skills.iter().enumerate() {
        let f = format!("skills[{i}]");
        p.required(&f, s);
        p.line(&f, s, MAX_LINE);
    }
    for (i, a) in c.assessments.iter().enumerate() {
        p.past(&format!("assessments[{i}].date"), Some(a.date), today);
        p.line(&format!("assessments[{i}].assessor"), &a.assessor, MAX_LINE);
        p.text(&format!("assessments[{i}].reason"), &a.reason);
    }
    for (i, s) in c.sessions.iter().enumerate() {
        p.past(&format!("sessions[{i}].date"), Some(s.date), today);
        p.line(&format!("sessions[{i}].officer"), &s.officer, MAX_LINE);
        p.text(&format!("sessions[{i}].summary"), &s.summary);
        p.text(&format!("sessions[{i}].next_step"), &s.next_step);
    }
    for (i, e) in c.reporting_register.iter().enumerate() {
        p.text(&format!("reporting_register[{i}].note"), &e.note);
        // whether the client came is known once the day has come; an excuse may come first
        if e.date > today && matches!(e.status, ReportingStatus::Attended | ReportingStatus::Missed) {
            p.push(format!("reporting_register[{i}].status"), ProblemKind::NotYet);
        }
    }
    for (i, l) in c.litmas.iter().enumerate() {
        p.past(&format!("litmas[{i}].date"), Some(l.date), today);
        for a in &l.authors {
            p.line(&format!("litmas[{i}].authors"), a, MAX_LINE);
        }
        for (f, v) in [
            ("methods", &l.methods),
            ("sources", &l.sources),
            ("findings", &l.findings),
            ("recommendation", &l.recommendation),
        ] {
            p.text(&format!("litmas[{i}].{f}"), v);
        }
    }
    p.past("consent.date", c.consent.date, today);
    p.into_vec()
}

/// What a case file needs to be complete, and an officer often does not
/// know at intake: the office's register number (given when the client
/// first reports), the NIK (the identity card is often lost or expired)
/// and the birth date. A client without them is saved (by a form and by an
/// import alike: [`client`] does not ask for them), marked incomplete and
/// listed in the agenda until they are filled in. Field paths, in form order.
pub const FOR_COMPLETE: [&str; 3] = ["register_no", "nik", "birth_date"];

/// The fields of [`FOR_COMPLETE`] a client lacks.
pub fn missing(c: &Client) -> Vec<&'static str> {
    FOR_COMPLETE
        .into_iter()
        .filter(|f| match *f {
            "register_no" => c.register_no.trim().is_empty(),
            "nik" => c.nik.as_deref().is_none_or(|n| n.trim().is_empty()),
            _ => c.birth_date.is_none(),
        })
        .collect()
}

/// Validates a stakeholder.
pub fn stakeholder(s: &Stakeholder, today: NaiveDate) -> Vec<Problem> {
    let mut p = Problems::default();
    p.required("name", &s.name);
    p.line("name", &s.name, MAX_NAME);
    p.line("short_name", &s.short_name, 40);
    p.line("region", &s.region, MAX_LINE);
    for (f, v) in [
        ("address.street", &s.address.street),
        ("address.village", &s.address.village),
        ("address.district", &s.address.district),
        ("address.regency", &s.address.regency),
        ("address.province", &s.address.province),
    ] {
        p.line(f, v, MAX_LINE);
    }
    for (i, v) in s.services.iter().enumerate() {
        let f = format!("services[{i}]");
        p.required(&f, v);
        p.line(&f, v, MAX_LINE);
    }
    for (i, c) in s.contacts.iter().enumerate() {
        p.required(&format!("contacts[{i}].name"), &c.name);
        p.name(&format!("contacts[{i}].name"), &c.name);
        p.line(&format!("contacts[{i}].role"), &c.role, MAX_LINE);
        p.phone(&format!("contacts[{i}].phone"), &c.phone);
        p.email(&format!("contacts[{i}].email"), &c.email);
    }
    for (i, a) in s.agreements.iter().enumerate() {
        p.line(&format!("agreements[{i}].title"), &a.title, MAX_LINE);
        p.past(&format!("agreements[{i}].signed"), Some(a.signed), today);
        p.order(&format!("agreements[{i}].signed"), Some(a.signed), &format!("agreements[{i}].expires"), a.expires);
    }
    p.text("notes", &s.notes);
    p.into_vec()
}

/// Validates an event. A client's attendance or absence can be recorded
/// once the event has begun (on any of its days up to today); before,
/// only invited or excused.
pub fn event(e: &Event, today: NaiveDate) -> Vec<Problem> {
    let mut p = Problems::default();
    p.required("title", &e.title);
    p.line("title", &e.title, MAX_LINE);
    p.line("location", &e.location, MAX_LINE);
    if let Some(end) = e.end
        && end < e.start
    {
        p.push("end", ProblemKind::EndBeforeStart { start: "start".to_string() });
    }
    for (i, o) in e.organisers.iter().enumerate() {
        if e.organisers[..i].contains(o) {
            p.push(format!("organisers[{i}]"), ProblemKind::Duplicate);
        }
    }
    for (i, part) in e.participants.iter().enumerate() {
        let twice = e.participants[..i].iter().any(|q| match (q, part) {
            (
                super::event::Participant { who: Who::Client { client: a, .. }, .. },
                super::event::Participant { who: Who::Client { client: b, .. }, .. },
            ) => a == b,
            (
                super::event::Participant { who: Who::Stakeholder { stakeholder: a, .. }, .. },
                super::event::Participant { who: Who::Stakeholder { stakeholder: b, .. }, .. },
            ) => a == b,
            _ => false,
        });
        if twice {
            p.push(format!("participants[{i}]"), ProblemKind::Duplicate);
        }
        match part {
            super::event::Participant { who: Who::Stakeholder { representative, .. }, .. } => {
                p.line(&format!("participants[{i}].representative"), representative, MAX_NAME)
            }
            super::event::Participant { who: Who::Officer { name }, .. } => {
                p.required(&format!("participants[{i}].name"), name);
                p.name(&format!("participants[{i}].name"), name);
            }
            super::event::Participant { who: Who::Client { attendance, .. }, .. } => {
                if e.start.date() > today && matches!(attendance, Attendance::Attended | Attendance::Absent) {
                    p.push(format!("participants[{i}].attendance"), ProblemKind::NotYet);
                }
            }
        }
    }
    if e.recurrence.is_some() && e.meetings.is_empty() {
        p.push("repeat", ProblemKind::NoMeetings);
    }
    // a meeting of a series, like an event, is not attended before its day
    for m in &e.meetings {
        if m.when.date() > today
            && m.attendance.iter().any(|(_, a)| matches!(a, Attendance::Attended | Attendance::Absent))
        {
            p.push(format!("meetings[{}]", m.number), ProblemKind::NotYet);
        }
    }
    p.text("summary", &e.summary);
    p.text("outcomes", &e.outcomes);
    for (i, f) in e.follow_ups.iter().enumerate() {
        p.required(&format!("follow_ups[{i}].what"), &f.what);
        p.line(&format!("follow_ups[{i}].what"), &f.what, MAX_LINE);
        p.line(&format!("follow_ups[{i}].owner"), &f.owner, MAX_LINE);
    }
    p.into_vec()
}

/// Validates a referral.
pub fn referral(r: &Referral, _today: NaiveDate) -> Vec<Problem> {
    let mut p = Problems::default();
    p.line("service", &r.service, MAX_LINE);
    p.order("start", r.start, "end", r.end);
    p.text("outcome", &r.outcome);
    p.text("notes", &r.notes);
    if r.history.last().map(|h| h.status) != Some(r.status) {
        p.push("status", ProblemKind::StatusHistory);
    }
    for (i, h) in r.history.iter().enumerate() {
        p.text(&format!("history[{i}].note"), &h.note);
    }
    p.into_vec()
}

/// Validates a user.
pub fn user(u: &User) -> Vec<Problem> {
    let mut p = Problems::default();
    p.required("name", &u.name);
    if !u.name.is_empty()
        && (u.name.len() > 32
            || !u.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b)))
    {
        p.push("name", ProblemKind::LoginName);
    }
    p.line("full_name", &u.full_name, MAX_NAME);
    p.line("officer", &u.officer, MAX_NAME);
    if (u.role == Role::Partner) != u.stakeholder.is_some() {
        p.push("stakeholder", ProblemKind::PartnerStakeholder);
    }
    for (i, k) in u.keys.iter().enumerate() {
        let mut parts = k.split_whitespace();
        let algo = parts.next().unwrap_or("");
        let body = parts.next().unwrap_or("");
        let algo_ok = algo.starts_with("ssh-") || algo.starts_with("ecdsa-") || algo.starts_with("sk-");
        if !algo_ok || body.len() < 16 || k.chars().any(char::is_control) {
            p.push(format!("keys[{i}]"), ProblemKind::SshKey);
        }
    }
    p.into_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 28)
    }

    #[test]
    fn names_accept_unicode_letters_and_refuse_the_rest() {
        for good in
            ["Budi Santoso", "Ma'ruf Amin", "Moh. Ali", "Nur-Aini", "Zoë O’Brien", "Ahmad Jae\u{301}", "سيتي", "Ñoño"]
        {
            assert_eq!(check_name(good), None, "{good}");
        }
        assert_eq!(check_name("Budi2"), Some(ProblemKind::NameCharacters));
        assert_eq!(check_name("Budi <script>"), Some(ProblemKind::NameCharacters));
        assert_eq!(check_name("Budi\x1b]0;pwned\x07"), Some(ProblemKind::ControlCharacters));
        assert_eq!(check_name("Budi\u{202E}idub"), Some(ProblemKind::ControlCharacters));
        assert_eq!(check_name("Budi\nSantoso"), Some(ProblemKind::ControlCharacters));
        assert_eq!(check_name(&"a".repeat(MAX_NAME + 1)), Some(ProblemKind::TooLong { max: MAX_NAME }));
        assert_eq!(check_name(&"é".repeat(MAX_NAME)), None, "length counts characters, not bytes");
    }

    #[test]
    fn names_take_titles_degrees_and_a_nickname_in_brackets() {
        for good in [
            "Dr. H. Ahmad Fauzi, M.Si.",
            "Ganda Irawan, S.Sos",
            "Ir. Sutrisno, M.T.",
            "R.A. Kartini",
            "Hj. Siti Aminah",
            "Achmad (Ucok) Baros",
            "Prof. Dr. Ir. Bambang Sutejo, S.H., M.H.",
        ] {
            assert_eq!(check_name(good), None, "{good}");
        }
        for bad in ["Achmad (Ucok Baros", "Achmad Ucok) Baros", "Achmad () Baros", "A ((Ucok)) B", "Budi; Santoso"] {
            assert_eq!(check_name(bad), Some(ProblemKind::NameCharacters), "{bad}");
        }
    }

    #[test]
    fn phones_as_people_write_them() {
        for (input, stored) in [
            ("+62 (0821) 993-5181", "08219935181"),
            ("+62-083-016-6131", "0830166131"),
            ("(0341) 551-234 ext. 12", "0341551234 x12"),
            ("(0341) 551-234 psw. 12", "0341551234 x12"),
            ("0341 551234 Psw 7", "0341551234 x7"),
            ("0341551234x12", "0341551234 x12"),
            ("0341551234 x12", "0341551234 x12"),
            ("+62 341 551234, ext 305", "0341551234 x305"),
        ] {
            assert_eq!(normalize_phone(input).as_deref(), Some(stored), "{input}");
            assert_eq!(normalize_phone(stored).as_deref(), Some(stored), "stored {stored} reads back the same");
        }
        for bad in ["ext. 12", "0341 551234 ext.", "0341 551234 ext. 1234567", "0341 551234 lantai 2", "+62 0"] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn phones_are_grouped_for_reading() {
        let g = |s: &str| group_phone(s).map(|(n, e)| (n, e.unwrap_or_default()));
        assert_eq!(g("08219935181"), Some(("0821-9935-181".into(), String::new())));
        assert_eq!(g("081234567890"), Some(("0812-3456-7890".into(), String::new())));
        assert_eq!(g("0341551234 x12"), Some(("(0341) 551-234".into(), "12".into())));
        assert_eq!(g("02155512345"), Some(("(021) 5551-2345".into(), String::new())));
        assert_eq!(g("0315512345"), Some(("(031) 551-2345".into(), String::new())));
        assert_eq!(g("kantor desa"), None, "free text stored before numbers were normalised");
    }

    #[test]
    fn a_case_file_lacks_register_nik_or_birth_date_until_they_are_given() {
        let mut c = Client::new("Budi Santoso");
        assert_eq!(missing(&c), vec!["register_no", "nik", "birth_date"]);
        assert_eq!(client(&c, today()), vec![], "saved all the same: only the name is required");
        c.register_no = "PAS.1/2024".into();
        c.birth_date = Some(d(1985, 8, 12));
        assert_eq!(missing(&c), vec!["nik"]);
        c.nik = Some("3507161208850001".into());
        assert_eq!(missing(&c), Vec::<&str>::new());
    }

    #[test]
    fn text_allows_newlines_but_not_escapes() {
        assert_eq!(check_text("baris satu\nbaris dua\tkolom"), None);
        assert_eq!(check_text("clear\x1b[2J"), Some(ProblemKind::ControlCharacters));
        assert_eq!(check_text("bell\x07"), Some(ProblemKind::ControlCharacters));
        assert_eq!(check_text("cr\r\n"), Some(ProblemKind::ControlCharacters));
    }

    #[test]
    fn nik_checks() {
        // 3507 16 | 120885 | 0001: Kab. Malang, 12 Aug 1985, man
        assert_eq!(check_nik("3507161208850001", Some(d(1985, 8, 12)), Gender::Male), vec![]);
        // woman born the same day: day + 40
        assert_eq!(check_nik("3507165208850002", Some(d(1985, 8, 12)), Gender::Female), vec![]);
        assert_eq!(
            check_nik("3507165208850002", Some(d(1985, 8, 12)), Gender::Male),
            vec![ProblemKind::NikGender { encoded: Gender::Female }]
        );
        assert_eq!(
            check_nik("3507161208850001", Some(d(1985, 8, 13)), Gender::Male),
            vec![ProblemKind::NikBirthDate { encoded: (12, 8, 85) }]
        );
        assert_eq!(check_nik("350716120885000", None, Gender::Male), vec![ProblemKind::NikLength { len: 15 }]);
        assert_eq!(check_nik("35071612088500011", None, Gender::Male), vec![ProblemKind::NikLength { len: 17 }]);
        assert_eq!(check_nik("3507 1612088500", None, Gender::Male), vec![ProblemKind::NikDigits]);
        assert_eq!(
            check_nik("350716１208850001", None, Gender::Male),
            vec![ProblemKind::NikDigits],
            "full-width digit"
        );
        assert_eq!(check_nik("3507163208850001", None, Gender::Male), vec![ProblemKind::NikDate], "day 32");
        assert_eq!(check_nik("3507161213850001", None, Gender::Male), vec![ProblemKind::NikDate], "month 13");
        assert_eq!(check_nik("3507160000850001", None, Gender::Male), vec![ProblemKind::NikDate]);
        // 29 Feb exists in 2000 (year 00)
        assert_eq!(check_nik("3507162902000001", Some(d(2000, 2, 29)), Gender::Male), vec![]);
        assert_eq!(check_nik("3507162902010001", None, Gender::Male), vec![ProblemKind::NikDate]);
    }

    #[test]
    fn phones() {
        for (input, national) in [
            ("081234567890", "081234567890"),
            ("0812-3456-789", "08123456789"),
            ("+62 812 3456 7890", "081234567890"),
            ("62812345678", "0812345678"),
            ("(0341) 551234", "0341551234"),
        ] {
            assert_eq!(normalize_phone(input).as_deref(), Some(national), "{input}");
        }
        for bad in ["12345", "0812", "+1 555 123 4567", "08123456789012", "0812abc4567", "00812345678", "081234567"] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn emails() {
        for good in ["a@b.id", "info.lazismu@lazismu-jatim.org", "pk+malang@kemenkumham.go.id"] {
            assert!(is_email(good), "{good}");
        }
        for bad in ["", "a", "a@b", "@b.id", "a@.id", "a@b..id", "a b@c.id", ".a@b.id", "a@-b.id", "a@b.id\x1b"] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn client_reports_every_problem_with_its_field() {
        let mut c = Client::new("");
        c.nik = Some("123".into());
        c.birth_date = Some(d(2030, 1, 1));
        c.phone = "123".into();
        c.supervision_start = Some(d(2024, 1, 1));
        c.supervision_end = Some(d(2023, 1, 1));
        c.aliases = vec!["Abu\x1b[2J".into()];
        let fields: Vec<_> = client(&c, today()).into_iter().map(|p| (p.field, p.kind)).collect();
        assert!(fields.contains(&("full_name".into(), ProblemKind::Required)));
        assert!(fields.contains(&("aliases[0]".into(), ProblemKind::ControlCharacters)));
        assert!(fields.contains(&("nik".into(), ProblemKind::NikLength { len: 3 })));
        assert!(fields.contains(&("birth_date".into(), ProblemKind::InFuture)));
        assert!(fields.contains(&("phone".into(), ProblemKind::Phone)));
        assert!(
            fields.contains(&(
                "supervision_end".into(),
                ProblemKind::EndBeforeStart { start: "supervision_start".into() }
            ))
        );
    }

    #[test]
    fn a_good_client_has_no_problems() {
        let mut c = Client::new("Siti Rahayu");
        c.gender = Gender::Female;
        c.birth_date = Some(d(1990, 3, 5));
        c.nik = Some("3573014503900007".into());
        c.phone = "+6281333444555".into();
        c.supervision_start = Some(d(2023, 1, 1));
        c.supervision_end = Some(d(2025, 1, 1));
        assert_eq!(client(&c, today()), vec![]);
    }

    #[test]
    fn stakeholder_address_is_checked_in_every_part() {
        let mut s = Stakeholder::new("LAZISMU Jatim", crate::model::StakeholderKind::Zakat);
        assert_eq!(stakeholder(&s, today()), vec![]);
        s.address.regency = "Kota Surabaya\x1b[2J".into();
        s.address.village = "x".repeat(MAX_LINE + 1);
        let fields: Vec<_> = stakeholder(&s, today()).into_iter().map(|p| (p.field, p.kind)).collect();
        assert!(fields.contains(&("address.regency".into(), ProblemKind::ControlCharacters)));
        assert!(fields.contains(&("address.village".into(), ProblemKind::TooLong { max: MAX_LINE })));
    }

    #[test]
    fn users() {
        let mut u = User::new("Budi", Role::Partner);
        u.keys = vec!["not a key".into()];
        let kinds: Vec<_> = user(&u).into_iter().map(|p| p.kind).collect();
        assert_eq!(kinds, vec![ProblemKind::LoginName, ProblemKind::PartnerStakeholder, ProblemKind::SshKey]);
        let mut ok = User::new("budi.s", Role::Officer);
        ok.keys = vec!["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample budi@laptop".into()];
        assert_eq!(user(&ok), vec![]);
    }

    /// Attended or absent is known once the day has come: for an event of
    /// several days, from its first day on; invited and excused may come first.
    #[test]
    fn attendance_is_recorded_only_for_a_day_that_has_come() {
        use crate::model::{ClientId, EventKind, Participant, When};
        let today = today();
        let attending = |start: NaiveDate, end: Option<NaiveDate>, a: Attendance| {
            let mut e = Event::new("Pelatihan barista", EventKind::Training, When::Date(start));
            e.end = end.map(When::Date);
            e.participants.push(Participant::client(ClientId(1), a));
            event(&e, today)
        };
        let tomorrow = today + chrono::Duration::days(1);
        for a in [Attendance::Attended, Attendance::Absent] {
            assert_eq!(
                attending(tomorrow, None, a),
                vec![Problem { field: "participants[0].attendance".into(), kind: ProblemKind::NotYet }],
                "{a:?}"
            );
            assert_eq!(attending(today, None, a), vec![], "today");
            // a workshop of four days, the second of which is today
            let began = today - chrono::Duration::days(1);
            assert_eq!(attending(began, Some(began + chrono::Duration::days(3)), a), vec![]);
        }
        for a in [Attendance::Invited, Attendance::Excused] {
            assert_eq!(attending(tomorrow, None, a), vec![], "{a:?}");
        }
        // a moment later today still counts as today
        let mut e =
            Event::new("Rapat", crate::model::EventKind::Meeting, When::DateTime(today.and_hms_opt(23, 0, 0).unwrap()));
        e.participants.push(Participant::client(ClientId(1), Attendance::Attended));
        assert_eq!(event(&e, today), vec![]);
        assert_eq!(
            crate::i18n::problem(crate::i18n::Lang::En, &ProblemKind::NotYet),
            "that day has not come: attended or absent is recorded on the day or after it \
             (invited and excused may be recorded before)"
        );
    }

    #[test]
    fn the_register_records_attended_or_missed_only_for_a_day_that_has_come() {
        use crate::model::{PartId, ReportingEntry};
        let mut c = Client::new("Budi Santoso");
        let entry = |date, status| ReportingEntry {
            id: PartId::NEW,
            date,
            status,
            note: String::new(),
            recorded_by: String::new(),
        };
        let tomorrow = today() + chrono::Duration::days(1);
        c.reporting_register = vec![
            entry(today(), ReportingStatus::Attended),
            entry(tomorrow, ReportingStatus::Excused),
            entry(tomorrow, ReportingStatus::Attended),
            entry(tomorrow, ReportingStatus::Missed),
        ];
        let problems: Vec<_> = client(&c, today()).into_iter().map(|p| (p.field, p.kind)).collect();
        assert_eq!(
            problems,
            vec![
                ("reporting_register[2].status".to_string(), ProblemKind::NotYet),
                ("reporting_register[3].status".to_string(), ProblemKind::NotYet)
            ]
        );
    }
}
