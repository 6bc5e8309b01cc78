//! Turning the bytes an SSH client sends into key events.
//!
//! Over SSH there is no local terminal for crossterm to read, so the server
//! parses the byte stream itself: UTF-8 text, control keys, and the CSI /
//! SS3 escape sequences xterm-like terminals send for arrows, function
//! keys and modified keys. A sequence split across two reads is kept until
//! the rest arrives. An ESC at the very end of a read is taken as the Esc
//! key (terminals send a whole sequence in one write). Bytes that make no
//! sense are dropped, never a panic.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

/// Keeps what was left of a sequence between reads.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
}

fn key(code: KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent { code, modifiers: mods, kind: KeyEventKind::Press, state: KeyEventState::NONE })
}

/// Modifier parameter of xterm sequences: 1 + (shift 1, alt 2, ctrl 4).
fn mods_of(p: u32) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

enum Step {
    /// An event (or nothing) and the bytes it used.
    Done(Option<Event>, usize),
    /// More bytes are needed.
    Incomplete,
}

impl InputParser {
    /// A parser with nothing pending.
    pub fn new() -> InputParser {
        InputParser::default()
    }

    /// Parses one read; returns the complete events in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.pending.extend_from_slice(bytes);
        // a runaway sequence must not grow without bound
        if self.pending.len() > 4096 {
            self.pending.clear();
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.pending.len() {
            match parse_one(&self.pending[i..], true) {
                Step::Done(ev, used) => {
                    out.extend(ev);
                    i += used.max(1);
                }
                Step::Incomplete => break,
            }
        }
        self.pending.drain(..i);
        out
    }
}

fn parse_one(b: &[u8], at_end_is_esc: bool) -> Step {
    let Some(&first) = b.first() else { return Step::Incomplete };
    match first {
        0x1b => parse_escape(b, at_end_is_esc),
        // a terminal sends Enter as CR (some CR LF, read as one Enter); LF
        // alone is ctrl-J, as crossterm reads it from a raw terminal: in a
        // notes field it breaks the line
        b'\r' => {
            Step::Done(Some(key(KeyCode::Enter, KeyModifiers::NONE)), if b.get(1) == Some(&b'\n') { 2 } else { 1 })
        }
        b'\n' => Step::Done(Some(key(KeyCode::Char('j'), KeyModifiers::CONTROL)), 1),
        b'\t' => Step::Done(Some(key(KeyCode::Tab, KeyModifiers::NONE)), 1),
        0x7f | 0x08 => Step::Done(Some(key(KeyCode::Backspace, KeyModifiers::NONE)), 1),
        0x00 => Step::Done(Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL)), 1),
        0x01..=0x1a => Step::Done(Some(key(KeyCode::Char(char::from(first - 1 + b'a')), KeyModifiers::CONTROL)), 1),
        0x1c..=0x1f => Step::Done(Some(key(KeyCode::Char(char::from(first + 0x18)), KeyModifiers::CONTROL)), 1),
        _ => parse_utf8(b),
    }
}

fn parse_utf8(b: &[u8]) -> Step {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Done(None, 1),
    };
    if b.len() < len {
        return Step::Incomplete;
    }
    match std::str::from_utf8(&b[..len]).ok().and_then(|s| s.chars().next()) {
        Some(c) => {
            let mods = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            Step::Done(Some(key(KeyCode::Char(c), mods)), len)
        }
        None => Step::Done(None, 1),
    }
}

fn parse_escape(b: &[u8], at_end_is_esc: bool) -> Step {
    let Some(&second) = b.get(1) else {
        return if at_end_is_esc {
            Step::Done(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1)
        } else {
            Step::Incomplete
        };
    };
    match second {
        b'[' => parse_csi(b),
        b'O' => match b.get(2) {
            None => Step::Incomplete,
            Some(&c) => {
                let code = match c {
                    b'P' => KeyCode::F(1),
                    b'Q' => KeyCode::F(2),
                    b'R' => KeyCode::F(3),
                    b'S' => KeyCode::F(4),
                    b'A' => KeyCode::Up,
                    b'B' => KeyCode::Down,
                    b'C' => KeyCode::Right,
                    b'D' => KeyCode::Left,
                    b'H' => KeyCode::Home,
                    b'F' => KeyCode::End,
                    _ => return Step::Done(None, 3),
                };
                Step::Done(Some(key(code, KeyModifiers::NONE)), 3)
            }
        },
        0x1b => Step::Done(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1),
        _ => {
            // Alt + key: ESC then the key
            match parse_one(&b[1..], false) {
                Step::Done(Some(Event::Key(mut k)), used) => {
                    k.modifiers |= KeyModifiers::ALT;
                    Step::Done(Some(Event::Key(k)), used + 1)
                }
                Step::Done(other, used) => Step::Done(other, used + 1),
                Step::Incomplete => Step::Incomplete,
            }
        }
    }
}

