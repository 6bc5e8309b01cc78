//! What each subcommand does, behind the argument parsing of `main.rs`.
//! Each returns the process exit code after printing its own messages.

use std::path::{Path, PathBuf};

use crate::i18n::{Lang, Msg, fill};
use crate::model::RecordKind;
use crate::store::{OpenOptions, Store, StoreError};

/// `println!` for a command's output, in a function returning its exit
/// code: a reader that stops reading (`simpul check | head -1`) ends the
/// command quietly, as `ls | head` does; any other failure says so.
macro_rules! say {
    ($ctx:expr, $($arg:tt)*) => {{
        use std::io::Write as _;
        let written = writeln!($ctx.io.out(), $($arg)*);
        if let Err(e) = written {
            return finish_output($ctx, Err(e));
        }
    }};
}

/// `eprintln!` for a command's messages, to its standard error.
macro_rules! tell {
    ($ctx:expr) => {{
        use std::io::Write as _;
        let _ = writeln!($ctx.io.err());
    }};
    ($ctx:expr, $($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!($ctx.io.err(), $($arg)*);
    }};
}

/// A command's exit status (what `std::process::ExitCode` is, but
/// readable: the server sends it down the connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit(pub u8);

impl Exit {
    /// Success.
    pub const SUCCESS: Exit = Exit(0);

    /// The status `n`.
    pub const fn from(n: u8) -> Exit {
        Exit(n)
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.0)
    }
}

pub mod args;
pub mod calendar;
pub mod documents;
pub mod io;
pub mod keys;
pub mod log;
pub mod remote;
pub mod search;

/// What every subcommand needs.
#[derive(Debug, Clone)]
pub struct Context {
    /// Database directory.
    pub db: PathBuf,
    /// Interface language.
    pub lang: Lang,
    /// Whether `--lang` chose it (else the environment did, and a language
    /// the user chose in an earlier session comes first).
    pub lang_chosen: bool,
    /// Keymap preset or file, if chosen.
    pub keymap: Option<String>,
    /// How the interface is drawn (`--ascii`, `SIMPUL_ASCII`, `NO_COLOR`).
    pub look: crate::ui::Theme,
    /// Settings file named with `--settings`, if any.
    pub settings: Option<PathBuf>,
    /// Standard streams (the process's, or a connection's).
    pub io: std::sync::Arc<io::Io>,
    /// Who runs the command: the local operating-system user (the
    /// database's administrator), or a user of `simpul serve`.
    pub actor: crate::store::Actor,
    /// The database `simpul serve` holds open, when it runs the command.
    pub store: Option<Store>,
    /// The way the command came to `simpul serve`, when the server runs it
    /// for a connection (none: this process's own command).
    pub door: Option<crate::server::commands::Door>,
    /// Set to ask a long command to stop (ctrl-c, a connection gone).
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The office's names for the colour categories (settings), for what
    /// the command shows or reads.
    pub risk_names: crate::words::RiskNames,
}

impl Context {
    /// Whether the command came over ssh: it then reads and writes no file of the server's.
    pub fn remote(&self) -> bool {
        self.door == Some(crate::server::commands::Door::Ssh)
    }

    /// A local command: the process's streams, the OS user as administrator.
    pub fn local(db: PathBuf, lang: Lang) -> Context {
        Context {
            db,
            lang,
            lang_chosen: false,
            keymap: None,
            look: crate::ui::Theme::default(),
            settings: None,
            io: std::sync::Arc::new(io::Io::std()),
            actor: crate::store::Actor::local(),
            store: None,
            door: None,
            cancel: std::sync::Arc::default(),
            risk_names: crate::words::RiskNames::default(),
        }
    }
}

/// The settings in effect, and a problem to mention. A bad file named with
/// `--settings` refuses the start (exit 2): the user asked for it. A bad
/// file in the config directory, not named this time, is set aside with a
/// warning and the defaults are used, so no one is locked out by it.
pub fn settings(ctx: &Context) -> Result<(crate::casework::settings::Config, Option<String>), Exit> {
    use crate::casework::settings::{Config, effective, user_settings_path};
    let default_file = user_settings_path();
    match effective(ctx.settings.as_deref(), default_file.as_deref()) {
        Ok(c) => Ok((c, None)),
        Err(e) => {
            let msg = e.message(ctx.lang);
            if ctx.settings.is_some() {
                tell!(ctx, "simpul: {msg}");
                Err(Exit::from(2))
            } else {
                Ok((Config::default(), Some(msg)))
            }
        }
    }
}

/// The office's colour names from the settings, for every command
/// (documents and exports name the categories too). A bad file is said
/// where the command reads its settings; here it is simply not used.
pub fn office_names(ctx: &Context) -> crate::words::RiskNames {
    let default_file = crate::casework::settings::user_settings_path();
    crate::casework::settings::effective(ctx.settings.as_deref(), default_file.as_deref())
        .map(|c| c.risk_names())
        .unwrap_or_default()
}

/// `simpul audit --views K-…`: who opened a client's case file, newest first.
pub fn audit_views(ctx: &Context, client: &str, limit: usize) -> Exit {
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
            tell!(ctx, "{}", crate::i18n::users::UserMsg::NoEntries.text(ctx.lang));
            Exit::SUCCESS
        }
        Ok(views) => {
            let mut out = ctx.io.out();
            for v in views {
                let line = format!(
                    "{}  {:<12} {}\n",
                    store.clock().zone().local(v.at).format("%Y-%m-%d %H:%M:%S"),
                    crate::sanitize::sanitize(&v.user),
                    crate::sanitize::sanitize(&v.session)
                );
                if std::io::Write::write_all(&mut *out, line.as_bytes()).is_err() {
                    break;
                }
            }
            Exit::SUCCESS
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
    }
}

/// The default database: `simpul.db` in the user's data directory.
pub fn default_db_path() -> Result<PathBuf, String> {
    directories::ProjectDirs::from("id", "simpul", "simpul")
        .map(|d| d.data_dir().join("simpul.db"))
        .ok_or_else(|| "no home directory found; choose a database with --db PATH or SIMPUL_DB".to_string())
}

/// Opens the database or prints why not. One that is not there is not
/// made: a mistyped --db would otherwise answer from a new, empty one.
pub fn open_store(ctx: &Context) -> Result<Store, Exit> {
    open_store_with(ctx, &OpenOptions { create: false, ..OpenOptions::default() })
}

/// Opens the database, making it when it is not there (the interface, the
/// demo data, an import, the first user, the server), or prints why not.
pub fn open_or_create(ctx: &Context) -> Result<Store, Exit> {
    open_store_with(ctx, &OpenOptions::default())
}

/// Opens the database with these options or prints why not.
fn open_store_with(ctx: &Context, opts: &OpenOptions) -> Result<Store, Exit> {
    if let Some(store) = &ctx.store {
        return Ok(store.clone());
    }
    Store::open(&ctx.db, opts).map_err(|e| {
        tell!(ctx, "simpul: {}", e.message(ctx.lang));
        match e {
            StoreError::Locked { .. } => Exit::from(3),
            _ => Exit::from(1),
        }
    })
}

