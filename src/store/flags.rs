//! Flags on clients ("do not visit alone") and the log of who opened a
//! client's case file.
//!
//! Flags live in their own tree (client id → every flag it ever had), so
//! raising one changes no case file: it is written, audited and counted as
//! a change like any other, and taking it off keeps it with the reason.
//! Views are logged in the `views` tree without counting as a change (no
//! session reloads because someone looked) and without waiting for the
//! disk: the log is flushed by the store's background flusher.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AuditAction, Batch, FLAGS, Result, Store, StoreError, VIEWS, codec, keys};
use crate::model::{RecordKind, RecordRef};

/// A warning about a client, shown wherever the client appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// What everyone must know.
    pub message: String,
    /// Who raised it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// When it was taken off, by whom and why.
    pub cleared: Option<Cleared>,
}

/// How a flag was taken off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cleared {
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: String,
    /// Not stored: set when the reader may not read the reason (it is
    /// emptied; see [`super::Scoped::flags`]).
    #[serde(skip)]
    pub withheld: bool,
}

/// One opening of a client's case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// Who.
    pub user: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Which session (process and session number).
    pub session: String,
}

/// Longest flag message or reason.
pub const MAX_FLAG: usize = 200;

fn check(text: &str, record: RecordRef) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StoreError::Invalid(
            record,
            vec![crate::model::Problem { field: "flag".into(), kind: crate::model::ProblemKind::Required }],
        ));
    }
    if let Some(kind) = crate::model::validate::check_line(t, MAX_FLAG) {
        return Err(StoreError::Invalid(record, vec![crate::model::Problem { field: "flag".into(), kind }]));
    }
    Ok(t.to_string())
}

impl Batch<'_> {
    fn flags_of(&self, client: u64) -> Result<Vec<Flag>> {
        match self.read(FLAGS, &keys::id_key(client))? {
            Some(v) => codec::decode(&v).map_err(|error| StoreError::Decode {
                tree: "flags",
                key: keys::describe(&keys::id_key(client)),
                error,
            }),
            None => Ok(Vec::new()),
        }
    }

    fn put_flags(&mut self, client: u64, flags: &[Flag]) -> Result<()> {
        let bytes = codec::encode(&flags).map_err(StoreError::Encode)?;
        self.put(FLAGS, keys::id_key(client).to_vec(), Some(bytes));
        Ok(())
    }

    /// Raises a flag on a client (officers and admins).
    pub fn flag(&mut self, client: u64, message: &str) -> Result<()> {
        let r = RecordRef::new(RecordKind::Client, client);
        self.may_flag(r)?;
        let message = check(message, r)?;
        if self.read(super::kind_slot(RecordKind::Client), &keys::id_key(client))?.is_none() {
            return Err(StoreError::NotFound(r));
        }
        let mut flags = self.flags_of(client)?;
        flags.push(Flag { message: message.clone(), by: self.actor().name.clone(), at: self.now(), cleared: None });
        self.put_flags(client, &flags)?;
        self.audit(AuditAction::Flag, Some(r), Vec::new(), message);
        Ok(())
    }

    /// Takes flag `index` off a client, with the reason.
    pub fn unflag(&mut self, client: u64, index: usize, reason: &str) -> Result<()> {
        let r = RecordRef::new(RecordKind::Client, client);
        self.may_flag(r)?;
        let reason = check(reason, r)?;
        let mut flags = self.flags_of(client)?;
        let (by, at) = (self.actor().name.clone(), self.now());
        let f = flags.get_mut(index).filter(|f| f.cleared.is_none()).ok_or(StoreError::NotFound(r))?;
        f.cleared = Some(Cleared { by, at, reason: reason.clone(), withheld: false });
        let note = format!("{} — {reason}", f.message);
        self.put_flags(client, &flags)?;
        self.audit(AuditAction::Unflag, Some(r), Vec::new(), note);
        Ok(())
    }

    fn may_flag(&self, r: RecordRef) -> Result<()> {
        match self.actor().role {
            _ if self.actor().may(super::rules::Op::Flag) => Ok(()),
            role => Err(StoreError::Forbidden { actor: self.actor().name.clone(), role, record: r }),
        }
    }
}

impl Store {
    /// Every flag a client ever had, oldest first (taken-off ones with their reason).
    pub fn flags(&self, client: u64) -> Result<Vec<Flag>> {
        match self.inner.trees[FLAGS].get(keys::id_key(client))? {
            Some(v) => codec::decode(&v).map_err(|error| StoreError::Decode {
                tree: "flags",
                key: keys::describe(&keys::id_key(client)),
                error,
            }),
            None => Ok(Vec::new()),
        }
    }

    /// The flags in force on a client.
    pub fn active_flags(&self, client: u64) -> Result<Vec<Flag>> {
        Ok(self.flags(client)?.into_iter().filter(|f| f.cleared.is_none()).collect())
    }

