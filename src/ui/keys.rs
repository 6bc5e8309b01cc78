//! The UI's side of the keymap: which [`Context`] is in force, and the
//! key texts for hints and the help overlay, all read from the same
//! [`Keymap`] that the [`crate::keymap::Dispatcher`] handles keys with.

use crate::action::{Action, Context};
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::keymap::Keymap;
use crate::model::RecordKind;
use crate::ui::data::Op;

use super::app::{App, Focus};
use super::data::UiData;

/// The keymap context in force (see [`super::layer`]).
pub fn context(app: &App, data: &UiData) -> Context {
    super::layer::context(app, data)
}

/// The store's work an action asks for here (for the selected line of
/// the details, the work on that line), when it asks for any: the store's
/// own table ([`crate::store::rules`]) decides whether the user may.
pub fn needs(app: &App, action: Action, data: &UiData) -> Option<Op> {
    use super::data::Edit;
    let tab = app.tab;
    Some(match action {
        // these depend on the selected line: it is read only for them (the
        // hints ask on every frame, the palette for every action)
        Action::NewRecord | Action::EditRecord | Action::Archive => {
            let line = super::form::selected_line(app, data).and_then(|(r, sel, _)| sel.edit.map(|e| (r, e)));
            match (action, line) {
                (_, Some((r, Edit::Part(_)))) => Op::Edit(r.kind),
                (Action::EditRecord, Some((_, Edit::Referral(Some(_))))) => Op::Edit(RecordKind::Referral),
                (Action::NewRecord | Action::EditRecord, Some((_, Edit::Referral(None)))) => {
                    Op::Create(RecordKind::Referral)
                }
                (Action::Archive, Some((_, Edit::Flag(_)))) => Op::Flag,
                (Action::Archive, Some((_, Edit::Document(_)))) => Op::Attach,
                (_, Some((r, Edit::Meeting(_)))) => Op::Edit(r.kind),
                // opens it: reading, which the view already allows
                (_, Some((_, Edit::Document(_)))) => return None,
                (Action::NewRecord, _) if app.focus == Focus::Detail && tab == RecordKind::Client => {
                    Op::Create(RecordKind::Referral)
                }
                (Action::NewRecord, _) => Op::Create(tab),
                (Action::EditRecord, _) => Op::Edit(tab),
                _ => Op::Archive(tab),
            }
        }
        Action::Restore => Op::Archive(tab),
        Action::Revert => Op::Revert,
        Action::RequestApproval => Op::RequestApproval,
        Action::Approve | Action::Reject => Op::Decide,
        Action::Purge => Op::Purge,
        Action::Tab(crate::action::TabName::Audit) => Op::ReadAudit,
        Action::Tab(crate::action::TabName::Users) => Op::ReadUsers,
        Action::UserAdd => Op::Create(RecordKind::User),
        Action::UserKeyAdd
        | Action::UserKeyRemove
        | Action::UserDisable
        | Action::UserEnable
        | Action::UserLanguage => Op::Edit(RecordKind::User),
        Action::Flag => Op::Flag,
        Action::Attach => Op::Attach,
        Action::Bulk(_) => Op::Bulk,
        Action::MergeMark | Action::Merge => Op::Merge,
        // a day of the register is written into the client's record
        Action::Report(_) => Op::Edit(RecordKind::Client),
        Action::LoadDemo => Op::Create(RecordKind::Client),
        _ => return None,
    })
}

/// Whether the user may do `action` here (the palette, the hints and the
/// help offer nothing else).
pub fn allowed(app: &App, action: Action, data: &UiData) -> bool {
    needs(app, action, data).is_none_or(|op| app.may(op))
}

/// What to tell a user who asks for an action their role does not allow;
/// `None` when it is allowed.
pub fn denied(app: &App, action: Action, data: &UiData) -> Option<String> {
    if allowed(app, action, data) {
        return None;
    }
    let role = crate::i18n::role(app.lang, app.role);
    let what = action.description(app.lang);
    Some(fill(app.t(Ui::RoleMayNot), &[("role", role), ("action", &what)]))
}

