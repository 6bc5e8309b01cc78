//! Everything a user can do, as one list: [`Action`].
//!
//! Each action has a stable snake_case name (used in keymap files and the
//! command palette), an optional argument (`tab clients`) and a translated
//! description. The list is written once, in the `actions!` invocation
//! below; names, parsing, descriptions and [`Action::all()`] follow from it.
//! Keymaps ([`crate::keymap`]) map keys to actions per [`Context`].

use std::fmt;

use crate::model::keys;

keys! {
    /// The keys of the texts of [`Action`], [`Context`] and [`TabName`]
    /// (their texts: `i18n::actions`).
    ActionMsg {
        Quit,
        ForceQuit,
        Help,
        Palette,
        SwitchLanguage,
        Up,
        Down,
        Left,
        Right,
        PageUp,
        PageDown,
        HalfPageUp,
        HalfPageDown,
        First,
        Last,
        NextTab,
        PrevTab,
        Tab,
        Open,
        Back,
        Forward,
        FocusNext,
        FocusPrev,
        NextLink,
        PrevLink,
        SortNextColumn,
        SortReverse,
        Search,
        SearchNext,
        SearchPrev,
        ClearFilter,
        GlobalSearch,
        SaveSearch,
        SavedSearches,
        Accept,
        NewRecord,
        EditRecord,
        Archive,
        Restore,
        ToggleArchived,
        Save,
        Cancel,
        NextField,
        PrevField,
        ConfirmYes,
        ConfirmNo,
        LoadDemo,
        CancelPending,
        Report,
        RequestApproval,
        Approve,
        Reject,
        Mark,
        MarkAll,
        Bulk,
        BulkOfficer,
        BulkFlag,
        BulkEvent,
        MergeMark,
        Merge,
        Flag,
        Attach,
        Purge,
        UserAdd,
        UserKeyAdd,
        UserKeyRemove,
        UserDisable,
        UserEnable,
        UserLanguage,
        Revert,
        ExternalEditor,
        Export,
        CycleOffice,
        CycleOfficer,
        MyClients,
        ExportListCsv,
        ExportListJson,
        ExportSummaryMarkdown,
        ExportSummaryText,
        ExportLitmas,
        ExportAttendance,
        ExportSessionsCsv,
        ExportSessionsTable,
        TabClients,
        TabStakeholders,
        TabEvents,
        TabAgenda,
        TabDashboard,
        TabAudit,
        TabUsers,
        CtxGlobal,
        CtxList,
        CtxDetail,
        CtxForm,
        CtxSearch,
        CtxPalette,
        CtxConfirm,
        CtxUsers,
    }
}

/// Declares the actions: `"name" => Variant [(ArgType)], DescriptionKey;`.
///
/// An argument type is declared with [`action_arg!`]; every one of its
/// values is listed by [`Action::all`] for that action.
macro_rules! actions {
    ($( $name:literal => $variant:ident $( ( $arg:ident ) )? , $desc:ident; )+) => {
        /// A thing a user can do. See the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant $( ($arg) )?,
            )+
        }

        impl Action {
            /// Every action, those with an argument once per argument value,
            /// in the order of declaration.
            pub fn all() -> &'static [Action] {
                static ALL: std::sync::OnceLock<Vec<Action>> = std::sync::OnceLock::new();
                ALL.get_or_init(|| vec![$( actions!(@each $variant $( $arg )?) ),+].concat())
            }

            /// The names of all actions (without arguments), in order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The stable snake_case name, without the argument.
            pub fn name(self) -> &'static str {
                match self {
                    $( Action::$variant { .. } => $name, )+
                }
            }

            /// The key of the description in [`ActionMsg`].
            pub fn desc_key(self) -> ActionMsg {
                match self {
                    $( Action::$variant { .. } => ActionMsg::$desc, )+
                }
            }

            /// The argument's name, for actions that take one.
            pub fn arg(self) -> Option<&'static str> {
                match self {
                    $( Action::$variant { .. } => actions!(@arg self, $variant $( $arg )?), )+
                }
            }

            /// Builds the action called `name`, with its argument if any.
            fn build(name: &str, arg: Option<&str>) -> Result<Action, ActionParseError> {
                match name {
                    $( $name => actions!(@build $name, arg, $variant $( $arg )?), )+
                    _ => Err(ActionParseError::UnknownAction {
                        name: name.to_string(),
                        suggestions: nearest(name, Action::NAMES.iter().copied()),
                    }),
                }
            }
        }
    };

    (@each $variant:ident) => { vec![Action::$variant] };
    (@each $variant:ident $arg:ident) => { $arg::ALL.iter().map(|a| Action::$variant(*a)).collect::<Vec<_>>() };

    (@arg $self:ident, $variant:ident) => { None };
    (@arg $self:ident, $variant:ident $arg:ident) => {
        if let Action::$variant(a) = $self { Some(a.name()) } else { None }
    };

    (@build $name:literal, $a:ident, $variant:ident) => {
        match $a {
            None => Ok(Action::$variant),
            Some(_) => Err(ActionParseError::UnexpectedArgument { action: $name }),
        }
    };
    (@build $name:literal, $a:ident, $variant:ident $arg:ident) => {
        match $a {
            None => Err(ActionParseError::MissingArgument { action: $name, expected: $arg::NAMES }),
            Some(s) => $arg::parse(s).map(Action::$variant).ok_or_else(|| ActionParseError::UnknownArgument {
                action: $name,
                arg: s.to_string(),
                expected: $arg::NAMES,
            }),
        }
    };
}

