//! Backup and restore: a consistent, checksummed, versioned snapshot file.
//!
//! # Format
//!
//! | part | bytes |
//! |---|---|
//! | magic | `SIMPUL-BACKUP\n` (14 bytes) |
//! | format version | u32 big-endian (1) |
//! | schema version | u32 big-endian |
//! | created at | i64 big-endian, Unix seconds |
//! | entries | `[tree u8][key len u32][key][value len u32][value]`, any number |
//! | end | one byte `0xFF` |
//! | checksum | SHA-256 of everything before it (32 bytes) |
//!
//! The snapshot is taken under the store's writer lock, so no write lands
//! half-way through it: every tree is copied as of one moment. Restore
//! verifies the checksum as it streams and writes only into a new
//! directory, which it removes again if the file proves damaged.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{OpenOptions, Result, Store, StoreError};

const MAGIC: &[u8; 14] = b"SIMPUL-BACKUP\n";
pub(crate) const FORMAT: u32 = 1;
const END: u8 = 0xFF;
/// Largest key or value accepted when restoring (a guard against damage).
const MAX_PART: u32 = 64 * 1024 * 1024;

/// What a backup or restore handled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackupSummary {
    /// Entries (records, index entries, audit entries, meta) copied.
    pub entries: u64,
    /// Bytes of the backup file.
    pub bytes: u64,
    /// Schema version of the data.
    pub schema: u32,
}

/// Why a backup file cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Not a simpul backup at all.
    #[error("not a simpul backup (it does not start with the simpul backup header)")]
    Foreign,
    /// A backup format this program does not know.
    #[error("backup format version {0} is not known to this program (it reads version {FORMAT}); update simpul")]
    UnknownFormat(u32),
    /// The data is newer than this program.
    #[error("the backup holds schema version {found}; this program knows up to {supported}; update simpul")]
    SchemaTooNew {
        /// Schema in the file.
        found: u32,
        /// Newest known.
        supported: u32,
    },
    /// The file ends early.
    #[error("the backup file is truncated (it ends before its checksum); nothing was restored")]
    Truncated,
    /// The checksum does not match.
    #[error("the backup file is damaged (its checksum does not match); nothing was restored")]
    Checksum,
    /// An entry is malformed.
    #[error("the backup file is damaged ({0}); nothing was restored")]
    Malformed(String),
    /// The target exists and is not empty.
    #[error("{0} already exists; restore writes only into a new database directory")]
    TargetExists(String),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
    /// The store reported an error.
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            BackupError::Truncated
        } else {
            BackupError::Io(e.to_string())
        }
    }
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A reader that counts the bytes it reads.
struct Counting<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// A reader that hashes what passes through it.
struct HashingReader<R> {
    inner: R,
    hash: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

impl Store {
    /// Writes a consistent snapshot of the whole database to `out`.
    pub fn backup_to(&self, out: impl Write) -> Result<BackupSummary, BackupError> {
        // Holding the writer lock freezes every tree at one moment.
        let _writers = self.lock_counters();
        let schema = self.schema_version()?;
        let mut w = Hashing { inner: BufWriter::new(out), hash: Sha256::new(), bytes: 0 };
        w.write_all(MAGIC)?;
        w.write_all(&FORMAT.to_be_bytes())?;
        w.write_all(&schema.to_be_bytes())?;
        w.write_all(&self.clock().now().timestamp().to_be_bytes())?;
        let mut entries = 0;
        for (t, tree) in self.inner.trees.iter().enumerate() {
            for item in tree.iter() {
                let (k, v) = item.map_err(StoreError::from)?;
                w.write_all(&[t as u8])?;
                for part in [k.as_ref(), v.as_ref()] {
                    let len =
                        u32::try_from(part.len()).map_err(|_| BackupError::Malformed("entry too large".into()))?;
                    w.write_all(&len.to_be_bytes())?;
                    w.write_all(part)?;
                }
                entries += 1;
            }
        }
        w.write_all(&[END])?;
        let Hashing { mut inner, hash, bytes } = w;
        let digest = hash.finalize();
        inner.write_all(&digest)?;
        inner.flush()?;
        Ok(BackupSummary { entries, bytes: bytes + 32, schema })
    }

