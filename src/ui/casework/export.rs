//! Exports from the interface: the list on screen (as filtered) to CSV or
//! JSON, a client's case summary to Markdown or plain text, an event's
//! attendance list to CSV, and the office's monthly report of a month
//! (CSV or a printable table; officers and administrators only).
//!
//! Records are read through the user's [`Scoped`] view, so a partner
//! exports only what it may see, with withheld fields empty. A file gets
//! a name from its record (or list and day) and leaves through
//! [`crate::gate`]: created new and private (never over an existing file:
//! `-2`, `-3` … are tried), audited before it is written.

use super::super::app::{App, Listed, Screen};
use super::super::data::{self, UiData};
use super::super::update::selected_ref;
use super::CaseworkOptions;
use crate::action::ExportWhat;
use crate::casework::monthly;
use crate::casework::summary::{self, DocFormat};
use crate::exchange::{self, Format};
use crate::gate::{Destination, Protection, Release};
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::model::{Client, Event, RecordKind, RecordRef, Stakeholder, StakeholderId};
use crate::render;
use crate::ui::data::{Actor, Scoped, Store};

/// A file to write: its contents, a name and what the audit log says.
struct Output {
    /// The contents.
    bytes: Vec<u8>,
    /// File name without the directory or the `-2` of a taken name.
    stem: String,
    /// Extension.
    ext: &'static str,
    /// The record exported, if one.
    record: Option<RecordRef>,
    /// What was exported, for the audit log ("clients 12 rows, filter …").
    what: String,
    /// Rows written, for lists.
    rows: Option<usize>,
}

