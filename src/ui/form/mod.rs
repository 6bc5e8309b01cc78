//! Keyboard-driven forms: a generic engine and one definition per record.
//!
//! [`FormState`] is pure: fields, focus, dirty flag and problems, changed by
//! keys, tested without a terminal. A [`Form`] pairs it with the record it
//! edits ([`Target`]): [`defs`] turns a record into fields and the fields
//! back into a record, the model's validators judge that record, and their
//! [`Problem`] paths (`nik`, `aliases[1]`) map back onto the fields, so a form
//! and a CSV import apply the same rules. Saving and opening records need the
//! store; they leave here as a [`FormOp`] that [`session`] performs.

pub mod defs;
pub mod draft;
pub mod parts;
pub mod session;
pub mod view;

#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyModifiers};

pub use super::input::TextInput;

use super::app::{App, Focus, Overlay};
use super::data::UiData;
use super::update::{Effect, selected_ref};
use crate::action::Action;
use crate::i18n::form::FormMsg;
use crate::i18n::{self, Lang, fill};
use crate::keymap::Key;
use crate::model::input::DateError;
use crate::model::validate::check_text;
use crate::model::{
    Client, Event, Problem, ProblemKind, Record, RecordKind, RecordRef, Referral, Stakeholder, TransitionError,
};

/// Translates a vocabulary code for a selector.
pub type LabelFn = fn(Lang, &str) -> &'static str;

/// Where a selector's labels come from.
#[derive(Clone, Copy)]
pub enum Labels {
    /// A function of the code.
    Fn(LabelFn),
    /// A field table's vocabulary.
    Choices(&'static dyn crate::schema::text::Choices),
}

impl Labels {
    /// The label of a code: a colour category by the office's `names`.
    pub fn of<'a>(self, lang: Lang, names: &'a crate::words::RiskNames, code: &str) -> &'a str {
        match self {
            Labels::Fn(f) => f(lang, code),
            Labels::Choices(c) => c.label(lang, names, code),
        }
    }
}

impl std::fmt::Debug for Labels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Labels")
    }
}

/// What a field holds and how it is edited.
#[derive(Debug, Clone)]
pub enum FieldKind {
    /// One line of text.
    Text(TextInput),
    /// Several lines (notes); alt-enter or ctrl-j breaks a line.
    Multiline(TextInput),
    /// A date as typed, shown with how it was understood; `time` accepts "09:30" after it.
    Date {
        /// What was typed.
        input: TextInput,
        /// Whether a time of day may follow the date.
        time: bool,
    },
    /// One of a closed vocabulary.
    Choice {
        /// The codes, in display order.
        options: Vec<&'static str>,
        /// Index of the chosen one.
        selected: usize,
        /// Label of a code.
        label: Labels,
    },
    /// Any number of a closed vocabulary (needs).
    Set {
        /// The codes, in display order.
        options: Vec<&'static str>,
        /// Which are chosen.
        chosen: Vec<bool>,
        /// The option under the cursor.
        cursor: usize,
        /// Label of a code.
        label: Labels,
    },
    /// A link to another record, picked by typing part of its name.
    Link {
        /// Kind of record linked.
        kind: RecordKind,
        /// What was typed (the picked name once picked).
        input: TextInput,
        /// The record picked: id and name.
        picked: Option<(u64, String)>,
        /// Records matching what was typed, best first.
        hits: Vec<(u64, String)>,
        /// The hit that Tab or Enter picks.
        highlight: usize,
    },
    /// Values separated by commas (aliases, skills, services).
    List(TextInput),
    /// Links to several records (the clients of a group session): each is
    /// picked like a link, Tab adding the highlighted one; Backspace in an
    /// empty box takes the last one off.
    Links {
        /// Kind of record linked.
        kind: RecordKind,
        /// What is being typed.
        input: TextInput,
        /// The records picked: id and name.
        picked: Vec<(u64, String)>,
        /// Records matching what was typed, best first.
        hits: Vec<(u64, String)>,
        /// The hit that Tab picks.
        highlight: usize,
    },
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The validator's path of the value (`full_name`, `address.street`).
    pub key: &'static str,
    /// Label.
    pub label: FormMsg,
    /// Value and editing state.
    pub kind: FieldKind,
    /// Marked as required.
    pub required: bool,
    /// Shown only while the selector with this key has this code (who a participant is).
    pub shown_when: Option<(&'static str, &'static str)>,
}

impl Field {
    /// A one-line text field.
    pub fn text(key: &'static str, label: FormMsg, value: &str) -> Field {
        Field { key, label, kind: FieldKind::Text(TextInput::new(value)), required: false, shown_when: None }
    }

    /// A multi-line text field.
    pub fn multiline(key: &'static str, label: FormMsg, value: &str) -> Field {
        Field { key, label, kind: FieldKind::Multiline(TextInput::new(value)), required: false, shown_when: None }
    }

    /// A date field showing `value` as the user would type it.
    pub fn date(key: &'static str, label: FormMsg, value: Option<NaiveDate>) -> Field {
        let text = value.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        Field {
            key,
            label,
            kind: FieldKind::Date { input: TextInput::new(text), time: false },
            required: false,
            shown_when: None,
        }
    }

    /// A selector over codes, `selected` chosen.
    pub fn choice(key: &'static str, label: FormMsg, options: Vec<&'static str>, selected: &str, f: LabelFn) -> Field {
        let selected = options.iter().position(|o| *o == selected).unwrap_or(0);
        let f = Labels::Fn(f);
        Field { key, label, kind: FieldKind::Choice { options, selected, label: f }, required: false, shown_when: None }
    }

    /// A set of codes, those in `chosen` ticked.
    pub fn set(key: &'static str, label: FormMsg, options: Vec<&'static str>, chosen: &[&str], f: LabelFn) -> Field {
        let chosen = options.iter().map(|o| chosen.contains(o)).collect();
        Field {
            key,
            label,
            kind: FieldKind::Set { options, chosen, cursor: 0, label: Labels::Fn(f) },
            required: false,
            shown_when: None,
        }
    }

    /// A link field, with the record already linked if any.
    pub fn link(key: &'static str, label: FormMsg, kind: RecordKind, picked: Option<(u64, String)>) -> Field {
        let input = TextInput::new(picked.as_ref().map(|p| p.1.clone()).unwrap_or_default());
        Field {
            key,
            label,
            kind: FieldKind::Link { kind, input, picked, hits: Vec::new(), highlight: 0 },
            required: false,
            shown_when: None,
        }
    }

