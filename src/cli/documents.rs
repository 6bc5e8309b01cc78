//! `simpul attach`, `simpul attachments` and `simpul attachment …`:
//! documents in case files, from the command line and over ssh.

use std::io::Read as _;
use std::path::Path;

use super::{Context, Exit, Protection, destination, finish_output, gate_exit, open_store, protection};
use crate::i18n::documents::DocMsg;
use crate::i18n::{Lang, fill};
use crate::model::{DocKind, Document, DocumentId, Holder, Sharing};
use crate::store::documents::{AttachLimits, NewDocument};
use crate::ui::documents::size_text;

fn fail(ctx: &Context, message: &str, code: u8) -> Exit {
    tell!(ctx, "simpul: {}", crate::sanitize::sanitize(message));
    Exit::from(code)
}

fn holder(ctx: &Context, text: &str) -> Result<Holder, Exit> {
    Holder::parse(text).ok_or_else(|| {
        fail(ctx, &fill(DocMsg::BadHolder.text(ctx.lang), &[("text", &text.escape_debug().to_string())]), 2)
    })
}

fn doc_id(ctx: &Context, text: &str) -> Result<DocumentId, Exit> {
    DocumentId::parse(text)
        .ok_or_else(|| fail(ctx, &fill(DocMsg::BadId.text(ctx.lang), &[("text", &text.escape_debug().to_string())]), 2))
}

fn store_fail(ctx: &Context, e: &crate::store::StoreError) -> Exit {
    tell!(ctx, "simpul: {}", e.message(ctx.lang));
    match e {
        crate::store::StoreError::Document(crate::model::DocProblem::Interrupted) => Exit::from(130),
        _ => Exit::from(1),
    }
}

/// What `simpul attach` was given.
pub struct Attach<'a> {
    /// `K-000012` or `S-000006/2`.
    pub holder: &'a str,
    /// The file (`-` or none: standard input).
    pub file: Option<&'a Path>,
    /// Its title.
    pub title: &'a str,
    /// verdict, decree, …
    pub kind: &'a str,
    /// The date it bears.
    pub date: Option<&'a str>,
    /// The file name to keep (default: the file's own).
    pub name: Option<&'a str>,
    /// Shared with the partners who see the record.
    pub partner: bool,
    /// Content readable by viewers.
    pub viewers: bool,
}

/// `simpul attach HOLDER FILE --title …`: adds a document, all or nothing.
pub fn attach(ctx: &Context, a: Attach<'_>) -> Exit {
    let lang = ctx.lang;
    let holder = match holder(ctx, a.holder) {
        Ok(h) => h,
        Err(code) => return code,
    };
    let Some(kind) = DocKind::from_code(a.kind).or_else(|| kind_word(a.kind)) else {
        let kinds = DocKind::codes(", ");
        return fail(ctx, &fill(DocMsg::BadKind.text(lang), &[("text", a.kind), ("kinds", &kinds)]), 2);
    };
    let (settings, _) = match super::settings(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let today = store.clock_for(&ctx.actor).today();
    let date = match a.date.map(|d| crate::model::input::parse_date(d, today)).transpose() {
        Ok(d) => d,
        Err(_) => {
            let text = a.date.unwrap_or_default();
            return fail(ctx, &fill(DocMsg::BadDate.text(lang), &[("text", text)]), 2);
        }
    };
    let dash = a.file.is_some_and(|f| f.as_os_str() == "-");
    let file = a.file.filter(|_| !dash);
    let (mut input, own_name): (Box<dyn std::io::Read + '_>, Option<String>) = match file {
        Some(path) => match std::fs::File::open(path) {
            Ok(f) if f.metadata().is_ok_and(|m| m.is_dir()) => {
                return fail(ctx, &fill(DocMsg::IsDirectory.text(lang), &[("file", &crate::sanitize::path(path))]), 1);
            }
            Ok(f) => (Box::new(f), path.file_name().map(|n| n.to_string_lossy().into_owned())),
            Err(e) => {
                let what = if e.kind() == std::io::ErrorKind::NotFound {
                    fill(DocMsg::NoSuchFile.text(lang), &[("file", &crate::sanitize::path(path))])
                } else {
                    format!("{}: {e}", crate::sanitize::path(path))
                };
                return fail(ctx, &what, 1);
            }
        },
        None if ctx.remote() || dash => (Box::new(super::InputOf(&ctx.io)), None),
        // a local pipe (`simpul attach K-… --title … < scan.pdf`)
        None if ctx.door.is_none() && !std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            (Box::new(super::InputOf(&ctx.io)), None)
        }
        None => return fail(ctx, DocMsg::NoFile.text(lang), 2),
    };
    let file_name = a.name.map(str::to_string).or(own_name).unwrap_or_else(|| default_name(a.title));
    let new = NewDocument {
        holder,
        title: a.title.to_string(),
        kind,
        date,
        file_name,
        sharing: Sharing { partner: a.partner, viewers: a.viewers },
    };
    let cancel = std::sync::Arc::clone(&ctx.cancel);
    if ctx.door.is_none() {
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, std::sync::Arc::clone(&cancel));
    }
    let limits = AttachLimits { max_bytes: settings.documents.max_bytes(), cancel: Some(&cancel) };
    match store.attach(&ctx.actor, new, &mut input, limits) {
        Ok(d) => {
            let args = [
                ("id", d.id.to_string()),
                ("holder", d.holder.to_string()),
                ("size", size_text(d.size)),
                ("sha", d.sha256_hex()),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            say!(ctx, "{}", fill(DocMsg::Attached.text(lang), &args));
            Exit::SUCCESS
        }
        Err(e) => store_fail(ctx, &e),
    }
}