actions! {
    "quit" => Quit, Quit;
    "force_quit" => ForceQuit, ForceQuit;
    "help" => Help, Help;
    "palette" => Palette, Palette;
    "switch_language" => SwitchLanguage, SwitchLanguage;
    "up" => Up, Up;
    "down" => Down, Down;
    "left" => Left, Left;
    "right" => Right, Right;
    "page_up" => PageUp, PageUp;
    "page_down" => PageDown, PageDown;
    "half_page_up" => HalfPageUp, HalfPageUp;
    "half_page_down" => HalfPageDown, HalfPageDown;
    "first" => First, First;
    "last" => Last, Last;
    "next_tab" => NextTab, NextTab;
    "prev_tab" => PrevTab, PrevTab;
    "tab" => Tab(TabName), Tab;
    "open" => Open, Open;
    "back" => Back, Back;
    "forward" => Forward, Forward;
    "focus_next" => FocusNext, FocusNext;
    "focus_prev" => FocusPrev, FocusPrev;
    "next_link" => NextLink, NextLink;
    "prev_link" => PrevLink, PrevLink;
    "sort_next_column" => SortNextColumn, SortNextColumn;
    "sort_reverse" => SortReverse, SortReverse;
    "search" => Search, Search;
    "search_next" => SearchNext, SearchNext;
    "search_prev" => SearchPrev, SearchPrev;
    "clear_filter" => ClearFilter, ClearFilter;
    "global_search" => GlobalSearch, GlobalSearch;
    "save_search" => SaveSearch, SaveSearch;
    "saved_searches" => SavedSearches, SavedSearches;
    "accept" => Accept, Accept;
    "new_record" => NewRecord, NewRecord;
    "edit_record" => EditRecord, EditRecord;
    "archive" => Archive, Archive;
    "restore" => Restore, Restore;
    "toggle_archived" => ToggleArchived, ToggleArchived;
    "save" => Save, Save;
    "cancel" => Cancel, Cancel;
    "next_field" => NextField, NextField;
    "prev_field" => PrevField, PrevField;
    "confirm_yes" => ConfirmYes, ConfirmYes;
    "confirm_no" => ConfirmNo, ConfirmNo;
    "load_demo" => LoadDemo, LoadDemo;
    "export" => Export(ExportWhat), Export;
    "report" => Report(ReportMark), Report;
    "cycle_office" => CycleOffice, CycleOffice;
    "cycle_officer" => CycleOfficer, CycleOfficer;
    "my_clients" => MyClients, MyClients;
    "cancel_pending" => CancelPending, CancelPending;
    "external_editor" => ExternalEditor, ExternalEditor;
    "revert" => Revert, Revert;
    "flag" => Flag, Flag;
    "attach" => Attach, Attach;
    "merge_mark" => MergeMark, MergeMark;
    "mark" => Mark, Mark;
    "mark_all" => MarkAll, MarkAll;
    "bulk" => Bulk(BulkWhat), Bulk;
    "merge" => Merge, Merge;
    "request_approval" => RequestApproval, RequestApproval;
    "approve" => Approve, Approve;
    "reject" => Reject, Reject;
    "purge" => Purge, Purge;
    "user_add" => UserAdd, UserAdd;
    "user_key_add" => UserKeyAdd, UserKeyAdd;
    "user_key_remove" => UserKeyRemove, UserKeyRemove;
    "user_disable" => UserDisable, UserDisable;
    "user_enable" => UserEnable, UserEnable;
    "user_language" => UserLanguage, UserLanguage;
}

