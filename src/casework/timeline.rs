//! A client's case in one chronological view: assessments, guidance
//! sessions, referrals and their status changes, events attended and their
//! follow-ups, Litmas reports, phase changes and missed reporting days;
//! and from what the store keeps beside the record ([`Kept`]): warnings
//! raised and taken off, changes of the case status, and approvals asked
//! and decided.

use chrono::{DateTime, NaiveDate, Utc};

use super::reporting;
use crate::clock::Zone;
use crate::model::*;
use crate::store::approvals::{Approval, State, Subject};
use crate::store::flags::Flag;
use crate::store::history::Change;

/// What the store keeps of a case beside the client's record, as the user
/// may see it (read through their view of the store, which withholds what
/// their role may not read): the timeline takes these too.
#[derive(Debug, Clone, Copy, Default)]
pub struct Kept<'a> {
    /// Every flag the client ever had; one taken off carries its reason
    /// unless it is withheld from the user.
    pub flags: &'a [Flag],
    /// The client record's changes (its history), in any order.
    pub changes: &'a [Change],
    /// The client's approval requests (none for a role that does not read them).
    pub approvals: &'a [Approval],
    /// The zone in which an instant falls on a day (the user's).
    pub zone: Zone,
}

/// What happened on a day of a client's case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A risk assessment; `from` is the category before it, if any.
    Assessment {
        /// New category.
        category: RiskCategory,
        /// Category before.
        from: Option<RiskCategory>,
        /// RRI reoffending risk.
        rri: Option<Rri>,
        /// Why.
        reason: String,
    },
    /// A guidance session.
    Session {
        /// Stream.
        stream: GuidanceStream,
        /// Mode.
        mode: GuidanceMode,
        /// Place.
        place: SessionPlace,
        /// What happened.
        summary: String,
    },
    /// A referral entered a status.
    Referral {
        /// The referral.
        referral: ReferralId,
        /// To whom.
        stakeholder: StakeholderId,
        /// The service.
        service: String,
        /// The status entered.
        status: ReferralStatus,
    },
    /// The client took part in an event (counts as a group session).
    Event {
        /// Which event.
        event: EventId,
        /// Its title.
        title: String,
        /// Attendance.
        attendance: Attendance,
    },
    /// The client takes part in a series (weekly classes): the meetings
    /// held so far it attended, dated by the last one held.
    Series {
        /// Which event.
        event: EventId,
        /// Its title.
        title: String,
        /// Its rule.
        rule: Option<crate::model::Recurrence>,
        /// Meetings attended.
        attended: usize,
        /// Meetings held so far.
        held: usize,
        /// Meetings in all (held and to come).
        of: usize,
    },
    /// A follow-up of an event the client attended falls due.
    FollowUp {
        /// Which event.
        event: EventId,
        /// What is to be done.
        what: String,
        /// Done or not.
        done: bool,
    },
    /// A Litmas report.
    Litmas {
        /// Kind of report.
        kind: LitmasKind,
        /// Its recommendation.
        recommendation: String,
    },
    /// The guidance phase changed.
    Phase(GuidancePhase),
    /// A reporting day was missed.
    MissedReporting,
    /// A warning was raised on the client.
    Flag {
        /// The warning.
        message: String,
        /// Who raised it.
        by: String,
    },
    /// A warning was taken off.
    Unflag {
        /// The warning.
        message: String,
        /// Who took it off.
        by: String,
        /// Why; `None` when it is withheld from the user.
        reason: Option<String>,
    },
    /// The case status changed (the record's history).
    Status {
        /// The status before.
        from: ClientStatus,
        /// The status after.
        to: ClientStatus,
        /// Who changed it.
        by: String,
    },
    /// An approval was asked for.
    ApprovalAsked {
        /// The request's number.
        id: u64,
        /// What is to be approved.
        subject: Subject,
        /// Who asked.
        by: String,
        /// What they said.
        comment: String,
    },
    /// An approval request was decided.
    ApprovalDecided {
        /// The request's number.
        id: u64,
        /// What was to be approved.
        subject: Subject,
        /// Approved (else rejected).
        approved: bool,
        /// Who decided.
        by: String,
        /// Why.
        comment: String,
    },
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The day.
    pub date: NaiveDate,
    /// What happened.
    pub kind: EntryKind,
}

