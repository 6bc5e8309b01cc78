//! What is on screen, as a stack of layers, topmost first: the palette over
//! a question over a form over the list, and so on. Computed once per key,
//! it decides everything that depends on what is in front: the keymap
//! context, which handler an action goes to (a layer takes it or lets it
//! through to the one beneath), where typed text and pasted text go, and
//! which keys the hint line offers.

use crate::action::{Action, Context, ExportWhat};
use crate::keymap::Key;

use super::app::{App, Focus, Overlay, Screen};
use super::data::UiData;
use super::form::Ask;

/// One layer of what is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// The command palette.
    Palette,
    /// The key help.
    Help,
    /// "Quit with unsaved changes?"
    QuitQuestion,
    /// A question about a record: archive it, remove a part, revert a change.
    RecordQuestion,
    /// "Disable this user?"
    UserQuestion,
    /// A form's question: yes/no ones (discard, no free place), or those
    /// answered with their own keys (a clash, look-alikes).
    FormQuestion {
        /// Answered with yes or no.
        yes_no: bool,
    },
    /// A form.
    Form,
    /// Two clients side by side, being merged.
    Merge {
        /// "Merge them?" is asked.
        question: bool,
    },
    /// A one-line question: a flag's message, a reason, a passphrase, a month.
    Prompt,
    /// A meeting's check-in (a question of it asked when `question`).
    CheckIn {
        /// "Add as a guest?" or "Close the meeting?" is asked.
        question: bool,
    },
    /// The global search box and its hits.
    GlobalSearch,
    /// The saved searches to pick from.
    SavedSearches,
    /// The list filter's query box.
    QueryBox {
        /// A name for the query being saved is typed.
        naming: bool,
    },
    /// The audit log's query box.
    AuditQuery,
    /// The details of the selected record.
    Details,
    /// The list of the screen in front: records, agenda, dashboard or audit log.
    List(Screen),
    /// An empty database's first screen.
    Welcome,
}

/// The layers on screen, topmost first; the last is always the screen
/// itself (details, a list or the welcome screen).
pub fn stack(app: &App, data: &UiData) -> Vec<Layer> {
    let mut s = Vec::with_capacity(4);
    if app.popups.palette.is_some() {
        s.push(Layer::Palette);
    }
    match app.overlay {
        Some(Overlay::Help) => s.push(Layer::Help),
        Some(Overlay::ConfirmQuit) => s.push(Layer::QuitQuestion),
        Some(Overlay::ConfirmArchive(_) | Overlay::ConfirmRemove(..) | Overlay::ConfirmRevert(..)) => {
            s.push(Layer::RecordQuestion)
        }
        Some(Overlay::ConfirmDisable(_)) => s.push(Layer::UserQuestion),
        None => {}
    }
    if let Some(form) = &app.form {
        if let Some(ask) = &form.ask {
            s.push(Layer::FormQuestion { yes_no: matches!(ask, Ask::Discard | Ask::Capacity { .. }) });
        }
        s.push(Layer::Form);
    }
    if let Some(m) = &app.merge {
        s.push(Layer::Merge { question: m.confirm });
    }
    if app.prompt.is_some() {
        s.push(Layer::Prompt);
    }
    if let Some(c) = &app.checkin {
        s.push(Layer::CheckIn { question: c.ask.is_some() });
    }
    if app.global.is_some() {
        s.push(Layer::GlobalSearch);
    }
    if app.filter.picker.is_some() {
        s.push(Layer::SavedSearches);
    }
    if let Some(ed) = &app.filter.editing {
        s.push(Layer::QueryBox { naming: ed.naming.is_some() });
    }
    if app.screen == Screen::Audit && app.audit.editing.is_some() {
        s.push(Layer::AuditQuery);
    }
    s.push(if data.is_empty() && app.screen == Screen::Records {
        Layer::Welcome
    } else if app.focus == Focus::Detail && !data.is_empty() {
        Layer::Details
    } else {
        Layer::List(app.screen)
    });
    s
}

impl Layer {
    /// Its keymap context; `None` for layers that read keys in the context
    /// of the layer beneath (the help lists that one's keys; the merge view
    /// answers the list's moving keys).
    fn own_context(self) -> Option<Context> {
        Some(match self {
            Layer::Palette => Context::Palette,
            Layer::Help | Layer::Merge { question: false } => return None,
            Layer::QuitQuestion
            | Layer::RecordQuestion
            | Layer::UserQuestion
            | Layer::FormQuestion { yes_no: true }
            | Layer::Merge { question: true }
            | Layer::CheckIn { question: true } => Context::Confirm,
            Layer::CheckIn { question: false } => Context::Search,
            Layer::FormQuestion { yes_no: false } | Layer::Form => Context::Form,
            Layer::Prompt | Layer::GlobalSearch | Layer::SavedSearches | Layer::QueryBox { .. } | Layer::AuditQuery => {
                Context::Search
            }
            Layer::Details => Context::Detail,
            Layer::List(Screen::Users) => Context::Users,
            Layer::List(_) | Layer::Welcome => Context::List,
        })
    }

