//! Every user-facing sentence, in Bahasa Indonesia and English.
//!
//! Strings are keyed by enums. Keys that data below holds are declared
//! beside it with `model::keys!` (`action::ActionMsg`, `schema::FormMsg`)
//! and given their texts here with [`texts!`]; keys of i18n's own tables are
//! declared with their texts by [`messages!`]. Both are exhaustive matches,
//! so a key without both languages does not compile, and the tests check
//! that none is blank. Validation messages, the errors and problems of the
//! layers below (store, gate, users, keymaps, settings, query, import, the
//! monthly report's month) and what the schema shows (field labels, values
//! as the details show them) are said here (`impl` blocks on their types,
//! and functions of `form`); the errors file of an import is
//! `exchange::ErrorsCsv`. Documents are laid out of these sentences above
//! this module, in `crate::render` (the case summary, the Litmas draft,
//! the monthly report's table): this is a table of sentences. The words of
//! the model's values (the vocabulary labels and the readers of words typed
//! in either language) are `crate::words`', re-exported here; the office's
//! own names for the colour categories are a value, `words::RiskNames`,
//! handed to what needs them.

pub mod calendar;
pub mod documents;
pub mod gate;
pub mod remote;
pub mod report;
pub mod search;
pub mod server;
pub mod store;
pub mod summary;
pub mod users;

use chrono::{Datelike, NaiveDate};

use crate::model::ProblemKind;
use crate::model::vocab::*;

pub mod actions;
pub mod exchange;
pub mod form;
pub mod keymap;

pub use crate::model::Lang;
use crate::words::labels;
pub use crate::words::*;

/// Gives the keys of an enum declared with `model::keys!` (beside their
/// data, below `i18n`) their texts in both languages: an exhaustive match,
/// so a key without its texts, or a text without its key, does not compile.
macro_rules! texts {
    ($name:ident { $( $key:ident => $id:literal, $en:literal; )+ }) => {
        impl $name {
            /// The text in a language.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( ($name::$key, Lang::Id) => $id, ($name::$key, Lang::En) => $en, )+
                }
            }
        }
    };
}
#[allow(unused_imports)] // used by the submodules that give keys declared below their texts
pub(crate) use texts;

