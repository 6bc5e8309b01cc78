//! Events that repeat: the rule that gives a series its days, and its
//! meetings, each with its own day, status and attendance.
//!
//! The rule's text form (CSV, the form, the command line) is
//! `FREQUENCY [DAYS] (xN | until DATE)`, in either language:
//!
//! | text | meets |
//! |---|---|
//! | `daily x4`, `harian 4 kali` | four days running |
//! | `weekly tue,thu x12`, `mingguan selasa,kamis 12 kali` | twelve times, on Tuesdays and Thursdays |
//! | `every 2 weeks mon until 2027-03-01` | every other Monday until that day |
//! | `monthly 15 x6`, `bulanan 15 6 kali` | on the 15th, six months (the last day in a shorter month) |
//! | `monthly 2nd tue x6`, `monthly last fri x3` | on a weekday of the month |

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::PartId;
use super::event::When;
use super::vocab::{Attendance, MeetingStatus};

/// The most meetings a series has.
pub const MAX_MEETINGS: usize = 400;

/// How often a series meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Repeat {
    /// Every `every` days.
    Daily {
        /// Days between meetings.
        every: u32,
    },
    /// Every `every` weeks, on the weekdays of `days` (Monday = bit 0 … Sunday = bit 6).
    Weekly {
        /// Weeks between.
        every: u32,
        /// The weekdays.
        days: u8,
    },
    /// On day `day` of every `every` months (its last day in a shorter month).
    MonthlyDay {
        /// Months between.
        every: u32,
        /// Day of the month, 1–31.
        day: u8,
    },
    /// On the `nth` (1–4; 5: the last) `weekday` (0 = Monday) of every `every` months.
    MonthlyWeekday {
        /// Months between.
        every: u32,
        /// Which of the month's such weekdays.
        nth: u8,
        /// Which weekday.
        weekday: u8,
    },
}

/// When a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum End {
    /// After this many meetings.
    Count(u32),
    /// On or before this day.
    Until(NaiveDate),
}

/// The rule of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    /// How often.
    pub repeat: Repeat,
    /// Until when.
    pub end: End,
}

/// One meeting of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Its number in the series (1, 2, …), kept when meetings move or are
    /// added, never reused.
    pub number: u32,
    /// Its day (and time).
    pub when: When,
    /// Whether it is to come, was held, cancelled or moved.
    pub status: MeetingStatus,
    /// Who came, by participant; a participant not listed is expected.
    pub attendance: Vec<(PartId, Attendance)>,
    /// The meeting this one took the place of (moved to this day), if any:
    /// it is no day of the rule, and laying the series out again keeps it.
    pub moved_from: Option<u32>,
}

impl Meeting {
    /// A participant's attendance at this meeting (invited when not recorded).
    pub fn of(&self, p: PartId) -> Attendance {
        self.attendance.iter().find(|(id, _)| *id == p).map_or(Attendance::Invited, |(_, a)| *a)
    }

    /// Records a participant's attendance.
    pub fn set(&mut self, p: PartId, a: Attendance) {
        match self.attendance.iter_mut().find(|(id, _)| *id == p) {
            Some(slot) => slot.1 = a,
            None => self.attendance.push((p, a)),
        }
    }

    /// Whether it counts: held or still to come (not cancelled, not moved away).
    pub fn counts(&self) -> bool {
        matches!(self.status, MeetingStatus::Planned | MeetingStatus::Held)
    }
}

/// What is wrong with a rule's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesProblem {
    /// Not `daily`, `weekly`, `monthly` (or `every N …`).
    Frequency,
    /// A weekday that is not one.
    Weekday(String),
    /// A day of the month outside 1–31, or `2nd` without a weekday.
    MonthDay(String),
    /// Neither `xN` (1–400) nor `until DATE`.
    End,
    /// More than [`MAX_MEETINGS`].
    TooMany,
}

const WEEKDAYS: [(&str, &str, &str); 7] = [
    ("mon", "monday", "senin"),
    ("tue", "tuesday", "selasa"),
    ("wed", "wednesday", "rabu"),
    ("thu", "thursday", "kamis"),
    ("fri", "friday", "jumat"),
    ("sat", "saturday", "sabtu"),
    ("sun", "sunday", "minggu"),
];

