//! Errors of keymap files, each naming the file, the line and the binding,
//! with messages in both languages.

use std::fmt;

use crate::action::ActionParseError;
use crate::i18n::keymap::KeymapMsg;
use crate::i18n::{Lang, fill};
use crate::sanitize::sanitize;

/// What is wrong in a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file is not TOML.
    Syntax(String),
    /// The file cannot be read.
    Io(String),
    /// `--keymap` names neither a preset nor a file.
    NotFound {
        /// The name given.
        name: String,
        /// The presets.
        presets: Vec<String>,
    },
    /// The action text is not an action.
    Action(ActionParseError),
    /// A key of the binding cannot be read.
    BadKey(String),
    /// The same keys are bound twice in one context of the file.
    Duplicate {
        /// Line of the first binding.
        other_line: usize,
        /// Action of the first binding.
        other: String,
    },
    /// A key sequence is the start of another one in the same context.
    Prefix {
        /// The shorter sequence.
        short: String,
        /// The longer sequence.
        long: String,
        /// Line of the other binding.
        other_line: usize,
    },
    /// A binding of the file starts, or is started by, a binding of the
    /// keymap it extends, which it would silently disable.
    ShadowsBase {
        /// The file's binding.
        keys: String,
        /// The base's binding.
        other: String,
        /// The base (`preset:default` …).
        base: String,
    },
    /// A `[section]` that is not a context.
    UnknownContext {
        /// The section name.
        name: String,
        /// Near valid names.
        suggestions: Vec<String>,
    },
    /// A top-level key that is no setting.
    UnknownSetting {
        /// The key.
        name: String,
        /// Near valid names.
        suggestions: Vec<String>,
    },
    /// `extends` names no preset.
    UnknownPreset {
        /// The name given.
        name: String,
        /// The presets.
        presets: Vec<String>,
    },
    /// A value of the wrong type.
    WrongType {
        /// The key.
        name: String,
        /// What was expected.
        expected: Expected,
    },
}

/// The type a value should have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A string.
    String,
    /// A boolean.
    Bool,
    /// A table.
    Table,
}

/// One error in a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The file (a path, or `preset:NAME`).
    pub file: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// The binding as written, `(keys, action)`, when the error is in one.
    pub binding: Option<(String, String)>,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl KeymapError {
    /// The message in a language: `file:line: "keys" = "action": reason`,
    /// on one line and safe to write to a terminal (it quotes the file).
    pub fn message(&self, lang: Lang) -> String {
        let mut out = self.file.clone();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        out.push_str(": ");
        if let Some((keys, action)) = &self.binding {
            out.push_str(&format!("\"{keys}\" = \"{action}\": "));
        }
        out.push_str(&self.reason(lang));
        sanitize(&out).into_owned()
    }

    /// The reason alone, without file, line and binding; safe to write to a terminal.
    pub fn reason(&self, lang: Lang) -> String {
        sanitize(&self.raw_reason(lang)).into_owned()
    }

    fn raw_reason(&self, lang: Lang) -> String {
        let t = |m: KeymapMsg| m.text(lang);
        let list = |names: &[&str]| names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
        let hint = |m: KeymapMsg, names: &[&str]| {
            if names.is_empty() { String::new() } else { format!("; {}", fill(t(m), &[("names", &list(names))])) }
        };
        match &self.kind {
            ErrorKind::Syntax(d) => fill(t(KeymapMsg::Syntax), &[("detail", d)]),
            ErrorKind::Io(d) => fill(t(KeymapMsg::Io), &[("detail", d)]),
            ErrorKind::NotFound { name, presets } => {
                fill(t(KeymapMsg::NotFound), &[("name", name)]) + &hint(KeymapMsg::Valid, &strs(presets))
            }
            ErrorKind::Action(e) => match e {
                ActionParseError::UnknownAction { suggestions, .. } => {
                    t(KeymapMsg::UnknownAction).to_string() + &hint(KeymapMsg::DidYouMean, suggestions)
                }
                ActionParseError::MissingArgument { action, expected } => {
                    fill(t(KeymapMsg::MissingArgument), &[("action", action)]) + &hint(KeymapMsg::Valid, expected)
                }
                ActionParseError::UnknownArgument { action, arg, expected } => {
                    fill(t(KeymapMsg::UnknownArgument), &[("action", action), ("arg", arg)])
                        + &hint(KeymapMsg::Valid, expected)
                }
                ActionParseError::UnexpectedArgument { action } => {
                    fill(t(KeymapMsg::UnexpectedArgument), &[("action", action)])
                }
            },
            ErrorKind::BadKey(k) => fill(t(KeymapMsg::BadKey), &[("key", &format!("\"{k}\""))]),
            ErrorKind::Duplicate { other_line, other } => {
                fill(t(KeymapMsg::Duplicate), &[("other_line", &other_line.to_string()), ("other", other)])
            }
            ErrorKind::Prefix { short, long, other_line } => fill(
                t(KeymapMsg::Prefix),
                &[
                    ("short", &format!("\"{short}\"")),
                    ("long", &format!("\"{long}\"")),
                    ("other_line", &other_line.to_string()),
                ],
            ),
            ErrorKind::ShadowsBase { keys, other, base } => fill(
                t(KeymapMsg::ShadowsBase),
                &[("keys", &format!("\"{keys}\"")), ("other", &format!("\"{other}\"")), ("base", base)],
            ),
            ErrorKind::UnknownContext { name, suggestions } => {
                fill(t(KeymapMsg::UnknownContext), &[("name", name)]) + &hint(KeymapMsg::DidYouMean, &strs(suggestions))
            }
            ErrorKind::UnknownSetting { name, suggestions } => {
                fill(t(KeymapMsg::UnknownSetting), &[("name", name)]) + &hint(KeymapMsg::DidYouMean, &strs(suggestions))
            }
            ErrorKind::UnknownPreset { name, presets } => {
                fill(t(KeymapMsg::UnknownPreset), &[("name", &format!("\"{name}\""))])
                    + &hint(KeymapMsg::Valid, &strs(presets))
            }
            ErrorKind::WrongType { name, expected } => {
                let e = match expected {
                    Expected::String => KeymapMsg::TypeString,
                    Expected::Bool => KeymapMsg::TypeBool,
                    Expected::Table => KeymapMsg::TypeTable,
                };
                fill(t(KeymapMsg::WrongType), &[("name", name), ("expected", t(e))])
            }
        }
    }
}

impl fmt::Display for KeymapError {
    /// The English message; use [`KeymapError::message`] for another language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for KeymapError {}

/// All the errors found in a keymap (and the presets it extends), in file
/// and line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapErrors(pub Vec<KeymapError>);

impl KeymapErrors {
    /// One message per line, in a language.
    pub fn message(&self, lang: Lang) -> String {
        self.0.iter().map(|e| e.message(lang)).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for KeymapErrors {
    /// The English messages, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for KeymapErrors {}

/// The names as `&str`s.
fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}
