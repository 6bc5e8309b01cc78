//! What the interface shows, read from the store: compact rows for the lists
//! and the view-model of one record's details.
//!
//! This is the only UI module that calls the [`Store`] (with its modules:
//! `writes`, one function for each change the interface makes; `reads`,
//! whole records through the user's view; `agenda`, the agenda's and the
//! figures' reads; `prefs`, the user's preferences); the store's types the
//! rest of the interface names are re-exported from here, and a test in
//! `layers` keeps every other UI file from naming the store. Rows are built once
//! from the stored summaries (`store::summary`; again when the store's
//! generation changes), never from the full records: a client's case file
//! is decoded only for the details on screen. Summaries that cannot be
//! decoded are skipped and counted, so one damaged value does not stop the
//! program from opening.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::clock::Zone;

use crate::i18n::ui::Ui;
use crate::i18n::{self, Lang, fill};
use crate::model::{
    Client, ClientStatus, Event, EventKind, Participant, RecordKind, RecordRef, ReferralStatus, RiskCategory,
    Stakeholder, StakeholderKind, StakeholderStatus, Who,
};
use crate::search::index::SearchIndex;
use crate::store::summary::{ClientSummary, EventSummary, StakeholderSummary, Summary};

// what the interface writes, one function for each change it makes
mod writes;
pub use writes::*;
// the agenda's and the figures' reads, the user's preferences, whole records
mod agenda;
mod prefs;
mod reads;
pub use agenda::{load_agenda, load_figures};
pub use prefs::{read_pref, write_pref};
pub use reads::*;

// The store's types the rest of the interface names: it reaches the store
// through this module only, so it names them from here.
pub use crate::store::access::Ties;
pub use crate::store::approvals::Subject as ApprovalSubject;
pub use crate::store::documents::{AttachLimits, NewDocument};
pub use crate::store::purge::{LISTS as PART_LISTS, PurgePlan, PurgeTarget};
pub use crate::store::rules::Op;
pub use crate::store::{Actor, ApprovalProblem, AuditEntry, AuditFilter, AuditQueryError, Scoped, Store, StoreError};
use crate::ui::form::parts::{PartKind, PartRef};

/// One client in the list: 56 bytes, its name and register number in one
/// shared text (the search index's entry's, when the rows were read from
/// the index: one copy of the names for both), and office and officer
/// names shared by every row that has them (through a thin pointer: a
/// shared `str` is a pointer and a length, 16 bytes a name per row). At
/// 100 000 clients the rows are 5.6 MB beside the index; with a `String`
/// per field they would be 24 MB.
#[derive(Debug, Clone)]
pub struct ClientRow {
    /// Record id.
    pub id: u64,
    /// The full name from its start, the register number from `register_at`
    /// to its end.
    text: crate::search::index::Text,
    office: Name,
    officer: Name,
    name_len: u32,
    register_at: u32,
    /// Date of birth: look-alikes of a new client are looked for among the same.
    pub born: Option<NaiveDate>,
    /// Current risk category.
    pub risk: Option<RiskCategory>,
    /// Case status.
    pub status: ClientStatus,
    /// Archived.
    pub archived: bool,
}

/// Rows are equal when they show the same: the text of one read from the
/// search index also holds what only search uses.
impl PartialEq for ClientRow {
    fn eq(&self, other: &ClientRow) -> bool {
        (self.id, self.name(), self.register_no(), self.office(), self.officer())
            == (other.id, other.name(), other.register_no(), other.office(), other.officer())
            && (self.born, self.risk, self.status, self.archived)
                == (other.born, other.risk, other.status, other.archived)
    }
}

impl Eq for ClientRow {}

/// An office or officer name, shared by the rows that show it.
pub type Name = Arc<String>;

/// Office and officer names, one copy each, and the rows' texts, in one
/// buffer, for the rows of one read: a row made from a summary shows its
/// text once [`Names::share`] has given the rows their buffer.
#[derive(Debug, Default)]
pub struct Names {
    set: HashMap<String, Name>,
    texts: crate::search::index::Texts,
}

impl Names {
    /// The shared copy of `s`.
    pub fn get(&mut self, s: &str) -> Name {
        if let Some(a) = self.set.get(s) {
            return Arc::clone(a);
        }
        let a = Arc::new(s.to_string());
        self.set.insert(s.to_string(), Arc::clone(&a));
        a
    }

    /// Gives `rows`, made with these names, their texts' one buffer.
    pub fn share(self, mut rows: Vec<ClientRow>) -> Vec<ClientRow> {
        self.texts.share(rows.iter_mut().map(|r| &mut r.text));
        rows
    }
}

impl ClientRow {
    /// A row from its parts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        id: u64,
        name: &str,
        register_no: &str,
        office: Name,
        officer: Name,
        born: Option<NaiveDate>,
        risk: Option<RiskCategory>,
        status: ClientStatus,
        archived: bool,
    ) -> ClientRow {
        let mut text = String::with_capacity(name.len() + register_no.len());
        text.push_str(name);
        text.push_str(register_no);
        let name_len = u32::try_from(name.len()).unwrap_or(u32::MAX);
        ClientRow {
            id,
            text: crate::search::index::Text::own(&text),
            office,
            officer,
            name_len,
            register_at: name_len,
            born,
            risk,
            status,
            archived,
        }
    }

    /// The row of a client.
    pub fn of(c: &Client) -> ClientRow {
        ClientRow::new(
            c.meta.id,
            &c.full_name,
            &c.register_no,
            Arc::new(c.office.clone()),
            Arc::new(c.officer.clone()),
            c.birth_date,
            c.risk(),
            c.status,
            c.meta.archived,
        )
    }

    /// The row of a client's stored summary (the same as [`ClientRow::of`] its record).
    /// Its text is in `names`' buffer: see [`Names::share`].
    pub fn from_summary(s: &ClientSummary, names: &mut Names) -> ClientRow {
        let name_len = u32::try_from(s.name.len()).unwrap_or(u32::MAX);
        ClientRow {
            id: s.id,
            text: names.texts.push(&[&s.name, &s.register_no]),
            office: names.get(&s.office),
            officer: names.get(&s.officer),
            name_len,
            register_at: name_len,
            born: s.birth_date(),
            risk: s.risk,
            status: s.status,
            archived: s.archived,
        }
    }

    /// The row of a client's search index entry (the same as
    /// [`ClientRow::from_summary`] of the summary the entry was made of),
    /// sharing its text; `shown` holds the index's office and officer
    /// names, by number.
    pub(crate) fn from_entry(e: &crate::search::index::ClientEntry, shown: &[Name]) -> ClientRow {
        let name = |i: u32| shown.get(i as usize).map_or_else(Name::default, Arc::clone);
        ClientRow {
            id: e.id,
            text: e.row_text(),
            office: name(e.office_shown),
            officer: name(e.officer_shown),
            name_len: e.cuts[0],
            register_at: e.register_at(),
            born: e.born,
            risk: e.risk,
            status: e.status,
            archived: e.archived,
        }
    }

    /// Whether two rows share one copy of their office and officer names.
    #[cfg(test)]
    pub(crate) fn shares_names_with(&self, other: &ClientRow) -> bool {
        Arc::ptr_eq(&self.office, &other.office) && Arc::ptr_eq(&self.officer, &other.officer)
    }

    /// The same row under another name (tests plant names the store would refuse).
    #[cfg(test)]
    pub(crate) fn set_name(&mut self, name: &str) {
        let register = self.register_no().to_string();
        *self = ClientRow::new(
            self.id,
            name,
            &register,
            Arc::clone(&self.office),
            Arc::clone(&self.officer),
            self.born,
            self.risk,
            self.status,
            self.archived,
        );
    }

    /// Full name.
    pub fn name(&self) -> &str {
        self.text.as_str().get(..self.name_len as usize).unwrap_or("")
    }

    /// Register number.
    pub fn register_no(&self) -> &str {
        self.text.as_str().get(self.register_at as usize..).unwrap_or("")
    }

    /// Whether this row's text is `entry`'s up to the end of its register
    /// number (one copy for both).
    pub(crate) fn shares_text_with(&self, entry: &crate::search::index::ClientEntry) -> bool {
        entry.is_row_text(&self.text)
    }

    /// Whether both rows' texts are held in one buffer.
    #[cfg(test)]
    pub(crate) fn shares_buffer_with(&self, other: &ClientRow) -> bool {
        self.text.shares_buffer_with(&other.text)
    }

    /// Office.
    pub fn office(&self) -> &str {
        self.office.as_str()
    }

    /// Assigned officer.
    pub fn officer(&self) -> &str {
        self.officer.as_str()
    }
}

/// One stakeholder in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeholderRow {
    /// Record id.
    pub id: u64,
    /// Full name.
    pub name: String,
    /// Short name, or the name.
    pub short: String,
    /// Kind.
    pub kind: StakeholderKind,
    /// Region.
    pub region: String,
    /// Status.
    pub status: StakeholderStatus,
    /// Archived.
    pub archived: bool,
}

impl StakeholderRow {
    /// The row of a stakeholder.
    pub fn of(s: &Stakeholder) -> StakeholderRow {
        StakeholderRow {
            id: s.meta.id,
            name: s.name.clone(),
            short: s.display_name().to_string(),
            kind: s.kind,
            region: s.region.clone(),
            status: s.status,
            archived: s.meta.archived,
        }
    }

    /// The row of a stakeholder's stored summary.
    pub fn from_summary(s: StakeholderSummary) -> StakeholderRow {
        StakeholderRow {
            id: s.id,
            short: s.display_name().to_string(),
            name: s.name,
            kind: s.kind,
            region: s.region,
            status: s.status,
            archived: s.archived,
        }
    }
}

/// One event in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Record id.
    pub id: u64,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: EventKind,
    /// First day.
    pub start: NaiveDate,
    /// Location.
    pub location: String,
    /// Participant count.
    pub participants: u32,
    /// Archived.
    pub archived: bool,
}

impl EventRow {
    /// The row of an event.
    pub fn of(e: &Event) -> EventRow {
        EventRow {
            id: e.meta.id,
            title: e.title.clone(),
            kind: e.kind,
            start: e.start.date(),
            location: e.location.clone(),
            participants: e.count(),
            archived: e.meta.archived,
        }
    }