    /// Links to several records, those given already picked.
    pub fn links(key: &'static str, label: FormMsg, kind: RecordKind, picked: Vec<(u64, String)>) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::Links { kind, input: TextInput::new(""), picked, hits: Vec::new(), highlight: 0 },
            required: false,
            shown_when: None,
        }
    }

    /// A list of values.
    pub fn list(key: &'static str, label: FormMsg, values: &[String]) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::List(TextInput::new(values.join(", "))),
            required: false,
            shown_when: None,
        }
    }

    /// The widget of a table's field over a record, with the record's value;
    /// `name` names linked records.
    pub fn of<R>(
        def: &'static crate::schema::Field<R>,
        r: &R,
        name: &dyn Fn(RecordKind, u64) -> Option<String>,
    ) -> Field {
        use crate::schema::Kind as K;
        let text = def.cell.get(r);
        let ids = |kind: RecordKind| -> Vec<(u64, String)> {
            crate::model::input::parse_list(&text)
                .iter()
                .filter_map(|t| RecordRef::parse(t))
                .filter(|x| x.kind == kind && x.id != 0)
                .map(|x| (x.id, name(kind, x.id).unwrap_or_default()))
                .collect()
        };
        let kind = match def.cell.kind() {
            K::Multiline => FieldKind::Multiline(TextInput::new(text)),
            K::Date => FieldKind::Date { input: TextInput::new(text), time: false },
            K::Moment => FieldKind::Date { input: TextInput::new(text), time: true },
            K::List | K::Dates => FieldKind::List(TextInput::new(crate::model::input::parse_list(&text).join(", "))),
            K::Choice(c) => {
                let options = c.codes();
                let selected = options.iter().position(|o| *o == text).unwrap_or(0);
                FieldKind::Choice { options, selected, label: Labels::Choices(c) }
            }
            K::Set(c) => {
                let options = c.codes();
                let on = crate::model::input::parse_list(&text);
                let chosen = options.iter().map(|o| on.iter().any(|x| x == o)).collect();
                FieldKind::Set { options, chosen, cursor: 0, label: Labels::Choices(c) }
            }
            K::Link(kind) => {
                let picked = ids(kind).into_iter().next();
                let input = TextInput::new(picked.as_ref().map(|p| p.1.clone()).unwrap_or_default());
                FieldKind::Link { kind, input, picked, hits: Vec::new(), highlight: 0 }
            }
            K::Links(kind) => {
                FieldKind::Links { kind, input: TextInput::new(""), picked: ids(kind), hits: Vec::new(), highlight: 0 }
            }
            K::Text | K::Number | K::Parts => FieldKind::Text(TextInput::new(text)),
        };
        Field { key: def.name, label: def.label, kind, required: def.required, shown_when: def.shown_when }
    }

    /// Marks the field required.
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Shows the field only while the selector `key` has `code`.
    pub fn shown_when(mut self, key: &'static str, code: &'static str) -> Field {
        self.shown_when = Some((key, code));
        self
    }

    /// The text being edited, for text-like fields.
    pub fn input(&self) -> Option<&TextInput> {
        match &self.kind {
            FieldKind::Text(t) | FieldKind::Multiline(t) | FieldKind::List(t) => Some(t),
            FieldKind::Date { input, .. } | FieldKind::Link { input, .. } | FieldKind::Links { input, .. } => {
                Some(input)
            }
            FieldKind::Choice { .. } | FieldKind::Set { .. } => None,
        }
    }

    /// The value as the user reads it (a choice by its label, links by
    /// their names; a colour category by the office's `names`), to compare
    /// and to show two versions side by side.
    pub fn shown(&self, lang: Lang, names: &crate::words::RiskNames) -> String {
        match &self.kind {
            FieldKind::Choice { options, selected, label } => {
                options.get(*selected).map(|c| label.of(lang, names, c).to_string()).unwrap_or_default()
            }
            FieldKind::Set { options, chosen, label, .. } => options
                .iter()
                .zip(chosen)
                .filter(|(_, on)| **on)
                .map(|(c, _)| label.of(lang, names, c))
                .collect::<Vec<_>>()
                .join(", "),
            FieldKind::Link { picked: Some((_, name)), .. } => name.clone(),
            FieldKind::Links { picked, .. } => picked.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", "),
            _ => self.input().map(|t| t.value.trim().to_string()).unwrap_or_default(),
        }
    }

    fn input_mut(&mut self) -> Option<&mut TextInput> {
        match &mut self.kind {
            FieldKind::Text(t) | FieldKind::Multiline(t) | FieldKind::List(t) => Some(t),
            FieldKind::Date { input, .. } | FieldKind::Link { input, .. } | FieldKind::Links { input, .. } => {
                Some(input)
            }
            FieldKind::Choice { .. } | FieldKind::Set { .. } => None,
        }
    }

    /// The value as one comparable text (see [`FormState::values`]).
    fn fingerprint(&self) -> String {
        match &self.kind {
            FieldKind::Text(t) | FieldKind::Multiline(t) | FieldKind::List(t) => t.value.clone(),
            FieldKind::Date { input, .. } => input.value.clone(),
            FieldKind::Choice { selected, .. } => selected.to_string(),
            FieldKind::Set { chosen, .. } => chosen.iter().map(|c| if *c { '1' } else { '0' }).collect(),
            FieldKind::Link { picked: Some((id, _)), .. } => id.to_string(),
            FieldKind::Link { input, picked: None, .. } => format!("?{}", input.value),
            FieldKind::Links { picked, input, .. } => {
                let ids: Vec<String> = picked.iter().map(|p| p.0.to_string()).collect();
                format!("{}?{}", ids.join(","), input.value)
            }
        }
    }

    /// Whether a problem at `path` belongs to this field (`aliases[1]` to `aliases`).
    pub fn owns(&self, path: &str) -> bool {
        path == self.key
            || path.strip_prefix(self.key).is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
    }
}

/// Something wrong with a field's value, shown next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// What the model's validator found.
    Problem(ProblemKind),
    /// A date that could not be read.
    Date(DateError),
    /// Not a whole number.
    Number,
    /// A required link with nothing picked.
    NotPicked,
    /// Not one of the values this field takes; they are listed.
    NotOneOf(String),
    /// Typed text that matches no record.
    NoMatch(String),
    /// A referral status the flow does not allow from the current one.
    Transition(TransitionError),
    /// Pasted or typed control characters, refused.
    Pasted,
    /// An assessment that changes the category, without a reason.
    ReasonForChange {
        /// The category before.
        from: crate::model::RiskCategory,
    },
    /// A NIK another client already has.
    NikTaken {
        /// That client.
        record: RecordRef,
        /// Its name.
        name: String,
    },
}

/// Someone else saved the record after the form opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The version they saved.
    pub version: u64,
    /// Noticed while the form was open (no save was refused yet).
    pub live: bool,
}

/// Where a key can find records to link to.
pub trait Lookup {
    /// Up to `limit` records of `kind` whose name matches `query`, best first.
    fn find(&self, kind: RecordKind, query: &str, limit: usize) -> Vec<(u64, String)>;
}

/// Records offered by a link field.
const HITS: usize = 5;

/// The fields of a form and everything about editing them.
#[derive(Debug, Clone)]
pub struct FormState {
    /// The fields, in order.
    pub fields: Vec<Field>,
    /// Index of the field with the keyboard.
    pub focus: usize,
    /// Something was changed since the form opened (or was last saved).
    pub dirty: bool,
    /// Problems, by field index, in field order.
    pub problems: Vec<(usize, Issue)>,
    /// Someone else's save that this form's save ran into.
    pub conflict: Option<Conflict>,
    /// Fields the user changed: their problems show before the first save.
    pub touched: Vec<bool>,
    /// A save was tried: every problem shows.
    pub tried: bool,
    /// The values as the form opened ([`FormState::values`]).
    pub pristine: Vec<String>,
}

impl FormState {
    /// A form over fields, the first focused.
    pub fn new(fields: Vec<Field>) -> FormState {
        let n = fields.len();
        let pristine = fields.iter().map(Field::fingerprint).collect();
        FormState {
            fields,
            focus: 0,
            dirty: false,
            problems: Vec::new(),
            conflict: None,
            touched: vec![false; n],
            tried: false,
            pristine,
        }
    }

