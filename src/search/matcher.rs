//! Matching a [`Query`] against the [`SearchIndex`]: filters, word
//! matching, ranking and highlights.
//!
//! - Free words are folded like the haystack (case, accents, old
//!   spellings: see [`crate::model::fold`]; a `tj` or `dj` typed is read
//!   both ways, see [`readings`]) and each must match a word of the name
//!   or of an alias: the word's start (`sukar` finds Sukarno, `djoko`
//!   finds Joko), or, for a word of at least [`TYPO_FROM`] letters, the
//!   start of a word with one typo after the first letter (a letter
//!   wrong, missing, extra, or two side by side swapped: `prasetoy` finds
//!   Prasetyo; a wrong first letter counts as two, as in Meilisearch: it
//!   brought in names that merely rhyme). Letters scattered over several
//!   words match nothing. All words must
//!   match and their scores add up: a whole word scores more than its
//!   start, the start more than a typo, the name more than an alias.
//!   A word of at least 4 digits also matches a NIK by prefix, a word with
//!   a digit a register number by prefix (both compared as letters and
//!   digits only), and a word naming a record id as lists show it
//!   (`K-000173`, `k173`, `000173`: case, the dash and leading zeros do
//!   not matter) that record.
//! - Phrases are substrings of the folded haystack.
//! - Qualifiers filter. A qualifier that does not apply to a kind
//!   (`risk:` on events) makes that kind match nothing, negated or not, so
//!   the global search narrows to the kinds it does apply to.
//! - Archived records are left out unless an `archived:` qualifier says
//!   otherwise, or the query includes them ([`Query::include_archived`]:
//!   a list showing them).
//! - With a free word or phrase, hits are ranked by score, ties by folded
//!   name, then id; without one, they come in the list's natural order
//!   (by id) and nothing is scored.
//!
//! [`Matching::Fuzzy`] is the matcher this one replaced (letters in order
//! anywhere in the names, scored by `nucleo-matcher`), kept to measure
//! against: the search benchmark and the precision and recall of
//! [`super::quality`].
//!
//! Highlights: the query words are matched again against the folded
//! *display name* (not the aliases), and the matched folded characters are
//! mapped back to the display name's characters through the offset table
//! of [`fold_with_map`]; so searching "sukarno" highlights all of
//! "Soekarno" (the `u` covers `oe`). A hit found through an alias or a
//! number has no highlight. Only the first [`HIGHLIGHTED`] hits carry
//! highlights, which keeps a one-letter query over 100 000 records within
//! a keystroke's budget; [`SearchIndex::highlight`] computes them for any
//! other row the UI draws.

use std::collections::HashSet;

use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use super::index::{
    ClientEntry, Entry, EventEntry, SearchIndex, StakeholderEntry, needs_has, register_key, register_key_starts_with,
};
use super::query::{KindValue, Qualifier, Query, TermKind};
use super::words::{Place, Words};
use crate::model::fold::{fold, fold_with_map};
use crate::model::{RecordKind, RecordRef};

/// How free words match names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Matching {
    /// Each word matches a word of the name or of an alias: its start, or
    /// with one typo after the first letter from [`TYPO_FROM`] letters on.
    #[default]
    Words,
    /// As [`Matching::Words`], every client's text read in turn rather
    /// than found through the clients' words: how words were matched
    /// before, kept to measure against.
    WordsScanned,
    /// Each word's letters in order anywhere in the names and aliases
    /// (`nucleo-matcher`'s fuzzy match): the matcher before word matching,
    /// kept to measure against.
    Fuzzy,
}

/// From this many letters on, a word matches with one typo (after its first letter).
pub const TYPO_FROM: usize = 5;

/// The ways a free word reads, folded: as [`fold`] reads it and, when it
/// holds `tj` or `dj`, with that `j` read as `y` too (matched without a
/// typo). The old spelling wrote both c and ty as `tj` (Tjipto is Cipto,
/// Prasetjo is Prasetyo), and both j and dy as `dj` (Djoko is Joko, Djah
/// is Dyah).
pub(crate) fn readings(word: &str) -> Vec<String> {
    let folded = fold(word);
    let lower = word.to_lowercase();
    if !(lower.contains("tj") || lower.contains("dj")) {
        return vec![folded];
    }
    let other = fold(&lower.replace("tj", "ty").replace("dj", "dy"));
    if other == folded { vec![folded] } else { vec![folded, other] }
}

/// Whether a word grown from `old` to `new` (both folded, `new` starting
/// with `old`) reached the length from which a typo is forgiven, in the
/// part that grew: then it may match what `old` did not. Not from a
/// single letter: a typo is never in the first, so every word the grown
/// part matches starts with that letter.
pub(crate) fn typo_forgiven_from_now(old: &str, new: &str) -> bool {
    let part = old.split(' ').count().saturating_sub(1);
    let was = old.split(' ').next_back().map_or(0, |p| p.chars().count());
    let now = new.split(' ').nth(part).map_or(0, |p| p.chars().count());
    (2..TYPO_FROM).contains(&was) && now >= TYPO_FROM
}

/// Earlier hits fewer than the clients over this are looked at again
/// rather than found from the words.
const FEW_HITS: usize = 32;

/// Tables at least this large are scanned on several threads.
const PARALLEL_FROM: usize = 16_384;
/// At most this many scan threads (the target machines have 2–4 cores).
const MAX_THREADS: usize = 4;

/// How many hits of one search carry highlights.
pub const HIGHLIGHTED: usize = 256;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The record found.
    pub record: RecordRef,
    /// Match quality, higher is better (0 when nothing was scored).
    pub score: u32,
    /// Char indices into the display name to highlight, ascending.
    pub name_matches: Vec<u32>,
}

/// Results of the global search, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GlobalHits {
    /// Clients found.
    pub clients: Vec<Hit>,
    /// Stakeholders found.
    pub stakeholders: Vec<Hit>,
    /// Events found.
    pub events: Vec<Hit>,
}

impl GlobalHits {
    /// Every hit: clients, then stakeholders, then events.
    pub fn iter(&self) -> impl Iterator<Item = &Hit> {
        self.clients.iter().chain(&self.stakeholders).chain(&self.events)
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty() && self.stakeholders.is_empty() && self.events.is_empty()
    }
}

/// A free word ready to match.
struct Word {
    negated: bool,
    /// The ways the word reads once folded ([`readings`]), each in parts
    /// where punctuation split it (`al-amin`): every part of one reading
    /// must match a word of the text.
    readings: Vec<Vec<Part>>,
    /// The folded word for [`Matching::Fuzzy`].
    needle: Utf32String,
    /// The word's digits, when it is all digits and at least 4 long (NIK prefix).
    nik: Option<String>,
    /// The word as a register key, when it holds a digit.
    register: Option<String>,
    /// The id of the record of the searched kind the word names.
    id: Option<u64>,
}

/// One folded part of a free word.
struct Part {
    text: Box<str>,
    /// Long enough to match with a typo.
    typo: bool,
}

/// Score of a record named by its id: first, it is the one meant.
const ID_SCORE: u32 = 2000;
/// Score of a NIK or register-number prefix match: above any name
/// score, because a number typed is meant exactly.
const NUMBER_SCORE: u32 = 1000;
/// Score per char of a phrase found (nucleo gives 16 per matched char).
const PHRASE_CHAR_SCORE: u32 = 16;
/// A word of the text matched whole.
const WHOLE_SCORE: u32 = 100;
/// A word's start matched, plus up to [`COVER_SCORE`] for how much of it.
const START_SCORE: u32 = 40;
/// See [`START_SCORE`].
const COVER_SCORE: u32 = 49;
/// A word's start matched with a typo.
const TYPO_SCORE: u32 = 30;
/// Added when the word matched is the name's rather than an alias's.
const IN_NAME_SCORE: u32 = 20;
/// Added when it is the name's first word.
const FIRST_WORD_SCORE: u32 = 5;

/// A filter ready to test one kind's entries.
enum Filter<'q> {
    Risk(crate::model::RiskCategory),
    ClientStatus(crate::model::ClientStatus),
    ReferralStatus(crate::model::ReferralStatus),
    StakeholderStatus(crate::model::StakeholderStatus),
    /// Interned name ids (office/officer) whose text contains the value.
    Office(Vec<bool>),
    Officer(Vec<bool>),
    Skill(String),
    Need(crate::model::Need),
    Gender(crate::model::Gender),
    StakeholderKind(crate::model::StakeholderKind),
    EventKind(crate::model::EventKind),
    /// Stakeholder ids whose name or short name contains the value.
    Stakeholders(HashSet<u64>),
    Region(String),
    Service(String),
    Period(chrono::NaiveDate, chrono::NaiveDate),
    After(chrono::NaiveDate),
    Before(chrono::NaiveDate),
    Archived(bool),
    Nik(&'q str),
    Id(u64),
    Phase(crate::model::GuidancePhase),
    Rri(crate::model::Rri),
    Missed(u16, bool),
    ReportToday,
}

/// A query made ready for one kind.
struct Compiled<'q> {
    matching: Matching,
    words: Vec<Word>,
    phrases: Vec<(bool, String)>,
    filters: Vec<(bool, Filter<'q>)>,
    scored: bool,
}

impl SearchIndex {
    /// Searches one kind. `limit` caps the hits returned (the best ones);
    /// an empty query returns every current record in natural order.
    pub fn search(&self, kind: RecordKind, q: &Query, limit: Option<usize>) -> Vec<Hit> {
        let Some((c, found)) = self.found(kind, q, limit) else { return Vec::new() };
        let mut m = c.nucleo();
        let found = found.into_iter().map(|(key, i)| (score_of(key), i));
        let id_of = |i: u32| self.id_at(kind, i as usize);
        let rk = kind;
        found
            .into_iter()
            .enumerate()
            .map(|(rank, (score, i))| {
                let name_matches = if rank < HIGHLIGHTED && c.scored {
                    highlights(&c, self.display_at(kind, i as usize), &mut m)
                } else {
                    Vec::new()
                };
                Hit { record: RecordRef::new(rk, id_of(i)), score, name_matches }
            })
            .collect()
    }

    /// What [`SearchIndex::search`] finds, as the positions of the kind's
    /// entries in the same order, without building [`Hit`]s (nor looking
    /// each one up by its id again).
    pub(crate) fn search_at(&self, kind: RecordKind, q: &Query) -> Vec<u32> {
        self.found(kind, q, None).map(|(_, found)| found.into_iter().map(|(_, i)| i).collect()).unwrap_or_default()
    }

