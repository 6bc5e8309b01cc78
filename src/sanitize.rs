//! Neutralising stored text before it reaches the terminal.
//!
//! A name in the database could carry an escape sequence (set the window
//! title, clear the screen, fake a prompt) if it came in through an import or
//! a damaged record, whatever the validators say. Every widget that shows
//! stored text passes it through [`sanitize`], which replaces control
//! characters by visible caret notation (`ESC` becomes `^[`) and drops the
//! bidirectional overrides that could reorder what is drawn.
//!
//! The command line does the same for what it writes to standard error: a
//! message that quotes a file (an import's column names, a keymap or
//! settings file and its parser's words), a name given on the command line
//! or a path passes it through [`sanitize`] (one line), [`path`], or
//! [`sanitize_lines`] (a message of several lines, its own line breaks kept).

use std::borrow::Cow;
use std::path::Path;

/// True for characters that must not be written to a terminal as they are:
/// C0 controls, DEL, C1 controls, the bidirectional marks, embeddings,
/// overrides and isolates (U+200E/F, U+202A–202E, U+2066–2069, U+061C) and
/// the byte-order mark.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// Stored text made safe to draw on one line: C0 controls and DEL in caret
/// notation (`^[`, `^?`), tabs and newlines as spaces, C1 controls and
/// bidirectional controls as `�`. Borrowed when nothing needed changing.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{7f}' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            c if is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A message of several lines made safe to write to a terminal: each line
/// as [`sanitize`] makes it, the line breaks (`\n`) kept.
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n"))
}

/// A path as a message shows it: [`sanitize`]d, on one line.
pub fn path(p: &Path) -> String {
    sanitize(&p.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("Siti Aminah — Kab. Malang"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(sanitize("\x1b]0;pwned\x07Budi"), "^[]0;pwned^GBudi");
        assert_eq!(sanitize("\x1b[2JJoko"), "^[[2JJoko");
        assert_eq!(sanitize("a\u{9b}31mb"), "a\u{FFFD}31mb");
        assert_eq!(sanitize("x\u{202E}y\x7f"), "x\u{FFFD}y^?");
        assert_eq!(sanitize("line\nnext\ttab"), "line next tab");
        for s in ["\x1b]0;pwned\x07", "\x1b[2J", "\u{9b}2J", "\0"] {
            assert!(!sanitize(s).chars().any(|c| c.is_control()), "{s:?}");
        }
    }

    /// Every C0 and C1 control, DEL and bidirectional control is replaced.
    #[test]
    fn every_control_is_neutralised() {
        let controls = (0u32..0x20)
            .chain(0x7f..0xa0)
            .chain([0x061C, 0x200E, 0x200F, 0xFEFF])
            .chain(0x202A..=0x202E)
            .chain(0x2066..=0x2069)
            .filter_map(char::from_u32);
        for c in controls {
            let s = format!("a{c}b");
            let out = sanitize(&s);
            assert!(!out.contains(c), "U+{:04X} kept", c as u32);
            assert!(out.starts_with('a') && out.ends_with('b'), "U+{:04X}: {out:?}", c as u32);
            let lines = sanitize_lines(&s);
            assert!(!lines.contains(c) || c == '\n', "U+{:04X} kept in lines", c as u32);
        }
        assert!(matches!(sanitize("Laporan \u{0627}\u{0644}"), Cow::Borrowed(_)), "Arabic letters stay");
    }

    #[test]
    fn lines_keep_their_breaks() {
        assert_eq!(sanitize_lines("one\n\x1b[2Jtwo\r\n"), "one\n^[[2Jtwo \n");
        assert!(matches!(sanitize_lines("one\ntwo"), Cow::Borrowed(_)));
        assert_eq!(path(Path::new("/tmp/a\x1b]0;x\x07.csv")), "/tmp/a^[]0;x^G.csv");
    }
}