/// A name part from stored text: lowercase ASCII letters and digits
/// (accents dropped), the rest as single dashes, at most 40 characters:
/// never a path, a control character or a dot file.
pub fn slug(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::new();
    for c in s.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Whether an export holds client data with its sensitive fields (a list
/// of clients or a client's document, for a user who reads them all): then
/// it is written only sealed or, as the user chooses, in the clear.
pub fn sensitive(app: &App, data: &UiData, what: ExportWhat) -> bool {
    let clients_list = matches!(what, ExportWhat::ListCsv | ExportWhat::ListJson)
        && app.screen == Screen::Records
        && app.tab == RecordKind::Client;
    let client_doc =
        matches!(what, ExportWhat::SummaryMarkdown | ExportWhat::SummaryText | ExportWhat::Litmas) || what.is_report();
    (clients_list || client_doc) && data.withheld.is_empty()
}

/// The record an export of a document is of: the selection of a list, or the agenda's line.
fn target(app: &App, data: &UiData) -> Option<RecordRef> {
    match app.screen {
        Screen::Records => selected_ref(app, data),
        Screen::Agenda => data.casework.items().get(app.agenda.selected).map(|i| i.record),
        Screen::Dashboard | Screen::Audit | Screen::Users => None,
    }
}

fn list(app: &App, data: &UiData, store: &Scoped, format: Format) -> Result<Output, String> {
    let lang = app.lang;
    let ext = match format {
        Format::Csv => "csv",
        Format::Json => "json",
    };
    let day = app.today.format("%Y-%m-%d").to_string();
    let mut bytes = Vec::new();
    if app.screen == Screen::Agenda {
        let cols = ["rule", "date", "record", "name", "detail"];
        let rows: Vec<Vec<String>> = data
            .casework
            .items()
            .iter()
            .map(|i| {
                vec![
                    i.rule.code().to_string(),
                    i.date.format("%Y-%m-%d").to_string(),
                    i.record.to_string(),
                    i.name.clone(),
                    i.detail.clone(),
                ]
            })
            .collect();
        exchange::write_rows(&cols, &rows, format, &mut bytes).map_err(|e| e.to_string())?;
        let n = rows.len();
        return Ok(Output {
            bytes,
            stem: format!("agenda-{day}"),
            ext,
            record: None,
            what: format!("agenda {n} rows"),
            rows: Some(n),
        });
    }
    if app.screen != Screen::Records {
        return Err(app.t(Ui::ExportNoList).to_string());
    }
    let kind = app.tab;
    let rkind = app.tab;
    let mut rows = Vec::with_capacity(app.list().order.len());
    let calendar = data::calendar(store).map_err(|e| e.message(lang))?;
    // with clients marked, only those (bulk export)
    let marked_only = kind == RecordKind::Client && !app.marked.is_empty();
    for &pos in &app.list().order {
        let Some(id) = data.id_at(rkind, pos as usize) else { continue };
        if marked_only && !app.marked.contains(&id) {
            continue;
        }
        let row = match kind {
            RecordKind::Client => {
                data::get::<Client>(store, id).map(|r| r.map(|c| exchange::client_row(&c, app.today, &calendar)))
            }
            RecordKind::Stakeholder => {
                data::get::<Stakeholder>(store, id).map(|r| r.map(|s| exchange::stakeholder_row(&s)))
            }
            RecordKind::Event => data::get::<Event>(store, id).map(|r| r.map(|e| exchange::event_row(&e))),
            RecordKind::Referral | RecordKind::User => Ok(None),
        };
        rows.extend(row.map_err(|e| e.message(lang))?);
    }
    exchange::write_rows(&exchange::columns(kind), &rows, format, &mut bytes).map_err(|e| e.to_string())?;
    let name = kind.name();
    let query = &app.filter.tabs[app.tab.index()].applied;
    let archived = if app.list().show_archived { ", archived shown" } else { "" };
    Ok(Output {
        bytes,
        stem: format!("{name}-{day}"),
        ext,
        record: None,
        what: format!("{name} {} rows, filter {query:?}{archived}", rows.len()),
        rows: Some(rows.len()),
    })
}

fn case_summary(app: &App, data: &UiData, store: &Scoped, format: DocFormat) -> Result<Output, String> {
    let lang = app.lang;
    let Some(r) = target(app, data).filter(|r| r.kind == RecordKind::Client) else {
        return Err(app.t(Ui::ExportNeedsClient).to_string());
    };
    let c: Client = data::fetch(store, r.id).map_err(|e| e.message(lang))?;
    let referrals = data::referrals_of_client(store, c.id()).map_err(|e| e.message(lang))?;
    let events = data::events_of_client(store, c.id()).map_err(|e| e.message(lang))?;
    let name = |s: StakeholderId| {
        data.position(s.to_ref())
            .and_then(|p| data.stakeholders.get(p))
            .map(|row| row.short.clone())
            .unwrap_or_else(|| s.to_string())
    };
    let calendar = data::calendar(store).map_err(|e| e.message(lang))?;
    let doc = render::summary::case_summary(
        &c,
        &referrals,
        &events,
        &name,
        crate::casework::reporting::CountedTo { today: app.today, calendar: &calendar },
        lang,
        &app.risk_names,
        format,
    );
    let ext = match format {
        DocFormat::Markdown => "md",
        DocFormat::Text => "txt",
    };
    Ok(Output {
        bytes: doc.into_bytes(),
        stem: format!("summary-{r}-{}", slug(&c.full_name)),
        ext,
        record: Some(r),
        what: "case summary".into(),
        rows: None,
    })
}

fn litmas(app: &App, data: &UiData, store: &Scoped) -> Result<Output, String> {
    let lang = app.lang;
    let Some(r) = target(app, data).filter(|r| r.kind == RecordKind::Client) else {
        return Err(app.t(Ui::ExportNeedsClient).to_string());
    };
    let c: Client = data::fetch(store, r.id).map_err(|e| e.message(lang))?;
    // the report selected in the details, else the newest
    let chosen = data.detail.as_ref().filter(|d| d.target == r).and_then(|d| d.selected(app.line()?)).and_then(|s| {
        match s.edit {
            Some(crate::ui::data::Edit::Part(p)) if p.kind == crate::ui::form::parts::PartKind::Litmas => p.index,
            _ => None,
        }
    });
    let l = chosen
        .and_then(|i| c.litmas.get(i))
        .or_else(|| c.litmas.iter().enumerate().max_by_key(|(i, l)| (l.date, *i)).map(|(_, l)| l));
    let Some(l) = l else {
        return Err(fill(crate::i18n::Msg::NoLitmas.text(lang), &[("record", &r.to_string())]));
    };
    // signed by its author, never by the client's officer of the day; its approval, if it has one
    let changes = data::history(store, r).map_err(|e| e.message(lang))?;
    let approvals = data::approvals(store, r.id).map_err(|e| e.message(lang))?;
    let author = summary::litmas_authorship(&c, l, &changes, app.zone);
    let approved = summary::litmas_approval(l, &approvals, app.zone);
    let doc = render::summary::litmas_document(&c, l, &author, approved.as_ref(), lang, DocFormat::Markdown);
    Ok(Output {
        bytes: doc.into_bytes(),
        stem: format!("litmas-{r}-{}-{}", l.date.format("%Y-%m-%d"), slug(&c.full_name)),
        ext: "md",
        record: Some(r),
        what: "litmas".into(),
        rows: None,
    })
}

/// The monthly report of the month answered (else this one), of every
/// client the user sees: refused to those who may not make it.
fn monthly_report(app: &App, store: &Scoped, format: monthly::ReportFormat) -> Result<Output, String> {
    let lang = app.lang;
    if !monthly::may_report(data::reader(store).role) {
        return Err(crate::i18n::report::refused(lang).to_string());
    }
    let month = app.report_month.unwrap_or_else(|| monthly::Month::of(app.today));
    let clients: Vec<Client> = data::all(store);
    let events: Vec<Event> = data::all(store);
    let calendar = data::calendar(store).map_err(|e| e.message(lang))?;
    let r = monthly::build(&clients, &events, &calendar, month, None, app.today);
    let bytes = render::monthly::write(&r, format, app.today, lang).map_err(|e| e.to_string())?;
    Ok(Output {
        bytes,
        stem: format!("sessions-{month}"),
        ext: match format {
            monthly::ReportFormat::Csv => "csv",
            monthly::ReportFormat::Table => "txt",
        },
        record: None,
        what: monthly::audit_note(&r),
        rows: Some(r.clients.len()),
    })
}

fn attendance(app: &App, data: &UiData, store: &Scoped) -> Result<Output, String> {
    let lang = app.lang;
    let Some(r) = target(app, data).filter(|r| r.kind == RecordKind::Event) else {
        return Err(app.t(Ui::ExportNeedsEvent).to_string());
    };
    let e: Event = data::fetch(store, r.id).map_err(|e| e.message(lang))?;
    let client = |id: crate::model::ClientId| data::get::<Client>(store, id.0).ok().flatten();
    let mut bytes = Vec::new();
    let n = summary::attendance_csv(&e, &client, None, &mut bytes).map_err(|e| e.to_string())?;
    Ok(Output {
        bytes,
        stem: format!("attendance-{r}-{}", slug(&e.title)),
        ext: "csv",
        record: Some(r),
        what: format!("attendance {n} rows"),
        rows: Some(n),
    })
}

/// Writes the export `what` of the screen into the export directory and
/// audits it. The message for the status line, or why nothing was written.
#[allow(clippy::too_many_arguments)] // the session's parts, passed apart so each is borrowed once
pub fn run(
    app: &App,
    data: &UiData,
    scoped: &Scoped,
    store: &Store,
    actor: &Actor,
    opts: &CaseworkOptions,
    what: ExportWhat,
    passphrase: Option<&str>,
) -> Result<String, String> {
    let lang = app.lang;
    let out = match what {
        ExportWhat::ListCsv => list(app, data, scoped, Format::Csv)?,
        ExportWhat::ListJson => list(app, data, scoped, Format::Json)?,
        ExportWhat::SummaryMarkdown => case_summary(app, data, scoped, DocFormat::Markdown)?,
        ExportWhat::SummaryText => case_summary(app, data, scoped, DocFormat::Text)?,
        ExportWhat::Attendance => attendance(app, data, scoped)?,
        ExportWhat::Litmas => litmas(app, data, scoped)?,
        ExportWhat::SessionsCsv => monthly_report(app, scoped, monthly::ReportFormat::Csv)?,
        ExportWhat::SessionsTable => monthly_report(app, scoped, monthly::ReportFormat::Table)?,
    };
    let failed = |e: String| fill(Ui::ExportFailed.text(lang), &[("error", &e)]);
    let dir = match &opts.export_dir {
        Some(d) => d.clone(),
        None => std::env::current_dir().map_err(|e| failed(e.to_string()))?,
    };
    // client data: sealed with the passphrase, or in the clear as the user chose (and the audit says)
    let (prot, ext) = match passphrase {
        Some(p) if !p.is_empty() => {
            (Protection::Sealed(crate::protect::Key::passphrase(p)), format!("{}.age", out.ext))
        }
        Some(_) => (Protection::Unprotected, out.ext.to_string()),
        None => (Protection::Plain, out.ext.to_string()),
    };
    let rel = Release { what: out.what.clone(), record: out.record, sensitive: sensitive(app, data, what) };
    let dest = Destination::NewIn { dir: &dir, stem: &out.stem, ext: &ext };
    let shown = crate::gate::release(store, actor, &rel, &prot, dest, |w| w.write_all(&out.bytes))
        .map_err(|e| failed(e.message(lang)))?
        .shown;
    let mut msg = match out.rows {
        Some(n) => fill(
            Ui::ExportedRows.text(lang),
            &[("rows", &crate::i18n::count(lang, n, crate::i18n::Noun::Row)), ("path", &shown)],
        ),
        None => fill(Ui::ExportedDoc.text(lang), &[("path", &shown)]),
    };
    if opts.remote {
        msg.push(' ');
        msg.push_str(Ui::OnServer.text(lang));
    }
    Ok(msg)
}

/// The command line that writes the same export on the user's own
/// machine (`ssh -p PORT USER@HOST export …  > FILE`), when the session
/// runs over SSH and the command line can say what the screen holds (not
/// a set of marked clients, the archived shown, or the agenda).
/// `sealed`: `None` for an export that holds no client data, else whether
/// it is sealed (with the passphrase sent as `SIMPUL_EXPORT_PASSPHRASE`)
/// or written in the clear as the user chose.
pub fn ssh_line(
    app: &App,
    data: &UiData,
    opts: &CaseworkOptions,
    what: ExportWhat,
    sealed: Option<bool>,
) -> Option<String> {
    let origin = opts.ssh.as_ref()?;
    // a word for the server's split, then for the user's shell
    let q = |w: &str| {
        let remote = shlex::try_quote(w).ok()?.into_owned();
        Some(shlex::try_quote(&remote).ok()?.into_owned())
    };
    let day = app.today.format("%Y-%m-%d").to_string();
    let (words, file) = match what {
        ExportWhat::ListCsv | ExportWhat::ListJson => {
            let kind = app.tab;
            if app.screen != Screen::Records
                || (kind == RecordKind::Client && !app.marked.is_empty())
                || app.list().show_archived
            {
                return None;
            }
            let (format, ext) = if what == ExportWhat::ListJson { ("json", "json") } else { ("csv", "csv") };
            let mut words = format!("export {} --format {format}", kind.name());
            let query = app.filter.tabs[kind.index()].applied.trim();
            if !query.is_empty() {
                words.push_str(&format!(" --query {}", q(query)?));
            }
            (words, format!("{}-{day}.{ext}", kind.name()))
        }
        ExportWhat::SummaryMarkdown | ExportWhat::SummaryText | ExportWhat::Litmas => {
            let r = target(app, data).filter(|r| r.kind == RecordKind::Client)?;
            let (format, ext) = if what == ExportWhat::SummaryText { ("text", "txt") } else { ("markdown", "md") };
            let cmd = if what == ExportWhat::Litmas { "litmas" } else { "summary" };
            (format!("{cmd} {r} --format {format}"), format!("{r}-{cmd}.{ext}"))
        }
        ExportWhat::Attendance => {
            let r = target(app, data).filter(|r| r.kind == RecordKind::Event)?;
            (format!("attendance {r}"), format!("{r}-attendance.csv"))
        }
        ExportWhat::SessionsCsv | ExportWhat::SessionsTable => {
            let month = app.report_month.unwrap_or_else(|| monthly::Month::of(app.today));
            let (format, ext) = if what == ExportWhat::SessionsCsv { ("csv", "csv") } else { ("table", "txt") };
            (format!("report sessions --month {month} --format {format}"), format!("sessions-{month}.{ext}"))
        }
    };
    let user = shlex::try_quote(&origin.user).ok()?;
    let (port, host) = (origin.port, &origin.host);
    Some(match sealed {
        Some(true) => {
            format!("ssh -o SendEnv=SIMPUL_EXPORT_PASSPHRASE -p {port} {user}@{host} {words} --encrypt > {file}.age")
        }
        Some(false) => format!("ssh -p {port} {user}@{host} {words} --unprotected > {file}"),
        None => format!("ssh -p {port} {user}@{host} {words} > {file}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_short() {
        assert_eq!(slug("Ahmad Fauzi"), "ahmad-fauzi");
        assert_eq!(slug("  ../../etc/passwd "), "etc-passwd");
        assert_eq!(slug("Lokakarya \x1b[2J Penguatan"), "lokakarya-2j-penguatan");
        assert_eq!(slug("Ślązak Ñandú"), "slazak-nandu");
        assert!(slug(&"x".repeat(100)).len() <= 40);
        assert_eq!(slug("---"), "");
    }
}