    /// The compiled query and its matches as (key, position), best first,
    /// at most `limit`.
    fn found<'q>(
        &self,
        kind: RecordKind,
        q: &'q Query,
        limit: Option<usize>,
    ) -> Option<(Compiled<'q>, Vec<(u64, u32)>)> {
        let c = self.compile(kind, q)?;
        if limit == Some(0) {
            return None;
        }
        // Without scoring the natural order is the scan order: stop at the limit.
        let cap = if c.scored { usize::MAX } else { limit.unwrap_or(usize::MAX) };
        if c.scored {
            // Computed here, not by the scan threads.
            self.name_rank(kind, 0);
        }
        let mut found = match kind {
            RecordKind::Client => match self.by_words(kind, &c) {
                Some(found) => found,
                None => match self.word_candidates(kind, &c) {
                    Some(within) => {
                        self.scan_some(kind, &self.clients, &c, Some(&within), |e, f| self.test_client(e, f))
                    }
                    None => self.scan(kind, &self.clients, &c, cap, limit, |e, f| self.test_client(e, f)),
                },
            },
            RecordKind::Stakeholder => {
                self.scan(kind, &self.stakeholders, &c, cap, limit, |e, f| self.test_stakeholder(e, f))
            }
            RecordKind::Event => self.scan(kind, &self.events, &c, cap, limit, |e, f| self.test_event(e, f)),
            RecordKind::Referral | RecordKind::User => Vec::new(),
        };
        if let Some(n) = limit {
            found.truncate(n);
        }
        Some((c, found))
    }

    /// The matches of a query as positions of the kind's entries (which are
    /// in id order), best first, without building [`Hit`]s: what the list
    /// filter keeps between keystrokes. With `within`, only those positions
    /// are looked at; pass the previous result when the query
    /// [`Query::narrows`] the previous one, and the result is the same as a
    /// search of the whole table.
    pub fn search_positions(&self, kind: RecordKind, q: &Query, within: Option<&[u32]>) -> Vec<u32> {
        let Some(c) = self.compile(kind, q) else { return Vec::new() };
        if c.scored {
            self.name_rank(kind, 0);
        }
        // a few earlier hits are quicker to look at again than the words
        let few = within.is_some_and(|w| w.len() < self.clients.len() / FEW_HITS);
        if !few && let Some(found) = self.by_words(kind, &c) {
            return found.into_iter().map(|(_, i)| i).collect();
        }
        let candidates = if within.is_none() { self.word_candidates(kind, &c) } else { None };
        let within = within.or(candidates.as_deref());
        let found = match kind {
            RecordKind::Client => self.scan_some(kind, &self.clients, &c, within, |e, f| self.test_client(e, f)),
            RecordKind::Stakeholder => {
                self.scan_some(kind, &self.stakeholders, &c, within, |e, f| self.test_stakeholder(e, f))
            }
            RecordKind::Event => self.scan_some(kind, &self.events, &c, within, |e, f| self.test_event(e, f)),
            RecordKind::Referral | RecordKind::User => Vec::new(),
        };
        found.into_iter().map(|(_, i)| i).collect()
    }

    /// The hits of a query whose text is one free word matched by the
    /// words of the names (none it could name as a number or an id, no
    /// phrase, each reading one part), straight from the clients' words
    /// ([`SearchIndex::words`]): each client's score is that of its best
    /// word the free word matches, as [`text_score`] would give it. Keys
    /// as [`SearchIndex::scan_some`] gives them, best first, ties by name.
    fn by_words(&self, kind: RecordKind, c: &Compiled<'_>) -> Option<Vec<(u64, u32)>> {
        let [w] = c.words.as_slice() else { return None };
        let alone = kind == RecordKind::Client
            && c.matching == Matching::Words
            && c.phrases.is_empty()
            && !w.negated
            && w.nik.is_none()
            && w.register.is_none()
            && w.id.is_none()
            && w.readings.iter().all(|r| matches!(r.as_slice(), [p] if !p.text.is_empty()));
        if !alone {
            return None;
        }
        let words = self.words();
        let mut scores = vec![0u8; self.clients.len()];
        for p in w.readings.iter().flatten() {
            for (k, base) in matched_words(p, words) {
                for (i, place) in words.clients(k) {
                    let s = u8::try_from(base + place_score(place)).unwrap_or(u8::MAX);
                    if let Some(slot) = scores.get_mut(i) {
                        *slot = (*slot).max(s);
                    }
                }
            }
        }
        let mut per_score = [0usize; 256];
        for (e, s) in self.clients.iter().zip(scores.iter_mut()) {
            if *s > 0 && !c.filters.iter().all(|(neg, f)| self.test_client(e, f) != *neg) {
                *s = 0;
            }
            per_score[usize::from(*s)] += 1;
        }
        // best first and, within a score, in name order: one pass over the
        // name order puts each hit in its score's place
        let mut next = [0usize; 256];
        let mut at = 0;
        for s in (1..256).rev() {
            next[s] = at;
            at += per_score[s];
        }
        let mut found = vec![(0u64, 0u32); at];
        for &i in self.clients.name_order() {
            let s = scores.get(i as usize).copied().unwrap_or(0);
            if s > 0
                && let Some(slot) = found.get_mut(next[usize::from(s)])
            {
                *slot = (u64::from(u16::MAX - u16::from(s)) << 32, i);
                next[usize::from(s)] += 1;
            }
        }
        Some(found)
    }

    /// The clients a query can match, when one of its words can match
    /// only by words of the names (not as a number or an id): those
    /// holding a word its readings match, for the word held by fewest.
    /// With [`Matching::WordsScanned`], as before the words were kept:
    /// those holding a word of the first letter of one such word.
    fn word_candidates(&self, kind: RecordKind, c: &Compiled<'_>) -> Option<Vec<u32>> {
        if kind != RecordKind::Client || c.matching == Matching::Fuzzy {
            return None;
        }
        let words = self.words();
        let scanned = c.matching == Matching::WordsScanned;
        let mut fewest: Option<(usize, Vec<usize>)> = None;
        let by_words = |w: &&Word| !w.negated && w.nik.is_none() && w.register.is_none() && w.id.is_none();
        for w in c.words.iter().filter(by_words) {
            // every part of a reading must match a word: its first will do
            let firsts: Option<Vec<&Part>> =
                w.readings.iter().map(|r| r.first().filter(|p| !p.text.is_empty())).collect();
            let Some(firsts) = firsts else { continue };
            let matched: Vec<usize> = if scanned {
                let letter = |p: &&Part| p.text.as_bytes().first().copied();
                let Some(b) = firsts.first().and_then(letter) else { continue };
                if firsts.iter().any(|p| letter(p) != Some(b)) {
                    continue;
                }
                words.starting_with(&[b]).collect()
            } else {
                firsts.into_iter().flat_map(|p| matched_words(p, words)).map(|(k, _)| k).collect()
            };
            let held = matched.iter().map(|&k| words.count(k)).sum::<usize>();
            if fewest.as_ref().is_none_or(|(n, _)| held < *n) {
                fewest = Some((held, matched));
            }
        }
        let (_, matched) = fewest?;
        let mut holds = vec![false; self.clients.len()];
        for k in matched {
            for (i, _) in words.clients(k) {
                if let Some(h) = holds.get_mut(i) {
                    *h = true;
                }
            }
        }
        Some(holds.iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| idx32(i)).collect())
    }

    /// Id of the entry at a position (see [`SearchIndex::search_positions`]).
    pub fn id_at_position(&self, kind: RecordKind, pos: u32) -> Option<u64> {
        match kind {
            RecordKind::Client => self.clients.get(pos as usize).map(|e| e.id),
            RecordKind::Stakeholder => self.stakeholders.get(pos as usize).map(|e| e.id),
            RecordKind::Event => self.events.get(pos as usize).map(|e| e.id),
            RecordKind::Referral | RecordKind::User => None,
        }
    }

    /// [`SearchIndex::scan`] of the whole table, or of some of its positions.
    fn scan_some<E: Searchable + Sync>(
        &self,
        kind: RecordKind,
        entries: &[E],
        c: &Compiled<'_>,
        within: Option<&[u32]>,
        test: impl Fn(&E, &Filter<'_>) -> bool + Sync,
    ) -> Vec<(u64, u32)> {
        let Some(within) = within else {
            return self.scan(kind, entries, c, usize::MAX, None, test);
        };
        // In table order the entries are read front to back, which the
        // memory system rewards; the previous hits come best first.
        let mut sorted = within.to_vec();
        sorted.sort_unstable();
        let within = sorted.as_slice();
        let run = |part: &[u32]| {
            let mut m = c.nucleo();
            let mut buf = Vec::new();
            let mut found = Vec::with_capacity(part.len());
            for &i in part {
                let Some(e) = entries.get(i as usize) else { continue };
                if !c.filters.iter().all(|(neg, f)| test(e, f) != *neg) {
                    continue;
                }
                if let Some(score) = text_score(c, &e.text(), &mut m, &mut buf) {
                    let key = if c.scored {
                        let inv = u64::from(u16::MAX - u16::try_from(score).unwrap_or(u16::MAX));
                        (inv << 32) | u64::from(self.name_rank(kind, i as usize))
                    } else {
                        u64::from(i)
                    };
                    found.push((key, i));
                }
            }
            found
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS);
        let mut found = if threads < 2 || within.len() < PARALLEL_FROM {
            run(within)
        } else {
            let chunk = within.len().div_ceil(threads);
            std::thread::scope(|s| {
                let handles: Vec<_> = within.chunks(chunk).skip(1).map(|part| s.spawn(move || run(part))).collect();
                let mut found = run(within.get(..chunk).unwrap_or(within));
                for h in handles {
                    found.extend(h.join().unwrap_or_default());
                }
                found
            })
        };
        // Keys are unique (the name rank, or the position, breaks ties): the
        // order is the full search's whatever order the candidates came in.
        found.sort_unstable_by_key(|k| k.0);
        found
    }

    /// The highlight of a text shown for a record of `kind` (a short name,
    /// say) for a query: char indices, ascending.
    pub fn highlight_text(&self, kind: RecordKind, q: &Query, text: &str) -> Vec<u32> {
        match self.compile(kind, q) {
            Some(c) if c.scored => highlights(&c, text, &mut c.nucleo()),
            _ => Vec::new(),
        }
    }

    /// Searches clients, stakeholders and events at once, at most
    /// `limit_per_kind` hits each.
    pub fn global(&self, q: &Query, limit_per_kind: usize) -> GlobalHits {
        GlobalHits {
            clients: self.search(RecordKind::Client, q, Some(limit_per_kind)),
            stakeholders: self.search(RecordKind::Stakeholder, q, Some(limit_per_kind)),
            events: self.search(RecordKind::Event, q, Some(limit_per_kind)),
        }
    }

    /// The highlight of a record's display name for a query (for rows past
    /// the first [`HIGHLIGHTED`] hits).
    pub fn highlight(&self, record: RecordRef, q: &Query) -> Vec<u32> {
        let kind = match record.kind {
            RecordKind::Client => RecordKind::Client,
            RecordKind::Stakeholder => RecordKind::Stakeholder,
            RecordKind::Event => RecordKind::Event,
            RecordKind::Referral | RecordKind::User => return Vec::new(),
        };
        match (self.display_name(record), self.compile(kind, q)) {
            (Some(name), Some(c)) => highlights(&c, name, &mut c.nucleo()),
            _ => Vec::new(),
        }
    }

    /// The (score, index) of every entry that matches, in index order.
    /// Scored scans of large tables are split across threads: fuzzy
    /// scoring is most of a keystroke's cost and parallelises perfectly.
    /// Each part is ranked by its thread (best `limit` kept), and the
    /// sorted parts are merged.
    fn scan<E: Searchable + Sync>(
        &self,
        kind: RecordKind,
        entries: &[E],
        c: &Compiled<'_>,
        cap: usize,
        limit: Option<usize>,
        test: impl Fn(&E, &Filter<'_>) -> bool + Sync,
    ) -> Vec<(u64, u32)> {
        let run = |from: usize, part: &[E]| {
            let mut found = scan_part(from, part, c, cap, &test);
            if c.scored {
                for (key, i) in found.iter_mut() {
                    *key |= u64::from(self.name_rank(kind, *i as usize));
                }
                match limit {
                    Some(n) if n < found.len() => {
                        found.select_nth_unstable_by_key(n.saturating_sub(1), |k| k.0);
                        found.truncate(n);
                    }
                    _ => {}
                }
                found.sort_unstable_by_key(|k| k.0);
            }
            found
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS);
        if !c.scored || threads < 2 || entries.len() < PARALLEL_FROM {
            return run(0, entries);
        }
        let chunk = entries.len().div_ceil(threads);
        std::thread::scope(|s| {
            let mut handles = Vec::new();
            for (n, part) in entries.chunks(chunk).enumerate().skip(1) {
                let run = &run;
                handles.push(s.spawn(move || run(n * chunk, part)));
            }
            let mut found = run(0, entries.get(..chunk).unwrap_or(entries));
            for h in handles {
                // A panicking scan thread would be a bug; its part is then left out
                // rather than taking the UI down.
                found.extend(h.join().unwrap_or_default());
            }
            // The parts are sorted runs: the stable sort merges them in linear passes.
            found.sort_by_key(|k| k.0);
            found
        })
    }

    fn name_rank(&self, kind: RecordKind, i: usize) -> u32 {
        match kind {
            RecordKind::Client => self.clients.name_rank(i),
            RecordKind::Stakeholder => self.stakeholders.name_rank(i),
            RecordKind::Event => self.events.name_rank(i),
            RecordKind::Referral | RecordKind::User => 0,
        }
    }

    fn display_at(&self, kind: RecordKind, i: usize) -> &str {
        match kind {
            RecordKind::Client => self.clients.get(i).map_or("", |e| e.display()),
            RecordKind::Stakeholder => self.stakeholders.get(i).map_or("", |e| &e.name),
            RecordKind::Event => self.events.get(i).map_or("", |e| &e.title),
            RecordKind::Referral | RecordKind::User => "",
        }
    }

    fn id_at(&self, kind: RecordKind, i: usize) -> u64 {
        match kind {
            RecordKind::Client => self.clients.get(i).map_or(0, |e| e.id),
            RecordKind::Stakeholder => self.stakeholders.get(i).map_or(0, |e| e.id),
            RecordKind::Event => self.events.get(i).map_or(0, |e| e.id),
            RecordKind::Referral | RecordKind::User => 0,
        }
    }

    /// Readies a query for a kind; `None` when a qualifier does not apply.
    fn compile<'q>(&self, kind: RecordKind, q: &'q Query) -> Option<Compiled<'q>> {
        let mut c = Compiled {
            matching: self.matching,
            words: Vec::new(),
            phrases: Vec::new(),
            filters: Vec::new(),
            scored: false,
        };
        let mut archived_given = false;
        for t in &q.terms {
            match &t.kind {
                TermKind::Free(w) => {
                    let folded = fold(w);
                    if folded.is_empty() {
                        continue;
                    }
                    let digits = w.chars().all(|ch| ch.is_ascii_digit()) && w.len() >= 4;
                    let reg = register_key(w);
                    // the other reading of a tj or dj is a guess already: no typo on top
                    let parts = |(n, folded): (usize, &String)| {
                        let typo = |p: &str| n == 0 && p.chars().count() >= TYPO_FROM;
                        folded.split(' ').map(|p| Part { text: p.into(), typo: typo(p) }).collect()
                    };
                    c.words.push(Word {
                        negated: t.negated,
                        readings: readings(w).iter().enumerate().map(parts).collect(),
                        needle: Utf32String::from(folded.as_str()),
                        nik: digits.then(|| w.clone()),
                        register: (reg.chars().any(|ch| ch.is_ascii_digit())).then_some(reg),
                        id: id_named(w, kind),
                    });
                    c.scored |= !t.negated;
                }
                TermKind::Phrase(p) => {
                    let folded = fold(p);
                    if !folded.is_empty() {
                        c.phrases.push((t.negated, folded));
                        c.scored |= !t.negated;
                    }
                }
                TermKind::Qualifier(qual) => {
                    archived_given |= matches!(qual, Qualifier::Archived(_));
                    c.filters.push((t.negated, self.filter(kind, qual)?));
                }
            }
        }
        if !archived_given && !q.include_archived {
            c.filters.push((false, Filter::Archived(false)));
        }
        // Cheap tests first: enum compares before substring searches.
        c.filters.sort_by_key(|(_, f)| match f {
            Filter::Skill(_) | Filter::Region(_) | Filter::Service(_) | Filter::Stakeholders(_) => 1,
            _ => 0,
        });
        Some(c)
    }

    fn filter<'q>(&self, kind: RecordKind, q: &'q Qualifier) -> Option<Filter<'q>> {
        use RecordKind::*;
        let contains = |v: &str| {
            let v = fold(v);
            self.names.strings.iter().map(|s| s.contains(v.as_str())).collect::<Vec<bool>>()
        };
        let f = match (kind, q) {
            (_, Qualifier::Archived(b)) => Filter::Archived(*b),
            (_, Qualifier::Id(r)) if r.kind == kind => Filter::Id(r.id),
            (Client, Qualifier::Risk(r)) => Filter::Risk(*r),
            (Client, Qualifier::Status(s)) => match (s.client(), s.referral()) {
                (Some(cs), _) => Filter::ClientStatus(cs),
                (None, Some(rs)) => Filter::ReferralStatus(rs),
                (None, None) => return None,
            },
            (Stakeholder, Qualifier::Status(s)) => Filter::StakeholderStatus(s.stakeholder()?),
            (Client, Qualifier::Office(v)) => Filter::Office(contains(v)),
            (Client, Qualifier::Officer(v)) => Filter::Officer(contains(v)),
            // the user's own clients: their officer is the user's officer name, whole
            (Client, Qualifier::OfficerMe(me)) => {
                let me = me.as_deref().map(crate::model::fold::name_key);
                Filter::Officer(
                    self.names
                        .strings
                        .iter()
                        .map(|s| me.as_deref() == Some(crate::model::fold::name_key(s).as_str()))
                        .collect(),
                )
            }
            (Client, Qualifier::Skill(v)) => Filter::Skill(fold(v)),
            (Client, Qualifier::Need(n)) => Filter::Need(*n),
            (Client, Qualifier::Gender(g)) => Filter::Gender(*g),
            (Client, Qualifier::Nik(p)) => Filter::Nik(p),
            (Client, Qualifier::Phase(p)) => Filter::Phase(*p),
            (Client, Qualifier::Rri(r)) => Filter::Rri(*r),
            (Client, Qualifier::Missed(n, plus)) => Filter::Missed(*n, *plus),
            (Client, Qualifier::ReportToday) => Filter::ReportToday,
            (Client | Event, Qualifier::Stakeholder(v)) => {
                let v = fold(v);
                Filter::Stakeholders(
                    self.stakeholders.iter().filter(|s| s.haystack.contains(v.as_str())).map(|s| s.id).collect(),
                )
            }
            (Client | Event, Qualifier::Date(d)) => {
                let (a, b) = d.range()?;
                Filter::Period(a, b)
            }
            (Client | Event, Qualifier::After(d)) => Filter::After(*d),
            (Client | Event, Qualifier::Before(d)) => Filter::Before(*d),
            (Stakeholder, Qualifier::Kind(KindValue::Stakeholder(k))) => Filter::StakeholderKind(*k),
            (Event, Qualifier::Kind(KindValue::Event(k))) => Filter::EventKind(*k),
            (Stakeholder | Event, Qualifier::Region(v)) => Filter::Region(fold(v)),
            (Stakeholder, Qualifier::Service(v)) => Filter::Service(fold(v)),
            _ => return None,
        };
        Some(f)
    }

    fn test_client(&self, e: &ClientEntry, f: &Filter<'_>) -> bool {
        match f {
            Filter::Phase(p) => e.phase == *p,
            Filter::Rri(r) => e.rri == Some(*r),
            Filter::Missed(n, plus) => {
                if *plus {
                    e.missed >= *n
                } else {
                    e.missed == *n
                }
            }
            Filter::ReportToday => e.due_today,
            Filter::Risk(r) => e.risk == Some(*r),
            Filter::ClientStatus(s) => e.status == *s,
            Filter::ReferralStatus(s) => e.referrals.iter().any(|(_, rs)| rs == s),
            Filter::Office(set) => set.get(e.office as usize).copied().unwrap_or(false),
            Filter::Officer(set) => set.get(e.officer as usize).copied().unwrap_or(false),
            Filter::Skill(v) => e.skills().contains(v.as_str()),
            Filter::Need(n) => needs_has(e.needs, *n),
            Filter::Gender(g) => e.gender == *g,
            Filter::Stakeholders(ids) => e.referrals.iter().any(|(s, _)| ids.contains(s)),
            Filter::Period(a, b) => e.start.is_some_and(|s| s <= *b) && e.end.is_none_or(|x| x >= *a),
            Filter::After(d) => e.start.is_some_and(|s| s >= *d),
            Filter::Before(d) => e.start.is_some_and(|s| s <= *d),
            Filter::Archived(b) => e.archived == *b,
            Filter::Nik(p) => e.nik().starts_with(p),
            Filter::Id(id) => e.id == *id,
            _ => false,
        }
    }

    fn test_stakeholder(&self, e: &StakeholderEntry, f: &Filter<'_>) -> bool {
        match f {
            Filter::StakeholderStatus(s) => e.status == *s,
            Filter::StakeholderKind(k) => e.kind == *k,
            Filter::Region(v) => e.region.contains(v.as_str()),
            Filter::Service(v) => e.services.contains(v.as_str()),
            Filter::Archived(b) => e.archived == *b,
            Filter::Id(id) => e.id == *id,
            _ => false,
        }
    }

    fn test_event(&self, e: &EventEntry, f: &Filter<'_>) -> bool {
        match f {
            Filter::EventKind(k) => e.kind == *k,
            Filter::Region(v) => e.location.contains(v.as_str()),
            Filter::Stakeholders(ids) => e.stakeholders.iter().any(|s| ids.contains(s)),
            Filter::Period(a, b) => e.start <= *b && e.end >= *a,
            Filter::After(d) => e.start >= *d,
            Filter::Before(d) => e.start <= *d,
            Filter::Archived(b) => e.archived == *b,
            Filter::Id(id) => e.id == *id,
            _ => false,
        }
    }
}

