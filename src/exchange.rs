//! CSV and JSON exchange: `simpul export` and `simpul import`.
//!
//! # Client layout
//!
//! One row per client; the first ten columns are required on import and
//! always exported, the others are optional and exported after them. List
//! values are separated by `|`; dates are `YYYY-MM-DD` (import also takes
//! `DD/MM/YYYY`); gender is `L` or `P` (also `male`/`female`,
//! `laki-laki`/`perempuan`); codes are those of `simpul keys`-style
//! vocabularies (`risk`: merah|kuning|hijau, `status`: active|completed|…).
//!
//! | column | required | holds |
//! |---|---|---|
//! | register_no, full_name, aliases, nik, birth_date, gender, office, risk, status, skills | yes | as named; `risk` becomes the current assessment |
//! | birth_place, phone, officer, programme, supervision_start, supervision_end, needs, consent, phase, street, village, district, regency, province, notes | no | as named; `consent` is yes/no, `programme` pb/cb/cmb/bebas_murni |
//!
//! Stakeholders: `name, short_name, kind, services, capacity, region, status,
//! street, regency, province, contact_name, contact_role, contact_phone,
//! contact_email, notes` (name and kind required). Events: `title, kind,
//! start, end, location, participant_count, summary, outcomes` (title, kind,
//! start required).
//!
//! # Import rules
//!
//! Files may start with a UTF-8 byte-order mark, use `,` or `;` between
//! columns (decided from the header line) and hold quoted cells spanning
//! several lines. Every row is checked with the same validators as the
//! forms; all problems are listed with their line and column, and nothing
//! is written unless every row is good — then all rows are written in one
//! transaction. An unknown column is an error naming it. A NIK already in
//! the database or earlier in the file is refused; a client with the same
//! birth date and a name that matches (aliases and old spellings counted)
//! is refused unless `--allow-similar` is given.

use std::collections::HashMap;
use std::io::{Read, Write};

use chrono::NaiveDate;

use crate::i18n::{self, Lang, fill};
use crate::model::validate::ProblemKind;
use crate::model::*;
use crate::search::normalize::fold;
use crate::store::{Actor, AuditAction, IndexId, Store, StoreError};

/// Which records a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Clients.
    Clients,
    /// Stakeholders.
    Stakeholders,
    /// Events.
    Events,
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        match s.trim().to_lowercase().as_str() {
            "clients" | "client" | "klien" => Ok(Kind::Clients),
            "stakeholders" | "stakeholder" | "mitra" => Ok(Kind::Stakeholders),
            "events" | "event" | "kegiatan" => Ok(Kind::Events),
            _ => Err("clients, stakeholders, events".into()),
        }
    }
}

/// Required client columns, in export order.
pub const CLIENT_REQUIRED: [&str; 10] =
    ["register_no", "full_name", "aliases", "nik", "birth_date", "gender", "office", "risk", "status", "skills"];
/// Optional client columns, in export order.
pub const CLIENT_OPTIONAL: [&str; 19] = [
    "birth_place",
    "phone",
    "officer",
    "programme",
    "supervision_start",
    "supervision_end",
    "needs",
    "consent",
    "phase",
    "street",
    "village",
    "district",
    "regency",
    "province",
    "notes",
    "rri",
    "reporting",
    "missed",
    "compliance",
];
/// Client columns an export fills from the register and an import reads
/// past: they follow from the register, which the layout does not carry.
pub const CLIENT_DERIVED: [&str; 2] = ["missed", "compliance"];
/// Stakeholder columns, in export order.
pub const STAKEHOLDER_COLUMNS: [&str; 15] = [
    "name",
    "short_name",
    "kind",
    "services",
    "capacity",
    "region",
    "status",
    "street",
    "regency",
    "province",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
    "notes",
];
const STAKEHOLDER_REQUIRED: [&str; 2] = ["name", "kind"];
/// Event columns, in export order.
pub const EVENT_COLUMNS: [&str; 8] =
    ["title", "kind", "start", "end", "location", "participant_count", "summary", "outcomes"];
const EVENT_REQUIRED: [&str; 3] = ["title", "kind", "start"];

