//! A database closed cleanly, answered from without opening it.
//!
//! A store closed cleanly (its data flushed, sled let go of its files)
//! stamps its lock file with its count of writes ([`Store::writes`]) and
//! the identity of sled's data file then. Every open rewrites the lock
//! file, durably, before sled opens: so a stamp in it means that nothing
//! has written to the database since it was closed, and derived data kept
//! for that count of writes is current ([`Closed::read_derived`]). A crash
//! leaves no stamp; a stamp cut short by one fails its checksum; a data
//! file replaced or written by anything else than simpul no longer has the
//! identity stamped.
//!
//! Whatever is answered so leaves through the gate, whose audit entry is
//! appended to a spool beside the database ([`Closed`] is an
//! [`AuditSink`]) and synced before the answer is written; the next open
//! moves the spool's entries into the audit log, once each
//! ([`Store::fold_spool`]).

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{MetadataExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use super::audit::{Actor, AuditAction, AuditEntry};
use super::derived::{Derived, derived_file, read_file};
use super::{LOCK_FILE, META, Result, Store, StoreError, codec};
use crate::clock::Clock;
use crate::model::RecordRef;

/// sled's data file in the database directory.
const DATA_FILE: &str = "db";

/// The audit entries of answers given while the database was closed.
pub(super) const SPOOL_FILE: &str = "audit-spool.bin";

/// In `meta`: how many entries of which spool were moved into the log (its
/// count, then its first entry as spooled), should the spool outlive that.
pub(super) const SPOOL_FOLDED_KEY: &[u8] = b"audit_spool_folded";

/// Where the gate writes its audit entry before anything leaves.
pub trait AuditSink {
    /// Records that `actor` let something out (an export), noted `note`.
    fn export(&self, actor: &Actor, record: Option<RecordRef>, note: String) -> Result<()>;
}

impl AuditSink for Store {
    fn export(&self, actor: &Actor, record: Option<RecordRef>, note: String) -> Result<()> {
        self.write(actor, |b| {
            b.audit(AuditAction::Export, record, Vec::new(), note);
            Ok(())
        })
    }
}

/// Which data file a stamp was made for: device, inode, length and the
/// time of its last change, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DataId([u64; 4]);

fn data_id(dir: &Path) -> Option<DataId> {
    let m = std::fs::metadata(dir.join(DATA_FILE)).ok()?;
    let nanos = u64::try_from(m.mtime()).ok()?.checked_mul(1_000_000_000)?.checked_add(m.mtime_nsec() as u64)?;
    Some(DataId([m.dev(), m.ino(), m.len(), nanos]))
}

/// The line a clean close adds to the lock file: writes, the data file's
/// identity, and a checksum of both.
fn stamp_line(writes: u64, id: DataId) -> String {
    let body = format!("{writes} {} {} {} {}", id.0[0], id.0[1], id.0[2], id.0[3]);
    format!("closed={body} {:08x}\n", crc32fast::hash(body.as_bytes()))
}

/// The stamp in a lock file's text, if whole.
fn parse_stamp(text: &str) -> Option<(u64, DataId)> {
    let line = text.lines().find_map(|l| l.strip_prefix("closed="))?;
    let (body, sum) = line.rsplit_once(' ')?;
    if u32::from_str_radix(sum, 16).ok()? != crc32fast::hash(body.as_bytes()) {
        return None;
    }
    let mut n = body.split(' ').map(|x| x.parse::<u64>().ok());
    let writes = n.next()??;
    let id = DataId([n.next()??, n.next()??, n.next()??, n.next()??]);
    n.next().is_none().then_some((writes, id))
}

/// Whether a lock file's text holds a whole stamp of a clean close.
pub(super) fn is_stamped(text: &str) -> bool {
    parse_stamp(text).is_some()
}

/// Adds the stamp of a clean close, at `writes`, to the lock file `file`
/// of the database in `dir`, once sled has let go of its files.
pub(super) fn stamp(file: &mut File, dir: &Path, writes: u64) -> std::io::Result<()> {
    let Some(id) = data_id(dir) else { return Ok(()) };
    // appended to what the holder wrote; the next open rewrites it whole
    use std::io::Seek as _;
    file.seek(std::io::SeekFrom::End(0))?;
    file.write_all(stamp_line(writes, id).as_bytes())
}

/// A database closed cleanly, locked by this process while it answers
/// from what is kept beside it; released when dropped.
pub struct Closed {
    /// Holds the database's lock until the answer's audit entry is
    /// spooled: the answer is read by then, and opening the database need
    /// not wait while it is written out (to a pager, say).
    lock: std::sync::Mutex<Option<File>>,
    dir: PathBuf,
    writes: u64,
    clock: Clock,
}

impl Closed {
    /// Locks the database in `dir` if it was closed cleanly and nothing
    /// touched it since; `None` otherwise (held, never closed cleanly,
    /// crashed, or not a database), and the caller opens it.
    pub fn lock(dir: &Path, clock: &Clock) -> Option<Closed> {
        let mut lock = File::options().read(true).write(true).open(dir.join(LOCK_FILE)).ok()?;
        lock.try_lock().ok()?;
        let mut text = String::new();
        lock.read_to_string(&mut text).ok()?;
        let (writes, id) = parse_stamp(&text)?;
        (data_id(dir)? == id).then(|| Closed {
            lock: std::sync::Mutex::new(Some(lock)),
            dir: dir.to_path_buf(),
            writes,
            clock: clock.clone(),
        })
    }

    /// The clock of a user, as [`Store::clock_for`] gives it.
    pub fn clock_for(&self, actor: &Actor) -> Clock {
        self.clock.in_zone_of(actor.zone)
    }

    /// The count of writes the database was closed at.
    pub fn writes(&self) -> u64 {
        self.writes
    }

    /// The derived data `name` read through `read`, if it is kept whole
    /// for the writes the database was closed at (as
    /// [`Store::derived_read`] would find it once opened).
    pub fn read_derived<T>(&self, name: &str, read: impl FnOnce(&mut dyn std::io::Read, u64) -> T) -> Option<T> {
        if !self.is_locked() {
            return None;
        }
        let file = File::open(derived_file(&self.dir, name)).ok()?;
        match read_file(&file, Some(self.writes), read) {
            Ok((_, Derived::Fresh(made))) => Some(made),
            _ => None,
        }
    }

    /// Whether this process still holds the database's lock.
    pub fn is_locked(&self) -> bool {
        self.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_some()
    }

    /// Appends `entry` to the spool, synced: the next open moves it into
    /// the log. Then the lock is let go: nothing is read after the answer
    /// is audited.
    fn spool(&self, entry: &AuditEntry) -> Result<()> {
        let mut lock = self.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if lock.is_none() {
            // another process may have opened the database since
            return Err(StoreError::NotDurable("the database was let go before its audit entry".into()));
        }
        self.append(entry)?;
        *lock = None;
        Ok(())
    }

    fn append(&self, entry: &AuditEntry) -> Result<()> {
        let io = |e: std::io::Error| StoreError::NotDurable(format!("{}: {e}", self.dir.join(SPOOL_FILE).display()));
        let body = codec::encode(entry).map_err(StoreError::Encode)?;
        let mut record = Vec::with_capacity(body.len() + 8);
        record.extend_from_slice(&u32::try_from(body.len()).unwrap_or(u32::MAX).to_be_bytes());
        record.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
        record.extend_from_slice(&body);
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .open(self.dir.join(SPOOL_FILE))
            .map_err(io)?;
        f.write_all(&record).map_err(io)?;
        f.sync_all().map_err(io)?;
        // a new spool's name must outlive a crash as well as its bytes
        File::open(&self.dir).and_then(|d| d.sync_all()).map_err(io)
    }
}

impl AuditSink for Closed {
    fn export(&self, actor: &Actor, record: Option<RecordRef>, note: String) -> Result<()> {
        let entry = AuditEntry {
            seq: 0,
            at: self.clock.now(),
            actor: actor.name.clone(),
            action: AuditAction::Export,
            record,
            fields: Vec::new(),
            note,
        };
        self.spool(&entry)
    }
}

/// The whole entries of a spool, each with its bytes as spooled; a record
/// cut short (a crash while it was appended, before anything was answered)
/// ends it.
fn spooled(bytes: &[u8]) -> Vec<(&[u8], AuditEntry)> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Some((head, tail)) = rest.split_first_chunk::<8>() {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let crc = u32::from_be_bytes([head[4], head[5], head[6], head[7]]);
        let Some(body) = tail.get(..len) else { break };
        if crc32fast::hash(body) != crc {
            break;
        }
        let Ok(entry) = codec::decode::<AuditEntry>(body) else { break };
        out.push((rest.get(..8 + len).unwrap_or_default(), entry));
        rest = tail.get(len..).unwrap_or_default();
    }
    out
}

