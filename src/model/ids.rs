//! Record identities and the metadata every record carries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The kinds of stored record. The discriminant is part of the key layout of
/// the store, so values must never be renumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKind {
    /// A client (klien).
    Client = 1,
    /// A stakeholder (pemangku kepentingan).
    Stakeholder = 2,
    /// An event (kegiatan).
    Event = 3,
    /// A referral of a client to a stakeholder.
    Referral = 4,
    /// A user of the program.
    User = 5,
}

impl std::str::FromStr for RecordKind {
    type Err = String;
    /// A listed kind (see [`RecordKind::parse_listed`]), for the command line.
    fn from_str(s: &str) -> Result<Self, String> {
        RecordKind::parse_listed(s).ok_or_else(|| "clients, stakeholders, events".to_string())
    }
}

impl RecordKind {
    /// Every kind, in store order.
    pub const ALL: [RecordKind; 5] =
        [RecordKind::Client, RecordKind::Stakeholder, RecordKind::Event, RecordKind::Referral, RecordKind::User];

    /// The kinds listed in tabs, searched and exchanged as files, in that order.
    pub const LISTED: [RecordKind; 3] = [RecordKind::Client, RecordKind::Stakeholder, RecordKind::Event];

    /// A listed kind by its name: `clients`, `stakeholders`, `events`
    /// (also singular, and `klien`, `mitra`, `kegiatan`).
    pub fn parse_listed(s: &str) -> Option<RecordKind> {
        match s.trim().to_lowercase().as_str() {
            "clients" | "client" | "klien" => Some(RecordKind::Client),
            "stakeholders" | "stakeholder" | "mitra" => Some(RecordKind::Stakeholder),
            "events" | "event" | "kegiatan" => Some(RecordKind::Event),
            _ => None,
        }
    }

    /// Its position in [`RecordKind::LISTED`] (0 for a kind not listed).
    pub fn listed_index(self) -> usize {
        RecordKind::LISTED.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// The letter that prefixes ids of this kind (K-000123).
    pub const fn prefix(self) -> char {
        match self {
            RecordKind::Client => 'K',
            RecordKind::Stakeholder => 'S',
            RecordKind::Event => 'E',
            RecordKind::Referral => 'R',
            RecordKind::User => 'U',
        }
    }

    /// Stable lowercase name (tree names, CLI arguments, audit entries).
    pub const fn name(self) -> &'static str {
        match self {
            RecordKind::Client => "clients",
            RecordKind::Stakeholder => "stakeholders",
            RecordKind::Event => "events",
            RecordKind::Referral => "referrals",
            RecordKind::User => "users",
        }
    }

    /// The byte used for this kind in keys.
    pub const fn tag(self) -> u8 {
        self as u8
    }

    /// The kind for a key byte.
    pub fn from_tag(tag: u8) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.tag() == tag)
    }

    /// The kind for a prefix letter (case-insensitive).
    pub fn from_prefix(c: char) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.prefix() == c.to_ascii_uppercase())
    }
}

/// A reference to any record: its kind and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordRef {
    /// Which kind of record.
    pub kind: RecordKind,
    /// Its number within the kind.
    pub id: u64,
}

impl RecordRef {
    /// Builds a reference.
    pub const fn new(kind: RecordKind, id: u64) -> Self {
        RecordRef { kind, id }
    }

    /// Parses `K-000123`, `k-123` or `K123`.
    pub fn parse(s: &str) -> Option<RecordRef> {
        let s = s.trim();
        let mut chars = s.chars();
        let kind = RecordKind::from_prefix(chars.next()?)?;
        let rest = chars.as_str();
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let id = digits.parse().ok()?;
        Some(RecordRef { kind, id })
    }
}

impl std::fmt::Display for RecordRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:06}", self.kind.prefix(), self.id)
    }
}

/// Declares a typed id for one record kind.
macro_rules! typed_id {
    ($(#[$m:meta])* $name:ident, $kind:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        pub struct $name(pub u64);

        impl $name {
            /// The kind of record this id names.
            pub const KIND: RecordKind = $kind;

            /// This id as an untyped reference.
            pub const fn to_ref(self) -> RecordRef {
                RecordRef::new($kind, self.0)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.to_ref().fmt(f)
            }
        }

        impl From<$name> for RecordRef {
            fn from(id: $name) -> RecordRef {
                id.to_ref()
            }
        }
    };
}

typed_id!(
    /// Id of a client, shown as `K-000123`.
    ClientId,
    RecordKind::Client
);
typed_id!(
    /// Id of a stakeholder, shown as `S-000123`.
    StakeholderId,
    RecordKind::Stakeholder
);
typed_id!(
    /// Id of an event, shown as `E-000123`.
    EventId,
    RecordKind::Event
);
typed_id!(
    /// Id of a referral, shown as `R-000123`.
    ReferralId,
    RecordKind::Referral
);
typed_id!(
    /// Id of a user, shown as `U-000123`.
    UserId,
    RecordKind::User
);

/// The id of a sub-record (an assessment, a session, a contact, a
/// participant …): unique within its record, kept through edits, merges,
/// exports and imports, never reused. 0 is a new sub-record, which the
/// store gives the next free id when the record is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartId(pub u32);

impl PartId {
    /// A sub-record not yet written.
    pub const NEW: PartId = PartId(0);

    /// Whether the store has given it an id yet.
    pub fn is_new(self) -> bool {
        self == PartId::NEW
    }
}

/// What every record carries besides its own fields.
///
/// `id` and `version` are assigned by the store: a new record has id 0 and
/// version 0 until it is created; each saved change increments `version`,
/// which is how a stale edit is detected (optimistic concurrency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Number within the record kind (0 before creation).
    pub id: u64,
    /// Incremented by every saved change.
    pub version: u64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Who created it.
    pub created_by: String,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Who last changed it.
    pub updated_by: String,
    /// Archived records are hidden by default but kept.
    pub archived: bool,
    /// The id the next new sub-record gets, once the store has given any
    /// (kept in the stored value's extension area, see `store::codec`).
    #[serde(skip)]
    pub next_part: u32,
    /// Extension fields this program does not know (written by a newer
    /// one): kept as they came and written back with the record.
    #[serde(skip)]
    pub kept: Vec<(u16, Vec<u8>)>,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            id: 0,
            version: 0,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            created_by: String::new(),
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_by: String::new(),
            archived: false,
            next_part: 0,
            kept: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_print_and_parse() {
        let r = ClientId(123).to_ref();
        assert_eq!(r.to_string(), "K-000123");
        assert_eq!(RecordRef::parse("K-000123"), Some(r));
        assert_eq!(RecordRef::parse("k123"), Some(r));
        assert_eq!(RecordRef::parse(" s-7 "), Some(StakeholderId(7).to_ref()));
        assert_eq!(RecordRef::parse("X-1"), None);
        assert_eq!(RecordRef::parse("K-"), None);
        assert_eq!(RecordRef::parse("K-12a"), None);
        assert_eq!(RecordRef::parse("K-99999999999999999999999"), None);
        assert_eq!(StakeholderId(1_234_567).to_string(), "S-1234567");
    }

    #[test]
    fn kinds_have_distinct_tags() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_tag(k.tag()), Some(k));
            assert_eq!(RecordKind::from_prefix(k.prefix()), Some(k));
        }
    }
}
