//! Merging duplicate clients: one record survives with the values chosen
//! field by field, the other's lists are joined into it (nothing is lost),
//! every link (referrals, event participation, group sessions, flags)
//! moves to the survivor, and the duplicate is archived naming the
//! survivor. One transaction, audited; the records as they were before are
//! kept (tree `merges`) so the merge can be undone while nothing touched
//! has changed since.

use serde::{Deserialize, Serialize};

use super::{AuditAction, Batch, MERGES, Result, Store, StoreError, codec, keys};
use crate::model::{Client, ClientId, Event, HasParts, Participant, Record, RecordKind, RecordRef, Referral, Who};

/// The fields a merge lets the officer choose between, by path: the lines
/// of the client table marked so (the lists are joined, not chosen).
pub fn choosable() -> impl Iterator<Item = &'static crate::schema::Field<Client>> {
    crate::schema::CLIENT.iter().filter(|f| f.merge)
}

/// What a merge changed, to undo it: every touched record as it was (as
/// stored, sub-record ids and extension fields included), and the version
/// the merge left it at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecord {
    /// The audit sequence of the merge (its number).
    pub seq: u64,
    /// The client kept.
    pub survivor: u64,
    /// The client merged into it (archived).
    pub merged: u64,
    /// Clients before the merge, stored values, and the version after it.
    pub clients: Vec<(Vec<u8>, u64)>,
    /// Referrals before the merge, and the version after it.
    pub referrals: Vec<(Vec<u8>, u64)>,
    /// Events before the merge, and the version after it.
    pub events: Vec<(Vec<u8>, u64)>,
    /// Undone already.
    pub undone: bool,
}

/// A record as its stored value, for a [`MergeRecord`].
fn stored<R: super::Indexed>(rec: &R) -> Result<Vec<u8>> {
    codec::encode_record(rec, R::ext_fields()).map_err(StoreError::Encode)
}