/// The client's timeline, newest first (same day: in the order things
/// happen within a case, then what the store kept, by the time it happened).
pub fn timeline(
    c: &Client,
    referrals: &[Referral],
    events: &[Event],
    kept: &Kept,
    today: NaiveDate,
    calendar: &crate::model::Calendar,
) -> Vec<Entry> {
    let mut out = Vec::new();
    // what is in force: one waiting for approval, or rejected, set no category
    let mut assessments: Vec<&Assessment> = c.assessments.iter().filter(|a| c.in_force(a)).collect();
    assessments.sort_by_key(|a| a.date);
    let mut prev = None;
    for a in assessments {
        out.push(Entry {
            date: a.date,
            kind: EntryKind::Assessment { category: a.category, from: prev, rri: a.rri, reason: a.reason.clone() },
        });
        prev = Some(a.category);
    }
    for s in &c.sessions {
        out.push(Entry {
            date: s.date,
            kind: EntryKind::Session { stream: s.stream, mode: s.mode, place: s.place, summary: s.summary.clone() },
        });
    }
    for r in referrals.iter().filter(|r| r.client == c.id()) {
        for h in &r.history {
            out.push(Entry {
                date: h.date,
                kind: EntryKind::Referral {
                    referral: r.id(),
                    stakeholder: r.stakeholder,
                    service: r.service.clone(),
                    status: h.status,
                },
            });
        }
    }
    for e in events {
        let Some(attendance) = e.client_participants().find(|(id, _)| *id == c.id()).map(|(_, a)| a) else { continue };
        // a series is one line: how many of its meetings held so far the client attended
        if e.is_series() {
            let part = e.participants.iter().find(|p| matches!(p.who, Who::Client { client, .. } if client == c.id()));
            let held: Vec<_> = e.counted_meetings().filter(|m| m.status == crate::model::MeetingStatus::Held).collect();
            let attended = held.iter().filter(|m| part.is_some_and(|p| m.of(p.id) == Attendance::Attended)).count();
            let last = held.last().map_or(e.start.date(), |m| m.when.date());
            out.push(Entry {
                date: last,
                kind: EntryKind::Series {
                    event: e.id(),
                    title: e.title.clone(),
                    rule: e.recurrence,
                    attended,
                    held: held.len(),
                    of: e.counted_meetings().count(),
                },
            });
            continue;
        }
        out.push(Entry {
            date: e.start.date(),
            kind: EntryKind::Event { event: e.id(), title: e.title.clone(), attendance },
        });
        if attendance == Attendance::Attended {
            for f in &e.follow_ups {
                if let Some(due) = f.due {
                    out.push(Entry {
                        date: due,
                        kind: EntryKind::FollowUp { event: e.id(), what: f.what.clone(), done: f.done },
                    });
                }
            }
        }
    }
    for l in &c.litmas {
        out.push(Entry {
            date: l.date,
            kind: EntryKind::Litmas { kind: l.kind, recommendation: l.recommendation.clone() },
        });
    }
    for p in &c.phase_history {
        out.push(Entry { date: p.date, kind: EntryKind::Phase(p.phase) });
    }
    for d in reporting::standing(c, calendar, today).missed_dates {
        out.push(Entry { date: d, kind: EntryKind::MissedReporting });
    }
    let mut timed = kept_entries(kept);
    timed.sort_by_key(|(at, _)| *at);
    out.extend(timed.into_iter().map(|(at, kind)| Entry { date: kept.zone.date(at), kind }));
    // newest first; a stable sort keeps the order of kinds within a day
    out.sort_by_key(|e| std::cmp::Reverse(e.date));
    out
}

/// The entries of what the store kept, each with the instant it happened.
fn kept_entries(kept: &Kept) -> Vec<(DateTime<Utc>, EntryKind)> {
    let mut out = Vec::new();
    for f in kept.flags {
        out.push((f.at, EntryKind::Flag { message: f.message.clone(), by: f.by.clone() }));
        if let Some(x) = &f.cleared {
            let reason = (!x.withheld).then(|| x.reason.clone());
            out.push((x.at, EntryKind::Unflag { message: f.message.clone(), by: x.by.clone(), reason }));
        }
    }
    let status = |json: &str| serde_json::from_str::<ClientStatus>(json).ok();
    for c in kept.changes {
        for f in c.fields.iter().filter(|f| f.field == "status" && !f.withheld) {
            if let (Some(from), Some(to)) = (status(&f.before), status(&f.after)) {
                out.push((c.at, EntryKind::Status { from, to, by: c.actor.clone() }));
            }
        }
    }
    for a in kept.approvals {
        out.push((
            a.at,
            EntryKind::ApprovalAsked {
                id: a.id,
                subject: a.subject,
                by: a.requested_by.clone(),
                comment: a.comment.clone(),
            },
        ));
        if let Some(d) = a.decision.as_ref().filter(|_| a.state != State::Pending) {
            out.push((
                d.at,
                EntryKind::ApprovalDecided {
                    id: a.id,
                    subject: a.subject,
                    approved: a.state == State::Approved,
                    by: d.by.clone(),
                    comment: d.comment.clone(),
                },
            ));
        }
    }
    out
}