/// Declares a table of message keys and their texts in both languages, for
/// keys that live in `i18n` itself (`model::keys!` and [`texts!`] in one).
/// Other modules of `i18n` declare their own tables with it (one enum each),
/// so that parts of the program add strings without touching one long list.
macro_rules! messages {
    ($(#[$m:meta])* $name:ident { $( $key:ident => $id:literal, $en:literal; )+ }) => {
        $crate::model::keys! { $(#[$m])* $name { $($key),+ } }
        $crate::i18n::texts! { $name { $( $key => $id, $en; )+ } }
    };
}
#[allow(unused_imports)] // used by the submodules that declare their own tables
pub(crate) use messages;

pub mod ui;

messages! {
    /// Messages of the model and store layers (validation, errors).
    Msg {
    AppName => "simpul", "simpul";
    Required => "wajib diisi", "is required";
    TooLong => "terlalu panjang: paling banyak {max} karakter", "is too long: at most {max} characters";
    ControlCharacters => "berisi karakter kendali atau kode escape; hapus karakter itu", "contains control characters or escape codes; remove them";
    NameCharacters => "hanya huruf, spasi, apostrof, tanda hubung, titik, koma sebelum gelar, dan nama panggilan dalam kurung", "may only hold letters, spaces, apostrophes, hyphens, dots, commas before degrees and a nickname in brackets";
    NikLength => "NIK harus tepat 16 angka (ada {len})", "a NIK has exactly 16 digits (this has {len})";
    NikDigits => "NIK hanya berisi angka 0–9", "a NIK holds only the digits 0–9";
    NikDate => "angka ke-7 s.d. 12 NIK bukan tanggal lahir (HHBBTT, hari + 40 untuk perempuan)", "digits 7–12 of a NIK are not a birth date (DDMMYY, day + 40 for women)";
    NikBirthDate => "NIK memuat tanggal lahir {date}, berbeda dengan tanggal lahir yang diisi", "the NIK encodes the birth date {date}, not the one entered";
    NikGenderFemale => "NIK ini milik perempuan (hari + 40); periksa jenis kelamin", "this NIK is a woman's (day + 40); check the gender";
    NikGenderMale => "NIK ini milik laki-laki; untuk perempuan hari lahir ditambah 40", "this NIK is a man's; for a woman the day has 40 added";
    Phone => "bukan nomor telepon Indonesia (contoh: 0812 3456 7890, +62 812 3456 7890 atau (0341) 551-234 psw. 12)", "is not an Indonesian phone number (e.g. 0812 3456 7890, +62 812 3456 7890 or (0341) 551-234 ext. 12)";
    PhoneExtension => "psw. {ext}", "ext. {ext}";
    Email => "bukan alamat e-mail (contoh: nama@contoh.id)", "is not an e-mail address (e.g. name@example.id)";
    InFuture => "tidak boleh di masa depan", "cannot be in the future";
    TooOld => "terlalu lampau (sebelum 1900)", "is too far in the past (before 1900)";
    EndBeforeStart => "tidak boleh sebelum {start}", "cannot be before {start}";
    BeforeBirth => "tidak boleh sebelum tanggal lahir", "cannot be before the birth date";
    LoginName => "nama login hanya huruf kecil a–z, angka, titik, garis bawah dan tanda hubung (paling banyak 32)", "a login name holds only a–z, digits, dots, underscores and hyphens (at most 32)";
    PartnerStakeholder => "pengguna mitra harus terikat pada satu pemangku kepentingan, peran lain tidak", "a partner user must belong to one stakeholder, other roles to none";
    SshKey => "bukan kunci publik OpenSSH (contoh: ssh-ed25519 AAAA… nama@host)", "is not an OpenSSH public key (e.g. ssh-ed25519 AAAA… name@host)";
    StatusHistory => "status tidak sesuai dengan riwayat status", "the status disagrees with the status history";
    Duplicate => "sudah tercantum; satu data cukup sekali", "already listed; a record is listed once";
    NotYet => "hari itu belum tiba: hadir atau tidak hadir dicatat pada hari itu atau sesudahnya (diundang dan izin boleh dicatat lebih dulu)", "that day has not come: attended or absent is recorded on the day or after it (invited and excused may be recorded before)";
    Locked => "Basis data {path} sedang dipakai oleh simpul lain ({who}).", "The database {path} is in use by another simpul ({who}).";
    LockedBy => "proses {pid}, mode {mode}", "process {pid}, mode {mode}";
    LockedByUnknown => "proses tidak diketahui", "unknown process";
    LockedServe => "Server simpul berjalan di sana; sambungkan dengan:  ssh -p {port} NAMA@{host}\nCadangan lewat server (admin):  ssh -p {port} ADMIN@{host} backup > BERKAS", "A simpul server runs there; connect with:  ssh -p {port} NAME@{host}\nA backup through the server (admin):  ssh -p {port} ADMIN@{host} backup > FILE";
    LockedHowTo => "Tutup simpul yang lain, atau pilih basis data lain dengan --db PATH. Untuk banyak pengguna, jalankan `simpul serve` dan sambungkan lewat ssh.", "Close the other simpul, or choose another database with --db PATH. For many users, run `simpul serve` and connect over ssh.";
    OpenFailed => "Tidak dapat membuka basis data {path}: {reason}", "Cannot open the database {path}: {reason}";
    StorageError => "Galat penyimpanan", "Storage error";
    Undecodable => "Nilai rusak di {tree}, kunci {key}: {error}. Jalankan `simpul check` untuk daftar lengkap.", "Damaged value in {tree}, key {key}: {error}. Run `simpul check` for the full list.";
    NotFound => "{record} tidak ada", "{record} does not exist";
    ApprovedLocked => "{record}: {what} sudah disetujui dan tidak dapat diubah tanpa permintaan persetujuan baru. Tidak ada yang disimpan.", "{record}: {what} was approved and cannot change without a new approval request. Nothing was saved.";
    ApprovalNoPart => "{record}: yang dimintakan persetujuan tidak ada (lagi).", "{record}: what the approval is asked for is not there (any more).";
    ApprovalPending => "{record}: permintaan yang sama masih menunggu keputusan.", "{record}: the same request still waits for a decision.";
    ApprovalNotPending => "{record}: permintaan itu sudah diputuskan.", "{record}: that request was decided already.";
    ApprovalOwn => "{record}: permintaan sendiri diputuskan oleh penyelia lain.", "{record}: your own request is decided by another supervisor.";
    ApprovalNotSupervisor => "{record}: hanya penyelia atau admin yang memutuskan persetujuan.", "{record}: only a supervisor or an admin decides approvals.";
    ApprovalNotFinal => "{record}: ubah status ke selesai/dicabut/dipindahkan/meninggal dulu, lalu mintakan persetujuan penutupan.", "{record}: set the status to completed/revoked/transferred/deceased first, then ask for the closure's approval.";
    RevertStale => "Perubahan itu tidak dapat dikembalikan: {field} pada {record} sudah diubah lagi sejak itu. Tidak ada yang disimpan.", "That change cannot be reverted: {field} of {record} has been changed again since. Nothing was saved.";
    Conflict => "{record} telah diubah oleh {by} pada {at} setelah Anda membukanya; isian Anda tidak disimpan tetapi tetap ada.", "{record} was changed by {by} at {at} after you opened it; your edits were not saved but are kept.";
    Invalid => "{record} tidak disimpan: {problems}", "{record} was not saved: {problems}";
    InvalidNew => "Data {kind} baru tidak disimpan: {problems}", "The new {kind} was not saved: {problems}";
    Referenced => "{record} tidak dapat dihapus karena masih dirujuk oleh {by}. Arsipkan saja, atau hapus rujukan itu dulu.", "{record} cannot be deleted: {by} still point at it. Archive it instead, or remove those first.";
    PurgeNoReason => "{record} tidak dihapus permanen: tuliskan alasannya (disimpan di log audit).", "{record} was not purged: give the reason (the audit log keeps it).";
    PurgeBadReason => "{record} tidak dihapus permanen: alasan {problem}.", "{record} was not purged: the reason {problem}.";
    PurgeReasonNames => "{record} tidak dihapus permanen: alasan tidak boleh memuat nama atau nomor identitasnya, sebab log audit menyimpan alasan itu selamanya.", "{record} was not purged: the reason may not contain its name or identity numbers, because the audit log keeps the reason for good.";
    PurgeNoPart => "{record} tidak memiliki bagian #{part}; tidak ada yang dihapus.", "{record} has no sub-record #{part}; nothing was purged.";
    PurgeBlocked => "{record} tidak dapat dihapus permanen: {by} masih merujuknya dan berisi data sendiri (rujukan adalah bagian berkas perkara klien, pengguna mitra terikat padanya). Hapus permanen atau ubah data itu dulu.", "{record} cannot be purged: {by} still point at it and hold data of their own (a referral is part of a client's case file, a partner user belongs to it). Purge or change those first.";
    PurgeKind => "\"{text}\" bukan jenis data yang dapat dihapus permanen; pilih salah satu: {kinds}", "\"{text}\" is not a kind of record that can be purged; one of: {kinds}";
    PurgeChoosePart => "Sebutkan {list} yang akan dihapus permanen sebagai {record}/N; milik {record}:", "Name the {list} to purge as {record}/N; those of {record}:";
    PurgeNoParts => "{record} tidak memiliki {list}; tidak ada yang dihapus.", "{record} has no {list}; nothing was purged.";
    PurgeNotInList => "{record} tidak memiliki {list} #{part}; tidak ada yang dihapus.", "{record} has no {list} #{part}; nothing was purged.";
    PurgeAsk => "Hapus permanen {what}? Datanya, riwayatnya dan entri indeksnya dihapus di mana pun; ini tidak dapat dibatalkan (cadangan yang dibuat sebelumnya masih memuatnya).", "Purge {what} for good? Its data, its history and its index entries are erased everywhere; this cannot be undone (backups made before still hold it).";
    PurgeAlsoErased => "Ikut dihapus permanen: {list}.", "Also erased: {list}.";
    PurgeTakenOut => "Dikeluarkan dari: {list}.", "Taken out of: {list}.";
    PurgeConfirm => "Ketik ya untuk menghapus permanen: ", "Type yes to purge: ";
    PurgeDeclined => "Tidak ada yang dihapus.", "Nothing was purged.";
    PurgeDone => "{what} dihapus permanen. Log audit menyimpan siapa, kapan dan alasannya, bukan datanya.", "{what} purged. The audit log keeps who, when and the reason, not the data.";
    SchemaTooNew => "Basis data {path} memakai skema versi {found}, sedangkan program ini hanya mengenal sampai versi {supported}. Perbarui simpul; basis data tidak diubah.", "The database {path} uses schema version {found}; this program knows versions up to {supported}. Update simpul; the database was not changed.";
    CheckSummary => "Dibaca: {records}; entri indeks {index}; entri audit {audit}; dokumen {documents} (isinya diperiksa dengan SHA-256).", "Read: {records}; index entries {index}; audit entries {audit}; documents {documents} (their content checked against SHA-256).";
    CheckClean => "Tidak ada masalah.", "No problems found.";
    CheckSearchCurrent => "Indeks pencarian tersimpan, tampilan {view}: terkini, sama dengan yang dibangun dari data.", "Kept search index, {view} view: current, the same as one built from the records.";
    CheckSearchLater => "Indeks pencarian tersimpan, tampilan {view}: belum ada yang terkini; dibangun pada pencarian berikutnya.", "Kept search index, {view} view: none current; it is built at the next search.";
    CheckSearchDamaged => "indeks pencarian tersimpan, tampilan {view}, rusak ({why}); tidak dipakai. Bangun ulang dengan: simpul check --rebuild-index", "the kept search index, {view} view, is damaged ({why}); it is not used. Build it again with: simpul check --rebuild-index";
    CheckSearchRebuilt => "Indeks pencarian, tampilan {view}, dibangun ulang dan disimpan.", "Search index, {view} view, built again and kept.";
    CheckProblems => "{problems} ditemukan.", "{problems} found.";
    CheckStaging => "Impor sedang berjalan: {entries} disiapkan, belum terlihat sampai selesai.", "An import is under way: {entries} staged, not visible until it finishes.";
    CheckRolledBack => "Impor yang terputus ({entries} disiapkan) dibatalkan saat basis data dibuka; datanya seperti sebelum impor itu.", "An interrupted import ({entries} staged) was rolled back when the database was opened; the data is as it was before it.";
    CheckFinished => "Impor yang sudah disahkan ({entries} tersisa) diselesaikan saat basis data dibuka.", "An import that had committed ({entries} left) was finished when the database was opened.";
    NoConsent => "{referral} tidak disimpan: {client} tidak menyetujui datanya dibagikan kepada mitra{since}. Catat persetujuannya di berkas klien, atau isi dasar hukum berbagi tanpa persetujuan (putusan pengadilan, peraturan) pada rujukan.", "{referral} was not saved: {client} has not consented to sharing with partners{since}. Record the consent in the case file, or give the legal basis for sharing without it (a court order, a regulation) on the referral.";
    ConsentWithdrawnOn => " (persetujuan ditarik {date})", " (consent withdrawn on {date})";
    CalendarNotAdmin => "{actor} ({role}) tidak berhak mengubah kalender kantor; hanya administrator. Tidak ada yang disimpan.", "{actor} ({role}) may not change the office calendar; only an administrator may. Nothing was saved.";
    CalendarBadName => "Hari libur tidak disimpan: nama {problem}.", "The closed day was not saved: the name {problem}.";
    CalendarNotEntered => "Tidak ada hari libur atau tutup yang tercatat pada {date}; tidak ada yang dihapus.", "No holiday or closure is entered on {date}; nothing was removed.";
    NoLog => "log tidak ditulis ({why}); simpul tetap berjalan.", "no log is written ({why}); simpul goes on.";
    Forbidden => "{actor} ({role}) tidak berhak mengubah {record}; tidak ada yang disimpan.", "{actor} ({role}) may not change {record}; nothing was saved.";
    Dangling => "{record} tidak disimpan: {target} yang dirujuknya tidak ada.", "{record} was not saved: it links to {target}, which does not exist.";
    NoDatabase => "Tidak ada basis data di {path}; tidak ada yang dibuat. Periksa --db PATH atau SIMPUL_DB. Basis data baru dibuat oleh `simpul` tanpa perintah, `simpul demo` atau `simpul import`.", "There is no database at {path}; none was made. Check --db PATH or SIMPUL_DB. A new database is made by `simpul` without a command, `simpul demo` or `simpul import`.";
    NotEmpty => "Basis data {path} sudah berisi data; data demo hanya dimuat ke basis data kosong. Pilih yang baru dengan --db PATH.", "The database {path} already holds records; demo data is loaded only into an empty database. Choose a new one with --db PATH.";
    BackupForeign => "Berkas ini bukan cadangan simpul (kepalanya tidak cocok). Tidak ada yang dipulihkan.", "This file is not a simpul backup (its header does not match). Nothing was restored.";
    BackupFormat => "Format cadangan versi {found} tidak dikenal (program ini membaca versi {supported}); perbarui simpul.", "Backup format version {found} is unknown (this program reads version {supported}); update simpul.";
    BackupSchema => "Cadangan memakai skema versi {found}; program ini hanya mengenal sampai {supported}; perbarui simpul.", "The backup holds schema version {found}; this program knows up to {supported}; update simpul.";
    BackupTruncated => "Berkas cadangan terpotong (berakhir sebelum checksum-nya). Tidak ada yang dipulihkan.", "The backup file is truncated (it ends before its checksum). Nothing was restored.";
    BackupChecksum => "Berkas cadangan rusak (checksum tidak cocok). Tidak ada yang dipulihkan.", "The backup file is damaged (its checksum does not match). Nothing was restored.";
    BackupMalformed => "Berkas cadangan rusak ({why}). Tidak ada yang dipulihkan.", "The backup file is damaged ({why}). Nothing was restored.";
    BackupTargetExists => "{path} sudah ada; pemulihan hanya ditulis ke direktori basis data baru.", "{path} already exists; restore writes only into a new database directory.";
    BackupDone => "Cadangan ditulis ke {file}: {entries}, {bytes}, skema {schema}.", "Backup written to {file}: {entries}, {bytes}, schema {schema}.";
    RestoreDone => "Dipulihkan ke {path}: {entries}. Pemeriksaan: {check}", "Restored into {path}: {entries}. Check: {check}";
    DemoLoaded => "Data demo dimuat ke {path}: {stakeholders}, {events}, {clients}, {referrals}.", "Demo data loaded into {path}: {stakeholders}, {events}, {clients}, {referrals}.";
    ExportSensitive => "Data klien memuat isian rahasia (NIK, alamat, perkara, catatan). Tambahkan --encrypt (frasa sandi dari SIMPUL_EXPORT_PASSPHRASE atau --passphrase-file) atau --unprotected untuk menulisnya terbuka (dicatat di log audit).", "Client data holds sensitive fields (NIK, address, offence, notes). Add --encrypt (passphrase from SIMPUL_EXPORT_PASSPHRASE or --passphrase-file) or --unprotected to write it in the clear (noted in the audit log).";
    PassphraseFileRemote => "Lewat ssh frasa sandi tidak dibaca dari berkas di server: kirim SIMPUL_EXPORT_PASSPHRASE (ssh -o SetEnv=…) atau berikan --passphrase-file - dan ketik di baris pertama masukan standar.", "Over ssh the passphrase is not read from a file on the server: send SIMPUL_EXPORT_PASSPHRASE (ssh -o SetEnv=…) or give --passphrase-file - and put it on the first line of standard input.";
    PassphraseMissing => "Tidak ada frasa sandi: setel SIMPUL_EXPORT_PASSPHRASE atau berikan --passphrase-file FILE.", "No passphrase: set SIMPUL_EXPORT_PASSPHRASE or give --passphrase-file FILE.";
    PassphraseShort => "Frasa sandi terlalu pendek: paling sedikit {characters}.", "The passphrase is too short: at least {characters}.";
    NoLitmas => "{record} belum memiliki Litmas; tulis dulu di detail klien (bagian Litmas).", "{record} has no Litmas report yet; write one first in the client's details (Litmas section).";
    BadRecordId => "\"{text}\" bukan nomor data yang dimaksud (contoh: {example})", "\"{text}\" is not the right kind of record id (e.g. {example})";
    DiskFull => "Disk penuh: perubahan tidak dapat ditulis ke disk. Kosongkan sebagian ruang disk, lalu coba lagi.", "The disk is full: the change could not be written to disk. Free some disk space, then try again.";
    NotDurable => "Perubahan belum pasti tersimpan ke disk: {error}", "The change could not be confirmed on disk: {error}";
    BadMeetingDay => "{text} bukan tanggal: tulis hari pertemuannya seperti 2027-01-05 atau 05/01/2027", "{text} is not a date: write the meeting's day as 2027-01-05 or 05/01/2027";
    NoMeetingOn => "{record} tidak punya pertemuan pada {date}: tanpa --meeting semua pertemuannya ditulis.", "{record} has no meeting on {date}: without --meeting all its meetings are written.";
    NoMeetings => "tidak memberi satu pertemuan pun sejak tanggal mulai: periksa batas akhirnya (sampai …) atau jumlahnya (x12)", "gives no meeting from the start on: check its end (until …) or its count (x12)";
    NoSuchAgreement => "menyebut perjanjian yang tidak dimiliki mitra itu: tulis S-000006/2 (nomor perjanjian di rincian mitra)", "names an agreement that stakeholder does not have: write S-000006/2 (the agreement's number in the stakeholder's details)";
    NoMeeting => "{record} tidak punya pertemuan nomor {number}: lihat pertemuannya di rincian kegiatan.", "{record} has no meeting number {number}: see its meetings in the event's details.";
    NoDocument => "Dokumen {id} tidak ada (atau tidak boleh Anda lihat). Lihat daftarnya dengan: simpul attachments K-…", "Document {id} does not exist (or is not yours to see). List them with: simpul attachments K-…";
    DocTransfer => "Isi dokumen tidak dapat dibaca atau ditulis: {error}", "The document's content could not be read or written: {error}";
    DocNoTitle => "Dokumen perlu judul: berikan --title \"…\" (misalnya \"Putusan PN Malang\").", "A document needs a title: give --title \"…\" (e.g. \"Putusan PN Malang\").";
    DocTitleTooLong => "Judul dokumen terlalu panjang: paling banyak {max} karakter.", "The document's title is too long: at most {max} characters.";
    DocTitleControl => "Judul dokumen memuat karakter kendali (baris baru, escape): tulis judul dalam satu baris.", "The document's title holds a control character (a line break, an escape): write it on one line.";
    DocNoFileName => "Nama berkas kosong: berikan --name NAMA.pdf.", "The file name is empty: give --name NAME.pdf.";
    DocBadFileName => "Nama berkas tidak dapat dipakai (terlalu panjang, memuat / atau karakter kendali): berikan --name NAMA.pdf.", "The file name cannot be used (too long, or with / or a control character): give --name NAME.pdf.";
    DocEmpty => "Berkasnya kosong (0 bita): tidak ada yang ditambahkan. Periksa apakah pindaiannya sudah tersimpan.", "The file is empty (0 bytes): nothing was added. Check that the scan was saved.";
    DocTooLarge => "Berkasnya lebih besar dari batas {mb} MB: tidak ada yang ditambahkan. Perkecil pindaiannya (resolusi lebih rendah) atau ubah [documents] max_mb di berkas pengaturan.", "The file is larger than the limit of {mb} MB: nothing was added. Make the scan smaller (a lower resolution) or change [documents] max_mb in the settings file.";
    DocNoPart => "{record} tidak punya sub-catatan /{part}: tidak ada yang ditambahkan.", "{record} has no sub-record /{part}: nothing was added.";
    DocNotAllowed => "Peran Anda tidak boleh melakukan ini pada dokumen (menambah, mengubah dan mengeluarkan: petugas dan admin; menghapus permanen: admin).", "Your role may not do this with documents (adding, changing and taking out: officers and admins; purging: admins).";
    DocNoReason => "Berikan alasan: --reason \"…\" (dicatat di log audit).", "Give a reason: --reason \"…\" (kept in the audit log).";
    DocNotForViewers => "Isi dokumen {id} tidak dibagikan kepada peninjau: minta petugas menandainya (simpul attachment share {id} --viewers yes).", "The content of document {id} is not shared with viewers: ask an officer to mark it (simpul attachment share {id} --viewers yes).";
    DocRemoved => "Dokumen {id} sudah dikeluarkan dari berkas perkara.", "Document {id} was already taken out of the case file.";
    DocDamaged => "Isi dokumen {id} rusak (tidak cocok dengan SHA-256-nya): tidak ada yang ditulis. Jalankan simpul check dan pulihkan dari cadangan.", "The content of document {id} is damaged (it does not match its SHA-256): nothing was written. Run simpul check and restore from a backup.";
    DocInterrupted => "Dihentikan: tidak ada dokumen yang ditambahkan.", "Stopped: no document was added.";
    Unflushed => "Perubahan sudah dibuat, tetapi belum pasti tertulis ke disk: {error} Perubahan ditulis bersama penyimpanan berikutnya.", "The change was made, but is not yet confirmed on disk: {error} It is written with the next save.";
}
}

/// Declares the nouns that are counted: one word in Bahasa Indonesia, which
/// does not inflect for number, and a singular and a plural in English.
macro_rules! nouns {
    ($(#[$m:meta])* $name:ident { $( $key:ident => $id:literal, $one:literal, $many:literal; )+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum $name { $($key),+ }

        impl $name {
            /// Every noun.
            pub const ALL: &'static [$name] = &[$($name::$key),+];

            /// The word for `n` of them in a language.
            pub fn word(self, lang: Lang, n: u64) -> &'static str {
                match (self, lang) {
                    $( ($name::$key, Lang::Id) => $id,
                       ($name::$key, Lang::En) => if n == 1 { $one } else { $many }, )+
                }
            }
        }
    };
}

nouns! {
    /// What the program counts when it shows a number with its noun.
    Noun {
    Row => "baris", "row", "rows";
    Record => "data", "record", "records";
    Client => "klien", "client", "clients";
    OtherClient => "klien lain", "other client", "other clients";
    FictionalClient => "klien fiktif", "fictional client", "fictional clients";
    Stakeholder => "pemangku kepentingan", "stakeholder", "stakeholders";
    Partner => "mitra", "stakeholder", "stakeholders";
    Event => "kegiatan", "event", "events";
    Referral => "rujukan", "referral", "referrals";
    OpenReferral => "rujukan terbuka", "open referral", "open referrals";
    Placement => "penempatan", "placement", "placements";
    Agreement => "perjanjian berlaku", "agreement in force", "agreements in force";
    PartnerUser => "pengguna mitra", "partner user", "partner users";
    User => "pengguna", "user", "users";
    Entry => "entri", "entry", "entries";
    Problem => "masalah", "problem", "problems";
    Byte => "bita", "byte", "bytes";
    Day => "hari", "day", "days";
    Character => "karakter", "character", "characters";
    Place => "tempat", "place", "places";
    }
}

/// A number with its noun: "1 row", "3 rows", "3 baris". Every count the
/// program shows with a noun goes through here, so English says one and
/// many right and Indonesian keeps its one form.
pub fn count(lang: Lang, n: impl TryInto<u64>, noun: Noun) -> String {
    let n: u64 = n.try_into().unwrap_or(u64::MAX);
    format!("{} {}", number(lang, n), noun.word(lang, n))
}

/// A count with its thousands grouped as the language writes them: 19,900 / 19.900.
pub fn number(lang: Lang, n: u64) -> String {
    let sep = if lang == Lang::Id { '.' } else { ',' };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// Replaces `{name}` placeholders in a message.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A problem in English, after its field (logs and `Debug`-like output);
/// users see [`problem`] in their language.
impl std::fmt::Display for crate::model::Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, problem(Lang::En, &self.kind))
    }
}

/// The message for a validation problem.
pub fn problem(lang: Lang, kind: &ProblemKind) -> String {
    let t = |m: Msg| m.text(lang).to_string();
    match kind {
        ProblemKind::Required => t(Msg::Required),
        ProblemKind::TooLong { max } => fill(Msg::TooLong.text(lang), &[("max", &max.to_string())]),
        ProblemKind::ControlCharacters => t(Msg::ControlCharacters),
        ProblemKind::NameCharacters => t(Msg::NameCharacters),
        ProblemKind::NikLength { len } => fill(Msg::NikLength.text(lang), &[("len", &len.to_string())]),
        ProblemKind::NikDigits => t(Msg::NikDigits),
        ProblemKind::NikDate => t(Msg::NikDate),
        ProblemKind::NikBirthDate { encoded: (d, m, y) } => {
            fill(Msg::NikBirthDate.text(lang), &[("date", &format!("{d:02}-{m:02}-{y:02}"))])
        }
        ProblemKind::NikGender { encoded: Gender::Female } => t(Msg::NikGenderFemale),
        ProblemKind::NikGender { encoded: Gender::Male } => t(Msg::NikGenderMale),
        ProblemKind::Phone => t(Msg::Phone),
        ProblemKind::Email => t(Msg::Email),
        ProblemKind::InFuture => t(Msg::InFuture),
        ProblemKind::TooOld => t(Msg::TooOld),
        ProblemKind::EndBeforeStart { start } => fill(Msg::EndBeforeStart.text(lang), &[("start", start)]),
        ProblemKind::BeforeBirth => t(Msg::BeforeBirth),
        ProblemKind::LoginName => t(Msg::LoginName),
        ProblemKind::PartnerStakeholder => t(Msg::PartnerStakeholder),
        ProblemKind::SshKey => t(Msg::SshKey),
        ProblemKind::StatusHistory => t(Msg::StatusHistory),
        ProblemKind::Duplicate => t(Msg::Duplicate),
        ProblemKind::NotYet => t(Msg::NotYet),
        ProblemKind::NoSuchAgreement => t(Msg::NoSuchAgreement),
        ProblemKind::NoMeetings => t(Msg::NoMeetings),
    }
}

const MONTHS_ID: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const MONTH_NAMES_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month written out: "November 2026" / "Oktober 2026".
pub fn month_name(lang: Lang, year: i32, month: u32) -> String {
    let names = match lang {
        Lang::Id => &MONTH_NAMES_ID,
        Lang::En => &MONTH_NAMES_EN,
    };
    let m = month.checked_sub(1).and_then(|i| names.get(i as usize)).copied().unwrap_or("?");
    format!("{m} {year}")
}

/// A date as people of the language write it: "4 Okt 2023" / "4 Oct 2023".
pub fn date(lang: Lang, d: NaiveDate) -> String {
    let months = match lang {
        Lang::Id => &MONTHS_ID,
        Lang::En => &MONTHS_EN,
    };
    let m = months.get(d.month0() as usize).copied().unwrap_or("?");
    format!("{} {} {}", d.day(), m, d.year())
}

/// The name of a weekday.
pub fn weekday(lang: Lang, d: chrono::Weekday) -> &'static str {
    const ID: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = d.num_days_from_monday() as usize;
    match lang {
        Lang::Id => ID[i],
        Lang::En => EN[i],
    }
}