/// A merge record in any format this program reads (before format 4 the
/// records were kept in their positional layout).
pub fn decode_merge(bytes: &[u8], key: &[u8]) -> Result<MergeRecord> {
    let err = |error| StoreError::Decode { tree: "merges", key: keys::describe(key), error };
    let (version, body) = codec::split(bytes).map_err(err)?;
    if version >= codec::FORMAT_V4 {
        return codec::decode_body(body).map_err(err);
    }
    let old: super::legacy::MergeRecordV3 = codec::decode_body(body).map_err(err)?;
    let clients = old
        .clients
        .into_iter()
        .map(|(mut c, v)| {
            c.legacy_part_ids();
            stored(&c).map(|b| (b, v))
        })
        .collect::<Result<Vec<_>>>()?;
    let referrals = old.referrals.iter().map(|(r, v)| stored(r).map(|b| (b, *v))).collect::<Result<Vec<_>>>()?;
    let events = old
        .events
        .into_iter()
        .map(|(mut e, v)| {
            e.legacy_part_ids();
            stored(&e).map(|b| (b, v))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MergeRecord {
        seq: old.seq,
        survivor: old.survivor,
        merged: old.merged,
        clients,
        referrals,
        events,
        undone: old.undone,
    })
}

fn join<T: PartialEq + Clone>(a: &mut Vec<T>, b: &[T]) {
    for x in b {
        if !a.contains(x) {
            a.push(x.clone());
        }
    }
}

/// Joins new sub-records `b` (ids 0) to `a`, leaving out those `a` holds already.
fn join_parts<T: crate::model::Part + PartialEq + Clone>(a: &mut Vec<T>, b: &[T]) {
    for x in b {
        let held = a.iter().any(|y| {
            let mut y = y.clone();
            y.set_id(crate::model::PartId::NEW);
            &y == x
        });
        if !held {
            a.push(x.clone());
        }
    }
}

/// The survivor with `take` fields from `other` and every list joined.
pub fn merged(survivor: &Client, other: &Client, take: &[&str]) -> Client {
    let mut c = survivor.clone();
    for f in choosable().filter(|f| take.contains(&f.name)) {
        f.cell.copy(&mut c, other);
    }
    // the other's sub-records come new (joined below), the survivor's keep their ids
    let other = &{
        let mut x = other.clone();
        x.each_part(&mut |_, _, p| p.set_id(crate::model::PartId::NEW));
        x
    };
    // the name not kept becomes an alias: searches by either still find the client
    for name in [&survivor.full_name, &other.full_name] {
        if *name != c.full_name && !c.aliases.contains(name) {
            c.aliases.push(name.clone());
        }
    }
    join(&mut c.aliases, &other.aliases);
    join(&mut c.skills, &other.skills);
    join(&mut c.needs, &other.needs);
    join_parts(&mut c.assessments, &other.assessments);
    join_parts(&mut c.sessions, &other.sessions);
    join_parts(&mut c.litmas, &other.litmas);
    join(&mut c.phase_history, &other.phase_history);
    join(&mut c.reporting.custom_dates, &other.reporting.custom_dates);
    for e in &other.reporting_register {
        // the survivor's own record of a day wins
        if !c.reporting_register.iter().any(|x| x.date == e.date) {
            c.reporting_register.push(e.clone());
        }
    }
    c.reporting_register.sort_by_key(|e| e.date);
    c
}

impl Batch<'_> {
    /// Merges client `other` into `survivor`, taking the `take` fields from
    /// `other`; the merge's number (undo names it).
    pub fn merge_clients(&mut self, survivor: u64, other: u64, take: &[&str]) -> Result<u64> {
        let r = RecordRef::new(RecordKind::Client, survivor);
        if !self.actor().may(super::rules::Op::Merge) || survivor == other {
            return Err(StoreError::Forbidden { actor: self.actor().name.clone(), role: self.actor().role, record: r });
        }
        let a: Client = self.fetch(survivor)?;
        let b: Client = self.fetch(other)?;
        let mut rec = MergeRecord {
            seq: 0,
            survivor,
            merged: other,
            clients: Vec::new(),
            referrals: Vec::new(),
            events: Vec::new(),
            undone: false,
        };
        let mut m = merged(&a, &b, take);
        m.meta = a.meta.clone();
        // the duplicate's NIK moves with the choice: the archived one keeps none, so the index stays unique
        let mut gone = b.clone();
        gone.nik = None;
        gone.meta.archived = true;
        gone.notes = format!("{}\n[merged into {r}]", gone.notes).trim().to_string();
        let gone = self.update_noted(gone, format!("merged into {r}"))?;
        rec.clients.push((stored(&b)?, gone.meta.version));
        let m = self.update_noted(m, format!("merge of {}", b.record_ref()))?;
        rec.clients.push((stored(&a)?, m.meta.version));
        let moved = |id: ClientId| if id.0 == other { ClientId(survivor) } else { id };
        // referrals to the survivor
        for f in self.store.referrals_of_client(ClientId(other))? {
            let before = f.clone();
            let mut f = f;
            f.client = ClientId(survivor);
            let f = self.update_noted(f, format!("merge of {}", b.record_ref()))?;
            rec.referrals.push((stored(&before)?, f.meta.version));
        }
        // participation: the survivor takes the duplicate's place (once)
        for e in self.store.events_of_client(ClientId(other))? {
            let before = e.clone();
            let mut e = e;
            let already = e.client_participants().any(|(c, _)| c.0 == survivor);
            e.participants.retain(|p| {
                !(already && matches!(p, Participant { who: Who::Client { client, .. }, .. } if client.0 == other))
            });
            for p in &mut e.participants {
                if let Participant { who: Who::Client { client, .. }, .. } = p {
                    *client = moved(*client);
                }
            }
            let e = self.update_noted(e, format!("merge of {}", b.record_ref()))?;
            rec.events.push((stored(&before)?, e.meta.version));
        }
        // group sessions of other clients that name the duplicate
        for c in self.store.scan::<Client>().filter_map(std::result::Result::ok) {
            if c.meta.id == survivor || c.meta.id == other {
                continue;
            }
            if c.sessions.iter().any(|s| s.group.iter().any(|g| g.0 == other)) {
                let before = c.clone();
                let mut c = c;
                for s in &mut c.sessions {
                    for g in &mut s.group {
                        *g = moved(*g);
                    }
                    s.group.dedup();
                }
                let c = self.update_noted(c, format!("merge of {}", b.record_ref()))?;
                rec.clients.push((stored(&before)?, c.meta.version));
            }
        }
        self.audit(AuditAction::Update, Some(r), Vec::new(), format!("merge of {} into {r}", b.record_ref()));
        rec.seq = self.counters.audit_seq;
        let bytes = codec::encode(&rec).map_err(StoreError::Encode)?;
        self.put(MERGES, keys::id_key(rec.seq).to_vec(), Some(bytes));
        Ok(rec.seq)
    }

    /// Undoes merge `seq`: every record it touched goes back to what it was,
    /// refused when any was changed since (the undo would lose that change).
    pub fn undo_merge(&mut self, seq: u64) -> Result<()> {
        let key = keys::id_key(seq);
        let bytes = self.read(MERGES, &key)?.ok_or(StoreError::NotFound(RecordRef::new(RecordKind::Client, 0)))?;
        let mut rec = decode_merge(&bytes, &key)?;
        let r = RecordRef::new(RecordKind::Client, rec.survivor);
        if rec.undone {
            return Err(StoreError::NotFound(r));
        }
        let note = format!("undo merge #{seq}");
        for (before, version) in &rec.clients {
            self.put_back::<Client>(before, *version, seq, &note)?;
        }
        for (before, version) in &rec.referrals {
            self.put_back::<Referral>(before, *version, seq, &note)?;
        }
        for (before, version) in &rec.events {
            self.put_back::<Event>(before, *version, seq, &note)?;
        }
        rec.undone = true;
        let bytes = codec::encode(&rec).map_err(StoreError::Encode)?;
        self.put(MERGES, key.to_vec(), Some(bytes));
        self.audit(AuditAction::Update, Some(r), Vec::new(), note);
        Ok(())
    }

    /// Puts a record back as it was before merge `seq`, as a new version;
    /// refused if it changed since the merge wrote it (`version`). The
    /// archived mark goes back too (the duplicate comes out of the archive).
    fn put_back<R: super::Indexed + Clone>(&mut self, before: &[u8], version: u64, seq: u64, note: &str) -> Result<()> {
        let before: R = super::decode_record(before, b"merge")?;
        let now: R = self.fetch(before.meta().id)?;
        if now.meta().version != version {
            return Err(StoreError::Revert { record: now.record_ref(), field: format!("merge #{seq}") });
        }
        let mut back = before.clone();
        *back.meta_mut() = now.meta().clone();
        back.meta_mut().archived = before.meta().archived;
        self.update_noted(back, note.to_string())?;
        Ok(())
    }
}

