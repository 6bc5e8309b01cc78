//! The list filter: a one-line query box above the list that
//! narrows it as you type, per tab; its search history and named saved
//! filters; and the query box editing shared with the global search.
//!
//! A keystroke parses the box's text. A bad query shows its message and
//! underlines the bad piece while the list keeps its last good result. A
//! good one is searched in the [`SearchIndex`], and the list's order
//! becomes the hits' rows, best first. When the query only narrows the
//! previous one ([`Query::narrows`]), only the previous hits are searched:
//! the same result for less work. Until the index (built on a thread of
//! its own) is ready, the box says "indexing…" and the search runs when it
//! arrives.

use std::sync::Arc;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph};
use serde::{Deserialize, Serialize};

use super::app::{App, Focus, Listed};
use super::data::UiData;
use super::sanitize::sanitize;
use super::update::{self, Effect};
use crate::action::{Action, Context};
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::keymap::Key;
use crate::model::RecordKind;
use crate::model::RecordRef;
use crate::search::{Query, QueryError, SearchIndex, TermKind};

/// Queries kept in the history, per user.
pub const HISTORY_LEN: usize = 50;
/// Searches kept per tab for narrowing and Backspace (a few MB at most at 100 000 clients).
const CACHED: usize = 8;
/// Name of the history preference in the store.
pub const PREF_HISTORY: &str = "search_history";
/// Name of the saved-filters preference in the store.
pub const PREF_SAVED: &str = "saved_searches";

/// The search index with, per kind, whether its entry positions are the
/// rows' positions (both in id order from the same scan): then hits map to
/// rows for free, otherwise through their ids.
#[derive(Debug, Clone)]
pub struct Searcher {
    /// The index.
    pub index: Arc<SearchIndex>,
    /// Per [`Tab::index`]: entry position i is row i.
    pub aligned: [bool; 3],
}

impl Searcher {
    /// Pairs an index with the rows it is used for.
    pub fn new(index: Arc<SearchIndex>, data: &UiData) -> Searcher {
        let aligned = RecordKind::LISTED.map(|tab| {
            let kind = tab;
            let n = index.len(kind);
            n == data.len(tab)
                && (0..n)
                    .all(|i| index.id_at_position(kind, u32::try_from(i).unwrap_or(u32::MAX)) == data.id_at(tab, i))
        });
        Searcher { index, aligned }
    }

    /// The rows of entry positions, in the same order; records without a row are left out.
    fn rows(&self, data: &UiData, tab: RecordKind, hits: &[u32]) -> Vec<u32> {
        if self.aligned[tab.index()] {
            return hits.to_vec();
        }
        let kind = tab;
        hits.iter()
            .filter_map(|&p| self.index.id_at_position(kind, p))
            .filter_map(|id| data.position(RecordRef::new(tab, id)))
            .filter_map(|p| u32::try_from(p).ok())
            .collect()
    }
}

/// A line being edited (the one line editor of every text box).
pub use super::input::TextInput as LineEdit;

/// The filter of one tab.
#[derive(Debug, Clone, Default)]
pub struct TabFilter {
    /// The filter in effect: the last text that parsed.
    pub applied: String,
    /// Its query (`None` when empty): for highlights.
    pub query: Option<Query>,
    /// The first problem of the text in the box, when it does not parse.
    pub error: Option<QueryError>,
    /// How many rows the list has unfiltered.
    pub total: usize,
    /// The rows' generation and archived setting `total` was counted for.
    total_of: Option<(u64, bool)>,
    /// A search waits for the index.
    pub waiting: bool,
    /// The last searches and their entry positions, newest last: a
    /// keystroke that narrows one searches only its hits, and Backspace
    /// back to one reuses it.
    cache: Vec<(Query, Vec<u32>)>,
}

impl TabFilter {
    /// Whether the list is filtered.
    pub fn active(&self) -> bool {
        self.query.is_some()
    }
}

/// The query box while it is open.
#[derive(Debug, Clone, Default)]
pub struct Editing {
    /// The text being typed.
    pub line: LineEdit,
    /// The filter in effect when the box opened (Esc goes back to it).
    pub before: String,
    /// Which history entry is shown (0 = newest), while recalling.
    pub recall: Option<usize>,
    /// What was typed before recalling began.
    pub draft: String,
    /// The name being typed to save the filter under.
    pub naming: Option<LineEdit>,
}

/// A filter saved under a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    /// The name given.
    pub name: String,
    /// The query text.
    pub query: String,
}