/// The columns of a kind, in export order.
pub fn columns(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Clients => CLIENT_REQUIRED.iter().chain(CLIENT_OPTIONAL.iter()).copied().collect(),
        Kind::Stakeholders => STAKEHOLDER_COLUMNS.to_vec(),
        Kind::Events => EVENT_COLUMNS.to_vec(),
    }
}

fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Clients => &CLIENT_REQUIRED,
        Kind::Stakeholders => &STAKEHOLDER_REQUIRED,
        Kind::Events => &EVENT_REQUIRED,
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(ymd).unwrap_or_default()
}

fn when(w: When) -> String {
    match w {
        When::Date(d) => ymd(d),
        When::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A client as a row of the layout.
pub fn client_row(c: &Client, today: NaiveDate) -> Vec<String> {
    let standing = crate::casework::reporting::standing(c, today);
    vec![
        c.register_no.clone(),
        c.full_name.clone(),
        c.aliases.join("|"),
        c.nik.clone().unwrap_or_default(),
        opt_date(c.birth_date),
        match c.gender {
            Gender::Male => "L".into(),
            Gender::Female => "P".into(),
        },
        c.office.clone(),
        c.risk().map(|r| r.code().to_string()).unwrap_or_default(),
        c.status.code().into(),
        c.skills.join("|"),
        c.birth_place.clone(),
        c.phone.clone(),
        c.officer.clone(),
        c.programme.code().into(),
        opt_date(c.supervision_start),
        opt_date(c.supervision_end),
        c.needs.iter().map(|n| n.code()).collect::<Vec<_>>().join("|"),
        if c.consent.given { "yes".into() } else { "no".into() },
        c.phase.code().into(),
        c.address.street.clone(),
        c.address.village.clone(),
        c.address.district.clone(),
        c.address.regency.clone(),
        c.address.province.clone(),
        c.notes.clone(),
        c.current_rri().map(|r| r.code().to_string()).unwrap_or_default(),
        c.reporting.frequency.code().into(),
        if standing.expected == 0 { String::new() } else { standing.missed.to_string() },
        standing.compliance().map(|r| r.to_string()).unwrap_or_default(),
    ]
}

/// A stakeholder as a row of the layout.
pub fn stakeholder_row(s: &Stakeholder) -> Vec<String> {
    let contact = s.contacts.first().cloned().unwrap_or_default();
    vec![
        s.name.clone(),
        s.short_name.clone(),
        s.kind.code().into(),
        s.services.join("|"),
        s.capacity.map(|c| c.to_string()).unwrap_or_default(),
        s.region.clone(),
        s.status.code().into(),
        s.address.street.clone(),
        s.address.regency.clone(),
        s.address.province.clone(),
        contact.name,
        contact.role,
        contact.phone,
        contact.email,
        s.notes.clone(),
    ]
}

/// An event as a row of the layout.
pub fn event_row(e: &Event) -> Vec<String> {
    vec![
        e.title.clone(),
        e.kind.code().into(),
        when(e.start),
        e.end.map(when).unwrap_or_default(),
        e.location.clone(),
        e.participant_count.map(|n| n.to_string()).unwrap_or_default(),
        e.summary.clone(),
        e.outcomes.clone(),
    ]
}

/// Output format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header row.
    Csv,
    /// A JSON array of objects keyed by column.
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            _ => Err("csv, json".into()),
        }
    }
}

/// Writes rows under a header in a format.
pub fn write_rows(cols: &[&str], rows: &[Vec<String>], format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(cols).map_err(csv_io)?;
            for r in rows {
                w.write_record(r).map_err(csv_io)?;
            }
            w.flush()
        }
        Format::Json => {
            let arr: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    cols.iter().zip(r).map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone()))).collect()
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &arr)?;
            writeln!(out)
        }
    }
}

/// The I/O error under a CSV writer's error, with its kind (a reader that
/// went away is a broken pipe, not "other").
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The query does not parse.
    #[error("{0}")]
    Query(String),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// Writing failed.
    #[error("{0}")]
    Write(#[from] std::io::Error),
}