    /// Writes a snapshot to a file (created or replaced only once complete);
    /// outside tests, backups leave through [`crate::gate`].
    #[cfg(test)]
    pub fn backup(&self, path: &Path) -> Result<BackupSummary, BackupError> {
        let tmp = path.with_extension("partial");
        let file = File::create(&tmp).map_err(|e| BackupError::Io(format!("{}: {e}", tmp.display())))?;
        let summary = self.backup_to(&file)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path).map_err(|e| BackupError::Io(format!("{}: {e}", path.display())))?;
        Ok(summary)
    }

    /// Restores a backup file into a new database directory `target` and
    /// returns the opened store. On any problem `target` is removed again.
    pub fn restore_backup(
        file: &Path,
        target: &Path,
        opts: &OpenOptions,
    ) -> Result<(Store, BackupSummary), BackupError> {
        if target.exists() && std::fs::read_dir(target).map(|mut d| d.next().is_some()).unwrap_or(true) {
            return Err(BackupError::TargetExists(target.display().to_string()));
        }
        let f = File::open(file).map_err(|e| BackupError::Io(format!("{}: {e}", file.display())))?;
        Self::restore_from(f, target, opts)
    }

    /// Restores a backup read from `input` (a file, or what a sealed file
    /// holds) into a new database directory `target`, as [`Store::restore_backup`].
    pub fn restore_from(
        input: impl Read,
        target: &Path,
        opts: &OpenOptions,
    ) -> Result<(Store, BackupSummary), BackupError> {
        if target.exists() && std::fs::read_dir(target).map(|mut d| d.next().is_some()).unwrap_or(true) {
            return Err(BackupError::TargetExists(target.display().to_string()));
        }
        let mut r = HashingReader { inner: BufReader::new(Counting { inner: input, bytes: 0 }), hash: Sha256::new() };
        let mut magic = [0u8; 14];
        if r.read_exact(&mut magic).is_err() || &magic != MAGIC {
            return Err(BackupError::Foreign);
        }
        let format = read_u32(&mut r)?;
        if format != FORMAT {
            return Err(BackupError::UnknownFormat(format));
        }
        let schema = read_u32(&mut r)?;
        if schema > super::SCHEMA_VERSION {
            return Err(BackupError::SchemaTooNew { found: schema, supported: super::SCHEMA_VERSION });
        }
        let mut created = [0u8; 8];
        r.read_exact(&mut created)?;

        let result = (|| {
            let (engine, lock_file) = Store::open_engine(target, opts)?;
            let mut entries = 0u64;
            let mut pending = Vec::new();
            loop {
                let mut t = [0u8; 1];
                r.read_exact(&mut t)?;
                if t[0] == END {
                    break;
                }
                // staged writes are never in a backup
                let tree = usize::from(t[0]);
                if tree >= super::STAGING {
                    return Err(BackupError::Malformed(format!("unknown tree {tree}")));
                }
                let key = read_part(&mut r)?;
                let value = read_part(&mut r)?;
                pending.push(super::engine::Write { tree, key, value: Some(value) });
                if pending.len() == 1000 {
                    engine.apply(&std::mem::take(&mut pending), None).map_err(StoreError::from)?;
                }
                entries += 1;
            }
            let computed = r.hash.clone().finalize();
            let mut stored = [0u8; 32];
            r.inner.read_exact(&mut stored)?;
            if computed.as_slice() != stored {
                return Err(BackupError::Checksum);
            }
            let mut rest = [0u8; 1];
            if r.inner.read(&mut rest)? != 0 {
                return Err(BackupError::Malformed("bytes after the checksum".into()));
            }
            engine.apply(&pending, None).map_err(StoreError::from)?;
            engine.flush().map_err(StoreError::from)?;
            Ok((entries, engine, lock_file))
        })();
        let bytes = r.inner.get_ref().bytes;
        match result {
            Ok((entries, engine, lock_file)) => {
                let store = Store::with_engine(target, opts, engine, lock_file)?;
                Ok((store, BackupSummary { entries, bytes, schema }))
            }
            Err(e) => {
                // Nothing half-restored is left behind.
                let _ = std::fs::remove_dir_all(target);
                Err(e)
            }
        }
    }
}

