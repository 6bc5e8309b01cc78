//! The reporting obligation (wajib lapor): which dates a client is expected
//! to report on, and how the register stands against them.

use chrono::{Duration, Months, NaiveDate};

use crate::model::calendar::MAX_CLOSED_RUN;
use crate::model::{Calendar, Client, ReportingFrequency, ReportingStatus};

/// What the reporting rules read of a client: the supervision period and
/// the schedule. A client's stored summary carries the same, so search can
/// count standings without decoding the whole case file.
#[derive(Debug, Clone, Copy)]
pub struct Obligation<'a> {
    /// Start of supervision.
    pub start: Option<NaiveDate>,
    /// End of supervision.
    pub end: Option<NaiveDate>,
    /// How it recurs.
    pub frequency: ReportingFrequency,
    /// The officer's dates, when the frequency is custom.
    pub custom_dates: &'a [NaiveDate],
    /// The day the register counts from: an earlier day with nothing
    /// recorded is not a miss (see [`standing_of`]).
    pub from: Option<NaiveDate>,
    /// The days the office is closed: a reporting day on one moves to the
    /// next open day.
    pub calendar: &'a Calendar,
}

impl<'a> Obligation<'a> {
    /// The obligation of a client, against the office's calendar.
    pub fn of(c: &'a Client, calendar: &'a Calendar) -> Obligation<'a> {
        Obligation {
            start: c.supervision_start,
            end: c.supervision_end,
            frequency: c.reporting.frequency,
            custom_dates: &c.reporting.custom_dates,
            from: c.reporting.from,
            calendar,
        }
    }

    /// Whether a day of the schedule counts in the register: from the
    /// reporting-from day on, and before it only when something is recorded.
    fn counts(&self, day: NaiveDate, recorded: Option<ReportingStatus>) -> bool {
        self.from.is_none_or(|f| day >= f) || recorded.is_some_and(|s| s != ReportingStatus::Expected)
    }
}

/// The day reporting is counted to, and the calendar that moves its days.
#[derive(Debug, Clone, Copy)]
pub struct CountedTo<'a> {
    /// Today.
    pub today: NaiveDate,
    /// The office's calendar.
    pub calendar: &'a Calendar,
}

/// One reporting day: the day the schedule sets and the day it is due,
/// which is later when the office is closed on the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The day the schedule sets.
    pub scheduled: NaiveDate,
    /// The first day from it that the office is open.
    pub due: NaiveDate,
}

impl Due {
    /// Whether the day was moved off a closed one.
    pub fn moved(&self) -> bool {
        self.due != self.scheduled
    }

    /// The days a report for it may be recorded on: from the scheduled
    /// day (the office may have opened after all) to the day it is due.
    fn span(&self) -> impl Iterator<Item = NaiveDate> {
        let scheduled = self.scheduled;
        (0..=(self.due - scheduled).num_days()).map(move |n| scheduled + Duration::days(n))
    }

    /// What the register holds for it: the last status recorded within
    /// its span (an "expected" line only when nothing else is).
    fn status(&self, recorded: &impl Fn(NaiveDate) -> Option<ReportingStatus>) -> Option<ReportingStatus> {
        let mut found = None;
        for d in self.span() {
            match recorded(d) {
                Some(ReportingStatus::Expected) if found.is_none() => found = Some(ReportingStatus::Expected),
                Some(ReportingStatus::Expected) | None => {}
                Some(s) => found = Some(s),
            }
        }
        found
    }
}

/// Expected reporting dates from the schedule, within `from..=to`: the
/// days they are due, after moving any that fall on a closed day.
///
/// Weekly dates fall on the weekday of the supervision start; monthly ones
/// on its day of the month (the last day in shorter months); custom dates
/// are the officer's. Nothing is expected before supervision starts or
/// after it ends.
pub fn expected_dates(c: &Client, calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    obligation_dates(&Obligation::of(c, calendar), from, to)
}

/// [`expected_dates`] of an obligation.
pub fn obligation_dates(o: &Obligation<'_>, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    obligation_days(o, from, to).into_iter().map(|d| d.due).collect()
}