    /// The row of an event's stored summary.
    pub fn from_summary(e: EventSummary) -> EventRow {
        EventRow {
            id: e.id,
            start: e.start_date(),
            title: e.title,
            kind: e.kind,
            location: e.location,
            participants: e.participants,
            archived: e.archived,
        }
    }
}

/// One line of a record's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailLine {
    /// A section heading.
    Heading(Ui),
    /// A labelled value.
    Field(Ui, String),
    /// A field of the record's table on a line of its own: its label and value.
    Entry(crate::i18n::form::FormMsg, String),
    /// An item of a section.
    Item(String),
    /// An item that can be selected: it may lead to another record, and
    /// may be edited (a referral, a part of the record).
    Link(String, Sel),
    /// Space between sections.
    Blank,
}

/// The details of one record, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// Which record.
    pub target: RecordRef,
    /// Language the lines are in.
    pub lang: Lang,
    /// Name of the record.
    pub title: String,
    /// Archived.
    pub archived: bool,
    /// The lines.
    pub lines: Vec<DetailLine>,
    /// The record's version when read: a removal from the details is checked against it.
    pub version: u64,
}

/// What a selectable line of the details does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sel {
    /// The record Enter opens.
    pub link: Option<RecordRef>,
    /// What edit changes and new adds beside it.
    pub edit: Option<Edit>,
}

impl Sel {
    /// A line that only leads to a record.
    pub fn link(r: RecordRef) -> Sel {
        Sel { link: Some(r), edit: None }
    }

    /// A line that is a part of the record.
    pub fn part(p: PartRef) -> Sel {
        Sel { link: None, edit: Some(Edit::Part(p)) }
    }
}

/// What editing a selected line edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// A referral (`None`: a new one from this record).
    Referral(Option<u64>),
    /// A part of the record shown (a new one when its index is `None`).
    Part(PartRef),
    /// A change in the record's history (its audit sequence): revert undoes it.
    Change(u64),
    /// A flag in force on the client (its position): archive takes it off.
    Flag(usize),
    /// An approval request (its number), and why this user may not decide
    /// it when they may not (said before they type a comment).
    Approval(u64, Option<crate::store::ApprovalProblem>),
    /// A document held with the record: Enter opens it, archive takes it out.
    Document(crate::model::DocumentId),
    /// A meeting of a series (its number): Enter opens its check-in.
    Meeting(u32),
}

impl Detail {
    /// The selectable lines, in order (the selection counts these).
    pub fn selectables(&self) -> impl Iterator<Item = (&str, Sel)> + '_ {
        self.lines.iter().filter_map(|l| match l {
            DetailLine::Link(t, s) => Some((t.as_str(), *s)),
            _ => None,
        })
    }

    /// The selectable line at a position.
    pub fn selected(&self, i: usize) -> Option<Sel> {
        self.selectables().nth(i).map(|(_, s)| s)
    }

    /// The records the details link to, in order.
    pub fn links(&self) -> impl Iterator<Item = RecordRef> + '_ {
        self.selectables().filter_map(|(_, s)| s.link)
    }
}

/// What an approval request is about, in words: "category green (assessment 1 Aug 2023)".
fn subject_words(
    c: &Client,
    subject: crate::store::approvals::Subject,
    lang: Lang,
    names: &crate::words::RiskNames,
) -> String {
    use crate::store::approvals::Subject;
    let t = |m: Ui| m.text(lang);
    match subject {
        Subject::Category { assessment, to } => {
            let day = crate::store::approvals::assessment(c, assessment)
                .map(|x| i18n::date(lang, x.date))
                .unwrap_or_default();
            fill(t(Ui::ApprovalCategory), &[("to", names.label(lang, to)), ("date", &day)])
        }
        Subject::Litmas { litmas } => {
            let day = crate::store::approvals::litmas(c, litmas).map(|x| i18n::date(lang, x.date)).unwrap_or_default();
            fill(t(Ui::ApprovalLitmas), &[("date", &day)])
        }
        Subject::Closure { to } => fill(t(Ui::ApprovalClosure), &[("status", i18n::client_status(lang, to))]),
    }
}

/// One approval request in words: what, where it stands, who asked and decided.
pub fn approval_line(
    c: &Client,
    a: &crate::store::approvals::Approval,
    lang: Lang,
    names: &crate::words::RiskNames,
    zone: Zone,
) -> String {
    use crate::store::approvals::State;
    let t = |m: Ui| m.text(lang);
    let what = subject_words(c, a.subject, lang, names);
    let state = match a.state {
        State::Pending => t(Ui::ApprovalStatePending),
        State::Approved => t(Ui::ApprovalStateApproved),
        State::Rejected => t(Ui::ApprovalStateRejected),
    };
    let asked = i18n::date(lang, zone.date(a.at));
    let mut s = format!("#{} {what}: {state} — {} {asked}", a.id, a.requested_by);
    if !a.comment.is_empty() {
        s.push_str(&format!(" «{}»", a.comment));
    }
    if let Some(d) = &a.decision {
        s.push_str(&format!("; {} «{}»", d.by, d.comment));
    }
    s
}

/// Changes listed in a record's details, newest first.
const HISTORY_LINES: usize = 12;

/// A field of a record by the name the forms and the details give it
/// (its path when no table names it, as in history written long ago).
pub fn field_label(kind: RecordKind, field: &str, lang: Lang) -> String {
    match field {
        "archived" => Ui::FArchived.text(lang).to_string(),
        _ => crate::i18n::form::label_of(kind, field, lang).unwrap_or(field).to_string(),
    }
}

/// A value as history shows it: yes and no in the language for a flag.
fn history_value(value: &str, lang: Lang) -> String {
    match value {
        "true" => Ui::ConsentYes.text(lang).to_string(),
        "false" => Ui::ConsentNo.text(lang).to_string(),
        v => crate::store::history::readable(v),
    }
}

/// The record's history as lines: who, when, and each field before → after
/// (withheld values say so).
pub fn history_lines(changes: &[crate::store::history::Change], lang: Lang, zone: Zone) -> Vec<DetailLine> {
    let t = |m: Ui| m.text(lang);
    let mut lines = vec![DetailLine::Blank, DetailLine::Heading(Ui::HHistory)];
    if changes.is_empty() {
        lines.push(DetailLine::Item(t(Ui::None).into()));
    }
    for c in changes.iter().take(HISTORY_LINES) {
        let at = zone.local(c.at);
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                let name = field_label(c.record.kind, &f.field, lang);
                if f.withheld {
                    format!("{name}: [{}]", t(Ui::Withheld))
                } else if let Some(words) = items_change(&f.before, &f.after, lang) {
                    format!("{name}: {words}")
                } else {
                    format!("{name}: {} → {}", history_value(&f.before, lang), history_value(&f.after, lang))
                }
            })
            .collect();
        let note = if c.note.is_empty() { String::new() } else { format!(" ({})", c.note) };
        lines.push(DetailLine::Link(
            format!("{} {} {}{note} — {}", i18n::date(lang, at.date()), at.format("%H:%M"), c.actor, fields.join("; ")),
            Sel { link: None, edit: Some(Edit::Change(c.seq)) },
        ));
    }
    if changes.len() > HISTORY_LINES {
        lines.push(DetailLine::Item(fill(t(Ui::More), &[("n", &(changes.len() - HISTORY_LINES).to_string())])));
    }
    lines
}

/// A change of a list of sub-records in words: "5 → 6", or "5, 1 changed"
/// when as many are there as before; `None` for other values.
fn items_change(before: &str, after: &str, lang: Lang) -> Option<String> {
    use serde_json::Value;
    let list = |s: &str| match serde_json::from_str::<Value>(s) {
        Ok(Value::Array(v)) if v.iter().any(|x| !x.is_string()) || v.is_empty() => Some(v),
        _ => None,
    };
    let (b, a) = (list(before)?, list(after)?);
    if a.iter().chain(&b).all(Value::is_string) {
        return None;
    }
    if a.len() != b.len() {
        return Some(format!("{} → {}", b.len(), a.len()));
    }
    let changed = a.iter().filter(|x| !b.contains(x)).count();
    Some(fill(Ui::ItemsChanged.text(lang), &[("n", &a.len().to_string()), ("k", &changed.to_string())]))
}

/// The line that adds the first part to an empty section.
fn add_line(lang: Lang, kind: PartKind) -> DetailLine {
    DetailLine::Link(Ui::AddItem.text(lang).to_string(), Sel::part(PartRef::new(kind)))
}

/// The widest value of each list column that shows stored text beside the
/// name, over every row (in terminal cells): the lists size those columns
/// from their content, so a register number is never cut. Measured when the
/// rows are read, widened as single records change, never per frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widths {
    /// Clients' register numbers.
    pub register: u16,
    /// Clients' offices.
    pub office: u16,
    /// Clients' officers.
    pub officer: u16,
    /// Stakeholders' regions.
    pub region: u16,
    /// Events' locations.
    pub location: u16,
}

fn cells(s: &str) -> u16 {
    let w = if s.is_ascii() { s.len() } else { unicode_width::UnicodeWidthStr::width(s) };
    u16::try_from(w).unwrap_or(u16::MAX)
}

impl Widths {
    /// Widens to hold a client's row.
    pub fn client(&mut self, r: &ClientRow) {
        self.register = self.register.max(cells(r.register_no()));
        self.office = self.office.max(cells(r.office()));
        self.officer = self.officer.max(cells(r.officer()));
    }

    /// Widens to hold a stakeholder's row.
    pub fn stakeholder(&mut self, r: &StakeholderRow) {
        self.region = self.region.max(cells(&r.region));
    }

    /// Widens to hold an event's row.
    pub fn event(&mut self, r: &EventRow) {
        self.location = self.location.max(cells(&r.location));
    }

    /// The widths of all the rows.
    pub fn of(clients: &[ClientRow], stakeholders: &[StakeholderRow], events: &[EventRow]) -> Widths {
        let mut w = Widths::default();
        clients.iter().for_each(|r| w.client(r));
        stakeholders.iter().for_each(|r| w.stakeholder(r));
        events.iter().for_each(|r| w.event(r));
        w
    }
}