/// What to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportRequest<'a> {
    /// Which records.
    pub kind: Kind,
    /// Only those this query finds (all when empty).
    pub query: &'a str,
    /// CSV or JSON.
    pub format: Format,
    /// Where it goes, for the audit log (a file name or "stdout").
    pub target: &'a str,
}

/// Exports the records a request names, in list order, and records the
/// export in the audit log. Returns the row count.
pub fn export(
    store: &Store,
    actor: &Actor,
    req: ExportRequest<'_>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let ExportRequest { kind, query, format, target } = req;
    let q = crate::search::parse(query)
        .map_err(|errs| ExportError::Query(errs.iter().map(|e| e.message(lang)).collect::<Vec<_>>().join("; ")))?;
    let today = store.clock_for(actor).today();
    let index = crate::search::SearchIndex::build(store, today)?;
    let skind = match kind {
        Kind::Clients => crate::search::SearchKind::Clients,
        Kind::Stakeholders => crate::search::SearchKind::Stakeholders,
        Kind::Events => crate::search::SearchKind::Events,
    };
    let hits = index.search(skind, &q, None);
    let mut rows = Vec::with_capacity(hits.len());
    for h in hits {
        let row = match kind {
            Kind::Clients => store.get::<Client>(h.record.id)?.map(|c| client_row(&c, today)),
            Kind::Stakeholders => store.get::<Stakeholder>(h.record.id)?.map(|s| stakeholder_row(&s)),
            Kind::Events => store.get::<Event>(h.record.id)?.map(|e| event_row(&e)),
        };
        rows.extend(row);
    }
    // audited before the first byte leaves: a reader that stops early has still had some
    let note = format!("{} {} rows, query {:?}, to {target}", kind_name(kind), rows.len(), query);
    store.write(actor, |b| {
        b.audit(AuditAction::Export, None, Vec::new(), note);
        Ok(())
    })?;
    write_rows(&columns(kind), &rows, format, out)?;
    Ok(rows.len())
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Clients => "clients",
        Kind::Stakeholders => "stakeholders",
        Kind::Events => "events",
    }
}

/// What is wrong with an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblemKind {
    /// The file is empty or has no header.
    NoHeader,
    /// A column the layout does not have.
    UnknownColumn(String),
    /// A required column is missing.
    MissingColumn(String),
    /// A column appears twice.
    DuplicateColumn(String),
    /// The CSV itself is malformed (wrong number of cells, unterminated quote).
    Malformed(String),
    /// A value that is not one of the allowed ones.
    NotOneOf {
        /// The valid values.
        valid: String,
    },
    /// Not a date in a form the importer reads.
    Date,
    /// Not a whole number.
    Number,
    /// A validation problem of the record (same rules as the forms).
    Invalid(ProblemKind),
    /// The NIK is already in the database.
    NikExists(RecordRef),
    /// The NIK appeared on an earlier line of the file.
    NikRepeated(u64),
    /// A client with a matching name and the same birth date exists.
    Similar(Vec<RecordRef>),
}

/// One problem with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Column name, when the problem belongs to one.
    pub column: Option<String>,
    /// What is wrong.
    pub kind: ImportProblemKind,
}

impl ImportProblem {
    /// The message in a language: `line 4, column nik: …`.
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::exchange::ExchangeMsg as M;
        let t = |m: M| m.text(lang);
        let what = match &self.kind {
            ImportProblemKind::NoHeader => t(M::NoHeader).to_string(),
            ImportProblemKind::UnknownColumn(c) => fill(t(M::UnknownColumn), &[("column", c)]),
            ImportProblemKind::MissingColumn(c) => fill(t(M::MissingColumn), &[("column", c)]),
            ImportProblemKind::DuplicateColumn(c) => fill(t(M::DuplicateColumn), &[("column", c)]),
            ImportProblemKind::Malformed(why) => fill(t(M::Malformed), &[("why", why)]),
            ImportProblemKind::NotOneOf { valid } => fill(t(M::NotOneOf), &[("valid", valid)]),
            ImportProblemKind::Date => t(M::Date).to_string(),
            ImportProblemKind::Number => t(M::Number).to_string(),
            ImportProblemKind::Invalid(k) => i18n::problem(lang, k),
            ImportProblemKind::NikExists(r) => fill(t(M::NikExists), &[("record", &r.to_string())]),
            ImportProblemKind::NikRepeated(l) => fill(t(M::NikRepeated), &[("line", &l.to_string())]),
            ImportProblemKind::Similar(rs) => {
                fill(t(M::Similar), &[("records", &rs.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", "))])
            }
        };
        match &self.column {
            Some(c) => fill(t(M::AtLineColumn), &[("line", &self.line.to_string()), ("column", c), ("what", &what)]),
            None => fill(t(M::AtLine), &[("line", &self.line.to_string()), ("what", &what)]),
        }
    }
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportError {
    /// Problems in the file; nothing was written.
    Problems(Vec<ImportProblem>),
    /// The file could not be read.
    Read(String),
    /// The store failed; nothing was written.
    Store(StoreError),
}