/// Scans a part of a table: `(key, index)` of every match in index order,
/// the key holding the inverted score in its upper half (so that ascending
/// keys are best first) and room for the name rank in its lower half.
fn scan_part<E: Searchable>(
    from: usize,
    part: &[E],
    c: &Compiled<'_>,
    cap: usize,
    test: &impl Fn(&E, &Filter<'_>) -> bool,
) -> Vec<(u64, u32)> {
    let mut m = c.nucleo();
    let mut buf = Vec::new();
    let mut found = Vec::new();
    for (i, e) in part.iter().enumerate() {
        if found.len() >= cap {
            break;
        }
        if !c.filters.iter().all(|(neg, f)| test(e, f) != *neg) {
            continue;
        }
        if let Some(score) = text_score(c, &e.text(), &mut m, &mut buf) {
            let inv = u64::from(u16::MAX - u16::try_from(score).unwrap_or(u16::MAX));
            found.push((inv << 32, u32::try_from(from + i).unwrap_or(u32::MAX)));
        }
    }
    found
}

/// The score held in a ranking key.
fn score_of(key: u64) -> u32 {
    u32::from(u16::MAX) - u32::try_from(key >> 32).unwrap_or(0)
}

/// What the text matching of an entry reads.
struct Text<'a> {
    /// Folded names, single-spaced: the name, then the aliases.
    hay: &'a str,
    /// Where the name ends in `hay` (bytes).
    name_end: usize,
    /// NIK digits ("" where the kind has none).
    nik: &'a str,
    /// Register number as written ("" where the kind has none).
    register: &'a str,
    /// Record id.
    id: u64,
}

