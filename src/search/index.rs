//! The in-memory search index: per record only what search needs, folded
//! once, so that a keystroke costs one pass over compact entries.
//!
//! Memory: a client's texts live in one allocation (`blob`, cut by
//! offsets), office and officer names are interned (a few dozen distinct
//! strings for 100 000 clients), vocabularies are one-byte enums and needs
//! a bit set. Entries are kept sorted by id, so the natural order is the
//! store's order and an upsert is a binary search.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::fold::fold;
use crate::model::{
    Client, ClientId, ClientStatus, Event, EventKind, Gender, Need, RecordKind, RecordRef, Referral, ReferralStatus,
    RiskCategory, Stakeholder, StakeholderKind, StakeholderStatus,
};
use crate::store::summary::{ClientSummary, EventSummary, StakeholderSummary};
use crate::store::{Actor, Scoped, Store, StoreError};

/// A client's text in its entry and its row: a range of one buffer that
/// the entries read or built together share (no allocation, nor its
/// overhead, per client), or of a buffer of its own (an entry made after a
/// change).
#[derive(Clone)]
pub(crate) struct Text {
    buf: Arc<String>,
    from: u32,
    to: u32,
}

/// The text, however it is held.
impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl Text {
    /// A text in a buffer of its own.
    pub(crate) fn own(s: &str) -> Text {
        Text { buf: Arc::new(s.to_string()), from: 0, to: len32(s) }
    }

    /// `buf[from..to]`, shared with the other texts of `buf`.
    pub(crate) fn shared(buf: &Arc<String>, from: u32, to: u32) -> Text {
        Text { buf: Arc::clone(buf), from, to }
    }

    pub(crate) fn as_str(&self) -> &str {
        self.buf.get(self.from as usize..self.to as usize).unwrap_or("")
    }

    /// Its first `len` bytes, in the same buffer (all of it if shorter).
    pub(crate) fn prefix(&self, len: u32) -> Text {
        Text { buf: Arc::clone(&self.buf), from: self.from, to: self.from.saturating_add(len).min(self.to) }
    }

    /// Whether it is the start of `other`, in the same buffer, `len` bytes long.
    pub(crate) fn is_start_of(&self, other: &Text, len: u32) -> bool {
        self.is_in(&other.buf) && self.from == other.from && Some(self.to) == self.from.checked_add(len)
    }

    /// Puts a text that is a range of `from` in the same range of `to`.
    fn move_to(&mut self, from: &Arc<String>, to: &Arc<String>) {
        if self.is_in(from) {
            self.buf = Arc::clone(to);
        }
    }

    /// Whether it is a range of `buf`.
    fn is_in(&self, buf: &Arc<String>) -> bool {
        Arc::ptr_eq(&self.buf, buf)
    }

    /// Whether both are held in one buffer (tests).
    #[cfg(test)]
    pub(crate) fn shares_buffer_with(&self, other: &Text) -> bool {
        self.is_in(&other.buf)
    }
}

/// Texts written one after another into one buffer, each a [`Text`] of it
/// once it is done ([`Texts::share`]): the clients' texts of an index
/// built whole, or of the list's rows read from the summaries. Until then
/// each is a range of a stand-in, and reads as empty.
#[derive(Debug, Clone, Default)]
pub(crate) struct Texts {
    all: String,
    stand_in: Arc<String>,
}

impl Texts {
    /// `parts`, one after the other, as one text of the buffer.
    pub(crate) fn push(&mut self, parts: &[&str]) -> Text {
        let from = len32(&self.all);
        parts.iter().for_each(|p| self.all.push_str(p));
        Text::shared(&self.stand_in, from, len32(&self.all))
    }

