//! The distinct words of the clients' names and aliases, sorted, each with
//! the clients holding it: a free word's matches are found among the
//! words (a range of them for a prefix, those of its first letter for a
//! typo) and reach the clients through their lists, so a keystroke reads
//! neither every client's text nor those that merely share a first letter.

use std::collections::HashMap;
use std::ops::Range;

use super::index::{ClientEntry, Entry};

/// Where in a client's names a word stands (ranking counts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    /// In an alias only.
    Alias = 0,
    /// In the name, not first.
    Name = 1,
    /// The name's first word.
    First = 2,
}

impl Place {
    fn of(bits: u32) -> Place {
        match bits & 3 {
            2 => Place::First,
            1 => Place::Name,
            _ => Place::Alias,
        }
    }

    /// The place of a word at byte `start` of names whose name ends at `name_end`.
    pub(crate) fn at(start: usize, name_end: usize) -> Place {
        match (start < name_end, start == 0) {
            (true, true) => Place::First,
            (true, false) => Place::Name,
            (false, _) => Place::Alias,
        }
    }
}

/// The words, and for each the clients holding it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Words {
    /// The distinct words, sorted by their bytes, end to end.
    text: String,
    /// Where each word ends in `text`.
    ends: Vec<u32>,
    /// Where each word's clients start in `held`; one more than the words.
    at: Vec<u32>,
    /// Per word, its clients in ascending position, each as position × 4 +
    /// its best [`Place`] in that client's names.
    held: Vec<u32>,
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Words {
    /// The words of `clients` (positions are indices into it).
    pub(crate) fn build(clients: &[ClientEntry]) -> Words {
        // first pass: number the words as met and count their clients, noting
        // each client's words so the second pass hashes nothing
        let mut number: HashMap<&str, u32> = HashMap::new();
        let mut found: Vec<&str> = Vec::new();
        let mut count: Vec<u32> = Vec::new();
        let mut last: Vec<u32> = Vec::new();
        let mut met: Vec<u32> = Vec::new();
        let mut client_ends: Vec<u32> = Vec::with_capacity(clients.len());
        for (i, e) in clients.iter().enumerate() {
            let hay = e.haystack();
            let name_end = e.folded_name().len();
            let mut start = 0;
            for w in hay.split(' ') {
                let place = Place::at(start, name_end) as u32;
                start += w.len() + 1;
                if w.is_empty() {
                    continue;
                }
                let k = *number.entry(w).or_insert_with(|| {
                    found.push(w);
                    count.push(0);
                    last.push(0);
                    u32_of(found.len() - 1)
                });
                let ku = k as usize;
                if last[ku] != u32_of(i + 1) {
                    last[ku] = u32_of(i + 1);
                    count[ku] += 1;
                }
                met.push(k << 2 | place);
            }
            client_ends.push(u32_of(met.len()));
        }
        drop(number);
        let mut sorted: Vec<u32> = (0..u32_of(found.len())).collect();
        sorted.sort_unstable_by_key(|&k| found[k as usize].as_bytes());
        let mut rank = vec![0u32; found.len()];
        let mut text = String::new();
        let mut ends = Vec::with_capacity(found.len());
        let mut at = Vec::with_capacity(found.len() + 1);
        let mut total = 0u32;
        for (r, &k) in sorted.iter().enumerate() {
            rank[k as usize] = u32_of(r);
            text.push_str(found[k as usize]);
            ends.push(u32_of(text.len()));
            at.push(total);
            total += count[k as usize];
        }
        at.push(total);
        // second pass: each client once per word, with its best place
        let mut next: Vec<u32> = at.clone();
        let mut held = vec![0u32; total as usize];
        last.iter_mut().for_each(|l| *l = 0);
        let mut from = 0usize;
        for (i, end) in client_ends.iter().enumerate() {
            for &m in met.get(from..*end as usize).unwrap_or_default() {
                let r = rank[(m >> 2) as usize] as usize;
                let entry = u32_of(i) << 2 | (m & 3);
                if last[r] == u32_of(i + 1) {
                    // the word again in this client: keep its best place
                    let slot = &mut held[next[r] as usize - 1];
                    *slot = (*slot).max(entry);
                } else {
                    last[r] = u32_of(i + 1);
                    held[next[r] as usize] = entry;
                    next[r] += 1;
                }
            }
            from = *end as usize;
        }
        Words { text, ends, at, held }
    }

    /// The words as kept: their text, where each ends, where each one's
    /// clients start, and the clients.
    pub(crate) fn parts(&self) -> (&str, &[u32], &[u32], &[u32]) {
        (&self.text, &self.ends, &self.at, &self.held)
    }

    /// The words of [`Words::parts`] kept for `clients` clients, if they
    /// are words as [`Words::build`] makes them: sorted and distinct, each
    /// held by clients in ascending position among those there are.
    pub(crate) fn from_parts(
        text: String,
        ends: Vec<u32>,
        at: Vec<u32>,
        held: Vec<u32>,
        clients: usize,
    ) -> Option<Words> {
        let words = Words { text, ends, at, held };
        let ends_fit = words.ends.windows(2).all(|w| w[0] < w[1])
            && words.ends.first().is_none_or(|&e| e > 0)
            && words.ends.last().map_or(0, |&e| e as usize) == words.text.len();
        let at_fit = words.at.len() == words.ends.len() + 1
            && words.at.first() == Some(&0)
            && words.at.windows(2).all(|w| w[0] < w[1])
            && words.at.last().map(|&a| a as usize) == Some(words.held.len());
        if !ends_fit || !at_fit || !(1..words.len()).all(|k| words.word(k - 1) < words.word(k)) {
            return None;
        }
        for k in 0..words.len() {
            let mut before = None;
            for (i, _) in words.clients(k) {
                if i >= clients || before.is_some_and(|b| b >= i) {
                    return None;
                }
                before = Some(i);
            }
            let from = words.at.get(k).copied().unwrap_or(0) as usize;
            if words.held.get(from..from + words.count(k)).unwrap_or_default().iter().any(|e| e & 3 == 3) {
                return None;
            }
        }
        Some(words)
    }

    /// How many distinct words.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word `k`'s bytes.
    pub(crate) fn word(&self, k: usize) -> &[u8] {
        let from = if k == 0 { 0 } else { self.ends.get(k - 1).copied().unwrap_or(0) as usize };
        let to = self.ends.get(k).copied().unwrap_or(0) as usize;
        self.text.as_bytes().get(from..to).unwrap_or_default()
    }

    /// The clients holding word `k`: (position, place), ascending.
    pub(crate) fn clients(&self, k: usize) -> impl Iterator<Item = (usize, Place)> + '_ {
        let from = self.at.get(k).copied().unwrap_or(0) as usize;
        let to = self.at.get(k + 1).copied().unwrap_or(0) as usize;
        self.held.get(from..to).unwrap_or_default().iter().map(|&e| ((e >> 2) as usize, Place::of(e)))
    }

    /// How many clients hold word `k`.
    pub(crate) fn count(&self, k: usize) -> usize {
        let from = self.at.get(k).copied().unwrap_or(0) as usize;
        let to = self.at.get(k + 1).copied().unwrap_or(0) as usize;
        to.saturating_sub(from)
    }

    /// The words starting with `prefix`.
    pub(crate) fn starting_with(&self, prefix: &[u8]) -> Range<usize> {
        let from = self.partition(0, |w| w < prefix);
        from..self.partition(from, |w| w.starts_with(prefix))
    }

    /// The first word from `from` on for which `before` is false, `before`
    /// being true of a run of words from `from` and false of all after.
    fn partition(&self, from: usize, before: impl Fn(&[u8]) -> bool) -> usize {
        let (mut lo, mut hi) = (from, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if before(self.word(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchIndex;

    #[test]
    fn every_word_of_every_client_is_listed_once_per_client_at_its_best_place() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let mut idx = SearchIndex::new(today);
        for (c, _) in crate::demo::clients(&crate::demo::DemoOptions { clients: 300, seed: 1, today }) {
            idx.upsert_client(&c, &[]);
        }
        let mut c = crate::model::Client::new("Budi Budi Santoso");
        c.meta.id = 100_000;
        c.aliases = vec!["Santoso Budi".into()];
        idx.upsert_client(&c, &[]);
        let words = Words::build(&idx.clients);
        assert!(words.len() > 10);
        // sorted and distinct
        assert!((1..words.len()).all(|k| words.word(k - 1) < words.word(k)));
        // what a scan of each client's names finds
        let mut expected: Vec<(Vec<u8>, usize, Place)> = Vec::new();
        for (i, e) in idx.clients.iter().enumerate() {
            let mut start = 0;
            for w in e.haystack().split(' ') {
                let place = Place::at(start, e.folded_name().len());
                start += w.len() + 1;
                if w.is_empty() {
                    continue;
                }
                match expected.iter_mut().find(|(x, j, _)| x == w.as_bytes() && *j == i) {
                    Some(seen) => seen.2 = seen.2.max(place),
                    None => expected.push((w.as_bytes().to_vec(), i, place)),
                }
            }
        }
        expected.sort();
        let mut listed: Vec<(Vec<u8>, usize, Place)> = Vec::new();
        for k in 0..words.len() {
            assert_eq!(words.count(k), words.clients(k).count());
            listed.extend(words.clients(k).map(|(i, p)| (words.word(k).to_vec(), i, p)));
        }
        assert_eq!(listed, expected);
        let santoso = words.starting_with(b"santoso");
        assert_eq!(santoso.len(), 1);
        let last = idx.clients.len() - 1;
        assert_eq!(words.clients(santoso.start).last(), Some((last, Place::Name)), "its alias's first word too");
        let budi = words.starting_with(b"budi").start;
        assert_eq!(words.clients(budi).last(), Some((last, Place::First)), "twice in the name, once");
        // a prefix is a range; nothing before the first word or after the last
        let s = words.starting_with(b"s");
        assert!(!s.is_empty() && s.clone().all(|k| words.word(k).starts_with(b"s")));
        assert!(words.word(s.start - 1) < b"s".as_slice() && !words.word(s.end).starts_with(b"s"));
        assert!(words.starting_with(b"zzzzzz").is_empty() && words.starting_with(b"").len() == words.len());
        assert!(Words::build(&[]).starting_with(b"a").is_empty());
    }
}
