//! Strings of the forms: titles, field labels, hints and form messages.

use super::{Lang, texts};
pub use crate::schema::FormMsg;
use chrono::NaiveDate;

use crate::model::{RecordKind, Role};
use crate::schema::text::{Choices, Label};
use crate::schema::{Field, Kind};
use crate::words::RiskNames;

impl<'a> Label<'a> {
    /// The label in a language.
    pub fn text(self, lang: Lang) -> &'a str {
        match self {
            Label::Word(w) => w,
            Label::Key(k) => k.text(lang),
        }
    }
}

impl dyn Choices {
    /// The label of a code in a language: a colour category by the
    /// office's `names` for it.
    pub fn label<'a>(&self, lang: Lang, names: &'a RiskNames, code: &str) -> &'a str {
        self.name(lang, names, code).text(lang)
    }
}

impl<R> Field<R> {
    /// Its label.
    pub fn label(&self, lang: Lang) -> &'static str {
        self.label.text(lang)
    }
}

/// A field's value as the details show it: choices by their labels (a
/// colour category by the office's `names`), dates in the language's
/// format, lists joined; empty is "".
pub fn display<R>(f: &Field<R>, r: &R, lang: Lang, names: &RiskNames) -> String {
    let text = f.cell.get(r);
    let items = || crate::model::input::parse_list(&text);
    match f.cell.kind() {
        Kind::Choice(c) => c.label(lang, names, &text).to_string(),
        Kind::Set(c) => items().iter().map(|x| c.label(lang, names, x)).collect::<Vec<_>>().join(", "),
        Kind::Date => {
            crate::model::input::parse_date(&text, NaiveDate::MIN).map(|d| super::date(lang, d)).unwrap_or(text)
        }
        Kind::Dates => items()
            .iter()
            .map(|x| {
                crate::model::input::parse_date(x, NaiveDate::MIN).map_or_else(|_| x.clone(), |d| super::date(lang, d))
            })
            .collect::<Vec<_>>()
            .join(", "),
        Kind::List | Kind::Links(_) => items().join(", "),
        _ => text,
    }
}

/// The label of a kind's field, by its path; `None` for a name no table
/// holds (history written before the tables named groups such as `address`).
pub fn label_of(kind: RecordKind, name: &str, lang: Lang) -> Option<&'static str> {
    crate::schema::label_key(kind, name).map(|k| k.text(lang))
}