    /// Index of the field with this key.
    pub fn index(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The text of a text-like field ("" when there is none).
    pub fn value(&self, key: &str) -> &str {
        self.field(key).and_then(Field::input).map_or("", |t| t.value.as_str())
    }

    /// The chosen code of a selector.
    pub fn choice(&self, key: &str) -> Option<&'static str> {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Choice { options, selected, .. }) => options.get(*selected).copied(),
            _ => None,
        }
    }

    /// The ticked codes of a set.
    pub fn chosen(&self, key: &str) -> Vec<&'static str> {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Set { options, chosen, .. }) => {
                options.iter().zip(chosen).filter(|(_, c)| **c).map(|(o, _)| *o).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The id picked in a link field.
    pub fn picked(&self, key: &str) -> Option<u64> {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Link { picked, .. }) => picked.as_ref().map(|p| p.0),
            _ => None,
        }
    }

    /// The ids picked in a field of several links.
    pub fn picked_many(&self, key: &str) -> Vec<u64> {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Links { picked, .. }) => picked.iter().map(|p| p.0).collect(),
            _ => Vec::new(),
        }
    }

    /// In a field of several links with a hit highlighted: adds it, clears
    /// the box and stays (true); else false (RecordKind then moves on).
    pub fn pick_more(&mut self) -> bool {
        let i = self.focus;
        let Some(f) = self.fields.get_mut(i) else { return false };
        let FieldKind::Links { input, picked, hits, highlight, .. } = &mut f.kind else { return false };
        if input.value.trim().is_empty() {
            return false;
        }
        if let Some(hit) = hits.get(*highlight).cloned()
            && !picked.iter().any(|p| p.0 == hit.0)
        {
            picked.push(hit);
        }
        *input = TextInput::new("");
        hits.clear();
        *highlight = 0;
        self.changed(i);
        true
    }

    /// Replaces the text of a text-like field (as if typed).
    pub fn set_value(&mut self, key: &str, value: &str) {
        if let Some(i) = self.index(key)
            && let Some(t) = self.fields[i].input_mut()
        {
            *t = TextInput::new(value);
            self.changed(i);
        }
    }

    /// Chooses a code in a selector.
    pub fn set_choice(&mut self, key: &str, code: &str) {
        if let Some(i) = self.index(key)
            && let FieldKind::Choice { options, selected, .. } = &mut self.fields[i].kind
            && let Some(p) = options.iter().position(|o| *o == code)
        {
            *selected = p;
            self.changed(i);
        }
    }

    /// Moves the keyboard to the field with this key.
    pub fn focus_key(&mut self, key: &str) {
        if let Some(i) = self.index(key) {
            self.leave(None);
            self.focus = i;
        }
    }

    fn changed(&mut self, i: usize) {
        self.dirty = true;
        if let Some(t) = self.touched.get_mut(i) {
            *t = true;
        }
        // what was wrong may be fixed now; leaving the field checks again
        self.problems.retain(|(f, _)| *f != i);
    }

    /// The problems of one field.
    pub fn problems_of(&self, i: usize) -> impl Iterator<Item = &Issue> {
        self.problems.iter().filter(move |(f, _)| *f == i).map(|(_, p)| p)
    }

    /// Leaves the focused field: a link with text typed picks its highlighted hit.
    fn leave(&mut self, _lookup: Option<&dyn Lookup>) {
        let i = self.focus;
        let Some(f) = self.fields.get_mut(i) else { return };
        if let FieldKind::Link { input, picked, hits, highlight, .. } = &mut f.kind {
            let typed = input.value.trim().to_string();
            if typed.is_empty() {
                if picked.take().is_some() {
                    self.dirty = true;
                }
            } else if picked.as_ref().is_none_or(|p| p.1 != input.value)
                && let Some(hit) = hits.get(*highlight).cloned()
            {
                *input = TextInput::new(hit.1.clone());
                *picked = Some(hit);
                self.dirty = true;
                if let Some(t) = self.touched.get_mut(i) {
                    *t = true;
                }
            }
            hits.clear();
            *highlight = 0;
        }
    }

    /// The values of the fields as one comparable text each (what a
    /// selector chose, which records a link picked).
    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(Field::fingerprint).collect()
    }

    /// Whether anything differs from what the form showed when it opened:
    /// a form nobody has changed closes without asking.
    pub fn is_changed(&self) -> bool {
        self.values() != self.pristine
    }

    /// Whether field `i` is shown (fields of another kind of participant are not).
    pub fn is_shown(&self, i: usize) -> bool {
        match self.fields.get(i).and_then(|f| f.shown_when) {
            Some((key, code)) => self.choice(key) == Some(code),
            None => i < self.fields.len(),
        }
    }

    /// To the next shown field (wrapping).
    pub fn next_field(&mut self) {
        self.leave(None);
        let n = self.fields.len().max(1);
        for _ in 0..n {
            self.focus = (self.focus + 1) % n;
            if self.is_shown(self.focus) {
                break;
            }
        }
    }

    /// To the previous shown field (wrapping).
    pub fn prev_field(&mut self) {
        self.leave(None);
        let n = self.fields.len().max(1);
        for _ in 0..n {
            self.focus = (self.focus + n - 1) % n;
            if self.is_shown(self.focus) {
                break;
            }
        }
    }

    /// Sets the problems found, in field order, and moves the keyboard to
    /// the first when `focus_first`.
    pub fn set_problems(&mut self, mut problems: Vec<(usize, Issue)>, focus_first: bool) {
        problems.sort_by_key(|(i, _)| *i);
        problems.dedup();
        if focus_first && let Some((i, _)) = problems.first() {
            self.focus = *i;
        }
        self.problems = problems;
    }

    /// Types or pastes text into the focused field; control characters and
    /// escape sequences are refused with a message, nothing is inserted.
    pub fn insert(&mut self, text: &str, lookup: &dyn Lookup) -> bool {
        let i = self.focus;
        let Some(f) = self.fields.get_mut(i) else { return false };
        let multiline = matches!(f.kind, FieldKind::Multiline(_));
        // line breaks in a paste join a one-line field with spaces
        let text: String = if multiline {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ")
        };
        if check_text(&text) == Some(ProblemKind::ControlCharacters) {
            self.problems.retain(|(f, _)| *f != i);
            self.problems.push((i, Issue::Pasted));
            return false;
        }
        match &mut f.kind {
            FieldKind::Choice { options, selected, label } => {
                // a typed letter chooses the next option starting with it
                let Some(c) = text.chars().next() else { return false };
                if c == ' ' {
                    *selected = (*selected + 1) % options.len().max(1);
                } else {
                    let lc = c.to_lowercase().to_string();
                    let n = options.len();
                    // by the built-in names: the form holds no office's
                    let names = crate::words::RiskNames::default();
                    let Some(p) = (1..=n).map(|k| (*selected + k) % n).find(|&k| {
                        label.of(Lang::Id, &names, options[k]).starts_with(&lc)
                            || label.of(Lang::En, &names, options[k]).starts_with(&lc)
                    }) else {
                        return false;
                    };
                    *selected = p;
                }
            }
            FieldKind::Set { chosen, cursor, .. } => {
                if text != " " {
                    return false;
                }
                if let Some(c) = chosen.get_mut(*cursor) {
                    *c = !*c;
                }
            }
            FieldKind::Link { kind, input, picked, hits, highlight } => {
                input.insert(&text);
                *picked = None;
                *hits = lookup.find(*kind, &input.value, HITS);
                *highlight = 0;
            }
            FieldKind::Links { kind, input, hits, highlight, .. } => {
                input.insert(&text);
                *hits = lookup.find(*kind, &input.value, HITS);
                *highlight = 0;
            }
            _ => match f.input_mut() {
                Some(t) => t.insert(&text),
                None => return false,
            },
        }
        self.changed(i);
        true
    }

    /// Handles an editing key (one no action is bound to); true when it did something.
    pub fn key(&mut self, key: Key, lookup: &dyn Lookup) -> bool {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        let alt = key.mods.contains(KeyModifiers::ALT);
        if let KeyCode::Char(c) = key.code
            && !ctrl
            && !alt
        {
            let mut buf = [0u8; 4];
            return self.insert(c.encode_utf8(&mut buf), lookup);
        }
        let i = self.focus;
        let Some(f) = self.fields.get_mut(i) else { return false };
        // selectors and links use the arrows themselves
        match &mut f.kind {
            FieldKind::Choice { options, selected, .. } => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Left | KeyCode::Up => *selected = (*selected + n - 1) % n,
                    KeyCode::Right | KeyCode::Down => *selected = (*selected + 1) % n,
                    KeyCode::Home => *selected = 0,
                    KeyCode::End => *selected = n - 1,
                    _ => return false,
                }
                self.changed(i);
                return true;
            }
            FieldKind::Set { options, cursor, chosen, .. } => {
                match key.code {
                    KeyCode::Left => *cursor = cursor.saturating_sub(1),
                    KeyCode::Right => *cursor = (*cursor + 1).min(options.len().saturating_sub(1)),
                    KeyCode::Home => *cursor = 0,
                    KeyCode::End => *cursor = options.len().saturating_sub(1),
                    KeyCode::Up => self.prev_field(),
                    KeyCode::Down => self.next_field(),
                    KeyCode::Backspace | KeyCode::Delete => {
                        if let Some(c) = chosen.get_mut(*cursor) {
                            *c = false;
                        }
                        self.changed(i);
                    }
                    _ => return false,
                }
                return true;
            }
            FieldKind::Links { input, picked, .. } if input.value.is_empty() && key.code == KeyCode::Backspace => {
                if picked.pop().is_some() {
                    self.changed(i);
                }
                return true;
            }
            FieldKind::Link { hits, highlight, .. } | FieldKind::Links { hits, highlight, .. } if !hits.is_empty() => {
                if let KeyCode::Up | KeyCode::Down = key.code {
                    let way = if key.code == KeyCode::Up { Action::Up } else { Action::Down };
                    *highlight = crate::ui::cursor::step(*highlight, way, hits.len(), 1).unwrap_or(*highlight);
                    return true;
                }
            }
            FieldKind::Multiline(t) => match key.code {
                KeyCode::Enter if alt => {
                    t.insert("\n");
                    self.changed(i);
                    return true;
                }
                KeyCode::Char('j') if ctrl => {
                    t.insert("\n");
                    self.changed(i);
                    return true;
                }
                KeyCode::Up | KeyCode::Down if t.vertical(key.code == KeyCode::Down) => return true,
                _ => {}
            },
            _ => {}
        }
        let Some(t) = f.input_mut() else { return false };
        let edited = match key.code {
            KeyCode::Up if !ctrl && !alt => {
                self.prev_field();
                return true;
            }
            KeyCode::Down if !ctrl && !alt => {
                self.next_field();
                return true;
            }
            _ => match t.key(key) {
                Some(edited) => edited,
                None => return false,
            },
        };
        if edited {
            if let FieldKind::Link { kind, input, picked, hits, highlight } = &mut f.kind {
                *picked = None;
                *hits = if input.value.trim().is_empty() { Vec::new() } else { lookup.find(*kind, &input.value, HITS) };
                *highlight = 0;
            }
            if let FieldKind::Links { kind, input, hits, highlight, .. } = &mut f.kind {
                *hits = if input.value.trim().is_empty() { Vec::new() } else { lookup.find(*kind, &input.value, HITS) };
                *highlight = 0;
            }
            self.changed(i);
        }
        true
    }
}