impl ImportError {
    /// The message in a language (every problem on its own line).
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::exchange::ExchangeMsg as M;
        match self {
            ImportError::Problems(ps) => {
                let mut s = fill(M::NothingImported.text(lang), &[("n", &ps.len().to_string())]);
                for p in ps {
                    s.push_str("\n  ");
                    s.push_str(&p.message(lang));
                }
                s
            }
            ImportError::Read(e) => e.clone(),
            ImportError::Store(e) => e.message(lang),
        }
    }
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Records in the file.
    pub rows: usize,
    /// Records written (0 for a dry run).
    pub written: usize,
}

/// Options of an import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Import clients even when a similar client exists.
    pub allow_similar: bool,
}

/// Reads, checks and (unless a dry run) writes a CSV file of one kind,
/// checking dates against the actor's today on the store's clock.
pub fn import(
    store: &Store,
    actor: &Actor,
    kind: Kind,
    input: &mut dyn Read,
    opts: ImportOptions,
) -> Result<ImportReport, ImportError> {
    let today = store.clock_for(actor).today();
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| ImportError::Read(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ImportError::Problems(vec![ImportProblem {
            line: line_of_byte(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            column: None,
            kind: ImportProblemKind::Malformed("not UTF-8 text".into()),
        }])
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let delimiter = sniff(text);
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).from_reader(text.as_bytes());
    let mut problems = Vec::new();
    let header: Vec<String> = match reader.headers() {
        Ok(h) if h.iter().any(|c| !c.trim().is_empty()) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        _ => return Err(ImportError::Problems(vec![problem(1, None, ImportProblemKind::NoHeader)])),
    };
    let known = columns(kind);
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, c) in header.iter().enumerate() {
        if !known.contains(&c.as_str()) {
            problems.push(problem(1, Some(c), ImportProblemKind::UnknownColumn(c.clone())));
        } else if index.insert(c.as_str(), i).is_some() {
            problems.push(problem(1, Some(c), ImportProblemKind::DuplicateColumn(c.clone())));
        }
    }
    for c in required(kind) {
        if !index.contains_key(c) {
            problems.push(problem(1, Some(c), ImportProblemKind::MissingColumn((*c).to_string())));
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }

    let mut clients = Vec::new();
    let mut stakeholders = Vec::new();
    let mut events = Vec::new();
    let mut rows = 0;
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(text, p.byte()));
                let why = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("{len} cells where the header has {expected_len}; check the separator and quotes")
                    }
                    _ => e.to_string(),
                };
                problems.push(problem(line, None, ImportProblemKind::Malformed(why)));
                continue;
            }
        };
        rows += 1;
        let line = rec.position().map_or(0, |p| line_at(text, p.byte()));
        let cell = Cells { index: &index, rec: &rec };
        let mut row = RowCtx { line, problems: &mut problems };
        match kind {
            Kind::Clients => {
                if let Some(c) = parse_client(&cell, &mut row, today) {
                    clients.push((line, c));
                }
            }
            Kind::Stakeholders => {
                if let Some(s) = parse_stakeholder(&cell, &mut row, today) {
                    stakeholders.push(s);
                }
            }
            Kind::Events => {
                if let Some(e) = parse_event(&cell, &mut row, today) {
                    events.push(e);
                }
            }
        }
    }
    if kind == Kind::Clients {
        duplicates(store, &clients, opts.allow_similar, &mut problems).map_err(ImportError::Store)?;
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(ImportError::Problems(problems));
    }
    if opts.dry_run {
        return Ok(ImportReport { rows, written: 0 });
    }
    let written = store
        .write(actor, |b| {
            let mut n = 0;
            for (_, c) in clients {
                b.create(c)?;
                n += 1;
            }
            for s in stakeholders {
                b.create(s)?;
                n += 1;
            }
            for e in events {
                b.create(e)?;
                n += 1;
            }
            Ok(n)
        })
        .map_err(ImportError::Store)?;
    Ok(ImportReport { rows, written })
}

