//! Messages about keymap files: validation errors and the `simpul keys` table.

use super::{Lang, messages};
use std::fmt;

use super::fill;
use crate::action::ActionParseError;
use crate::keymap::error::{ErrorKind, Expected};
use crate::sanitize::sanitize;

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

impl crate::keymap::KeymapError {
    /// The message in a language: `file:line: "keys" = "action": reason`,
    /// on one line and safe to write to a terminal (it quotes the file).
    pub fn message(&self, lang: Lang) -> String {
        let mut out = self.file.clone();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        out.push_str(": ");
        if let Some((keys, action)) = &self.binding {
            out.push_str(&format!("\"{keys}\" = \"{action}\": "));
        }
        out.push_str(&self.reason(lang));
        sanitize(&out).into_owned()
    }

    /// The reason alone, without file, line and binding; safe to write to a terminal.
    pub fn reason(&self, lang: Lang) -> String {
        sanitize(&self.raw_reason(lang)).into_owned()
    }

    fn raw_reason(&self, lang: Lang) -> String {
        let t = |m: KeymapMsg| m.text(lang);
        let list = |names: &[&str]| names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
        let hint = |m: KeymapMsg, names: &[&str]| {
            if names.is_empty() { String::new() } else { format!("; {}", fill(t(m), &[("names", &list(names))])) }
        };
        match &self.kind {
            ErrorKind::Syntax(d) => fill(t(KeymapMsg::Syntax), &[("detail", d)]),
            ErrorKind::Io(d) => fill(t(KeymapMsg::Io), &[("detail", d)]),
            ErrorKind::NotFound { name, presets } => {
                fill(t(KeymapMsg::NotFound), &[("name", name)]) + &hint(KeymapMsg::Valid, &strs(presets))
            }
            ErrorKind::Action(e) => match e {
                ActionParseError::UnknownAction { suggestions, .. } => {
                    t(KeymapMsg::UnknownAction).to_string() + &hint(KeymapMsg::DidYouMean, suggestions)
                }
                ActionParseError::MissingArgument { action, expected } => {
                    fill(t(KeymapMsg::MissingArgument), &[("action", action)]) + &hint(KeymapMsg::Valid, expected)
                }
                ActionParseError::UnknownArgument { action, arg, expected } => {
                    fill(t(KeymapMsg::UnknownArgument), &[("action", action), ("arg", arg)])
                        + &hint(KeymapMsg::Valid, expected)
                }
                ActionParseError::UnexpectedArgument { action } => {
                    fill(t(KeymapMsg::UnexpectedArgument), &[("action", action)])
                }
            },
            ErrorKind::BadKey(k) => fill(t(KeymapMsg::BadKey), &[("key", &format!("\"{k}\""))]),
            ErrorKind::Duplicate { other_line, other } => {
                fill(t(KeymapMsg::Duplicate), &[("other_line", &other_line.to_string()), ("other", other)])
            }
            ErrorKind::Prefix { short, long, other_line } => fill(
                t(KeymapMsg::Prefix),
                &[
                    ("short", &format!("\"{short}\"")),
                    ("long", &format!("\"{long}\"")),
                    ("other_line", &other_line.to_string()),
                ],
            ),
            ErrorKind::ShadowsBase { keys, other, base } => fill(
                t(KeymapMsg::ShadowsBase),
                &[("keys", &format!("\"{keys}\"")), ("other", &format!("\"{other}\"")), ("base", base)],
            ),
            ErrorKind::UnknownContext { name, suggestions } => {
                fill(t(KeymapMsg::UnknownContext), &[("name", name)]) + &hint(KeymapMsg::DidYouMean, &strs(suggestions))
            }
            ErrorKind::UnknownSetting { name, suggestions } => {
                fill(t(KeymapMsg::UnknownSetting), &[("name", name)]) + &hint(KeymapMsg::DidYouMean, &strs(suggestions))
            }
            ErrorKind::UnknownPreset { name, presets } => {
                fill(t(KeymapMsg::UnknownPreset), &[("name", &format!("\"{name}\""))])
                    + &hint(KeymapMsg::Valid, &strs(presets))
            }
            ErrorKind::WrongType { name, expected } => {
                let e = match expected {
                    Expected::String => KeymapMsg::TypeString,
                    Expected::Bool => KeymapMsg::TypeBool,
                    Expected::Table => KeymapMsg::TypeTable,
                };
                fill(t(KeymapMsg::WrongType), &[("name", name), ("expected", t(e))])
            }
        }
    }
}

impl fmt::Display for crate::keymap::KeymapError {
    /// The English message; use [`KeymapError::message`] for another language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl crate::keymap::KeymapErrors {
    /// One message per line, in a language.
    pub fn message(&self, lang: Lang) -> String {
        self.0.iter().map(|e| e.message(lang)).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for crate::keymap::KeymapErrors {
    /// The English messages, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// The names as `&str`s.
fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
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
