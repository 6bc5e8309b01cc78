//! Messages of the monthly report (`simpul report sessions`, and its export
//! from the interface): its headings and notes, which `render::monthly`
//! lays out; a month's name ([`Month::label`]); why a month cannot be
//! reported ([`MonthError`]), a role may not make it or an officer has no
//! clients in it.

use super::{Lang, fill, messages};
use crate::casework::monthly::{Month, MonthError, Report};
use crate::sanitize::sanitize;

messages! {
    /// Messages and headings of the monthly report.
    ReportMsg {
    Title => "Laporan Bulanan Bimbingan dan Wajib Lapor — {month}", "Monthly Report of Guidance and Reporting — {month}";
    Office => "Untuk Kanwil: bimbingan, wajib lapor dan kegiatan klien per klien dan per PK.", "For the regional office (Kanwil): guidance sessions, reporting and events per client and per officer.";
    Period => "Periode", "Period";
    Counted => "dihitung sampai", "counted up to";
    OfficerFilter => "PK", "Officer";
    Made => "Dibuat", "Made";
    PerClient => "Per klien", "Per client";
    PerOfficer => "Per PK", "Per officer";
    NoClients => "Tidak ada klien dalam pengawasan atau dengan kegiatan pada bulan ini.", "No client was under supervision or had any activity this month.";
    Notes => "Bimb.: sesi bimbingan pada bulan ini. Hari: hari wajib lapor yang sudah tiba; hari yang lewat tanpa catatan dihitung tidak hadir. Kepatuhan: (hadir + izin) / hari. Kegiatan: kehadiran klien di kegiatan.", "Sess.: guidance sessions in the month. Days: reporting days that have come; a day passed with nothing recorded counts as missed. Compliance: (attended + excused) / days. Events: the clients' attendances at events.";
    ColOfficer => "PK", "Officer";
    ColClient => "Klien", "Client";
    ColClients => "Klien", "Clients";
    ColRegister => "No. register", "Register no.";
    ColSessions => "Bimb.", "Sess.";
    ColDays => "Hari", "Days";
    ColAttended => "Hadir", "Attended";
    ColMissed => "Tdk hadir", "Missed";
    ColExcused => "Izin", "Excused";
    ColCompliance => "Kepatuhan", "Compliance";
    ColEvents => "Kegiatan", "Events";
    Total => "Jumlah", "Total";
    NoOfficer => "(tanpa PK)", "(no officer)";
    BadMonth => "--month {text}: bukan bulan; tulis TTTT-BB, mis. {example}", "--month {text}: not a month; write it as YYYY-MM, e.g. {example}";
    NotBegun => "bulan {month} belum dimulai (hari ini {today}): pilih bulan ini atau sebelumnya", "{month} has not begun (today is {today}): choose this month or an earlier one";
    NoSuchOfficer => "tidak ada klien dengan PK \"{name}\" pada bulan ini; PK yang ada: {officers}", "no client has the officer \"{name}\" this month; the officers are: {officers}";
    RolesOnly => "Laporan bulanan hanya untuk PK dan administrator: laporan ini menghitung sesi dan hari wajib lapor setiap klien, yang tidak ditampilkan untuk peran Anda.", "The monthly report is for officers and administrators only: it counts every client's sessions and reporting days, which are not shown to your role.";
    Written => "Laporan bulanan {month} ({clients}) ditulis ke {target}.", "Monthly report {month} ({clients}) written to {target}.";
    PromptMonth => "Laporan bulan (TTTT-BB): ", "Report for the month (YYYY-MM): ";
    }
}

impl Month {
    /// "November 2026" / "Oktober 2026".
    pub fn label(self, lang: Lang) -> String {
        super::month_name(lang, self.year, self.month)
    }
}

impl MonthError {
    /// For the user: the text that names no month, and how to write one;
    /// or why a report of the month would count nothing.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            MonthError::NotAMonth { text } => fill(
                ReportMsg::BadMonth.text(lang),
                &[("text", &text.escape_debug().to_string()), ("example", "2026-11")],
            ),
            MonthError::NotBegun { month, today } => fill(
                ReportMsg::NotBegun.text(lang),
                &[("month", &month.to_string()), ("today", &super::date(lang, *today))],
            ),
        }
    }
}

/// The message for a role that may not make the report.
pub fn refused(lang: Lang) -> &'static str {
    ReportMsg::RolesOnly.text(lang)
}

/// Why no report was made for an officer: nobody has them as officer
/// this month. `all` is the report of everyone, for the officers to name.
pub fn no_such_officer(name: &str, all: &Report, lang: Lang) -> String {
    let names = all.officer_names();
    let officers = if names.is_empty() { "–".to_string() } else { names.join(", ") };
    fill(ReportMsg::NoSuchOfficer.text(lang), &[("name", &sanitize(name)), ("officers", &sanitize(&officers))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            ReportMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}

#[cfg(test)]
mod month_tests {
    use super::*;
    use crate::casework::monthly::tests::{d, nov};
    use crate::casework::monthly::{Month, may_report};
    use crate::model::Role;
    use chrono::NaiveDate;

    #[test]
    fn months_are_written_yyyy_mm_and_a_bad_one_is_explained() {
        assert_eq!(Month::parse("2026-11"), Ok(nov()));
        assert_eq!(Month::parse(" 2026-02 ").map(|m| (m.first(), m.last())), Ok((d(2, 1), d(2, 28))));
        assert_eq!(Month { year: 2028, month: 2 }.last(), NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
        assert_eq!(Month { year: 2026, month: 12 }.last(), d(12, 31));
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "November", "2026/11", "", "2026-11-01"] {
            let msg = Month::parse(bad).unwrap_err().message(Lang::En);
            assert!(msg.contains("not a month") && msg.contains("YYYY-MM, e.g. 2026-11"), "{bad}: {msg}");
        }
        assert!(Month::parse("2026-13").unwrap_err().message(Lang::Id).contains("bukan bulan"));
        assert_eq!(nov().to_string(), "2026-11");
        assert_eq!(nov().label(Lang::Id), "November 2026");
        assert_eq!(Month { year: 2026, month: 10 }.label(Lang::Id), "Oktober 2026");
        assert_eq!(nov().begun(d(11, 1)), Ok(nov()));
        let msg = nov().begun(d(10, 31)).unwrap_err().message(Lang::En);
        assert!(msg.contains("2026-11 has not begun") && msg.contains("31 Oct 2026"), "{msg}");
    }

    #[test]
    fn only_officers_and_administrators_make_it() {
        assert!(may_report(Role::Officer) && may_report(Role::Admin));
        assert!(!may_report(Role::Viewer) && !may_report(Role::Partner));
        assert!(refused(Lang::En).contains("officers and administrators"));
    }
}
