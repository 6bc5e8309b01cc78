//! Keymaps as data: TOML files mapping keys to [`Action`]s per [`Context`].
//!
//! ```toml
//! extends = "vim"        # optional; a user file extends "default" otherwise
//! count = true           # optional; digits before a key repeat it (5j)
//!
//! [list]
//! "g g" = "first"        # a sequence: keys separated by spaces
//! "x" = "archive"
//! "d d" = "none"         # removes a binding of the preset
//! ```
//!
//! Tables: `[global]`, `[list]`, `[detail]`, `[form]`, `[search]`,
//! `[palette]`, `[confirm]`; key notation in [`key`]. A file's bindings
//! replace those of the base that use the same keys or that start, or are
//! started by, them; `none` removes a binding and every sequence it starts.
//! A context's bindings come first, then `global`'s — except that in text
//! contexts (form, search, palette) a printable key is text unless the
//! context itself binds it.
//!
//! The presets `default`, `vim` and `emacs` are compiled in. Help, the
//! command palette and `simpul keys` read the bindings back with
//! [`Keymap::bindings`], [`Keymap::keys_for`] and `cli::keys::render_table`.

mod dispatch;
pub mod error;
mod file;
pub mod key;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use dispatch::{Continuation, Dispatch, Dispatcher};
pub use error::{ErrorKind, KeymapError, KeymapErrors};
pub use key::{Key, KeyParseError};

use crate::action::{Action, Context};
use file::{Entry, Layer, parse_layer};
use key::seq_to_string;

/// The compiled-in presets: name and TOML text.
pub const PRESETS: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
    ("emacs", include_str!("../../keymaps/emacs.toml")),
];

/// The preset used when nothing else is asked for.
pub const DEFAULT_PRESET: &str = "default";

/// The names of the presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(n, _)| *n).collect()
}

/// A binding: a key sequence and its action.
type Binding = (Vec<Key>, Action);

/// A node of a context's key trie.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// The sequence is complete.
    Leaf(Action),
    /// More keys follow.
    Branch(HashMap<Key, Node>),
}

impl Node {
    /// The trie of some bindings (which start no other binding).
    fn build(bindings: &[Binding]) -> Node {
        let mut root = Node::Branch(HashMap::new());
        for (keys, action) in bindings {
            let mut node = &mut root;
            for (i, k) in keys.iter().enumerate() {
                let Node::Branch(children) = node else { break };
                let last = i + 1 == keys.len();
                node = children
                    .entry(*k)
                    .or_insert_with(|| if last { Node::Leaf(*action) } else { Node::Branch(HashMap::new()) });
            }
        }
        root
    }

    /// The node reached by a sequence from here.
    pub(crate) fn get(&self, keys: &[Key]) -> Option<&Node> {
        let mut node = self;
        for k in keys {
            match node {
                Node::Branch(children) => node = children.get(k)?,
                Node::Leaf(_) => return None,
            }
        }
        Some(node)
    }
}

/// A resolved keymap: bindings per context and their tries.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Where it came from (preset name or file).
    name: String,
    /// Whether digits count in list and detail.
    count: bool,
    /// The bindings of each context as declared (global not merged in).
    own: HashMap<Context, Vec<Binding>>,
    /// The bindings that apply in each context (global merged in).
    effective: HashMap<Context, Vec<Binding>>,
    /// The trie of the effective bindings of each context.
    tries: HashMap<Context, Node>,
}

/// Lays `entries` over `base`: `none` removes, a binding replaces the
/// bindings it conflicts with (same keys, or one starting the other).
fn overlay(base: &mut Vec<Binding>, entries: &[Entry]) {
    for e in entries.iter().filter(|e| e.action.is_none()) {
        base.retain(|(keys, _)| !keys.starts_with(&e.keys));
    }
    for e in entries {
        if let Some(action) = e.action {
            base.retain(|(keys, _)| !keys.starts_with(&e.keys) && !e.keys.starts_with(keys));
            base.push((e.keys.clone(), action));
        }
    }
}

