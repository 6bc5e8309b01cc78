//! `simpul search QUERY [--kind …] [--format …]`: the search results
//! without the TUI, for scripts.
//!
//! Formats: `table` (aligned plain text for people, labels in the
//! interface language), `csv` (a header row, then the export's columns,
//! lists joined by `|`), `json` (an array of objects with the same field
//! names; lists are arrays and missing values `null`). Nothing found is not
//! an error: no rows (the CSV header and table heading are still written).

use crate::sanitize::sanitize;
use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

use crate::i18n::search::SearchMsg;
use crate::i18n::{self, Lang, fill};
use crate::model::{Client, Event, Gender, Stakeholder, When};
use crate::model::{RecordKind, RecordRef};
use crate::search::index::{ClientEntry, SearchIndex};
use crate::search::query::{QueryError, parse_as_named};
use crate::store::{Actor, Scoped, StoreError};

/// Output format of `simpul search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Aligned plain text.
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "table" | "tabel" => Ok(OutputFormat::Table),
            "csv" => Ok(OutputFormat::Csv),
            "json" => Ok(OutputFormat::Json),
            _ => Err("table, csv, json".to_string()),
        }
    }
}

/// Why `simpul search` failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchCliError {
    /// The query does not parse (exit code 2).
    #[error("{}", self.message(Lang::En))]
    Query {
        /// The query as given.
        text: String,
        /// Every problem found.
        errors: Vec<QueryError>,
    },
    /// The database could not be read (exit code 1).
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The output could not be written (exit code 1).
    #[error("{}", self.message(Lang::En))]
    Write(std::io::Error),
}

impl SearchCliError {
    /// The process exit code: 2 for a bad query, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            SearchCliError::Query { .. } => 2,
            _ => 1,
        }
    }

    /// The message, with the query's bad pieces underlined.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SearchCliError::Query { text, errors } => {
                let shown = sanitize(text);
                let mut out = SearchMsg::BadQuery.text(lang).to_string();
                for e in errors {
                    let before = text.get(..e.span.start).map_or(0, |s| sanitize(s).width());
                    let len = text.get(e.span.clone()).map_or(1, |s| sanitize(s).width().max(1));
                    out.push_str(&format!(
                        "\n  {shown}\n  {}{} {}",
                        " ".repeat(before),
                        "^".repeat(len),
                        e.message(lang)
                    ));
                }
                out
            }
            SearchCliError::Store(e) => e.message(lang),
            SearchCliError::Write(error) => fill(SearchMsg::WriteFailed.text(lang), &[("error", &error.to_string())]),
        }
    }
}

/// What a search found, ready to be written.
pub struct Found {
    kind: RecordKind,
    rows: Vec<Made>,
    /// The index whose entries the [`Made::At`] rows are.
    index: Option<Arc<SearchIndex>>,
    /// The view the search ran in, when the records of entries found
    /// damaged are read from it as the rows are written (an opened database).
    view: Option<Scoped>,
    /// The office's names of the risk categories, for the table's labels.
    names: crate::words::RiskNames,
    /// Whose search it was: no column their role may not read is written.
    role: crate::model::Role,
}