/// The record a form edits, as it was read (or as a new one starts).
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A client.
    Client(Box<Client>),
    /// A stakeholder.
    Stakeholder(Box<Stakeholder>),
    /// An event.
    Event(Box<Event>),
    /// A referral.
    Referral(Box<Referral>),
}

impl Target {
    /// Id, version and timestamps.
    pub fn meta(&self) -> &crate::model::Meta {
        match self {
            Target::Client(r) => r.meta(),
            Target::Stakeholder(r) => r.meta(),
            Target::Event(r) => r.meta(),
            Target::Referral(r) => r.meta(),
        }
    }

    /// Kind of record.
    pub fn kind(&self) -> RecordKind {
        match self {
            Target::Client(_) => RecordKind::Client,
            Target::Stakeholder(_) => RecordKind::Stakeholder,
            Target::Event(_) => RecordKind::Event,
            Target::Referral(_) => RecordKind::Referral,
        }
    }

    /// The record's name.
    pub fn title(&self) -> &str {
        match self {
            Target::Client(r) => r.title(),
            Target::Stakeholder(r) => r.title(),
            Target::Event(r) => r.title(),
            Target::Referral(r) => r.title(),
        }
    }

    /// Every problem the model's validator finds.
    pub fn validate(&self, today: NaiveDate) -> Vec<Problem> {
        match self {
            Target::Client(r) => r.validate(today),
            Target::Stakeholder(r) => r.validate(today),
            Target::Event(r) => r.validate(today),
            Target::Referral(r) => r.validate(today),
        }
    }

    /// Whether the record is not stored yet.
    pub fn is_new(&self) -> bool {
        self.meta().id == 0
    }
}

/// A question a form asks before going on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Esc on a changed form: discard the changes?
    Discard,
    /// The partner has no free place: save the referral anyway?
    Capacity {
        /// The partner's name.
        name: String,
        /// Places in use.
        used: usize,
        /// Places it has.
        total: u32,
    },
    /// Someone saved the same fields while the form was open: keep mine
    /// or theirs?
    Clash {
        /// Who saved them.
        by: String,
        /// Each field both changed: its position, theirs and mine.
        fields: Vec<(usize, String, String)>,
    },
    /// A new client resembles stored ones: open one, or save anyway?
    Duplicates {
        /// Of which kind (clients: name and birth date; stakeholders: names).
        kind: RecordKind,
        /// The look-alikes: id and a line describing each.
        candidates: Vec<(u64, String)>,
        /// The one Enter opens.
        selected: usize,
    },
}

/// A form over one record.
#[derive(Debug, Clone)]
pub struct Form {
    /// The record as read (its version is what the save is checked against).
    pub target: Target,
    /// Fields and editing state.
    pub state: FormState,
    /// Today, for relative dates and validation.
    pub today: NaiveDate,
    /// A question on top of the form.
    pub ask: Option<Ask>,
    /// The officer saw the look-alikes and chose to save a new client anyway.
    pub duplicates_seen: bool,
    /// Fields whose values the next save takes from the version someone
    /// else saved (the officer chose theirs in a clash).
    pub take_theirs: Vec<usize>,
    /// Who saved the record meanwhile, once their changes are merged in (said with the save).
    pub merged_with: Option<String>,
    /// The officer was told the partner is full and chose to save anyway.
    pub capacity_seen: bool,
    /// The part of the record this sub-form edits; `None` for the record itself.
    pub part: Option<parts::PartRef>,
}