/// The reporting days due within `from..=to`, with the day each was
/// scheduled on. Two scheduled days moved onto one day are one.
pub fn obligation_days(o: &Obligation<'_>, from: NaiveDate, to: NaiveDate) -> Vec<Due> {
    let Some(start) = o.start else { return Vec::new() };
    let to = o.end.map_or(to, |e| e.min(to));
    if from.max(start) > to {
        return Vec::new();
    }
    // a day scheduled a little before `from` may be due within it
    let scheduled_from = (from - Duration::days(MAX_CLOSED_RUN)).max(start);
    let mut out: Vec<Due> = Vec::new();
    for scheduled in scheduled_dates(o, start, scheduled_from, to) {
        let due = o.calendar.next_open(scheduled);
        if due < from || due > to {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.due == due => {}
            _ => out.push(Due { scheduled, due }),
        }
    }
    out
}

/// The days the schedule sets within `from..=to` (`from` ≥ `start`).
fn scheduled_dates(o: &Obligation<'_>, start: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    match o.frequency {
        ReportingFrequency::None => Vec::new(),
        ReportingFrequency::Custom => {
            let mut v: Vec<NaiveDate> = o.custom_dates.iter().copied().filter(|d| *d >= from && *d <= to).collect();
            v.sort();
            v.dedup();
            v
        }
        ReportingFrequency::Weekly => {
            let skip =
                (from - start).num_days().div_euclid(7) + i64::from((from - start).num_days().rem_euclid(7) != 0);
            let mut d = start + Duration::days(7 * skip);
            let mut out = Vec::new();
            while d <= to {
                out.push(d);
                d += Duration::days(7);
            }
            out
        }
        ReportingFrequency::Monthly => {
            // counted from the start each time, so 31 Jan → 28/29 Feb → 31 Mar;
            // a hundred years of months at most
            (0u32..1200)
                .map_while(|k| start.checked_add_months(Months::new(k)).filter(|d| *d <= to))
                .filter(|d| *d >= from)
                .collect()
        }
    }
}

/// Where a client stands with reporting up to `today`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// Expected dates up to today.
    pub expected: usize,
    /// Attended.
    pub attended: usize,
    /// Missed (recorded as missed, or passed with nothing recorded).
    pub missed: usize,
    /// Excused.
    pub excused: usize,
    /// Missed dates, oldest first.
    pub missed_dates: Vec<NaiveDate>,
    /// Misses in a row up to today.
    pub consecutive_missed: usize,
    /// An expected date today with nothing recorded yet.
    pub due_today: bool,
    /// The next day the client is to report: today while today's day is
    /// due and not yet recorded, else the next expected date after today.
    pub next: Option<NaiveDate>,
    /// The day the schedule set for [`Standing::next`], when the office
    /// is closed then and it moved.
    pub next_moved_from: Option<NaiveDate>,
}

impl Standing {
    /// Share of expected dates attended or excused, in percent (None when nothing was expected).
    pub fn compliance(&self) -> Option<u32> {
        let counted = self.attended + self.missed + self.excused;
        (counted > 0).then(|| u32::try_from((self.attended + self.excused) * 100 / counted).unwrap_or(100))
    }
}

/// The standing of a client's register against the schedule up to `today`.
/// Days before the reporting-from date count only when something is
/// recorded for them: nothing is a miss before the register counts.
pub fn standing(c: &Client, calendar: &Calendar, today: NaiveDate) -> Standing {
    let recorded = |d: NaiveDate| c.reporting_register.iter().filter(|e| e.date == d).map(|e| e.status).next_back();
    standing_of(&Obligation::of(c, calendar), recorded, today)
}

/// [`standing`] of an obligation, given what the register holds for a day
/// (the last line of that day).
pub fn standing_of(
    o: &Obligation<'_>,
    recorded: impl Fn(NaiveDate) -> Option<ReportingStatus>,
    today: NaiveDate,
) -> Standing {
    let Some(start) = o.start else { return Standing::default() };
    let (mut s, mut next_due) = tally(o, &recorded, start, today, today);
    if next_due.is_none() {
        let after = today + Duration::days(1);
        let first = o.from.map_or(after, |f| f.max(after));
        next_due = obligation_days(o, first, first + Duration::days(400)).first().copied();
    }
    s.next = next_due.map(|d| d.due);
    s.next_moved_from = next_due.filter(Due::moved).map(|d| d.scheduled);
    s
}

