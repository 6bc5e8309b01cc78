//! The which-key box (as in helix and yazi): while a key sequence is
//! pending (`g` in vim), a box at the bottom right lists each key that may
//! follow and what it does. Esc cancels the sequence and the box with it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::app::App;
use crate::i18n::ui::Ui;
use crate::keymap::{Continuation, Key};

/// A pending sequence and the keys that may follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhichKey {
    /// The keys typed so far.
    pub keys: Vec<Key>,
    /// What may come next, in notation order.
    pub continuations: Vec<Continuation>,
}

impl WhichKey {
    /// The box's lines as (key, description), in a language.
    pub fn entries(&self, app: &App) -> Vec<(String, String)> {
        let mut next: Vec<&Continuation> = self.continuations.iter().collect();
        // t before T: a letter's two cases side by side, as on the keyboard
        next.sort_by_cached_key(|c| {
            let k = c.key.to_string();
            (k.to_lowercase(), k.chars().any(char::is_uppercase))
        });
        next.into_iter()
            .map(|c| {
                let desc = match c.action {
                    Some(a) => a.description(app.lang),
                    None => app.t(Ui::WhichKeyMore).to_string(),
                };
                (c.key.to_string(), desc)
            })
            .collect()
    }
}

/// Draws the box in the bottom right corner, above the status line.
pub fn draw(app: &App, w: &WhichKey, frame: &mut Frame, area: Rect) {
    let entries = w.entries(app);
    if entries.is_empty() {
        return;
    }
    let key_w = entries.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let desc_w = entries.iter().map(|(_, d)| d.width()).max().unwrap_or(0);
    let title = format!(" {} … ", w.keys.iter().map(Key::to_string).collect::<Vec<_>>().join(" "));
    // borders and a space of padding each side
    let want_w = (key_w + 2 + desc_w).max(title.width()) + 4;
    let width = u16::try_from(want_w).unwrap_or(u16::MAX).min(area.width.saturating_sub(4));
    // inside the list's frame: below the tab bar and the list's top
    // border, above its bottom border and the status and hint lines
    let room = area.height.saturating_sub(5);
    let height = u16::try_from(entries.len() + 2).unwrap_or(u16::MAX).min(room);
    if width < 10 || height < 3 {
        return;
    }
    let r = Rect::new(area.x + area.width - width - 2, area.y + area.height.saturating_sub(3) - height, width, height);
    let shown = usize::from(height - 2);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = entries
        .iter()
        .take(shown)
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(format!("{k}{}", " ".repeat(key_w - k.width())), bold),
                Span::raw("  "),
                Span::raw(d.clone()),
            ])
        })
        .collect();
    if entries.len() > shown
        && let Some(last) = lines.last_mut()
    {
        *last = Line::from(Span::styled(if app.theme.ascii { "..." } else { "…" }, app.theme.dim()));
    }
    frame.render_widget(Clear, r);
    let b = Block::bordered()
        .border_set(app.theme.border())
        .border_style(app.theme.header())
        .title(title)
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Paragraph::new(lines).block(b), r);
}