impl Action {
    /// Parses `name` or `name ARG` (e.g. `tab clients`); surrounding and
    /// repeated whitespace is ignored.
    pub fn parse(s: &str) -> Result<Action, ActionParseError> {
        let mut words = s.split_whitespace();
        let Some(name) = words.next() else {
            return Err(ActionParseError::UnknownAction { name: String::new(), suggestions: Vec::new() });
        };
        let arg = words.next();
        if words.next().is_some() {
            return match name_static(name) {
                Some(action) => Err(ActionParseError::UnexpectedArgument { action }),
                None => Action::build(name, None),
            };
        }
        Action::build(name, arg)
    }
}

/// The `&'static` name of an action, if `name` is one.
fn name_static(name: &str) -> Option<&'static str> {
    Action::NAMES.iter().copied().find(|n| *n == name)
}

impl fmt::Display for Action {
    /// The notation of keymap files: the name, then the argument if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.arg() {
            Some(arg) => write!(f, "{} {}", self.name(), arg),
            None => f.write_str(self.name()),
        }
    }
}

/// Why a text is not an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionParseError {
    /// No action has this name; the nearest names are suggested.
    UnknownAction {
        /// The name given.
        name: String,
        /// Valid names close to it, nearest first.
        suggestions: Vec<&'static str>,
    },
    /// The action takes an argument and none was given.
    MissingArgument {
        /// The action.
        action: &'static str,
        /// The valid arguments.
        expected: &'static [&'static str],
    },
    /// The argument is not one the action knows.
    UnknownArgument {
        /// The action.
        action: &'static str,
        /// The argument given.
        arg: String,
        /// The valid arguments.
        expected: &'static [&'static str],
    },
    /// The action takes no argument (or fewer than given).
    UnexpectedArgument {
        /// The action.
        action: &'static str,
    },
}

/// The argument of an action with a fixed set of values.
trait ActionArg: Sized {
    /// The names of all values, in order.
    const NAMES: &'static [&'static str];
    /// The value with this name.
    fn parse(s: &str) -> Option<Self>;
}

/// Declares an action's argument type: each value with its name in keymap
/// files, once; `ALL`, `NAMES`, `name` and parsing follow from the list.
macro_rules! action_arg {
    ($(#[$m:meta])* $ty:ident { $( $(#[$vm:meta])* $v:ident = $n:literal ),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $ty { $( $(#[$vm])* $v ),+ }

        impl $ty {
            /// Every value, in order.
            pub const ALL: &'static [$ty] = &[$($ty::$v),+];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $($ty::$v => $n),+ }
            }
        }

        impl ActionArg for $ty {
            const NAMES: &'static [&'static str] = &[$($n),+];

            fn parse(s: &str) -> Option<Self> {
                $ty::ALL.iter().copied().find(|t| t.name() == s)
            }
        }
    };
}

action_arg! {
    /// A tab of the tab bar (argument of `tab`): the three record lists and
    /// the case-work screens. The one list of tabs: the tab bar, the keys
    /// 1–7 and the palette follow it.
    TabName {
        /// Clients (klien).
        Clients = "clients",
        /// Stakeholders (pemangku kepentingan).
        Stakeholders = "stakeholders",
        /// Events (kegiatan).
        Events = "events",
        /// What is due (agenda).
        Agenda = "agenda",
        /// Figures (dasbor).
        Dashboard = "dashboard",
        /// The audit log (admins).
        Audit = "audit",
        /// The users who may log in (admins).
        Users = "users",
    }
}

impl TabName {
    /// The kind of record the tab lists, if it is a list.
    pub fn kind(self) -> Option<crate::model::RecordKind> {
        use crate::model::RecordKind as K;
        match self {
            TabName::Clients => Some(K::Client),
            TabName::Stakeholders => Some(K::Stakeholder),
            TabName::Events => Some(K::Event),
            TabName::Agenda | TabName::Dashboard | TabName::Audit | TabName::Users => None,
        }
    }

