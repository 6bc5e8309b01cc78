//! Keys → actions per context, and the reverse map for help.
//!
//! One table ([`DEFAULT`]) both handles keys ([`lookup`]) and fills the
//! help overlay ([`bindings`]), so the two cannot disagree. It stands in for
//! the keymap presets of `crate::keymap` until those land.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// Where the user is; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyContext {
    /// Everywhere except overlays.
    Global,
    /// A list of records.
    List,
    /// The details of a record.
    Detail,
    /// The welcome screen of an empty database.
    Welcome,
    /// The help overlay.
    Help,
    /// A yes/no question.
    Confirm,
}

/// A key with its modifiers, as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt, Shift.
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}
const fn alt(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::ALT }
}

use Action as A;
use KeyContext as C;

/// The default bindings: (context, key, action), in the order help lists them.
pub const DEFAULT: &[(KeyContext, Key, Action)] = &[
    (C::Global, ctrl('c'), A::ForceQuit),
    (C::Global, k('?'), A::Help),
    (C::Global, code(KeyCode::F(1)), A::Help),
    (C::Global, code(KeyCode::Tab), A::NextTab),
    (C::Global, code(KeyCode::BackTab), A::PrevTab),
    (C::Global, k('1'), A::GoTab(0)),
    (C::Global, k('2'), A::GoTab(1)),
    (C::Global, k('3'), A::GoTab(2)),
    (C::Global, code(KeyCode::Backspace), A::Back),
    (C::Global, alt(KeyCode::Left), A::Back),
    (C::Global, alt(KeyCode::Right), A::Forward),
    (C::List, code(KeyCode::Up), A::Up),
    (C::List, k('k'), A::Up),
    (C::List, code(KeyCode::Down), A::Down),
    (C::List, k('j'), A::Down),
    (C::List, code(KeyCode::PageUp), A::PageUp),
    (C::List, code(KeyCode::PageDown), A::PageDown),
    (C::List, code(KeyCode::Home), A::Top),
    (C::List, k('g'), A::Top),
    (C::List, code(KeyCode::End), A::Bottom),
    (C::List, k('G'), A::Bottom),
    (C::List, code(KeyCode::Enter), A::Open),
    (C::List, code(KeyCode::Right), A::Open),
    (C::List, k('s'), A::SortNext),
    (C::List, k('S'), A::SortReverse),
    (C::List, k('a'), A::ToggleArchived),
    (C::List, k('q'), A::Quit),
    (C::Detail, code(KeyCode::Up), A::Up),
    (C::Detail, k('k'), A::Up),
    (C::Detail, code(KeyCode::Down), A::Down),
    (C::Detail, k('j'), A::Down),
    (C::Detail, code(KeyCode::PageUp), A::PageUp),
    (C::Detail, code(KeyCode::PageDown), A::PageDown),
    (C::Detail, code(KeyCode::Enter), A::Follow),
    (C::Detail, code(KeyCode::Esc), A::Close),
    (C::Detail, code(KeyCode::Left), A::Close),
    (C::Detail, k('q'), A::Close),
    (C::Welcome, k('d'), A::LoadDemo),
    (C::Welcome, k('q'), A::Quit),
    (C::Help, code(KeyCode::Esc), A::Help),
    (C::Help, k('?'), A::Help),
    (C::Help, k('q'), A::Help),
    (C::Help, code(KeyCode::F(1)), A::Help),
    (C::Help, ctrl('c'), A::ForceQuit),
    (C::Confirm, k('y'), A::Yes),
    (C::Confirm, k('n'), A::No),
    (C::Confirm, code(KeyCode::Esc), A::No),
    (C::Confirm, ctrl('c'), A::ForceQuit),
];

/// The key of an event, with Shift folded into the character (terminals
/// report `G` as Shift+g or as plain `G`).
fn normalise(ev: &KeyEvent) -> Key {
    let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    let code = match ev.code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    Key { code, mods }
}

/// The action bound to a key in the first of `contexts` that binds it.
pub fn lookup(contexts: &[KeyContext], ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let key = normalise(ev);
    contexts.iter().find_map(|ctx| DEFAULT.iter().find(|(c, k, _)| c == ctx && *k == key).map(|(_, _, a)| *a))
}

/// The actions of a context with every key bound to each, in table order.
pub fn bindings(context: KeyContext, ascii: bool) -> Vec<(Action, Vec<String>)> {
    let mut out: Vec<(Action, Vec<String>)> = Vec::new();
    for (c, key, action) in DEFAULT {
        if *c != context {
            continue;
        }
        // the three tab numbers share one line of help
        let same = |a: &Action| match (a, action) {
            (Action::GoTab(_), Action::GoTab(_)) => true,
            (a, b) => a == b,
        };
        match out.iter_mut().find(|(a, _)| same(a)) {
            Some((_, keys)) => keys.push(label(*key, ascii)),
            None => out.push((*action, vec![label(*key, ascii)])),
        }
    }
    out
}

/// The first key bound to an action in a context, for hints ("press d").
pub fn key_for(context: KeyContext, action: Action, ascii: bool) -> String {
    DEFAULT
        .iter()
        .find(|(c, _, a)| *c == context && *a == action)
        .map(|(_, key, _)| label(*key, ascii))
        .unwrap_or_default()
}

/// How a key is written in help: `Ctrl-C`, `Alt-←`, `PgDn`, `q`.
pub fn label(key: Key, ascii: bool) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if key.mods.contains(KeyModifiers::CONTROL) => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => if ascii { "Up" } else { "↑" }.to_string(),
        KeyCode::Down => if ascii { "Down" } else { "↓" }.to_string(),
        KeyCode::Left => if ascii { "Left" } else { "←" }.to_string(),
        KeyCode::Right => if ascii { "Right" } else { "→" }.to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
    }
    out.push_str(&name);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn contexts_are_tried_in_order() {
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(&[C::List, C::Global], &q), Some(A::Quit));
        assert_eq!(lookup(&[C::Detail, C::Global], &q), Some(A::Close));
        let tab = ev(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(lookup(&[C::Detail, C::Global], &tab), Some(A::NextTab));
        assert_eq!(lookup(&[C::Help], &tab), None);
    }

    #[test]
    fn shift_and_ctrl_are_normalised() {
        assert_eq!(lookup(&[C::List], &ev(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(A::Bottom));
        assert_eq!(lookup(&[C::Global], &ev(KeyCode::Char('C'), KeyModifiers::CONTROL)), Some(A::ForceQuit));
        assert_eq!(lookup(&[C::Global], &ev(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(A::PrevTab));
    }

    #[test]
    fn ctrl_c_quits_from_every_context() {
        let cc = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [C::Global, C::Help, C::Confirm] {
            assert_eq!(lookup(&[ctx], &cc), Some(A::ForceQuit), "{ctx:?}");
        }
    }

    #[test]
    fn help_groups_keys_by_action() {
        let list = bindings(C::List, false);
        let up = list.iter().find(|(a, _)| *a == A::Up).map(|(_, k)| k.clone());
        assert_eq!(up, Some(vec!["↑".to_string(), "k".to_string()]));
        let global = bindings(C::Global, true);
        let tabs = global.iter().find(|(a, _)| matches!(a, A::GoTab(_))).map(|(_, k)| k.join(" "));
        assert_eq!(tabs.as_deref(), Some("1 2 3"));
        assert_eq!(key_for(C::Global, A::Back, true), "Backspace");
        assert_eq!(label(alt(KeyCode::Left), true), "Alt-Left");
    }
}
