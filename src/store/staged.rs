//! Staged writes: large all-or-nothing writes (imports, the demo data) in
//! bounded memory.
//!
//! A [`Store::write`] is one sled transaction holding every operation in
//! memory, which does not scale to 100,000 rows. A staged write instead
//! runs many ordinary [`Batch`]es and puts what each would write into the
//! tree `staging` rather than into the real trees:
//!
//! | key | value |
//! |---|---|
//! | `[target tree number][target key]` | the target value |
//!
//! Readers, indexes, summaries, lists and `check` read the real trees, so
//! they do not see staged entries; the batches of the staged write itself
//! read through them (a referral staged in one batch finds the client
//! staged in an earlier one). The writer lock is held from the start to
//! the end, so ids and audit numbers are taken from the counters as in
//! any write; the counters are written only by the commit.
//!
//! # Commit and recovery
//!
//! A staged write only creates: every staged key is a new record's key,
//! index entry, summary or audit entry, named by an id or audit number not
//! yet taken, so none existed before. The commit
//!
//! 1. copies the staged entries into their trees in bounded batches, in key
//!    order (still not counted: `count`, the audit length and
//!    [`Store::generation`] are unchanged, so sessions do not reload);
//! 2. flushes;
//! 3. writes the new counters and the marker `staged = committed` in one
//!    small batch of `meta`, and flushes: this is the commit point;
//! 4. clears `staging`, then removes the marker.
//!
//! When the database is opened (and when a staged write is dropped without
//! its commit: an error, a full disk, ctrl-c), what remains of a staged
//! write is settled by the marker alone:
//!
//! - no marker: roll back. For every staged entry its target key is
//!   removed (it may have been copied), then the staged entries; the
//!   counters in `meta` were never written. A crash during the roll-back
//!   leaves staged entries that the next open rolls back again.
//! - marker `committed`: roll forward. The copy is complete and counted;
//!   `staging` is cleared and the marker removed.
//!
//! Each step is idempotent, so a crash at any point leaves a state the
//! next open settles to "as before" or "all of it" (tested in
//! `tests/staged_crash.rs` by killing a child at every step).

use std::sync::MutexGuard;
use std::sync::atomic::Ordering;

use super::{
    AUDIT, Actor, Batch, CONTENTS, Counters, DOCUMENTS, INDEX, META, Result, SUMMARIES, Store, StoreError, kind_slot,
};
use crate::model::RecordKind;

/// The marker in `meta`: present only between the commit point and the end
/// of the clean-up.
pub(crate) const STAGED_KEY: &[u8] = b"staged";
const COMMITTED: &[u8] = b"committed";

/// Entries copied, rolled back or cleared per sled batch.
const CHUNK: usize = 4096;

/// Whether a staged entry may go to a tree: only the trees a created
/// record writes (records, index entries, summaries, audit entries).
fn stageable(tree: usize) -> bool {
    tree < 5 || tree == INDEX || tree == SUMMARIES || tree == AUDIT || tree == DOCUMENTS || tree == CONTENTS
}

pub(super) fn staged_key(tree: usize, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 1);
    k.push(tree as u8);
    k.extend_from_slice(key);
    k
}

/// A step of a staged write, for progress and for crash tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StagedStep {
    /// A batch was staged; `entries` are staged in all.
    Staged {
        /// Entries staged so far.
        entries: u64,
    },
    /// Entries copied to their trees so far, of all.
    Copied {
        /// Copied so far.
        done: u64,
        /// Staged in all.
        of: u64,
    },
    /// The commit point is on disk: the write is whole from here.
    Committed,
}

/// What is left of a staged write in a database (see [`Store::staged_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StagedState {
    /// Entries in `staging`.
    pub entries: u64,
    /// Whether the commit marker is set (the write is whole, its clean-up not done).
    pub committed: bool,
    /// Whether a staged write of this process is under way.
    pub in_progress: bool,
    /// What opening the database settled: a write cut short, with the
    /// entries it had staged, rolled back (`false`) or finished (`true`).
    pub settled_on_open: Option<(u64, bool)>,
}