    /// Position in [`TabName::ALL`] (its key is one more).
    pub fn index(self) -> usize {
        TabName::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab listing a kind (clients for a kind without a list).
    pub fn of_kind(kind: crate::model::RecordKind) -> TabName {
        TabName::ALL.iter().copied().find(|t| t.kind() == Some(kind)).unwrap_or(TabName::Clients)
    }

    /// The key of its label.
    pub fn key(self) -> ActionMsg {
        match self {
            TabName::Clients => ActionMsg::TabClients,
            TabName::Stakeholders => ActionMsg::TabStakeholders,
            TabName::Events => ActionMsg::TabEvents,
            TabName::Agenda => ActionMsg::TabAgenda,
            TabName::Dashboard => ActionMsg::TabDashboard,
            TabName::Audit => ActionMsg::TabAudit,
            TabName::Users => ActionMsg::TabUsers,
        }
    }
}

action_arg! {
    /// What to export (argument of `export`): the list on screen, or a
    /// document of the record on screen.
    ExportWhat {
        /// The current list, as filtered, to CSV.
        ListCsv = "list_csv",
        /// The current list, as filtered, to JSON.
        ListJson = "list_json",
        /// The selected client's case summary, Markdown.
        SummaryMarkdown = "summary_markdown",
        /// The selected client's case summary, plain text.
        SummaryText = "summary_text",
        /// The selected event's attendance list, CSV.
        Attendance = "attendance",
        /// The selected client's Litmas report (the one selected in the details, else the newest), Markdown.
        Litmas = "litmas",
        /// The monthly report for the regional office (a month asked, this one offered), CSV.
        SessionsCsv = "sessions_csv",
        /// The monthly report for the regional office, a plain text table to print.
        SessionsTable = "sessions_table",
    }
}

impl ExportWhat {
    /// The key of its label.
    pub fn key(self) -> ActionMsg {
        match self {
            ExportWhat::ListCsv => ActionMsg::ExportListCsv,
            ExportWhat::ListJson => ActionMsg::ExportListJson,
            ExportWhat::SummaryMarkdown => ActionMsg::ExportSummaryMarkdown,
            ExportWhat::SummaryText => ActionMsg::ExportSummaryText,
            ExportWhat::Attendance => ActionMsg::ExportAttendance,
            ExportWhat::Litmas => ActionMsg::ExportLitmas,
            ExportWhat::SessionsCsv => ActionMsg::ExportSessionsCsv,
            ExportWhat::SessionsTable => ActionMsg::ExportSessionsTable,
        }
    }

    /// Whether it is the monthly report (of the office, not of the screen).
    pub fn is_report(self) -> bool {
        matches!(self, ExportWhat::SessionsCsv | ExportWhat::SessionsTable)
    }
}

action_arg! {
    /// What bulk work does to the marked clients (argument of `bulk`).
    BulkWhat {
        /// Reassign their officer.
        Officer = "officer",
        /// Raise a flag on each.
        Flag = "flag",
        /// Add them to an event.
        Event = "event",
    }
}

impl BulkWhat {
    /// The key of its label.
    pub fn key(self) -> ActionMsg {
        match self {
            BulkWhat::Officer => ActionMsg::BulkOfficer,
            BulkWhat::Flag => ActionMsg::BulkFlag,
            BulkWhat::Event => ActionMsg::BulkEvent,
        }
    }
}

action_arg! {
    /// What the reporting register records (argument of `report`).
    ReportMark {
        /// The client reported (hadir).
        Attended = "attended",
        /// The client did not report (tidak hadir).
        Missed = "missed",
        /// Excused by the officer (izin).
        Excused = "excused",
    }
}

impl ReportMark {
    /// The register's status.
    pub fn status(self) -> crate::model::ReportingStatus {
        match self {
            ReportMark::Attended => crate::model::ReportingStatus::Attended,
            ReportMark::Missed => crate::model::ReportingStatus::Missed,
            ReportMark::Excused => crate::model::ReportingStatus::Excused,
        }
    }
}

/// Where the user is: which bindings of a keymap apply. A context's own
/// bindings come first, then those of `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Everywhere, unless a context binds the same key.
    Global,
    /// A list of records.
    List,
    /// The details of one record.
    Detail,
    /// A form being edited.
    Form,
    /// The search (filter) input.
    Search,
    /// The command palette.
    Palette,
    /// A yes/no question.
    Confirm,
    /// The list of users (admins): the list's keys too, its own first.
    Users,
}

