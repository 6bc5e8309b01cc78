//! The storage seam: what the store needs of the key-value engine under
//! it, and the two engines simpul has.
//!
//! The store keeps its data in a fixed set of named trees (ordered maps
//! of byte strings), addressed by number. An engine reads one key, reads
//! a key range in either direction, applies a set of writes to any trees
//! atomically, and makes what it applied durable. Everything else the
//! store does (indexes, counters, staged writes, roles, the audit log) is
//! built on those four operations, so a second engine is only this trait.
//! The lock that keeps a second process out is the store's own lock file,
//! taken before an engine is opened, whatever the engine.
//!
//! [`SledEngine`] is the embedded default; [`MemoryEngine`] keeps the
//! trees in memory (tests, and anything that must not touch a disk).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// A cheaply cloned byte string, as an engine hands out keys and values.
/// (sled's, which any engine can build from a `Vec<u8>`.)
pub type Bytes = sled::IVec;

/// What an engine can fail with.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The system refused a read or write; a full disk has the kind
    /// [`std::io::ErrorKind::StorageFull`].
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The engine found its own data damaged or hit a bug of its own.
    #[error("{0}")]
    Engine(String),
}

impl EngineError {
    /// Whether the disk is full (the user can do something about it).
    pub fn is_disk_full(&self) -> bool {
        matches!(self, EngineError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull)
    }
}

impl From<sled::Error> for EngineError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(e) => EngineError::Io(e),
            e => EngineError::Engine(e.to_string()),
        }
    }
}

type EResult<T> = Result<T, EngineError>;

/// Key-value pairs of a range, in key order (reversible).
pub type Entries = Box<dyn DoubleEndedIterator<Item = EResult<(Bytes, Bytes)>> + Send>;

/// One write: `Some` puts the value under the key, `None` removes the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// The tree's number.
    pub tree: usize,
    /// The key.
    pub key: Vec<u8>,
    /// The new value, or `None` to remove the key.
    pub value: Option<Vec<u8>>,
}

/// A key-value engine the store can keep its trees in.
pub trait Engine: Send + Sync {
    /// The value under `key` in `tree`.
    fn get(&self, tree: usize, key: &[u8]) -> EResult<Option<Bytes>>;

    /// The pairs of `tree` whose keys lie between the bounds, in key order.
    /// The iterator owns what it needs: it outlives the borrow of the
    /// engine, and need not see writes made after it was created.
    fn range(&self, tree: usize, from: Bound<Vec<u8>>, to: Bound<Vec<u8>>) -> Entries;

    /// Applies every write or none, across trees: a reader sees all of
    /// them or none. `fail_at` (tests only) fails the call as a full disk
    /// would at that write, after the ones before it were made, so that
    /// tests show they are undone.
    fn apply(&self, writes: &[Write], fail_at: Option<usize>) -> EResult<()>;

    /// Makes everything applied so far survive a crash.
    fn flush(&self) -> EResult<()>;
}

/// The full disk an injected fault stands for.
pub(crate) fn disk_full() -> EngineError {
    EngineError::Io(std::io::Error::from(std::io::ErrorKind::StorageFull))
}

/// sled 0.34.7 (vendored, see `vendor/sled/PATCHES.md`), one sled tree per
/// store tree.
pub struct SledEngine {
    db: sled::Db,
    trees: Vec<sled::Tree>,
}

impl SledEngine {
    /// Opens (creating if needed) the sled database in `dir` with the
    /// trees named, in that order.
    pub fn open(dir: &Path, cache_bytes: u64, names: &[&str]) -> EResult<SledEngine> {
        let db = open_sled(dir, cache_bytes)?;
        let trees = names.iter().map(|n| db.open_tree(n)).collect::<Result<Vec<_>, _>>()?;
        Ok(SledEngine { db, trees })
    }

    fn tree(&self, tree: usize) -> EResult<&sled::Tree> {
        self.trees.get(tree).ok_or_else(|| EngineError::Engine(format!("no tree number {tree}")))
    }
}

