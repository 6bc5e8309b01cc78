//! A client's case in one chronological view: assessments, guidance
//! sessions, referrals and their status changes, events attended and their
//! follow-ups, Litmas reports, phase changes and missed reporting days.

use chrono::NaiveDate;

use super::reporting;
use crate::model::*;

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
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The day.
    pub date: NaiveDate,
    /// What happened.
    pub kind: EntryKind,
}

/// The client's timeline, newest first (same day: in the order things happen within a case).
pub fn timeline(
    c: &Client,
    referrals: &[Referral],
    events: &[Event],
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
    // newest first; a stable sort keeps the order of kinds within a day
    out.sort_by_key(|e| std::cmp::Reverse(e.date));
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
        let t = timeline(&c, &[r], &[e, other], d(12, 31), &Default::default());
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
}