impl Store {
    /// Moves the entries of the audit spool (answers given while the
    /// database was closed, see [`Closed`]) into the audit log, in their
    /// order, with their times and actors, then removes the spool. The same
    /// write notes how many of which spool it moved, so a spool that
    /// outlives its move (a crash before its removal) is not moved twice.
    pub(super) fn fold_spool(&self) -> Result<()> {
        let path = self.path().join(SPOOL_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(StoreError::Open { path: path.clone(), reason: e.to_string() }),
        };
        let entries = spooled(&bytes);
        let whole: usize = entries.iter().map(|(raw, _)| raw.len()).sum();
        if whole < bytes.len() {
            // a record cut short by a crash while it was appended: its
            // answer never left (the entry is synced first)
            tracing::warn!("{} bytes at the end of {} are no whole audit entry", bytes.len() - whole, path.display());
        }
        if let Some((first, _)) = entries.first() {
            let moved = match self.inner.trees[META].get(SPOOL_FOLDED_KEY)? {
                Some(v) if v.get(8..) == Some(first) => {
                    v.get(..8).and_then(|n| n.try_into().ok()).map_or(0, u64::from_be_bytes) as usize
                }
                _ => 0,
            };
            if moved < entries.len() {
                let mut note = (entries.len() as u64).to_be_bytes().to_vec();
                note.extend_from_slice(first);
                let system = Actor::new("simpul", crate::model::Role::Admin);
                self.write(&system, |b| {
                    for (_, e) in entries.iter().skip(moved) {
                        b.audit_as(e.at, &e.actor, e.action, e.record, e.fields.clone(), e.note.clone());
                    }
                    b.put(META, SPOOL_FOLDED_KEY.to_vec(), Some(note));
                    Ok(())
                })?;
            }
        }
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::Open { path, reason: e.to_string() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Role};
    use crate::store::OpenOptions;

    fn opts(clock: &Clock) -> OpenOptions {
        OpenOptions { clock: clock.clone(), ..OpenOptions::default() }
    }

    /// A directory for a database, its path, and a clock standing still.
    fn fresh() -> (tempfile::TempDir, PathBuf, Clock) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        (dir, db, Clock::at(2026, 11, 30, 9, 0, 7))
    }

