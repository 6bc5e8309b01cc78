//! The meetings of a series (see [`crate::model::series`]): who came,
//! guests, the end of a meeting's check-in, a meeting moved. Each is a
//! save of the event through the actor's view, so a partner records only
//! the participants it sees (and the store keeps the others as stored).

use super::{Batch, Result, StoreError};
use crate::model::{
    Attendance, End, Event, MeetingStatus, PartId, Participant, ParticipantRole, Record as _, Recurrence, When, Who,
};

impl Batch<'_> {
    /// The stored series and the position of its meeting `number`.
    fn meeting_of(&self, event: u64, number: u32) -> Result<(Event, usize)> {
        let e: Event = self.fetch(event)?;
        if !self.store.scoped(self.actor())?.holds_record(&e) {
            return Err(StoreError::NotFound(e.record_ref()));
        }
        let i = e
            .meetings
            .iter()
            .position(|m| m.number == number)
            .ok_or(StoreError::NoMeeting { record: e.record_ref(), number })?;
        Ok((e, i))
    }

    /// Whether the actor's view holds participant `part` of `e`.
    fn holds_participant(&self, e: &Event, part: PartId) -> Result<bool> {
        let view = self.store.scoped(self.actor())?;
        Ok(e.participants.iter().any(|p| p.id == part && view.holds_part(p)))
    }

    /// Records a participant's attendance at meeting `number` of series `event`.
    pub fn mark_attendance(&mut self, event: u64, number: u32, part: PartId, a: Attendance) -> Result<Event> {
        let (mut e, i) = self.meeting_of(event, number)?;
        if !self.holds_participant(&e, part)? {
            return Err(StoreError::NotFound(e.record_ref()));
        }
        e.meetings[i].set(part, a);
        self.update_noted(e, format!("meeting {number}"))
    }

    /// Adds someone not on the list as a guest who attended meeting
    /// `number`; the new participant's id.
    pub fn add_guest(&mut self, event: u64, number: u32, name: &str) -> Result<(Event, PartId)> {
        let name = name.trim();
        let (mut e, i) = self.meeting_of(event, number)?;
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid(
                e.record_ref(),
                vec![crate::model::Problem { field: "participants".into(), kind: crate::model::ProblemKind::Required }],
            ));
        }
        e.participants.push(Participant::new(Who::Officer { name: name.to_string() }));
        crate::model::HasParts::assign_part_ids(&mut e);
        let id = e.participants.last().map(|p| p.id).unwrap_or_default();
        e.set_role(id, ParticipantRole::Guest);
        e.meetings[i].set(id, Attendance::Attended);
        let saved = self.update_noted(e, format!("meeting {number}: guest"))?;
        Ok((saved, id))
    }

    /// Ends the check-in of meeting `number`: every participant the actor
    /// sees who is not marked is absent, and the meeting was held; how
    /// many were marked absent.
    pub fn close_meeting(&mut self, event: u64, number: u32) -> Result<(Event, usize)> {
        let (mut e, i) = self.meeting_of(event, number)?;
        let view = self.store.scoped(self.actor())?;
        let open: Vec<PartId> = e
            .participants
            .iter()
            .filter(|p| view.holds_part(*p) && e.meetings[i].of(p.id) == Attendance::Invited)
            .map(|p| p.id)
            .collect();
        for id in &open {
            e.meetings[i].set(*id, Attendance::Absent);
        }
        e.meetings[i].status = MeetingStatus::Held;
        let saved = self.update_noted(e, format!("meeting {number}: held"))?;
        Ok((saved, open.len()))
    }

    /// Cancels meeting `number` (this meeting only).
    pub fn cancel_meeting(&mut self, event: u64, number: u32) -> Result<Event> {
        let (mut e, i) = self.meeting_of(event, number)?;
        e.meetings[i].status = MeetingStatus::Cancelled;
        self.update_noted(e, format!("meeting {number} cancelled"))
    }

    /// This meeting and the following, as calendar programs do it: the
    /// series ends before meeting `number`, and a new series with `rule`
    /// starts on its day, with the same title, kind, place, organisers,
    /// participants and their roles. The two, as stored.
    pub fn split_series(&mut self, event: u64, number: u32, rule: Recurrence) -> Result<(Event, Event)> {
        let (mut e, i) = self.meeting_of(event, number)?;
        let from = e.meetings[i].when;
        let before = from.date().pred_opt().unwrap_or(from.date());
        // the new series starts on the first day its rule gives from that meeting's
        let first = rule.dates(from.date()).first().copied().unwrap_or(from.date());
        let start = match from {
            When::DateTime(dt) => When::DateTime(first.and_time(dt.time())),
            When::Date(_) => When::Date(first),
        };
        let mut next = Event::new(e.title.clone(), e.kind, start);
        next.location = e.location.clone();
        next.organisers = e.organisers.clone();
        next.recurrence = Some(rule);
        for p in &e.participants {
            // attendance of the new series starts afresh
            let who = match &p.who {
                Who::Client { client, .. } => Who::Client { client: *client, attendance: Attendance::Invited },
                other => other.clone(),
            };
            next.participants.push(Participant::new(who));
        }
        crate::model::HasParts::assign_part_ids(&mut next);
        for (old, new) in e.participants.iter().zip(&next.participants) {
            next.roles.extend(e.roles.iter().filter(|(id, _)| *id == old.id).map(|(_, r)| (new.id, *r)));
        }
        // the old series: its meetings from that day on that nothing was recorded for go
        e.meetings
            .retain(|m| m.when.date() < from.date() || m.status != MeetingStatus::Planned || !m.attendance.is_empty());
        if let Some(r) = e.recurrence.as_mut() {
            r.end = End::Until(before);
        }
        let old = self.update_noted(e, format!("series split at meeting {number}"))?;
        let created = self.create(next)?;
        Ok((old, created))
    }

    /// Moves meeting `number` to another day (this meeting only): it is
    /// marked moved and a meeting on the new day takes its place.
    pub fn move_meeting(&mut self, event: u64, number: u32, to: When) -> Result<Event> {
        let (mut e, i) = self.meeting_of(event, number)?;
        let next = e.meetings.iter().map(|m| m.number).max().unwrap_or(0) + 1;
        let mut moved = e.meetings[i].clone();
        e.meetings[i].status = MeetingStatus::Moved;
        e.meetings[i].attendance.clear();
        moved.number = next;
        moved.when = to;
        moved.moved_from = Some(number);
        e.meetings.push(moved);
        e.meetings.sort_by_key(|m| (m.when, m.number));
        self.update_noted(e, format!("meeting {number} moved"))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Client, EventKind, Recurrence, Referral, Role, Stakeholder, StakeholderKind};
    use crate::store::{Actor, Store};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    struct Fx {
        _dir: tempfile::TempDir,
        store: Store,
        event: u64,
        partner: Actor,
        /// The participant ids of the clients the partner sees.
        seen: Vec<PartId>,
    }

    /// A weekly barista class of 12 Tuesdays for 35 clients, organised by
    /// a Pokmas that has 5 of them referred to it.
    fn fixture() -> Fx {
        let (dir, store) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        let pokmas = store.create(&a, Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas)).unwrap().id();
        let mut e = Event::new("Kelas barista", EventKind::Training, When::Date(d(2025, 1, 7)));
        e.organisers.push(pokmas);
        e.recurrence = Some(Recurrence::parse("weekly tue x12", d(2025, 1, 1)).unwrap());
        let mut referred = Vec::new();
        for i in 0..35 {
            let mut c = Client::new(format!("Klien {}", char::from(b'A' + (i % 26) as u8)));
            c.consent.given = true;
            let c = store.create(&a, c).unwrap();
            if i < 5 {
                store.create(&a, Referral::new(c.id(), pokmas, "pelatihan", d(2024, 12, 1))).unwrap();
                referred.push(c.id());
            }
            e.participants.push(Participant::client(c.id(), Attendance::Invited));
        }
        let e = store.create(&a, e).unwrap();
        let seen = e
            .participants
            .iter()
            .filter(|p| matches!(p.who, Who::Client { client, .. } if referred.contains(&client)))
            .map(|p| p.id)
            .collect();
        let mut partner = Actor::new("pokmas", Role::Partner);
        partner.stakeholder = Some(pokmas);
        Fx { _dir: dir, store, event: e.meta.id, partner, seen }
    }

    #[test]
    fn a_series_is_laid_out_and_its_meetings_checked_in_and_closed() {
        let fx = fixture();
        let a = Actor::new("budi", Role::Officer);
        let e: Event = fx.store.fetch(fx.event).unwrap();
        assert_eq!(e.meetings.len(), 12);
        assert_eq!(e.meetings[11].when, When::Date(d(2025, 3, 25)));
        // the first meeting: 30 come, a guest too, the rest absent when it closes
        let ids: Vec<PartId> = e.participants.iter().map(|p| p.id).collect();
        for id in &ids[..30] {
            fx.store.write(&a, |b| b.mark_attendance(fx.event, 1, *id, Attendance::Attended)).unwrap();
        }
        let (_, guest) = fx.store.write(&a, |b| b.add_guest(fx.event, 1, "Pak Harun (pemilik kafe)")).unwrap();
        let (e, absent) = fx.store.write(&a, |b| b.close_meeting(fx.event, 1)).unwrap();
        assert_eq!(absent, 5);
        assert_eq!(e.meetings[0].status, MeetingStatus::Held);
        assert_eq!(e.role(guest), ParticipantRole::Guest);
        assert_eq!(e.meetings[0].of(guest), Attendance::Attended);
        let attended = e.meetings[0].attendance.iter().filter(|(_, a)| *a == Attendance::Attended).count();
        assert_eq!(attended, 31);
        // the client's line across the series
        let first = match e.participants[0].who {
            Who::Client { client, .. } => client,
            _ => unreachable!("clients first"),
        };
        assert_eq!(e.series_attendance(first, d(2025, 1, 8)), Some((1, 1)));
        assert_eq!(e.last_attended(first), Some(d(2025, 1, 7)));
        // no such meeting
        let r = fx.store.write(&a, |b| b.mark_attendance(fx.event, 13, ids[0], Attendance::Attended));
        assert!(matches!(r, Err(StoreError::NoMeeting { number: 13, .. })), "{r:?}");
        assert!(fx.store.check().unwrap().is_clean());
    }

    #[test]
    fn a_partner_checks_in_only_whom_it_sees_and_the_rest_stays_as_stored() {
        let fx = fixture();
        let a = Actor::new("budi", Role::Officer);
        let e: Event = fx.store.fetch(fx.event).unwrap();
        let hidden = e.participants.iter().map(|p| p.id).find(|id| !fx.seen.contains(id)).unwrap();
        fx.store.write(&a, |b| b.mark_attendance(fx.event, 2, hidden, Attendance::Excused)).unwrap();
        // the partner sees its five, and none of the others' attendance
        let view = fx.store.scoped(&fx.partner).unwrap();
        let shown: Event = view.fetch(fx.event).unwrap();
        assert_eq!(shown.participants.len(), 5);
        assert!(shown.meetings[1].attendance.is_empty(), "{:?}", shown.meetings[1].attendance);
        // it checks in one of its own, not one of the others
        fx.store.write(&fx.partner, |b| b.mark_attendance(fx.event, 2, fx.seen[0], Attendance::Attended)).unwrap();
        let r = fx.store.write(&fx.partner, |b| b.mark_attendance(fx.event, 2, hidden, Attendance::Absent));
        assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
        // closing marks only its own absent; the office's record is kept
        let (_, absent) = fx.store.write(&fx.partner, |b| b.close_meeting(fx.event, 2)).unwrap();
        assert_eq!(absent, 4);
        let e: Event = fx.store.fetch(fx.event).unwrap();
        assert_eq!(e.meetings[1].of(hidden), Attendance::Excused);
        assert_eq!(e.meetings[1].of(fx.seen[0]), Attendance::Attended);
        let others_open = e.participants.iter().filter(|p| e.meetings[1].of(p.id) == Attendance::Invited).count();
        assert_eq!(others_open, 29, "the office's participants are left for the office");
        // a partner's save of its view changes no day and no one else's attendance
        let mut mine: Event = fx.store.scoped(&fx.partner).unwrap().fetch(fx.event).unwrap();
        mine.meetings[2].when = When::Date(d(2030, 1, 1));
        mine.meetings[2].attendance.push((hidden, Attendance::Absent));
        fx.store.update(&fx.partner, mine).unwrap();
        let e: Event = fx.store.fetch(fx.event).unwrap();
        assert_eq!(e.meetings[2].when, When::Date(d(2025, 1, 21)));
        assert_eq!(e.meetings[2].of(hidden), Attendance::Invited);
    }

    #[test]
    fn a_meeting_moved_keeps_the_series_and_counts_once() {
        let fx = fixture();
        let a = Actor::new("budi", Role::Officer);
        let e = fx.store.write(&a, |b| b.move_meeting(fx.event, 3, When::Date(d(2025, 1, 23)))).unwrap();
        assert_eq!(e.meetings.len(), 13);
        assert_eq!(e.counted_meetings().count(), 12);
        let moved = e.meetings.iter().find(|m| m.number == 3).unwrap();
        assert_eq!(moved.status, MeetingStatus::Moved);
        let new = e.meetings.iter().find(|m| m.number == 13).unwrap();
        assert_eq!(new.when, When::Date(d(2025, 1, 23)));
        // an edit of the event that keeps its rule keeps its meetings
        let mut again: Event = fx.store.fetch(fx.event).unwrap();
        again.location = "Kafe Pokmas".into();
        let saved = fx.store.update(&a, again).unwrap();
        assert_eq!(saved.meetings, e.meetings);
    }
}

