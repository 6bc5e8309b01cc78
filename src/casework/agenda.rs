//! The agenda: what is due, for the office.
//!
//! | rule | item when |
//! |---|---|
//! | reporting due | an active client is expected to report today and nothing is recorded yet |
//! | reporting missed | a reporting day in the last `missed_window_days` was missed, or the client missed `consecutive_misses` or more in a row |
//! | supervision ending | an active client's supervision ends within `supervision_ending_days` |
//! | no recent session | an active client has had no guidance session, nor attended an event, for `no_session_days` (counted from the start of supervision when there is neither) |
//! | follow-up due / overdue | a follow-up of an event is not done and falls due within `follow_up_days`, or is past due |
//! | agreement expiring | an agreement (MoU/PKS) expires within `agreement_days`, or expired in the last 30 days |
//! | agreement report late | a report under an agreement was due before today and has not been received (counted as late) |
//! | agreement report due | a report under an agreement is due within `agreement_days` (every N months from signing or the last report received) |
//! | upcoming event | an event starts within `upcoming_event_days` |
//! | incomplete case file | an active client lacks a register number, NIK or birth date ([`crate::model::validate::missing`]); the detail names them |
//! | due for review (retention) | a client's supervision ended more than `[privacy] retention_years` ago (administrators only; archived clients too, see [`retention`]) |
//!
//! Archived records never appear, but under the retention rule.

use std::collections::HashMap;

use chrono::{Duration, Months, NaiveDate};

use super::reporting;
use crate::model::*;

/// The day counts the rules use. Offices change them in the `[agenda]`
/// table of the settings file ([`super::settings`]); a count left out keeps
/// its default. The retention period is the `[privacy]` table's, put here
/// by the settings' reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Missed reporting days this far back are listed.
    pub missed_window_days: i64,
    /// This many misses in a row are listed however long ago they began.
    pub consecutive_misses: usize,
    /// Supervision ending within this many days.
    pub supervision_ending_days: i64,
    /// No guidance session for this many days.
    pub no_session_days: i64,
    /// Follow-ups due within this many days.
    pub follow_up_days: i64,
    /// Agreements expiring or reports due within this many days.
    pub agreement_days: i64,
    /// Events starting within this many days.
    pub upcoming_event_days: i64,
    /// Case files are kept this many years after supervision ended
    /// (`[privacy] retention_years`); `None`: no retention rule.
    #[serde(skip)]
    pub retention_years: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            missed_window_days: 7,
            consecutive_misses: 2,
            supervision_ending_days: 30,
            no_session_days: 60,
            follow_up_days: 7,
            agreement_days: 30,
            upcoming_event_days: 14,
            retention_years: None,
        }
    }
}

/// What an agenda line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Reporting missed.
    ReportingMissed,
    /// Follow-up past due.
    FollowUpOverdue,
    /// Agreement report past due.
    AgreementReportLate,
    /// Reporting due today.
    ReportingDue,
    /// No recent guidance session.
    NoRecentSession,
    /// Supervision ending soon.
    SupervisionEnding,
    /// Follow-up due soon.
    FollowUpDue,
    /// Agreement expiring or expired.
    AgreementExpiring,
    /// Agreement report due.
    AgreementReportDue,
    /// Event coming up.
    UpcomingEvent,
    /// An approval request waits for a supervisor.
    ApprovalPending,
    /// A closed case file kept longer than the retention period: to purge or keep.
    RetentionReview,
    /// A case file without what intake often lacks (register number, NIK, birth date).
    Incomplete,
}

