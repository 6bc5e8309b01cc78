//! A record's form is its field table ([`crate::schema`]): the lines marked
//! for the form, in table order, each edited as its kind says, and read
//! back through the same cells. What the table cannot say is here: a
//! client's phase change is logged, a referral's status moves through its
//! transitions with a note.
//!
//! Field keys are the validators' paths, so `validate::client` problems land
//! on the right field without a mapping table. Parts a form does not show
//! (history, sessions …) are carried over from the record as it was read.

use chrono::NaiveDate;

use super::{Field, FormState, Issue, Target};
use crate::i18n::form::FormMsg;
use crate::model::*;
use crate::schema::Table;

/// Codes of a vocabulary, in display order.
macro_rules! codes {
    ($t:ty) => {
        <$t>::ALL.iter().map(|v| v.code()).collect::<Vec<&'static str>>()
    };
}
pub(super) use codes;

/// A label function for a vocabulary from its `i18n` labeller.
macro_rules! labeller {
    ($t:ty, $f:path) => {
        |lang: Lang, code: &str| <$t>::from_code(code).map_or("?", |v| $f(lang, v))
    };
}
pub(super) use labeller;

/// The fields of a form over `target`; `name` names linked records.
pub fn fields(target: &Target, name: &dyn Fn(RecordKind, u64) -> Option<String>) -> Vec<Field> {
    match target {
        Target::Client(c) => table_fields(&**c, name),
        Target::Stakeholder(s) => table_fields(&**s, name),
        Target::Event(e) => table_fields(&**e, name),
        Target::Referral(r) => {
            let mut fields = table_fields(&**r, name);
            // a status moves with a note, which the record keeps in its history
            let at = fields.iter().position(|f| f.key == "status").map_or(fields.len(), |i| i + 1);
            fields.insert(at, Field::text("status_note", FormMsg::StatusNote, ""));
            fields
        }
    }
}

/// The widgets of a table's form lines over a record.
pub(super) fn table_fields<R: Table>(r: &R, name: &dyn Fn(RecordKind, u64) -> Option<String>) -> Vec<Field> {
    R::fields().iter().filter(|f| f.form).map(|f| Field::of(f, r, name)).collect()
}

/// Reads the fields back, collecting what cannot be read.
pub(super) struct Reader<'a> {
    pub(super) state: &'a FormState,
    pub(super) today: NaiveDate,
    pub(super) issues: Vec<(usize, Issue)>,
}

impl Reader<'_> {
    pub(super) fn at(&self, key: &str) -> usize {
        self.state.index(key).unwrap_or(0)
    }

    /// Trimmed text.
    pub(super) fn text(&self, key: &str) -> String {
        self.state.value(key).trim().to_string()
    }

    pub(super) fn link(&mut self, key: &str, required: bool) -> Option<u64> {
        let picked = self.state.picked(key);
        let typed = self.text(key);
        if picked.is_none() && (required || !typed.is_empty()) {
            let i = self.at(key);
            self.issues.push((i, if typed.is_empty() { Issue::NotPicked } else { Issue::NoMatch(typed) }));
        }
        picked
    }

    /// Sets every form line of `R`'s table but those in `skip` from the
    /// fields of the same key, collecting what cannot be read.
    pub(super) fn table<R: Table>(&mut self, rec: &mut R, skip: &[&str]) {
        use crate::schema::{Invalid, Kind as K};
        for def in R::fields().iter().filter(|f| f.form && !skip.contains(&f.name)) {
            let Some(i) = self.state.index(def.name) else { continue };
            let text = match def.cell.kind() {
                K::Choice(_) => self.state.choice(def.name).unwrap_or_default().to_string(),
                K::Set(_) => self.state.chosen(def.name).join("|"),
                K::Link(kind) => {
                    self.link(def.name, def.required).map(|id| RecordRef::new(kind, id).to_string()).unwrap_or_default()
                }
                K::Links(kind) => self
                    .state
                    .picked_many(def.name)
                    .into_iter()
                    .map(|id| RecordRef::new(kind, id).to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
                _ => self.state.value(def.name).to_string(),
            };
            if def.required && text.trim().is_empty() {
                if !matches!(def.cell.kind(), K::Link(_)) {
                    self.issues.push((i, Issue::Problem(ProblemKind::Required)));
                }
                continue;
            }
            match def.cell.set(rec, &text, self.today) {
                Ok(()) => {}
                Err(Invalid::Date(e)) => self.issues.push((i, Issue::Date(e))),
                Err(Invalid::Number) => self.issues.push((i, Issue::Number)),
                Err(Invalid::NotOneOf(valid)) => self.issues.push((i, Issue::NotOneOf(valid))),
            }
        }
    }
}

/// The record the fields describe, built on the one read, and the values
/// that could not be read.
pub fn apply(
    state: &FormState,
    target: &Target,
    part: Option<super::parts::PartRef>,
    today: NaiveDate,
) -> (Target, Vec<(usize, Issue)>) {
    let mut r = Reader { state, today, issues: Vec::new() };
    if let Some(part) = part {
        let out = super::parts::apply(&mut r, target, part);
        return (out, r.issues);
    }
    let out = match target {
        Target::Client(base) => {
            let mut c = (**base).clone();
            r.table(&mut c, &[]);
            if c.phase != base.phase {
                c.phase_history.push(PhaseChange { phase: c.phase, date: today });
            }
            Target::Client(Box::new(c))
        }
        Target::Stakeholder(base) => {
            let mut s = (**base).clone();
            r.table(&mut s, &[]);
            Target::Stakeholder(Box::new(s))
        }
        Target::Event(base) => {
            let mut e = (**base).clone();
            r.table(&mut e, &[]);
            Target::Event(Box::new(e))
        }
        Target::Referral(base) => {
            let mut f = (**base).clone();
            r.table(&mut f, &["status"]);
            if let Some(to) = state.choice("status").and_then(ReferralStatus::from_code)
                && let Err(e) = f.move_to(to, today, r.text("status_note"))
            {
                let i = r.at("status");
                r.issues.push((i, Issue::Transition(e)));
            }
            Target::Referral(Box::new(f))
        }
    };
    (out, r.issues)
}