/// Everything the interface shows that comes from the store.
#[derive(Debug, Clone, Default)]
pub struct UiData {
    /// Clients in id order (shared by the sessions that see the same rows).
    pub clients: Arc<Vec<ClientRow>>,
    /// The positions of the client rows ordered by name (as
    /// [`crate::model::fold::cmp_lowercase`] orders them), then id, when
    /// known as the rows are read (from the search index); dropped when a
    /// row changes.
    pub clients_by_name: Option<Arc<Vec<u32>>>,
    /// Stakeholders in id order.
    pub stakeholders: Arc<Vec<StakeholderRow>>,
    /// Events in id order.
    pub events: Arc<Vec<EventRow>>,
    /// Store generation the rows were read at.
    pub generation: u64,
    /// Length of the audit log when they were read: the entries after it
    /// name the records written since (see [`UiData::apply_changes`]).
    pub audit_mark: u64,
    /// Records skipped because they could not be decoded.
    pub damaged: usize,
    /// Client fields withheld from this user (their list columns say so).
    pub withheld: Vec<&'static str>,
    /// The details on screen, if loaded.
    pub detail: Option<Detail>,
    /// The search index, once built (set by the session, not loaded here).
    pub search: Option<super::filter::Searcher>,
    /// The agenda and figures (computed by the session on a thread, not loaded here).
    pub casework: super::casework::CaseData,
    /// The audit entries on the audit tab, once read.
    pub audit: Option<super::audit::AuditRows>,
    /// The users on the users tab, once read.
    pub users: Option<super::users::UserRows>,
    /// Clients with a flag in force.
    pub flagged: std::collections::HashSet<u64>,
    /// The rows are being read (a large database, at start): the lists say
    /// so instead of showing the welcome screen or "no records".
    pub loading: bool,
    /// The widest values of the list columns sized from their content.
    pub widths: Widths,
}

fn scan_rows<S: Summary, T>(store: &Scoped, mut f: impl FnMut(S) -> T, damaged: &mut usize) -> Vec<T> {
    let mut out = Vec::with_capacity(usize::try_from(store.count(S::KIND)).unwrap_or(0));
    for s in store.summaries::<S>() {
        match s {
            Ok(s) => out.push(f(s)),
            Err(_) => *damaged += 1,
        }
    }
    out
}

/// Puts `row` in its place by id: replaces the row with its id or inserts it.
fn upsert<T>(rows: &mut Vec<T>, row: T, id: impl Fn(&T) -> u64) {
    match rows.binary_search_by_key(&id(&row), &id) {
        Ok(i) => rows[i] = row,
        Err(i) => rows.insert(i, row),
    }
}

/// Rows read in this process: by store instance, generation and view.
type RowCache = std::collections::HashMap<(usize, u64, String), SharedRows>;

/// The rows of one database generation as one kind of user sees them.
struct SharedRows {
    clients: std::sync::Weak<Vec<ClientRow>>,
    stakeholders: std::sync::Weak<Vec<StakeholderRow>>,
    events: std::sync::Weak<Vec<EventRow>>,
    damaged: usize,
    /// [`UiData::clients_by_name`] (dangling when there is none).
    by_name: std::sync::Weak<Vec<u32>>,
    widths: Widths,
}

/// The clients' rows made from a search index, with their widths.
struct IndexRows {
    rows: Vec<ClientRow>,
    widths: Widths,
}

impl IndexRows {
    /// The rows of `index`'s clients, position for position.
    fn of(index: &SearchIndex) -> IndexRows {
        let shown: Vec<Name> = index.shown.strings.iter().map(|s| Arc::new(s.to_string())).collect();
        // a few dozen office and officer names: measured once each, not once per row
        let shown_cells: Vec<u16> = shown.iter().map(|s| cells(s)).collect();
        let width = |i: u32| shown_cells.get(i as usize).copied().unwrap_or(0);
        let mut widths = Widths::default();
        let rows = index
            .clients
            .iter()
            .map(|e| {
                widths.register = widths.register.max(cells(e.register_no()));
                widths.office = widths.office.max(width(e.office_shown));
                widths.officer = widths.officer.max(width(e.officer_shown));
                ClientRow::from_entry(e, &shown)
            })
            .collect();
        IndexRows { rows, widths }
    }
}

/// Rows made as the search index was read before the database was opened
/// ([`read_early`]).
fn early_rows() -> std::sync::MutexGuard<'static, Option<IndexRows>> {
    static EARLY: std::sync::Mutex<Option<IndexRows>> = std::sync::Mutex::new(None);
    // replaced or taken whole: a panic cannot leave it inconsistent
    EARLY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether [`read_early`] was started and no session has waited for it yet.
static EARLY_COMING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Starts reading the search index kept for `role`'s view of the database
/// in `dir` (if kept for `day`), and making the clients' rows from it, on
/// a thread, while the caller opens the database (see
/// [`crate::search::kept::read_early`]): a large database's list and
/// search are then ready about when it is open. The first rows read take
/// them if they are the rows of the index the session searches.
pub fn read_early(dir: &std::path::Path, role: crate::model::Role, day: Option<NaiveDate>) {
    EARLY_COMING.store(true, std::sync::atomic::Ordering::Relaxed);
    crate::search::kept::read_early_then(dir, role, day, |index| {
        let made = IndexRows::of(index);
        *early_rows() = Some(made);
    });
}

/// Whether the first rows may be moments away ([`read_early`] was started);
/// true once.
pub(crate) fn early_rows_coming() -> bool {
    EARLY_COMING.swap(false, std::sync::atomic::Ordering::Relaxed)
}

/// The rows [`read_early`] made, if they are `index`'s: made from its
/// entries as they are (each row's text is its entry's, the same copy;
/// see [`ClientRow::shares_text_with`]);
/// taken once, whoever asks first.
fn take_early_rows(index: &SearchIndex) -> Option<IndexRows> {
    let made = early_rows().take()?;
    let same = made.rows.len() == index.clients.len()
        && made.rows.iter().zip(index.clients.iter()).all(|(r, e)| r.id == e.id && r.shares_text_with(e));
    same.then_some(made)
}

/// Rows already read in this process, by database, generation and view:
/// the sessions of an SSH server that see the same rows hold one copy
/// (at 100 000 clients the rows are some 20 MB). Weak, so the last session
/// to let go of them frees them.
fn shared_rows() -> std::sync::MutexGuard<'static, RowCache> {
    static SHARED: std::sync::OnceLock<std::sync::Mutex<RowCache>> = std::sync::OnceLock::new();
    // the map holds only weak pointers: a panic elsewhere cannot leave it inconsistent
    SHARED.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner())
}

/// Which rows a user sees: everything, everything with sensitive fields
/// emptied, or one partner's clients.
/// What a write changed, as the rows and the index need it.
#[derive(Debug, Clone)]
pub enum Changed {
    /// A client as it is now.
    Client(Box<Client>),
    /// A stakeholder as it is now.
    Stakeholder(Box<Stakeholder>),
    /// An event as it is now.
    Event(Box<Event>),
    /// The referrals of a client, as they are now.
    Referrals(crate::model::ClientId, Vec<crate::model::Referral>),
}

impl Changed {
    /// The row it changes, if any (referrals have none of their own).
    pub fn row(&self) -> Option<RecordRef> {
        match self {
            Changed::Client(c) => Some(RecordRef::new(RecordKind::Client, c.meta.id)),
            Changed::Stakeholder(s) => Some(RecordRef::new(RecordKind::Stakeholder, s.meta.id)),
            Changed::Event(e) => Some(RecordRef::new(RecordKind::Event, e.meta.id)),
            Changed::Referrals(..) => None,
        }
    }
}

/// Most writes to bring in one record at a time; more, and the rows are read again whole.
const MAX_CHANGED: u64 = 64;

impl UiData {
    /// Brings the rows up to date with the writes since they were read, one
    /// record at a time, and returns the records for the search index: the
    /// audit log names every record each write changed (every write is
    /// audited in its own transaction). `None`, with nothing changed, when
    /// the rows must be read again whole: many writes, a partner or viewer
    /// (what they may see can change with a record), rows another session
    /// shares, or anything unexpected in the log.
    pub fn apply_changes(&mut self, store: &Scoped) -> Option<Vec<Changed>> {
        if store.view_key() != "full" || self.loading {
            return None;
        }
        // generation first, then the mark: every write up to that generation is before the mark
        let generation = store.generation();
        let mark = store.audit_len();
        let touched = store.records_changed_since(self.audit_mark, MAX_CHANGED)?;
        let mut changed = Vec::new();
        for r in touched {
            changed.push(match r.kind {
                RecordKind::Client => Changed::Client(Box::new(store.fetch::<Client>(r.id).ok()?)),
                RecordKind::Stakeholder => Changed::Stakeholder(Box::new(store.fetch::<Stakeholder>(r.id).ok()?)),
                RecordKind::Event => Changed::Event(Box::new(store.fetch::<Event>(r.id).ok()?)),
                RecordKind::Referral => {
                    let client = store.fetch::<crate::model::Referral>(r.id).ok()?.client;
                    Changed::Referrals(client, store.referrals_of_client(client).ok()?)
                }
                _ => return None,
            });
        }
        // rows another session holds are theirs: read new ones (shared) instead
        if Arc::strong_count(&self.clients) > 1
            || Arc::strong_count(&self.stakeholders) > 1
            || Arc::strong_count(&self.events) > 1
        {
            return None;
        }
        for c in &changed {
            match c {
                Changed::Client(c) => {
                    self.clients_by_name = None;
                    let row = ClientRow::of(c);
                    self.widths.client(&row);
                    upsert(Arc::make_mut(&mut self.clients), row, |r| r.id)
                }
                Changed::Stakeholder(s) => {
                    let row = StakeholderRow::of(s);
                    self.widths.stakeholder(&row);
                    upsert(Arc::make_mut(&mut self.stakeholders), row, |r| r.id)
                }
                Changed::Event(e) => {
                    let row = EventRow::of(e);
                    self.widths.event(&row);
                    upsert(Arc::make_mut(&mut self.events), row, |r| r.id)
                }
                Changed::Referrals(..) => {}
            }
        }
        self.flagged = store.flagged_clients().unwrap_or_default().into_iter().collect();
        self.generation = generation;
        self.audit_mark = mark;
        Some(changed)
    }

    /// Whether another session of this process holds the rows of this view
    /// at the store's current generation (then [`UiData::load`] shares them).
    pub fn shared_ready(store: &Scoped) -> bool {
        let key = (store.instance(), store.generation(), store.view_key());
        shared_rows().get(&key).is_some_and(|r| r.clients.strong_count() > 0)
    }