/// Opens sled. The store's own lock file is already held, so a sled lock
/// error can only be a handle of this process that is still shutting down
/// (sled's background flusher lets go of the file a moment after the last
/// handle is dropped): wait for it briefly instead of failing.
pub fn open_sled(path: &Path, cache_bytes: u64) -> std::result::Result<sled::Db, sled::Error> {
    let mut tries = 0;
    loop {
        match sled::Config::new().path(path).cache_capacity(cache_bytes).open() {
            Err(sled::Error::Io(e)) if tries < 250 && e.kind() == std::io::ErrorKind::WouldBlock => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(40));
            }
            other => return other,
        }
    }
}

impl Engine for SledEngine {
    fn get(&self, tree: usize, key: &[u8]) -> EResult<Option<Bytes>> {
        Ok(self.tree(tree)?.get(key)?)
    }

    fn range(&self, tree: usize, from: Bound<Vec<u8>>, to: Bound<Vec<u8>>) -> Entries {
        match self.tree(tree) {
            Ok(t) => Box::new(t.range((from, to)).map(|r| r.map_err(EngineError::from))),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }

    fn apply(&self, writes: &[Write], fail_at: Option<usize>) -> EResult<()> {
        use sled::Transactional;
        use sled::transaction::{ConflictableTransactionError, TransactionError};
        // the trees written, each once, and where each write goes among them
        let mut touched: Vec<usize> = writes.iter().map(|w| w.tree).collect();
        touched.sort_unstable();
        touched.dedup();
        if let ([one], None) = (touched.as_slice(), fail_at) {
            // one tree: a batch is atomic and cheaper than a transaction
            let mut batch = sled::Batch::default();
            for w in writes {
                match &w.value {
                    Some(v) => batch.insert(w.key.as_slice(), v.as_slice()),
                    None => batch.remove(w.key.as_slice()),
                }
            }
            return Ok(self.tree(*one)?.apply_batch(batch)?);
        }
        let trees = touched.iter().map(|t| self.tree(*t).cloned()).collect::<EResult<Vec<_>>>()?;
        let slot = |tree: usize| touched.binary_search(&tree).unwrap_or(0);
        trees
            .as_slice()
            .transaction(|tx| {
                for (i, w) in writes.iter().enumerate() {
                    if fail_at == Some(i) {
                        return Err(ConflictableTransactionError::Storage(sled::Error::Io(
                            std::io::ErrorKind::StorageFull.into(),
                        )));
                    }
                    match &w.value {
                        Some(v) => {
                            tx[slot(w.tree)].insert(w.key.as_slice(), v.as_slice())?;
                        }
                        None => {
                            tx[slot(w.tree)].remove(w.key.as_slice())?;
                        }
                    }
                }
                Ok::<(), ConflictableTransactionError<()>>(())
            })
            .map_err(|e| match e {
                TransactionError::Storage(e) => EngineError::from(e),
                TransactionError::Abort(()) => EngineError::Engine("transaction aborted".to_string()),
            })
    }

    fn flush(&self) -> EResult<()> {
        self.db.flush().map(|_| ()).map_err(EngineError::from)
    }
}

/// Every tree an ordered map in memory; nothing survives the process.
/// Writes are applied under one lock, so readers see all of a write or none.
pub struct MemoryEngine {
    trees: RwLock<Vec<BTreeMap<Vec<u8>, Bytes>>>,
}

impl MemoryEngine {
    /// An empty engine with `trees` trees.
    pub fn new(trees: usize) -> MemoryEngine {
        MemoryEngine { trees: RwLock::new(vec![BTreeMap::new(); trees]) }
    }