/// The line a record starts on, from its byte offset. (The csv reader's own
/// line count is one short after CRLF line ends, which spreadsheets on
/// Windows write: it places the next record at the `\n` of the `\r\n`.)
fn line_at(text: &str, byte: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
        at += 1;
    }
    line_of_byte(&bytes[..at])
}

fn line_of_byte(bytes: &[u8]) -> u64 {
    1 + bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

fn problem(line: u64, column: Option<&str>, kind: ImportProblemKind) -> ImportProblem {
    ImportProblem { line, column: column.map(str::to_string), kind }
}

/// `;` when the header line has more semicolons than commas outside quotes.
fn sniff(text: &str) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

/// The cells of one record, by column name.
struct Cells<'a> {
    index: &'a HashMap<&'a str, usize>,
    rec: &'a csv::StringRecord,
}

impl<'a> Cells<'a> {
    /// The trimmed cell of a column, empty when the file has no such column.
    fn get(&self, name: &str) -> &'a str {
        self.index.get(name).and_then(|&i| self.rec.get(i)).map(str::trim).unwrap_or("")
    }
}

struct RowCtx<'a> {
    line: u64,
    problems: &'a mut Vec<ImportProblem>,
}

impl RowCtx<'_> {
    fn bad(&mut self, column: &str, kind: ImportProblemKind) {
        self.problems.push(problem(self.line, Some(column), kind));
    }

    fn date(&mut self, column: &str, v: &str, today: NaiveDate) -> Option<NaiveDate> {
        if v.is_empty() {
            return None;
        }
        // only calendar dates in a file: "today" or "+7d" would change meaning with the day of import
        if !v.starts_with(|c: char| c.is_ascii_digit()) {
            self.bad(column, ImportProblemKind::Date);
            return None;
        }
        match crate::model::input::parse_date(v, today) {
            Ok(d) => Some(d),
            Err(_) => {
                self.bad(column, ImportProblemKind::Date);
                None
            }
        }
    }

    fn code<T: Copy>(&mut self, column: &str, v: &str, parse: impl Fn(&str) -> Option<T>, valid: String) -> Option<T> {
        if v.is_empty() {
            return None;
        }
        let found = parse(v);
        if found.is_none() {
            self.bad(column, ImportProblemKind::NotOneOf { valid });
        }
        found
    }

    fn number(&mut self, column: &str, v: &str) -> Option<u32> {
        if v.is_empty() {
            return None;
        }
        let n = v.parse().ok();
        if n.is_none() {
            self.bad(column, ImportProblemKind::Number);
        }
        n
    }

    /// Maps validator problems (field paths) to the file's columns.
    fn validation(&mut self, problems: Vec<Problem>, map: impl Fn(&str) -> &'static str) {
        for p in problems {
            let base = p.field.split(['[', '.']).next().unwrap_or("");
            let column = if p.field.starts_with("address.") {
                p.field.trim_start_matches("address.").to_string()
            } else if p.field.starts_with("contacts[") {
                format!("contact_{}", p.field.rsplit('.').next().unwrap_or("name"))
            } else {
                map(base).to_string()
            };
            self.problems.push(ImportProblem {
                line: self.line,
                column: Some(column),
                kind: ImportProblemKind::Invalid(p.kind),
            });
        }
    }
}

fn list(v: &str) -> Vec<String> {
    crate::model::input::parse_list(&v.replace(';', "|"))
}

