//! Errors of the store: what went wrong, as data. `crate::i18n` turns
//! them into sentences saying what to do (`StoreError::message`).

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::codec::CodecError;
use crate::model::{Problem, RecordRef};

/// Everything that can go wrong in the store.
#[derive(Debug)]
pub enum StoreError {
    /// Another process holds the database.
    Locked {
        /// The database directory.
        path: PathBuf,
        /// What the holder wrote into the lock file (pid, mode, address).
        holder: LockHolder,
    },
    /// The database could not be opened or read.
    Open {
        /// The database directory.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The storage engine reported an error.
    Engine(super::engine::EngineError),
    /// A stored value could not be decoded.
    Decode {
        /// Which tree.
        tree: &'static str,
        /// Which key (id or hex).
        key: String,
        /// What was wrong.
        error: CodecError,
    },
    /// A value could not be encoded.
    Encode(CodecError),
    /// The record does not exist.
    NotFound(RecordRef),
    /// Someone else saved the record since it was read.
    Conflict {
        /// The record.
        record: RecordRef,
        /// Who saved it last.
        by: String,
        /// When.
        at: DateTime<Utc>,
        /// Its version now.
        version: u64,
    },
    /// What a supervisor approved cannot change without a new request.
    Approved {
        /// The record.
        record: RecordRef,
        /// What was approved, in words.
        what: String,
    },
    /// An approval request that cannot be made or decided, and why.
    Approval {
        /// The record.
        record: RecordRef,
        /// Why (a message key's text, already in the language of the store: English).
        why: ApprovalProblem,
    },
    /// A change cannot be reverted: the field no longer holds what it wrote.
    Revert {
        /// The record.
        record: RecordRef,
        /// The field (or what went wrong).
        field: String,
    },
    /// The record has problems; nothing was written.
    Invalid(RecordRef, Vec<Problem>),
    /// The actor's role does not allow this write.
    Forbidden {
        /// Who tried.
        actor: String,
        /// With which role.
        role: crate::model::Role,
        /// On which record.
        record: RecordRef,
    },
    /// The record links to one that does not exist.
    Dangling {
        /// The record being saved.
        record: RecordRef,
        /// The missing record it names.
        target: RecordRef,
    },
    /// No database is there, and the command reads one rather than making it.
    NoDatabase {
        /// The database directory.
        path: PathBuf,
    },
    /// The database already holds records (demo data needs an empty one).
    NotEmpty {
        /// The database directory.
        path: PathBuf,
    },
    /// Other records point at the one to delete.
    Referenced {
        /// The record to delete.
        record: RecordRef,
        /// The records that point at it.
        by: Vec<RecordRef>,
    },
    /// A purge that cannot be made, and why; nothing was erased.
    Purge {
        /// The record purged (or holding the sub-record purged).
        record: RecordRef,
        /// Why not.
        why: super::purge::PurgeProblem,
    },
    /// A referral would share a client who has not consented, without a
    /// legal basis; nothing was saved.
    NoConsent {
        /// The referral.
        referral: RecordRef,
        /// Its client.
        client: RecordRef,
        /// When consent was withdrawn, if it was.
        withdrawn: Option<chrono::NaiveDate>,
    },
    /// A change to the office calendar was refused; nothing was saved.
    Calendar(super::calendar::CalendarProblem),
    /// The database was written by a newer simpul.
    SchemaTooNew {
        /// The database directory.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest this program reads.
        supported: u32,
    },
    /// A document that cannot be added, changed or read as asked; nothing was written.
    Document(crate::model::DocProblem),
    /// A series has no meeting of that number.
    NoMeeting {
        /// The event.
        record: RecordRef,
        /// The meeting asked for.
        number: u32,
    },
    /// No such document (or none the user may see).
    NoDocument(crate::model::DocumentId),
    /// Reading a document's bytes in, or writing them out, failed.
    Transfer(std::io::Error),
    /// A write could not be confirmed durable (flush failed).
    NotDurable(String),
    /// A write was applied (every session sees it; it is written with the
    /// next flush) but the flush after it failed. Not a failed write:
    /// trying it again would make it twice.
    Unflushed {
        /// The last record the write created or changed, if any.
        record: Option<RecordRef>,
        /// Why the flush failed.
        cause: Box<StoreError>,
    },
}

impl From<super::engine::EngineError> for StoreError {
    fn from(e: super::engine::EngineError) -> Self {
        StoreError::Engine(e)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Engine(e) => Some(e),
            StoreError::Unflushed { cause, .. } => Some(cause.as_ref()),
            _ => None,
        }
    }
}

/// What the lock file says about the process that holds the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockHolder {
    /// Process id.
    pub pid: Option<u32>,
    /// `tui` or `serve`.
    pub mode: String,
    /// For a server, the address it listens on.
    pub listen: Option<String>,
}

impl LockHolder {
    /// Parses the `key=value` lines of a lock file; unknown lines are ignored.
    pub fn parse(text: &str) -> LockHolder {
        let mut h = LockHolder::default();
        for line in text.lines() {
            let Some((k, v)) = line.split_once('=') else { continue };
            let v: String = v.trim().chars().filter(|c| !c.is_control()).take(100).collect();
            match k.trim() {
                "pid" => h.pid = v.parse().ok(),
                "mode" => h.mode = v,
                "listen" => h.listen = Some(v).filter(|s| !s.is_empty()),
                _ => {}
            }
        }
        h
    }

    /// The lock file text for this holder.
    pub fn render(&self) -> String {
        let mut s = String::new();
        if let Some(p) = self.pid {
            s.push_str(&format!("pid={p}\n"));
        }
        s.push_str(&format!("mode={}\n", self.mode));
        if let Some(l) = &self.listen {
            s.push_str(&format!("listen={l}\n"));
        }
        s
    }
}

/// Why an approval cannot be asked for or decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalProblem {
    /// The assessment or Litmas named is not there.
    NoSuchPart,
    /// The same thing already waits for a decision.
    AlreadyPending,
    /// The request was decided already.
    NotPending,
    /// Nobody decides their own request.
    OwnRequest,
    /// Only supervisors and admins decide.
    NotSupervisor,
    /// A closure is asked for once the status is final.
    NotFinal,
}
