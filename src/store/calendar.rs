//! The office's calendar: the days it is closed, the same for every
//! session, command and the server.
//!
//! The national holidays simpul ships (`casework::holidays`) are not copied
//! into the database: it keeps only what the office changed (days entered,
//! shipped days taken out), so a newer simpul correcting an estimated
//! holiday corrects it everywhere the office did not decide otherwise.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{AuditAction, Batch, META, Result, Store, StoreError, codec};
use crate::model::{Calendar, DayOff, DayOffKind, ProblemKind, Role};

pub(super) const CALENDAR_KEY: &[u8] = b"calendar";

/// Longest name of a closed day.
pub const MAX_DAY_NAME: usize = 120;

/// What the office changed in the shipped calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Changes {
    /// Days entered (a closure, a holiday, or a shipped day corrected).
    entered: Vec<DayOff>,
    /// Shipped days taken out.
    removed: Vec<NaiveDate>,
}

impl Changes {
    fn calendar(&self) -> Calendar {
        let mut cal = Calendar::new(
            crate::model::holidays::shipped().iter().filter(|d| !self.removed.contains(&d.date)).cloned(),
        );
        for d in &self.entered {
            cal.insert(d.clone());
        }
        cal
    }
}

/// Why a change to the calendar was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarProblem {
    /// Only administrators change the calendar.
    NotAdmin {
        /// Who tried.
        actor: String,
        /// With which role.
        role: Role,
    },
    /// The name is empty, too long or holds control characters.
    Name(ProblemKind),
    /// Nothing is entered for that day.
    NotEntered(NaiveDate),
}

fn decode(bytes: &[u8]) -> Result<Changes> {
    codec::decode(bytes).map_err(|error| StoreError::Decode { tree: "meta", key: "calendar".to_string(), error })
}

impl Store {
    /// The office's calendar: the shipped holidays with the office's changes.
    pub fn calendar(&self) -> Result<Calendar> {
        let changes = match self.inner.trees[META].get(CALENDAR_KEY)? {
            Some(v) => decode(&v)?,
            None => Changes::default(),
        };
        Ok(changes.calendar())
    }
}