fn parse_gender(v: &str) -> Option<Gender> {
    match v.to_lowercase().as_str() {
        "l" | "m" | "male" | "laki-laki" | "lk" => Some(Gender::Male),
        "p" | "f" | "female" | "perempuan" | "pr" | "w" => Some(Gender::Female),
        _ => None,
    }
}

fn parse_yes_no(v: &str) -> Option<bool> {
    match v.to_lowercase().as_str() {
        "yes" | "ya" | "y" | "true" | "1" => Some(true),
        "no" | "tidak" | "t" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn parse_rri(s: &str) -> Option<Rri> {
    Rri::from_code(s).or(match s {
        "low" => Some(Rri::Rendah),
        "medium" => Some(Rri::Sedang),
        "high" => Some(Rri::Tinggi),
        _ => None,
    })
}

fn parse_client(cell: &Cells<'_>, row: &mut RowCtx<'_>, today: NaiveDate) -> Option<Client> {
    let before = row.problems.len();
    let mut c = Client::new(cell.get("full_name"));
    c.register_no = cell.get("register_no").to_string();
    c.aliases = list(cell.get("aliases"));
    c.nik = Some(cell.get("nik").to_string()).filter(|s| !s.is_empty());
    c.birth_date = row.date("birth_date", cell.get("birth_date"), today);
    if let Some(g) = row.code("gender", cell.get("gender"), parse_gender, "L, P".into()) {
        c.gender = g;
    }
    c.office = cell.get("office").to_string();
    let rri = row.code("rri", cell.get("rri"), parse_rri, Rri::codes(", "));
    if let Some(category) = row.code("risk", cell.get("risk"), RiskCategory::from_code, RiskCategory::codes(", ")) {
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: today,
            category,
            rri,
            assessor: String::new(),
            reason: "import".into(),
        });
    }
    if let Some(s) = row.code("status", cell.get("status"), ClientStatus::from_code, ClientStatus::codes(", ")) {
        c.status = s;
    }
    c.skills = list(cell.get("skills"));
    c.birth_place = cell.get("birth_place").to_string();
    c.phone = cell.get("phone").to_string();
    c.officer = cell.get("officer").to_string();
    if let Some(p) =
        row.code("programme", cell.get("programme"), SupervisionProgramme::from_code, SupervisionProgramme::codes(", "))
    {
        c.programme = p;
    }
    c.supervision_start = row.date("supervision_start", cell.get("supervision_start"), today);
    c.supervision_end = row.date("supervision_end", cell.get("supervision_end"), today);
    for n in list(cell.get("needs")) {
        if let Some(n) = row.code("needs", &n, Need::from_code, Need::codes(", ")) {
            c.needs.push(n);
        }
    }
    if let Some(given) = row.code("consent", cell.get("consent"), parse_yes_no, "yes, no".into()) {
        c.consent.given = given;
    }
    if let Some(p) = row.code("phase", cell.get("phase"), GuidancePhase::from_code, GuidancePhase::codes(", ")) {
        c.phase = p;
    }
    c.address = Address {
        street: cell.get("street").to_string(),
        village: cell.get("village").to_string(),
        district: cell.get("district").to_string(),
        regency: cell.get("regency").to_string(),
        province: cell.get("province").to_string(),
    };
    c.notes = cell.get("notes").to_string();
    if let Some(f) =
        row.code("reporting", cell.get("reporting"), ReportingFrequency::from_code, ReportingFrequency::codes(", "))
    {
        c.reporting.frequency = f;
    }
    row.validation(c.validate(today), |f| match f {
        "full_name" => "full_name",
        "aliases" => "aliases",
        "register_no" => "register_no",
        "nik" => "nik",
        "birth_place" => "birth_place",
        "birth_date" => "birth_date",
        "phone" => "phone",
        "office" => "office",
        "officer" => "officer",
        "supervision_start" => "supervision_start",
        "supervision_end" => "supervision_end",
        "skills" => "skills",
        "consent" => "consent",
        "notes" => "notes",
        "assessments" => "risk",
        _ => "full_name",
    });
    (row.problems.len() == before).then_some(c)
}