impl Rule {
    /// A stable snake_case name (exports).
    pub fn code(self) -> &'static str {
        match self {
            Rule::ReportingMissed => "reporting_missed",
            Rule::FollowUpOverdue => "follow_up_overdue",
            Rule::AgreementReportLate => "agreement_report_late",
            Rule::ReportingDue => "reporting_due",
            Rule::NoRecentSession => "no_recent_session",
            Rule::SupervisionEnding => "supervision_ending",
            Rule::FollowUpDue => "follow_up_due",
            Rule::AgreementExpiring => "agreement_expiring",
            Rule::AgreementReportDue => "agreement_report_due",
            Rule::UpcomingEvent => "upcoming_event",
            Rule::ApprovalPending => "approval_pending",
            Rule::RetentionReview => "retention_review",
            Rule::Incomplete => "incomplete",
        }
    }

    /// Whether the rule is something already late (counted in the tab title).
    pub fn is_late(self) -> bool {
        matches!(self, Rule::ReportingMissed | Rule::FollowUpOverdue | Rule::AgreementReportLate)
    }

    /// Every rule, most urgent first.
    pub const ALL: [Rule; 13] = [
        Rule::ReportingMissed,
        Rule::FollowUpOverdue,
        Rule::AgreementReportLate,
        Rule::ReportingDue,
        Rule::NoRecentSession,
        Rule::SupervisionEnding,
        Rule::FollowUpDue,
        Rule::AgreementExpiring,
        Rule::AgreementReportDue,
        Rule::UpcomingEvent,
        Rule::ApprovalPending,
        Rule::RetentionReview,
        Rule::Incomplete,
    ];
}

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Which rule.
    pub rule: Rule,
    /// The record to open.
    pub record: RecordRef,
    /// The date it concerns (missed day, end date, due date, start …).
    pub date: NaiveDate,
    /// The record's name (client, stakeholder, event).
    pub name: String,
    /// A detail: the follow-up's text, the agreement's title, the number of misses.
    pub detail: String,
}

/// The agenda for `today`, most urgent rule first, then by date.
pub fn agenda<'a>(
    clients: impl IntoIterator<Item = &'a Client>,
    stakeholders: &[Stakeholder],
    events: &[Event],
    today: NaiveDate,
    calendar: &Calendar,
    s: &Settings,
) -> Vec<Item> {
    let mut out = Vec::new();
    let attended = events_attended(events, today);
    for c in clients {
        out.extend(client_items(c, attended.get(&c.id()).copied(), today, calendar, s));
    }
    out.extend(record_items(stakeholders, events, today, s));
    sort(&mut out);
    out
}

/// The day each client last attended an event, up to `today` (an event
/// attended counts as a guidance session, as the timeline shows it).
pub fn events_attended(events: &[Event], today: NaiveDate) -> HashMap<ClientId, NaiveDate> {
    let mut last: HashMap<ClientId, NaiveDate> = HashMap::new();
    for e in events.iter().filter(|e| !e.meta.archived && e.start.date() <= today) {
        // each meeting of a series counts on its own day
        for (client, on, attendance) in e.client_occasions() {
            if attendance == Attendance::Attended && on <= today {
                let day = last.entry(client).or_insert(on);
                *day = (*day).max(on);
            }
        }
    }
    last
}

/// The agenda lines of one client, `attended` being the day it last
/// attended an event ([`events_attended`]); unsorted.
pub fn client_items(
    c: &Client,
    attended: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &Calendar,
    s: &Settings,
) -> Vec<Item> {
    let mut out = Vec::new();
    if c.meta.archived || c.status != ClientStatus::Active {
        return out;
    }
    let item =
        |rule, date, detail: String| Item { rule, record: c.record_ref(), date, name: c.full_name.clone(), detail };
    let st = reporting::standing(c, calendar, today);
    let recent: Vec<NaiveDate> =
        st.missed_dates.iter().copied().filter(|d| *d >= today - Duration::days(s.missed_window_days)).collect();
    if let Some(last) = st.missed_dates.last()
        && (!recent.is_empty() || st.consecutive_missed >= s.consecutive_misses)
    {
        out.push(item(Rule::ReportingMissed, *last, format!("{}×", st.consecutive_missed.max(recent.len()))));
    }
    if st.due_today {
        out.push(item(Rule::ReportingDue, today, String::new()));
    }
    if let Some(end) = c.supervision_end
        && end >= today
        && end <= today + Duration::days(s.supervision_ending_days)
    {
        out.push(item(Rule::SupervisionEnding, end, String::new()));
    }
    let contact = c.last_session().map(|x| x.date).max(attended);
    if let Some(last) = contact.or(c.supervision_start)
        && last < today - Duration::days(s.no_session_days)
    {
        out.push(item(Rule::NoRecentSession, last, format!("{}", (today - last).num_days())));
    }
    // what intake did not know yet, to chase: dated from when the case file was opened
    let missing = crate::model::validate::missing(c);
    if !missing.is_empty() {
        out.push(item(Rule::Incomplete, c.meta.created_at.date_naive(), missing.join(", ")));
    }
    out
}

