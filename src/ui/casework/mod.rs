//! The agenda and dashboard tabs, and the exports of the interface.
//!
//! [`load`] computes their data from the store (through the user's
//! [`crate::ui::data::Scoped`] view, on a thread: it reads every record),
//! [`update`] moves through them, [`view`] draws them, [`export`] writes
//! files. The rules and figures themselves are [`crate::casework`]'s.

pub mod export;
pub mod load;
pub mod view;

use std::path::PathBuf;

use super::app::{App, Listed, Screen};
use super::data::UiData;
use super::update::{self, Effect};
use crate::action::Action;
use crate::casework::agenda::{self, Item, Settings};
use crate::casework::dashboard::{Figures, Filter};
use crate::i18n::ui::Ui;

/// How the case-work screens and exports behave in a session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseworkOptions {
    /// The agenda's day counts.
    pub agenda: Settings,
    /// Where exports are written; `None`: the current directory.
    pub export_dir: Option<PathBuf>,
    /// The session runs over SSH: files are written on the server, and the messages say so.
    pub remote: bool,
    /// How the user reached the server over SSH, to offer the `ssh …`
    /// command line that puts an export on their own machine.
    pub ssh: Option<SshOrigin>,
    /// Documents: the largest accepted.
    pub documents: crate::casework::settings::DocumentSettings,
    /// The office's names for the colour categories (settings).
    pub risk_names: crate::words::RiskNames,
}

/// The `ssh` a user ran to reach the server: their login name, and the
/// address and port they connected to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshOrigin {
    /// Login name.
    pub user: String,
    /// The server's address as the connection reached it.
    pub host: String,
    /// Its port.
    pub port: u16,
}

/// The agenda and figures as last computed.
#[derive(Debug, Clone, Default)]
pub struct CaseData {
    /// The agenda, in agenda order, once computed.
    pub agenda: Option<Vec<Item>>,
    /// Store generation, day and officer the agenda was computed for.
    pub agenda_of: Option<load::AgendaKey>,
    /// The figures, once computed.
    pub figures: Option<Figures>,
    /// Store generation and filter the figures were computed for.
    pub figures_of: Option<(u64, Filter)>,
}

impl CaseData {
    /// The agenda's items (none until computed).
    pub fn items(&self) -> &[Item] {
        self.agenda.as_deref().unwrap_or(&[])
    }
}

/// One drawn row of the agenda: a rule's heading or an item (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaRow {
    /// The heading of a rule's group, with its item count.
    Heading(agenda::Rule, usize),
    /// An item.
    Item(usize),
}

/// The rows of the agenda: each rule's items under its heading.
pub fn agenda_rows(items: &[Item]) -> Vec<AgendaRow> {
    let mut rows = Vec::with_capacity(items.len() + agenda::Rule::ALL.len());
    let mut i = 0;
    while i < items.len() {
        let rule = items[i].rule;
        let n = items[i..].iter().take_while(|x| x.rule == rule).count();
        rows.push(AgendaRow::Heading(rule, n));
        rows.extend((i..i + n).map(AgendaRow::Item));
        i += n;
    }
    rows
}

/// Rows of the agenda drawn at once (inside the border).
pub fn agenda_page(app: &App) -> usize {
    super::layout::screen_rows(app.height)
}

/// Keeps the agenda's selection on an item and on screen.
pub fn keep_agenda_visible(app: &mut App, data: &UiData) {
    let items = data.casework.items();
    let a = &mut app.agenda;
    a.selected = a.selected.min(items.len().saturating_sub(1));
    let rows = agenda_rows(items);
    let page = agenda_page(app);
    let a = &mut app.agenda;
    let Some(row) = rows.iter().position(|r| *r == AgendaRow::Item(a.selected)) else {
        a.offset = 0;
        return;
    };
    // the heading above the first item of a group stays in view with it
    let top = if row > 0 && matches!(rows[row - 1], AgendaRow::Heading(..)) { row - 1 } else { row };
    if top < a.offset {
        a.offset = top;
    } else if row >= a.offset + page {
        a.offset = row + 1 - page;
    }
    a.offset = a.offset.min(rows.len().saturating_sub(page));
}

/// Distinct values of a client column among the listed (unarchived) clients, sorted, case and spacing folded.
fn distinct(data: &UiData, pick: impl Fn(&super::data::ClientRow) -> Option<&str>) -> Vec<String> {
    let mut seen: Vec<(String, String)> = data
        .clients
        .iter()
        .filter(|c| !c.archived)
        .filter_map(pick)
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty())
        .map(|v| (v.to_lowercase(), v))
        .collect();
    seen.sort();
    seen.dedup_by(|a, b| a.0 == b.0);
    seen.into_iter().map(|(_, v)| v).collect()
}

/// Whether two offices' or officers' names are the same, case and spacing ignored.
pub(crate) fn same(a: &str, b: &str) -> bool {
    let n = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    n(a) == n(b)
}

/// The offices to choose from.
pub fn offices(data: &UiData) -> Vec<String> {
    distinct(data, |c| Some(c.office()))
}

/// The officers to choose from: those of the chosen office, if any.
pub fn officers(data: &UiData, office: Option<&str>) -> Vec<String> {
    distinct(data, |c| office.is_none_or(|o| same(c.office(), o)).then_some(c.officer()))
}

/// The value after `current` in `all`, then none ("all") after the last.
fn next_of(all: &[String], current: Option<&str>) -> Option<String> {
    match current {
        None => all.first().cloned(),
        Some(c) => all.iter().position(|v| same(v, c)).and_then(|i| all.get(i + 1)).cloned(),
    }
}