/// Filters, the box, history and saved filters of a session.
#[derive(Debug, Clone, Default)]
pub struct FilterState {
    /// Per [`Tab::index`].
    pub tabs: [TabFilter; 3],
    /// The box, when open (for the current tab).
    pub editing: Option<Editing>,
    /// Accepted queries, oldest first, at most [`HISTORY_LEN`].
    pub history: Vec<String>,
    /// Saved filters, in the order saved.
    pub saved: Vec<SavedSearch>,
    /// The saved-filter picker, when open: the selected entry.
    pub picker: Option<usize>,
}

impl FilterState {
    /// Adds an accepted query to the history (newest last, no repeats).
    pub fn remember(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.history.retain(|h| h != text);
        self.history.push(text.to_string());
        let extra = self.history.len().saturating_sub(HISTORY_LEN);
        self.history.drain(..extra);
    }
}

/// Whether a tab's list is filtered.
pub fn is_filtered(app: &App, tab: RecordKind) -> bool {
    app.filter.tabs[tab.index()].active()
}

/// Whether the box, the picker or the global search has the keyboard.
pub fn takes_keys(app: &App) -> bool {
    app.filter.editing.is_some() || app.filter.picker.is_some() || app.global.is_some()
}

/// Runs a tab's filter again over the current rows (after a reload, a new
/// index or a sort), keeping the selected record when it is still listed.
pub fn rerun(app: &mut App, data: &UiData, tab: RecordKind) {
    let text = app.filter.tabs[tab.index()].applied.clone();
    run(app, data, tab, &text, true);
}

/// Forgets what the searches of every tab narrowed from (the index
/// changed) and runs them again.
pub fn reindexed(app: &mut App, data: &UiData) {
    for tab in RecordKind::LISTED {
        app.filter.tabs[tab.index()].cache.clear();
        let f = &app.filter.tabs[tab.index()];
        if f.active() || f.waiting {
            rerun(app, data, tab);
        }
    }
}

/// Sets a tab's filter to `text` (keeping the selected record when it is
/// still listed), as if typed and accepted; a bad query only sets the error.
pub fn apply(app: &mut App, data: &UiData, tab: RecordKind, text: &str) {
    run(app, data, tab, text, true);
}

/// Clears a tab's filter.
pub fn clear(app: &mut App, data: &UiData, tab: RecordKind) {
    app.filter.tabs[tab.index()] = TabFilter::default();
    update::resort_plain(app, data, tab);
}

/// Searches `text` for a tab and shows the result; a bad query only sets
/// the error. `keep` keeps the selected record, otherwise the best hit is
/// selected.
fn run(app: &mut App, data: &UiData, tab: RecordKind, text: &str, keep: bool) {
    let i = tab.index();
    let q = match crate::search::query::parse_as_named(text, &[tab], app.role, app.officer.as_deref(), &app.risk_names)
    {
        // a list that shows archived records searches them too
        Ok(q) => Query { include_archived: app.lists[i].show_archived, ..q },
        Err(errors) => {
            app.filter.tabs[i].error = errors.into_iter().next();
            return;
        }
    };
    let f = &mut app.filter.tabs[i];
    f.error = None;
    f.applied = text.to_string();
    if q.is_empty() {
        *f = TabFilter::default();
        update::resort_plain(app, data, tab);
        return;
    }
    f.query = Some(q.clone());
    let Some(searcher) = &data.search else {
        f.waiting = true;
        return;
    };
    f.waiting = false;
    let hits = match f.cache.iter().position(|(prev, _)| *prev == q) {
        Some(i) => f.cache.remove(i).1,
        None => {
            // the smallest cached result this query narrows
            let within = f
                .cache
                .iter()
                .filter(|(prev, _)| q.narrows(prev))
                .min_by_key(|(_, hits)| hits.len())
                .map(|(_, hits)| hits.as_slice());
            searcher.index.search_positions(tab, &q, within)
        }
    };
    let order = searcher.rows(data, tab, &hits);
    f.cache.push((q, hits));
    if f.cache.len() > CACHED {
        f.cache.remove(0);
    }
    let l = &app.lists[i];
    let kind = tab;
    let show_archived = l.show_archived;
    let keep_id = update::selected_id(app, data, tab).filter(|_| keep);
    let f = &mut app.filter.tabs[i];
    // counted once per load, not per keystroke (a pass over every row)
    if f.total_of != Some((data.generation, show_archived)) {
        f.total = (0..data.len(kind)).filter(|&p| show_archived || !data.archived_at(kind, p)).count();
        f.total_of = Some((data.generation, show_archived));
    }
    if !ranked(app.filter.tabs[i].query.as_ref()) {
        // qualifiers alone rank nothing: the list keeps its column sort
        let sort = app.lists[i].sort;
        update::sort_rows(app, data, tab, order, keep_id, sort);
        return;
    }
    let l = &mut app.lists[i];
    l.selected =
        keep_id.and_then(|id| order.iter().position(|&p| data.id_at(kind, p as usize) == Some(id))).unwrap_or(0);
    if !keep {
        l.offset = 0;
    }
    l.order = order;
    update::keep_visible(app);
}

