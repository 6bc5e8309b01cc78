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
    /// The query does not parse: its problems.
    #[error("the query cannot be used")]
    Query(Vec<crate::search::query::QueryError>),
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
    prot: &crate::gate::Protection,
    dest: crate::gate::Destination<'_>,
) -> Result<usize, ExportError> {
    let ExportRequest { kind, query, format } = req;
    let q = crate::search::parse(query).map_err(ExportError::Query)?;
    let today = store.clock_for(actor).today();
    // what the actor sees: a partner exports its own clients, and no column withheld from it
    let view = store.scoped(actor)?;
    let index = crate::search::SearchIndex::build_view(&view, today)?;
    let hits = index.search(kind, &q, None);
    let calendar = store.calendar()?;
    let mut rows = Vec::with_capacity(hits.len());
    for h in hits {
        let row = match kind {
            RecordKind::Client => view.get::<Client>(h.record.id)?.map(|c| client_row(&c, today, &calendar)),
            RecordKind::Stakeholder => view.get::<Stakeholder>(h.record.id)?.map(|s| stakeholder_row(&s)),
            RecordKind::Event => view.get::<Event>(h.record.id)?.map(|e| event_row(&e)),
            RecordKind::Referral | RecordKind::User => None,
        };
        rows.extend(row);
    }
    let all = columns(kind);
    let keep: Vec<bool> = all.iter().map(|c| crate::schema::reads_column(kind, actor.role, c)).collect();
    let cols: Vec<&str> = all.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| *c).collect();
    for r in &mut rows {
        let mut k = keep.iter();
        r.retain(|_| k.next().copied().unwrap_or(false));
    }
    let rel = crate::gate::Release {
        what: format!("{} {} rows, query {:?},", kind.name(), rows.len(), query),
        record: None,
        sensitive: kind == RecordKind::Client,
    };
    crate::gate::release(store, actor, &rel, prot, dest, |out| write_rows(&cols, &rows, format, out))?;
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
    /// A client with a matching name and the same birth date is on an earlier line of the file.
    SimilarRow(u64),
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

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportError {
    /// Problems in the file (all of them, at most [`SHOWN_PROBLEMS`]); nothing was written.
    Problems(Vec<ImportProblem>),
    /// More problems than a message lists: the first [`SHOWN_PROBLEMS`],
    /// then how many more of each column; nothing was written.
    TooMany {
        /// The first problems, in file order.
        first: Vec<ImportProblem>,
        /// Every problem.
        total: u64,
        /// The problems after the first, counted by column (most first).
        more: Vec<(String, u64)>,
    },
    /// The file could not be read (or the error list not written).
    Read(String),
    /// The store failed; nothing was written.
    Store(StoreError),
    /// Stopped (ctrl-c) before the end; nothing was written.
    Interrupted,
}

impl ImportError {
    /// How many problems the file has, when that is why nothing was imported.
    pub fn total_problems(&self) -> Option<u64> {
        match self {
            ImportError::Problems(ps) => Some(ps.len() as u64),
            ImportError::TooMany { total, .. } => Some(*total),
            _ => None,
        }
    }

