//! The global search: an overlay with a query box and the hits among
//! clients, stakeholders and events; Enter shows the chosen record (with
//! back/forward history, like following a link).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::app::{App, Listed};
use super::data::UiData;
use super::filter::{self, LineEdit};
use super::sanitize::sanitize;
use super::update::{self, Effect};
use crate::action::Action;
use crate::i18n::ui::Ui;
use crate::keymap::Key;
use crate::model::RecordKind;
use crate::model::RecordRef;
use crate::search::{GlobalHits, Hit, Query, QueryError};

/// Hits kept per kind.
pub const PER_KIND: usize = 50;

/// The global search's state.
#[derive(Debug, Clone, Default)]
pub struct GlobalSearch {
    /// The query being typed.
    pub line: LineEdit,
    /// The hits of the last good query.
    pub hits: GlobalHits,
    /// The query of those hits.
    pub query: Option<Query>,
    /// The first problem of the text, when it does not parse.
    pub error: Option<QueryError>,
    /// Index into all hits (clients, then stakeholders, then events).
    pub selected: usize,
}

impl GlobalSearch {
    /// The selected hit.
    pub fn selected_hit(&self) -> Option<&Hit> {
        self.hits.iter().nth(self.selected)
    }

    /// Searches every kind, in the user's view: the index holds only what
    /// `role` sees, so the first hits of each kind are all the user's.
    /// `officer:me` means `me`.
    pub(super) fn run(
        &mut self,
        data: &UiData,
        role: crate::model::Role,
        me: Option<&str>,
        names: &crate::words::RiskNames,
    ) {
        match crate::search::query::parse_as_named(&self.line.value, &RecordKind::LISTED, role, me, names) {
            Err(errors) => self.error = errors.into_iter().next(),
            Ok(q) => {
                self.error = None;
                self.selected = 0;
                self.hits = match (&data.search, q.is_empty()) {
                    (Some(s), false) => s.index.global(&q, PER_KIND),
                    _ => GlobalHits::default(),
                };
                self.query = Some(q);
            }
        }
    }
}

/// Handles an action while the overlay is open.
pub fn update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    let g = app.global.as_mut()?;
    let n = g.hits.iter().count();
    // the sections share the rows: a page is about a section's share
    let page = usize::from(app.height.saturating_sub(12) / 3).max(1);
    if let Some(sel) = super::cursor::step(g.selected, action, n, page) {
        g.selected = sel;
        return Some(Effect::None);
    }
    match action {
        Action::SearchPrev => g.selected = g.selected.saturating_sub(1),
        Action::SearchNext => g.selected = (g.selected + 1).min(n.saturating_sub(1)),
        Action::Accept => {
            let target = g.selected_hit().map(|h| h.record);
            app.global = None;
            if let Some(target) = target {
                update::jump(app, data, target);
            }
        }
        Action::ForceQuit => return None,
        _ => app.global = None,
    }
    Some(Effect::None)
}

/// A key the keymap left unbound: text for the query.
pub fn text_key(app: &mut App, data: &UiData, key: Key) -> bool {
    let role = app.role;
    let Some(g) = app.global.as_mut() else { return false };
    match g.line.key(key) {
        Some(true) => {
            g.run(data, role, app.officer.as_deref(), &app.risk_names);
            true
        }
        Some(false) => true,
        None => false,
    }
}

/// Draws the overlay, when open.
pub fn draw(app: &App, data: &UiData, frame: &mut Frame, area: Rect) {
    let Some(g) = &app.global else { return };
    let w = area.width.saturating_sub(8).clamp(20, 100).min(area.width);
    let h = area.height.saturating_sub(4).max(5).min(area.height);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    frame.render_widget(Clear, r);
    let b = Block::bordered()
        .border_set(app.theme.border())
        .border_style(app.theme.header())
        .title(format!(" {} ", app.t(Ui::GlobalTitle)));
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let mut lines = vec![filter::query_line(app, ">", &g.line, g.error.as_ref())];
    if let Some(e) = &g.error {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", app.theme.error_symbol()), app.theme.error()),
            Span::raw(sanitize(&e.message(app.lang)).into_owned()),
        ]));
    }
    let searching = g.query.as_ref().is_some_and(|q| !q.is_empty());
    if data.search.is_none() && searching {
        lines.push(Line::from(Span::styled(app.t(Ui::Indexing), app.theme.dim())));
    } else if !searching {
        lines.push(Line::from(Span::styled(app.t(Ui::GlobalHint), app.theme.dim())));
    }
    let sections: [(RecordKind, &[Hit]); 3] = [
        (RecordKind::Client, &g.hits.clients),
        (RecordKind::Stakeholder, &g.hits.stakeholders),
        (RecordKind::Event, &g.hits.events),
    ];
    if searching && data.search.is_some() {
        // rows shared round-robin, so a short section leaves its room to the others
        let mut room = usize::from(inner.height).saturating_sub(lines.len() + 3);
        let mut rows = [0usize; 3];
        while room > 0 && sections.iter().zip(rows).any(|((_, h), r)| r < h.len()) {
            for (i, (_, h)) in sections.iter().enumerate() {
                if room > 0 && rows[i] < h.len() {
                    rows[i] += 1;
                    room -= 1;
                }
            }
        }
        let mut first = 0;
        let hi = filter::matched_style(app);
        for ((tab, hits), per) in sections.into_iter().zip(rows) {
            let per = per.max(1);
            lines
                .push(Line::from(Span::styled(format!("{} ({})", app.t(tab.label()), hits.len()), app.theme.header())));
            if hits.is_empty() {
                lines.push(Line::from(Span::styled(format!("  {}", app.t(Ui::NoMatches)), app.theme.dim())));
            }
            // the window of each section follows the selection inside it
            let local = g.selected.checked_sub(first).filter(|&i| i < hits.len());
            let start = local.map_or(0, |i| (i + 1).saturating_sub(per));
            for (i, h) in hits.iter().enumerate().skip(start).take(per) {
                let selected = local == Some(i);
                let name = data_name(data, h.record).unwrap_or_default();
                let mut spans = vec![
                    Span::raw(if selected { app.theme.marker() } else { " " }),
                    Span::raw(format!("{} ", h.record)),
                ];
                if h.record.kind == crate::model::RecordKind::Client && data.flagged.contains(&h.record.id) {
                    spans.push(Span::styled(format!("{} ", app.theme.flag()), app.theme.error()));
                }
                spans.extend(filter::marked(&name, &h.name_matches, hi));
                let line = Line::from(spans);
                lines.push(if selected { line.style(app.theme.selected()) } else { line });
            }
            first += hits.len();
        }
    }
    frame.render_widget(Paragraph::new(lines).style(Style::new()), inner);
}

/// The display name the index matched against, from the index.
fn data_name(data: &UiData, r: RecordRef) -> Option<String> {
    let s = data.search.as_ref()?;
    s.index.display_name(r).map(str::to_string)
}
