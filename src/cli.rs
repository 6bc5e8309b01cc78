//! What each subcommand does, behind the argument parsing of `main.rs`.
//! Each returns the process exit code after printing its own messages.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::i18n::{Lang, Msg, fill};
use crate::model::RecordKind;
use crate::store::{OpenOptions, Store, StoreError};

/// `println!` for a command's output, in a function returning its exit
/// code: a reader that stops reading (`simpul check | head -1`) ends the
/// command quietly, as `ls | head` does; any other failure says so.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            return finish_output(Err(e));
        }
    }};
}

/// What every subcommand needs.
#[derive(Debug, Clone)]
pub struct Context {
    /// Database directory.
    pub db: PathBuf,
    /// Interface language.
    pub lang: Lang,
    /// Keymap preset or file, if chosen.
    pub keymap: Option<String>,
    /// Plain ASCII drawing.
    pub ascii: bool,
    /// Settings file named with `--settings`, if any.
    pub settings: Option<PathBuf>,
}

/// The settings in effect, and a problem to mention. A bad file named with
/// `--settings` refuses the start (exit 2): the user asked for it. A bad
/// file in the config directory, not named this time, is set aside with a
/// warning and the defaults are used, so no one is locked out by it.
pub fn settings(ctx: &Context) -> Result<(crate::casework::settings::Config, Option<String>), ExitCode> {
    use crate::casework::settings::{Config, effective, user_settings_path};
    let default_file = user_settings_path();
    match effective(ctx.settings.as_deref(), default_file.as_deref()) {
        Ok(c) => Ok((c, None)),
        Err(e) => {
            let msg = fill(
                crate::i18n::ui::Ui::SettingsBad.text(ctx.lang),
                &[("file", &e.file.display().to_string()), ("why", &e.why)],
            );
            if ctx.settings.is_some() {
                eprintln!("simpul: {msg}");
                Err(ExitCode::from(2))
            } else {
                Ok((Config::default(), Some(msg)))
            }
        }
    }
}

/// Applies the office's colour names from the settings, for every command
/// (documents and exports name the categories too). A bad file is said
/// where the command reads its settings; here it is simply not used.
pub fn office_names(ctx: &Context) {
    let default_file = crate::casework::settings::user_settings_path();
    if let Ok(c) = crate::casework::settings::effective(ctx.settings.as_deref(), default_file.as_deref()) {
        c.apply_risk_names();
    }
}

