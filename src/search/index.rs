//! The in-memory search index: per record only what search needs, folded
//! once, so that a keystroke costs one pass over compact entries.
//!
//! Memory: a client's texts live in one allocation (`blob`, cut by
//! offsets), office and officer names are interned (a few dozen distinct
//! strings for 100 000 clients), vocabularies are one-byte enums and needs
//! a bit set. Entries are kept sorted by id, so the natural order is the
//! store's order and an upsert is a binary search.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::normalize::fold;
use crate::model::{
    Client, ClientId, ClientStatus, Event, EventKind, Gender, Need, RecordKind, RecordRef, Referral, ReferralStatus,
    RiskCategory, Stakeholder, StakeholderKind, StakeholderStatus,
};
use crate::store::{Store, StoreError};

/// Which list a search runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchKind {
    /// Clients (klien).
    Clients,
    /// Stakeholders (pemangku kepentingan).
    Stakeholders,
    /// Events (kegiatan).
    Events,
}

impl SearchKind {
    /// Every kind, in the order of the global search.
    pub const ALL: [SearchKind; 3] = [SearchKind::Clients, SearchKind::Stakeholders, SearchKind::Events];

    /// The command-line name.
    pub const fn code(self) -> &'static str {
        match self {
            SearchKind::Clients => "clients",
            SearchKind::Stakeholders => "stakeholders",
            SearchKind::Events => "events",
        }
    }

    /// The record kind listed.
    pub const fn record_kind(self) -> RecordKind {
        match self {
            SearchKind::Clients => RecordKind::Client,
            SearchKind::Stakeholders => RecordKind::Stakeholder,
            SearchKind::Events => RecordKind::Event,
        }
    }

    /// Parses `clients|stakeholders|events` (also `klien`, `mitra`, `kegiatan`).
    pub fn from_code(s: &str) -> Option<SearchKind> {
        match s.trim().to_lowercase().as_str() {
            "clients" | "client" | "klien" => Some(SearchKind::Clients),
            "stakeholders" | "stakeholder" | "mitra" => Some(SearchKind::Stakeholders),
            "events" | "event" | "kegiatan" => Some(SearchKind::Events),
            _ => None,
        }
    }
}

impl std::str::FromStr for SearchKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        SearchKind::from_code(s).ok_or_else(|| "clients, stakeholders, events".to_string())
    }
}

/// A client as search sees it.
#[derive(Debug, Clone)]
pub(crate) struct ClientEntry {
    pub(crate) id: u64,
    /// display name | folded name + aliases | register key | NIK | skills
    blob: Box<str>,
    cuts: [u32; 5],
    pub(crate) office: u32,
    pub(crate) officer: u32,
    pub(crate) referrals: Box<[(u64, ReferralStatus)]>,
    pub(crate) start: Option<NaiveDate>,
    pub(crate) end: Option<NaiveDate>,
    pub(crate) needs: u16,
    pub(crate) risk: Option<RiskCategory>,
    pub(crate) status: ClientStatus,
    pub(crate) gender: Gender,
    pub(crate) archived: bool,
}

impl ClientEntry {
    fn seg(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.cuts[i - 1] as usize };
        let to = self.cuts.get(i).map_or(self.blob.len(), |c| *c as usize);
        self.blob.get(from..to).unwrap_or("")
    }
    /// The full name as displayed.
    pub(crate) fn display(&self) -> &str {
        self.seg(0)
    }
    /// Folded full name (a prefix of the haystack).
    pub(crate) fn folded_name(&self) -> &str {
        self.seg(1)
    }
    /// Folded name and aliases, space-separated.
    pub(crate) fn haystack(&self) -> &str {
        let from = self.cuts[0] as usize;
        self.blob.get(from..self.cuts[2] as usize).unwrap_or("")
    }
    /// Register number, lowercase letters and digits only.
    pub(crate) fn register_key(&self) -> &str {
        self.seg(3)
    }
    /// NIK digits.
    pub(crate) fn nik(&self) -> &str {
        self.seg(4)
    }
    /// Folded skills joined by `|`.
    pub(crate) fn skills(&self) -> &str {
        self.seg(5)
    }
}