    /// Reads the rows of every list (or shares those another session of
    /// this process read for the same view of the same generation).
    pub fn load(store: &Scoped) -> UiData {
        UiData::load_with(store, || None)
    }

    /// As [`UiData::load`], but the clients' rows are made from the search
    /// index `index` gives, sharing its names, instead of from their
    /// summaries. It is called after the generation is read, so an index
    /// current when it is called is at least as new; it must be the index
    /// of `store`'s view. Not called when the rows are shared.
    pub fn load_with(store: &Scoped, index: impl FnOnce() -> Option<Arc<SearchIndex>>) -> UiData {
        // the mark before the generation: a write between the two is in the
        // rows read below and named again after the mark (applied twice, harmlessly)
        let audit_mark = store.audit_len();
        let generation = store.generation();
        let key = (store.instance(), generation, store.view_key());
        // held while reading: sessions that start (or reload) together wait
        // for the first one's rows instead of each reading their own
        let mut map = shared_rows();
        let cached = map.get(&key).and_then(|r| {
            Some((
                r.clients.upgrade()?,
                r.stakeholders.upgrade()?,
                r.events.upgrade()?,
                r.damaged,
                r.by_name.upgrade(),
                r.widths,
            ))
        });
        let (clients, stakeholders, events, damaged, clients_by_name, widths) = match cached {
            Some(rows) => rows,
            None => {
                let mut damaged = 0;
                let mut by_name = None;
                let mut widths = None;
                let clients = Arc::new(match index() {
                    Some(index) => {
                        damaged += usize::try_from(index.skipped).unwrap_or(usize::MAX);
                        // the rows are the entries, position for position, and the
                        // index orders names as the list does: its order is theirs
                        by_name = Some(Arc::new(index.clients.name_order().to_vec()));
                        let made = take_early_rows(&index).unwrap_or_else(|| IndexRows::of(&index));
                        widths = Some(made.widths);
                        made.rows
                    }
                    None => {
                        let mut names = Names::default();
                        let rows = scan_rows(store, |s| ClientRow::from_summary(&s, &mut names), &mut damaged);
                        names.share(rows)
                    }
                });
                let stakeholders = Arc::new(scan_rows(store, StakeholderRow::from_summary, &mut damaged));
                let events = Arc::new(scan_rows(store, EventRow::from_summary, &mut damaged));
                let mut widths = widths.unwrap_or_else(|| Widths::of(&clients, &[], &[]));
                stakeholders.iter().for_each(|r| widths.stakeholder(r));
                events.iter().for_each(|r| widths.event(r));
                // rows of older generations are of no use any more
                map.retain(|k, r| (k.0 != key.0 || k.1 >= generation) && r.clients.strong_count() > 0);
                map.insert(
                    key,
                    SharedRows {
                        clients: Arc::downgrade(&clients),
                        stakeholders: Arc::downgrade(&stakeholders),
                        events: Arc::downgrade(&events),
                        damaged,
                        by_name: by_name.as_ref().map_or_else(std::sync::Weak::new, Arc::downgrade),
                        widths,
                    },
                );
                (clients, stakeholders, events, damaged, by_name, widths)
            }
        };
        drop(map);
        let withheld = store.withheld(RecordKind::Client);
        UiData {
            clients,
            clients_by_name,
            stakeholders,
            events,
            generation,
            audit_mark,
            damaged,
            withheld,
            detail: None,
            search: None,
            casework: Default::default(),
            audit: None,
            users: None,
            flagged: store.flagged_clients().unwrap_or_default().into_iter().collect(),
            loading: false,
            widths,
        }
    }

    /// No rows yet: they are being read (see [`UiData::loading`]).
    pub fn loading(generation: u64) -> UiData {
        UiData { generation, loading: true, ..UiData::default() }
    }

    /// True when there is nothing to show: the welcome screen.
    pub fn is_empty(&self) -> bool {
        !self.loading && self.clients.is_empty() && self.stakeholders.is_empty() && self.events.is_empty()
    }

    /// Number of rows of a kind (archived included).
    pub fn len(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Client => self.clients.len(),
            RecordKind::Stakeholder => self.stakeholders.len(),
            RecordKind::Event => self.events.len(),
            _ => 0,
        }
    }

    /// Position of a record among the rows of its kind (rows are in id order).
    pub fn position(&self, r: RecordRef) -> Option<usize> {
        match r.kind {
            RecordKind::Client => self.clients.binary_search_by_key(&r.id, |x| x.id).ok(),
            RecordKind::Stakeholder => self.stakeholders.binary_search_by_key(&r.id, |x| x.id).ok(),
            RecordKind::Event => self.events.binary_search_by_key(&r.id, |x| x.id).ok(),
            _ => None,
        }
    }

    /// Id of the row at a position.
    pub fn id_at(&self, kind: RecordKind, pos: usize) -> Option<u64> {
        match kind {
            RecordKind::Client => self.clients.get(pos).map(|x| x.id),
            RecordKind::Stakeholder => self.stakeholders.get(pos).map(|x| x.id),
            RecordKind::Event => self.events.get(pos).map(|x| x.id),
            _ => None,
        }
    }

    /// Whether the row at a position is archived.
    pub fn archived_at(&self, kind: RecordKind, pos: usize) -> bool {
        match kind {
            RecordKind::Client => self.clients.get(pos).is_some_and(|x| x.archived),
            RecordKind::Stakeholder => self.stakeholders.get(pos).is_some_and(|x| x.archived),
            RecordKind::Event => self.events.get(pos).is_some_and(|x| x.archived),
            _ => false,
        }
    }

    /// A client's name as other records show it: a flag in force marks it
    /// (`⚑` is drawn by the details; here the word, so every screen says it).
    fn client_label(&self, id: u64, lang: Lang) -> String {
        let name = self.client_name(id).unwrap_or(Ui::Unknown.text(lang));
        if self.flagged.contains(&id) { format!("{name} [{}]", Ui::FlagWord.text(lang)) } else { name.to_string() }
    }

    pub(crate) fn client_name(&self, id: u64) -> Option<&str> {
        self.position(RecordRef::new(RecordKind::Client, id)).and_then(|p| self.clients.get(p)).map(|r| r.name())
    }

    /// The short name where there is one: link lines are read at a glance.
    fn stakeholder_name(&self, id: u64) -> Option<&str> {
        self.position(RecordRef::new(RecordKind::Stakeholder, id))
            .and_then(|p| self.stakeholders.get(p))
            .map(|r| r.short.as_str())
    }
}

/// Reads one record and builds its details; linked records are named from
/// the rows, so no other record is decoded except referrals and events.
pub fn load_detail(
    store: &Scoped,
    data: &UiData,
    target: RecordRef,
    lang: Lang,
    names: &crate::words::RiskNames,
    today: NaiveDate,
    zone: Zone,
) -> Result<Detail, StoreError> {
    match target.kind {
        RecordKind::Client => {
            let c: Client = store.fetch(target.id)?;
            let referrals = store.referrals_of_client(c.id())?;
            let events = store.events_of_client(c.id())?;
            let calendar = store.calendar()?;
            // what the store keeps beside the record, as this user may see it
            let (flags, changes, approvals) =
                (store.flags(c.meta.id)?, store.history(target)?, store.approvals(c.meta.id)?);
            let kept =
                crate::casework::timeline::Kept { flags: &flags, changes: &changes, approvals: &approvals, zone };
            let withheld = store.withheld(RecordKind::Client);
            let day = crate::casework::reporting::CountedTo { today, calendar: &calendar };
            let mut d = client_detail(&c, &referrals, &events, &kept, data, lang, names, day, &withheld);
            // flags first: a warning nobody may miss
            let in_force: Vec<DetailLine> = flags
                .iter()
                .enumerate()
                .filter(|(_, f)| f.cleared.is_none())
                .map(|(i, f)| {
                    let at = zone.date(f.at);
                    DetailLine::Link(
                        format!("{}: {} ({}, {})", Ui::FlagWord.text(lang), f.message, f.by, i18n::date(lang, at)),
                        Sel { link: None, edit: Some(Edit::Flag(i)) },
                    )
                })
                .collect();
            if !in_force.is_empty() {
                d.lines.splice(0..0, in_force.into_iter().chain(std::iter::once(DetailLine::Blank)));
            }
            // approval requests and where they stand
            if !approvals.is_empty() {
                d.lines.push(DetailLine::Blank);
                d.lines.push(DetailLine::Heading(Ui::HApprovals));
                for a in approvals.iter().rev() {
                    d.lines.push(DetailLine::Link(
                        approval_line(&c, a, lang, names, zone),
                        Sel {
                            link: None,
                            edit: Some(Edit::Approval(a.id, crate::store::approvals::why_not_decide(store.actor(), a))),
                        },
                    ));
                }
            }
            // who opened the case file lately, for admins
            if let Ok(views) = store.views(c.meta.id, 5)
                && !views.is_empty()
            {
                let who: Vec<String> = views
                    .iter()
                    .map(|v| {
                        let at = zone.local(v.at);
                        format!("{} {} {}", v.user, i18n::date(lang, at.date()), at.format("%H:%M"))
                    })
                    .collect();
                d.lines.push(DetailLine::Field(Ui::FViewed, who.join(", ")));
            }
            d.lines.extend(document_lines(store, target, lang)?);
            d.lines.extend(history_lines(&changes, lang, zone));
            Ok(d)
        }
        RecordKind::Stakeholder => {
            let s: Stakeholder = store.fetch(target.id)?;
            let referrals = store.referrals_to(s.id())?;
            let events = store.events_of_stakeholder(s.id())?;
            // the consent of the clients of open referrals: a line says when sharing stopped
            let consents: HashMap<u64, crate::model::Consent> = referrals
                .iter()
                .filter(|r| !r.status.is_final())
                .filter_map(|r| store.get::<Client>(r.client.0).ok().flatten())
                .map(|c| (c.meta.id, c.consent))
                .collect();
            let mut d = stakeholder_detail(&s, &referrals, &events, &consents, data, lang, names);
            d.lines.extend(document_lines(store, target, lang)?);
            d.lines.extend(history_lines(&store.history(target)?, lang, zone));
            Ok(d)
        }
        RecordKind::Event => {
            let e: Event = store.fetch(target.id)?;
            let mut d = event_detail(&e, data, lang, names);
            // the agreement it belongs to, by its title, after when it is
            if let Some(a) = e.agreement {
                let s = store.get::<Stakeholder>(a.stakeholder.0)?;
                let found = s.as_ref().and_then(|s| s.agreements.iter().find(|x| x.id == a.agreement));
                let text = match (found, s.as_ref()) {
                    (Some(x), Some(s)) => {
                        format!("{} {} — {} ({a})", i18n::agreement_kind(lang, x.kind), x.title, s.display_name())
                    }
                    _ => format!("{a} ({})", Ui::Unknown.text(lang)),
                };
                let at = d.lines.iter().position(|l| matches!(l, DetailLine::Blank)).unwrap_or(d.lines.len());
                d.lines.insert(at, DetailLine::Field(Ui::FAgreement, text));
            }
            d.lines.extend(document_lines(store, target, lang)?);
            d.lines.extend(history_lines(&store.history(target)?, lang, zone));
            Ok(d)
        }
        _ => Err(StoreError::NotFound(target)),
    }
}