    /// Every problem the message lists (the first ones when there are many).
    pub fn problems(&self) -> &[ImportProblem] {
        match self {
            ImportError::Problems(ps) | ImportError::TooMany { first: ps, .. } => ps,
            _ => &[],
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

/// Problems an error message lists before counting the rest by column.
pub const SHOWN_PROBLEMS: usize = 100;

/// Rows staged per batch: enough to amortise a batch, few enough to keep
/// memory flat however long the file.
const IMPORT_BATCH: usize = 1000;

/// How far an import has got, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportProgress {
    /// Rows read from the file.
    pub read: u64,
    /// Rows read that are good so far.
    pub valid: u64,
    /// Good rows staged for writing (0 on a dry run).
    pub written: u64,
    /// Bytes of the file read.
    pub bytes: u64,
    /// Entries made visible by the commit, of all staged (after the last row).
    pub committing: Option<(u64, u64)>,
}

/// What an import reports while it runs, and what can stop it.
#[derive(Default)]
pub struct ImportRun<'a> {
    /// Told the progress every [`IMPORT_BATCH`] rows and at each step of the commit.
    pub progress: Option<&'a mut dyn FnMut(ImportProgress)>,
    /// Set (by ctrl-c) to stop: nothing is written.
    pub cancel: Option<&'a std::sync::atomic::AtomicBool>,
    /// Told every problem as it is found (not only the first
    /// [`SHOWN_PROBLEMS`]), with its cell's value masked: the errors file.
    pub errors: Option<&'a mut dyn ProblemSink>,
    /// The office's names for the colour categories, which a risk cell may
    /// use (none: the built-in words only).
    pub risk_names: Option<&'a crate::words::RiskNames>,
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
    import_with(store, actor, kind, input, opts, ImportRun::default())
}

/// Where every problem of an import goes as it is found, as data: the
/// interfaces word it (`i18n::exchange::ErrorsCsv`, the errors file).
pub trait ProblemSink {
    /// Before the first row is read (after the header line is accepted).
    fn begin(&mut self) -> std::io::Result<()>;
    /// One problem, with its cell's value as it may be shown ([`mask`]ed:
    /// a NIK by its last four digits, free text not at all).
    fn problem(&mut self, p: &ImportProblem, masked: &str) -> std::io::Result<()>;
    /// After the last problem.
    fn finish(&mut self) -> std::io::Result<()>;
}

/// One problem list of an import: the first [`SHOWN_PROBLEMS`] kept, the
/// rest counted by column, every one told to the problem sink if any.
struct Sink<'a> {
    first: Vec<ImportProblem>,
    total: u64,
    more: HashMap<String, u64>,
    errors: Option<&'a mut dyn ProblemSink>,
    failed: Option<String>,
}

impl<'a> Sink<'a> {
    fn new(mut errors: Option<&'a mut dyn ProblemSink>) -> Sink<'a> {
        let mut failed = None;
        if let Some(w) = errors.as_mut()
            && let Err(e) = w.begin()
        {
            failed = Some(e.to_string());
        }
        Sink { first: Vec::new(), total: 0, more: HashMap::new(), errors, failed }
    }

    fn push(&mut self, p: ImportProblem, value: &str) {
        self.total += 1;
        if let Some(w) = self.errors.as_mut()
            && self.failed.is_none()
            && let Err(e) = w.problem(&p, &mask(p.column.as_deref(), value))
        {
            self.failed = Some(e.to_string());
        }
        if self.first.len() < SHOWN_PROBLEMS {
            self.first.push(p);
        } else {
            let what = p.column.unwrap_or_else(|| "csv".to_string());
            *self.more.entry(what).or_default() += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }

    fn finish(mut self) -> Result<ImportError, ImportError> {
        if let Some(w) = self.errors.as_mut()
            && self.failed.is_none()
            && let Err(e) = w.finish()
        {
            self.failed = Some(e.to_string());
        }
        if let Some(e) = self.failed {
            return Err(ImportError::Read(e));
        }
        if self.more.is_empty() {
            return Ok(ImportError::Problems(self.first));
        }
        let mut more: Vec<(String, u64)> = self.more.into_iter().collect();
        more.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(ImportError::TooMany { first: self.first, total: self.total, more })
    }
}

/// A cell's value as the errors file shows it: a NIK by its last four
/// digits, free text that may hold anything about a person not at all.
fn mask(column: Option<&str>, value: &str) -> String {
    match column {
        Some("nik") => {
            let chars: Vec<char> = value.chars().collect();
            let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
            if chars.len() > 4 { format!("…{tail}") } else { "…".to_string() }
        }
        Some("notes" | "street" | "offence" | "sentence") if !value.is_empty() => "…".to_string(),
        _ => value.to_string(),
    }
}

/// A good row, to be created in a batch of the staged write.
type Create = Box<dyn FnOnce(&mut crate::store::Batch<'_>) -> Result<(), StoreError>>;

/// [`import`], reporting progress, stoppable, writing every problem to a file.
///
/// Linear in the rows and bounded in memory: the file is read a record at
/// a time; good rows are staged for writing in batches as they come (see
/// [`crate::store::staged`]) until the first problem, after which rows are
/// only checked; duplicates are found through maps of the NIKs and of
/// (birth date, name) of the rows before; the whole is made visible by
/// one commit after the last row, or rolled back.
pub fn import_with(
    store: &Store,
    actor: &Actor,
    kind: RecordKind,
    input: &mut dyn Read,
    opts: ImportOptions,
    mut run: ImportRun<'_>,
) -> Result<ImportReport, ImportError> {
    let today = store.clock_for(actor).today();
    let no_names = crate::words::RiskNames::default();
    let risk_names = run.risk_names.unwrap_or(&no_names);
    let (head, rest) = read_header_line(input).map_err(|e| ImportError::Read(e.to_string()))?;
    let head = match head.strip_prefix("\u{FEFF}".as_bytes()) {
        Some(h) => h.to_vec(),
        None => head,
    };
    let delimiter = sniff(&String::from_utf8_lossy(&head));
    let ends = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::new()));
    let bytes_read = std::rc::Rc::new(std::cell::Cell::new(0));
    let source = LineEnds {
        inner: std::io::Cursor::new(head).chain(rest),
        offset: 0,
        ends: ends.clone(),
        read: bytes_read.clone(),
    };
    let mut lines = LineCounter { ends, newlines: 0 };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).from_reader(source);
    let mut problems = Vec::new();
    let header: Vec<String> = match reader.headers() {
        Ok(h) if h.iter().any(|c| !c.trim().is_empty()) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
            return Err(ImportError::Problems(vec![problem(
                1,
                None,
                ImportProblemKind::Malformed("not UTF-8 text".into()),
            )]));
        }
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

