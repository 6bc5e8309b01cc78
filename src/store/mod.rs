//! Persistence on sled: trees, keys, values, indexes, audit, migrations.
//!
//! # Layout
//!
//! | tree | key | value |
//! |---|---|---|
//! | `clients`, `stakeholders`, `events`, `referrals`, `users` | record id, u64 big-endian | envelope(record) |
//! | `index` | `[index id][term][kind tag][record id]` (see [`index`]) | empty |
//! | `summaries` | `[kind tag][record id]` (clients, stakeholders, events; see [`summary`]) | summary envelope |
//! | `audit` | sequence number, u64 big-endian | envelope([`AuditEntry`]) |
//! | `meta` | `schema`, `next_id:<tag>`, `count:<tag>`, `audit_seq` | u32 / u64 big-endian |
//! | `prefs` | `[user name text][pref name text]` | envelope(value) |
//!
//! `prefs` holds per-user settings and small user data (search history,
//! saved searches; see [`Store::pref`]). They are not records: they have no
//! id, version or index, are not audited, and writing one does not change
//! [`Store::generation`] (sessions need not reload rows for them).
//!
//! An *envelope* is one format-version byte and the bincode 2 bytes of the
//! value ([`codec`]). Key components sort as their values do ([`keys`]).
//!
//! # Writes
//!
//! Every change goes through [`Store::write`]: under one in-process lock
//! (the database has one writer process, and within it one writer at a
//! time) a [`Batch`] reads what it needs and computes every key to put or
//! remove — record, index entries, audit entry, counters — and then one
//! multi-tree sled transaction applies exactly those, so a record, its
//! indexes and its audit entry are written together or not at all. The
//! transaction closure only replays the computed operations, because sled
//! may run it more than once. A write returns only after `flush`, so a
//! "Saved" shown to the user is on disk.
//!
//! # Concurrency and versions
//!
//! Each record carries `meta.version`. An update names the version it was
//! read at; if the stored one differs, the update is refused with
//! [`StoreError::Conflict`] naming who changed it and when.
//!
//! # Processes
//!
//! The database directory holds `simpul.lock`, locked exclusively by the
//! process that opened it and naming it (pid, mode, listen address), so a
//! second process can say who holds the database and how to reach it.

pub mod access;
pub mod approvals;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod calendar;
/// Integrity check of a whole database.
pub mod check;
pub mod closed;
pub mod codec;
pub mod derived;
pub mod documents;
pub mod engine;
pub mod error;
pub mod flags;
pub mod history;
pub mod index;
pub mod keys;
pub mod legacy;
pub mod meetings;
pub mod merge;
pub mod purge;
pub mod rules;
pub mod staged;
pub mod summary;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Clock;

pub use access::Scoped;
pub use audit::{Actor, AuditAction, AuditEntry, AuditFilter, AuditQueryError};
pub use engine::open_sled;
pub use error::{ApprovalProblem, LockHolder, StoreError};
pub use index::{IndexId, Indexed, Term};

use crate::model::{Client, ClientId, Event, RecordKind, RecordRef, Referral, Stakeholder, StakeholderId, User};

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The schema this program writes. Older databases are migrated on open.
pub const SCHEMA_VERSION: u32 = 7;

/// Default sled page cache: small, because offices run this on weak
/// machines; the lists and search never read through it (they hold their
/// own compact copies), only the case file on screen and writes do.
pub const DEFAULT_CACHE_BYTES: u64 = 2 * 1024 * 1024;

/// The SSH server's page cache: many sessions open many case files.
pub const SERVER_CACHE_BYTES: u64 = 32 * 1024 * 1024;

const LOCK_FILE: &str = "simpul.lock";
const INDEX: usize = 5;
const AUDIT: usize = 6;
const META: usize = 7;
const PREFS: usize = 8;
const CHANGES: usize = 9;
const FLAGS: usize = 10;
const VIEWS: usize = 11;
const APPROVALS: usize = 12;
const SUMMARIES: usize = 13;
const MERGES: usize = 14;
const DOCUMENTS: usize = 15;
const CONTENTS: usize = 16;
/// The tree of staged writes (see [`staged`]), after the others.
const STAGING: usize = 17;
const TREE_NAMES: [&str; 18] = [
    "clients",
    "stakeholders",
    "events",
    "referrals",
    "users",
    "index",
    "audit",
    "meta",
    "prefs",
    "changes",
    "flags",
    "views",
    "approvals",
    "summaries",
    "merges",
    "documents",
    "contents",
    "staging",
];
const SCHEMA_KEY: &[u8] = b"schema";
const AUDIT_SEQ_KEY: &[u8] = b"audit_seq";
const WRITES_KEY: &[u8] = b"writes";

/// How to open a database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// sled page cache capacity in bytes.
    pub cache_bytes: u64,
    /// What to write into the lock file about this process.
    pub holder: LockHolder,
    /// Where every write, session and command takes "now" and "today" from.
    pub clock: Clock,
    /// What keeps the data (the lock file is in the directory either way).
    pub engine: engine::EngineKind,
    /// Whether a database that is not there is made (else: [`StoreError::NoDatabase`]).
    pub create: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            cache_bytes: DEFAULT_CACHE_BYTES,
            holder: LockHolder { pid: Some(std::process::id()), mode: "tui".to_string(), listen: None },
            clock: Clock::system(),
            engine: engine::EngineKind::default(),
            create: true,
        }
    }
}

/// Counters kept in `meta`, mirrored in memory under the write lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Counters {
    next_id: [u64; 5],
    count: [u64; 5],
    audit_seq: u64,
    /// Writes so far that changed what is derived from the records (see [`derived`]).
    writes: u64,
    /// The next document number (see [`documents`]).
    next_doc: u64,
}

fn kind_slot(kind: RecordKind) -> usize {
    kind.tag() as usize - 1
}

fn next_id_key(kind: RecordKind) -> Vec<u8> {
    let mut k = b"next_id:".to_vec();
    k.push(kind.tag());
    k
}

fn count_key(kind: RecordKind) -> Vec<u8> {
    let mut k = b"count:".to_vec();
    k.push(kind.tag());
    k
}

/// The next [`Store::instance`].
static NEXT_INSTANCE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

struct Inner {
    /// Which open store this is, never reused in the process (an address could be).
    instance: usize,
    path: PathBuf,
    engine: Arc<dyn engine::Engine>,
    trees: [engine::Tree; 17],
    /// Entries of a staged write not yet committed (see [`staged`]).
    staging: engine::Tree,
    /// Whether a staged write of this process is under way.
    staging_active: std::sync::atomic::AtomicBool,
    /// What opening settled of a staged write cut short (see [`staged`]).
    settled: Mutex<Option<(u64, bool)>>,
    /// A staged write could not be rolled back: no writes until reopened.
    unsettled: std::sync::atomic::AtomicBool,
    /// The writer lock, with the counters as the writer sees them.
    counters: Mutex<Counters>,
    /// The counters as readers see them: those of the last commit, so
    /// counting does not wait for a long staged write.
    shown: Mutex<Counters>,
    generation: AtomicU64,
    /// Tie-breaker of view log keys.
    view_seq: AtomicU64,
    clock: Clock,
    /// Days a partner still sees a client after its referral ended.
    partner_grace_days: std::sync::atomic::AtomicU32,
    #[cfg(any(test, feature = "fault-injection"))]
    fault: Mutex<Option<Fault>>,
    /// Last, so that it is dropped once sled has let go of its files.
    lock: LockFile,
}

/// The database's lock file, held as long as the store.
struct LockFile {
    file: Mutex<File>,
    dir: PathBuf,
    /// The count of writes of a clean close, to stamp the file with when
    /// dropped (see [`closed`]).
    closed_at: Option<u64>,
}

impl Drop for LockFile {
    fn drop(&mut self) {
        if let Some(writes) = self.closed_at {
            let file = self.file.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Err(e) = closed::stamp(file, &self.dir, writes) {
                // then the next command opens the database, as after a crash
                tracing::warn!("the lock file could not say the database was closed cleanly: {e}");
            }
        }
    }
}

impl Drop for Inner {
    /// A clean close: everything written is flushed, no staged write is
    /// left half done; the lock file is stamped after sled's own drop.
    fn drop(&mut self) {
        let staged = self.staging_active.load(Ordering::Acquire) || self.unsettled.load(Ordering::Acquire);
        if !staged && self.engine.flush().is_ok() {
            let counters = self.counters.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
            self.lock.closed_at = Some(counters.writes);
        }
    }
}

/// A failure to inject into the next write, so tests can show what a user
/// sees when the disk fills up mid-save (test builds and the
/// `fault-injection` feature only).
#[cfg(any(test, feature = "fault-injection"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The next write transaction fails with "no space left on device" at
    /// its `n`th key (0 = the first), after the keys before it were put;
    /// sled must roll those back. Consumed even if the write has fewer keys.
    /// A staged write (see [`staged`]) counts the keys it stages and
    /// copies, and fails at its `n`th.
    WriteAt(usize),
    /// The flush after a staged write's commit point fails.
    CommitFlush,
    /// The next flush fails with "no space left on device".
    Flush,
}

/// Makes `dir` readable by its owner only, when it was open to others.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir)?.permissions().mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))?;
    }
    Ok(())
}

/// A handle on an open database. Cheap to clone; all clones share one sled
/// database and one writer lock.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.inner.path).finish()
    }
}

/// Whether a write must be on disk before it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Flush before returning (every interactive save).
    Flush,
    /// Leave flushing to a later [`Store::flush`] (bulk loads).
    Deferred,
}