/// Applies an action on the agenda or dashboard; `None` for actions that
/// work the same everywhere (tabs, help, quit, history, global search).
pub fn update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    match app.screen {
        Screen::Agenda => agenda_update(app, action, data),
        Screen::Dashboard => dashboard_update(app, action, data),
        Screen::Records | Screen::Audit | Screen::Users => None,
    }
}

/// What the record lists alone do: said, not silently ignored.
pub(crate) fn list_only(app: &mut App, action: Action) -> Option<Effect> {
    let name = action.description(app.lang);
    app.info(crate::i18n::fill(app.t(Ui::NotOnThisTab), &[("action", &name)]));
    Some(Effect::None)
}

fn agenda_update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    let n = data.casework.items().len();
    let page = agenda_page(app);
    let a = &mut app.agenda;
    let moving = match action {
        Action::PrevLink => Action::Up,
        Action::NextLink => Action::Down,
        other => other,
    };
    if let Some(to) = super::cursor::step(a.selected, moving, n, page) {
        a.selected = to;
        keep_agenda_visible(app, data);
        return Some(Effect::None);
    }
    match action {
        Action::Open | Action::Right | Action::FocusNext => {
            match data.casework.items().get(a.selected).map(|i| (i.record, i.rule)) {
                Some((target, rule)) => {
                    // a case file due for review is often archived: its list shows the archive
                    if rule == agenda::Rule::RetentionReview
                        && data.position(target).is_some_and(|p| data.archived_at(target.kind, p))
                        && !app.lists[target.kind.index()].show_archived
                    {
                        app.lists[target.kind.index()].show_archived = true;
                        update::resort(app, data, target.kind);
                    }
                    update::jump(app, data, target)
                }
                None => app.info(app.t(Ui::AgendaNothing)),
            }
            return Some(Effect::None);
        }
        Action::Left | Action::FocusPrev | Action::ClearFilter | Action::CancelPending => {}
        Action::Export(what) => return Some(Effect::Export(what)),
        // a case file due for review is purged or kept from its line
        Action::Purge => {
            return Some(match data.casework.items().get(a.selected).map(|i| i.record) {
                Some(r) => Effect::Purge(r, None),
                None => {
                    app.info(app.t(Ui::AgendaNothing));
                    Effect::None
                }
            });
        }
        Action::Report(mark) => {
            return Some(match data.casework.items().get(a.selected).map(|i| i.record) {
                Some(r) if r.kind == crate::model::RecordKind::Client => Effect::Report(r, mark),
                _ => {
                    app.info(app.t(Ui::ReportNoClient));
                    Effect::None
                }
            });
        }
        Action::Search
        | Action::SearchNext
        | Action::SearchPrev
        | Action::SaveSearch
        | Action::SavedSearches
        | Action::SortNextColumn
        | Action::SortReverse
        | Action::ToggleArchived
        | Action::NewRecord
        | Action::EditRecord
        | Action::Archive
        | Action::Restore
        | Action::CycleOffice
        | Action::CycleOfficer => return list_only(app, action),
        _ => return None,
    }
    keep_agenda_visible(app, data);
    Some(Effect::None)
}

/// Lines of the dashboard drawn at once (inside the border, below the filter line).
pub fn dashboard_page(app: &App) -> usize {
    super::layout::screen_rows(app.height).saturating_sub(1).max(1)
}

fn dashboard_update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    let page = dashboard_page(app);
    let max = view::dashboard_len(app, data).saturating_sub(page);
    let d = &mut app.dashboard;
    // the dashboard has no selection: its moving keys scroll it
    if let Some(to) = super::cursor::step(d.scroll, action, max + 1, page) {
        d.scroll = to;
        return Some(Effect::None);
    }
    match action {
        Action::CycleOffice => {
            d.filter.office = next_of(&offices(data), d.filter.office.as_deref());
            // an officer of another office would count nobody
            d.filter.officer = None;
            d.scroll = 0;
        }
        Action::CycleOfficer => {
            let all = officers(data, d.filter.office.as_deref());
            d.filter.officer = next_of(&all, d.filter.officer.as_deref());
            d.scroll = 0;
        }
        Action::ClearFilter if !d.filter.is_empty() => {
            d.filter = Filter::default();
            d.scroll = 0;
        }
        Action::Open
        | Action::Left
        | Action::Right
        | Action::FocusNext
        | Action::FocusPrev
        | Action::NextLink
        | Action::PrevLink
        | Action::ClearFilter
        | Action::CancelPending => {}
        // the monthly report is the office's, from any screen
        Action::Export(what) if what.is_report() => return Some(Effect::Export(what)),
        Action::Export(_)
        | Action::Search
        | Action::SearchNext
        | Action::SearchPrev
        | Action::SaveSearch
        | Action::SavedSearches
        | Action::SortNextColumn
        | Action::SortReverse
        | Action::ToggleArchived
        | Action::NewRecord
        | Action::EditRecord
        | Action::Archive
        | Action::Restore
        | Action::Purge => return list_only(app, action),
        _ => return None,
    }
    Some(Effect::None)
}

/// Whether the figures on screen are those of the current filter.
pub fn figures_current(app: &App, data: &UiData) -> bool {
    data.casework.figures_of.as_ref().is_some_and(|(_, f)| *f == app.dashboard.filter)
}

/// Called after the agenda arrived or the store changed: the selection stays valid.
pub fn synced(app: &mut App, data: &UiData) {
    keep_agenda_visible(app, data);
    let max = view::dashboard_len(app, data).saturating_sub(dashboard_page(app));
    app.dashboard.scroll = app.dashboard.scroll.min(max);
}

#[cfg(test)]
mod tests;