/// A stakeholder as search sees it.
#[derive(Debug, Clone)]
pub(crate) struct StakeholderEntry {
    pub(crate) id: u64,
    pub(crate) name: Box<str>,
    /// Folded name, a space, folded short name.
    pub(crate) haystack: Box<str>,
    pub(crate) folded_name_len: u32,
    pub(crate) region: Box<str>,
    pub(crate) services: Box<str>,
    pub(crate) kind: StakeholderKind,
    pub(crate) status: StakeholderStatus,
    pub(crate) archived: bool,
}

impl StakeholderEntry {
    pub(crate) fn folded_name(&self) -> &str {
        self.haystack.get(..self.folded_name_len as usize).unwrap_or("")
    }
}

/// An event as search sees it.
#[derive(Debug, Clone)]
pub(crate) struct EventEntry {
    pub(crate) id: u64,
    pub(crate) title: Box<str>,
    /// Folded title, a space, folded location.
    pub(crate) haystack: Box<str>,
    pub(crate) folded_title_len: u32,
    pub(crate) location: Box<str>,
    /// Organisers and participating stakeholders.
    pub(crate) stakeholders: Box<[u64]>,
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
    pub(crate) kind: EventKind,
    pub(crate) archived: bool,
}

impl EventEntry {
    pub(crate) fn folded_name(&self) -> &str {
        self.haystack.get(..self.folded_title_len as usize).unwrap_or("")
    }
}

/// Folded strings stored once, referred to by number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    pub(crate) strings: Vec<Box<str>>,
    lookup: HashMap<Box<str>, u32>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(i) = self.lookup.get(s) {
            return *i;
        }
        let i = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(s.into());
        self.lookup.insert(s.into(), i);
        i
    }
}

/// The search index over clients, stakeholders and events.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub(crate) clients: Vec<ClientEntry>,
    pub(crate) stakeholders: Vec<StakeholderEntry>,
    pub(crate) events: Vec<EventEntry>,
    /// Folded office and officer names.
    pub(crate) names: Interner,
}

fn need_bit(n: Need) -> u16 {
    let i = Need::ALL.iter().position(|x| *x == n).unwrap_or(0);
    1u16.checked_shl(u32::try_from(i).unwrap_or(0)).unwrap_or(0)
}

pub(crate) fn needs_has(bits: u16, n: Need) -> bool {
    bits & need_bit(n) != 0
}

/// Lowercase letters and digits only: register numbers are written with
/// all kinds of separators (`PB.12/2023`, `pb 12-2023`).
pub(crate) fn register_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn len32(s: &str) -> u32 {
    u32::try_from(s.len()).unwrap_or(u32::MAX)
}

/// Inserts or replaces by id in a vector sorted by id.
fn upsert_sorted<T>(v: &mut Vec<T>, id: u64, key: impl Fn(&T) -> u64, item: T) {
    match v.binary_search_by_key(&id, key) {
        Ok(i) => v[i] = item,
        Err(i) => v.insert(i, item),
    }
}

fn remove_sorted<T>(v: &mut Vec<T>, id: u64, key: impl Fn(&T) -> u64) {
    if let Ok(i) = v.binary_search_by_key(&id, key) {
        v.remove(i);
    }
}

/// The referral edges search keeps: stakeholder and status, archived ones left out.
fn edges(referrals: &[Referral]) -> Box<[(u64, ReferralStatus)]> {
    referrals.iter().filter(|r| !r.meta.archived).map(|r| (r.stakeholder.0, r.status)).collect()
}

