//! The one way data leaves the database: every export, document, list and
//! backup that simpul writes out passes [`release`], which
//!
//! - refuses sensitive data in the clear unless the user said so
//!   ([`Protection::Unprotected`]), and sealed bytes to a terminal;
//! - writes the audit entry (who, what, where, how protected) *before* the
//!   first byte leaves, and writes nothing when it cannot;
//! - creates files private (0600), whole (a `.partial` file renamed into
//!   place, or a new name that never replaces another file), and removes
//!   what it began when anything fails;
//! - neutralises control characters when the output is a terminal.

use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::model::RecordRef;
use crate::protect::Key;
use crate::store::closed::AuditSink;
use crate::store::{Actor, StoreError};

/// How what leaves is protected.
#[derive(Debug, Clone)]
pub enum Protection {
    /// Nothing sensitive in it: written as it is.
    Plain,
    /// Sensitive, written in the clear because the user said so (the audit says so too).
    Unprotected,
    /// Sealed with age.
    Sealed(Key),
}

impl Protection {
    /// What the audit note adds after the destination.
    fn note(&self) -> &'static str {
        match self {
            Protection::Plain => "",
            Protection::Unprotected => " (unprotected)",
            Protection::Sealed(_) => " (age)",
        }
    }
}

/// Where it goes.
pub enum Destination<'a> {
    /// Standard output (the process's, or a connection's), and whether a
    /// terminal shows it.
    Stdout(&'a mut dyn Write, bool),
    /// This file, created or replaced only once complete.
    File(&'a Path),
    /// A new file `stem.ext` in `dir` (else `stem-2.ext`, …): never over another file.
    NewIn {
        /// The directory.
        dir: &'a Path,
        /// The name without extension.
        stem: &'a str,
        /// The extension.
        ext: &'a str,
    },
    /// A stream the caller holds (an SSH channel's staging file), named `shown` in the audit.
    Writer(&'a mut dyn Write, &'a str),
}

/// What leaves, for the audit log.
#[derive(Debug, Clone)]
pub struct Release {
    /// What it is ("clients 12 rows, query …", "case summary", "backup").
    pub what: String,
    /// The record it is of, when one.
    pub record: Option<RecordRef>,
    /// Whether it holds what must not travel in the clear unasked.
    pub sensitive: bool,
}

/// Where it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    /// The file written, when one.
    pub path: Option<PathBuf>,
    /// How the audit log names the destination.
    pub shown: String,
}