    /// Whether keys the keymap leaves unbound are typed into it.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Layer::Palette
                | Layer::Form
                | Layer::FormQuestion { .. }
                | Layer::Prompt
                | Layer::GlobalSearch
                | Layer::SavedSearches
                | Layer::QueryBox { .. }
                | Layer::AuditQuery
                | Layer::CheckIn { question: false }
        )
    }

    /// The actions the hint line offers here, most useful first (those the
    /// keymap binds and the user may do are shown, as many as fit).
    pub fn hints(self) -> &'static [Action] {
        const CONFIRM: &[Action] = &[Action::ConfirmYes, Action::ConfirmNo];
        const ANSWER: &[Action] = &[Action::Accept, Action::Cancel];
        match self {
            Layer::Palette => &[Action::Accept, Action::Cancel, Action::Down, Action::Up],
            Layer::Help => &[],
            Layer::QuitQuestion
            | Layer::RecordQuestion
            | Layer::UserQuestion
            | Layer::FormQuestion { .. }
            | Layer::Merge { question: true }
            | Layer::CheckIn { question: true } => CONFIRM,
            Layer::CheckIn { question: false } => &[Action::Accept, Action::Cancel, Action::Down, Action::Up],
            Layer::Form => &[Action::Save, Action::NextField, Action::Cancel],
            Layer::Merge { question: false } => &[Action::Left, Action::Right, Action::Accept, Action::Cancel],
            Layer::Prompt | Layer::GlobalSearch | Layer::SavedSearches | Layer::QueryBox { naming: true } => ANSWER,
            Layer::AuditQuery => ANSWER,
            Layer::QueryBox { naming: false } => {
                &[Action::Accept, Action::Cancel, Action::SaveSearch, Action::SavedSearches]
            }
            Layer::Welcome => &[Action::LoadDemo, Action::NewRecord, Action::Help, Action::Palette, Action::Quit],
            Layer::List(Screen::Agenda) => &[
                Action::Help,
                Action::Open,
                Action::Export(ExportWhat::SummaryMarkdown),
                Action::Export(ExportWhat::ListCsv),
                Action::Quit,
                Action::Palette,
            ],
            Layer::List(Screen::Audit) => {
                &[Action::Help, Action::Open, Action::Search, Action::ClearFilter, Action::Quit, Action::Palette]
            }
            Layer::List(Screen::Users) => &[
                Action::Help,
                Action::UserAdd,
                Action::UserKeyAdd,
                Action::UserDisable,
                Action::Quit,
                Action::Palette,
                Action::UserKeyRemove,
                Action::UserEnable,
                Action::UserLanguage,
            ],
            Layer::List(Screen::Dashboard) => {
                &[Action::Help, Action::CycleOffice, Action::CycleOfficer, Action::Quit, Action::Palette]
            }
            Layer::Details => &[
                Action::Help,
                Action::NextLink,
                Action::Open,
                Action::EditRecord,
                Action::NewRecord,
                Action::FocusPrev,
                Action::Back,
                Action::Palette,
            ],
            Layer::List(Screen::Records) => &[
                Action::Help,
                Action::Open,
                Action::Search,
                Action::NewRecord,
                Action::Quit,
                Action::Palette,
                Action::FocusNext,
                Action::SortNextColumn,
                Action::ToggleArchived,
            ],
        }
    }
}

/// The keymap context in force: that of the topmost layer that has one.
pub fn context_of(stack: &[Layer]) -> Context {
    stack.iter().find_map(|l| l.own_context()).unwrap_or(Context::List)
}

/// The keymap context in force on screen.
pub fn context(app: &App, data: &UiData) -> Context {
    context_of(&stack(app, data))
}

/// Something the user did, as the layers receive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// An action, from a key or the palette.
    Action(Action),
    /// A key the keymap leaves unbound (text, or an editing key).
    Text(Key),
    /// Text pasted into the terminal.
    Paste(String),
    /// The terminal's new width and height.
    Resize(u16, u16),
    /// Work done in the background arrived (its data is in place).
    Loaded(Loaded),
}

/// What background work brought: the data is already in place; the
/// interface state follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// Every list's rows were read again.
    Rows,
    /// Rows changed in place or were added at the end, per tab (positions);
    /// the others are where they were.
    Changed(Vec<(crate::model::RecordKind, Vec<u32>)>),
    /// The search index is ready.
    Index,
    /// The agenda or the figures are computed.
    Casework,
    /// A record's details were read; the line selected before (what it does
    /// and what it said), to select again, if any.
    Detail(Option<(super::data::Sel, String)>),
    /// The work failed: what to tell the user.
    Failed(String),
}

/// Where a key the keymap leaves unbound goes: the topmost layer, when it
/// takes text; the help closes on it; anywhere else it is unknown.
pub fn text_target(stack: &[Layer]) -> Option<Layer> {
    stack.first().copied().filter(|l| l.takes_text() || *l == Layer::Help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_answered_yes_or_no_and_the_help_reads_beneath() {
        assert_eq!(context_of(&[Layer::Help, Layer::Details]), Context::Detail);
        assert_eq!(context_of(&[Layer::Help, Layer::Form, Layer::List(Screen::Records)]), Context::Form);
        assert_eq!(context_of(&[Layer::Merge { question: false }, Layer::List(Screen::Records)]), Context::List);
        assert_eq!(context_of(&[Layer::Merge { question: true }, Layer::List(Screen::Records)]), Context::Confirm);
        assert_eq!(context_of(&[Layer::FormQuestion { yes_no: false }, Layer::Form]), Context::Form);
        assert_eq!(context_of(&[Layer::Prompt, Layer::Details]), Context::Search);
        assert_eq!(text_target(&[Layer::Prompt, Layer::Details]), Some(Layer::Prompt));
        assert_eq!(text_target(&[Layer::Details]), None);
        assert_eq!(text_target(&[Layer::Help, Layer::Form]), Some(Layer::Help));
    }

    #[test]
    fn a_prompt_offers_its_own_keys_not_the_search_boxs() {
        assert!(!Layer::Prompt.hints().contains(&Action::SaveSearch));
        assert!(Layer::QueryBox { naming: false }.hints().contains(&Action::SaveSearch));
    }
}
