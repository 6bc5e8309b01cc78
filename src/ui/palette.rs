//! The command palette (`:` in vim, ctrl-p by default, M-x in emacs): every
//! action the current place offers, with its description and keys, filtered
//! fuzzily as the user types; Enter runs the chosen one through the same
//! [`super::update::update`] a key press goes through.
//!
//! What is offered: the actions of the place the palette was opened from
//! (list or details), as in VS Code's palette, that the user's role allows.
//! The place an action belongs to is where the default keymap binds it, so
//! actions of other places — the palette's own keys, a form's save, a
//! question's yes/no — are left out rather than shown dimmed: a palette
//! entry that only says "not here" is noise, and the help lists every key.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::data::UiData;
use super::keys;
use super::update::{Effect, update as run};
use super::whichkey::WhichKey;
use crate::action::{Action, Context};
use crate::i18n::Lang;
use crate::i18n::ui::Ui;
use crate::keymap::Key;
use crate::sanitize::sanitize;

/// The keyboard popups of a session: the palette and the which-key box.
#[derive(Debug, Clone, Default)]
pub struct Popups {
    /// The open command palette.
    pub palette: Option<Palette>,
    /// What may follow the keys of a pending sequence.
    pub which_key: Option<WhichKey>,
}

/// One action offered, with the characters the query matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The action.
    pub action: Action,
    /// Matched char indices into the action's name (`tab events`).
    pub name_hits: Vec<usize>,
    /// Matched char indices into the description.
    pub desc_hits: Vec<usize>,
}

/// The state of an open palette.
#[derive(Debug, Clone)]
pub struct Palette {
    /// What the user typed.
    pub line: super::input::TextInput,
    /// The context the palette was opened from: it decides what is offered
    /// and which keys are shown.
    pub under: Context,
    /// The actions offered, in any order.
    pub offered: Vec<Action>,
    /// The offered actions that match the input, best first.
    pub entries: Vec<Entry>,
    /// Index into `entries`.
    pub selected: usize,
}

impl Palette {
    /// A palette with an empty input over the actions of `under` that
    /// the user may do (`allowed`: the store's rules for their role).
    pub fn new(under: Context, lang: Lang, allowed: &dyn Fn(Action) -> bool) -> Palette {
        let offered: Vec<Action> =
            Action::all().iter().copied().filter(|a| offered(*a, under) && allowed(*a)).collect();
        let entries = filter(&offered, "", lang);
        Palette { line: super::input::TextInput::default(), under, offered, entries, selected: 0 }
    }

    /// Sets the input and filters again, selecting the best match.
    pub fn set_input(&mut self, input: String, lang: Lang) {
        self.line = super::input::TextInput::new(input);
        self.refilter(lang);
    }

    /// Filters again after the input changed, selecting the best match.
    pub fn refilter(&mut self, lang: Lang) {
        self.entries = filter(&self.offered, &self.line.value, lang);
        self.selected = 0;
    }

    /// The selected action, if any matches.
    pub fn chosen(&self) -> Option<Action> {
        self.entries.get(self.selected).map(|e| e.action)
    }
}

/// Whether the palette offers `action` in context `ctx` to a user whose
/// role allows it (see the module documentation).
pub fn offered(action: Action, ctx: Context) -> bool {
    // where an action belongs is where the default keymap binds it: a new
    // action is offered by binding it, whatever the user's own keymap left out
    static DEFAULT: std::sync::OnceLock<Option<crate::keymap::Keymap>> = std::sync::OnceLock::new();
    let own = matches!(action, Action::Palette | Action::CancelPending);
    !own && DEFAULT
        .get_or_init(|| crate::keymap::Keymap::preset("default").ok())
        .as_ref()
        .is_some_and(|km| !km.keys_for(action, ctx).is_empty())
}