impl Store {
    /// Opens (creating if needed) the database directory at `path`.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store> {
        let (engine, lock_file) = Store::open_engine(path, opts)?;
        Store::with_engine(path, opts, engine, lock_file)
    }

    /// Creates the directory if needed, takes its lock and opens the engine.
    fn open_engine(path: &Path, opts: &OpenOptions) -> Result<(Arc<dyn engine::Engine>, File)> {
        let open_err = |reason: String| StoreError::Open { path: path.to_path_buf(), reason };
        if path.exists() && !path.is_dir() {
            return Err(open_err("not a directory: a simpul database is a directory".to_string()));
        }
        if !opts.create && !path.exists() {
            return Err(StoreError::NoDatabase { path: path.to_path_buf() });
        }
        std::fs::create_dir_all(path).map_err(|e| open_err(e.to_string()))?;
        // a database made by an older simpul, or copied in, is closed to others from now on
        private_dir(path).map_err(|e| open_err(e.to_string()))?;
        let lock_file = take_lock(path, &opts.holder)?;
        let engine = engine::open(opts.engine, path, opts.cache_bytes).map_err(|e| open_err(e.to_string()))?;
        Ok((engine, lock_file))
    }

    /// A store over an open engine, its lock file already held.
    fn with_engine(path: &Path, opts: &OpenOptions, engine: Arc<dyn engine::Engine>, lock_file: File) -> Result<Store> {
        let trees = std::array::from_fn(|i| engine::Tree::new(Arc::clone(&engine), i));
        let staging = engine::Tree::new(Arc::clone(&engine), STAGING);
        let store = Store {
            inner: Arc::new(Inner {
                instance: NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed),
                path: path.to_path_buf(),
                engine,
                trees,
                staging,
                staging_active: std::sync::atomic::AtomicBool::new(false),
                unsettled: std::sync::atomic::AtomicBool::new(false),
                settled: Mutex::new(None),
                counters: Mutex::new(Counters::default()),
                shown: Mutex::new(Counters::default()),
                generation: AtomicU64::new(0),
                view_seq: AtomicU64::new(0),
                clock: opts.clock.clone(),
                partner_grace_days: std::sync::atomic::AtomicU32::new(0),
                #[cfg(any(test, feature = "fault-injection"))]
                fault: Mutex::new(None),
                lock: LockFile { file: Mutex::new(lock_file), dir: path.to_path_buf(), closed_at: None },
            }),
        };
        store.prepare_schema()?;
        // a staged write cut short by a crash is rolled back, or finished
        // if it reached its commit point
        let settled = store.settle_staged()?;
        *store.inner.settled.lock().unwrap_or_else(|p| p.into_inner()) = settled;
        let counters = store.load_counters()?;
        store.publish(&counters);
        *store.lock_counters() = counters;
        // the spooled entries are safe where they are: a database that cannot
        // take them now (a full disk) still opens, and a later open moves them
        if let Err(e) = store.fold_spool() {
            tracing::warn!("the audit entries of searches answered while the database was closed wait: {e}");
        }
        Ok(store)
    }

    /// The clock of this store: the time every write is stamped with, and
    /// the office's today (a user's own zone: [`Clock::in_zone`]).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The clock of a user: this store's time, with days counted in the
    /// user's own zone where one is set.
    pub fn clock_for(&self, actor: &Actor) -> Clock {
        self.inner.clock.in_zone_of(actor.zone)
    }

    /// Sets how many days a partner still sees a client after the referral
    /// to it was completed, declined or withdrawn (the office's settings).
    pub fn set_partner_grace_days(&self, days: u32) {
        self.inner.partner_grace_days.store(days, Ordering::Relaxed);
    }

    /// Days a partner still sees a client after its referral ended.
    pub fn partner_grace_days(&self) -> u32 {
        self.inner.partner_grace_days.load(Ordering::Relaxed)
    }

    /// The database directory.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Changes what the lock file says about this process (the server adds its address).
    pub fn set_holder(&self, holder: &LockHolder) -> Result<()> {
        let mut f = self.inner.lock.file.lock().unwrap_or_else(|p| p.into_inner());
        write_holder(&mut f, holder)
            .map_err(|e| StoreError::Open { path: self.inner.path.clone(), reason: e.to_string() })
    }

    /// Which open store this is (two opens of one path are two stores, each
    /// with its own generations): for caches shared between sessions.
    pub fn instance(&self) -> usize {
        self.inner.instance
    }

    /// Incremented by every committed write that changes more than the
    /// audit log: sessions compare it to refresh. A login, a search or a
    /// case file opened adds only an audit entry, and a server's sessions
    /// must not each read 100 000 rows again for it ([`Store::audit_len`]
    /// counts those).
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Number of stored records of a kind (archived included).
    pub fn count(&self, kind: RecordKind) -> u64 {
        self.shown().count[kind_slot(kind)]
    }

    /// Number of audit entries.
    pub fn audit_len(&self) -> u64 {
        self.shown().audit_seq
    }

    fn shown(&self) -> std::sync::MutexGuard<'_, Counters> {
        self.inner.shown.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Shows readers the counters of a commit (under the writer lock).
    fn publish(&self, counters: &Counters) {
        *self.shown() = counters.clone();
    }

    /// The schema version stored in the database.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.meta_u64(SCHEMA_KEY)?.map(|v| u32::try_from(v).unwrap_or(u32::MAX)).unwrap_or(0))
    }

    fn lock_counters(&self) -> std::sync::MutexGuard<'_, Counters> {
        // Counters are only replaced after a commit, so a panic elsewhere
        // while the lock was held leaves them consistent.
        self.inner.counters.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn tree(&self, kind: RecordKind) -> &engine::Tree {
        &self.inner.trees[kind_slot(kind)]
    }

    fn index_tree(&self) -> &engine::Tree {
        &self.inner.trees[INDEX]
    }

    fn meta_u64(&self, key: &[u8]) -> Result<Option<u64>> {
        Ok(self.inner.trees[META].get(key)?.and_then(|v| keys::read_u64(&v)))
    }

    /// Reads one record.
    pub fn get<R: Indexed>(&self, id: u64) -> Result<Option<R>> {
        match self.tree(R::KIND).get(keys::id_key(id))? {
            Some(bytes) => decode_record::<R>(&bytes, &keys::id_key(id)).map(Some),
            None => Ok(None),
        }
    }

    /// Reads one record or says it does not exist.
    pub fn fetch<R: Indexed>(&self, id: u64) -> Result<R> {
        self.get(id)?.ok_or(StoreError::NotFound(RecordRef::new(R::KIND, id)))
    }

    /// Every record of a kind in id order, archived included. A value that
    /// cannot be decoded yields an error for that record only; the
    /// iteration goes on.
    pub fn scan<R: Indexed>(&self) -> impl Iterator<Item = Result<R>> + use<R> {
        self.tree(R::KIND).iter().map(|item| {
            let (k, v) = item?;
            decode_record::<R>(&v, &k)
        })
    }

    /// Records of a kind in an id range, for paging through large lists.
    pub fn scan_from<R: Indexed>(&self, from_id: u64) -> impl Iterator<Item = Result<R>> + use<R> {
        self.tree(R::KIND).range(keys::id_key(from_id)..).map(|item| {
            let (k, v) = item?;
            decode_record::<R>(&v, &k)
        })
    }

    /// Every stored summary of a kind in id order (see [`summary`]). A
    /// summary that cannot be decoded yields an error for that one only.
    pub fn scan_summaries<S: summary::Summary>(&self) -> impl Iterator<Item = Result<S>> + use<S> {
        self.inner.trees[SUMMARIES].scan_prefix([S::KIND.tag()]).map(|item| {
            let (k, v) = item?;
            codec::decode_summary::<S>(&v).map_err(|error| StoreError::Decode {
                tree: "summaries",
                key: keys::describe(&k),
                error,
            })
        })
    }

    /// The records that own index entries starting with `prefix`, in key order.
    pub fn index_owners(&self, prefix: &[u8]) -> Result<Vec<RecordRef>> {
        let mut out = Vec::new();
        for item in self.index_tree().scan_prefix(prefix) {
            let (k, _) = item?;
            if let Some(r) = index::entry_owner(&k) {
                out.push(r);
            }
        }
        Ok(out)
    }

    fn records_of<R: Indexed>(&self, refs: Vec<RecordRef>) -> Result<Vec<R>> {
        let mut out = Vec::with_capacity(refs.len());
        for r in refs.into_iter().filter(|r| r.kind == R::KIND) {
            if let Some(rec) = self.get::<R>(r.id)? {
                out.push(rec);
            }
        }
        Ok(out)
    }

    /// Records that point at `target` (referrals, events, users).
    pub fn referencing(&self, target: RecordRef) -> Result<Vec<RecordRef>> {
        self.index_owners(&Term::new(IndexId::Refs).record(target).prefix())
    }

    /// Referrals of a client.
    pub fn referrals_of_client(&self, client: ClientId) -> Result<Vec<Referral>> {
        self.records_of(self.index_owners(&Term::new(IndexId::ReferralClient).id(client.0).prefix())?)
    }

    /// Referrals to a stakeholder.
    pub fn referrals_to(&self, stakeholder: StakeholderId) -> Result<Vec<Referral>> {
        self.records_of(self.index_owners(&Term::new(IndexId::ReferralStakeholder).id(stakeholder.0).prefix())?)
    }

    /// Events a client takes part in.
    pub fn events_of_client(&self, client: ClientId) -> Result<Vec<Event>> {
        self.records_of(self.index_owners(&Term::new(IndexId::ParticipationClient).id(client.0).prefix())?)
    }

    /// Events a stakeholder organises or takes part in.
    pub fn events_of_stakeholder(&self, stakeholder: StakeholderId) -> Result<Vec<Event>> {
        self.records_of(self.index_owners(&Term::new(IndexId::ParticipationStakeholder).id(stakeholder.0).prefix())?)
    }

    /// Events starting within `from..=to`, in date order.
    pub fn events_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Event>> {
        let start = Term::new(IndexId::EventDate).date(from).prefix();
        let mut end = Term::new(IndexId::EventDate).date(to).prefix();
        end.push(0xFF);
        let mut refs = Vec::new();
        for item in self.index_tree().range(start..end) {
            let (k, _) = item?;
            refs.extend(index::entry_owner(&k));
        }
        self.records_of(refs)
    }

    /// Clients whose index term (office, officer, risk, status, NIK) equals `value`.
    pub fn clients_by(&self, index: IndexId, value: &str) -> Result<Vec<ClientId>> {
        let refs = self.index_owners(&Term::new(index).text(value).prefix())?;
        Ok(refs.into_iter().filter(|r| r.kind == RecordKind::Client).map(|r| ClientId(r.id)).collect())
    }

    /// The user with a login name.
    pub fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        let refs = self.index_owners(&Term::new(IndexId::UserName).text(name).prefix())?;
        Ok(self.records_of::<User>(refs)?.into_iter().next())
    }

    /// The audit log, oldest first (reverse it for newest first).
    pub fn audit_log(&self) -> impl DoubleEndedIterator<Item = Result<AuditEntry>> + use<> {
        self.inner.trees[AUDIT].iter().map(|item| {
            let (k, v) = item?;
            codec::decode::<AuditEntry>(&v).map_err(|error| StoreError::Decode {
                tree: "audit",
                key: keys::describe(&k),
                error,
            })
        })
    }

    /// Runs `f` as one atomic, audited write, flushed before returning.
    pub fn write<T>(&self, actor: &Actor, f: impl FnOnce(&mut Batch<'_>) -> Result<T>) -> Result<T> {
        self.write_with(actor, Durability::Flush, f)
    }

    /// Runs `f` as one atomic, audited write with the given durability.
    pub fn write_with<T>(
        &self,
        actor: &Actor,
        durability: Durability,
        f: impl FnOnce(&mut Batch<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.lock_counters();
        self.refuse_if_unsettled()?;
        let mut batch = Batch::new(self, guard.clone(), actor);
        let out = f(&mut batch)?;
        if batch.ops.is_empty() {
            return Ok(out);
        }
        if derived::changes_what_is_derived(batch.ops.keys()) {
            batch.counters.writes += 1;
        }
        let shown = changes_what_is_shown(batch.ops.keys());
        batch.put_counters(&guard);
        let Batch { ops, counters, last, .. } = batch;
        self.apply(ops)?;
        self.publish(&counters);
        *guard = counters;
        drop(guard);
        if shown {
            self.inner.generation.fetch_add(1, Ordering::AcqRel);
        }
        if durability == Durability::Flush
            && let Err(cause) = self.flush()
        {
            // The transaction is applied: every reader sees it and the next
            // flush writes it. Saying "failed" would invite doing it twice.
            return Err(StoreError::Unflushed { record: last, cause: Box::new(cause) });
        }
        Ok(out)
    }

    /// A user's preference `name`, if set. A value that cannot be decoded
    /// (written by a newer program) reads as unset.
    pub fn pref<T: serde::de::DeserializeOwned>(&self, user: &str, name: &str) -> Result<Option<T>> {
        Ok(self.inner.trees[PREFS].get(pref_key(user, name))?.and_then(|v| codec::decode(&v).ok()))
    }

    /// Sets a user's preference `name`, through the same locked batch and
    /// transaction as records, flushed before returning; not audited and
    /// not counted as a change of the records ([`Store::generation`]).
    pub fn set_pref<T: serde::Serialize>(&self, user: &str, name: &str, value: &T) -> Result<()> {
        let bytes = codec::encode(value).map_err(StoreError::Encode)?;
        let guard = self.lock_counters();
        let actor = Actor::new(user, crate::model::Role::Viewer);
        let mut batch = Batch::new(self, guard.clone(), &actor);
        batch.put(PREFS, pref_key(user, name), Some(bytes));
        self.apply(batch.ops)?;
        drop(guard);
        self.flush()
    }

    /// Makes the next write (or flush) fail as [`Fault`] says; `None` clears it.
    #[cfg(any(test, feature = "fault-injection"))]
    pub fn inject_fault(&self, fault: Option<Fault>) {
        *self.inner.fault.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = fault;
    }

    /// Takes the injected fault if `pick` accepts it.
    #[cfg(any(test, feature = "fault-injection"))]
    fn take_fault(&self, pick: impl Fn(Fault) -> bool) -> Option<Fault> {
        let mut f = self.inner.fault.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if f.is_some_and(pick) { f.take() } else { None }
    }

    /// Flushes every pending write to disk.
    pub fn flush(&self) -> Result<()> {
        #[cfg(any(test, feature = "fault-injection"))]
        if self.take_fault(|f| f == Fault::Flush).is_some() {
            return Err(StoreError::Engine(engine::disk_full()));
        }
        self.inner.engine.flush().map_err(|e| {
            // a full disk has its own message: the user can do something about it
            if e.is_disk_full() { StoreError::Engine(e) } else { StoreError::NotDurable(e.to_string()) }
        })
    }

    fn apply(&self, ops: BTreeMap<(usize, Vec<u8>), Option<Vec<u8>>>) -> Result<()> {
        #[cfg(any(test, feature = "fault-injection"))]
        let fail_at = match self.take_fault(|f| matches!(f, Fault::WriteAt(_))) {
            Some(Fault::WriteAt(n)) => Some(n),
            _ => None,
        };
        #[cfg(not(any(test, feature = "fault-injection")))]
        let fail_at: Option<usize> = None;
        let writes: Vec<engine::Write> =
            ops.into_iter().map(|((tree, key), value)| engine::Write { tree, key, value }).collect();
        Ok(self.inner.engine.apply(&writes, fail_at)?)
    }

    fn load_counters(&self) -> Result<Counters> {
        let mut c = Counters::default();
        for kind in RecordKind::ALL {
            let slot = kind_slot(kind);
            let max = match self.tree(kind).last()? {
                Some((k, _)) => keys::read_u64(&k).unwrap_or(0),
                None => 0,
            };
            c.next_id[slot] = self.meta_u64(&next_id_key(kind))?.unwrap_or(0).max(max + 1);
            c.count[slot] = match self.meta_u64(&count_key(kind))? {
                Some(n) => n,
                None => self.tree(kind).len() as u64,
            };
        }
        let last_audit = match self.inner.trees[AUDIT].last()? {
            Some((k, _)) => keys::read_u64(&k).unwrap_or(0),
            None => 0,
        };
        c.audit_seq = self.meta_u64(AUDIT_SEQ_KEY)?.unwrap_or(0).max(last_audit);
        c.writes = self.meta_u64(WRITES_KEY)?.unwrap_or(0);
        let last_doc = match self.inner.trees[DOCUMENTS].last()? {
            Some((k, _)) => keys::read_u64(&k).unwrap_or(0),
            None => 0,
        };
        c.next_doc = self.meta_u64(documents::NEXT_DOC_KEY)?.unwrap_or(1).max(last_doc + 1);
        Ok(c)
    }

    fn is_empty(&self) -> bool {
        self.inner.trees[..META].iter().all(|t| t.is_empty())
    }

    /// Checks the schema version, migrating an older database.
    fn prepare_schema(&self) -> Result<()> {
        let found = match self.meta_u64(SCHEMA_KEY)? {
            Some(v) => u32::try_from(v).unwrap_or(u32::MAX),
            None if self.is_empty() => {
                self.inner.trees[META].insert(SCHEMA_KEY, u64::from(SCHEMA_VERSION).to_be_bytes())?;
                self.flush()?;
                return Ok(());
            }
            None => 0,
        };
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew { path: self.inner.path.clone(), found, supported: SCHEMA_VERSION });
        }
        if found < SCHEMA_VERSION {
            self.migrate(found)?;
        }
        Ok(())
    }

    /// Brings a database from schema `from` up to [`SCHEMA_VERSION`].
    ///
    /// Each step is idempotent and the version is written last, so a crash
    /// during a migration leaves a database that migrates again on the next
    /// open.
    fn migrate(&self, from: u32) -> Result<()> {
        self.drop_derived()?;
        if from < 1 {
            // Version 0 (the first prototype) had records without indexes or
            // counters: derive both from the records.
            self.rebuild_indexes()?;
            for kind in RecordKind::ALL {
                self.inner.trees[META].insert(count_key(kind), (self.tree(kind).len() as u64).to_be_bytes())?;
            }
        }
        if from < 2 {
            // Schema 2 added a group to guidance sessions and a recorder to
            // register lines: clients stored in the old layout are read
            // with it (see `legacy`) and written again in the new one.
            // Records already rewritten carry the new format byte, so a
            // migration cut short simply goes on.
            self.rewrite_older::<Client>(codec::FORMAT_V2)?;
        }
        if from < 4 {
            // Schema 4 gave users a time zone: they are read in the old
            // layout and written again in the new one (see schema 2).
            self.rewrite_older::<User>(codec::FORMAT_V3)?;
        }
        if from < 5 {
            // Schema 5 gave sub-records stable ids and values an extension
            // area (format 4): every record is written again, its
            // sub-records keeping the ids their positions imply; approvals,
            // which named them by position, name them by those ids; merge
            // records keep stored values.
            self.rewrite_older::<Client>(codec::FORMAT_V4)?;
            self.rewrite_older::<Stakeholder>(codec::FORMAT_V4)?;
            self.rewrite_older::<Event>(codec::FORMAT_V4)?;
            self.rewrite_older::<Referral>(codec::FORMAT_V4)?;
            self.rewrite_older::<User>(codec::FORMAT_V4)?;
            self.rewrite_tree(APPROVALS, |v| {
                let a: approvals::Approval = codec::decode(v).ok()?;
                codec::encode(&approvals::from_positions(a)).ok()
            })?;
            self.rewrite_tree(MERGES, |v| codec::encode(&merge::decode_merge(v, b"").ok()?).ok())?;
        }
        if from < 6 {
            // Schema 6 gave reporting schedules the day the register counts
            // from: a client stored before it counts from its first
            // recorded day, else from the day of the migration, so that no
            // day before is made a miss. Client summaries carry it too.
            self.settle_reporting_from()?;
        }
        // Schema 7 keeps a client's aliases, NIK and skills as written in
        // its summary (a search prints its rows from them), schema 6 the
        // day its register counts from; from schemas 1 and 2 the step
        // below builds them all.
        if from < 7 && !(1..3).contains(&from) {
            self.rebuild_summaries::<Client>()?;
        }
        if (1..3).contains(&from) {
            // Schema 3 keeps a summary of every client, stakeholder and
            // event beside it: derived from the records, so built here.
            // (A database from before schema 1 got them with its indexes.)
            self.rebuild_summaries::<Client>()?;
            self.rebuild_summaries::<Stakeholder>()?;
            self.rebuild_summaries::<Event>()?;
        }
        self.inner.trees[META].insert(SCHEMA_KEY, u64::from(SCHEMA_VERSION).to_be_bytes())?;
        self.flush()?;
        let counters = self.load_counters()?;
        self.publish(&counters);
        *self.lock_counters() = counters;
        let actor = Actor::new("simpul", crate::model::Role::Admin);
        self.write(&actor, |b| {
            b.audit(AuditAction::Migrate, None, Vec::new(), format!("schema {from} -> {SCHEMA_VERSION}"));
            Ok(())
        })
    }

    /// Writes every record of a kind stored in a format older than
    /// `format` again in the current one. Records already rewritten are
    /// skipped, so a migration cut short simply goes on; one that cannot
    /// be decoded stays as it is, for `check` to report.
    fn rewrite_older<R: Indexed>(&self, format: u8) -> Result<()> {
        let tree = self.tree(R::KIND);
        for item in tree.iter() {
            let (key, value) = item?;
            if codec::split(&value).is_ok_and(|(v, _)| v >= format) {
                continue;
            }
            if let Ok(r) = decode_record::<R>(&value, &key)
                && let Ok(bytes) = codec::encode_record(&r, R::ext_fields())
            {
                tree.insert(&key, bytes)?;
            }
        }
        Ok(())
    }

    /// Gives every stored client with a reporting schedule or a register
    /// and no reporting-from date one: its first recorded day, else today
    /// (the office's). Clients that have one are skipped, so a migration
    /// cut short simply goes on; one that cannot be decoded stays as it
    /// is, for `check` to report. Not an edit: version and history stay.
    fn settle_reporting_from(&self) -> Result<()> {
        let today = self.clock().today();
        let tree = self.tree(RecordKind::Client);
        for item in tree.iter() {
            let (key, value) = item?;
            let Ok(mut c) = decode_record::<Client>(&value, &key) else { continue };
            let r = &c.reporting;
            if r.from.is_some()
                || (r.frequency == crate::model::ReportingFrequency::None && c.reporting_register.is_empty())
            {
                continue;
            }
            c.reporting.from = Some(c.reporting_register.iter().map(|e| e.date).min().unwrap_or(today));
            if let Ok(bytes) = codec::encode_record(&c, <Client as Indexed>::ext_fields()) {
                tree.insert(&key, bytes)?;
            }
        }
        Ok(())
    }

    /// Writes every value of a tree stored before format 4 again as `f`
    /// makes it; a value `f` cannot read stays as it is, for `check`.
    /// Values already rewritten are skipped, so a migration cut short
    /// simply goes on.
    fn rewrite_tree(&self, tree: usize, f: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Result<()> {
        let tree = &self.inner.trees[tree];
        for item in tree.iter() {
            let (key, value) = item?;
            if codec::split(&value).is_ok_and(|(v, _)| v >= codec::FORMAT_V4) {
                continue;
            }
            if let Some(bytes) = f(&value) {
                tree.insert(&key, bytes)?;
            }
        }
        Ok(())
    }

    /// A record's changes, newest first.
    pub fn history(&self, record: RecordRef) -> Result<Vec<history::Change>> {
        let mut out = Vec::new();
        for item in self.inner.trees[CHANGES].scan_prefix(history::prefix(record)).rev() {
            let (k, v) = item?;
            // a damaged entry is left out; the rest of the history still shows
            let _ = k;
            if let Ok(c) = codec::decode::<history::Change>(&v) {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Drops and recomputes every index entry and summary from the
    /// records. Undecodable records are skipped (and reported by `check`).
    pub fn rebuild_indexes(&self) -> Result<()> {
        self.drop_derived()?;
        let _guard = self.lock_counters();
        self.index_tree().clear()?;
        self.inner.trees[SUMMARIES].clear()?;
        self.reindex_kind::<Client>()?;
        self.reindex_kind::<Stakeholder>()?;
        self.reindex_kind::<Event>()?;
        self.reindex_kind::<Referral>()?;
        self.reindex_kind::<User>()?;
        self.flush()
    }

    fn reindex_kind<R: Indexed>(&self) -> Result<()> {
        let mut batch = engine::Batch::default();
        let mut summaries = engine::Batch::default();
        for rec in self.scan::<R>().flatten() {
            for k in rec.index_keys() {
                batch.insert(k, []);
            }
            if let Some(v) = rec.summary_value() {
                summaries.insert(summary::key(R::KIND, rec.meta().id), v.map_err(StoreError::Encode)?);
            }
        }
        self.index_tree().apply_batch(batch)?;
        self.inner.trees[SUMMARIES].apply_batch(summaries)?;
        Ok(())
    }

    /// Drops and recomputes the summaries of one kind, in batches, so that
    /// a migration of a large database does not hold every record at once.
    fn rebuild_summaries<R: Indexed>(&self) -> Result<()> {
        let tree = &self.inner.trees[SUMMARIES];
        for item in tree.scan_prefix([R::KIND.tag()]).keys() {
            tree.remove(item?)?;
        }
        let mut batch = engine::Batch::default();
        let mut n = 0;
        for rec in self.scan::<R>().flatten() {
            if let Some(v) = rec.summary_value() {
                batch.insert(summary::key(R::KIND, rec.meta().id), v.map_err(StoreError::Encode)?);
                n += 1;
            }
            if n == 1000 {
                tree.apply_batch(std::mem::take(&mut batch))?;
                n = 0;
            }
        }
        tree.apply_batch(batch)?;
        Ok(())
    }
}

/// Whether a write to these (tree, key) pairs changes more than the audit
/// log (its entries and their count), that is, anything a session shows
/// from the records (see [`Store::generation`]).
fn changes_what_is_shown<'a>(mut keys: impl Iterator<Item = &'a (usize, Vec<u8>)>) -> bool {
    keys.any(|(tree, key)| *tree != AUDIT && !(*tree == META && key == AUDIT_SEQ_KEY))
}

fn pref_key(user: &str, name: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(user.len() + name.len() + 4);
    keys::put_text(&mut k, user);
    keys::put_text(&mut k, name);
    k
}

fn decode_record<R: Indexed>(bytes: &[u8], key: &[u8]) -> Result<R> {
    index::decode_stored::<R>(bytes).map_err(|error| StoreError::Decode {
        tree: R::KIND.name(),
        key: keys::describe(key),
        error,
    })
}

fn write_holder(f: &mut File, holder: &LockHolder) -> std::io::Result<()> {
    f.set_len(0)?;
    f.rewind()?;
    f.write_all(holder.render().as_bytes())?;
    f.sync_all()
}

/// Takes the exclusive lock on the database directory, or says who holds it.
fn take_lock(dir: &Path, holder: &LockHolder) -> Result<File> {
    // a search answering from the database while it is closed holds the
    // lock for some tens of milliseconds (see `closed`): waited for, up to 2 s
    let mut tries = 0;
    take_lock_waiting(dir, holder, &mut || {
        tries += 1;
        std::thread::sleep(std::time::Duration::from_millis(5));
        tries <= 400
    })
}

/// [`take_lock`], calling `wait` while the lock is held by a process
/// answering from the database closed (its file keeps the stamp of the
/// last close), until it lets go or `wait` says to stop waiting.
fn take_lock_waiting(dir: &Path, holder: &LockHolder, wait: &mut dyn FnMut() -> bool) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let io_err =
        |e: std::io::Error| StoreError::Open { path: dir.to_path_buf(), reason: format!("{}: {e}", path.display()) };
    let mut f = File::options().read(true).write(true).create(true).truncate(false).open(&path).map_err(io_err)?;
    loop {
        match f.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                // The holder may be rewriting it; a partial read only loses detail.
                let _ = f.rewind().and_then(|()| f.read_to_string(&mut text));
                if closed::is_stamped(&text) && wait() {
                    continue;
                }
                return Err(StoreError::Locked { path: dir.to_path_buf(), holder: LockHolder::parse(&text) });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_err(e)),
        }
    }
    write_holder(&mut f, holder).map_err(io_err)?;
    Ok(f)
}

