//! Documents in the interface: listed in a record's details (see
//! [`super::data`]); Enter opens one with the system's viewer, or over SSH
//! says the `ssh … attachment get` line that brings it to the user's
//! machine; a document is added from a path (Tab completes it) and taken
//! out with a reason.

use std::path::{Path, PathBuf};

use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::model::{DocKind, DocumentId, Holder, RecordRef, Sharing};
use crate::ui::Session;
use crate::ui::app::{Prompt, PromptKind};

/// A size in bytes as people read it (1.2 MB, 340 KB, 12 B).
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    match bytes {
        b if b >= KB * KB => format!("{:.1} MB", b as f64 / (KB * KB) as f64),
        b if b >= KB => format!("{} KB", b.div_ceil(KB)),
        b => format!("{b} B"),
    }
}

/// What Tab makes of a typed path: the longest common completion of the
/// entries of its directory that begin with its last part (a directory
/// gets its `/`). `None` when nothing matches.
pub fn complete_path(typed: &str) -> Option<String> {
    let expanded = match typed.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME").map(|h| format!("{}/{rest}", h.to_string_lossy()))?,
        None => typed.to_string(),
    };
    let (dir, stem) = match expanded.rfind('/') {
        Some(i) => (&expanded[..=i], &expanded[i + 1..]),
        None => ("", expanded.as_str()),
    };
    let read = if dir.is_empty() { Path::new(".") } else { Path::new(dir) };
    let mut names: Vec<(String, bool)> = std::fs::read_dir(read)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            // hidden entries only when asked for
            (name.starts_with(stem) && (stem.starts_with('.') || !name.starts_with('.')))
                .then(|| (name, e.file_type().is_ok_and(|t| t.is_dir())))
        })
        .collect();
    names.sort();
    let (first, first_dir) = names.first()?.clone();
    let mut common = first.clone();
    for (n, _) in &names[1..] {
        let same = common.chars().zip(n.chars()).take_while(|(a, b)| a == b).count();
        common = common.chars().take(same).collect();
    }
    let slash = if names.len() == 1 && first_dir { "/" } else { "" };
    let prefix = if typed.starts_with("~/") {
        typed[..typed.rfind('/').map_or(0, |i| i + 1)].to_string()
    } else {
        dir.to_string()
    };
    Some(format!("{prefix}{common}{slash}"))
}

/// The kind a title names by its first word ("Putusan PN Malang" is a
/// verdict, "SK PB …" a decree, "Sertifikat …" a certificate), else other.
pub fn kind_of_title(title: &str) -> DocKind {
    let first = title.split_whitespace().next().unwrap_or("").to_lowercase();
    let first = first.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(first, "ktp" | "kk" | "paspor" | "passport") {
        return DocKind::Identity;
    }
    if matches!(first, "mou" | "pks") {
        return DocKind::Agreement;
    }
    DocKind::ALL
        .iter()
        .copied()
        .find(|k| {
            k.code() == first
                || crate::i18n::Lang::ALL.iter().any(|l| {
                    crate::i18n::doc_kind(*l, *k).split_whitespace().next().is_some_and(|w| w.to_lowercase() == first)
                })
        })
        .unwrap_or(DocKind::Other)
}

/// A word as the server splits it, then as the user's shell reads it.
fn twice_quoted(w: &str) -> Option<String> {
    let remote = shlex::try_quote(w).ok()?.into_owned();
    Some(shlex::try_quote(&remote).ok()?.into_owned())
}