/// Why nothing (or nothing complete) left.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// Sensitive data without protection nor `--unprotected`.
    #[error("sensitive data needs protection")]
    NeedsProtection,
    /// Sealed bytes would garble the terminal.
    #[error("sealed output to a terminal")]
    SealedToTerminal,
    /// The audit entry could not be written; nothing left.
    #[error("{0}")]
    Audit(StoreError),
    /// Writing failed (the partial file is removed).
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl GateError {
    /// A reader that stopped reading (`| head`) is no failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, GateError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Lets `rel` out to `dest` as `prot` says: audited first, then `body`
/// writes it. See the module documentation for the rules.
pub fn release(
    log: &dyn AuditSink,
    actor: &Actor,
    rel: &Release,
    prot: &Protection,
    dest: Destination<'_>,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Released, GateError> {
    if rel.sensitive && matches!(prot, Protection::Plain) {
        return Err(GateError::NeedsProtection);
    }
    let audit = |shown: &str| {
        log.export(actor, rel.record, format!("{} to {shown}{}", rel.what, prot.note())).map_err(GateError::Audit)
    };
    match dest {
        Destination::Stdout(out, terminal) => {
            if terminal && matches!(prot, Protection::Sealed(_)) {
                return Err(GateError::SealedToTerminal);
            }
            audit("stdout")?;
            if terminal {
                let mut buf = Vec::new();
                through(prot, &mut buf, body)?;
                out.write_all(terminal_safe(&buf).as_bytes())?;
            } else {
                through(prot, &mut *out, body)?;
            }
            out.flush()?;
            Ok(Released { path: None, shown: "stdout".into() })
        }
        Destination::Writer(out, shown) => {
            audit(shown)?;
            through(prot, &mut *out, body)?;
            out.flush()?;
            Ok(Released { path: None, shown: shown.to_string() })
        }
        Destination::File(path) => {
            let mut tmp_name = path.as_os_str().to_owned();
            tmp_name.push(".partial");
            let tmp = PathBuf::from(tmp_name);
            let result = (|| {
                let mut file = private(std::fs::OpenOptions::new().write(true).create(true).truncate(true), &tmp)?;
                let shown = path.display().to_string();
                audit(&shown)?;
                through(prot, &mut file, body)?;
                file.sync_all()?;
                std::fs::rename(&tmp, path)?;
                Ok(Released { path: Some(path.to_path_buf()), shown })
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result
        }
        Destination::NewIn { dir, stem, ext } => {
            let (path, mut file) = create_new(dir, stem, ext)?;
            let shown = path.display().to_string();
            let result = audit(&shown).and_then(|()| {
                through(prot, &mut file, body)?;
                file.sync_all()?;
                Ok(())
            });
            match result {
                Ok(()) => Ok(Released { path: Some(path), shown }),
                Err(e) => {
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    Err(e)
                }
            }
        }
    }
}

/// Opens `path` readable and writable by its owner only, whatever the umask or an older file said.
fn private(opts: &mut std::fs::OpenOptions, path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::PermissionsExt;
    let file = opts.mode(0o600).open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

/// Creates `dir/stem.ext`, or `dir/stem-2.ext` … when taken: never over an existing file.
pub fn create_new(dir: &Path, stem: &str, ext: &str) -> io::Result<(PathBuf, std::fs::File)> {
    for n in 1..=999 {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        let path = dir.join(name);
        match private(std::fs::OpenOptions::new().write(true).create_new(true), &path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{stem}.{ext}")))
}

/// Runs `body` into `out`, sealed when `prot` says so.
fn through(
    prot: &Protection,
    out: &mut dyn Write,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    match prot {
        Protection::Sealed(key) => {
            let mut sealed = crate::protect::seal(key, out)?;
            body(&mut sealed)?;
            sealed.finish()?;
            Ok(())
        }
        Protection::Plain | Protection::Unprotected => body(out),
    }
}

/// Output for a terminal: each line with its control characters made visible.
fn terminal_safe(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b.strip_suffix('\r').unwrap_or(b), "\n"),
            None => (line, ""),
        };
        out.push_str(&crate::sanitize::sanitize(body));
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::store::{AuditAction, Store};
    use std::os::unix::fs::PermissionsExt;

    fn exports(s: &Store) -> Vec<String> {
        s.audit_log().filter_map(Result::ok).filter(|e| e.action == AuditAction::Export).map(|e| e.note).collect()
    }

    fn rel(sensitive: bool) -> Release {
        Release { what: "clients 2 rows".into(), record: None, sensitive }
    }

    #[test]
    fn sensitive_data_in_the_clear_only_when_asked_and_always_audited() {
        let (dir, s) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        let path = dir.path().join("out.csv");
        let refused = release(&s, &a, &rel(true), &Protection::Plain, Destination::File(&path), |w| w.write_all(b"x"));
        assert!(matches!(refused, Err(GateError::NeedsProtection)));
        assert!(!path.exists() && exports(&s).is_empty());

        let done = release(&s, &a, &rel(true), &Protection::Unprotected, Destination::File(&path), |w| {
            w.write_all(b"nik\n3507121503900001\n")
        })
        .unwrap();
        assert_eq!(done.path.as_deref(), Some(path.as_path()));
        assert_eq!(std::fs::read(&path).unwrap(), b"nik\n3507121503900001\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(exports(&s), [format!("clients 2 rows to {} (unprotected)", path.display())]);
    }

    #[test]
    fn sealed_files_open_with_the_key_and_nothing_readable_is_inside() {
        let (dir, s) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        let holder = age::x25519::Identity::generate();
        let key = Key::recipients([holder.to_public().to_string().as_str()]).unwrap();
        let done = release(
            &s,
            &a,
            &rel(true),
            &Protection::Sealed(key),
            Destination::NewIn { dir: dir.path(), stem: "clients", ext: "csv.age" },
            |w| w.write_all(b"3507121503900001"),
        )
        .unwrap();
        let path = done.path.unwrap();
        let sealed = std::fs::read(&path).unwrap();
        assert!(sealed.starts_with(crate::protect::MAGIC));
        assert!(!sealed.windows(16).any(|w| w == b"3507121503900001"));
        let mut plain = Vec::new();
        let unlock = crate::protect::Unlock::Identities(vec![Box::new(holder)]);
        io::Read::read_to_end(&mut crate::protect::open(&sealed[..], &unlock).unwrap(), &mut plain).unwrap();
        assert_eq!(plain, b"3507121503900001");
        assert!(exports(&s)[0].ends_with("clients.csv.age (age)"), "{:?}", exports(&s));
    }

    #[test]
    fn a_new_name_never_replaces_a_file_and_a_failure_leaves_nothing() {
        let (dir, s) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        let new = |body: &'static [u8]| {
            release(
                &s,
                &a,
                &rel(false),
                &Protection::Plain,
                Destination::NewIn { dir: dir.path(), stem: "e", ext: "csv" },
                |w| w.write_all(body),
            )
        };
        let first = new(b"1").unwrap().path.unwrap();
        let second = new(b"2").unwrap().path.unwrap();
        assert_eq!((first.file_name().unwrap(), second.file_name().unwrap()), ("e.csv".as_ref(), "e-2.csv".as_ref()));
        assert_eq!(std::fs::read(&first).unwrap(), b"1");

        let failed = release(
            &s,
            &a,
            &rel(false),
            &Protection::Plain,
            Destination::NewIn { dir: dir.path(), stem: "e", ext: "csv" },
            |_| Err(io::Error::other("disk")),
        );
        assert!(failed.is_err());
        assert!(!dir.path().join("e-3.csv").exists());
        let target = dir.path().join("whole.csv");
        let failed = release(&s, &a, &rel(false), &Protection::Plain, Destination::File(&target), |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk"))
        });
        assert!(failed.is_err());
        assert!(!target.exists() && !dir.path().join("whole.csv.partial").exists());
    }

    #[test]
    fn when_the_audit_cannot_be_written_nothing_leaves() {
        let (dir, s) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        s.inject_fault(Some(crate::store::Fault::WriteAt(0)));
        let path = dir.path().join("out.csv");
        let mut written = false;
        let r = release(&s, &a, &rel(false), &Protection::Plain, Destination::File(&path), |w| {
            written = true;
            w.write_all(b"x")
        });
        assert!(matches!(r, Err(GateError::Audit(_))), "{r:?}");
        assert!(!written && !path.exists() && !dir.path().join("out.csv.partial").exists());
    }

    #[test]
    fn a_terminal_gets_control_characters_made_visible() {
        assert_eq!(terminal_safe(b"a,\x1b]0;x\x07b\r\nc\n"), "a,^[]0;x^Gb\nc\n");
    }
}