/// A staged write under way: holds the writer lock until committed or
/// dropped; dropped without [`Staged::commit`], it is rolled back.
pub struct Staged<'s> {
    store: &'s Store,
    guard: MutexGuard<'s, Counters>,
    actor: &'s Actor,
    counters: Counters,
    entries: u64,
    on_step: Option<Box<dyn FnMut(StagedStep) + 's>>,
    #[cfg(any(test, feature = "fault-injection"))]
    fail_at: Option<usize>,
    written: usize,
    /// Whether the commit's copy has begun (before it, no target holds a staged entry).
    copying: bool,
    /// Whether what is staged changes what is derived from the records
    /// (clients, not a document's content).
    derived: bool,
    done: bool,
}

impl Store {
    /// Starts a staged write (see the module notes): batches run with
    /// [`Staged::batch`] are invisible until [`Staged::commit`].
    pub fn staged<'s>(&'s self, actor: &'s Actor) -> Result<Staged<'s>> {
        let guard = self.lock_counters();
        self.refuse_if_unsettled()?;
        // anything left (a roll-back of this process that failed) is settled first
        self.settle_staged()?;
        let counters = guard.clone();
        self.inner.staging_active.store(true, Ordering::Release);
        Ok(Staged {
            store: self,
            guard,
            actor,
            counters,
            entries: 0,
            on_step: None,
            #[cfg(any(test, feature = "fault-injection"))]
            fail_at: match self.take_fault(|f| matches!(f, super::Fault::WriteAt(_))) {
                Some(super::Fault::WriteAt(n)) => Some(n),
                _ => None,
            },
            written: 0,
            copying: false,
            derived: false,
            done: false,
        })
    }

    /// What is left of staged writes (for `check`).
    pub fn staged_state(&self) -> Result<StagedState> {
        Ok(StagedState {
            entries: self.inner.staging.len() as u64,
            committed: self.inner.trees[META].get(STAGED_KEY)?.is_some_and(|v| v.as_ref() == COMMITTED),
            in_progress: self.inner.staging_active.load(Ordering::Acquire),
            settled_on_open: *self.inner.settled.lock().unwrap_or_else(|p| p.into_inner()),
        })
    }

    /// Settles what a staged write left (see the module notes): rolled
    /// back without the commit marker, finished with it. Called on open,
    /// under the writer lock or before anyone else holds the store.
    pub(crate) fn settle_staged(&self) -> Result<Option<(u64, bool)>> {
        let committed = self.inner.trees[META].get(STAGED_KEY)?.is_some();
        let entries = self.inner.staging.len() as u64;
        let found = (committed || entries > 0).then_some((entries, committed));
        if !committed {
            self.roll_back_staged()?;
        } else {
            self.clear_staging()?;
            self.inner.trees[META].remove(STAGED_KEY)?;
        }
        if found.is_some() {
            self.flush()?;
        }
        Ok(found)
    }

    /// Removes every staged entry's target, then the staged entries, chunk
    /// by chunk: a crash in between leaves staged entries whose targets
    /// the next roll-back removes again.
    fn roll_back_staged(&self) -> Result<()> {
        loop {
            let mut chunk = Vec::with_capacity(CHUNK);
            for item in self.inner.staging.iter().keys().take(CHUNK) {
                chunk.push(item?);
            }
            if chunk.is_empty() {
                return Ok(());
            }
            let mut targets: Vec<crate::store::engine::Batch> =
                (0..self.inner.trees.len()).map(|_| crate::store::engine::Batch::default()).collect();
            let mut staged = crate::store::engine::Batch::default();
            for k in &chunk {
                if let Some((&t, key)) = k.split_first()
                    && let Some(b) = targets.get_mut(t as usize)
                {
                    b.remove(key);
                }
                staged.remove(k.as_ref());
            }
            for (t, b) in targets.into_iter().enumerate() {
                self.inner.trees[t].apply_batch(b)?;
            }
            self.inner.staging.apply_batch(staged)?;
        }
    }

