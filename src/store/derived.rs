//! Data derived from the records and kept beside them (the search index):
//! stored whole, in chunks, under a head that says at which write it was
//! derived ([`Store::writes`]) and holds a checksum.
//!
//! Every audited write that changes records, their summaries or the
//! office's calendar counts one more write in the same transaction, and
//! every other way they change (a staged import, a migration, a purge)
//! drops what was derived first; so a stamp equal to the current count
//! means nothing it was derived from changed since. Writes of other kinds
//! (an audit entry for a search, a user's preference, who viewed a case
//! file) do not count. Derived data is not in backups: a restored database
//! derives it again.

use super::calendar::CALENDAR_KEY;
use super::{INDEX, META, Result, SUMMARIES, Store, StoreError};

/// Whether a write to these (tree, key) pairs changes what derived data is
/// derived from: the records, their summaries and the calendar.
pub(super) fn changes_what_is_derived<'a>(mut keys: impl Iterator<Item = &'a (usize, Vec<u8>)>) -> bool {
    // the trees of records come first, before the index
    keys.any(|(tree, key)| *tree < INDEX || *tree == SUMMARIES || (*tree == META && key == CALENDAR_KEY))
}

/// Bytes per stored chunk: sled keeps a value of this size apart from its
/// pages, so a chunk costs one read.
const CHUNK: usize = 1 << 20;

/// The head of derived data `name`: stamp, length, checksum, chunks.
fn head_key(name: &str) -> Vec<u8> {
    let mut k = name.as_bytes().to_vec();
    k.extend_from_slice(b"/head");
    k
}

fn chunk_key(name: &str, i: u32) -> Vec<u8> {
    let mut k = name.as_bytes().to_vec();
    k.push(b'/');
    k.extend_from_slice(&i.to_be_bytes());
    k
}

/// What is stored of derived data, as `simpul check` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derived {
    /// Nothing is stored.
    Absent,
    /// Derived at an earlier write: not used, derived again when needed.
    Stale,
    /// Derived at the current write, whole.
    Fresh(Vec<u8>),
    /// Stored at the current write, but not as written (a chunk missing or
    /// altered): not used.
    Damaged(&'static str),
}

/// The head's fields.
struct Head {
    stamp: u64,
    len: u64,
    crc: u32,
    chunks: u32,
}

impl Head {
    fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(24);
        v.extend_from_slice(&self.stamp.to_be_bytes());
        v.extend_from_slice(&self.len.to_be_bytes());
        v.extend_from_slice(&self.crc.to_be_bytes());
        v.extend_from_slice(&self.chunks.to_be_bytes());
        v
    }

    fn decode(v: &[u8]) -> Option<Head> {
        let u64_at = |i: usize| v.get(i..i + 8).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes);
        let u32_at = |i: usize| v.get(i..i + 4).and_then(|b| b.try_into().ok()).map(u32::from_be_bytes);
        Some(Head { stamp: u64_at(0)?, len: u64_at(8)?, crc: u32_at(16)?, chunks: u32_at(20)? })
    }
}

impl Store {
    /// How many writes changed what is derived from the records: derived
    /// data stamped with this count is current.
    pub fn writes(&self) -> u64 {
        self.lock_counters().writes
    }

    /// Derived data `name`, whatever its state.
    pub fn derived(&self, name: &str) -> Result<Derived> {
        let tree = &self.inner.derived;
        let Some(head) = tree.get(head_key(name))? else { return Ok(Derived::Absent) };
        let Some(head) = Head::decode(&head) else { return Ok(Derived::Damaged("head")) };
        if head.stamp != self.writes() {
            return Ok(Derived::Stale);
        }
        let mut bytes = Vec::with_capacity(usize::try_from(head.len).unwrap_or(0));
        for i in 0..head.chunks {
            match tree.get(chunk_key(name, i))? {
                Some(c) => bytes.extend_from_slice(&c),
                None => return Ok(Derived::Damaged("a chunk is missing")),
            }
        }
        if bytes.len() as u64 != head.len {
            return Ok(Derived::Damaged("length"));
        }
        if crc32fast::hash(&bytes) != head.crc {
            return Ok(Derived::Damaged("checksum"));
        }
        Ok(Derived::Fresh(bytes))
    }

