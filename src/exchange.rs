//! CSV and JSON exchange: `simpul export` and `simpul import`.
//!
//! # Client layout
//!
//! One row per client; an import needs `full_name` and `gender` (a value
//! in every row), the other columns may be left out or blank; an export
//! writes every column, the first ten first. List
//! values are separated by `|`; dates are `YYYY-MM-DD` (import also takes
//! `DD/MM/YYYY`); gender is `L` or `P` (also `male`/`female`,
//! `laki-laki`/`perempuan`); codes are those of `simpul keys`-style
//! vocabularies (`risk`: merah|kuning|hijau, `status`: active|completed|…).
//!
//! | column | required | holds |
//! |---|---|---|
//! | full_name, gender | yes | as named; a name may carry titles, degrees and a nickname in brackets |
//! | register_no, nik, birth_date | no | as named; a client without one is imported incomplete and listed in the agenda, as the form saves it |
//! | aliases, office, risk, status, skills | no | as named; `risk` becomes the current assessment; `status` also in Indonesian (`aktif`, `selesai`, `dicabut`, `dipindah`, `meninggal`) |
//! | birth_place, phone, officer, programme, supervision_start, supervision_end, needs, consent, phase, street, village, district, regency, province, notes | no | as named; `consent` is yes/no, `programme` pb/cb/cmb/bebas_murni |
//! | rri, reporting, reporting_dates, reporting_from | no | the RRI of the imported assessment; the reporting schedule and the day its register counts from |
//! | register | no | the reporting register: `DATE:STATUS[:NOTE]` days separated by `|`, notes escaped (`schema::tables::Register`) |
//! | missed, compliance | no | filled by export from the register, read past by import |
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

use crate::csv_cell;
use crate::i18n::{self, Lang, fill};
use crate::model::validate::ProblemKind;
use crate::model::*;
use crate::schema::Table;
use crate::store::{Actor, IndexId, Store, StoreError};