fn read_u32(r: &mut impl Read) -> Result<u32, BackupError> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

fn read_part(r: &mut impl Read) -> Result<Vec<u8>, BackupError> {
    let len = read_u32(r)?;
    if len > MAX_PART {
        return Err(BackupError::Malformed(format!("an entry claims {len} bytes")));
    }
    let mut v = vec![0u8; len as usize];
    r.read_exact(&mut v)?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Role, Stakeholder, StakeholderKind};
    use crate::store::Actor;

    fn sample() -> (tempfile::TempDir, Store) {
        let (dir, s) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        for n in ["Siti", "Joko", "Ani"] {
            let mut c = Client::new(n);
            c.office = "Bapas Malang".into();
            s.create(&a, c).unwrap();
        }
        s.create(&a, Stakeholder::new("BAZNAS Jatim", StakeholderKind::Zakat)).unwrap();
        (dir, s)
    }

    fn dump(s: &Store) -> Vec<Vec<(Vec<u8>, Vec<u8>)>> {
        s.inner
            .trees
            .iter()
            .map(|t| {
                t.iter()
                    .map(|i| {
                        let (k, v) = i.unwrap();
                        (k.to_vec(), v.to_vec())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn backup_restore_gives_the_same_trees() {
        let (dir, s) = sample();
        let file = dir.path().join("b.simpul");
        let summary = s.backup(&file).unwrap();
        assert!(summary.entries > 4);
        let (restored, rs) = Store::restore_backup(&file, &dir.path().join("new"), &OpenOptions::default()).unwrap();
        assert_eq!(rs.entries, summary.entries);
        assert_eq!(dump(&restored), dump(&s));
        assert!(restored.check().unwrap().is_clean());
        assert_eq!(restored.count(crate::model::RecordKind::Client), 3);
    }

    #[test]
    fn damaged_foreign_and_truncated_files_are_refused() {
        let (dir, s) = sample();
        let file = dir.path().join("b.simpul");
        s.backup(&file).unwrap();
        let good = std::fs::read(&file).unwrap();
        let target = dir.path().join("new");

        let mut flipped = good.clone();
        let mid = flipped.len() / 2;
        flipped[mid] ^= 1;
        std::fs::write(&file, &flipped).unwrap();
        let err = Store::restore_backup(&file, &target, &OpenOptions::default()).unwrap_err();
        // a flipped bit in a length reads as a file cut short
        assert!(matches!(err, BackupError::Checksum | BackupError::Malformed(_) | BackupError::Truncated), "{err}");
        assert!(!target.exists(), "nothing half-restored is left");

        std::fs::write(&file, &good[..good.len() - 10]).unwrap();
        let err = Store::restore_backup(&file, &target, &OpenOptions::default()).unwrap_err();
        assert!(matches!(err, BackupError::Truncated), "{err}");
        assert!(!target.exists());

        std::fs::write(&file, b"register_no,full_name\n").unwrap();
        assert!(matches!(Store::restore_backup(&file, &target, &OpenOptions::default()), Err(BackupError::Foreign)));

        std::fs::write(&file, &good).unwrap();
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("x"), b"x").unwrap();
        assert!(matches!(
            Store::restore_backup(&file, &target, &OpenOptions::default()),
            Err(BackupError::TargetExists(_))
        ));
    }
}
