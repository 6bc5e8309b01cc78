//! The command line's words: what `simpul` accepts, parsed the same way
//! whether the process was started with them or `simpul serve` received
//! them over a connection, and which function carries each out.
// the `///` lines here are clap's help text; a flattened group or a
// subcommand field has none of its own to give
#![allow(missing_docs)]

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::{Context, Exit};

/// Case files of reintegration clients and the partner network, in the terminal.
#[derive(Debug, Parser)]
#[command(name = "simpul", version, about, long_about = None)]
pub struct Args {
    /// Database directory (default: the user's data directory).
    #[arg(long, env = "SIMPUL_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of the interface: id or en (default: from LANG / LC_ALL / LC_MESSAGES).
    #[arg(long, global = true, value_name = "id|en")]
    pub lang: Option<String>,
    /// Keymap: a preset name (default, vim, emacs) or a file.
    #[arg(long, global = true, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// Draw borders and markers in plain ASCII.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Settings file: agenda day counts, export directory (default: settings.toml in the config directory).
    #[arg(long, env = "SIMPUL_SETTINGS", global = true, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Log to FILE (0600, appended); the server logs to standard error without it. Level: SIMPUL_LOG (default info).
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    Check {
        /// Build the kept search index again (when check says it is damaged).
        #[arg(long)]
        rebuild_index: bool,
    },
    /// Search without the TUI: prints the matching records (exit 2 on a bad query).
    Search {
        /// The query, e.g. `risk:hijau office:malang barista` (see README).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Which records: clients, stakeholders or events.
        #[arg(long, default_value = "clients", value_parser = clap::value_parser!(crate::model::RecordKind))]
        kind: crate::model::RecordKind,
        /// Output: table, csv or json.
        #[arg(long, default_value = "table", value_parser = clap::value_parser!(crate::cli::search::OutputFormat))]
        format: crate::cli::search::OutputFormat,
        /// Every column, NIK and risk category too (sensitive: needs a protection flag; audited).
        #[arg(long)]
        all_columns: bool,
        #[command(flatten)]
        protect: super::Protection,
    },
    /// Export records (all, or those a query finds) as CSV or JSON.
    Export {
        /// clients, stakeholders or events.
        #[arg(value_parser = clap::value_parser!(crate::model::RecordKind))]
        kind: crate::model::RecordKind,
        /// Only the records this query finds (the language of `simpul search`).
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        query: String,
        /// csv or json.
        #[arg(long, default_value = "csv", value_parser = clap::value_parser!(crate::exchange::Format))]
        format: crate::exchange::Format,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: super::Protection,
    },
    /// Import records from a CSV file (all rows or none; see README for the columns).
    Import {
        /// clients, stakeholders or events.
        #[arg(value_parser = clap::value_parser!(crate::model::RecordKind))]
        kind: crate::model::RecordKind,
        /// The CSV file (UTF-8, `,` or `;` separated); `-` for standard input (over ssh: always standard input).
        file: Option<PathBuf>,
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
        #[arg(long, default_value = "markdown", value_parser = clap::value_parser!(crate::casework::summary::DocFormat))]
        format: crate::casework::summary::DocFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: super::Protection,
    },
    /// Write a client's newest Litmas report as a document to finish and print.
    Litmas {
        /// The client, e.g. K-000123.
        client: String,
        /// markdown or text.
        #[arg(long, default_value = "markdown", value_parser = clap::value_parser!(crate::casework::summary::DocFormat))]
        format: crate::casework::summary::DocFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: super::Protection,
    },
    /// Write an event's attendance list as CSV: a series with a column per meeting, or one meeting.
    Attendance {
        /// The event, e.g. E-000003.
        event: String,
        /// Only the meeting of a series on this day (2027-01-05, 05/01/2027).
        #[arg(long, value_name = "DATE")]
        meeting: Option<String>,
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
        /// Sessions at once
        #[arg(long, default_value_t = 200)]
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
        /// Print a Markdown table (as in docs/KEYS.md).
        #[arg(long)]
        markdown: bool,
    },
    /// Write a consistent, checksummed snapshot of the database to FILE.
    Backup {
        /// The backup file to write.
        file: PathBuf,
        #[command(flatten)]
        protect: super::Protection,
    },
    /// Restore a backup FILE into a new database given by --db.
    Restore {
        /// The backup file to read.
        file: PathBuf,
        #[command(flatten)]
        opening: super::Opening,
    },
    /// Add a document (a scan, a PDF) to a record, all or nothing: `simpul attach K-000012 putusan.pdf --title "Putusan PN Malang" --kind verdict`.
    Attach {
        /// The record (K-000012, S-000006, E-000003, R-000004), or a sub-record as S-000006/2.
        holder: String,
        /// The file; `-` or none for standard input (over ssh: always standard input).
        file: Option<PathBuf>,
        /// What it is ("Putusan PN Malang").
        #[arg(long)]
        title: String,
        /// verdict, decree, litmas, agreement, id, certificate, photo, attendance or other.
        #[arg(long, default_value = "other")]
        kind: String,
        /// The date it bears (2024-03-20, 20/03/2024).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// The file name to keep (default: the file's own; from standard input: the title).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Shared with the partners who see the record.
        #[arg(long)]
        share_partner: bool,
        /// Its content readable by viewers (they always see that it exists).
        #[arg(long)]
        share_viewers: bool,
    },
    /// List the documents of a record (or of a sub-record, S-000006/2) that you may see.
    Attachments {
        /// The record, e.g. K-000012.
        holder: String,
        /// Also those taken out of the case file.
        #[arg(long)]
        all: bool,
    },
    /// Get, take out, share or erase one document: `simpul attachment get D-000031 --unprotected > putusan.pdf`.
    Attachment {
        #[command(subcommand)]
        cmd: AttachmentCmd,
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
pub enum AttachmentCmd {
    /// Write a document's content to standard output or --output FILE (audited; sensitive: needs a protection flag).
    Get {
        /// The document, e.g. D-000031.
        id: String,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: super::Protection,
    },
    /// Take a document out of its case file (kept, and listed with `attachments --all`); officers and admins.
    Remove {
        /// The document.
        id: String,
        /// Why (kept in the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Change who else may see a document; officers and admins.
    Share {
        /// The document.
        id: String,
        /// Shared with the partners who see its record: yes or no.
        #[arg(long, value_name = "yes|no")]
        partner: Option<String>,
        /// Its content readable by viewers: yes or no.
        #[arg(long, value_name = "yes|no")]
        viewers: Option<String>,
    },
    /// Erase a document for good (admins): its content goes when no other document holds the same; the audit log keeps that it happened.
    Purge {
        /// The document.
        id: String,
        /// Why (kept in the audit log).
        #[arg(long)]
        reason: String,
        /// Do not ask before erasing.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
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
pub enum ReportCmd {
    /// A month's guidance sessions, reporting compliance (attended, missed, excused, %) and events attended, per client and per officer.
    Sessions {
        /// The month, as YYYY-MM (e.g. 2026-11); the days to come of the current month are not counted.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// Only the clients of this officer (the name their case files give, case and spacing ignored).
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// table (plain text, to print) or csv.
        #[arg(long, default_value = "table", value_parser = clap::value_parser!(crate::casework::monthly::ReportFormat))]
        format: crate::casework::monthly::ReportFormat,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        protect: super::Protection,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
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
        /// Language of their sessions: id or en (default: the server's, or their client's locale).
        #[arg(long = "language", value_name = "LANG")]
        language: Option<String>,
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
pub enum KeyCmd {
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

/// Carries out `command` (the TUI without one).
pub fn run(command: Option<Command>, ctx: &Context) -> Exit {
    match command {
        None => super::tui(ctx),
        Some(Command::Demo { clients, seed, today }) => super::demo(ctx, clients, seed, today),
        Some(Command::Check { rebuild_index }) => super::check(ctx, rebuild_index),
        Some(Command::Search { query, kind, format, all_columns, protect }) => {
            super::search(ctx, &query, kind, format, all_columns, &protect)
        }
        Some(Command::Export { kind, query, format, output, protect }) => {
            super::export(ctx, kind, &query, format, output.as_deref(), &protect)
        }
        Some(Command::Import { kind, file, dry_run, allow_similar, errors }) => super::import(
            ctx,
            kind,
            file.as_deref(),
            crate::exchange::ImportOptions { dry_run, allow_similar },
            errors.as_deref(),
        ),
        Some(Command::Summary { client, format, output, protect }) => {
            super::summary(ctx, &client, format, output.as_deref(), &protect)
        }
        Some(Command::Litmas { client, format, output, protect }) => {
            super::litmas(ctx, &client, format, output.as_deref(), &protect)
        }
        Some(Command::Attendance { event, meeting, output }) => {
            super::attendance(ctx, &event, meeting.as_deref(), output.as_deref())
        }
        Some(Command::Agenda) => super::agenda(ctx),
        Some(Command::Calendar { cmd, year }) => match cmd {
            None => super::calendar::list(ctx, year),
            Some(CalendarCmd::Add { date, to, name, kind }) => {
                super::calendar::add(ctx, &date, to.as_deref(), &name, &kind)
            }
            Some(CalendarCmd::Remove { date, to }) => super::calendar::remove(ctx, &date, to.as_deref()),
        },
        Some(Command::Report { report: ReportCmd::Sessions { month, officer, format, output, protect } }) => {
            super::report_sessions(ctx, &month, officer.as_deref(), format, output.as_deref(), &protect)
        }
        Some(Command::User { cmd }) => match cmd {
            UserCmd::Add { name, role, stakeholder, keys, full_name, supervisor, officer, language } => {
                super::user_add(
                    ctx,
                    super::UserAdd { name, role, stakeholder, keys, full_name, supervisor, officer, language },
                )
            }
            UserCmd::List => super::user_list(ctx),
            UserCmd::Key { cmd: KeyCmd::Add { name, key } } => {
                super::user_change(ctx, &name, super::UserChange::AddKey(key))
            }
            UserCmd::Key { cmd: KeyCmd::Remove { name, key } } => {
                super::user_change(ctx, &name, super::UserChange::RemoveKey(key))
            }
            UserCmd::Set { name, zone, language, keymap, officer } => {
                super::user_set(ctx, &name, &crate::users::Settings { zone, language, keymap, officer })
            }
            UserCmd::Disable { name } => super::user_change(ctx, &name, super::UserChange::Disabled(true)),
            UserCmd::Enable { name } => super::user_change(ctx, &name, super::UserChange::Disabled(false)),
        },
        Some(Command::Audit { views: Some(client), limit, .. }) => super::audit_views(ctx, &client, limit),
        Some(Command::Audit { since, user, record, limit, views: None }) => {
            super::audit(ctx, since.as_deref(), user.as_deref(), record.as_deref(), limit)
        }
        Some(Command::Serve { print_host_key: true, listen, .. }) => super::print_host_key(ctx, listen),
        Some(Command::Serve { listen, max_sessions, idle_minutes, .. }) => super::serve(
            ctx,
            crate::server::ServeOptions {
                listen,
                lang: ctx.lang,
                max_sessions,
                idle_timeout: std::time::Duration::from_secs(idle_minutes.saturating_mul(60).max(60)),
                casework: Default::default(),
                backup_key: None,
                commands: None,
            },
        ),
        Some(Command::Keys { markdown }) => super::keys(ctx, markdown),
        Some(Command::Backup { file, protect }) => super::backup(ctx, &file, &protect),
        Some(Command::Restore { file, opening }) => super::restore(ctx, &file, &opening),
        Some(Command::Purge { kind, id, reason, yes }) => super::purge(ctx, &kind, &id, &reason, yes),
        Some(Command::Attach { holder, file, title, kind, date, name, share_partner, share_viewers }) => {
            super::documents::attach(
                ctx,
                super::documents::Attach {
                    holder: &holder,
                    file: file.as_deref(),
                    title: &title,
                    kind: &kind,
                    date: date.as_deref(),
                    name: name.as_deref(),
                    partner: share_partner,
                    viewers: share_viewers,
                },
            )
        }
        Some(Command::Attachments { holder, all }) => super::documents::list(ctx, &holder, all),
        Some(Command::Attachment { cmd }) => match cmd {
            AttachmentCmd::Get { id, output, protect } => super::documents::get(ctx, &id, output.as_deref(), &protect),
            AttachmentCmd::Remove { id, reason } => super::documents::remove(ctx, &id, &reason),
            AttachmentCmd::Share { id, partner, viewers } => {
                super::documents::share(ctx, &id, partner.as_deref(), viewers.as_deref())
            }
            AttachmentCmd::Purge { id, reason, yes } => super::documents::purge(ctx, &id, &reason, yes),
        },
    }
}
