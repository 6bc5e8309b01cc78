//! Errors of keymap files, each naming the file, the line and the binding
//! (their sentences are `crate::i18n::keymap`'s).

use crate::action::ActionParseError;

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

impl std::error::Error for KeymapError {}

/// All the errors found in a keymap (and the presets it extends), in file
/// and line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapErrors(pub Vec<KeymapError>);

impl std::error::Error for KeymapErrors {}
