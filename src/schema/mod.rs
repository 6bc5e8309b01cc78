//! One table per record type and per sub-record type: every field once,
//! with what the rest of the program needs to know of it.
//!
//! A line of a table ([`Field`]) names the field (its validator path, which
//! is also its name in history and in the audit log), its label in both
//! languages ([`FormMsg`]), its column in the import/export layout, how it
//! is edited and written as text ([`Kind`]), what each role may see of it
//! ([`Access`]), whether a merge lets the officer choose it, and whether it
//! lives in the extension area of the stored value (see `store::codec`, and [`ext`]).
//! Forms, import and export, merge, redaction, history and the details read
//! the tables, so an optional field is added with one struct field, one
//! line here and its two strings; renaming the struct field breaks the
//! line's accessors at compile time.
//!
//! A value is reached through typed accessors ([`Typed`]): the same two
//! closures serve reading and writing it as text (forms, files), copying
//! it (merge), emptying it (redaction), comparing it (history) and storing
//! it in the extension area.

pub mod ext;
mod keys;
mod tables;
pub mod text;

pub use keys::FormMsg;

pub use tables::{
    AGREEMENT, ASSESSMENT, CLIENT, CONTACT, EVENT, FOLLOW_UP, LITMAS, REFERRAL, REPORTING, SESSION, STAKEHOLDER,
};
pub use text::{Kind, Text};

use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};

use crate::model::{Role, input::DateError};
use ext::{CodecError, EncodedExt};

/// What a role sees of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The value.
    Shown,
    /// That there is a value, not what it is: shown as *withheld*, matched
    /// by no search, written by no export.
    Withheld,
    /// Nothing: the field is not named at all (emptied as a withheld one).
    Hidden,
}

/// What each role sees of a field; admins and officers see every field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// Partner staff (clients referred to them who consented).
    pub partner: Seen,
    /// Viewers.
    pub viewer: Seen,
}

impl Access {
    /// Every role sees it.
    pub const OPEN: Access = Access { partner: Seen::Shown, viewer: Seen::Shown };
    /// Only admins and officers see it.
    pub const SENSITIVE: Access = Access { partner: Seen::Withheld, viewer: Seen::Withheld };

    /// What `role` sees.
    pub const fn of(self, role: Role) -> Seen {
        match role {
            Role::Admin | Role::Officer => Seen::Shown,
            Role::Partner => self.partner,
            Role::Viewer => self.viewer,
        }
    }
}

/// Why a text is not a value of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Not a date.
    Date(DateError),
    /// Not one of the codes.
    NotOneOf(String),
    /// Not a whole number.
    Number,
}

/// One field's value, reached through the record: read and written as
/// text, copied, emptied, compared and stored. Implemented by [`Typed`].
pub trait Cell<R>: ext::ExtValue<R> + Sync {
    /// How it is edited and written.
    fn kind(&self) -> Kind;
    /// The value as text: what a form shows and a file holds.
    fn get(&self, r: &R) -> String;
    /// Sets the value from text (`today` for relative dates in forms).
    fn set(&self, r: &mut R, text: &str, today: NaiveDate) -> Result<(), Invalid>;
    /// Puts `from`'s value into `to`.
    fn copy(&self, to: &mut R, from: &R);
    /// Empties the value (the type's default).
    fn clear(&self, r: &mut R);
    /// Whether two records hold the same value.
    fn same(&self, a: &R, b: &R) -> bool;
    /// Whether the value is empty (the type's default).
    fn is_empty(&self, r: &R) -> bool;
    /// The value as JSON (history, revert).
    fn json(&self, r: &R) -> serde_json::Value;
    /// Sets the value from JSON; false when it is not one.
    fn set_json(&self, r: &mut R, v: &serde_json::Value) -> bool;
    /// For a list of sub-records, the tags of its items' optional fields,
    /// which it stores in the record's extension area ([`PartList`]).
    fn part_tags(&self) -> Vec<u16> {
        Vec::new()
    }
}

/// A field of type `T` reached by two accessors, written as text by `text`.
pub struct Typed<R: 'static, T: 'static> {
    /// The value.
    pub get: fn(&R) -> &T,
    /// The value, to change it.
    pub get_mut: fn(&mut R) -> &mut T,
    /// Its text form.
    pub text: &'static dyn Text<T>,
}

