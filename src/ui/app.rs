//! The state of one interface session (The Elm Architecture's model).
//!
//! Plain data: no store, no terminal. [`super::update`] changes it,
//! [`super::view`] draws it. The SSH server holds one `App` per
//! connection.

use std::sync::Arc;

use chrono::NaiveDate;

use super::theme::Theme;
use crate::i18n::Lang;
use crate::i18n::ui::Ui;
use crate::keymap::Keymap;
use crate::model::{RecordKind, RecordRef};

/// What the interface knows of a listed kind of record ([`RecordKind::LISTED`]):
/// its list's title, columns and first order.
pub trait Listed: Copy {
    /// Position in [`RecordKind::LISTED`] (the lists of an [`App`]).
    fn index(self) -> usize;
    /// The list's title.
    fn label(self) -> Ui;
    /// The columns of its table.
    fn columns(self) -> &'static [Column];
    /// The order a fresh list is in.
    fn default_sort(self) -> Sort;
}

impl Listed for RecordKind {
    fn index(self) -> usize {
        self.listed_index()
    }

    fn label(self) -> Ui {
        match self {
            RecordKind::Stakeholder => Ui::TabStakeholders,
            RecordKind::Event => Ui::TabEvents,
            _ => Ui::TabClients,
        }
    }

    fn columns(self) -> &'static [Column] {
        match self {
            RecordKind::Stakeholder => STAKEHOLDER_COLUMNS,
            RecordKind::Event => EVENT_COLUMNS,
            _ => CLIENT_COLUMNS,
        }
    }

    fn default_sort(self) -> Sort {
        match self {
            RecordKind::Event => Sort { column: 1, descending: true },
            _ => Sort { column: 1, descending: false },
        }
    }
}

/// What the main area shows: the record lists (of [`App::tab`]) or one
/// of the case-work screens, which list no records of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// The list of the current kind ([`App::tab`]), with its details.
    Records,
    /// What is due.
    Agenda,
    /// Figures.
    Dashboard,
    /// The audit log (admins).
    Audit,
    /// The users who may log in (admins).
    Users,
}

pub use crate::action::TabName;

/// The tabs a user sees, in order (the keys 1–7): the audit log and the
/// users only for admins.
pub fn visible_tabs(admin: bool) -> impl Iterator<Item = TabName> {
    TabName::ALL.iter().copied().filter(move |t| admin || !matches!(t, TabName::Audit | TabName::Users))
}

/// A tab's title.
pub fn tab_label(t: TabName) -> Ui {
    match t.kind() {
        Some(k) => k.label(),
        None if t == TabName::Agenda => Ui::TabAgenda,
        None if t == TabName::Audit => Ui::TabAudit,
        None if t == TabName::Users => Ui::TabUsers,
        None => Ui::TabDashboard,
    }
}

/// A place the back and forward history returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A record's details, and the line of them that was selected (0: none).
    Record(RecordRef, usize),
    /// The agenda, at the line selected when it was left.
    Agenda,
    /// The audit log, at the entry selected when it was left.
    Audit,
}

impl PartialEq<RecordRef> for Place {
    /// A place is a record when it is that record's details.
    fn eq(&self, other: &RecordRef) -> bool {
        matches!(self, Place::Record(r, _) if r == other)
    }
}

/// The agenda's selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaState {
    /// Index of the selected item.
    pub selected: usize,
    /// First drawn row (group headings count as rows).
    pub offset: usize,
}

/// The dashboard's filter and scroll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardState {
    /// Which clients the figures count.
    pub filter: crate::casework::dashboard::Filter,
    /// First drawn line.
    pub scroll: usize,
}

/// A column of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Header.
    pub title: Ui,
    /// Takes the room the other columns leave (the name or title); the
    /// others are as wide as their content (see [`super::view`]).
    pub fill: bool,
    /// Shown only when the list is wide.
    pub wide_only: bool,
    /// The field of the record's table it shows, if one: a role that may
    /// not read the field sees the column withheld and cannot sort by it.
    pub field: Option<&'static str>,
}

const fn col(title: Ui, wide_only: bool) -> Column {
    Column { title, fill: false, wide_only, field: None }
}

const fn fill(title: Ui) -> Column {
    Column { title, fill: true, wide_only: false, field: None }
}