fn parse_stakeholder(cell: &Cells<'_>, row: &mut RowCtx<'_>, today: NaiveDate) -> Option<Stakeholder> {
    let before = row.problems.len();
    let kind = row.code("kind", cell.get("kind"), StakeholderKind::from_code, StakeholderKind::codes(", "));
    if kind.is_none() && cell.get("kind").is_empty() {
        row.bad("kind", ImportProblemKind::Invalid(ProblemKind::Required));
    }
    let mut s = Stakeholder::new(cell.get("name"), kind.unwrap_or(StakeholderKind::Ngo));
    s.short_name = cell.get("short_name").to_string();
    s.services = list(cell.get("services"));
    s.capacity = row.number("capacity", cell.get("capacity"));
    s.region = cell.get("region").to_string();
    if let Some(st) =
        row.code("status", cell.get("status"), StakeholderStatus::from_code, StakeholderStatus::codes(", "))
    {
        s.status = st;
    }
    s.address.street = cell.get("street").to_string();
    s.address.regency = cell.get("regency").to_string();
    s.address.province = cell.get("province").to_string();
    let contact = Contact {
        id: crate::model::PartId::NEW,
        name: cell.get("contact_name").to_string(),
        role: cell.get("contact_role").to_string(),
        phone: cell.get("contact_phone").to_string(),
        email: cell.get("contact_email").to_string(),
    };
    if contact != Contact::default() {
        s.contacts.push(contact);
    }
    s.notes = cell.get("notes").to_string();
    row.validation(s.validate(today), |f| match f {
        "short_name" => "short_name",
        "region" => "region",
        "services" => "services",
        "notes" => "notes",
        _ => "name",
    });
    (row.problems.len() == before).then_some(s)
}

fn parse_event(cell: &Cells<'_>, row: &mut RowCtx<'_>, today: NaiveDate) -> Option<Event> {
    let before = row.problems.len();
    let kind = row.code("kind", cell.get("kind"), EventKind::from_code, EventKind::codes(", "));
    if kind.is_none() && cell.get("kind").is_empty() {
        row.bad("kind", ImportProblemKind::Invalid(ProblemKind::Required));
    }
    let when_of = |column: &str, row: &mut RowCtx<'_>| -> Option<When> {
        let v = cell.get(column);
        if v.is_empty() {
            return None;
        }
        match crate::model::input::parse_date_time(v, today) {
            Ok((d, Some(t))) if v.starts_with(|c: char| c.is_ascii_digit()) => Some(When::DateTime(d.and_time(t))),
            Ok((d, None)) if v.starts_with(|c: char| c.is_ascii_digit()) => Some(When::Date(d)),
            _ => {
                row.bad(column, ImportProblemKind::Date);
                None
            }
        }
    };
    let start = when_of("start", row);
    if start.is_none() && cell.get("start").is_empty() {
        row.bad("start", ImportProblemKind::Invalid(ProblemKind::Required));
    }
    let end = when_of("end", row);
    let mut e = Event::new(cell.get("title"), kind.unwrap_or(EventKind::Meeting), start.unwrap_or(When::Date(today)));
    e.end = end;
    e.location = cell.get("location").to_string();
    e.participant_count = row.number("participant_count", cell.get("participant_count"));
    e.summary = cell.get("summary").to_string();
    e.outcomes = cell.get("outcomes").to_string();
    row.validation(e.validate(today), |f| match f {
        "end" => "end",
        "location" => "location",
        "summary" => "summary",
        "outcomes" => "outcomes",
        _ => "title",
    });
    (row.problems.len() == before).then_some(e)
}