/// The agenda lines of stakeholders and events; unsorted.
fn record_items(stakeholders: &[Stakeholder], events: &[Event], today: NaiveDate, s: &Settings) -> Vec<Item> {
    let mut out = Vec::new();
    for e in events.iter().filter(|e| !e.meta.archived) {
        let item =
            |rule, date, detail: String| Item { rule, record: e.record_ref(), date, name: e.title.clone(), detail };
        for f in e.follow_ups.iter().filter(|f| !f.done) {
            match f.due {
                Some(due) if due < today => out.push(item(Rule::FollowUpOverdue, due, f.what.clone())),
                Some(due) if due <= today + Duration::days(s.follow_up_days) => {
                    out.push(item(Rule::FollowUpDue, due, f.what.clone()))
                }
                _ => {}
            }
        }
        let start = e.start.date();
        if start >= today && start <= today + Duration::days(s.upcoming_event_days) {
            out.push(item(Rule::UpcomingEvent, start, e.location.clone()));
        }
    }
    for st in stakeholders.iter().filter(|s| !s.meta.archived) {
        let item = |rule, date, detail: String| Item {
            rule,
            record: st.record_ref(),
            date,
            name: st.display_name().to_string(),
            detail,
        };
        for a in &st.agreements {
            if let Some(exp) = a.expires
                && exp >= today - Duration::days(30)
                && exp <= today + Duration::days(s.agreement_days)
            {
                out.push(item(Rule::AgreementExpiring, exp, a.title.clone()));
            }
            if a.report_every_months > 0 && a.expires.is_none_or(|e| e >= today) {
                let last = a.reports_received.iter().copied().max().unwrap_or(a.signed).max(a.signed);
                if let Some(due) = last.checked_add_months(Months::new(u32::from(a.report_every_months)))
                    && due <= today + Duration::days(s.agreement_days)
                {
                    let rule = if due < today { Rule::AgreementReportLate } else { Rule::AgreementReportDue };
                    out.push(item(rule, due, a.title.clone()));
                }
            }
        }
    }
    out
}

/// A client's case file due for review under a retention period of
/// `years`: its supervision ended more than that many years before `today`
/// (on the same day of the month, `years` years on, it is not yet due).
/// Archived clients count too (closed case files are often archived);
/// nothing else about the client matters. The item's date is the end date.
pub fn retention(c: &Client, today: NaiveDate, years: u32) -> Option<Item> {
    let end = c.supervision_end?;
    let limit = today.checked_sub_months(Months::new(years.checked_mul(12)?))?;
    (end < limit).then(|| Item {
        rule: Rule::RetentionReview,
        record: c.record_ref(),
        date: end,
        name: c.full_name.clone(),
        detail: String::new(),
    })
}

/// Puts items in agenda order: most urgent rule first, then by date. Items
/// computed in parts (a client at a time) are put together with this.
pub fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| a.rule.cmp(&b.rule).then(a.date.cmp(&b.date)).then(a.record.cmp(&b.record)));
}

