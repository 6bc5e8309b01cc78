//! Data derived from the records and kept beside them (the search index):
//! a file of its own in the database directory (`derived-NAME.bin`, 0600),
//! whose head says at which write it was derived ([`Store::writes`]) and
//! holds a checksum. A file, not a tree: read whole at start-up, it costs
//! one read rather than sled's pages, and it never enters a backup.
//!
//! Every audited write that changes records, their summaries or the
//! office's calendar counts one more write in the same transaction, and
//! every other way they change (a staged import, a migration, a purge)
//! drops what was derived first; so a stamp equal to the current count
//! means nothing it was derived from changed since. Writes of other kinds
//! (an audit entry for a search, a user's preference, who viewed a case
//! file) do not count. A restored database derives it again.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::calendar::CALENDAR_KEY;
use super::{INDEX, META, Result, SUMMARIES, Store, StoreError};

/// Whether a write to these (tree, key) pairs changes what derived data is
/// derived from: the records, their summaries and the calendar.
pub(super) fn changes_what_is_derived<'a>(mut keys: impl Iterator<Item = &'a (usize, Vec<u8>)>) -> bool {
    // the trees of records come first, before the index
    keys.any(|(tree, key)| *tree < INDEX || *tree == SUMMARIES || (*tree == META && key == CALENDAR_KEY))
}

/// The first bytes of a derived file.
const MAGIC: &[u8; 8] = b"simpul-d";
/// Magic, stamp, length, checksum.
const HEAD: usize = 8 + 8 + 8 + 4;

/// What is stored of derived data, as `simpul check` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derived<T = Vec<u8>> {
    /// Nothing is stored.
    Absent,
    /// Derived at an earlier write: not used, derived again when needed.
    Stale,
    /// Derived at the current write, whole (its bytes, or what was read
    /// from them).
    Fresh(T),
    /// Stored at the current write, but not as written (cut short or
    /// altered): not used.
    Damaged(Damage),
}

/// How a file of derived data is not as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// It does not begin as one does.
    NotDerivedData,
    /// Its head cannot be read.
    Head,
    /// It is longer or shorter than its head says.
    Length,
    /// Its bytes do not give its checksum.
    Checksum,
}

/// A file read through, counting its bytes and their checksum; an error
/// of the file is kept (what reads through it sees only that it ended).
struct Checked<R> {
    inner: R,
    crc: crc32fast::Hasher,
    read: u64,
    failed: Option<std::io::Error>,
}

impl<R: std::io::Read> std::io::Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.failed.is_some() {
            return Ok(0);
        }
        match self.inner.read(buf) {
            Ok(n) => {
                let got = buf.get(..n).unwrap_or_default();
                self.crc.update(got);
                self.read += n as u64;
                Ok(n)
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                self.failed = Some(e);
                Ok(0)
            }
        }
    }
}

/// A file written through, counting its bytes and their checksum.
struct Counted<W> {
    inner: W,
    crc: crc32fast::Hasher,
    written: u64,
}

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(buf.get(..n).unwrap_or_default());
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn u64_at(v: &[u8], i: usize) -> Option<u64> {
    v.get(i..i + 8).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes)
}

/// The file of derived data `name` in the database directory `dir`.
pub(super) fn derived_file(dir: &Path, name: &str) -> PathBuf {
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "@-:".contains(c) { c } else { '_' }).collect();
    dir.join(format!("derived-{safe}.bin"))
}