impl<R, T> Cell<R> for Typed<R, T>
where
    T: Clone + PartialEq + Default + Serialize + DeserializeOwned + 'static,
{
    fn kind(&self) -> Kind {
        self.text.kind()
    }

    fn get(&self, r: &R) -> String {
        self.text.format((self.get)(r))
    }

    fn set(&self, r: &mut R, text: &str, today: NaiveDate) -> Result<(), Invalid> {
        let v = self.text.parse(text, today)?;
        *(self.get_mut)(r) = v;
        Ok(())
    }

    fn copy(&self, to: &mut R, from: &R) {
        *(self.get_mut)(to) = (self.get)(from).clone();
    }

    fn clear(&self, r: &mut R) {
        *(self.get_mut)(r) = T::default();
    }

    fn same(&self, a: &R, b: &R) -> bool {
        (self.get)(a) == (self.get)(b)
    }

    fn is_empty(&self, r: &R) -> bool {
        *(self.get)(r) == T::default()
    }

    fn json(&self, r: &R) -> serde_json::Value {
        serde_json::to_value((self.get)(r)).unwrap_or(serde_json::Value::Null)
    }

    fn set_json(&self, r: &mut R, v: &serde_json::Value) -> bool {
        match serde_json::from_value::<T>(v.clone()) {
            Ok(v) => {
                *(self.get_mut)(r) = v;
                true
            }
            Err(_) => false,
        }
    }
}

impl<R, T> ext::ExtValue<R> for Typed<R, T>
where
    T: Clone + PartialEq + Default + Serialize + DeserializeOwned + 'static,
{
    fn ext_encode(&self, r: &R, _: u16) -> Option<EncodedExt> {
        (*(self.get)(r) != T::default()).then(|| ext::ext_bytes((self.get)(r)))
    }

    fn ext_decode(&self, r: &mut R, _: u16, bytes: &[u8]) -> Result<(), CodecError> {
        *(self.get_mut)(r) = ext::ext_value(bytes)?;
        Ok(())
    }
}

/// A list of sub-records as a field of its record, for a list whose
/// items' table has optional fields (`.ext` lines): counted as text, never
/// typed in, as the other lists; and each such field of its items is
/// kept with the record: stored in the record's extension area under the
/// field's tag, one value per item in list order (an item without one
/// holds none), and written into each item's JSON by its name (history,
/// revert), where an item without one has no such key, as before the field
/// existed.
pub struct PartList<R: 'static, P: 'static> {
    /// The list.
    pub get: fn(&R) -> &Vec<P>,
    /// The list, to change it.
    pub get_mut: fn(&mut R) -> &mut Vec<P>,
}

impl<R, P> PartList<R, P>
where
    P: Table + Clone + PartialEq + Serialize + DeserializeOwned,
{
    /// The items' optional fields.
    fn ext_fields() -> impl Iterator<Item = &'static Field<P>> {
        P::fields().iter().filter(|f| f.ext.is_some())
    }

    fn ext_field(tag: u16) -> Option<&'static Field<P>> {
        Self::ext_fields().find(|f| f.ext == Some(tag))
    }
}

impl<R, P> Cell<R> for PartList<R, P>
where
    P: Table + Clone + PartialEq + Serialize + DeserializeOwned,
{
    fn kind(&self) -> Kind {
        Kind::Parts
    }

    fn get(&self, r: &R) -> String {
        (self.get)(r).len().to_string()
    }

    fn set(&self, _: &mut R, _: &str, _: NaiveDate) -> Result<(), Invalid> {
        Err(Invalid::Number)
    }

    fn copy(&self, to: &mut R, from: &R) {
        *(self.get_mut)(to) = (self.get)(from).clone();
    }

    fn clear(&self, r: &mut R) {
        (self.get_mut)(r).clear();
    }

    fn same(&self, a: &R, b: &R) -> bool {
        (self.get)(a) == (self.get)(b)
    }

    fn is_empty(&self, r: &R) -> bool {
        (self.get)(r).is_empty()
    }

    fn json(&self, r: &R) -> serde_json::Value {
        let items = (self.get)(r).iter().map(|p| {
            let mut v = serde_json::to_value(p).unwrap_or(serde_json::Value::Null);
            if let serde_json::Value::Object(o) = &mut v {
                for f in Self::ext_fields().filter(|f| !f.cell.is_empty(p)) {
                    o.insert(f.name.to_string(), f.cell.json(p));
                }
            }
            v
        });
        serde_json::Value::Array(items.collect())
    }

    fn set_json(&self, r: &mut R, v: &serde_json::Value) -> bool {
        let serde_json::Value::Array(items) = v else { return false };
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            let Ok(mut p) = serde_json::from_value::<P>(item.clone()) else { return false };
            for f in Self::ext_fields() {
                if let Some(x) = item.get(f.name)
                    && !f.cell.set_json(&mut p, x)
                {
                    return false;
                }
            }
            list.push(p);
        }
        *(self.get_mut)(r) = list;
        true
    }

    fn part_tags(&self) -> Vec<u16> {
        Self::ext_fields().filter_map(|f| f.ext).collect()
    }
}