    let mut sink = Sink::new(run.errors.take());
    let mut dups = match kind {
        RecordKind::Client => Some(Duplicates::new(store, opts.allow_similar).map_err(ImportError::Store)?),
        _ => None,
    };
    let stored_stakeholders = if kind == RecordKind::Stakeholder && !opts.allow_similar {
        stakeholder_keys_stored(store).map_err(ImportError::Store)?
    } else {
        Vec::new()
    };
    let mut staged = if opts.dry_run { None } else { Some(store.staged(actor).map_err(ImportError::Store)?) };
    let mut pending: Vec<Create> = Vec::new();
    let mut progress = ImportProgress::default();
    // good clients without what a complete case file needs (listed in the agenda)
    let mut incomplete = 0;
    let mut report = |p: ImportProgress| {
        if let Some(f) = run.progress.as_mut() {
            f(p);
        }
    };
    let column_at = |c: &str| index.get(c).copied().unwrap_or(usize::MAX);
    let mut record = csv::StringRecord::new();
    loop {
        if run.cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) {
            return Err(ImportError::Interrupted);
        }
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        // the rest cannot be read as text either
                        sink.push(problem(line, None, ImportProblemKind::Malformed("not UTF-8 text".into())), "");
                        break;
                    }
                    csv::ErrorKind::Io(_) => return Err(ImportError::Read(e.to_string())),
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        let why =
                            format!("{len} cells where the header has {expected_len}; check the separator and quotes");
                        sink.push(problem(line, None, ImportProblemKind::Malformed(why)), "");
                    }
                    _ => sink.push(problem(line, None, ImportProblemKind::Malformed(e.to_string())), ""),
                }
                continue;
            }
        }
        progress.read += 1;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let cell = Cells { index: &index, rec: &record };
        let mut found = Vec::new();
        let mut row = RowCtx { line, problems: &mut found, risk_names };
        let create: Option<Create> = match kind {
            RecordKind::Client => parse_client(&cell, &mut row, today).and_then(|c| {
                if let Some(d) = dups.as_mut() {
                    d.check(store, line, &c, &mut found).ok()?;
                }
                if found.is_empty() && !crate::model::validate::missing(&c).is_empty() {
                    incomplete += 1;
                }
                Some(Box::new(move |b: &mut crate::store::Batch<'_>| b.create(c).map(|_| ())) as Box<_>)
            }),
            RecordKind::Stakeholder => parse_stakeholder(&cell, &mut row, today).map(|s| {
                similar_stakeholder(line, &s, &stored_stakeholders, &mut found);
                Box::new(move |b: &mut crate::store::Batch<'_>| b.create(s).map(|_| ())) as Box<_>
            }),
            RecordKind::Event => match parse_event(&cell, &mut row, today) {
                Some(e) => {
                    // organisers name stored stakeholders
                    for o in &e.organisers {
                        if store.get::<Stakeholder>(o.0).map_err(ImportError::Store)?.is_none() {
                            row.bad("organisers", ImportProblemKind::NoSuchRecord(o.to_ref()));
                        }
                    }
                    Some(Box::new(move |b: &mut crate::store::Batch<'_>| b.create(e).map(|_| ())) as Box<_>)
                }
                None => None,
            },
            RecordKind::Referral | RecordKind::User => None,
        };
        if let Some(d) = dups.as_mut()
            && let Some(e) = d.failed.take()
        {
            return Err(ImportError::Store(e));
        }
        if found.is_empty() {
            progress.valid += 1;
            // after the first problem nothing more is staged: it will not be written
            if sink.is_empty() && staged.is_some() {
                pending.extend(create);
            }
        } else {
            // as a reader goes: left to right
            found.sort_by_key(|p| p.column.as_deref().map_or(usize::MAX, column_at));
            for p in found {
                let value = p.column.as_deref().map(|c| cell.get(c).into_owned()).unwrap_or_default();
                sink.push(p, &value);
            }
            pending.clear();
        }
        if pending.len() >= IMPORT_BATCH
            && let Some(w) = staged.as_mut()
        {
            let n = pending.len() as u64;
            w.batch(|b| pending.drain(..).try_for_each(|f| f(b))).map_err(ImportError::Store)?;
            progress.written += n;
        }
        if progress.read % IMPORT_BATCH as u64 == 0 {
            progress.bytes = bytes_read.get();
            report(progress);
        }
    }
    progress.bytes = bytes_read.get();
    report(progress);
    if !sink.is_empty() {
        // (the staged rows are rolled back as `staged` goes)
        return Err(sink.finish()?);
    }
    sink.finish()?;
    let rows = progress.read as usize;
    let Some(mut w) = staged else { return Ok(ImportReport { rows, written: 0, incomplete }) };
    if !pending.is_empty() {
        let n = pending.len() as u64;
        w.batch(|b| pending.drain(..).try_for_each(|f| f(b))).map_err(ImportError::Store)?;
        progress.written += n;
    }
    if run.cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) {
        return Err(ImportError::Interrupted);
    }
    let written = progress.written as usize;
    w.on_step(|s| {
        if let crate::store::staged::StagedStep::Copied { done, of } = s {
            report(ImportProgress { committing: Some((done, of)), ..progress });
        }
    });
    w.commit().map_err(ImportError::Store)?;
    Ok(ImportReport { rows, written, incomplete })
}

/// Reads up to the end of the first line outside quotes (the header),
/// returning it and the rest of the input.
fn read_header_line(input: &mut dyn Read) -> std::io::Result<(Vec<u8>, std::io::BufReader<&mut dyn Read>)> {
    use std::io::BufRead;
    let mut r = std::io::BufReader::with_capacity(64 * 1024, input);
    let mut head = Vec::new();
    let mut quoted = false;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let mut end = None;
        for (i, &b) in buf.iter().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    end = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        let n = end.unwrap_or(buf.len());
        head.extend_from_slice(&buf[..n]);
        r.consume(n);
        if end.is_some() {
            break;
        }
    }
    Ok((head, r))
}

/// The input, noting the offsets of its line-end bytes as the CSV reader
/// takes them, so a record's line can be told without keeping the text.
struct LineEnds<R> {
    inner: R,
    offset: u64,
    ends: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<(u64, u8)>>>,
    /// `offset`, for the progress.
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut ends = self.ends.borrow_mut();
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                ends.push_back((self.offset + i as u64, b));
            }
        }
        self.offset += n as u64;
        self.read.set(self.offset);
        Ok(n)
    }
}