/// What a role reads as *withheld*, by kind of record, with the fields'
/// labels: "clients: NIK, Street …; referrals: Notes" (the README's role
/// table says it, checked against this).
pub fn withheld_summary(role: Role, lang: Lang) -> String {
    [RecordKind::Client, RecordKind::Stakeholder, RecordKind::Event, RecordKind::Referral]
        .into_iter()
        .filter_map(|kind| {
            let mut labels: Vec<&str> = Vec::new();
            for label in crate::schema::withheld_names(kind, role).iter().filter_map(|n| label_of(kind, n, lang)) {
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            (!labels.is_empty()).then(|| format!("{}: {}", kind.name(), labels.join(", ")))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

texts! {
    FormMsg {
    NewClient => "Klien baru", "New client";
    Edit => "Ubah {record}", "Edit {record}";
    NewStakeholder => "Pemangku kepentingan baru", "New stakeholder";
    NewEvent => "Kegiatan baru", "New event";
    NewReferral => "Rujukan baru", "New referral";
    FullName => "Nama lengkap", "Full name";
    Aliases => "Alias / ejaan lain", "Aliases, spellings";
    RegisterNo => "No. register", "Register no.";
    Nik => "NIK", "NIK";
    BirthPlace => "Tempat lahir", "Birth place";
    BirthDate => "Tanggal lahir", "Birth date";
    Gender => "Jenis kelamin", "Gender";
    Phone => "Telepon", "Phone";
    Street => "Jalan, RT/RW", "Street";
    Village => "Kelurahan/desa", "Village";
    District => "Kecamatan", "District";
    Regency => "Kabupaten/kota", "Regency/city";
    Province => "Provinsi", "Province";
    Office => "Kantor (BAPAS)", "Office (BAPAS)";
    Officer => "PK", "Officer (PK)";
    Programme => "Program", "Programme";
    SupervisionStart => "Mulai bimbingan", "Supervision start";
    SupervisionEnd => "Akhir bimbingan", "Supervision end";
    Status => "Status", "Status";
    Phase => "Tahap", "Phase";
    Skills => "Keterampilan", "Skills";
    Needs => "Kebutuhan", "Needs";
    Consent => "Setuju berbagi", "Consent to share";
    ConsentDate => "Tanggal persetujuan", "Consent date";
    Offence => "Perkara", "Offence";
    Sentence => "Putusan", "Sentence";
    Notes => "Catatan", "Notes";
    Name => "Nama", "Name";
    ShortName => "Singkatan", "Short name";
    Kind => "Jenis", "Kind";
    Services => "Layanan", "Services";
    Capacity => "Kapasitas (tempat)", "Capacity (places)";
    Region => "Wilayah", "Region";
    Title => "Judul", "Title";
    Start => "Mulai", "Start";
    End => "Selesai", "End";
    Location => "Tempat", "Location";
    Organisers => "Penyelenggara", "Organisers";
    Count => "Jumlah peserta", "Participant count";
    Summary => "Ringkasan", "Summary";
    Outcomes => "Hasil", "Outcomes";
    Client => "Klien", "Client";
    Stakeholder => "Pemangku kepentingan", "Stakeholder";
    Service => "Layanan", "Service";
    StatusNote => "Catatan status", "Status note";
    Outcome => "Hasil", "Outcome";
    RecordedBy => "Dicatat oleh", "Recorded by";
    LegalBasis => "Dasar hukum (tanpa persetujuan)", "Legal basis (without consent)";
    Yes => "ya", "yes";
    No => "tidak", "no";
    Understood => "→ {value}", "→ {value}";
    ListHint => "pisahkan dengan koma", "separate with commas";
    NoMatch => "tidak ada yang cocok dengan \"{query}\"", "nothing matches \"{query}\"";
    NotOneOf => "nilai tidak dikenal; yang sah: {valid}", "unknown value; valid: {valid}";
    NotPicked => "ketik sebagian nama lalu pilih dengan ↑↓ dan Tab", "type part of a name, then pick with ↑↓ and Tab";
    BadDate => "tanggal tidak dikenali: tulis 2023-10-04, 04/10/2023, hari ini atau +7h", "not a date: write 2023-10-04, 04/10/2023, today or +7d";
    NoSuchDate => "tanggal itu tidak ada di kalender", "there is no such day in the calendar";
    BadTime => "jam ditulis JJ:MM, mis. 09:30", "write the time as HH:MM, e.g. 09:30";
    BadNumber => "tulis bilangan bulat, mis. 10", "write a whole number, e.g. 10";
    Transition => "rujukan tidak dapat pindah dari {from} ke {to}; yang mungkin: {next}", "a referral cannot move from {from} to {to}; possible: {next}";
    TransitionNone => "tidak ada (status akhir)", "none (a final status)";
    Pasted => "tempelan berisi karakter kendali atau kode escape dan tidak dimasukkan", "the pasted text holds control characters or escape codes and was not inserted";
    NikTaken => "NIK ini sudah dipakai {record} {name}", "this NIK is already used by {record} {name}";
    Problems => "Belum disimpan: perbaiki dulu isian yang ditandai ({n})", "Not saved: fix the marked fields first ({n})";
    Clash => "{by} menyimpan isian yang sama selagi formulir ini terbuka. m: simpan isian saya, t: pakai isian {by}, esc: kembali ke formulir.", "{by} saved the same fields while this form was open. m: keep mine, t: take {by}'s, esc: back to the form.";
    ClashTheirs => "{by}:", "{by}:";
    SavedMerged => ", bersama perubahan yang disimpan {by} sementara itu", ", together with the changes {by} saved meanwhile";
    ClashMine => "saya:", "mine:";
    Saved => "Tersimpan: {record} {name}", "Saved: {record} {name}";
    SavedWaits => " — penutupan kasus atau perubahan kategori menunggu persetujuan supervisor; sampai itu nilai lama tetap berlaku.", " — the closure or category change waits for a supervisor's approval; until then the value before stays in force.";
    SavedIncomplete => " — belum lengkap: {fields}; agenda mencantumkannya sampai dilengkapi.", " — incomplete: {fields}; the agenda lists it until they are filled in.";
    SavedUnflushed => "Disimpan, tetapi belum pasti tertulis ke disk: {record} {name}. {error} Kosongkan ruang disk; data ditulis bersama penyimpanan berikutnya.", "Saved, but not yet confirmed on disk: {record} {name}. {error} Free some disk space; it is written with the next save.";
    ConflictBanner => "{by} menyimpan data ini pada {at} setelah form dibuka. Isian Anda tidak disimpan tetapi tetap di sini; simpan lagi untuk menimpa dengan isian Anda.", "{by} saved this record at {at} after the form was opened. Your edits were not saved but are kept here; save again to put yours over theirs.";
    ConfirmDiscard => "Buang perubahan pada form ini? (y/t)", "Discard the changes in this form? (y/n)";
    ConfirmArchive => "Arsipkan {record} {name}? Data arsip disembunyikan dari daftar, dan dapat dipulihkan. (y/t)", "Archive {record} {name}? Archived records are hidden from the lists and can be restored. (y/n)";
    ArchiveTies => "Mitra ini punya {referrals} ({placements}), {agreements} dan {users}. Setelah diarsipkan: rujukannya tetap terbuka di berkas klien (akhiri atau alihkan di sana), penggunanya tidak melihat klien mana pun lagi, dan perjanjiannya keluar dari agenda.", "This partner has {referrals} ({placements}), {agreements} and {users}. Once archived: its referrals stay open in the clients' case files (end or move them there), its users see no client any more, and its agreements leave the agenda.";
    Archived => "Diarsipkan: {record} {name}", "Archived: {record} {name}";
    Restored => "Dipulihkan: {record} {name}", "Restored: {record} {name}";
    NotArchived => "{record} tidak diarsipkan.", "{record} is not archived.";
    NothingSelected => "Pilih satu baris dulu.", "Select a row first.";
    NoChanges => "Tidak ada perubahan.", "No changes.";
    Duplicates => "Mungkin sudah ada: nama mirip dengan tanggal lahir yang sama", "Possibly already recorded: a similar name with the same birth date";
    ReasonForChange => "kategori berubah dari {from}: tuliskan alasannya", "the category changes from {from}: write why";
    DuplicateStakeholders => "Mungkin sudah ada: nama atau singkatan yang sama atau mirip", "Possibly already recorded: the same or a similar name or short name";
    DuplicatesHelp => "↑↓ pilih · Enter buka yang dipilih · y simpan sebagai data baru · Esc kembali ke form", "↑↓ choose · Enter open the chosen one · y save as a new record · Esc back to the form";
    HintNext => "isian berikut", "next field";
    HintSave => "simpan", "save";
    HintCancel => "batal", "cancel";
    HintChoice => "←→ pilih", "←→ choose";
    HintSet => "spasi centang", "space toggles";
    HintPickMany => "↑↓ pilih · Tab tambah · Backspace hapus terakhir", "↑↓ pick · Tab adds · Backspace drops the last";
    Group => "Klien lain dalam kelompok", "Other clients of the group";
    HintPick => "↑↓ pilih", "↑↓ pick";
    HintNewline => "baris baru", "new line";
    HintEditorShort => "editor", "editor";
    EditorNotNotes => "Editor luar membuka isian catatan: pindah ke isian itu dulu.", "The outside editor opens a notes field: move to one first.";
    EditorUnchanged => "Editor ditutup tanpa perubahan.", "The editor closed without changes.";
    EditorStatus => "Editor keluar dengan status {code}; catatan tidak diubah.", "The editor exited with status {code}; the notes are unchanged.";
    EditorFailed => "Editor tidak dapat dijalankan ({editor}): {error}", "The editor could not be run ({editor}): {error}";
    EditorUnavailable => "Editor luar tidak tersedia di sesi ini; alt-enter atau ctrl-j menambah baris.", "An outside editor is not available in this session; alt-enter or ctrl-j adds a line.";
    Required => "wajib", "required";
    CapacityFull => "{name} sudah penuh: {used} dari {places} terpakai. Tetap simpan rujukan ini? (y/t)", "{name} is full: {used} of {places} in use. Save this referral anyway? (y/n)";
    ApprovalHint => "Permintaan tidak diubah; penyelia menyetujui (+) atau menolak (-) dengan komentar.", "A request is not edited; a supervisor approves (+) or rejects (-) it with a comment.";
    FlagHint => "Peringatan tidak diubah; a (hapus) melepasnya dengan alasan, ! menambah yang baru.", "A warning is not edited; a (archive) takes it off with a reason, ! adds a new one.";
    RevertHint => "Perubahan di riwayat tidak diubah; {key} mengembalikannya.", "A change in the history is not edited; {key} reverts it.";
    RevertNothing => "Pilih satu perubahan di riwayat (bagian paling bawah detail) dulu.", "Select a change in the history (the last section of the details) first.";
    ConfirmRevert => "Kembalikan perubahan ini pada {record}: {item}? Dicatat sebagai perubahan baru. (y/t)", "Revert this change of {record}: {item}? It is saved as a new change. (y/n)";
    Reverted => "Dikembalikan: {record} (perubahan #{seq})", "Reverted: {record} (change #{seq})";
    ReadOnly => "{user} hanya dapat melihat data (peran viewer); tidak ada yang dapat diubah.", "{user} may only read (viewer role); nothing can be changed.";
    ConflictLive => "{by} menyimpan data ini pada {at} selagi form terbuka. Jika disimpan, isian yang Anda ubah menimpa isian mereka; isian lain mengikuti versi terbaru.", "{by} saved this record at {at} while this form was open. Saving puts the fields you changed over theirs; the others take the newest values.";
    NewPart => "{part} baru · {record}", "New {part} · {record}";
    EditPart => "Ubah {part} · {record}", "Edit {part} · {record}";
    PartAssessment => "penilaian", "assessment";
    PartSession => "sesi bimbingan", "guidance session";
    PartContact => "kontak", "contact";
    PartParticipant => "peserta", "participant";
    PartFollowUp => "tindak lanjut", "follow-up";
    Repeat => "Berulang", "Repeats";
    EventAgreement => "Perjanjian (S-…/N)", "Agreement (S-…/N)";
    Meetings => "Pertemuan seri", "Meetings of the series";
    Roles => "Peran peserta", "Participant roles";
    PartOrganiser => "penyelenggara", "organiser";
    PartReporting => "hari wajib lapor", "reporting day";
    PartLitmas => "Litmas", "Litmas";
    PartAgreement => "perjanjian", "agreement";
    Authors => "Penyusun", "Author(s)";
    Methods => "Metode", "Methods";
    Sources => "Sumber data", "Sources";
    Findings => "Temuan", "Findings";
    Recommendation => "Rekomendasi", "Recommendation";
    Signed => "Ditandatangani", "Signed";
    Expires => "Berakhir", "Expires";
    ReportEvery => "Laporan tiap (bulan)", "Report every (months)";
    ReportsReceived => "Laporan diterima", "Reports received";
    ReportingFrequency => "Wajib lapor", "Reporting";
    ReportingDates => "Tanggal lapor (khusus)", "Reporting dates (custom)";
    ReportingFrom => "Wajib lapor dihitung sejak", "Reporting counted from";
    Held => "Menunggu persetujuan", "Awaiting approval";
    Date => "Tanggal", "Date";
    Category => "Kategori warna", "Colour category";
    Rri => "Risiko RRI", "RRI risk";
    NotScored => "belum dinilai", "not scored";
    Assessor => "Penilai", "Assessor";
    Reason => "Alasan", "Reason";
    Stream => "Jenis bimbingan", "Stream";
    Mode => "Bentuk", "Mode";
    Place => "Tempat", "Place";
    NextStep => "Langkah berikut", "Next step";
    Role => "Jabatan", "Role";
    Email => "E-mail", "E-mail";
    Who => "Peserta adalah", "Participant is";
    Attendance => "Kehadiran", "Attendance";
    ParticipantRole => "Peran", "Part played";
    Representative => "Perwakilan", "Representative";
    What => "Apa", "What";
    Owner => "Penanggung jawab", "Owner";
    Due => "Tenggat", "Due";
    Done => "Selesai", "Done";
    ConfirmRemove => "Hapus {part} dari {record}: {item}? (y/t)", "Remove the {part} from {record}: {item}? (y/n)";
    Removed => "Dihapus: {part} dari {record}", "Removed: {part} from {record}";
    PartGone => "{part} itu sudah tidak ada di {record}; data dimuat ulang.", "That {part} is no longer in {record}; the record was reloaded.";
    Changed => "{record} diubah oleh {by} pada {at} sejak ditampilkan; lihat lagi lalu ulangi.", "{record} was changed by {by} at {at} since it was shown; look again and repeat.";
}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assessment, PartId, RiskCategory};
    use crate::schema::ASSESSMENT;

    #[test]
    fn every_form_message_exists_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            FormMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        super::super::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }

    #[test]
    fn a_colour_category_is_shown_by_the_office_s_name_for_it() {
        let names = crate::words::RiskNames::new([
            (RiskCategory::Kuning, Lang::Id, "oranye".to_string()),
            (RiskCategory::Kuning, Lang::En, "orange".to_string()),
        ]);
        let category = ASSESSMENT.iter().find(|f| f.name == "category").unwrap();
        let a = Assessment {
            id: PartId::default(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            category: RiskCategory::Kuning,
            rri: None,
            assessor: "Rina".into(),
            reason: String::new(),
        };
        assert_eq!(display(category, &a, Lang::Id, &names), "oranye");
        assert_eq!(display(category, &a, Lang::En, &names), "orange");
        assert_eq!(
            display(category, &a, Lang::Id, &Default::default()),
            "kuning",
            "no office's name: the built-in one"
        );
        let merah = Assessment { category: RiskCategory::Merah, ..a.clone() };
        assert_eq!(display(category, &merah, Lang::En, &names), "red", "a colour the office did not rename");
        let Kind::Choice(c) = category.cell.kind() else { panic!("a choice") };
        let labels: Vec<&str> = c.codes().into_iter().map(|code| c.label(Lang::En, &names, code)).collect();
        assert_eq!(labels, ["red", "orange", "green"], "the form's choices");
    }
}
