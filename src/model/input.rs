//! Parsing what people type: dates as Indonesians write them, relative
//! dates, date-times and lists. Shared by forms, CSV import and search so a
//! date means the same everywhere.

use chrono::{Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};

/// Why a date could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Nothing was typed.
    Empty,
    /// Not a form we know.
    Unrecognised,
    /// The parts do not form a real date (31 February).
    NoSuchDate,
    /// A time that is not HH:MM.
    BadTime,
}

/// Parses a date: `2023-10-04`, `04/10/2023`, `4-10-2023`, `4.10.2023`
/// (day first, as in Indonesia), `today`/`hari ini`, `yesterday`/`kemarin`,
/// `tomorrow`/`besok`, and offsets `+7d`, `-2w`, `+1m`, `+1y` (also `h`/`hari`,
/// `mg`/`minggu`, `bln`/`bulan`, `thn`/`tahun`).
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let s = input.trim().to_lowercase();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    match s.as_str() {
        "today" | "hari ini" | "sekarang" | "now" => return Ok(today),
        "yesterday" | "kemarin" => return Ok(today - Duration::days(1)),
        "tomorrow" | "besok" => return Ok(today + Duration::days(1)),
        _ => {}
    }
    if let Some(d) = relative(&s, today) {
        return d;
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(DateError::Unrecognised);
    }
    let num = |p: &str| p.parse::<i64>().map_err(|_| DateError::Unrecognised);
    let (y, m, d) = if parts[0].len() == 4 {
        (num(parts[0])?, num(parts[1])?, num(parts[2])?)
    } else if parts[2].len() == 4 {
        (num(parts[2])?, num(parts[1])?, num(parts[0])?)
    } else {
        return Err(DateError::Unrecognised);
    };
    let (Ok(y), Ok(m), Ok(d)) = (i32::try_from(y), u32::try_from(m), u32::try_from(d)) else {
        return Err(DateError::NoSuchDate);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::NoSuchDate)
}

fn relative(s: &str, today: NaiveDate) -> Option<Result<NaiveDate, DateError>> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1i64, &s[1..]),
        b'-' => (-1i64, &s[1..]),
        _ => return None,
    };
    let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    if digits_end == 0 {
        return Some(Err(DateError::Unrecognised));
    }
    let n: i64 = match rest[..digits_end].parse() {
        Ok(n) if n <= 100_000 => n,
        _ => return Some(Err(DateError::NoSuchDate)),
    };
    let unit = rest[digits_end..].trim();
    let months = |k: i64| {
        let m = Months::new(u32::try_from(k).unwrap_or(u32::MAX));
        if sign > 0 { today.checked_add_months(m) } else { today.checked_sub_months(m) }
    };
    let out = match unit {
        "" | "d" | "h" | "hari" | "day" | "days" => today.checked_add_signed(Duration::days(sign * n)),
        "w" | "mg" | "minggu" | "week" | "weeks" => today.checked_add_signed(Duration::weeks(sign * n)),
        "m" | "bln" | "bulan" | "month" | "months" => months(n),
        "y" | "thn" | "tahun" | "year" | "years" => months(n * 12),
        _ => return Some(Err(DateError::Unrecognised)),
    };
    Some(out.ok_or(DateError::NoSuchDate))
}

/// Parses a date with an optional time: `2023-10-04 09:30`, `04/10/2023 9.30`.
/// Without a time, `None` is returned for the time part.
pub fn parse_date_time(input: &str, today: NaiveDate) -> Result<(NaiveDate, Option<NaiveTime>), DateError> {
    let s = input.trim();
    // The time, if any, is the last whitespace-separated part holding ':' (or '.' after a space).
    if let Some((date_part, time_part)) = s.rsplit_once(char::is_whitespace)
        && (time_part.contains(':') || (time_part.contains('.') && time_part.len() <= 5))
    {
        let date = parse_date(date_part, today)?;
        let (h, m) = time_part.split_once([':', '.']).ok_or(DateError::BadTime)?;
        let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) else {
            return Err(DateError::BadTime);
        };
        let time = NaiveTime::from_hms_opt(h, m, 0).ok_or(DateError::BadTime)?;
        return Ok((date, Some(time)));
    }
    Ok((parse_date(s, today)?, None))
}