const fn of(column: Column, field: &'static str) -> Column {
    Column { field: Some(field), ..column }
}

const CLIENT_COLUMNS: &[Column] = &[
    col(Ui::ColId, false),
    of(fill(Ui::ColName), "full_name"),
    of(col(Ui::ColRegister, false), "register_no"),
    of(col(Ui::ColOffice, true), "office"),
    of(col(Ui::ColOfficer, true), "officer"),
    // the current category comes from the assessments
    of(col(Ui::ColRisk, false), "assessments"),
    of(col(Ui::ColStatus, false), "status"),
];
const STAKEHOLDER_COLUMNS: &[Column] = &[
    col(Ui::ColId, false),
    fill(Ui::ColName),
    col(Ui::ColKind, false),
    col(Ui::ColRegion, true),
    col(Ui::ColStatus, false),
];
const EVENT_COLUMNS: &[Column] = &[
    col(Ui::ColId, false),
    col(Ui::ColDate, false),
    fill(Ui::ColTitle),
    col(Ui::ColKind, false),
    col(Ui::ColLocation, true),
    col(Ui::ColParticipants, true),
];

/// Which column a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// Index into the tab's columns.
    pub column: usize,
    /// Largest first.
    pub descending: bool,
}

/// One list's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    /// Positions into the rows of the kind, filtered and sorted: what is listed.
    pub order: Vec<u32>,
    /// Index into `order` of the selected row.
    pub selected: usize,
    /// Index into `order` of the first row drawn.
    pub offset: usize,
    /// Sort column and direction.
    pub sort: Sort,
    /// Archived records listed too.
    pub show_archived: bool,
}

/// Which part has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The list.
    List,
    /// The details of the selected record.
    Detail,
}

/// What covers the screen, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The key help.
    Help,
    /// "Quit with unsaved changes?"
    ConfirmQuit,
    /// "Archive this record?" (naming it).
    ConfirmArchive(RecordRef),
    /// "Remove this part of the record?" (naming both); the record's version as shown.
    ConfirmRemove(RecordRef, crate::ui::form::parts::PartRef, u64),
    /// "Revert this change?" (naming the record and the change).
    ConfirmRevert(RecordRef, u64),
    /// "Disable this user?" (the user's record id).
    ConfirmDisable(u64),
}

/// Kind of status message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgKind {
    /// Information.
    Info,
    /// Something went wrong (marked by a symbol and a word, not only colour).
    Error,
}

/// A message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMsg {
    /// Information or error.
    pub kind: MsgKind,
    /// The text (already translated).
    pub text: String,
}