impl Store {
    /// The merges into a client, newest first (undone ones included).
    pub fn merges_into(&self, client: u64) -> Result<Vec<MergeRecord>> {
        let mut out = Vec::new();
        for item in self.inner.trees[MERGES].iter().rev() {
            let (k, v) = item?;
            if let Ok(m) = decode_merge(&v, &k)
                && m.survivor == client
            {
                out.push(m);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, EventKind, Role, Stakeholder, StakeholderId, StakeholderKind, When};
    use crate::store::Actor;

    #[test]
    fn a_merge_moves_every_link_loses_nothing_and_undoes() {
        let (_dir, s) = crate::store::temp_store();
        let siti = Actor::new("siti", Role::Officer);
        let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        let laz = s.create(&siti, Stakeholder::new("LAZISMU", StakeholderKind::Zakat)).unwrap();
        let mut a = Client::new("Ahmad Fauzi");
        a.phone = "081234567890".into();
        a.skills = vec!["barista".into()];
        let a = s.create(&siti, a).unwrap();
        let mut b = Client::new("Achmad Fauzi");
        b.nik = Some("3507121503900001".into());
        b.birth_date = chrono::NaiveDate::from_ymd_opt(1990, 3, 15);
        b.skills = vec!["las".into()];
        b.consent.given = true;
        let b = s.create(&siti, b).unwrap();
        let f = s.create(&siti, Referral::new(b.id(), StakeholderId(laz.meta.id), "modal usaha", d)).unwrap();
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(d));
        e.participants.push(Participant::new(Who::Client { client: b.id(), attendance: Attendance::Attended }));
        let e = s.create(&siti, e).unwrap();
        let seq = s.write(&siti, |bt| bt.merge_clients(a.meta.id, b.meta.id, &["nik", "birth_date"])).unwrap();
        let m: Client = s.fetch(a.meta.id).unwrap();
        assert_eq!(m.nik.as_deref(), Some("3507121503900001"), "chosen from the duplicate");
        assert_eq!(m.phone, "081234567890", "kept from the survivor");
        assert_eq!(m.skills, vec!["barista".to_string(), "las".to_string()], "lists joined");
        assert!(m.aliases.contains(&"Achmad Fauzi".to_string()), "the other spelling is an alias");
        let gone: Client = s.fetch(b.meta.id).unwrap();
        assert!(gone.meta.archived && gone.nik.is_none());
        assert_eq!(s.fetch::<Referral>(f.meta.id).unwrap().client, a.id(), "referral moved");
        assert!(s.fetch::<Event>(e.meta.id).unwrap().client_participants().any(|(c, _)| c == a.id()));
        assert!(s.check().unwrap().is_clean(), "{:?}", s.check().unwrap());
        assert_eq!(s.merges_into(a.meta.id).unwrap().len(), 1);
        // undo: everything as it was
        s.write(&siti, |bt| bt.undo_merge(seq)).unwrap();
        let a2: Client = s.fetch(a.meta.id).unwrap();
        assert_eq!(
            (a2.nik.clone(), a2.skills.clone(), a2.aliases.clone()),
            (None, vec!["barista".to_string()], Vec::new())
        );
        let b2: Client = s.fetch(b.meta.id).unwrap();
        assert!(!b2.meta.archived);
        assert_eq!(b2.nik.as_deref(), Some("3507121503900001"));
        assert_eq!(s.fetch::<Referral>(f.meta.id).unwrap().client, b.id());
        assert!(s.fetch::<Event>(e.meta.id).unwrap().client_participants().any(|(c, _)| c == b.id()));
        assert!(s.check().unwrap().is_clean());
        assert!(s.write(&siti, |bt| bt.undo_merge(seq)).is_err(), "undone once");
        // a viewer may not merge
        let vera = Actor::new("vera", Role::Viewer);
        assert!(s.write(&vera, |bt| bt.merge_clients(a.meta.id, b.meta.id, &[])).is_err());
    }

    #[test]
    fn an_undo_is_refused_when_a_touched_record_changed_since() {
        let (_dir, s) = crate::store::temp_store();
        let siti = Actor::new("siti", Role::Officer);
        let a = s.create(&siti, Client::new("Ahmad Fauzi")).unwrap();
        let b = s.create(&siti, Client::new("Achmad Fauzi")).unwrap();
        let seq = s.write(&siti, |bt| bt.merge_clients(a.meta.id, b.meta.id, &[])).unwrap();
        let mut m: Client = s.fetch(a.meta.id).unwrap();
        m.phone = "081234567890".into();
        s.update(&siti, m).unwrap();
        let err = s.write(&siti, |bt| bt.undo_merge(seq)).unwrap_err();
        assert!(matches!(err, StoreError::Revert { .. }), "{err:?}");
        assert_eq!(s.fetch::<Client>(a.meta.id).unwrap().phone, "081234567890", "nothing lost");
    }
}
