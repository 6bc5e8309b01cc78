//! Descriptions of the user's actions and the names of contexts and tabs,
//! shown in help, the command palette and `simpul keys`.

use super::{Lang, fill, texts};
use crate::action::{Action, ActionMsg, BulkWhat, Context, ExportWhat, ReportMark, TabName};

texts! {
    ActionMsg {
    Quit => "Keluar", "Quit";
    ForceQuit => "Keluar dari mana saja (bertanya bila belum disimpan)", "Quit from anywhere (asks if unsaved)";
    Help => "Tampilkan bantuan tombol", "Show the key help";
    Palette => "Buka palet perintah", "Open the command palette";
    SwitchLanguage => "Ganti bahasa: Indonesia / Inggris", "Switch language: Indonesian / English";
    Up => "Naik satu baris", "Move up one row";
    Down => "Turun satu baris", "Move down one row";
    Left => "Ke kiri", "Move left";
    Right => "Ke kanan", "Move right";
    PageUp => "Naik satu halaman", "Move up one page";
    PageDown => "Turun satu halaman", "Move down one page";
    HalfPageUp => "Naik setengah halaman", "Move up half a page";
    HalfPageDown => "Turun setengah halaman", "Move down half a page";
    First => "Ke baris pertama", "Go to the first row";
    Last => "Ke baris terakhir", "Go to the last row";
    NextTab => "Tab berikutnya", "Next tab";
    PrevTab => "Tab sebelumnya", "Previous tab";
    Tab => "Buka tab {tab}", "Go to the {tab} tab";
    Open => "Buka rincian / ikuti tautan", "Open the details / follow the link";
    Back => "Kembali ke tampilan sebelumnya", "Go back to the previous view";
    Forward => "Maju lagi (setelah kembali)", "Go forward again (after going back)";
    FocusNext => "Pindah fokus ke panel berikutnya", "Move the focus to the next pane";
    FocusPrev => "Pindah fokus ke panel sebelumnya", "Move the focus to the previous pane";
    NextLink => "Tautan berikutnya", "Next link";
    PrevLink => "Tautan sebelumnya", "Previous link";
    SortNextColumn => "Urutkan menurut kolom berikutnya", "Sort by the next column";
    SortReverse => "Balik urutan", "Reverse the sort order";
    Search => "Cari / saring daftar", "Search / filter the list";
    SearchNext => "Hasil pencarian berikutnya", "Next search match";
    SearchPrev => "Hasil pencarian sebelumnya", "Previous search match";
    ClearFilter => "Hapus saringan", "Clear the filter";
    GlobalSearch => "Cari di semua klien, mitra dan kegiatan", "Search all clients, stakeholders and events";
    SaveSearch => "Simpan saringan ini dengan nama", "Save this filter under a name";
    SavedSearches => "Pilih saringan yang tersimpan", "Pick a saved filter";
    Accept => "Terima masukan (cari, palet)", "Accept the input (search, palette)";
    NewRecord => "Data baru", "New record";
    EditRecord => "Ubah data", "Edit the record";
    Archive => "Arsipkan data", "Archive the record";
    Restore => "Pulihkan data dari arsip", "Restore the record from the archive";
    ToggleArchived => "Tampilkan / sembunyikan data arsip", "Show / hide archived records";
    Save => "Simpan", "Save";
    Cancel => "Batal", "Cancel";
    NextField => "Isian berikutnya", "Next field";
    PrevField => "Isian sebelumnya", "Previous field";
    ConfirmYes => "Ya", "Yes";
    ConfirmNo => "Tidak", "No";
    LoadDemo => "Muat data contoh", "Load the demo data";
    CancelPending => "Batalkan urutan tombol yang sedang diketik", "Cancel the key sequence being typed";
    Report => "Wajib lapor: catat {mark}", "Reporting: record {mark}";
    RequestApproval => "Minta persetujuan (baris penilaian/Litmas, atau penutupan kasus)", "Ask for approval (an assessment/Litmas line, or the closure)";
    Approve => "Setujui permintaan yang dipilih (penyelia)", "Approve the selected request (supervisor)";
    Reject => "Tolak permintaan yang dipilih (penyelia)", "Reject the selected request (supervisor)";
    Mark => "Tandai/lepas klien ini untuk kerja massal", "Mark or unmark this client for bulk work";
    MarkAll => "Tandai semua klien di daftar (sesuai saringan)", "Mark every client in the list (as filtered)";
    Bulk => "Klien yang ditandai: {what}", "Marked clients: {what}";
    BulkOfficer => "ganti PK", "reassign the officer";
    BulkFlag => "beri peringatan", "flag";
    BulkEvent => "tambahkan ke kegiatan", "add to an event";
    MergeMark => "Tandai klien ini sebagai duplikat yang akan digabung", "Mark this client as the duplicate to merge";
    Merge => "Gabungkan duplikat yang ditandai ke klien ini", "Merge the marked duplicate into this client";
    Flag => "Tandai klien dengan peringatan", "Flag the client with a warning";
    Attach => "Tambahkan dokumen (pindaian, PDF) ke catatan", "Add a document (a scan, a PDF) to the record";
    Purge => "Hapus permanen data atau baris yang dipilih, dengan alasan (admin)", "Purge the record or the selected line for good, with a reason (admin)";
    UserAdd => "Tambah pengguna: nama login, peran, mitra, kunci SSH, nama lengkap, penyelia (admin)", "Add a user: login name, role, stakeholder, SSH key, full name, supervisor (admin)";
    UserKeyAdd => "Tambah kunci SSH untuk pengguna yang dipilih (admin)", "Add an SSH key to the selected user (admin)";
    UserKeyRemove => "Hapus salah satu kunci SSH pengguna yang dipilih (admin)", "Remove one of the selected user's SSH keys (admin)";
    UserDisable => "Nonaktifkan pengguna yang dipilih: tidak dapat masuk lagi (admin)", "Disable the selected user: they can no longer log in (admin)";
    UserEnable => "Aktifkan lagi pengguna yang dipilih (admin)", "Enable the selected user again (admin)";
    UserLanguage => "Atur bahasa pengguna yang dipilih (admin)", "Set the selected user's language (admin)";
    Revert => "Kembalikan perubahan yang dipilih di riwayat", "Revert the change selected in the history";
    ExternalEditor => "Buka catatan di editor luar ($VISUAL/$EDITOR), lalu kembali ke form", "Open the notes in an outside editor ($VISUAL/$EDITOR), then back to the form";
    Export => "Ekspor {what}", "Export {what}";
    CycleOffice => "Dasbor: kantor berikutnya", "Dashboard: next office";
    CycleOfficer => "Dasbor: PK berikutnya", "Dashboard: next officer";
    MyClients => "Klien saya / seluruh kantor", "My clients / the whole office";
    ExportListCsv => "daftar ini (tersaring) ke CSV", "this list (as filtered) to CSV";
    ExportListJson => "daftar ini (tersaring) ke JSON", "this list (as filtered) to JSON";
    ExportSummaryMarkdown => "ringkasan kasus (Markdown)", "the case summary (Markdown)";
    ExportSummaryText => "ringkasan kasus (teks)", "the case summary (plain text)";
    ExportLitmas => "Litmas klien (Markdown)", "the client's Litmas (Markdown)";
    ExportAttendance => "daftar hadir kegiatan (CSV)", "the attendance list (CSV)";
    ExportSessionsCsv => "laporan bulanan ke Kanwil (CSV)", "the monthly report to Kanwil (CSV)";
    ExportSessionsTable => "laporan bulanan ke Kanwil (tabel)", "the monthly report to Kanwil (table)";
    TabClients => "klien", "clients";
    TabStakeholders => "mitra", "stakeholders";
    TabEvents => "kegiatan", "events";
    TabAgenda => "agenda", "agenda";
    TabDashboard => "dasbor", "dashboard";
    TabAudit => "log audit", "audit log";
    TabUsers => "pengguna", "users";
    CtxGlobal => "di mana saja", "everywhere";
    CtxList => "daftar", "list";
    CtxDetail => "rincian", "detail";
    CtxForm => "formulir", "form";
    CtxSearch => "pencarian", "search";
    CtxPalette => "palet perintah", "command palette";
    CtxConfirm => "konfirmasi", "confirmation";
    CtxUsers => "daftar pengguna", "user list";
}
}

impl Action {
    /// The description in a language, with the argument filled in.
    pub fn description(self, lang: Lang) -> String {
        let text = self.desc_key().text(lang);
        match self {
            Action::Tab(t) => fill(text, &[("tab", t.label(lang))]),
            Action::Export(w) => fill(text, &[("what", w.label(lang))]),
            Action::Report(m) => fill(text, &[("mark", m.label(lang))]),
            Action::Bulk(w) => fill(text, &[("what", w.label(lang))]),
            _ => text.to_string(),
        }
    }
}

impl TabName {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.key().text(lang)
    }
}

impl ExportWhat {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.key().text(lang)
    }
}

impl BulkWhat {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.key().text(lang)
    }
}

impl ReportMark {
    /// The label in a language: the register status's.
    pub fn label(self, lang: Lang) -> &'static str {
        super::reporting_status(lang, self.status())
    }
}

impl Context {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.key().text(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_text_exists_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            ActionMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        super::super::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