/// Reads an open file of derived data through `read` (see
/// [`Store::derived_read`]), with its stamp; with `current`, a file of
/// another stamp is stale and not read further.
pub(super) fn read_file<T>(
    mut file: &std::fs::File,
    current: Option<u64>,
    read: impl FnOnce(&mut dyn std::io::Read, u64) -> T,
) -> std::io::Result<(u64, Derived<T>)> {
    use std::io::Read as _;
    // the head first: a stale file is not read further
    let mut head = [0u8; HEAD];
    match file.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Ok((0, Derived::Damaged(Damage::NotDerivedData)));
        }
        Err(e) => return Err(e),
    }
    if head.get(..8) != Some(MAGIC.as_slice()) {
        return Ok((0, Derived::Damaged(Damage::NotDerivedData)));
    }
    let (Some(stamp), Some(len)) = (u64_at(&head, 8), u64_at(&head, 16)) else {
        return Ok((0, Derived::Damaged(Damage::Head)));
    };
    if current.is_some_and(|c| c != stamp) {
        return Ok((stamp, Derived::Stale));
    }
    let crc = head.get(24..HEAD).and_then(|b| b.try_into().ok()).map(u32::from_be_bytes);
    let on_disk = file.metadata()?.len().saturating_sub(HEAD as u64);
    let mut checked = Checked { inner: file, crc: crc32fast::Hasher::new(), read: 0, failed: None };
    let mut buffered = std::io::BufReader::with_capacity(1 << 16, &mut checked);
    let made = read(&mut buffered, len.min(on_disk));
    // what `read` left is checked too, to the end of the file
    let drained = std::io::copy(&mut buffered, &mut std::io::sink());
    drop(buffered);
    if let Some(e) = checked.failed.take() {
        return Err(e);
    }
    drained?;
    if checked.read != len {
        return Ok((stamp, Derived::Damaged(Damage::Length)));
    }
    if Some(checked.crc.finalize()) != crc {
        return Ok((stamp, Derived::Damaged(Damage::Checksum)));
    }
    Ok((stamp, Derived::Fresh(made)))
}

/// Derived data read before its database was opened ([`read_early`]),
/// to be used only through [`Store::adopt_early`].
pub struct Early<T> {
    /// Held open until adopted: while it is, no other file takes its identity.
    file: std::fs::File,
    name: String,
    stamp: u64,
    made: T,
}

impl<T> Early<T> {
    /// The name of the derived data read.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What was read (whether it is current is known only once adopted).
    pub fn made(&self) -> &T {
        &self.made
    }
}

/// Reads derived data `name` of the database in `dir` before the database
/// is opened (on a thread of its own while it opens), checked whole as
/// [`Store::derived_read`] checks it, whatever its stamp: `None` when
/// there is none or it is not whole. It is current, or not, only once the
/// database is open ([`Store::adopt_early`]).
pub fn read_early<T>(dir: &Path, name: &str, read: impl FnOnce(&mut dyn std::io::Read, u64) -> T) -> Option<Early<T>> {
    let file = std::fs::File::open(derived_file(dir, name)).ok()?;
    match read_file(&file, None, read) {
        Ok((stamp, Derived::Fresh(made))) => Some(Early { file, name: name.to_string(), stamp, made }),
        _ => None,
    }
}

impl Store {
    /// How many writes changed what is derived from the records: derived
    /// data stamped with this count is current.
    pub fn writes(&self) -> u64 {
        self.lock_counters().writes
    }

    /// The file of derived data `name` (letters, digits, `@`, `-` and `:`
    /// kept; anything else written as `_`).
    fn derived_path(&self, name: &str) -> PathBuf {
        derived_file(&self.inner.path, name)
    }

    /// Derived data `name`, whatever its state.
    pub fn derived(&self, name: &str) -> Result<Derived> {
        self.derived_read(name, |r, len| {
            // room for what the file holds, whatever a damaged head claims
            let mut body = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            r.read_to_end(&mut body).map(|_| body).map_err(|_| ())
        })
        .map(|d| match d {
            Derived::Fresh(Ok(body)) => Derived::Fresh(body),
            Derived::Fresh(Err(())) => Derived::Damaged(Damage::Length),
            Derived::Absent => Derived::Absent,
            Derived::Stale => Derived::Stale,
            Derived::Damaged(d) => Derived::Damaged(d),
        })
    }