/// The text matching of an entry reads.
trait Searchable {
    fn text(&self) -> Text<'_>;
}

impl Searchable for ClientEntry {
    fn text(&self) -> Text<'_> {
        Text {
            hay: self.haystack(),
            name_end: self.folded_name().len(),
            nik: self.nik(),
            register: self.register_no(),
            id: self.id,
        }
    }
}

impl Searchable for StakeholderEntry {
    // the short name is a name too: it is what the list shows
    fn text(&self) -> Text<'_> {
        Text { hay: &self.haystack, name_end: self.haystack.len(), nik: "", register: "", id: self.id }
    }
}

impl Searchable for EventEntry {
    // after the title comes the location
    fn text(&self) -> Text<'_> {
        Text { hay: &self.haystack, name_end: self.folded_title_len as usize, nik: "", register: "", id: self.id }
    }
}

fn matcher() -> Matcher {
    let mut config = Config::DEFAULT;
    // The haystacks are folded already; nucleo's own normalisation would
    // only cost time.
    config.normalize = false;
    config.prefer_prefix = true;
    Matcher::new(config)
}

impl Compiled<'_> {
    /// A fuzzy matcher, for [`Matching::Fuzzy`] only (each allocates 135 KB).
    fn nucleo(&self) -> Option<Matcher> {
        (self.matching == Matching::Fuzzy).then(matcher)
    }
}

/// The id of the record of `kind` a word names: `K-000173`, `k173`,
/// `K000173`, `000173` or `173` (the kind's letter in any case, the dash
/// after it and leading zeros optional). A word with another kind's
/// letter names none.
fn id_named(word: &str, kind: RecordKind) -> Option<u64> {
    let digits = match word.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => {
            if RecordKind::from_prefix(c) != Some(kind) {
                return None;
            }
            let rest = word.get(1..)?;
            rest.strip_prefix('-').unwrap_or(rest)
        }
        _ => word,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The text score of an entry, `None` when a word or phrase rules it out.
fn text_score(c: &Compiled<'_>, t: &Text<'_>, m: &mut Option<Matcher>, buf: &mut Vec<char>) -> Option<u32> {
    let mut total = 0u32;
    for (negated, p) in &c.phrases {
        let found = t.hay.find(p.as_str());
        if found.is_some() == *negated {
            return None;
        }
        if found.is_some() {
            // A phrase at the start of the name counts double.
            let n = u32::try_from(p.len()).unwrap_or(0) * PHRASE_CHAR_SCORE;
            total += if found == Some(0) { 2 * n } else { n };
        }
    }
    // scores and parts of the words matched against words of the names
    let (mut by_words, mut parts) = (0u32, 0usize);
    for w in &c.words {
        let score = if let Some(s) = number_score(w, t) {
            Some(s)
        } else {
            match m {
                None => {
                    let s = word_score(w, t.hay, t.name_end);
                    if let (Some(s), false) = (s, w.negated) {
                        by_words += s;
                        parts += w.readings.first().map_or(0, Vec::len);
                    }
                    s
                }
                Some(m) => {
                    let hay = Utf32Str::new(t.hay, buf);
                    if w.needle.len() == 2 {
                        two_letter_score(m, hay, w.needle.slice(..))
                    } else {
                        m.fuzzy_match(hay, w.needle.slice(..)).map(u32::from)
                    }
                }
            }
        };
        match (score, w.negated) {
            (Some(_), true) | (None, false) => return None,
            (Some(s), false) => total += s,
            (None, true) => {}
        }
    }
    if parts > 1 {
        // each word its own word of the names: "khoirul khoiri" is not Khoirul alone
        total = total - by_words + distinct_score(c, t)?;
    }
    Some(total)
}

/// The score of a word naming the entry's id or starting its NIK or
/// register number.
fn number_score(w: &Word, t: &Text<'_>) -> Option<u32> {
    if w.id == Some(t.id) {
        return Some(ID_SCORE);
    }
    let number = w.nik.as_deref().is_some_and(|d| !t.nik.is_empty() && t.nik.starts_with(d))
        || w.register.as_deref().is_some_and(|r| register_key_starts_with(t.register, r));
    number.then_some(NUMBER_SCORE)
}

/// The best score of the query's words (those not matched as numbers)
/// when each part matches a different word of the names (by its folded
/// text: a name and its old-spelling alias share their words), over
/// every choice of the words' readings.
fn distinct_score(c: &Compiled<'_>, t: &Text<'_>) -> Option<u32> {
    let words: Vec<&Word> = c.words.iter().filter(|w| !w.negated && number_score(w, t).is_none()).collect();
    let choices: usize = words.iter().map(|w| w.readings.len().max(1)).product();
    let mut best = None;
    for mut k in 0..choices {
        let mut candidates: Vec<Vec<(&str, u32)>> = Vec::new();
        for w in &words {
            let n = w.readings.len().max(1);
            for p in w.readings.get(k % n).into_iter().flatten() {
                candidates.push(matching_words(p, t.hay, t.name_end));
            }
            k /= n;
        }
        if candidates.iter().all(|c| !c.is_empty()) {
            best = best.max(assign(&candidates, &mut Vec::new()));
        }
    }
    best
}

/// The best total of one candidate per part, no word used twice.
fn assign<'h>(candidates: &[Vec<(&'h str, u32)>], used: &mut Vec<&'h str>) -> Option<u32> {
    let Some((first, rest)) = candidates.split_first() else { return Some(0) };
    let mut best = None;
    for (w, s) in first {
        if used.contains(w) {
            continue;
        }
        used.push(w);
        best = best.max(assign(rest, used).map(|r| r + s));
        used.pop();
    }
    best
}

/// Every word of `hay` a part matches, by folded text, with its best score.
fn matching_words<'h>(p: &Part, hay: &'h str, name_end: usize) -> Vec<(&'h str, u32)> {
    let mut out: Vec<(&'h str, u32)> = Vec::new();
    let mut start = 0;
    for w in hay.split(' ') {
        if let Some((score, _)) = score_word(p, w.as_bytes(), start, name_end) {
            match out.iter_mut().find(|(x, _)| *x == w) {
                Some(seen) => seen.1 = seen.1.max(score),
                None => out.push((w, score)),
            }
        }
        start += w.len() + 1;
    }
    out
}

/// The score of a part matching the word `w` at byte `start` of the
/// names (the name's up to `name_end`), and the bytes of `w` it covers.
fn score_word(p: &Part, w: &[u8], start: usize, name_end: usize) -> Option<(u32, usize)> {
    let (score, len) = base_score(p, w)?;
    Some((score + place_score(Place::at(start, name_end)), len))
}

/// The score of a part matching the word `w` wherever it stands, and the
/// bytes of `w` it covers.
fn base_score(p: &Part, w: &[u8]) -> Option<(u32, usize)> {
    let q = p.text.as_bytes();
    // the first letters are the same, typo or not: most words end here
    if w.first() != q.first() {
        return None;
    }
    let (how, len) = word_match(q, w, p.typo)?;
    let score = match how {
        How::Whole => WHOLE_SCORE,
        How::Start => START_SCORE + COVER_SCORE * idx32(q.len()) / idx32(w.len()).max(1),
        How::Typo => TYPO_SCORE,
    };
    Some((score, len))
}

/// What a word's place in the names adds to its score.
fn place_score(place: Place) -> u32 {
    match place {
        Place::First => IN_NAME_SCORE + FIRST_WORD_SCORE,
        Place::Name => IN_NAME_SCORE,
        Place::Alias => 0,
    }
}

/// The words of `words` a part matches, with their scores wherever they
/// stand: those it starts, or with a typo those of its first letter.
fn matched_words<'a>(p: &'a Part, words: &'a Words) -> impl Iterator<Item = (usize, u32)> + 'a {
    let q = p.text.as_bytes();
    let range = if p.typo { words.starting_with(q.get(..1).unwrap_or_default()) } else { words.starting_with(q) };
    range.filter_map(move |k| base_score(p, words.word(k)).map(|(s, _)| (k, s)))
}

/// The score of a word, by its best reading whose every part matches a
/// word of `hay`.
fn word_score(w: &Word, hay: &str, name_end: usize) -> Option<u32> {
    w.readings.iter().filter_map(|parts| reading_score(parts, hay, name_end)).max()
}

fn reading_score(parts: &[Part], hay: &str, name_end: usize) -> Option<u32> {
    parts.iter().try_fold(0, |total, p| best_word(p, hay, name_end).map(|(s, _, _)| total + s))
}

/// The best word of `hay` (single-spaced words, the name's up to byte
/// `name_end`) a part matches: (score, byte offset, bytes matched).
fn best_word(p: &Part, hay: &str, name_end: usize) -> Option<(u32, usize, usize)> {
    let h = hay.as_bytes();
    let mut best: Option<(u32, usize, usize)> = None;
    let mut start = 0;
    while start < h.len() {
        let end = h.get(start..).and_then(|r| r.iter().position(|&b| b == b' ')).map_or(h.len(), |i| start + i);
        let w = h.get(start..end).unwrap_or_default();
        if let Some((score, len)) = score_word(p, w, start, name_end)
            && best.is_none_or(|(s, _, _)| score > s)
        {
            best = Some((score, start, len));
        }
        start = end + 1;
    }
    best
}

fn idx32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How a part matched a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// The whole word.
    Whole,
    /// Its start.
    Start,
    /// Its start, with one typo.
    Typo,
}