/// `simpul` with no subcommand: the terminal interface.
pub fn tui(ctx: &Context) -> Exit {
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
    let risk_names = config.risk_names();
    let casework = crate::ui::casework::CaseworkOptions {
        agenda: config.agenda,
        export_dir: config.export.dir,
        remote: false,
        ssh: None,
        documents: config.documents,
        risk_names,
    };
    // the interface shows a client's written NIK, aliases and skills from the record
    crate::search::kept::leave_written_texts_out();
    // a large database's list and search, ready about when sled is open;
    // on one core the read would only take turns with the open
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if ctx.store.is_none() && cores > 1 {
        // the day the session will count to, as `open_or_create`'s clock gives it
        let today = OpenOptions::default().clock.in_zone_of(ctx.actor.zone).today();
        crate::ui::data::read_early(&ctx.db, ctx.actor.role, Some(today));
    }
    let store = match open_or_create(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    store.set_partner_grace_days(config.privacy.partner_grace_days);
    let actor = ctx.actor.clone();
    let lang = match ctx.lang_chosen {
        true => ctx.lang,
        false => crate::ui::terminal::remembered_lang(&store, &actor.name).unwrap_or(ctx.lang),
    };
    let opts = crate::ui::Options {
        lang,
        theme: ctx.look,
        actor,
        keymap: std::sync::Arc::new(keymap),
        demo_clients: 200,
        demo_seed: 1,
    };
    tracing::info!(db = %ctx.db.display(), lang = lang.code(), "tui started");
    let ended = crate::ui::terminal::run_with_status(store, &opts, casework, notice);
    tracing::info!(ok = ended.is_ok(), "tui ended");
    match ended {
        Ok(crate::ui::Exit::Quit) => Exit::SUCCESS,
        Ok(crate::ui::Exit::Signal(n)) => Exit::from(u8::try_from(128 + n).unwrap_or(1)),
        Err(e) => {
            tell!(ctx, "simpul: {e}");
            Exit::from(1)
        }
    }
}

/// The keymap of a terminal session, and a problem to show in it. A bad
/// keymap named with `--keymap` refuses the start (exit 2) with every error
/// and the fix: the user asked for it. A bad keymap file in the config
/// directory, which the user did not name this time, must not lock them
/// out: the default keys are used and the status line says why.
fn tui_keymap(ctx: &Context) -> Result<(crate::keymap::Keymap, Option<crate::ui::app::StatusMsg>), Exit> {
    use crate::i18n::keymap::KeymapMsg;
    use crate::keymap::{DEFAULT_PRESET, Keymap, effective_keymap, preset_names};
    let user_file = crate::keymap::user_keymap_path();
    let errors = match effective_keymap(ctx.keymap.as_deref(), user_file.as_deref()) {
        Ok(k) => return Ok((k, None)),
        Err(e) => e,
    };
    if ctx.keymap.is_some() {
        for e in &errors.0 {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
        }
        tell!(ctx, "{}", fill(KeymapMsg::Refused.text(ctx.lang), &[("presets", &preset_names().join("|"))]));
        return Err(Exit::from(2));
    }
    let keymap = Keymap::preset(DEFAULT_PRESET).map_err(|e| {
        tell!(ctx, "simpul: {}", e.message(ctx.lang));
        Exit::from(1)
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
pub fn demo(ctx: &Context, clients: usize, seed: u64, today: Option<chrono::NaiveDate>) -> Exit {
    let store = match open_or_create(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let today = today.unwrap_or_else(|| store.clock().today());
    let opts = crate::demo::DemoOptions { clients, seed, today };
    match crate::demo::load(&store, &ctx.actor, &opts) {
        Ok(s) => {
            say!(
                ctx,
                "{}",
                fill(
                    Msg::DemoLoaded.text(ctx.lang),
                    &[
                        ("path", &crate::sanitize::path(&ctx.db)),
                        ("stakeholders", &crate::i18n::count(ctx.lang, s.stakeholders, crate::i18n::Noun::Stakeholder)),
                        ("events", &crate::i18n::count(ctx.lang, s.events, crate::i18n::Noun::Event)),
                        ("clients", &crate::i18n::count(ctx.lang, s.clients, crate::i18n::Noun::FictionalClient)),
                        ("referrals", &crate::i18n::count(ctx.lang, s.referrals, crate::i18n::Noun::Referral)),
                    ],
                )
            );
            Exit::SUCCESS
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
    }
}

/// `simpul search QUERY`: exit 0 (also with no rows), 2 for a bad query.
pub fn search(
    ctx: &Context,
    query: &str,
    kind: crate::model::RecordKind,
    format: crate::cli::search::OutputFormat,
    all_columns: bool,
    protect: &Protection,
) -> Exit {
    let prot = match protection(ctx, protect) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if ctx.store.is_none()
        && kind == crate::model::RecordKind::Client
        && let Some(code) = search_closed(ctx, query, format, all_columns, &prot)
    {
        return code;
    }
    // beside sled's open, on the other core (`main` leaves a search
    // glibc's arenas: with one, the two would take turns at its lock)
    if ctx.store.is_none() {
        crate::search::kept::read_early(&ctx.db, ctx.actor.role);
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // the index is held to the end of the process, which ends here: its
    // 100,000 entries are let go with the process, not freed one by one
    // (a tenth of a search's time at 100k)
    crate::search::kept::hold_between_commands();
    let today = store.clock_for(&ctx.actor).today();
    let found = match store
        .scoped(&ctx.actor)
        .map_err(crate::cli::search::SearchCliError::from)
        .and_then(|view| crate::cli::search::find(&view, today, query, kind, ctx.lang, &ctx.risk_names))
    {
        Ok(f) => f,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(e.exit_code());
        }
    };
    release_found(ctx, &store, query, &found, format, all_columns, &prot)
}

/// `simpul search` over clients without opening the database: when it
/// was closed cleanly and the index kept for the searcher's view is
/// current and of today (see `store::closed`), the answer is what the
/// database would give once opened, at a fraction of the cost; its audit
/// entry is spooled, and moved into the log by the next open. `None`
/// when it cannot answer so: the database is opened.
fn search_closed(
    ctx: &Context,
    query: &str,
    format: crate::cli::search::OutputFormat,
    all_columns: bool,
    prot: &crate::gate::Protection,
) -> Option<Exit> {
    // the clock `open_store` opens the database with
    let closed = crate::store::closed::Closed::lock(&ctx.db, &OpenOptions::default().clock)?;
    let today = closed.clock_for(&ctx.actor).today();
    let index = std::sync::Arc::new(crate::search::kept::closed_index(&closed, ctx.actor.role, today)?);
    let found = crate::cli::search::find_in_index(&index, &ctx.actor, query, &ctx.risk_names);
    crate::search::kept::hold_to_exit(index);
    match found {
        Ok(Some(found)) => Some(release_found(ctx, &closed, query, &found, format, all_columns, prot)),
        Ok(None) => None,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Some(Exit::from(e.exit_code()))
        }
    }
}

/// What a search found, out through the gate to standard output.
fn release_found(
    ctx: &Context,
    log: &dyn crate::store::closed::AuditSink,
    query: &str,
    found: &crate::cli::search::Found,
    format: crate::cli::search::OutputFormat,
    all_columns: bool,
    prot: &crate::gate::Protection,
) -> Exit {
    // the columns a viewer reads leave like a list on screen; all of them only as an export would
    let rel = crate::gate::Release {
        what: format!("search {} {} rows, query {query:?},", found.kind().name(), found.len()),
        record: None,
        sensitive: all_columns,
    };
    gate_exit(
        ctx,
        crate::gate::release(
            log,
            &ctx.actor,
            &rel,
            prot,
            crate::gate::Destination::Stdout(&mut *ctx.io.out(), ctx.io.out_terminal),
            |w| found.write(format, ctx.lang, all_columns, w),
        ),
    )
}

/// How what a command writes out is protected: one of a passphrase, public
/// keys, or the clear said out loud (`--unprotected`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Protection {
    /// Encrypt with a passphrase (age): from SIMPUL_EXPORT_PASSPHRASE or --passphrase-file.
    #[arg(long)]
    pub encrypt: bool,
    /// The passphrase for --encrypt, in the first line of FILE (`-`: of standard input).
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Encrypt to this age public key (age1…); may be repeated. Its private key opens the file.
    #[arg(long = "recipient", value_name = "AGE_KEY")]
    pub recipients: Vec<String>,
    /// Write sensitive data (NIK, address, offence, notes) in the clear; audited as such.
    #[arg(long)]
    pub unprotected: bool,
}

impl Protection {
    /// What the gate is to do, or why these flags cannot be used.
    pub fn resolve(&self, ctx: &Context) -> Result<crate::gate::Protection, String> {
        let lang = ctx.lang;
        use crate::gate::Protection as P;
        use crate::i18n::gate::GateMsg;
        let passphrase = self.encrypt || self.passphrase_file.is_some();
        if [passphrase, !self.recipients.is_empty(), self.unprotected].iter().filter(|b| **b).count() > 1 {
            return Err(GateMsg::OneProtection.text(lang).to_string());
        }
        if passphrase {
            return Ok(P::Sealed(crate::protect::Key::passphrase(&read_passphrase(
                ctx,
                self.passphrase_file.as_deref(),
            )?)));
        }
        if !self.recipients.is_empty() {
            return crate::protect::Key::recipients(self.recipients.iter().map(String::as_str))
                .map(P::Sealed)
                .map_err(|bad| fill(GateMsg::BadRecipient.text(lang), &[("text", &crate::sanitize::sanitize(&bad))]));
        }
        Ok(if self.unprotected { P::Unprotected } else { P::Plain })
    }
}

/// The passphrase in the first line of `file` (`-`: standard input), else
/// `SIMPUL_EXPORT_PASSPHRASE`, or why there is none. Over a connection a
/// file would be read with the server's rights: only `-` is taken.
fn read_passphrase(ctx: &Context, file: Option<&Path>) -> Result<String, String> {
    let lang = ctx.lang;
    let text = match file {
        Some(f) if f.as_os_str() == "-" => {
            let mut line = Vec::new();
            let mut input = ctx.io.input();
            // byte by byte: what follows the line (an import's rows) stays unread
            let mut byte = [0u8; 1];
            while line.len() < 4096 {
                match input.read(&mut byte) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if byte[0] == b'\n' => break,
                    Ok(_) => line.push(byte[0]),
                }
            }
            String::from_utf8(line).map_err(|_| Msg::PassphraseMissing.text(lang).to_string())?
        }
        Some(_) if ctx.remote() => return Err(Msg::PassphraseFileRemote.text(lang).to_string()),
        Some(f) => std::fs::read_to_string(f)
            .map_err(|e| format!("{}: {e}", crate::sanitize::sanitize(&f.display().to_string())))?,
        None => ctx.io.var("SIMPUL_EXPORT_PASSPHRASE").ok_or_else(|| {
            let m = if ctx.remote() { Msg::PassphraseFileRemote } else { Msg::PassphraseMissing };
            m.text(lang).to_string()
        })?,
    };
    let pass = text.lines().next().unwrap_or("").to_string();
    if pass.chars().count() < crate::protect::MIN_PASSPHRASE {
        return Err(fill(
            Msg::PassphraseShort.text(lang),
            &[("characters", &crate::i18n::count(lang, crate::protect::MIN_PASSPHRASE, crate::i18n::Noun::Character))],
        ));
    }
    Ok(pass)
}

/// The gate's protection for a command, or the exit after saying why not.
fn protection(ctx: &Context, p: &Protection) -> Result<crate::gate::Protection, Exit> {
    p.resolve(ctx).map_err(|e| {
        tell!(ctx, "simpul: {e}");
        Exit::from(2)
    })
}

/// Where a command's output goes: a file (whole, private) or standard output.
fn destination<'a>(
    ctx: &Context,
    output: Option<&'a Path>,
    out: &'a mut dyn std::io::Write,
) -> crate::gate::Destination<'a> {
    match output {
        Some(path) => crate::gate::Destination::File(path),
        None => crate::gate::Destination::Stdout(out, ctx.io.out_terminal),
    }
}

/// The exit of a command whose output went through the gate.
fn gate_exit(ctx: &Context, result: Result<crate::gate::Released, crate::gate::GateError>) -> Exit {
    use crate::gate::GateError;
    match result {
        Ok(_) => Exit::SUCCESS,
        Err(e) if e.is_broken_pipe() => Exit::SUCCESS,
        Err(e @ (GateError::NeedsProtection | GateError::SealedToTerminal)) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(2)
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
    }
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
) -> Exit {
    use crate::exchange::ExportError;
    use crate::i18n::exchange::ExchangeMsg;
    let prot = match protection(ctx, protect) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // refused before the database is opened: nothing to read, nothing to audit
    if kind == RecordKind::Client && matches!(prot, crate::gate::Protection::Plain) {
        return gate_exit(ctx, Err(crate::gate::GateError::NeedsProtection));
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let actor = &ctx.actor;
    let req = crate::exchange::ExportRequest { kind, query, format };
    match crate::exchange::export(&store, actor, req, &prot, destination(ctx, output, &mut *ctx.io.out())) {
        Ok(n) => {
            if let Some(path) = output {
                tell!(
                    ctx,
                    "{}",
                    fill(
                        ExchangeMsg::Exported.text(ctx.lang),
                        &[
                            ("rows", &crate::i18n::count(ctx.lang, n, crate::i18n::Noun::Row)),
                            ("target", &crate::sanitize::sanitize(&path.display().to_string())),
                        ]
                    )
                );
            }
            Exit::SUCCESS
        }
        Err(ExportError::Gate(e)) => gate_exit(ctx, Err(e)),
        Err(ExportError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::SUCCESS,
        Err(ExportError::Query(errs)) => {
            let msg = errs.iter().map(|e| e.message(ctx.lang)).collect::<Vec<_>>().join("; ");
            tell!(ctx, "simpul: {msg}");
            Exit::from(2)
        }
        Err(ExportError::Store(e)) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
        Err(ExportError::Write(e)) => {
            tell!(ctx, "simpul: {e}");
            Exit::from(1)
        }
    }
}

/// How many of an import's clients lack what a complete case file needs
/// (no line when none do).
fn incomplete_line(lang: crate::i18n::Lang, n: usize) -> Option<String> {
    let clients = crate::i18n::count(lang, n, crate::i18n::Noun::Client);
    (n > 0).then(|| fill(crate::i18n::exchange::ExchangeMsg::ImportedIncomplete.text(lang), &[("clients", &clients)]))
}

/// `simpul import KIND FILE`: all rows or none, with progress on standard
/// error for long files; ctrl-c stops it and leaves the database as it was.
pub fn import(
    ctx: &Context,
    kind: crate::model::RecordKind,
    file: Option<&Path>,
    opts: crate::exchange::ImportOptions,
    errors: Option<&Path>,
) -> Exit {
    use crate::i18n::exchange::ExchangeMsg;
    // `-` (or, over a connection, no file at all) is standard input
    let dash = file.is_some_and(|f| f.as_os_str() == "-");
    let file = file.filter(|_| !dash);
    let (input, size): (Box<dyn std::io::Read + '_>, u64) = match file {
        Some(file) => match std::fs::File::open(file) {
            Ok(f) => {
                let size = f.metadata().map(|m| m.len()).unwrap_or(0);
                (Box::new(f), size)
            }
            Err(e) => {
                tell!(ctx, "simpul: {}: {e}", crate::sanitize::path(file));
                return Exit::from(1);
            }
        },
        None if ctx.remote() || dash => (Box::new(InputOf(&ctx.io)), 0),
        None => {
            tell!(ctx, "simpul: {}", ExchangeMsg::NoFile.text(ctx.lang));
            return Exit::from(2);
        }
    };
    let mut errors_file = match errors.map(private_file).transpose() {
        Ok(f) => f,
        Err(e) => {
            tell!(ctx, "simpul: {}: {e}", crate::sanitize::path(errors.unwrap_or(Path::new("-"))));
            return Exit::from(1);
        }
    };
    let store = match open_or_create(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // ctrl-c (or a connection that goes away) asks the import to stop between rows; it rolls back and says so
    let cancel = std::sync::Arc::clone(&ctx.cancel);
    if ctx.door.is_none() {
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, std::sync::Arc::clone(&cancel));
    }
    let mut shown = Progress::new(ctx, size);
    let mut on_progress = |p: crate::exchange::ImportProgress| shown.show(p);
    let mut errors_csv = errors_file.as_mut().map(|f| crate::i18n::exchange::ErrorsCsv::new(f, ctx.lang));
    let run = crate::exchange::ImportRun {
        progress: Some(&mut on_progress),
        cancel: Some(&cancel),
        errors: errors_csv.as_mut().map(|e| e as &mut dyn crate::exchange::ProblemSink),
        risk_names: Some(&ctx.risk_names),
    };
    let result = crate::exchange::import_with(&store, &ctx.actor, kind, &mut std::io::BufReader::new(input), opts, run);
    shown.end();
    match result {
        Ok(r) if opts.dry_run => {
            say!(
                ctx,
                "{}",
                fill(
                    ExchangeMsg::DryRun.text(ctx.lang),
                    &[("rows", &crate::i18n::count(ctx.lang, r.rows, crate::i18n::Noun::Row))]
                )
            );
            if let Some(line) = incomplete_line(ctx.lang, r.incomplete) {
                say!(ctx, "{line}");
            }
            Exit::SUCCESS
        }
        Ok(r) => {
            say!(
                ctx,
                "{}",
                fill(
                    ExchangeMsg::Imported.text(ctx.lang),
                    &[
                        ("written", &crate::i18n::count(ctx.lang, r.written, crate::i18n::Noun::Record)),
                        ("rows", &crate::i18n::count(ctx.lang, r.rows, crate::i18n::Noun::Row)),
                    ]
                )
            );
            if let Some(line) = incomplete_line(ctx.lang, r.incomplete) {
                say!(ctx, "{line}");
            }
            Exit::SUCCESS
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            if let (Some(path), Some(total)) = (errors, e.total_problems()) {
                tell!(
                    ctx,
                    "simpul: {}",
                    fill(
                        ExchangeMsg::ErrorsWritten.text(ctx.lang),
                        &[
                            ("problems", &crate::i18n::count(ctx.lang, total, crate::i18n::Noun::Problem)),
                            ("file", &crate::sanitize::path(path)),
                        ]
                    )
                );
            }
            match e {
                crate::exchange::ImportError::Interrupted => Exit::from(130),
                _ => Exit::from(1),
            }
        }
    }
}

/// A connection's standard input, read through its lock.
pub(crate) struct InputOf<'a>(pub(crate) &'a io::Io);

impl std::io::Read for InputOf<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.input().read(buf)
    }
}