/// Whether a tab's list is in the order of its filter's hits, best first
/// (rather than in its column order).
pub fn by_relevance(app: &App, tab: RecordKind) -> bool {
    let f = &app.filter.tabs[tab.index()];
    !f.waiting && ranked(f.query.as_ref())
}

/// Whether a query ranks its hits: it has free text that must match.
fn ranked(q: Option<&Query>) -> bool {
    q.is_some_and(|q| q.terms.iter().any(|t| !t.negated && matches!(t.kind, TermKind::Free(_) | TermKind::Phrase(_))))
}

/// Runs the box's text for the current tab.
fn run_box(app: &mut App, data: &UiData) {
    let text = app.filter.editing.as_ref().map(|e| e.line.value.clone()).unwrap_or_default();
    run(app, data, app.tab, &text, false);
}

fn set_box_text(app: &mut App, data: &UiData, text: &str) {
    if let Some(e) = app.filter.editing.as_mut() {
        e.line = LineEdit::new(text);
    }
    run_box(app, data);
}

/// Moves the selection to the next (or previous) row of the list, round
/// the end: with a filter, the rows are the hits.
fn step(app: &mut App, forward: bool) {
    let l = app.list_mut();
    let n = l.order.len();
    if n == 0 {
        return;
    }
    l.selected = if forward { (l.selected + 1) % n } else { (l.selected + n - 1) % n };
    update::keep_visible(app);
}

/// Handles the actions of the filter, the box, the picker and the global
/// search; `None` leaves the action to [`update::update`].
pub fn update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    if app.global.is_some() {
        return super::global_search::update(app, action, data);
    }
    if app.filter.picker.is_some() {
        return Some(picker_update(app, action, data));
    }
    if let Some(ed) = app.filter.editing.as_mut() {
        if ed.naming.is_some() {
            match action {
                Action::Accept => return Some(save_named(app)),
                Action::Cancel => ed.naming = None,
                Action::ForceQuit => return None,
                _ => {}
            }
            return Some(Effect::None);
        }
        match action {
            Action::Accept => {
                let applied = app.filter.tabs[app.tab.index()].applied.clone();
                app.filter.tabs[app.tab.index()].error = None;
                app.filter.editing = None;
                app.focus = Focus::List;
                if applied.is_empty() {
                    return Some(Effect::None);
                }
                app.filter.remember(&applied);
                return Some(Effect::SavePrefs);
            }
            Action::Cancel => {
                let before = ed.before.clone();
                app.filter.editing = None;
                app.filter.tabs[app.tab.index()].error = None;
                run(app, data, app.tab, &before, false);
            }
            Action::Up | Action::Down => recall(app, data, action == Action::Up),
            Action::SearchNext | Action::SearchPrev => step(app, action == Action::SearchNext),
            Action::SaveSearch => {
                if app.filter.tabs[app.tab.index()].applied.is_empty() {
                    app.info(app.t(Ui::NothingToSave));
                } else {
                    ed.naming = Some(LineEdit::default());
                }
            }
            Action::SavedSearches => app.filter.picker = Some(0),
            // anything else (a tab key, help, quit) leaves the box, the filter kept
            _ => {
                app.filter.editing = None;
                app.filter.tabs[app.tab.index()].error = None;
                return None;
            }
        }
        return Some(Effect::None);
    }
    if data.is_empty() {
        // the welcome screen has no list to filter
        return None;
    }
    match action {
        Action::Search => {
            let before = app.filter.tabs[app.tab.index()].applied.clone();
            app.filter.editing = Some(Editing { line: LineEdit::new(&before), before, ..Editing::default() });
            app.focus = Focus::List;
        }
        Action::GlobalSearch => app.global = Some(super::global_search::GlobalSearch::default()),
        Action::SavedSearches => app.filter.picker = Some(0),
        Action::SearchNext | Action::SearchPrev if app.focus == Focus::List => step(app, action == Action::SearchNext),
        Action::ClearFilter if is_filtered(app, app.tab) => {
            clear(app, data, app.tab);
            app.info(app.t(Ui::FilterCleared));
        }
        _ => return None,
    }
    Some(Effect::None)
}