    /// Gives `texts` (those pushed here, and any others) the buffer.
    pub(crate) fn share<'t>(mut self, texts: impl IntoIterator<Item = &'t mut Text>) {
        self.all.shrink_to_fit();
        let all = Arc::new(self.all);
        for t in texts {
            t.move_to(&self.stand_in, &all);
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

/// A client's referral edges (stakeholder, status): a range of one array
/// that the entries read together share (reading 100 000 entries makes no
/// allocation per client, so it can run beside sled's open without taking
/// turns at the allocator's lock), or an array of their own.
#[derive(Clone, Default)]
pub(crate) struct Edges {
    buf: Option<Arc<Vec<(u64, ReferralStatus)>>>,
    from: u32,
    to: u32,
}

impl Edges {
    /// Edges in an array of their own.
    pub(crate) fn own(edges: Vec<(u64, ReferralStatus)>) -> Edges {
        match edges.is_empty() {
            true => Edges::default(),
            false => Edges { to: u32::try_from(edges.len()).unwrap_or(u32::MAX), buf: Some(Arc::new(edges)), from: 0 },
        }
    }

    /// Puts edges that are a range of `from` in the same range of `to`.
    fn move_to(&mut self, from: &Arc<Vec<(u64, ReferralStatus)>>, to: &Arc<Vec<(u64, ReferralStatus)>>) {
        if let Some(buf) = &mut self.buf
            && Arc::ptr_eq(buf, from)
        {
            *buf = Arc::clone(to);
        }
    }

    /// `buf[from..to]`, shared with the other clients' edges of `buf`.
    pub(crate) fn shared(buf: &Arc<Vec<(u64, ReferralStatus)>>, from: u32, to: u32) -> Edges {
        match from == to {
            true => Edges::default(),
            false => Edges { buf: Some(Arc::clone(buf)), from, to },
        }
    }
}

impl std::ops::Deref for Edges {
    type Target = [(u64, ReferralStatus)];
    fn deref(&self) -> &Self::Target {
        self.buf.as_ref().and_then(|b| b.get(self.from as usize..self.to as usize)).unwrap_or(&[])
    }
}

/// The edges, however they are held.
impl std::fmt::Debug for Edges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl PartialEq for Edges {
    fn eq(&self, other: &Edges) -> bool {
        **self == **other
    }
}

/// A client as search sees it, and as its row in the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClientEntry {
    pub(crate) id: u64,
    /// display name | folded name | folded aliases | NIK digits | folded
    /// skills | register number as shown | [`written`]. The list's row
    /// shares it up to the end of the register number ([`Self::row_text`]).
    /// The written texts may be left out (an interface's index read from
    /// its kept file, see `kept`): then [`Self::written`] is `None`.
    pub(crate) blob: Text,
    /// Where each segment but the last ends.
    pub(crate) cuts: [u32; 6],
    pub(crate) office: u32,
    pub(crate) officer: u32,
    /// Office and officer as shown (in [`SearchIndex::shown`]).
    pub(crate) office_shown: u32,
    pub(crate) officer_shown: u32,
    pub(crate) born: Option<NaiveDate>,
    pub(crate) referrals: Edges,
    pub(crate) start: Option<NaiveDate>,
    pub(crate) end: Option<NaiveDate>,
    pub(crate) needs: u16,
    pub(crate) risk: Option<RiskCategory>,
    pub(crate) status: ClientStatus,
    pub(crate) gender: Gender,
    pub(crate) archived: bool,
    pub(crate) phase: crate::model::GuidancePhase,
    pub(crate) rri: Option<crate::model::Rri>,
    /// Reporting days missed up to the day the entry was made.
    pub(crate) missed: u16,
    /// Expected to report that day, nothing recorded yet.
    pub(crate) due_today: bool,
}

impl ClientEntry {
    fn seg(&self, i: usize) -> &str {
        let text = self.blob.as_str();
        let from = if i == 0 { 0 } else { self.cuts[i - 1] as usize };
        let to = self.cuts.get(i).map_or(text.len(), |c| *c as usize);
        text.get(from..to).unwrap_or("")
    }
    /// The full name as displayed.
    pub(crate) fn display(&self) -> &str {
        self.seg(0)
    }
    /// Folded name and aliases, space-separated.
    pub(crate) fn haystack(&self) -> &str {
        let from = self.cuts[0] as usize;
        self.blob.as_str().get(from..self.cuts[2] as usize).unwrap_or("")
    }
    /// NIK digits.
    pub(crate) fn nik(&self) -> &str {
        self.seg(3)
    }
    /// Folded skills joined by `|`.
    pub(crate) fn skills(&self) -> &str {
        self.seg(4)
    }
    /// Register number as written.
    pub(crate) fn register_no(&self) -> &str {
        self.seg(5)
    }
    /// Where the register number starts in the text.
    pub(crate) fn register_at(&self) -> u32 {
        self.cuts[4]
    }
    /// NIK, aliases and skills as written; `None` if the text is damaged or
    /// left out.
    pub(crate) fn written(&self) -> Option<written::Written<'_>> {
        written::parse(self.seg(6), self.nik())
    }
    /// The text up to the end of the register number: what the list's row
    /// shows, in the same buffer.
    pub(crate) fn row_text(&self) -> Text {
        self.blob.prefix(self.cuts[5])
    }
    /// Whether `text` is [`Self::row_text`], the same copy (made for nothing).
    pub(crate) fn is_row_text(&self, text: &Text) -> bool {
        text.is_start_of(&self.blob, self.cuts[5])
    }
}

/// A client's NIK, aliases and skills as written, in its entry's text
/// beside their folded forms: a search's rows print them without reading
/// the record. Exact for any text: the NIK is `-` for none, `=` when it is
/// digits only (then the entry's NIK digits are it), else its length in
/// bytes, `:` and the text; then the aliases and the skills, each a count,
/// `;` and each item as such a NIK.
pub(crate) mod written {
    /// What [`parse`] reads.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct Written<'a> {
        pub(crate) nik: Option<&'a str>,
        pub(crate) aliases: Vec<&'a str>,
        pub(crate) skills: Vec<&'a str>,
    }

    fn item(out: &mut String, s: &str) {
        out.push_str(&s.len().to_string());
        out.push(':');
        out.push_str(s);
    }

    fn list(out: &mut String, items: &[String]) {
        out.push_str(&items.len().to_string());
        out.push(';');
        for s in items {
            item(out, s);
        }
    }

    /// Appends the written texts.
    pub(crate) fn put(out: &mut String, nik: Option<&str>, aliases: &[String], skills: &[String]) {
        match nik {
            None => out.push('-'),
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => out.push('='),
            Some(n) => item(out, n),
        }
        list(out, aliases);
        list(out, skills);
    }

    /// A number ended by `end`, and what follows it.
    fn number(s: &str, end: char) -> Option<(usize, &str)> {
        let (n, rest) = s.split_once(end)?;
        Some((n.parse().ok()?, rest))
    }

    fn take_item(s: &str) -> Option<(&str, &str)> {
        let (n, rest) = number(s, ':')?;
        Some((rest.get(..n)?, rest.get(n..)?))
    }

    fn take_list(mut s: &str) -> Option<(Vec<&str>, &str)> {
        let (n, rest) = number(s, ';')?;
        s = rest;
        // a damaged count cannot make room for more items than the text holds
        let mut items = Vec::with_capacity(n.min(s.len()));
        for _ in 0..n {
            let (it, rest) = take_item(s)?;
            items.push(it);
            s = rest;
        }
        Some((items, s))
    }

    /// The written texts in `s` (what [`put`] wrote), `digits` being the
    /// entry's NIK digits; `None` if `s` is not what it writes.
    pub(crate) fn parse<'a>(s: &'a str, digits: &'a str) -> Option<Written<'a>> {
        let (nik, rest) = match s.as_bytes().first()? {
            b'-' => (None, s.get(1..)?),
            b'=' => (Some(digits), s.get(1..)?),
            _ => {
                let (n, rest) = take_item(s)?;
                (Some(n), rest)
            }
        };
        let (aliases, rest) = take_list(rest)?;
        let (skills, rest) = take_list(rest)?;
        rest.is_empty().then_some(Written { nik, aliases, skills })
    }
}