/// One atomic write in preparation: reads see its own earlier changes.
pub struct Batch<'s> {
    store: &'s Store,
    counters: Counters,
    ops: BTreeMap<(usize, Vec<u8>), Option<Vec<u8>>>,
    actor: &'s Actor,
    now: DateTime<Utc>,
    /// The actor's today: dates "in the future" are after it.
    today: NaiveDate,
    /// The last record created or changed (named if only the flush fails).
    last: Option<RecordRef>,
    /// Part of a staged write: reads see what it staged.
    staging: bool,
}

impl<'s> Batch<'s> {
    fn new(store: &'s Store, counters: Counters, actor: &'s Actor) -> Batch<'s> {
        let clock = store.clock();
        let now = clock.now();
        let today = actor.zone.unwrap_or(clock.zone()).date(now);
        Batch { store, counters, ops: BTreeMap::new(), actor, now, today, last: None, staging: false }
    }

    fn read(&self, tree: usize, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if let Some(v) = self.ops.get(&(tree, key.to_vec())) {
            return Ok(v.clone());
        }
        if self.staging
            && let Some(v) = self.store.inner.staging.get(staged::staged_key(tree, key))?
        {
            return Ok(Some(v.to_vec()));
        }
        Ok(self.store.inner.trees[tree].get(key)?.map(|v| v.to_vec()))
    }

    fn put(&mut self, tree: usize, key: Vec<u8>, value: Option<Vec<u8>>) {
        self.ops.insert((tree, key), value);
    }

    fn get<R: Indexed>(&self, id: u64) -> Result<Option<R>> {
        let key = keys::id_key(id);
        match self.read(kind_slot(R::KIND), &key)? {
            Some(v) => decode_record::<R>(&v, &key).map(Some),
            None => Ok(None),
        }
    }

    /// A record as this write sees it (its own changes included).
    pub fn fetch<R: Indexed>(&self, id: u64) -> Result<R> {
        self.get(id)?.ok_or(StoreError::NotFound(RecordRef::new(R::KIND, id)))
    }

    /// The time this write is stamped with.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The actor of this write.
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    fn today(&self) -> NaiveDate {
        self.today
    }

    fn put_record<R: Indexed>(&mut self, rec: &R, old_keys: &[Vec<u8>]) -> Result<()> {
        let bytes = codec::encode_record(rec, R::ext_fields()).map_err(StoreError::Encode)?;
        self.put(kind_slot(R::KIND), keys::id_key(rec.meta().id).to_vec(), Some(bytes));
        self.last = Some(rec.record_ref());
        if let Some(summary) = rec.summary_value() {
            let key = summary::key(R::KIND, rec.meta().id);
            self.put(SUMMARIES, key, Some(summary.map_err(StoreError::Encode)?));
        }
        let new_keys = rec.index_keys();
        for k in old_keys {
            if new_keys.binary_search(k).is_err() {
                self.put(INDEX, k.clone(), None);
            }
        }
        for k in new_keys {
            if old_keys.binary_search(&k).is_err() {
                self.put(INDEX, k, Some(Vec::new()));
            }
        }
        Ok(())
    }

    fn check_valid<R: Indexed>(&self, rec: &R) -> Result<()> {
        let problems = rec.validate(self.today());
        if !problems.is_empty() {
            return Err(StoreError::Invalid(rec.record_ref(), problems));
        }
        // A link to a record that does not exist would be a dangling reference.
        for target in rec.references() {
            if self.read(kind_slot(target.kind), &keys::id_key(target.id))?.is_none() {
                return Err(StoreError::Dangling { record: rec.record_ref(), target });
            }
        }
        // an event's agreement is one its stakeholder has
        if let Some(e) = (rec as &dyn std::any::Any).downcast_ref::<Event>()
            && let Some(a) = e.agreement
            && !self
                .get::<Stakeholder>(a.stakeholder.0)?
                .is_some_and(|s| s.agreements.iter().any(|x| x.id == a.agreement))
        {
            let problem =
                crate::model::Problem { field: "agreement".into(), kind: crate::model::ProblemKind::NoSuchAgreement };
            return Err(StoreError::Invalid(rec.record_ref(), vec![problem]));
        }
        Ok(())
    }

    /// Creates a record: assigns its id and version 1, validates, indexes, audits.
    pub fn create<R: Indexed>(&mut self, mut rec: R) -> Result<R> {
        access::check_write::<R>(self.actor, None, Some(&rec))?;
        let slot = kind_slot(R::KIND);
        let id = self.counters.next_id[slot];
        let actor = self.actor.name.clone();
        let m = rec.meta_mut();
        m.id = id;
        m.version = 1;
        m.created_at = self.now;
        m.created_by = actor.clone();
        m.updated_at = self.now;
        m.updated_by = actor;
        rec.assign_part_ids();
        rec.settle(None, self.today());
        self.check_valid(&rec)?;
        let note = self.check_sharing(None, &rec)?;
        self.put_record(&rec, &[])?;
        self.counters.next_id[slot] = id + 1;
        self.counters.count[slot] += 1;
        self.audit(AuditAction::Create, Some(rec.record_ref()), Vec::new(), note);
        Ok(rec)
    }

    /// Saves a changed record. `rec.meta.version` must be the stored
    /// version (the one it was read at), else [`StoreError::Conflict`].
    /// Returns the stored record; an update that changes nothing writes nothing.
    pub fn update<R: Indexed>(&mut self, rec: R) -> Result<R> {
        self.update_noted(rec, String::new())
    }

    /// [`Batch::update`], with a note for the audit log and the history.
    pub fn update_noted<R: Indexed>(&mut self, rec: R, note: String) -> Result<R> {
        self.update_inner(rec, note, true)
    }

    /// A client as a supervisor's decision leaves it: what it releases is
    /// not held back again.
    pub(crate) fn update_decided(&mut self, c: crate::model::Client, note: String) -> Result<crate::model::Client> {
        self.update_inner(c, note, false)
    }

    fn update_inner<R: Indexed>(&mut self, rec: R, note: String, hold: bool) -> Result<R> {
        let id = rec.meta().id;
        let old: R = self.get(id)?.ok_or(StoreError::NotFound(RecordRef::new(R::KIND, id)))?;
        let om = old.meta();
        if om.version != rec.meta().version {
            return Err(StoreError::Conflict {
                record: old.record_ref(),
                by: om.updated_by.clone(),
                at: om.updated_at,
                version: om.version,
            });
        }
        // a save through a partial view changes only what that view holds
        let mut rec = if self.actor.role.reads_everything() {
            rec
        } else {
            self.store.scoped(self.actor)?.complete(&old, rec)?
        };
        access::check_write(self.actor, Some(&old), Some(&rec))?;
        self.check_approved(&old, &rec)?;
        let archived = rec.meta().archived;
        *rec.meta_mut() = om.clone();
        rec.meta_mut().archived = archived;
        rec.assign_part_ids();
        rec.settle(Some(&old), self.today());
        // (after the ids: a request names the new assessment by its id)
        let asks = match (
            (&old as &dyn std::any::Any).downcast_ref::<crate::model::Client>(),
            (&mut rec as &mut dyn std::any::Any).downcast_mut::<crate::model::Client>(),
        ) {
            (Some(old), Some(new)) if hold => self.hold_for_approval(old, new),
            _ => Vec::new(),
        };
        // one comparison serves the audit entry's field names and the history
        let changes = history::diff(&old, &rec, om.archived, archived);
        let fields: Vec<String> = match &changes {
            Some(c) => c.iter().filter(|f| f.field != "archived").map(|f| f.field.clone()).collect(),
            None => vec!["*".to_string()],
        };
        if fields.is_empty() && archived == om.archived {
            return Ok(old);
        }
        self.check_valid(&rec)?;
        let note = match self.check_sharing(Some(&old), &rec)? {
            sharing if sharing.is_empty() => note,
            sharing if note.is_empty() => sharing,
            sharing => format!("{note}; {sharing}"),
        };
        let m = rec.meta_mut();
        m.version += 1;
        m.updated_at = self.now;
        m.updated_by = self.actor.name.clone();
        self.put_record(&rec, &old.index_keys())?;
        let action = match (om.archived, archived) {
            (false, true) => AuditAction::Archive,
            (true, false) => AuditAction::Restore,
            _ => AuditAction::Update,
        };
        self.audit(action, Some(rec.record_ref()), fields, note.clone());
        let change = history::Change {
            seq: self.counters.audit_seq,
            at: self.now,
            actor: self.actor.name.clone(),
            record: rec.record_ref(),
            fields: changes.unwrap_or_default(),
            note,
        };
        let bytes = codec::encode(&change).map_err(StoreError::Encode)?;
        self.put(CHANGES, history::key(change.record, change.seq), Some(bytes));
        for (subject, comment) in asks {
            self.ask_once(id, subject, &comment)?;
        }
        Ok(rec)
    }

    /// A referral that shares its client with the partner, from now on,
    /// must rest on the client's consent or on a legal basis: without
    /// either it is refused. Ending one is always written. What the audit
    /// entry notes: a sharing without consent and its legal basis.
    fn check_sharing<R: Indexed>(&self, old: Option<&R>, new: &R) -> Result<String> {
        use crate::model::{Ground, Record as _, Referral};
        let Some(r) = (new as &dyn std::any::Any).downcast_ref::<Referral>() else { return Ok(String::new()) };
        let old = old.and_then(|o| (o as &dyn std::any::Any).downcast_ref::<Referral>());
        let opens = old.is_none_or(|o| {
            o.status != r.status
                || o.stakeholder != r.stakeholder
                || o.legal_basis() != r.legal_basis()
                || o.meta.archived
        });
        if r.status.is_final() || r.meta.archived || !opens {
            return Ok(String::new());
        }
        // a client that is not there is the dangling check's to report
        let Some(c) = self.get::<crate::model::Client>(r.client.0)? else { return Ok(String::new()) };
        match r.ground(&c.consent) {
            Ground::Consent => Ok(String::new()),
            Ground::LegalBasis(basis) if old.is_none_or(|o| o.legal_basis() != Some(basis)) => {
                Ok(format!("shared without consent; legal basis: {basis}"))
            }
            Ground::LegalBasis(_) => Ok(String::new()),
            Ground::None => Err(StoreError::NoConsent {
                referral: r.record_ref(),
                client: c.record_ref(),
                withdrawn: c.consent.date.filter(|_| !c.consent.given),
            }),
        }
    }

    /// Gives the fields of change `seq` of record `id` their values back,
    /// as a new change noting the one it reverts. Refused when a field no
    /// longer holds what that change wrote (someone changed it since).
    pub fn revert<R: Indexed + serde::de::DeserializeOwned>(&mut self, id: u64, seq: u64) -> Result<R> {
        let target = RecordRef::new(R::KIND, id);
        // the values a change holds are the whole record's, not a view's:
        // only roles that read everything may put them back
        if !self.actor.may(rules::Op::Revert) {
            return Err(StoreError::Forbidden {
                actor: self.actor.name.clone(),
                role: self.actor.role,
                record: target,
            });
        }
        let bytes = self.read(CHANGES, &history::key(target, seq))?.ok_or(StoreError::NotFound(target))?;
        let change: history::Change = codec::decode(&bytes).map_err(|error| StoreError::Decode {
            tree: "changes",
            key: keys::describe(&history::key(target, seq)),
            error,
        })?;
        let current: R = self.get(id)?.ok_or(StoreError::NotFound(target))?;
        let version = current.meta().version;
        let mut archived = current.meta().archived;
        let mut rec = current.clone();
        for f in &change.fields {
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s);
            let (Ok(before), Ok(after)) = (parse(&f.before), parse(&f.after)) else {
                return Err(StoreError::Revert { record: target, field: f.field.clone() });
            };
            if f.field == "archived" {
                if serde_json::Value::Bool(archived) != after {
                    return Err(StoreError::Revert { record: target, field: f.field.clone() });
                }
                archived = before.as_bool().unwrap_or(archived);
                continue;
            }
            if rec.field_json(&f.field).as_ref() != Some(&after) || !rec.set_field_json(&f.field, &before) {
                return Err(StoreError::Revert { record: target, field: f.field.clone() });
            }
        }
        rec.keep_ids_from(&current);
        rec.meta_mut().version = version;
        rec.meta_mut().archived = archived;
        self.update_noted(rec, format!("revert #{seq}"))
    }

    /// Archives or restores a record (checked against `version` when given).
    pub fn set_archived<R: Indexed>(&mut self, id: u64, archived: bool, version: Option<u64>) -> Result<R> {
        let mut rec: R = self.get(id)?.ok_or(StoreError::NotFound(RecordRef::new(R::KIND, id)))?;
        if let Some(v) = version {
            rec.meta_mut().version = v;
        }
        rec.meta_mut().archived = archived;
        self.update(rec)
    }

    /// Deletes a record for good; refused while other records point at it.
    pub fn delete<R: Indexed>(&mut self, id: u64) -> Result<()> {
        let target = RecordRef::new(R::KIND, id);
        let old: R = self.get(id)?.ok_or(StoreError::NotFound(target))?;
        access::check_write::<R>(self.actor, Some(&old), None)?;
        let by = self.referrers(target)?;
        if !by.is_empty() {
            return Err(StoreError::Referenced { record: target, by });
        }
        self.put(kind_slot(R::KIND), keys::id_key(id).to_vec(), None);
        if old.summary_value().is_some() {
            self.put(SUMMARIES, summary::key(R::KIND, id), None);
        }
        for k in old.index_keys() {
            self.put(INDEX, k, None);
        }
        self.counters.count[kind_slot(R::KIND)] -= 1;
        self.audit(AuditAction::Delete, Some(target), Vec::new(), old.title().chars().take(80).collect());
        Ok(())
    }

    /// The records that point at `target` as this write sees them (its own
    /// changes included), in order.
    fn referrers(&self, target: RecordRef) -> Result<Vec<RecordRef>> {
        let prefix = Term::new(IndexId::Refs).record(target).prefix();
        let mut by = self.store.index_owners(&prefix)?;
        // entries added or removed earlier in this batch
        for ((t, k), v) in &self.ops {
            if *t == INDEX && k.starts_with(&prefix) {
                let owner = index::entry_owner(k);
                match (v, owner) {
                    (Some(_), Some(o)) if !by.contains(&o) => by.push(o),
                    (None, Some(o)) => by.retain(|r| *r != o),
                    _ => {}
                }
            }
        }
        by.sort();
        Ok(by)
    }

    /// Appends an audit entry (every write method calls this itself).
    pub fn audit(&mut self, action: AuditAction, record: Option<RecordRef>, fields: Vec<String>, note: String) {
        let (at, actor) = (self.now, self.actor.name.clone());
        self.audit_as(at, &actor, action, record, fields, note);
    }

    /// Adds an audit entry of another time and actor than this write's
    /// (one spooled while the database was closed, see [`closed`]).
    fn audit_as(
        &mut self,
        at: DateTime<Utc>,
        actor: &str,
        action: AuditAction,
        record: Option<RecordRef>,
        fields: Vec<String>,
        note: String,
    ) {
        self.counters.audit_seq += 1;
        let entry =
            AuditEntry { seq: self.counters.audit_seq, at, actor: actor.to_string(), action, record, fields, note };
        match codec::encode(&entry) {
            Ok(bytes) => self.put(AUDIT, keys::id_key(entry.seq).to_vec(), Some(bytes)),
            // An AuditEntry always encodes; keep the sequence dense regardless.
            Err(_) => self.counters.audit_seq -= 1,
        }
    }

    fn put_counters(&mut self, before: &Counters) {
        for kind in RecordKind::ALL {
            let s = kind_slot(kind);
            if self.counters.next_id[s] != before.next_id[s] {
                self.put(META, next_id_key(kind), Some(self.counters.next_id[s].to_be_bytes().to_vec()));
            }
            if self.counters.count[s] != before.count[s] {
                self.put(META, count_key(kind), Some(self.counters.count[s].to_be_bytes().to_vec()));
            }
        }
        if self.counters.audit_seq != before.audit_seq {
            self.put(META, AUDIT_SEQ_KEY.to_vec(), Some(self.counters.audit_seq.to_be_bytes().to_vec()));
        }
        if self.counters.writes != before.writes {
            self.put(META, WRITES_KEY.to_vec(), Some(self.counters.writes.to_be_bytes().to_vec()));
        }
        if self.counters.next_doc != before.next_doc {
            self.put(META, documents::NEXT_DOC_KEY.to_vec(), Some(self.counters.next_doc.to_be_bytes().to_vec()));
        }
    }
}