/// The whole interface state.
#[derive(Debug, Clone)]
pub struct App {
    /// The record tab: the one shown when [`App::screen`] is the records, remembered otherwise.
    pub tab: RecordKind,
    /// Records, agenda or dashboard.
    pub screen: Screen,
    /// The agenda's selection.
    pub agenda: AgendaState,
    /// The agenda lists only the user's own clients' lines ([`super::caseload`]).
    pub agenda_mine: bool,
    /// The dashboard's filter.
    pub dashboard: DashboardState,
    /// Per-tab list state, indexed by [`Tab::index`].
    pub lists: [ListState; 3],
    /// List or details.
    pub focus: Focus,
    /// Help or a question over the screen.
    pub overlay: Option<Overlay>,
    /// What ties the stakeholder an archive question is about (read when it was asked).
    pub archive_ties: Option<(crate::model::RecordRef, crate::ui::data::Ties)>,
    /// Message of the status line.
    pub status: Option<StatusMsg>,
    /// Text to put on the user's clipboard with the next frame (OSC 52).
    pub clipboard: Option<String>,
    /// Interface language.
    pub lang: Lang,
    /// The office's names for the colour categories (settings).
    pub risk_names: crate::words::RiskNames,
    /// Colours and drawing characters.
    pub theme: Theme,
    /// Places to go back to, most recent last.
    pub back: Vec<Place>,
    /// Places to go forward to, most recent last.
    pub forward: Vec<Place>,
    /// Selected line in the details: 0 is the record itself (no line),
    /// `k` the k-th selectable line.
    pub link: usize,
    /// First detail line drawn.
    pub detail_scroll: usize,
    /// First help line drawn, when the help does not fit the screen.
    pub help_scroll: usize,
    /// A form holds unsaved changes (forms come later; quitting asks first).
    pub dirty: bool,
    /// Terminal width.
    pub width: u16,
    /// Terminal height.
    pub height: u16,
    /// Database as shown in the status line.
    pub db_label: String,
    /// User as shown in the status line.
    pub user: String,
    /// The user may only read (a viewer): forms do not open. The store refuses their writes too.
    pub read_only: bool,
    /// The user is an admin: the audit tab is shown (the store checks too).
    pub is_admin: bool,
    /// The audit tab.
    pub audit: super::audit::AuditView,
    /// The users tab.
    pub users: super::users::UsersView,
    /// A one-line question being answered (a flag's message, the reason to take it off).
    pub prompt: Option<Prompt>,
    /// Clients marked for bulk work.
    pub marked: std::collections::BTreeSet<u64>,
    /// The client marked as a duplicate to merge (`m`), if any.
    pub merge_from: Option<u64>,
    /// Two clients side by side, being merged.
    pub merge: Option<super::merge::MergeView>,
    /// A meeting's check-in, open on screen.
    pub checkin: Option<Box<super::checkin::CheckIn>>,
    /// The user is a partner: no merges (the store refuses them too).
    pub partner: bool,
    /// The user's role: what they may search and sort by follows it.
    pub role: crate::model::Role,
    /// The user decides approval requests.
    pub supervisor: bool,
    /// The month the monthly report is written for, as last answered.
    pub report_month: Option<crate::casework::monthly::Month>,
    /// The name the user's clients' case files give as officer, if they
    /// have one ([`crate::ui::data::Actor::officer`]): `officer:me` and "my
    /// clients" match it.
    pub officer: Option<String>,
    /// Today in the user's zone; the session moves it at midnight.
    pub today: NaiveDate,
    /// The zone times are shown in (the user's, else the office's).
    pub zone: crate::clock::Zone,
    /// The keymap (shared by sessions; help and hints are read from it).
    pub keymap: Arc<Keymap>,
    /// Keys of a sequence or count being typed, for the status line.
    pub pending: Option<String>,
    /// List filters, the query box, search history and saved filters.
    pub filter: super::filter::FilterState,
    /// The global search overlay, when open.
    pub global: Option<super::global_search::GlobalSearch>,
    /// The command palette and the which-key box.
    pub popups: super::palette::Popups,
    /// The form being filled in, over the lists.
    pub form: Option<Box<super::form::Form>>,
    /// An outside editor can run in this session (it has a terminal of its
    /// own; over SSH it has not): the notes field's hint offers it.
    pub editor: bool,
}

impl StatusMsg {
    /// An error message.
    pub fn error(text: impl Into<String>) -> StatusMsg {
        StatusMsg { kind: MsgKind::Error, text: text.into() }
    }
}

impl App {
    /// A fresh session on the first tab.
    pub fn new(
        lang: Lang,
        theme: Theme,
        keymap: Arc<Keymap>,
        db_label: String,
        user: String,
        clock: &crate::clock::Clock,
    ) -> App {
        let list = |t: RecordKind| ListState {
            order: Vec::new(),
            selected: 0,
            offset: 0,
            sort: t.default_sort(),
            show_archived: false,
        };
        App {
            tab: RecordKind::Client,
            screen: Screen::Records,
            agenda: AgendaState::default(),
            agenda_mine: false,
            dashboard: DashboardState::default(),
            lists: RecordKind::LISTED.map(list),
            focus: Focus::List,
            overlay: None,
            archive_ties: None,
            status: None,
            clipboard: None,
            lang,
            risk_names: crate::words::RiskNames::default(),
            theme,
            back: Vec::new(),
            forward: Vec::new(),
            link: 0,
            detail_scroll: 0,
            help_scroll: 0,
            dirty: false,
            width: 80,
            height: 24,
            db_label,
            user,
            read_only: false,
            is_admin: false,
            audit: super::audit::AuditView::default(),
            users: super::users::UsersView::default(),
            prompt: None,
            marked: Default::default(),
            merge_from: None,
            merge: None,
            checkin: None,
            partner: false,
            role: crate::model::Role::Officer,
            supervisor: false,
            report_month: None,
            officer: None,
            today: clock.today(),
            zone: clock.zone(),
            keymap,
            pending: None,
            filter: super::filter::FilterState::default(),
            global: None,
            popups: super::palette::Popups::default(),
            form: None,
            editor: false,
        }
    }

