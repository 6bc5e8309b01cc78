//! Work on many clients at once, each kind in one transaction: reassign the
//! officer, raise a flag, add to an event. Either every client changes or
//! none does; each change is audited and kept in the history like any other.

use super::{Batch, Result, StoreError};
use crate::model::{Attendance, Client, ClientId, Event, Participant, RecordKind, RecordRef, Who};

impl Batch<'_> {
    fn may_bulk(&self) -> Result<()> {
        match self.actor().role {
            _ if self.actor().may(super::rules::Op::Bulk) => Ok(()),
            role => Err(StoreError::Forbidden {
                actor: self.actor().name.clone(),
                role,
                record: RecordRef::new(RecordKind::Client, 0),
            }),
        }
    }

    /// Gives every client in `ids` the officer `officer`; how many changed.
    pub fn bulk_officer(&mut self, ids: &[u64], officer: &str) -> Result<usize> {
        self.may_bulk()?;
        let officer = officer.trim();
        let mut n = 0;
        for &id in ids {
            let mut c: Client = self.fetch(id)?;
            if c.officer != officer {
                c.officer = officer.to_string();
                self.update_noted(c, format!("bulk: officer for {} clients", ids.len()))?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Raises the same flag on every client in `ids`.
    pub fn bulk_flag(&mut self, ids: &[u64], message: &str) -> Result<usize> {
        self.may_bulk()?;
        for &id in ids {
            self.flag(id, message)?;
        }
        Ok(ids.len())
    }

    /// Adds every client in `ids` to an event as invited (those already in it stay as they are).
    pub fn bulk_add_to_event(&mut self, ids: &[u64], event: u64) -> Result<usize> {
        self.may_bulk()?;
        let mut e: Event = self.fetch(event)?;
        let mut n = 0;
        for &id in ids {
            // the client must exist (and be visible to the store)
            let _: Client = self.fetch(id)?;
            if !e.client_participants().any(|(c, _)| c.0 == id) {
                e.participants
                    .push(Participant::new(Who::Client { client: ClientId(id), attendance: Attendance::Invited }));
                n += 1;
            }
        }
        if n > 0 {
            self.update_noted(e, format!("bulk: {n} clients added"))?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Client, Event, EventKind, Role, When};
    use crate::store::Actor;

    /// 10 000 clients in a release build (`cargo test --release --lib store::bulk`,
    /// about 14 s on 2 cores with the creation and the check); the debug suite runs 2 000 to stay quick on CI machines.
    const N: usize = if cfg!(debug_assertions) { 2_000 } else { 10_000 };

    #[test]
    fn ten_thousand_clients_in_one_transaction_or_none() {
        let (_dir, s) = crate::store::temp_store();
        let siti = Actor::new("siti", Role::Officer);
        let ids: Vec<u64> = s
            .write(&siti, |b| {
                (0..N)
                    .map(|i| {
                        // names hold letters only: the number spelt in letters
                        let tag: String = i.to_string().chars().map(|d| (b'a' + d as u8 - b'0') as char).collect();
                        let mut c = Client::new(format!("Klien {tag}"));
                        c.officer = "Rina".into();
                        b.create(c).map(|c| c.meta.id)
                    })
                    .collect()
            })
            .unwrap();
        let before = s.audit_len();
        let g = s.generation();
        let n = s.write(&siti, |b| b.bulk_officer(&ids, "Siti Aminah")).unwrap();
        assert_eq!(n, N);
        assert_eq!(s.generation(), g + 1, "one transaction");
        assert_eq!(s.audit_len(), before + N as u64, "each change audited");
        assert!(s.scan::<Client>().all(|c| c.unwrap().officer == "Siti Aminah"));
        // one bad id: nothing changes at all
        let mut with_bad = ids.clone();
        with_bad.push(999_999);
        assert!(s.write(&siti, |b| b.bulk_officer(&with_bad, "Agus")).is_err());
        assert!(s.scan::<Client>().all(|c| c.unwrap().officer == "Siti Aminah"), "all or nothing");
        // to an event, and flags
        let e = s
            .create(
                &siti,
                Event::new(
                    "Lokakarya",
                    EventKind::Workshop,
                    When::Date(chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap()),
                ),
            )
            .unwrap();
        assert_eq!(s.write(&siti, |b| b.bulk_add_to_event(&ids[..100], e.meta.id)).unwrap(), 100);
        assert_eq!(s.write(&siti, |b| b.bulk_add_to_event(&ids[..150], e.meta.id)).unwrap(), 50, "no one twice");
        assert_eq!(s.fetch::<Event>(e.meta.id).unwrap().participants.len(), 150);
        assert_eq!(s.write(&siti, |b| b.bulk_flag(&ids[..10], "Jangan berkunjung sendirian")).unwrap(), 10);
        assert_eq!(s.flagged_clients().unwrap().len(), 10);
        // a viewer may not
        let vera = Actor::new("vera", Role::Viewer);
        assert!(s.write(&vera, |b| b.bulk_officer(&ids[..1], "x")).is_err());
        assert!(s.check().unwrap().is_clean());
    }
}