/// The order of key sequences in listings: shorter first, fewer modifiers,
/// characters before named keys, then notation.
fn seq_order(keys: &[Key]) -> (usize, u32, usize, String) {
    let mods = keys.iter().map(|k| k.mods.bits().count_ones()).sum();
    let named = keys.iter().filter(|k| !matches!(k.code, crossterm::event::KeyCode::Char(c) if c != ' ')).count();
    (keys.len(), mods, named, seq_to_string(keys))
}

/// Sorts bindings by action, then keys.
fn sorted(mut v: Vec<Binding>) -> Vec<Binding> {
    v.sort_by_cached_key(|(keys, action)| (*action, seq_order(keys)));
    v
}

impl Keymap {
    /// A compiled-in preset.
    pub fn preset(name: &str) -> Result<Keymap, KeymapErrors> {
        let Some((_, text)) = PRESETS.iter().find(|(n, _)| *n == name) else {
            let presets = preset_names().into_iter().map(String::from).collect();
            return Err(KeymapErrors(vec![KeymapError {
                file: name.to_string(),
                line: None,
                binding: None,
                kind: ErrorKind::UnknownPreset { name: name.to_string(), presets },
            }]));
        };
        Keymap::build(&format!("preset:{name}"), text, None, 0)
    }

    /// A keymap from the text of a user's file (`name` is used in messages);
    /// it extends the preset named by `extends`, or `default`.
    pub fn from_str(name: &str, text: &str) -> Result<Keymap, KeymapErrors> {
        Keymap::build(name, text, Some(DEFAULT_PRESET), 0)
    }