/// Up: an older query from the history; Down: a newer one, then the text
/// typed before recalling.
fn recall(app: &mut App, data: &UiData, older: bool) {
    let n = app.filter.history.len();
    let Some(ed) = app.filter.editing.as_mut() else { return };
    let next = match (ed.recall, older) {
        (None, true) if n > 0 => Some(0),
        (None, _) => return,
        (Some(i), true) => Some((i + 1).min(n.saturating_sub(1))),
        (Some(0), false) => None,
        (Some(i), false) => Some(i - 1),
    };
    if ed.recall.is_none() {
        ed.draft = ed.line.value.clone();
    }
    ed.recall = next;
    let text = match next {
        Some(i) => app.filter.history.get(n - 1 - i).cloned().unwrap_or_default(),
        None => ed.draft.clone(),
    };
    set_box_text(app, data, &text);
}

fn save_named(app: &mut App) -> Effect {
    let name = app
        .filter
        .editing
        .as_mut()
        .and_then(|e| e.naming.take())
        .map(|n| n.value.trim().to_string())
        .unwrap_or_default();
    let query = app.filter.tabs[app.tab.index()].applied.clone();
    if name.is_empty() || query.is_empty() {
        return Effect::None;
    }
    let saved = &mut app.filter.saved;
    match saved.iter_mut().find(|s| s.name == name) {
        Some(s) => s.query = query,
        None => saved.push(SavedSearch { name: name.clone(), query }),
    }
    app.info(fill(app.t(Ui::SearchSaved), &[("name", &name)]));
    Effect::SavePrefs
}

fn picker_update(app: &mut App, action: Action, data: &UiData) -> Effect {
    let n = app.filter.saved.len();
    let sel = app.filter.picker.unwrap_or(0);
    if let Some(next) = super::cursor::step(sel, action, n, picker_rows(n, app.height)) {
        app.filter.picker = Some(next);
        return Effect::None;
    }
    match action {
        Action::Accept => {
            app.filter.picker = None;
            if let Some(s) = app.filter.saved.get(sel).cloned() {
                apply_saved(app, data, &s.query);
            }
        }
        Action::ForceQuit => return Effect::Quit,
        _ => app.filter.picker = None,
    }
    Effect::None
}

/// Applies a saved filter's query to the current list, as if typed and accepted.
pub fn apply_saved(app: &mut App, data: &UiData, query: &str) {
    match app.filter.editing.as_mut() {
        Some(ed) => ed.line = LineEdit::new(query),
        None => {
            let before = app.filter.tabs[app.tab.index()].applied.clone();
            app.filter.editing = Some(Editing { line: LineEdit::new(query), before, ..Editing::default() });
        }
    }
    run_box(app, data);
}

/// A key the keymap left unbound while [`takes_keys`]: text for the box in
/// use, or Delete in the picker. True when it was used.
pub fn text_key(app: &mut App, data: &UiData, key: Key) -> bool {
    if app.global.is_some() {
        return super::global_search::text_key(app, data, key);
    }
    if let Some(sel) = app.filter.picker {
        if key.code == KeyCode::Delete && sel < app.filter.saved.len() {
            let gone = app.filter.saved.remove(sel);
            app.filter.picker = Some(sel.min(app.filter.saved.len().saturating_sub(1)));
            app.info(fill(app.t(Ui::SavedRemoved), &[("name", &gone.name)]));
            return true;
        }
        return false;
    }
    let Some(ed) = app.filter.editing.as_mut() else { return false };
    if let Some(name) = ed.naming.as_mut() {
        return name.key(key).is_some();
    }
    match ed.line.key(key) {
        Some(true) => {
            ed.recall = None;
            run_box(app, data);
            true
        }
        Some(false) => true,
        None => false,
    }
}

/// Pasted text, typed into the box in front (the global search's, a
/// saved search's name, or the filter's).
pub fn paste(app: &mut App, data: &UiData, text: &str) {
    let role = app.role;
    if let Some(g) = app.global.as_mut() {
        g.line.insert(text);
        g.run(data, role, app.officer.as_deref(), &app.risk_names);
        return;
    }
    let Some(ed) = app.filter.editing.as_mut() else { return };
    if let Some(name) = ed.naming.as_mut() {
        name.insert(text);
        return;
    }
    ed.line.insert(text);
    ed.recall = None;
    run_box(app, data);
}

