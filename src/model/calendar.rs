//! The days the office is closed: Saturdays and Sundays, national holidays,
//! *cuti bersama* days and the office's own closures. A reporting day that
//! falls on one moves to the next day the office is open.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::DayOffKind;

/// A day the office is closed, other than a weekend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOff {
    /// The day.
    pub date: NaiveDate,
    /// Holiday, joint leave or closure.
    pub kind: DayOffKind,
    /// What it is ("Idul Fitri 1447 H", "Office moves building").
    pub name: String,
    /// Who entered it ("simpul" for the shipped holidays).
    pub by: String,
}

/// Why a day is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed<'a> {
    /// Saturday or Sunday.
    Weekend,
    /// A holiday, joint leave day or closure.
    Day(&'a DayOff),
}

/// The longest run of closed days a reporting day is moved across. Longer
/// than any holiday season (Idul Fitri with its joint leave and two
/// weekends is nine days); a calendar that closes more than this in a row
/// leaves the day where it was rather than move it out of sight.
pub const MAX_CLOSED_RUN: i64 = 31;

/// The office's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, DayOff>,
    /// Whether Saturdays and Sundays are closed (always, but in tests of
    /// the schedule itself).
    weekends: bool,
}

impl Default for Calendar {
    /// Weekends closed, no other day.
    fn default() -> Calendar {
        Calendar { days: BTreeMap::new(), weekends: true }
    }
}

impl Calendar {
    /// A calendar of these closed days (weekends are always closed).
    pub fn new(days: impl IntoIterator<Item = DayOff>) -> Calendar {
        Calendar { days: days.into_iter().map(|d| (d.date, d)).collect(), weekends: true }
    }

    /// A calendar without a closed day, weekends included (tests of the
    /// schedule itself).
    #[cfg(test)]
    pub fn always_open() -> Calendar {
        Calendar { days: BTreeMap::new(), weekends: false }
    }

    /// Why the office is closed on `day`, if it is.
    pub fn closed(&self, day: NaiveDate) -> Option<Closed<'_>> {
        if let Some(d) = self.days.get(&day) {
            return Some(Closed::Day(d));
        }
        (self.weekends && matches!(day.weekday(), Weekday::Sat | Weekday::Sun)).then_some(Closed::Weekend)
    }

    /// Whether the office is open on `day`.
    pub fn is_open(&self, day: NaiveDate) -> bool {
        self.closed(day).is_none()
    }

    /// `day` when the office is open then, else the next day it is.
    pub fn next_open(&self, day: NaiveDate) -> NaiveDate {
        (0..=MAX_CLOSED_RUN).map(|n| day + Duration::days(n)).find(|d| self.is_open(*d)).unwrap_or(day)
    }

    /// The closed days entered within `from..=to`.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &DayOff> + '_ {
        self.days.range(from..=to).map(|(_, d)| d)
    }

    /// The entered day on `date`.
    pub fn get(&self, date: NaiveDate) -> Option<&DayOff> {
        self.days.get(&date)
    }

    /// Enters a day, replacing what that date held; the day it replaced.
    pub fn insert(&mut self, day: DayOff) -> Option<DayOff> {
        self.days.insert(day.date, day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn off(date: NaiveDate, kind: DayOffKind, name: &str) -> DayOff {
        DayOff { date, kind, name: name.into(), by: "simpul".into() }
    }

    #[test]
    fn a_closed_day_moves_to_the_next_open_one_across_weekends_and_joint_leave() {
        // Idul Fitri 1447: Fri 20 joint leave, Sat 21 and Sun 22 the holiday,
        // Mon 23 and Tue 24 joint leave
        let cal = Calendar::new([
            off(d(3, 20), DayOffKind::JointLeave, "Cuti bersama Idul Fitri"),
            off(d(3, 21), DayOffKind::Holiday, "Idul Fitri 1447 H"),
            off(d(3, 22), DayOffKind::Holiday, "Idul Fitri 1447 H"),
            off(d(3, 23), DayOffKind::JointLeave, "Cuti bersama Idul Fitri"),
            off(d(3, 24), DayOffKind::JointLeave, "Cuti bersama Idul Fitri"),
        ]);
        assert_eq!(cal.next_open(d(3, 20)), d(3, 25));
        assert_eq!(cal.next_open(d(3, 23)), d(3, 25));
        assert_eq!(cal.next_open(d(3, 25)), d(3, 25), "an open day stays");
        assert_eq!(cal.next_open(d(3, 28)), d(3, 30), "a Saturday moves to Monday");
        assert!(matches!(cal.closed(d(3, 21)), Some(Closed::Day(x)) if x.kind == DayOffKind::Holiday));
        assert_eq!(cal.closed(d(3, 29)), Some(Closed::Weekend));
        assert!(cal.between(d(1, 1), d(12, 31)).next().is_some());
        let next_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert!(cal.between(next_year, next_year + Duration::days(364)).next().is_none());
    }

    #[test]
    fn a_calendar_closed_for_months_leaves_the_day_where_it_was() {
        let cal = Calendar::new((0..100).map(|n| off(d(1, 1) + Duration::days(n), DayOffKind::Closure, "renovasi")));
        assert_eq!(cal.next_open(d(1, 5)), d(1, 5));
    }
}
