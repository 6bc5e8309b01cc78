//! The `simpul` command line: the TUI by default, and subcommands for
//! loading demo data, checking a database and the other chores.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use simpul::i18n::Lang;
use simpul::{cli, malloc};

/// Case files of reintegration clients and the partner network, in the terminal.
#[derive(Debug, Parser)]
#[command(name = "simpul", version, about, long_about = None)]
struct Args {
    /// Database directory (default: the user's data directory).
    #[arg(long, env = "SIMPUL_DB", global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of the interface: id or en (default: from LANG / LC_ALL / LC_MESSAGES).
    #[arg(long, global = true, value_name = "id|en")]
    lang: Option<String>,
    /// Keymap: a preset name (default, vim, emacs) or a file.
    #[arg(long, global = true, value_name = "NAME|PATH")]
    keymap: Option<String>,
    /// Draw borders and markers in plain ASCII.
    #[arg(long, global = true)]
    ascii: bool,
    /// Settings file: agenda day counts, export directory (default: settings.toml in the config directory).
    #[arg(long, env = "SIMPUL_SETTINGS", global = true, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Log to FILE (0600, appended); the server logs to standard error without it. Level: SIMPUL_LOG (default info).
    #[arg(long, global = true, value_name = "FILE")]
    log: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the demo data set: the public organisations and events, and fictional clients.
    Demo {
        /// Number of fictional clients.
        #[arg(long, default_value_t = 200)]
        clients: usize,
        /// Seed of the generator (same seed and today, same data).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the data is laid out around, as YYYY-MM-DD (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<chrono::NaiveDate>,
    },
    /// Read every record and index entry and report problems; exits 1 if any.
    Check,
    /// Search without the TUI: prints the matching records (exit 2 on a bad query).
    Search {
        /// The query, e.g. `risk:hijau office:malang barista` (see README).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Which records: clients, stakeholders or events.
        #[arg(long, default_value = "clients", value_parser = clap::value_parser!(simpul::model::RecordKind))]
        kind: simpul::model::RecordKind,
        /// Output: table, csv or json.
        #[arg(long, default_value = "table", value_parser = clap::value_parser!(simpul::search::OutputFormat))]
        format: simpul::search::OutputFormat,
        /// Every column, NIK and risk category too (sensitive: needs a protection flag; audited).
        #[arg(long)]
        all_columns: bool,
        #[command(flatten)]
        protect: cli::Protection,
    },
    /// Export records (all, or those a query finds) as CSV or JSON.
    Export {
        /// clients, stakeholders or events.
        #[arg(value_parser = clap::value_parser!(simpul::model::RecordKind))]
        kind: simpul::model::RecordKind,
        /// Only the records this query finds (the language of `simpul search`).
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        query: String,
        /// csv or json.
        #[arg(long, default_value = "csv", value_parser = clap::value_parser!(simpul::exchange::Format))]
        format: simpul::exchange::Format,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: cli::Protection,
    },
    /// Import records from a CSV file (all rows or none; see README for the columns).
    Import {
        /// clients, stakeholders or events.
        #[arg(value_parser = clap::value_parser!(simpul::model::RecordKind))]
        kind: simpul::model::RecordKind,
        /// The CSV file (UTF-8, `,` or `;` separated).
        file: PathBuf,
        /// Check every row and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import clients even when one with the same name and birth date exists.
        #[arg(long)]
        allow_similar: bool,
        /// Write every problem to this CSV file (line, column, value, problem; NIKs masked).
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
    },
    /// Write a client's case summary (Markdown or plain text) for printing or a report.
    Summary {
        /// The client, e.g. K-000123.
        client: String,
        /// markdown or text.
        #[arg(long, default_value = "markdown", value_parser = clap::value_parser!(simpul::casework::summary::DocFormat))]
        format: simpul::casework::summary::DocFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: cli::Protection,
    },
    /// Write a client's newest Litmas report as a document to finish and print.
    Litmas {
        /// The client, e.g. K-000123.
        client: String,
        /// markdown or text.
        #[arg(long, default_value = "markdown", value_parser = clap::value_parser!(simpul::casework::summary::DocFormat))]
        format: simpul::casework::summary::DocFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: cli::Protection,
    },
    /// Write an event's attendance list as CSV.
    Attendance {
        /// The event, e.g. E-000003.
        event: String,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the agenda: reporting due or missed, supervision ending, follow-ups, agreements, events.
    Agenda,
    /// The days the office is closed (holidays, joint leave, closures): a reporting day on one moves to the next open day.
    Calendar {
        #[command(subcommand)]
        cmd: Option<CalendarCmd>,
        /// The year to list (default: this year).
        #[arg(long)]
        year: Option<i32>,
    },
    /// Write a report for the regional office (Kanwil).
    Report {
        #[command(subcommand)]
        report: ReportCmd,
    },
    /// Manage the users who log in to `simpul serve`.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// Print the audit log, newest first.
    Audit {
        /// Only entries from this date on (YYYY-MM-DD, DD/MM/YYYY, -7d …).
        #[arg(long, allow_hyphen_values = true)]
        since: Option<String>,
        /// Only entries by this user.
        #[arg(long)]
        user: Option<String>,
        /// Only entries about this record (K-000123 …).
        #[arg(long)]
        record: Option<String>,
        /// At most this many entries.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Instead: who opened this client's case file (K-000123), newest first.
        #[arg(long, value_name = "CLIENT")]
        views: Option<String>,
    },
    /// Serve the database to many users over SSH (one TUI per connection).
    Serve {
        /// Address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:2222")]
        listen: std::net::SocketAddr,
        /// Sessions at once.
        #[arg(long, default_value_t = 100)]
        max_sessions: usize,
        /// Minutes without input before a session is closed.
        #[arg(long, default_value_t = 60)]
        idle_minutes: u64,
        /// Print the server's host key and its fingerprint (to give to staff) and exit.
        #[arg(long)]
        print_host_key: bool,
    },
    /// Print the effective keymap as a table; exits 1 with the problems if it is bad.
    Keys {
        /// Print a Markdown table (as in the README).
        #[arg(long)]
        markdown: bool,
    },
    /// Write a consistent, checksummed snapshot of the database to FILE.
    Backup {
        /// The backup file to write.
        file: PathBuf,
        #[command(flatten)]
        protect: cli::Protection,
    },
    /// Restore a backup FILE into a new database given by --db.
    Restore {
        /// The backup file to read.
        file: PathBuf,
        #[command(flatten)]
        opening: cli::Opening,
    },
    /// Erase a record or one of its sub-records for good (admins): its data, history and index entries; the audit log keeps who, when and the reason.
    Purge {
        /// client, stakeholder, event, referral or user; or a sub-record: assessment, session, litmas, reporting, contact, agreement, participant, follow_up.
        kind: String,
        /// The record (K-000123; a user also by login name), or a sub-record as K-000123/N (without /N its sub-records of that kind are listed).
        id: String,
        /// Why (kept in the audit log; it may not name the record).
        #[arg(long)]
        reason: String,
        /// Do not ask before purging.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
enum CalendarCmd {
    /// Enter a closed day, or every day from DATE to --to (administrators).
    Add {
        /// The day (2026-04-06, 06/04/2026).
        date: String,
        /// The last day of a closure of several days.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// What it is ("Pindah gedung", "Cuti bersama Idul Fitri").
        #[arg(long)]
        name: String,
        /// closure (the office's own), holiday (national) or cuti (joint leave day).
        #[arg(long, default_value = "closure")]
        kind: String,
    },
    /// Take out the closed day on DATE, or every one from DATE to --to (administrators).
    Remove {
        /// The day.
        date: String,
        /// The last day of the range.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ReportCmd {
    /// A month's guidance sessions, reporting compliance (attended, missed, excused, %) and events attended, per client and per officer.
    Sessions {
        /// The month, as YYYY-MM (e.g. 2026-11); the days to come of the current month are not counted.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// Only the clients of this officer (the name their case files give, case and spacing ignored).
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// table (plain text, to print) or csv.
        #[arg(long, default_value = "table", value_parser = clap::value_parser!(simpul::casework::monthly::ReportFormat))]
        format: simpul::casework::monthly::ReportFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: cli::Protection,
    },
}

#[derive(Debug, Subcommand)]
enum UserCmd {
    /// Add a user.
    Add {
        /// Login name (a-z, 0-9, . _ -).
        name: String,
        /// admin, officer, partner or viewer.
        #[arg(long)]
        role: String,
        /// The partner's stakeholder (S-000006); partners only.
        #[arg(long)]
        stakeholder: Option<String>,
        /// An OpenSSH public key ("ssh-ed25519 AAAA… comment"); may be repeated.
        #[arg(long = "key")]
        keys: Vec<String>,
        /// Full name, for display.
        #[arg(long, default_value = "")]
        full_name: String,
        /// May approve requests of others.
        #[arg(long)]
        supervisor: bool,
        /// The officer's name as their clients' case files give it (default: the full name); `officer:me` and "my clients" match it.
        #[arg(long, default_value = "", value_name = "NAME")]
        officer: String,
    },
    /// List users and their keys.
    List,
    /// Add or remove a user's public key.
    Key {
        #[command(subcommand)]
        cmd: KeyCmd,
    },
    /// Set a user's own time zone, language or keymap.
    Set {
        /// Login name.
        name: String,
        /// Time zone: Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura (or WIB, WITA, WIT), an offset such as +08:00, or `office`.
        #[arg(long = "tz", value_name = "ZONE")]
        zone: Option<String>,
        /// Language of their sessions: id, en, or `default` (the server's).
        #[arg(long = "language", value_name = "LANG")]
        language: Option<String>,
        /// Keymap of their sessions: default, vim or emacs.
        #[arg(long, value_name = "PRESET")]
        keymap: Option<String>,
        /// The officer's name as their clients' case files give it, matched by `officer:me` and "my clients"; "" for the full name again.
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
    },
    /// Stop a user from logging in.
    Disable {
        /// Login name.
        name: String,
    },
    /// Let a disabled user log in again.
    Enable {
        /// Login name.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum KeyCmd {
    /// Add a public key.
    Add {
        /// Login name.
        name: String,
        /// The OpenSSH public key line.
        key: String,
    },
    /// Remove a key: the whole key, its comment, or its number in `user list`.
    Remove {
        /// Login name.
        name: String,
        /// Key, comment or number.
        key: String,
    },
}

fn main() -> ExitCode {
    // first of all: every file and directory simpul creates (the database,
    // exports, backups, documents, the host key) is the user's alone
    rustix::process::umask(rustix::fs::Mode::RWXG | rustix::fs::Mode::RWXO);
    let args = Args::parse();
    // before anything starts a thread; the server keeps glibc's defaults (see `malloc`)
    if !matches!(args.command, Some(Command::Serve { .. })) {
        malloc::tune_for_one_user();
    }
    let lang = match args.lang.as_deref() {
        Some(code) => match Lang::parse(code) {
            Some(l) => l,
            None => {
                eprintln!("simpul: --lang must be `id` or `en`, not `{}`", code.escape_debug());
                return ExitCode::from(2);
            }
        },
        None => Lang::from_env_vars(|k| std::env::var(k).ok()),
    };
    let db = match args.db.clone().map(Ok).unwrap_or_else(cli::default_db_path) {
        Ok(p) => p,
        Err(msg) => {
            eprintln!("simpul: {msg}");
            return ExitCode::from(2);
        }
    };
    let serving = matches!(args.command, Some(Command::Serve { .. }));
    let log = cli::log::target(serving, args.log.as_deref(), std::env::var_os(cli::log::ENV).is_some(), &db);
    if let Err(why) = cli::log::init(&log) {
        // a log that cannot be written does not stop the office's work
        let why = simpul::sanitize::sanitize(&why);
        eprintln!("simpul: {}", simpul::i18n::fill(simpul::i18n::Msg::NoLog.text(lang), &[("why", &why)]));
    }
    let ctx = cli::Context {
        db,
        lang,
        lang_chosen: args.lang.is_some(),
        keymap: args.keymap,
        ascii: args.ascii,
        settings: args.settings,
    };
    cli::office_names(&ctx);
    match args.command {
        None => cli::tui(&ctx),
        Some(Command::Demo { clients, seed, today }) => cli::demo(&ctx, clients, seed, today),
        Some(Command::Check) => cli::check(&ctx),
        Some(Command::Search { query, kind, format, all_columns, protect }) => {
            cli::search(&ctx, &query, kind, format, all_columns, &protect)
        }
        Some(Command::Export { kind, query, format, output, protect }) => {
            cli::export(&ctx, kind, &query, format, output.as_deref(), &protect)
        }
        Some(Command::Import { kind, file, dry_run, allow_similar, errors }) => cli::import(
            &ctx,
            kind,
            &file,
            simpul::exchange::ImportOptions { dry_run, allow_similar },
            errors.as_deref(),
        ),
        Some(Command::Summary { client, format, output, protect }) => {
            cli::summary(&ctx, &client, format, output.as_deref(), &protect)
        }
        Some(Command::Litmas { client, format, output, protect }) => {
            cli::litmas(&ctx, &client, format, output.as_deref(), &protect)
        }
        Some(Command::Attendance { event, output }) => cli::attendance(&ctx, &event, output.as_deref()),
        Some(Command::Agenda) => cli::agenda(&ctx),
        Some(Command::Calendar { cmd, year }) => match cmd {
            None => cli::calendar::list(&ctx, year),
            Some(CalendarCmd::Add { date, to, name, kind }) => {
                cli::calendar::add(&ctx, &date, to.as_deref(), &name, &kind)
            }
            Some(CalendarCmd::Remove { date, to }) => cli::calendar::remove(&ctx, &date, to.as_deref()),
        },
        Some(Command::Report { report: ReportCmd::Sessions { month, officer, format, output, protect } }) => {
            cli::report_sessions(&ctx, &month, officer.as_deref(), format, output.as_deref(), &protect)
        }
        Some(Command::User { cmd }) => match cmd {
            UserCmd::Add { name, role, stakeholder, keys, full_name, supervisor, officer } => {
                cli::user_add(&ctx, cli::UserAdd { name, role, stakeholder, keys, full_name, supervisor, officer })
            }
            UserCmd::List => cli::user_list(&ctx),
            UserCmd::Key { cmd: KeyCmd::Add { name, key } } => {
                cli::user_change(&ctx, &name, cli::UserChange::AddKey(key))
            }
            UserCmd::Key { cmd: KeyCmd::Remove { name, key } } => {
                cli::user_change(&ctx, &name, cli::UserChange::RemoveKey(key))
            }
            UserCmd::Set { name, zone, language, keymap, officer } => {
                cli::user_set(&ctx, &name, &simpul::users::Settings { zone, language, keymap, officer })
            }
            UserCmd::Disable { name } => cli::user_change(&ctx, &name, cli::UserChange::Disabled(true)),
            UserCmd::Enable { name } => cli::user_change(&ctx, &name, cli::UserChange::Disabled(false)),
        },
        Some(Command::Audit { views: Some(client), limit, .. }) => cli::audit_views(&ctx, &client, limit),
        Some(Command::Audit { since, user, record, limit, views: None }) => {
            cli::audit(&ctx, since.as_deref(), user.as_deref(), record.as_deref(), limit)
        }
        Some(Command::Serve { print_host_key: true, listen, .. }) => cli::print_host_key(&ctx, listen),
        Some(Command::Serve { listen, max_sessions, idle_minutes, .. }) => cli::serve(
            &ctx,
            simpul::server::ServeOptions {
                listen,
                lang: ctx.lang,
                max_sessions,
                idle_timeout: std::time::Duration::from_secs(idle_minutes.saturating_mul(60).max(60)),
                casework: Default::default(),
                backup_key: None,
            },
        ),
        Some(Command::Keys { markdown }) => cli::keys(&ctx, markdown),
        Some(Command::Backup { file, protect }) => cli::backup(&ctx, &file, &protect),
        Some(Command::Restore { file, opening }) => cli::restore(&ctx, &file, &opening),
        Some(Command::Purge { kind, id, reason, yes }) => cli::purge(&ctx, &kind, &id, &reason, yes),
    }
}