    fn lock_text(dir: &Path) -> String {
        std::fs::read_to_string(dir.join(LOCK_FILE)).unwrap()
    }

    fn officer() -> Actor {
        Actor::new("rina", Role::Officer)
    }

    #[test]
    fn a_clean_close_stamps_the_lock_file_and_the_next_open_takes_the_stamp_away() {
        let (_dir, db, clock) = fresh();
        let s = Store::open(&db, &opts(&clock)).unwrap();
        s.create(&officer(), Client::new("Ahmad Fauzi")).unwrap();
        let writes = s.writes();
        assert!(Closed::lock(&db, &clock).is_none(), "held by the store");
        drop(s);
        let closed = Closed::lock(&db, &clock).expect("closed cleanly");
        assert_eq!((closed.writes(), writes), (writes, 1));
        let holder = crate::store::LockHolder::default();
        assert!(crate::store::take_lock_waiting(&db, &holder, &mut || false).is_err(), "locked while answered from");
        drop(closed);
        // an open takes the stamp away before sled opens: a process that
        // never closes (a crash) leaves none
        let s = Store::open(&db, &opts(&clock)).unwrap();
        assert!(parse_stamp(&lock_text(&db)).is_none(), "{}", lock_text(&db));
        s.create(&officer(), Client::new("Budi Santoso")).unwrap();
        std::mem::forget(s);
        assert!(parse_stamp(&lock_text(&db)).is_none());
    }