/// The client columns an import needs, with a value in every row: what the
/// client form requires (a name; a gender, which the form always has). The
/// rest may be absent or blank: a client without a register number, NIK or
/// birth date is imported incomplete, as the form saves it
/// ([`crate::model::validate::FOR_COMPLETE`]).
const CLIENT_NEEDED: [&str; 2] = ["full_name", "gender"];
/// The client layout in export order: the columns always written first, then the
/// optional ones. A column is a client field's (its table line names it)
/// or derived (`risk`, `rri`, `missed`, `compliance`); a field given a
/// column later comes after these.
const CLIENT_LAYOUT: [&str; 29] = [
    "register_no",
    "full_name",
    "aliases",
    "nik",
    "birth_date",
    "gender",
    "office",
    "risk",
    "status",
    "skills",
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
/// past: they follow from the register and the schedule, which the layout
/// carries (`register`, `reporting`, `reporting_dates`, `reporting_from`).
pub const CLIENT_DERIVED: [&str; 2] = ["missed", "compliance"];
/// The stakeholder layout: the stakeholder's fields with a column, and the
/// first contact person's.
const STAKEHOLDER_LAYOUT: [&str; 15] = [
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
/// The event layout.
const EVENT_LAYOUT: [&str; 9] =
    ["title", "kind", "start", "end", "location", "organisers", "participant_count", "summary", "outcomes"];
const EVENT_REQUIRED: [&str; 3] = ["title", "kind", "start"];

/// A layout: its columns, then the columns of table fields it does not name yet.
fn layout<R: Table>(named: &[&'static str]) -> Vec<&'static str> {
    let mut cols = named.to_vec();
    cols.extend(R::fields().iter().filter_map(|f| f.column).filter(|c| !named.contains(c)));
    cols
}

/// The columns of a kind, in export order.
pub fn columns(kind: RecordKind) -> Vec<&'static str> {
    match kind {
        RecordKind::Client => layout::<Client>(&CLIENT_LAYOUT),
        RecordKind::Stakeholder => layout::<Stakeholder>(&STAKEHOLDER_LAYOUT),
        RecordKind::Event => layout::<Event>(&EVENT_LAYOUT),
        // referrals and users are not exchanged as files
        RecordKind::Referral | RecordKind::User => Vec::new(),
    }
}

fn required(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Client => &CLIENT_NEEDED,
        RecordKind::Stakeholder => &STAKEHOLDER_REQUIRED,
        RecordKind::Event => &EVENT_REQUIRED,
        RecordKind::Referral | RecordKind::User => &[],
    }
}

/// The field of a table with this column.
fn by_column<R: Table>(column: &str) -> Option<&'static crate::schema::Field<R>> {
    R::fields().iter().find(|f| f.column == Some(column))
}

/// A record as a row of its layout: each column from its field, or from `derived`.
fn row_of<R: Table>(r: &R, kind: RecordKind, derived: impl Fn(&str) -> String) -> Vec<String> {
    columns(kind).into_iter().map(|col| by_column::<R>(col).map_or_else(|| derived(col), |f| f.cell.get(r))).collect()
}

/// A client as a row of the layout.
pub fn client_row(c: &Client, today: NaiveDate, calendar: &crate::model::Calendar) -> Vec<String> {
    let standing = crate::casework::reporting::standing(c, calendar, today);
    row_of(c, RecordKind::Client, |col| match col {
        "risk" => c.risk().map(|r| r.code().to_string()).unwrap_or_default(),
        "rri" => c.current_rri().map(|r| r.code().to_string()).unwrap_or_default(),
        "missed" if standing.expected > 0 => standing.missed.to_string(),
        "compliance" => standing.compliance().map(|r| r.to_string()).unwrap_or_default(),
        _ => String::new(),
    })
}

/// A stakeholder as a row of the layout.
pub fn stakeholder_row(s: &Stakeholder) -> Vec<String> {
    let contact = s.contacts.first();
    row_of(s, RecordKind::Stakeholder, |col| {
        let Some(c) = contact else { return String::new() };
        match col {
            "contact_name" => c.name.clone(),
            "contact_role" => c.role.clone(),
            "contact_phone" => c.phone.clone(),
            "contact_email" => c.email.clone(),
            _ => String::new(),
        }
    })
}

/// An event as a row of the layout.
pub fn event_row(e: &Event) -> Vec<String> {
    row_of(e, RecordKind::Event, |_| String::new())
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
            csv_cell::write_record(&mut w, cols).map_err(csv_io)?;
            for r in rows {
                csv_cell::write_record(&mut w, r).map_err(csv_io)?;
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
    /// The gate refused it or could not write it.
    #[error("{0}")]
    Gate(#[from] crate::gate::GateError),
}

/// What to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportRequest<'a> {
    /// Which records.
    pub kind: RecordKind,
    /// Only those this query finds (all when empty).
    pub query: &'a str,
    /// CSV or JSON.
    pub format: Format,
}

/// Exports the records a request names, in list order, through the gate
/// (audited before the first byte leaves; client data only protected or
/// as `prot` says). Returns the row count.
pub fn export(
    store: &Store,
    actor: &Actor,
    req: ExportRequest<'_>,
    lang: Lang,
    prot: &crate::gate::Protection,
    dest: crate::gate::Destination<'_>,
) -> Result<usize, ExportError> {
    let ExportRequest { kind, query, format } = req;
    let q = crate::search::parse(query)
        .map_err(|errs| ExportError::Query(errs.iter().map(|e| e.message(lang)).collect::<Vec<_>>().join("; ")))?;
    let today = store.clock_for(actor).today();
    let index = crate::search::SearchIndex::build(store, today)?;
    let hits = index.search(kind, &q, None);
    let calendar = store.calendar()?;
    let mut rows = Vec::with_capacity(hits.len());
    for h in hits {
        let row = match kind {
            RecordKind::Client => store.get::<Client>(h.record.id)?.map(|c| client_row(&c, today, &calendar)),
            RecordKind::Stakeholder => store.get::<Stakeholder>(h.record.id)?.map(|s| stakeholder_row(&s)),
            RecordKind::Event => store.get::<Event>(h.record.id)?.map(|e| event_row(&e)),
            RecordKind::Referral | RecordKind::User => None,
        };
        rows.extend(row);
    }
    let rel = crate::gate::Release {
        what: format!("{} {} rows, query {:?},", kind.name(), rows.len(), query),
        record: None,
        sensitive: kind == RecordKind::Client,
    };
    crate::gate::release(store, actor, &rel, prot, dest, |out| write_rows(&columns(kind), &rows, format, out))?;
    Ok(rows.len())
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
    /// A record named is not stored.
    NoSuchRecord(RecordRef),
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
    /// The message in a language: `line 4, column nik: …`, on one line
    /// and safe to write to a terminal (a column name is the file's text).
    pub fn message(&self, lang: Lang) -> String {
        crate::sanitize::sanitize(&self.raw_message(lang)).into_owned()
    }

    fn raw_message(&self, lang: Lang) -> String {
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
            ImportProblemKind::NoSuchRecord(r) => fill(t(M::NoSuchRecord), &[("record", &r.to_string())]),
            ImportProblemKind::Similar(rs) => {
                let which = if rs.iter().all(|r| r.kind == RecordKind::Stakeholder) {
                    M::SimilarStakeholder
                } else {
                    M::Similar
                };
                fill(t(which), &[("records", &rs.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", "))])
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
                let mut s = fill(
                    M::NothingImported.text(lang),
                    &[("problems", &crate::i18n::count(lang, ps.len(), crate::i18n::Noun::Problem))],
                );
                for p in ps {
                    s.push_str("\n  ");
                    s.push_str(&p.message(lang));
                }
                s
            }
            ImportError::Read(e) => crate::sanitize::sanitize(e).into_owned(),
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
    /// Clients among them without what a complete case file needs
    /// ([`crate::model::validate::missing`]): listed in the agenda.
    pub incomplete: usize,
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
    kind: RecordKind,
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
            RecordKind::Client => {
                if let Some(c) = parse_client(&cell, &mut row, today) {
                    clients.push((line, c));
                }
            }
            RecordKind::Stakeholder => {
                if let Some(s) = parse_stakeholder(&cell, &mut row, today) {
                    stakeholders.push((line, s));
                }
            }
            RecordKind::Event => {
                if let Some(e) = parse_event(&cell, &mut row, today) {
                    // organisers name stored stakeholders
                    let mut known = true;
                    for o in &e.organisers {
                        if store.get::<Stakeholder>(o.0).map_err(ImportError::Store)?.is_none() {
                            row.bad("organisers", ImportProblemKind::NoSuchRecord(o.to_ref()));
                            known = false;
                        }
                    }
                    if known {
                        events.push(e);
                    }
                }
            }
            RecordKind::Referral | RecordKind::User => {}
        }
    }
    if kind == RecordKind::Client {
        duplicates(store, &clients, opts.allow_similar, &mut problems).map_err(ImportError::Store)?;
    }
    if kind == RecordKind::Stakeholder && !opts.allow_similar {
        similar_stakeholders(store, &stakeholders, &mut problems).map_err(ImportError::Store)?;
    }
    if !problems.is_empty() {
        // as a reader goes: line by line, left to right
        let at = |p: &ImportProblem| p.column.as_deref().and_then(|c| index.get(c)).copied().unwrap_or(usize::MAX);
        problems.sort_by_key(|p| (p.line, at(p)));
        return Err(ImportError::Problems(problems));
    }
    let incomplete = clients.iter().filter(|(_, c)| !crate::model::validate::missing(c).is_empty()).count();
    if opts.dry_run {
        return Ok(ImportReport { rows, written: 0, incomplete });
    }
    let written = store
        .write(actor, |b| {
            let mut n = 0;
            for (_, c) in clients {
                b.create(c)?;
                n += 1;
            }
            for (_, s) in stakeholders {
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
    Ok(ImportReport { rows, written, incomplete })
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
    /// Whether the file has the column.
    fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The trimmed cell of a column, without the `'` an export puts before
    /// a formula (see [`csv_cell`]); empty when the file has no such column.
    /// A line break in a cell is `\n` whichever way the spreadsheet wrote it
    /// (`\r\n` on Windows, `\r` on old Macs).
    fn get(&self, name: &str) -> std::borrow::Cow<'a, str> {
        let cell =
            self.index.get(name).and_then(|&i| self.rec.get(i)).map(|c| csv_cell::unescape(c.trim())).unwrap_or("");
        if cell.contains('\r') { cell.replace("\r\n", "\n").replace('\r', "\n").into() } else { cell.into() }
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

    /// Puts validator problems (by field path) on the file's columns.
    fn validation(&mut self, problems: Vec<Problem>, column: impl Fn(&str) -> String) {
        for p in problems {
            self.problems.push(ImportProblem {
                line: self.line,
                column: Some(column(&p.field)),
                kind: ImportProblemKind::Invalid(p.kind),
            });
        }
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

/// Sets every field of `r` that has a column in the file from its cell,
/// as the field's table reads text; a value it cannot read is a problem
/// of that cell.
fn read_fields<R: Table>(r: &mut R, cell: &Cells<'_>, row: &mut RowCtx<'_>, today: NaiveDate) {
    use crate::schema::{Invalid, Kind as K};
    for f in R::fields() {
        let Some(column) = f.column.filter(|c| cell.has(c)) else { continue };
        let v = &*cell.get(column);
        // only calendar dates in a file: "today" or "+7d" would change meaning with the day of import
        let dated = matches!(f.cell.kind(), K::Date | K::Moment | K::Dates);
        if dated && crate::model::input::parse_list(v).iter().any(|d| !d.starts_with(|c: char| c.is_ascii_digit())) {
            row.bad(column, ImportProblemKind::Date);
            continue;
        }
        match f.cell.set(r, v, today) {
            Ok(()) => {}
            Err(Invalid::Date(_)) => row.bad(column, ImportProblemKind::Date),
            Err(Invalid::Number) => row.bad(column, ImportProblemKind::Number),
            Err(Invalid::NotOneOf(valid)) => row.bad(column, ImportProblemKind::NotOneOf { valid }),
        }
    }
}

/// The column a validator's problem belongs to: its field's, else what
/// `other` says (derived columns), else `fallback`.
fn column_of<R: Table>(path: &str, other: impl Fn(&str) -> Option<&'static str>, fallback: &'static str) -> String {
    let base = path.split('[').next().unwrap_or(path);
    R::field(path)
        .or_else(|| R::field(base))
        .and_then(|f| f.column)
        .or_else(|| other(base.split('.').next().unwrap_or(base)))
        .unwrap_or(fallback)
        .to_string()
}

fn parse_client(cell: &Cells<'_>, row: &mut RowCtx<'_>, today: NaiveDate) -> Option<Client> {
    let before = row.problems.len();
    // the form always has a gender; a file says it
    if cell.get("gender").is_empty() {
        row.bad("gender", ImportProblemKind::Invalid(ProblemKind::Required));
    }
    let mut c = Client::new("");
    read_fields(&mut c, cell, row, today);
    let rri = row.code("rri", &cell.get("rri"), parse_rri, Rri::codes(", "));
    if let Some(category) = row.code("risk", &cell.get("risk"), i18n::risk_word, RiskCategory::codes(", ")) {
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: today,
            category,
            rri,
            assessor: String::new(),
            reason: "import".into(),
        });
    }
    row.validation(c.validate(today), |path| {
        column_of::<Client>(path, |f| (f == "assessments").then_some("risk"), "full_name")
    });
    (row.problems.len() == before).then_some(c)
}

fn parse_stakeholder(cell: &Cells<'_>, row: &mut RowCtx<'_>, today: NaiveDate) -> Option<Stakeholder> {
    let before = row.problems.len();
    if cell.get("kind").is_empty() {
        row.bad("kind", ImportProblemKind::Invalid(ProblemKind::Required));
    }
    let mut s = Stakeholder::new("", StakeholderKind::Ngo);
    read_fields(&mut s, cell, row, today);
    let contact = Contact {
        id: crate::model::PartId::NEW,
        name: cell.get("contact_name").into_owned(),
        role: cell.get("contact_role").into_owned(),
        // stored normalised, as the contact form stores it
        phone: crate::schema::text::Text::<String>::parse(
            &crate::schema::text::Phone,
            &cell.get("contact_phone"),
            today,
        )
        .unwrap_or_default(),
        email: cell.get("contact_email").into_owned(),
    };
    if contact != Contact::default() {
        s.contacts.push(contact);
    }
    row.validation(s.validate(today), |path| {
        let contact_field = path.rsplit('.').next().unwrap_or("name");
        if path.starts_with("contacts[") {
            return format!("contact_{contact_field}");
        }
        column_of::<Stakeholder>(path, |_| None, "name")
    });
    (row.problems.len() == before).then_some(s)
}

fn parse_event(cell: &Cells<'_>, row: &mut RowCtx<'_>, today: NaiveDate) -> Option<Event> {
    let before = row.problems.len();
    if cell.get("kind").is_empty() {
        row.bad("kind", ImportProblemKind::Invalid(ProblemKind::Required));
    }
    if cell.get("start").is_empty() {
        row.bad("start", ImportProblemKind::Invalid(ProblemKind::Required));
    }
    let mut e = Event::new("", EventKind::Meeting, When::Date(today));
    read_fields(&mut e, cell, row, today);
    row.validation(e.validate(today), |path| column_of::<Event>(path, |_| None, "title"));
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
    // the form's rule: titles and degrees folded away, nicknames and aliases counted
    let names = |c: &Client| crate::search::normalize::client_keys(&c.full_name, &c.aliases);
    let mut similar: HashMap<u64, Vec<RecordRef>> = HashMap::new();
    for existing in store.scan::<Client>().flatten() {
        let Some(b) = existing.birth_date else { continue };
        let Some(new) = births.get(&b) else { continue };
        let theirs = names(&existing);
        for (line, c) in new {
            if crate::search::normalize::similar_names(&names(c), &theirs) {
                similar.entry(*line).or_default().push(existing.id().to_ref());
            }
        }
    }
    for (line, refs) in similar {
        problems.push(problem(line, Some("full_name"), ImportProblemKind::Similar(refs)));
    }
    Ok(())
}

/// Stakeholders of the file like stored ones (the same or a similar name
/// or short name, as the form asks): a problem unless `--allow-similar`.
fn similar_stakeholders(
    store: &Store,
    new: &[(u64, Stakeholder)],
    problems: &mut Vec<ImportProblem>,
) -> Result<(), StoreError> {
    use crate::search::normalize::{similar_names, stakeholder_keys};
    let keys: Vec<(u64, Vec<String>)> =
        new.iter().map(|(l, s)| (*l, stakeholder_keys(&s.name, &s.short_name))).collect();
    let mut found: std::collections::BTreeMap<u64, Vec<RecordRef>> = std::collections::BTreeMap::new();
    for existing in store.scan::<Stakeholder>().flatten() {
        let theirs = stakeholder_keys(&existing.name, &existing.short_name);
        for (line, mine) in &keys {
            if similar_names(mine, &theirs) {
                found.entry(*line).or_default().push(existing.id().to_ref());
            }
        }
    }
    for (line, refs) in found {
        problems.push(problem(line, Some("name"), ImportProblemKind::Similar(refs)));
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
            let dry = import(
                &store,
                &actor,
                RecordKind::Client,
                &mut csv().as_bytes(),
                ImportOptions { dry_run: true, ..opts },
            );
            assert_eq!(dry.unwrap().rows, 50, "the file is good");
            // the disk fills up at the 300th of the batch's keys (of about 500)
            store.inject_fault(Some(Fault::WriteAt(300)));
            let err = import(&store, &actor, RecordKind::Client, &mut csv().as_bytes(), opts).unwrap_err();
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
        let r = import(&store, &actor, RecordKind::Client, &mut csv().as_bytes(), opts).unwrap();
        assert_eq!(r.written, 50);
        assert!(store.get::<Client>(1).unwrap().is_some() && store.get::<Client>(50).unwrap().is_some());
        assert!(store.check().unwrap().is_clean());
    }
}