/// The fields (other than `meta`) whose values differ, by their paths.
pub fn changed_fields<R: Indexed>(old: &R, new: &R) -> Vec<String> {
    match R::differences(old, new) {
        Some(d) => d.into_iter().map(|f| f.field).collect(),
        None => vec!["*".to_string()],
    }
}

/// Convenience wrappers for single-record writes.
impl Store {
    /// Creates one record.
    pub fn create<R: Indexed>(&self, actor: &Actor, rec: R) -> Result<R> {
        self.write(actor, |b| b.create(rec))
    }

    /// Reverts change `seq` of a record (see [`Batch::revert`]).
    pub fn revert<R: Indexed + serde::de::DeserializeOwned>(&self, actor: &Actor, id: u64, seq: u64) -> Result<R> {
        self.write(actor, |b| b.revert(id, seq))
    }

    /// Updates one record (see [`Batch::update`]).
    pub fn update<R: Indexed>(&self, actor: &Actor, rec: R) -> Result<R> {
        self.write(actor, |b| b.update(rec))
    }

    /// Archives one record.
    pub fn archive<R: Indexed>(&self, actor: &Actor, id: u64, version: Option<u64>) -> Result<R> {
        self.write(actor, |b| b.set_archived::<R>(id, true, version))
    }

    /// Restores one archived record.
    pub fn restore<R: Indexed>(&self, actor: &Actor, id: u64, version: Option<u64>) -> Result<R> {
        self.write(actor, |b| b.set_archived::<R>(id, false, version))
    }