    #[test]
    fn an_open_waits_for_an_answer_from_the_closed_database_not_for_a_holder() {
        let (_dir, db, clock) = fresh();
        drop(Store::open(&db, &opts(&clock)).unwrap());
        let holder = crate::store::LockHolder { pid: Some(7), mode: "tui".into(), listen: None };
        let mut closed = Some(Closed::lock(&db, &clock).unwrap());
        let mut waits = 0;
        // the answer ends while the open waits: it goes on
        let f = crate::store::take_lock_waiting(&db, &holder, &mut || {
            waits += 1;
            closed = None;
            true
        });
        assert!(f.is_ok() && waits == 1 && closed.is_none());
        assert!(!is_stamped(&lock_text(&db)), "the holder's text replaced the stamp");
        // a holder that opened the database is not waited for: it says who it is
        let mut waits = 0;
        let err = crate::store::take_lock_waiting(&db, &holder, &mut || {
            waits += 1;
            true
        });
        assert!(matches!(err, Err(StoreError::Locked { holder: h, .. }) if h.pid == Some(7)));
        assert_eq!(waits, 0);
        drop(f);
        // nor an answer that takes longer than the wait allows
        std::fs::write(db.join(LOCK_FILE), stamp_line(0, data_id(&db).unwrap())).unwrap();
        let _answering = Closed::lock(&db, &clock).unwrap();
        let mut waits = 0;
        let err = crate::store::take_lock_waiting(&db, &holder, &mut || {
            waits += 1;
            waits < 3
        });
        assert!(matches!(err, Err(StoreError::Locked { .. })) && waits == 3);
    }