#[cfg(test)]
mod edit_tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{ClientId, EventKind, Role};
    use crate::store::Actor;

    /// A day of 2025: in the past, whatever day the tests run.
    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default()
    }

    #[test]
    fn this_meeting_or_this_and_the_following() {
        let (_dir, store) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        let c = store.create(&a, crate::model::Client::new("Joko Susilo")).unwrap();
        let mut e = Event::new("Konseling kelompok", EventKind::Meeting, When::Date(d(1, 7)));
        e.recurrence = Some(Recurrence::parse("weekly tue x8", d(1, 1)).unwrap());
        e.participants.push(Participant::client(c.id(), Attendance::Invited));
        e.participants.push(Participant::officer("Bu Rina"));
        let e = store.create(&a, e).unwrap();
        let (client, rina) = (e.participants[0].id, e.participants[1].id);
        store
            .write(&a, |b| {
                let mut e: Event = b.fetch(e.meta.id)?;
                e.set_role(rina, ParticipantRole::Facilitator);
                b.update(e)
            })
            .unwrap();
        store.write(&a, |b| b.mark_attendance(e.meta.id, 1, client, Attendance::Attended)).unwrap();
        // this meeting: cancelled
        let cancelled = store.write(&a, |b| b.cancel_meeting(e.meta.id, 2)).unwrap();
        assert_eq!(cancelled.meetings[1].status, MeetingStatus::Cancelled);
        assert_eq!(cancelled.counted_meetings().count(), 7);
        // this and the following: Thursdays from the fifth meeting on, four times
        let rule = Recurrence::parse("weekly thu x4", d(1, 1)).unwrap();
        let (old, new) = store.write(&a, |b| b.split_series(e.meta.id, 5, rule)).unwrap();
        let numbers: Vec<u32> = old.meetings.iter().map(|m| m.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4], "the first four keep their numbers");
        assert_eq!(old.meetings[0].of(client), Attendance::Attended, "what was recorded stays");
        assert_eq!(old.recurrence.map(|r| r.end), Some(End::Until(d(2, 3))));
        assert_eq!(new.start, When::Date(d(2, 6)));
        let days: Vec<NaiveDate> = new.meetings.iter().map(|m| m.when.date()).collect();
        assert_eq!(days, vec![d(2, 6), d(2, 13), d(2, 20), d(2, 27)]);
        assert_eq!(new.participants.len(), 2);
        assert_eq!(new.role(new.participants[1].id), ParticipantRole::Facilitator);
        assert!(matches!(
            new.participants[0].who,
            Who::Client { client: ClientId(_), attendance: Attendance::Invited }
        ));
        assert!(store.check().unwrap().is_clean());
    }
}

