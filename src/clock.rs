//! The one source of "now" and "today".
//!
//! A [`Clock`] is given when the store is opened (the system clock in the
//! binary, a manual one in tests) and handed from there to every session,
//! command and write, so that a whole program agrees on the time and a test
//! chooses it. "Today" is a date in a [`Zone`]: the office's (the server's
//! own zone) or a user's where one is set, so a WITA user on a WIB server
//! records sessions on her own date.
//!
//! Nothing else in the crate asks the operating system for the time.
//!
//! A user's own zone is one of Indonesia's, by its IANA name, or an offset
//! from UTC. Indonesia's zones have kept one offset each, without daylight
//! saving, since 1964, so a table of four names serves where a copy of the
//! whole time-zone database would add 2 MB to the binary.

use std::str::FromStr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// A time zone in which days begin and times are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The machine's own zone (`TZ`, else `/etc/localtime`): the office's.
    #[default]
    Local,
    /// A fixed offset from UTC (tests, and zones without daylight saving).
    Fixed(FixedOffset),
    /// One of Indonesia's zones, by its IANA name (see [`INDONESIA`]).
    Named(&'static str),
}

/// Indonesia's zones in the IANA database and their offsets in hours.
pub const INDONESIA: [(&str, i32); 4] =
    [("Asia/Jakarta", 7), ("Asia/Pontianak", 7), ("Asia/Makassar", 8), ("Asia/Jayapura", 9)];

impl Zone {
    /// Western Indonesia Time (WIB, UTC+7).
    pub const WIB: Zone = Zone::Named("Asia/Jakarta");
    /// Central Indonesia Time (WITA, UTC+8).
    pub const WITA: Zone = Zone::Named("Asia/Makassar");
    /// Eastern Indonesia Time (WIT, UTC+9).
    pub const WIT: Zone = Zone::Named("Asia/Jayapura");

    /// A fixed offset of whole hours east of UTC; `None` out of range.
    pub fn hours(hours: i32) -> Option<Zone> {
        FixedOffset::east_opt(hours * 3600).map(Zone::Fixed)
    }

    /// The offset of a fixed or named zone (`None`: the machine's own).
    fn offset(self) -> Option<FixedOffset> {
        match self {
            Zone::Local => None,
            Zone::Fixed(o) => Some(o),
            Zone::Named(name) => {
                let hours = INDONESIA.iter().find(|(n, _)| *n == name).map_or(0, |(_, h)| *h);
                Some(FixedOffset::east_opt(hours * 3600).unwrap_or(Utc.fix()))
            }
        }
    }

    /// The wall-clock time of an instant in this zone.
    pub fn local(self, at: DateTime<Utc>) -> NaiveDateTime {
        match self.offset() {
            None => at.with_timezone(&chrono::Local).naive_local(),
            Some(o) => at.with_timezone(&o).naive_local(),
        }
    }

    /// The date of an instant in this zone.
    pub fn date(self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The name a user gives for it (`Asia/Makassar`, `+07:00`, `local`).
    pub fn name(self) -> String {
        match self {
            Zone::Local => "local".to_string(),
            Zone::Fixed(o) => o.to_string(),
            Zone::Named(name) => name.to_string(),
        }
    }

    /// The instant a wall-clock time in this zone names; the earlier one
    /// when it names two (clocks turned back), `None` when it names none
    /// (clocks turned forward).
    pub fn instant(self, at: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.offset() {
            None => chrono::Local.from_local_datetime(&at).earliest().map(|d| d.with_timezone(&Utc)),
            Some(o) => o.from_local_datetime(&at).earliest().map(|d| d.with_timezone(&Utc)),
        }
    }
}

/// Why a zone name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown time zone {0:?}: give one of Indonesia's (Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura; or WIB, WITA, WIT) or an offset such as +08:00"
)]
pub struct UnknownZone(pub String);

impl FromStr for Zone {
    type Err = UnknownZone;

    /// An IANA name (`Asia/Makassar`), one of Indonesia's three zones by
    /// its abbreviation (`WIB`, `WITA`, `WIT`), an offset (`+08:00`), or
    /// `local` for the machine's own.
    fn from_str(s: &str) -> Result<Zone, UnknownZone> {
        let t = s.trim();
        match t.to_ascii_uppercase().as_str() {
            "WIB" => return Ok(Zone::WIB),
            "WITA" => return Ok(Zone::WITA),
            "WIT" => return Ok(Zone::WIT),
            "LOCAL" => return Ok(Zone::Local),
            _ => {}
        }
        if let Ok(o) = FixedOffset::from_str(t) {
            return Ok(Zone::Fixed(o));
        }
        INDONESIA
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t))
            .map(|(name, _)| Zone::Named(name))
            .ok_or_else(|| UnknownZone(t.to_string()))
    }
}

// A zone is stored by its name, so that a stored user keeps meaning the
// same zone whatever the offset table of the program that reads it.
impl Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let name = String::deserialize(d)?;
        Zone::from_str(&name).map_err(serde::de::Error::custom)
    }
}

