//! The store's errors as sentences, in both languages.

use super::{Lang, Msg, fill};
use crate::i18n;
use crate::store::{ApprovalProblem, StoreError};

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
            StoreError::NoDatabase { path } => fill(t(Msg::NoDatabase), &[("path", &crate::sanitize::path(path))]),
            StoreError::Referenced { record, by } => {
                let list: Vec<String> = by.iter().take(10).map(|r| r.to_string()).collect();
                let more = if by.len() > 10 { format!(" (+{})", by.len() - 10) } else { String::new() };
                fill(
                    t(Msg::Referenced),
                    &[("record", &record.to_string()), ("by", &format!("{}{more}", list.join(", ")))],
                )
            }
            StoreError::Purge { record, why } => {
                use crate::store::purge::PurgeProblem as P;
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
                use crate::store::calendar::CalendarProblem as P;
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

impl crate::store::backup::BackupError {
    /// The message in a language.
    pub fn message(&self, lang: Lang) -> String {
        let t = |m: Msg| m.text(lang);
        match self {
            crate::store::backup::BackupError::Foreign => t(Msg::BackupForeign).to_string(),
            crate::store::backup::BackupError::UnknownFormat(v) => fill(
                t(Msg::BackupFormat),
                &[("found", &v.to_string()), ("supported", &crate::store::backup::FORMAT.to_string())],
            ),
            crate::store::backup::BackupError::SchemaTooNew { found, supported } => {
                fill(t(Msg::BackupSchema), &[("found", &found.to_string()), ("supported", &supported.to_string())])
            }
            crate::store::backup::BackupError::Truncated => t(Msg::BackupTruncated).to_string(),
            crate::store::backup::BackupError::Checksum => t(Msg::BackupChecksum).to_string(),
            crate::store::backup::BackupError::Malformed(why) => fill(t(Msg::BackupMalformed), &[("why", why)]),
            crate::store::backup::BackupError::TargetExists(p) => fill(t(Msg::BackupTargetExists), &[("path", p)]),
            crate::store::backup::BackupError::Io(e) => e.clone(),
            crate::store::backup::BackupError::Store(e) => e.message(lang),
        }
    }
}

impl crate::store::AuditFilter {
    /// Reads an audit query (see [`crate::store::AuditFilter::parse_with`]);
    /// an action is named by its code or by its name in the interface's
    /// Indonesian.
    pub fn parse(
        text: &str,
        today: chrono::NaiveDate,
    ) -> Result<crate::store::AuditFilter, crate::store::AuditQueryError> {
        let named =
            |v: &str| crate::store::AuditAction::ALL.into_iter().find(|a| i18n::audit_action(Lang::Id, *a) == v);
        Self::parse_with(text, today, named)
    }
}

/// In English: logs, and errors that reach `main` unrendered.
impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Engine(e) => write!(f, "storage error: {e}"),
            StoreError::Encode(e) => write!(f, "{e}"),
            _ => f.write_str(&self.message(Lang::En)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::RecordRef;
    use crate::store::LockHolder;

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
            StoreError::NoDatabase { path: path.clone() },
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