impl<R, P> ext::ExtValue<R> for PartList<R, P>
where
    P: Table + Clone + PartialEq + Serialize + DeserializeOwned,
{
    fn ext_encode(&self, r: &R, tag: u16) -> Option<EncodedExt> {
        let f = Self::ext_field(tag)?;
        let values: Result<Vec<Option<Vec<u8>>>, CodecError> =
            (self.get)(r).iter().map(|p| f.cell.ext_encode(p, tag).transpose()).collect();
        match values {
            Ok(v) if v.iter().all(Option::is_none) => None,
            Ok(v) => Some(ext::ext_bytes(&v)),
            Err(e) => Some(Err(e)),
        }
    }

    fn ext_decode(&self, r: &mut R, tag: u16, bytes: &[u8]) -> Result<(), CodecError> {
        let Some(f) = Self::ext_field(tag) else { return Ok(()) };
        let values: Vec<Option<Vec<u8>>> = ext::ext_value(bytes)?;
        let items = (self.get_mut)(r);
        if values.len() != items.len() {
            return Err(CodecError::Decode(format!(
                "the {} of {} items do not match the {} items of their list",
                f.name,
                values.len(),
                items.len()
            )));
        }
        for (p, v) in items.iter_mut().zip(values) {
            if let Some(b) = v {
                f.cell.ext_decode(p, tag, &b)?;
            }
        }
        Ok(())
    }
}

/// One line of a record's or sub-record's table.
pub struct Field<R: 'static> {
    /// The field's path: what the validators, history, audit and merge call it.
    pub name: &'static str,
    /// Its label in both languages.
    pub label: FormMsg,
    /// Its column in the import/export layout, if it has one.
    pub column: Option<&'static str>,
    /// Its value.
    pub cell: &'static dyn Cell<R>,
    /// What each role sees of it.
    pub access: Access,
    /// A merge lets the officer take it from either record.
    pub merge: bool,
    /// The record's form shows it.
    pub form: bool,
    /// A form may not leave it empty.
    pub required: bool,
    /// The form shows it only while the choice field `.0` holds `.1`.
    pub shown_when: Option<(&'static str, &'static str)>,
    /// The details show it on a line of its own (else it is part of a
    /// line written for several fields, or not shown).
    pub own_line: bool,
    /// Its tag in the extension area of the stored value, for a field
    /// added after the positional layout was fixed (16 and up, never reused).
    pub ext: Option<u16>,
}

impl<R> Field<R> {
    /// A field every role sees, on the form and in the details, with no column.
    pub const fn new(name: &'static str, label: FormMsg, cell: &'static dyn Cell<R>) -> Field<R> {
        Field {
            name,
            label,
            column: None,
            cell,
            access: Access::OPEN,
            merge: false,
            form: true,
            required: false,
            shown_when: None,
            own_line: true,
            ext: None,
        }
    }

    /// Its column in the import/export layout.
    pub const fn column(mut self, column: &'static str) -> Self {
        self.column = Some(column);
        self
    }

    /// Withheld from partners and viewers.
    pub const fn sensitive(mut self) -> Self {
        self.access = Access::SENSITIVE;
        self
    }

    /// What each role sees.
    pub const fn access(mut self, access: Access) -> Self {
        self.access = access;
        self
    }

    /// Offered by a merge.
    pub const fn merge(mut self) -> Self {
        self.merge = true;
        self
    }

    /// Required on the form.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Not on the record's form (edited elsewhere, or derived).
    pub const fn no_form(mut self) -> Self {
        self.form = false;
        self
    }

    /// Shown on the form only while the choice `field` holds `code`.
    pub const fn shown_when(mut self, field: &'static str, code: &'static str) -> Self {
        self.shown_when = Some((field, code));
        self
    }

    /// Part of a line of the details written for several fields.
    pub const fn in_summary(mut self) -> Self {
        self.own_line = false;
        self
    }

    /// Stored in the extension area under `tag`.
    pub const fn ext(mut self, tag: u16) -> Self {
        self.ext = Some(tag);
        self
    }
}

/// A type described by a table.
pub trait Table: Sized + 'static {
    /// Every field, in form order.
    fn fields() -> &'static [Field<Self>];

    /// The field of a path.
    fn field(name: &str) -> Option<&'static Field<Self>> {
        Self::fields().iter().find(|f| f.name == name)
    }
}