    /// Deletes one record for good (refused while referenced).
    pub fn delete<R: Indexed>(&self, actor: &Actor, id: u64) -> Result<()> {
        self.write(actor, |b| b.delete::<R>(id))
    }
}

/// A new store in a temporary directory, for tests (the directory lives as long as the guard).
#[cfg(test)]
pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
    temp_store_at(Clock::test())
}

/// A store in a temporary directory, on a clock of the test's choosing
/// (tests). Its engine is sled, or the in-memory one when the variable
/// `SIMPUL_TEST_ENGINE` says `memory`: the suite runs on both.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn temp_store_at(clock: Clock) -> (tempfile::TempDir, Store) {
    temp_store_on(clock, test_engine())
}

/// A store in a temporary directory on the engine named (tests that
/// reopen the directory need sled).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn temp_store_on(clock: Clock, engine: engine::EngineKind) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let opts = OpenOptions { clock, engine, ..OpenOptions::default() };
    let store = Store::open(&dir.path().join("db"), &opts).unwrap();
    (dir, store)
}

/// The engine the tests' stores use (see [`temp_store_at`]).
#[cfg(test)]
pub(crate) fn test_engine() -> engine::EngineKind {
    match std::env::var("SIMPUL_TEST_ENGINE").as_deref() {
        Ok("memory") => engine::EngineKind::Memory,
        _ => engine::EngineKind::Sled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Referral, Role, StakeholderKind};

    use super::temp_store as open;

    fn officer(name: &str) -> Actor {
        Actor::new(name, Role::Officer)
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 10, 1).unwrap()
    }

    /// A referral shares a client only with consent or on a legal basis:
    /// without either it is refused; a legal basis is audited; a referral
    /// whose client withdrew consent may be ended but not moved on.
    #[test]
    fn a_referral_needs_consent_or_a_legal_basis() {
        let (_d, s) = open();
        let a = officer("budi");
        let c = s.create(&a, Client::new("Siti")).unwrap();
        let st = s.create(&a, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
        let err = s.create(&a, Referral::new(c.id(), st.id(), "modal usaha", day())).unwrap_err();
        assert!(matches!(err, StoreError::NoConsent { withdrawn: None, .. }), "{err:?}");
        assert!(err.to_string().contains("K-000001 has not consented to sharing with partners"), "{err}");
        assert_eq!(s.count(RecordKind::Referral), 0, "nothing written");
        let on_basis =
            Referral { legal_basis: Some("  ".into()), ..Referral::new(c.id(), st.id(), "modal usaha", day()) };
        assert!(s.create(&a, on_basis).is_err(), "a blank basis is none");
        let on_basis = Referral {
            legal_basis: Some("Putusan PN Malang No. 12/Pid.Sus/2024".into()),
            ..Referral::new(c.id(), st.id(), "modal usaha", day())
        };
        let r = s.create(&a, on_basis).unwrap();
        let entry = s.audit_log().filter_map(Result::ok).next_back().unwrap();
        assert_eq!(entry.note, "shared without consent; legal basis: Putusan PN Malang No. 12/Pid.Sus/2024");

        // with consent, then withdrawn: moving on is refused, ending is written
        let mut consenting = Client::new("Ahmad");
        consenting.consent.given = true;
        let k = s.create(&a, consenting).unwrap();
        let f = s.create(&a, Referral::new(k.id(), st.id(), "pelatihan", day())).unwrap();
        let mut k: Client = s.fetch(k.meta.id).unwrap();
        k.consent = crate::model::Consent { given: false, date: Some(day()) };
        s.update(&a, k).unwrap();
        let mut accept = f.clone();
        accept.move_to(crate::model::ReferralStatus::Accepted, day(), "").unwrap();
        let err = s.update(&a, accept).unwrap_err();
        assert!(err.to_string().contains("(consent withdrawn on 1 Oct 2023)"), "{err}");
        let mut note = f.clone();
        note.notes = "menunggu persetujuan baru".into();
        let note = s.update(&a, note).unwrap();
        let mut end = note.clone();
        end.move_to(crate::model::ReferralStatus::Withdrawn, day(), "persetujuan ditarik").unwrap();
        s.update(&a, end).unwrap();
        // editing the one on a legal basis without touching it needs nothing new
        let mut r: Referral = s.fetch(r.meta.id).unwrap();
        r.notes = "jadwal Senin".into();
        s.update(&a, r).unwrap();
    }

    #[test]
    fn a_database_open_to_others_is_closed_when_opened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        std::fs::create_dir(&db).unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o755)).unwrap();
        drop(Store::open(&db, &OpenOptions::default()).unwrap());
        assert_eq!(std::fs::metadata(&db).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn prefs_are_per_user_durable_and_not_record_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let s = Store::open(&path, &OpenOptions::default()).unwrap();
            let generation = s.generation();
            assert_eq!(s.pref::<Vec<String>>("budi", "history").unwrap(), None);
            s.set_pref("budi", "history", &vec!["risk:hijau".to_string()]).unwrap();
            s.set_pref("budiman", "history", &vec!["x".to_string()]).unwrap();
            s.set_pref("budi", "history", &vec!["sukarno".to_string(), "risk:hijau".to_string()]).unwrap();
            assert_eq!(s.generation(), generation, "no record changed");
            assert_eq!(s.audit_len(), 0, "prefs are not audited");
        }
        let s = Store::open(&path, &OpenOptions::default()).unwrap();
        assert_eq!(
            s.pref::<Vec<String>>("budi", "history").unwrap(),
            Some(vec!["sukarno".to_string(), "risk:hijau".to_string()])
        );
        assert_eq!(s.pref::<Vec<String>>("budiman", "history").unwrap(), Some(vec!["x".to_string()]));
        assert_eq!(s.pref::<u32>("budi", "history").unwrap(), None, "a value of another type reads as unset");
        assert_eq!(s.pref::<Vec<String>>("siti", "history").unwrap(), None);
    }

    #[test]
    fn create_assigns_ids_versions_and_audits() {
        let (_d, s) = open();
        let a = officer("budi");
        let c1 = s.create(&a, Client::new("Siti")).unwrap();
        let c2 = s.create(&a, Client::new("Joko")).unwrap();
        assert_eq!((c1.meta.id, c1.meta.version), (1, 1));
        assert_eq!(c2.meta.id, 2);
        assert_eq!(c1.meta.created_by, "budi");
        assert_eq!(s.get::<Client>(1).unwrap(), Some(c1));
        assert_eq!(s.count(RecordKind::Client), 2);
        let log: Vec<_> = s.audit_log().map(|e| e.unwrap()).collect();
        assert_eq!(log.len(), 2);
        assert_eq!(log[1].action, AuditAction::Create);
        assert_eq!(log[1].record, Some(RecordRef::new(RecordKind::Client, 2)));
        assert_eq!(log[1].actor, "budi");
    }

    #[test]
    fn invalid_records_are_refused_and_nothing_is_written() {
        let (_d, s) = open();
        let mut c = Client::new("Siti");
        c.nik = Some("123".into());
        let err = s.create(&officer("budi"), c).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_, ref p) if p[0].field == "nik"), "{err}");
        assert_eq!(s.count(RecordKind::Client), 0);
        assert_eq!(s.audit_log().count(), 0);
        // the id was not consumed
        assert_eq!(s.create(&officer("budi"), Client::new("Siti")).unwrap().meta.id, 1);
    }

    #[test]
    fn stale_update_is_a_conflict_naming_who_and_when() {
        let (_d, s) = open();
        let c = s.create(&officer("budi"), Client::new("Siti")).unwrap();
        let mut mine = c.clone();
        let mut theirs = c.clone();
        theirs.phone = "081234567890".into();
        let saved = s.update(&officer("ani"), theirs).unwrap();
        assert_eq!(saved.meta.version, 2);
        mine.officer = "Pak Harun".into();
        match s.update(&officer("budi"), mine) {
            Err(StoreError::Conflict { by, version, at, .. }) => {
                assert_eq!(by, "ani");
                assert_eq!(version, 2);
                assert_eq!(at, saved.meta.updated_at);
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let stored: Client = s.fetch(1).unwrap();
        assert_eq!(stored.officer, "");
        let log: Vec<_> = s.audit_log().map(|e| e.unwrap()).collect();
        assert_eq!(log.last().unwrap().fields, vec!["phone".to_string()]);
    }

    #[test]
    fn unchanged_update_writes_nothing() {
        let (_d, s) = open();
        let c = s.create(&officer("budi"), Client::new("Siti")).unwrap();
        let g = s.generation();
        let same = s.update(&officer("budi"), c.clone()).unwrap();
        assert_eq!(same, c);
        assert_eq!(s.generation(), g);
    }

    #[test]
    fn indexes_follow_updates() {
        let (_d, s) = open();
        let a = officer("budi");
        let mut c = Client::new("Siti");
        c.office = "Bapas Malang".into();
        let mut c = s.create(&a, c).unwrap();
        assert_eq!(s.clients_by(IndexId::ClientOffice, "BAPAS  malang").unwrap(), vec![ClientId(1)]);
        c.office = "Bapas Surabaya".into();
        s.update(&a, c).unwrap();
        assert!(s.clients_by(IndexId::ClientOffice, "bapas malang").unwrap().is_empty());
        assert_eq!(s.clients_by(IndexId::ClientOffice, "bapas surabaya").unwrap(), vec![ClientId(1)]);
        assert!(s.check().unwrap().is_clean());
    }

    #[test]
    fn archive_restore_and_delete_rules() {
        let (_d, s) = open();
        let a = officer("budi");
        let c = s
            .create(&a, Client { consent: crate::model::Consent { given: true, date: None }, ..Client::new("Siti") })
            .unwrap();
        let st = s.create(&a, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
        let r = s.create(&a, Referral::new(c.id(), st.id(), "modal usaha", day())).unwrap();
        assert_eq!(s.referrals_of_client(c.id()).unwrap(), vec![r.clone()]);
        assert_eq!(s.referrals_to(st.id()).unwrap(), vec![r.clone()]);

        let archived: Client = s.archive(&a, c.meta.id, Some(c.meta.version)).unwrap();
        assert!(archived.meta.archived);
        assert_eq!(s.audit_log().last().unwrap().unwrap().action, AuditAction::Archive);
        let restored: Client = s.restore(&a, c.meta.id, None).unwrap();
        assert!(!restored.meta.archived);

        match s.delete::<Client>(&a, c.meta.id) {
            Err(StoreError::Referenced { by, .. }) => {
                assert_eq!(by, vec![RecordRef::new(RecordKind::Referral, r.meta.id)])
            }
            other => panic!("expected refusal, got {other:?}"),
        }
        let msg = s.delete::<Stakeholder>(&a, st.meta.id).unwrap_err().message(crate::i18n::Lang::En);
        assert!(msg.contains("R-000001"), "{msg}");
        s.delete::<Referral>(&a, r.meta.id).unwrap();
        s.delete::<Client>(&a, c.meta.id).unwrap();
        assert_eq!(s.get::<Client>(c.meta.id).unwrap(), None);
        assert_eq!(s.count(RecordKind::Client), 0);
        assert!(s.check().unwrap().is_clean());
    }

    #[test]
    fn links_to_missing_records_are_refused() {
        let (_d, s) = open();
        let a = officer("budi");
        let c = s
            .create(&a, Client { consent: crate::model::Consent { given: true, date: None }, ..Client::new("Siti") })
            .unwrap();
        let err = s.create(&a, Referral::new(c.id(), StakeholderId(9), "x", day())).unwrap_err();
        assert!(matches!(err, StoreError::Dangling { target, .. } if target == StakeholderId(9).to_ref()), "{err}");
        assert!(err.to_string().contains("S-000009"), "{err}");
        // within one batch, a record created earlier may be linked
        s.write(&a, |b| {
            let st = b.create(Stakeholder::new("BAZNAS Jatim", StakeholderKind::Zakat))?;
            b.create(Referral::new(c.id(), st.id(), "modal", day()))
        })
        .unwrap();
    }

    #[test]
    fn a_batch_is_all_or_nothing() {
        let (_d, s) = open();
        let a = officer("budi");
        let res = s.write(&a, |b| {
            b.create(Client::new("Siti"))?;
            b.create(Client::new("Bad\x1b[2J"))?;
            Ok(())
        });
        assert!(res.is_err());
        assert_eq!(s.count(RecordKind::Client), 0);
        assert!(s.scan::<Client>().next().is_none());
    }

    #[test]
    fn garbage_values_are_reported_and_the_rest_loads() {
        let (_d, s) = open();
        let a = officer("budi");
        for n in ["Siti", "Joko", "Ani"] {
            s.create(&a, Client::new(n)).unwrap();
        }
        s.inner.trees[0].insert(keys::id_key(2), &[1u8, 0xde, 0xad][..]).unwrap();
        let loaded: Vec<_> = s.scan::<Client>().collect();
        assert_eq!(loaded.iter().filter(|r| r.is_ok()).count(), 2);
        let err = loaded.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(err.to_string().contains("clients, key 2"), "{err}");
        let report = s.check().unwrap();
        assert!(
            report
                .problems
                .iter()
                .any(|p| matches!(p, check::CheckProblem::Undecodable { tree: "clients", key, .. } if key == "2"))
        );
    }

    #[test]
    fn schema_newer_is_refused_older_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let s = Store::open(&path, &OpenOptions::default()).unwrap();
            let mut c = Client::new("Siti");
            c.office = "Bapas Malang".into();
            s.create(&officer("budi"), c).unwrap();
            // make it look like the index-less prototype
            s.index_tree().clear().unwrap();
            s.inner.trees[META].remove(SCHEMA_KEY).unwrap();
            s.flush().unwrap();
        }
        {
            let s = Store::open(&path, &OpenOptions::default()).unwrap();
            assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
            assert_eq!(s.clients_by(IndexId::ClientOffice, "bapas malang").unwrap(), vec![ClientId(1)]);
            assert!(s.check().unwrap().is_clean());
            assert_eq!(s.audit_log().last().unwrap().unwrap().action, AuditAction::Migrate);
            s.inner.trees[META].insert(SCHEMA_KEY, 99u64.to_be_bytes()).unwrap();
            s.flush().unwrap();
        }
        let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
        assert!(matches!(err, StoreError::SchemaTooNew { found: 99, .. }));
        assert!(err.to_string().contains("Update simpul"), "{err}");
    }

    /// A client as simpul wrote it before schema 2: format byte 1 and the
    /// old layout, as `legacy` keeps it.
    fn v1_client(id: u64) -> Vec<u8> {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let mut c = legacy::ClientV1 {
            meta: crate::model::Meta { id, version: 3, ..crate::model::Meta::default() },
            register_no: "PAS.1/2024".into(),
            full_name: "Ahmad Fauzi".into(),
            aliases: vec!["Abu Fauzan".into()],
            nik: Some("3507121503900001".into()),
            birth_place: "Malang".into(),
            birth_date: Some(chrono::NaiveDate::from_ymd_opt(1990, 3, 15).unwrap()),
            gender: crate::model::Gender::Male,
            address: crate::model::Address::default(),
            phone: String::new(),
            office: "Bapas Malang".into(),
            officer: "Rina Wulandari".into(),
            programme: crate::model::SupervisionProgramme::PembebasanBersyarat,
            supervision_start: Some(d(1, 1)),
            supervision_end: None,
            reporting: crate::model::ReportingSchedule {
                frequency: crate::model::ReportingFrequency::Weekly,
                custom_dates: Vec::new(),
                from: None,
            },
            reporting_register: Vec::new(),
            offence: "sensitive".into(),
            sentence: String::new(),
            assessments: Vec::new(),
            skills: vec!["barista".into()],
            needs: Vec::new(),
            consent: crate::model::Consent::default(),
            status: crate::model::ClientStatus::Active,
            phase: crate::model::GuidancePhase::Lanjutan,
            phase_history: Vec::new(),
            sessions: Vec::new(),
            litmas: Vec::new(),
            notes: "catatan lama".into(),
        };
        c.reporting_register.push(legacy::ReportingEntryV1 {
            date: d(1, 1),
            status: crate::model::ReportingStatus::Missed,
            note: "tidak datang".into(),
        });
        c.sessions.push(legacy::GuidanceSessionV1 {
            date: d(1, 8),
            stream: crate::model::GuidanceStream::Kemandirian,
            mode: crate::model::GuidanceMode::Kelompok,
            place: crate::model::SessionPlace::Office,
            officer: "Rina Wulandari".into(),
            summary: "pelatihan kopi".into(),
            next_step: "praktik".into(),
        });
        let mut bytes = vec![codec::FORMAT_V1];
        bytes.extend(bincode::serde::encode_to_vec(&c, bincode::config::standard()).unwrap());
        bytes
    }

    #[test]
    fn a_schema_1_database_opens_migrated_with_nothing_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            // a database as the previous simpul left it: schema 1, old layouts
            let s = Store::open(&path, &OpenOptions::default()).unwrap();
            let mut c = Client::new("placeholder");
            c.office = "Bapas Malang".into();
            s.create(&officer("budi"), c.clone()).unwrap();
            s.create(&officer("budi"), c).unwrap();
            let tree = s.tree(RecordKind::Client);
            tree.insert(1u64.to_be_bytes(), v1_client(1)).unwrap();
            // its index entries, as the old program kept them
            s.rebuild_indexes().unwrap();
            // the second is cut short halfway through a migration: already new
            s.inner.trees[META].insert(SCHEMA_KEY, 1u64.to_be_bytes()).unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(&path, &OpenOptions::default()).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let raw = s.tree(RecordKind::Client).get(1u64.to_be_bytes()).unwrap().unwrap();
        assert_eq!(raw[0], codec::CURRENT, "rewritten in the new layout");
        let c: Client = s.fetch(1).unwrap();
        assert_eq!(
            (c.full_name.as_str(), c.notes.as_str(), c.offence.as_str()),
            ("Ahmad Fauzi", "catatan lama", "sensitive")
        );
        assert_eq!(c.meta.version, 3, "a migration is not an edit");
        assert_eq!(c.aliases, vec!["Abu Fauzan".to_string()]);
        assert_eq!(c.phase, crate::model::GuidancePhase::Lanjutan);
        assert_eq!(c.reporting_register.len(), 1);
        assert_eq!(c.reporting_register[0].note, "tidak datang");
        assert_eq!(c.reporting_register[0].recorded_by, "Rina Wulandari", "the officer, the best guess");
        assert_eq!(c.sessions[0].summary, "pelatihan kopi");
        assert!(c.sessions[0].group.is_empty());
        let other: Client = s.fetch(2).unwrap();
        assert_eq!(other.full_name, "placeholder");
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        assert_eq!(s.audit_log().last().unwrap().unwrap().note, format!("schema 1 -> {SCHEMA_VERSION}"));
    }

    #[test]
    fn summaries_follow_every_write_and_check_compares_them() {
        use summary::{ClientSummary, EventSummary, StakeholderSummary};
        let (_d, s) = open();
        let a = officer("budi");
        let clients = |s: &Store| s.scan_summaries::<ClientSummary>().map(|r| r.unwrap()).collect::<Vec<_>>();
        let c = s
            .create(&a, Client { consent: crate::model::Consent { given: true, date: None }, ..Client::new("Siti") })
            .unwrap();
        let mut c2 = Client::new("Joko");
        c2.aliases = vec!["Djoko".into()];
        let c2 = s.create(&a, c2).unwrap();
        assert_eq!(clients(&s), vec![ClientSummary::of(&c), ClientSummary::of(&c2)]);
        let mut changed = c.clone();
        changed.office = "Bapas Malang".into();
        let changed = s.update(&a, changed).unwrap();
        assert_eq!(clients(&s)[0].office, "Bapas Malang");
        let archived: Client = s.archive(&a, c.meta.id, Some(changed.meta.version)).unwrap();
        assert!(clients(&s)[0].archived);
        let restored: Client = s.restore(&a, c.meta.id, None).unwrap();
        assert_eq!(clients(&s)[0], ClientSummary::of(&restored));
        assert_ne!(ClientSummary::of(&archived), ClientSummary::of(&restored));
        s.delete::<Client>(&a, c2.meta.id).unwrap();
        assert_eq!(clients(&s).len(), 1);
        let st = s.create(&a, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
        let ev = s
            .create(
                &a,
                crate::model::Event::new("Rapat", crate::model::EventKind::Meeting, crate::model::When::Date(day())),
            )
            .unwrap();
        let sts: Vec<StakeholderSummary> = s.scan_summaries().map(|r| r.unwrap()).collect();
        let evs: Vec<EventSummary> = s.scan_summaries().map(|r| r.unwrap()).collect();
        assert_eq!((sts, evs), (vec![StakeholderSummary::of(&st)], vec![EventSummary::of(&ev)]));
        assert!(s.check().unwrap().is_clean());

        // a summary that does not match its record, a missing one, a stray one
        let tree = &s.inner.trees[SUMMARIES];
        let mut wrong = ClientSummary::of(&restored);
        wrong.name = "Bukan".into();
        tree.insert(summary::key(RecordKind::Client, 1), codec::encode_summary(&wrong).unwrap()).unwrap();
        tree.remove(summary::key(RecordKind::Stakeholder, st.meta.id)).unwrap();
        tree.insert(summary::key(RecordKind::Event, 99), codec::encode_summary(&EventSummary::of(&ev)).unwrap())
            .unwrap();
        let problems = s.check().unwrap().problems;
        assert!(problems.contains(&check::CheckProblem::Summary { record: c.id().to_ref(), missing: false }));
        assert!(problems.contains(&check::CheckProblem::Summary { record: st.id().to_ref(), missing: true }));
        assert!(problems.iter().any(|p| matches!(p, check::CheckProblem::StraySummary { .. })), "{problems:?}");
        s.rebuild_indexes().unwrap();
        assert!(s.check().unwrap().is_clean());
    }

    #[test]
    fn a_failed_flush_after_an_applied_write_says_it_was_made() {
        let (_d, s) = open();
        s.inject_fault(Some(Fault::Flush));
        match s.create(&officer("budi"), Client::new("Siti")) {
            Err(StoreError::Unflushed { record, cause }) => {
                assert_eq!(record, Some(RecordRef::new(RecordKind::Client, 1)));
                assert!(cause.message(crate::i18n::Lang::En).contains("disk is full"));
            }
            other => panic!("expected Unflushed, got {other:?}"),
        }
        assert_eq!(s.fetch::<Client>(1).unwrap().full_name, "Siti", "the write is there");
        s.flush().unwrap();
        assert!(s.check().unwrap().is_clean());
    }

    #[test]
    fn a_schema_2_database_opens_with_summaries_built() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let (c, st) = {
            let s = Store::open(&path, &OpenOptions::default()).unwrap();
            let a = officer("budi");
            let mut c = Client::new("Ahmad Fauzi");
            c.aliases = vec!["Abu Fauzan".into()];
            let c = s.create(&a, c).unwrap();
            let st = s.create(&a, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap();
            // as simpul left it before schema 3: no summaries
            s.inner.trees[SUMMARIES].clear().unwrap();
            s.inner.trees[META].insert(SCHEMA_KEY, 2u64.to_be_bytes()).unwrap();
            s.flush().unwrap();
            (c, st)
        };
        let s = Store::open(&path, &OpenOptions::default()).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let got: Vec<summary::ClientSummary> = s.scan_summaries().map(|r| r.unwrap()).collect();
        assert_eq!(got, vec![summary::ClientSummary::of(&c)]);
        let got: Vec<summary::StakeholderSummary> = s.scan_summaries().map(|r| r.unwrap()).collect();
        assert_eq!(got, vec![summary::StakeholderSummary::of(&st)]);
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        assert_eq!(s.audit_log().last().unwrap().unwrap().note, format!("schema 2 -> {SCHEMA_VERSION}"));
        assert_eq!(s.fetch::<Client>(c.meta.id).unwrap(), c, "records are not touched");
    }

    /// Schema 6 kept a client's aliases and skills folded in its summary,
    /// and its NIK as digits: schema 7 keeps them as written.
    #[test]
    fn a_schema_6_database_gets_client_summaries_with_their_texts_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let c = {
            let s = Store::open(&path, &OpenOptions::default()).unwrap();
            let mut c = Client::new("Djoko Soesilo");
            c.aliases = vec!["Pak Djoko".into()];
            c.skills = vec!["Las Listrik".into()];
            let c = s.create(&officer("budi"), c).unwrap();
            let mut old = summary::ClientSummary::of(&c);
            (old.aliases, old.skills) = (vec!["pak joko".into()], vec!["las listrik".into()]);
            let key = summary::key(RecordKind::Client, c.meta.id);
            s.inner.trees[SUMMARIES].insert(key, codec::encode_summary(&old).unwrap()).unwrap();
            s.inner.trees[META].insert(SCHEMA_KEY, 6u64.to_be_bytes()).unwrap();
            s.flush().unwrap();
            c
        };
        let s = Store::open(&path, &OpenOptions::default()).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let got: Vec<summary::ClientSummary> = s.scan_summaries().map(|r| r.unwrap()).collect();
        assert_eq!(got, vec![summary::ClientSummary::of(&c)]);
        assert_eq!(
            (got[0].aliases.as_slice(), got[0].skills.as_slice()),
            (&["Pak Djoko".to_string()][..], &["Las Listrik".to_string()][..])
        );
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        assert_eq!(s.audit_log().last().unwrap().unwrap().note, format!("schema 6 -> {SCHEMA_VERSION}"));
    }

    #[test]
    fn a_user_in_another_zone_writes_on_their_own_date() {
        // 23:30 on the office's (WIB) 28 November is 00:30 on 29 November in WITA
        let (_dir, s) = temp_store_at(Clock::at(2026, 11, 28, 23, 30, 7));
        let mut c = Client::new("Ahmad Fauzi");
        c.assessments.push(crate::model::Assessment {
            id: crate::model::PartId::NEW,
            date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            category: crate::model::RiskCategory::Kuning,
            rri: None,
            assessor: "Rina".into(),
            reason: String::new(),
        });
        let wib = officer("budi");
        let err = s.create(&wib, c.clone()).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(..)), "tomorrow in the office's zone: {err}");
        let wita = Actor { zone: Some(crate::clock::Zone::WITA), ..officer("rina") };
        let made = s.create(&wita, c).unwrap();
        assert_eq!(made.meta.created_at, s.clock().now(), "stamped with the store's clock");
        assert_eq!(s.clock_for(&wita).today(), NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    }

    /// A database of schema 4, before sub-records had ids: records in format
    /// 3 (positional part only), an approval naming an assessment by its
    /// position, a merge record holding records themselves.
    #[test]
    fn a_schema_4_database_opens_with_sub_record_ids_and_approvals_by_id() {
        use crate::model::{Assessment, PartId, RiskCategory, legacy_id};
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        let assessment = |d| Assessment {
            id: PartId::NEW,
            date: day(d),
            category: RiskCategory::Kuning,
            rri: None,
            assessor: "rina".into(),
            reason: String::new(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let opts = OpenOptions { clock: Clock::test(), ..OpenOptions::default() };
        let (a, b) = {
            let s = Store::open(&path, &opts).unwrap();
            let mut a = Client::new("Ahmad Fauzi");
            a.assessments = vec![assessment(1), assessment(2), assessment(3)];
            let a = s.create(&officer("rina"), a).unwrap();
            let mut b = Client::new("Achmad Fauzi");
            b.assessments = vec![assessment(9)];
            let b = s.create(&officer("rina"), b).unwrap();
            let id = s
                .write(&officer("rina"), |w| {
                    let second =
                        approvals::Subject::Category { assessment: a.assessments[1].id, to: RiskCategory::Kuning };
                    w.request_approval(a.meta.id, second, "naik")
                })
                .unwrap();
            s.write(&Actor::new("agus", crate::model::Role::Admin), |w| w.decide(a.meta.id, id, true, "ok")).unwrap();
            // as schema 4 left them: positional values, positions for ids
            let v3 = |bytes: Vec<u8>| {
                let mut b = bytes;
                b[0] = codec::FORMAT_V3;
                b
            };
            for kind in RecordKind::ALL {
                for item in s.tree(kind).iter() {
                    let (k, v) = item.unwrap();
                    let positional = match kind {
                        RecordKind::Client => codec::encode(&decode_record::<Client>(&v, &k).unwrap()),
                        RecordKind::User => codec::encode(&decode_record::<User>(&v, &k).unwrap()),
                        _ => continue,
                    };
                    s.tree(kind).insert(k, v3(positional.unwrap())).unwrap();
                }
            }
            for item in s.inner.trees[APPROVALS].iter() {
                let (k, v) = item.unwrap();
                let mut old: approvals::Approval = codec::decode(&v).unwrap();
                old.subject = approvals::Subject::Category { assessment: PartId(1), to: RiskCategory::Kuning };
                s.inner.trees[APPROVALS].insert(k, v3(codec::encode(&old).unwrap())).unwrap();
            }
            let merge = legacy::MergeRecordV3 {
                seq: 99,
                survivor: a.meta.id,
                merged: b.meta.id,
                clients: vec![(b.clone(), 2), (a.clone(), 2)],
                referrals: Vec::new(),
                events: Vec::new(),
                undone: true,
            };
            s.inner.trees[MERGES].insert(keys::id_key(99), v3(codec::encode(&merge).unwrap())).unwrap();
            s.inner.trees[META].insert(SCHEMA_KEY, 4u64.to_be_bytes()).unwrap();
            s.flush().unwrap();
            (a, b)
        };
        let s = Store::open(&path, &opts).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        for kind in [RecordKind::Client, RecordKind::User] {
            for item in s.tree(kind).iter() {
                assert_eq!(item.unwrap().1[0], codec::FORMAT_V4, "every record rewritten");
            }
        }
        let mut now: Client = s.fetch(a.meta.id).unwrap();
        let ids: Vec<PartId> = now.assessments.iter().map(|x| x.id).collect();
        assert_eq!(ids, vec![legacy_id(1, 0), legacy_id(1, 1), legacy_id(1, 2)]);
        let approval = &s.approvals(a.meta.id).unwrap()[0];
        assert_eq!(
            approval.subject,
            approvals::Subject::Category { assessment: legacy_id(1, 1), to: RiskCategory::Kuning }
        );
        let merge = &s.merges_into(a.meta.id).unwrap()[0];
        let kept: Client = decode_record(&merge.clients[0].0, b"m").unwrap();
        assert_eq!((kept.full_name.as_str(), kept.assessments[0].id), (b.full_name.as_str(), legacy_id(1, 0)));
        // the approved assessment (2 Jan) stays approved while others come and go…
        now.assessments.remove(0);
        now.assessments.push(assessment(20));
        let now = s.update(&officer("rina"), now).unwrap();
        assert_eq!(now.assessments.iter().map(|x| x.date).collect::<Vec<_>>(), vec![day(2), day(3), day(20)]);
        assert!(now.assessments[2].id > legacy_id(1, 2), "a new id, after every old one");
        // …and cannot change without a new request
        let mut changed = now.clone();
        changed.assessments[0].category = RiskCategory::Hijau;
        assert!(matches!(s.update(&officer("rina"), changed), Err(StoreError::Approved { .. })));
        let mut other = now;
        other.assessments[1].category = RiskCategory::Hijau;
        s.update(&officer("rina"), other).unwrap();
    }

    #[test]
    fn a_schema_3_database_opens_with_users_in_the_new_layout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let s = Store::open(&path, &OpenOptions::default()).unwrap();
            let mut u = User::new("rina", crate::model::Role::Officer);
            u.language = Some("id".into());
            let u = s.create(&Actor::local(), u).unwrap();
            // as schema 3 stored users: no zone, format 2
            let old = legacy::UserV2 {
                meta: u.meta.clone(),
                name: u.name.clone(),
                full_name: String::new(),
                role: u.role,
                stakeholder: None,
                supervisor: true,
                keys: vec!["ssh-ed25519 AAAA".into()],
                language: Some("id".into()),
                keymap: Some("vim".into()),
                disabled: false,
            };
            let mut bytes = vec![codec::FORMAT_V2];
            bytes.extend(bincode::serde::encode_to_vec(&old, bincode::config::standard()).unwrap());
            s.tree(RecordKind::User).insert(keys::id_key(u.meta.id), bytes).unwrap();
            s.inner.trees[META].insert(SCHEMA_KEY, 3u64.to_be_bytes()).unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(&path, &OpenOptions::default()).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let raw = s.tree(RecordKind::User).get(keys::id_key(1)).unwrap().unwrap();
        assert_eq!(raw[0], codec::CURRENT, "rewritten in the new layout");
        let u: User = s.user_by_name("rina").unwrap().unwrap();
        assert_eq!((u.supervisor, u.keymap.as_deref(), u.zone), (true, Some("vim"), None));
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        assert_eq!(s.audit_log().last().unwrap().unwrap().note, format!("schema 3 -> {SCHEMA_VERSION}"));
    }

    #[test]
    fn an_old_record_reads_even_before_its_migration() {
        let v1 = v1_client(7);
        let c: Client = index::decode_stored(&v1).unwrap();
        assert_eq!(c.full_name, "Ahmad Fauzi");
        assert!(codec::decode::<Client>(&v1).is_err() || codec::decode::<Client>(&v1).ok() != Some(c.clone()));
    }

    #[test]
    fn second_open_in_process_is_refused_with_holder() {
        let (d, _s) = open();
        let err = Store::open(&d.path().join("db"), &OpenOptions::default()).unwrap_err();
        match &err {
            StoreError::Locked { holder, .. } => assert_eq!(holder.pid, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("in use by another simpul"), "{err}");
    }

    #[test]
    fn events_by_date_and_participation() {
        use crate::model::{Event, EventKind, Participant, When, Who};
        let (_d, s) = open();
        let a = officer("budi");
        let c = s
            .create(&a, Client { consent: crate::model::Consent { given: true, date: None }, ..Client::new("Siti") })
            .unwrap();
        let st = s.create(&a, Stakeholder::new("UNODC", StakeholderKind::International)).unwrap();
        for (m, title) in [(4, "Kunjungan"), (10, "Lokakarya"), (12, "Rapat")] {
            let mut e = Event::new(title, EventKind::Meeting, When::Date(NaiveDate::from_ymd_opt(2023, m, 1).unwrap()));
            if m == 10 {
                e.participants.push(Participant::new(Who::Client {
                    client: c.id(),
                    attendance: crate::model::Attendance::Attended,
                }));
                e.organisers.push(st.id());
            }
            s.create(&a, e).unwrap();
        }
        let between = s
            .events_between(NaiveDate::from_ymd_opt(2023, 4, 1).unwrap(), NaiveDate::from_ymd_opt(2023, 10, 1).unwrap())
            .unwrap();
        assert_eq!(between.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), vec!["Kunjungan", "Lokakarya"]);
        assert_eq!(s.events_of_client(c.id()).unwrap()[0].title, "Lokakarya");
        assert_eq!(s.events_of_stakeholder(st.id()).unwrap()[0].title, "Lokakarya");
    }
}

