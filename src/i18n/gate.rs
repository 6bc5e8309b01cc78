//! Messages of the gate through which data leaves the database.

use super::{Lang, fill, messages};

messages! {
    /// Why an export, document or backup was not written.
    GateMsg {
    NeedsProtection => "Isinya data rahasia (NIK, alamat, perkara, catatan). Tambahkan --encrypt (frasa sandi dari SIMPUL_EXPORT_PASSPHRASE atau --passphrase-file), --recipient age1… (kunci publik penerima), atau --unprotected untuk menulisnya terbuka (dicatat di log audit).", "It holds sensitive data (NIK, address, offence, notes). Add --encrypt (passphrase from SIMPUL_EXPORT_PASSPHRASE or --passphrase-file), --recipient age1… (the receiver's public key), or --unprotected to write it in the clear (noted in the audit log).";
    BackupNeedsProtection => "Cadangan memuat seluruh basis data. Setel kunci cadangan kantor ([backup] recipients = [\"age1…\"] di berkas pengaturan), atau berikan --recipient age1…, --encrypt, atau --unprotected untuk menulisnya terbuka (dicatat di log audit).", "A backup holds the whole database. Set the office's backup keys ([backup] recipients = [\"age1…\"] in the settings file), or give --recipient age1…, --encrypt, or --unprotected to write it in the clear (noted in the audit log).";
    SealedToTerminal => "Berkas terenkripsi tidak ditulis ke terminal: arahkan ke berkas (> BERKAS) atau pakai --output BERKAS.", "An encrypted file is not written to a terminal: redirect it (> FILE) or use --output FILE.";
    NotAudited => "Tidak ada yang ditulis: log audit tidak dapat dicatat ({error}).", "Nothing was written: the audit log could not record it ({error}).";
    BadRecipient => "\"{text}\" bukan kunci publik age (contoh: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p).", "\"{text}\" is not an age public key (e.g. age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p).";
    OneProtection => "Pilih satu: --encrypt, --recipient atau --unprotected.", "Choose one: --encrypt, --recipient or --unprotected.";
    BadIdentity => "Kunci pribadi di {file} tidak dapat dibaca: {error}", "The private key in {file} cannot be read: {error}";
    CannotOpen => "Berkas terenkripsi ini tidak dapat dibuka dengan kunci atau frasa sandi itu: {error}", "This encrypted file cannot be opened with that key or passphrase: {error}";
    SealedNeedsKey => "Cadangan ini terenkripsi: berikan --identity BERKAS (kunci pribadi age) atau --passphrase-file BERKAS.", "This backup is encrypted: give --identity FILE (an age private key) or --passphrase-file FILE.";
    }
}

impl crate::gate::GateError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        use crate::gate::GateError;
        match self {
            GateError::NeedsProtection => GateMsg::NeedsProtection.text(lang).to_string(),
            GateError::SealedToTerminal => GateMsg::SealedToTerminal.text(lang).to_string(),
            GateError::Audit(e) => fill(GateMsg::NotAudited.text(lang), &[("error", &e.message(lang))]),
            GateError::Io(e) => crate::sanitize::sanitize(&e.to_string()).into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            GateMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
