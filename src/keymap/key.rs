//! Keys and their notation: `j`, `G`, `ctrl-d`, `alt-x`, `shift-tab`,
//! `enter`, `f1`, `?`; sequences are keys separated by spaces (`g g`).
//!
//! Modifiers are written `ctrl-`, `alt-`, `shift-` (in that order when
//! printed); `C-`, `M-`, `S-`, `meta-` and `control-` are read as well, so
//! Emacs notation (`C-x C-c`, `M-<`) works. Named keys are case-insensitive;
//! a single character is itself. Shift is folded into characters: `G` is
//! shift+g, and `shift-g` is read as `G`; `shift-tab` is crossterm's
//! `BackTab`. [`Key::from_event`] applies the same rules to what the
//! terminal sends, so a parsed key compares equal to the pressed key.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key press: a key code and the modifiers held, normalised (see the
/// module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, alt and shift; shift never accompanies a character.
    pub mods: KeyModifiers,
}

/// Named keys and their canonical names (aliases accepted when reading follow).
const NAMES: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("space", KeyCode::Char(' ')),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
];

/// Other spellings accepted when reading.
const ALIASES: &[(&str, KeyCode)] = &[
    ("ret", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("escape", KeyCode::Esc),
    ("spc", KeyCode::Char(' ')),
    ("bs", KeyCode::Backspace),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pgdown", KeyCode::PageDown),
    ("del", KeyCode::Delete),
    ("ins", KeyCode::Insert),
];

/// Modifier prefixes accepted when reading; the short ones are case-sensitive.
const MODIFIERS: &[(&str, KeyModifiers)] = &[
    ("ctrl-", KeyModifiers::CONTROL),
    ("control-", KeyModifiers::CONTROL),
    ("alt-", KeyModifiers::ALT),
    ("meta-", KeyModifiers::ALT),
    ("shift-", KeyModifiers::SHIFT),
];

/// The highest function key read (`f1`..`f24`).
pub const MAX_F: u8 = 24;

impl Key {
    /// A key, normalised.
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                let shifted = mods.contains(KeyModifiers::SHIFT);
                mods.remove(KeyModifiers::SHIFT);
                if shifted && c.is_lowercase() {
                    let mut up = c.to_uppercase();
                    match (up.next(), up.next()) {
                        (Some(u), None) => KeyCode::Char(u),
                        _ => KeyCode::Char(c),
                    }
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// A key without modifiers.
    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    /// A character key without modifiers (`Key::char('G')` is shift+g).
    pub fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// The key of a terminal key event (its kind — press, repeat, release —
    /// is the caller's business).
    pub fn from_event(ev: &KeyEvent) -> Key {
        Key::new(ev.code, ev.modifiers)
    }

    /// Whether this key types a character into a text field: a character
    /// without ctrl or alt.
    pub fn is_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// The digit of an unmodified `0`..`9` key.
    pub fn digit(self) -> Option<u32> {
        match self.code {
            KeyCode::Char(c) if self.mods.is_empty() => c.to_digit(10),
            _ => None,
        }
    }

    /// Reads one key, e.g. `ctrl-d`, `G`, `f5`, `shift-tab`, `C-x`.
    pub fn parse(s: &str) -> Result<Key, KeyParseError> {
        let bad = || KeyParseError { text: s.to_string() };
        let mut rest = s;
        let mut mods = KeyModifiers::NONE;
        'strip: loop {
            for (prefix, m) in MODIFIERS {
                if let Some(r) = strip_prefix_ci(rest, prefix).filter(|r| !r.is_empty()) {
                    mods |= *m;
                    rest = r;
                    continue 'strip;
                }
            }
            for (prefix, m) in [("C-", KeyModifiers::CONTROL), ("M-", KeyModifiers::ALT), ("S-", KeyModifiers::SHIFT)] {
                if let Some(r) = rest.strip_prefix(prefix).filter(|r| !r.is_empty()) {
                    mods |= m;
                    rest = r;
                    continue 'strip;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_whitespace() && !c.is_control() => KeyCode::Char(c),
            (Some(_), Some(_)) => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMES.iter().chain(ALIASES).find(|(n, _)| *n == lower) {
                    *code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if (1..=MAX_F).contains(&n) && !lower.starts_with("f0") { KeyCode::F(n) } else { return Err(bad()) }
                } else {
                    return Err(bad());
                }
            }
            _ => return Err(bad()),
        };
        Ok(Key::new(code, mods))
    }

    /// Reads a sequence of keys separated by whitespace (`g g`, `C-x C-c`).
    pub fn parse_seq(s: &str) -> Result<Vec<Key>, KeyParseError> {
        let keys: Vec<Key> = s.split_whitespace().map(Key::parse).collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Err(KeyParseError { text: s.to_string() });
        }
        Ok(keys)
    }
}

/// `s` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

impl fmt::Display for Key {
    /// The canonical notation, which [`Key::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        if let Some((name, _)) = NAMES.iter().find(|(_, c)| *c == self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A sequence of keys in notation: keys separated by one space.
pub fn seq_to_string(keys: &[Key]) -> String {
    keys.iter().map(Key::to_string).collect::<Vec<_>>().join(" ")
}

/// A text that is not a key in the notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParseError {
    /// The text (one key, or the whole sequence when it was empty).
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k(s: &str) -> Key {
        match Key::parse(s) {
            Ok(k) => k,
            Err(e) => panic!("{s}: {e:?}"),
        }
    }

    #[test]
    fn notation_examples() {
        assert_eq!(k("j"), Key::char('j'));
        assert_eq!(k("G"), Key::new(KeyCode::Char('g'), KeyModifiers::SHIFT));
        assert_eq!(k("shift-g"), Key::char('G'));
        assert_eq!(k("ctrl-d"), Key::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
        assert_eq!(k("C-d"), k("ctrl-d"));
        assert_eq!(k("M-<"), Key::new(KeyCode::Char('<'), KeyModifiers::ALT));
        assert_eq!(k("alt-x"), k("meta-x"));
        assert_eq!(k("shift-tab"), Key::plain(KeyCode::BackTab));
        assert_eq!(k("shift-tab"), Key::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(k("Enter"), Key::plain(KeyCode::Enter));
        assert_eq!(k("space"), Key::char(' '));
        assert_eq!(k("F12"), Key::plain(KeyCode::F(12)));
        assert_eq!(k("-"), Key::char('-'));
        assert_eq!(k("ctrl--"), Key::new(KeyCode::Char('-'), KeyModifiers::CONTROL));
        assert_eq!(k("C"), Key::char('C'));
        assert_eq!(k("S"), Key::char('S'));
        assert_eq!(k("pgdn"), Key::plain(KeyCode::PageDown));
        assert_eq!(k("shift-f3"), Key::new(KeyCode::F(3), KeyModifiers::SHIFT));
        for bad in ["", "ctrl-", "foo", "f0", "f25", "f01", "ctrl-foo", "\t"] {
            assert!(Key::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn canonical_printing() {
        for (input, canonical) in [
            ("C-x", "ctrl-x"),
            ("M-S-left", "alt-shift-left"),
            ("shift-alt-ctrl-up", "ctrl-alt-shift-up"),
            ("shift-g", "G"),
            ("S-tab", "shift-tab"),
            ("ESC", "esc"),
            ("return", "enter"),
            (" ", ""),
        ] {
            if canonical.is_empty() {
                assert!(Key::parse(input).is_err());
            } else {
                assert_eq!(k(input).to_string(), canonical);
            }
        }
        let seq = Key::parse_seq("C-x   C-c").unwrap_or_default();
        assert_eq!(seq_to_string(&seq), "ctrl-x ctrl-c");
        assert!(Key::parse_seq("  ").is_err());
        assert!(Key::parse_seq("g nope").is_err());
    }

    #[test]
    fn terminal_events_match_parsed_keys() {
        let ev = |code, mods| Key::from_event(&KeyEvent::new(code, mods));
        assert_eq!(ev(KeyCode::Char('G'), KeyModifiers::SHIFT), k("G"));
        assert_eq!(ev(KeyCode::Char('G'), KeyModifiers::NONE), k("G"));
        assert_eq!(ev(KeyCode::Char('?'), KeyModifiers::SHIFT), k("?"));
        assert_eq!(ev(KeyCode::BackTab, KeyModifiers::SHIFT), k("shift-tab"));
        assert_eq!(ev(KeyCode::Char('c'), KeyModifiers::CONTROL), k("ctrl-c"));
        assert_eq!(ev(KeyCode::Char('c'), KeyModifiers::CONTROL | KeyModifiers::SUPER), k("ctrl-c"));
    }

    fn any_key() -> impl Strategy<Value = Key> {
        let code = prop_oneof![
            any::<char>().prop_filter("printable", |c| !c.is_whitespace() && !c.is_control()).prop_map(KeyCode::Char),
            Just(KeyCode::Char(' ')),
            (1..=MAX_F).prop_map(KeyCode::F),
            proptest::sample::select(NAMES.iter().map(|(_, c)| *c).collect::<Vec<_>>()),
            Just(KeyCode::BackTab),
        ];
        (code, 0u8..8).prop_map(|(code, m)| Key::new(code, KeyModifiers::from_bits_truncate(m)))
    }

    proptest! {
        #[test]
        fn key_notation_round_trips(key in any_key()) {
            let text = key.to_string();
            prop_assert_eq!(Key::parse(&text), Ok(key), "{}", text);
            prop_assert_eq!(Key::parse(&text).map(|k| k.to_string()), Ok(text.clone()));
        }

        #[test]
        fn sequence_notation_round_trips(keys in proptest::collection::vec(any_key(), 1..4)) {
            let text = seq_to_string(&keys);
            prop_assert_eq!(Key::parse_seq(&text), Ok(keys));
        }
    }
}