/// Whether the folded part `q` matches the folded word `w`, and how many
/// bytes of `w` it covers: `w` starts with `q`, or (with `typo`) with
/// `q` but for one letter wrong, missing, extra, or two side by side
/// swapped, the first letter right. Compared as bytes, a letter being a
/// whole UTF-8 sequence.
fn word_match(q: &[u8], w: &[u8], typo: bool) -> Option<(How, usize)> {
    let mut l = q.iter().zip(w).take_while(|(a, b)| a == b).count();
    if l == q.len() {
        return Some((if w.len() == q.len() { How::Whole } else { How::Start }, l));
    }
    if !typo {
        return None;
    }
    // the first letter that differs starts at a char boundary
    while l > 0 && q.get(l).is_some_and(|b| b & 0xC0 == 0x80) {
        l -= 1;
    }
    // a wrong first letter counts as two typos: it brings in too many names
    if l == 0 {
        return None;
    }
    let (before, rest_q) = q.split_at(l);
    let rest_w = w.get(l..).unwrap_or_default();
    let a = rest_q.get(..utf8_len(*rest_q.first()?))?;
    let after_q = rest_q.get(a.len()..).unwrap_or_default();
    let typo = |covered: usize| Some((How::Typo, before.len() + covered));
    // the checks that cover the most of the word come first (for highlights)
    if let Some(&lead) = rest_w.first() {
        let after_w = rest_w.get(utf8_len(lead)..).unwrap_or_default();
        let wa = rest_w.len() - after_w.len();
        // a letter wrong
        if after_w.starts_with(after_q) {
            return typo(wa + after_q.len());
        }
        // two letters swapped: the query's `a b` is the word's `b a`
        if let Some(&lead_b) = after_q.first() {
            let b = after_q.get(..utf8_len(lead_b)).unwrap_or_default();
            let after_b = after_q.get(b.len()..).unwrap_or_default();
            let swapped = rest_w.starts_with(b)
                && rest_w.get(b.len()..).is_some_and(|r| r.starts_with(a))
                && rest_w.get(b.len() + a.len()..).is_some_and(|r| r.starts_with(after_b));
            if swapped {
                return typo(rest_q.len());
            }
        }
        // a letter missing from the query
        if after_w.starts_with(rest_q) {
            return typo(wa + rest_q.len());
        }
    }
    // a letter too many in the query
    if rest_w.starts_with(after_q) { typo(after_q.len()) } else { None }
}

/// The length of the UTF-8 sequence a lead byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The score of a two-letter word. Optimal fuzzy scoring of two letters
/// over every name is the most expensive keystroke (half the table
/// matches, and the scoring matrix is filled for each), so the letters
/// side by side are scored as a substring, which is much cheaper, and
/// letters apart (a weak match for so short a word) score 1 and rank by
/// name. What matches is unchanged: the letters in order.
fn two_letter_score(m: &mut Matcher, hay: Utf32Str<'_>, needle: Utf32Str<'_>) -> Option<u32> {
    if let Some(s) = m.substring_match(hay, needle) {
        return Some(u32::from(s));
    }
    let mut want = needle.chars();
    let mut next = want.next();
    for c in hay.chars() {
        if Some(c) == next {
            next = want.next();
            if next.is_none() {
                return Some(1);
            }
        }
    }
    None
}