fn weekday_of(word: &str) -> Option<u8> {
    let w = word.trim().to_lowercase().replace('\'', "");
    WEEKDAYS
        .iter()
        .position(|(a, b, c)| w == *a || w == *b || w == *c || (w.len() >= 3 && b.starts_with(&w)))
        .and_then(|i| u8::try_from(i).ok())
}

fn weekday(n: u8) -> Weekday {
    Weekday::try_from(n.min(6)).unwrap_or(Weekday::Mon)
}

fn nth_of(word: &str) -> Option<u8> {
    match word.trim().to_lowercase().as_str() {
        "1st" | "first" | "pertama" | "ke-1" => Some(1),
        "2nd" | "second" | "kedua" | "ke-2" => Some(2),
        "3rd" | "third" | "ketiga" | "ke-3" => Some(3),
        "4th" | "fourth" | "keempat" | "ke-4" => Some(4),
        "last" | "terakhir" => Some(5),
        _ => None,
    }
}

impl Recurrence {
    /// Reads a rule (see the module notes); `today` completes dates
    /// written without a year.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Recurrence, SeriesProblem> {
        let lower = text.trim().to_lowercase();
        let mut words: Vec<String> = lower.split_whitespace().map(String::from).collect();
        // "12 kali", "12 times": the count
        if let Some(p) = words.iter().position(|w| matches!(w.as_str(), "kali" | "times" | "time"))
            && p >= 1
            && words[p - 1].parse::<u32>().is_ok()
        {
            let count = format!("x{}", words[p - 1]);
            words.splice(p - 1..=p, [count]);
        }
        let is_count = |w: &str| w.strip_prefix('x').is_some_and(|n| n.parse::<u32>().is_ok());
        let mut i = 0;
        let mut every = 1u32;
        // "every 2 weeks", "setiap 2 minggu"
        if matches!(words.first().map(String::as_str), Some("every" | "setiap" | "tiap")) {
            i += 1;
            if let Some(n) = words.get(i).and_then(|w| w.parse::<u32>().ok()) {
                every = n.clamp(1, 52);
                i += 1;
            }
        }
        let unit = match words.get(i).map(String::as_str) {
            Some("daily" | "day" | "days" | "harian" | "hari") => 'd',
            Some("weekly" | "week" | "weeks" | "mingguan" | "minggu" | "pekan") => 'w',
            Some("monthly" | "month" | "months" | "bulanan" | "bulan") => 'm',
            _ => return Err(SeriesProblem::Frequency),
        };
        i += 1;
        let end_at = words[i..]
            .iter()
            .position(|w| is_count(w) || matches!(w.as_str(), "until" | "sampai" | "hingga"))
            .map_or(words.len(), |p| p + i);
        let days_words: Vec<&str> = words[i..end_at].iter().map(String::as_str).collect();
        let end_words: Vec<&str> = words[end_at..].iter().map(String::as_str).collect();
        let repeat = match unit {
            'd' => Repeat::Daily { every },
            'w' => {
                let mut days = 0u8;
                let named = days_words.iter().flat_map(|w| w.split(',')).filter(|w| !matches!(*w, "" | "on" | "pada"));
                for w in named {
                    let d = weekday_of(w).ok_or_else(|| SeriesProblem::Weekday(w.to_string()))?;
                    days |= 1 << d;
                }
                Repeat::Weekly { every, days }
            }
            _ => match days_words.as_slice() {
                [] => Repeat::MonthlyDay { every, day: 0 },
                [d] if d.parse::<u8>().is_ok_and(|n| (1..=31).contains(&n)) => {
                    Repeat::MonthlyDay { every, day: d.parse().unwrap_or(1) }
                }
                [n, w] => {
                    let nth = nth_of(n).ok_or_else(|| SeriesProblem::MonthDay(n.to_string()))?;
                    let weekday = weekday_of(w).ok_or_else(|| SeriesProblem::Weekday(w.to_string()))?;
                    Repeat::MonthlyWeekday { every, nth, weekday }
                }
                other => return Err(SeriesProblem::MonthDay(other.join(" "))),
            },
        };
        let end = match end_words.as_slice() {
            [x] if is_count(x) => match x[1..].parse::<u32>() {
                Ok(n) if (1..=MAX_MEETINGS as u32).contains(&n) => End::Count(n),
                Ok(n) if n > MAX_MEETINGS as u32 => return Err(SeriesProblem::TooMany),
                _ => return Err(SeriesProblem::End),
            },
            [_, date] => End::Until(super::input::parse_date(date, today).map_err(|_| SeriesProblem::End)?),
            _ => return Err(SeriesProblem::End),
        };
        Ok(Recurrence { repeat, end })
    }

    /// The rule's text form (English words, as [`Recurrence::parse`] reads it).
    pub fn text(&self) -> String {
        let every = |n: u32, unit: &str, one: &str| {
            if n == 1 { one.to_string() } else { format!("every {n} {unit}") }
        };
        let head = match self.repeat {
            Repeat::Daily { every: n } => every(n, "days", "daily"),
            Repeat::Weekly { every: n, days } => {
                let names: Vec<&str> = (0..7).filter(|d| days & (1 << d) != 0).map(|d| WEEKDAYS[d].0).collect();
                let head = every(n, "weeks", "weekly");
                if names.is_empty() { head } else { format!("{head} {}", names.join(",")) }
            }
            Repeat::MonthlyDay { every: n, day } => {
                let head = every(n, "months", "monthly");
                if day == 0 { head } else { format!("{head} {day}") }
            }
            Repeat::MonthlyWeekday { every: n, nth, weekday } => {
                let nth = ["1st", "2nd", "3rd", "4th", "last"][usize::from(nth.clamp(1, 5) - 1)];
                format!("{} {nth} {}", every(n, "months", "monthly"), WEEKDAYS[usize::from(weekday.min(6))].0)
            }
        };
        match self.end {
            End::Count(n) => format!("{head} x{n}"),
            End::Until(d) => format!("{head} until {}", d.format("%Y-%m-%d")),
        }
    }

    /// The days of the series whose first meeting is on `first` (a weekly
    /// rule without weekdays meets on `first`'s; a monthly one without a
    /// day on `first`'s day). At most [`MAX_MEETINGS`].
    pub fn dates(&self, first: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let limit = match self.end {
            End::Count(n) => (n as usize).min(MAX_MEETINGS),
            End::Until(_) => MAX_MEETINGS,
        };
        let within = |d: NaiveDate| match self.end {
            End::Until(u) => d <= u,
            End::Count(_) => true,
        };
        let push = |d: NaiveDate, out: &mut Vec<NaiveDate>| -> bool {
            if out.len() >= limit || !within(d) {
                return false;
            }
            if d >= first {
                out.push(d);
            }
            true
        };
        match self.repeat {
            Repeat::Daily { every } => {
                let mut d = first;
                while push(d, &mut out) {
                    d += Duration::days(i64::from(every.max(1)));
                }
            }
            Repeat::Weekly { every, days } => {
                let days = if days == 0 { 1 << first.weekday().num_days_from_monday() } else { days };
                let monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
                let mut week = 0i64;
                'weeks: loop {
                    for d in 0..7 {
                        if days & (1 << d) != 0 {
                            let day = monday + Duration::weeks(week) + Duration::days(d);
                            if !push(day, &mut out) {
                                break 'weeks;
                            }
                        }
                    }
                    week += i64::from(every.max(1));
                }
            }
            Repeat::MonthlyDay { every, day } => {
                let day = if day == 0 { first.day() } else { u32::from(day) };
                let start = first.with_day(1).unwrap_or(first);
                let mut k = 0u32;
                while let Some(month) = start.checked_add_months(Months::new(k)) {
                    let last = last_day(month);
                    let d = month.with_day(day.min(last)).unwrap_or(month);
                    if !push(d, &mut out) {
                        break;
                    }
                    k += every.max(1);
                }
            }
            Repeat::MonthlyWeekday { every, nth, weekday: wd } => {
                let start = first.with_day(1).unwrap_or(first);
                let mut k = 0u32;
                while let Some(month) = start.checked_add_months(Months::new(k)) {
                    let d = nth_weekday(month, nth, weekday(wd));
                    if !push(d, &mut out) {
                        break;
                    }
                    k += every.max(1);
                }
            }
        }
        out
    }
}