    /// Clients with a flag in force.
    pub fn flagged_clients(&self) -> Result<Vec<u64>> {
        let mut out = Vec::new();
        for item in self.inner.trees[FLAGS].iter() {
            let (k, v) = item?;
            let flags: Vec<Flag> = codec::decode(&v).unwrap_or_default();
            if flags.iter().any(|f| f.cleared.is_none())
                && let Some(id) = keys::read_u64(&k)
            {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Notes that `user` opened a client's case file in `session`.
    pub fn log_view(&self, user: &str, client: u64, session: &str) -> Result<()> {
        #[cfg(any(test, feature = "fault-injection"))]
        if self.take_fault(|f| matches!(f, super::Fault::WriteAt(_))).is_some() {
            return Err(StoreError::Engine(crate::store::engine::disk_full()));
        }
        let view = View { user: user.to_string(), at: self.clock().now(), session: session.to_string() };
        let mut key = keys::id_key(client).to_vec();
        let nanos = view.at.timestamp_nanos_opt().unwrap_or(0);
        key.extend_from_slice(&nanos.to_be_bytes());
        // two sessions in the same nanosecond must not overwrite each other
        key.extend_from_slice(&self.inner.view_seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_be_bytes());
        let bytes = codec::encode(&view).map_err(StoreError::Encode)?;
        self.inner.trees[VIEWS].insert(key, bytes)?;
        Ok(())
    }

    /// Who opened a client's case file, newest first, at most `limit`.
    pub fn views(&self, client: u64, limit: usize) -> Result<Vec<View>> {
        let mut out = Vec::new();
        for item in self.inner.trees[VIEWS].scan_prefix(keys::id_key(client)).rev().take(limit) {
            let (_, v) = item?;
            if let Ok(view) = codec::decode::<View>(&v) {
                out.push(view);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Role};
    use crate::store::Actor;

    #[test]
    fn flags_are_raised_taken_off_with_a_reason_and_audited() {
        let (_dir, s) = crate::store::temp_store();
        let siti = Actor::new("siti", Role::Officer);
        let c = s.create(&siti, Client::new("Ahmad Fauzi")).unwrap();
        let g = s.generation();
        s.write(&siti, |b| b.flag(c.meta.id, "Jangan berkunjung sendirian")).unwrap();
        assert!(s.generation() > g, "a flag is a change sessions see");
        assert_eq!(s.active_flags(c.meta.id).unwrap()[0].message, "Jangan berkunjung sendirian");
        assert_eq!(s.flagged_clients().unwrap(), vec![c.meta.id]);
        let e = s.audit_log().last().unwrap().unwrap();
        assert_eq!((e.action, e.note.as_str()), (AuditAction::Flag, "Jangan berkunjung sendirian"));
        // a viewer may not; an empty reason is refused; then taken off
        let vera = Actor::new("vera", Role::Viewer);
        assert!(matches!(s.write(&vera, |b| b.flag(c.meta.id, "x")), Err(StoreError::Forbidden { .. })));
        assert!(matches!(s.write(&siti, |b| b.unflag(c.meta.id, 0, "  ")), Err(StoreError::Invalid(..))));
        assert!(matches!(s.write(&siti, |b| b.flag(c.meta.id, "\u{1b}[2J")), Err(StoreError::Invalid(..))));
        s.write(&siti, |b| b.unflag(c.meta.id, 0, "situasi sudah aman")).unwrap();
        assert!(s.active_flags(c.meta.id).unwrap().is_empty());
        let all = s.flags(c.meta.id).unwrap();
        assert_eq!(all[0].cleared.as_ref().map(|x| x.reason.as_str()), Some("situasi sudah aman"));
        assert_eq!(s.audit_log().last().unwrap().unwrap().action, AuditAction::Unflag);
        assert!(s.flagged_clients().unwrap().is_empty());
        // a flag already off cannot be taken off again
        assert!(s.write(&siti, |b| b.unflag(c.meta.id, 0, "lagi")).is_err());
    }

    #[test]
    fn views_are_logged_without_counting_as_changes() {
        let (_dir, s) = crate::store::temp_store();
        let c = s.create(&Actor::new("siti", Role::Officer), Client::new("Ahmad Fauzi")).unwrap();
        let g = s.generation();
        s.log_view("siti", c.meta.id, "1-1").unwrap();
        s.log_view("rina", c.meta.id, "1-2").unwrap();
        assert_eq!(s.generation(), g, "looking is not a change");
        let v = s.views(c.meta.id, 10).unwrap();
        assert_eq!(v.iter().map(|x| x.user.as_str()).collect::<Vec<_>>(), vec!["rina", "siti"]);
        assert!(s.views(c.meta.id + 1, 10).unwrap().is_empty());
    }
}