// ---- drawing ----

/// The style of matched characters.
pub fn matched_style(app: &App) -> Style {
    let s = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    if app.theme.color { s.fg(ratatui::style::Color::Yellow) } else { s }
}

/// Stored text as spans, the chars at `marks` (ascending char indices) in
/// `hi`; every char sanitised.
pub fn marked<'a>(text: &str, marks: &[u32], hi: Style) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let (mut run, mut run_hi) = (String::new(), false);
    let mut m = marks.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let is_hi = m.peek().is_some_and(|&&x| x as usize == i);
        if is_hi {
            m.next();
        }
        if is_hi != run_hi && !run.is_empty() {
            let t = std::mem::take(&mut run);
            spans.push(if run_hi { Span::styled(t, hi) } else { Span::raw(t) });
        }
        run_hi = is_hi;
        let mut b = [0u8; 4];
        run.push_str(&sanitize(c.encode_utf8(&mut b)));
    }
    if !run.is_empty() {
        spans.push(if run_hi { Span::styled(run, hi) } else { Span::raw(run) });
    }
    spans
}

/// The name cell of a row with the filter's matches marked, when the tab
/// is filtered and the index is ready.
pub fn name_cell<'a>(app: &App, data: &UiData, tab: RecordKind, pos: usize) -> Option<(usize, Cell<'a>)> {
    let q = app.filter.tabs[tab.index()].query.as_ref()?;
    let s = data.search.as_ref()?;
    let (col, text, archived, flagged) = match tab {
        RecordKind::Client => data.clients.get(pos).map(|r| (1, r.name(), r.archived, data.flagged.contains(&r.id)))?,
        RecordKind::Stakeholder => data.stakeholders.get(pos).map(|r| (1, r.short.as_str(), r.archived, false))?,
        RecordKind::Event => data.events.get(pos).map(|r| (2, r.title.as_str(), r.archived, false))?,
        RecordKind::Referral | RecordKind::User => return None,
    };
    let marks = s.index.highlight_text(tab, q, text);
    // a flagged client keeps its mark in a filtered list too
    let mut spans: Vec<Span<'a>> = flagged.then(|| super::view::flag_mark(app)).into_iter().collect();
    spans.extend(marked(text, &marks, matched_style(app)));
    if archived {
        spans.push(Span::styled(format!(" [{}]", app.t(Ui::ArchivedMark)), app.theme.dim()));
    }
    Some((col, Cell::from(Line::from(spans))))
}

/// The list's title count: "12" or, filtered, "3 of 12".
pub fn count_text(app: &App, tab: RecordKind) -> String {
    let f = &app.filter.tabs[tab.index()];
    let n = app.lists[tab.index()].order.len();
    if f.active() && !f.waiting {
        fill(app.t(Ui::CountOf), &[("n", &n.to_string()), ("total", &f.total.to_string())])
    } else {
        n.to_string()
    }
}

/// What an empty list says: that nothing matches its filter, or that the
/// tab holds nothing.
pub fn empty_text(app: &App, tab: RecordKind) -> String {
    let f = &app.filter.tabs[tab.index()];
    if !f.active() || f.waiting {
        return app.t(Ui::EmptyList).to_string();
    }
    let msg = match tab {
        RecordKind::Stakeholder => Ui::NoStakeholderMatches,
        RecordKind::Event => Ui::NoEventMatches,
        _ => Ui::NoClientMatches,
    };
    fill(app.t(msg), &[("query", &sanitize(&f.applied))])
}

/// The status-line part naming the filter in effect, if any.
pub fn status_text(app: &App) -> Option<String> {
    let f = &app.filter.tabs[app.tab.index()];
    f.active().then(|| fill(app.t(Ui::StatusFilter), &[("query", &sanitize(&f.applied))]))
}

/// Lines the box takes above the list (0 when closed).
pub fn box_height(app: &App) -> u16 {
    match &app.filter.editing {
        None => 0,
        Some(_) if app.filter.tabs[app.tab.index()].error.is_some() => 2,
        Some(_) => 1,
    }
}