/// Where the time comes from.
#[derive(Debug)]
enum Source {
    /// The operating system's clock.
    System,
    /// A time that moves only when told to (tests).
    Manual(Mutex<DateTime<Utc>>),
}

/// The time, and the zone its days are counted in. Cheap to clone; clones
/// share one source, so moving a manual clock moves it for everyone.
#[derive(Debug, Clone)]
pub struct Clock {
    source: Arc<Source>,
    zone: Zone,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

impl Clock {
    /// The operating system's clock, in the machine's own zone.
    pub fn system() -> Clock {
        Clock { source: Arc::new(Source::System), zone: Zone::Local }
    }

    /// A clock standing at `at` until [`Clock::set`] or [`Clock::advance`] moves it.
    pub fn manual(at: DateTime<Utc>, zone: Zone) -> Clock {
        Clock { source: Arc::new(Source::Manual(Mutex::new(at))), zone }
    }

    /// A manual clock at a wall-clock time in a zone of whole hours east of
    /// UTC (`Clock::at(2026, 11, 28, 9, 0, 7)`: 09:00 WIB), for tests.
    /// Out-of-range parts give 1 January 2000, 00:00 UTC.
    pub fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32, zone_hours: i32) -> Clock {
        let zone = Zone::hours(zone_hours).unwrap_or(Zone::Fixed(Utc.fix()));
        let wall = NaiveDate::from_ymd_opt(year, month, day).and_then(|d| d.and_hms_opt(hour, minute, 0));
        let at = wall.and_then(|w| zone.instant(w)).unwrap_or_default();
        Clock::manual(at, zone)
    }

    /// The clock of unit tests: 28 November 2026, 09:00 WIB (UTC+7).
    #[cfg(test)]
    pub(crate) fn test() -> Clock {
        Clock::at(2026, 11, 28, 9, 0, 7)
    }

    /// The same time, with days counted in another zone.
    pub fn in_zone(&self, zone: Zone) -> Clock {
        Clock { source: Arc::clone(&self.source), zone }
    }

    /// The same time in a user's own zone, if they have one (else this
    /// clock's): the clock a user's days are counted by.
    pub fn in_zone_of(&self, zone: Option<Zone>) -> Clock {
        self.in_zone(zone.unwrap_or(self.zone))
    }

    /// The zone days are counted in.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Now.
    pub fn now(&self) -> DateTime<Utc> {
        match &*self.source {
            Source::System => Utc::now(),
            Source::Manual(at) => *at.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// Today's date in this clock's zone.
    pub fn today(&self) -> NaiveDate {
        self.zone.date(self.now())
    }

    /// Now as a wall-clock time in this clock's zone.
    pub fn local_now(&self) -> NaiveDateTime {
        self.zone.local(self.now())
    }

    /// Moves a manual clock to `at`; the system clock is not moved.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Manual(t) = &*self.source {
            *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = at;
        }
    }

    /// Moves a manual clock on by `by`; the system clock is not moved.
    pub fn advance(&self, by: Duration) {
        if let Source::Manual(t) = &*self.source {
            let mut t = t.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            *t += by;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_day_turns_at_local_midnight() {
        let clock = Clock::at(2026, 12, 31, 23, 59, 7);
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(clock.now(), clock.now());
        clock.advance(Duration::seconds(61));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        // 00:00:01 WIB is still the last day of the year in UTC
        assert_eq!(clock.in_zone(Zone::hours(0).unwrap()).today(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    }

    #[test]
    fn clones_and_zones_share_one_time() {
        let clock = Clock::at(2028, 2, 28, 23, 30, 7);
        let wita = clock.in_zone(Zone::WITA);
        assert_eq!(wita.today(), NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2028, 2, 28).unwrap());
        clock.advance(Duration::hours(1));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
        assert_eq!(wita.now(), clock.now());
    }

    #[test]
    fn zones_by_name_abbreviation_and_offset() {
        assert_eq!("Asia/Makassar".parse::<Zone>(), Ok(Zone::WITA));
        assert_eq!("asia/jayapura".parse::<Zone>(), Ok(Zone::WIT));
        assert_eq!("wib".parse::<Zone>(), Ok(Zone::WIB));
        assert_eq!("+08:00".parse::<Zone>(), Ok(Zone::hours(8).unwrap()));
        assert_eq!("local".parse::<Zone>(), Ok(Zone::Local));
        assert_eq!("Asia/Pontianak".parse::<Zone>().map(|z| z.offset()), Ok(Zone::hours(7).and_then(Zone::offset)));
        let err = "Mars/Olympus".parse::<Zone>().unwrap_err();
        assert!(err.to_string().contains("Asia/Makassar"), "{err}");
        for z in [Zone::WIB, Zone::WITA, Zone::hours(9).unwrap(), Zone::Local] {
            assert_eq!(z.name().parse::<Zone>(), Ok(z));
        }
    }
}