/// A stakeholder as search sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// An event as search sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EventEntry {
    pub(crate) id: u64,
    pub(crate) title: Box<str>,
    /// Folded title, a space, folded location.
    pub(crate) haystack: Box<str>,
    pub(crate) folded_title_len: u32,
    pub(crate) location: Box<str>,
    /// Organisers and participating stakeholders.
    pub(crate) stakeholders: Box<[u64]>,
    #[serde(with = "super::kept::day")]
    pub(crate) start: NaiveDate,
    #[serde(with = "super::kept::day")]
    pub(crate) end: NaiveDate,
    pub(crate) kind: EventKind,
    pub(crate) archived: bool,
}

/// Folded strings stored once, referred to by number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    pub(crate) strings: Vec<Box<str>>,
    lookup: HashMap<Box<str>, u32>,
}

impl Interner {
    /// The interner of strings already numbered by their position.
    pub(crate) fn from_strings(strings: Vec<Box<str>>) -> Interner {
        let lookup = strings.iter().enumerate().map(|(i, s)| (s.clone(), idx32(i))).collect();
        Interner { strings, lookup }
    }

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
    pub(crate) clients: Table<ClientEntry>,
    pub(crate) stakeholders: Table<StakeholderEntry>,
    pub(crate) events: Table<EventEntry>,
    /// Folded office and officer names.
    pub(crate) names: Interner,
    /// Office and officer names as shown.
    pub(crate) shown: Interner,
    /// Client summaries left out because they could not be decoded.
    pub(crate) skipped: u64,
    /// The day reporting standings are counted to (`missed:`, `report:today`):
    /// a session builds the index again when its day moves.
    pub(crate) today: chrono::NaiveDate,
    /// The days the office is closed, which move reporting days.
    pub(crate) calendar: crate::model::Calendar,
    /// Reused to put a client's text together.
    scratch: String,
    /// While the index is built whole.
    bulk: Option<Texts>,
    /// The words of the clients' names and aliases, with the clients
    /// holding each; made on first use, dropped when a client changes.
    pub(crate) words: OnceLock<super::words::Words>,
    /// How free words match names.
    pub(crate) matching: super::matcher::Matching,
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
    register_key_chars(s).collect()
}

fn register_key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
}

/// Whether the register key of `register_no` starts with `key` (itself a
/// register key), computed as it is compared rather than kept: a keystroke
/// looks at it only for words that hold a digit.
pub(crate) fn register_key_starts_with(register_no: &str, key: &str) -> bool {
    let mut have = register_key_chars(register_no);
    key.chars().all(|k| have.next() == Some(k))
}

fn len32(s: &str) -> u32 {
    u32::try_from(s.len()).unwrap_or(u32::MAX)
}

/// What a table needs of its entries.
pub(crate) trait Entry {
    /// Record id.
    fn id(&self) -> u64;
    /// Folded display name.
    fn folded_name(&self) -> &str;
    /// Display name: the ranking tie-breaker, in the lists' order of names.
    fn name(&self) -> &str;
}

impl Entry for ClientEntry {
    fn id(&self) -> u64 {
        self.id
    }
    fn folded_name(&self) -> &str {
        self.seg(1)
    }
    fn name(&self) -> &str {
        self.display()
    }
}

