//! Colours, attributes and drawing characters.
//!
//! Two switches: `color` (off under `NO_COLOR`: everything that colour
//! marks is also marked by reverse video, bold or a word) and `ascii`
//! (`--ascii`: borders, markers and arrows in plain ASCII for terminals and
//! fonts without box drawing).

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::model::RiskCategory;

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Theme {
    /// Use colours.
    pub color: bool,
    /// Plain ASCII borders and markers.
    pub ascii: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true, ascii: false }
    }
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// The theme for the environment: colour unless `NO_COLOR` is set and not empty.
    pub fn from_env(ascii: bool, no_color: Option<std::ffi::OsString>) -> Theme {
        Theme { color: no_color.is_none_or(|v| v.is_empty()), ascii }
    }

    /// This theme with a variable of the environment or one an ssh client
    /// sent (`SetEnv`): `NO_COLOR` set and not empty takes colour away;
    /// `SIMPUL_ASCII` as a yes (1, true, yes, on) draws in plain ASCII, as
    /// `--ascii` does. Other names: unchanged.
    pub fn with_env(self, name: &str, value: &str) -> Theme {
        match name {
            "NO_COLOR" => Theme { color: value.is_empty(), ..self },
            "SIMPUL_ASCII" => Theme {
                ascii: self.ascii || ["1", "true", "yes", "on"].iter().any(|y| value.eq_ignore_ascii_case(y)),
                ..self
            },
            _ => self,
        }
    }

    /// Border characters.
    pub fn border(self) -> border::Set<'static> {
        if self.ascii { ASCII_BORDER } else { border::PLAIN }
    }

    /// Marker before the selected row or link.
    pub fn marker(self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    /// Separator between parts of a bar.
    pub fn sep(self) -> &'static str {
        if self.ascii { " | " } else { " │ " }
    }

    /// Sort direction arrow.
    pub fn arrow(self, descending: bool) -> &'static str {
        match (self.ascii, descending) {
            (true, false) => "^",
            (true, true) => "v",
            (false, false) => "▲",
            (false, true) => "▼",
        }
    }

    /// Prefix of a link line.
    pub fn link(self) -> &'static str {
        if self.ascii { "->" } else { "→" }
    }

    /// Symbol before a selectable part of a record (as wide as [`Theme::link`]).
    pub fn bullet(self) -> &'static str {
        if self.ascii { "* " } else { "•" }
    }

    /// Symbol before the line that adds a first part (as wide as [`Theme::link`]).
    pub fn add(self) -> &'static str {
        if self.ascii { "+ " } else { "+" }
    }

    /// Mark of a client marked for bulk work.
    pub fn check(self) -> &'static str {
        if self.ascii { "*" } else { "✓" }
    }

    /// Mark of a flagged client.
    pub fn flag(self) -> &'static str {
        if self.ascii { "!" } else { "⚑" }
    }

    /// Symbol before an error message.
    pub fn error_symbol(self) -> &'static str {
        if self.ascii { "x" } else { "✗" }
    }

    /// Symbol before a warning.
    pub fn warn_symbol(self) -> &'static str {
        "!"
    }

    /// What stands for no value ("–").
    pub fn none(self) -> &'static str {
        if self.ascii { "-" } else { "–" }
    }

    /// What each typed character of a passphrase shows as.
    pub fn hidden_char(self) -> &'static str {
        if self.ascii { "*" } else { "•" }
    }

    /// Separator in a list of items ("a · b").
    pub fn dot(self) -> &'static str {
        if self.ascii { ", " } else { " · " }
    }

    /// The selection bar of a list, or the selected link: reverse video always, colour on top.
    pub fn selected(self) -> Style {
        let s = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        if self.color { s.fg(Color::Cyan) } else { s }
    }

    /// The selection bar when the list does not have the focus.
    pub fn selected_unfocused(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The active tab.
    pub fn tab_active(self) -> Style {
        self.selected()
    }

    /// Table headers and section headings.
    pub fn header(self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if self.color { s.fg(Color::Cyan) } else { s }
    }

    /// Labels and secondary text.
    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new() }
    }

    /// Error messages (also marked by a symbol and a word).
    pub fn error(self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if self.color { s.fg(Color::Red) } else { s }
    }

    /// A risk category (the label is always written too).
    pub fn risk(self, r: RiskCategory) -> Style {
        if !self.color {
            return Style::new();
        }
        match r {
            RiskCategory::Merah => Style::new().fg(Color::Red),
            RiskCategory::Kuning => Style::new().fg(Color::Yellow),
            RiskCategory::Hijau => Style::new().fg(Color::Green),
        }
    }
}

