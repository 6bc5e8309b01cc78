//! What a user can do in the interface, as the UI's update function sees it.
//!
//! Until the shared `crate::action` table lands (branch `keys`), the UI
//! keeps its own list here; [`super::keys`] maps keys to these and the help
//! overlay is generated from that same mapping.

use crate::i18n::ui::Ui;

/// One thing the user asks the interface to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Quit (asks first when a form holds unsaved changes).
    Quit,
    /// Quit from anywhere (asks first when a form holds unsaved changes).
    ForceQuit,
    /// Show or hide the help overlay.
    Help,
    /// Next tab.
    NextTab,
    /// Previous tab.
    PrevTab,
    /// Go to tab number n (0-based).
    GoTab(u8),
    /// Move up one row or link.
    Up,
    /// Move down one row or link.
    Down,
    /// Move up one page.
    PageUp,
    /// Move down one page.
    PageDown,
    /// To the first row.
    Top,
    /// To the last row.
    Bottom,
    /// Open the selected record's details.
    Open,
    /// Close the details, back to the list.
    Close,
    /// Follow the selected link in the details.
    Follow,
    /// Back in the history of followed links.
    Back,
    /// Forward in the history.
    Forward,
    /// Sort by the next column.
    SortNext,
    /// Reverse the sort order.
    SortReverse,
    /// Show or hide archived records.
    ToggleArchived,
    /// Load the demo data (welcome screen).
    LoadDemo,
    /// Answer yes to a question.
    Yes,
    /// Answer no to a question.
    No,
}

impl Action {
    /// The description shown in help.
    pub fn describe(self) -> Ui {
        match self {
            Action::Quit => Ui::AQuit,
            Action::ForceQuit => Ui::AForceQuit,
            Action::Help => Ui::AHelp,
            Action::NextTab => Ui::ANextTab,
            Action::PrevTab => Ui::APrevTab,
            Action::GoTab(_) => Ui::ATab,
            Action::Up => Ui::AUp,
            Action::Down => Ui::ADown,
            Action::PageUp => Ui::APageUp,
            Action::PageDown => Ui::APageDown,
            Action::Top => Ui::ATop,
            Action::Bottom => Ui::ABottom,
            Action::Open => Ui::AOpen,
            Action::Close => Ui::AClose,
            Action::Follow => Ui::AFollow,
            Action::Back => Ui::ABack,
            Action::Forward => Ui::AForward,
            Action::SortNext => Ui::ASort,
            Action::SortReverse => Ui::AReverse,
            Action::ToggleArchived => Ui::AArchived,
            Action::LoadDemo => Ui::ALoadDemo,
            Action::Yes => Ui::AYes,
            Action::No => Ui::ANo,
        }
    }
}