    fn no_tree(tree: usize) -> EngineError {
        EngineError::Engine(format!("no tree number {tree}"))
    }
}

impl Engine for MemoryEngine {
    fn get(&self, tree: usize, key: &[u8]) -> EResult<Option<Bytes>> {
        let trees = self.trees.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(trees.get(tree).ok_or_else(|| Self::no_tree(tree))?.get(key).cloned())
    }

    fn range(&self, tree: usize, from: Bound<Vec<u8>>, to: Bound<Vec<u8>>) -> Entries {
        let trees = self.trees.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(t) = trees.get(tree) else { return Box::new(std::iter::once(Err(Self::no_tree(tree)))) };
        // an empty or inverted range is empty (BTreeMap::range would panic)
        let empty = match (&from, &to) {
            (Bound::Included(a) | Bound::Excluded(a), Bound::Included(b) | Bound::Excluded(b)) => {
                a > b || (a == b && !(matches!(from, Bound::Included(_)) && matches!(to, Bound::Included(_))))
            }
            _ => false,
        };
        if empty {
            return Box::new(std::iter::empty());
        }
        // a snapshot: the iterator owns its pairs and outlives the lock
        let pairs: Vec<EResult<(Bytes, Bytes)>> =
            t.range((from, to)).map(|(k, v)| Ok((Bytes::from(k.as_slice()), v.clone()))).collect();
        Box::new(pairs.into_iter())
    }

    fn apply(&self, writes: &[Write], fail_at: Option<usize>) -> EResult<()> {
        let mut trees = self.trees.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(w) = writes.iter().find(|w| w.tree >= trees.len()) {
            return Err(Self::no_tree(w.tree));
        }
        // what each write replaced, to put back if a later one fails
        let mut undo: Vec<(usize, Vec<u8>, Option<Bytes>)> = Vec::new();
        for (i, w) in writes.iter().enumerate() {
            if fail_at == Some(i) {
                for (tree, key, old) in undo.into_iter().rev() {
                    match old {
                        Some(v) => trees[tree].insert(key, v),
                        None => trees[tree].remove(&key),
                    };
                }
                return Err(disk_full());
            }
            let old = match &w.value {
                Some(v) => trees[w.tree].insert(w.key.clone(), Bytes::from(v.as_slice())),
                None => trees[w.tree].remove(&w.key),
            };
            if fail_at.is_some() {
                undo.push((w.tree, w.key.clone(), old));
            }
        }
        Ok(())
    }

    fn flush(&self) -> EResult<()> {
        Ok(())
    }
}

/// Which engine a store opens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EngineKind {
    /// sled, in the database directory.
    #[default]
    Sled,
    /// In memory: gone when the store is dropped.
    Memory,
}

/// Opens an engine of `kind` with the store's trees, in `dir` if it keeps
/// its data on disk.
pub fn open(kind: EngineKind, dir: &Path, cache_bytes: u64) -> EResult<Arc<dyn Engine>> {
    Ok(match kind {
        EngineKind::Sled => Arc::new(SledEngine::open(dir, cache_bytes, &super::TREE_NAMES)?),
        EngineKind::Memory => Arc::new(MemoryEngine::new(super::TREE_NAMES.len())),
    })
}

/// One tree of an engine, with the reads and writes the store's code uses
/// (named as sled names them). Writes made through it are atomic per call.
#[derive(Clone)]
pub struct Tree {
    engine: Arc<dyn Engine>,
    id: usize,
}

/// Pairs of a tree in key order, reversible; `keys()` drops the values.
pub struct Iter(Entries);

impl Iterator for Iter {
    type Item = EResult<(Bytes, Bytes)>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

impl DoubleEndedIterator for Iter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back()
    }
}

impl Iter {
    /// The keys only.
    pub fn keys(self) -> impl DoubleEndedIterator<Item = EResult<Bytes>> + Send {
        self.0.map(|r| r.map(|(k, _)| k))
    }
}

/// The least key greater than every key that starts with `prefix`, if any.
fn prefix_end(prefix: &[u8]) -> Bound<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Bound::Excluded(end);
        }
    }
    Bound::Unbounded
}