/// Char indices of `display` that the query's words and phrases match.
fn highlights(c: &Compiled<'_>, display: &str, m: &mut Option<Matcher>) -> Vec<u32> {
    let (folded, map) = fold_with_map(display);
    let mut hits: Vec<u32> = Vec::new();
    match m {
        None => {
            let end = folded.len();
            let best = c
                .words
                .iter()
                .filter(|w| !w.negated)
                .filter_map(|w| w.readings.iter().max_by_key(|parts| reading_score(parts, &folded, end)));
            for p in best.flatten() {
                if let Some((_, at, len)) = best_word(p, &folded, folded.len()) {
                    let first = folded.get(..at).map_or(0, |s| s.chars().count());
                    let n = folded.get(at..at + len).map_or(0, |s| s.chars().count());
                    hits.extend((first..first + n).filter_map(|i| u32::try_from(i).ok()));
                }
            }
        }
        Some(m) => {
            let mut buf = Vec::new();
            let hay = Utf32Str::new(&folded, &mut buf);
            for w in c.words.iter().filter(|w| !w.negated) {
                m.fuzzy_indices(hay, w.needle.slice(..), &mut hits);
            }
        }
    }
    for (_, p) in c.phrases.iter().filter(|(neg, _)| !neg) {
        if let Some(at) = folded.find(p.as_str()) {
            let first = folded.get(..at).map_or(0, |s| s.chars().count());
            let n = p.chars().count();
            hits.extend((first..first + n).filter_map(|i| u32::try_from(i).ok()));
        }
    }
    let mut out: Vec<u32> = hits.into_iter().filter_map(|i| map.get(i as usize)).flat_map(|(a, b)| *a..=*b).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::search::parse;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn client(id: u64, name: &str) -> Client {
        let mut c = Client::new(name);
        c.meta.id = id;
        c.office = "BAPAS Malang".into();
        c.officer = "Rina Wati".into();
        c
    }

    /// A small world: the stakeholders and events of the article, a few clients.
    fn world() -> SearchIndex {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        let mut lazismu =
            Stakeholder::new("Lembaga Amil Zakat Infaq dan Shadaqah Muhammadiyah Jatim", StakeholderKind::Zakat);
        lazismu.meta.id = 1;
        lazismu.short_name = "LAZISMU".into();
        lazismu.region = "Jawa Timur".into();
        lazismu.services = vec!["Modal usaha".into(), "Pendidikan".into()];
        let mut barista = Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas);
        barista.meta.id = 2;
        barista.region = "Kab. Malang".into();
        let mut unodc = Stakeholder::new("UNODC", StakeholderKind::International);
        unodc.meta.id = 3;
        unodc.status = StakeholderStatus::Inactive;
        for s in [&lazismu, &barista, &unodc] {
            idx.upsert_stakeholder(s);
        }

        let mut c1 = client(1, "Soekarno Hadi");
        c1.aliases = vec!["Abu Fulan".into()];
        c1.register_no = "PB.12/2023".into();
        c1.nik = Some("3507010101800001".into());
        c1.skills = vec!["Barista".into()];
        c1.needs = vec![Need::Capital];
        c1.supervision_start = Some(d(2023, 1, 10));
        c1.supervision_end = Some(d(2024, 1, 10));
        c1.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: d(2023, 5, 1),
            category: RiskCategory::Hijau,
            rri: None,
            assessor: String::new(),
            reason: String::new(),
        });
        let r1 = Referral::new(ClientId(1), StakeholderId(1), "modal", d(2023, 10, 1));
        idx.upsert_client(&c1, std::slice::from_ref(&r1));

        let mut c2 = client(2, "Djoko Santoso");
        c2.office = "BAPAS Surabaya".into();
        c2.officer = "Agus".into();
        c2.gender = Gender::Male;
        c2.supervision_start = Some(d(2022, 6, 1));
        c2.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: d(2023, 5, 1),
            category: RiskCategory::Merah,
            rri: None,
            assessor: String::new(),
            reason: String::new(),
        });
        c2.status = ClientStatus::Completed;
        let mut r2 = Referral::new(ClientId(2), StakeholderId(2), "pelatihan", d(2023, 3, 1));
        r2.move_to(ReferralStatus::Declined, d(2023, 3, 2), "").unwrap();
        idx.upsert_client(&c2, &[r2]);

        let mut c3 = client(3, "Siti Nurhaliza");
        c3.gender = Gender::Female;
        c3.nik = Some("3507414101900002".into());
        idx.upsert_client(&c3, &[]);

        let mut c4 = client(4, "Sukarni");
        c4.meta.archived = true;
        idx.upsert_client(&c4, &[]);

        let mut c5 = client(5, "Yoko Pratama");
        c5.aliases = vec!["Tjipto".into()];
        idx.upsert_client(&c5, &[]);

        let mut e1 =
            Event::new("Lokakarya Penguatan Kerjasama Antar Lembaga", EventKind::Workshop, When::Date(d(2023, 10, 1)));
        e1.meta.id = 1;
        e1.end = Some(When::Date(d(2023, 10, 4)));
        e1.location = "Amartha Hills, Kota Batu".into();
        e1.participants
            .push(Participant::new(Who::Stakeholder { stakeholder: StakeholderId(1), representative: String::new() }));
        let mut e2 = Event::new("Kunjungan DITJENPAS dan UNODC", EventKind::Visit, When::Date(d(2023, 4, 12)));
        e2.meta.id = 2;
        e2.organisers = vec![StakeholderId(3)];
        e2.location = "BAPAS Malang".into();
        idx.upsert_event(&e1);
        idx.upsert_event(&e2);
        idx
    }

    fn ids(idx: &SearchIndex, kind: RecordKind, q: &str) -> Vec<u64> {
        let q = parse(q).unwrap_or_else(|e| panic!("{q}: {e:?}"));
        idx.search(kind, &q, None).into_iter().map(|h| h.record.id).collect()
    }

    fn clients(idx: &SearchIndex, q: &str) -> Vec<u64> {
        ids(idx, RecordKind::Client, q)
    }

    #[test]
    fn empty_query_lists_current_records_in_natural_order() {
        let idx = world();
        assert_eq!(clients(&idx, ""), vec![1, 2, 3, 5]);
        assert_eq!(ids(&idx, RecordKind::Stakeholder, ""), vec![1, 2, 3]);
        assert!(idx.search(RecordKind::Client, &Query::default(), None).iter().all(|h| h.score == 0));
        assert_eq!(idx.search(RecordKind::Client, &Query::default(), Some(2)).len(), 2);
    }

    #[test]
    fn old_and_new_spellings_find_each_other() {
        let idx = world();
        assert_eq!(clients(&idx, "Sukarno"), vec![1]);
        assert_eq!(clients(&idx, "soekarno"), vec![1]);
        assert_eq!(
            clients(&idx, "Joko"),
            vec![2, 5],
            "Djoko by spelling, Yoko as j and y meet; tie by name as written"
        );
        assert_eq!(clients(&idx, "djoko santoso"), vec![2]);
        assert_eq!(clients(&idx, "Cipto"), vec![5], "alias Tjipto");
        assert_eq!(clients(&idx, "SITI"), vec![3]);
        assert_eq!(clients(&idx, "sīti nurhalīza"), vec![3], "accents do not matter");
    }

    #[test]
    fn aliases_match() {
        let idx = world();
        assert_eq!(clients(&idx, "fulan"), vec![1]);
        assert_eq!(clients(&idx, "abu"), vec![1]);
        assert_eq!(clients(&idx, "\"abu fulan\""), vec![1]);
    }

    #[test]
    fn nik_and_register_match_by_prefix() {
        let idx = world();
        assert_eq!(clients(&idx, "3507"), vec![3, 1], "same score: by name");
        assert_eq!(clients(&idx, "35070101"), vec![1]);
        assert_eq!(clients(&idx, "pb.12"), vec![1]);
        assert_eq!(clients(&idx, "PB12/2023"), vec![1]);
        assert_eq!(clients(&idx, "nik:350741"), vec![3]);
        assert!(clients(&idx, "9999").is_empty());
    }

    #[test]
    fn all_words_must_match_and_negation_excludes() {
        let idx = world();
        assert_eq!(clients(&idx, "siti hadi"), Vec::<u64>::new());
        assert_eq!(clients(&idx, "soekarno hadi"), vec![1]);
        assert_eq!(clients(&idx, "joko -santoso"), vec![5]);
        assert_eq!(clients(&idx, "-\"siti\""), vec![1, 2, 5]);
    }

    /// `officer:me` is the user's own clients: the officer is the user's
    /// officer name as a whole (case and spacing ignored), not a part of it.
    #[test]
    fn officer_me_finds_the_users_own_clients() {
        let mut idx = world();
        let mut agung = client(6, "Agung Wibowo");
        agung.officer = "Agus Salim".into();
        idx.upsert_client(&agung, &[]);
        let me = |name: Option<&str>, text: &str| -> Vec<u64> {
            let q = crate::search::query::parse_as(text, &[RecordKind::Client], Role::Officer, name)
                .unwrap_or_else(|e| panic!("{text}: {e:?}"));
            idx.search(RecordKind::Client, &q, None).into_iter().map(|h| h.record.id).collect()
        };
        assert_eq!(clients(&idx, "officer:agus"), vec![2, 6], "the text matches a part");
        assert_eq!(me(Some("agus"), "officer:me"), vec![2], "the user's name matches whole");
        assert_eq!(me(Some("  RINA   wati "), "officer:me"), vec![1, 3, 5]);
        assert_eq!(me(Some("Rina Wati"), "-officer:me"), vec![2, 6]);
        assert_eq!(me(Some("Rina Wati"), "petugas:saya siti"), vec![3]);
        assert!(me(Some("Dwi"), "officer:me").is_empty(), "no client names Dwi");
        assert!(clients(&idx, "officer:me").is_empty(), "unbound, it matches nothing");
    }

    #[test]
    fn each_qualifier_filters_clients() {
        let idx = world();
        assert_eq!(clients(&idx, "risk:hijau"), vec![1]);
        assert_eq!(clients(&idx, "risk:green"), vec![1]);
        assert_eq!(clients(&idx, "-risk:merah"), vec![1, 3, 5]);
        assert_eq!(clients(&idx, "status:completed"), vec![2]);
        assert_eq!(clients(&idx, "status:active"), vec![1, 3, 5]);
        assert_eq!(clients(&idx, "status:declined"), vec![2], "a referral status");
        assert_eq!(clients(&idx, "office:malang"), vec![1, 3, 5]);
        assert_eq!(clients(&idx, "kantor:surabaya"), vec![2]);
        assert_eq!(clients(&idx, "officer:agus"), vec![2]);
        assert_eq!(clients(&idx, "skill:barista"), vec![1]);
        assert_eq!(clients(&idx, "need:capital"), vec![1]);
        assert_eq!(clients(&idx, "gender:p"), vec![3]);
        assert_eq!(clients(&idx, "stakeholder:lazismu"), vec![1]);
        assert_eq!(clients(&idx, "mitra:barista"), vec![2]);
        assert_eq!(clients(&idx, "date:2023-10"), vec![1, 2], "under supervision then");
        assert_eq!(clients(&idx, "after:2023-01-01"), vec![1]);
        assert_eq!(clients(&idx, "before:2022-12"), vec![2]);
        assert_eq!(clients(&idx, "archived:yes"), vec![4]);
        assert_eq!(clients(&idx, "archived:no"), vec![1, 2, 3, 5]);
        assert_eq!(clients(&idx, "id:K-000003"), vec![3]);
        assert_eq!(clients(&idx, "sukarn archived:yes"), vec![4]);
        assert_eq!(clients(&idx, "risk:hijau office:malang skill:barista sukarno"), vec![1]);
        // qualifiers that do not apply to clients match none
        assert!(clients(&idx, "kind:pokmas").is_empty());
        assert!(clients(&idx, "-region:x").is_empty());
        assert!(clients(&idx, "status:prospective").is_empty());
    }

    #[test]
    fn qualifiers_of_stakeholders_and_events() {
        let idx = world();
        let st = |q| ids(&idx, RecordKind::Stakeholder, q);
        let ev = |q| ids(&idx, RecordKind::Event, q);
        assert_eq!(st("kind:pokmas"), vec![2]);
        assert_eq!(st("status:inactive"), vec![3]);
        assert_eq!(st("region:malang"), vec![2]);
        assert_eq!(st("service:modal"), vec![1]);
        assert_eq!(st("lazismu"), vec![1], "short name");
        assert_eq!(ev("kind:workshop"), vec![1]);
        assert_eq!(ev("date:2023-10-03"), vec![1], "inside the four days");
        assert_eq!(ev("date:2023"), vec![1, 2]);
        assert_eq!(ev("after:2023-05"), vec![1]);
        assert_eq!(ev("before:2023-05"), vec![2]);
        assert_eq!(ev("stakeholder:unodc"), vec![2]);
        assert_eq!(ev("mitra:lazismu"), vec![1]);
        assert_eq!(ev("lokasi:batu"), vec![1]);
        assert_eq!(ev("batu"), vec![1], "location is searched too");
        assert!(ev("risk:hijau").is_empty());
    }

    #[test]
    fn global_search_spans_kinds() {
        let idx = world();
        let g = idx.global(&parse("malang").unwrap(), 10);
        assert!(g.stakeholders.iter().any(|h| h.record == StakeholderId(2).to_ref()) || g.events.len() == 1);
        assert_eq!(g.events.iter().map(|h| h.record.id).collect::<Vec<_>>(), vec![2]);
        let g = idx.global(&parse("unodc").unwrap(), 10);
        assert_eq!(g.stakeholders.len(), 1);
        assert_eq!(g.events.len(), 1);
        assert!(g.clients.is_empty());
        let g = idx.global(&parse("risk:hijau").unwrap(), 10);
        assert_eq!(g.iter().count(), 1, "client-only qualifier narrows to clients");
        let g = idx.global(&parse("id:S-000002").unwrap(), 10);
        assert_eq!(g.iter().map(|h| h.record).collect::<Vec<_>>(), vec![StakeholderId(2).to_ref()]);
    }

    #[test]
    fn best_matches_first_ties_by_name_then_id() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        for (id, name) in [(1, "Budi Santoso"), (2, "Abdul Bukhori"), (3, "Budi"), (4, "Budi"), (5, "Ahmad Budiman")] {
            idx.upsert_client(&client(id, name), &[]);
        }
        let hits = idx.search(RecordKind::Client, &parse("budi").unwrap(), None);
        let order: Vec<u64> = hits.iter().map(|h| h.record.id).collect();
        assert_eq!(&order[..3], &[3, 4, 1], "{hits:?}");
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        let top = idx.search(RecordKind::Client, &parse("budi").unwrap(), Some(2));
        assert_eq!(top.iter().map(|h| h.record.id).collect::<Vec<_>>(), vec![3, 4]);
        assert!(idx.search(RecordKind::Client, &parse("budi").unwrap(), Some(0)).is_empty());
    }

    #[test]
    fn highlights_land_on_the_displayed_name() {
        let idx = world();
        let hit = &idx.search(RecordKind::Client, &parse("sukarno").unwrap(), None)[0];
        assert_eq!(hit.name_matches, (0..8).collect::<Vec<u32>>(), "all of Soekarno, oe included");
        let hit = &idx.search(RecordKind::Client, &parse("hadi").unwrap(), None)[0];
        assert_eq!(hit.name_matches, vec![9, 10, 11, 12]);
        let hit = &idx.search(RecordKind::Client, &parse("\"santoso\"").unwrap(), None)[0];
        assert_eq!(hit.name_matches, vec![6, 7, 8, 9, 10, 11, 12]);
        let hit = &idx.search(RecordKind::Client, &parse("fulan").unwrap(), None)[0];
        assert!(hit.name_matches.is_empty(), "found through an alias");
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        idx.upsert_client(&client(9, "Zoë Ma'ruf"), &[]);
        let hit = &idx.search(RecordKind::Client, &parse("maruf").unwrap(), None)[0];
        assert_eq!(hit.name_matches, vec![4, 5, 7, 8, 9]);
        assert_eq!(idx.highlight(ClientId(9).to_ref(), &parse("maruf").unwrap()), hit.name_matches);
        assert_eq!(clients(&idx, "zoe"), vec![9]);
    }

    #[test]
    fn large_tables_scanned_in_parts_give_the_same_hits() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        let n = PARALLEL_FROM as u64 * 2 + 7;
        for id in 1..=n {
            let name = if id % 1000 == 0 { format!("Soekarno {id}") } else { format!("Budi {id}") };
            idx.upsert_client(&client(id, &name), &[]);
        }
        let hits = idx.search(RecordKind::Client, &parse("sukarno").unwrap(), None);
        let mut got: Vec<u64> = hits.iter().map(|h| h.record.id).collect();
        got.sort_unstable();
        assert_eq!(got, (1..=n).filter(|id| id % 1000 == 0).collect::<Vec<_>>());
        assert_eq!(idx.search(RecordKind::Client, &parse("budi").unwrap(), None).len() as u64, n - n / 1000);
    }

    /// Clients with names from syllables (old spellings included), some archived.
    fn syllable_world(n: u64) -> SearchIndex {
        const SYL: &[&str] =
            &["su", "soe", "kar", "no", "dj", "o", "ko", "ah", "mad", "si", "ti", "bu", "di", "eko", "tj"];
        let mut idx = world();
        let mut rng = fastrand::Rng::with_seed(7);
        for id in 10..10 + n {
            let word =
                |rng: &mut fastrand::Rng| (0..rng.usize(1..4)).map(|_| SYL[rng.usize(..SYL.len())]).collect::<String>();
            let mut c = client(id, &format!("{} {}", word(&mut rng), word(&mut rng)));
            c.meta.archived = rng.u8(..10) == 0;
            if rng.bool() {
                c.aliases = vec![word(&mut rng)];
            }
            idx.upsert_client(&c, &[]);
        }
        idx
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn typing_narrowed_searches_equal_full_searches(
            typed in "[sukarnodjoetihm -\\\"]{1,12}",
            bs in 0usize..3,
            archived in proptest::bool::ANY,
        ) {
            let idx = syllable_world(400);
            // type, then erase `bs` characters, then type again: every state is a query
            let mut states: Vec<String> = (1..=typed.len()).map(|n| typed[..n].to_string()).collect();
            for k in 1..=bs.min(typed.len()) {
                states.push(typed[..typed.len() - k].to_string());
            }
            states.push(format!("{typed}o"));
            // every earlier state, as the list filter keeps several
            let mut earlier: Vec<(Query, Vec<u32>)> = Vec::new();
            for text in states {
                let Ok(q) = parse(&text) else { continue };
                let q = Query { include_archived: archived, ..q };
                let full = idx.search_positions(RecordKind::Client, &q, None);
                let via_hits: Vec<u64> = idx.search(RecordKind::Client, &q, None).iter().map(|h| h.record.id).collect();
                let full_ids: Vec<u64> = full.iter().filter_map(|p| idx.id_at_position(RecordKind::Client, *p)).collect();
                proptest::prop_assert_eq!(&full_ids, &via_hits, "{}", text);
                for (pq, ph) in earlier.iter().filter(|(pq, _)| q.narrows(pq)) {
                    let inc = idx.search_positions(RecordKind::Client, &q, Some(ph));
                    proptest::prop_assert_eq!(&inc, &full, "{:?} after {:?}", text, pq.to_string());
                }
                earlier.push((q, full));
            }
        }
    }

    #[test]
    fn ids_as_lists_show_them_find_their_record() {
        let idx = world();
        for typed in ["K-000003", "k-000003", "K000003", "k3", "K-3", "000003", "3"] {
            assert_eq!(clients(&idx, typed), vec![3], "{typed}");
        }
        assert!(clients(&idx, "S-000003").is_empty(), "another kind's letter");
        assert!(clients(&idx, "K-000004").is_empty(), "archived");
        assert_eq!(clients(&idx, "K-000004 archived:yes"), vec![4]);
        assert!(clients(&idx, "K-").is_empty() && clients(&idx, "K-00x3").is_empty());
        assert_eq!(clients(&idx, "-k3"), vec![1, 2, 5], "negated");
        assert_eq!(ids(&idx, RecordKind::Stakeholder, "s-000002"), vec![2]);
        assert_eq!(ids(&idx, RecordKind::Stakeholder, "S2"), vec![2]);
        assert_eq!(ids(&idx, RecordKind::Event, "E-000001"), vec![1]);
        assert_eq!(ids(&idx, RecordKind::Event, "e1"), vec![1]);
        let g = idx.global(&parse("s2").unwrap(), 10);
        assert_eq!(g.iter().map(|h| h.record).collect::<Vec<_>>(), vec![StakeholderId(2).to_ref()]);
        let g = idx.global(&parse("000002").unwrap(), 10);
        let found: Vec<RecordRef> = g.iter().map(|h| h.record).collect();
        assert_eq!(
            found,
            vec![ClientId(2).to_ref(), StakeholderId(2).to_ref(), EventId(2).to_ref()],
            "no letter: any kind"
        );
        // the id comes before a number that merely starts the same
        let mut idx = world();
        let mut c = client(3507, "Budi");
        c.register_no = "3507/2020".into();
        idx.upsert_client(&c, &[]);
        assert_eq!(clients(&idx, "3507"), vec![3507, 3, 1], "the id, then NIKs by name");
    }

    /// A word matches a word of the name or an alias, never letters
    /// scattered over several, as a fuzzy matcher would find them.
    #[test]
    fn letters_scattered_over_a_name_match_nothing() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        let mut khoirul = client(1, "Khoirul Prasetyo");
        khoirul.aliases = vec!["Choiroel Prasetjo".into()];
        idx.upsert_client(&khoirul, &[]);
        idx.upsert_client(&client(2, "Suharto Chandra Nyoto"), &[]);
        idx.upsert_client(&client(3, "Djoko Santoso"), &[]);
        idx.upsert_client(&client(4, "Sukarno Wijaya"), &[]);
        assert_eq!(clients(&idx, "djoko"), vec![3]);
        assert_eq!(clients(&idx, "soekarno"), vec![4]);
        assert_eq!(clients(&idx, "prasetyo"), vec![1]);
        assert_eq!(clients(&idx, "yanto"), Vec::<u64>::new(), "not Santoso: the first letter differs");
        idx.set_matching(Matching::Fuzzy);
        assert_eq!(clients(&idx, "djoko"), vec![3, 1], "the old matcher");
        assert!(clients(&idx, "soekarno").contains(&2), "the old matcher");
    }

    /// Every hit and score of a query, in order, by reading every client's text.
    fn by_scan(idx: &SearchIndex, q: &Query) -> Vec<(u32, u64)> {
        let Some(c) = idx.compile(RecordKind::Client, q) else { return Vec::new() };
        let found = idx.scan(RecordKind::Client, &idx.clients, &c, usize::MAX, None, |e, f| idx.test_client(e, f));
        found.into_iter().map(|(key, i)| (score_of(key), idx.clients[i as usize].id)).collect()
    }

    #[test]
    fn the_clients_words_give_the_hits_and_scores_a_scan_gives() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut idx = SearchIndex::new(today);
        for (c, _) in crate::demo::clients(&crate::demo::DemoOptions { clients: 300, seed: 1, today }) {
            idx.upsert_client(&c, &[]);
        }
        let mut djoko = client(5000, "Djoko Al-Amin Tjipto");
        djoko.aliases = vec!["Joko Cipto".into(), "Djoko".into()];
        idx.upsert_client(&djoko, &[]);
        let all: Vec<u32> = (0..idx.clients.len() as u32).collect();
        // single letters, two letters, the names' words whole, cut and with
        // a typo of each kind, old spellings, several words, numbers
        let signs: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let mut typed: Vec<String> = signs.iter().map(|a| a.to_string()).collect();
        typed.extend(signs.iter().flat_map(|a| signs.iter().map(move |b| format!("{a}{b}"))));
        let names: Vec<String> = idx.clients.iter().take(60).map(|e| e.haystack().to_string()).collect();
        for w in names.iter().flat_map(|h| h.split(' ')).filter(|w| w.is_ascii() && w.len() > 3) {
            let n = w.len();
            typed.extend([w.to_string(), w[..n - 1].to_string(), w[..4].to_string()]);
            typed.push(format!("{}{}", &w[..2], &w[3..])); // a letter missing
            typed.push(format!("{}x{}", &w[..2], &w[3..])); // a letter wrong
            typed.push(format!("{}{}{}{}", &w[..1], &w[2..3], &w[1..2], &w[3..])); // swapped
            typed.push(format!("x{}", &w[1..])); // the first letter wrong
        }
        typed.extend(
            ["djoko", "tjipto", "al-amin", "joko cipto", "djoko -cipto", "\"joko\"", "sri 35", "k-000003", "3573"]
                .map(String::from),
        );
        let qualifiers = ["", " archived:yes", " gender:p", " -gender:p"];
        let mut scanned = idx.clone();
        scanned.set_matching(Matching::WordsScanned);
        let mut by_words = 0;
        for t in &typed {
            for qual in qualifiers {
                let q = parse(&format!("{t}{qual}")).unwrap();
                let hits: Vec<(u32, u64)> =
                    idx.search(RecordKind::Client, &q, None).iter().map(|h| (h.score, h.record.id)).collect();
                assert_eq!(hits, by_scan(&idx, &q), "{t}{qual}");
                let before: Vec<(u32, u64)> =
                    scanned.search(RecordKind::Client, &q, None).iter().map(|h| (h.score, h.record.id)).collect();
                assert_eq!(before, hits, "{t}{qual}");
                let positions = idx.search_positions(RecordKind::Client, &q, None);
                let ids: Vec<u64> = positions.iter().map(|&i| idx.clients[i as usize].id).collect();
                assert_eq!(ids, hits.iter().map(|h| h.1).collect::<Vec<_>>(), "{t}{qual}");
                assert_eq!(idx.search_positions(RecordKind::Client, &q, Some(&all)), positions, "{t}{qual}");
                let c = idx.compile(RecordKind::Client, &q).unwrap();
                by_words += usize::from(idx.by_words(RecordKind::Client, &c).is_some());
            }
        }
        assert!(by_words > typed.len() * 3, "most of these are one word: {by_words}");
    }

    #[test]
    fn one_typo_is_forgiven_from_five_letters() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        idx.upsert_client(&client(1, "Eko Prasetyo"), &[]);
        let mut sukarno = client(2, "Budi Santoso");
        sukarno.aliases = vec!["Soekarno".into()];
        idx.upsert_client(&sukarno, &[]);
        for typed in ["prasetoy", "prasetya", "prsetyo", "praseetyo", "prasetyoo", "prasx"] {
            assert_eq!(clients(&idx, typed), vec![1], "{typed}");
        }
        assert!(clients(&idx, "brasetyo").is_empty(), "a wrong first letter is two typos");
        assert!(clients(&idx, "rpasetyo").is_empty(), "so are the first two swapped");
        assert_eq!(clients(&idx, "soekarmo"), vec![2], "an alias, in the old spelling, with a typo");
        assert!(clients(&idx, "prestoy").is_empty(), "two typos");
        assert!(clients(&idx, "prax").is_empty(), "four letters: no typo");
        assert!(clients(&idx, "ekx").is_empty());
        // an exact match ranks above a typo
        idx.upsert_client(&client(3, "Budi Prasetya"), &[]);
        assert_eq!(clients(&idx, "prasetya"), vec![3, 1]);
        assert_eq!(clients(&idx, "prasetyo"), vec![1, 3]);
        // the typo is highlighted over the letters it covers
        let hit = &idx.search(RecordKind::Client, &parse("prasetoy").unwrap(), None)[1];
        assert_eq!(hit.record.id, 1);
        assert_eq!(hit.name_matches, (4..12).collect::<Vec<u32>>());
    }

    #[test]
    fn words_match_starts_of_words_whole_words_first() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        for (id, name) in [(1, "Hasanudin Rahman"), (2, "Hasan Basri"), (3, "Ahmad Hasan"), (4, "Nur Hasanah")] {
            idx.upsert_client(&client(id, name), &[]);
        }
        assert_eq!(clients(&idx, "hasan"), vec![2, 3, 4, 1], "whole word first, the first word of the name before");
        assert_eq!(clients(&idx, "asan"), Vec::<u64>::new(), "not inside a word");
        assert_eq!(clients(&idx, "al-hasan"), Vec::<u64>::new(), "each part must match");
        assert_eq!(clients(&idx, "nur-hasan"), vec![4]);
        // a letter beyond ASCII is one letter of a typo
        idx.upsert_client(&client(5, "Борис Петров"), &[]);
        for typed in ["пектров", "пеьров", "петорв", "петрв"] {
            assert_eq!(clients(&idx, typed), vec![5], "{typed}");
        }
        assert!(clients(&idx, "бетров").is_empty(), "the first letter, one byte apart");
    }

    /// Each word of a query matches a word of its own: typing a name twice,
    /// or two spellings of it, does not find it once.
    #[test]
    fn each_word_matches_a_word_of_its_own() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        let mut khoirul = client(1, "Khoirul Prasetyo");
        khoirul.aliases = vec!["Choiroel Prasetjo".into()];
        idx.upsert_client(&khoirul, &[]);
        idx.upsert_client(&client(2, "Khoirul Khoiri"), &[]);
        let mut yusuf = client(3, "Yusuf Hakim");
        yusuf.aliases = vec!["Abu Umar".into()];
        idx.upsert_client(&yusuf, &[]);
        assert_eq!(clients(&idx, "khoirul khoiri"), vec![2], "not Khoirul and his alias");
        assert_eq!(clients(&idx, "choiroel choiri"), vec![2]);
        assert_eq!(clients(&idx, "khoirul khoirul"), Vec::<u64>::new());
        assert_eq!(clients(&idx, "khoirul"), vec![2, 1]);
        assert_eq!(clients(&idx, "abu yusuf"), vec![3], "the name's and an alias's words together");
        assert_eq!(clients(&idx, "k k"), vec![2], "two words starting with k");
        assert_eq!(clients(&idx, "k-k"), vec![2], "two parts of one word too");
    }

    /// The old spelling wrote c and ty alike (`tj`), j and dy alike
    /// (`dj`): a word typed with them is read both ways.
    #[test]
    fn tj_and_dj_typed_are_read_both_ways() {
        let mut idx = SearchIndex::new(NaiveDate::MIN);
        for (id, name) in [(1, "Eko Prasetyo"), (2, "Cipto Wibowo"), (3, "Dyah Lestari"), (4, "Joko Susilo")] {
            idx.upsert_client(&client(id, name), &[]);
        }
        assert_eq!(clients(&idx, "prasetjo"), vec![1]);
        assert_eq!(clients(&idx, "tjipto"), vec![2]);
        assert_eq!(clients(&idx, "djah"), vec![3]);
        assert_eq!(clients(&idx, "djoko"), vec![4]);
        assert_eq!(readings("Prasetjo"), ["praseco", "prasetyo"]);
        assert_eq!(readings("Soekarno"), ["sukarno"]);
        let hit = &idx.search(RecordKind::Client, &parse("prasetjo").unwrap(), None)[0];
        assert_eq!(hit.name_matches, (4..12).collect::<Vec<u32>>(), "the reading that matched is highlighted");
    }

    #[test]
    fn a_query_may_include_archived_records() {
        let idx = world();
        let mut q = parse("sukarn").unwrap();
        assert_eq!(idx.search(RecordKind::Client, &q, None).iter().map(|h| h.record.id).collect::<Vec<_>>(), vec![1]);
        q.include_archived = true;
        let found: Vec<u64> = idx.search(RecordKind::Client, &q, None).iter().map(|h| h.record.id).collect();
        assert_eq!(found, vec![1, 4], "the archived Sukarni too, ranked with the others (a tie: Soekarno first)");
        let q = Query { include_archived: true, ..parse("sukarn archived:no").unwrap() };
        assert_eq!(idx.search(RecordKind::Client, &q, None).len(), 1, "the qualifier decides");
    }

    #[test]
    fn narrowing_is_recognised() {
        let n = |a: &str, b: &str| parse(b).unwrap().narrows(&parse(a).unwrap());
        assert!(n("suk", "suka"));
        assert!(n("risk:hijau suk", "risk:hijau suka"));
        assert!(n("", "s"));
        assert!(n("sukarno", "sukarno risk:hijau"));
        assert!(!n("sukarno", "sukarno archived:yes"), "archived: widens");
        assert!(!n("suka", "suk"), "erasing widens");
        assert!(!n("350", "3507"), "a fourth digit makes a NIK prefix");
        assert!(!n("d", "dj"), "dj folds to y");
        assert!(!n("-su", "-suk"), "a longer negated word excludes less");
        assert!(!n("risk:hijau su", "risk:merah su"));
        assert!(!n("suka", "sukar"), "from five letters a typo matches more");
        assert!(n("sukar", "sukarn"));
        assert!(n("s", "sukar"), "but never in the first letter");
        assert!(!n("su", "sukar"));
        let fuzzy = |a: &str, b: &str| parse(b).unwrap().narrows_with(&parse(a).unwrap(), Matching::Fuzzy);
        assert!(fuzzy("suka", "sukar") && fuzzy("setj", "setjo"), "no typo, one reading");
        assert!(!n("nur-ha", "nur-hasan"), "each part of a word counts its own letters");
        assert!(n("sukarno-ha", "sukarno-has"));
        assert!(!n("setj", "setjo"), "read as setyo, five letters");
        assert!(!n("praset", "prasetj"), "tj read as c changes a letter");
        assert!(n("prasetj", "prasetjo"));
        let all = |t: &str| Query { include_archived: true, ..parse(t).unwrap() };
        assert!(!all("suka").narrows(&parse("suk").unwrap()), "archived records widen");
        assert!(parse("suka").unwrap().narrows(&all("suk")));
    }

    #[test]
    fn incremental_updates_are_seen() {
        let mut idx = world();
        let mut c = client(6, "Chairul Anam");
        assert!(clients(&idx, "khairul").is_empty());
        idx.upsert_client(&c, &[]);
        assert_eq!(clients(&idx, "khairul"), vec![6]);
        idx.set_client_referrals(ClientId(6), &[Referral::new(ClientId(6), StakeholderId(1), "", d(2023, 1, 1))]);
        assert_eq!(clients(&idx, "stakeholder:lazismu"), vec![1, 6]);
        c.meta.archived = true;
        idx.upsert_client(&c, &[]);
        assert!(clients(&idx, "khairul").is_empty());
        idx.remove(ClientId(1).to_ref());
        assert!(clients(&idx, "sukarno").is_empty());
    }
}

