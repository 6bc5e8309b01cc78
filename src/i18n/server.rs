//! Messages of `simpul serve`.

use super::{Lang, messages};

messages! {
    /// Messages the server sends to SSH clients or prints.
    ServerMsg {
    NeedsTerminal => "simpul memerlukan terminal. Sambungkan dengan: ssh -t -p PORT NAMA@HOST", "simpul needs a terminal. Connect with: ssh -t -p PORT NAME@HOST";
    TooMany => "Server sedang penuh (batas sesi tercapai). Coba lagi sebentar lagi.", "The server is full (the session limit is reached). Try again in a moment.";
    BackupAdminOnly => "Hanya admin yang dapat mengambil cadangan.", "Only an admin may take a backup.";
    BackupNeedsKey => "Server ini belum punya kunci cadangan ([backup] recipients di berkas pengaturannya). Minta admin menambahkannya, atau ambil cadangan terbuka dengan: backup --unprotected (dicatat di log audit).", "This server has no backup keys yet ([backup] recipients in its settings file). Ask its admin to add them, or take the backup in the clear with: backup --unprotected (noted in the audit log).";
    BackupUsage => "Perintah yang dikenal: backup, atau backup --unprotected.", "Known commands: backup, or backup --unprotected.";
    AccessWithdrawn => "Akses Anda ke simpul dicabut oleh admin (akun dinonaktifkan atau kunci dihapus); sesi ini berakhir. Hubungi admin kantor Anda.", "Your access to simpul was withdrawn by an admin (account disabled or key removed); this session has ended. Contact your office's admin.";
    BadQuotes => "Tanda kutip pada perintah tidak tertutup.", "The command's quotes do not close.";
    BackupFailed => "Cadangan gagal", "The backup failed";
    Stopping => "Server simpul dihentikan oleh administratornya; sesi Anda berakhir. Isian yang belum disimpan tidak tersimpan. Silakan masuk lagi nanti.", "The simpul server is being stopped by its administrator; your session has ended. Anything you had not saved was not kept. Please log in again later.";
    StoppingDraftKept => "Server simpul dihentikan oleh administratornya; sesi Anda berakhir. Isian formulir yang terbuka disimpan sebagai draf dan ditawarkan saat Anda masuk lagi (belum disimpan ke berkas kasus).", "The simpul server is being stopped by its administrator; your session has ended. The form you had open was kept as a draft and is offered when you log in again (it is not saved in the case file).";
    NoDatabaseYet => "{db} belum ada: jalankan simpul serve (atau perintah lain) sekali untuk membuatnya.", "{db} does not exist yet: run simpul serve (or another command) once to create it.";
    KnownHostsLine => "Baris known_hosts untuk staf: {line}", "known_hosts line for staff: {line}";
    SessionFailed => "Sesi ini berhenti karena galat; sesi lain tetap berjalan. Silakan sambung lagi.", "This session stopped on an error; other sessions go on. Please connect again.";
    LoginNotAudited => "Login {user} dari {from} ditolak: log audit tidak dapat ditulis ({error})", "Login of {user} from {from} refused: the audit log could not be written ({error})";
    Listening => "simpul melayani {db} di {addr}. Sambungkan dengan: ssh -p {port} NAMA@{host}", "simpul serves {db} on {addr}. Connect with: ssh -p {port} NAME@{host}";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            ServerMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