/// Calls `$f::<R>($args…)` with the table type of a record kind, or gives
/// `$user` for users (which have no field table).
macro_rules! by_kind {
    ($kind:expr, $f:ident($($arg:expr),*), $user:expr) => {{
        use crate::model::{Client, Event, RecordKind, Referral, Stakeholder};
        match $kind {
            RecordKind::Client => $f::<Client>($($arg),*),
            RecordKind::Stakeholder => $f::<Stakeholder>($($arg),*),
            RecordKind::Event => $f::<Event>($($arg),*),
            RecordKind::Referral => $f::<Referral>($($arg),*),
            RecordKind::User => $user,
        }
    }};
}

/// The fields a role sees withheld, by path.
pub fn withheld<R: Table>(role: Role) -> impl Iterator<Item = &'static Field<R>> {
    R::fields().iter().filter(move |f| f.access.of(role) == Seen::Withheld)
}

/// The paths of a kind's fields withheld from a role.
pub fn withheld_names(kind: crate::model::RecordKind, role: Role) -> Vec<&'static str> {
    fn names<R: Table>(role: Role) -> Vec<&'static str> {
        withheld::<R>(role).map(|f| f.name).collect()
    }
    by_kind!(kind, names(role), Vec::new())
}

/// The label of a kind's field, by its path; `None` for a name no table
/// holds (history written before the tables named groups such as `address`).
pub fn label_key(kind: crate::model::RecordKind, name: &str) -> Option<FormMsg> {
    fn of<R: Table>(name: &str) -> Option<FormMsg> {
        R::field(name).map(|f| f.label)
    }
    by_kind!(kind, of(name), None)
}

/// Whether `role` reads a kind's field, by its path (a path no table has:
/// whether the role reads every field of the kind).
pub fn sees(kind: crate::model::RecordKind, role: Role, path: &str) -> bool {
    fn of<R: Table>(role: Role, path: &str) -> bool {
        R::field(path).map_or_else(
            || R::fields().iter().all(|f| f.access.of(role) == Seen::Shown),
            |f| f.access.of(role) == Seen::Shown,
        )
    }
    by_kind!(kind, of(role, path), role == Role::Admin)
}

/// Whether `role` reads what an export column of a kind holds (`risk` and
/// `rri` come from the assessments; a column of no field, such as an id: yes).
pub fn reads_column(kind: crate::model::RecordKind, role: Role, column: &str) -> bool {
    fn of<R: Table>(role: Role, column: &str) -> bool {
        let field = match column {
            "risk" | "rri" => R::field("assessments"),
            "missed" | "compliance" => R::field("reporting_register"),
            _ => R::fields().iter().find(|f| f.column == Some(column)),
        };
        field.is_none_or(|f| f.access.of(role) == Seen::Shown)
    }
    by_kind!(kind, of(role, column), role == Role::Admin)
}

/// Whether `name`, a field's path or a group of fields (`address`), is
/// among the withheld `names`.
pub fn is_withheld(names: &[&str], name: &str) -> bool {
    names.iter().any(|w| *w == name || w.strip_prefix(name).is_some_and(|rest| rest.starts_with('.')))
}

/// Empties every field `role` may not read (withheld or hidden).
pub fn redact<R: Table>(r: &mut R, role: Role) {
    for f in R::fields().iter().filter(|f| f.access.of(role) != Seen::Shown) {
        f.cell.clear(r);
    }
}

/// Gives every field `role` may not read (withheld or hidden) the value
/// it has in `old`.
pub fn keep_unread<R: Table>(new: &mut R, old: &R, role: Role) {
    for f in R::fields().iter().filter(|f| f.access.of(role) != Seen::Shown) {
        f.cell.copy(new, old);
    }
}

/// One field's values around a change, as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The field's path.
    pub name: &'static str,
    /// Its value before.
    pub before: String,
    /// Its value after.
    pub after: String,
}

/// The fields whose values differ between two versions of a record.
pub fn diff<R: Table>(old: &R, new: &R) -> Vec<Difference> {
    R::fields()
        .iter()
        .filter(|f| !f.cell.same(old, new))
        .map(|f| Difference { name: f.name, before: f.cell.json(old).to_string(), after: f.cell.json(new).to_string() })
        .collect()
}

/// The extension-area fields of a table, for `store::codec`: its own
/// optional fields and its sub-records' (stored by their lists).
pub fn ext_fields<R: Table>() -> Vec<ext::ExtField<R>> {
    R::fields()
        .iter()
        .flat_map(|f| f.ext.into_iter().chain(f.cell.part_tags()).map(|tag| ext::ExtField { tag, value: f.cell }))
        .collect()
}

#[cfg(test)]
mod tests;
