//! Messages of `simpul calendar`.

use super::{Lang, messages};

messages! {
    /// Messages of the calendar command.
    CalMsg {
    BadDate => "{text} bukan tanggal: tulis seperti 2026-03-20 atau 20/03/2026", "{text} is not a date: write it as 2026-03-20 or 20/03/2026";
    BadKind => "jenis {text} tidak dikenal: pilih holiday (libur nasional), cuti (cuti bersama) atau closure (kantor tutup)", "unknown kind {text}: choose holiday (national holiday), cuti (joint leave day) or closure (office closed)";
    BadRange => "--to {to} sebelum tanggal {from}: berikan hari terakhir yang sama atau sesudahnya", "--to {to} is before {from}: give a last day on or after it";
    TooLong => "paling banyak {days} sekaligus", "at most {days} at once";
    NoDays => "Tidak ada hari libur atau tutup yang tercatat untuk {year}. Tambahkan dengan `simpul calendar add TANGGAL --name NAMA`.", "No holiday or closure is entered for {year}. Add one with `simpul calendar add DATE --name NAME`.";
    Entered => "Dicatat: {date} {kind} — {name}.", "Entered: {date} {kind} — {name}.";
    Replaced => "Dicatat: {date} {kind} — {name} (menggantikan {was}).", "Entered: {date} {kind} — {name} (replacing {was}).";
    Removed => "Dihapus: {date} {kind} — {name}.", "Removed: {date} {kind} — {name}.";
    Moves => "Hari lapor yang jatuh pada hari tutup pindah ke hari kantor buka berikutnya.", "A reporting day that falls on a closed day moves to the next day the office is open.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            CalMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
