//! A form that was open, with changes, when its session was ended from
//! outside (the server stopped, the connection or terminal went away): its
//! input is kept in the user's preferences and offered, not saved, when
//! they next open simpul. Saving it then goes through the usual checks,
//! and through the merge of a record someone else saved meanwhile.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::parts::PartRef;
use super::{FieldKind, Form, Target};
use crate::model::{Client, Event, RecordKind, Referral, Stakeholder};
use crate::ui::input::TextInput;

/// The preference holding a user's draft (`None` once offered).
pub const PREF_DRAFT: &str = "form_draft";

/// A form's input, to open the same form again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Draft {
    /// The record as the form read it (its version: a save after someone
    /// else's is merged as any late save is).
    target: Record,
    /// The part of it the form edits, if one.
    part: Option<PartRef>,
    /// Each field's input, by key.
    fields: Vec<(String, Value)>,
    /// The role (and partner) it was typed under: a login of the same name
    /// with another role (the OS user at the machine, an ssh user) is not
    /// offered what this one could read.
    by: Option<(crate::model::Role, Option<crate::model::StakeholderId>)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Record {
    Client(Box<Client>),
    Stakeholder(Box<Stakeholder>),
    Event(Box<Event>),
    Referral(Box<Referral>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Value {
    Text(String),
    Choice(String),
    Set(Vec<String>),
    Link(Option<(u64, String)>, String),
    Links(Vec<(u64, String)>, String),
}

impl Draft {
    /// The input of `form`, when it holds any change.
    pub fn of(form: &Form) -> Option<Draft> {
        if !form.state.is_changed() {
            return None;
        }
        let target = match &form.target {
            Target::Client(r) => Record::Client(r.clone()),
            Target::Stakeholder(r) => Record::Stakeholder(r.clone()),
            Target::Event(r) => Record::Event(r.clone()),
            Target::Referral(r) => Record::Referral(r.clone()),
        };
        let fields = form
            .state
            .fields
            .iter()
            .map(|f| {
                let v = match &f.kind {
                    FieldKind::Text(t) | FieldKind::Multiline(t) | FieldKind::List(t) => Value::Text(t.value.clone()),
                    FieldKind::Date { input, .. } => Value::Text(input.value.clone()),
                    FieldKind::Choice { options, selected, .. } => {
                        Value::Choice(options.get(*selected).map_or_else(String::new, |c| (*c).to_string()))
                    }
                    FieldKind::Set { options, chosen, .. } => Value::Set(
                        options.iter().zip(chosen).filter(|(_, on)| **on).map(|(c, _)| (*c).to_string()).collect(),
                    ),
                    FieldKind::Link { input, picked, .. } => Value::Link(picked.clone(), input.value.clone()),
                    FieldKind::Links { input, picked, .. } => Value::Links(picked.clone(), input.value.clone()),
                };
                (f.key.to_string(), v)
            })
            .collect();
        Some(Draft { target, part: form.part, fields, by: None })
    }

    /// The draft, marked as typed by `actor`.
    pub fn by(mut self, actor: &crate::ui::data::Actor) -> Draft {
        self.by = Some((actor.role, actor.stakeholder));
        self
    }

    /// Whether `actor` may be offered it: typed under the same role (and partner).
    pub fn is_for(&self, actor: &crate::ui::data::Actor) -> bool {
        self.by == Some((actor.role, actor.stakeholder))
    }

    /// What kind of record the draft edits.
    pub fn kind(&self) -> RecordKind {
        match self.target {
            Record::Client(_) => RecordKind::Client,
            Record::Stakeholder(_) => RecordKind::Stakeholder,
            Record::Event(_) => RecordKind::Event,
            Record::Referral(_) => RecordKind::Referral,
        }
    }

    /// The form again, its fields as they were left (changed, not saved).
    pub fn into_form(self, names: &dyn Fn(RecordKind, u64) -> Option<String>, today: NaiveDate) -> Form {
        let target = match self.target {
            Record::Client(r) => Target::Client(r),
            Record::Stakeholder(r) => Target::Stakeholder(r),
            Record::Event(r) => Target::Event(r),
            Record::Referral(r) => Target::Referral(r),
        };
        let mut form = match self.part {
            Some(p) => Form::new_part(target, p, names, today),
            None => Form::new(target, names, today),
        };
        for (key, value) in self.fields {
            let Some(i) = form.state.index(&key) else { continue };
            let Some(field) = form.state.fields.get_mut(i) else { continue };
            match (&mut field.kind, value) {
                (
                    FieldKind::Text(t)
                    | FieldKind::Multiline(t)
                    | FieldKind::List(t)
                    | FieldKind::Date { input: t, .. },
                    Value::Text(v),
                ) => *t = TextInput::new(&v),
                (FieldKind::Choice { options, selected, .. }, Value::Choice(code)) => {
                    if let Some(p) = options.iter().position(|o| *o == code) {
                        *selected = p;
                    }
                }
                (FieldKind::Set { options, chosen, .. }, Value::Set(codes)) => {
                    for (o, on) in options.iter().zip(chosen.iter_mut()) {
                        *on = codes.iter().any(|c| c == o);
                    }
                }
                (FieldKind::Link { input, picked, .. }, Value::Link(p, typed)) => {
                    *picked = p;
                    *input = TextInput::new(&typed);
                }
                (FieldKind::Links { input, picked, .. }, Value::Links(p, typed)) => {
                    *picked = p;
                    *input = TextInput::new(&typed);
                }
                // a field whose kind changed since (a newer program): left as the record has it
                _ => {}
            }
        }
        form.state.dirty = true;
        form.state.touched = vec![true; form.state.fields.len()];
        form
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    #[test]
    fn a_draft_opens_the_same_form_with_the_input_as_it_was_left() {
        let mut c = Client::new("Siti Aminah");
        c.meta.id = 7;
        c.meta.version = 3;
        let mut form = Form::new(Target::Client(Box::new(c)), &|_, _| None, today());
        assert!(Draft::of(&form).is_none(), "an unchanged form leaves no draft");
        form.state.set_value("full_name", "Siti Aminah Rahayu");
        form.state.set_value("birth_date", "31/02/19");
        form.state.set_choice("gender", "P");
        let officer = crate::ui::data::Actor::new("siti", crate::model::Role::Officer);
        let draft = Draft::of(&form).unwrap().by(&officer);
        let mut partner = crate::ui::data::Actor::new("siti", crate::model::Role::Partner);
        partner.stakeholder = Some(crate::model::StakeholderId(6));
        assert!(draft.is_for(&officer) && !draft.is_for(&partner), "not offered to another role of the same name");
        assert!(!Draft::of(&form).unwrap().is_for(&officer), "a draft that says not whose is offered to no one");
        // through the preferences' encoding
        let bytes = crate::store::codec::encode(&Some(draft)).unwrap();
        let back: Option<Draft> = crate::store::codec::decode(&bytes).unwrap();
        let again = back.unwrap().into_form(&|_, _| None, today());
        assert_eq!(again.state.values(), form.state.values(), "every field, a half-typed date too");
        assert_eq!(again.state.value("full_name"), "Siti Aminah Rahayu");
        assert_eq!(again.state.value("birth_date"), "31/02/19");
        assert_ne!(again.state.values(), Form::new(again.target.clone(), &|_, _| None, today()).state.values());
        assert_eq!(again.target.meta().version, 3, "saved against the version it was read at");
        assert!(again.state.is_changed() && again.state.dirty);
    }
}