/// The actions of `offered` matching `query` fuzzily over name and
/// description (in `lang`), best first; ties keep the order of `offered`.
/// An empty query matches everything, unhighlighted.
pub fn filter(offered: &[Action], query: &str, lang: Lang) -> Vec<Entry> {
    if query.trim().is_empty() {
        return offered.iter().map(|a| Entry { action: *a, name_hits: Vec::new(), desc_hits: Vec::new() }).collect();
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let (mut buf, mut hits) = (Vec::new(), Vec::new());
    let mut scored: Vec<(u32, Entry)> = offered
        .iter()
        .filter_map(|a| {
            let name = a.to_string();
            let n = name.chars().count();
            let desc = a.description(lang);
            // the name alone, the description alone, and both in one
            // haystack so that `tab ev` may match words of each; on a tie
            // the name wins (`quit` is the action quit, not "Quit")
            let mut best: Option<(u32, Vec<usize>, Vec<usize>)> = None;
            for (hay, offset) in [(name.clone(), 0), (desc.clone(), n + 1), (format!("{name} {desc}"), 0)] {
                hits.clear();
                let Some(score) = pattern.indices(Utf32Str::new(&hay, &mut buf), &mut matcher, &mut hits) else {
                    continue;
                };
                if best.as_ref().is_some_and(|(b, ..)| *b >= score) {
                    continue;
                }
                hits.sort_unstable();
                hits.dedup();
                let at = |i: &u32| usize::try_from(*i).unwrap_or(usize::MAX).saturating_add(offset);
                let name_hits = hits.iter().map(at).filter(|&i| i < n).collect();
                let desc_hits = hits.iter().map(at).filter(|&i| i > n).map(|i| i - n - 1).collect();
                best = Some((score, name_hits, desc_hits));
            }
            best.map(|(score, name_hits, desc_hits)| (score, Entry { action: *a, name_hits, desc_hits }))
        })
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(_, e)| e).collect()
}

/// Opens the palette over the current place.
pub fn open(app: &mut App, data: &UiData) {
    let under = keys::context(app, data);
    let palette = Palette::new(under, app.lang, &|a| keys::allowed(app, a, data));
    app.popups.palette = Some(palette);
}

/// Applies an action while the palette is open. `None` when the action is
/// not the palette's: the palette closes and the caller applies it as usual
/// (ctrl-c still quits, alt-1 still switches tabs).
pub fn update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    let page = list_rows(app.height);
    let p = app.popups.palette.as_mut()?;
    if let Some(to) = super::cursor::step(p.selected, action, p.entries.len(), page) {
        p.selected = to;
        return Some(Effect::None);
    }
    match action {
        Action::Cancel | Action::CancelPending => app.popups.palette = None,
        Action::Accept => match p.chosen() {
            Some(chosen) => {
                app.popups.palette = None;
                // the very path of a key press, so it behaves the same
                return Some(run(app, chosen, data));
            }
            None => app.info(app.t(Ui::PaletteNoMatch)),
        },
        _ => {
            app.popups.palette = None;
            return None;
        }
    }
    Some(Effect::None)
}

/// Takes a key the keymap left unbound, as text for the palette's input
/// (the line editor's keys). False when no palette is open.
pub fn input(app: &mut App, key: Key) -> bool {
    let lang = app.lang;
    let Some(p) = app.popups.palette.as_mut() else {
        return false;
    };
    if p.line.key(key) == Some(true) {
        p.refilter(lang);
    }
    true
}

/// The widest the keys column gets.
const KEYS_WIDTH: usize = 16;

/// The widest an action's name is shown (`export summary_markdown`: every name whole).
const NAME_WIDTH: usize = 24;

/// Rows of entries the palette shows on a terminal of this height.
fn list_rows(height: u16) -> usize {
    usize::from(box_height(height).saturating_sub(4)).max(1)
}

/// Height of the palette box: all but the tab bar, status and hint lines.
fn box_height(height: u16) -> u16 {
    height.saturating_sub(3)
}

/// The style of matched characters: bold and underlined, so they show
/// without colour too.
fn hit_style(app: &App) -> Style {
    let s = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    if app.theme.color { s.fg(Color::Yellow) } else { s }
}

/// `text` as spans, the chars at `hits` highlighted.
fn highlighted(text: &str, hits: &[usize], hit: Style) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run_text = String::new();
    let mut run_hit = false;
    for (i, c) in text.chars().enumerate() {
        let is_hit = hits.binary_search(&i).is_ok();
        if is_hit != run_hit && !run_text.is_empty() {
            let t = std::mem::take(&mut run_text);
            spans.push(if run_hit { Span::styled(t, hit) } else { Span::raw(t) });
        }
        run_hit = is_hit;
        run_text.push(c);
    }
    if !run_text.is_empty() {
        spans.push(if run_hit { Span::styled(run_text, hit) } else { Span::raw(run_text) });
    }
    Line::from(spans)
}

/// Draws the palette and the which-key box, whichever is up.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(p) = &app.popups.palette {
        draw_palette(app, p, frame, area);
    }
    if let Some(w) = &app.popups.which_key {
        super::whichkey::draw(app, w, frame, area);
    }
}