#[cfg(test)]
mod reporting_from_tests {
    use super::*;
    use crate::model::reporting;
    use crate::model::{ReportingEntry, ReportingFrequency, ReportingStatus, Role};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn officer() -> Actor {
        Actor::new("rina", Role::Officer)
    }

    fn weekly(name: &str, start: NaiveDate) -> Client {
        let mut c = Client::new(name);
        c.supervision_start = Some(start);
        c.reporting.frequency = ReportingFrequency::Weekly;
        c
    }

    /// The issue's case: entered today with a supervision start two years
    /// back and a weekly schedule, the client has missed nothing.
    #[test]
    fn a_client_created_today_with_an_old_start_has_missed_nothing() {
        let (_d, s) = temp_store_at(Clock::at(2026, 11, 28, 9, 0, 7));
        let c = s.create(&officer(), weekly("Budi Santoso", d(2024, 11, 28))).unwrap();
        assert_eq!(c.reporting.from, Some(d(2026, 11, 28)), "counted from the day the schedule is set");
        let st = reporting::standing(&c, &s.calendar().unwrap(), d(2026, 11, 28));
        assert_eq!((st.attended, st.missed, st.excused, st.compliance()), (0, 0, 0, None));
        assert!(st.missed_dates.is_empty());
        // and so it stays once stored: the list's summary and the agenda agree
        let c: Client = s.fetch(c.meta.id).unwrap();
        assert_eq!(c.reporting.from, Some(d(2026, 11, 28)));
        let summary = s.scan_summaries::<summary::ClientSummary>().map(Result::unwrap).next().unwrap();
        assert_eq!(
            summary.standing(d(2026, 12, 20), &s.calendar().unwrap()),
            reporting::standing(&c, &s.calendar().unwrap(), d(2026, 12, 20))
        );
        assert_eq!(
            reporting::standing(&c, &s.calendar().unwrap(), d(2026, 12, 20)).missed,
            3,
            "the weeks after it count"
        );
        let agenda = crate::casework::agenda::agenda(
            [&c],
            &[],
            &[],
            d(2026, 11, 28),
            &s.calendar().unwrap(),
            &Default::default(),
        );
        assert!(agenda.iter().all(|i| i.rule != crate::casework::agenda::Rule::ReportingMissed), "{agenda:?}");
    }