/// `simpul audit --views K-…`: who opened a client's case file, newest first.
pub fn audit_views(ctx: &Context, client: &str, limit: usize) -> ExitCode {
    let id = match parse_ref(ctx, client, RecordKind::Client) {
        Ok(id) => id,
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.views(id, limit) {
        Ok(views) if views.is_empty() => {
            eprintln!("{}", crate::i18n::users::UserMsg::NoEntries.text(ctx.lang));
            ExitCode::SUCCESS
        }
        Ok(views) => {
            let mut out = std::io::stdout().lock();
            for v in views {
                let line = format!(
                    "{}  {:<12} {}\n",
                    store.clock().zone().local(v.at).format("%Y-%m-%d %H:%M:%S"),
                    crate::sanitize::sanitize(&v.user),
                    crate::sanitize::sanitize(&v.session)
                );
                if std::io::Write::write_all(&mut out, line.as_bytes()).is_err() {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// The default database: `simpul.db` in the user's data directory.
pub fn default_db_path() -> Result<PathBuf, String> {
    directories::ProjectDirs::from("id", "simpul", "simpul")
        .map(|d| d.data_dir().join("simpul.db"))
        .ok_or_else(|| "no home directory found; choose a database with --db PATH or SIMPUL_DB".to_string())
}

/// Opens the database or prints why not.
pub fn open_store(ctx: &Context) -> Result<Store, ExitCode> {
    open_store_with(ctx, &OpenOptions::default())
}

/// Opens the database with these options or prints why not.
fn open_store_with(ctx: &Context, opts: &OpenOptions) -> Result<Store, ExitCode> {
    Store::open(&ctx.db, opts).map_err(|e| {
        eprintln!("simpul: {}", e.message(ctx.lang));
        match e {
            StoreError::Locked { .. } => ExitCode::from(3),
            _ => ExitCode::from(1),
        }
    })
}

/// `simpul` with no subcommand: the terminal interface.
pub fn tui(ctx: &Context) -> ExitCode {
    let (keymap, notice) = match tui_keymap(ctx) {
        Ok(k) => k,
        Err(code) => return code,
    };
    let (config, settings_notice) = match settings(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // a bad keymap matters more (keys may not work): its notice wins
    let notice = notice.or_else(|| settings_notice.map(crate::ui::app::StatusMsg::error));
    let casework =
        crate::ui::casework::CaseworkOptions { agenda: config.agenda, export_dir: config.export.dir, remote: false };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    store.set_partner_grace_days(config.privacy.partner_grace_days);
    let opts = crate::ui::Options {
        lang: ctx.lang,
        theme: crate::ui::Theme::from_env(ctx.ascii, std::env::var_os("NO_COLOR")),
        actor: crate::store::Actor::local(),
        keymap: std::sync::Arc::new(keymap),
        demo_clients: 200,
        demo_seed: 1,
    };
    match crate::ui::terminal::run_with_status(store, &opts, casework, notice) {
        Ok(crate::ui::Exit::Quit) => ExitCode::SUCCESS,
        Ok(crate::ui::Exit::Signal(n)) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
        Err(e) => {
            eprintln!("simpul: {e}");
            ExitCode::from(1)
        }
    }
}

/// The keymap of a terminal session, and a problem to show in it. A bad
/// keymap named with `--keymap` refuses the start (exit 2) with every error
/// and the fix: the user asked for it. A bad keymap file in the config
/// directory, which the user did not name this time, must not lock them
/// out: the default keys are used and the status line says why.
fn tui_keymap(ctx: &Context) -> Result<(crate::keymap::Keymap, Option<crate::ui::app::StatusMsg>), ExitCode> {
    use crate::i18n::keymap::KeymapMsg;
    use crate::keymap::{DEFAULT_PRESET, Keymap, effective_keymap, preset_names};
    let user_file = crate::keymap::user_keymap_path();
    let errors = match effective_keymap(ctx.keymap.as_deref(), user_file.as_deref()) {
        Ok(k) => return Ok((k, None)),
        Err(e) => e,
    };
    if ctx.keymap.is_some() {
        for e in &errors.0 {
            eprintln!("simpul: {}", e.message(ctx.lang));
        }
        eprintln!("{}", fill(KeymapMsg::Refused.text(ctx.lang), &[("presets", &preset_names().join("|"))]));
        return Err(ExitCode::from(2));
    }
    let keymap = Keymap::preset(DEFAULT_PRESET).map_err(|e| {
        eprintln!("simpul: {}", e.message(ctx.lang));
        ExitCode::from(1)
    })?;
    Ok((keymap, Some(crate::ui::app::StatusMsg::error(keymap_notice(&errors, ctx.lang)))))
}

/// One line for the status bar about a bad keymap file: the first problem
/// (file name and line), how many more, and what happens now.
pub fn keymap_notice(errors: &crate::keymap::KeymapErrors, lang: Lang) -> String {
    use crate::i18n::keymap::KeymapMsg;
    let Some(first) = errors.0.first() else {
        return String::new();
    };
    let file = Path::new(&first.file).file_name().map_or(first.file.clone(), |f| f.to_string_lossy().into_owned());
    let mut problem = match first.line {
        Some(line) => format!("{file} {} {line}: {}", KeymapMsg::Line.text(lang), first.reason(lang)),
        None => format!("{file}: {}", first.reason(lang)),
    };
    if errors.0.len() > 1 {
        problem.push(' ');
        problem.push_str(&fill(KeymapMsg::More.text(lang), &[("n", &(errors.0.len() - 1).to_string())]));
    }
    fill(KeymapMsg::UsingDefault.text(lang), &[("problem", &problem)])
}

/// `simpul demo`: the same records for the same seed and `today` (by
/// default the clock's today, so the agenda shows what is due).
pub fn demo(ctx: &Context, clients: usize, seed: u64, today: Option<chrono::NaiveDate>) -> ExitCode {
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let today = today.unwrap_or_else(|| store.clock().today());
    let opts = crate::demo::DemoOptions { clients, seed, today };
    match crate::demo::load(&store, &crate::store::Actor::local(), &opts) {
        Ok(s) => {
            say!(
                "{}",
                fill(
                    Msg::DemoLoaded.text(ctx.lang),
                    &[
                        ("path", &ctx.db.display().to_string()),
                        ("stakeholders", &s.stakeholders.to_string()),
                        ("events", &s.events.to_string()),
                        ("clients", &s.clients.to_string()),
                        ("referrals", &s.referrals.to_string()),
                    ],
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// `simpul search QUERY`: exit 0 (also with no rows), 2 for a bad query.
pub fn search(
    ctx: &Context,
    query: &str,
    kind: crate::model::RecordKind,
    format: crate::search::OutputFormat,
) -> ExitCode {
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut out = std::io::stdout().lock();
    match crate::search::run(&store, query, kind, format, ctx.lang, &mut out) {
        Ok(_) => ExitCode::SUCCESS,
        // `simpul search … | head` closes the pipe early: that is not an error.
        Err(crate::search::SearchCliError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(e.exit_code())
        }
    }
}

/// `simpul export KIND`: to standard output, or to a file written whole
/// (a temporary file renamed into place) so a failed export leaves no half file.
/// How an export of client data is protected.
#[derive(Debug, Clone, Default)]
pub struct Protection {
    /// Encrypt with a passphrase.
    pub encrypt: bool,
    /// Where the passphrase is (else `SIMPUL_EXPORT_PASSPHRASE`).
    pub passphrase_file: Option<PathBuf>,
    /// The user chose to write client data in the clear.
    pub unprotected: bool,
}

/// The passphrase for an encrypted export, or why there is none.
fn passphrase(p: &Protection, lang: crate::i18n::Lang) -> Result<String, String> {
    let text = match &p.passphrase_file {
        Some(f) => std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?,
        None => std::env::var("SIMPUL_EXPORT_PASSPHRASE").map_err(|_| Msg::PassphraseMissing.text(lang).to_string())?,
    };
    let pass = text.lines().next().unwrap_or("").to_string();
    if pass.chars().count() < crate::protect::MIN_PASSPHRASE {
        return Err(fill(Msg::PassphraseShort.text(lang), &[("n", &crate::protect::MIN_PASSPHRASE.to_string())]));
    }
    Ok(pass)
}

/// `simpul export`: records as CSV or JSON; client data only encrypted or
/// with `--unprotected` said out loud.
pub fn export(
    ctx: &Context,
    kind: crate::model::RecordKind,
    query: &str,
    format: crate::exchange::Format,
    output: Option<&Path>,
    protect: &Protection,
) -> ExitCode {
    use crate::i18n::exchange::ExchangeMsg;
    if kind == crate::model::RecordKind::Client && !protect.encrypt && !protect.unprotected {
        eprintln!("simpul: {}", Msg::ExportSensitive.text(ctx.lang));
        return ExitCode::from(2);
    }
    let pass = if protect.encrypt {
        match passphrase(protect, ctx.lang) {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("simpul: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let actor = crate::store::Actor::local();
    if let Some(pass) = pass {
        return export_encrypted(ctx, &store, &actor, kind, query, format, output, &pass);
    }
    // client data in the clear was asked for by name: the audit log says so
    let clear = if kind == crate::model::RecordKind::Client { " (unprotected)" } else { "" };
    let result = match output {
        None => {
            let mut out = std::io::stdout().lock();
            let target = format!("stdout{clear}");
            let req = crate::exchange::ExportRequest { kind, query, format, target: &target };
            crate::exchange::export(&store, &actor, req, ctx.lang, &mut out)
        }
        Some(path) => {
            let tmp = path.with_extension("partial");
            let written = std::fs::File::create(&tmp).map_err(crate::exchange::ExportError::Write).and_then(|mut f| {
                let target = format!("{}{clear}", path.display());
                let req = crate::exchange::ExportRequest { kind, query, format, target: &target };
                let n = crate::exchange::export(&store, &actor, req, ctx.lang, &mut f)?;
                f.sync_all()?;
                std::fs::rename(&tmp, path)?;
                Ok(n)
            });
            if written.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            if let Ok(n) = &written {
                eprintln!(
                    "{}",
                    fill(
                        ExchangeMsg::Exported.text(ctx.lang),
                        &[("n", &n.to_string()), ("target", &path.display().to_string())]
                    )
                );
            }
            written
        }
    };
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(crate::exchange::ExportError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(crate::exchange::ExportError::Query(msg)) => {
            eprintln!("simpul: {msg}");
            ExitCode::from(2)
        }
        Err(crate::exchange::ExportError::Store(e)) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
        Err(crate::exchange::ExportError::Write(e)) => {
            eprintln!("simpul: {e}");
            ExitCode::from(1)
        }
    }
}

/// `simpul import KIND FILE`: all rows or none.
pub fn import(
    ctx: &Context,
    kind: crate::model::RecordKind,
    file: &Path,
    opts: crate::exchange::ImportOptions,
) -> ExitCode {
    use crate::i18n::exchange::ExchangeMsg;
    let mut f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("simpul: {}: {e}", file.display());
            return ExitCode::from(1);
        }
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match crate::exchange::import(&store, &crate::store::Actor::local(), kind, &mut f, opts) {
        Ok(r) if opts.dry_run => {
            say!("{}", fill(ExchangeMsg::DryRun.text(ctx.lang), &[("rows", &r.rows.to_string())]));
            ExitCode::SUCCESS
        }
        Ok(r) => {
            say!(
                "{}",
                fill(
                    ExchangeMsg::Imported.text(ctx.lang),
                    &[("written", &r.written.to_string()), ("rows", &r.rows.to_string())]
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// Writes `text` to a file (whole, via a temporary file) or standard output.
fn emit(output: Option<&Path>, f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> std::io::Result<()> {
    match output {
        None => f(&mut std::io::stdout().lock()),
        Some(path) => {
            let tmp = path.with_extension("partial");
            let result = std::fs::File::create(&tmp).and_then(|mut file| {
                f(&mut file)?;
                file.sync_all()?;
                std::fs::rename(&tmp, path)
            });
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result
        }
    }
}

fn parse_ref(ctx: &Context, text: &str, kind: RecordKind) -> Result<u64, ExitCode> {
    match crate::model::RecordRef::parse(text) {
        Some(r) if r.kind == kind => Ok(r.id),
        _ => {
            let example = crate::model::RecordRef::new(kind, 123).to_string();
            eprintln!(
                "simpul: {}",
                fill(
                    Msg::BadRecordId.text(ctx.lang),
                    &[("text", &text.escape_debug().to_string()), ("example", &example)]
                )
            );
            Err(ExitCode::from(2))
        }
    }
}

/// `simpul summary K-…`: the case summary, audited as an export.
pub fn summary(
    ctx: &Context,
    client: &str,
    format: crate::casework::summary::DocFormat,
    output: Option<&Path>,
) -> ExitCode {
    let id = match parse_ref(ctx, client, RecordKind::Client) {
        Ok(id) => id,
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let build = || -> Result<String, StoreError> {
        let c: crate::model::Client = store.fetch(id)?;
        let referrals = store.referrals_of_client(c.id())?;
        let events = store.events_of_client(c.id())?;
        let name = |s: crate::model::StakeholderId| {
            store
                .get::<crate::model::Stakeholder>(s.0)
                .ok()
                .flatten()
                .map(|s| s.display_name().to_string())
                .unwrap_or_else(|| s.to_string())
        };
        let today = store.clock().today();
        let doc = crate::casework::summary::case_summary(&c, &referrals, &events, &name, today, ctx.lang, format);
        let target = output.map_or("stdout".to_string(), |p| p.display().to_string());
        store.write(&crate::store::Actor::local(), |b| {
            b.audit(
                crate::store::AuditAction::Export,
                Some(c.id().to_ref()),
                Vec::new(),
                format!("case summary to {target}"),
            );
            Ok(())
        })?;
        Ok(doc)
    };
    match build() {
        Ok(doc) => finish_output(emit(output, |w| w.write_all(doc.as_bytes()))),
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// An export written encrypted: built in memory, sealed, then written.
#[allow(clippy::too_many_arguments)]
fn export_encrypted(
    ctx: &Context,
    store: &Store,
    actor: &crate::store::Actor,
    kind: crate::model::RecordKind,
    query: &str,
    format: crate::exchange::Format,
    output: Option<&Path>,
    pass: &str,
) -> ExitCode {
    let target = output.map_or("stdout (age)".to_string(), |p| format!("{} (age)", p.display()));
    let mut plain = Vec::new();
    let req = crate::exchange::ExportRequest { kind, query, format, target: &target };
    if let Err(e) = crate::exchange::export(store, actor, req, ctx.lang, &mut plain) {
        eprintln!("simpul: {e}");
        return ExitCode::from(1);
    }
    let sealed = match crate::protect::encrypt(&plain, pass) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("simpul: {e}");
            return ExitCode::from(1);
        }
    };
    match emit(output, |w| w.write_all(&sealed)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("simpul: {e}");
            ExitCode::from(1)
        }
    }
}

/// Opens the database and reads the record `text` names (`K-…`, `E-…`), or prints why not.
fn open_record<R: crate::store::Indexed>(ctx: &Context, text: &str, kind: RecordKind) -> Result<(Store, R), ExitCode> {
    let id = parse_ref(ctx, text, kind)?;
    let store = open_store(ctx)?;
    match store.fetch(id) {
        Ok(r) => Ok((store, r)),
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            Err(ExitCode::from(1))
        }
    }
}

/// `simpul litmas K-…`: the client's newest Litmas report as a document to finish and print.
pub fn litmas(
    ctx: &Context,
    client: &str,
    format: crate::casework::summary::DocFormat,
    output: Option<&Path>,
) -> ExitCode {
    let (store, c) = match open_record::<crate::model::Client>(ctx, client, RecordKind::Client) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let Some(l) = c.litmas.iter().enumerate().max_by_key(|(i, l)| (l.date, *i)).map(|(_, l)| l) else {
        eprintln!("simpul: {}", fill(Msg::NoLitmas.text(ctx.lang), &[("record", &c.id().to_string())]));
        return ExitCode::from(1);
    };
    let doc = crate::casework::summary::litmas_document(&c, l, &c.officer, ctx.lang, format);
    let target = output.map_or("stdout".to_string(), |p| p.display().to_string());
    let audited = store.write(&crate::store::Actor::local(), |b| {
        b.audit(crate::store::AuditAction::Export, Some(c.id().to_ref()), Vec::new(), format!("litmas to {target}"));
        Ok(())
    });
    if let Err(e) = audited {
        eprintln!("simpul: {}", e.message(ctx.lang));
        return ExitCode::from(1);
    }
    finish_output(emit(output, |w| w.write_all(doc.as_bytes())))
}

/// The exit of a command that wrote its output: a reader that stopped
/// reading (`| head`) is no failure, any other write error is said.
fn finish_output(written: std::io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("simpul: {e}");
            ExitCode::from(1)
        }
    }
}

/// `simpul attendance E-…`: an event's attendance list as CSV.
pub fn attendance(ctx: &Context, event: &str, output: Option<&Path>) -> ExitCode {
    let (store, e) = match open_record::<crate::model::Event>(ctx, event, RecordKind::Event) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let client = |c: crate::model::ClientId| store.get::<crate::model::Client>(c.0).ok().flatten();
    finish_output(emit(output, |w| crate::casework::summary::attendance_csv(&e, &client, w).map(|_| ())))
}

/// `simpul agenda`: what is due, one line per item, with the day counts
/// of the settings file.
pub fn agenda(ctx: &Context) -> ExitCode {
    use crate::casework::agenda;
    let config = match settings(ctx) {
        Ok((c, notice)) => {
            if let Some(n) = notice {
                eprintln!("simpul: {n}");
            }
            c
        }
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let clients: Vec<crate::model::Client> = store.scan().filter_map(Result::ok).collect();
    let stakeholders: Vec<crate::model::Stakeholder> = store.scan().filter_map(Result::ok).collect();
    let events: Vec<crate::model::Event> = store.scan().filter_map(Result::ok).collect();
    let today = store.clock().today();
    let items = agenda::agenda(&clients, &stakeholders, &events, today, &config.agenda);
    let mut out = std::io::stdout().lock();
    for i in &items {
        let line = format!(
            "{:<28} {}  {:<9} {}  {}\n",
            crate::i18n::agenda_rule(ctx.lang, i.rule),
            crate::i18n::date(ctx.lang, i.date),
            i.record,
            crate::sanitize::sanitize(&i.name),
            crate::sanitize::sanitize(&i.detail)
        );
        if std::io::Write::write_all(&mut out, line.as_bytes()).is_err() {
            return ExitCode::SUCCESS;
        }
    }
    ExitCode::SUCCESS
}

/// `simpul user add`.
pub fn user_add(
    ctx: &Context,
    name: &str,
    role: &str,
    stakeholder: Option<&str>,
    keys: Vec<String>,
    full_name: String,
    supervisor: bool,
) -> ExitCode {
    use crate::i18n::users::UserMsg;
    let Some(role) = crate::model::Role::from_code(role) else {
        eprintln!("simpul: --role: {}", crate::model::Role::codes(", "));
        return ExitCode::from(2);
    };
    let stakeholder = match stakeholder.map(|s| parse_ref(ctx, s, RecordKind::Stakeholder)).transpose() {
        Ok(s) => s.map(crate::model::StakeholderId),
        Err(code) => return code,
    };
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let new = crate::users::NewUser { name: name.to_string(), role, stakeholder, keys, full_name, supervisor };
    match crate::users::add(&store, &crate::store::Actor::local(), new) {
        Ok(u) => {
            say!(
                "{}",
                fill(
                    UserMsg::Added.text(ctx.lang),
                    &[
                        ("name", &u.name),
                        ("id", &crate::users::reference(&u)),
                        ("role", crate::i18n::role(ctx.lang, u.role))
                    ]
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// A change to an existing user.
#[derive(Debug, Clone)]
pub enum UserChange {
    /// Add a public key.
    AddKey(String),
    /// Remove a key (whole, comment or number).
    RemoveKey(String),
    /// Disable or enable.
    Disabled(bool),
}

/// `simpul user key add|remove`, `user disable|enable`.
pub fn user_change(ctx: &Context, name: &str, change: UserChange) -> ExitCode {
    use crate::i18n::users::UserMsg;
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let actor = crate::store::Actor::local();
    let result = match &change {
        UserChange::AddKey(k) => crate::users::add_key(&store, &actor, name, k),
        UserChange::RemoveKey(k) => crate::users::remove_key(&store, &actor, name, k),
        UserChange::Disabled(d) => crate::users::set_disabled(&store, &actor, name, *d),
    };
    match result {
        Ok(u) => {
            say!("{}", fill(UserMsg::Updated.text(ctx.lang), &[("name", &u.name)]));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// `simpul user set NAME [--tz …] [--lang …] [--keymap …]`.
pub fn user_set(ctx: &Context, name: &str, settings: &crate::users::Settings) -> ExitCode {
    use crate::i18n::users::UserMsg;
    if settings.zone.is_none() && settings.language.is_none() && settings.keymap.is_none() {
        eprintln!("simpul: {}", UserMsg::NothingToSet.text(ctx.lang));
        return ExitCode::from(2);
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match crate::users::set(&store, &crate::store::Actor::local(), name, settings) {
        Ok(u) => {
            say!("{}", fill(UserMsg::Updated.text(ctx.lang), &[("name", &u.name)]));
            ExitCode::SUCCESS
        }
        Err(
            e @ (crate::users::UserError::BadZone(_)
            | crate::users::UserError::BadLang(_)
            | crate::users::UserError::BadKeymap(_)),
        ) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// `simpul user list`.
pub fn user_list(ctx: &Context) -> ExitCode {
    use crate::i18n::users::UserMsg;
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let users = match crate::users::list(&store) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            return ExitCode::from(1);
        }
    };
    if users.is_empty() {
        say!("{}", UserMsg::NoUsers.text(ctx.lang));
    }
    for u in users {
        let mut line =
            format!("{:<16} {:<12}", crate::sanitize::sanitize(&u.name), crate::i18n::role(ctx.lang, u.role));
        if let Some(s) = u.stakeholder {
            line.push_str(&format!(" {s}"));
        }
        if u.supervisor {
            line.push_str(" supervisor");
        }
        if let Some(z) = u.zone {
            line.push_str(&format!(" {}", fill(UserMsg::Zone.text(ctx.lang), &[("zone", &z.name())])));
        }
        for pref in [&u.language, &u.keymap].into_iter().flatten() {
            line.push_str(&format!(" {}", crate::sanitize::sanitize(pref)));
        }
        if u.disabled {
            line.push_str(&format!(" [{}]", UserMsg::Disabled.text(ctx.lang)));
        }
        say!("{line}");
        for (i, k) in u.keys.iter().enumerate() {
            say!("    {}. {}", i + 1, crate::users::describe_key(k));
        }
    }
    ExitCode::SUCCESS
}

/// `simpul audit`: newest first, filtered.
pub fn audit(ctx: &Context, since: Option<&str>, user: Option<&str>, record: Option<&str>, limit: usize) -> ExitCode {
    use crate::i18n::users::UserMsg;
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (today, zone) = (store.clock().today(), store.clock().zone());
    let since = match since.map(|s| crate::model::input::parse_date(s, today)).transpose() {
        Ok(d) => d,
        Err(_) => {
            eprintln!("simpul: --since: {}", crate::i18n::exchange::ExchangeMsg::Date.text(ctx.lang));
            return ExitCode::from(2);
        }
    };
    let record = match record.map(|r| crate::model::RecordRef::parse(r).ok_or(r)).transpose() {
        Ok(r) => r,
        Err(bad) => {
            eprintln!(
                "simpul: {}",
                fill(
                    Msg::BadRecordId.text(ctx.lang),
                    &[("text", &bad.escape_debug().to_string()), ("example", "K-000123")]
                )
            );
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut n = 0;
    for entry in store.audit_log().rev() {
        let Ok(e) = entry else { continue };
        if since.is_some_and(|d| zone.date(e.at) < d) {
            break;
        }
        if user.is_some_and(|u| e.actor != u) || record.is_some_and(|r| e.record != Some(r)) {
            continue;
        }
        let line = format!(
            "{:>6}  {}  {:<12} {:<12} {:<9} {} {}\n",
            e.seq,
            zone.local(e.at).format("%Y-%m-%d %H:%M:%S"),
            crate::sanitize::sanitize(&e.actor),
            e.action.code(),
            e.record.map(|r| r.to_string()).unwrap_or_default(),
            e.fields.join(","),
            crate::sanitize::sanitize(&e.note)
        );
        if std::io::Write::write_all(&mut out, line.as_bytes()).is_err() {
            return ExitCode::SUCCESS;
        }
        n += 1;
        if n >= limit {
            break;
        }
    }
    if n == 0 {
        eprintln!("{}", UserMsg::NoEntries.text(ctx.lang));
    }
    ExitCode::SUCCESS
}

/// `simpul serve`.
pub fn serve(ctx: &Context, mut opts: crate::server::ServeOptions) -> ExitCode {
    use crate::i18n::server::ServerMsg;
    let config = match settings(ctx) {
        Ok((c, notice)) => {
            if let Some(n) = notice {
                eprintln!("simpul: {n}");
            }
            c
        }
        Err(code) => return code,
    };
    opts.casework =
        crate::ui::casework::CaseworkOptions { agenda: config.agenda, export_dir: config.export.dir, remote: true };
    let store = match open_store_with(
        ctx,
        &OpenOptions { cache_bytes: crate::store::SERVER_CACHE_BYTES, ..OpenOptions::default() },
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    store.set_partner_grace_days(config.privacy.partner_grace_days);
    eprintln!(
        "{}",
        fill(
            ServerMsg::Listening.text(ctx.lang),
            &[
                ("db", &ctx.db.display().to_string()),
                ("addr", &opts.listen.to_string()),
                ("port", &opts.listen.port().to_string()),
                ("host", &opts.listen.ip().to_string()),
            ],
        )
    );
    match crate::server::serve(store, opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("simpul: {e}");
            ExitCode::from(1)
        }
    }
}

/// `simpul keys`: the effective keymap (the `--keymap` preset or file, else
/// the user's keymap file, else the default preset), or why it is bad.
pub fn keys(ctx: &Context, markdown: bool) -> ExitCode {
    let user = crate::keymap::user_keymap_path();
    match crate::keymap::effective_keymap(ctx.keymap.as_deref(), user.as_deref()) {
        Ok(km) => {
            let table = if markdown {
                crate::keymap::render_markdown(&km, ctx.lang)
            } else {
                crate::keymap::render_table(&km, ctx.lang)
            };
            if let Err(e) = std::io::Write::write_all(&mut std::io::stdout().lock(), table.as_bytes()) {
                return finish_output(Err(e));
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{}", errors.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// `simpul backup FILE`.
pub fn backup(ctx: &Context, file: &Path) -> ExitCode {
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.backup(file) {
        Ok(s) => {
            say!(
                "{}",
                fill(
                    Msg::BackupDone.text(ctx.lang),
                    &[
                        ("file", &file.display().to_string()),
                        ("entries", &s.entries.to_string()),
                        ("bytes", &s.bytes.to_string()),
                        ("schema", &s.schema.to_string()),
                    ],
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            ExitCode::from(1)
        }
    }
}

/// `simpul restore FILE --db NEWPATH`.
pub fn restore(ctx: &Context, file: &Path) -> ExitCode {
    let (store, summary) = match Store::restore_backup(file, &ctx.db, &OpenOptions::default()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            return ExitCode::from(1);
        }
    };
    let (code, verdict) = match store.check() {
        Ok(r) if r.is_clean() => (ExitCode::SUCCESS, Msg::CheckClean.text(ctx.lang).to_string()),
        Ok(r) => (ExitCode::from(1), fill(Msg::CheckProblems.text(ctx.lang), &[("n", &r.problems.len().to_string())])),
        Err(e) => (ExitCode::from(1), e.message(ctx.lang)),
    };
    say!(
        "{}",
        fill(
            Msg::RestoreDone.text(ctx.lang),
            &[("path", &ctx.db.display().to_string()), ("entries", &summary.entries.to_string()), ("check", &verdict)],
        )
    );
    code
}

/// `simpul check`.
pub fn check(ctx: &Context) -> ExitCode {
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let report = match store.check() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("simpul: {}", e.message(ctx.lang));
            return ExitCode::from(1);
        }
    };
    let counts: Vec<String> =
        RecordKind::ALL.iter().zip(report.records).map(|(k, n)| format!("{} {n}", k.name())).collect();
    say!(
        "{}",
        fill(
            Msg::CheckSummary.text(ctx.lang),
            &[
                ("records", &counts.join(", ")),
                ("index", &report.index_entries.to_string()),
                ("audit", &report.audit_entries.to_string())
            ]
        )
    );
    for p in &report.problems {
        say!("  ✗ {p}");
    }
    if report.is_clean() {
        say!("{}", Msg::CheckClean.text(ctx.lang));
        ExitCode::SUCCESS
    } else {
        say!("{}", fill(Msg::CheckProblems.text(ctx.lang), &[("n", &report.problems.len().to_string())]));
        ExitCode::from(1)
    }
}