    /// Derived data `name`, read by `read` as it streams from the file
    /// (given the body's length, as far as the file holds it), whatever
    /// its state: what `read` made is handed back only once every byte
    /// it came from is checked (the length and the checksum), so no more
    /// than the file's buffer is held besides it.
    pub fn derived_read<T>(
        &self,
        name: &str,
        read: impl FnOnce(&mut dyn std::io::Read, u64) -> T,
    ) -> Result<Derived<T>> {
        let io = |e| StoreError::Engine(super::engine::EngineError::Io(e));
        let file = match std::fs::File::open(self.derived_path(name)) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Derived::Absent),
            Err(e) => return Err(io(e)),
        };
        read_file(&file, Some(self.writes()), read).map(|(_, d)| d).map_err(io)
    }

    /// What [`read_early`] read, if it is what [`Store::derived_read`]
    /// would read now: the file in place is still the one read (derived
    /// data is replaced by renaming a new file over it, and removed, never
    /// changed in place; the one read is held open, so its identity is
    /// not reused) and its stamp is the current write.
    pub fn adopt_early<T>(&self, early: Early<T>) -> Derived<T> {
        use std::os::unix::fs::MetadataExt as _;
        let same = match (early.file.metadata(), std::fs::metadata(self.derived_path(&early.name))) {
            (Ok(read), Ok(now)) => (read.dev(), read.ino()) == (now.dev(), now.ino()),
            _ => false,
        };
        if !same {
            return Derived::Absent;
        }
        if early.stamp != self.writes() {
            return Derived::Stale;
        }
        Derived::Fresh(early.made)
    }

    /// Keeps `bytes` as derived data `name`, derived at write `stamp`; does
    /// nothing (false) when a write came since.
    pub fn put_derived(&self, name: &str, stamp: u64, bytes: &[u8]) -> Result<bool> {
        self.put_derived_with(name, stamp, |w| w.write_all(bytes))
    }

    /// Keeps what `write` writes as derived data `name`, derived at write
    /// `stamp`, as it is written (no copy of it is held whole); does
    /// nothing (false) when a write came since. The writes it reflects are
    /// flushed first, so a crash cannot keep it and lose them; the file is
    /// replaced whole (written aside, its head filled in last, then renamed).
    pub fn put_derived_with(
        &self,
        name: &str,
        stamp: u64,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<bool> {
        use std::io::{Seek as _, SeekFrom};
        // the counters' lock keeps writes out until the file is in place
        let guard = self.lock_counters();
        if guard.writes != stamp {
            return Ok(false);
        }
        // the engine's own flush: a fault a test arms is for the write it tests,
        // which this (often on a thread of its own) must not take first
        self.inner.engine.flush().map_err(StoreError::Engine)?;
        let path = self.derived_path(name);
        let aside = path.with_extension("new");
        let written = (|| {
            use std::os::unix::fs::OpenOptionsExt as _;
            let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&aside)?;
            f.write_all(&[0u8; HEAD])?;
            let mut counted = Counted { inner: &mut f, crc: crc32fast::Hasher::new(), written: 0 };
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut counted);
            write(&mut buffered)?;
            buffered.flush()?;
            drop(buffered);
            let (len, crc) = (counted.written, counted.crc.finalize());
            f.seek(SeekFrom::Start(0))?;
            f.write_all(MAGIC)?;
            f.write_all(&stamp.to_be_bytes())?;
            f.write_all(&len.to_be_bytes())?;
            f.write_all(&crc.to_be_bytes())?;
            f.sync_all()?;
            std::fs::rename(&aside, &path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&aside);
            return Err(StoreError::Engine(super::engine::EngineError::Io(e)));
        }
        drop(guard);
        Ok(true)
    }

    /// Forgets all derived data: before records change other than by an
    /// audited write, and after a purge (whose values it may hold).
    pub fn drop_derived(&self) -> Result<()> {
        let entries =
            std::fs::read_dir(&self.inner.path).map_err(|e| StoreError::Engine(super::engine::EngineError::Io(e)))?;
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("derived-") && (name.ends_with(".bin") || name.ends_with(".new")) {
                std::fs::remove_file(e.path()).map_err(|e| StoreError::Engine(super::engine::EngineError::Io(e)))?;
            }
        }
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
    fn what_is_read_before_the_database_opens_is_used_only_if_it_is_the_file_in_place_and_current() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        let dir = s.inner.path.clone();
        let whole = |r: &mut dyn std::io::Read, _len: u64| {
            let mut v = Vec::new();
            r.read_to_end(&mut v).map(|_| v).unwrap_or_default()
        };
        assert!(read_early(&dir, "search", whole).is_none(), "none kept");
        let at = s.writes();
        assert!(s.put_derived("search", at, b"one").unwrap());
        let early = read_early(&dir, "search", whole).unwrap();
        assert_eq!(early.name(), "search");
        assert_eq!(s.adopt_early(early), Derived::Fresh(b"one".to_vec()));
        // another name is another file
        assert!(read_early(&dir, "search@viewer", whole).is_none());
        // a write since it was read
        let early = read_early(&dir, "search", whole).unwrap();
        s.create(&admin, client("Ahmad Fauzi")).unwrap();
        assert_eq!(s.adopt_early(early), Derived::Stale);
        // replaced since it was read, even by one of the same write
        assert!(s.put_derived("search", at + 1, b"two").unwrap());
        let early = read_early(&dir, "search", whole).unwrap();
        assert!(s.put_derived("search", at + 1, b"three").unwrap());
        assert_eq!(s.adopt_early(early), Derived::Absent);
        assert_eq!(s.derived("search").unwrap(), Derived::Fresh(b"three".to_vec()));
        // removed since it was read
        let early = read_early(&dir, "search", whole).unwrap();
        s.drop_derived().unwrap();
        assert_eq!(s.adopt_early(early), Derived::Absent);
        // not whole: not read at all
        assert!(s.put_derived("search", at + 1, b"four").unwrap());
        let file = s.derived_path("search");
        let mut bytes = std::fs::read(&file).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(read_early(&dir, "search", whole).is_none());
        assert_eq!(s.derived("search").unwrap(), Derived::Damaged(Damage::Checksum));
    }

    #[test]
    fn derived_data_is_current_until_the_next_write_and_never_after() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        assert_eq!(s.derived("search").unwrap(), Derived::Absent);
        let at = s.writes();
        let big: Vec<u8> = (0..(1 << 21) + 17).map(|i| (i % 251) as u8).collect();
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
        let file = s.derived_path("search");
        assert_eq!(std::fs::metadata(&file).unwrap().len(), (HEAD + 5) as u64);
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "private");
        s.drop_derived().unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Absent);
    }

    #[test]
    fn writes_that_change_no_record_leave_derived_data_current() {
        let (_d, s) = temp_store();
        let admin = Actor::new("admin", Role::Admin);
        let c = s.create(&admin, client("Ahmad Fauzi")).unwrap();
        let at = s.writes();
        let (generation, audited) = (s.generation(), s.audit_len());
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
        // nor do sessions read their rows again for them (a server's hundred
        // sessions logging in and searching write an entry each)
        assert_eq!((s.generation(), s.audit_len()), (generation, audited + 1));
        assert_eq!(s.derived("search").unwrap(), Derived::Fresh(b"index".to_vec()));
        // the calendar is derived from: a day off changes reporting standings
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        s.write(&admin, |b| b.set_day_off(day, crate::model::DayOffKind::Closure, "Natal").map(|_| ())).unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Stale);
    }

    #[test]
    fn the_count_of_writes_survives_reopening_and_a_changed_file_is_told() {
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
        let file = s.derived_path("search");
        let mut bytes = std::fs::read(&file).unwrap();
        *bytes.last_mut().unwrap() = b'z';
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Damaged(Damage::Checksum));
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Damaged(Damage::Length));
        std::fs::write(&file, b"something else").unwrap();
        assert_eq!(s.derived("search").unwrap(), Derived::Damaged(Damage::NotDerivedData));
    }

    #[test]
    fn what_is_read_as_it_streams_is_handed_back_only_when_every_byte_checks() {
        let (_d, s) = temp_store();
        let big: Vec<u8> = (0..(1 << 20) + 5).map(|i| (i % 249) as u8).collect();
        assert!(s.put_derived("search", s.writes(), &big).unwrap());
        // the first bytes only: the rest is still read and checked
        let first = |r: &mut dyn std::io::Read, len: u64| {
            let mut b = [0u8; 3];
            r.read_exact(&mut b).map(|()| (b, len)).ok()
        };
        assert_eq!(s.derived_read("search", first).unwrap(), Derived::Fresh(Some(([0, 1, 2], big.len() as u64))));
        let whole = |r: &mut dyn std::io::Read, _| {
            let mut v = Vec::new();
            r.read_to_end(&mut v).map(|_| v).ok()
        };
        assert_eq!(s.derived_read("search", whole).unwrap(), Derived::Fresh(Some(big.clone())));
        // a byte changed far past what is read: the value read is not handed back
        let file = s.derived_path("search");
        let mut bytes = std::fs::read(&file).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(s.derived_read("search", first).unwrap(), Derived::Damaged(Damage::Checksum));
        // cut short: the length the reader is given is what the file holds
        std::fs::write(&file, &bytes[..HEAD + 10]).unwrap();
        let given = std::cell::Cell::new(0);
        let len = |_: &mut dyn std::io::Read, len: u64| given.set(len);
        assert_eq!(s.derived_read("search", len).unwrap(), Derived::Damaged(Damage::Length));
        assert_eq!(given.get(), 10);
    }
}