/// A query line: prompt, the text with the cursor, the error's span underlined.
pub fn query_line<'a>(app: &App, prompt: &str, line: &LineEdit, error: Option<&QueryError>) -> Line<'a> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut spans = vec![Span::styled(format!("{prompt} "), bold)];
    let text = &line.value;
    let bad = error.map(|e| e.span.clone()).filter(|r| r.start <= r.end && r.end <= text.len());
    let cursor_style = Style::new().add_modifier(Modifier::REVERSED);
    let mut at_end = true;
    for (k, (i, c)) in text.char_indices().enumerate() {
        let mut st = Style::new();
        if bad.as_ref().is_some_and(|r| r.contains(&i)) {
            st = app.theme.error().add_modifier(Modifier::UNDERLINED);
        }
        if k == line.cursor {
            st = st.patch(cursor_style);
            at_end = false;
        }
        let mut b = [0u8; 4];
        spans.push(Span::styled(sanitize(c.encode_utf8(&mut b)).into_owned(), st));
    }
    if at_end {
        spans.push(Span::styled(" ", cursor_style));
    }
    Line::from(spans)
}

/// Draws the box (and the error under it) at the top of `area`; returns what is left for the list.
pub fn draw_box(app: &App, data: &UiData, frame: &mut Frame, area: Rect) -> Rect {
    let Some(ed) = &app.filter.editing else { return area };
    let h = box_height(app).min(area.height);
    let f = &app.filter.tabs[app.tab.index()];
    let r = Rect::new(area.x, area.y, area.width, 1);
    let line = match &ed.naming {
        Some(name) => query_line(app, app.t(Ui::SaveAs), name, None),
        None if ed.line.value.is_empty() => Line::from(vec![
            Span::styled("/ ", Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
            Span::styled(app.t(Ui::SearchPlaceholder), app.theme.dim()),
        ]),
        None => query_line(app, "/", &ed.line, f.error.as_ref()),
    };
    frame.render_widget(Clear, r);
    frame.render_widget(line, r);
    if data.search.is_none() && f.waiting {
        let t = app.t(Ui::Indexing);
        let w = u16::try_from(unicode_width::UnicodeWidthStr::width(t)).unwrap_or(0).min(r.width);
        frame.render_widget(Span::styled(t, app.theme.dim()), Rect::new(r.x + r.width - w, r.y, w, 1));
    }
    if let (Some(e), true) = (&f.error, h > 1) {
        let msg = Line::from(vec![
            Span::styled(format!("{} ", app.theme.error_symbol()), app.theme.error()),
            Span::raw(sanitize(&e.message(app.lang)).into_owned()),
        ]);
        frame.render_widget(Paragraph::new(msg), Rect::new(area.x, area.y + 1, area.width, 1));
    }
    Rect::new(area.x, area.y + h, area.width, area.height - h)
}

/// Saved filters the picker shows at once on a terminal `height` rows high.
fn picker_rows(saved: usize, height: u16) -> usize {
    saved.max(1).min(usize::from(height.saturating_sub(6))).max(1)
}

/// Draws the saved-filter picker, when open.
pub fn draw_picker(app: &App, frame: &mut Frame, area: Rect) {
    let Some(sel) = app.filter.picker else { return };
    let saved = &app.filter.saved;
    let w = 60.min(area.width);
    // with nothing saved, the box says how to save, whole
    let empty = saved.is_empty().then(|| {
        let key = super::keys::first_key(&app.keymap, Action::SaveSearch, Context::Search).unwrap_or_default();
        super::wrap::wrap(&fill(app.t(Ui::SavedEmpty), &[("key", &key)]), usize::from(w.saturating_sub(2)))
    });
    let rows = empty.as_ref().map_or_else(|| picker_rows(saved.len(), area.height), Vec::len);
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height.saturating_sub(h)) / 2, w, h);
    frame.render_widget(Clear, r);
    let b = Block::bordered().border_set(app.theme.border()).title(format!(" {} ", app.t(Ui::SavedTitle)));
    let lines: Vec<Line> = if let Some(empty) = empty {
        empty.into_iter().map(Line::from).collect()
    } else {
        let inner = picker_rows(saved.len(), area.height);
        let first = super::cursor::scroll(sel.saturating_sub(inner - 1), sel, saved.len(), inner);
        saved
            .iter()
            .enumerate()
            .skip(first)
            .take(inner)
            .map(|(i, s)| {
                let marker = if i == sel { app.theme.marker() } else { " " };
                let line = Line::from(vec![
                    Span::raw(format!("{marker} {}  ", sanitize(&s.name))),
                    Span::styled(sanitize(&s.query).into_owned(), app.theme.dim()),
                ]);
                if i == sel { line.style(app.theme.selected()) } else { line }
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(b), r);
}

#[cfg(test)]
mod tests;
