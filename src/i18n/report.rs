//! Messages of the monthly report (`simpul report sessions`, and its export
//! from the interface).

use super::{Lang, messages};

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