/// A file for the owner alone (0600), emptied if it was there.
fn private_file(path: &Path) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    // one that was there keeps its mode on open: close it to others too
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(std::io::BufWriter::new(f))
}

/// Rows an import reads before its progress is shown: a short file is done before it matters.
const PROGRESS_FROM_ROWS: u64 = 10_000;

/// An import's progress on standard error: a bar redrawn in place on a
/// terminal, else a line every [`PROGRESS_FROM_ROWS`] rows.
struct Progress {
    io: std::sync::Arc<io::Io>,
    lang: Lang,
    size: u64,
    terminal: bool,
    drawn: bool,
    last: Option<std::time::Instant>,
}

impl Progress {
    fn new(ctx: &Context, size: u64) -> Progress {
        let terminal = ctx.io.err_terminal;
        Progress { io: std::sync::Arc::clone(&ctx.io), lang: ctx.lang, size, terminal, drawn: false, last: None }
    }

    fn text(&self, p: crate::exchange::ImportProgress) -> (String, u64) {
        use crate::i18n::exchange::ExchangeMsg;
        match p.committing {
            Some((done, of)) => (
                fill(ExchangeMsg::Committing.text(self.lang), &[("done", &done.to_string()), ("of", &of.to_string())]),
                (done * 100).checked_div(of).unwrap_or(100),
            ),
            None => (
                fill(
                    ExchangeMsg::Progress.text(self.lang),
                    &[
                        ("read", &p.read.to_string()),
                        ("valid", &p.valid.to_string()),
                        ("written", &p.written.to_string()),
                    ],
                ),
                (p.bytes * 100).checked_div(self.size).unwrap_or(0).min(100),
            ),
        }
    }

