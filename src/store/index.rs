//! Secondary indexes: which entries each record contributes.
//!
//! All indexes live in one tree, `index`. An entry's key is
//! `[index id][term][record kind tag][record id]` and its value is empty;
//! the term is encoded by [`super::keys`] so that a range scan over one
//! index walks its terms in order. Entries are derived from the record
//! alone, so the store can recompute them to update, check or rebuild.

use super::keys::{put_date, put_text, put_u64, read_u64};
use crate::model::{Client, Event, Participant, Record, RecordKind, RecordRef, Referral, Stakeholder, User, Who};

/// The indexes. The discriminant is the key's first byte: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndexId {
    /// Client by office (normalised name).
    ClientOffice = 1,
    /// Client by officer (normalised name).
    ClientOfficer = 2,
    /// Client by current risk category code.
    ClientRisk = 3,
    /// Client by status code.
    ClientStatus = 4,
    /// Client by NIK (for duplicates and prefix search).
    ClientNik = 5,
    /// Referral by client id.
    ReferralClient = 6,
    /// Referral by stakeholder id.
    ReferralStakeholder = 7,
    /// Event by start date.
    EventDate = 8,
    /// Event by participating client id.
    ParticipationClient = 9,
    /// Event by participating or organising stakeholder id.
    ParticipationStakeholder = 10,
    /// Any record by a record it references (`[kind][id]` of the target).
    Refs = 11,
    /// User by login name.
    UserName = 12,
}

impl IndexId {
    /// Every index.
    pub const ALL: [IndexId; 12] = [
        IndexId::ClientOffice,
        IndexId::ClientOfficer,
        IndexId::ClientRisk,
        IndexId::ClientStatus,
        IndexId::ClientNik,
        IndexId::ReferralClient,
        IndexId::ReferralStakeholder,
        IndexId::EventDate,
        IndexId::ParticipationClient,
        IndexId::ParticipationStakeholder,
        IndexId::Refs,
        IndexId::UserName,
    ];

    /// The index for a key's first byte.
    pub fn from_tag(tag: u8) -> Option<IndexId> {
        IndexId::ALL.into_iter().find(|i| *i as u8 == tag)
    }
}

/// Normalises text terms: trimmed, inner whitespace collapsed, lowercase.
pub fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Builds index keys.
pub struct Term(Vec<u8>);

impl Term {
    /// Starts a key in an index.
    pub fn new(index: IndexId) -> Term {
        Term(vec![index as u8])
    }
    /// A normalised text term.
    pub fn text(mut self, s: &str) -> Term {
        put_text(&mut self.0, &normalize(s));
        self
    }
    /// An id term.
    pub fn id(mut self, id: u64) -> Term {
        put_u64(&mut self.0, id);
        self
    }
    /// A record reference term.
    pub fn record(mut self, r: RecordRef) -> Term {
        self.0.push(r.kind.tag());
        put_u64(&mut self.0, r.id);
        self
    }
    /// A date term.
    pub fn date(mut self, d: chrono::NaiveDate) -> Term {
        put_date(&mut self.0, d);
        self
    }
    /// The prefix bytes (all entries with this term).
    pub fn prefix(self) -> Vec<u8> {
        self.0
    }
    /// The full entry key for the record that carries the term.
    pub fn entry(self, owner: RecordRef) -> Vec<u8> {
        self.record(owner).0
    }
}

/// The record an index entry belongs to (its last nine bytes).
pub fn entry_owner(key: &[u8]) -> Option<RecordRef> {
    let n = key.len();
    if n < 10 {
        return None;
    }
    let kind = RecordKind::from_tag(key[n - 9])?;
    Some(RecordRef::new(kind, read_u64(&key[n - 8..])?))
}