    #[test]
    fn a_stamp_cut_short_or_of_another_data_file_is_not_taken() {
        let (_dir, db, clock) = fresh();
        let s = Store::open(&db, &opts(&clock)).unwrap();
        for name in ["Ahmad Fauzi", "Budi Santoso", "Citra Dewi", "Dewi Lestari", "Eko Salim", "Fitri Wati"] {
            s.create(&officer(), Client::new(name)).unwrap();
        }
        drop(s);
        let whole = lock_text(&db);
        assert!(Closed::lock(&db, &clock).is_some_and(|c| c.writes() == 6));
        // cut anywhere in the stamp, "closed=6 …" never reads as another count
        let at = whole.find("closed=").unwrap();
        for cut in at..whole.len() - 1 {
            std::fs::write(db.join(LOCK_FILE), &whole[..cut]).unwrap();
            assert!(Closed::lock(&db, &clock).is_none(), "{:?}", &whole[..cut]);
        }
        std::fs::write(db.join(LOCK_FILE), whole.replace("closed=6 ", "closed=5 ")).unwrap();
        assert!(Closed::lock(&db, &clock).is_none(), "the checksum covers the count");
        std::fs::write(db.join(LOCK_FILE), &whole).unwrap();
        assert!(Closed::lock(&db, &clock).is_some());
        // sled's data file written by something else than simpul
        let data = db.join(DATA_FILE);
        let f = std::fs::OpenOptions::new().append(true).open(&data).unwrap();
        f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(3)).unwrap();
        assert!(Closed::lock(&db, &clock).is_none(), "another modification time");
    }

    #[test]
    fn derived_data_is_read_only_if_kept_at_the_writes_closed_at() {
        let (_dir, db, clock) = fresh();
        let s = Store::open(&db, &opts(&clock)).unwrap();
        s.create(&officer(), Client::new("Ahmad Fauzi")).unwrap();
        assert!(s.put_derived("kept", s.writes(), b"current").unwrap());
        assert!(s.put_derived("old", s.writes(), b"older").unwrap());
        s.create(&officer(), Client::new("Budi Santoso")).unwrap();
        drop(s);
        let closed = Closed::lock(&db, &clock).unwrap();
        let read = |r: &mut dyn std::io::Read, _| {
            let mut v = Vec::new();
            r.read_to_end(&mut v).map(|_| v).unwrap()
        };
        assert_eq!(closed.read_derived("kept", read), None, "kept before the last write");
        assert_eq!(closed.read_derived("old", read), None);
        assert_eq!(closed.read_derived("none", read), None);
        drop(closed);
        let s = Store::open(&db, &opts(&clock)).unwrap();
        assert!(s.put_derived("kept", s.writes(), b"current").unwrap());
        drop(s);
        let closed = Closed::lock(&db, &clock).unwrap();
        assert_eq!(closed.read_derived("kept", read).as_deref(), Some(&b"current"[..]));
    }

    #[test]
    fn answers_given_while_closed_are_moved_into_the_log_once_in_order() {
        let (_dir, db, clock) = fresh();
        drop(Store::open(&db, &opts(&clock)).unwrap());
        let closed = Closed::lock(&db, &clock).unwrap();
        closed.export(&Actor::new("vera", Role::Viewer), None, "search clients 3 rows".into()).unwrap();
        // one answer per lock: once audited, the database is let go
        assert!(!closed.is_locked());
        assert!(closed.export(&officer(), None, "again".into()).is_err());
        assert_eq!(closed.read_derived("search@full", |_, _| ()), None);
        drop(Store::open(&db, &opts(&clock)).unwrap());
        clock.advance(chrono::Duration::minutes(5));
        let closed = Closed::lock(&db, &clock).unwrap();
        closed.export(&officer(), None, "search clients 9 rows".into()).unwrap();
        use std::os::unix::fs::PermissionsExt as _;
        let spool = db.join(SPOOL_FILE);
        assert_eq!(std::fs::metadata(&spool).unwrap().permissions().mode() & 0o777, 0o600);
        let spooled = std::fs::read(&spool).unwrap();
        drop(closed);
        clock.advance(chrono::Duration::minutes(5));
        let log = |s: &Store| -> Vec<(u64, String, String, i64)> {
            s.audit_log()
                .map(Result::unwrap)
                .filter(|e| e.action == AuditAction::Export)
                .map(|e| (e.seq, e.actor, e.note, e.at.timestamp()))
                .collect()
        };
        let s = Store::open(&db, &opts(&clock)).unwrap();
        assert!(!spool.exists(), "moved, then removed");
        let moved = log(&s);
        assert_eq!(moved.len(), 2);
        assert_eq!((moved[0].1.as_str(), moved[0].2.as_str()), ("vera", "search clients 3 rows"));
        assert_eq!((moved[1].1.as_str(), moved[1].2.as_str()), ("rina", "search clients 9 rows"));
        assert_eq!(moved[1].3 - moved[0].3, 300, "each at its own time");
        assert!(moved[0].0 < moved[1].0 && moved[1].0 == s.audit_len());
        drop(s);
        // the spool outlives its move (a crash before its removal): not moved twice
        std::fs::write(&spool, &spooled).unwrap();
        let s = Store::open(&db, &opts(&clock)).unwrap();
        assert_eq!(log(&s), moved);
        assert!(!spool.exists());
        drop(s);
        // a record cut short by a crash while it was appended (nothing was
        // answered): the whole ones before it are moved
        let closed = Closed::lock(&db, &clock).unwrap();
        closed.export(&officer(), None, "search clients 1 rows".into()).unwrap();
        drop(closed);
        let mut bytes = std::fs::read(&spool).unwrap();
        bytes.extend_from_slice(&spooled[..spooled.len() / 3]);
        std::fs::write(&spool, &bytes).unwrap();
        let s = Store::open(&db, &opts(&clock)).unwrap();
        let notes: Vec<String> = log(&s).into_iter().map(|e| e.2).collect();
        assert_eq!(notes, ["search clients 3 rows", "search clients 9 rows", "search clients 1 rows"]);
    }
}
