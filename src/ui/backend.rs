//! The terminal backend of every session, local and over SSH: crossterm's,
//! writing fewer bytes for the same frames. Officers browse over slow SSH
//! links, where every byte of a redraw is felt.
//!
//! - one SGR sequence per change of style (`\e[1;7;36m`, not one sequence
//!   per attribute and colour), the sixteen named colours by their short
//!   codes, and attributes turned off by their own codes or by a reset,
//!   whichever is shorter;
//! - the shortest cursor move to the next changed cell: along the row, down
//!   a line, or to a position;
//! - the style reset after a frame only when the frame left one set;
//! - the cursor hidden or shown only when it is not already.
//!
//! What is written through [`std::io::Write`] goes out as it is; the pen
//! and the cursor this backend tracks assume nothing else moves them, and
//! a clear forgets them.

use std::fmt::Write as _;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// The style the terminal draws the next character with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    /// The terminal's own style, as after `\e[0m`.
    const PLAIN: Pen = Pen { fg: Color::Reset, bg: Color::Reset, underline: Color::Reset, modifier: Modifier::empty() };

    fn of(cell: &Cell) -> Pen {
        Pen { fg: cell.fg, bg: cell.bg, underline: cell.underline_color, modifier: cell.modifier }
    }
}

/// A crossterm backend that writes less (see the module's notes).
#[derive(Debug)]
pub struct Lean<W: Write> {
    inner: CrosstermBackend<W>,
    /// The style in force on the terminal.
    pen: Pen,
    /// Whether the cursor shows; `None` until this backend has said.
    cursor: Option<bool>,
    /// Where the terminal's cursor is, when known.
    at: Option<(u16, u16)>,
}

impl<W: Write> Lean<W> {
    /// A backend writing to `writer`.
    pub fn new(writer: W) -> Lean<W> {
        Lean { inner: CrosstermBackend::new(writer), pen: Pen::PLAIN, cursor: None, at: None }
    }

    /// Forgets what it knew of the terminal (after a clear, or something else drew).
    fn forget(&mut self) {
        self.pen = Pen::PLAIN;
        self.cursor = None;
        self.at = None;
    }
}

/// The SGR parameters of the attributes in `m`.
fn attributes(m: Modifier, out: &mut Vec<&'static str>) {
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            out.push(code);
        }
    }
}