/// Records that contribute index entries.
pub trait Indexed: Record + crate::model::HasParts {
    /// The optional fields this program stores in the extension area
    /// (see [`super::codec`]).
    fn ext_fields() -> &'static [super::codec::ExtField<Self>] {
        &[]
    }

    /// The index entry keys of this record (sorted, without duplicates).
    fn index_keys(&self) -> Vec<Vec<u8>> {
        let me = self.record_ref();
        let mut keys: Vec<Vec<u8>> = self.terms().into_iter().map(|t| t.entry(me)).collect();
        for target in self.references() {
            keys.push(Term::new(IndexId::Refs).record(target).entry(me));
        }
        keys.sort();
        keys.dedup();
        keys
    }

    /// The terms this kind indexes, besides references.
    fn terms(&self) -> Vec<Term>;

    /// The stored summary of this record (`store::summary`), for the
    /// kinds the lists and search show.
    fn summary_value(&self) -> Option<Result<Vec<u8>, super::codec::CodecError>> {
        None
    }

    /// The fields that differ between two versions, as history keeps them
    /// (`None` when they cannot be compared).
    fn differences(old: &Self, new: &Self) -> Option<Vec<super::history::FieldChange>> {
        super::history::json_differences(old, new)
    }

    /// A field's value as JSON, by its path (or, for history written before
    /// the tables, a top-level group such as `address`).
    fn field_json(&self, name: &str) -> Option<serde_json::Value> {
        super::history::json_field(self, name)
    }

    /// Sets a field from JSON, by its path or top-level name; false when
    /// there is no such field or the value is not one of it.
    fn set_field_json(&mut self, name: &str, value: &serde_json::Value) -> bool {
        super::history::set_json_field(self, name, value)
    }

    /// Empties the fields `role` may not read (see [`crate::schema`]).
    fn redact(&mut self, role: crate::model::Role) {
        let _ = role;
    }

    /// Gives the fields `role` may not read the values they have in `old`:
    /// a record saved through that role's view changes none of them.
    fn keep_unread(&mut self, old: &Self, role: crate::model::Role) {
        let _ = (old, role);
    }

    /// The record from a stored body written in format `version`, before
    /// format 4 (positional part only); kinds whose layout changed read
    /// their older layouts here.
    fn from_stored(version: u8, body: &[u8]) -> Result<Self, super::codec::CodecError> {
        let _ = version;
        super::codec::decode_body(body)
    }
}

/// Decodes a stored record of any format this program reads.
pub fn decode_stored<R: Indexed>(bytes: &[u8]) -> Result<R, super::codec::CodecError> {
    let (version, body) = super::codec::split(bytes)?;
    if version >= super::codec::FORMAT_V4 {
        return super::codec::decode_record_body(body, R::ext_fields());
    }
    // before stable ids: each sub-record gets the id its position implies
    let mut rec = R::from_stored(version, body)?;
    rec.legacy_part_ids();
    Ok(rec)
}

/// The methods of [`Indexed`] that a kind with a field table
/// ([`crate::schema::Table`]) takes from it.
macro_rules! tabled {
    ($t:ty) => {
        fn differences(old: &Self, new: &Self) -> Option<Vec<super::history::FieldChange>> {
            Some(super::history::table_differences(old, new))
        }

        fn field_json(&self, name: &str) -> Option<serde_json::Value> {
            match <Self as crate::schema::Table>::field(name) {
                Some(f) => Some(f.cell.json(self)),
                None => super::history::json_field(self, name),
            }
        }

        fn set_field_json(&mut self, name: &str, value: &serde_json::Value) -> bool {
            match <Self as crate::schema::Table>::field(name) {
                Some(f) => f.cell.set_json(self, value),
                None => super::history::set_json_field(self, name, value),
            }
        }

        fn redact(&mut self, role: crate::model::Role) {
            crate::schema::redact(self, role);
        }

        fn keep_unread(&mut self, old: &Self, role: crate::model::Role) {
            crate::schema::keep_unread(self, old, role);
        }

        fn ext_fields() -> &'static [super::codec::ExtField<Self>] {
            static FIELDS: std::sync::OnceLock<Vec<super::codec::ExtField<$t>>> = std::sync::OnceLock::new();
            FIELDS.get_or_init(crate::schema::ext_fields::<$t>)
        }
    };
}

impl Indexed for Client {
    tabled!(Client);

    fn summary_value(&self) -> Option<Result<Vec<u8>, super::codec::CodecError>> {
        Some(super::codec::encode_summary(&super::summary::ClientSummary::of(self)))
    }

    fn from_stored(version: u8, body: &[u8]) -> Result<Self, super::codec::CodecError> {
        if version == super::codec::FORMAT_V1 {
            return super::codec::decode_body::<super::legacy::ClientV1>(body).map(Client::from);
        }
        super::codec::decode_body(body)
    }

    fn terms(&self) -> Vec<Term> {
        let mut t = vec![
            Term::new(IndexId::ClientOffice).text(&self.office),
            Term::new(IndexId::ClientOfficer).text(&self.officer),
            Term::new(IndexId::ClientStatus).text(self.status.code()),
            Term::new(IndexId::ClientRisk).text(self.risk().map(|r| r.code()).unwrap_or("")),
        ];
        if let Some(nik) = self.nik.as_deref().filter(|n| !n.trim().is_empty()) {
            t.push(Term::new(IndexId::ClientNik).text(nik));
        }
        t
    }
}