/// The ASCII character drawn for `c` under `--ascii`: lines and corners
/// of boxes as `-`, `|` and `+`, bars as `#`, arrows and marks by their
/// look, letters without their accents, anything else as `?`.
pub fn ascii_of(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    match c {
        _ if c.is_ascii() => c,
        '─' | '━' | '┄' | '┅' | '┈' | '┉' | '═' | '╌' | '╍' | '–' | '—' | '‒' | '−' | '‐' | '‑' => {
            '-'
        }
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '║' | '╎' | '╏' => '|',
        '\u{2500}'..='\u{257f}' => '+',
        '\u{2580}'..='\u{259f}' | '■' => '#',
        '▲' | '↑' | '△' => '^',
        '▼' | '↓' | '▽' => 'v',
        '▶' | '►' | '→' | '›' | '⇒' => '>',
        '◀' | '◄' | '←' | '‹' | '⇐' => '<',
        '·' | '∙' => '-',
        '…' => '.',
        '✓' | '✔' | '★' | '•' => '*',
        '✗' | '✘' | '×' => 'x',
        '⚑' => '!',
        '«' | '»' | '“' | '”' | '„' => '"',
        '‘' | '’' | '‚' => '\'',
        '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
        _ => c.to_string().nfd().find(char::is_ascii).filter(char::is_ascii_alphanumeric).unwrap_or('?'),
    }
}

/// Under `--ascii`, whatever the frame would still draw outside ASCII (a
/// stored name with an accent, an ellipsis from a library) is drawn as its
/// [`ascii_of`]: the terminal gets ASCII only. A wide character's second
/// cell, blank already, shows as the space it is.
pub fn asciify(buf: &mut ratatui::buffer::Buffer) {
    for cell in &mut buf.content {
        let sym = cell.symbol();
        if !sym.is_ascii() {
            let c = sym.chars().next().map_or(' ', ascii_of);
            cell.set_char(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_is_honoured_only_when_set_and_not_empty() {
        assert!(Theme::from_env(false, None).color);
        assert!(Theme::from_env(false, Some("".into())).color);
        assert!(!Theme::from_env(false, Some("1".into())).color);
    }

    #[test]
    fn ascii_markers_are_ascii() {
        let t = Theme { color: false, ascii: true };
        for s in [t.marker(), t.sep(), t.arrow(true), t.arrow(false), t.link(), t.error_symbol(), t.dot()] {
            assert!(s.is_ascii(), "{s}");
        }
        assert!(t.border().top_left.is_ascii());
        for s in [t.none(), t.hidden_char(), t.check(), t.flag(), t.bullet(), t.add()] {
            assert!(s.is_ascii(), "{s}");
        }
    }

    #[test]
    fn anything_drawn_under_ascii_is_ascii() {
        for (c, a) in [('┌', '+'), ('─', '-'), ('│', '|'), ('█', '#'), ('…', '.'), ('é', 'e'), ('Ü', 'U'), ('漢', '?')]
        {
            assert_eq!(ascii_of(c), a, "{c}");
        }
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "▶ José 漢…·", ratatui::style::Style::new());
        asciify(&mut buf);
        let line: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(line, "> Jose ? .- ");
    }
}

#[cfg(test)]
mod env_tests {
    use super::Theme;

    #[test]
    fn what_an_ssh_client_sends_reads_as_the_local_interface_reads_it() {
        let base = Theme::from_env(false, None);
        assert_eq!(base, Theme { color: true, ascii: false });
        assert!(!base.with_env("NO_COLOR", "1").color);
        assert!(base.with_env("NO_COLOR", "").color, "set but empty: colour, as locally");
        for yes in ["1", "true", "YES", "on"] {
            assert!(base.with_env("SIMPUL_ASCII", yes).ascii, "{yes}");
        }
        for no in ["0", "", "false", "no", "off", "2"] {
            assert!(!base.with_env("SIMPUL_ASCII", no).ascii, "{no}");
        }
        assert_eq!(base.with_env("TERM", "vt100"), base);
    }
}