#[cfg(test)]
mod agreement_tests {
    use super::*;
    use crate::model::{AgreementKind, EventKind, Role, Stakeholder, StakeholderKind};
    use crate::store::Actor;

    #[test]
    fn a_series_belongs_to_an_agreement_its_partner_has() {
        let (_dir, store) = crate::store::temp_store();
        let a = Actor::new("budi", Role::Officer);
        let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 7).unwrap_or_default();
        let mut s = Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas);
        s.agreements.push(crate::model::Agreement {
            id: PartId::NEW,
            kind: AgreementKind::Pks,
            title: "Pelatihan barista".into(),
            signed: day,
            expires: None,
            report_every_months: 0,
            reports_received: Vec::new(),
        });
        let s = store.create(&a, s).unwrap();
        let link = crate::model::AgreementLink { stakeholder: s.id(), agreement: s.agreements[0].id };
        assert_eq!(crate::model::AgreementLink::parse(&link.to_string()), Some(link));
        let mut e = Event::new("Kelas barista", EventKind::Training, When::Date(day));
        e.recurrence = Some(Recurrence::parse("weekly tue x4", day).unwrap());
        e.agreement = Some(link);
        let e = store.create(&a, e).unwrap();
        assert_eq!(e.agreement, Some(link));
        assert!(store.referencing(s.id().to_ref()).unwrap().contains(&e.record_ref()), "indexed as a reference");
        // one the stakeholder does not have is refused
        let mut wrong = e.clone();
        wrong.agreement = Some(crate::model::AgreementLink { agreement: PartId(99), ..link });
        let r = store.update(&a, wrong);
        assert!(
            matches!(&r, Err(StoreError::Invalid(_, p)) if p[0].kind == crate::model::ProblemKind::NoSuchAgreement),
            "{r:?}"
        );
        // a rule that gives no meeting is said so
        let mut none = Event::new("Tidak ada", EventKind::Meeting, When::Date(day));
        none.recurrence = Some(Recurrence::parse("weekly until 2024-01-01", day).unwrap());
        let r = store.create(&a, none);
        assert!(
            matches!(&r, Err(StoreError::Invalid(_, p)) if p[0].kind == crate::model::ProblemKind::NoMeetings),
            "{r:?}"
        );
        // nor is a meeting to come checked in
        let later = Event::new(
            "Nanti",
            EventKind::Meeting,
            When::Date(chrono::NaiveDate::from_ymd_opt(2099, 1, 6).unwrap_or_default()),
        );
        let mut later = later;
        later.recurrence = Some(Recurrence::parse("weekly x2", day).unwrap());
        later.participants.push(Participant::officer("Bu Rina"));
        let later = store.create(&a, later).unwrap();
        let id = later.participants[0].id;
        let r = store.write(&a, |b| b.mark_attendance(later.meta.id, 1, id, Attendance::Attended));
        assert!(
            matches!(&r, Err(StoreError::Invalid(_, p)) if p[0].kind == crate::model::ProblemKind::NotYet),
            "{r:?}"
        );
    }
}
