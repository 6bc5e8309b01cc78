//! Messages of `simpul user` and `simpul audit`.

use super::{Lang, messages};

messages! {
    /// Messages of the user and audit commands.
    UserMsg {
    Unknown => "tidak ada pengguna bernama {name}; lihat `simpul user list`", "no user is called {name}; see `simpul user list`";
    Taken => "nama login {name} sudah dipakai", "the login name {name} is taken";
    NoSuchKey => "{name} tidak punya kunci itu; lihat nomor kunci di `simpul user list`", "{name} has no such key; see the key numbers in `simpul user list`";
    Added => "Pengguna {name} ({id}) ditambahkan sebagai {role}.", "User {name} ({id}) added as {role}.";
    Updated => "Pengguna {name} diperbarui.", "User {name} updated.";
    Disabled => "dinonaktifkan", "disabled";
    NoUsers => "Belum ada pengguna. Tambahkan dengan `simpul user add NAMA --role officer --key \"ssh-ed25519 …\"`.", "No users yet. Add one with `simpul user add NAME --role officer --key \"ssh-ed25519 …\"`.";
    NoEntries => "Tidak ada entri audit yang cocok.", "No audit entries match.";
    BadZone => "zona waktu {zone} tidak dikenal: berikan salah satu zona Indonesia (Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura; atau WIB, WITA, WIT), selisih dari UTC seperti +08:00, atau `office` untuk zona kantor", "unknown time zone {zone}: give one of Indonesia's (Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura; or WIB, WITA, WIT), an offset from UTC such as +08:00, or `office` for the office's zone";
    BadLang => "bahasa {lang} tidak dikenal: pilih id atau en, atau `default` untuk bahasa server", "unknown language {lang}: choose id or en, or `default` for the server's language";
    BadKeymap => "keymap {keymap} tidak dikenal: pilih salah satu dari {presets}", "unknown keymap {keymap}: choose one of {presets}";
    BadRole => "peran {role} tidak dikenal: pilih salah satu dari {roles}", "unknown role {role}: choose one of {roles}";
    NothingToSet => "tidak ada yang diubah: berikan --tz, --language, --keymap atau --officer", "nothing to change: give --tz, --language, --keymap or --officer";
    Zone => "zona {zone}", "zone {zone}";
    OfficerName => "PK \"{name}\"", "officer \"{name}\"";
    }
}

impl crate::users::UserError {
    /// The message in a language.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::fill;
        use crate::users::UserError;
        use UserMsg as M;
        match self {
            UserError::Unknown(n) => fill(M::Unknown.text(lang), &[("name", &crate::sanitize::sanitize(n))]),
            UserError::Taken(n) => fill(M::Taken.text(lang), &[("name", &crate::sanitize::sanitize(n))]),
            UserError::NoSuchKey(n) => fill(M::NoSuchKey.text(lang), &[("name", &crate::sanitize::sanitize(n))]),
            UserError::BadZone(z) => fill(M::BadZone.text(lang), &[("zone", &z.escape_debug().to_string())]),
            UserError::BadLang(l) => fill(M::BadLang.text(lang), &[("lang", &l.escape_debug().to_string())]),
            UserError::BadKeymap(k) => fill(
                M::BadKeymap.text(lang),
                &[("keymap", &k.escape_debug().to_string()), ("presets", &crate::keymap::preset_names().join(", "))],
            ),
            UserError::BadRole(r) => fill(
                M::BadRole.text(lang),
                &[("role", &r.escape_debug().to_string()), ("roles", &crate::model::Role::codes(", "))],
            ),
            UserError::Store(e) => e.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            UserMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        crate::i18n::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