    fn clear_staging(&self) -> Result<()> {
        loop {
            let mut staged = crate::store::engine::Batch::default();
            let mut n = 0;
            for item in self.inner.staging.iter().keys().take(CHUNK) {
                staged.remove(item?);
                n += 1;
            }
            if n == 0 {
                return Ok(());
            }
            self.inner.staging.apply_batch(staged)?;
        }
    }

    /// After a roll-back that failed (a full disk), the trees may hold
    /// staged entries under ids the counters give out again: no write
    /// until the database is opened again, which settles them.
    pub(crate) fn refuse_if_unsettled(&self) -> Result<()> {
        if self.inner.unsettled.load(Ordering::Acquire) {
            return Err(StoreError::NotDurable(
                "an import that failed could not be rolled back; close simpul and open the database again".into(),
            ));
        }
        Ok(())
    }
}

impl<'s> Staged<'s> {
    /// Calls `f` at every step (progress, crash tests).
    pub fn on_step(&mut self, f: impl FnMut(StagedStep) + 's) {
        self.on_step = Some(Box::new(f));
    }

    fn step(&mut self, s: StagedStep) {
        if let Some(f) = self.on_step.as_mut() {
            f(s);
        }
    }

    /// Counts `n` keys written; a test's injected fault fails the write at its key.
    fn count_keys(&mut self, n: usize) -> Result<()> {
        #[cfg(any(test, feature = "fault-injection"))]
        if let Some(at) = self.fail_at
            && (self.written..self.written + n).contains(&at)
        {
            self.fail_at = None;
            return Err(StoreError::Engine(crate::store::engine::disk_full()));
        }
        self.written += n;
        Ok(())
    }