    /// Whether the user may do `op`, by the store's rules.
    pub fn may(&self, op: crate::ui::data::Op) -> bool {
        crate::ui::data::may(self.role, self.supervisor, op)
    }

    /// The tab of the tab bar shown.
    pub fn page(&self) -> TabName {
        match self.screen {
            Screen::Records => TabName::of_kind(self.tab),
            Screen::Agenda => TabName::Agenda,
            Screen::Dashboard => TabName::Dashboard,
            Screen::Audit => TabName::Audit,
            Screen::Users => TabName::Users,
        }
    }

    /// The current tab's list.
    pub fn list(&self) -> &ListState {
        &self.lists[self.tab.index()]
    }

    /// The current tab's list, mutable.
    pub fn list_mut(&mut self) -> &mut ListState {
        &mut self.lists[self.tab.index()]
    }

    /// Sets an information message.
    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(StatusMsg { kind: MsgKind::Info, text: text.into() });
    }

    /// Sets an error message.
    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(StatusMsg { kind: MsgKind::Error, text: text.into() });
    }

    /// The selectable line of the details chosen, counted from 0; `None`
    /// when the record itself is (edit then edits the record).
    pub fn line(&self) -> Option<usize> {
        self.link.checked_sub(1)
    }

    /// A translated text.
    pub fn t(&self, m: Ui) -> &'static str {
        m.text(self.lang)
    }
}

/// A one-line question: what it is for, and the answer being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What the answer does.
    pub kind: PromptKind,
    /// The answer.
    pub line: super::filter::LineEdit,
    /// A passphrase's first answer while it is asked again, to check that
    /// it was typed as meant.
    pub first: Option<String>,
}

impl Prompt {
    /// An empty answer to a question of this kind.
    pub fn new(kind: PromptKind) -> Prompt {
        Prompt { kind, line: super::filter::LineEdit::default(), first: None }
    }
}

/// What a prompt's answer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Raise a flag on this client; the answer is its message.
    Flag(u64),
    /// Take flag `.1` off client `.0`; the answer is the reason.
    Unflag(u64, usize),
    /// Ask for approval about a part of a client (an assessment or Litmas),
    /// or its closure when `None`; the answer is the comment.
    Request(u64, Option<crate::ui::form::parts::PartRef>),
    /// Decide request `.1` of client `.0` (approve when `.2`); the answer is the comment.
    Decide(u64, u64, bool),
    /// Bulk work on the marked clients; the answer is the officer, the message or the event id.
    Bulk(crate::action::BulkWhat),
    /// A question of the users tab (admins).
    User(super::users::Ask),
    /// An export of client data; the answer is the passphrase (empty: in the clear, audited).
    Export(crate::action::ExportWhat),
    /// The month of the monthly report (`YYYY-MM`, this month filled in); the passphrase follows.
    ReportMonth(crate::action::ExportWhat),
    /// Purge a record or a part of it (as its details showed it) for good;
    /// the answer is the reason. `erased` records go with it (a client's
    /// referrals), it is taken out of `detached` others.
    Purge {
        /// What is purged.
        target: crate::ui::data::PurgeTarget,
        /// The part's line in the details, to name it.
        part: Option<crate::ui::form::parts::PartRef>,
        /// Records erased with it.
        erased: usize,
        /// Records it is taken out of.
        detached: usize,
    },
    /// Add a document to a record: the answer is the file's path (Tab completes it).
    AttachPath(RecordRef),
    /// The title of the document to add (its path in the prompt's `first`).
    AttachTitle(RecordRef),
    /// Take a document out of its case file; the answer is the reason.
    RemoveDocument(crate::model::DocumentId),
    /// Erase a document for good (admins); the answer is the reason.
    PurgeDocument(crate::model::DocumentId),
    /// Change meeting `.1` of series `.0`: a day moves it, `cancel` cancels
    /// it, a rule changes this and the following meetings.
    EditMeeting(u64, u32),
}