/// The documents of a record this user may see, one selectable line each
/// (open, take out); nothing when there are none.
fn document_lines(store: &Scoped, target: RecordRef, lang: Lang) -> Result<Vec<DetailLine>, StoreError> {
    let docs = store.documents_of(target, false)?;
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = vec![DetailLine::Blank, DetailLine::Heading(Ui::HDocuments)];
    for d in docs {
        let date = d.date.map(|x| format!("  {}", i18n::date(lang, x))).unwrap_or_default();
        let part = d.holder.part.map(|p| format!("  /{}", p.0)).unwrap_or_default();
        let text = format!(
            "{}  {} ({}){date}  {}  {}{part}",
            d.id,
            d.title,
            i18n::doc_kind(lang, d.kind),
            d.file_name,
            crate::ui::documents::size_text(d.size),
        );
        lines.push(DetailLine::Link(text, Sel { link: None, edit: Some(Edit::Document(d.id)) }));
    }
    Ok(lines)
}

fn opt_date(lang: Lang, d: Option<NaiveDate>) -> String {
    d.map(|d| i18n::date(lang, d)).unwrap_or_else(|| "–".to_string())
}

fn range(lang: Lang, a: Option<NaiveDate>, b: Option<NaiveDate>) -> String {
    format!("{} {} {}", opt_date(lang, a), Ui::Until.text(lang), opt_date(lang, b))
}

fn or_none(lang: Lang, s: String) -> String {
    if s.trim().is_empty() { Ui::None.text(lang).to_string() } else { s }
}

/// The non-blank parts joined with " · ".
fn joined(parts: &[&str]) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
}

fn event_line(lang: Lang, e: &Event) -> String {
    format!("{}  {} ({})", i18n::date(lang, e.start.date()), e.title, i18n::event_kind(lang, e.kind))
}

/// Register lines shown in a client's details (newest first).
const REGISTER_LINES: usize = 8;

/// Timeline lines shown in a client's details (newest first).
const TIMELINE_LINES: usize = 40;

/// The colour categories over time at a glance: "merah → kuning → hijau (4 Okt 2023)".
fn risk_path(c: &Client, lang: Lang, names: &crate::words::RiskNames) -> String {
    let path = crate::casework::timeline::risk_path(c);
    let Some((since, _)) = path.last() else { return String::new() };
    let steps: Vec<&str> = path.iter().map(|(_, r)| names.label(lang, *r)).collect();
    format!("{} ({})", steps.join(" → "), i18n::date(lang, *since))
}

/// One timeline entry in words (`c` names what an approval was about).
fn timeline_text(
    kind: &crate::casework::timeline::EntryKind,
    c: &Client,
    data: &UiData,
    lang: Lang,
    names: &crate::words::RiskNames,
) -> String {
    use crate::casework::timeline::EntryKind as K;
    let t = |m: Ui| m.text(lang);
    match kind {
        K::Assessment { category, from, rri, reason } => {
            let change = match from {
                Some(f) if f != category => format!("{} → {}", names.label(lang, *f), names.label(lang, *category)),
                _ => names.label(lang, *category).to_string(),
            };
            let rri = rri.map(|r| format!(", RRI {}", i18n::rri(lang, r))).unwrap_or_default();
            format!(
                "{}: {change}{rri} {}",
                t(Ui::TAssessment),
                if reason.is_empty() { String::new() } else { format!("({reason})") }
            )
        }
        K::Session { stream, mode, place, summary } => format!(
            "{}: {}, {}, {} — {summary}",
            t(Ui::TSession),
            i18n::stream(lang, *stream),
            i18n::mode(lang, *mode),
            i18n::place(lang, *place)
        ),
        K::Referral { stakeholder, service, status, .. } => format!(
            "{}: {} — {service} ({})",
            t(Ui::TReferral),
            data.stakeholder_name(stakeholder.0).unwrap_or("?"),
            i18n::referral_status(lang, *status)
        ),
        // an event attended counts toward the guidance record, as a group session
        K::Series { title, rule, attended, held, of, .. } => fill(
            t(Ui::TSeries),
            &[
                ("title", title.as_str()),
                ("rule", &rule.map(|r| i18n::repeat_words(lang, &r)).unwrap_or_default()),
                ("attended", &attended.to_string()),
                ("held", &held.to_string()),
                ("of", &of.to_string()),
            ],
        ),
        K::Event { title, attendance: crate::model::Attendance::Attended, .. } => {
            format!("{}: {title}", t(Ui::TEventSession))
        }
        K::Event { title, attendance, .. } => {
            format!("{}: {title} ({})", t(Ui::TEvent), i18n::attendance(lang, *attendance))
        }
        K::FollowUp { what, done, .. } => {
            format!(
                "{}: {what}{}",
                t(Ui::TFollowUp),
                if *done { format!(" ({})", t(Ui::TDone)) } else { String::new() }
            )
        }
        K::Litmas { kind, recommendation } => {
            format!("Litmas {}: {recommendation}", i18n::litmas_kind(lang, *kind))
        }
        K::Phase(p) => i18n::phase(lang, *p).to_string(),
        K::MissedReporting => t(Ui::TMissed).to_string(),
        K::Flag { message, by } => fill(t(Ui::TFlag), &[("by", by), ("message", message)]),
        K::Unflag { message, by, reason } => {
            let reason = match reason {
                Some(r) => r.clone(),
                None => format!("[{}]", t(Ui::Withheld)),
            };
            fill(t(Ui::TUnflag), &[("by", by), ("message", message), ("reason", &reason)])
        }
        K::Status { from, to, by } => fill(
            t(Ui::TStatus),
            &[("from", i18n::client_status(lang, *from)), ("to", i18n::client_status(lang, *to)), ("by", by)],
        ),
        K::ApprovalAsked { id, subject, by, comment } => {
            let asked = fill(
                t(Ui::TApprovalAsked),
                &[("id", &id.to_string()), ("by", by), ("what", &subject_words(c, *subject, lang, names))],
            );
            if comment.is_empty() { asked } else { format!("{asked} «{comment}»") }
        }
        K::ApprovalDecided { id, subject, approved, by, comment } => {
            let state = t(if *approved { Ui::ApprovalStateApproved } else { Ui::ApprovalStateRejected });
            let decided = fill(
                t(Ui::TApprovalDecided),
                &[
                    ("id", &id.to_string()),
                    ("state", state),
                    ("by", by),
                    ("what", &subject_words(c, *subject, lang, names)),
                ],
            );
            if comment.is_empty() { decided } else { format!("{decided} «{comment}»") }
        }
    }
}

/// The record's table fields that the details show on lines of their own
/// (those the lines above, written for several fields at once, do not);
/// one in `withheld` says so.
fn own_lines<R: crate::schema::Table>(
    r: &R,
    lang: Lang,
    names: &crate::words::RiskNames,
    withheld: &[&str],
) -> Vec<DetailLine> {
    // a field the form shows only with a choice made (custom dates) shows so here too
    let applies = |f: &crate::schema::Field<R>| {
        f.shown_when.is_none_or(|(key, code)| R::field(key).is_some_and(|c| c.cell.get(r) == code))
    };
    R::fields()
        .iter()
        .filter(|f| f.own_line && applies(f))
        .map(|f| {
            let value = if crate::schema::is_withheld(withheld, f.name) {
                format!("[{}]", Ui::Withheld.text(lang))
            } else {
                crate::i18n::form::display(f, r, lang, names)
            };
            DetailLine::Entry(f.label, value)
        })
        .collect()
}

/// [`own_lines`] after the last section, when there are any.
fn own_section<R: crate::schema::Table>(
    lines: &mut Vec<DetailLine>,
    r: &R,
    lang: Lang,
    names: &crate::words::RiskNames,
) {
    let own = own_lines(r, lang, names, &[]);
    if !own.is_empty() {
        lines.push(DetailLine::Blank);
        lines.extend(own);
    }
}

/// What an open referral's line says of the sharing it rests on: a legal
/// basis, or that sharing stopped because the client has not consented (or
/// withdrew consent, and when); nothing when it rests on consent.
fn sharing_note(r: &crate::model::Referral, consent: Option<&crate::model::Consent>, lang: Lang) -> String {
    use crate::model::Ground;
    let Some(consent) = consent.filter(|_| !r.status.is_final() && !r.meta.archived) else { return String::new() };
    match r.ground(consent) {
        Ground::Consent => String::new(),
        Ground::LegalBasis(basis) => {
            format!(" · {}", fill(Ui::SharedOnBasis.text(lang), &[("basis", &crate::sanitize::sanitize(basis))]))
        }
        Ground::None => match consent.date {
            Some(d) => format!(" · {}", fill(Ui::SharingStoppedOn.text(lang), &[("date", &i18n::date(lang, d))])),
            None => format!(" · {}", Ui::SharingStopped.text(lang)),
        },
    }
}