#[cfg(test)]
mod practice_tests {
    use chrono::NaiveDate;

    use super::super::{SearchIndex, parse};
    use crate::model::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    /// Three weekly reporters from Monday 1 Jan; "today" is Monday 29 Jan.
    fn index() -> SearchIndex {
        let mut idx = SearchIndex::new(d(1, 29));
        for (id, name, phase, rri, missed_days) in [
            (1, "Satu", GuidancePhase::Awal, Some(Rri::Tinggi), vec![8, 15]),
            (2, "Dua", GuidancePhase::Lanjutan, Some(Rri::Rendah), vec![8]),
            (3, "Tiga", GuidancePhase::Lanjutan, None, vec![]),
        ] {
            let mut c = Client::new(name);
            c.meta.id = id;
            c.phase = phase;
            c.supervision_start = Some(d(1, 1));
            c.reporting.frequency = ReportingFrequency::Weekly;
            for day in [1, 8, 15, 22] {
                let status =
                    if missed_days.contains(&day) { ReportingStatus::Missed } else { ReportingStatus::Attended };
                c.reporting_register.push(ReportingEntry {
                    id: crate::model::PartId::NEW,
                    date: d(1, day),
                    status,
                    note: String::new(),
                    recorded_by: String::new(),
                });
            }
            if id == 3 {
                // Tiga already reported today
                c.reporting_register.push(ReportingEntry {
                    id: crate::model::PartId::NEW,
                    date: d(1, 29),
                    status: ReportingStatus::Attended,
                    note: String::new(),
                    recorded_by: String::new(),
                });
            }
            // an older assessment scored RRI; the newest did not: the scored one counts
            c.assessments.push(Assessment {
                id: crate::model::PartId::NEW,
                date: d(1, 2),
                category: RiskCategory::Kuning,
                rri,
                assessor: String::new(),
                reason: String::new(),
            });
            c.assessments.push(Assessment {
                id: crate::model::PartId::NEW,
                date: d(1, 20),
                category: RiskCategory::Kuning,
                rri: None,
                assessor: String::new(),
                reason: String::new(),
            });
            idx.upsert_client(&c, &[]);
        }
        idx
    }