/// A kind by its label in either language ("putusan", "sertifikat").
fn kind_word(text: &str) -> Option<DocKind> {
    let t = text.trim().to_lowercase();
    DocKind::ALL.iter().copied().find(|k| Lang::ALL.iter().any(|l| crate::i18n::doc_kind(*l, *k).to_lowercase() == t))
}

/// A file name from a title, for content that came without one.
fn default_name(title: &str) -> String {
    let name: String = title.trim().chars().map(|c| if c == '/' || c.is_control() { '-' } else { c }).collect();
    if name.is_empty() { "dokumen".into() } else { name }
}

/// `simpul attachments HOLDER`: the documents of a record the user may see.
pub fn list(ctx: &Context, text: &str, all: bool) -> Exit {
    let lang = ctx.lang;
    let holder = match holder(ctx, text) {
        Ok(h) => h,
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let listed = store.scoped(&ctx.actor).and_then(|v| {
        v.check_holder(Holder { record: holder.record, part: None })?;
        let docs = v.documents_of(holder.record, all)?;
        Ok(docs.into_iter().filter(|d| holder.part.is_none() || d.holder.part == holder.part).collect::<Vec<_>>())
    });
    let docs = match listed {
        Ok(d) => d,
        Err(e) => return store_fail(ctx, &e),
    };
    if docs.is_empty() {
        say!(ctx, "{}", fill(DocMsg::NoneListed.text(lang), &[("holder", &holder.to_string())]));
        return Exit::SUCCESS;
    }
    for d in &docs {
        say!(ctx, "{}", line(lang, d));
    }
    Exit::SUCCESS
}

/// One document as a line of `simpul attachments`.
pub fn line(lang: Lang, d: &Document) -> String {
    let clean = |s: &str| crate::sanitize::sanitize(s).into_owned();
    let date = d.date.map(|x| crate::i18n::date(lang, x)).unwrap_or_else(|| "—".into());
    let mut shared = Vec::new();
    if d.sharing.partner {
        shared.push(DocMsg::SharedPartner.text(lang));
    }
    if d.sharing.viewers {
        shared.push(DocMsg::SharedViewers.text(lang));
    }
    let mut s = format!(
        "{}  {}  {}  {}  {}  {}  {} {}",
        d.id,
        d.holder,
        crate::i18n::doc_kind(lang, d.kind),
        date,
        clean(&d.title),
        clean(&d.file_name),
        size_text(d.size),
        &d.sha256_hex()[..12],
    );
    s.push_str(&format!(
        "  {}",
        fill(
            DocMsg::AddedBy.text(lang),
            &[("by", &clean(&d.added_by)), ("date", &crate::i18n::date(lang, d.added_at.date_naive()))]
        )
    ));
    if !shared.is_empty() {
        s.push_str(&format!("  [{}]", shared.join(", ")));
    }
    if let Some(r) = &d.removed {
        s.push_str(&format!(
            "  {}",
            fill(DocMsg::RemovedNote.text(lang), &[("by", &clean(&r.by)), ("reason", &clean(&r.reason))])
        ));
    }
    s
}

/// `simpul attachment get D-…`: the content, through the gate (audited,
/// protected as asked); nothing when it is damaged.
pub fn get(ctx: &Context, text: &str, output: Option<&Path>, protect: &Protection) -> Exit {
    let id = match doc_id(ctx, text) {
        Ok(id) => id,
        Err(code) => return code,
    };
    let prot = match protection(ctx, protect) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if output.is_none() && ctx.io.out_terminal && !matches!(prot, crate::gate::Protection::Sealed(_)) {
        return fail(ctx, DocMsg::NotToTerminal.text(ctx.lang), 2);
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let view = match store.scoped(&ctx.actor) {
        Ok(v) => v,
        Err(e) => return store_fail(ctx, &e),
    };
    let d = match view.readable_document(id) {
        Ok(d) => d,
        Err(e) => return store_fail(ctx, &e),
    };
    let rel = crate::gate::Release { what: format!("document {id}"), record: Some(d.holder.record), sensitive: true };
    gate_exit(
        ctx,
        crate::gate::release(&store, &ctx.actor, &rel, &prot, destination(ctx, output, &mut *ctx.io.out()), |w| {
            match view.read_document(id, w) {
                Ok(_) => Ok(()),
                Err(crate::store::StoreError::Transfer(e)) => Err(e),
                Err(e) => Err(std::io::Error::other(e.message(ctx.lang))),
            }
        }),
    )
}

/// `simpul attachment remove D-… --reason …`: out of the case file, kept.
pub fn remove(ctx: &Context, text: &str, reason: &str) -> Exit {
    let id = match doc_id(ctx, text) {
        Ok(id) => id,
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.remove_document(&ctx.actor, id, reason) {
        Ok(d) => {
            say!(ctx, "{}", fill(DocMsg::RemovedDone.text(ctx.lang), &[("id", &d.id.to_string())]));
            Exit::SUCCESS
        }
        Err(e) => store_fail(ctx, &e),
    }
}

/// `simpul attachment share D-… --partner yes|no --viewers yes|no`.
pub fn share(ctx: &Context, text: &str, partner: Option<&str>, viewers: Option<&str>) -> Exit {
    let id = match doc_id(ctx, text) {
        Ok(id) => id,
        Err(code) => return code,
    };
    let yes_no = |v: Option<&str>| -> Result<Option<bool>, Exit> {
        match v.map(|s| s.trim().to_lowercase()) {
            None => Ok(None),
            Some(s) if matches!(s.as_str(), "yes" | "ya" | "y" | "true") => Ok(Some(true)),
            Some(s) if matches!(s.as_str(), "no" | "tidak" | "n" | "false") => Ok(Some(false)),
            Some(s) => Err(fail(ctx, &fill(DocMsg::YesNo.text(ctx.lang), &[("text", &s)]), 2)),
        }
    };
    let (partner, viewers) = match (yes_no(partner), yes_no(viewers)) {
        (Ok(p), Ok(v)) => (p, v),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let changed = store.scoped(&ctx.actor).and_then(|v| v.document(id)).and_then(|d| {
        let sharing =
            Sharing { partner: partner.unwrap_or(d.sharing.partner), viewers: viewers.unwrap_or(d.sharing.viewers) };
        store.share_document(&ctx.actor, id, sharing)
    });
    match changed {
        Ok(d) => {
            say!(ctx, "{}", line(ctx.lang, &d));
            Exit::SUCCESS
        }
        Err(e) => store_fail(ctx, &e),
    }
}

/// `simpul attachment purge D-… --reason …` (admins): erased for good.
pub fn purge(ctx: &Context, text: &str, reason: &str, yes: bool) -> Exit {
    let lang = ctx.lang;
    let id = match doc_id(ctx, text) {
        Ok(id) => id,
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let d = match store.scoped(&ctx.actor).and_then(|v| v.document(id)) {
        Ok(d) => d,
        Err(e) => return store_fail(ctx, &e),
    };
    if !yes {
        say!(ctx, "{}", line(lang, &d));
        let asked = fill(DocMsg::PurgeAsk.text(lang), &[("id", &id.to_string())]);
        {
            use std::io::Write as _;
            let mut out = ctx.io.out();
            let _ = write!(out, "{asked} ");
            let _ = out.flush();
        }
        let mut answer = String::new();
        let mut byte = [0u8; 1];
        let mut input = ctx.io.input();
        while answer.len() < 16 {
            match input.read(&mut byte) {
                Ok(1) if byte[0] != b'\n' => answer.push(byte[0] as char),
                _ => break,
            }
        }
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "ya" | "yes") {
            say!(ctx, "{}", DocMsg::NotPurged.text(lang));
            return Exit::from(1);
        }
    }
    match store.purge_document(&ctx.actor, id, reason) {
        Ok(()) => {
            say!(ctx, "{}", fill(DocMsg::Purged.text(lang), &[("id", &id.to_string())]));
            Exit::SUCCESS
        }
        Err(e) => store_fail(ctx, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_in_either_language_and_names_made_from_titles() {
        assert_eq!(kind_word("Putusan"), Some(DocKind::Verdict));
        assert_eq!(kind_word("sertifikat"), Some(DocKind::Certificate));
        assert_eq!(kind_word("nothing"), None);
        assert_eq!(default_name("SK PB 12/2024"), "SK PB 12-2024");
        assert_eq!(default_name("  "), "dokumen");
    }
}