/// Joins a date and optional time.
pub fn at(date: NaiveDate, time: Option<NaiveTime>) -> Option<NaiveDateTime> {
    time.map(|t| date.and_time(t))
}

/// Splits a typed list: items separated by `|`, `;` or `,`, trimmed, blanks
/// dropped, duplicates (ignoring case) removed, order kept.
pub fn parse_list(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in input.split(['|', ';', ',']) {
        let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
        if !item.is_empty() && !out.iter().any(|o| o.to_lowercase() == item.to_lowercase()) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn absolute_forms() {
        let t = d(2026, 11, 28);
        for (input, want) in [
            ("2023-10-04", d(2023, 10, 4)),
            ("04/10/2023", d(2023, 10, 4)),
            ("4-10-2023", d(2023, 10, 4)),
            ("4.10.2023", d(2023, 10, 4)),
            ("  2024-02-29 ", d(2024, 2, 29)),
        ] {
            assert_eq!(parse_date(input, t), Ok(want), "{input}");
        }
        assert_eq!(parse_date("2023-02-29", t), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("31/04/2023", t), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("04/10/23", t), Err(DateError::Unrecognised), "two-digit years are ambiguous");
        assert_eq!(parse_date("kemarin lusa", t), Err(DateError::Unrecognised));
        assert_eq!(parse_date("", t), Err(DateError::Empty));
        assert_eq!(parse_date("2023-10-04\x1b", t), Err(DateError::Unrecognised));
        assert_eq!(parse_date("99999999999-1-1", t), Err(DateError::Unrecognised), "years have four digits");
    }

    #[test]
    fn relative_forms() {
        let t = d(2026, 1, 31);
        assert_eq!(parse_date("today", t), Ok(t));
        assert_eq!(parse_date("Hari ini", t), Ok(t));
        assert_eq!(parse_date("kemarin", t), Ok(d(2026, 1, 30)));
        assert_eq!(parse_date("+7d", t), Ok(d(2026, 2, 7)));
        assert_eq!(parse_date("+7", t), Ok(d(2026, 2, 7)));
        assert_eq!(parse_date("-2w", t), Ok(d(2026, 1, 17)));
        assert_eq!(parse_date("+1m", t), Ok(d(2026, 2, 28)), "month ends clamp");
        assert_eq!(parse_date("+1 bulan", t), Ok(d(2026, 2, 28)));
        assert_eq!(parse_date("-1y", t), Ok(d(2025, 1, 31)));
        assert_eq!(parse_date("+3x", t), Err(DateError::Unrecognised));
        assert_eq!(parse_date("+d", t), Err(DateError::Unrecognised));
        assert_eq!(parse_date("+99999999999999999999d", t), Err(DateError::NoSuchDate));
    }

    #[test]
    fn date_times() {
        let t = d(2026, 1, 1);
        assert_eq!(parse_date_time("2023-10-01 09:30", t), Ok((d(2023, 10, 1), NaiveTime::from_hms_opt(9, 30, 0))));
        assert_eq!(parse_date_time("01/10/2023 9.30", t), Ok((d(2023, 10, 1), NaiveTime::from_hms_opt(9, 30, 0))));
        assert_eq!(parse_date_time("01/10/2023", t), Ok((d(2023, 10, 1), None)));
        assert_eq!(parse_date_time("01/10/2023 25:00", t), Err(DateError::BadTime));
    }

    #[test]
    fn lists() {
        assert_eq!(parse_list("barista| Budidaya  lele ;;BARISTA, las"), vec!["barista", "Budidaya lele", "las"]);
        assert!(parse_list(" | ; ").is_empty());
    }
}