/// Same NIK (database or file) refuses; a matching name with the same birth
/// date refuses unless allowed.
fn duplicates(
    store: &Store,
    clients: &[(u64, Client)],
    allow_similar: bool,
    problems: &mut Vec<ImportProblem>,
) -> Result<(), StoreError> {
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, c) in clients {
        let Some(nik) = c.nik.as_deref() else { continue };
        if let Some(first) = seen.get(nik) {
            problems.push(problem(*line, Some("nik"), ImportProblemKind::NikRepeated(*first)));
        } else {
            seen.insert(nik.to_string(), *line);
        }
        if let Some(id) = store.clients_by(IndexId::ClientNik, nik)?.first() {
            problems.push(problem(*line, Some("nik"), ImportProblemKind::NikExists(id.to_ref())));
        }
    }
    if allow_similar {
        return Ok(());
    }
    let births: HashMap<NaiveDate, Vec<&(u64, Client)>> = clients.iter().fold(HashMap::new(), |mut m, lc| {
        if let Some(b) = lc.1.birth_date {
            m.entry(b).or_default().push(lc);
        }
        m
    });
    if births.is_empty() {
        return Ok(());
    }
    let names = |c: &Client| -> Vec<String> {
        std::iter::once(&c.full_name).chain(c.aliases.iter()).map(|n| fold(n)).filter(|n| !n.is_empty()).collect()
    };
    let mut similar: HashMap<u64, Vec<RecordRef>> = HashMap::new();
    for existing in store.scan::<Client>().flatten() {
        let Some(b) = existing.birth_date else { continue };
        let Some(new) = births.get(&b) else { continue };
        let theirs = names(&existing);
        for (line, c) in new {
            if names(c).iter().any(|n| theirs.contains(n)) {
                similar.entry(*line).or_default().push(existing.id().to_ref());
            }
        }
    }
    for (line, refs) in similar {
        problems.push(problem(line, Some("full_name"), ImportProblemKind::Similar(refs)));
    }
    Ok(())
}

#[cfg(test)]
mod fault_tests {
    use super::*;
    use crate::clock::Clock;
    use crate::model::Role;
    use crate::store::{Fault, OpenOptions};

    /// Fifty good client rows, each with a NIK (so each writes several index entries).
    fn csv() -> String {
        let mut s = String::from("register_no;full_name;aliases;nik;birth_date;gender;office;risk;status;skills\n");
        for i in 0..50u8 {
            let name = format!("Klien {}{}", char::from(b'A' + i / 26), char::from(b'a' + i % 26));
            s.push_str(&format!(
                "PAS.{i};{name};;350712191090{:04};19/10/1990;L;Bapas Malang;hijau;active;las\n",
                i + 1
            ));
        }
        s
    }

    #[test]
    fn an_import_that_fails_midway_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let actor = Actor::new("budi", Role::Officer);
        let opts = ImportOptions { allow_similar: true, ..Default::default() };
        {
            let store = Store::open(&path, &OpenOptions { clock: Clock::test(), ..OpenOptions::default() }).unwrap();
            let dry =
                import(&store, &actor, Kind::Clients, &mut csv().as_bytes(), ImportOptions { dry_run: true, ..opts });
            assert_eq!(dry.unwrap().rows, 50, "the file is good");
            // the disk fills up at the 300th of the batch's keys (of about 500)
            store.inject_fault(Some(Fault::WriteAt(300)));
            let err = import(&store, &actor, Kind::Clients, &mut csv().as_bytes(), opts).unwrap_err();
            assert_eq!(
                err.message(Lang::En),
                "The disk is full: the change could not be written to disk. Free some disk space, then try again."
            );
            assert!(
                err.message(Lang::Id).starts_with("Disk penuh: perubahan tidak dapat ditulis ke disk."),
                "{}",
                err.message(Lang::Id)
            );
            assert_eq!((store.count(RecordKind::Client), store.audit_len()), (0, 0), "no record, no audit entry");
            assert_eq!(store.index_owners(&[]).unwrap().len(), 0, "no index entry");
            assert!(store.check().unwrap().is_clean());
        }
        // reopened: still nothing, and the same file imports whole with ids from 1
        let store = Store::open(&path, &OpenOptions { clock: Clock::test(), ..OpenOptions::default() }).unwrap();
        assert_eq!(store.count(RecordKind::Client), 0);
        assert!(store.check().unwrap().is_clean());
        let r = import(&store, &actor, Kind::Clients, &mut csv().as_bytes(), opts).unwrap();
        assert_eq!(r.written, 50);
        assert!(store.get::<Client>(1).unwrap().is_some() && store.get::<Client>(50).unwrap().is_some());
        assert!(store.check().unwrap().is_clean());
    }
}