    /// Runs `f` as one batch of this staged write: it sees what earlier
    /// batches staged, and what it writes is staged (one sled batch) when
    /// it returns. A batch may only create records.
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Batch<'_>) -> Result<T>) -> Result<T> {
        let mut b = Batch::new(self.store, self.counters.clone(), self.actor);
        b.staging = true;
        let out = f(&mut b)?;
        let mut staged = crate::store::engine::Batch::default();
        let mut n = 0;
        for ((t, k), v) in &b.ops {
            match v {
                Some(v) if stageable(*t) => {
                    staged.insert(staged_key(*t, k), v.as_slice());
                    n += 1;
                }
                _ => {
                    return Err(StoreError::NotDurable(format!(
                        "a staged write may only create records (tree {t}, removal: {})",
                        v.is_none()
                    )));
                }
            }
        }
        self.count_keys(n)?;
        self.store.inner.staging.apply_batch(staged)?;
        self.derived |= super::derived::changes_what_is_derived(b.ops.keys());
        self.counters = b.counters;
        self.entries += n as u64;
        self.step(StagedStep::Staged { entries: self.entries });
        Ok(out)
    }

    /// Entries staged so far.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Makes everything staged visible and durable (see the module notes).
    /// On an error nothing is: the write is rolled back.
    pub fn commit(mut self) -> Result<()> {
        let r = self.commit_inner();
        if r.is_ok() {
            self.done = true;
        }
        r
    }

    fn commit_inner(&mut self) -> Result<()> {
        if self.entries == 0 {
            return Ok(());
        }
        let store = self.store;
        // what was derived from the records goes before they change; the
        // commit point advances the count of writes, so what a process
        // holds by that count is not used after it either
        if self.derived {
            store.drop_derived()?;
        }
        store.flush()?;
        // 1. copy, in key order, chunk by chunk
        let trees = &store.inner.trees;
        let mut done = 0u64;
        let mut from: Vec<u8> = Vec::new();
        self.copying = true;
        loop {
            let mut targets: Vec<crate::store::engine::Batch> =
                (0..trees.len()).map(|_| crate::store::engine::Batch::default()).collect();
            let mut n = 0;
            let mut last = None;
            for item in store.inner.staging.range(from.as_slice()..).take(CHUNK) {
                let (k, v) = item?;
                if let Some((&t, key)) = k.split_first()
                    && let Some(b) = targets.get_mut(t as usize)
                {
                    b.insert(key, v);
                }
                n += 1;
                last = Some(k);
            }
            let Some(last) = last else { break };
            self.count_keys(n)?;
            for (t, b) in targets.into_iter().enumerate() {
                trees[t].apply_batch(b)?;
            }
            done += n as u64;
            from = last.to_vec();
            from.push(0);
            self.step(StagedStep::Copied { done, of: self.entries });
        }
        // 2. everything copied is on disk before the commit point
        store.flush()?;
        // 3. the commit point: counters and marker in one batch, flushed
        let mut meta = crate::store::engine::Batch::default();
        let before = self.guard.clone();
        for kind in RecordKind::ALL {
            let s = kind_slot(kind);
            if self.counters.next_id[s] != before.next_id[s] {
                meta.insert(super::next_id_key(kind), self.counters.next_id[s].to_be_bytes());
            }
            if self.counters.count[s] != before.count[s] {
                meta.insert(super::count_key(kind), self.counters.count[s].to_be_bytes());
            }
        }
        if self.counters.audit_seq != before.audit_seq {
            meta.insert(super::AUDIT_SEQ_KEY, self.counters.audit_seq.to_be_bytes());
        }
        if self.counters.next_doc != before.next_doc {
            meta.insert(super::documents::NEXT_DOC_KEY, self.counters.next_doc.to_be_bytes());
        }
        if self.derived {
            self.counters.writes = before.writes + 1;
            meta.insert(super::WRITES_KEY, self.counters.writes.to_be_bytes());
        }
        meta.insert(STAGED_KEY, COMMITTED);
        trees[META].apply_batch(meta)?;
        #[cfg(any(test, feature = "fault-injection"))]
        let injected = store.take_fault(|f| f == super::Fault::CommitFlush).is_some();
        #[cfg(not(any(test, feature = "fault-injection")))]
        let injected = false;
        let flushed = if injected { Err(StoreError::Engine(crate::store::engine::disk_full())) } else { store.flush() };
        if let Err(e) = flushed {
            // Not known to be on disk: take the commit point back (the
            // counters as they were, no marker) so the drop rolls back and
            // the user is told nothing was imported.
            let mut undo = crate::store::engine::Batch::default();
            for kind in RecordKind::ALL {
                let s = kind_slot(kind);
                if self.counters.next_id[s] != before.next_id[s] {
                    undo.insert(super::next_id_key(kind), before.next_id[s].to_be_bytes());
                }
                if self.counters.count[s] != before.count[s] {
                    undo.insert(super::count_key(kind), before.count[s].to_be_bytes());
                }
            }
            if self.counters.audit_seq != before.audit_seq {
                undo.insert(super::AUDIT_SEQ_KEY, before.audit_seq.to_be_bytes());
            }
            if self.counters.next_doc != before.next_doc {
                undo.insert(super::documents::NEXT_DOC_KEY, before.next_doc.to_be_bytes());
            }
            if self.derived {
                undo.insert(super::WRITES_KEY, before.writes.to_be_bytes());
            }
            undo.remove(STAGED_KEY);
            if trees[META].apply_batch(undo).is_err() {
                store.inner.unsettled.store(true, Ordering::Release);
            }
            return Err(e);
        }
        *self.guard = self.counters.clone();
        store.publish(&self.counters);
        store.inner.generation.fetch_add(1, Ordering::AcqRel);
        self.step(StagedStep::Committed);
        // 4. clean up (a failure here is finished by the next open)
        if store.clear_staging().and_then(|()| Ok(trees[META].remove(STAGED_KEY).map(|_| ())?)).is_ok() {
            let _ = store.flush();
        }
        Ok(())
    }
}

