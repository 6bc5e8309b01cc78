//! Messages of CSV import and export.

use super::{Lang, messages};

messages! {
    /// Messages of `simpul import` and `simpul export`.
    ExchangeMsg {
    AtLine => "baris {line}: {what}", "line {line}: {what}";
    AtLineColumn => "baris {line}, kolom {column}: {what}", "line {line}, column {column}: {what}";
    NoHeader => "berkas kosong atau tanpa baris judul kolom", "the file is empty or has no header row";
    UnknownColumn => "kolom \"{column}\" tidak dikenal; lihat README untuk susunan kolom", "unknown column \"{column}\"; see the README for the column layout";
    MissingColumn => "kolom wajib \"{column}\" tidak ada", "the required column \"{column}\" is missing";
    DuplicateColumn => "kolom \"{column}\" muncul dua kali", "the column \"{column}\" appears twice";
    Malformed => "CSV tidak sah: {why}", "malformed CSV: {why}";
    NotOneOf => "nilai tidak dikenal; yang sah: {valid}", "unknown value; valid: {valid}";
    Date => "bukan tanggal (tulis YYYY-MM-DD atau DD/MM/YYYY)", "not a date (write YYYY-MM-DD or DD/MM/YYYY)";
    Number => "bukan bilangan bulat", "not a whole number";
    NikExists => "NIK ini sudah dimiliki {record}", "this NIK already belongs to {record}";
    NikRepeated => "NIK ini sudah ada di baris {line} berkas ini", "this NIK is already on line {line} of this file";
    SimilarStakeholder => "mirip dengan {records} (nama atau singkatan sama atau mirip); periksa, atau impor dengan --allow-similar", "like {records} (the same or a similar name or short name); check, or import with --allow-similar";
    NoSuchRecord => "{record} tidak ada; tulis nomor pemangku kepentingan yang tersimpan (mis. S-000006), beberapa dipisah |", "{record} does not exist; write the id of a stored stakeholder (e.g. S-000006), several separated by |";
    Similar => "mirip dengan {records} (nama dan tanggal lahir sama); periksa, atau impor dengan --allow-similar", "similar to {records} (same name and birth date); check, or import with --allow-similar";
    SimilarRow => "mirip dengan baris {line} berkas ini (nama dan tanggal lahir sama); periksa, atau impor dengan --allow-similar", "like line {line} of this file (same name and birth date); check, or import with --allow-similar";
    NothingImported => "Tidak ada yang diimpor: {problems}.", "Nothing was imported: {problems}.";
    NothingImportedBecause => "Tidak ada yang diimpor; basis data tetap seperti sebelumnya. {why}", "Nothing was imported; the database is as it was. {why}";
    AndMore => "dan {n} lagi: {list}", "and {n} more: {list}";
    Interrupted => "Dihentikan: tidak ada yang diimpor; basis data tetap seperti sebelumnya.", "Interrupted: nothing was imported; the database is as it was.";
    ErrorsWritten => "Semua masalah ({problems}) ditulis ke {file}.", "Every problem ({problems}) is written to {file}.";
    Progress => "dibaca {read}, baik {valid}, ditulis {written}", "read {read}, good {valid}, written {written}";
    Committing => "menyimpan {done} dari {of} entri", "saving {done} of {of} entries";
    Imported => "{written} diimpor dari {rows}.", "Imported {written} from {rows}.";
    ImportedIncomplete => "{clients} di antaranya belum punya nomor register, NIK atau tanggal lahir: tercatat belum lengkap dan tercantum di agenda.", "Of these, {clients} lack a register number, NIK or birth date: recorded as incomplete and listed in the agenda.";
    DryRun => "Periksa saja: semua baris baik ({rows}); tidak ada yang ditulis.", "Dry run: every row is good ({rows}); nothing was written.";
    Exported => "{rows} diekspor ke {target}.", "Exported {rows} to {target}.";
    NoFile => "sebutkan berkas CSV yang diimpor, atau `-` untuk masukan standar.", "name the CSV file to import, or `-` for standard input.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            ExchangeMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