impl Form {
    /// A form for a record.
    pub fn new(target: Target, lookup_names: &dyn Fn(RecordKind, u64) -> Option<String>, today: NaiveDate) -> Form {
        let fields = defs::fields(&target, lookup_names);
        Form::with_fields(target, fields, today, None)
    }

    fn with_fields(target: Target, fields: Vec<Field>, today: NaiveDate, part: Option<parts::PartRef>) -> Form {
        Form {
            target,
            state: FormState::new(fields),
            today,
            ask: None,
            duplicates_seen: false,
            take_theirs: Vec::new(),
            merged_with: None,
            capacity_seen: false,
            part,
        }
    }

    /// A sub-form over one part of a stored record (`part.index` `None`: a new part).
    pub fn new_part(
        target: Target,
        part: parts::PartRef,
        lookup_names: &dyn Fn(RecordKind, u64) -> Option<String>,
        today: NaiveDate,
    ) -> Form {
        let fields = parts::fields(&target, part, lookup_names, today);
        let mut form = Form::with_fields(target, fields, today, Some(part));
        // a new part can be saved as it starts (today's session, the usual choices)
        form.state.dirty = part.index.is_none();
        form
    }

    /// Fills in what a new part takes from the user who starts it: a Litmas
    /// report's authors (the user may change or add names).
    pub fn started_by(&mut self, user: &str) {
        if let Some(p) = self.part.filter(|p| p.index.is_none())
            && let Some(key) = parts::names_its_author(p.kind)
            && self.state.value(key).trim().is_empty()
        {
            self.state.set_value(key, user);
            // filled in for the user, not by them: still an unchanged form
            self.state.pristine = self.state.values();
        }
    }

    /// The fields of this form over another version of its record (after a conflict).
    pub fn fields_over(&self, target: &Target, lookup_names: &dyn Fn(RecordKind, u64) -> Option<String>) -> Vec<Field> {
        match self.part {
            Some(p) => parts::fields(target, p, lookup_names, self.today),
            None => defs::fields(target, lookup_names),
        }
    }

    /// The record reference, once stored.
    pub fn record_ref(&self) -> Option<RecordRef> {
        (!self.target.is_new()).then(|| RecordRef::new(self.target.kind(), self.target.meta().id))
    }

    /// The form's title.
    pub fn title(&self, lang: Lang) -> String {
        if let Some(p) = self.part {
            let m = if p.index.is_some() { FormMsg::EditPart } else { FormMsg::NewPart };
            let record = self.record_ref().map(|r| format!("{r} · {}", self.target.title())).unwrap_or_default();
            return fill(m.text(lang), &[("part", p.kind.noun(lang)), ("record", &record)]);
        }
        match self.record_ref() {
            Some(r) => fill(FormMsg::Edit.text(lang), &[("record", &format!("{r} · {}", self.target.title()))]),
            None => match self.target {
                Target::Client(_) => FormMsg::NewClient,
                Target::Stakeholder(_) => FormMsg::NewStakeholder,
                Target::Event(_) => FormMsg::NewEvent,
                Target::Referral(_) => FormMsg::NewReferral,
            }
            .text(lang)
            .to_string(),
        }
    }

    /// The record the fields describe, and every problem with it: values
    /// that cannot be read, then what the model's validator says (mapped
    /// to fields by path; one not shown in the form goes to the first field).
    pub fn build(&self) -> (Target, Vec<(usize, Issue)>) {
        let (target, mut issues) = defs::apply(&self.state, &self.target, self.part, self.today);
        let prefix = self.part.map(|p| p.prefix(&self.target));
        for p in target.validate(self.today) {
            // a sub-form answers for its part only: `assessments[2].date` is its `date`
            let path = match &prefix {
                Some(pre) => match p.field.strip_prefix(pre.as_str()) {
                    Some("") => "",
                    Some(rest) => match rest.strip_prefix('.') {
                        Some(field) => field,
                        None => continue,
                    },
                    None => continue,
                },
                None => p.field.as_str(),
            };
            let i = self.state.fields.iter().position(|f| f.owns(path)).unwrap_or(0);
            // a value that could not be read already says so
            if !issues.iter().any(|(j, _)| *j == i) {
                issues.push((i, Issue::Problem(p.kind)));
            }
        }
        if let Some(from) = self.category_changed_without_reason(&target)
            && let Some(i) = self.state.index("reason")
            && !issues.iter().any(|(j, _)| *j == i)
        {
            issues.push((i, Issue::ReasonForChange { from }));
        }
        (target, issues)
    }

    /// For an assessment's sub-form: the category before it, when this one
    /// changes it and gives no reason (a change must say why; keeping the
    /// category need not). Checked here, not in the model, so case files
    /// stored before the rule still save.
    fn category_changed_without_reason(&self, target: &Target) -> Option<crate::model::RiskCategory> {
        let part = self.part.filter(|p| p.kind == parts::PartKind::Assessment)?;
        let Target::Client(c) = target else { return None };
        let at = part.index.unwrap_or(c.assessments.len().checked_sub(1)?);
        let a = c.assessments.get(at)?;
        let before = c
            .assessments
            .iter()
            .enumerate()
            .filter(|(j, x)| *j != at && (x.date, *j) < (a.date, at))
            .max_by_key(|(j, x)| (x.date, *j))
            .map(|(_, x)| x.category)?;
        (before != a.category && a.reason.trim().is_empty()).then_some(before)
    }

    /// Checks the form as it stands: problems of changed fields (of every
    /// field once a save was tried) are shown. True when there are none at all.
    pub fn check(&mut self) -> bool {
        let (_, issues) = self.build();
        let ok = issues.is_empty();
        let shown: Vec<(usize, Issue)> = issues
            .into_iter()
            .filter(|(i, _)| self.state.tried || self.state.touched.get(*i).copied().unwrap_or(false))
            .collect();
        // a refused paste stays until the field changes
        let pasted: Vec<(usize, Issue)> =
            self.state.problems.iter().filter(|(_, p)| *p == Issue::Pasted).cloned().collect();
        self.state.set_problems(shown.into_iter().chain(pasted).collect(), false);
        ok
    }

    /// After an edit: the problems that are no longer there go at once, in
    /// any field (an end date that is valid again once its start moved);
    /// new ones show when the field is left, not while it is being typed.
    pub fn forget_fixed(&mut self) {
        if self.state.problems.is_empty() {
            return;
        }
        let (_, issues) = self.build();
        self.state.problems.retain(|p| p.1 == Issue::Pasted || issues.contains(p));
    }

    /// Tries to save: the record to store, or `None` with every problem
    /// shown and the keyboard on the first.
    pub fn prepare_save(&mut self) -> Option<Target> {
        self.state.leave(None);
        self.state.tried = true;
        let (target, issues) = self.build();
        if issues.is_empty() {
            self.state.problems.clear();
            Some(target)
        } else {
            self.state.set_problems(issues, true);
            None
        }
    }

    /// The message of an issue, in a language (paths named by their
    /// labels), the colour categories by their built-in names.
    pub fn issue_text(&self, lang: Lang, issue: &Issue) -> String {
        self.issue_text_named(lang, &crate::words::RiskNames::default(), issue)
    }

