//! Reading one keymap file into a [`Layer`], checking everything that can
//! be checked within the file and collecting every error.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{ErrorKind, Expected, KeymapError};
use super::key::{Key, seq_to_string};
use crate::action::{Action, Context, nearest};

/// The top-level settings besides the context tables.
const SETTINGS: &[&str] = &["extends", "count"];

/// One binding of a file: keys to an action, or `none` to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The key sequence.
    pub keys: Vec<Key>,
    /// The action; `None` for `none`.
    pub action: Option<Action>,
    /// The 1-based line.
    pub line: usize,
}

/// A keymap file, read and checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layer {
    /// `extends = "…"` and its line.
    pub extends: Option<(String, usize)>,
    /// `count = true|false`.
    pub count: Option<bool>,
    /// Bindings per context, in line order.
    pub contexts: Vec<(Context, Vec<Entry>)>,
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// Reads a keymap file. `presets` are the names `extends` may use.
pub(crate) fn parse_layer(file: &str, text: &str, presets: &[&str]) -> Result<Layer, Vec<KeymapError>> {
    let err = |line: Option<usize>, binding: Option<(String, String)>, kind: ErrorKind| KeymapError {
        file: file.to_string(),
        line,
        binding,
        kind,
    };
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            return Err(vec![err(line, None, ErrorKind::Syntax(e.message().trim().to_string()))]);
        }
    };
    let mut errors = Vec::new();
    let mut layer = Layer::default();
    let mut top: Vec<(&Spanned<Cow<'_, str>>, &Spanned<DeValue<'_>>)> = doc.get_ref().iter().collect();
    top.sort_by_key(|(k, _)| k.span().start);
    for (k, v) in top {
        let name: &str = k.get_ref();
        let line = line_of(text, k.span().start);
        let wrong = |expected| err(Some(line), None, ErrorKind::WrongType { name: name.to_string(), expected });
        match (name, v.get_ref()) {
            ("extends", DeValue::String(s)) => {
                if presets.contains(&s.as_ref()) {
                    layer.extends = Some((s.to_string(), line));
                } else {
                    let presets = presets.iter().map(|p| p.to_string()).collect();
                    errors.push(err(Some(line), None, ErrorKind::UnknownPreset { name: s.to_string(), presets }));
                }
            }
            ("extends", _) => errors.push(wrong(Expected::String)),
            ("count", DeValue::Boolean(b)) => layer.count = Some(*b),
            ("count", _) => errors.push(wrong(Expected::Bool)),
            (_, value) => match (Context::parse(name), value) {
                (Some(ctx), DeValue::Table(t)) => {
                    let entries = parse_context(text, t, &err, &mut errors);
                    check_context(&entries, &err, &mut errors);
                    layer.contexts.push((ctx, entries));
                }
                (Some(_), _) => errors.push(wrong(Expected::Table)),
                (None, DeValue::Table(_)) => {
                    let suggestions =
                        nearest(name, Context::ALL.iter().map(|c| c.name())).into_iter().map(String::from).collect();
                    errors.push(err(
                        Some(line),
                        None,
                        ErrorKind::UnknownContext { name: name.to_string(), suggestions },
                    ));
                }
                (None, _) => {
                    let suggestions = nearest(name, SETTINGS.iter().copied()).into_iter().map(String::from).collect();
                    errors.push(err(
                        Some(line),
                        None,
                        ErrorKind::UnknownSetting { name: name.to_string(), suggestions },
                    ));
                }
            },
        }
    }
    if errors.is_empty() {
        Ok(layer)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Reads the bindings of one context table, in line order.
fn parse_context(
    text: &str,
    table: &DeTable<'_>,
    err: &dyn Fn(Option<usize>, Option<(String, String)>, ErrorKind) -> KeymapError,
    errors: &mut Vec<KeymapError>,
) -> Vec<Entry> {
    let mut rows: Vec<_> = table.iter().collect();
    rows.sort_by_key(|(k, _)| k.span().start);
    let mut entries = Vec::new();
    for (k, v) in rows {
        let keys_text: &str = k.get_ref();
        let line = line_of(text, k.span().start);
        let Some(action_text) = v.get_ref().as_str() else {
            let kind = ErrorKind::WrongType { name: format!("\"{keys_text}\""), expected: Expected::String };
            errors.push(err(Some(line), None, kind));
            continue;
        };
        let binding = Some((keys_text.to_string(), action_text.to_string()));
        let keys = match Key::parse_seq(keys_text) {
            Ok(keys) => Some(keys),
            Err(e) => {
                errors.push(err(Some(line), binding.clone(), ErrorKind::BadKey(e.text)));
                None
            }
        };
        let action = if action_text.trim() == "none" {
            Some(None)
        } else {
            match Action::parse(action_text) {
                Ok(a) => Some(Some(a)),
                Err(e) => {
                    errors.push(err(Some(line), binding, ErrorKind::Action(e)));
                    None
                }
            }
        };
        if let (Some(keys), Some(action)) = (keys, action) {
            entries.push(Entry { keys, action, line });
        }
    }
    entries
}

/// The action of an entry as written in files.
fn target(e: &Entry) -> String {
    e.action.map_or_else(|| "none".to_string(), |a| a.to_string())
}

/// Checks one context of one file: the same keys twice, and a binding
/// that starts another one.
fn check_context(
    entries: &[Entry],
    err: &dyn Fn(Option<usize>, Option<(String, String)>, ErrorKind) -> KeymapError,
    errors: &mut Vec<KeymapError>,
) {
    for (i, e) in entries.iter().enumerate() {
        let binding = Some((seq_to_string(&e.keys), target(e)));
        for earlier in &entries[..i] {
            if earlier.keys == e.keys {
                let kind = ErrorKind::Duplicate { other_line: earlier.line, other: target(earlier) };
                errors.push(err(Some(e.line), binding.clone(), kind));
            } else if e.action.is_some() && earlier.action.is_some() {
                let (short, long) = if earlier.keys.len() < e.keys.len() { (earlier, e) } else { (e, earlier) };
                if long.keys.starts_with(&short.keys) {
                    let kind = ErrorKind::Prefix {
                        short: seq_to_string(&short.keys),
                        long: seq_to_string(&long.keys),
                        other_line: earlier.line,
                    };
                    errors.push(err(Some(e.line), binding.clone(), kind));
                }
            }
        }
    }
}