/// The SGR parameter of a colour: `base` 30 for the foreground, 40 for the
/// background; the underline colour (`base` 50) has no short codes.
fn colour(c: Color, base: u8) -> String {
    let named = |n: u8| -> String {
        match base {
            50 => format!("58;5;{n}"),
            _ if n < 8 => (base + n).to_string(),
            _ => (base + 60 + n - 8).to_string(),
        }
    };
    match c {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(n) => format!("{};5;{n}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

/// The colours of `to` that differ from `from`.
fn colours(from: Pen, to: Pen, out: &mut Vec<String>) {
    if to.fg != from.fg {
        out.push(colour(to.fg, 30));
    }
    if to.bg != from.bg {
        out.push(colour(to.bg, 40));
    }
    if to.underline != from.underline {
        out.push(colour(to.underline, 50));
    }
}

/// The shortest SGR sequence from one pen to another ("" when they are the same).
fn sgr(from: Pen, to: Pen) -> String {
    if from == to {
        return String::new();
    }
    // from the terminal's own style: a reset, then all of `to`
    let mut reset: Vec<String> = vec!["0".into()];
    let mut on = Vec::new();
    attributes(to.modifier, &mut on);
    reset.extend(on.iter().map(|s| s.to_string()));
    colours(Pen::PLAIN, to, &mut reset);
    // from `from`: what goes off by its own code, what comes on, the colours that change
    let mut step: Vec<String> = Vec::new();
    let off = from.modifier - to.modifier;
    let mut kept = from.modifier;
    for (flags, code) in [
        (Modifier::BOLD | Modifier::DIM, "22"),
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK, "25"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if off.intersects(flags) {
            step.push(code.into());
            kept -= flags;
        }
    }
    let mut on = Vec::new();
    attributes(to.modifier - kept, &mut on);
    step.extend(on.iter().map(|s| s.to_string()));
    colours(from, to, &mut step);
    let best = if reset.join(";").len() < step.join(";").len() { reset } else { step };
    format!("\x1b[{}m", best.join(";"))
}

/// The shortest way to move the cursor from `from` (when known) to (`x`, `y`).
fn move_to(from: Option<(u16, u16)>, x: u16, y: u16) -> String {
    let (col, row) = (u32::from(x) + 1, u32::from(y) + 1);
    let mut best = match (x, y) {
        (0, 0) => "\x1b[H".to_string(),
        (0, _) => format!("\x1b[{row}H"),
        _ => format!("\x1b[{row};{col}H"),
    };
    let mut consider = |s: String| {
        if s.len() < best.len() {
            best = s;
        }
    };
    // the column, absolute: right however the line was reached, and after
    // the last column too (where the terminal waits to wrap, one short of
    // where a count along the row would start from)
    let column = if x == 0 { "\x1b[G".to_string() } else { format!("\x1b[{col}G") };
    if let Some((_, fy)) = from {
        if fy == y {
            consider(column.clone());
        } else if y > fy && y - fy <= 2 {
            // line feeds: the rows between are on the screen, so nothing scrolls
            let down = "\n".repeat(usize::from(y - fy));
            consider(if x == 0 { format!("{down}\r") } else { format!("{down}{column}") });
        }
    }
    best
}

impl<W: Write> Write for Lean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut out = String::new();
        for (x, y, cell) in content {
            if self.at != Some((x, y)) {
                out.push_str(&move_to(self.at, x, y));
            }
            let pen = Pen::of(cell);
            out.push_str(&sgr(self.pen, pen));
            self.pen = pen;
            let symbol = cell.symbol();
            out.push_str(symbol);
            let width = u16::try_from(symbol.width().max(1)).unwrap_or(1);
            self.at = Some((x.saturating_add(width), y));
        }
        // nothing styled is left for what writes after the frame
        if self.pen != Pen::PLAIN {
            let _ = write!(out, "\x1b[0m");
            self.pen = Pen::PLAIN;
        }
        Write::write_all(&mut self.inner, out.as_bytes())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.at = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor != Some(false) {
            Write::write_all(&mut self.inner, b"\x1b[?25l")?;
            self.cursor = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor != Some(true) {
            Write::write_all(&mut self.inner, b"\x1b[?25h")?;
            self.cursor = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.at != Some((p.x, p.y)) {
            let step = move_to(self.at, p.x, p.y);
            Write::write_all(&mut self.inner, step.as_bytes())?;
            self.at = Some((p.x, p.y));
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.forget();
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.forget();
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::action::{Action, TabName};
    use crate::i18n::Lang;
    use crate::ui::Session;
    use crate::ui::update::update;

    #[test]
    fn one_sequence_per_change_of_style() {
        let plain = Pen::PLAIN;
        let bar = Pen { fg: Color::Cyan, modifier: Modifier::REVERSED | Modifier::BOLD, ..plain };
        assert_eq!(sgr(plain, bar), "\x1b[1;7;36m");
        assert_eq!(sgr(bar, plain), "\x1b[0m");
        assert_eq!(sgr(bar, Pen { modifier: Modifier::BOLD, ..bar }), "\x1b[27m");
        assert_eq!(sgr(plain, Pen { fg: Color::DarkGray, bg: Color::Indexed(200), ..plain }), "\x1b[90;48;5;200m");
        assert_eq!(sgr(bar, bar), "");
    }

    #[test]
    fn the_shortest_move() {
        assert_eq!(move_to(None, 1, 3), "\x1b[4;2H");
        assert_eq!(move_to(Some((11, 3)), 1, 3), "\x1b[2G");
        assert_eq!(move_to(Some((11, 3)), 0, 4), "\n\r");
        assert_eq!(move_to(Some((11, 3)), 30, 3), "\x1b[31G");
        assert_eq!(move_to(Some((11, 3)), 1, 20), "\x1b[21;2H");
        assert_eq!(move_to(None, 0, 0), "\x1b[H");
    }

    /// A writer whose bytes can be read while the backend owns it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn vt_colour(c: Color) -> vt100::Color {
        match c {
            Color::Reset => vt100::Color::Default,
            Color::Indexed(n) => vt100::Color::Idx(n),
            Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
            named => {
                let all = [
                    Color::Black,
                    Color::Red,
                    Color::Green,
                    Color::Yellow,
                    Color::Blue,
                    Color::Magenta,
                    Color::Cyan,
                    Color::Gray,
                    Color::DarkGray,
                    Color::LightRed,
                    Color::LightGreen,
                    Color::LightYellow,
                    Color::LightBlue,
                    Color::LightMagenta,
                    Color::LightCyan,
                    Color::White,
                ];
                vt100::Color::Idx(u8::try_from(all.iter().position(|x| *x == named).unwrap_or(0)).unwrap_or(0))
            }
        }
    }

    /// What a terminal shows after the bytes is what ratatui drew: every
    /// cell's text, colours, bold and reverse video, and where the cursor is.
    fn same_screen(s: &Session, parser: &vt100::Parser, what: &str) {
        let mut expected = Terminal::new(TestBackend::new(80, 24)).unwrap();
        s.draw(&mut expected).unwrap();
        let buf = expected.backend().buffer();
        let screen = parser.screen();
        for y in 0..24u16 {
            for x in 0..80u16 {
                let want = &buf[(x, y)];
                let Some(got) = screen.cell(y, x) else { panic!("{what}: no cell {x},{y}") };
                if got.is_wide_continuation() {
                    continue;
                }
                let text = if got.contents().is_empty() { " ".to_string() } else { got.contents().to_string() };
                assert_eq!(text, want.symbol(), "{what}: text at {x},{y}\n{}", screen.contents());
                assert_eq!(got.fgcolor(), vt_colour(want.fg), "{what}: colour at {x},{y}");
                assert_eq!(got.bgcolor(), vt_colour(want.bg), "{what}: background at {x},{y}");
                assert_eq!(got.bold(), want.modifier.contains(Modifier::BOLD), "{what}: bold at {x},{y}");
                assert_eq!(got.inverse(), want.modifier.contains(Modifier::REVERSED), "{what}: reverse at {x},{y}");
            }
        }
        let cursor = expected.backend_mut().get_cursor_position().ok();
        if !screen.hide_cursor() {
            let (row, col) = screen.cursor_position();
            assert_eq!(cursor, Some(Position::new(col, row)), "{what}: the cursor");
        }
    }

    #[test]
    fn a_terminal_shows_what_ratatui_drew() {
        for theme in [crate::ui::Theme { color: true, ascii: false }, crate::ui::Theme { color: false, ascii: true }] {
            let mut fx = crate::ui::tests::session(Lang::Id, 80, 24, true);
            let s = &mut fx.session;
            s.app.theme = theme;
            let out = Shared::default();
            let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24));
            let mut term =
                Terminal::with_options(Lean::new(out.clone()), ratatui::TerminalOptions { viewport }).unwrap();
            let n = |v: u16| std::num::NonZeroU16::new(v).unwrap_or(std::num::NonZeroU16::MIN);
            let mut parser = vt100::Parser::new(n(24), n(80), 0);
            let mut step = |s: &mut Session, what: &str| {
                s.draw(&mut term).unwrap();
                parser.process(&out.0.take());
                same_screen(s, &parser, what);
            };
            step(s, "first frame");
            for a in [Action::Down, Action::Down, Action::Up, Action::Open, Action::Tab(TabName::Events)] {
                update(&mut s.app, a, &s.data);
                s.refresh();
                step(s, &format!("{a}"));
            }
            for a in [Action::Help, Action::Help, Action::Palette, Action::Cancel, Action::Tab(TabName::Clients)] {
                update(&mut s.app, a, &s.data);
                s.refresh();
                step(s, &format!("{a}"));
            }
            // a form, with the cursor in its first field, and typing in it
            for code in [KeyCode::Char('e'), KeyCode::Char('x'), KeyCode::Tab, KeyCode::Esc, KeyCode::Char('y')] {
                s.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
                s.refresh();
                step(s, &format!("{code:?}"));
            }
        }
    }
}