impl Batch<'_> {
    fn calendar_changes(&self) -> Result<Changes> {
        match self.read(META, CALENDAR_KEY)? {
            Some(v) => decode(&v),
            None => Ok(Changes::default()),
        }
    }

    fn put_calendar(&mut self, changes: &Changes) -> Result<()> {
        let bytes = codec::encode(changes).map_err(StoreError::Encode)?;
        self.put(META, CALENDAR_KEY.to_vec(), Some(bytes));
        Ok(())
    }

    fn may_change_calendar(&self) -> Result<()> {
        match self.actor().role {
            _ if self.actor().may(super::rules::Op::Calendar) => Ok(()),
            role => Err(StoreError::Calendar(CalendarProblem::NotAdmin { actor: self.actor().name.clone(), role })),
        }
    }

    /// Enters a closed day (administrators), replacing what the date held;
    /// what it replaced.
    pub fn set_day_off(&mut self, date: NaiveDate, kind: DayOffKind, name: &str) -> Result<Option<DayOff>> {
        self.may_change_calendar()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Calendar(CalendarProblem::Name(ProblemKind::Required)));
        }
        if let Some(kind) = crate::model::validate::check_line(name, MAX_DAY_NAME) {
            return Err(StoreError::Calendar(CalendarProblem::Name(kind)));
        }
        let mut changes = self.calendar_changes()?;
        let before = changes.calendar().get(date).cloned();
        changes.entered.retain(|d| d.date != date);
        changes.entered.push(DayOff { date, kind, name: name.to_string(), by: self.actor().name.clone() });
        changes.entered.sort_by_key(|d| d.date);
        self.put_calendar(&changes)?;
        let note = match &before {
            Some(b) => format!("{date} {} {name} (was {} {})", kind.code(), b.kind.code(), b.name),
            None => format!("{date} {} {name}", kind.code()),
        };
        self.audit(AuditAction::Calendar, None, Vec::new(), note);
        Ok(before)
    }

    /// Takes the closed day on `date` out (administrators); what it was.
    pub fn remove_day_off(&mut self, date: NaiveDate) -> Result<DayOff> {
        self.may_change_calendar()?;
        let mut changes = self.calendar_changes()?;
        let gone =
            changes.calendar().get(date).cloned().ok_or(StoreError::Calendar(CalendarProblem::NotEntered(date)))?;
        changes.entered.retain(|d| d.date != date);
        if crate::model::holidays::shipped().iter().any(|d| d.date == date) && !changes.removed.contains(&date) {
            changes.removed.push(date);
            changes.removed.sort();
        }
        self.put_calendar(&changes)?;
        self.audit(
            AuditAction::Calendar,
            None,
            Vec::new(),
            format!("{date} removed: {} {}", gone.kind.code(), gone.name),
        );
        Ok(gone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::model::{Client, ReportingFrequency, ReportingStatus};
    use crate::store::{Actor, temp_store_at};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_new_database_has_the_shipped_holidays_and_keeps_what_the_admin_changed() {
        // reopened below: on disk
        let (dir, s) =
            crate::store::temp_store_on(Clock::at(2026, 3, 1, 9, 0, 0), crate::store::engine::EngineKind::Sled);
        let cal = s.calendar().unwrap();
        assert_eq!(cal.get(d(2026, 3, 21)).unwrap().name, "Idul Fitri 1447 H");
        assert!(cal.between(d(2027, 1, 1), d(2027, 12, 31)).next().is_some(), "next year's too");
        let admin = Actor::new("agus", Role::Admin);
        s.write(&admin, |b| b.remove_day_off(d(2026, 5, 15)).map(|_| ())).unwrap();
        s.write(&admin, |b| b.set_day_off(d(2026, 4, 6), DayOffKind::Closure, "Pindah gedung").map(|_| ())).unwrap();
        drop(s);
        let s = Store::open(&dir.path().join("db"), &crate::store::OpenOptions::default()).unwrap();
        let cal = s.calendar().unwrap();
        assert!(cal.get(d(2026, 5, 15)).is_none(), "a shipped day taken out stays out");
        assert_eq!(cal.get(d(2026, 4, 6)).unwrap().kind, DayOffKind::Closure);
        let notes: Vec<String> = s
            .audit_log()
            .filter_map(|e| e.ok())
            .filter(|e| e.action == AuditAction::Calendar)
            .map(|e| format!("{} {}", e.actor, e.note))
            .collect();
        assert_eq!(
            notes,
            vec![
                "agus 2026-05-15 removed: cuti Cuti bersama Kenaikan Yesus Kristus",
                "agus 2026-04-06 closure Pindah gedung",
            ]
        );
    }

    #[test]
    fn only_an_admin_changes_the_calendar_and_a_name_is_required() {
        let (_d, s) = temp_store_at(Clock::at(2026, 3, 1, 9, 0, 0));
        let officer = Actor::new("rina", Role::Officer);
        let e = s.write(&officer, |b| b.set_day_off(d(2026, 4, 6), DayOffKind::Closure, "x")).unwrap_err();
        assert!(matches!(e, StoreError::Calendar(CalendarProblem::NotAdmin { .. })), "{e:?}");
        let admin = Actor::new("agus", Role::Admin);
        let e = s.write(&admin, |b| b.set_day_off(d(2026, 4, 6), DayOffKind::Closure, "  ")).unwrap_err();
        assert!(matches!(e, StoreError::Calendar(CalendarProblem::Name(ProblemKind::Required))), "{e:?}");
        let e = s.write(&admin, |b| b.remove_day_off(d(2026, 4, 7))).unwrap_err();
        assert!(matches!(e, StoreError::Calendar(CalendarProblem::NotEntered(_))), "{e:?}");
        assert!(s.calendar().unwrap().get(d(2026, 4, 6)).is_none());
    }

    /// Idul Fitri 2026: a client reporting on Mondays from 2 March is due
    /// on Wednesday 25 March (Monday 23 and Tuesday 24 are joint leave),
    /// not missed on the 23rd; a closure the admin enters moves a day too.
    #[test]
    fn reporting_days_on_holidays_move_to_the_next_open_day() {
        let (_d, s) = temp_store_at(Clock::at(2026, 3, 1, 9, 0, 0));
        let cal = s.calendar().unwrap();
        let mut c = Client::new("Budi");
        c.supervision_start = Some(d(2026, 3, 2));
        c.reporting.frequency = ReportingFrequency::Weekly;
        c.reporting.from = Some(d(2026, 3, 2));
        let dates = crate::model::reporting::expected_dates(&c, &cal, d(2026, 3, 1), d(2026, 4, 10));
        assert_eq!(
            dates,
            vec![d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 16), d(2026, 3, 25), d(2026, 3, 30), d(2026, 4, 6)]
        );
        for day in [2, 9, 16] {
            crate::model::reporting::record(&mut c, d(2026, 3, day), ReportingStatus::Attended, "", "rina");
        }
        let st = crate::model::reporting::standing(&c, &cal, d(2026, 3, 24));
        assert_eq!((st.missed, st.due_today), (0, false), "no miss on Idul Fitri");
        assert_eq!(st.next, Some(d(2026, 3, 25)));
        assert_eq!(st.next_moved_from, Some(d(2026, 3, 23)));
        assert_eq!(crate::model::reporting::day_to_record(&c, &cal, d(2026, 3, 25)), d(2026, 3, 25));
        let admin = Actor::new("agus", Role::Admin);
        s.write(&admin, |b| b.set_day_off(d(2026, 3, 30), DayOffKind::Closure, "Pindah gedung").map(|_| ())).unwrap();
        let cal = s.calendar().unwrap();
        assert_eq!(
            crate::model::reporting::expected_dates(&c, &cal, d(2026, 3, 26), d(2026, 4, 10)),
            vec![d(2026, 3, 31), d(2026, 4, 6)]
        );
        // a report taken on the holiday itself (the office opened after all) counts for it
        crate::model::reporting::record(&mut c, d(2026, 3, 23), ReportingStatus::Attended, "", "rina");
        let st = crate::model::reporting::standing(&c, &cal, d(2026, 3, 26));
        assert_eq!((st.attended, st.missed), (4, 0));
        // a summary counts the same as the record
        let summary = crate::store::summary::ClientSummary::of(&c);
        assert_eq!(summary.standing(d(2026, 3, 26), &cal), st);
    }
}