/// A row found: made of its record, or made of the index's client entry
/// at this position as it is written (a row is written without a copy of
/// its texts, and thousands are written without one allocation each;
/// from the record, read then, if the entry's text is damaged).
enum Made {
    Row(Row<'static>),
    At(u32),
}

impl Found {
    /// Rows found.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The kind of records found.
    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    /// Writes the results: the columns a viewer reads, or with `all` every
    /// column (NIK and risk category too: sensitive, so the caller passes
    /// them through the gate).
    pub fn write(&self, format: OutputFormat, lang: Lang, all: bool, out: &mut dyn Write) -> std::io::Result<()> {
        let index = self.index.as_deref();
        let damaged = || std::io::Error::other("a search index entry is damaged");
        let rows = self.rows.iter().filter_map(|m| {
            let (i, index) = match (m, index) {
                (Made::Row(r), _) => return Some(Ok(Shown::Of(r))),
                (Made::At(i), Some(index)) => (*i, index),
                (Made::At(_), None) => return Some(Err(damaged())),
            };
            let e = index.clients.get(i as usize)?;
            if let Some(row) = entry_row(e, index, lang, &self.names) {
                return Some(Ok(Shown::Made(row)));
            }
            // damaged: its record, through the view (`find_in_index`
            // finds none damaged; a record gone since is not written)
            match self.view.as_ref().map(|v| v.get::<Client>(e.id)) {
                Some(Ok(Some(c))) => Some(Ok(Shown::Made(client_row(&c, lang, &self.names)))),
                Some(Ok(None)) => None,
                Some(Err(err)) => Some(Err(std::io::Error::other(err.message(lang)))),
                None => Some(Err(damaged())),
            }
        });
        write_rows(self.kind, rows, format, lang, (all, self.role), out)
    }
}

/// A row to write: one made before, or one made now.
enum Shown<'r, 'a> {
    Of(&'r Row<'a>),
    Made(Row<'a>),
}

impl<'a> std::ops::Deref for Shown<'_, 'a> {
    type Target = Row<'a>;
    fn deref(&self) -> &Row<'a> {
        match self {
            Shown::Of(r) => r,
            Shown::Made(r) => r,
        }
    }
}

/// Runs a search over what `view` shows its actor (a partner: its own
/// clients only; the local user: everything, and having no officer name,
/// `officer:me` is refused, saying so).
pub fn find(
    view: &Scoped,
    today: chrono::NaiveDate,
    query: &str,
    kind: RecordKind,
    lang: Lang,
    names: &crate::words::RiskNames,
) -> Result<Found, SearchCliError> {
    let actor = view.actor();
    let q = parse_query(actor, query, kind, names)?;
    let index = SearchIndex::for_command(view, today)?;
    let found = |rows, index, view| Found { kind, rows, index, view, names: names.clone(), role: actor.role };
    if kind == RecordKind::Client {
        // the index holds what a client's row prints, current like the
        // hits themselves: a row costs no record read (thousands of sled
        // nodes for a common name), but for an entry whose text is damaged
        let rows = index.search_at(kind, &q).into_iter().map(Made::At).collect();
        return Ok(found(rows, Some(index), Some(view.clone())));
    }
    let hits = index.search(kind, &q, None);
    let mut rows = Vec::with_capacity(hits.len());
    for h in &hits {
        let row = match kind {
            RecordKind::Stakeholder => view.get::<Stakeholder>(h.record.id)?.map(|s| stakeholder_row(&s, lang)),
            RecordKind::Event => view.get::<Event>(h.record.id)?.map(|e| event_row(&e, lang)),
            RecordKind::Client | RecordKind::Referral | RecordKind::User => None,
        };
        rows.extend(row.map(Made::Row));
    }
    Ok(found(rows, None, None))
}

fn parse_query(
    actor: &Actor,
    query: &str,
    kind: RecordKind,
    names: &crate::words::RiskNames,
) -> Result<crate::search::query::Query, SearchCliError> {
    parse_as_named(query, &[kind], actor.role, actor.officer.as_deref(), names)
        .map_err(|errors| SearchCliError::Query { text: query.to_string(), errors })
}

/// The clients `query` finds in `index` (of `actor`'s view), their rows
/// made from the index alone: `Ok(None)` if one cannot be (its text is
/// damaged), and the records must be read.
pub fn find_in_index(
    index: &Arc<SearchIndex>,
    actor: &Actor,
    query: &str,
    names: &crate::words::RiskNames,
) -> Result<Option<Found>, SearchCliError> {
    let q = parse_query(actor, query, RecordKind::Client, names)?;
    let at = index.search_at(RecordKind::Client, &q);
    let whole = |i: &u32| index.clients.get(*i as usize).is_some_and(|e| e.written().is_some());
    if !at.iter().all(whole) {
        return Ok(None);
    }
    Ok(Some(Found {
        kind: RecordKind::Client,
        rows: at.into_iter().map(Made::At).collect(),
        index: Some(Arc::clone(index)),
        view: None,
        names: names.clone(),
        role: actor.role,
    }))
}

/// One value of a row.
enum Cell<'a> {
    Text(Cow<'a, str>),
    List(Vec<Cow<'a, str>>),
    Null,
}

/// A field: the code value (CSV/JSON) and the label shown in the table.
struct Field<'a> {
    value: Cell<'a>,
    label: Option<Cow<'a, str>>,
}