/// The simplest key that runs an action in a context (global included).
pub fn first_key(keymap: &Keymap, action: Action, ctx: Context) -> Option<String> {
    keymap.keys_for(action, ctx).into_iter().next()
}

/// The help of a context: one line per action the user may do here,
/// its keys and description.
pub fn help_entries(app: &App, ctx: Context, data: &UiData) -> Vec<(String, String)> {
    help_entries_beneath(app, ctx, None, data)
}

/// [`help_entries`] of a context beneath another (a parent): the keys the
/// one above binds are its own there, so they are left out.
pub fn help_entries_beneath(app: &App, ctx: Context, above: Option<Context>, data: &UiData) -> Vec<(String, String)> {
    let taken: Vec<String> =
        above.map(|c| app.keymap.bindings(c).into_iter().map(|(k, _)| k).collect()).unwrap_or_default();
    let mut out: Vec<(Action, Vec<String>)> = Vec::new();
    for (keys, action) in
        app.keymap.bindings(ctx).into_iter().filter(|(k, a)| allowed(app, *a, data) && !taken.contains(k))
    {
        match out.iter_mut().find(|(a, _)| *a == action) {
            Some((_, k)) => k.push(keys),
            None => out.push((action, vec![keys])),
        }
    }
    out.into_iter().map(|(a, k)| (k.join(" "), a.description(app.lang))).collect()
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
        Action::NewRecord | Action::UserAdd => Ui::ANew,
        Action::UserKeyAdd => Ui::AUserKey,
        Action::UserDisable => Ui::AUserDisable,
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

    fn app(role: crate::model::Role) -> App {
        let km = std::sync::Arc::new(Keymap::preset("default").unwrap());
        let clock = crate::clock::Clock::at(2026, 11, 28, 9, 0, 0);
        let mut app = App::new(
            crate::i18n::Lang::En,
            super::super::Theme::from_env(false, None),
            km,
            "t".into(),
            "u".into(),
            &clock,
        );
        app.role = role;
        app
    }

    #[test]
    fn help_groups_keys_by_action_and_lists_what_the_role_may_do() {
        use crate::model::Role;
        let data = UiData::default();
        let officer = app(Role::Officer);
        let list = help_entries(&officer, Context::List, &data);
        assert!(!list.iter().any(|(k, _)| k == "X"), "purging is for administrators: {list:?}");
        let admin = help_entries(&app(Role::Admin), Context::List, &data);
        assert!(admin.iter().any(|(k, d)| k == "X" && d.starts_with("Purge")), "{admin:?}");
        assert!(list.iter().any(|(k, d)| k.starts_with('q') && d == "Quit"), "{list:?}");
        assert!(list.iter().any(|(_, d)| d.starts_with("Merge")), "{list:?}");
        let viewer = help_entries(&app(Role::Viewer), Context::List, &data);
        for (_, d) in &viewer {
            assert!(!d.starts_with("Merge") && !d.starts_with("Bulk") && !d.starts_with("Flag"), "{d}: {viewer:?}");
        }
        let global = help_entries(&officer, Context::Global, &data);
        assert!(global.iter().any(|(k, _)| k == "ctrl-c"), "{global:?}");
        assert_eq!(first_key(&officer.keymap, Action::ForceQuit, Context::Confirm).as_deref(), Some("ctrl-c"));
    }

    #[test]
    fn a_denied_action_is_named_with_the_role() {
        let data = UiData::default();
        let viewer = app(crate::model::Role::Viewer);
        let msg = denied(&viewer, Action::Bulk(crate::action::BulkWhat::Flag), &data).unwrap();
        assert!(
            msg.contains("viewer")
                && msg.contains(&Action::Bulk(crate::action::BulkWhat::Flag).description(viewer.lang)),
            "{msg}"
        );
        assert!(denied(&app(crate::model::Role::Officer), Action::Merge, &data).is_none());
    }
}