/// How many items each rule has, in [`Rule::ALL`] order (for the status line).
pub fn counts(items: &[Item]) -> Vec<(Rule, usize)> {
    Rule::ALL.iter().map(|r| (*r, items.iter().filter(|i| i.rule == *r).count())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    const TODAY: (u32, u32) = (3, 4); // a Monday

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1)
    }

    /// A client whose case file is complete, with a session on 1 March.
    fn client(id: u64, name: &str) -> Client {
        let mut c = Client::new(name);
        c.meta.id = id;
        c.register_no = format!("PAS.{id}/2023");
        c.nik = Some(format!("35071612088500{id:02}"));
        c.birth_date = NaiveDate::from_ymd_opt(1985, 8, 12);
        c.supervision_start = Some(d(1, 1));
        c.sessions.push(GuidanceSession {
            id: crate::model::PartId::NEW,
            date: d(3, 1),
            stream: GuidanceStream::Kepribadian,
            mode: GuidanceMode::Perorangan,
            place: SessionPlace::Office,
            officer: String::new(),
            summary: String::new(),
            next_step: String::new(),
            group: Vec::new(),
        });
        c
    }

    /// A small office: each client, event and partner triggers one rule (or none).
    fn fixture() -> (Vec<Client>, Vec<Stakeholder>, Vec<Event>) {
        // weekly on Mondays from 1 Jan; attended every week but missed 26 Feb → missed within 7 days
        let mut missed = client(1, "Missed Monday");
        missed.reporting.frequency = ReportingFrequency::Weekly;
        let mut day = d(1, 1);
        while day < today() {
            let status = if day == d(2, 26) { ReportingStatus::Missed } else { ReportingStatus::Attended };
            missed.reporting_register.push(ReportingEntry {
                id: crate::model::PartId::NEW,
                date: day,
                status,
                note: String::new(),
                recorded_by: String::new(),
            });
            day += Duration::days(7);
        }
        // due today: the same schedule, everything attended so far, nothing for today yet
        let mut due = missed.clone();
        due.meta.id = 2;
        due.full_name = "Due Today".into();
        for e in &mut due.reporting_register {
            e.status = ReportingStatus::Attended;
        }
        // supervision ends in 20 days
        let mut ending = client(3, "Ending Soon");
        ending.supervision_end = Some(today() + Duration::days(20));
        // no session since November
        let mut quiet = client(4, "Quiet One");
        quiet.sessions[0].date = d(1, 2) - Duration::days(10);
        // completed clients and archived ones are not on the agenda
        let mut done = client(5, "Completed");
        done.status = ClientStatus::Completed;
        done.supervision_end = Some(today() + Duration::days(5));
        let mut archived = client(6, "Archived");
        archived.meta.archived = true;
        archived.supervision_end = Some(today() + Duration::days(5));

        let mut partner = Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat);
        partner.meta.id = 1;
        partner.agreements.push(Agreement {
            id: crate::model::PartId::NEW,
            kind: AgreementKind::Mou,
            title: "MoU 2021".into(),
            signed: d(1, 15) - Duration::days(3 * 365),
            expires: Some(today() + Duration::days(10)),
            report_every_months: 0,
            reports_received: vec![],
        });
        partner.agreements.push(Agreement {
            id: crate::model::PartId::NEW,
            kind: AgreementKind::Pks,
            title: "PKS 2023".into(),
            signed: d(1, 1) - Duration::days(365),
            expires: None,
            report_every_months: 6,
            reports_received: vec![d(9, 10) - Duration::days(366)],
        });
        // a report due in February that has not come: late
        partner.agreements.push(Agreement {
            id: crate::model::PartId::NEW,
            kind: AgreementKind::Pks,
            title: "PKS 2022".into(),
            signed: d(8, 15) - Duration::days(366),
            expires: None,
            report_every_months: 6,
            reports_received: vec![],
        });

        let mut workshop = Event::new("Lokakarya", EventKind::Workshop, When::Date(d(2, 1)));
        workshop.meta.id = 1;
        workshop.follow_ups = vec![
            FollowUp {
                id: crate::model::PartId::NEW,
                what: "overdue task".into(),
                owner: String::new(),
                due: Some(d(2, 20)),
                done: false,
            },
            FollowUp {
                id: crate::model::PartId::NEW,
                what: "due task".into(),
                owner: String::new(),
                due: Some(d(3, 8)),
                done: false,
            },
            FollowUp {
                id: crate::model::PartId::NEW,
                what: "done task".into(),
                owner: String::new(),
                due: Some(d(2, 1)),
                done: true,
            },
            FollowUp {
                id: crate::model::PartId::NEW,
                what: "later task".into(),
                owner: String::new(),
                due: Some(d(5, 1)),
                done: false,
            },
        ];
        let mut meeting = Event::new("Rapat koordinasi", EventKind::Meeting, When::Date(today() + Duration::days(3)));
        meeting.meta.id = 2;
        let mut far = Event::new("Sosialisasi", EventKind::Socialisation, When::Date(today() + Duration::days(40)));
        far.meta.id = 3;
        // opened on 1 February without a NIK or birth date yet
        let mut intake = client(7, "New Intake");
        (intake.nik, intake.birth_date) = (None, None);
        intake.meta.created_at = d(2, 1).and_hms_opt(2, 0, 0).map(|t| t.and_utc()).unwrap_or_default();
        (vec![missed, due, ending, quiet, done, archived, intake], vec![partner], vec![workshop, meeting, far])
    }

    #[test]
    fn each_rule_finds_exactly_its_case() {
        let (clients, stakeholders, events) = fixture();
        let items = agenda(&clients, &stakeholders, &events, today(), &Calendar::default(), &Settings::default());
        let got: Vec<(Rule, String, NaiveDate)> = items.iter().map(|i| (i.rule, i.name.clone(), i.date)).collect();
        assert_eq!(
            got,
            vec![
                (Rule::ReportingMissed, "Missed Monday".into(), d(2, 26)),
                (Rule::FollowUpOverdue, "Lokakarya".into(), d(2, 20)),
                (Rule::AgreementReportLate, "LAZISMU Jatim".into(), d(2, 15)),
                (Rule::ReportingDue, "Missed Monday".into(), today()),
                (Rule::ReportingDue, "Due Today".into(), today()),
                (Rule::NoRecentSession, "Quiet One".into(), d(1, 2) - Duration::days(10)),
                (Rule::SupervisionEnding, "Ending Soon".into(), today() + Duration::days(20)),
                (Rule::FollowUpDue, "Lokakarya".into(), d(3, 8)),
                (Rule::AgreementExpiring, "LAZISMU Jatim".into(), today() + Duration::days(10)),
                (Rule::AgreementReportDue, "LAZISMU Jatim".into(), d(3, 10)),
                (Rule::UpcomingEvent, "Rapat koordinasi".into(), today() + Duration::days(3)),
                (Rule::Incomplete, "New Intake".into(), d(2, 1)),
            ]
        );
        assert_eq!(items.last().map(|i| i.detail.as_str()), Some("nik, birth_date"), "what it lacks, in form order");
        let counts = counts(&items);
        assert_eq!(counts[0], (Rule::ReportingMissed, 1));
        assert_eq!(counts[2], (Rule::AgreementReportLate, 1));
        assert_eq!(counts[3], (Rule::ReportingDue, 2));
        assert_eq!(items.iter().filter(|i| i.rule.is_late()).count(), 3, "a late report is late");
    }

    #[test]
    fn settings_move_the_horizons() {
        let (clients, stakeholders, events) = fixture();
        let wide = Settings {
            supervision_ending_days: 10,
            upcoming_event_days: 60,
            no_session_days: 200,
            ..Settings::default()
        };
        let items = agenda(&clients, &stakeholders, &events, today(), &Calendar::default(), &wide);
        assert!(!items.iter().any(|i| i.rule == Rule::SupervisionEnding), "20 days away is beyond 10");
        assert!(!items.iter().any(|i| i.rule == Rule::NoRecentSession));
        assert_eq!(items.iter().filter(|i| i.rule == Rule::UpcomingEvent).count(), 2);
    }

    #[test]
    fn a_case_file_is_due_for_review_once_its_supervision_ended_more_than_the_retention_period_ago() {
        let today = today(); // 4 March 2024
        let mut c = client(7, "Ended Long Ago");
        c.status = ClientStatus::Completed;
        let due = |c: &Client, years| retention(c, today, years).map(|i| (i.rule, i.date));
        c.supervision_end = Some(d(3, 3) - Months::new(60));
        assert_eq!(due(&c, 5), Some((Rule::RetentionReview, d(3, 3) - Months::new(60))));
        c.supervision_end = Some(d(3, 4) - Months::new(60));
        assert_eq!(due(&c, 5), None, "exactly five years ago: not more than five");
        assert_eq!(due(&c, 4).map(|x| x.0), Some(Rule::RetentionReview));
        c.meta.archived = true;
        assert!(due(&c, 4).is_some(), "archived case files are reviewed too");
        c.supervision_end = None;
        assert_eq!(due(&c, 1), None, "no end date, nothing to count from");
        // the other rules leave it alone
        c.supervision_end = Some(d(1, 1) - Months::new(120));
        let rules = Settings { retention_years: Some(5), ..Settings::default() };
        assert!(agenda([&c], &[], &[], today, &Calendar::default(), &rules).is_empty());
    }

    #[test]
    fn two_misses_in_a_row_stay_on_the_agenda() {
        let mut c = client(1, "Twice");
        c.reporting.frequency = ReportingFrequency::Weekly;
        c.reporting_register = vec![
            ReportingEntry {
                id: crate::model::PartId::NEW,
                date: d(1, 1),
                status: ReportingStatus::Missed,
                note: String::new(),
                recorded_by: String::new(),
            },
            ReportingEntry {
                id: crate::model::PartId::NEW,
                date: d(1, 8),
                status: ReportingStatus::Missed,
                note: String::new(),
                recorded_by: String::new(),
            },
        ];
        c.supervision_end = Some(d(1, 14));
        let items = agenda([&c], &[], &[], today(), &Calendar::default(), &Settings::default());
        assert_eq!(
            items.iter().filter(|i| i.rule == Rule::ReportingMissed).map(|i| i.detail.as_str()).collect::<Vec<_>>(),
            vec!["2×"]
        );
    }

    /// An event the client attended is a guidance session for this rule,
    /// as the timeline shows it; one missed, or still to come, is not.
    #[test]
    fn an_event_attended_counts_as_a_session() {
        let mut quiet = client(4, "Quiet One");
        quiet.sessions[0].date = d(1, 2) - Duration::days(10);
        let quiet_line = |events: &[Event]| {
            agenda([&quiet], &[], events, today(), &Calendar::default(), &Settings::default())
                .into_iter()
                .filter(|i| i.rule == Rule::NoRecentSession)
                .map(|i| i.date)
                .collect::<Vec<_>>()
        };
        let event = |id, day: NaiveDate, attendance| {
            let mut e = Event::new("Pelatihan barista", EventKind::Training, When::Date(day));
            e.meta.id = id;
            e.participants.push(Participant::client(quiet.id(), attendance));
            e
        };
        assert_eq!(quiet_line(&[]), vec![d(1, 2) - Duration::days(10)]);
        assert_eq!(quiet_line(&[event(1, d(2, 20), Attendance::Attended)]), vec![], "attended 20 Feb");
        assert_eq!(quiet_line(&[event(1, d(2, 20), Attendance::Absent)]), vec![d(1, 2) - Duration::days(10)]);
        assert_eq!(quiet_line(&[event(1, d(3, 20), Attendance::Invited)]), vec![d(1, 2) - Duration::days(10)]);
        // long ago, but later than the last session: the line dates from it
        assert_eq!(
            quiet_line(&[event(1, d(1, 1) - Duration::days(3), Attendance::Attended)]),
            vec![d(1, 1) - Duration::days(3)]
        );
        // the interface's agenda, a client at a time, says the same
        let events = [event(1, d(2, 20), Attendance::Attended)];
        let attended = events_attended(&events, today());
        assert_eq!(attended.get(&quiet.id()), Some(&d(2, 20)));
        assert!(
            client_items(
                &quiet,
                attended.get(&quiet.id()).copied(),
                today(),
                &Calendar::default(),
                &Settings::default()
            )
            .is_empty()
        );
    }
}