/// Lines of records read in order, from the line ends [`LineEnds`] noted.
struct LineCounter {
    ends: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<(u64, u8)>>>,
    newlines: u64,
}

impl LineCounter {
    /// The line a record starting at `byte` starts on. (The csv reader's
    /// own line count is one short after CRLF line ends, which spreadsheets
    /// on Windows write: it places the next record at the `\n` of the
    /// `\r\n`; line ends at the start are skipped for that.) Offsets must
    /// not go back.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut ends = self.ends.borrow_mut();
        let mut at = byte;
        while let Some(&(o, b)) = ends.front() {
            if o <= at {
                if o == at {
                    at += 1;
                }
                if b == b'\n' {
                    self.newlines += 1;
                }
                ends.pop_front();
            } else {
                break;
            }
        }
        1 + self.newlines
    }
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
    risk_names: &'a crate::words::RiskNames,
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
    let names = row.risk_names;
    if let Some(category) = row.code("risk", &cell.get("risk"), |s| names.word(s), RiskCategory::codes(", ")) {
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

/// The keys a client is matched by for duplicates: the form's rule, titles
/// and degrees folded away, nicknames and aliases counted.
fn match_names(c: &Client) -> Vec<String> {
    crate::model::fold::client_keys(&c.full_name, &c.aliases)
}

/// Duplicate clients, row by row in one pass: a NIK stored or on an
/// earlier line refuses; so does a similar name ([`similar_names`], the
/// form's rule) with the same birth date, stored or on an earlier line,
/// unless allowed. Names are compared within a birth date only, so the
/// work per row is the few clients born that day; memory grows with the
/// NIKs and name keys seen, not with the rows' records.
///
/// [`similar_names`]: crate::model::fold::similar_names
struct Duplicates {
    allow_similar: bool,
    niks: HashMap<String, u64>,
    /// The name keys of the rows before, by birth date, with their lines.
    rows: HashMap<NaiveDate, Vec<(u64, Vec<String>)>>,
    /// The name keys of stored clients, by birth date.
    stored: HashMap<NaiveDate, Vec<(RecordRef, Vec<String>)>>,
    failed: Option<StoreError>,
}

impl Duplicates {
    fn new(store: &Store, allow_similar: bool) -> Result<Duplicates, StoreError> {
        let mut stored: HashMap<NaiveDate, Vec<(RecordRef, Vec<String>)>> = HashMap::new();
        if !allow_similar {
            for existing in store.scan::<Client>() {
                let existing = existing?;
                let Some(b) = existing.birth_date else { continue };
                stored.entry(b).or_default().push((existing.id().to_ref(), match_names(&existing)));
            }
        }
        Ok(Duplicates { allow_similar, niks: HashMap::new(), rows: HashMap::new(), stored, failed: None })
    }

    /// Adds the row's duplicate problems to `found`; an error of the store is kept in `failed`.
    fn check(&mut self, store: &Store, line: u64, c: &Client, found: &mut Vec<ImportProblem>) -> Result<(), ()> {
        use crate::model::fold::similar_names;
        if let Some(nik) = c.nik.as_deref() {
            match self.niks.get(nik) {
                Some(first) => found.push(problem(line, Some("nik"), ImportProblemKind::NikRepeated(*first))),
                None => {
                    self.niks.insert(nik.to_string(), line);
                }
            }
            match store.clients_by(IndexId::ClientNik, nik) {
                Ok(ids) => {
                    if let Some(id) = ids.first() {
                        found.push(problem(line, Some("nik"), ImportProblemKind::NikExists(id.to_ref())));
                    }
                }
                Err(e) => {
                    self.failed = Some(e);
                    return Err(());
                }
            }
        }
        if self.allow_similar {
            return Ok(());
        }
        let Some(b) = c.birth_date else { return Ok(()) };
        let keys = match_names(c);
        let refs: Vec<RecordRef> = self
            .stored
            .get(&b)
            .into_iter()
            .flatten()
            .filter(|(_, theirs)| similar_names(&keys, theirs))
            .map(|(r, _)| *r)
            .collect();
        let same_day = self.rows.entry(b).or_default();
        let earlier = same_day.iter().find(|(_, theirs)| similar_names(&keys, theirs)).map(|(l, _)| *l);
        same_day.push((line, keys));
        // one likeness per row: a stored client first, else an earlier line
        if !refs.is_empty() {
            found.push(problem(line, Some("full_name"), ImportProblemKind::Similar(refs)));
        } else if let Some(first) = earlier {
            found.push(problem(line, Some("full_name"), ImportProblemKind::SimilarRow(first)));
        }
        Ok(())
    }
}

/// The name keys of every stored stakeholder, for [`similar_stakeholder`].
fn stakeholder_keys_stored(store: &Store) -> Result<Vec<(RecordRef, Vec<String>)>, StoreError> {
    use crate::model::fold::stakeholder_keys;
    let mut out = Vec::new();
    for existing in store.scan::<Stakeholder>() {
        let existing = existing?;
        out.push((existing.id().to_ref(), stakeholder_keys(&existing.name, &existing.short_name)));
    }
    Ok(out)
}

/// A stakeholder of the file like stored ones (the same or a similar name
/// or short name, as the form asks): a problem unless `--allow-similar`
/// (then `stored` is empty).
fn similar_stakeholder(
    line: u64,
    new: &Stakeholder,
    stored: &[(RecordRef, Vec<String>)],
    found: &mut Vec<ImportProblem>,
) {
    use crate::model::fold::{similar_names, stakeholder_keys};
    let mine = stakeholder_keys(&new.name, &new.short_name);
    let refs: Vec<RecordRef> =
        stored.iter().filter(|(_, theirs)| similar_names(&mine, theirs)).map(|(r, _)| *r).collect();
    if !refs.is_empty() {
        found.push(problem(line, Some("name"), ImportProblemKind::Similar(refs)));
    }
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
                "Nothing was imported; the database is as it was. The disk is full: the change could not be written to disk. Free some disk space, then try again."
            );
            assert!(
                err.message(Lang::Id).starts_with(
                    "Tidak ada yang diimpor; basis data tetap seperti sebelumnya. Disk penuh: perubahan tidak dapat ditulis ke disk."
                ),
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

#[cfg(test)]
mod size_tests {
    use super::*;
    use crate::model::Role;
    use crate::store::temp_store;

    const HEADER: &str = "register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills,phone\n";

    /// A name of letters only for row `i`.
    fn name(i: usize) -> String {
        let tag: String = i.to_string().chars().map(|d| (b'a' + d as u8 - b'0') as char).collect();
        format!("Klien {tag}")
    }

    fn officer() -> Actor {
        Actor::new("budi", Role::Officer)
    }

    #[test]
    fn a_row_like_an_earlier_row_is_refused_unless_allowed() {
        let (_d, s) = temp_store();
        let text = format!(
            "{HEADER}A,Ahmad Fauzi,,,1990-10-19,L,Bapas Malang,hijau,active,,\n\
             B,Siti Aminah,,,1990-10-19,P,Bapas Malang,hijau,active,,\n\
             C,Budi Santoso,Ahmad Fauzi,,1990-10-19,L,Bapas Malang,hijau,active,,\n\
             D,Ahmad Fauzi,,,1991-10-19,L,Bapas Malang,hijau,active,,\n"
        );
        let err =
            import(&s, &officer(), RecordKind::Client, &mut text.as_bytes(), ImportOptions::default()).unwrap_err();
        let msgs: Vec<String> = err.problems().iter().map(|p| p.message(Lang::En)).collect();
        assert_eq!(
            msgs,
            [
                "line 4, column full_name: like line 2 of this file (same name and birth date); check, or import with --allow-similar"
            ],
            "an alias counts; another birth date does not"
        );
        assert_eq!(s.count(RecordKind::Client), 0);
        let opts = ImportOptions { allow_similar: true, ..ImportOptions::default() };
        assert_eq!(import(&s, &officer(), RecordKind::Client, &mut text.as_bytes(), opts).unwrap().written, 4);
        // and against the stored ones
        let again = format!("{HEADER}E,Siti Aminah,,,1990-10-19,P,Bapas Malang,hijau,active,,\n");
        let err =
            import(&s, &officer(), RecordKind::Client, &mut again.as_bytes(), ImportOptions::default()).unwrap_err();
        assert!(err.message(Lang::En).contains("similar to K-000002"), "{}", err.message(Lang::En));
    }

    /// 250 bad rows: 100 listed, then 150 counted by column, in both languages.
    fn many_bad() -> String {
        let mut text = HEADER.to_string();
        for i in 0..250 {
            let (date, phone) = if i % 3 == 0 { ("1990-13-45", "081234567890") } else { ("1990-10-19", "telepon") };
            text.push_str(&format!("R{i},{},,,{date},L,Bapas Malang,hijau,active,,{phone}\n", name(i)));
        }
        text
    }

    #[test]
    fn many_problems_are_listed_first_then_counted_by_column() {
        let (_d, s) = temp_store();
        let err = import(&s, &officer(), RecordKind::Client, &mut many_bad().as_bytes(), ImportOptions::default())
            .unwrap_err();
        let en = err.message(Lang::En);
        let lines: Vec<&str> = en.lines().collect();
        assert_eq!(lines[0], "Nothing was imported: 250 problems.");
        assert_eq!(lines.len(), 1 + SHOWN_PROBLEMS + 1, "{en}");
        assert!(lines[1].starts_with("  line 2, column birth_date: not a date"), "{}", lines[1]);
        // rows 100..250: i % 3 == 0 are dates (50), the others phones (100)
        assert_eq!(lines[101], "  and 150 more: 100 × phone, 50 × birth_date");
        let id = err.message(Lang::Id);
        assert!(id.starts_with("Tidak ada yang diimpor: 250 masalah."), "{id}");
        assert!(id.ends_with("dan 150 lagi: 100 × phone, 50 × birth_date"), "{id}");
        assert_eq!(s.count(RecordKind::Client), 0);
        // one problem is one in English too
        let one = format!("{HEADER}A,Ahmad Fauzi,,,1990-10-19,L,Bapas Malang,ungu,active,,\n");
        let err =
            import(&s, &officer(), RecordKind::Client, &mut one.as_bytes(), ImportOptions::default()).unwrap_err();
        assert!(err.message(Lang::En).starts_with("Nothing was imported: 1 problem.\n"), "{}", err.message(Lang::En));
        assert!(err.message(Lang::Id).starts_with("Tidak ada yang diimpor: 1 masalah.\n"));
        assert_eq!(crate::i18n::number(Lang::En, 19_900), "19,900");
        assert_eq!(crate::i18n::number(Lang::Id, 1_234_567), "1.234.567");
        assert_eq!(crate::i18n::number(Lang::En, 999), "999");
    }

    #[test]
    fn the_errors_file_has_every_problem_masked_and_safe_to_open() {
        let (_d, s) = temp_store();
        let mut text = many_bad();
        text.push_str("X,=HYPERLINK(\"http://x\"),,3507121910900001x,1990-10-19,L,Bapas Malang,hijau,active,,\n");
        let mut out: Vec<u8> = Vec::new();
        let mut errors = crate::i18n::exchange::ErrorsCsv::new(&mut out, Lang::En);
        let run = ImportRun { errors: Some(&mut errors), ..ImportRun::default() };
        let err = import_with(&s, &officer(), RecordKind::Client, &mut text.as_bytes(), ImportOptions::default(), run)
            .unwrap_err();
        drop(errors);
        assert_eq!(err.total_problems(), Some(252), "{err:?}");
        let csv = String::from_utf8(out).unwrap();
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(r.headers().unwrap(), vec!["line", "column", "value", "problem"]);
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 252, "every problem, not only the first 100");
        assert_eq!(
            rows[0].iter().collect::<Vec<_>>(),
            ["2", "birth_date", "1990-13-45", "not a date (write YYYY-MM-DD or DD/MM/YYYY)"]
        );
        assert_eq!(rows[1].iter().take(3).collect::<Vec<_>>(), ["3", "phone", "telepon"]);
        let last: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "252").collect();
        assert!(last.iter().any(|r| &r[1] == "full_name" && &r[2] == "'=HYPERLINK(\"http://x\")"), "{last:?}");
        assert!(last.iter().any(|r| &r[1] == "nik" && &r[2] == "…001x"), "a NIK by its last four: {last:?}");
        assert!(!csv.contains("3507121910900001"), "no whole NIK");
    }

    #[test]
    fn an_interrupted_import_writes_nothing_and_progress_counts_rows() {
        let (_d, s) = temp_store();
        let mut text = HEADER.to_string();
        let born = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for i in 0..2500 {
            // (the names fold alike now and then: each its own birth date)
            let b = born + chrono::Days::new(i as u64);
            text.push_str(&format!("R{i},{},,,{b},L,Bapas Malang,hijau,active,,\n", name(i)));
        }
        let stop = std::sync::atomic::AtomicBool::new(false);
        let mut seen = Vec::new();
        let mut progress = |p: ImportProgress| {
            seen.push(p);
            // stop once a first batch is staged
            if p.written > 0 {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let run = ImportRun { progress: Some(&mut progress), cancel: Some(&stop), ..ImportRun::default() };
        let err = import_with(&s, &officer(), RecordKind::Client, &mut text.as_bytes(), ImportOptions::default(), run)
            .unwrap_err();
        assert!(matches!(err, ImportError::Interrupted), "{err:?}");
        assert_eq!(err.message(Lang::En), "Interrupted: nothing was imported; the database is as it was.");
        assert!(seen.iter().any(|p| p.written == 1000 && p.read == 1000), "{seen:?}");
        assert_eq!((s.count(RecordKind::Client), s.audit_len()), (0, 0));
        assert_eq!(s.staged_state().unwrap(), crate::store::staged::StagedState::default(), "rolled back at once");
        assert!(s.check().unwrap().is_clean());
        // run to the end: rows read, good and written, then the commit's steps
        let mut seen = Vec::new();
        let mut progress = |p: ImportProgress| seen.push(p);
        let run = ImportRun { progress: Some(&mut progress), ..ImportRun::default() };
        let r = import_with(&s, &officer(), RecordKind::Client, &mut text.as_bytes(), ImportOptions::default(), run)
            .unwrap();
        assert_eq!((r.rows, r.written), (2500, 2500));
        let read = seen.iter().rfind(|p| p.committing.is_none()).copied().unwrap_or_default();
        assert_eq!((read.read, read.valid, read.written, read.bytes), (2500, 2500, 2000, text.len() as u64));
        let last = seen.last().and_then(|p| p.committing).unwrap();
        assert_eq!(last.0, last.1, "the commit's copy ends with every entry");
        assert_eq!(s.count(RecordKind::Client), 2500);
        assert!(s.check().unwrap().is_clean());
    }
}