/// The details of a client as a user sees them: a field in `withheld`
/// (paths of the client table) says *withheld* wherever it would show, and
/// a withheld section shows only its heading and that word.
#[allow(clippy::too_many_arguments)]
pub fn client_detail(
    c: &Client,
    referrals: &[crate::model::Referral],
    events: &[Event],
    kept: &crate::casework::timeline::Kept,
    data: &UiData,
    lang: Lang,
    names: &crate::words::RiskNames,
    day: crate::casework::reporting::CountedTo<'_>,
    withheld: &[&str],
) -> Detail {
    use DetailLine::*;
    let crate::casework::reporting::CountedTo { today, calendar } = day;
    let t = |m: Ui| m.text(lang);
    let hidden = |path: &str| crate::schema::is_withheld(withheld, path);
    let word = format!("[{}]", t(Ui::Withheld));
    // a part of a line: its text, or the word when its field is withheld
    let part = |path: &str, text: String| if hidden(path) { word.clone() } else { text };
    let mut lines = vec![
        Field(Ui::FRegister, part("register_no", c.register_no.clone())),
        Field(Ui::FAliases, part("aliases", or_none(lang, c.aliases.join(", ")))),
        Field(Ui::FRisk, part("assessments", risk_path(c, lang, names))),
        Field(
            Ui::FStatus,
            format!(
                "{} · {}{}{}",
                part("status", i18n::client_status(lang, c.status).into()),
                part("phase", i18n::phase(lang, c.phase).into()),
                // a closure asked for is not in force until approved
                match c.held.closure.filter(|_| !hidden("held")) {
                    Some(to) =>
                        format!(" · {}", fill(t(Ui::ClosureWaits), &[("status", i18n::client_status(lang, to))])),
                    None => String::new(),
                },
                incomplete(c, lang, &hidden)
            ),
        ),
        Field(Ui::FOfficer, joined(&[&part("officer", c.officer.clone()), &part("office", c.office.clone())])),
        Field(
            Ui::FSupervision,
            format!(
                "{} · {}",
                part("programme", i18n::programme(lang, c.programme).into()),
                if hidden("supervision_start") || hidden("supervision_end") {
                    word.clone()
                } else {
                    range(lang, c.supervision_start, c.supervision_end)
                }
            ),
        ),
    ];
    // the register shows for clients who report (recording is two keys: w h, w t, w i)
    if hidden("reporting_register") {
        lines.extend([Blank, Heading(Ui::HRegister), Item(word.clone())]);
    } else if c.reporting.frequency != crate::model::ReportingFrequency::None || !c.reporting_register.is_empty() {
        lines.push(Blank);
        lines.push(Heading(Ui::HRegister));
        let standing = crate::casework::reporting::standing(c, calendar, today);
        let mut summary = format!(
            "{} · {}",
            i18n::frequency(lang, c.reporting.frequency),
            crate::ui::reporting::standing_text(lang, &standing)
        );
        if standing.consecutive_missed >= 2 {
            summary.push_str(&format!(
                " · {} {}",
                fill(t(Ui::ReportingMissedRow), &[("n", &standing.consecutive_missed.to_string())]),
                "!"
            ));
        }
        if let Some(next) = standing.next {
            summary.push_str(&format!(" · {}", fill(t(Ui::ReportingNext), &[("date", &i18n::date(lang, next))])));
            // said why it is not the day the schedule sets
            if let Some(from) = standing.next_moved_from {
                let why = match calendar.closed(from) {
                    Some(crate::model::Closed::Day(d)) => d.name.clone(),
                    _ => t(Ui::Weekend).to_string(),
                };
                summary.push_str(&format!(
                    " ({})",
                    fill(t(Ui::ReportingMoved), &[("date", &i18n::date(lang, from)), ("why", &why)])
                ));
            }
        }
        if let Some(from) = c.reporting.from {
            summary.push_str(&format!(" · {}", fill(t(Ui::ReportingFrom), &[("date", &i18n::date(lang, from))])));
        }
        lines.push(Field(Ui::FReporting, summary));
        let mut reg: Vec<_> = c.reporting_register.iter().enumerate().collect();
        reg.sort_by_key(|(i, e)| std::cmp::Reverse((e.date, *i)));
        for (i, e) in reg.into_iter().take(REGISTER_LINES) {
            let note = if e.note.is_empty() { String::new() } else { format!(" — {}", e.note) };
            lines.push(Link(
                format!("{}  {}{note}", i18n::date(lang, e.date), i18n::reporting_status(lang, e.status)),
                Sel::part(PartRef::at(PartKind::Reporting, i)),
            ));
        }
        if c.reporting_register.len() > REGISTER_LINES {
            lines.push(Item(fill(t(Ui::More), &[("n", &(c.reporting_register.len() - REGISTER_LINES).to_string())])));
        }
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HReferrals));
    if referrals.is_empty() {
        lines.push(Link(t(Ui::AddItem).into(), Sel { link: None, edit: Some(Edit::Referral(None)) }));
    }
    for r in referrals {
        let name = data.stakeholder_name(r.stakeholder.0).unwrap_or(t(Ui::Unknown));
        let sharing = sharing_note(r, Some(&c.consent), lang);
        lines.push(Link(
            format!("{name} — {} ({}){sharing}", r.service, i18n::referral_status(lang, r.status)),
            Sel { link: Some(r.stakeholder.to_ref()), edit: Some(Edit::Referral(Some(r.meta.id))) },
        ));
    }

    lines.push(Blank);
    lines.push(Heading(Ui::HEvents));
    if events.is_empty() {
        lines.push(Item(t(Ui::None).into()));
    }
    let mut evs: Vec<&Event> = events.iter().collect();
    evs.sort_by_key(|e| std::cmp::Reverse(e.start));
    for e in evs {
        // a series is one line: its rule, and the meetings held the client attended
        if let (Some(rule), Some(p)) = (
            &e.recurrence,
            e.participants.iter().find(|p| matches!(p.who, Who::Client { client, .. } if client == c.id())),
        ) {
            let held: Vec<_> = e.counted_meetings().filter(|m| m.status == crate::model::MeetingStatus::Held).collect();
            let came = held.iter().filter(|m| m.of(p.id) == crate::model::Attendance::Attended).count();
            let args = [("attended", came.to_string()), ("held", held.len().to_string())];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let text = format!(
                "{}  {}, {}: {}",
                i18n::date(lang, e.start.date()),
                e.title,
                i18n::repeat_words(lang, rule),
                fill(Ui::SeriesAttended.text(lang), &args)
            );
            lines.push(Link(text, Sel::link(e.id().to_ref())));
            continue;
        }
        let att = e
            .client_participants()
            .find(|(id, _)| *id == c.id())
            .map(|(_, a)| format!(" — {}", i18n::attendance(lang, a)))
            .unwrap_or_default();
        lines.push(Link(format!("{}{att}", event_line(lang, e)), Sel::link(e.id().to_ref())));
    }

    lines.push(Blank);
    lines.push(Heading(Ui::HAssessments));
    if hidden("assessments") {
        lines.push(Item(word.clone()));
    } else if c.assessments.is_empty() {
        lines.push(add_line(lang, PartKind::Assessment));
    }
    let mut ass: Vec<_> = c.assessments.iter().enumerate().collect();
    ass.sort_by_key(|(i, a)| std::cmp::Reverse((a.date, *i)));
    for (i, a) in ass {
        let rri = a.rri.map(|r| format!(", RRI {}", i18n::rri(lang, r))).unwrap_or_default();
        let held = match c.held.assessment(a.id) {
            Some(h) if h.rejected => format!(" [{}]", t(Ui::ApprovalStateRejected)),
            Some(_) => format!(" [{}]", t(Ui::CategoryWaits)),
            None => String::new(),
        };
        let text = format!(
            "{}  {}{rri}{held} — {} {}",
            i18n::date(lang, a.date),
            names.label(lang, a.category),
            a.assessor,
            if a.reason.is_empty() { String::new() } else { format!("({})", a.reason) }
        );
        lines.push(Link(text.trim_end().to_string(), Sel::part(PartRef::at(PartKind::Assessment, i))));
    }

    lines.push(Blank);
    lines.push(Heading(Ui::HSessions));
    if hidden("sessions") {
        lines.push(Item(word.clone()));
    } else if c.sessions.is_empty() {
        lines.push(add_line(lang, PartKind::Session));
    }
    let mut ss: Vec<_> = c.sessions.iter().enumerate().collect();
    ss.sort_by_key(|(i, s)| std::cmp::Reverse((s.date, *i)));
    for (i, s) in ss {
        let with = if s.group.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                fill(t(Ui::WithOthers), &[("others", &i18n::count(lang, s.group.len(), i18n::Noun::OtherClient))])
            )
        };
        lines.push(Link(
            format!(
                "{}  {}, {}{with}, {} — {}",
                i18n::date(lang, s.date),
                i18n::stream(lang, s.stream),
                i18n::mode(lang, s.mode),
                i18n::place(lang, s.place),
                s.summary
            ),
            Sel::part(PartRef::at(PartKind::Session, i)),
        ));
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HLitmas));
    if hidden("litmas") {
        lines.push(Item(word.clone()));
    } else if c.litmas.is_empty() {
        lines.push(add_line(lang, PartKind::Litmas));
    }
    let mut ls: Vec<_> = c.litmas.iter().enumerate().collect();
    ls.sort_by_key(|(i, l)| std::cmp::Reverse((l.date, *i)));
    for (i, l) in ls {
        // its authors where it records them (one stored before does not)
        let by = if l.authors.is_empty() { String::new() } else { format!(" ({})", l.authors.join(", ")) };
        // final only once a supervisor approved it
        let state = match crate::store::approvals::litmas_state(kept.approvals, l.id) {
            crate::store::approvals::LitmasState::Final => t(Ui::LitmasFinal),
            crate::store::approvals::LitmasState::Waiting => t(Ui::CategoryWaits),
            crate::store::approvals::LitmasState::Draft => t(Ui::LitmasDraftWord),
        };
        lines.push(Link(
            format!(
                "{}  Litmas {} [{state}] — {}{by}",
                i18n::date(lang, l.date),
                i18n::litmas_kind(lang, l.kind),
                l.recommendation.lines().next().unwrap_or("")
            ),
            Sel::part(PartRef::at(PartKind::Litmas, i)),
        ));
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HTimeline));
    let entries = crate::casework::timeline::timeline(c, referrals, events, kept, today, calendar);
    if entries.is_empty() {
        lines.push(Item(t(Ui::None).into()));
    }
    for e in entries.iter().take(TIMELINE_LINES) {
        lines.push(Item(format!("{}  {}", i18n::date(lang, e.date), timeline_text(&e.kind, c, data, lang, names))));
    }
    if entries.len() > TIMELINE_LINES {
        lines.push(Item(fill(t(Ui::More), &[("n", &(entries.len() - TIMELINE_LINES).to_string())])));
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HPersonal));
    lines.extend([
        Field(Ui::FNik, part("nik", c.nik.clone().unwrap_or_else(|| "–".into()))),
        Field(
            Ui::FBorn,
            format!(
                "{} ({})",
                joined(&[
                    &part("birth_place", c.birth_place.clone()),
                    &part("birth_date", c.birth_date.map(|d| i18n::date(lang, d)).unwrap_or_default())
                ])
                .replace(" · ", ", "),
                part("gender", i18n::gender(lang, c.gender).into())
            )
            .trim_start()
            .to_string(),
        ),
        Field(Ui::FAddress, part("address.street", c.address.one_line())),
        Field(Ui::FPhone, part("phone", i18n::phone(lang, &c.phone))),
        Field(
            Ui::FConsent,
            format!(
                "{} {}",
                part("consent.given", t(if c.consent.given { Ui::ConsentYes } else { Ui::ConsentNo }).into()),
                part("consent.date", c.consent.date.map(|d| format!("({})", i18n::date(lang, d))).unwrap_or_default())
            )
            .trim_end()
            .to_string(),
        ),
        Field(
            Ui::FOffence,
            if hidden("offence") || hidden("sentence") {
                word.clone()
            } else {
                format!("{} {}", c.offence, c.sentence).trim().to_string()
            },
        ),
        Field(Ui::FSkills, part("skills", or_none(lang, c.skills.join(", ")))),
        Field(
            Ui::FNeeds,
            part("needs", or_none(lang, c.needs.iter().map(|n| i18n::need(lang, *n)).collect::<Vec<_>>().join(", "))),
        ),
    ]);
    lines.extend(own_lines(c, lang, names, withheld));
    Detail {
        target: c.id().to_ref(),
        lang,
        title: c.full_name.clone(),
        archived: c.meta.archived,
        lines,
        version: c.meta.version,
    }
}

