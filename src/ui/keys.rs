//! The UI's side of the keymap: which [`Context`] is in force, and the
//! key texts for hints and the help overlay, all read from the same
//! [`Keymap`] that the [`crate::keymap::Dispatcher`] handles keys with.

use crate::action::{Action, Context};
use crate::i18n::Lang;
use crate::i18n::ui::Ui;
use crate::keymap::Keymap;

use super::app::{App, Focus, Overlay};
use super::data::UiData;

/// The keymap context in force beneath any help overlay.
pub fn context(app: &App, data: &UiData) -> Context {
    match app.overlay {
        _ if app.popups.palette.is_some() => Context::Palette,
        Some(
            Overlay::ConfirmQuit | Overlay::ConfirmArchive(_) | Overlay::ConfirmRemove(..) | Overlay::ConfirmRevert(..),
        ) => Context::Confirm,
        _ if app
            .form
            .as_ref()
            .is_some_and(|f| matches!(f.ask, Some(super::form::Ask::Discard | super::form::Ask::Capacity { .. }))) =>
        {
            Context::Confirm
        }
        _ if app.form.is_some() => Context::Form,
        _ if app.merge.as_ref().is_some_and(|m| m.confirm) => Context::Confirm,
        _ if super::filter::takes_keys(app) || app.prompt.is_some() => Context::Search,
        _ if app.screen == super::app::Screen::Audit && app.audit.editing.is_some() => Context::Search,
        _ if app.focus == Focus::Detail && !data.is_empty() => Context::Detail,
        _ => Context::List,
    }
}

/// The simplest key that runs an action in a context (global included).
pub fn first_key(keymap: &Keymap, action: Action, ctx: Context) -> Option<String> {
    keymap.keys_for(action, ctx).into_iter().next()
}

/// The help of a context: one line per action, its keys and description;
/// purging only for an administrator (no one else may).
pub fn help_entries(keymap: &Keymap, ctx: Context, lang: Lang, admin: bool) -> Vec<(String, String)> {
    let mut out: Vec<(Action, Vec<String>)> = Vec::new();
    let shown = |a: Action| implemented(a) && (admin || a != Action::Purge);
    for (keys, action) in keymap.bindings(ctx).into_iter().filter(|(_, a)| shown(*a)) {
        match out.iter_mut().find(|(a, _)| *a == action) {
            Some((_, k)) => k.push(keys),
            None => out.push((action, vec![keys])),
        }
    }
    out.into_iter().map(|(a, k)| (k.join(" "), a.description(lang))).collect()
}

/// Whether the interface does something with an action yet; help lists
/// only those (forms come in a later issue).
pub fn implemented(action: Action) -> bool {
    // every action is wired now that forms exist; kept for the next new one
    let _ = action;
    true
}

/// A short label for the key hints at the bottom (the help has the full one).
pub fn hint_label(action: Action) -> Option<Ui> {
    Some(match action {
        Action::Help => Ui::AHelp,
        Action::Open => Ui::AOpen,
        Action::Quit => Ui::AQuit,
        Action::NextTab | Action::FocusNext => Ui::ANextTab,
        Action::SortNextColumn => Ui::ASort,
        Action::ToggleArchived => Ui::AArchived,
        Action::Back => Ui::ABack,
        Action::Forward => Ui::AForward,
        Action::FocusPrev => Ui::AClose,
        Action::NextLink => Ui::ANextLink,
        Action::EditRecord => Ui::AEdit,
        Action::NewRecord => Ui::ANew,
        Action::LoadDemo => Ui::ALoadDemo,
        Action::ConfirmYes => Ui::AYes,
        Action::ConfirmNo => Ui::ANo,
        Action::Palette => Ui::APalette,
        Action::Accept => Ui::ARun,
        Action::Cancel => Ui::AClose,
        Action::Down => Ui::ANext,
        Action::Up => Ui::APrev,
        Action::Search => Ui::ASearch,
        Action::SaveSearch => Ui::ASave,
        Action::SavedSearches => Ui::ASaved,
        Action::CycleOffice => Ui::AOffice,
        Action::CycleOfficer => Ui::AOfficer,
        Action::Export(crate::action::ExportWhat::ListCsv) => Ui::AExportCsv,
        Action::Export(crate::action::ExportWhat::SummaryMarkdown) => Ui::AExportSummary,
        Action::Export(crate::action::ExportWhat::Attendance) => Ui::AAttendance,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_groups_keys_by_action() {
        let km = Keymap::preset("default").unwrap();
        let list = help_entries(&km, Context::List, Lang::En, false);
        assert!(!list.iter().any(|(k, _)| k == "X"), "purging is for administrators: {list:?}");
        let admin = help_entries(&km, Context::List, Lang::En, true);
        assert!(admin.iter().any(|(k, d)| k == "X" && d.starts_with("Purge")), "{admin:?}");
        assert!(list.iter().any(|(k, d)| k.starts_with('q') && d == "Quit"), "{list:?}");
        let global = help_entries(&km, Context::Global, Lang::En, false);
        assert!(global.iter().any(|(k, _)| k == "ctrl-c"), "{global:?}");
        assert_eq!(first_key(&km, Action::ForceQuit, Context::Confirm).as_deref(), Some("ctrl-c"));
    }
}
