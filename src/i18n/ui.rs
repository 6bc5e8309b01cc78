//! Strings of the terminal interface (tabs, columns, detail labels, status,
//! help, welcome). Declared here rather than in [`super::Msg`] so that the UI
//! grows its own table; the test below fails when a text is blank or its
//! placeholders differ between the languages.

use super::Lang;

messages! {
    /// Messages of the terminal interface.
    Ui {
    TabClients => "Klien", "Clients";
    TabStakeholders => "Mitra", "Stakeholders";
    TabEvents => "Kegiatan", "Events";
    TabAgenda => "Agenda", "Agenda";
    TabDashboard => "Dasbor", "Dashboard";
    TabAudit => "Audit", "Audit";
    TabUsers => "Pengguna", "Users";
    UsersTitle => "Pengguna yang dapat masuk ({n})", "Users who may log in ({n})";
    UsersStatus => "{users} ditampilkan", "{users} shown";
    UsersNone => "Belum ada pengguna. Tekan {key} untuk menambah.", "No users yet. Press {key} to add one.";
    UserColLogin => "Login", "Login";
    UserColFullName => "Nama lengkap", "Full name";
    UserColRole => "Peran", "Role";
    UserColKeys => "Kunci", "Keys";
    UserColLanguage => "Bahasa", "Language";
    UserColMarks => "Tanda", "Marks";
    UserSupervisorMark => "penyelia", "supervisor";
    UserDisabledMark => "nonaktif", "disabled";
    UserNoneSelected => "Pilih seorang pengguna dulu.", "Select a user first.";
    UserNoKeys => "{name} tidak punya kunci untuk dihapus.", "{name} has no key to remove.";
    UserAlreadyDisabled => "{name} sudah nonaktif.", "{name} is already disabled.";
    UserNotSelf => "Anda tidak dapat menonaktifkan diri sendiri: admin lain dapat.", "You cannot disable yourself: another admin can.";
    UserNotDisabled => "{name} tidak nonaktif.", "{name} is not disabled.";
    UserConfirmDisable => "Nonaktifkan {name} ({full_name})? Ia tidak dapat masuk lagi sampai diaktifkan kembali.", "Disable {name} ({full_name})? They cannot log in until enabled again.";
    UserDisabledDone => "Pengguna {name} dinonaktifkan.", "User {name} disabled.";
    UserEnabledDone => "Pengguna {name} diaktifkan lagi.", "User {name} enabled again.";
    UserAskName => "Pengguna baru — nama login (huruf kecil, angka, . _ -; Enter lanjut, Esc batal):", "New user — login name (lowercase letters, digits, . _ -; Enter goes on, Esc cancels):";
    UserAskRole => "Peran {name} ({roles}):", "Role of {name} ({roles}):";
    UserAskStakeholder => "Mitra tempat {name} bekerja (mis. S-000006):", "The stakeholder {name} works for (e.g. S-000006):";
    UserAskKey => "Kunci publik SSH {name} (ssh-ed25519 AAAA… komentar):", "Public SSH key of {name} (ssh-ed25519 AAAA… comment):";
    UserAskFullName => "Nama lengkap {name} (boleh kosong):", "Full name of {name} (may be left empty):";
    UserAskSupervisor => "Apakah {name} penyelia yang memutuskan permintaan persetujuan? (ya/tidak, kosong: tidak)", "Is {name} a supervisor who decides approval requests? (yes/no, empty: no)";
    UserAskAddKey => "Kunci publik SSH baru untuk {name} (ssh-ed25519 AAAA… komentar):", "New public SSH key for {name} (ssh-ed25519 AAAA… comment):";
    UserAskRemoveKey => "Hapus kunci {name} yang mana? Tulis nomornya — {keys}", "Remove which key of {name}? Type its number — {keys}";
    UserAskLanguage => "Bahasa {name} (id, en, atau default untuk bahasa server; sekarang {now}):", "Language of {name} (id, en, or default for the server's; now {now}):";
    UserBadStakeholder => "bukan id mitra: {text} (contoh: S-000006)", "not a stakeholder id: {text} (e.g. S-000006)";
    UserBadYesNo => "jawab ya atau tidak", "answer yes or no";
    ReportNoClient => "Pilih seorang klien dulu (daftar klien, detailnya, atau baris agenda).", "Select a client first (the client list, their details, or an agenda line).";
    Reported => "Tercatat: {mark} pada {date} untuk {record} {name} — {counts}", "Recorded: {mark} on {date} for {record} {name} — {counts}";
    ReportingStanding => "{attended} hadir, {missed} tidak hadir, {excused} izin; kepatuhan {rate}", "{attended} attended, {missed} missed, {excused} excused; compliance {rate}";
    ReportingNext => "berikut {date}", "next {date}";
    ReportingMoved => "digeser dari {date}: {why}", "moved from {date}: {why}";
    Weekend => "akhir pekan", "weekend";
    ReportingFrom => "dihitung sejak {date}", "counted from {date}";
    ReportingMissedRow => "{n} kali berturut-turut tidak hadir", "{n} missed in a row";
    HRegister => "Register wajib lapor", "Reporting register";
    HLitmas => "Litmas", "Litmas reports";
    PromptFlag => "Peringatan untuk {record} (Enter simpan, Esc batal):", "Warning for {record} (Enter saves, Esc cancels):";
    PromptUnflag => "Alasan melepas peringatan \"{flag}\" (Enter simpan, Esc batal):", "Why take off the warning \"{flag}\" (Enter saves, Esc cancels):";
    PromptEmpty => "Tulis sesuatu dulu, atau Esc untuk batal.", "Write something first, or Esc to cancel.";
    Flagged => "Ditandai: {record} — {message}", "Flagged: {record} — {message}";
    Unflagged => "Peringatan dilepas: {record}", "Warning taken off: {record}";
    PromptPurge => "Hapus permanen {what}? Datanya dan riwayatnya dihapus di mana pun; tidak dapat dibatalkan.{also} Alasan, disimpan di log audit tanpa nama (Enter hapus, Esc batal):", "Purge {what} for good? Its data and history are erased everywhere; this cannot be undone.{also} The reason, kept in the audit log without the name (Enter purges, Esc cancels):";
    PurgeAlsoErased => " Ikut dihapus: rujukannya ({n}).", " Also erased: its referrals ({n}).";
    PurgeTakenOut => " Dikeluarkan dari data lain yang menyebutnya ({n}: kegiatan, sesi kelompok).", " Taken out of the records that name it ({n}: events, group sessions).";
    PurgePart => "{part} pada {record}", "the {part} of {record}";
    Purged => "{what} dihapus permanen; log audit menyimpan siapa, kapan dan alasannya.", "{what} purged; the audit log keeps who, when and the reason.";
    RoleMayNot => "{action} — peran Anda ({role}) tidak mengizinkannya.", "{action} — your role ({role}) does not allow it.";
    PurgeAdminOnly => "Hanya admin yang dapat menghapus data secara permanen.", "Only an administrator can purge records.";
    PurgeNoPart => "Baris ini tidak berisi data sendiri: pilih data itu, atau baris seperti sesi, kontak, peserta.", "This line holds no data of its own: choose the record, or a line such as a session, a contact, a participant.";
    HApprovals => "Persetujuan", "Approvals";
    HDocuments => "Dokumen", "Documents";
    CheckInTitle => "Presensi: {title} — {here} dari {of} hadir", "Check-in: {title} — {here} of {of} here";
    CheckInHint => "Ketik beberapa huruf nama, Enter: hadir. Nama yang tidak ada: Enter menambahkannya sebagai tamu. Esc: selesai.", "Type a few letters of a name, Enter: attended. A name not listed: Enter adds them as a guest. Esc: done.";
    CheckInGuest => "Tambahkan {name} sebagai tamu yang hadir? (y/n)", "Add {name} as a guest who attended? (y/n)";
    CheckInClose => "Tandai {n} yang belum hadir sebagai tidak hadir dan tutup pertemuan? (y: ya, n: keluar tanpa menutup, Esc: kembali)", "Mark the {n} not checked in as absent and close the meeting? (y: yes, n: leave without closing, Esc: back)";
    CheckedIn => "{name}: hadir.", "{name}: attended.";
    PromptEditMeeting => "Pertemuan #{number} {record}: ketik tanggal baru untuk memindahkan pertemuan ini saja, batal untuk membatalkannya, atau aturan untuk pertemuan ini dan berikutnya (mingguan kamis 6 kali):", "Meeting #{number} of {record}: type a new day to move this meeting only, cancel to cancel it, or a rule for this and the following meetings (weekly thu x6):";
    MeetingMoved => "Pertemuan #{number} dipindah ke {date}.", "Meeting #{number} moved to {date}.";
    MeetingCancelled => "Pertemuan #{number} dibatalkan.", "Meeting #{number} cancelled.";
    SeriesSplit => "Dari pertemuan #{number}: seri baru {record} ({rule}).", "From meeting #{number} on: the new series {record} ({rule}).";
    MeetingNotUnderstood => "Tidak dipahami: ketik tanggal (2027-02-04), batal, atau aturan (mingguan kamis 6 kali).", "Not understood: type a day (2027-02-04), cancel, or a rule (weekly thu x6).";
    CheckInNotAllowed => "Presensi dicatat oleh petugas, admin, dan mitra pada kegiatannya.", "Check-in is taken by officers, admins, and partners at their own events.";
    GuestAdded => "{name} ditambahkan sebagai tamu.", "{name} added as a guest.";
    MeetingClosed => "Pertemuan ditutup: {n} ditandai tidak hadir.", "Meeting closed: {n} marked absent.";
    HMeetings => "Pertemuan (Enter: presensi)", "Meetings (Enter: check-in)";
    SeriesAttended => "hadir {attended} dari {held}", "{attended} of {held} attended";
    MeetingCame => "{n} hadir", "{n} attended";
    TSeries => "{title}, {rule}: hadir {attended} dari {held} pertemuan ({of} dijadwalkan)", "{title}, {rule}: {attended} of {held} attended ({of} meetings planned)";
    ApprovalCategory => "kategori {to} (penilaian {date})", "category {to} (assessment {date})";
    ApprovalLitmas => "rekomendasi Litmas {date}", "Litmas recommendation {date}";
    ApprovalClosure => "penutupan kasus ({status})", "case closure ({status})";
    ApprovalStatePending => "menunggu", "waiting";
    SharedOnBasis => "dibagikan tanpa persetujuan, dasar hukum: {basis}", "shared without consent, legal basis: {basis}";
    SharingStoppedOn => "berbagi dihentikan: persetujuan ditarik {date}", "sharing stopped: consent withdrawn on {date}";
    SharingStopped => "berbagi dihentikan: klien belum menyetujui", "sharing stopped: the client has not consented";
    LitmasFinal => "final, disetujui", "final, approved";
    LitmasDraftWord => "draf", "draft";
    IncompleteFields => "belum lengkap: {fields}", "incomplete: {fields}";
    ClosureWaits => "penutupan ({status}) menunggu persetujuan", "closure ({status}) awaiting approval";
    CategoryWaits => "menunggu persetujuan", "awaiting approval";
    ApprovalStateApproved => "disetujui", "approved";
    ApprovalStateRejected => "ditolak", "rejected";
    PromptRequest => "Minta persetujuan untuk {what} — catatan untuk penyelia (Enter kirim, Esc batal):", "Ask for approval of {what} — a note for the supervisor (Enter sends, Esc cancels):";
    PromptDecide => "{verdict} permintaan #{id} — komentar (Enter simpan, Esc batal):", "{verdict} request #{id} — a comment (Enter saves, Esc cancels):";
    VerdictApprove => "Setujui", "Approve";
    VerdictReject => "Tolak", "Reject";
    Requested => "Permintaan persetujuan #{id} dikirim untuk {record}", "Approval request #{id} sent for {record}";
    Decided => "Permintaan #{id} {verdict}", "Request #{id} {verdict}";
    RequestWhat => "Pilih baris penilaian atau Litmas yang dimintakan persetujuan; tanpa baris dipilih, penutupan kasus (status akhir).", "Select the assessment or Litmas line to ask about; with no line selected, the case closure (a final status).";
    DecideWhat => "Pilih satu permintaan di bagian Persetujuan dulu.", "Select a request in the Approvals section first.";
    PromptPassphrase => "Berkas ini memuat data rahasia. Frasa sandi untuk melindunginya (age; kosongkan lalu Enter untuk tanpa perlindungan, dicatat di log audit):", "This file holds sensitive data. A passphrase to protect it (age; leave empty and press Enter to write it in the clear, noted in the audit log):";
    PromptPassphraseAgain => "Frasa sandi sekali lagi, untuk memastikan tidak salah ketik:", "The passphrase once more, to make sure it was typed as meant:";
    PassphraseMismatch => "Kedua frasa sandi berbeda; tidak ada yang ditulis. Ketik frasa sandinya lagi.", "The two passphrases differ; nothing was written. Type the passphrase again.";
    MarkClientsOnly => "Tanda untuk kerja massal ada di daftar klien.", "Marks for bulk work are in the client list.";
    BulkNone => "Tandai klien dulu ({key}; * menandai seluruh daftar).", "Mark clients first ({key}; * marks the whole list).";
    PromptAttachPath => "Berkas yang ditambahkan ke {record} (Tab melengkapi jalur; Enter lanjut, Esc batal):", "The file to add to {record} (Tab completes the path; Enter goes on, Esc cancels):";
    PromptAttachTitle => "Judul dokumen {path} (misalnya Putusan PN Malang; kata pertama memberi jenisnya):", "Title of the document {path} (e.g. Putusan PN Malang; its first word gives the kind):";
    PromptRemoveDocument => "Alasan mengeluarkan {id} dari berkas perkara (tetap disimpan; Enter, Esc batal):", "Why {id} is taken out of the case file (it is kept; Enter, Esc cancels):";
    PromptPurgeDocument => "Alasan menghapus permanen {id} (isinya hilang; Enter, Esc batal):", "Why {id} is erased for good (its content goes; Enter, Esc cancels):";
    NothingToAttachTo => "Pilih dulu catatan yang akan diberi dokumen.", "Select the record to add the document to first.";
    NoCompletion => "Tidak ada berkas yang cocok.", "No file matches.";
    DocOverSsh => "{id} ada di server. Di komputer Anda: {command}", "{id} is on the server. On your computer: {command}";
    DocNotHere => "{id} tidak dapat dibuka di sini: ambil dengan simpul attachment get {id} --unprotected --output BERKAS.", "{id} cannot be opened here: fetch it with simpul attachment get {id} --unprotected --output FILE.";
    DocNotOpened => "Dokumen tidak dapat dibuka", "The document could not be opened";
    DocOpened => "{id} dibuka dengan penampil sistem (salinan pribadi: {path}).", "{id} opened with the system's viewer (a private copy: {path}).";
    DocNoViewer => "Tidak ada penampil (xdg-open tidak terpasang). Salinannya ada di {path}.", "No viewer (xdg-open is not installed). The copy is at {path}.";
    DocTitleExample => "Putusan PN Malang", "Putusan PN Malang";
    DocAttachOverSsh => "Dokumen dikirim dari komputer Anda: {command}", "Documents are sent from your computer: {command}";
    DocAttachNotHere => "Di sesi ini dokumen ditambahkan dengan: simpul attach K-… BERKAS --title \"…\"", "In this session documents are added with: simpul attach K-… FILE --title \"…\"";
    DocPathIsDir => "{path} adalah direktori: ketik atau lengkapi (Tab) nama berkasnya.", "{path} is a directory: type or complete (Tab) the file's name.";
    DocPathMissing => "{path} tidak ada: periksa jalurnya (Tab melengkapi).", "{path} does not exist: check the path (Tab completes it).";
    DocAdded => "Ditambahkan {id} ke {record}.", "Added {id} to {record}.";
    DocTakenOut => "{id} dikeluarkan dari berkas perkara (tetap disimpan).", "{id} was taken out of the case file (it is kept).";
    DocPurged => "{id} dihapus permanen.", "{id} was erased for good.";
    PromptBulkOfficer => "PK baru untuk {clients} yang ditandai (Enter simpan, Esc batal):", "New officer for the {clients} marked (Enter saves, Esc cancels):";
    PromptBulkFlag => "Peringatan untuk {clients} yang ditandai (Enter simpan, Esc batal):", "Warning for the {clients} marked (Enter saves, Esc cancels):";
    PromptBulkEvent => "Tambahkan {clients} yang ditandai ke kegiatan (nomor, mis. E-000003; Enter simpan, Esc batal):", "Add the {clients} marked to the event (its id, e.g. E-000003; Enter saves, Esc cancels):";
    BulkDone => "Selesai untuk {clients} ({what}); tandanya tetap, {key} melepasnya.", "Done for {clients} ({what}); they stay marked, {key} clears the marks.";
    BulkBadEvent => "Bukan nomor kegiatan: {text} (contoh: E-000003).", "Not an event id: {text} (e.g. E-000003).";
    Marked => "{n} ditandai", "{n} marked";
    MergeTitle => "Gabungkan {from} ke {keep}", "Merge {from} into {keep}";
    MergeSame => "Isian yang dapat dipilih sama semua.", "The fields to choose between are all the same.";
    MergeLists => "Daftar (alias, keterampilan, penilaian, sesi, Litmas, wajib lapor) digabung semua; rujukan dan kegiatan pindah ke klien yang dipertahankan.", "Lists (aliases, skills, assessments, sessions, Litmas, reporting) are all joined; referrals and events move to the client kept.";
    MergeHelp => "↑↓ isian · ← pertahankan · → ambil dari duplikat · Enter gabungkan · Esc batal", "↑↓ field · ← keep · → take the duplicate's · Enter merge · Esc cancel";
    MergeConfirm => "Gabungkan {from} ke {keep}? {from} diarsipkan; bisa dibatalkan dari riwayat. (y/t)", "Merge {from} into {keep}? {from} is archived; it can be undone from the history. (y/n)";
    MergeMarked => "{record} ditandai sebagai duplikat; pilih klien yang dipertahankan lalu tekan {key}.", "{record} is marked as the duplicate; select the client to keep, then press {key}.";
    MergeNoMark => "Tandai duplikatnya dulu ({key} pada klien itu).", "Mark the duplicate first ({key} on that client).";
    MergeSelf => "Pilih klien lain untuk dipertahankan: duplikat tidak digabung ke dirinya sendiri.", "Select another client to keep: a duplicate is not merged into itself.";
    MergeNotAllowed => "Hanya petugas dan admin yang menggabungkan data klien.", "Only officers and admins merge client records.";
    Merged => "Digabung: {from} ke {keep} (#{seq}; kembalikan baris penggabungan di riwayat untuk membatalkan)", "Merged: {from} into {keep} (#{seq}; revert the merge's line in the history to undo it)";
    MergeUndone => "Penggabungan #{seq} dibatalkan.", "Merge #{seq} undone.";
    FlagWord => "PERHATIAN", "WARNING";
    FViewed => "Dibuka oleh", "Opened by";
    FArchived => "Diarsipkan", "Archived";
    HHistory => "Riwayat perubahan", "Change history";
    WithOthers => "bersama {others}", "with {others}";
    DashCompliance => "Kepatuhan wajib lapor (klien aktif)", "Reporting compliance (active clients)";
    DashByOffice => "per kantor", "by office";
    DashByOfficer => "per PK", "by officer";
    TEventSession => "bimbingan kelompok (kegiatan)", "group session (event)";
    AuditStatus => "{entries} ditampilkan", "{entries} shown";
    AuditTitle => "Log audit · terbaru dulu ({n})", "Audit log · newest first ({n})";
    AuditMore => "… dan lebih banyak; persempit dengan / (mis. user:siti sejak:2026-11-01)", "… and more; narrow it with / (e.g. user:siti since:2026-11-01)";
    AuditNone => "Tidak ada entri yang cocok.", "No entries match.";
    AuditQuery => "saring: {query}", "filter: {query}";
    AuditHelp => "/ saring: pengguna:NAMA data:K-000001 aksi:ubah sejak:TGL sampai:TGL kata…", "/ filter: user:NAME record:K-000001 action:update since:DATE until:DATE words…";
    AuditAdminOnly => "Log audit hanya untuk admin.", "The audit log is for admins only.";
    AuditBadRecord => "bukan id data: {text} (contoh: K-000123)", "not a record id: {text} (e.g. K-000123)";
    AuditBadDate => "bukan tanggal: {text} (tulis 2026-11-01, 01/11/2026 atau hari ini)", "not a date: {text} (write 2026-11-01, 01/11/2026 or today)";
    AuditBadAction => "aksi tidak dikenal: {text} (buat, ubah, arsipkan, pulihkan, hapus, hapus-permanen, migrasi, masuk, gagal-masuk, ekspor, tandai, lepas-tanda, minta, putuskan, kalender)", "unknown action: {text} (create, update, archive, restore, delete, purge, migrate, login, login_failed, export, flag, unflag, request, decide)";
    AuditReadOnly => "Log audit tidak dapat diubah atau dihapus dari aplikasi.", "The audit log cannot be changed or deleted from the app.";
    ColId => "No.", "Id";
    ColName => "Nama", "Name";
    ColRegister => "No. Register", "Register no.";
    ColOffice => "Kantor", "Office";
    ColOfficer => "PK", "Officer";
    ColRisk => "Risiko", "Risk";
    ColStatus => "Status", "Status";
    ColKind => "Jenis", "Kind";
    ColRegion => "Wilayah", "Region";
    ColDate => "Tanggal", "Date";
    ColTitle => "Judul", "Title";
    ColLocation => "Tempat", "Location";
    ColParticipants => "Peserta", "People";
    EmptyList => "Tidak ada data di tab ini.", "Nothing in this tab.";
    ArchivedHidden => "arsip disembunyikan", "archived hidden";
    ArchivedShown => "arsip ditampilkan", "archived shown";
    ArchivedMark => "arsip", "archived";
    SortBy => "urut: {col}", "sort: {col}";
    StatusDb => "DB", "DB";
    StatusUser => "pengguna", "user";
    StatusDamaged => "{n} rusak", "{n} damaged";
    ErrorWord => "Galat", "Error";
    NoSelection => "Pilih satu baris untuk melihat rinciannya.", "Select a row to see its details.";
    Loading => "Memuat…", "Loading…";
    // detail: client
    FRegister => "No. register", "Register no.";
    FAliases => "Alias", "Aliases";
    FNik => "NIK", "NIK";
    FBorn => "Lahir", "Born";
    FGender => "Jenis kelamin", "Gender";
    FAddress => "Alamat", "Address";
    FPhone => "Telepon", "Phone";
    FOfficer => "PK · kantor", "Officer · office";
    FSupervision => "Masa bimbingan", "Supervision";
    FStatus => "Status", "Status";
    FPhase => "Tahap", "Phase";
    FRisk => "Kategori risiko", "Risk category";
    FConsent => "Persetujuan berbagi", "Consent to share";
    FOffence => "Perkara", "Offence";
    FSkills => "Keterampilan", "Skills";
    FNeeds => "Kebutuhan", "Needs";
    FReporting => "Wajib lapor", "Reporting";
    ReportingCounts => "{attended} hadir, {missed} tidak hadir", "{attended} attended, {missed} missed";
    ConsentYes => "ya", "yes";
    ConsentNo => "tidak", "no";
    HPersonal => "Data diri", "Personal details";
    HAssessments => "Asesmen risiko", "Risk assessments";
    HSessions => "Bimbingan", "Guidance sessions";
    HTimeline => "Riwayat kasus", "Timeline";
    TAssessment => "asesmen", "assessment";
    TSession => "bimbingan", "session";
    TReferral => "rujukan", "referral";
    TEvent => "kegiatan", "event";
    TFollowUp => "tindak lanjut", "follow-up";
    TDone => "selesai", "done";
    TMissed => "tidak hadir wajib lapor", "missed reporting day";
    TFlag => "peringatan dipasang oleh {by}: {message}", "warning raised by {by}: {message}";
    TUnflag => "peringatan dilepas oleh {by}: {message} — alasan: {reason}", "warning taken off by {by}: {message} — reason: {reason}";
    TStatus => "status {from} → {to} ({by})", "status {from} → {to} ({by})";
    TApprovalAsked => "persetujuan #{id} diminta oleh {by}: {what}", "approval #{id} asked by {by}: {what}";
    TApprovalDecided => "persetujuan #{id} {state} oleh {by}: {what}", "approval #{id} {state} by {by}: {what}";
    More => "… dan {n} lagi", "… and {n} more";
    HReferrals => "Rujukan", "Referrals";
    HEvents => "Kegiatan", "Events";
    HContacts => "Kontak", "Contacts";
    HAgreements => "Perjanjian", "Agreements";
    HReferredClients => "Klien yang dirujuk", "Referred clients";
    HOrganisers => "Penyelenggara", "Organisers";
    HParticipants => "Peserta", "Participants";
    HFollowUps => "Tindak lanjut", "Follow-up actions";
    None => "tidak ada", "none";
    AddItem => "tambah…", "add…";
    StatusFilter => "saring: {query}", "filter: {query}";
    Withheld => "dirahasiakan", "withheld";
    ItemsChanged => "{n}, {k} diubah", "{n}, {k} changed";
    WithheldShort => "rahasia", "hidden";
    Done => "selesai", "done";
    Open => "belum", "open";
    Due => "tenggat {date}", "due {date}";
    Until => "s.d.", "to";
    // detail: stakeholder
    FShortName => "Singkatan", "Short name";
    FRepeats => "Berulang", "Repeats";
    FAgreement => "Perjanjian", "Agreement";
    FKind => "Jenis", "Kind";
    FRegion => "Wilayah", "Region";
    FServices => "Layanan", "Services";
    FCapacity => "Kapasitas", "Capacity";
    CapacityUse => "{used} dari {total} terpakai", "{used} of {total} in use";
    Expires => "berakhir {date}", "expires {date}";
    // detail: event
    FWhen => "Waktu", "When";
    FLocation => "Tempat", "Location";
    FCount => "Jumlah peserta", "Participants";
    FSummary => "Ringkasan", "Summary";
    FOutcomes => "Hasil", "Outcomes";
    Officer => "petugas", "officer";
    Unknown => "(tidak ditemukan)", "(not found)";
    // navigation and messages
    LinkArchived => "{record} diarsipkan; tekan {key} untuk menampilkan arsip.", "{record} is archived; press {key} to show archived records.";
    FilterSetAside => "Saringan \"{query}\" dilepas untuk menampilkan {record}.", "The filter \"{query}\" was cleared to show {record}.";
    LinkMissing => "{record} tidak ada lagi.", "{record} no longer exists.";
    NoLink => "Tidak ada baris dipilih: Tab atau ↓ memilih tautan dan bagian data.", "No line selected: Tab or ↓ selects the links and parts of the record.";
    HistoryStart => "Tidak ada halaman sebelumnya.", "Nothing to go back to.";
    HistoryEnd => "Tidak ada halaman berikutnya.", "Nothing to go forward to.";
    DemoLoaded => "Data contoh dimuat: {clients}, {stakeholders}, {events}.", "Demo data loaded: {clients}, {stakeholders}, {events}.";
    DemoLoading => "Memuat data contoh…", "Loading demo data…";
    UnknownKey => "Tombol {key} tidak dipakai di sini; tekan {help} untuk bantuan.", "{key} does nothing here; press {help} for help.";
    // welcome
    WelcomeTitle => "Selamat datang di simpul", "Welcome to simpul";
    WelcomeBody => "simpul menyimpan berkas perkara klien BAPAS yang sedang menjalani reintegrasi sosial, dan mengoordinasikan lembaga mitra serta kegiatan yang mendukungnya.", "simpul keeps the case files of probation (BAPAS) clients being reintegrated into society, and coordinates the partner institutions and events that support them.";
    WelcomeEmpty => "Basis data ini masih kosong. Untuk mulai:", "This database is still empty. To begin:";
    WelcomeDemo => "muat data contoh (lembaga dan kegiatan nyata, klien fiktif)", "load the demo data (real institutions and events, fictional clients)";
    WelcomeNew => "catat klien pertama", "record the first client";
    WelcomeKeys => "semua tombol; {palette}: semua perintah (palet)", "every key; {palette}: every command (the palette)";
    WelcomeQuit => "keluar", "quit";
    WelcomeOther => "Cara lain untuk mulai:", "Other ways in:";
    WelcomeImport => "data dari spreadsheet (CSV): simpul import clients BERKAS.csv — kolomnya di README, bagian \"Import and export layout\"", "a spreadsheet (CSV): simpul import clients FILE.csv — its columns are in the README, \"Import and export layout\"";
    WelcomeServer => "basis data bersama di server kantor: ssh -p 2222 NAMA@SERVER (tempat admin menjalankan simpul serve)", "a shared database on the office server: ssh -p 2222 NAME@SERVER (where an administrator runs simpul serve)";
    // help and confirm
    HelpTitle => "Tombol", "Keys";
    HelpClose => "tombol apa saja menutup", "any key closes";
    HelpScroll => "↑↓ gulir, tombol lain menutup", "↑↓ scroll, any other key closes";
    HelpGlobal => "Di mana saja", "Anywhere";
    HelpHere => "Di sini", "Here";
    ConfirmTitle => "Konfirmasi", "Confirm";
    ConfirmQuitDirty => "Ada perubahan yang belum disimpan. Keluar juga? (y/t)", "There are unsaved changes. Quit anyway? (y/n)";
    TooSmall => "Terminal terlalu kecil: {have}. simpul memerlukan paling sedikit {need}.", "The terminal is too small: {have}. simpul needs at least {need}.";
    TooSmallHint => "Perbesar jendela atau perkecil huruf.", "Enlarge the window or make the font smaller.";
    // short labels of the key hints (the help shows the full descriptions)
    AQuit => "keluar", "quit";
    AHelp => "bantuan", "help";
    ANextTab => "panel berikut", "next pane";
    AOpen => "buka", "open";
    AClose => "tutup", "close";
    ANextLink => "baris berikut", "next line";
    AEdit => "ubah", "edit";
    ANew => "tambah", "add";
    ABack => "kembali", "back";
    AForward => "maju", "forward";
    ASort => "urutkan", "sort";
    AArchived => "arsip", "archived";
    ALoadDemo => "muat data contoh", "load demo data";
    AYes => "ya", "yes";
    ANo => "tidak", "no";
    NotYet => "{action}: belum tersedia di versi ini.", "{action}: not available yet.";
    // search: list filter, global search, history and saved filters
    CountOf => "{n} dari {total}", "{n} of {total}";
    Indexing => "mengindeks…", "indexing…";
    SearchPlaceholder => "ketik nama, alias, no. register, atau risk:hijau …", "type a name, alias, register no., or risk:hijau …";
    SaveAs => "Simpan sebagai:", "Save as:";
    SearchSaved => "Saringan «{name}» disimpan.", "Filter «{name}» saved.";
    NothingToSave => "Tidak ada saringan untuk disimpan.", "There is no filter to save.";
    SavedTitle => "Saringan tersimpan", "Saved filters";
    SavedEmpty => "Belum ada saringan tersimpan; simpan dengan {key} di kotak pencarian.", "No saved filters yet; save one with {key} in the search box.";
    SavedRemoved => "Saringan «{name}» dihapus.", "Filter «{name}» removed.";
    GlobalTitle => "Cari semua", "Search everything";
    GlobalHint => "Ketik untuk mencari klien, mitra dan kegiatan.", "Type to search clients, stakeholders and events.";
    NoMatches => "tidak ada yang cocok", "no matches";
    NoClientMatches => "Tidak ada klien yang cocok dengan '{query}'.", "No client matches '{query}'.";
    NoStakeholderMatches => "Tidak ada pemangku kepentingan yang cocok dengan '{query}'.", "No stakeholder matches '{query}'.";
    NoEventMatches => "Tidak ada kegiatan yang cocok dengan '{query}'.", "No event matches '{query}'.";
    ByRelevance => "{col} (menurut relevansi)", "{col} (by relevance)";
    FilterCleared => "Saringan dihapus.", "Filter cleared.";
    DraftOffered => "Isian formulir yang terbuka saat sesi terakhir Anda dihentikan dibuka kembali, belum disimpan: periksa lalu simpan, atau esc untuk membuangnya.", "The form you had open when your last session was stopped is back as you left it, not saved: check it and save, or esc to discard it.";
    LanguageSwitched => "Bahasa antarmuka: Bahasa Indonesia. Diingat untuk sesi Anda berikutnya.", "Interface language: English. Remembered for your next sessions.";
    LanguageNotSaved => "Bahasa diganti untuk sesi ini saja; tidak tersimpan: {error}", "Language switched for this session only; not saved: {error}";
    PrefsNotSaved => "Riwayat dan saringan tidak tersimpan: {error}", "History and filters not saved: {error}";
    ASave => "simpan", "save";
    ASaved => "tersimpan", "saved";
    ASearch => "cari", "search";
    ARemove => "hapus", "remove";
    Pending => "tombol: {keys}", "keys: {keys}";
    // command palette and which-key box
    APalette => "perintah", "commands";
    ARun => "jalankan", "run";
    ANext => "berikut", "next";
    APrev => "sebelumnya", "previous";
    PaletteTitle => "Perintah", "Commands";
    PaletteNoMatch => "Tidak ada perintah yang cocok.", "No command matches.";
    WhichKeyMore => "tombol lanjutan…", "more keys…";
    // agenda, dashboard, exports
    NotOnThisTab => "{action}: tidak tersedia di tab ini.", "{action}: not available on this tab.";
    OnlyDashboard => "Hanya di tab Dasbor.", "Only on the Dashboard tab.";
    MineOn => "Klien saya ({name}).", "My clients ({name}).";
    MineStart => "Klien saya ({name}); {key}: seluruh kantor.", "My clients ({name}); {key}: the whole office.";
    MineOff => "Seluruh kantor.", "The whole office.";
    MineWhere => "Klien saya: di daftar klien, agenda dan dasbor.", "My clients: on the client list, the agenda and the dashboard.";
    NoOfficerName => "Anda belum punya nama petugas (PK): administrator menyetelnya sama dengan yang tertulis di berkas klien Anda (`simpul user set LOGIN --officer \"NAMA\"`).", "You have no officer name: an administrator sets it to the name your clients' case files give (`simpul user set LOGIN --officer \"NAME\"`).";
    AgendaMine => "klien saya", "my clients";
    AgendaNothing => "Tidak ada yang jatuh tempo.", "Nothing is due.";
    AgendaLoading => "Menghitung agenda…", "Computing the agenda…";
    Computing => "menghitung…", "computing…";
    ExportedRows => "{rows} diekspor ke {path}", "Exported {rows} to {path}";
    ExportedDoc => "Disimpan ke {path}", "Written to {path}";
    OnYourComputer => "Di komputer Anda (disalin ke papan klip bila terminal mengizinkan): {command}", "On your computer (copied to the clipboard where the terminal allows): {command}";
    OnServer => "(berkas ada di server, bukan di komputer Anda)", "(the file is on the server, not on your computer)";
    ExportNeedsClient => "Ringkasan kasus dibuat untuk klien: pilih seorang klien dulu.", "A case summary is of a client: select a client first.";
    ExportNeedsEvent => "Daftar hadir dibuat untuk kegiatan: pilih sebuah kegiatan dulu.", "An attendance list is of an event: select an event first.";
    ExportNoList => "Tidak ada daftar untuk diekspor di tab ini.", "There is no list to export on this tab.";
    ExportFailed => "Ekspor gagal, tidak ada berkas ditulis: {error}", "Export failed, no file written: {error}";
    ViewNotLogged => "Berkas kasus tidak dibuka: pembukaannya tidak dapat dicatat di log ({error}).", "The case file was not opened: its opening could not be recorded in the log ({error}).";
    SettingsBad => "Berkas pengaturan {file} tidak dipakai ({why}); memakai bawaan.", "Settings file {file} not used ({why}); using the defaults.";
    DashRisk => "Klien aktif menurut kategori risiko", "Active clients by risk category";
    DashNotAssessed => "belum dinilai", "not assessed";
    DashStatus => "Klien menurut status", "Clients by status";
    DashMovement => "Perpindahan kategori per bulan", "Category changes per month";
    DashToGreen => "ke arah hijau", "towards green";
    DashToRed => "ke arah merah", "towards red";
    DashChanges => "Seluruhnya", "In all";
    DashReferrals => "Rujukan menurut mitra dan status", "Referrals by partner and status";
    DashEvents => "Kegiatan per bulan", "Events per month";
    DashNone => "belum ada data", "no data yet";
    DashAll => "semua", "all";
    AOffice => "kantor", "office";
    AOfficer => "PK", "officer";
    AExportCsv => "ekspor CSV", "export CSV";
    AExportSummary => "ringkasan", "summary";
    AAttendance => "daftar hadir", "attendance";
    AUserKey => "kunci", "key";
    AUserDisable => "nonaktifkan", "disable";
}
}

impl crate::casework::settings::SettingsError {
    /// The message in a language, on one line and safe to write to a
    /// terminal (the parser's words quote the file).
    pub fn message(&self, lang: Lang) -> String {
        super::fill(
            Ui::SettingsBad.text(lang),
            &[("file", &crate::sanitize::path(&self.file)), ("why", &crate::sanitize::sanitize(&self.why))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ui_message_exists_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            Ui::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        super::super::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