impl Tree {
    /// Tree number `id` of `engine`.
    pub fn new(engine: Arc<dyn Engine>, id: usize) -> Tree {
        Tree { engine, id }
    }

    /// The value under `key`.
    pub fn get(&self, key: impl AsRef<[u8]>) -> EResult<Option<Bytes>> {
        self.engine.get(self.id, key.as_ref())
    }

    /// Every pair, in key order.
    pub fn iter(&self) -> Iter {
        Iter(self.engine.range(self.id, Bound::Unbounded, Bound::Unbounded))
    }

    /// The pairs whose keys lie in `range`.
    pub fn range<K: AsRef<[u8]>>(&self, range: impl std::ops::RangeBounds<K>) -> Iter {
        let own = |b: Bound<&K>| match b {
            Bound::Included(k) => Bound::Included(k.as_ref().to_vec()),
            Bound::Excluded(k) => Bound::Excluded(k.as_ref().to_vec()),
            Bound::Unbounded => Bound::Unbounded,
        };
        Iter(self.engine.range(self.id, own(range.start_bound()), own(range.end_bound())))
    }

    /// The pairs whose keys start with `prefix`.
    pub fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> Iter {
        let prefix = prefix.as_ref();
        Iter(self.engine.range(self.id, Bound::Included(prefix.to_vec()), prefix_end(prefix)))
    }

    /// The pair with the greatest key.
    pub fn last(&self) -> EResult<Option<(Bytes, Bytes)>> {
        self.iter().next_back().transpose()
    }

    /// Counts the pairs (reads them all).
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the tree holds no pair (or cannot be read).
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Puts one pair.
    pub fn insert(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> EResult<()> {
        let w = Write { tree: self.id, key: key.as_ref().to_vec(), value: Some(value.as_ref().to_vec()) };
        self.engine.apply(&[w], None)
    }

    /// Removes one key.
    pub fn remove(&self, key: impl AsRef<[u8]>) -> EResult<()> {
        self.engine.apply(&[Write { tree: self.id, key: key.as_ref().to_vec(), value: None }], None)
    }

    /// Applies a batch of writes to this tree, all or none.
    pub fn apply_batch(&self, batch: Batch) -> EResult<()> {
        if batch.0.is_empty() {
            return Ok(());
        }
        let writes: Vec<Write> = batch.0.into_iter().map(|(key, value)| Write { tree: self.id, key, value }).collect();
        self.engine.apply(&writes, None)
    }

    /// Removes every pair, a thousand at a time (not atomic as a whole).
    pub fn clear(&self) -> EResult<()> {
        loop {
            let keys: Vec<Bytes> = self.iter().keys().take(1000).collect::<EResult<_>>()?;
            if keys.is_empty() {
                return Ok(());
            }
            let writes: Vec<Write> =
                keys.into_iter().map(|k| Write { tree: self.id, key: k.to_vec(), value: None }).collect();
            self.engine.apply(&writes, None)?;
        }
    }
}

/// Writes to one tree, applied together by [`Tree::apply_batch`].
#[derive(Debug, Default)]
pub struct Batch(Vec<(Vec<u8>, Option<Vec<u8>>)>);

impl Batch {
    /// Puts a pair.
    pub fn insert(&mut self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) {
        self.0.push((key.as_ref().to_vec(), Some(value.as_ref().to_vec())));
    }