impl Context {
    /// Every context, `global` first.
    pub const ALL: [Context; 8] = [
        Context::Global,
        Context::List,
        Context::Detail,
        Context::Form,
        Context::Search,
        Context::Palette,
        Context::Confirm,
        Context::Users,
    ];

    /// The stable name (the table name in keymap files).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Detail => "detail",
            Context::Form => "form",
            Context::Search => "search",
            Context::Palette => "palette",
            Context::Confirm => "confirm",
            Context::Users => "users",
        }
    }

    /// The context with this name.
    pub fn parse(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }

    /// The key of its label.
    pub fn key(self) -> ActionMsg {
        match self {
            Context::Global => ActionMsg::CtxGlobal,
            Context::List => ActionMsg::CtxList,
            Context::Detail => ActionMsg::CtxDetail,
            Context::Form => ActionMsg::CtxForm,
            Context::Search => ActionMsg::CtxSearch,
            Context::Palette => ActionMsg::CtxPalette,
            Context::Confirm => ActionMsg::CtxConfirm,
            Context::Users => ActionMsg::CtxUsers,
        }
    }

    /// Whether typed characters are text here (form, search, palette):
    /// printable keys then skip `global` and are returned unbound.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Form | Context::Search | Context::Palette)
    }

    /// Whether digits may count (`5j`) here, when the keymap enables counts.
    pub fn takes_count(self) -> bool {
        matches!(self, Context::List | Context::Detail | Context::Users)
    }

    /// The context whose bindings apply beneath this one's (before
    /// `global`): a screen that is a list moves as every list does.
    pub fn parent(self) -> Option<Context> {
        match self {
            Context::Users => Some(Context::List),
            _ => None,
        }
    }
}

/// Up to three of `candidates` nearest to `name` (edit distance, then
/// shared prefix), for "did you mean" hints.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let limit = (name.chars().count() / 2).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| {
            let d = edit_distance(name, c);
            let d = if !name.is_empty() && (c.starts_with(name) || c.contains(name)) { d.min(1) } else { d };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn names_round_trip_through_parse() {
        for a in Action::all() {
            assert_eq!(Action::parse(&a.to_string()), Ok(*a), "{a}");
        }
        assert_eq!(Action::parse("  tab   events "), Ok(Action::Tab(TabName::Events)));
    }

    #[test]
    fn names_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for n in Action::NAMES {
            assert!(seen.insert(*n), "{n} twice");
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{n}");
            assert_ne!(*n, "none", "`none` removes a binding, it is no action");
        }
    }

    #[test]
    fn parse_errors() {
        match Action::parse("quitt") {
            Err(ActionParseError::UnknownAction { suggestions, .. }) => assert_eq!(suggestions.first(), Some(&"quit")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(Action::parse("tab"), Err(ActionParseError::MissingArgument { action: "tab", .. })));
        assert!(matches!(Action::parse("tab reports"), Err(ActionParseError::UnknownArgument { .. })));
        assert_eq!(Action::parse("tab audit"), Ok(Action::Tab(TabName::Audit)));
        assert_eq!(Action::parse("export summary_text"), Ok(Action::Export(ExportWhat::SummaryText)));
        assert!(matches!(Action::parse("quit now"), Err(ActionParseError::UnexpectedArgument { action: "quit" })));
        assert!(matches!(Action::parse("tab clients x"), Err(ActionParseError::UnexpectedArgument { action: "tab" })));
        assert!(matches!(Action::parse(""), Err(ActionParseError::UnknownAction { .. })));
    }

    #[test]
    fn descriptions_in_both_languages() {
        for a in Action::all() {
            for lang in Lang::ALL {
                let d = a.description(lang);
                assert!(!d.is_empty() && !d.contains('{'), "{a}: {d}");
            }
        }
        assert_eq!(Action::Tab(TabName::Clients).description(Lang::Id), "Buka tab klien");
    }

    #[test]
    fn contexts_by_name() {
        for c in Context::ALL {
            assert_eq!(Context::parse(c.name()), Some(c));
        }
        assert_eq!(Context::parse("lists"), None);
    }

    #[test]
    fn nearest_names() {
        assert_eq!(nearest("serch", Action::NAMES.iter().copied()).first(), Some(&"search"));
        assert!(nearest("zzzzzzzzzz", Action::NAMES.iter().copied()).is_empty());
    }
}
