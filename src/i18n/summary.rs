//! Words of the case summary document.

use super::{Lang, messages};

messages! {
    /// Headings and labels of the case summary.
    SummaryMsg {
    Title => "Ringkasan Kasus — {name} ({id})", "Case summary — {name} ({id})";
    Generated => "Dibuat {date} dengan simpul. Dokumen ini memuat data pribadi: simpan dan bagikan sesuai aturan.", "Made on {date} with simpul. This document holds personal data: keep and share it by the rules.";
    Identity => "Identitas", "Identity";
    RegisterNo => "No. register", "Register no.";
    Aliases => "Alias", "Aliases";
    Nik => "NIK", "NIK";
    Born => "Tempat, tanggal lahir", "Born";
    Gender => "Jenis kelamin", "Gender";
    Address => "Alamat", "Address";
    Phone => "Telepon", "Phone";
    Supervision => "Pengawasan", "Supervision";
    Office => "Kantor · PK", "Office · officer";
    Programme => "Program", "Programme";
    Period => "Masa bimbingan", "Period";
    Status => "Status", "Status";
    Reporting => "Wajib lapor", "Reporting";
    ReportingLine => "{schedule}: hadir {attended}, tidak hadir {missed}, izin {excused} (kepatuhan {rate})", "{schedule}: attended {attended}, missed {missed}, excused {excused} (compliance {rate})";
    Offence => "Perkara", "Offence";
    Risk => "Kategori risiko", "Risk category";
    RiskPath => "Perjalanan", "Path";
    Date => "Tanggal", "Date";
    Category => "Kategori", "Category";
    Rri => "RRI", "RRI";
    Assessor => "Penilai", "Assessor";
    Reason => "Alasan", "Reason";
    Sessions => "Bimbingan", "Guidance sessions";
    Kind => "Jenis", "Kind";
    Place => "Tempat", "Place";
    Summary => "Ringkasan", "Summary";
    Referrals => "Rujukan", "Referrals";
    Partner => "Mitra", "Partner";
    Service => "Layanan", "Service";
    Proposed => "Diusulkan", "Proposed";
    Outcome => "Hasil", "Outcome";
    Events => "Kegiatan", "Events";
    Event => "Kegiatan", "Event";
    Attendance => "Kehadiran", "Attendance";
    Litmas => "Litmas", "Litmas reports";
    Findings => "Temuan", "Findings";
    Recommendation => "Rekomendasi", "Recommendation";
    None => "Tidak ada.", "None.";
    LitmasTitle => "Litmas {kind} — {name}", "Litmas {kind} — {name}";
    LitmasDraft => "Penelitian Kemasyarakatan, {date}. Draf dari simpul: lengkapi, periksa, lalu tanda tangani. Dokumen ini memuat data pribadi.", "Social inquiry report (Penelitian Kemasyarakatan), {date}. A draft from simpul: complete it, check it, then sign. This document holds personal data.";
    Name => "Nama", "Name";
    Methods => "Metode", "Methods";
    Sources => "Sumber data", "Sources";
    ToFillIn => "(diisi)", "(to fill in)";
    SignPlace => "Dibuat pada {date},\nPembimbing Kemasyarakatan", "Made on {date},\nProbation officer (PK)";
    Authors => "Penyusun", "Author(s)";
    AuthorFromHistory => "{by} (penyusun tidak dicatat bersama laporan; menurut riwayatnya, {by} mencatatnya pada {date})", "{by} (no author was recorded with the report; its history says {by} recorded it on {date})";
    AuthorNotRecorded => "penyusun tidak tercatat", "author not recorded";
    Approval => "Persetujuan", "Approval";
    NotApproved => "Belum disetujui supervisor: laporan ini masih draf dan belum final.", "Not yet approved by a supervisor: this report is a draft, not final.";
    ApprovedBy => "Disetujui oleh", "Approved by";
    ApprovedOn => "Tanggal persetujuan", "Approved on";
    Comment => "Komentar", "Comment";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            SummaryMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