    /// A keymap from a user's file.
    pub fn load_file(path: &Path) -> Result<Keymap, KeymapErrors> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Keymap::from_str(&name, &text),
            Err(e) => Err(KeymapErrors(vec![KeymapError {
                file: name,
                line: None,
                binding: None,
                kind: ErrorKind::Io(e.to_string()),
            }])),
        }
    }

    /// Reads `text` and lays it over its base (`extends`, else `implicit_base`).
    fn build(name: &str, text: &str, implicit_base: Option<&str>, depth: usize) -> Result<Keymap, KeymapErrors> {
        let layer: Layer = parse_layer(name, text, &preset_names()).map_err(KeymapErrors)?;
        let base_name = layer.extends.as_ref().map(|(n, _)| n.as_str()).or(implicit_base);
        let base = match base_name {
            Some(b) if depth < PRESETS.len() => {
                let text = PRESETS.iter().find(|(n, _)| *n == b).map(|(_, t)| *t).unwrap_or_default();
                Some(Keymap::build(&format!("preset:{b}"), text, None, depth + 1)?)
            }
            _ => None,
        };
        let mut own: HashMap<Context, Vec<Binding>> = base.as_ref().map(|b| b.own.clone()).unwrap_or_default();
        let mut errors = Vec::new();
        for (ctx, entries) in &layer.contexts {
            let bindings = own.entry(*ctx).or_default();
            // what the base keeps once the file's unbindings are applied
            let mut kept = bindings.clone();
            overlay(&mut kept, &entries.iter().filter(|e| e.action.is_none()).cloned().collect::<Vec<_>>());
            for e in entries.iter().filter(|e| e.action.is_some()) {
                for (keys, _) in kept.iter().filter(|(k, _)| *k != e.keys) {
                    if keys.starts_with(&e.keys) || e.keys.starts_with(keys) {
                        errors.push(KeymapError {
                            file: name.to_string(),
                            line: Some(e.line),
                            binding: Some((
                                seq_to_string(&e.keys),
                                e.action.map(|a| a.to_string()).unwrap_or_default(),
                            )),
                            kind: ErrorKind::ShadowsBase {
                                keys: seq_to_string(&e.keys),
                                other: seq_to_string(keys),
                                base: base.as_ref().map(|b| b.name.clone()).unwrap_or_default(),
                            },
                        });
                    }
                }
            }
            overlay(bindings, entries);
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(KeymapErrors(errors));
        }
        let count = layer.count.or(base.as_ref().map(|b| b.count)).unwrap_or(false);
        Ok(Keymap::assemble(name.to_string(), count, own))
    }

    /// Computes the effective bindings and tries of each context.
    fn assemble(name: String, count: bool, own: HashMap<Context, Vec<Binding>>) -> Keymap {
        let global = own.get(&Context::Global).cloned().unwrap_or_default();
        let mut effective = HashMap::new();
        let mut tries = HashMap::new();
        for ctx in Context::ALL {
            let mut eff = if ctx == Context::Global {
                Vec::new()
            } else if let Some(parent) = ctx.parent() {
                // the parent's effective bindings (global included) are computed first
                effective.get(&parent).cloned().unwrap_or_default()
            } else {
                global
                    .iter()
                    .filter(|(keys, _)| !(ctx.takes_text() && keys.first().is_some_and(|k| k.is_text())))
                    .cloned()
                    .collect()
            };
            let entries: Vec<Entry> = own
                .get(&ctx)
                .into_iter()
                .flatten()
                .map(|(keys, a)| Entry { keys: keys.clone(), action: Some(*a), line: 0 })
                .collect();
            overlay(&mut eff, &entries);
            let eff = sorted(eff);
            tries.insert(ctx, Node::build(&eff));
            effective.insert(ctx, eff);
        }
        let own = own.into_iter().map(|(c, v)| (c, sorted(v))).collect();
        Keymap { name, count, own, effective, tries }
    }

    /// Where the keymap came from: `preset:NAME` or the file name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether digits before a key repeat it (in list and detail).
    pub fn counts(&self) -> bool {
        self.count
    }

    /// The bindings declared for a context (without those of `global`),
    /// as (key notation, action), sorted by action then keys.
    pub fn bindings(&self, ctx: Context) -> Vec<(String, Action)> {
        self.own.get(&ctx).into_iter().flatten().map(|(k, a)| (seq_to_string(k), *a)).collect()
    }

    /// The bindings that apply in a context (its own, then `global`'s),
    /// sorted by action then keys.
    pub fn effective_bindings(&self, ctx: Context) -> Vec<(String, Action)> {
        self.effective.get(&ctx).into_iter().flatten().map(|(k, a)| (seq_to_string(k), *a)).collect()
    }

    /// The keys that run an action in a context (global included), simplest first.
    pub fn keys_for(&self, action: Action, ctx: Context) -> Vec<String> {
        self.effective
            .get(&ctx)
            .into_iter()
            .flatten()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| seq_to_string(k))
            .collect()
    }

    /// The trie of a context.
    pub(crate) fn trie(&self, ctx: Context) -> Option<&Node> {
        self.tries.get(&ctx)
    }
}

/// The user's keymap file: `keymap.toml` in the configuration directory
/// (`~/.config/simpul/keymap.toml` on Linux).
pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "simpul", "simpul").map(|d| d.config_dir().join("keymap.toml"))
}

/// The keymap to use: `--keymap` (a preset name or a file) if given, else
/// the user's file if it exists, else the default preset. On errors the
/// caller says so and may fall back to [`Keymap::preset`].
pub fn effective_keymap(keymap_arg: Option<&str>, user_file: Option<&Path>) -> Result<Keymap, KeymapErrors> {
    match keymap_arg {
        Some(arg) if PRESETS.iter().any(|(n, _)| *n == arg) => Keymap::preset(arg),
        Some(arg) if Path::new(arg).is_file() => Keymap::load_file(Path::new(arg)),
        Some(arg) => Err(KeymapErrors(vec![KeymapError {
            file: arg.to_string(),
            line: None,
            binding: None,
            kind: ErrorKind::NotFound {
                name: arg.to_string(),
                presets: preset_names().into_iter().map(String::from).collect(),
            },
        }])),
        None => match user_file {
            Some(path) if path.is_file() => Keymap::load_file(path),
            _ => Keymap::preset(DEFAULT_PRESET),
        },
    }
}

#[cfg(test)]
mod tests;