fn last_day(month: NaiveDate) -> u32 {
    month
        .checked_add_months(Months::new(1))
        .and_then(|next| next.with_day(1))
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

/// The `nth` (5: last) `wd` of `month`'s month.
fn nth_weekday(month: NaiveDate, nth: u8, wd: Weekday) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    let offset = (7 + wd.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let first_wd = first + Duration::days(i64::from(offset));
    if nth >= 5 {
        let last = first.with_day(last_day(first)).unwrap_or(first);
        let back = (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        return last - Duration::days(i64::from(back));
    }
    first_wd + Duration::weeks(i64::from(nth.max(1) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn rule(text: &str) -> Recurrence {
        Recurrence::parse(text, d(2026, 12, 6)).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn rules_read_in_either_language_and_write_back_the_same() {
        for (text, canonical) in [
            ("weekly tue x12", "weekly tue x12"),
            ("Mingguan selasa,kamis 12 kali", "weekly tue,thu x12"),
            ("every 2 weeks mon until 2027-03-01", "every 2 weeks mon until 2027-03-01"),
            ("harian 4 kali", "daily x4"),
            ("monthly 15 x6", "monthly 15 x6"),
            ("bulanan kedua selasa 3 kali", "monthly 2nd tue x3"),
            ("monthly last fri until 30/06/2027", "monthly last fri until 2027-06-30"),
            ("setiap 3 hari x5", "every 3 days x5"),
        ] {
            let r = rule(text);
            assert_eq!(r.text(), canonical, "{text}");
            assert_eq!(rule(&r.text()), r, "{text} round trip");
        }
        for (text, problem) in [
            ("fortnightly x3", SeriesProblem::Frequency),
            ("weekly funday x3", SeriesProblem::Weekday("funday".into())),
            ("weekly tue", SeriesProblem::End),
            ("weekly tue x0", SeriesProblem::End),
            ("weekly tue x401", SeriesProblem::TooMany),
            ("monthly 32 x3", SeriesProblem::MonthDay("32".into())),
        ] {
            assert_eq!(Recurrence::parse(text, d(2026, 12, 6)), Err(problem), "{text}");
        }
    }

    #[test]
    fn a_weekly_class_meets_twelve_tuesdays() {
        let days = rule("weekly tue x12").dates(d(2027, 1, 5));
        assert_eq!(days.len(), 12);
        assert_eq!(days[0], d(2027, 1, 5));
        assert_eq!(days[11], d(2027, 3, 23));
        assert!(days.iter().all(|x| x.weekday() == Weekday::Tue));
        // two days a week, the first on the day given, then in order
        let days = rule("weekly tue,thu x5").dates(d(2027, 1, 7));
        assert_eq!(days, vec![d(2027, 1, 7), d(2027, 1, 12), d(2027, 1, 14), d(2027, 1, 19), d(2027, 1, 21)]);
        // every other week, until a day
        let days = rule("every 2 weeks mon until 2027-02-15").dates(d(2027, 1, 4));
        assert_eq!(days, vec![d(2027, 1, 4), d(2027, 1, 18), d(2027, 2, 1), d(2027, 2, 15)]);
    }

    #[test]
    fn monthly_rules_keep_to_the_month() {
        // the 31st is the last day of a shorter month
        let days = rule("monthly 31 x4").dates(d(2027, 1, 31));
        assert_eq!(days, vec![d(2027, 1, 31), d(2027, 2, 28), d(2027, 3, 31), d(2027, 4, 30)]);
        let days = rule("monthly 2nd tue x3").dates(d(2027, 1, 1));
        assert_eq!(days, vec![d(2027, 1, 12), d(2027, 2, 9), d(2027, 3, 9)]);
        let days = rule("monthly last fri x2").dates(d(2027, 1, 1));
        assert_eq!(days, vec![d(2027, 1, 29), d(2027, 2, 26)]);
        // a four-day workshop
        let days = rule("daily x4").dates(d(2027, 2, 1));
        assert_eq!(days.last(), Some(&d(2027, 2, 4)));
        // never more than the limit, and none past the end
        assert_eq!(rule("daily until 2099-01-01").dates(d(2027, 1, 1)).len(), MAX_MEETINGS);
        assert!(rule("daily until 2026-01-01").dates(d(2027, 1, 1)).is_empty());
    }

    #[test]
    fn attendance_is_per_participant_and_invited_until_recorded() {
        let mut m = Meeting {
            number: 1,
            when: When::Date(d(2027, 1, 5)),
            status: MeetingStatus::Planned,
            attendance: vec![],
            moved_from: None,
        };
        assert_eq!(m.of(PartId(3)), Attendance::Invited);
        m.set(PartId(3), Attendance::Attended);
        m.set(PartId(3), Attendance::Excused);
        assert_eq!(m.of(PartId(3)), Attendance::Excused);
        assert_eq!(m.attendance.len(), 1);
    }
}