    /// Keeps `bytes` as derived data `name`, derived at write `stamp`; does
    /// nothing (false) when a write came since. The writes it reflects are
    /// flushed first, so a crash cannot keep it and lose them.
    pub fn put_derived(&self, name: &str, stamp: u64, bytes: &[u8]) -> Result<bool> {
        // the counters' lock keeps writes out until the head is in place
        let guard = self.lock_counters();
        if guard.writes != stamp {
            return Ok(false);
        }
        self.flush()?;
        let tree = &self.inner.derived;
        let old = tree.get(head_key(name))?.and_then(|h| Head::decode(&h)).map_or(0, |h| h.chunks);
        let chunks = u32::try_from(bytes.len().div_ceil(CHUNK))
            .map_err(|_| StoreError::Encode(super::codec::CodecError::Encode("derived data over 4 TiB".into())))?;
        let mut batch = super::engine::Batch::default();
        for (i, c) in (0..).zip(bytes.chunks(CHUNK)) {
            batch.insert(chunk_key(name, i), c);
        }
        for i in chunks..old {
            batch.remove(chunk_key(name, i));
        }
        let head = Head { stamp, len: bytes.len() as u64, crc: crc32fast::hash(bytes), chunks };
        batch.insert(head_key(name), head.encode());
        tree.apply_batch(batch)?;
        drop(guard);
        Ok(true)
    }

    /// Forgets all derived data: before records change other than by an
    /// audited write, and after a purge (whose values it may hold).
    pub fn drop_derived(&self) -> Result<()> {
        self.inner.derived.clear()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::store::{Actor, temp_store};

    fn client(name: &str) -> Client {
        Client { full_name: name.into(), gender: Gender::Male, ..Client::default() }
    }

    #[test]
    fn derived_data_is_current_until_the_next_write_and_never_after() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        assert_eq!(s.derived("search").unwrap(), Derived::Absent);
        let at = s.writes();
        let big: Vec<u8> = (0..CHUNK * 2 + 17).map(|i| (i % 251) as u8).collect();
        assert!(s.put_derived("search", at, &big).unwrap());
        assert_eq!(s.derived("search").unwrap(), Derived::Fresh(big.clone()));
        s.create(&admin, client("Ahmad Fauzi")).unwrap();
        assert_eq!(s.writes(), at + 1, "one audited write, one count");
        assert_eq!(s.derived("search").unwrap(), Derived::Stale);
        // what was derived before a write is not kept as current
        assert!(!s.put_derived("search", at, &big).unwrap());
        assert_eq!(s.derived("search").unwrap(), Derived::Stale);
        // a shorter one replaces it whole, leaving no chunk of the longer behind
        assert!(s.put_derived("search", at + 1, b"small").unwrap());
        assert_eq!(s.derived("search").unwrap(), Derived::Fresh(b"small".to_vec()));
        assert_eq!(s.inner.derived.len(), 2, "the head and one chunk");
        s.drop_derived().unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Absent);
    }

    #[test]
    fn writes_that_change_no_record_leave_derived_data_current() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        let c = s.create(&admin, client("Ahmad Fauzi")).unwrap();
        let at = s.writes();
        assert!(s.put_derived("search", at, b"index").unwrap());
        // an audit entry alone (what a search's release writes), a preference, a view
        s.write(&admin, |b| {
            b.audit(crate::store::AuditAction::Export, None, Vec::new(), "search clients 1 rows".into());
            Ok(())
        })
        .unwrap();
        s.set_pref("admin", "theme", &"dark".to_string()).unwrap();
        s.log_view("admin", c.meta.id, "session 1").unwrap();
        assert_eq!(s.writes(), at);
        assert_eq!(s.derived("search").unwrap(), Derived::Fresh(b"index".to_vec()));
        // the calendar is derived from: a day off changes reporting standings
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        s.write(&admin, |b| b.set_day_off(day, crate::model::DayOffKind::Closure, "Natal").map(|_| ())).unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Stale);
    }

    #[test]
    fn the_count_of_writes_survives_reopening_and_a_changed_chunk_is_told() {
        use crate::store::{OpenOptions, engine::EngineKind};
        let clock = crate::clock::Clock::test();
        let (dir, s) = crate::store::temp_store_on(clock.clone(), EngineKind::Sled);
        let admin = Actor::new("admin", Role::Admin);
        s.create(&admin, client("Ahmad Fauzi")).unwrap();
        s.create(&admin, client("Budi Santoso")).unwrap();
        let at = s.writes();
        assert!(s.put_derived("search", at, b"derived bytes").unwrap());
        drop(s);
        let opts = OpenOptions { clock, engine: EngineKind::Sled, ..OpenOptions::default() };
        let s = Store::open(&dir.path().join("db"), &opts).unwrap();
        assert_eq!(s.writes(), at);
        assert_eq!(s.derived("search").unwrap(), Derived::Fresh(b"derived bytes".to_vec()));
        s.inner.derived.insert(chunk_key("search", 0), b"derived bytez").unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Damaged("checksum"));
        s.inner.derived.remove(chunk_key("search", 0)).unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Damaged("a chunk is missing"));
    }
}