    /// The message of an issue, in a language (paths named by their
    /// labels), the colour categories by the office's names.
    pub fn issue_text_named(&self, lang: Lang, names: &crate::words::RiskNames, issue: &Issue) -> String {
        let t = |m: FormMsg| m.text(lang).to_string();
        match issue {
            Issue::Problem(ProblemKind::EndBeforeStart { start }) => {
                let label =
                    self.state.fields.iter().find(|f| f.owns(start)).map_or(start.as_str(), |f| f.label.text(lang));
                fill(crate::i18n::Msg::EndBeforeStart.text(lang), &[("start", &label.to_lowercase())])
            }
            Issue::Problem(k) => i18n::problem(lang, k),
            Issue::Date(DateError::NoSuchDate) => t(FormMsg::NoSuchDate),
            Issue::Date(DateError::BadTime) => t(FormMsg::BadTime),
            Issue::Date(_) => t(FormMsg::BadDate),
            Issue::Number => t(FormMsg::BadNumber),
            Issue::NotPicked => t(FormMsg::NotPicked),
            Issue::NotOneOf(valid) => fill(FormMsg::NotOneOf.text(lang), &[("valid", valid)]),
            Issue::NoMatch(q) => fill(FormMsg::NoMatch.text(lang), &[("query", q)]),
            Issue::ReasonForChange { from } => {
                fill(FormMsg::ReasonForChange.text(lang), &[("from", names.label(lang, *from))])
            }
            Issue::Transition(e) => {
                let next: Vec<&str> = e.from.next().iter().map(|s| i18n::referral_status(lang, *s)).collect();
                let next = if next.is_empty() { t(FormMsg::TransitionNone) } else { next.join(", ") };
                fill(
                    FormMsg::Transition.text(lang),
                    &[
                        ("from", i18n::referral_status(lang, e.from)),
                        ("to", i18n::referral_status(lang, e.to)),
                        ("next", &next),
                    ],
                )
            }
            Issue::Pasted => t(FormMsg::Pasted),
            Issue::NikTaken { record, name } => {
                fill(FormMsg::NikTaken.text(lang), &[("record", &record.to_string()), ("name", name)])
            }
        }
    }
}

/// What a form needs done with the store or the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOp {
    /// Read a record and open a form on it.
    Edit(RecordRef),
    /// Store the open form's record.
    Save,
    /// Read what ties a stakeholder, then ask before archiving it.
    AskArchive(RecordRef),
    /// Archive a record (the user confirmed).
    Archive(RecordRef),
    /// Restore an archived record.
    Restore(RecordRef),
    /// Open the focused notes in `$EDITOR`.
    Editor,
    /// Read a record and open a sub-form on one of its parts (a new one when the index is `None`).
    Part(RecordRef, parts::PartRef),
    /// Remove a part (the user confirmed), if the record is still at the version shown.
    RemovePart(RecordRef, parts::PartRef, u64),
    /// Revert a change of a record (the user confirmed).
    Revert(RecordRef, u64),
    /// Read the marked duplicate and the client to keep, and show them side by side.
    MergeOpen(u64, u64),
    /// Merge as chosen on screen (the user confirmed).
    Merge,
}

fn sync_dirty(app: &mut App) {
    app.dirty = app.form.as_ref().is_some_and(|f| f.state.is_changed());
}

/// The name of a record among the loaded rows.
pub fn row_name(data: &UiData, r: RecordRef) -> Option<String> {
    let pos = data.position(r)?;
    match r.kind {
        RecordKind::Client => data.clients.get(pos).map(|c| c.name().to_string()),
        RecordKind::Stakeholder => data.stakeholders.get(pos).map(|s| s.short.clone()),
        RecordKind::Event => data.events.get(pos).map(|e| e.title.clone()),
        _ => None,
    }
}

/// Applies an action while a form is open, or one that opens or archives
/// a record; `None` leaves the action to the rest of `update`.
pub fn update(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    if let Some(Overlay::ConfirmArchive(_) | Overlay::ConfirmRemove(..) | Overlay::ConfirmRevert(..)) = app.overlay {
        return match action {
            Action::ConfirmYes => {
                let op = match app.overlay.take() {
                    Some(Overlay::ConfirmRemove(r, p, v)) => FormOp::RemovePart(r, p, v),
                    Some(Overlay::ConfirmRevert(r, seq)) => FormOp::Revert(r, seq),
                    Some(Overlay::ConfirmArchive(r)) => FormOp::Archive(r),
                    _ => return Some(Effect::None),
                };
                Some(Effect::Form(op))
            }
            Action::ForceQuit => None,
            _ => {
                app.overlay = None;
                Some(Effect::None)
            }
        };
    }
    let Some(form) = app.form.as_mut() else {
        return outside(app, action, data);
    };
    if app.overlay == Some(Overlay::ConfirmQuit) {
        return None;
    }
    if let Some(ask) = &mut form.ask {
        match (ask, action) {
            (Ask::Capacity { .. }, Action::ConfirmYes) => {
                form.ask = None;
                form.capacity_seen = true;
                return Some(Effect::Form(FormOp::Save));
            }
            (Ask::Capacity { .. }, Action::ForceQuit) => return None,
            (Ask::Capacity { .. }, _) => form.ask = None,
            (Ask::Discard, Action::ConfirmYes) => {
                app.form = None;
                sync_dirty(app);
            }
            (Ask::Discard, _) => form.ask = None,
            (Ask::Clash { .. }, Action::ForceQuit) => return None,
            // anything but m or t (keys of the question) goes back to the form
            (Ask::Clash { .. }, _) => form.ask = None,
            // the look-alikes are answered with the form's own keys: Enter
            // opens the chosen one, save saves anyway, Esc goes back
            (Ask::Duplicates { kind, candidates, selected }, a) => match a {
                Action::NextField => {
                    let id = candidates.get(*selected).map(|c| c.0);
                    if let Some(id) = id {
                        // the officer found the record: the new form is set aside
                        let kind = *kind;
                        app.form = None;
                        sync_dirty(app);
                        super::update::go_to(app, data, RecordRef::new(kind, id));
                    }
                }
                Action::Save => {
                    form.ask = None;
                    form.duplicates_seen = true;
                    return Some(Effect::Form(FormOp::Save));
                }
                Action::Cancel => form.ask = None,
                Action::ForceQuit => return None,
                _ => {}
            },
        }
        return Some(Effect::None);
    }
    match action {
        Action::NextField => {
            // in a field of several links, Tab adds the highlighted record and stays
            if !form.state.pick_more() {
                form.state.next_field();
            }
            form.check();
        }
        Action::PrevField => {
            form.state.prev_field();
            form.check();
        }
        Action::Save => {
            if form.state.conflict.is_none() && !form.state.dirty && !form.target.is_new() {
                app.form = None;
                app.info(FormMsg::NoChanges.text(app.lang));
            } else if form.prepare_save().is_some() {
                return Some(Effect::Form(FormOp::Save));
            } else {
                let n = form.state.problems.iter().map(|(i, _)| *i).collect::<std::collections::BTreeSet<_>>().len();
                let msg = fill(FormMsg::Problems.text(app.lang), &[("n", &n.to_string())]);
                app.error(msg);
            }
        }
        Action::Cancel | Action::ClearFilter => {
            if form.state.is_changed() {
                form.ask = Some(Ask::Discard);
            } else {
                app.form = None;
            }
        }
        // alt-left/right are word moves while typing
        Action::Back | Action::Forward => {
            let code = if action == Action::Back { KeyCode::Left } else { KeyCode::Right };
            form.state.key(Key::new(code, KeyModifiers::ALT), data);
        }
        Action::ExternalEditor => {
            if matches!(form.state.fields.get(form.state.focus).map(|f| &f.kind), Some(FieldKind::Multiline(_))) {
                return Some(Effect::Form(FormOp::Editor));
            }
            app.info(FormMsg::EditorNotNotes.text(app.lang));
        }
        Action::Quit | Action::ForceQuit | Action::Help | Action::Palette => {
            sync_dirty(app);
            return None;
        }
        // lists, tabs and the rest wait until the form is closed
        _ => {}
    }
    sync_dirty(app);
    Some(Effect::None)
}