fn text<'a>(s: impl Into<Cow<'a, str>>) -> Field<'a> {
    Field { value: Cell::Text(s.into()), label: None }
}

fn coded<'a>(code: &'a str, label: impl Into<Cow<'a, str>>) -> Field<'a> {
    Field { value: Cell::Text(code.into()), label: Some(label.into()) }
}

fn opt<'a>(s: Option<impl Into<Cow<'a, str>>>) -> Field<'a> {
    Field { value: s.map_or(Cell::Null, |s| Cell::Text(s.into())), label: None }
}

fn list<'a, S: Into<Cow<'a, str>>>(items: impl IntoIterator<Item = S>) -> Field<'a> {
    Field { value: Cell::List(items.into_iter().map(Into::into).collect()), label: None }
}

/// A row; its id is written only in the table.
struct Row<'a> {
    id: RecordRef,
    fields: Vec<Field<'a>>,
}

const CLIENT_COLUMNS: [&str; 10] =
    ["register_no", "full_name", "aliases", "nik", "birth_date", "gender", "office", "risk", "status", "skills"];
const STAKEHOLDER_COLUMNS: [&str; 6] = ["id", "name", "short_name", "kind", "region", "status"];
const EVENT_COLUMNS: [&str; 6] = ["id", "title", "kind", "start", "end", "location"];

fn columns(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Client => &CLIENT_COLUMNS,
        RecordKind::Stakeholder => &STAKEHOLDER_COLUMNS,
        RecordKind::Event => &EVENT_COLUMNS,
        RecordKind::Referral | RecordKind::User => &[],
    }
}

/// Table columns: (index into the fields, heading); `None` is the record id.
fn table_columns(kind: RecordKind) -> Vec<(Option<usize>, SearchMsg)> {
    match kind {
        RecordKind::Client => vec![
            (None, SearchMsg::ColId),
            (Some(0), SearchMsg::ColRegister),
            (Some(1), SearchMsg::ColName),
            (Some(6), SearchMsg::ColOffice),
            (Some(7), SearchMsg::ColRisk),
            (Some(8), SearchMsg::ColStatus),
        ],
        RecordKind::Stakeholder => vec![
            (Some(0), SearchMsg::ColId),
            (Some(1), SearchMsg::ColName),
            (Some(2), SearchMsg::ColShortName),
            (Some(3), SearchMsg::ColKind),
            (Some(4), SearchMsg::ColRegion),
            (Some(5), SearchMsg::ColStatus),
        ],
        RecordKind::Event => vec![
            (Some(0), SearchMsg::ColId),
            (Some(1), SearchMsg::ColTitle),
            (Some(2), SearchMsg::ColKind),
            (Some(3), SearchMsg::ColStart),
            (Some(4), SearchMsg::ColEnd),
            (Some(5), SearchMsg::ColLocation),
        ],
        RecordKind::Referral | RecordKind::User => Vec::new(),
    }
}

fn ymd(d: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    // written out by hand where `%Y` is four digits: a format string read
    // again for every row was a fifth of making a row
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

fn when(w: When) -> String {
    match w {
        When::Date(d) => ymd(d),
        When::DateTime(dt) => dt.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

fn gender_code(g: Gender) -> &'static str {
    match g {
        Gender::Male => "L",
        Gender::Female => "P",
    }
}

fn client_row(c: &Client, lang: Lang, names: &crate::words::RiskNames) -> Row<'static> {
    let gender = gender_code(c.gender);
    Row {
        id: c.id().to_ref(),
        fields: vec![
            text(c.register_no.clone()),
            text(c.full_name.clone()),
            list(c.aliases.clone()),
            opt(c.nik.clone()),
            opt(c.birth_date.map(ymd)),
            coded(gender, gender),
            text(c.office.clone()),
            match c.risk() {
                Some(r) => coded(r.code(), names.label(lang, r).to_string()),
                None => opt(None::<String>),
            },
            coded(c.status.code(), i18n::client_status(lang, c.status)),
            list(c.skills.clone()),
        ],
    }
}

/// The row [`client_row`] makes of the client an index entry was made of,
/// its texts the entry's (`None` if its text is damaged).
fn entry_row<'a>(
    e: &'a ClientEntry,
    index: &'a SearchIndex,
    lang: Lang,
    names: &'a crate::words::RiskNames,
) -> Option<Row<'a>> {
    let w = e.written()?;
    let gender = gender_code(e.gender);
    Some(Row {
        id: crate::model::ClientId(e.id).to_ref(),
        fields: vec![
            text(e.register_no()),
            text(e.display()),
            list(w.aliases),
            opt(w.nik),
            opt(e.born.map(ymd)),
            coded(gender, gender),
            text(index.shown_name(e.office_shown)),
            match e.risk {
                Some(r) => coded(r.code(), names.label(lang, r)),
                None => opt(None::<&str>),
            },
            coded(e.status.code(), i18n::client_status(lang, e.status)),
            list(w.skills),
        ],
    })
}

