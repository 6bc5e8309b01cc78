//! Errors of the store, each saying what went wrong and what to do.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::codec::CodecError;
use crate::i18n::{self, Lang, Msg, fill};
use crate::model::{Problem, RecordRef};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the database.
    #[error("{}", self.message(Lang::En))]
    Locked {
        /// The database directory.
        path: PathBuf,
        /// What the holder wrote into the lock file (pid, mode, address).
        holder: LockHolder,
    },
    /// The database could not be opened or read.
    #[error("{}", self.message(Lang::En))]
    Open {
        /// The database directory.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The storage engine reported an error.
    #[error("storage error: {0}")]
    Engine(#[from] super::engine::EngineError),
    /// A stored value could not be decoded.
    #[error("{}", self.message(Lang::En))]
    Decode {
        /// Which tree.
        tree: &'static str,
        /// Which key (id or hex).
        key: String,
        /// What was wrong.
        error: CodecError,
    },
    /// A value could not be encoded.
    #[error("{0}")]
    Encode(CodecError),
    /// The record does not exist.
    #[error("{}", self.message(Lang::En))]
    NotFound(RecordRef),
    /// Someone else saved the record since it was read.
    #[error("{}", self.message(Lang::En))]
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
    #[error("{}", self.message(Lang::En))]
    Approved {
        /// The record.
        record: RecordRef,
        /// What was approved, in words.
        what: String,
    },
    /// An approval request that cannot be made or decided, and why.
    #[error("{}", self.message(Lang::En))]
    Approval {
        /// The record.
        record: RecordRef,
        /// Why (a message key's text, already in the language of the store: English).
        why: ApprovalProblem,
    },
    /// A change cannot be reverted: the field no longer holds what it wrote.
    #[error("{}", self.message(Lang::En))]
    Revert {
        /// The record.
        record: RecordRef,
        /// The field (or what went wrong).
        field: String,
    },
    /// The record has problems; nothing was written.
    #[error("{}", self.message(Lang::En))]
    Invalid(RecordRef, Vec<Problem>),
    /// The actor's role does not allow this write.
    #[error("{}", self.message(Lang::En))]
    Forbidden {
        /// Who tried.
        actor: String,
        /// With which role.
        role: crate::model::Role,
        /// On which record.
        record: RecordRef,
    },
    /// The record links to one that does not exist.
    #[error("{}", self.message(Lang::En))]
    Dangling {
        /// The record being saved.
        record: RecordRef,
        /// The missing record it names.
        target: RecordRef,
    },
    /// The database already holds records (demo data needs an empty one).
    #[error("{}", self.message(Lang::En))]
    NotEmpty {
        /// The database directory.
        path: PathBuf,
    },
    /// Other records point at the one to delete.
    #[error("{}", self.message(Lang::En))]
    Referenced {
        /// The record to delete.
        record: RecordRef,
        /// The records that point at it.
        by: Vec<RecordRef>,
    },
    /// A purge that cannot be made, and why; nothing was erased.
    #[error("{}", self.message(Lang::En))]
    Purge {
        /// The record purged (or holding the sub-record purged).
        record: RecordRef,
        /// Why not.
        why: super::purge::PurgeProblem,
    },
    /// A referral would share a client who has not consented, without a
    /// legal basis; nothing was saved.
    #[error("{}", self.message(Lang::En))]
    NoConsent {
        /// The referral.
        referral: RecordRef,
        /// Its client.
        client: RecordRef,
        /// When consent was withdrawn, if it was.
        withdrawn: Option<chrono::NaiveDate>,
    },
    /// A change to the office calendar was refused; nothing was saved.
    #[error("{}", self.message(Lang::En))]
    Calendar(super::calendar::CalendarProblem),
    /// The database was written by a newer simpul.
    #[error("{}", self.message(Lang::En))]
    SchemaTooNew {
        /// The database directory.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest this program reads.
        supported: u32,
    },
    /// A document that cannot be added, changed or read as asked; nothing was written.
    #[error("{}", self.message(Lang::En))]
    Document(crate::model::DocProblem),
    /// A series has no meeting of that number.
    #[error("{}", self.message(Lang::En))]
    NoMeeting {
        /// The event.
        record: RecordRef,
        /// The meeting asked for.
        number: u32,
    },
    /// No such document (or none the user may see).
    #[error("{}", self.message(Lang::En))]
    NoDocument(crate::model::DocumentId),
    /// Reading a document's bytes in, or writing them out, failed.
    #[error("{}", self.message(Lang::En))]
    Transfer(std::io::Error),
    /// A write could not be confirmed durable (flush failed).
    #[error("{}", self.message(Lang::En))]
    NotDurable(String),
    /// A write was applied (every session sees it; it is written with the
    /// next flush) but the flush after it failed. Not a failed write:
    /// trying it again would make it twice.
    #[error("{}", self.message(Lang::En))]
    Unflushed {
        /// The last record the write created or changed, if any.
        record: Option<RecordRef>,
        /// Why the flush failed.
        cause: Box<StoreError>,
    },
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

impl StoreError {
    /// The message in a language, with what to do about it; safe to write
    /// to a terminal (paths and the lock file's words are shown sanitized).
    pub fn message(&self, lang: Lang) -> String {
        crate::sanitize::sanitize_lines(&self.raw_message(lang)).into_owned()
    }

    fn raw_message(&self, lang: Lang) -> String {
        let t = |m: Msg| m.text(lang);
        match self {
            StoreError::Locked { path, holder } => {
                let who = match holder.pid {
                    Some(pid) => fill(
                        t(Msg::LockedBy),
                        &[("pid", &pid.to_string()), ("mode", &crate::sanitize::sanitize(&holder.mode))],
                    ),
                    None => t(Msg::LockedByUnknown).to_string(),
                };
                let mut s = fill(t(Msg::Locked), &[("path", &crate::sanitize::path(path)), ("who", &who)]);
                s.push('\n');
                match &holder.listen {
                    Some(addr) => {
                        let (host, port) = addr.rsplit_once(':').unwrap_or((addr.as_str(), "2222"));
                        s.push_str(&fill(t(Msg::LockedServe), &[("host", host), ("port", port)]));
                    }
                    None => s.push_str(t(Msg::LockedHowTo)),
                }
                s
            }
            StoreError::Open { path, reason } => {
                fill(t(Msg::OpenFailed), &[("path", &crate::sanitize::path(path)), ("reason", reason)])
            }
            StoreError::Engine(e) if e.is_disk_full() => t(Msg::DiskFull).to_string(),
            StoreError::Engine(e) => format!("{}: {e}", t(Msg::StorageError)),
            StoreError::Unflushed { cause, .. } => fill(t(Msg::Unflushed), &[("error", &cause.message(lang))]),
            StoreError::Decode { tree, key, error } => {
                fill(t(Msg::Undecodable), &[("tree", tree), ("key", key), ("error", &error.to_string())])
            }
            StoreError::Encode(e) => format!("{}: {e}", t(Msg::StorageError)),
            StoreError::NotFound(r) => fill(t(Msg::NotFound), &[("record", &r.to_string())]),
            StoreError::Conflict { record, by, at, .. } => fill(
                t(Msg::Conflict),
                &[
                    ("record", &record.to_string()),
                    ("by", by),
                    ("at", &format!("{} {}", i18n::date(lang, at.date_naive()), at.format("%H:%M:%S UTC"))),
                ],
            ),
            StoreError::Approved { record, what } => {
                fill(t(Msg::ApprovedLocked), &[("record", &record.to_string()), ("what", what)])
            }
            StoreError::Approval { record, why } => {
                let m = match why {
                    ApprovalProblem::NoSuchPart => Msg::ApprovalNoPart,
                    ApprovalProblem::AlreadyPending => Msg::ApprovalPending,
                    ApprovalProblem::NotPending => Msg::ApprovalNotPending,
                    ApprovalProblem::OwnRequest => Msg::ApprovalOwn,
                    ApprovalProblem::NotSupervisor => Msg::ApprovalNotSupervisor,
                    ApprovalProblem::NotFinal => Msg::ApprovalNotFinal,
                };
                fill(t(m), &[("record", &record.to_string())])
            }
            StoreError::Revert { record, field } => {
                fill(t(Msg::RevertStale), &[("record", &record.to_string()), ("field", field)])
            }
            StoreError::Invalid(record, problems) => {
                let list: Vec<String> =
                    problems.iter().map(|p| format!("{}: {}", p.field, i18n::problem(lang, &p.kind))).collect();
                // a record refused before it was first stored has no number yet: named by its kind
                if record.id == 0 {
                    let kind = match record.kind {
                        crate::model::RecordKind::Client => i18n::Noun::Client,
                        crate::model::RecordKind::Stakeholder => i18n::Noun::Stakeholder,
                        crate::model::RecordKind::Event => i18n::Noun::Event,
                        crate::model::RecordKind::Referral => i18n::Noun::Referral,
                        crate::model::RecordKind::User => i18n::Noun::User,
                    };
                    let args = [("kind", kind.word(lang, 1)), ("problems", &list.join("; "))];
                    return fill(t(Msg::InvalidNew), &args);
                }
                fill(t(Msg::Invalid), &[("record", &record.to_string()), ("problems", &list.join("; "))])
            }
            StoreError::Forbidden { actor, role, record } => fill(
                t(Msg::Forbidden),
                &[("actor", actor), ("role", i18n::role(lang, *role)), ("record", &record.to_string())],
            ),
            StoreError::Dangling { record, target } => {
                fill(t(Msg::Dangling), &[("record", &record.to_string()), ("target", &target.to_string())])
            }
            StoreError::NotEmpty { path } => fill(t(Msg::NotEmpty), &[("path", &crate::sanitize::path(path))]),
            StoreError::Referenced { record, by } => {
                let list: Vec<String> = by.iter().take(10).map(|r| r.to_string()).collect();
                let more = if by.len() > 10 { format!(" (+{})", by.len() - 10) } else { String::new() };
                fill(
                    t(Msg::Referenced),
                    &[("record", &record.to_string()), ("by", &format!("{}{more}", list.join(", ")))],
                )
            }
            StoreError::Purge { record, why } => {
                use super::purge::PurgeProblem as P;
                let record = record.to_string();
                match why {
                    P::NoReason => fill(t(Msg::PurgeNoReason), &[("record", &record)]),
                    P::Reason(kind) => {
                        fill(t(Msg::PurgeBadReason), &[("record", &record), ("problem", &i18n::problem(lang, kind))])
                    }
                    P::NamesRecord => fill(t(Msg::PurgeReasonNames), &[("record", &record)]),
                    P::NoSuchPart(id) => fill(t(Msg::PurgeNoPart), &[("record", &record), ("part", &id.0.to_string())]),
                    P::Blocked(by) => {
                        let list: Vec<String> = by.iter().take(10).map(|r| r.to_string()).collect();
                        let more = if by.len() > 10 { format!(" (+{})", by.len() - 10) } else { String::new() };
                        fill(
                            t(Msg::PurgeBlocked),
                            &[("record", &record), ("by", &format!("{}{more}", list.join(", ")))],
                        )
                    }
                }
            }
            StoreError::NoConsent { referral, client, withdrawn } => {
                let since = withdrawn
                    .map(|d| fill(t(Msg::ConsentWithdrawnOn), &[("date", &i18n::date(lang, d))]))
                    .unwrap_or_default();
                fill(
                    t(Msg::NoConsent),
                    &[("referral", &referral.to_string()), ("client", &client.to_string()), ("since", &since)],
                )
            }
            StoreError::Calendar(why) => {
                use super::calendar::CalendarProblem as P;
                match why {
                    P::NotAdmin { actor, role } => {
                        fill(t(Msg::CalendarNotAdmin), &[("actor", actor), ("role", i18n::role(lang, *role))])
                    }
                    P::Name(kind) => fill(t(Msg::CalendarBadName), &[("problem", &i18n::problem(lang, kind))]),
                    P::NotEntered(date) => fill(t(Msg::CalendarNotEntered), &[("date", &i18n::date(lang, *date))]),
                }
            }
            StoreError::SchemaTooNew { path, found, supported } => fill(
                t(Msg::SchemaTooNew),
                &[
                    ("path", &crate::sanitize::path(path)),
                    ("found", &found.to_string()),
                    ("supported", &supported.to_string()),
                ],
            ),
            StoreError::NotDurable(e) => fill(t(Msg::NotDurable), &[("error", e)]),
            StoreError::NoMeeting { record, number } => {
                fill(t(Msg::NoMeeting), &[("record", &record.to_string()), ("number", &number.to_string())])
            }
            StoreError::NoDocument(id) => fill(t(Msg::NoDocument), &[("id", &id.to_string())]),
            StoreError::Transfer(e) => fill(t(Msg::DocTransfer), &[("error", &e.to_string())]),
            StoreError::Document(p) => {
                use crate::model::DocProblem as P;
                let limit_mb = |l: &u64| format!("{}", l.div_ceil(1024 * 1024));
                match p {
                    P::NoTitle => t(Msg::DocNoTitle).to_string(),
                    P::TitleTooLong => {
                        fill(t(Msg::DocTitleTooLong), &[("max", &crate::model::document::MAX_TITLE.to_string())])
                    }
                    P::TitleControl => t(Msg::DocTitleControl).to_string(),
                    P::NoFileName => t(Msg::DocNoFileName).to_string(),
                    P::BadFileName => t(Msg::DocBadFileName).to_string(),
                    P::Empty => t(Msg::DocEmpty).to_string(),
                    P::TooLarge { limit } => fill(t(Msg::DocTooLarge), &[("mb", &limit_mb(limit))]),
                    P::NoSuchPart(h) => fill(
                        t(Msg::DocNoPart),
                        &[("record", &h.record.to_string()), ("part", &h.part.map(|p| p.0).unwrap_or(0).to_string())],
                    ),
                    P::NotAllowed => t(Msg::DocNotAllowed).to_string(),
                    P::NoReason => t(Msg::DocNoReason).to_string(),
                    P::NotForViewers(id) => fill(t(Msg::DocNotForViewers), &[("id", &id.to_string())]),
                    P::Removed(id) => fill(t(Msg::DocRemoved), &[("id", &id.to_string())]),
                    P::Damaged(id) => fill(t(Msg::DocDamaged), &[("id", &id.to_string())]),
                    P::Interrupted => t(Msg::DocInterrupted).to_string(),
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A record refused before it was first stored is named by its kind, not by a number it never had.
    #[test]
    fn a_new_record_refused_is_named_by_its_kind() {
        let problems = vec![crate::model::validate::Problem {
            field: "name".into(),
            kind: crate::model::validate::ProblemKind::Required,
        }];
        let new = StoreError::Invalid(RecordRef::new(crate::model::RecordKind::User, 0), problems.clone());
        assert!(new.message(Lang::En).starts_with("The new user was not saved: name: "), "{}", new.message(Lang::En));
        assert!(new.message(Lang::Id).starts_with("Data pengguna baru tidak disimpan: "), "{}", new.message(Lang::Id));
        let stored = StoreError::Invalid(RecordRef::new(crate::model::RecordKind::Client, 12), problems);
        assert!(stored.message(Lang::En).starts_with("K-000012 was not saved: "));
    }

    /// The lock file and the path are not ours: a message quoting them
    /// shows their control characters as text, and keeps its own lines.
    #[test]
    fn messages_carry_no_control_characters() {
        let esc = "\u{1b}]0;pwned\u{7}\u{202E}";
        let path = PathBuf::from(format!("/srv/db{esc}\nx"));
        let holder = LockHolder { pid: Some(7), mode: format!("serve{esc}"), listen: Some(format!("{esc}:2222")) };
        for e in [
            StoreError::Locked { path: path.clone(), holder },
            StoreError::NotEmpty { path: path.clone() },
            StoreError::Open { path, reason: format!("bad{esc}") },
        ] {
            for lang in [Lang::Id, Lang::En] {
                let m = e.message(lang);
                assert!(!m.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202E}'), "{m:?}");
                assert!(m.contains("/srv/db^[]0;pwned^G\u{FFFD} x"), "the path on one line: {m}");
            }
        }
        let locked = StoreError::Locked { path: "/srv/db".into(), holder: LockHolder::default() }.message(Lang::En);
        assert_eq!(locked.lines().count(), 2, "{locked}");
    }
}