/// The selectable line chosen in the details on screen, if any.
pub(crate) fn selected_line(app: &App, data: &UiData) -> Option<(RecordRef, super::data::Sel, u64)> {
    if app.focus != Focus::Detail {
        return None;
    }
    let r = selected_ref(app, data)?;
    let d = data.detail.as_ref().filter(|d| d.target == r)?;
    Some((r, d.selected(app.line()?)?, d.version))
}

/// A new referral from a client or to a stakeholder.
fn new_referral(from: RecordRef, today: NaiveDate) -> Target {
    let (client, stakeholder) = match from.kind {
        RecordKind::Client => (from.id, 0),
        _ => (0, from.id),
    };
    Target::Referral(Box::new(Referral::new(
        crate::model::ClientId(client),
        crate::model::StakeholderId(stakeholder),
        "",
        today,
    )))
}

/// Opens, archives and restores from a list or the details; in the
/// details, the selected line decides: a part of the record is edited,
/// added to or removed, a referral line edits the referral.
fn outside(app: &mut App, action: Action, data: &UiData) -> Option<Effect> {
    use super::data::Edit;
    let lang = app.lang;
    let line = selected_line(app, data);
    let names = |k: RecordKind, id: u64| row_name(data, RecordRef::new(k, id));
    match action {
        Action::NewRecord => {
            let target = match line {
                Some((r, sel, _)) => match sel.edit {
                    Some(Edit::Part(p)) => {
                        return Some(Effect::Form(FormOp::Part(r, parts::PartRef::new(p.kind))));
                    }
                    Some(Edit::Referral(_)) => new_referral(r, app.today),
                    // in a client's details, `n` refers the client to a partner
                    None | Some(Edit::Change(_) | Edit::Flag(_) | Edit::Approval(..) | Edit::Document(_))
                        if r.kind == RecordKind::Client =>
                    {
                        new_referral(r, app.today)
                    }
                    Some(
                        Edit::Change(_) | Edit::Flag(_) | Edit::Approval(..) | Edit::Document(_) | Edit::Meeting(_),
                    ) => new_of_tab(app),
                    None => new_of_tab(app),
                },
                None => match (app.focus, selected_ref(app, data)) {
                    (Focus::Detail, Some(r)) if r.kind == RecordKind::Client => new_referral(r, app.today),
                    _ => new_of_tab(app),
                },
            };
            app.form = Some(Box::new(Form::new(target, &names, app.today)));
            Some(Effect::None)
        }
        Action::EditRecord | Action::Open => {
            match line.and_then(|(r, sel, _)| sel.edit.map(|e| (r, sel, e))) {
                // Enter follows a line that leads somewhere; edit edits it
                Some((_, sel, _)) if action == Action::Open && sel.link.is_some() => None,
                Some((_, _, Edit::Referral(Some(id)))) => {
                    Some(Effect::Form(FormOp::Edit(RecordRef::new(RecordKind::Referral, id))))
                }
                Some((r, _, Edit::Referral(None))) => {
                    app.form = Some(Box::new(Form::new(new_referral(r, app.today), &names, app.today)));
                    Some(Effect::None)
                }
                Some((r, _, Edit::Part(p))) => Some(Effect::Form(FormOp::Part(r, p))),
                Some((_, _, Edit::Document(id))) => Some(Effect::OpenDocument(id)),
                Some((r, _, Edit::Meeting(n))) if action == Action::Open => {
                    Some(Effect::CheckIn(super::checkin::CheckInOp::Open(r.id, n)))
                }
                Some((r, _, Edit::Meeting(n))) => {
                    app.prompt = Some(super::app::Prompt::new(super::app::PromptKind::EditMeeting(r.id, n)));
                    Some(Effect::None)
                }
                Some((_, _, Edit::Approval(..))) => {
                    app.info(FormMsg::ApprovalHint.text(lang));
                    Some(Effect::None)
                }
                Some((_, _, Edit::Flag(_))) => {
                    app.info(FormMsg::FlagHint.text(lang));
                    Some(Effect::None)
                }
                // a change in the history is not edited: it can be reverted
                Some((_, _, Edit::Change(_))) => {
                    let key = crate::ui::keys::first_key(&app.keymap, Action::Revert, crate::action::Context::Detail)
                        .unwrap_or_else(|| "u".into());
                    app.info(fill(FormMsg::RevertHint.text(lang), &[("key", &key)]));
                    Some(Effect::None)
                }
                None if action == Action::Open => None,
                None => {
                    let Some(r) = selected_ref(app, data) else {
                        app.info(FormMsg::NothingSelected.text(lang));
                        return Some(Effect::None);
                    };
                    Some(Effect::Form(FormOp::Edit(r)))
                }
            }
        }
        Action::RequestApproval => {
            let client = selected_ref(app, data).filter(|r| r.kind == RecordKind::Client);
            match (client, line) {
                (Some(r), Some((_, sel, _))) => match sel.edit {
                    Some(Edit::Part(p))
                        if p.index.is_some()
                            && matches!(p.kind, parts::PartKind::Assessment | parts::PartKind::Litmas) =>
                    {
                        app.prompt = Some(super::app::Prompt::new(super::app::PromptKind::Request(r.id, Some(p))));
                    }
                    _ => app.info(crate::i18n::ui::Ui::RequestWhat.text(lang)),
                },
                (Some(r), None) if app.focus == Focus::Detail => {
                    app.prompt = Some(super::app::Prompt::new(super::app::PromptKind::Request(r.id, None)));
                }
                _ => app.info(crate::i18n::ui::Ui::RequestWhat.text(lang)),
            }
            Some(Effect::None)
        }
        Action::Approve | Action::Reject => {
            match line {
                Some((r, sel, _)) if matches!(sel.edit, Some(Edit::Approval(..))) => match sel.edit {
                    // told before typing a comment: the store's own rule
                    Some(Edit::Approval(_, Some(why))) => {
                        app.error(crate::ui::data::StoreError::Approval { record: r, why }.message(lang));
                    }
                    Some(Edit::Approval(id, None)) => {
                        app.prompt = Some(super::app::Prompt::new(super::app::PromptKind::Decide(
                            r.id,
                            id,
                            action == Action::Approve,
                        )));
                    }
                    _ => {}
                },
                _ => app.info(crate::i18n::ui::Ui::DecideWhat.text(lang)),
            }
            Some(Effect::None)
        }
        Action::Revert => {
            match line {
                Some((r, sel, _)) if matches!(sel.edit, Some(Edit::Change(_))) => {
                    if let Some(Edit::Change(seq)) = sel.edit {
                        app.overlay = Some(Overlay::ConfirmRevert(r, seq));
                    }
                }
                _ => app.info(FormMsg::RevertNothing.text(lang)),
            }
            Some(Effect::None)
        }
        Action::Archive | Action::Purge
            if line.is_some_and(|(_, sel, _)| matches!(sel.edit, Some(Edit::Document(_)))) =>
        {
            if let Some((_, sel, _)) = line
                && let Some(Edit::Document(id)) = sel.edit
            {
                let kind = if action == Action::Purge {
                    super::app::PromptKind::PurgeDocument(id)
                } else {
                    super::app::PromptKind::RemoveDocument(id)
                };
                app.prompt = Some(super::app::Prompt::new(kind));
            }
            Some(Effect::None)
        }
        Action::Archive if line.is_some_and(|(_, sel, _)| matches!(sel.edit, Some(Edit::Flag(_)))) => {
            if let Some((r, sel, _)) = line
                && let Some(Edit::Flag(i)) = sel.edit
            {
                app.prompt = Some(super::app::Prompt::new(super::app::PromptKind::Unflag(r.id, i)));
            }
            Some(Effect::None)
        }
        Action::Archive => {
            // a stored part selected in the details is removed from its record
            if let Some((r, sel, version)) = line
                && let Some(Edit::Part(p)) = sel.edit
                && p.index.is_some()
            {
                app.overlay = Some(Overlay::ConfirmRemove(r, p, version));
                return Some(Effect::None);
            }
            match selected_ref(app, data) {
                Some(r) if data.position(r).is_some_and(|p| data.archived_at(r.kind, p)) => {
                    app.info(fill(
                        crate::i18n::ui::Ui::LinkArchived.text(lang),
                        &[("record", &r.to_string()), ("key", "r")],
                    ));
                }
                // what depends on a partner is read first, to say what happens to it
                Some(r) if r.kind == crate::model::RecordKind::Stakeholder => {
                    return Some(Effect::Form(FormOp::AskArchive(r)));
                }
                Some(r) => app.overlay = Some(Overlay::ConfirmArchive(r)),
                None => app.info(FormMsg::NothingSelected.text(lang)),
            }
            Some(Effect::None)
        }
        Action::Purge => {
            // the selected line of the details: a part of the record, or a referral
            match line.and_then(|(r, sel, version)| sel.edit.map(|e| (r, e, version))) {
                Some((r, Edit::Part(p), version)) if p.index.is_some() => {
                    return Some(Effect::Purge(r, Some((p, version))));
                }
                Some((_, Edit::Referral(Some(id)), _)) => {
                    return Some(Effect::Purge(RecordRef::new(RecordKind::Referral, id), None));
                }
                _ => {}
            }
            match selected_ref(app, data) {
                Some(r) => Some(Effect::Purge(r, None)),
                None => {
                    app.info(FormMsg::NothingSelected.text(lang));
                    Some(Effect::None)
                }
            }
        }
        Action::Restore => {
            match selected_ref(app, data) {
                Some(r) if data.position(r).is_some_and(|p| data.archived_at(r.kind, p)) => {
                    return Some(Effect::Form(FormOp::Restore(r)));
                }
                Some(r) => app.info(fill(FormMsg::NotArchived.text(lang), &[("record", &r.to_string())])),
                None => app.info(FormMsg::NothingSelected.text(lang)),
            }
            Some(Effect::None)
        }
        _ => None,
    }
}