    #[test]
    fn a_new_schedule_counts_from_the_day_it_is_set_and_an_officers_date_is_kept() {
        let clock = Clock::at(2026, 1, 5, 9, 0, 7);
        let (_d, s) = temp_store_at(clock.clone());
        let mut c = Client::new("Siti Aminah");
        c.supervision_start = Some(d(2025, 6, 2));
        let c = s.create(&officer(), c).unwrap();
        assert_eq!(c.reporting.from, None, "no schedule, nothing to count");
        clock.advance(chrono::Duration::days(7));
        let mut edit = c.clone();
        edit.reporting.frequency = ReportingFrequency::Weekly;
        let c = s.update(&officer(), edit).unwrap();
        assert_eq!(c.reporting.from, Some(d(2026, 1, 12)), "set today");
        // another edit leaves it be
        clock.advance(chrono::Duration::days(7));
        let mut edit = c.clone();
        edit.phone = "081234567890".into();
        let c = s.update(&officer(), edit).unwrap();
        assert_eq!(c.reporting.from, Some(d(2026, 1, 12)));
        // a new frequency is a new schedule, counted from the day it is set …
        let mut edit = c.clone();
        edit.reporting.frequency = ReportingFrequency::Monthly;
        let c = s.update(&officer(), edit).unwrap();
        assert_eq!(c.reporting.from, Some(d(2026, 1, 19)));
        // … unless the officer gives the day in the same save (the form's field)
        let mut edit = c.clone();
        edit.reporting.frequency = ReportingFrequency::Weekly;
        edit.reporting.from = Some(d(2025, 12, 1));
        let c = s.update(&officer(), edit).unwrap();
        assert_eq!(c.reporting.from, Some(d(2025, 12, 1)));
        assert_eq!(
            reporting::standing(&c, &s.calendar().unwrap(), d(2026, 1, 19)).missed,
            7,
            "1 Dec to 12 Jan, Mondays"
        );
    }