impl Entry for StakeholderEntry {
    fn id(&self) -> u64 {
        self.id
    }
    fn folded_name(&self) -> &str {
        self.haystack.get(..self.folded_name_len as usize).unwrap_or("")
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Entry for EventEntry {
    fn id(&self) -> u64 {
        self.id
    }
    fn folded_name(&self) -> &str {
        self.haystack.get(..self.folded_title_len as usize).unwrap_or("")
    }
    fn name(&self) -> &str {
        &self.title
    }
}

fn by_name<E: Entry>(a: &E, b: &E) -> Ordering {
    // as the lists order names, so that a list of every client by name is
    // this order as it is (spellings folded alike, "Achmad" and "Ahmad",
    // would interleave there)
    crate::model::fold::cmp_lowercase(a.name(), b.name()).then(a.id().cmp(&b.id()))
}

/// Entries sorted by (name as the lists order it, id) and each entry's position in that
/// order: ranking compares one integer instead of two strings, which is
/// what keeps sorting 80 000 hits of a one-letter query cheap.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameOrder {
    order: Vec<u32>,
    rank: Vec<u32>,
}

fn idx32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl NameOrder {
    fn compute<E: Entry>(entries: &[E]) -> NameOrder {
        let mut order: Vec<u32> = (0..entries.len()).map(idx32).collect();
        order.sort_unstable_by(|a, b| by_name(&entries[*a as usize], &entries[*b as usize]));
        let mut rank = vec![0; entries.len()];
        for (r, i) in order.iter().enumerate() {
            rank[*i as usize] = idx32(r);
        }
        NameOrder { order, rank }
    }

    /// The order as kept ([`Table::name_order`]), if it is one of `len` entries.
    fn from_order(order: Vec<u32>, len: usize) -> Option<NameOrder> {
        if order.len() != len {
            return None;
        }
        let mut rank = vec![u32::MAX; len];
        for (r, i) in order.iter().enumerate() {
            let slot = rank.get_mut(*i as usize)?;
            if *slot != u32::MAX {
                return None;
            }
            *slot = idx32(r);
        }
        Some(NameOrder { order, rank })
    }

    /// Moves entry `i` (replaced, or just appended when `!existed`) to its place.
    fn reposition<E: Entry>(&mut self, entries: &[E], i: usize, existed: bool) {
        let old = if existed {
            let r = self.rank.get(i).copied().unwrap_or(0) as usize;
            self.order.remove(r);
            r
        } else {
            self.rank.push(0);
            entries.len() - 1
        };
        let Some(e) = entries.get(i) else { return };
        let pos = self.order.partition_point(|j| by_name(&entries[*j as usize], e) == Ordering::Less);
        self.order.insert(pos, idx32(i));
        for p in pos.min(old)..=pos.max(old).min(self.order.len() - 1) {
            self.rank[self.order[p] as usize] = idx32(p);
        }
    }
}

/// Entries of one kind, sorted by id, with their name order (computed on
/// first use, kept up to date by upserts that append or replace).
#[derive(Debug, Clone)]
pub(crate) struct Table<E> {
    entries: Vec<E>,
    names: OnceLock<NameOrder>,
}

impl<E> Default for Table<E> {
    fn default() -> Self {
        Table { entries: Vec::new(), names: OnceLock::new() }
    }
}

impl<E> std::ops::Deref for Table<E> {
    type Target = [E];
    fn deref(&self) -> &[E] {
        &self.entries
    }
}

impl<E: Entry> Table<E> {
    /// Entries (sorted by id) and their name order as kept; `None` when
    /// they do not fit together.
    pub(crate) fn from_kept(entries: Vec<E>, order: Vec<u32>) -> Option<Table<E>> {
        if !entries.windows(2).all(|w| w[0].id() < w[1].id()) {
            return None;
        }
        let names = NameOrder::from_order(order, entries.len())?;
        Some(Table { entries, names: OnceLock::from(names) })
    }

    /// The positions of the entries by (name, id), names compared as
    /// [`crate::model::fold::cmp_lowercase`] does: what is kept beside them,
    /// the order of ranked hits that score the same, and of the client list
    /// sorted by name.
    pub(crate) fn name_order(&self) -> &[u32] {
        &self.names.get_or_init(|| NameOrder::compute(&self.entries)).order
    }

    fn upsert(&mut self, item: E) {
        let id = item.id();
        match self.entries.binary_search_by_key(&id, Entry::id) {
            Ok(i) => {
                self.entries[i] = item;
                if let Some(n) = self.names.get_mut() {
                    n.reposition(&self.entries, i, true);
                }
            }
            Err(i) if i == self.entries.len() => {
                self.entries.push(item);
                if let Some(n) = self.names.get_mut() {
                    n.reposition(&self.entries, i, false);
                }
            }
            Err(i) => {
                // Indices after `i` shift: the name order is recomputed on next use.
                self.entries.insert(i, item);
                self.names = OnceLock::new();
            }
        }
    }

    fn remove(&mut self, id: u64) {
        if let Ok(i) = self.entries.binary_search_by_key(&id, Entry::id) {
            self.entries.remove(i);
            self.names = OnceLock::new();
        }
    }

    /// Position of entry `i` in (folded name, id) order.
    pub(crate) fn name_rank(&self, i: usize) -> u32 {
        let n = self.names.get_or_init(|| NameOrder::compute(&self.entries));
        n.rank.get(i).copied().unwrap_or(u32::MAX)
    }

    /// Index of the entry with this id.
    pub(crate) fn position(&self, id: u64) -> Option<usize> {
        self.entries.binary_search_by_key(&id, Entry::id).ok()
    }

    /// The entries, to change what their order does not depend on.
    fn entries_mut(&mut self) -> &mut [E] {
        &mut self.entries
    }

    fn get_mut(&mut self, id: u64) -> Option<&mut E> {
        let i = self.position(id)?;
        self.entries.get_mut(i)
    }

