//! Messages about keymap files: validation errors and the `simpul keys` table.

use super::{Lang, messages};

messages! {
    /// Texts of [`crate::keymap`].
    KeymapMsg {
    Syntax => "bukan TOML yang sah: {detail}", "is not valid TOML: {detail}";
    Io => "tidak dapat dibaca: {detail}", "cannot be read: {detail}";
    NotFound => "tidak ada preset atau berkas bernama {name}", "there is no preset or file called {name}";
    UnknownAction => "aksi tidak dikenal", "unknown action";
    MissingArgument => "aksi {action} memerlukan argumen", "the action {action} needs an argument";
    UnknownArgument => "aksi {action} tidak mengenal argumen {arg}", "the action {action} has no argument {arg}";
    UnexpectedArgument => "aksi {action} tidak memakai argumen", "the action {action} takes no argument";
    BadKey => "tombol {key} tidak dapat dibaca (contoh: j, G, ctrl-d, alt-x, shift-tab, enter, f1, \"g g\")", "cannot read the key {key} (examples: j, G, ctrl-d, alt-x, shift-tab, enter, f1, \"g g\")";
    Duplicate => "tombol ini sudah dipasang di baris {other_line} untuk {other}", "this key is already bound on line {other_line}, to {other}";
    ShadowsBase => "{keys} dan {other} dari {base} saling mengawali, jadi salah satunya tidak akan pernah berjalan; lepaskan dulu yang dari {base} dengan {other} = \"none\", atau pilih tombol lain", "{keys} and {other} of {base} start one another, so one of them could never run; unbind the one of {base} first with {other} = \"none\", or choose another key";
    Prefix => "{short} adalah awal urutan {long} (baris {other_line}), jadi {short} tidak akan pernah berjalan sendiri", "{short} starts the sequence {long} (line {other_line}), so {short} alone could never run";
    UnknownContext => "bagian [{name}] tidak dikenal", "unknown section [{name}]";
    UnknownSetting => "pengaturan {name} tidak dikenal", "unknown setting {name}";
    UnknownPreset => "preset {name} tidak ada", "there is no preset {name}";
    WrongType => "{name} harus berupa {expected}", "{name} must be {expected}";
    TypeString => "teks dalam tanda kutip", "a quoted string";
    TypeBool => "true atau false", "true or false";
    TypeTable => "tabel [bagian]", "a [section] table";
    DidYouMean => "mungkin maksudnya: {names}?", "did you mean: {names}?";
    Valid => "pilihan: {names}", "valid: {names}";
    Line => "baris", "line";
    HeaderContext => "Konteks", "Context";
    HeaderKeys => "Tombol", "Keys";
    HeaderAction => "Aksi", "Action";
    HeaderDescription => "Keterangan", "Description";
    Refused => "simpul tidak dimulai: perbaiki peta tombol di atas, atau pilih preset dengan --keymap {presets}.", "simpul did not start: fix the keymap above, or choose a preset with --keymap {presets}.";
    UsingDefault => "{problem} — memakai tombol bawaan; semua masalah: `simpul keys`", "{problem} — using the default keys; run `simpul keys` to see all problems";
    More => "(dan {n} lagi)", "(and {n} more)";
    FallingBack => "peta tombol {file} mengandung kesalahan; memakai preset {preset}", "the keymap {file} has errors; using the preset {preset}";
}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keymap_message_exists_in_both_languages() {
        let all: Vec<(String, &str, &str)> =
            KeymapMsg::ALL.iter().map(|m| (format!("{m:?}"), m.text(Lang::Id), m.text(Lang::En))).collect();
        super::super::tests::check_table(&all.iter().map(|(k, i, e)| (k.as_str(), *i, *e)).collect::<Vec<_>>());
    }
}