    fn ids(idx: &SearchIndex, q: &str) -> Vec<u64> {
        let mut v: Vec<u64> =
            idx.search(RecordKind::Client, &parse(q).unwrap(), None).into_iter().map(|h| h.record.id).collect();
        v.sort();
        v
    }

    #[test]
    fn phase_rri_missed_and_reporting_today() {
        let idx = index();
        assert_eq!(ids(&idx, "phase:lanjutan"), vec![2, 3]);
        assert_eq!(ids(&idx, "tahap:awal"), vec![1]);
        assert_eq!(ids(&idx, "phase:continuing"), vec![2, 3]);
        assert_eq!(ids(&idx, "rri:tinggi"), vec![1]);
        assert_eq!(ids(&idx, "rri:low"), vec![2]);
        assert_eq!(ids(&idx, "missed:2+"), vec![1]);
        assert_eq!(ids(&idx, "missed:1+"), vec![1, 2]);
        assert_eq!(ids(&idx, "mangkir:0"), vec![3]);
        assert_eq!(ids(&idx, "missed:1"), vec![2]);
        assert_eq!(ids(&idx, "report:today"), vec![1, 2], "Tiga has reported already");
        assert_eq!(ids(&idx, "lapor:hari-ini -missed:2+"), vec![2]);
        for bad in ["missed:dua", "rri:merah", "phase:x", "report:besok"] {
            let err = parse(bad).unwrap_err();
            assert!(!err.is_empty(), "{bad}");
        }
        let msg = parse("missed:dua").unwrap_err()[0].message(crate::i18n::Lang::En);
        assert_eq!(msg, "missed: \"dua\" is not a count; write a number, e.g. 2 (exactly) or 2+ (at least)");
    }
}
