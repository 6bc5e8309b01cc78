//! The keymap as a table (context, keys, action, description) for
//! `simpul keys` and docs/KEYS.md, in a deterministic order: contexts in
//! [`Context::ALL`] order, actions in declaration order, keys simplest first.

use unicode_width::UnicodeWidthStr;

use crate::action::{Action, Context};
use crate::i18n::Lang;
use crate::i18n::keymap::KeymapMsg;
use crate::keymap::Keymap;

/// A row: context name, keys, action, description.
type Row = (String, Vec<String>, String, String);

/// The rows, one per action and context.
fn rows(keymap: &Keymap, lang: Lang) -> Vec<Row> {
    let mut out = Vec::new();
    for ctx in Context::ALL {
        let mut grouped: Vec<(Action, Vec<String>)> = Vec::new();
        for (keys, action) in keymap.bindings(ctx) {
            match grouped.last_mut() {
                Some((a, k)) if *a == action => k.push(keys),
                _ => grouped.push((action, vec![keys])),
            }
        }
        for (action, keys) in grouped {
            out.push((ctx.name().to_string(), keys, action.to_string(), action.description(lang)));
        }
    }
    out
}

/// The header row in a language.
fn header(lang: Lang) -> [String; 4] {
    [KeymapMsg::HeaderContext, KeymapMsg::HeaderKeys, KeymapMsg::HeaderAction, KeymapMsg::HeaderDescription]
        .map(|m| m.text(lang).to_string())
}

/// A plain-text table with aligned columns.
pub fn render_table(keymap: &Keymap, lang: Lang) -> String {
    let mut all = vec![header(lang)];
    all.extend(rows(keymap, lang).into_iter().map(|(c, k, a, d)| [c, k.join(", "), a, d]));
    let mut widths = [0usize; 4];
    for row in &all {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for (i, row) in all.iter().enumerate() {
        let mut line = String::new();
        for (j, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if j < 3 {
                line.push_str(&" ".repeat(widths[j] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            out.push_str(&rule.join("  "));
            out.push('\n');
        }
    }
    out
}

/// A Markdown table; keys are shown as code, `|` escaped.
pub fn render_markdown(keymap: &Keymap, lang: Lang) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let code = |keys: &[String]| keys.iter().map(|k| format!("`{}`", esc(k))).collect::<Vec<_>>().join(" ");
    let [c, k, a, d] = header(lang);
    let mut out = format!("| {c} | {k} | {a} | {d} |\n|---|---|---|---|\n");
    for (c, k, a, d) in rows(keymap, lang) {
        out.push_str(&format!("| {} | {} | `{}` | {} |\n", c, code(&k), a, esc(&d)));
    }
    out
}