/// " · incomplete: NIK, Birth date" for a case file without what intake
/// often lacks (fields the reader may not see are not named).
fn incomplete(c: &Client, lang: Lang, hidden: &dyn Fn(&str) -> bool) -> String {
    let fields: Vec<&str> = crate::model::validate::missing(c).into_iter().filter(|f| !hidden(f)).collect();
    if fields.is_empty() {
        return String::new();
    }
    format!(" · {}", fill(Ui::IncompleteFields.text(lang), &[("fields", &i18n::client_fields(lang, fields))]))
}

/// The details of a stakeholder.
pub fn stakeholder_detail(
    s: &Stakeholder,
    referrals: &[crate::model::Referral],
    events: &[Event],
    consents: &HashMap<u64, crate::model::Consent>,
    data: &UiData,
    lang: Lang,
    names: &crate::words::RiskNames,
) -> Detail {
    use DetailLine::*;
    let t = |m: Ui| m.text(lang);
    let in_use = referrals.iter().filter(|r| r.status.occupies_place()).count();
    let mut lines = vec![
        Field(Ui::FShortName, or_none(lang, s.short_name.clone())),
        Field(Ui::FKind, i18n::stakeholder_kind(lang, s.kind).to_string()),
        Field(Ui::FStatus, i18n::stakeholder_status(lang, s.status).to_string()),
        Field(Ui::FRegion, s.region.clone()),
        Field(Ui::FAddress, s.address.one_line()),
        Field(Ui::FServices, or_none(lang, s.services.join(", "))),
        Field(
            Ui::FCapacity,
            match s.capacity {
                Some(n) => fill(t(Ui::CapacityUse), &[("used", &in_use.to_string()), ("total", &n.to_string())]),
                None => "–".to_string(),
            },
        ),
        Blank,
        Heading(Ui::HContacts),
    ];
    if s.contacts.is_empty() {
        lines.push(add_line(lang, PartKind::Contact));
    }
    for (i, c) in s.contacts.iter().enumerate() {
        let phone = i18n::phone(lang, &c.phone);
        let parts: Vec<&str> =
            [c.role.as_str(), phone.as_str(), c.email.as_str()].into_iter().filter(|p| !p.is_empty()).collect();
        let text = if parts.is_empty() { c.name.clone() } else { format!("{} — {}", c.name, parts.join(", ")) };
        lines.push(Link(text, Sel::part(PartRef::at(PartKind::Contact, i))));
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HReferredClients));
    if referrals.is_empty() {
        lines.push(Link(t(Ui::AddItem).into(), Sel { link: None, edit: Some(Edit::Referral(None)) }));
    }
    let mut refs: Vec<_> = referrals.iter().collect();
    // active ones first: they are what a partner works on now
    refs.sort_by_key(|r| (r.status != ReferralStatus::Active, r.status.is_final(), r.meta.id));
    for r in refs {
        let name = data.client_label(r.client.0, lang);
        let sharing = sharing_note(r, consents.get(&r.client.0), lang);
        lines.push(Link(
            format!("{name} — {} ({}){sharing}", r.service, i18n::referral_status(lang, r.status)),
            Sel { link: Some(r.client.to_ref()), edit: Some(Edit::Referral(Some(r.meta.id))) },
        ));
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HEvents));
    if events.is_empty() {
        lines.push(Item(t(Ui::None).into()));
    }
    let mut evs: Vec<&Event> = events.iter().collect();
    evs.sort_by_key(|e| std::cmp::Reverse(e.start));
    for e in evs {
        lines.push(Link(event_line(lang, e), Sel::link(e.id().to_ref())));
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HAgreements));
    if s.agreements.is_empty() {
        lines.push(add_line(lang, PartKind::Agreement));
    }
    for (i, a) in s.agreements.iter().enumerate() {
        let exp = a.expires.map(|d| format!(", {}", fill(t(Ui::Expires), &[("date", &i18n::date(lang, d))])));
        lines.push(Link(
            // its number, as events and documents name it (S-000006/2)
            format!(
                "{} {} — {}{} · {}/{}",
                i18n::agreement_kind(lang, a.kind),
                a.title,
                i18n::date(lang, a.signed),
                exp.unwrap_or_default(),
                s.id(),
                a.id.0
            ),
            Sel::part(PartRef::at(PartKind::Agreement, i)),
        ));
    }
    own_section(&mut lines, s, lang, names);
    Detail {
        target: s.id().to_ref(),
        lang,
        title: s.name.clone(),
        archived: s.meta.archived,
        lines,
        version: s.meta.version,
    }
}

/// The details of an event.
pub fn event_detail(e: &Event, data: &UiData, lang: Lang, names: &crate::words::RiskNames) -> Detail {
    use DetailLine::*;
    let t = |m: Ui| m.text(lang);
    let when = match e.end {
        Some(end) if end.date() != e.start.date() => {
            format!("{} {} {}", i18n::date(lang, e.start.date()), t(Ui::Until), i18n::date(lang, end.date()))
        }
        _ => i18n::date(lang, e.start.date()),
    };
    let mut lines = vec![Field(Ui::FKind, i18n::event_kind(lang, e.kind).to_string()), Field(Ui::FWhen, when)];
    if let Some(r) = &e.recurrence {
        lines.push(Field(Ui::FRepeats, i18n::rule_words(lang, r)));
    }
    lines.extend([
        Field(Ui::FLocation, e.location.clone()),
        Field(Ui::FCount, e.count().to_string()),
        Field(Ui::FSummary, e.summary.clone()),
        Field(Ui::FOutcomes, e.outcomes.clone()),
        Blank,
        Heading(Ui::HOrganisers),
    ]);
    if e.organisers.is_empty() {
        lines.push(add_line(lang, PartKind::Organiser));
    }
    for (i, o) in e.organisers.iter().enumerate() {
        lines.push(Link(
            data.stakeholder_name(o.0).unwrap_or(t(Ui::Unknown)).to_string(),
            Sel { link: Some(o.to_ref()), edit: Some(Edit::Part(PartRef::at(PartKind::Organiser, i))) },
        ));
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HParticipants));
    if e.participants.is_empty() {
        lines.push(add_line(lang, PartKind::Participant));
    }
    let series = e.is_series();
    let held: Vec<&crate::model::Meeting> =
        e.counted_meetings().filter(|m| m.status == crate::model::MeetingStatus::Held).collect();
    for (i, p) in e.participants.iter().enumerate() {
        let edit = Some(Edit::Part(PartRef::at(PartKind::Participant, i)));
        let (mut text, link) = match p {
            // in a series: the meetings held it attended
            Participant { who: Who::Client { client, .. }, .. } if series => {
                let came = held.iter().filter(|m| m.of(p.id) == crate::model::Attendance::Attended).count();
                let args = [("attended", came.to_string()), ("held", held.len().to_string())];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                (
                    format!("{} — {}", data.client_label(client.0, lang), fill(t(Ui::SeriesAttended), &args)),
                    Some(client.to_ref()),
                )
            }
            Participant { who: Who::Client { client, attendance }, .. } => (
                format!("{} — {}", data.client_label(client.0, lang), i18n::attendance(lang, *attendance)),
                Some(client.to_ref()),
            ),
            Participant { who: Who::Stakeholder { stakeholder, representative }, .. } => {
                let name = data.stakeholder_name(stakeholder.0).unwrap_or(t(Ui::Unknown));
                let text =
                    if representative.is_empty() { name.to_string() } else { format!("{name} — {representative}") };
                (text, Some(stakeholder.to_ref()))
            }
            Participant { who: Who::Officer { name }, .. } => match e.role(p.id) {
                crate::model::ParticipantRole::Participant => (format!("{name} ({})", t(Ui::Officer)), None),
                _ => (name.clone(), None),
            },
        };
        let role = e.role(p.id);
        if role != crate::model::ParticipantRole::Participant {
            text.push_str(&format!(" · {}", i18n::participant_role(lang, role)));
        }
        lines.push(Link(text, Sel { link, edit }));
    }
    if series {
        lines.push(Blank);
        lines.push(Heading(Ui::HMeetings));
        for m in &e.meetings {
            let came = m.attendance.iter().filter(|(_, a)| *a == crate::model::Attendance::Attended).count();
            let mut text =
                format!("#{}  {}  {}", m.number, i18n::date(lang, m.when.date()), i18n::meeting_status(lang, m.status));
            if came > 0 || m.status == crate::model::MeetingStatus::Held {
                text.push_str(&format!(" · {}", fill(t(Ui::MeetingCame), &[("n", &came.to_string())])));
            }
            lines.push(Link(text, Sel { link: None, edit: Some(Edit::Meeting(m.number)) }));
        }
    }
    lines.push(Blank);
    lines.push(Heading(Ui::HFollowUps));
    if e.follow_ups.is_empty() {
        lines.push(add_line(lang, PartKind::FollowUp));
    }
    for (i, f) in e.follow_ups.iter().enumerate() {
        let due = f.due.map(|d| format!(", {}", fill(t(Ui::Due), &[("date", &i18n::date(lang, d))])));
        lines.push(Link(
            format!(
                "[{}] {} — {}{}",
                t(if f.done { Ui::Done } else { Ui::Open }),
                f.what,
                f.owner,
                due.unwrap_or_default()
            ),
            Sel::part(PartRef::at(PartKind::FollowUp, i)),
        ));
    }
    own_section(&mut lines, e, lang, names);
    Detail {
        target: e.id().to_ref(),
        lang,
        title: e.title.clone(),
        archived: e.meta.archived,
        lines,
        version: e.meta.version,
    }
}