fn draw_palette(app: &App, p: &Palette, frame: &mut Frame, area: Rect) {
    let width = area.width.min(100);
    let r = Rect::new(area.x + (area.width - width) / 2, area.y + 1, width, box_height(area.height));
    if r.height < 5 || r.width < 20 {
        return;
    }
    frame.render_widget(Clear, r);
    let title = format!(" {} ({}/{}) ", app.t(Ui::PaletteTitle), p.entries.len(), p.offered.len());
    let b = Block::bordered().border_set(app.theme.border()).border_style(app.theme.header()).title(title);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let cursor = if app.theme.ascii { "_" } else { "█" };
    let prompt = Line::from(vec![
        Span::styled("> ", app.theme.header()),
        Span::raw(sanitize(p.line.before_cursor()).into_owned()),
        Span::raw(cursor),
        Span::raw(sanitize(p.line.after_cursor()).into_owned()),
    ]);
    frame.render_widget(prompt, Rect::new(inner.x, inner.y, inner.width, 1));
    let rule = if app.theme.ascii { "-" } else { "─" };
    frame.render_widget(
        Line::styled(rule.repeat(usize::from(inner.width)), app.theme.dim()),
        Rect::new(inner.x, inner.y + 1, inner.width, 1),
    );
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height.saturating_sub(2));
    if p.entries.is_empty() {
        frame.render_widget(Paragraph::new(app.t(Ui::PaletteNoMatch)).style(app.theme.dim()), list);
        return;
    }
    let page = usize::from(list.height).max(1);
    let hit = hit_style(app);
    // the shortest keys first (`g t` says more here than `ctrl-pagedown`),
    // whole keys only: a cut-off key reads as another key
    let key_text = |a: Action| {
        let mut keys = app.keymap.keys_for(a, p.under);
        keys.sort_by_key(|k| k.width());
        let mut out = String::new();
        for k in keys.iter().take(2) {
            if !out.is_empty() && out.width() + 2 + k.width() > KEYS_WIDTH {
                break;
            }
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(k);
        }
        out
    };
    // the columns are as wide as every entry needs, so they stay put while scrolling
    let name_w = p.entries.iter().map(|e| e.action.to_string().width()).max().unwrap_or(0).min(NAME_WIDTH);
    let keys_w = p.entries.iter().map(|e| key_text(e.action).width()).max().unwrap_or(0).min(KEYS_WIDTH);
    let desc_w = usize::from(list.width).saturating_sub(1 + name_w + keys_w + 3).max(10);
    // a description wider than its column wraps over as many rows as it needs
    let desc =
        |e: &Entry| super::wrap::wrap_line(&highlighted(&e.action.description(app.lang), &e.desc_hits, hit), desc_w);
    let heights: Vec<usize> = p.entries.iter().map(|e| desc(e).len().max(1)).collect();
    // the selection stays on screen: the window follows it down
    let mut offset = p.selected.min(p.entries.len().saturating_sub(1));
    let mut used = heights.get(offset).copied().unwrap_or(1);
    while offset > 0 && used + heights[offset - 1] <= page {
        offset -= 1;
        used += heights[offset];
    }
    let mut visible: Vec<(usize, &Entry)> = Vec::new();
    let mut used = 0;
    for (i, e) in p.entries.iter().enumerate().skip(offset) {
        if used + heights[i] > page && !visible.is_empty() {
            break;
        }
        used += heights[i];
        visible.push((i, e));
    }
    let rows: Vec<Row> = visible
        .iter()
        .map(|(i, e)| {
            let selected = *i == p.selected;
            let name = e.action.to_string();
            let lines = desc(e);
            let height = u16::try_from(lines.len().max(1)).unwrap_or(1);
            let row = Row::new(vec![
                Cell::from(if selected { app.theme.marker() } else { " " }),
                Cell::from(ratatui::text::Text::from(lines)),
                Cell::from(highlighted(&name, &e.name_hits, hit).style(app.theme.dim())),
                Cell::from(Span::styled(key_text(e.action), Style::new().add_modifier(Modifier::BOLD))),
            ])
            .height(height);
            if selected { row.style(app.theme.selected()) } else { row }
        })
        .collect();
    let widths = [
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(name_w).unwrap_or(20)),
        Constraint::Length(u16::try_from(keys_w).unwrap_or(0)),
    ];
    frame.render_widget(Table::new(rows, widths).column_spacing(1), list);
}

#[cfg(test)]
mod tests;