/// Where a client stands with reporting on the days due in `first..=last`
/// (a month of a report) that have come by `today`, counted as
/// [`standing`] counts them: a day passed with nothing recorded is a miss,
/// today with nothing recorded yet is due and no miss, a day after today
/// is not counted; misses in a row within the period. A day moved off a
/// closed day counts where it is due. `next` is not worked out.
pub fn standing_between(
    c: &Client,
    calendar: &Calendar,
    first: NaiveDate,
    last: NaiveDate,
    today: NaiveDate,
) -> Standing {
    let recorded = |d: NaiveDate| c.reporting_register.iter().filter(|e| e.date == d).map(|e| e.status).next_back();
    tally(&Obligation::of(c, calendar), &recorded, first, last, today).0
}

/// The register against the days due in `from..=to`, up to `today`; and
/// the day due today with nothing recorded yet, if any.
fn tally(
    o: &Obligation<'_>,
    recorded: &impl Fn(NaiveDate) -> Option<ReportingStatus>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> (Standing, Option<Due>) {
    let mut s = Standing::default();
    let mut due_today = None;
    let mut expected = 0;
    for day in obligation_days(o, from, to.min(today)) {
        let status = day.status(recorded);
        if !o.counts(day.due, status) {
            continue;
        }
        expected += 1;
        match status {
            Some(ReportingStatus::Attended) => {
                s.attended += 1;
                s.consecutive_missed = 0;
            }
            Some(ReportingStatus::Excused) => {
                s.excused += 1;
                s.consecutive_missed = 0;
            }
            Some(ReportingStatus::Missed) => {
                s.missed += 1;
                s.missed_dates.push(day.due);
                s.consecutive_missed += 1;
            }
            Some(ReportingStatus::Expected) | None if day.due == today => {
                s.due_today = true;
                due_today = Some(day);
            }
            Some(ReportingStatus::Expected) | None => {
                s.missed += 1;
                s.missed_dates.push(day.due);
                s.consecutive_missed += 1;
            }
        }
    }
    s.expected = expected;
    (s, due_today)
}

/// The day a mark made now records: today when the client is expected
/// today; else the latest expected day up to today with nothing recorded
/// (a day recorded late) from the reporting-from date on; else today (a
/// visit off the schedule).
pub fn day_to_record(c: &Client, calendar: &Calendar, today: NaiveDate) -> NaiveDate {
    let Some(start) = c.supervision_start else { return today };
    let recorded = |d: NaiveDate| c.reporting_register.iter().filter(|e| e.date == d).map(|e| e.status).next_back();
    let done = |day: &Due| day.status(&recorded).is_some_and(|s| s != ReportingStatus::Expected);
    let from = c.reporting.from.map_or(start, |f| f.max(start));
    let days = obligation_days(&Obligation::of(c, calendar), from, today);
    if let Some(last) = days.last()
        && last.due == today
        && !done(last)
    {
        return today;
    }
    days.into_iter().rev().find(|d| !done(d)).map_or(today, |d| d.due)
}

/// Records `status` on `date` in the register, replacing what that day held.
pub fn record(c: &mut Client, date: NaiveDate, status: ReportingStatus, note: &str, by: &str) {
    let entry = crate::model::ReportingEntry {
        id: crate::model::PartId::NEW,
        date,
        status,
        note: note.to_string(),
        recorded_by: by.to_string(),
    };
    match c.reporting_register.iter_mut().find(|e| e.date == date) {
        Some(e) => *e = entry,
        None => {
            c.reporting_register.push(entry);
            c.reporting_register.sort_by_key(|e| e.date);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static OPEN: LazyLock<Calendar> = LazyLock::new(Calendar::always_open);
    use crate::model::ReportingEntry;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn client(freq: ReportingFrequency, start: NaiveDate) -> Client {
        let mut c = Client::new("Budi");
        c.supervision_start = Some(start);
        c.reporting.frequency = freq;
        c
    }

    #[test]
    fn weekly_dates_keep_the_weekday_and_stop_at_the_end() {
        let mut c = client(ReportingFrequency::Weekly, d(2024, 1, 3));
        c.supervision_end = Some(d(2024, 1, 24));
        assert_eq!(
            expected_dates(&c, &OPEN, d(2024, 1, 1), d(2024, 12, 31)),
            vec![d(2024, 1, 3), d(2024, 1, 10), d(2024, 1, 17), d(2024, 1, 24)]
        );
        assert_eq!(expected_dates(&c, &OPEN, d(2024, 1, 11), d(2024, 1, 20)), vec![d(2024, 1, 17)]);
    }

    #[test]
    fn monthly_dates_clamp_to_month_ends_and_leap_years() {
        let c = client(ReportingFrequency::Monthly, d(2024, 1, 31));
        assert_eq!(
            expected_dates(&c, &OPEN, d(2024, 1, 1), d(2024, 5, 1)),
            vec![d(2024, 1, 31), d(2024, 2, 29), d(2024, 3, 31), d(2024, 4, 30)]
        );
        let c = client(ReportingFrequency::Monthly, d(2023, 1, 31));
        assert_eq!(expected_dates(&c, &OPEN, d(2023, 2, 1), d(2023, 3, 1)), vec![d(2023, 2, 28)]);
    }

    #[test]
    fn custom_dates_are_the_officers() {
        let mut c = client(ReportingFrequency::Custom, d(2024, 1, 1));
        c.reporting.custom_dates = vec![d(2024, 3, 1), d(2023, 12, 1), d(2024, 2, 1), d(2024, 2, 1)];
        assert_eq!(expected_dates(&c, &OPEN, d(2023, 1, 1), d(2024, 12, 31)), vec![d(2024, 2, 1), d(2024, 3, 1)]);
    }

    #[test]
    fn standing_counts_misses_and_compliance() {
        let mut c = client(ReportingFrequency::Weekly, d(2024, 1, 1));
        let entry = |day, status| ReportingEntry {
            id: crate::model::PartId::NEW,
            date: d(2024, 1, day),
            status,
            note: String::new(),
            recorded_by: String::new(),
        };
        c.reporting_register = vec![
            entry(1, ReportingStatus::Attended),
            entry(8, ReportingStatus::Excused),
            entry(15, ReportingStatus::Missed),
            // 22 Jan: nothing recorded, and it has passed
        ];
        let s = standing(&c, &OPEN, d(2024, 1, 29));
        assert_eq!((s.expected, s.attended, s.excused, s.missed), (5, 1, 1, 2));
        assert_eq!(s.missed_dates, vec![d(2024, 1, 15), d(2024, 1, 22)]);
        assert_eq!(s.consecutive_missed, 2);
        assert!(s.due_today, "29 Jan is expected and not yet recorded");
        assert_eq!(s.next, Some(d(2024, 1, 29)), "due today, so today is the next");
        assert_eq!(s.compliance(), Some(50));
        assert_eq!(standing(&client(ReportingFrequency::None, d(2024, 1, 1)), &OPEN, d(2024, 6, 1)).compliance(), None);
    }
}

#[cfg(test)]
mod from_tests {
    use super::*;
    use std::sync::LazyLock;

    static OPEN: LazyLock<Calendar> = LazyLock::new(Calendar::always_open);
    use crate::model::ReportingEntry;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    /// Mondays from 1 Jan 2024, counted from 22 Jan.
    fn client() -> Client {
        let mut c = Client::new("Budi");
        c.supervision_start = Some(d(1, 1));
        c.reporting.frequency = ReportingFrequency::Weekly;
        c.reporting.from = Some(d(1, 22));
        c
    }

    fn entry(date: NaiveDate, status: ReportingStatus) -> ReportingEntry {
        ReportingEntry { id: crate::model::PartId::NEW, date, status, note: String::new(), recorded_by: String::new() }
    }

    #[test]
    fn days_before_the_reporting_from_date_are_no_misses_but_what_is_recorded_counts() {
        let mut c = client();
        c.reporting_register =
            vec![entry(d(1, 8), ReportingStatus::Attended), entry(d(1, 15), ReportingStatus::Missed)];
        let s = standing(&c, &OPEN, d(2, 5));
        // 1 Jan: nothing recorded, before the register counts; 8 and 15 Jan recorded;
        // 22 and 29 Jan passed with nothing; 5 Feb is today
        assert_eq!((s.expected, s.attended, s.missed, s.excused), (5, 1, 3, 0));
        assert_eq!(s.missed_dates, vec![d(1, 15), d(1, 22), d(1, 29)]);
        assert!(s.due_today);
        assert_eq!(s.compliance(), Some(25));
        // without a reporting-from date every day of the schedule counts
        c.reporting.from = None;
        assert_eq!(standing(&c, &OPEN, d(2, 5)).missed, 4);
    }

    #[test]
    fn a_reporting_from_date_to_come_expects_nothing_yet() {
        let mut c = client();
        c.reporting.from = Some(d(3, 4));
        let s = standing(&c, &OPEN, d(2, 26));
        assert_eq!((s.expected, s.missed, s.due_today), (0, 0, false));
        assert_eq!(s.next, Some(d(3, 4)), "the first day it counts");
        assert_eq!(day_to_record(&c, &OPEN, d(2, 26)), d(2, 26), "no day of the register to catch up");
    }

    #[test]
    fn the_day_to_record_is_never_one_before_the_reporting_from_date() {
        let mut c = client();
        c.reporting_register = vec![entry(d(1, 22), ReportingStatus::Attended)];
        // 29 Jan was never recorded; 15 Jan neither, but it is before the register counts
        assert_eq!(day_to_record(&c, &OPEN, d(1, 31)), d(1, 29));
        record(&mut c, d(1, 29), ReportingStatus::Attended, "", "rina");
        assert_eq!(day_to_record(&c, &OPEN, d(1, 31)), d(1, 31), "an extra visit");
    }

    /// The case file's "next reporting day" and the agenda's "reporting due
    /// today" agree: a day due today and not yet recorded is the next one.
    #[test]
    fn the_next_reporting_day_is_today_while_it_is_due() {
        let mut c = client();
        let today = d(2, 5);
        let s = standing(&c, &OPEN, today);
        assert!(s.due_today);
        assert_eq!(s.next, Some(today));
        let agenda = crate::casework::agenda::agenda([&c], &[], &[], today, &OPEN, &Default::default());
        assert!(
            agenda.iter().any(|i| i.rule == crate::casework::agenda::Rule::ReportingDue && i.date == s.next.unwrap())
        );
        record(&mut c, today, ReportingStatus::Attended, "", "rina");
        assert_eq!(standing(&c, &OPEN, today).next, Some(d(2, 12)), "recorded: next week");
        assert_eq!(standing(&c, &OPEN, d(2, 6)).next, Some(d(2, 12)));
    }
}

#[cfg(test)]
mod period_tests {
    use super::*;
    use std::sync::LazyLock;

    static OPEN: LazyLock<Calendar> = LazyLock::new(Calendar::always_open);

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// Mondays from 5 Oct 2026: October's days are 5, 12, 19, 26 Oct,
    /// November's 2, 9, 16, 23, 30 Nov.
    fn client() -> Client {
        let mut c = Client::new("Budi");
        c.supervision_start = Some(d(10, 5));
        c.reporting.frequency = ReportingFrequency::Weekly;
        for (day, status) in [
            (d(10, 26), ReportingStatus::Missed),
            (d(11, 2), ReportingStatus::Attended),
            (d(11, 9), ReportingStatus::Excused),
            // 16 Nov: nothing recorded
            (d(11, 23), ReportingStatus::Attended),
        ] {
            record(&mut c, day, status, "", "rina");
        }
        c
    }

    #[test]
    fn a_month_counts_only_its_own_days_up_to_today() {
        let c = client();
        let (first, last) = (d(11, 1), d(11, 30));
        let between = |today| standing_between(&c, &OPEN, first, last, today);
        // the month over: 2 attended, 1 excused, 16 and 30 Nov missed; October's miss is not November's
        let s = between(d(12, 6));
        assert_eq!((s.expected, s.attended, s.excused, s.missed), (5, 2, 1, 2));
        assert_eq!(s.missed_dates, vec![d(11, 16), d(11, 30)]);
        assert_eq!((s.compliance(), s.consecutive_missed), (Some(60), 1));
        // on 23 Nov: the days to come are not counted, and today's, recorded, is
        let s = between(d(11, 23));
        assert_eq!((s.expected, s.attended, s.excused, s.missed, s.due_today), (4, 2, 1, 1, false));
        // on 30 Nov: today is due, not missed
        let s = between(d(11, 30));
        assert_eq!((s.expected, s.missed, s.due_today), (5, 1, true));
        assert_eq!(s.compliance(), Some(75));
        // before the month: nothing
        assert_eq!(between(d(10, 31)), Standing::default());
        // the whole standing is the sum of the months
        let oct = standing_between(&c, &OPEN, d(10, 1), d(10, 31), d(12, 6));
        let all = standing(&c, &OPEN, d(12, 6));
        assert_eq!((oct.missed + 2, oct.attended + 2, oct.expected + 5), (all.missed, all.attended, all.expected));
    }

    /// A day scheduled on the last day of a month the office is closed
    /// moves into the next month, and counts there.
    #[test]
    fn a_day_moved_off_a_closed_day_counts_in_the_month_it_is_due() {
        let mut c = Client::new("Budi");
        c.supervision_start = Some(d(1, 31));
        c.reporting.frequency = ReportingFrequency::Monthly;
        // 31 Oct 2026 is a Saturday: due Monday 2 Nov
        let weekends = Calendar::default();
        let oct = standing_between(&c, &weekends, d(10, 1), d(10, 31), d(12, 6));
        let nov = standing_between(&c, &weekends, d(11, 1), d(11, 30), d(12, 6));
        assert_eq!(oct.missed_dates, Vec::<NaiveDate>::new(), "{oct:?}");
        assert_eq!(nov.missed_dates, vec![d(11, 2), d(11, 30)], "{nov:?}");
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;
    use std::sync::LazyLock;

    static OPEN: LazyLock<Calendar> = LazyLock::new(Calendar::always_open);
    use crate::model::ReportingFrequency;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    #[test]
    fn the_day_recorded_is_today_then_a_late_day_then_an_unscheduled_visit() {
        let mut c = Client::new("Satu");
        c.supervision_start = Some(d(1, 1)); // Mondays
        c.reporting.frequency = ReportingFrequency::Weekly;
        // Monday 15 Jan: expected today
        assert_eq!(day_to_record(&c, &OPEN, d(1, 15)), d(1, 15));
        record(&mut c, d(1, 15), ReportingStatus::Attended, "", "rina");
        // the same day again: 8 Jan was never recorded, it is the one a mark now means
        assert_eq!(day_to_record(&c, &OPEN, d(1, 15)), d(1, 8));
        record(&mut c, d(1, 8), ReportingStatus::Missed, "tanpa kabar", "rina");
        assert_eq!(day_to_record(&c, &OPEN, d(1, 15)), d(1, 1));
        record(&mut c, d(1, 1), ReportingStatus::Excused, "sakit", "rina");
        // everything recorded: an extra visit is today's
        assert_eq!(day_to_record(&c, &OPEN, d(1, 17)), d(1, 17));
        assert_eq!(c.reporting_register.iter().map(|e| e.date).collect::<Vec<_>>(), vec![d(1, 1), d(1, 8), d(1, 15)]);
        // recording a day again replaces it
        record(&mut c, d(1, 8), ReportingStatus::Excused, "surat dokter", "agus");
        assert_eq!(c.reporting_register.len(), 3);
        assert_eq!(c.reporting_register[1].recorded_by, "agus");
        let s = standing(&c, &OPEN, d(1, 15));
        assert_eq!((s.attended, s.missed, s.excused, s.compliance()), (1, 0, 2, Some(100)));
    }
}