/// The users who may log in, by login name (admins only: the store
/// gives others none).
pub fn load_users(store: &Scoped) -> Result<Vec<crate::model::User>, StoreError> {
    if !store.actor().may(crate::store::rules::Op::ReadUsers) {
        return Err(StoreError::Forbidden {
            actor: store.actor().name.clone(),
            role: store.actor().role,
            record: RecordRef::new(RecordKind::User, 0),
        });
    }
    let mut users: Vec<crate::model::User> = store.scan::<crate::model::User>().collect::<Result<_, _>>()?;
    users.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(users)
}

/// Makes a change to the users, as `actor` (the store refuses it to all but admins, and audits it).
pub fn write_user(
    store: &Store,
    actor: &Actor,
    op: super::users::UserOp,
) -> Result<crate::model::User, crate::users::UserError> {
    use super::users::UserOp;
    match op {
        UserOp::Add(new) => crate::users::add(store, actor, new),
        UserOp::AddKey(name, key) => crate::users::add_key(store, actor, &name, &key),
        UserOp::RemoveKey(name, which) => crate::users::remove_key(store, actor, &name, &which),
        UserOp::Disabled(name, disabled) => crate::users::set_disabled(store, actor, &name, disabled),
        UserOp::Language(name, lang) => crate::users::set(
            store,
            actor,
            &name,
            &crate::users::Settings { language: Some(lang), ..crate::users::Settings::default() },
        ),
    }
}

/// Loads the demo data set into an empty database.
pub fn load_demo(
    store: &Store,
    actor: &Actor,
    clients: usize,
    seed: u64,
) -> Result<crate::demo::DemoSummary, StoreError> {
    let today = store.clock_for(actor).today();
    crate::demo::load(store, actor, &crate::demo::DemoOptions { clients, seed, today })
}

/// Whether `role` (a supervisor or not) may do `op`, by the store's own table.
pub const fn may(role: crate::model::Role, supervisor: bool, op: Op) -> bool {
    crate::store::rules::may(role, supervisor, op)
}

/// What an approval request is about, as the agenda says it.
pub fn approval_subject_text(subject: ApprovalSubject) -> String {
    crate::store::approvals::describe(subject)
}

/// The fields of a client that a merge chooses between.
pub fn merge_choices() -> impl Iterator<Item = &'static crate::schema::Field<Client>> {
    crate::store::merge::choosable()
}

#[cfg(test)]
mod history_words {
    use super::*;

    #[test]
    fn a_list_of_sub_records_changes_in_words() {
        let two = r#"[{"id":1,"date":"2024-01-02"},{"id":2,"date":"2024-02-02"}]"#;
        let three = r#"[{"id":1,"date":"2024-01-02"},{"id":2,"date":"2024-02-02"},{"id":3,"date":"2024-03-02"}]"#;
        let edited = r#"[{"id":1,"date":"2024-01-03"},{"id":2,"date":"2024-02-02"}]"#;
        assert_eq!(items_change(two, three, Lang::En).as_deref(), Some("2 → 3"));
        assert_eq!(items_change("[]", two, Lang::En).as_deref(), Some("0 → 2"));
        assert_eq!(items_change(two, edited, Lang::En).as_deref(), Some("2, 1 changed"));
        assert_eq!(items_change(two, edited, Lang::Id).as_deref(), Some("2, 1 diubah"));
        // words and plain values stay as they read
        assert_eq!(items_change(r#"["barista"]"#, r#"["barista","kue"]"#, Lang::En), None);
        assert_eq!(items_change(r#""Malang""#, r#""Batu""#, Lang::En), None);
    }

    /// Every field a history or an audit entry can name has a name in both
    /// languages, archiving too, and a flag reads yes or no.
    #[test]
    fn every_field_of_the_history_is_named_in_the_language() {
        use crate::schema::Table;
        fn names<R: Table>() -> Vec<&'static str> {
            R::fields().iter().map(|f| f.name).collect()
        }
        for (kind, fields) in [
            (RecordKind::Client, names::<Client>()),
            (RecordKind::Stakeholder, names::<Stakeholder>()),
            (RecordKind::Event, names::<Event>()),
            (RecordKind::Referral, names::<crate::model::Referral>()),
        ] {
            for field in fields.into_iter().chain(["archived"]) {
                for lang in Lang::ALL {
                    let label = field_label(kind, field, lang);
                    assert!(label != field, "{kind:?}.{field} has no {lang:?} name");
                }
            }
        }
        assert_eq!(field_label(RecordKind::Client, "archived", Lang::Id), "Diarsipkan");
        assert_eq!(history_value("true", Lang::Id), "ya");
        assert_eq!(history_value("false", Lang::En), "no");
        assert_eq!(history_value(r#""Batu""#, Lang::En), "Batu");
    }
}

#[cfg(test)]
mod early_tests {
    use super::*;
    use crate::model::Role;
    use crate::search::kept::{Source, early_reads_one_at_a_time};
    use crate::store::{OpenOptions, engine::EngineKind};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    /// Where the rows [`read_early`] made are, once its read is done.
    fn early_at() -> Option<usize> {
        early_rows().as_ref().map(|m| m.rows.as_ptr() as usize)
    }

    /// A large database's first rows are made beside sled's open, from the
    /// index read then: the first rows read take them when that index is
    /// the one searched, and make their own when a write came between. What
    /// they show is what rows read from the summaries show.
    #[test]
    fn rows_made_while_the_database_opened_are_taken_only_with_the_index_they_were_made_from() {
        let _one = early_reads_one_at_a_time();
        let clock = crate::clock::Clock::at(2026, 11, 27, 9, 0, 7);
        let (_dir, store) = crate::store::temp_store_on(clock.clone(), EngineKind::Sled);
        let admin = Actor::new("ana", Role::Admin);
        load_demo(&store, &admin, 40, 3).unwrap();
        let view = store.scoped(&admin).unwrap();
        let path = view.path().to_path_buf();
        assert_eq!(SearchIndex::open_view(&view, day(), true).unwrap().1, Source::Built, "and kept");
        let fresh = UiData::load(&view);
        drop((view, store));
        let opts = OpenOptions { clock, engine: EngineKind::Sled, ..OpenOptions::default() };

        // the kept index is current: its rows are taken as they were made
        read_early(&path, Role::Admin, Some(day()));
        let store = Store::open(&path, &opts).unwrap();
        let view = store.scoped(&admin).unwrap();
        let (index, source) = SearchIndex::open_view(&view, day(), false).unwrap();
        assert_eq!(source, Source::KeptEarly);
        let made = early_at().expect("rows made with the read");
        let index = Arc::new(index);
        let data = UiData::load_with(&view, || Some(Arc::clone(&index)));
        assert_eq!(data.clients.as_ptr() as usize, made, "taken, not made again");
        assert!(early_at().is_none(), "taken once");
        assert_eq!(data.clients, fresh.clients);
        assert!(data.clients.iter().zip(index.clients.iter()).all(|(r, e)| r.shares_text_with(e)));
        assert_eq!(data.widths, Widths::of(&data.clients, &data.stakeholders, &data.events));
        assert_eq!(data.widths, fresh.widths);
        drop((data, index, view, store));

        // a write between the read and the session: the rows are the
        // session's own, with the client written
        read_early(&path, Role::Admin, Some(day()));
        let store = Store::open(&path, &opts).unwrap();
        let mut c = Client::new("Zaenal Kemal");
        c.consent.given = true;
        store.create(&admin, c).unwrap();
        let view = store.scoped(&admin).unwrap();
        let (index, source) = SearchIndex::open_view(&view, day(), false).unwrap();
        assert_eq!(source, Source::Built);
        let made = early_at().expect("rows made with the read");
        let data = UiData::load_with(&view, || Some(Arc::new(index)));
        assert_ne!(data.clients.as_ptr() as usize, made);
        assert!(early_at().is_none(), "dropped");
        assert_eq!(data.clients.len(), fresh.clients.len() + 1);
        assert!(data.clients.iter().any(|r| r.name() == "Zaenal Kemal"));
    }

    /// A row is 56 bytes on a 64-bit machine (5.6 MB at 100 000 clients):
    /// its office and officer are thin pointers to names shared by all rows.
    #[test]
    fn a_row_stays_small() {
        assert!(std::mem::size_of::<ClientRow>() <= 56, "{}", std::mem::size_of::<ClientRow>());
        let mut names = Names::default();
        let (a, b) = (names.get("Bapas Malang"), names.get("Bapas Malang"));
        assert!(Arc::ptr_eq(&a, &b), "one copy of a name");
    }

    /// Rows made from an index whose entries changed since are not its rows.
    #[test]
    fn rows_of_an_index_changed_since_are_not_taken() {
        let _one = early_reads_one_at_a_time();
        let (_dir, store) = crate::store::temp_store();
        let admin = Actor::new("ana", Role::Admin);
        load_demo(&store, &admin, 12, 3).unwrap();
        let view = store.scoped(&admin).unwrap();
        let (mut index, _) = SearchIndex::open_view(&view, day(), false).unwrap();
        *early_rows() = Some(IndexRows::of(&index));
        assert!(take_early_rows(&index).is_some(), "the same index");
        *early_rows() = Some(IndexRows::of(&index));
        let mut c = store.get::<Client>(index.clients.iter().next().unwrap().id).unwrap().unwrap();
        c.full_name = "Ganti Nama".into();
        index.upsert_client(&c, &[]);
        assert!(take_early_rows(&index).is_none(), "one entry is another");
        assert!(early_rows().is_none());
    }
}
