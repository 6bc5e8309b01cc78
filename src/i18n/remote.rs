//! Messages of commands that `simpul serve` carries out for a connection.

use super::{Lang, messages};

messages! {
    /// Why the server does not carry out a command, or how to ask instead.
    RemoteMsg {
    NotRemote => "perintah ini tidak dijalankan lewat server (serve, restore, demo): jalankan di mesin server saat simpul serve berhenti.", "this command is not carried out through the server (serve, restore, demo): run it on the server's machine while simpul serve is stopped.";
    OfficersOnly => "hanya petugas dan admin yang dapat menjalankan perintah ini.", "only officers and admins may run this command.";
    AdminsOnly => "hanya admin yang dapat menjalankan perintah ini.", "only admins may run this command.";
    BackupOverSsh => "lewat ssh cadangan dialirkan ke keluaran standar: ssh … backup > BERKAS (atau backup --unprotected).", "over ssh a backup is streamed to standard output: ssh … backup > FILE (or backup --unprotected).";
    PurgeNeedsYes => "lewat ssh tidak ada pertanyaan konfirmasi: tambahkan --yes setelah memeriksa apa yang akan dihapus.", "over ssh there is no confirming question: add --yes once you have checked what will be erased.";
    NoServerFiles => "lewat ssh tidak ada berkas server yang dibaca atau ditulis: tanpa --output, --errors atau nama berkas; keluaran ke keluaran standar Anda (ssh … > BERKAS), masukan dari masukan standar (ssh … < BERKAS), frasa sandi lewat SIMPUL_EXPORT_PASSPHRASE (ssh -o SetEnv=…) atau --passphrase-file -.", "over ssh no file of the server's is read or written: no --output, --errors or file name; output goes to your standard output (ssh … > FILE), input comes from your standard input (ssh … < FILE), a passphrase through SIMPUL_EXPORT_PASSPHRASE (ssh -o SetEnv=…) or --passphrase-file -.";
    ServerOption => "--db, --settings, --keymap dan --log adalah milik server dan tidak dapat dipilih lewat sambungan.", "--db, --settings, --keymap and --log are the server's and cannot be chosen over a connection.";
    ServerGone => "server simpul berhenti sebelum perintah selesai; periksa hasilnya (simpul check) sebelum mengulang.", "the simpul server stopped before the command finished; check the result (simpul check) before running it again.";
    NoCommand => "sebutkan perintah (misalnya search, export, agenda); tanpa perintah, sambungkan dengan ssh -t untuk antarmuka.", "name a command (e.g. search, export, agenda); without one, connect with ssh -t for the interface.";
    }
}
