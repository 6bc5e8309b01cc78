//! The national holidays and joint leave days simpul ships; a database
//! keeps only what its office changed (see `Store::calendar`).

use chrono::NaiveDate;

use crate::model::{DayOff, DayOffKind};

/// Who the shipped days are entered by.
pub const SHIPPED_BY: &str = "simpul";

const DATA: &str = include_str!("holidays-id.csv");

/// Every shipped day, in date order.
pub fn shipped() -> &'static [DayOff] {
    static DAYS: std::sync::OnceLock<Vec<DayOff>> = std::sync::OnceLock::new();
    DAYS.get_or_init(read)
}

fn read() -> Vec<DayOff> {
    // the file is ours and checked by a test: a line that does not read is skipped
    let mut days: Vec<DayOff> = DATA
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("date,") && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cells = l.splitn(3, ',');
            let date = NaiveDate::parse_from_str(cells.next()?, "%Y-%m-%d").ok()?;
            let kind = DayOffKind::from_code(cells.next()?)?;
            let name = cells.next()?.trim().to_string();
            Some(DayOff { date, kind, name, by: SHIPPED_BY.to_string() })
        })
        .collect();
    days.sort_by_key(|d| d.date);
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn every_line_of_the_shipped_file_reads_and_no_day_is_twice() {
        let lines = DATA.lines().filter(|l| !l.starts_with('#') && !l.starts_with("date,") && !l.trim().is_empty());
        let days = shipped();
        assert_eq!(days.len(), lines.count());
        assert!(days.windows(2).all(|w| w[0].date < w[1].date));
        assert!(days.iter().all(|d| !d.name.is_empty() && crate::model::validate::check_line(&d.name, 120).is_none()));
        let mut years: Vec<i32> = days.iter().map(|d| d.date.year()).collect();
        years.dedup();
        assert_eq!(years, vec![2026, 2027]);
    }

    #[test]
    fn the_2026_decree_has_17_holidays_and_8_joint_leave_days() {
        let of = |k| shipped().iter().filter(|d| d.date.year() == 2026 && d.kind == k).count();
        assert_eq!((of(DayOffKind::Holiday), of(DayOffKind::JointLeave)), (17, 8));
    }
}