impl Drop for Staged<'_> {
    fn drop(&mut self) {
        if !self.done {
            // before the copy nothing staged is in its tree: clearing `staging` is enough
            let undo = if self.copying { self.store.roll_back_staged() } else { self.store.clear_staging() };
            if undo.and_then(|()| self.store.flush()).is_err() {
                self.store.inner.unsettled.store(true, Ordering::Release);
            }
        }
        self.store.inner.staging_active.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Record as _, Referral, Role, Stakeholder, StakeholderKind};
    use crate::store::{Fault, OpenOptions};

    fn officer() -> Actor {
        Actor::new("budi", Role::Officer)
    }

    fn client(i: usize) -> Client {
        let tag: String = i.to_string().chars().map(|d| (b'a' + d as u8 - b'0') as char).collect();
        let mut c = Client::new(format!("Klien {tag}"));
        c.consent.given = true;
        c
    }

    /// Stages `n` clients with a referral each, in batches of 10.
    fn stage(s: &Store, a: &Actor, n: usize, st: crate::model::StakeholderId) -> Result<()> {
        let mut w = s.staged(a)?;
        for chunk in (0..n).collect::<Vec<_>>().chunks(10) {
            w.batch(|b| {
                for &i in chunk {
                    let c = b.create(client(i))?;
                    b.create(Referral::new(c.id(), st, "pelatihan", day()))?;
                }
                Ok(())
            })?;
        }
        w.commit()
    }

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2023, 10, 1).unwrap_or_default()
    }

    #[test]
    fn staged_entries_are_invisible_until_the_commit() {
        let (_d, s) = crate::store::temp_store();
        let a = officer();
        let st = s.create(&a, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap();
        let (gen0, audit0, writes0) = (s.generation(), s.audit_len(), s.writes());
        let mut w = s.staged(&a).unwrap();
        let c = w.batch(|b| b.create(client(1))).unwrap();
        // a later batch sees what an earlier one staged
        w.batch(|b| b.create(Referral::new(c.id(), st.id(), "pelatihan", day()))).unwrap();
        assert!(w.entries() > 4);
        assert_eq!(s.get::<Client>(c.meta.id).unwrap(), None, "not readable");
        assert_eq!(s.scan::<Client>().count(), 0, "not scanned");
        assert_eq!(s.scan_summaries::<crate::store::summary::ClientSummary>().count(), 0, "not listed");
        assert_eq!(s.referencing(c.record_ref()).unwrap(), vec![], "not indexed");
        assert_eq!((s.count(RecordKind::Client), s.audit_len(), s.generation()), (0, audit0, gen0), "not counted");
        let state = s.staged_state().unwrap();
        assert!(state.in_progress && state.entries > 4 && !state.committed, "{state:?}");
        w.commit().unwrap();
        assert_eq!(s.get::<Client>(c.meta.id).unwrap().map(|c| c.full_name), Some("Klien b".to_string()));
        assert_eq!(s.referrals_of_client(c.id()).unwrap().len(), 1);
        assert_eq!((s.count(RecordKind::Client), s.count(RecordKind::Referral)), (1, 1));
        assert_eq!(s.audit_len(), audit0 + 2);
        assert_eq!(s.generation(), gen0 + 1, "one change for the sessions");
        assert_eq!(s.writes(), writes0 + 1, "what was derived before is not current");
        assert_eq!(s.staged_state().unwrap(), StagedState::default(), "nothing left");
        assert!(s.check().unwrap().is_clean());
        // the next write carries on from the staged ids
        assert_eq!(s.create(&a, client(7)).unwrap().meta.id, 2);
    }

    #[test]
    fn a_staged_write_dropped_or_failing_anywhere_leaves_the_database_as_it_was() {
        let (_d, s) = crate::store::temp_store();
        let a = officer();
        let st = s.create(&a, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap();
        // dropped: rolled back at once
        {
            let mut w = s.staged(&a).unwrap();
            w.batch(|b| b.create(client(1))).unwrap();
        }
        assert_eq!(s.staged_state().unwrap(), StagedState::default());
        // a full disk at every tenth key, staging or copying; at the commit flush
        let mut faults: Vec<Fault> = (0..70).step_by(7).map(Fault::WriteAt).collect();
        faults.push(Fault::Flush);
        faults.push(Fault::CommitFlush);
        for f in faults {
            s.inject_fault(Some(f));
            let err = stage(&s, &a, 5, st.id()).unwrap_err();
            assert!(err.message(crate::i18n::Lang::En).starts_with("The disk is full"), "{f:?}: {err}");
            assert_eq!((s.count(RecordKind::Client), s.count(RecordKind::Referral), s.audit_len()), (0, 0, 1));
            assert_eq!(s.scan::<Client>().count(), 0, "{f:?}: rolled back");
            assert_eq!(s.index_owners(&[]).unwrap().len(), 0, "{f:?}: no index entry");
            assert_eq!(s.staged_state().unwrap(), StagedState::default(), "{f:?}");
            assert!(s.check().unwrap().is_clean(), "{f:?}: {:?}", s.check().unwrap().problems);
        }
        stage(&s, &a, 5, st.id()).unwrap();
        assert_eq!(s.get::<Client>(1).unwrap().map(|c| c.meta.id), Some(1), "ids from 1: none was used up");
        assert_eq!(s.count(RecordKind::Client), 5);
    }

    /// What the open does with what a crash left: entries staged and
    /// partly copied without the marker go; with the marker, they stay.
    #[test]
    fn opening_settles_a_staged_write_by_its_marker() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let a = officer();
        let open = || Store::open(&path, &OpenOptions::default()).unwrap();
        let w_entries;
        {
            let s = open();
            let st = s.create(&a, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap();
            let mut w = s.staged(&a).unwrap();
            w.batch(|b| b.create(client(1)).map(|_| ())).unwrap();
            w.batch(|b| b.create(Referral::new(crate::model::ClientId(1), st.id(), "x", day())).map(|_| ())).unwrap();
            // a crash in the middle of the copy: half the entries are in their trees
            let half: Vec<_> = s.inner.staging.iter().take(3).map(|i| i.unwrap()).collect();
            for (k, v) in half {
                s.inner.trees[k[0] as usize].insert(&k[1..], v).unwrap();
            }
            s.flush().unwrap();
            w_entries = w.entries();
            std::mem::forget(w); // as a kill would: no drop, no roll-back
        }
        {
            let s = open();
            assert_eq!(s.staged_state().unwrap().entries, 0);
            assert_eq!(s.staged_state().unwrap().settled_on_open, Some((w_entries, false)), "rolled back");
            assert_eq!((s.count(RecordKind::Client), s.scan::<Client>().count()), (0, 0));
            assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap().problems);
            // and a crash after the commit point, before the clean-up:
            // the marker is set and the entries are still staged
            let mut w = s.staged(&a).unwrap();
            w.batch(|b| b.create(client(2)).map(|_| ())).unwrap();
            w.commit().unwrap();
            let copied: Vec<_> = s.inner.trees[0].iter().map(|i| i.unwrap()).collect();
            for (k, v) in copied {
                s.inner.staging.insert(staged_key(0, &k), v).unwrap();
            }
            s.inner.trees[META].insert(STAGED_KEY, COMMITTED).unwrap();
            s.flush().unwrap();
        }
        let s = open();
        assert_eq!(s.staged_state().unwrap().entries, 0);
        assert_eq!(s.staged_state().unwrap().settled_on_open.map(|(_, c)| c), Some(true), "finished");
        assert_eq!(s.count(RecordKind::Client), 1);
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap().problems);
    }
}