impl Indexed for Stakeholder {
    tabled!(Stakeholder);

    fn summary_value(&self) -> Option<Result<Vec<u8>, super::codec::CodecError>> {
        Some(super::codec::encode_summary(&super::summary::StakeholderSummary::of(self)))
    }

    fn terms(&self) -> Vec<Term> {
        Vec::new()
    }
}

impl Indexed for Event {
    tabled!(Event);

    fn summary_value(&self) -> Option<Result<Vec<u8>, super::codec::CodecError>> {
        Some(super::codec::encode_summary(&super::summary::EventSummary::of(self)))
    }

    fn terms(&self) -> Vec<Term> {
        let mut t = vec![Term::new(IndexId::EventDate).date(self.start.date())];
        for p in &self.participants {
            match p {
                Participant { who: Who::Client { client, .. }, .. } => {
                    t.push(Term::new(IndexId::ParticipationClient).id(client.0))
                }
                Participant { who: Who::Stakeholder { stakeholder, .. }, .. } => {
                    t.push(Term::new(IndexId::ParticipationStakeholder).id(stakeholder.0))
                }
                Participant { who: Who::Officer { .. }, .. } => {}
            }
        }
        for s in &self.organisers {
            t.push(Term::new(IndexId::ParticipationStakeholder).id(s.0));
        }
        t
    }
}

impl Indexed for Referral {
    tabled!(Referral);

    fn terms(&self) -> Vec<Term> {
        vec![
            Term::new(IndexId::ReferralClient).id(self.client.0),
            Term::new(IndexId::ReferralStakeholder).id(self.stakeholder.0),
        ]
    }
}

/// A user's officer name, in the extension area of the stored user.
struct UserOfficer;

impl super::codec::ExtValue<User> for UserOfficer {
    fn ext_encode(&self, u: &User, _: u16) -> Option<super::codec::EncodedExt> {
        (!u.officer.is_empty()).then(|| super::codec::ext_bytes(&u.officer))
    }

    fn ext_decode(&self, u: &mut User, _: u16, bytes: &[u8]) -> Result<(), super::codec::CodecError> {
        u.officer = super::codec::ext_value(bytes)?;
        Ok(())
    }
}

/// The optional fields of a stored user (tags are never reused: 16 and 17
/// are a referral's and a client's; `schema::tables` checks them all).
const USER_FIELDS: &[super::codec::ExtField<User>] = &[super::codec::ExtField { tag: 18, value: &UserOfficer }];

impl Indexed for User {
    fn ext_fields() -> &'static [super::codec::ExtField<Self>] {
        USER_FIELDS
    }

    /// The serialised fields, and the officer name (kept apart from them).
    fn differences(old: &Self, new: &Self) -> Option<Vec<super::history::FieldChange>> {
        let mut changes = super::history::json_differences(old, new)?;
        if old.officer != new.officer {
            let json = |s: &String| serde_json::Value::String(s.clone()).to_string();
            changes.push(super::history::FieldChange {
                field: "officer".into(),
                before: json(&old.officer),
                after: json(&new.officer),
                withheld: false,
            });
        }
        Some(changes)
    }

    fn from_stored(version: u8, body: &[u8]) -> Result<Self, super::codec::CodecError> {
        if version < super::codec::FORMAT_V3 {
            return super::codec::decode_body::<super::legacy::UserV2>(body).map(User::from);
        }
        super::codec::decode_body(body)
    }

    fn terms(&self) -> Vec<Term> {
        vec![Term::new(IndexId::UserName).text(&self.name)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClientId, StakeholderId};

    #[test]
    fn owner_is_read_back_from_the_key() {
        let mut c = Client::new("Budi");
        c.meta.id = 42;
        c.office = "  Bapas   MALANG ".into();
        let keys = c.index_keys();
        assert!(keys.iter().all(|k| entry_owner(k) == Some(ClientId(42).to_ref())));
        let office = Term::new(IndexId::ClientOffice).text("bapas malang").prefix();
        assert!(keys.iter().any(|k| k.starts_with(&office)), "office is normalised");
    }

    #[test]
    fn referral_references_are_indexed() {
        let mut r = Referral::new(ClientId(1), StakeholderId(2), "x", chrono::NaiveDate::MIN);
        r.meta.id = 5;
        let keys = r.index_keys();
        let refs_to_client = Term::new(IndexId::Refs).record(ClientId(1).to_ref()).prefix();
        assert!(keys.iter().any(|k| k.starts_with(&refs_to_client)));
        assert_eq!(keys.len(), 4);
    }
}