/// A stored phone number as people read it: grouped, its extension
/// worded (`(0341) 551-234 psw. 12`); text that is not a number, as it is.
pub fn phone(lang: Lang, stored: &str) -> String {
    match crate::model::validate::group_phone(stored) {
        Some((number, Some(ext))) => format!("{number} {}", fill(Msg::PhoneExtension.text(lang), &[("ext", &ext)])),
        Some((number, None)) => number,
        None => stored.to_string(),
    }
}

/// A series' rule in a few words: "weekly", "every 2 weeks", "mingguan".
pub fn repeat_words(lang: Lang, r: &crate::model::Recurrence) -> String {
    use crate::model::Repeat;
    let (every, one, many) = match (r.repeat, lang) {
        (Repeat::Daily { every }, Lang::Id) => (every, "harian", "hari"),
        (Repeat::Daily { every }, Lang::En) => (every, "daily", "days"),
        (Repeat::Weekly { every, .. }, Lang::Id) => (every, "mingguan", "minggu"),
        (Repeat::Weekly { every, .. }, Lang::En) => (every, "weekly", "weeks"),
        (Repeat::MonthlyDay { every, .. } | Repeat::MonthlyWeekday { every, .. }, Lang::Id) => {
            (every, "bulanan", "bulan")
        }
        (Repeat::MonthlyDay { every, .. } | Repeat::MonthlyWeekday { every, .. }, Lang::En) => {
            (every, "monthly", "months")
        }
    };
    match (every, lang) {
        (0 | 1, _) => one.to_string(),
        (n, Lang::Id) => format!("tiap {n} {many}"),
        (n, Lang::En) => format!("every {n} {many}"),
    }
}