/// A blank record of the current tab's kind.
fn new_of_tab(app: &App) -> Target {
    match app.tab {
        crate::model::RecordKind::Stakeholder => {
            Target::Stakeholder(Box::new(Stakeholder::new("", crate::model::StakeholderKind::Government)))
        }
        crate::model::RecordKind::Event => Target::Event(Box::new(Event::new(
            "",
            crate::model::EventKind::Meeting,
            crate::model::When::Date(app.today),
        ))),
        // the client list, and any kind without a list of its own
        _ => Target::Client(Box::new(Client::new(""))),
    }
}

/// A key no action is bound to, typed into the open form; the store work
/// it asks for, if any (saving a client despite its look-alikes).
pub fn key(app: &mut App, data: &UiData, key: Key) -> Option<FormOp> {
    let form = app.form.as_mut()?;
    match &mut form.ask {
        Some(Ask::Duplicates { candidates, selected, .. }) => match key.code {
            KeyCode::Up | KeyCode::Down => {
                let way = if key.code == KeyCode::Up { Action::Up } else { Action::Down };
                *selected = crate::ui::cursor::step(*selected, way, candidates.len(), 1).unwrap_or(*selected);
            }
            KeyCode::Char('y' | 'Y') => {
                form.ask = None;
                form.duplicates_seen = true;
                return Some(FormOp::Save);
            }
            _ => {}
        },
        // mine: the form's values go over theirs; theirs: the form takes
        // their values for the fields both changed; either way it saves
        Some(Ask::Clash { fields, .. }) => match key.code {
            KeyCode::Char('m' | 'M') => {
                form.ask = None;
                return Some(FormOp::Save);
            }
            KeyCode::Char('t' | 'T') => {
                let fields = std::mem::take(fields);
                form.ask = None;
                form.take_theirs = fields.iter().map(|(i, _, _)| *i).collect();
                return Some(FormOp::Save);
            }
            _ => {}
        },
        // y / n are actions of the question; anything else is not an answer
        Some(Ask::Discard | Ask::Capacity { .. }) => {}
        None => {
            let at = form.state.focus;
            form.state.key(key, data);
            if form.state.focus == at {
                form.forget_fixed();
            } else {
                // the arrows left the field, as Tab does
                form.check();
            }
        }
    }
    sync_dirty(app);
    None
}

/// Text pasted into the open form (bracketed paste).
pub fn paste(app: &mut App, data: &UiData, text: &str) {
    let Some(form) = app.form.as_mut() else { return };
    if form.ask.is_none() {
        form.state.insert(text, data);
        form.forget_fixed();
    }
    sync_dirty(app);
}

impl Lookup for UiData {
    fn find(&self, kind: RecordKind, query: &str, limit: usize) -> Vec<(u64, String)> {
        let q = crate::search::normalize::fold(query);
        let q = q.trim();
        if q.is_empty() {
            return Vec::new();
        }
        // best: name starts with the query, then a word does, then anywhere
        let score = |names: &[&str]| -> Option<u8> {
            names
                .iter()
                .filter_map(|n| {
                    let f = crate::search::normalize::fold(n);
                    if f.starts_with(q) {
                        Some(0)
                    } else if f.split(' ').any(|w| w.starts_with(q)) {
                        Some(1)
                    } else if f.contains(q) {
                        Some(2)
                    } else {
                        None
                    }
                })
                .min()
        };
        let mut hits: Vec<(u8, u64, String)> = match kind {
            RecordKind::Client => self
                .clients
                .iter()
                .filter(|c| !c.archived)
                .filter_map(|c| score(&[c.name()]).map(|s| (s, c.id, c.name().to_string())))
                .collect(),
            RecordKind::Stakeholder => self
                .stakeholders
                .iter()
                .filter(|s| !s.archived)
                .filter_map(|s| score(&[&s.name, &s.short]).map(|k| (k, s.id, s.short.clone())))
                .collect(),
            _ => Vec::new(),
        };
        hits.sort_by(|a, b| (a.0, a.2.len(), &a.2).cmp(&(b.0, b.2.len(), &b.2)));
        hits.into_iter().take(limit).map(|(_, id, name)| (id, name)).collect()
    }
}