    fn show(&mut self, p: crate::exchange::ImportProgress) {
        use std::io::Write as _;
        if p.read < PROGRESS_FROM_ROWS {
            return;
        }
        let (text, percent) = self.text(p);
        let mut err = self.io.err();
        if self.terminal {
            // a redraw ten times a second is plenty
            if self.last.is_some_and(|t| t.elapsed() < std::time::Duration::from_millis(100)) && percent < 100 {
                return;
            }
            self.last = Some(std::time::Instant::now());
            let filled = usize::try_from(percent / 5).unwrap_or(20);
            let _ = write!(err, "\r\x1b[K[{}{}] {percent:>3}% {text}", "#".repeat(filled), ".".repeat(20 - filled));
            self.drawn = true;
        } else if p.committing.is_some() || p.read.is_multiple_of(PROGRESS_FROM_ROWS) {
            let _ = writeln!(err, "simpul: {text}");
        }
        let _ = err.flush();
    }

    fn end(&mut self) {
        if self.drawn {
            let _ = writeln!(self.io.err());
        }
    }
}

fn parse_ref(ctx: &Context, text: &str, kind: RecordKind) -> Result<u64, Exit> {
    match crate::model::RecordRef::parse(text) {
        Some(r) if r.kind == kind => Ok(r.id),
        _ => {
            let example = crate::model::RecordRef::new(kind, 123).to_string();
            tell!(
                ctx,
                "simpul: {}",
                fill(
                    Msg::BadRecordId.text(ctx.lang),
                    &[("text", &text.escape_debug().to_string()), ("example", &example)]
                )
            );
            Err(Exit::from(2))
        }
    }
}

/// `simpul summary K-…`: the case summary, through the gate (it holds the
/// client's sensitive fields).
pub fn summary(
    ctx: &Context,
    client: &str,
    format: crate::casework::summary::DocFormat,
    output: Option<&Path>,
    protect: &Protection,
) -> Exit {
    let prot = match protection(ctx, protect) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (store, c) = match open_record::<crate::model::Client>(ctx, client, RecordKind::Client) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let build = || -> Result<String, StoreError> {
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
        let calendar = store.calendar()?;
        Ok(crate::render::summary::case_summary(
            &c,
            &referrals,
            &events,
            &name,
            crate::casework::reporting::CountedTo { today, calendar: &calendar },
            ctx.lang,
            &ctx.risk_names,
            format,
        ))
    };
    let doc = match build() {
        Ok(doc) => doc,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    let rel = crate::gate::Release { what: "case summary".into(), record: Some(c.id().to_ref()), sensitive: true };
    let actor = &ctx.actor;
    gate_exit(
        ctx,
        crate::gate::release(&store, actor, &rel, &prot, destination(ctx, output, &mut *ctx.io.out()), |w| {
            w.write_all(doc.as_bytes())
        }),
    )
}

/// Opens the database and reads the record `text` names (`K-…`, `E-…`), or prints why not.
fn open_record<R: crate::store::Indexed>(ctx: &Context, text: &str, kind: RecordKind) -> Result<(Store, R), Exit> {
    let id = parse_ref(ctx, text, kind)?;
    let store = open_store(ctx)?;
    match store.fetch(id) {
        Ok(r) => Ok((store, r)),
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Err(Exit::from(1))
        }
    }
}

/// `simpul litmas K-…`: the client's newest Litmas report as a document to
/// finish and print, through the gate.
pub fn litmas(
    ctx: &Context,
    client: &str,
    format: crate::casework::summary::DocFormat,
    output: Option<&Path>,
    protect: &Protection,
) -> Exit {
    let prot = match protection(ctx, protect) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (store, c) = match open_record::<crate::model::Client>(ctx, client, RecordKind::Client) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let Some(l) = c.litmas.iter().enumerate().max_by_key(|(i, l)| (l.date, *i)).map(|(_, l)| l) else {
        tell!(ctx, "simpul: {}", fill(Msg::NoLitmas.text(ctx.lang), &[("record", &c.id().to_string())]));
        return Exit::from(1);
    };
    // signed by its author, never by the client's officer of the day; its approval, if it has one
    let zone = store.clock().zone();
    let kept = store.history(c.id().to_ref()).and_then(|h| Ok((h, store.approvals(c.meta.id)?)));
    let (changes, approvals) = match kept {
        Ok(kept) => kept,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    let author = crate::casework::summary::litmas_authorship(&c, l, &changes, zone);
    let approved = crate::casework::summary::litmas_approval(l, &approvals, zone);
    let doc = crate::render::summary::litmas_document(&c, l, &author, approved.as_ref(), ctx.lang, format);
    let rel = crate::gate::Release { what: "litmas".into(), record: Some(c.id().to_ref()), sensitive: true };
    let actor = &ctx.actor;
    gate_exit(
        ctx,
        crate::gate::release(&store, actor, &rel, &prot, destination(ctx, output, &mut *ctx.io.out()), |w| {
            w.write_all(doc.as_bytes())
        }),
    )
}

/// The exit of a command that wrote its output: a reader that stopped
/// reading (`| head`) is no failure, any other write error is said.
fn finish_output(ctx: &Context, written: std::io::Result<()>) -> Exit {
    match written {
        Ok(()) => Exit::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::SUCCESS,
        Err(e) => {
            tell!(ctx, "simpul: {e}");
            Exit::from(1)
        }
    }
}

/// `simpul attendance E-…`: an event's attendance list as CSV, audited.
pub fn attendance(ctx: &Context, event: &str, meeting: Option<&str>, output: Option<&Path>) -> Exit {
    let (store, e) = match open_record::<crate::model::Event>(ctx, event, RecordKind::Event) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let day = match meeting.map(|m| crate::model::input::parse_date(m, store.clock_for(&ctx.actor).today())) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            let text = meeting.unwrap_or_default();
            tell!(
                ctx,
                "simpul: {}",
                fill(Msg::BadMeetingDay.text(ctx.lang), &[("text", &crate::sanitize::sanitize(text))])
            );
            return Exit::from(2);
        }
    };
    let client = |c: crate::model::ClientId| store.get::<crate::model::Client>(c.0).ok().flatten();
    let mut csv = Vec::new();
    let n = match crate::casework::summary::attendance_csv(&e, &client, day, &mut csv) {
        Ok(n) => n,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let args = [("record", e.id().to_string()), ("date", err.to_string())];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            tell!(ctx, "simpul: {}", fill(Msg::NoMeetingOn.text(ctx.lang), &args));
            return Exit::from(1);
        }
        Err(err) => return finish_output(ctx, Err(err)),
    };
    let rel =
        crate::gate::Release { what: format!("attendance {n} rows"), record: Some(e.id().to_ref()), sensitive: false };
    let actor = &ctx.actor;
    gate_exit(
        ctx,
        crate::gate::release(
            &store,
            actor,
            &rel,
            &crate::gate::Protection::Plain,
            destination(ctx, output, &mut *ctx.io.out()),
            |w| w.write_all(&csv),
        ),
    )
}