/// A series' rule in words: "weekly on Tuesday, 12 times",
/// "bulanan, Selasa kedua, sampai 1 Mar 2027".
pub fn rule_words(lang: Lang, r: &crate::model::Recurrence) -> String {
    use crate::model::{End, Repeat};
    const DAYS: [[&str; 7]; 2] = [
        ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ];
    let l = usize::from(lang == Lang::En);
    let and = if lang == Lang::En { " and " } else { " dan " };
    let head = repeat_words(lang, r);
    let on = match r.repeat {
        Repeat::Daily { .. } => String::new(),
        Repeat::Weekly { days, .. } => {
            let names: Vec<&str> = (0..7).filter(|d| days & (1 << d) != 0).map(|d| DAYS[l][d]).collect();
            match (names.is_empty(), lang) {
                (true, _) => String::new(),
                (false, Lang::En) => format!(" on {}", names.join(and)),
                (false, Lang::Id) => format!(" setiap {}", names.join(and)),
            }
        }
        Repeat::MonthlyDay { day: 0, .. } => String::new(),
        Repeat::MonthlyDay { day, .. } => match lang {
            Lang::En => format!(" on day {day}"),
            Lang::Id => format!(" tanggal {day}"),
        },
        Repeat::MonthlyWeekday { nth, weekday, .. } => {
            let wd = DAYS[l][usize::from(weekday.min(6))];
            let i = usize::from(nth.clamp(1, 5) - 1);
            match lang {
                Lang::En => format!(" on the {} {wd}", ["first", "second", "third", "fourth", "last"][i]),
                Lang::Id => format!(" {wd} {}", ["pertama", "kedua", "ketiga", "keempat", "terakhir"][i]),
            }
        }
    };
    let end = match (r.end, lang) {
        (End::Count(n), Lang::En) => format!("{n} times"),
        (End::Count(n), Lang::Id) => format!("{n} kali"),
        (End::Until(d), Lang::En) => format!("until {}", date(lang, d)),
        (End::Until(d), Lang::Id) => format!("sampai {}", date(lang, d)),
    };
    format!("{head}{on}, {end}")
}