impl SearchIndex {
    /// An empty index.
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    /// Builds the index from every record in the store. Records that cannot
    /// be decoded are left out (`simpul check` reports them); other store
    /// errors are returned.
    pub fn build(store: &Store) -> Result<SearchIndex, StoreError> {
        fn ok<R>(r: Result<R, StoreError>) -> Result<Option<R>, StoreError> {
            match r {
                Ok(r) => Ok(Some(r)),
                Err(StoreError::Decode { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        }
        let mut idx = SearchIndex::new();
        let mut refs: HashMap<u64, Vec<Referral>> = HashMap::new();
        for r in store.scan::<Referral>() {
            if let Some(r) = ok(r)? {
                refs.entry(r.client.0).or_default().push(r);
            }
        }
        for s in store.scan::<Stakeholder>() {
            if let Some(s) = ok(s)? {
                idx.upsert_stakeholder(&s);
            }
        }
        for e in store.scan::<Event>() {
            if let Some(e) = ok(e)? {
                idx.upsert_event(&e);
            }
        }
        let n = usize::try_from(store.count(RecordKind::Client)).unwrap_or(0);
        idx.clients.reserve(n);
        for c in store.scan::<Client>() {
            if let Some(c) = ok(c)? {
                let r = refs.remove(&c.meta.id).unwrap_or_default();
                idx.upsert_client(&c, &r);
            }
        }
        idx.clients.shrink_to_fit();
        Ok(idx)
    }

    /// Adds or replaces a client, with its referrals (for `stakeholder:`
    /// and referral `status:`), after a save.
    pub fn upsert_client(&mut self, c: &Client, referrals: &[Referral]) {
        let folded_name = fold(&c.full_name);
        let mut blob = String::with_capacity(c.full_name.len() * 2 + 40);
        let mut cuts = [0u32; 5];
        blob.push_str(&c.full_name);
        cuts[0] = len32(&blob);
        blob.push_str(&folded_name);
        cuts[1] = len32(&blob);
        for a in &c.aliases {
            let a = fold(a);
            if !a.is_empty() {
                blob.push(' ');
                blob.push_str(&a);
            }
        }
        cuts[2] = len32(&blob);
        blob.push_str(&register_key(&c.register_no));
        cuts[3] = len32(&blob);
        if let Some(nik) = &c.nik {
            blob.extend(nik.chars().filter(char::is_ascii_digit));
        }
        cuts[4] = len32(&blob);
        for (i, s) in c.skills.iter().enumerate() {
            if i > 0 {
                blob.push('|');
            }
            blob.push_str(&fold(s));
        }
        let entry = ClientEntry {
            id: c.meta.id,
            blob: blob.into_boxed_str(),
            cuts,
            office: self.names.intern(&fold(&c.office)),
            officer: self.names.intern(&fold(&c.officer)),
            referrals: edges(referrals),
            start: c.supervision_start,
            end: c.supervision_end,
            needs: c.needs.iter().fold(0, |b, n| b | need_bit(*n)),
            risk: c.risk(),
            status: c.status,
            gender: c.gender,
            archived: c.meta.archived,
        };
        upsert_sorted(&mut self.clients, c.meta.id, |e| e.id, entry);
    }

    /// Replaces the referrals known for a client (after a referral is saved).
    pub fn set_client_referrals(&mut self, client: ClientId, referrals: &[Referral]) {
        if let Ok(i) = self.clients.binary_search_by_key(&client.0, |e| e.id) {
            self.clients[i].referrals = edges(referrals);
        }
    }

    /// Adds or replaces a stakeholder.
    pub fn upsert_stakeholder(&mut self, s: &Stakeholder) {
        let name = fold(&s.name);
        let short = fold(&s.short_name);
        let haystack = if short.is_empty() { name.clone() } else { format!("{name} {short}") };
        let entry = StakeholderEntry {
            id: s.meta.id,
            name: s.name.as_str().into(),
            haystack: haystack.into_boxed_str(),
            folded_name_len: len32(&name),
            region: fold(&s.region).into_boxed_str(),
            services: s.services.iter().map(|x| fold(x)).collect::<Vec<_>>().join("|").into_boxed_str(),
            kind: s.kind,
            status: s.status,
            archived: s.meta.archived,
        };
        upsert_sorted(&mut self.stakeholders, s.meta.id, |e| e.id, entry);
    }

    /// Adds or replaces an event.
    pub fn upsert_event(&mut self, e: &Event) {
        let title = fold(&e.title);
        let location = fold(&e.location);
        let haystack = if location.is_empty() { title.clone() } else { format!("{title} {location}") };
        let mut stakeholders: Vec<u64> =
            e.organisers.iter().map(|s| s.0).chain(e.stakeholder_participants().map(|s| s.0)).collect();
        stakeholders.sort_unstable();
        stakeholders.dedup();
        let start = e.start.date();
        let entry = EventEntry {
            id: e.meta.id,
            title: e.title.as_str().into(),
            haystack: haystack.into_boxed_str(),
            folded_title_len: len32(&title),
            location: location.into_boxed_str(),
            stakeholders: stakeholders.into_boxed_slice(),
            start,
            end: e.end.map_or(start, |w| w.date()).max(start),
            kind: e.kind,
            archived: e.meta.archived,
        };
        upsert_sorted(&mut self.events, e.meta.id, |x| x.id, entry);
    }

    /// Removes a record (after a delete).
    pub fn remove(&mut self, r: RecordRef) {
        match r.kind {
            RecordKind::Client => remove_sorted(&mut self.clients, r.id, |e| e.id),
            RecordKind::Stakeholder => remove_sorted(&mut self.stakeholders, r.id, |e| e.id),
            RecordKind::Event => remove_sorted(&mut self.events, r.id, |e| e.id),
            RecordKind::Referral | RecordKind::User => {}
        }
    }

    /// How many records of a kind the index holds, archived included.
    pub fn len(&self, kind: SearchKind) -> usize {
        match kind {
            SearchKind::Clients => self.clients.len(),
            SearchKind::Stakeholders => self.stakeholders.len(),
            SearchKind::Events => self.events.len(),
        }
    }

    /// True when the index holds no record at all.
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty() && self.stakeholders.is_empty() && self.events.is_empty()
    }

    /// The display name of an indexed record (client's full name,
    /// stakeholder's name, event's title).
    pub fn display_name(&self, r: RecordRef) -> Option<&str> {
        match r.kind {
            RecordKind::Client => {
                self.clients.binary_search_by_key(&r.id, |e| e.id).ok().map(|i| self.clients[i].display())
            }
            RecordKind::Stakeholder => {
                self.stakeholders.binary_search_by_key(&r.id, |e| e.id).ok().map(|i| &*self.stakeholders[i].name)
            }
            RecordKind::Event => self.events.binary_search_by_key(&r.id, |e| e.id).ok().map(|i| &*self.events[i].title),
            RecordKind::Referral | RecordKind::User => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Participant, StakeholderId, When};

    #[test]
    fn client_segments_hold_what_search_needs() {
        let mut c = Client::new("Djoko Soesilo");
        c.meta.id = 5;
        c.aliases = vec!["Pak Joko".into(), "  ".into()];
        c.register_no = "PB.12/2023".into();
        c.nik = Some("3507010101800001".into());
        c.skills = vec!["Barista".into(), "Budidaya Lele".into()];
        c.needs = vec![Need::Capital];
        let mut idx = SearchIndex::new();
        idx.upsert_client(&c, &[Referral::new(ClientId(5), StakeholderId(2), "modal", NaiveDate::MIN)]);
        let e = &idx.clients[0];
        assert_eq!(e.display(), "Djoko Soesilo");
        assert_eq!(e.folded_name(), "yoko susilo");
        assert_eq!(e.haystack(), "yoko susilo pak yoko");
        assert_eq!(e.register_key(), "pb122023");
        assert_eq!(e.nik(), "3507010101800001");
        assert_eq!(e.skills(), "barista|budidaya lele");
        assert!(needs_has(e.needs, Need::Capital) && !needs_has(e.needs, Need::Housing));
        assert_eq!(&*e.referrals, &[(2, ReferralStatus::Proposed)]);
        // upsert replaces, remove removes
        c.full_name = "Budi".into();
        idx.upsert_client(&c, &[]);
        assert_eq!(idx.len(SearchKind::Clients), 1);
        assert_eq!(idx.display_name(ClientId(5).to_ref()), Some("Budi"));
        idx.remove(ClientId(5).to_ref());
        assert!(idx.is_empty());
    }

    #[test]
    fn entries_stay_sorted_by_id() {
        let mut idx = SearchIndex::new();
        for id in [5, 1, 9, 3] {
            let mut s = Stakeholder::new(format!("S{id}"), StakeholderKind::Pokmas);
            s.meta.id = id;
            idx.upsert_stakeholder(&s);
        }
        let ids: Vec<u64> = idx.stakeholders.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![1, 3, 5, 9]);
        let d = NaiveDate::from_ymd_opt(2023, 10, 1).unwrap();
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(d));
        e.organisers = vec![StakeholderId(3), StakeholderId(1)];
        e.participants.push(Participant::Stakeholder { stakeholder: StakeholderId(3), representative: String::new() });
        idx.upsert_event(&e);
        assert_eq!(&*idx.events[0].stakeholders, &[1, 3]);
        assert_eq!(idx.events[0].end, d);
    }
}