fn stakeholder_row(s: &Stakeholder, lang: Lang) -> Row<'static> {
    Row {
        id: s.id().to_ref(),
        fields: vec![
            text(s.id().to_string()),
            text(s.name.clone()),
            text(s.short_name.clone()),
            coded(s.kind.code(), i18n::stakeholder_kind(lang, s.kind)),
            text(s.region.clone()),
            coded(s.status.code(), i18n::stakeholder_status(lang, s.status)),
        ],
    }
}

fn event_row(e: &Event, lang: Lang) -> Row<'static> {
    Row {
        id: e.id().to_ref(),
        fields: vec![
            text(e.id().to_string()),
            text(e.title.clone()),
            coded(e.kind.code(), i18n::event_kind(lang, e.kind)),
            text(when(e.start)),
            opt(e.end.map(when)),
            text(e.location.clone()),
        ],
    }
}

/// Longest cell shown in the table, in columns.
const MAX_CELL: usize = 40;

fn fit(s: &str) -> String {
    let s = sanitize(s);
    if s.width() <= MAX_CELL {
        return s.into_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() >= MAX_CELL {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The fields of a row whose column is kept.
fn kept<'r, 'a>(r: &'r Row<'a>, keep: &'r [bool]) -> impl Iterator<Item = &'r Field<'a>> {
    r.fields.iter().zip(keep).filter(|(_, k)| **k).map(|(f, _)| f)
}

fn write_rows<'a, R: std::ops::Deref<Target = Row<'a>>>(
    kind: RecordKind,
    rows: impl Iterator<Item = std::io::Result<R>>,
    format: OutputFormat,
    lang: Lang,
    (all, role): (bool, crate::model::Role),
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // without `all`, what the field tables let a viewer read; never a column withheld from the searcher
    let keep: Vec<bool> = columns(kind)
        .iter()
        .map(|c| {
            crate::schema::reads_column(kind, role, c)
                && (all || crate::schema::reads_column(kind, crate::model::Role::Viewer, c))
        })
        .collect();
    let cols: Vec<&str> = columns(kind).iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| *c).collect();
    match format {
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            crate::csv_cell::write_record(&mut w, &cols).map_err(std::io::Error::from)?;
            for r in rows {
                let r = r?;
                let rec = kept(&r, &keep).map(|f| match &f.value {
                    Cell::Text(s) => Cow::Borrowed(&**s),
                    Cell::List(v) => v.join("|").into(),
                    Cell::Null => "".into(),
                });
                crate::csv_cell::write_record(&mut w, rec).map_err(std::io::Error::from)?;
            }
            w.flush()
        }
        OutputFormat::Json => {
            let mut arr: Vec<serde_json::Value> = Vec::new();
            for r in rows {
                let r = r?;
                let obj: serde_json::Map<String, serde_json::Value> = cols
                    .iter()
                    .zip(kept(&r, &keep))
                    .map(|(k, f)| {
                        let v = match &f.value {
                            Cell::Text(s) => serde_json::Value::String(s.to_string()),
                            Cell::List(v) => v.iter().map(|s| serde_json::Value::String(s.to_string())).collect(),
                            Cell::Null => serde_json::Value::Null,
                        };
                        (k.to_string(), v)
                    })
                    .collect();
                arr.push(serde_json::Value::Object(obj));
            }
            serde_json::to_writer_pretty(&mut *out, &arr).map_err(std::io::Error::from)?;
            writeln!(out)
        }
        OutputFormat::Table => {
            let tcols: Vec<_> =
                table_columns(kind).into_iter().filter(|(i, _)| i.is_none_or(|i| keep.get(i) == Some(&true))).collect();
            let mut grid: Vec<Vec<String>> = vec![tcols.iter().map(|(_, m)| m.text(lang).to_string()).collect()];
            for r in rows {
                let r = r?;
                grid.push(
                    tcols
                        .iter()
                        .map(|(i, _)| match i.and_then(|i| r.fields.get(i)) {
                            None => r.id.to_string(),
                            Some(f) => fit(&match (&f.label, &f.value) {
                                (Some(l), _) => l.to_string(),
                                (None, Cell::Text(s)) => s.to_string(),
                                (None, Cell::List(v)) => v.join(", "),
                                (None, Cell::Null) => String::new(),
                            }),
                        })
                        .collect(),
                );
            }
            let widths: Vec<usize> = (0..tcols.len())
                .map(|c| grid.iter().map(|row| row.get(c).map_or(0, |s| s.width())).max().unwrap_or(0))
                .collect();
            for row in &grid {
                let mut line = String::new();
                for (c, cell) in row.iter().enumerate() {
                    if c > 0 {
                        line.push_str("  ");
                    }
                    line.push_str(cell);
                    if c + 1 < row.len() {
                        line.push_str(&" ".repeat(widths[c].saturating_sub(cell.width())));
                    }
                }
                writeln!(out, "{}", line.trim_end())?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::store::{Actor, Store};
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The search as the local user (an administrator) runs it.
    fn find(s: &Store, q: &str, kind: RecordKind, lang: Lang) -> Result<Found, SearchCliError> {
        as_actor(s, &Actor::new("admin", Role::Admin), q, kind, lang)
    }

    fn as_actor(s: &Store, a: &Actor, q: &str, kind: RecordKind, lang: Lang) -> Result<Found, SearchCliError> {
        super::find(&s.scoped(a)?, s.clock().today(), q, kind, lang, &Default::default())
    }

    #[test]
    fn a_partner_finds_only_its_own_clients_and_no_column_withheld_from_it() {
        let (_d, s) = store();
        let st = s.scan::<Stakeholder>().next().unwrap().unwrap();
        let mut partner = Actor::new("mitra", Role::Partner);
        partner.stakeholder = Some(st.id());
        let found = as_actor(&s, &partner, "", RecordKind::Client, Lang::En).unwrap();
        assert_eq!(found.len(), 1, "Siti Aminah is not referred to the partner");
        for all in [false, true] {
            let mut csv = Vec::new();
            found.write(OutputFormat::Csv, Lang::En, all, &mut csv).unwrap();
            let csv = String::from_utf8(csv).unwrap();
            assert!(csv.starts_with("full_name,"), "{csv}");
            assert!(csv.contains("Soekarno Hadi") && !csv.contains("Siti"), "{csv}");
            for withheld in ["nik", "register_no", "birth_date", "PB.12/2023", "1980-01-01", "risk", "hijau"] {
                assert!(!csv.contains(withheld), "{withheld} in {csv}");
            }
        }
        // what the officer finds of the same query
        assert_eq!(find(&s, "", RecordKind::Client, Lang::En).unwrap().len(), 2);
    }

    fn store() -> (tempfile::TempDir, Store) {
        let (dir, s) = crate::store::temp_store();
        let a = Actor::new("tester", Role::Officer);
        let mut c = Client::new("Soekarno Hadi");
        c.register_no = "PB.12/2023".into();
        c.aliases = vec!["Abu Fulan".into(), "Karno".into()];
        c.birth_date = Some(d(1980, 1, 1));
        c.office = "BAPAS Malang".into();
        c.skills = vec!["barista".into(), "kue, roti".into()];
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: d(2023, 5, 1),
            category: RiskCategory::Hijau,
            rri: None,
            assessor: "Rina".into(),
            reason: "kooperatif".into(),
        });
        c.consent.given = true;
        let c = s.create(&a, c).unwrap();
        let mut c2 = Client::new("Siti Aminah");
        c2.gender = Gender::Female;
        c2.office = "BAPAS Surabaya".into();
        s.create(&a, c2).unwrap();
        let mut st = Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas);
        st.region = "Kab. Malang".into();
        let st = s.create(&a, st).unwrap();
        s.create(&a, Referral::new(c.id(), st.id(), "pelatihan", d(2023, 10, 1))).unwrap();
        let mut e = Event::new("Lokakarya Reintegrasi", EventKind::Workshop, When::Date(d(2023, 10, 1)));
        e.end = Some(When::Date(d(2023, 10, 4)));
        e.location = "Kota Batu".into();
        s.create(&a, e).unwrap();
        (dir, s)
    }

    /// Every column, as `--all-columns` writes them.
    fn run(
        s: &Store,
        q: &str,
        kind: RecordKind,
        f: OutputFormat,
        lang: Lang,
        out: &mut Vec<u8>,
    ) -> Result<usize, SearchCliError> {
        let found = find(s, q, kind, lang)?;
        found.write(f, lang, true, out).map_err(SearchCliError::Write)?;
        Ok(found.len())
    }

    fn out(s: &Store, q: &str, kind: RecordKind, format: OutputFormat) -> (usize, String) {
        let mut buf = Vec::new();
        let n = run(s, q, kind, format, Lang::En, &mut buf).unwrap();
        (n, String::from_utf8(buf).unwrap())
    }

    #[test]
    fn without_all_columns_only_what_a_viewer_reads() {
        let (_d, s) = store();
        let found = find(&s, "sukarno", RecordKind::Client, Lang::En).unwrap();
        let mut csv = Vec::new();
        found.write(OutputFormat::Csv, Lang::En, false, &mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "register_no,full_name,aliases,birth_date,gender,office,status,skills\n\
             PB.12/2023,Soekarno Hadi,Abu Fulan|Karno,1980-01-01,L,BAPAS Malang,active,\"barista|kue, roti\"\n"
        );
        let mut table = Vec::new();
        found.write(OutputFormat::Table, Lang::En, false, &mut table).unwrap();
        let table = String::from_utf8(table).unwrap();
        assert!(!table.contains("hijau") && !table.to_lowercase().contains("risk"), "{table}");
        let mut json = Vec::new();
        found.write(OutputFormat::Json, Lang::En, false, &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert!(v[0].get("nik").is_none() && v[0].get("risk").is_none() && v[0]["full_name"] == "Soekarno Hadi");
    }

    #[test]
    fn csv_has_the_export_columns() {
        let (_d, s) = store();
        let (n, text) = out(&s, "sukarno", RecordKind::Client, OutputFormat::Csv);
        assert_eq!(n, 1);
        assert_eq!(
            text,
            "register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills\n\
             PB.12/2023,Soekarno Hadi,Abu Fulan|Karno,,1980-01-01,L,BAPAS Malang,hijau,active,\"barista|kue, roti\"\n"
        );
        let (n, text) = out(&s, "stakeholder:barista", RecordKind::Client, OutputFormat::Csv);
        assert_eq!((n, text.lines().count()), (1, 2));
        let (_, text) = out(&s, "kind:pokmas", RecordKind::Stakeholder, OutputFormat::Csv);
        assert_eq!(text, "id,name,short_name,kind,region,status\nS-000001,Pokmas Barista,,pokmas,Kab. Malang,active\n");
        let (_, text) = out(&s, "batu", RecordKind::Event, OutputFormat::Csv);
        assert_eq!(
            text,
            "id,title,kind,start,end,location\nE-000001,Lokakarya Reintegrasi,workshop,2023-10-01,2023-10-04,Kota Batu\n"
        );
        // a cell that a spreadsheet would run as a formula is written as text
        let e = Event::new("=Lokakarya", EventKind::Meeting, When::Date(d(2023, 11, 1)));
        s.create(&Actor::new("tester", Role::Officer), e).unwrap();
        let (_, text) = out(&s, "lokakarya", RecordKind::Event, OutputFormat::Csv);
        assert!(text.contains("\nE-000002,'=Lokakarya,meeting,"), "{text}");
    }

    #[test]
    fn nothing_found_is_no_rows() {
        let (_d, s) = store();
        let (n, text) = out(&s, "zzzz", RecordKind::Client, OutputFormat::Csv);
        assert_eq!((n, text.lines().count()), (0, 1), "header only");
        let (n, text) = out(&s, "zzzz", RecordKind::Client, OutputFormat::Json);
        assert_eq!((n, text.trim()), (0, "[]"));
    }

    #[test]
    fn json_has_the_same_fields() {
        let (_d, s) = store();
        let (_, text) = out(&s, "gender:p", RecordKind::Client, OutputFormat::Json);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let obj = &v[0];
        assert_eq!(obj["full_name"], "Siti Aminah");
        assert_eq!(obj["gender"], "P");
        assert_eq!(obj["nik"], serde_json::Value::Null);
        assert_eq!(obj["aliases"], serde_json::json!([]));
        assert_eq!(obj.as_object().unwrap().keys().count(), CLIENT_COLUMNS.len());
    }

    #[test]
    fn table_is_aligned_and_labelled() {
        let (_d, s) = store();
        let mut buf = Vec::new();
        run(&s, "", RecordKind::Client, OutputFormat::Table, Lang::Id, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("ID        No. register  Nama"), "{text}");
        assert!(lines[1].contains("hijau") && lines[1].contains("aktif"), "{text}");
        let col = lines[0].find("Nama").unwrap();
        assert_eq!(&lines[1][col..col + 8], "Soekarno");
        assert_eq!(&lines[2][col..col + 4], "Siti");
    }

    #[test]
    fn stored_escape_sequences_do_not_reach_the_terminal() {
        assert_eq!(sanitize("Budi\u{1b}]0;pwned\u{7}\u{202E}x"), "Budi^[]0;pwned^G\u{FFFD}x");
        assert_eq!(fit(&"a".repeat(50)).chars().count(), MAX_CELL);
    }

    /// What a search printed of its hits before printing from the index:
    /// each hit's record, read through the view.
    fn from_records(view: &Scoped, today: NaiveDate, q: &str, lang: Lang) -> Found {
        let actor = view.actor();
        let q = parse_as_named(q, &[RecordKind::Client], actor.role, actor.officer.as_deref(), &Default::default())
            .unwrap();
        let index = SearchIndex::for_command(view, today).unwrap();
        let rows = index
            .search(RecordKind::Client, &q, None)
            .iter()
            .filter_map(|h| view.get::<Client>(h.record.id).unwrap())
            .map(|c| Made::Row(client_row(&c, lang, &Default::default())))
            .collect();
        Found { kind: RecordKind::Client, rows, index: None, view: None, names: Default::default(), role: actor.role }
    }

    #[test]
    fn a_clients_row_printed_from_the_index_is_the_row_of_its_record() {
        let (_dir, s) = crate::store::temp_store_at(crate::clock::Clock::at(2026, 11, 30, 9, 0, 7));
        let admin = Actor::new("admin", Role::Admin);
        let today = s.clock().today();
        crate::demo::load(&s, &admin, &crate::demo::DemoOptions { clients: 300, seed: 4, today }).unwrap();
        // texts the index keeps folded beside, as written (texts the store
        // refuses, which only older databases hold, are checked by the
        // index's own tests)
        let odd: [(bool, &[&str], &[&str]); 3] = [
            (false, &["Ṣāliḥ", "Abu Umar"], &["Kue, Roti", "las"]),
            (true, &["Djoko"], &["Menjahit"]),
            (false, &[], &[]),
        ];
        for (i, (no_nik, aliases, skills)) in odd.iter().enumerate() {
            let mut c: Client = s.fetch(i as u64 + 1).unwrap();
            if *no_nik {
                c.nik = None;
            }
            c.aliases = aliases.iter().map(|a| a.to_string()).collect();
            c.skills = skills.iter().map(|a| a.to_string()).collect();
            s.update(&admin, c).unwrap();
        }
        let referral = s.scan::<Referral>().next().unwrap().unwrap();
        let mut partner = Actor::new("mitra", Role::Partner);
        partner.stakeholder = Some(referral.stakeholder);
        let mut checked = 0;
        for actor in [admin, Actor::new("rina", Role::Officer), Actor::new("vera", Role::Viewer), partner] {
            let view = s.scoped(&actor).unwrap();
            for q in ["", "a", "djoko", "abu", "status:active"] {
                for lang in [Lang::Id, Lang::En] {
                    let found = super::find(&view, today, q, RecordKind::Client, lang, &Default::default()).unwrap();
                    let want = from_records(&view, today, q, lang);
                    assert_eq!(found.len(), want.len(), "{:?} {q:?}", actor.role);
                    for format in [OutputFormat::Csv, OutputFormat::Json, OutputFormat::Table] {
                        for all in [false, true] {
                            let (mut got, mut expected) = (Vec::new(), Vec::new());
                            found.write(format, lang, all, &mut got).unwrap();
                            want.write(format, lang, all, &mut expected).unwrap();
                            assert_eq!(
                                String::from_utf8(got).unwrap(),
                                String::from_utf8(expected).unwrap(),
                                "{:?} {q:?} {format:?} all: {all}",
                                actor.role
                            );
                        }
                    }
                    checked += found.len();
                }
            }
        }
        assert!(checked > 1000, "{checked} rows compared");
        // the odd texts are among them, as written
        let found = find(&s, "id:K-000001", RecordKind::Client, Lang::En).unwrap();
        let mut csv = Vec::new();
        found.write(OutputFormat::Csv, Lang::En, true, &mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.contains(",Ṣāliḥ|Abu Umar,") && csv.contains(",\"Kue, Roti|las\""), "{csv}");
    }

    #[test]
    fn a_client_whose_index_entry_is_damaged_is_written_from_its_record() {
        let (_d, s) = store();
        let admin = Actor::new("admin", Role::Admin);
        let view = s.scoped(&admin).unwrap();
        let today = s.clock().today();
        let (mut index, _) = SearchIndex::open_view(&view, today, false).unwrap();
        let at = index.clients.iter().position(|e| e.display() == "Soekarno Hadi").unwrap();
        index.damage_written(at);
        assert!(index.clients[at].written().is_none());
        let index = Arc::new(index);
        // the search answered from the index cannot be: the records are read
        let names = Default::default();
        assert!(find_in_index(&index, &admin, "soekarno", &names).unwrap().is_none());
        assert!(find_in_index(&index, &admin, "siti", &names).unwrap().is_some(), "the other entry is whole");
        // an opened database's search, with this index, reads that record
        SearchIndex::share(&view, view.writes(), &index);
        for q in ["", "soekarno"] {
            let found = super::find(&view, today, q, RecordKind::Client, Lang::En, &names).unwrap();
            assert!(found.index.as_ref().is_some_and(|i| Arc::ptr_eq(i, &index)), "the damaged index was searched");
            let want = from_records(&view, today, q, Lang::En);
            let (mut got, mut expected) = (Vec::new(), Vec::new());
            found.write(OutputFormat::Csv, Lang::En, true, &mut got).unwrap();
            want.write(OutputFormat::Csv, Lang::En, true, &mut expected).unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(expected).unwrap());
        }
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for y in [-1, 0, 1, 999, 1970, 2026, 9999, 10000] {
            for (m, day) in [(1, 1), (2, 28), (12, 31)] {
                let date = d(y, m, day);
                assert_eq!(ymd(date), date.format("%Y-%m-%d").to_string());
            }
        }
    }

    #[test]
    fn a_bad_query_is_exit_2_with_the_piece_underlined() {
        let (_d, s) = store();
        let mut buf = Vec::new();
        let e = run(&s, "budi risk:ungu", RecordKind::Client, OutputFormat::Csv, Lang::En, &mut buf).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(buf.is_empty());
        assert_eq!(
            e.message(Lang::En),
            "The query cannot be used:\n  budi risk:ungu\n            ^^^^ risk must be one of merah, kuning, hijau, not \"ungu\""
        );
        assert!(e.message(Lang::Id).starts_with("Kueri tidak dapat dipakai:"));
    }

    #[test]
    fn formats_and_kinds_parse() {
        assert_eq!("CSV".parse::<OutputFormat>(), Ok(OutputFormat::Csv));
        assert!("xml".parse::<OutputFormat>().is_err());
        assert_eq!("klien".parse::<RecordKind>(), Ok(RecordKind::Client));
        assert_eq!("events".parse::<RecordKind>(), Ok(RecordKind::Event));
    }
}