impl Session {
    /// Opens a document: on this machine with the system's viewer (a
    /// private copy, through the gate: audited), over SSH by the line
    /// that fetches it to the user's own machine (copied for them).
    pub fn open_document(&mut self, id: DocumentId) {
        let lang = self.app.lang;
        let scoped = self.scoped();
        let d = match crate::ui::data::readable_document(&scoped, id) {
            Ok(d) => d,
            Err(e) => return self.app.error(e.message(lang)),
        };
        if let Some(origin) = self.casework_options().ssh.clone() {
            let name = d.file_name.replace(['/', '\0'], "-");
            let (Ok(user), Some(file)) = (shlex::try_quote(&origin.user), shlex::try_quote(&name).ok()) else {
                return;
            };
            let line =
                format!("ssh -p {} {user}@{} attachment get {id} --unprotected > {file}", origin.port, origin.host);
            let msg = fill(self.app.t(Ui::DocOverSsh), &[("id", &id.to_string()), ("command", &line)]);
            self.app.clipboard = Some(line);
            return self.app.info(msg);
        }
        if self.casework_options().remote {
            return self.app.info(fill(self.app.t(Ui::DocNotHere), &[("id", &id.to_string())]));
        }
        let path = match viewer_copy(&d.file_name, id) {
            Ok(p) => p,
            Err(e) => return self.app.error(format!("{}: {e}", self.app.t(Ui::DocNotOpened))),
        };
        let rel = crate::gate::Release {
            what: format!("document {id} opened"),
            record: Some(d.holder.record),
            sensitive: true,
        };
        let written = crate::gate::release(
            self.store(),
            self.actor(),
            &rel,
            &crate::gate::Protection::Unprotected,
            crate::gate::Destination::File(&path),
            |w| match crate::ui::data::read_document(&scoped, id, w) {
                Ok(_) => Ok(()),
                Err(crate::ui::data::StoreError::Transfer(e)) => Err(e),
                Err(e) => Err(std::io::Error::other(e.message(lang))),
            },
        );
        if let Err(e) = written {
            return self.app.error(e.message(lang));
        }
        let opened = std::process::Command::new("xdg-open")
            .arg(&path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let shown = crate::sanitize::path(&path);
        match opened {
            Ok(mut child) => {
                // reaped on a thread: the viewer may stay open for long
                std::thread::spawn(move || child.wait());
                self.app.info(fill(self.app.t(Ui::DocOpened), &[("id", &id.to_string()), ("path", &shown)]));
            }
            Err(_) => self.app.error(fill(self.app.t(Ui::DocNoViewer), &[("path", &shown)])),
        }
    }

    /// Adding a document to record `r`: its path is asked for on this
    /// machine; over SSH, the line that sends it from the user's machine.
    pub fn ask_attach(&mut self, r: RecordRef) {
        if let Some(origin) = self.casework_options().ssh.clone() {
            let Ok(user) = shlex::try_quote(&origin.user) else { return };
            let title = twice_quoted(self.app.t(Ui::DocTitleExample)).unwrap_or_default();
            let line = format!(
                "ssh -p {} {user}@{} attach {r} --title {title} --kind other --name FILE.pdf < FILE.pdf",
                origin.port, origin.host
            );
            let msg = fill(self.app.t(Ui::DocAttachOverSsh), &[("command", &line)]);
            self.app.clipboard = Some(line);
            return self.app.info(msg);
        }
        if self.casework_options().remote {
            return self.app.info(self.app.t(Ui::DocAttachNotHere));
        }
        self.app.prompt = Some(Prompt::new(PromptKind::AttachPath(r)));
    }

    /// Acts on the answer to a document's question; false when `p` is not one.
    pub fn answer_document_prompt(&mut self, p: Prompt) -> Result<(), Prompt> {
        let lang = self.app.lang;
        let text = p.line.value.trim().to_string();
        let (store, actor) = (self.store().clone(), self.actor().clone());
        let result = match p.kind {
            PromptKind::AttachPath(r) => {
                let path = expand_home(&text);
                let problem = match std::fs::metadata(&path) {
                    Ok(m) if m.is_dir() => Some(Ui::DocPathIsDir),
                    Ok(_) => None,
                    Err(_) => Some(Ui::DocPathMissing),
                };
                if let Some(m) = problem {
                    let msg = fill(self.app.t(m), &[("path", &crate::sanitize::path(&path))]);
                    self.app.prompt = Some(p);
                    self.app.error(msg);
                    return Ok(());
                }
                let mut next = Prompt::new(PromptKind::AttachTitle(r));
                next.first = Some(path.to_string_lossy().into_owned());
                self.app.prompt = Some(next);
                return Ok(());
            }
            PromptKind::AttachTitle(r) => {
                let path = PathBuf::from(p.first.clone().unwrap_or_default());
                let file = match std::fs::File::open(&path) {
                    Ok(f) => f,
                    Err(e) => {
                        self.app.error(format!("{}: {e}", crate::sanitize::path(&path)));
                        return Ok(());
                    }
                };
                let new = crate::ui::data::NewDocument {
                    holder: Holder { record: r, part: None },
                    title: text.clone(),
                    kind: kind_of_title(&text),
                    date: None,
                    file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                    sharing: Sharing::default(),
                };
                let limits = crate::ui::data::AttachLimits { max_bytes: self.document_limit(), ..Default::default() };
                crate::ui::data::attach(&store, &actor, new, &mut std::io::BufReader::new(file), limits).map(|d| {
                    let args = [("id", d.id.to_string()), ("record", r.to_string())];
                    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    fill(Ui::DocAdded.text(lang), &args)
                })
            }
            PromptKind::RemoveDocument(id) => crate::ui::data::remove_document(&store, &actor, id, &text)
                .map(|()| fill(Ui::DocTakenOut.text(lang), &[("id", &id.to_string())])),
            PromptKind::PurgeDocument(id) => crate::ui::data::purge_document(&store, &actor, id, &text)
                .map(|()| fill(Ui::DocPurged.text(lang), &[("id", &id.to_string())])),
            _ => return Err(p),
        };
        self.answered(p, result);
        Ok(())
    }
}

/// `~/x` as the user's home's `x`.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}

/// Where a document is put for the viewer: the user's runtime directory
/// (private, and emptied when they log out) when there is one, else a
/// private directory of the system's temporary one; the file's own name.
fn viewer_copy(file_name: &str, id: DocumentId) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    let base = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let uid = rustix::process::getuid().as_raw();
    let dir = base.join(format!("simpul-{uid}"));
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
    // one that was there (another's, or loosened) is not used
    let meta = std::fs::symlink_metadata(&dir)?;
    if !meta.is_dir() || std::os::unix::fs::MetadataExt::uid(&meta) != uid {
        return Err(std::io::Error::other("not this user's own directory"));
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    let name: String = file_name.chars().map(|c| if c == '/' || c.is_control() { '-' } else { c }).collect();
    Ok(dir.join(format!("{id}-{name}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_their_kind_by_the_first_word() {
        assert_eq!(kind_of_title("Putusan PN Malang"), DocKind::Verdict);
        assert_eq!(kind_of_title("SK PB 12/2024"), DocKind::Decree);
        assert_eq!(kind_of_title("Sertifikat barista"), DocKind::Certificate);
        assert_eq!(kind_of_title("KTP"), DocKind::Identity);
        assert_eq!(kind_of_title("Litmas awal"), DocKind::Litmas);
        assert_eq!(kind_of_title("Foto kegiatan"), DocKind::Photo);
        assert_eq!(kind_of_title("Catatan rapat"), DocKind::Other);
    }

    #[test]
    fn tab_completes_a_path_as_far_as_it_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().display().to_string();
        std::fs::write(dir.path().join("putusan-2024.pdf"), b"x").unwrap();
        std::fs::write(dir.path().join("putusan-2025.pdf"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("scans")).unwrap();
        std::fs::write(dir.path().join(".hidden"), b"x").unwrap();
        assert_eq!(complete_path(&format!("{base}/pu")), Some(format!("{base}/putusan-202")));
        assert_eq!(complete_path(&format!("{base}/putusan-2025")), Some(format!("{base}/putusan-2025.pdf")));
        assert_eq!(complete_path(&format!("{base}/sc")), Some(format!("{base}/scans/")));
        assert_eq!(complete_path(&format!("{base}/zz")), None);
        assert_eq!(complete_path(&format!("{base}/.h")), Some(format!("{base}/.hidden")));
    }
}

#[cfg(test)]
mod session_tests {
    use crossterm::event::KeyCode;

    use crate::i18n::Lang;
    use crate::ui::tests::{press, render, session, type_text};

    /// The details' selectable lines, as text.
    fn detail_lines(s: &crate::ui::Session) -> Vec<String> {
        s.data.detail.as_ref().map(|d| d.selectables().map(|(t, _)| t.to_string()).collect()).unwrap_or_default()
    }

    /// The position among the details' selectable lines of the first document line.
    fn document_line(s: &crate::ui::Session) -> Option<usize> {
        let d = s.data.detail.as_ref()?;
        d.selectables().position(|(_, sel)| matches!(sel.edit, Some(crate::ui::data::Edit::Document(_))))
    }

    #[test]
    fn a_document_is_added_from_a_path_listed_opened_over_ssh_and_taken_out() {
        let mut fx = session(Lang::En, 100, 30, true);
        let s = &mut fx.session;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("putusan-pn-malang.pdf"), b"%PDF-1.4 putusan").unwrap();
        press(s, KeyCode::Enter);
        press(s, KeyCode::Char('@'));
        assert!(render(s, 100, 30).contains("The file to add to K-000001"), "{}", render(s, 100, 30));
        type_text(s, &format!("{}/put", dir.path().display()));
        press(s, KeyCode::Tab);
        let typed = s.app.prompt.as_ref().map(|p| p.line.value.clone()).unwrap_or_default();
        assert!(typed.ends_with("/putusan-pn-malang.pdf"), "completed: {typed}");
        press(s, KeyCode::Enter);
        assert!(render(s, 100, 30).contains("Title of the document"), "{}", render(s, 100, 30));
        type_text(s, "Putusan PN Malang");
        press(s, KeyCode::Enter);
        assert_eq!(s.app.status.clone().map(|m| m.text), Some("Added D-000001 to K-000001.".to_string()));
        // listed in the details, below the case file (scrolled to)
        let lines = detail_lines(s);
        assert!(
            lines.iter().any(|l| l == "D-000001  Putusan PN Malang (verdict)  putusan-pn-malang.pdf  16 B"),
            "{lines:?}"
        );
        // over ssh, Enter on it says (and copies) the line that fetches it
        s.set_casework(crate::ui::casework::CaseworkOptions {
            remote: true,
            ssh: Some(crate::ui::casework::SshOrigin { user: "siti".into(), host: "192.0.2.1".into(), port: 2222 }),
            ..Default::default()
        });
        let i = document_line(s).expect("a document line");
        for _ in 0..=i {
            press(s, KeyCode::Tab);
        }
        press(s, KeyCode::Enter);
        let line = "ssh -p 2222 siti@192.0.2.1 attachment get D-000001 --unprotected > putusan-pn-malang.pdf";
        let msg = s.app.status.clone().map(|m| m.text).unwrap_or_default();
        assert!(msg.contains(line), "{msg}");
        assert_eq!(s.app.clipboard.as_deref(), Some(line));
        // taken out with a reason: kept, no longer listed
        press(s, KeyCode::Char('a'));
        assert!(render(s, 100, 30).contains("Why D-000001 is taken out"), "{}", render(s, 100, 30));
        type_text(s, "salah berkas");
        press(s, KeyCode::Enter);
        assert_eq!(
            s.app.status.clone().map(|m| m.text),
            Some("D-000001 was taken out of the case file (it is kept).".to_string())
        );
        assert_eq!(document_line(s), None);
        let actor = crate::ui::data::Actor::new("admin", crate::model::Role::Admin);
        let kept = s.store().scoped(&actor).unwrap().documents_of(crate::model::ClientId(1).to_ref(), true).unwrap();
        assert_eq!(kept.len(), 1);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(super::size_text(12), "12 B");
        assert_eq!(super::size_text(2048), "2 KB");
        assert_eq!(super::size_text(2049), "3 KB");
        assert_eq!(super::size_text(5 * 1024 * 1024 + 300 * 1024), "5.3 MB");
    }

    #[test]
    fn a_viewer_cannot_add_or_take_out_documents() {
        let fx = session(Lang::En, 100, 30, true);
        let admin = crate::ui::data::Actor::new("admin", crate::model::Role::Admin);
        let new = crate::ui::data::NewDocument {
            holder: crate::model::Holder { record: crate::model::ClientId(1).to_ref(), part: None },
            title: "KTP".into(),
            kind: crate::model::DocKind::Identity,
            date: None,
            file_name: "ktp.jpg".into(),
            sharing: Default::default(),
        };
        fx.session.store().attach(&admin, new, &mut &b"jpg"[..], Default::default()).unwrap();
        let mut o = crate::ui::tests::opts(Lang::En);
        o.actor = crate::ui::data::Actor::new("lihat", crate::model::Role::Viewer);
        let mut v = crate::ui::Session::new(fx.session.store().clone(), &o, 100, 30);
        press(&mut v, KeyCode::Enter);
        let lines = detail_lines(&v);
        assert!(lines.iter().any(|l| l.starts_with("D-000001  KTP (identity paper)")), "{lines:?}");
        press(&mut v, KeyCode::Char('@'));
        assert!(v.app.prompt.is_none());
        let i = document_line(&v).expect("listed for a viewer");
        for _ in 0..=i {
            press(&mut v, KeyCode::Tab);
        }
        press(&mut v, KeyCode::Char('a'));
        assert!(v.app.prompt.is_none(), "no reason asked of a viewer");
        // nor is its content opened for a viewer when it is not marked for viewers
        press(&mut v, KeyCode::Enter);
        let msg = v.app.status.clone().map(|m| m.text).unwrap_or_default();
        assert!(msg.contains("not shared with viewers"), "{msg}");
    }
}