/// `simpul report sessions --month YYYY-MM`: the month's guidance
/// sessions, reporting and events per client and per officer, for the
/// regional office; through the gate, as the client data it is.
pub fn report_sessions(
    ctx: &Context,
    month: &str,
    officer: Option<&str>,
    format: crate::casework::monthly::ReportFormat,
    output: Option<&Path>,
    protect: &Protection,
) -> Exit {
    use crate::casework::monthly;
    use crate::i18n::report::ReportMsg;
    let month = match monthly::Month::parse(month) {
        Ok(m) => m,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(2);
        }
    };
    let prot = match protection(ctx, protect) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // refused before the database is opened: nothing to read, nothing to audit
    if matches!(prot, crate::gate::Protection::Plain) {
        return gate_exit(ctx, Err(crate::gate::GateError::NeedsProtection));
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let actor = &ctx.actor;
    if !monthly::may_report(actor.role) {
        tell!(ctx, "simpul: {}", crate::i18n::report::refused(ctx.lang));
        return Exit::from(1);
    }
    let today = store.clock().today();
    if let Err(e) = month.begun(today) {
        tell!(ctx, "simpul: {}", e.message(ctx.lang));
        return Exit::from(2);
    }
    let calendar = match store.calendar() {
        Ok(c) => c,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    let clients: Vec<crate::model::Client> = store.scan().filter_map(Result::ok).collect();
    let events: Vec<crate::model::Event> = store.scan().filter_map(Result::ok).collect();
    let report = monthly::build(&clients, &events, &calendar, month, officer, today);
    if let Some(name) = officer
        && report.clients.is_empty()
    {
        let all = monthly::build(&clients, &events, &calendar, month, None, today);
        tell!(ctx, "simpul: {}", crate::i18n::report::no_such_officer(name, &all, ctx.lang));
        return Exit::from(1);
    }
    let body = match crate::render::monthly::write(&report, format, today, ctx.lang) {
        Ok(b) => b,
        Err(e) => return finish_output(ctx, Err(e)),
    };
    let rel = crate::gate::Release { what: monthly::audit_note(&report), record: None, sensitive: true };
    let result = crate::gate::release(&store, actor, &rel, &prot, destination(ctx, output, &mut *ctx.io.out()), |w| {
        w.write_all(&body)
    });
    if result.is_ok()
        && let Some(path) = output
    {
        tell!(
            ctx,
            "{}",
            fill(
                ReportMsg::Written.text(ctx.lang),
                &[
                    ("month", &month.to_string()),
                    ("clients", &crate::i18n::count(ctx.lang, report.clients.len(), crate::i18n::Noun::Client)),
                    ("target", &crate::sanitize::sanitize(&path.display().to_string()))
                ]
            )
        );
    }
    gate_exit(ctx, result)
}

/// `simpul agenda`: what is due, one line per item, with the day counts
/// of the settings file.
pub fn agenda(ctx: &Context) -> Exit {
    use crate::casework::agenda;
    let config = match settings(ctx) {
        Ok((c, notice)) => {
            if let Some(n) = notice {
                tell!(ctx, "simpul: {n}");
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
    let calendar = match store.calendar() {
        Ok(c) => c,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    let mut items = agenda::agenda(&clients, &stakeholders, &events, today, &calendar, &config.agenda);
    // the local user is an administrator: case files past the retention period too
    if let Some(years) = config.agenda.retention_years {
        items.extend(clients.iter().filter_map(|c| agenda::retention(c, today, years)));
        agenda::sort(&mut items);
    }
    let mut out = ctx.io.out();
    for i in &items {
        let line = format!(
            "{:<28} {}  {:<9} {}  {}\n",
            crate::i18n::agenda_rule(ctx.lang, i.rule),
            crate::i18n::date(ctx.lang, i.date),
            i.record,
            crate::sanitize::sanitize(&i.name),
            crate::sanitize::sanitize(&crate::i18n::agenda_detail(ctx.lang, i))
        );
        if std::io::Write::write_all(&mut *out, line.as_bytes()).is_err() {
            return Exit::SUCCESS;
        }
    }
    Exit::SUCCESS
}

/// What `simpul user add` was given.
#[derive(Debug, Clone, Default)]
pub struct UserAdd {
    /// Login name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// The partner's stakeholder (`S-…`).
    pub stakeholder: Option<String>,
    /// Public keys.
    pub keys: Vec<String>,
    /// Full name.
    pub full_name: String,
    /// May approve requests.
    pub supervisor: bool,
    /// The name their clients' case files give as officer.
    pub officer: String,
    /// Their sessions' language (`id`, `en`), if not the server's.
    pub language: Option<String>,
}

/// `simpul user add`.
pub fn user_add(ctx: &Context, add: UserAdd) -> Exit {
    use crate::i18n::users::UserMsg;
    let UserAdd { name, role, stakeholder, keys, full_name, supervisor, officer, language } = add;
    let (name, stakeholder) = (name.as_str(), stakeholder.as_deref());
    // checked before anything is written: a bad language adds no user
    if let Some(l) = language.as_deref().filter(|l| Lang::parse(l).is_none() && *l != "default") {
        tell!(ctx, "simpul: {}", crate::users::UserError::BadLang(l.to_string()).message(ctx.lang));
        return Exit::from(2);
    }
    let Some(role) = crate::model::Role::from_code(&role) else {
        tell!(ctx, "simpul: --role: {}", crate::model::Role::codes(", "));
        return Exit::from(2);
    };
    let stakeholder = match stakeholder.map(|s| parse_ref(ctx, s, RecordKind::Stakeholder)).transpose() {
        Ok(s) => s.map(crate::model::StakeholderId),
        Err(code) => return code,
    };
    let store = match open_or_create(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let new = crate::users::NewUser { name: name.to_string(), role, stakeholder, keys, full_name, supervisor, officer };
    let added = crate::users::add(&store, &ctx.actor, new).and_then(|u| match language {
        Some(language) => {
            let settings = crate::users::Settings { language: Some(language), ..Default::default() };
            crate::users::set(&store, &ctx.actor, &u.name, &settings)
        }
        None => Ok(u),
    });
    match added {
        Ok(u) => {
            say!(
                ctx,
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
            Exit::SUCCESS
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
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
pub fn user_change(ctx: &Context, name: &str, change: UserChange) -> Exit {
    use crate::i18n::users::UserMsg;
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let actor = &ctx.actor;
    let result = match &change {
        UserChange::AddKey(k) => crate::users::add_key(&store, actor, name, k),
        UserChange::RemoveKey(k) => crate::users::remove_key(&store, actor, name, k),
        UserChange::Disabled(d) => crate::users::set_disabled(&store, actor, name, *d),
    };
    match result {
        Ok(u) => {
            say!(ctx, "{}", fill(UserMsg::Updated.text(ctx.lang), &[("name", &u.name)]));
            Exit::SUCCESS
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
    }
}

/// `simpul user set NAME [--tz …] [--lang …] [--keymap …] [--officer …]`.
pub fn user_set(ctx: &Context, name: &str, settings: &crate::users::Settings) -> Exit {
    use crate::i18n::users::UserMsg;
    if settings.is_empty() {
        tell!(ctx, "simpul: {}", UserMsg::NothingToSet.text(ctx.lang));
        return Exit::from(2);
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match crate::users::set(&store, &ctx.actor, name, settings) {
        Ok(u) => {
            say!(ctx, "{}", fill(UserMsg::Updated.text(ctx.lang), &[("name", &u.name)]));
            Exit::SUCCESS
        }
        Err(
            e @ (crate::users::UserError::BadZone(_)
            | crate::users::UserError::BadLang(_)
            | crate::users::UserError::BadKeymap(_)),
        ) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(2)
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            Exit::from(1)
        }
    }
}

/// `simpul user list`.
pub fn user_list(ctx: &Context) -> Exit {
    use crate::i18n::users::UserMsg;
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let users = match crate::users::list(&store) {
        Ok(u) => u,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    if users.is_empty() {
        say!(ctx, "{}", UserMsg::NoUsers.text(ctx.lang));
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
        if !u.officer.is_empty() {
            let officer = crate::sanitize::sanitize(&u.officer);
            line.push_str(&format!(" {}", fill(UserMsg::OfficerName.text(ctx.lang), &[("name", &officer)])));
        }
        for pref in [&u.language, &u.keymap].into_iter().flatten() {
            line.push_str(&format!(" {}", crate::sanitize::sanitize(pref)));
        }
        if u.disabled {
            line.push_str(&format!(" [{}]", UserMsg::Disabled.text(ctx.lang)));
        }
        say!(ctx, "{line}");
        for (i, k) in u.keys.iter().enumerate() {
            say!(ctx, "    {}. {}", i + 1, crate::users::describe_key(k));
        }
    }
    Exit::SUCCESS
}

/// `simpul audit`: newest first, filtered.
pub fn audit(ctx: &Context, since: Option<&str>, user: Option<&str>, record: Option<&str>, limit: usize) -> Exit {
    use crate::i18n::users::UserMsg;
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (today, zone) = (store.clock().today(), store.clock().zone());
    let since = match since.map(|s| crate::model::input::parse_date(s, today)).transpose() {
        Ok(d) => d,
        Err(_) => {
            tell!(ctx, "simpul: --since: {}", crate::i18n::exchange::ExchangeMsg::Date.text(ctx.lang));
            return Exit::from(2);
        }
    };
    let record = match record.map(|r| crate::model::RecordRef::parse(r).ok_or(r)).transpose() {
        Ok(r) => r,
        Err(bad) => {
            tell!(
                ctx,
                "simpul: {}",
                fill(
                    Msg::BadRecordId.text(ctx.lang),
                    &[("text", &bad.escape_debug().to_string()), ("example", "K-000123")]
                )
            );
            return Exit::from(2);
        }
    };
    let mut out = ctx.io.out();
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
            crate::i18n::audit_action(ctx.lang, e.action),
            e.record.map(|r| r.to_string()).unwrap_or_default(),
            e.fields.join(","),
            crate::sanitize::sanitize(&e.note)
        );
        if std::io::Write::write_all(&mut *out, line.as_bytes()).is_err() {
            return Exit::SUCCESS;
        }
        n += 1;
        if n >= limit {
            break;
        }
    }
    if n == 0 {
        tell!(ctx, "{}", UserMsg::NoEntries.text(ctx.lang));
    }
    Exit::SUCCESS
}

/// `simpul serve --print-host-key`: what staff compare when ssh first asks
/// whether to trust the server (works while it serves: only the key file
/// is read, created as `serve` would when there is none yet).
pub fn print_host_key(ctx: &Context, listen: std::net::SocketAddr) -> Exit {
    use crate::i18n::server::ServerMsg;
    if !ctx.db.is_dir() {
        let msg = fill(ServerMsg::NoDatabaseYet.text(ctx.lang), &[("db", &crate::sanitize::path(&ctx.db))]);
        tell!(ctx, "simpul: {msg}");
        return Exit::from(1);
    }
    match crate::server::host_key(&ctx.db) {
        Ok(key) => {
            let public = key.public_key();
            let fingerprint = public.fingerprint(russh::keys::ssh_key::HashAlg::Sha256);
            let line = public.to_openssh().unwrap_or_default();
            let host = match listen.port() {
                22 => listen.ip().to_string(),
                port => format!("[{}]:{port}", listen.ip()),
            };
            println!("{fingerprint} ({})", public.algorithm());
            println!("{}", fill(ServerMsg::KnownHostsLine.text(ctx.lang), &[("line", &format!("{host} {line}"))]));
            Exit::SUCCESS
        }
        Err(e) => {
            tell!(ctx, "simpul: {}", crate::sanitize::sanitize(&e.to_string()));
            Exit::from(1)
        }
    }
}

/// `simpul serve`.
pub fn serve(ctx: &Context, mut opts: crate::server::ServeOptions) -> Exit {
    use crate::i18n::server::ServerMsg;
    let config = match settings(ctx) {
        Ok((c, notice)) => {
            if let Some(n) = notice {
                tell!(ctx, "simpul: {n}");
            }
            c
        }
        Err(code) => return code,
    };
    let risk_names = config.risk_names();
    opts.commands = Some(remote::runner(ctx.settings.clone(), risk_names.clone()));
    opts.casework = crate::ui::casework::CaseworkOptions {
        agenda: config.agenda,
        export_dir: config.export.dir,
        remote: true,
        ssh: None,
        documents: config.documents,
        risk_names,
    };
    let store = match open_store_with(
        ctx,
        &OpenOptions { cache_bytes: crate::store::SERVER_CACHE_BYTES, ..OpenOptions::default() },
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    store.set_partner_grace_days(config.privacy.partner_grace_days);
    opts.backup_key = match crate::protect::Key::recipients(config.backup.recipients.iter().map(String::as_str)) {
        Ok(crate::protect::Key::Recipients(keys)) if !keys.is_empty() => Some(crate::protect::Key::Recipients(keys)),
        _ => None,
    };
    tell!(
        ctx,
        "{}",
        fill(
            ServerMsg::Listening.text(ctx.lang),
            &[
                ("db", &crate::sanitize::path(&ctx.db)),
                ("addr", &opts.listen.to_string()),
                ("port", &opts.listen.port().to_string()),
                ("host", &opts.listen.ip().to_string()),
            ],
        )
    );
    match crate::server::serve(store, opts) {
        Ok(()) => Exit::SUCCESS,
        Err(e) => {
            tell!(ctx, "simpul: {e}");
            Exit::from(1)
        }
    }
}

/// `simpul keys`: the effective keymap (the `--keymap` preset or file, else
/// the user's keymap file, else the default preset), or why it is bad.
pub fn keys(ctx: &Context, markdown: bool) -> Exit {
    let user = crate::keymap::user_keymap_path();
    match crate::keymap::effective_keymap(ctx.keymap.as_deref(), user.as_deref()) {
        Ok(km) => {
            let table = if markdown {
                crate::cli::keys::render_markdown(&km, ctx.lang)
            } else {
                crate::cli::keys::render_table(&km, ctx.lang)
            };
            if let Err(e) = std::io::Write::write_all(&mut *ctx.io.out(), table.as_bytes()) {
                return finish_output(ctx, Err(e));
            }
            Exit::SUCCESS
        }
        Err(errors) => {
            tell!(ctx, "{}", errors.message(ctx.lang));
            Exit::from(1)
        }
    }
}

/// `simpul backup FILE`: through the gate, sealed to the settings' backup
/// recipients unless the flags say otherwise.
pub fn backup(ctx: &Context, file: &Path, protect: &Protection) -> Exit {
    let mut prot = match protection(ctx, protect) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if matches!(prot, crate::gate::Protection::Plain) {
        let config = match settings(ctx) {
            Ok((c, _)) => c,
            Err(code) => return code,
        };
        match crate::protect::Key::recipients(config.backup.recipients.iter().map(String::as_str)) {
            Ok(crate::protect::Key::Recipients(keys)) if !keys.is_empty() => {
                prot = crate::gate::Protection::Sealed(crate::protect::Key::Recipients(keys))
            }
            _ => {
                tell!(ctx, "simpul: {}", crate::i18n::gate::GateMsg::BackupNeedsProtection.text(ctx.lang));
                return Exit::from(2);
            }
        }
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let rel = crate::gate::Release { what: "backup".into(), record: None, sensitive: true };
    let mut summary = None;
    let lang = ctx.lang;
    let result = crate::gate::release(&store, &ctx.actor, &rel, &prot, crate::gate::Destination::File(file), |w| {
        summary = Some(store.backup_to(w).map_err(|e| std::io::Error::other(e.message(lang)))?);
        Ok(())
    });
    match (result, summary) {
        (Ok(_), Some(s)) => {
            say!(
                ctx,
                "{}",
                fill(
                    Msg::BackupDone.text(ctx.lang),
                    &[
                        ("file", &crate::sanitize::sanitize(&file.display().to_string())),
                        ("entries", &crate::i18n::count(ctx.lang, s.entries, crate::i18n::Noun::Entry)),
                        ("bytes", &crate::i18n::count(ctx.lang, s.bytes, crate::i18n::Noun::Byte)),
                        ("schema", &s.schema.to_string()),
                    ],
                )
            );
            Exit::SUCCESS
        }
        (result, _) => gate_exit(ctx, result),
    }
}

/// What opens a sealed backup.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Opening {
    /// An age identity file (private key, as `age-keygen` writes it) for a backup sealed to its public key.
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// The passphrase of a backup sealed with one, in the first line of FILE (else SIMPUL_EXPORT_PASSPHRASE).
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

/// `simpul restore FILE --db NEWPATH`, opening a sealed backup with the key given.
pub fn restore(ctx: &Context, file: &Path, opening: &Opening) -> Exit {
    use crate::i18n::gate::GateMsg;
    use std::io::Read;
    let shown = crate::sanitize::sanitize(&file.display().to_string()).into_owned();
    let fail = |msg: String, code: u8| {
        tell!(ctx, "simpul: {msg}");
        Exit::from(code)
    };
    let mut f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) => return fail(format!("{shown}: {e}"), 1),
    };
    let mut head = [0u8; 21];
    let sealed = f.read_exact(&mut head).is_ok() && head[..] == *crate::protect::MAGIC;
    if let Err(e) = std::io::Seek::rewind(&mut f) {
        return fail(format!("{shown}: {e}"), 1);
    }
    let restored = if sealed {
        let passphrase = opening.passphrase_file.is_some() || std::env::var_os("SIMPUL_EXPORT_PASSPHRASE").is_some();
        let unlock = if let Some(id) = &opening.identity {
            crate::protect::Unlock::identity_file(id).map_err(|e| {
                fill(
                    GateMsg::BadIdentity.text(ctx.lang),
                    &[("file", &crate::sanitize::sanitize(&id.display().to_string())), ("error", &e)],
                )
            })
        } else if passphrase {
            read_passphrase(ctx, opening.passphrase_file.as_deref())
                .map(|p| crate::protect::Unlock::Passphrase(p.into()))
        } else {
            Err(GateMsg::SealedNeedsKey.text(ctx.lang).to_string())
        };
        let unlock = match unlock {
            Ok(u) => u,
            Err(e) => return fail(e, 2),
        };
        let reader = match crate::protect::open(f, &unlock) {
            Ok(r) => r,
            Err(e) => return fail(fill(GateMsg::CannotOpen.text(ctx.lang), &[("error", &e)]), 1),
        };
        Store::restore_from(reader, &ctx.db, &OpenOptions::default())
    } else {
        Store::restore_from(f, &ctx.db, &OpenOptions::default())
    };
    let (store, summary) = match restored {
        Ok(r) => r,
        Err(e) => return fail(e.message(ctx.lang), 1),
    };
    let (code, verdict) = match store.check() {
        Ok(r) if r.is_clean() => (Exit::SUCCESS, Msg::CheckClean.text(ctx.lang).to_string()),
        Ok(r) => (
            Exit::from(1),
            fill(
                Msg::CheckProblems.text(ctx.lang),
                &[("problems", &crate::i18n::count(ctx.lang, r.problems.len(), crate::i18n::Noun::Problem))],
            ),
        ),
        Err(e) => (Exit::from(1), e.message(ctx.lang)),
    };
    say!(
        ctx,
        "{}",
        fill(
            Msg::RestoreDone.text(ctx.lang),
            &[
                ("path", &ctx.db.display().to_string()),
                ("entries", &crate::i18n::count(ctx.lang, summary.entries, crate::i18n::Noun::Entry)),
                ("check", &verdict)
            ],
        )
    );
    code
}

/// `simpul check`.
pub fn check(ctx: &Context, rebuild_index: bool) -> Exit {
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let report = match store.check() {
        Ok(r) => r,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    let (kept_said, kept) = match check_kept_indexes(ctx, &store, rebuild_index) {
        Ok(k) => k,
        Err(e) => {
            tell!(ctx, "simpul: {}", e.message(ctx.lang));
            return Exit::from(1);
        }
    };
    let counts: Vec<String> =
        RecordKind::ALL.iter().zip(report.records).map(|(k, n)| format!("{} {n}", k.name())).collect();
    say!(
        ctx,
        "{}",
        fill(
            Msg::CheckSummary.text(ctx.lang),
            &[
                ("records", &counts.join(", ")),
                ("index", &report.index_entries.to_string()),
                ("audit", &report.audit_entries.to_string()),
                ("documents", &report.documents.to_string())
            ]
        )
    );
    let st = report.staged;
    let staged_msg = |m: Msg, n: u64| {
        fill(m.text(ctx.lang), &[("entries", &crate::i18n::count(ctx.lang, n, crate::i18n::Noun::Entry))])
    };
    match st.settled_on_open {
        Some((n, false)) => say!(ctx, "{}", staged_msg(Msg::CheckRolledBack, n)),
        Some((n, true)) => say!(ctx, "{}", staged_msg(Msg::CheckFinished, n)),
        None => {}
    }
    if st.in_progress {
        say!(ctx, "{}", staged_msg(Msg::CheckStaging, st.entries));
    }
    for line in &kept_said {
        say!(ctx, "{line}");
    }
    for p in &report.problems {
        say!(ctx, "  ✗ {p}");
    }
    for (view, why) in &kept {
        say!(ctx, "  ✗ {}", fill(Msg::CheckSearchDamaged.text(ctx.lang), &[("view", view), ("why", why)]));
    }
    let problems = report.problems.len() + kept.len();
    if problems == 0 {
        say!(ctx, "{}", Msg::CheckClean.text(ctx.lang));
        Exit::SUCCESS
    } else {
        say!(
            ctx,
            "{}",
            fill(
                Msg::CheckProblems.text(ctx.lang),
                &[("problems", &crate::i18n::count(ctx.lang, problems, crate::i18n::Noun::Problem))]
            )
        );
        Exit::from(1)
    }
}

/// Checks the search index kept for each view that keeps one (officers'
/// and viewers'), or builds it again: what to say of each, and the damaged
/// ones with why.
#[allow(clippy::type_complexity)]
fn check_kept_indexes(
    ctx: &Context,
    store: &Store,
    rebuild: bool,
) -> Result<(Vec<String>, Vec<(String, String)>), StoreError> {
    use crate::search::kept::KeptState;
    let (mut said, mut damaged) = (Vec::new(), Vec::new());
    let today = store.clock_for(&ctx.actor).today();
    for role in [crate::model::Role::Officer, crate::model::Role::Viewer] {
        let name = crate::i18n::role(ctx.lang, role);
        let view = store.scoped(&crate::store::Actor::new("simpul", role))?;
        let msg = if rebuild {
            crate::search::SearchIndex::rebuild_kept(&view, today)?;
            Msg::CheckSearchRebuilt
        } else {
            match crate::search::SearchIndex::check_kept(&view, today)? {
                KeptState::Current => Msg::CheckSearchCurrent,
                KeptState::Absent | KeptState::Stale => Msg::CheckSearchLater,
                KeptState::Damaged(how) => {
                    damaged.push((name.to_string(), crate::i18n::search::kept_damage(ctx.lang, &how)));
                    continue;
                }
            }
        };
        said.push(fill(msg.text(ctx.lang), &[("view", name)]));
    }
    Ok((said, damaged))
}

/// What `simpul purge` erases: a kind of record, or a list of sub-records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurgeKind {
    /// A whole record of this kind.
    Record(RecordKind),
    /// A sub-record of the list with this field path, of a record of this kind.
    Part(RecordKind, &'static str),
}

/// The sub-record kinds `simpul purge` takes: name, record kind, list path.
const PURGE_PARTS: [(&str, RecordKind, &str); 8] = [
    ("assessment", RecordKind::Client, "assessments"),
    ("session", RecordKind::Client, "sessions"),
    ("litmas", RecordKind::Client, "litmas"),
    ("reporting", RecordKind::Client, "reporting_register"),
    ("contact", RecordKind::Stakeholder, "contacts"),
    ("agreement", RecordKind::Stakeholder, "agreements"),
    ("participant", RecordKind::Event, "participants"),
    ("follow_up", RecordKind::Event, "follow_ups"),
];

impl PurgeKind {
    /// Every name `simpul purge` takes, for its messages.
    pub fn names() -> String {
        let mut names = vec!["client", "stakeholder", "event", "referral", "user"];
        names.extend(PURGE_PARTS.iter().map(|(n, _, _)| *n));
        names.join(", ")
    }

    /// The kind with this name (records also in the plural, and in Indonesian).
    pub fn parse(s: &str) -> Option<PurgeKind> {
        let s = s.trim().to_lowercase();
        if let Some(k) = RecordKind::parse_listed(&s) {
            return Some(PurgeKind::Record(k));
        }
        match s.as_str() {
            "referral" | "referrals" | "rujukan" => return Some(PurgeKind::Record(RecordKind::Referral)),
            "user" | "users" | "pengguna" => return Some(PurgeKind::Record(RecordKind::User)),
            _ => {}
        }
        let s = s.replace('-', "_");
        let singular = s.strip_suffix('s').unwrap_or(&s);
        PURGE_PARTS
            .iter()
            .find(|(n, _, _)| *n == s || *n == singular)
            .map(|(_, kind, path)| PurgeKind::Part(*kind, path))
    }
}

/// The sub-records of list `path` of a record, each with a short
/// description to tell them apart (a date, a name).
fn purge_parts(
    store: &Store,
    r: crate::model::RecordRef,
    path: &str,
) -> Result<Vec<(crate::model::PartId, String)>, StoreError> {
    use crate::model::{Client, Event, Stakeholder, Who};
    let d = |d: &chrono::NaiveDate| d.to_string();
    Ok(match (r.kind, path) {
        (RecordKind::Client, _) => {
            let c: Client = store.fetch(r.id)?;
            match path {
                "assessments" => {
                    c.assessments.iter().map(|a| (a.id, format!("{} {}", d(&a.date), a.category))).collect()
                }
                "sessions" => {
                    c.sessions.iter().map(|s| (s.id, format!("{} {} {}", d(&s.date), s.stream, s.place))).collect()
                }
                "litmas" => c.litmas.iter().map(|l| (l.id, format!("{} {}", d(&l.date), l.kind))).collect(),
                "reporting_register" => {
                    c.reporting_register.iter().map(|e| (e.id, format!("{} {}", d(&e.date), e.status))).collect()
                }
                _ => Vec::new(),
            }
        }
        (RecordKind::Stakeholder, "contacts") => {
            store.fetch::<Stakeholder>(r.id)?.contacts.into_iter().map(|c| (c.id, c.name)).collect()
        }
        (RecordKind::Stakeholder, "agreements") => {
            store.fetch::<Stakeholder>(r.id)?.agreements.into_iter().map(|a| (a.id, a.title)).collect()
        }
        (RecordKind::Event, "participants") => store
            .fetch::<Event>(r.id)?
            .participants
            .into_iter()
            .map(|p| {
                let who = match p.who {
                    Who::Client { client, attendance } => format!("{client} {attendance}"),
                    Who::Stakeholder { stakeholder, representative } => format!("{stakeholder} {representative}"),
                    Who::Officer { name } => name,
                };
                (p.id, who)
            })
            .collect(),
        (RecordKind::Event, "follow_ups") => {
            store.fetch::<Event>(r.id)?.follow_ups.into_iter().map(|f| (f.id, f.what)).collect()
        }
        _ => Vec::new(),
    })
}

/// The name a record is known by, for the question before a purge.
fn record_title(store: &Store, r: crate::model::RecordRef) -> Result<String, StoreError> {
    use crate::model::{Client, Event, Record, Referral, Stakeholder, User};
    Ok(match r.kind {
        RecordKind::Client => store.fetch::<Client>(r.id)?.title().to_string(),
        RecordKind::Stakeholder => store.fetch::<Stakeholder>(r.id)?.title().to_string(),
        RecordKind::Event => store.fetch::<Event>(r.id)?.title().to_string(),
        RecordKind::Referral => {
            let f: Referral = store.fetch(r.id)?;
            format!("{} → {}: {}", f.client, f.stakeholder, f.service)
        }
        RecordKind::User => store.fetch::<User>(r.id)?.title().to_string(),
    })
}

/// `simpul purge KIND ID --reason TEXT [--yes]`: erases a record or a
/// sub-record for good (admins; the local user is one), after asking.
pub fn purge(ctx: &Context, kind: &str, id: &str, reason: &str, yes: bool) -> Exit {
    use crate::model::{PartId, RecordRef};
    use crate::store::purge::PurgeTarget;
    let lang = ctx.lang;
    let Some(kind) = PurgeKind::parse(kind) else {
        tell!(
            ctx,
            "simpul: {}",
            fill(
                Msg::PurgeKind.text(lang),
                &[("text", &kind.escape_debug().to_string()), ("kinds", &PurgeKind::names())]
            )
        );
        return Exit::from(2);
    };
    let record_kind = match kind {
        PurgeKind::Record(k) | PurgeKind::Part(k, _) => k,
    };
    let (record_text, part_text) = match id.split_once('/') {
        Some((r, p)) => (r, Some(p)),
        None => (id, None),
    };
    let bad_id = |example: String| {
        tell!(
            ctx,
            "simpul: {}",
            fill(Msg::BadRecordId.text(lang), &[("text", &id.escape_debug().to_string()), ("example", &example)])
        );
        Exit::from(2)
    };
    let example = RecordRef::new(record_kind, 123).to_string();
    let part = match (kind, part_text) {
        (PurgeKind::Record(_), Some(_)) => return bad_id(example),
        (PurgeKind::Part(..), Some(p)) => match p.trim().parse::<u32>() {
            Ok(n) if n > 0 => Some(PartId(n)),
            _ => return bad_id(format!("{example}/4")),
        },
        _ => None,
    };
    let parsed = RecordRef::parse(record_text).filter(|r| r.kind == record_kind);
    // a user is also named by login
    if parsed.is_none() && !(record_kind == RecordKind::User && part.is_none()) {
        return bad_id(example);
    }
    let store = match open_store(ctx) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let fail = |e: StoreError| {
        tell!(ctx, "simpul: {}", e.message(lang));
        Exit::from(1)
    };
    let record = match parsed {
        Some(r) => r,
        None => match store.user_by_name(record_text.trim()) {
            Ok(Some(u)) => crate::model::Record::record_ref(&u),
            Ok(None) => return bad_id(example),
            Err(e) => return fail(e),
        },
    };
    let what = match record_title(&store, record) {
        Ok(t) => format!("{record} ({})", crate::sanitize::sanitize(&t)),
        Err(e) => return fail(e),
    };
    let target = match kind {
        PurgeKind::Record(_) => PurgeTarget::Record(record),
        PurgeKind::Part(_, path) => {
            let list = crate::i18n::form::label_of(record.kind, path, lang).unwrap_or(path);
            let parts = match purge_parts(&store, record, path) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let line =
                |(id, text): &(PartId, String)| format!("  {record}/{}  {}", id.0, crate::sanitize::sanitize(text));
            match part {
                None if parts.is_empty() => {
                    tell!(
                        ctx,
                        "simpul: {}",
                        fill(Msg::PurgeNoParts.text(lang), &[("record", &record.to_string()), ("list", list)])
                    );
                    return Exit::from(1);
                }
                None => {
                    tell!(
                        ctx,
                        "simpul: {}",
                        fill(Msg::PurgeChoosePart.text(lang), &[("record", &record.to_string()), ("list", list)])
                    );
                    for p in &parts {
                        tell!(ctx, "{}", line(p));
                    }
                    return Exit::from(2);
                }
                Some(p) if !parts.iter().any(|(id, _)| *id == p) => {
                    tell!(
                        ctx,
                        "simpul: {}",
                        fill(
                            Msg::PurgeNotInList.text(lang),
                            &[("record", &record.to_string()), ("part", &p.0.to_string()), ("list", list)]
                        )
                    );
                    return Exit::from(1);
                }
                Some(p) => PurgeTarget::Part(record, p),
            }
        }
    };
    let actor = &ctx.actor;
    let plan = match store.purge_plan(actor, target, Some(reason)) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let named = match target {
        PurgeTarget::Part(r, p) => format!("{r}/{} — {what}", p.0),
        PurgeTarget::Record(_) => what,
    };
    // a client may have been at many events: the first ten, and how many more
    let refs = |v: &[RecordRef]| {
        let list: Vec<String> = v.iter().take(10).map(ToString::to_string).collect();
        let more = if v.len() > 10 { format!(" (+{})", v.len() - 10) } else { String::new() };
        format!("{}{more}", list.join(", "))
    };
    let mut consequences = String::new();
    if !plan.erased.is_empty() {
        consequences
            .push_str(&format!("\n{}", fill(Msg::PurgeAlsoErased.text(lang), &[("list", &refs(&plan.erased))])));
    }
    if !plan.detached.is_empty() {
        consequences
            .push_str(&format!("\n{}", fill(Msg::PurgeTakenOut.text(lang), &[("list", &refs(&plan.detached))])));
    }
    if !yes {
        {
            use std::io::Write as _;
            let mut err = ctx.io.err();
            let _ = write!(
                err,
                "{}{consequences}\n{}",
                fill(Msg::PurgeAsk.text(lang), &[("what", &named)]),
                Msg::PurgeConfirm.text(lang)
            );
            let _ = err.flush();
        }
        let mut answer = String::new();
        let _ = std::io::BufRead::read_line(
            &mut std::io::BufReader::new(std::io::Read::take(InputOf(&ctx.io), 1024)),
            &mut answer,
        );
        if !matches!(answer.trim().to_lowercase().as_str(), "yes" | "y" | "ya") {
            tell!(ctx, "{}", Msg::PurgeDeclined.text(lang));
            return Exit::from(1);
        }
    }
    match store.purge(actor, target, reason) {
        Ok(_) => {
            say!(ctx, "{}{consequences}", fill(Msg::PurgeDone.text(lang), &[("what", &named)]));
            Exit::SUCCESS
        }
        Err(e) => fail(e),
    }
}