labels!(audit_action, crate::store::AuditAction {
    Create => "buat", "create";
    Update => "ubah", "update";
    Archive => "arsipkan", "archive";
    Restore => "pulihkan", "restore";
    Delete => "hapus", "delete";
    Migrate => "migrasi", "migrate";
    Login => "masuk", "login";
    LoginFailed => "gagal-masuk", "login_failed";
    Export => "ekspor", "export";
    Flag => "tandai", "flag";
    Unflag => "lepas-tanda", "unflag";
    Request => "minta", "request";
    Decide => "putuskan", "decide";
    Purge => "hapus-permanen", "purge";
    Calendar => "kalender", "calendar";
    Attach => "lampirkan", "attach";
});
labels!(agenda_rule, crate::casework::agenda::Rule {
    ReportingMissed => "wajib lapor terlewat", "reporting missed";
    FollowUpOverdue => "tindak lanjut terlambat", "follow-up overdue";
    AgreementReportLate => "laporan kerja sama terlambat", "agreement report late";
    ReportingDue => "wajib lapor hari ini", "reporting due today";
    NoRecentSession => "lama tanpa bimbingan", "no recent guidance session";
    SupervisionEnding => "masa bimbingan segera berakhir", "supervision ending";
    FollowUpDue => "tindak lanjut jatuh tempo", "follow-up due";
    AgreementExpiring => "kerja sama berakhir", "agreement expiring";
    AgreementReportDue => "laporan kerja sama jatuh tempo", "agreement report due";
    UpcomingEvent => "kegiatan mendatang", "upcoming event";
    ApprovalPending => "menunggu persetujuan", "approval waiting";
    RetentionReview => "perlu ditinjau (masa simpan)", "due for review (retention)";
    Incomplete => "berkas belum lengkap", "case file incomplete";
});
labels!(agenda_rule_short, crate::casework::agenda::Rule {
    ReportingMissed => "lapor terlewat", "missed";
    FollowUpOverdue => "terlambat", "overdue";
    AgreementReportLate => "laporan terlambat", "reports late";
    ReportingDue => "lapor hari ini", "due today";
    NoRecentSession => "tanpa bimbingan", "no session";
    SupervisionEnding => "berakhir", "ending";
    FollowUpDue => "tindak lanjut", "follow-ups";
    AgreementExpiring => "kerja sama", "agreements";
    AgreementReportDue => "laporan mitra", "reports";
    UpcomingEvent => "kegiatan", "events";
    ApprovalPending => "persetujuan", "approvals";
    RetentionReview => "masa simpan", "retention";
    Incomplete => "belum lengkap", "incomplete";
});

