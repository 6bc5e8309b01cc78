//! Messages of CSV import and export: the import's problems, and the
//! errors file that lists them.

use std::io::Write;

use super::{Lang, fill, messages};
use crate::exchange::{ImportError, ImportProblem, ImportProblemKind, ProblemSink};
use crate::model::RecordKind;

use ExchangeMsg as M;

impl ImportProblem {
    /// The message in a language: `line 4, column nik: …`, on one line
    /// and safe to write to a terminal (a column name is the file's text).
    pub fn message(&self, lang: Lang) -> String {
        crate::sanitize::sanitize(&self.raw_message(lang)).into_owned()
    }

    /// What is wrong, without its place, safe to write to a terminal.
    pub fn what(&self, lang: Lang) -> String {
        crate::sanitize::sanitize(&self.raw_what(lang)).into_owned()
    }

    fn raw_message(&self, lang: Lang) -> String {
        let t = |m: M| m.text(lang);
        let what = self.raw_what(lang);
        match &self.column {
            Some(c) => fill(t(M::AtLineColumn), &[("line", &self.line.to_string()), ("column", c), ("what", &what)]),
            None => fill(t(M::AtLine), &[("line", &self.line.to_string()), ("what", &what)]),
        }
    }

    fn raw_what(&self, lang: Lang) -> String {
        let t = |m: M| m.text(lang);
        match &self.kind {
            ImportProblemKind::NoHeader => t(M::NoHeader).to_string(),
            ImportProblemKind::UnknownColumn(c) => fill(t(M::UnknownColumn), &[("column", c)]),
            ImportProblemKind::MissingColumn(c) => fill(t(M::MissingColumn), &[("column", c)]),
            ImportProblemKind::DuplicateColumn(c) => fill(t(M::DuplicateColumn), &[("column", c)]),
            ImportProblemKind::Malformed(why) => fill(t(M::Malformed), &[("why", why)]),
            ImportProblemKind::NotOneOf { valid } => fill(t(M::NotOneOf), &[("valid", valid)]),
            ImportProblemKind::Date => t(M::Date).to_string(),
            ImportProblemKind::Number => t(M::Number).to_string(),
            ImportProblemKind::Invalid(k) => super::problem(lang, k),
            ImportProblemKind::NikExists(r) => fill(t(M::NikExists), &[("record", &r.to_string())]),
            ImportProblemKind::NikRepeated(l) => fill(t(M::NikRepeated), &[("line", &l.to_string())]),
            ImportProblemKind::SimilarRow(l) => fill(t(M::SimilarRow), &[("line", &l.to_string())]),
            ImportProblemKind::NoSuchRecord(r) => fill(t(M::NoSuchRecord), &[("record", &r.to_string())]),
            ImportProblemKind::Similar(rs) => {
                let which = if rs.iter().all(|r| r.kind == RecordKind::Stakeholder) {
                    M::SimilarStakeholder
                } else {
                    M::Similar
                };
                fill(t(which), &[("records", &rs.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", "))])
            }
        }
    }
}

impl ImportError {
    /// The message in a language (every problem on its own line).
    pub fn message(&self, lang: Lang) -> String {
        let nothing = |total: u64| {
            fill(M::NothingImported.text(lang), &[("problems", &super::count(lang, total, super::Noun::Problem))])
        };
        match self {
            ImportError::Problems(ps) => {
                let mut s = nothing(ps.len() as u64);
                for p in ps {
                    s.push_str("\n  ");
                    s.push_str(&p.message(lang));
                }
                s
            }
            ImportError::TooMany { first, total, more } => {
                let mut s = nothing(*total);
                for p in first {
                    s.push_str("\n  ");
                    s.push_str(&p.message(lang));
                }
                let n: u64 = more.iter().map(|(_, n)| n).sum();
                let list: Vec<String> = more
                    .iter()
                    .map(|(c, n)| format!("{} × {}", super::number(lang, *n), crate::sanitize::sanitize(c)))
                    .collect();
                s.push_str("\n  ");
                s.push_str(&fill(M::AndMore.text(lang), &[("n", &super::number(lang, n)), ("list", &list.join(", "))]));
                s
            }
            ImportError::Read(e) => crate::sanitize::sanitize(e).into_owned(),
            ImportError::Store(e) => fill(M::NothingImportedBecause.text(lang), &[("why", &e.message(lang))]),
            ImportError::Interrupted => M::Interrupted.text(lang).to_string(),
        }
    }
}

/// The errors file of an import (`--errors FILE`): every problem as CSV
/// (`line, column, value, problem`), the value masked, the problem in a
/// language without its place (the file has columns for it).
pub struct ErrorsCsv<'a> {
    w: csv::Writer<&'a mut dyn Write>,
    lang: Lang,
}

impl<'a> ErrorsCsv<'a> {
    /// The problems, written to `w` in `lang`.
    pub fn new(w: &'a mut dyn Write, lang: Lang) -> ErrorsCsv<'a> {
        ErrorsCsv { w: csv::Writer::from_writer(w), lang }
    }
}

impl ProblemSink for ErrorsCsv<'_> {
    fn begin(&mut self) -> std::io::Result<()> {
        crate::csv_cell::write_record(&mut self.w, ["line", "column", "value", "problem"]).map_err(std::io::Error::from)
    }

    fn problem(&mut self, p: &ImportProblem, masked: &str) -> std::io::Result<()> {
        let row = [p.line.to_string(), p.column.clone().unwrap_or_default(), masked.to_string(), p.what(self.lang)];
        crate::csv_cell::write_record(&mut self.w, row).map_err(std::io::Error::from)
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

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