    /// Removes a key.
    pub fn remove(&mut self, key: impl AsRef<[u8]>) {
        self.0.push((key.as_ref().to_vec(), None));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    type Named = (&'static str, Arc<dyn Engine>);

    /// Both engines, each with three trees.
    fn engines() -> (tempfile::TempDir, Vec<Named>) {
        let dir = tempfile::tempdir().unwrap();
        let sled = SledEngine::open(&dir.path().join("db"), 1 << 20, &["a", "b", "c"]).unwrap();
        (dir, vec![("sled", Arc::new(sled)), ("memory", Arc::new(MemoryEngine::new(3)))])
    }

    fn w(tree: usize, key: &[u8], value: Option<&[u8]>) -> Write {
        Write { tree, key: key.to_vec(), value: value.map(<[u8]>::to_vec) }
    }

    fn keys(it: Iter) -> Vec<Vec<u8>> {
        it.keys().map(|k| k.unwrap().to_vec()).collect()
    }

    #[test]
    fn both_engines_read_ranges_and_prefixes_alike() {
        let (_d, engines) = engines();
        for (name, e) in engines {
            let t = Tree::new(Arc::clone(&e), 1);
            let writes: Vec<Write> = [&b"a"[..], b"ab", b"ab\xff", b"ac", b"b", b"\xff", b"\xff\xff"]
                .iter()
                .map(|k| w(1, k, Some(k)))
                .collect();
            e.apply(&writes, None).unwrap();
            assert_eq!(keys(t.scan_prefix(b"ab")), vec![b"ab".to_vec(), b"ab\xff".to_vec()], "{name}");
            assert_eq!(keys(t.scan_prefix(b"\xff")), vec![b"\xff".to_vec(), b"\xff\xff".to_vec()], "{name}");
            assert_eq!(keys(t.range(&b"ab"[..]..&b"b"[..])).len(), 3, "{name}");
            assert_eq!(
                keys(t.range(&b"b"[..]..&b"a"[..])),
                Vec::<Vec<u8>>::new(),
                "{name}: an inverted range is empty"
            );
            assert_eq!(t.iter().next_back().unwrap().unwrap().0.to_vec(), b"\xff\xff".to_vec(), "{name}");
            assert_eq!(t.len(), 7, "{name}");
            assert!(Tree::new(Arc::clone(&e), 0).is_empty(), "{name}: the other trees are apart");
            t.clear().unwrap();
            assert!(t.is_empty(), "{name}");
        }
    }

    #[test]
    fn a_write_that_fails_midway_leaves_every_tree_as_it_was() {
        let (_d, engines) = engines();
        for (name, e) in engines {
            e.apply(&[w(0, b"k", Some(b"old")), w(2, b"gone", Some(b"x"))], None).unwrap();
            let writes =
                [w(0, b"k", Some(b"new")), w(1, b"n", Some(b"1")), w(2, b"gone", None), w(1, b"m", Some(b"2"))];
            for at in 0..writes.len() {
                let err = e.apply(&writes, Some(at)).unwrap_err();
                assert!(err.is_disk_full(), "{name}: {err}");
                assert_eq!(e.get(0, b"k").unwrap().unwrap().as_ref(), b"old", "{name} at {at}");
                assert!(e.get(1, b"n").unwrap().is_none(), "{name} at {at}");
                assert!(e.get(2, b"gone").unwrap().is_some(), "{name} at {at}");
            }
            e.apply(&writes, None).unwrap();
            assert_eq!(e.get(0, b"k").unwrap().unwrap().as_ref(), b"new", "{name}");
            assert!(e.get(2, b"gone").unwrap().is_none(), "{name}");
            assert_eq!(e.range(1, Bound::Unbounded, Bound::Unbounded).count(), 2, "{name}");
        }
    }

    #[test]
    fn writes_through_a_tree_are_read_back() {
        let (_d, engines) = engines();
        for (name, e) in engines {
            e.apply(&[w(0, b"a", Some(b"1"))], None).unwrap();
            let t = Tree::new(Arc::clone(&e), 0);
            let mut it = t.iter();
            assert_eq!(it.next().unwrap().unwrap().0.as_ref(), b"a", "{name}");
            t.insert(b"b", b"2").unwrap();
            t.remove(b"a").unwrap();
            assert_eq!(t.get(b"a").unwrap(), None, "{name}");
            assert_eq!(keys(t.iter()), vec![b"b".to_vec()], "{name}");
        }
    }
}
