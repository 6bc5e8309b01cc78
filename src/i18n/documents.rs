//! Messages of the document commands (`attach`, `attachments`, `attachment …`).

use super::{Lang, messages};

messages! {
    /// Messages of the document commands.
    DocMsg {
    BadHolder => "\"{text}\" bukan catatan: tulis K-000012 (klien), S-000006 (mitra), E-000003 (kegiatan), R-000004 (rujukan), atau S-000006/2 untuk sub-catatan nomor 2", "\"{text}\" is not a record: write K-000012 (client), S-000006 (stakeholder), E-000003 (event), R-000004 (referral), or S-000006/2 for its sub-record number 2";
    BadId => "\"{text}\" bukan nomor dokumen: tulis seperti D-000031 (lihat simpul attachments K-…)", "\"{text}\" is not a document number: write it as D-000031 (see simpul attachments K-…)";
    BadKind => "jenis dokumen {text} tidak dikenal: pilih salah satu dari {kinds}", "unknown document kind {text}: choose one of {kinds}";
    BadDate => "{text} bukan tanggal: tulis seperti 2024-03-20 atau 20/03/2024", "{text} is not a date: write it as 2024-03-20 or 20/03/2024";
    NoSuchFile => "{file} tidak ada: periksa jalur dan nama berkasnya", "{file} does not exist: check the path and the file's name";
    IsDirectory => "{file} adalah direktori, bukan berkas", "{file} is a directory, not a file";
    NoFile => "Berikan berkasnya: simpul attach K-000012 BERKAS --title \"…\" (atau - untuk masukan standar)", "Give the file: simpul attach K-000012 FILE --title \"…\" (or - for standard input)";
    Attached => "Ditambahkan {id} ke {holder}: {size}, SHA-256 {sha}.", "Added {id} to {holder}: {size}, SHA-256 {sha}.";
    NoneListed => "{holder} tidak punya dokumen yang boleh Anda lihat.", "{holder} holds no document you may see.";
    SharedPartner => "dibagikan ke mitra", "shared with the partner";
    SharedViewers => "terbuka bagi peninjau", "open to viewers";
    AddedBy => "oleh {by}, {date}", "by {by}, {date}";
    RemovedNote => "(dikeluarkan oleh {by}: {reason})", "(taken out by {by}: {reason})";
    NotToTerminal => "Isi dokumen tidak ditulis ke terminal: arahkan ke berkas (> BERKAS) atau pakai --output BERKAS.", "A document's content is not written to a terminal: redirect it (> FILE) or use --output FILE.";
    RemovedDone => "{id} dikeluarkan dari berkas perkara (tetap disimpan; simpul attachments … --all menampilkannya).", "{id} was taken out of the case file (it is kept; simpul attachments … --all lists it).";
    YesNo => "{text}: tulis yes atau no", "{text}: write yes or no";
    PurgeAsk => "Hapus permanen {id}? Isinya tidak dapat dikembalikan. [y/N]", "Erase {id} for good? Its content cannot be brought back. [y/N]";
    NotPurged => "Tidak dihapus.", "Not erased.";
    Purged => "{id} dihapus permanen; log audit mencatat siapa, kapan dan alasannya.", "{id} was erased for good; the audit log keeps who, when and why.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            DocMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