fn parse_csi(b: &[u8]) -> Step {
    // ESC [ params… final (0x40..=0x7e)
    let Some(end) = b.iter().skip(2).position(|&c| (0x40..=0x7e).contains(&c)).map(|p| p + 2) else {
        return if b.len() > 32 { Step::Done(None, b.len()) } else { Step::Incomplete };
    };
    let params: Vec<u32> =
        std::str::from_utf8(&b[2..end]).unwrap_or("").split(';').map(|p| p.parse().unwrap_or(1)).collect();
    let p0 = params.first().copied().unwrap_or(1);
    let mods = mods_of(params.get(1).copied().unwrap_or(1));
    let used = end + 1;
    let code = match b[end] {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return Step::Done(Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)), used),
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        b'~' => match p0 {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            11..=15 => KeyCode::F(u8::try_from(p0 - 10).unwrap_or(1)),
            17..=21 => KeyCode::F(u8::try_from(p0 - 11).unwrap_or(6)),
            23 | 24 => KeyCode::F(u8::try_from(p0 - 12).unwrap_or(11)),
            _ => return Step::Done(None, used),
        },
        _ => return Step::Done(None, used),
    };
    Step::Done(Some(key(code, mods)), used)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        InputParser::new()
            .feed(bytes)
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn text_controls_and_sequences() {
        use KeyCode::*;
        let n = KeyModifiers::NONE;
        assert_eq!(keys(b"jG"), vec![(Char('j'), n), (Char('G'), KeyModifiers::SHIFT)]);
        assert_eq!(keys("é".as_bytes()), vec![(Char('é'), n)]);
        assert_eq!(
            keys(b"\r\t\x7f\x03"),
            vec![(Enter, n), (Tab, n), (Backspace, n), (Char('c'), KeyModifiers::CONTROL)]
        );
        assert_eq!(
            keys(b"\x1b[A\x1b[B\x1bOP\x1b[15~\x1b[5~\x1b[Z"),
            vec![(Up, n), (Down, n), (F(1), n), (F(5), n), (PageUp, n), (BackTab, KeyModifiers::SHIFT)]
        );
        assert_eq!(keys(b"\x1b[1;5C"), vec![(Right, KeyModifiers::CONTROL)]);
        assert_eq!(keys(b"\x1bx"), vec![(Char('x'), KeyModifiers::ALT)]);
        assert_eq!(keys(b"\x1b"), vec![(Esc, n)]);
        assert_eq!(keys(b"\x1b\x1b[D"), vec![(Esc, n), (Left, n)]);
        // the two ways to break a line in a notes field, and Enter sent as CR LF
        assert_eq!(keys(b"\x1b\r"), vec![(Enter, KeyModifiers::ALT)]);
        assert_eq!(keys(b"\n"), vec![(Char('j'), KeyModifiers::CONTROL)]);
        assert_eq!(keys(b"a\r\nb"), vec![(Char('a'), n), (Enter, n), (Char('b'), n)]);
    }

    #[test]
    fn sequences_split_across_reads() {
        let mut p = InputParser::new();
        assert!(p.feed(b"\x1b[").is_empty());
        assert!(p.feed(b"1;5").is_empty());
        let ev = p.feed(b"Aq");
        assert_eq!(ev.len(), 2);
        let mut p = InputParser::new();
        assert!(p.feed(&"é".as_bytes()[..1]).is_empty());
        assert_eq!(p.feed(&"é".as_bytes()[1..]).len(), 1);
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..8)) {
            let mut p = InputParser::new();
            for c in chunks {
                let _ = p.feed(&c);
            }
        }
    }
}