    /// A database of schema 5 (no reporting-from dates): a client with a
    /// register counts from its first recorded day, one without from the
    /// day of the migration; stored, so that it holds on the next open.
    #[test]
    fn a_schema_5_database_gets_reporting_from_dates_that_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let opened = |y, m, day| OpenOptions { clock: Clock::at(y, m, day, 9, 0, 7), ..OpenOptions::default() };
        let (a, b, none) = {
            let s = Store::open(&path, &opened(2026, 3, 30)).unwrap();
            let mut a = weekly("Ahmad Fauzi", d(2025, 1, 6));
            for (day, status) in [(9, ReportingStatus::Attended), (16, ReportingStatus::Missed)] {
                a.reporting_register.push(ReportingEntry {
                    id: crate::model::PartId::NEW,
                    date: d(2026, 3, day),
                    status,
                    note: String::new(),
                    recorded_by: "rina".into(),
                });
            }
            let a = s.create(&officer(), a).unwrap();
            let b = s.create(&officer(), weekly("Budi Santoso", d(2024, 1, 1))).unwrap();
            let none = s.create(&officer(), Client::new("Citra Dewi")).unwrap();
            // as schema 5 stored them: no reporting-from date
            for c in [&a, &b, &none] {
                let mut old = c.clone();
                old.reporting.from = None;
                let bytes = codec::encode_record(&old, <Client as Indexed>::ext_fields()).unwrap();
                s.tree(RecordKind::Client).insert(keys::id_key(c.meta.id), bytes).unwrap();
            }
            s.inner.trees[META].insert(SCHEMA_KEY, 5u64.to_be_bytes()).unwrap();
            s.flush().unwrap();
            (a, b, none)
        };
        {
            let s = Store::open(&path, &opened(2026, 4, 2)).unwrap();
            assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
            let get = |c: &Client| s.fetch::<Client>(c.meta.id).unwrap();
            assert_eq!(get(&a).reporting.from, Some(d(2026, 3, 9)), "the first recorded day");
            assert_eq!(get(&b).reporting.from, Some(d(2026, 4, 2)), "the day of the migration");
            assert_eq!(get(&none).reporting.from, None, "no schedule, no register");
            assert_eq!(get(&a).meta.version, a.meta.version, "a migration is not an edit");
            let st = reporting::standing(&get(&b), &s.calendar().unwrap(), d(2026, 4, 2));
            assert_eq!((st.missed, st.expected), (0, 0), "nothing invented before it");
            let st = reporting::standing(&get(&a), &s.calendar().unwrap(), d(2026, 4, 2));
            assert_eq!((st.attended, st.missed), (1, 3), "9 Mar attended, 16 Mar missed, 23 and 30 Mar passed");
            assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
            assert_eq!(s.audit_log().last().unwrap().unwrap().note, format!("schema 5 -> {SCHEMA_VERSION}"));
        }
        // stored: a later open, on a later day, finds the same dates
        let s = Store::open(&path, &opened(2026, 5, 1)).unwrap();
        assert_eq!(s.fetch::<Client>(b.meta.id).unwrap().reporting.from, Some(d(2026, 4, 2)));
        assert_eq!(s.fetch::<Client>(a.meta.id).unwrap().reporting.from, Some(d(2026, 3, 9)));
    }
}