    /// Computes the name order now (after a bulk load, off the keystroke path).
    fn warm(&self) {
        self.name_rank(0);
    }
}

/// A record, or `None` for one that cannot be decoded (left out of the index).
fn ok<R>(r: Result<R, StoreError>) -> Result<Option<R>, StoreError> {
    match r {
        Ok(r) => Ok(Some(r)),
        Err(StoreError::Decode { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every referral, by client.
fn referrals_by_client(store: &Store) -> Result<HashMap<u64, Vec<Referral>>, StoreError> {
    let mut refs: HashMap<u64, Vec<Referral>> = HashMap::new();
    for r in store.scan::<Referral>() {
        if let Some(r) = ok(r)? {
            refs.entry(r.client.0).or_default().push(r);
        }
    }
    Ok(refs)
}

/// The referral edges of every client, read one referral at a time
/// (holding every referral at once would cost more than the edges).
fn edges_by_client(view: &Scoped) -> Result<HashMap<u64, Vec<(u64, ReferralStatus)>>, StoreError> {
    let mut out: HashMap<u64, Vec<(u64, ReferralStatus)>> = HashMap::new();
    for r in view.scan::<Referral>() {
        if let Some(r) = ok(r)?
            && !r.meta.archived
        {
            out.entry(r.client.0).or_default().push((r.stakeholder.0, r.status));
        }
    }
    Ok(out)
}

/// The referral edges search keeps: stakeholder and status, archived ones left out.
fn edges(referrals: &[Referral]) -> Edges {
    Edges::own(referrals.iter().filter(|r| !r.meta.archived).map(|r| (r.stakeholder.0, r.status)).collect())
}

impl SearchIndex {
    /// An empty index whose reporting standings are counted to `today`.
    pub fn new(today: chrono::NaiveDate) -> SearchIndex {
        SearchIndex { today, ..SearchIndex::default() }
    }

    /// The day reporting standings are counted to.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
    }

    /// Sets how free words match names (to measure one matcher against
    /// another: the interface and the command line use the default).
    pub fn set_matching(&mut self, matching: super::matcher::Matching) {
        self.matching = matching;
    }

    /// Builds the index of the whole database (see [`SearchIndex::build_view`]).
    pub fn build(store: &Store, today: chrono::NaiveDate) -> Result<SearchIndex, StoreError> {
        let everything = Actor::new("simpul", crate::model::Role::Admin);
        SearchIndex::build_view(&store.scoped(&everything)?, today)
    }

    /// Builds the index of what one user sees, from the stored summaries
    /// of clients, stakeholders and events (`store::summary`) and the
    /// referrals, as that user's view hands them out: records it may not
    /// see are not in it, and values it may not read are empty, so they
    /// match nothing. No case file is decoded for a full view. Summaries
    /// that cannot be decoded are left out (`simpul check` reports them);
    /// other store errors are returned.
    pub fn build_view(view: &Scoped, today: chrono::NaiveDate) -> Result<SearchIndex, StoreError> {
        let mut idx = SearchIndex::new(today);
        idx.calendar = view.calendar()?;
        let mut refs = edges_by_client(view)?;
        for s in view.summaries::<StakeholderSummary>() {
            if let Some(s) = ok(s)? {
                idx.upsert_stakeholder_summary(&s);
            }
        }
        for e in view.summaries::<EventSummary>() {
            if let Some(e) = ok(e)? {
                idx.upsert_event_summary(&e);
            }
        }
        // office and officer names repeat: fold each distinct one once
        let mut folded: HashMap<String, u32> = HashMap::new();
        let mut name = |idx: &mut SearchIndex, s: &str| match folded.get(s) {
            Some(i) => *i,
            None => {
                let i = idx.names.intern(&fold(s));
                folded.insert(s.to_string(), i);
                i
            }
        };
        idx.bulk = Some(Texts::default());
        // the edges in one array, as a kept index reads them
        let (mut all_edges, stand_in) = (Vec::new(), Arc::new(Vec::new()));
        for c in view.summaries::<ClientSummary>() {
            let Some(c) = ok(c)? else {
                idx.skipped += 1;
                continue;
            };
            let from = u32::try_from(all_edges.len()).unwrap_or(u32::MAX);
            all_edges.extend(refs.remove(&c.id).unwrap_or_default());
            let r = Edges::shared(&stand_in, from, u32::try_from(all_edges.len()).unwrap_or(u32::MAX));
            let office = name(&mut idx, &c.office);
            let officer = name(&mut idx, &c.officer);
            idx.insert_client(&c, r, office, officer);
        }
        idx.end_bulk();
        all_edges.shrink_to_fit();
        let all_edges = Arc::new(all_edges);
        for e in idx.clients.entries_mut() {
            e.referrals.move_to(&stand_in, &all_edges);
        }
        idx.warm();
        Ok(idx)
    }

    /// The same index read from the full records, as it was built before
    /// summaries were stored (tests and benchmarks compare the two).
    pub fn build_from_records(store: &Store, today: chrono::NaiveDate) -> Result<SearchIndex, StoreError> {
        let mut idx = SearchIndex::new(today);
        idx.calendar = store.calendar()?;
        let mut refs = referrals_by_client(store)?;
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
        for c in store.scan::<Client>() {
            if let Some(c) = ok(c)? {
                let r = refs.remove(&c.meta.id).unwrap_or_default();
                idx.upsert_client(&c, &r);
            }
        }
        idx.warm();
        Ok(idx)
    }

    /// Adds or replaces a client, with its referrals (for `stakeholder:`
    /// and referral `status:`), after a save.
    pub fn upsert_client(&mut self, c: &Client, referrals: &[Referral]) {
        self.upsert_client_summary(&ClientSummary::of(c), referrals);
    }

    /// Adds or replaces a client from its summary, with its referrals.
    pub fn upsert_client_summary(&mut self, c: &ClientSummary, referrals: &[Referral]) {
        let office = self.names.intern(&fold(&c.office));
        let officer = self.names.intern(&fold(&c.officer));
        self.insert_client(c, edges(referrals), office, officer);
    }

    fn insert_client(&mut self, c: &ClientSummary, referrals: Edges, office: u32, officer: u32) {
        let standing = c.standing(self.today, &self.calendar);
        // the text is put together in a scratch buffer and copied once at its
        // exact length: a buffer shrunk in place would leave a small free hole
        // beside every entry, which at 100k clients the allocator keeps
        let mut blob = std::mem::take(&mut self.scratch);
        blob.clear();
        let mut cuts = [0u32; 6];
        blob.push_str(&c.name);
        cuts[0] = len32(&blob);
        blob.push_str(&c.folded);
        cuts[1] = len32(&blob);
        for a in c.aliases.iter().map(|a| fold(a)).filter(|a| !a.is_empty()) {
            blob.push(' ');
            blob.push_str(&a);
        }
        cuts[2] = len32(&blob);
        blob.extend(c.nik.iter().flat_map(|n| n.chars()).filter(char::is_ascii_digit));
        cuts[3] = len32(&blob);
        for (i, s) in c.skills.iter().enumerate() {
            if i > 0 {
                blob.push('|');
            }
            blob.push_str(&fold(s));
        }
        cuts[4] = len32(&blob);
        blob.push_str(&c.register_no);
        cuts[5] = len32(&blob);
        written::put(&mut blob, c.nik.as_deref(), &c.aliases, &c.skills);
        let text = match &mut self.bulk {
            Some(b) => b.push(&[&blob]),
            None => Text::own(&blob),
        };
        self.scratch = blob;
        let entry = ClientEntry {
            id: c.id,
            blob: text,
            cuts,
            office,
            officer,
            office_shown: self.shown.intern(&c.office),
            officer_shown: self.shown.intern(&c.officer),
            born: c.birth_date(),
            referrals,
            start: c.supervision_start(),
            end: c.supervision_end(),
            needs: c.needs.iter().fold(0, |b, n| b | need_bit(*n)),
            risk: c.risk,
            status: c.status,
            gender: c.gender,
            archived: c.archived,
            phase: c.phase,
            rri: c.rri,
            missed: u16::try_from(standing.missed).unwrap_or(u16::MAX),
            due_today: standing.due_today,
        };
        self.clients.upsert(entry);
        self.words = OnceLock::new();
    }

    /// Gives the clients built since `bulk` was set their one buffer.
    fn end_bulk(&mut self) {
        if let Some(texts) = self.bulk.take() {
            texts.share(self.clients.entries_mut().iter_mut().map(|e| &mut e.blob));
        }
    }

    /// Makes the written texts of the client at `position` unreadable, as
    /// a damaged entry's would be (tests).
    #[cfg(test)]
    pub(crate) fn damage_written(&mut self, position: usize) {
        let Some(e) = self.clients.entries_mut().get_mut(position) else { return };
        let mut text = e.blob.as_str().to_string();
        let (from, to) = (e.cuts[5] as usize, text.len());
        text.replace_range(from..to, &"?".repeat(to - from));
        e.blob = Text::own(&text);
    }

    /// An office or officer name as shown, by its number in an entry.
    pub(crate) fn shown_name(&self, i: u32) -> &str {
        self.shown.strings.get(i as usize).map_or("", |s| s)
    }

    /// The words of the clients' names and aliases.
    pub(crate) fn words(&self) -> &super::words::Words {
        self.words.get_or_init(|| super::words::Words::build(&self.clients))
    }

    /// Replaces the referrals known for a client (after a referral is saved).
    pub fn set_client_referrals(&mut self, client: ClientId, referrals: &[Referral]) {
        if let Some(e) = self.clients.get_mut(client.0) {
            e.referrals = edges(referrals);
        }
    }

    /// Adds or replaces a stakeholder.
    pub fn upsert_stakeholder(&mut self, s: &Stakeholder) {
        self.upsert_stakeholder_summary(&StakeholderSummary::of(s));
    }

    /// Adds or replaces a stakeholder from its summary.
    pub fn upsert_stakeholder_summary(&mut self, s: &StakeholderSummary) {
        let name = fold(&s.name);
        let short = fold(&s.short_name);
        let haystack = if short.is_empty() { name.clone() } else { format!("{name} {short}") };
        let entry = StakeholderEntry {
            id: s.id,
            name: s.name.as_str().into(),
            haystack: haystack.into_boxed_str(),
            folded_name_len: len32(&name),
            region: fold(&s.region).into_boxed_str(),
            services: s.services.iter().map(|x| fold(x)).collect::<Vec<_>>().join("|").into_boxed_str(),
            kind: s.kind,
            status: s.status,
            archived: s.archived,
        };
        self.stakeholders.upsert(entry);
    }

    /// Adds or replaces an event.
    pub fn upsert_event(&mut self, e: &Event) {
        self.upsert_event_summary(&EventSummary::of(e));
    }

    /// Adds or replaces an event from its summary.
    pub fn upsert_event_summary(&mut self, e: &EventSummary) {
        let title = fold(&e.title);
        let location = fold(&e.location);
        let haystack = if location.is_empty() { title.clone() } else { format!("{title} {location}") };
        let entry = EventEntry {
            id: e.id,
            title: e.title.as_str().into(),
            haystack: haystack.into_boxed_str(),
            folded_title_len: len32(&title),
            location: location.into_boxed_str(),
            stakeholders: e.stakeholders.clone().into_boxed_slice(),
            start: e.start_date(),
            end: e.end_date(),
            kind: e.kind,
            archived: e.archived,
        };
        self.events.upsert(entry);
    }

    /// Removes a record (after a delete).
    pub fn remove(&mut self, r: RecordRef) {
        match r.kind {
            RecordKind::Client => {
                self.clients.remove(r.id);
                self.words = OnceLock::new();
            }
            RecordKind::Stakeholder => self.stakeholders.remove(r.id),
            RecordKind::Event => self.events.remove(r.id),
            RecordKind::Referral | RecordKind::User => {}
        }
    }

    /// Computes what the first search would otherwise compute (the name
    /// order of each kind, the clients' words); call after loading many
    /// records.
    pub fn warm(&self) {
        self.clients.warm();
        self.words();
        self.stakeholders.warm();
        self.events.warm();
    }

    /// How many records of a kind the index holds, archived included.
    pub fn len(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Client => self.clients.len(),
            RecordKind::Stakeholder => self.stakeholders.len(),
            RecordKind::Event => self.events.len(),
            RecordKind::Referral | RecordKind::User => 0,
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
            RecordKind::Client => self.clients.position(r.id).map(|i| self.clients[i].display()),
            RecordKind::Stakeholder => self.stakeholders.position(r.id).map(|i| &*self.stakeholders[i].name),
            RecordKind::Event => self.events.position(r.id).map(|i| &*self.events[i].title),
            RecordKind::Referral | RecordKind::User => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Participant, StakeholderId, When, Who};

    #[test]
    fn client_segments_hold_what_search_needs() {
        let mut c = Client::new("Djoko Soesilo");
        c.meta.id = 5;
        c.aliases = vec!["Pak Joko".into(), "  ".into()];
        c.register_no = "PB.12/2023".into();
        c.nik = Some("3507010101800001".into());
        c.skills = vec!["Barista".into(), "Budidaya Lele".into()];
        c.needs = vec![Need::Capital];
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        idx.upsert_client(&c, &[Referral::new(ClientId(5), StakeholderId(2), "modal", NaiveDate::MIN)]);
        let e = &idx.clients[0];
        assert_eq!(e.display(), "Djoko Soesilo");
        assert_eq!(e.folded_name(), "yoko susilo");
        assert_eq!(e.haystack(), "yoko susilo pak yoko");
        assert_eq!(e.register_no(), "PB.12/2023");
        assert!(register_key_starts_with(e.register_no(), "pb122023") && register_key_starts_with("PB.12", "pb1"));
        assert!(!register_key_starts_with(e.register_no(), "pb1220231") && !register_key_starts_with("", "1"));
        assert!(e.row_text().as_str().starts_with("Djoko Soesilo") && e.row_text().as_str().ends_with("PB.12/2023"));
        assert!(e.is_row_text(&e.row_text()) && !e.is_row_text(&e.blob) && !e.is_row_text(&Text::own(e.display())));
        assert!(e.blob.as_str().len() > e.row_text().as_str().len());
        assert_eq!(e.nik(), "3507010101800001");
        assert_eq!(e.skills(), "barista|budidaya lele");
        assert!(needs_has(e.needs, Need::Capital) && !needs_has(e.needs, Need::Housing));
        assert_eq!(&*e.referrals, &[(2, ReferralStatus::Proposed)]);
        // upsert replaces, remove removes
        c.full_name = "Budi".into();
        idx.upsert_client(&c, &[]);
        assert_eq!(idx.len(RecordKind::Client), 1);
        assert_eq!(idx.display_name(ClientId(5).to_ref()), Some("Budi"));
        idx.remove(ClientId(5).to_ref());
        assert!(idx.is_empty());
    }

    #[test]
    fn the_index_from_summaries_is_the_index_from_records() {
        // a Monday: reporting days fall on it (a Saturday's move to the next open day)
        let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2026, 11, 30, 9, 0, 7));
        let actor = crate::store::Actor::new("t", crate::model::Role::Admin);
        let today = store.clock().today();
        crate::demo::load(&store, &actor, &crate::demo::DemoOptions { clients: 400, seed: 1, today }).unwrap();
        // a client with the parts summaries must carry: aliases, NIK, skills, a custom schedule
        let mut c: Client = store.fetch(3).unwrap();
        c.aliases.push("Djoko Soesilo".into());
        c.reporting.frequency = crate::model::ReportingFrequency::Custom;
        c.reporting.custom_dates = vec![today, today - chrono::Duration::days(9)];
        store.update(&actor, c).unwrap();
        let from_summaries = SearchIndex::build(&store, today).unwrap();
        let from_records = SearchIndex::build_from_records(&store, today).unwrap();
        assert_eq!(from_summaries.len(RecordKind::Client), 400);
        assert_eq!(format!("{:?}", from_summaries.clients), format!("{:?}", from_records.clients));
        assert_eq!(format!("{:?}", from_summaries.stakeholders), format!("{:?}", from_records.stakeholders));
        assert_eq!(format!("{:?}", from_summaries.events), format!("{:?}", from_records.events));
        assert_eq!(from_summaries.names.strings, from_records.names.strings);
        // built whole, the clients' texts are one buffer; upserted, each its own
        let one = |i: &SearchIndex| i.clients.windows(2).all(|w| w[0].blob.shares_buffer_with(&w[1].blob));
        assert!(one(&from_summaries) && !one(&from_records));
        assert!(
            from_summaries.clients.iter().any(|e| e.missed > 0) && from_summaries.clients.iter().any(|e| e.due_today)
        );
    }

    #[test]
    fn name_order_follows_upserts() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        let names = ["Budi", "Agus", "Citra", "Agus"];
        for (id, name) in names.iter().enumerate() {
            idx.upsert_client(&client_named(id as u64 + 1, name), &[]);
        }
        let ranks = |idx: &SearchIndex| (0..idx.clients.len()).map(|i| idx.clients.name_rank(i)).collect::<Vec<_>>();
        assert_eq!(ranks(&idx), vec![2, 0, 3, 1], "Agus(2) < Agus(4) < Budi < Citra");
        idx.upsert_client(&client_named(5, "Aaron"), &[]);
        assert_eq!(ranks(&idx), vec![3, 1, 4, 2, 0]);
        idx.upsert_client(&client_named(1, "Zaki"), &[]);
        assert_eq!(ranks(&idx), vec![4, 1, 3, 2, 0]);
        idx.upsert_client(&client_named(3, "Abi"), &[]);
        assert_eq!(ranks(&idx), vec![4, 2, 1, 3, 0]);
        for _ in 0..3 {
            let fresh = NameOrder::compute(&idx.clients);
            assert_eq!(ranks(&idx), fresh.rank);
            idx.remove(ClientId(2).to_ref());
            idx.upsert_client(&client_named(0, "Mira"), &[]);
        }
    }

    fn client_named(id: u64, name: &str) -> Client {
        let mut c = Client::new(name);
        c.meta.id = id;
        c
    }

    proptest::proptest! {
        #[test]
        fn written_texts_read_back_exactly(
            nik in proptest::option::of("[0-9]{0,17}|.{0,20}"),
            aliases in proptest::collection::vec(".{0,12}", 0..4),
            skills in proptest::collection::vec("[:;|0-9=-]{0,6}|.{0,10}", 0..4),
            name in ".{0,10}",
        ) {
            let mut c = client_named(7, &name);
            (c.nik, c.aliases, c.skills) = (nik.clone(), aliases.clone(), skills.clone());
            let mut idx = SearchIndex::new(NaiveDate::MIN);
            idx.upsert_client(&c, &[]);
            let e = &idx.clients[0];
            let w = e.written().expect("what put wrote parses");
            proptest::prop_assert_eq!(w.nik, nik.as_deref());
            proptest::prop_assert_eq!(w.aliases, aliases.iter().map(String::as_str).collect::<Vec<_>>());
            proptest::prop_assert_eq!(w.skills, skills.iter().map(String::as_str).collect::<Vec<_>>());
            proptest::prop_assert_eq!(e.display(), name.as_str());
            proptest::prop_assert_eq!(e.register_no(), "");
        }
    }

    #[test]
    fn written_texts_that_are_not_what_put_writes_are_refused() {
        let digits = "3507161208850001";
        assert_eq!(
            written::parse("=2;3:Abu5:Karno1;7:barista", digits),
            Some(written::Written { nik: Some(digits), aliases: vec!["Abu", "Karno"], skills: vec!["barista"] })
        );
        assert_eq!(written::parse("4:12 30;0;", digits).and_then(|w| w.nik), Some("12 3"));
        for bad in [
            "",
            "=",
            "-0;",
            "=2;3:Abu0;",
            "=1;9:Abu0;",
            "=1;x:Abu0;",
            "=0;0;junk",
            "=99999999999999999999;0;",
            "5:12 3",
            "-1;0;",
        ] {
            assert_eq!(written::parse(bad, digits), None, "{bad:?}");
        }
        // a length that cuts a character in two
        assert_eq!(written::parse("=1;1:é0;", digits), None);
    }

    #[test]
    fn entries_stay_sorted_by_id() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        for id in [5, 1, 9, 3] {
            let mut s = Stakeholder::new(format!("S{id}"), StakeholderKind::Pokmas);
            s.meta.id = id;
            idx.upsert_stakeholder(&s);
        }
        let ids: Vec<u64> = idx.stakeholders.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![1, 3, 5, 9]);
        let ranks: Vec<u32> = (0..4).map(|i| idx.stakeholders.name_rank(i)).collect();
        assert_eq!(ranks, vec![0, 1, 2, 3]);
        let d = NaiveDate::from_ymd_opt(2023, 10, 1).unwrap();
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(d));
        e.organisers = vec![StakeholderId(3), StakeholderId(1)];
        e.participants
            .push(Participant::new(Who::Stakeholder { stakeholder: StakeholderId(3), representative: String::new() }));
        idx.upsert_event(&e);
        assert_eq!(&*idx.events[0].stakeholders, &[1, 3]);
        assert_eq!(idx.events[0].end, d);
    }
}