/// The colour categories over time, oldest first, one per change: the
/// history "at a glance" (merah → kuning → hijau).
pub fn risk_path(c: &Client) -> Vec<(NaiveDate, RiskCategory)> {
    let mut a: Vec<&Assessment> = c.assessments.iter().filter(|a| c.in_force(a)).collect();
    a.sort_by_key(|a| a.date);
    let mut out: Vec<(NaiveDate, RiskCategory)> = Vec::new();
    for x in a {
        if out.last().map(|(_, c)| *c) != Some(x.category) {
            out.push((x.date, x.category));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    #[test]
    fn everything_in_one_chronology_newest_first() {
        let mut c = Client::new("Joko");
        c.meta.id = 1;
        let assess = |date, category| Assessment {
            id: crate::model::PartId::NEW,
            date,
            category,
            rri: None,
            assessor: String::new(),
            reason: String::new(),
        };
        c.assessments = vec![
            assess(d(6, 1), RiskCategory::Hijau),
            assess(d(1, 10), RiskCategory::Merah),
            assess(d(3, 1), RiskCategory::Kuning),
            assess(d(4, 1), RiskCategory::Kuning),
        ];
        c.sessions.push(GuidanceSession {
            id: crate::model::PartId::NEW,
            date: d(2, 1),
            stream: GuidanceStream::Kemandirian,
            mode: GuidanceMode::Perorangan,
            place: SessionPlace::HomeVisit,
            officer: String::new(),
            summary: "latihan".into(),
            next_step: String::new(),
            group: Vec::new(),
        });
        let mut r = Referral::new(ClientId(1), StakeholderId(5), "modal usaha", d(5, 1));
        r.meta.id = 9;
        r.move_to(ReferralStatus::Accepted, d(5, 10), "").unwrap();
        let mut e = Event::new("Lokakarya", EventKind::Workshop, When::Date(d(10, 1)));
        e.meta.id = 3;
        e.participants.push(Participant::new(Who::Client { client: ClientId(1), attendance: Attendance::Attended }));
        e.follow_ups.push(FollowUp {
            id: crate::model::PartId::NEW,
            what: "pemetaan".into(),
            owner: String::new(),
            due: Some(d(12, 1)),
            done: false,
        });
        let other = Event::new("Rapat", EventKind::Meeting, When::Date(d(11, 1)));
        let t = timeline(&c, &[r], &[e, other], &Kept::default(), d(12, 31), &Default::default());
        let dates: Vec<NaiveDate> = t.iter().map(|e| e.date).collect();
        assert_eq!(dates, vec![d(12, 1), d(10, 1), d(6, 1), d(5, 10), d(5, 1), d(4, 1), d(3, 1), d(2, 1), d(1, 10)]);
        assert!(matches!(t[0].kind, EntryKind::FollowUp { done: false, .. }));
        assert!(matches!(
            t[2].kind,
            EntryKind::Assessment { category: RiskCategory::Hijau, from: Some(RiskCategory::Kuning), .. }
        ));
        assert!(matches!(t[8].kind, EntryKind::Assessment { from: None, .. }));
        assert_eq!(
            risk_path(&c).iter().map(|(_, c)| *c).collect::<Vec<_>>(),
            vec![RiskCategory::Merah, RiskCategory::Kuning, RiskCategory::Hijau]
        );
    }

    fn at(m: u32, day: u32, hour: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2023, m, day, hour, 0, 0).unwrap()
    }

    fn client() -> Client {
        let mut c = Client::new("Joko");
        c.meta.id = 1;
        c
    }

    fn kinds(t: &[Entry]) -> Vec<(NaiveDate, &EntryKind)> {
        t.iter().map(|e| (e.date, &e.kind)).collect()
    }

    /// Warnings raised and taken off, on the day of the user's zone; the
    /// reason only where the user may read it.
    #[test]
    fn warnings_raised_and_taken_off_with_their_reasons() {
        use crate::store::flags::{Cleared, Flag};
        let cleared = |by: &str, when, reason: &str, withheld| {
            Some(Cleared { by: by.into(), at: when, reason: reason.into(), withheld })
        };
        let flags = [
            // 20:00 UTC is 03:00 the next day in WIB
            Flag {
                message: "Jangan berkunjung sendirian".into(),
                by: "siti".into(),
                at: at(3, 1, 20),
                cleared: cleared("rina", at(5, 2, 3), "situasi sudah aman", false),
            },
            Flag {
                message: "Sedang sakit".into(),
                by: "rina".into(),
                at: at(6, 1, 3),
                cleared: cleared("siti", at(6, 9, 3), "", true),
            },
            Flag { message: "Alamat baru".into(), by: "agus".into(), at: at(7, 1, 3), cleared: None },
        ];
        let kept = Kept { flags: &flags, zone: Zone::WIB, ..Kept::default() };
        let t = timeline(&client(), &[], &[], &kept, d(12, 31), &Default::default());
        let s = |x: &str| x.to_string();
        assert_eq!(
            kinds(&t),
            vec![
                (d(7, 1), &EntryKind::Flag { message: s("Alamat baru"), by: s("agus") }),
                (d(6, 9), &EntryKind::Unflag { message: s("Sedang sakit"), by: s("siti"), reason: None }),
                (d(6, 1), &EntryKind::Flag { message: s("Sedang sakit"), by: s("rina") }),
                (
                    d(5, 2),
                    &EntryKind::Unflag {
                        message: s("Jangan berkunjung sendirian"),
                        by: s("rina"),
                        reason: Some(s("situasi sudah aman"))
                    }
                ),
                (d(3, 2), &EntryKind::Flag { message: s("Jangan berkunjung sendirian"), by: s("siti") }),
            ]
        );
    }

    /// The case status's changes come from the record's history: other
    /// fields' changes, and values the user may not read, are not entries.
    #[test]
    fn status_changes_from_the_history() {
        use crate::store::history::{Change, FieldChange};
        let field = |name: &str, before: &str, after: &str, withheld| FieldChange {
            field: name.into(),
            before: before.into(),
            after: after.into(),
            withheld,
        };
        let change = |seq, when, actor: &str, fields| Change {
            seq,
            at: when,
            actor: actor.into(),
            record: RecordRef::new(RecordKind::Client, 1),
            fields,
            note: String::new(),
        };
        let changes = [
            change(9, at(9, 1, 3), "agus", vec![field("status", r#""Active""#, r#""Completed""#, false)]),
            change(4, at(4, 1, 3), "siti", vec![field("phone", r#""""#, r#""0812""#, false)]),
            change(
                6,
                at(6, 1, 3),
                "siti",
                vec![
                    field("officer", r#""Rina""#, r#""Agus""#, false),
                    field("status", r#""Transferred""#, r#""Active""#, false),
                ],
            ),
            change(7, at(7, 1, 3), "rina", vec![field("status", "", "", true)]),
        ];
        let kept = Kept { changes: &changes, zone: Zone::WIB, ..Kept::default() };
        let t = timeline(&client(), &[], &[], &kept, d(12, 31), &Default::default());
        assert_eq!(
            kinds(&t),
            vec![
                (
                    d(9, 1),
                    &EntryKind::Status { from: ClientStatus::Active, to: ClientStatus::Completed, by: "agus".into() }
                ),
                (
                    d(6, 1),
                    &EntryKind::Status { from: ClientStatus::Transferred, to: ClientStatus::Active, by: "siti".into() }
                ),
            ]
        );
    }

    /// A request is an entry when it is asked and another when it is decided.
    #[test]
    fn approvals_asked_and_decided() {
        use crate::store::approvals::{Approval, Decision};
        let subject = Subject::Closure { to: ClientStatus::Completed };
        let request = |id, when, state, decision| Approval {
            id,
            client: 1,
            subject,
            requested_by: "siti".into(),
            at: when,
            comment: "kasus selesai".into(),
            state,
            decision,
        };
        let approvals = [
            request(
                3,
                at(8, 1, 3),
                State::Rejected,
                Some(Decision { by: "agus".into(), at: at(8, 2, 3), comment: "lengkapi berkas".into() }),
            ),
            request(
                5,
                at(8, 5, 3),
                State::Approved,
                Some(Decision { by: "agus".into(), at: at(8, 6, 3), comment: "sesuai".into() }),
            ),
            request(8, at(9, 1, 3), State::Pending, None),
        ];
        let kept = Kept { approvals: &approvals, zone: Zone::WIB, ..Kept::default() };
        let t = timeline(&client(), &[], &[], &kept, d(12, 31), &Default::default());
        let asked = |id| EntryKind::ApprovalAsked { id, subject, by: "siti".into(), comment: "kasus selesai".into() };
        let decided = |id, approved, comment: &str| EntryKind::ApprovalDecided {
            id,
            subject,
            approved,
            by: "agus".into(),
            comment: comment.into(),
        };
        assert_eq!(
            kinds(&t),
            vec![
                (d(9, 1), &asked(8)),
                (d(8, 6), &decided(5, true, "sesuai")),
                (d(8, 5), &asked(5)),
                (d(8, 2), &decided(3, false, "lengkapi berkas")),
                (d(8, 1), &asked(3)),
            ]
        );
    }
}