/// The detail of an agenda line in words where it is codes: an incomplete
/// case file's missing fields by their labels ("NIK, Tanggal lahir").
pub fn agenda_detail(lang: Lang, item: &crate::casework::agenda::Item) -> String {
    match item.rule {
        crate::casework::agenda::Rule::Incomplete => client_fields(lang, item.detail.split(", ")),
        _ => item.detail.clone(),
    }
}

/// Fields of a client, by their paths, as their labels ("NIK, Birth date").
pub fn client_fields<'a>(lang: Lang, paths: impl IntoIterator<Item = &'a str>) -> String {
    paths
        .into_iter()
        .map(|f| form::label_of(crate::model::RecordKind::Client, f, lang).unwrap_or(f))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks a message table: nothing blank, same placeholders in both languages.
    /// Every table declared with `messages!` calls this in its own test.
    pub(crate) fn check_table(all: &[(&str, &str, &str)]) {
        for (key, id, en) in all {
            for text in [id, en] {
                assert!(!text.trim().is_empty(), "{key} is blank in one language");
            }
            let holes = |s: &str| {
                let mut v: Vec<String> =
                    s.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(k, _)| k.to_string()).collect();
                v.sort();
                v
            };
            assert_eq!(holes(id), holes(en), "{key}: placeholders differ between id and en");
        }
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            Msg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }

    #[test]
    fn rules_are_said_in_words_in_both_languages() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let r = |t: &str| crate::model::Recurrence::parse(t, today).unwrap();
        assert_eq!(rule_words(Lang::En, &r("weekly tue,thu x12")), "weekly on Tuesday and Thursday, 12 times");
        assert_eq!(rule_words(Lang::Id, &r("weekly tue,thu x12")), "mingguan setiap Selasa dan Kamis, 12 kali");
        assert_eq!(rule_words(Lang::En, &r("monthly 2nd tue x6")), "monthly on the second Tuesday, 6 times");
        assert_eq!(
            rule_words(Lang::Id, &r("every 2 weeks mon until 2027-03-01")),
            "tiap 2 minggu setiap Senin, sampai 1 Mar 2027"
        );
        assert_eq!(rule_words(Lang::Id, &r("monthly 15 x6")), "bulanan tanggal 15, 6 kali");
        assert_eq!(rule_words(Lang::En, &r("daily x4")), "daily, 4 times");
    }

    #[test]
    fn phones_are_shown_grouped_with_the_extension_worded() {
        assert_eq!(phone(Lang::Id, "0341551234 x12"), "(0341) 551-234 psw. 12");
        assert_eq!(phone(Lang::En, "0341551234 x12"), "(0341) 551-234 ext. 12");
        assert_eq!(phone(Lang::Id, "08219935181"), "0821-9935-181");
        assert_eq!(phone(Lang::En, "kantor desa"), "kantor desa", "text stored before, as it is");
        assert_eq!(phone(Lang::En, ""), "");
    }

    #[test]
    fn dates_per_language() {
        let d = NaiveDate::from_ymd_opt(2023, 10, 4).unwrap_or_default();
        assert_eq!(date(Lang::Id, d), "4 Okt 2023");
        assert_eq!(date(Lang::En, d), "4 Oct 2023");
        let d = NaiveDate::from_ymd_opt(2023, 8, 17).unwrap_or_default();
        assert_eq!(date(Lang::Id, d), "17 Agu 2023");
    }

    #[test]
    fn language_from_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_env_vars(env(&[("LANG", "id_ID.UTF-8")])), Lang::Id);
        assert_eq!(Lang::from_env_vars(env(&[("LANG", "id_ID.UTF-8"), ("LC_ALL", "C")])), Lang::En);
        assert_eq!(Lang::from_env_vars(env(&[("LC_MESSAGES", "id_ID"), ("LANG", "en_US")])), Lang::Id);
        assert_eq!(Lang::from_env_vars(env(&[])), Lang::En);
        assert_eq!(Lang::parse("ID"), Some(Lang::Id));
        assert_eq!(Lang::parse("fr"), None);
    }
}
