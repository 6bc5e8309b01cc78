//! The commands `simpul serve` carries out for a connection: the same
//! words, parsing and functions as a local `simpul COMMAND`, with the
//! connection's streams, the server's open database and the asker's role.
//!
//! | command | over ssh, who may | notes |
//! |---|---|---|
//! | search, export, keys, calendar (list) | everyone | what their role sees: a partner its own clients, no withheld column |
//! | attachments, attachment get | everyone | the documents their role sees; content through the gate |
//! | attach (the file on standard input), attachment remove, share | officers, admins | |
//! | attachment purge (`--yes`) | admins | |
//! | summary, litmas, attendance, agenda, report | officers, admins | |
//! | import | officers, admins | the file on standard input |
//! | audit, user, check, calendar add/remove, purge (`--yes`) | admins | |
//! | backup | admins | streamed to standard output: `ssh … backup > FILE` (see the server) |
//! | serve, restore, demo | no one | said so |
//!
//! Over ssh no file of the server's is read or written for the asker
//! (`--output`, `--errors`, a passphrase file): output goes to their
//! standard output. Through the socket the asker is the database's owner,
//! and their relative paths are taken from their working directory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Parser as _;

use super::args::{Args, AttachmentCmd, CalendarCmd, Command, ReportCmd};
use super::{Context, Exit, io::Io};
use crate::i18n::Lang;
use crate::i18n::remote::RemoteMsg;
use crate::model::Role;
use crate::server::commands::{Door, Request, Runner};

/// The runner `simpul serve` is given.
pub fn runner(settings: Option<PathBuf>, risk_names: crate::words::RiskNames) -> Runner {
    Runner(Arc::new(move |req: Request| run(req, settings.clone(), risk_names.clone()).0))
}

/// Carries out one request.
pub fn run(req: Request, settings: Option<PathBuf>, risk_names: crate::words::RiskNames) -> Exit {
    let Request { words, actor, lang, door, store, out, err, input, terminal, env, cancel } = req;
    let io = Arc::new(Io::streams(out, err, input, terminal, env));
    let ctx = Context {
        db: store.path().to_path_buf(),
        lang,
        lang_chosen: true,
        keymap: None,
        look: crate::ui::Theme::default(),
        settings,
        io,
        actor,
        store: Some(store),
        door: Some(door),
        cancel,
        risk_names,
    };
    let code = carry_out(&ctx, words);
    ctx.io.flush();
    code
}

fn carry_out(ctx: &Context, words: Vec<String>) -> Exit {
    let args = match Args::try_parse_from(std::iter::once("simpul".to_string()).chain(words)) {
        Ok(a) => a,
        Err(e) => {
            use std::io::Write as _;
            // clap's text quotes what was typed
            let text = crate::sanitize::sanitize(&e.render().to_string()).into_owned();
            return if e.use_stderr() {
                let _ = write!(ctx.io.err(), "{text}");
                Exit::from(2)
            } else {
                let _ = write!(ctx.io.out(), "{text}");
                Exit::SUCCESS
            };
        }
    };
    // the server's own files and settings are not the asker's to choose
    if args.db.is_some() || args.keymap.is_some() || args.settings.is_some() || args.log.is_some() {
        return refuse(ctx, RemoteMsg::ServerOption.text(ctx.lang), 2);
    }
    let mut ctx = ctx.clone();
    if let Some(code) = args.lang.as_deref() {
        match Lang::parse(code) {
            Some(l) => ctx.lang = l,
            None => return refuse(&ctx, "--lang: id, en", 2),
        }
    }
    let Some(mut command) = args.command else {
        return refuse(&ctx, RemoteMsg::NoCommand.text(ctx.lang), 2);
    };
    if let Err((msg, code)) = allowed(&command, ctx.actor.role, ctx.door.as_ref()) {
        return refuse(&ctx, msg.text(ctx.lang), code);
    }
    match ctx.door.clone() {
        Some(Door::Socket { cwd }) => absolutize(&mut command, &cwd),
        _ if writes_server_file(&command) => return refuse(&ctx, RemoteMsg::NoServerFiles.text(ctx.lang), 2),
        _ => {}
    }
    super::args::run(Some(command), &ctx)
}

fn refuse(ctx: &Context, msg: &str, code: u8) -> Exit {
    use std::io::Write as _;
    let _ = writeln!(ctx.io.err(), "simpul: {msg}");
    Exit::from(code)
}

/// Whether `role` may run `command` through `door`, else what to say and the exit status.
fn allowed(command: &Command, role: Role, door: Option<&Door>) -> Result<(), (RemoteMsg, u8)> {
    let ssh = matches!(door, Some(Door::Ssh));
    match command {
        Command::Serve { .. } | Command::Restore { .. } | Command::Demo { .. } => Err((RemoteMsg::NotRemote, 2)),
        Command::Backup { .. } if ssh => Err((RemoteMsg::BackupOverSsh, 2)),
        Command::Purge { yes: false, .. } | Command::Attachment { cmd: AttachmentCmd::Purge { yes: false, .. } }
            if ssh =>
        {
            Err((RemoteMsg::PurgeNeedsYes, 2))
        }
        Command::Search { .. }
        | Command::Export { .. }
        | Command::Keys { .. }
        | Command::Calendar { cmd: None, .. }
        | Command::Attachments { .. }
        | Command::Attachment { cmd: AttachmentCmd::Get { .. } } => Ok(()),
        Command::Summary { .. }
        | Command::Litmas { .. }
        | Command::Attendance { .. }
        | Command::Agenda
        | Command::Report { .. }
        | Command::Import { .. }
        | Command::Attach { .. }
        | Command::Attachment { cmd: AttachmentCmd::Remove { .. } | AttachmentCmd::Share { .. } } => match role {
            Role::Admin | Role::Officer => Ok(()),
            Role::Partner | Role::Viewer => Err((RemoteMsg::OfficersOnly, 1)),
        },
        Command::Audit { .. }
        | Command::User { .. }
        | Command::Check { .. }
        | Command::Backup { .. }
        | Command::Purge { .. }
        | Command::Attachment { cmd: AttachmentCmd::Purge { .. } }
        | Command::Calendar { cmd: Some(_), .. } => match role {
            Role::Admin => Ok(()),
            _ => Err((RemoteMsg::AdminsOnly, 1)),
        },
    }
}

/// Whether the command would read or write a file of the server's.
fn writes_server_file(command: &Command) -> bool {
    let passphrase = |p: &super::Protection| p.passphrase_file.as_deref().is_some_and(|f| f != Path::new("-"));
    match command {
        Command::Export { output, protect, .. }
        | Command::Summary { output, protect, .. }
        | Command::Litmas { output, protect, .. }
        | Command::Report { report: ReportCmd::Sessions { output, protect, .. } } => {
            output.is_some() || passphrase(protect)
        }
        Command::Search { protect, .. } => passphrase(protect),
        Command::Attendance { output, .. } => output.is_some(),
        Command::Import { file, errors, .. } => {
            file.as_deref().is_some_and(|f| f != Path::new("-")) || errors.is_some()
        }
        Command::Attach { file, .. } => file.as_deref().is_some_and(|f| f != Path::new("-")),
        Command::Attachment { cmd: AttachmentCmd::Get { output, protect, .. } } => {
            output.is_some() || passphrase(protect)
        }
        Command::Backup { .. } | Command::Restore { .. } => true,
        _ => false,
    }
}

/// Makes the command's relative paths relative to `cwd` (the asker's, not the server's).
fn absolutize(command: &mut Command, cwd: &Path) {
    let fix = |p: &mut PathBuf| {
        if p.is_relative() && p.as_os_str() != "-" {
            *p = cwd.join(&*p);
        }
    };
    let fix_opt = |p: &mut Option<PathBuf>| {
        if let Some(p) = p {
            fix(p);
        }
    };
    let fix_prot = |p: &mut super::Protection| {
        if let Some(f) = &mut p.passphrase_file {
            fix(f);
        }
    };
    match command {
        Command::Export { output, protect, .. }
        | Command::Summary { output, protect, .. }
        | Command::Litmas { output, protect, .. }
        | Command::Report { report: ReportCmd::Sessions { output, protect, .. } } => {
            fix_opt(output);
            fix_prot(protect);
        }
        Command::Search { protect, .. } => fix_prot(protect),
        Command::Attendance { output, .. } => fix_opt(output),
        Command::Import { file, errors, .. } => {
            fix_opt(file);
            fix_opt(errors);
        }
        Command::Backup { file, protect } => {
            fix(file);
            fix_prot(protect);
        }
        Command::Attach { file, .. } => fix_opt(file),
        Command::Attachment { cmd: AttachmentCmd::Get { output, protect, .. } } => {
            fix_opt(output);
            fix_prot(protect);
        }
        Command::Attachments { .. }
        | Command::Attachment {
            cmd: AttachmentCmd::Remove { .. } | AttachmentCmd::Share { .. } | AttachmentCmd::Purge { .. },
        }
        | Command::Calendar { cmd: Some(CalendarCmd::Add { .. } | CalendarCmd::Remove { .. }), .. }
        | Command::Calendar { cmd: None, .. }
        | Command::Demo { .. }
        | Command::Check { .. }
        | Command::Agenda
        | Command::User { .. }
        | Command::Audit { .. }
        | Command::Serve { .. }
        | Command::Keys { .. }
        | Command::Restore { .. }
        | Command::Purge { .. } => {}
    }
}

/// The options that choose this process's database and files: the server
/// has its own, so they are not sent (their values with them).
const LOCAL_OPTIONS: [&str; 4] = ["--db", "--settings", "--log", "--keymap"];

/// The command line's words without [`LOCAL_OPTIONS`] and `--ascii`.
pub fn words_for_server(args: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--ascii" || LOCAL_OPTIONS.iter().any(|o| a.strip_prefix(o).is_some_and(|rest| rest.starts_with('='))) {
            continue;
        }
        if LOCAL_OPTIONS.contains(&a.as_str()) {
            args.next();
            continue;
        }
        out.push(a);
    }
    out
}

/// Carries out `command` through the `simpul serve` that holds `db`, if
/// one does (its exit status); `None`: no server holds it, run it here.
pub fn through_server(
    db: &Path,
    lang: Lang,
    keymap: Option<&str>,
    look: crate::ui::Theme,
    command: Option<&Command>,
) -> Option<u8> {
    use std::io::IsTerminal as _;
    if matches!(command, Some(Command::Serve { .. })) {
        return None;
    }
    // the interface needs a terminal on both ends: without one it says so itself
    let tui = match command {
        None if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() => {
            Some(crossterm::terminal::size().unwrap_or((80, 24)))
        }
        None => return None,
        Some(_) => None,
    };
    let words = words_for_server(std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()));
    let env = crate::server::commands::ACCEPTED_ENV
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| ((*k).to_string(), v)))
        .collect();
    let hello = crate::server::socket::Hello {
        words,
        cwd: std::env::current_dir().ok()?,
        lang: lang.code().to_string(),
        terminal: std::io::stdout().is_terminal(),
        env,
        tui,
        // a preset by name; a keymap file is this user's, not the server's to read
        keymap: keymap.filter(|k| crate::keymap::preset_names().contains(k)).map(str::to_string),
        look: Some(look),
    };
    crate::server::socket::forward(db, &hello)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Command {
        let words = crate::server::commands::words(line).unwrap();
        Args::try_parse_from(std::iter::once("simpul".to_string()).chain(words)).unwrap().command.unwrap()
    }

    #[test]
    fn the_options_that_choose_local_files_are_not_sent() {
        let w = |line: &str| words_for_server(line.split(' ').map(String::from));
        assert_eq!(w("--db /tmp/x search sukarno --format csv"), ["search", "sukarno", "--format", "csv"]);
        assert_eq!(w("search --db=/tmp/x sukarno --ascii --lang en"), ["search", "sukarno", "--lang", "en"]);
        assert_eq!(w("--settings s.toml --log l --keymap vim user list"), ["user", "list"]);
    }

    #[test]
    fn each_role_runs_what_the_table_says_over_ssh() {
        let ssh = Some(&Door::Ssh);
        let may = |line: &str, role| allowed(&parsed(line), role, ssh).is_ok();
        for role in [Role::Admin, Role::Officer, Role::Partner, Role::Viewer] {
            assert!(may("search sukarno", role));
            assert!(may("export events", role));
            assert!(!may("demo", role), "demo is never run for a connection");
            assert!(!may("serve", role));
        }
        assert!(may("import clients", Role::Officer));
        assert!(!may("import clients", Role::Partner));
        assert!(!may("agenda", Role::Viewer));
        assert!(may("user list", Role::Admin));
        assert!(!may("user list", Role::Officer));
        assert!(!may("audit", Role::Officer));
        assert!(!may("check", Role::Partner));
        assert!(!may("purge client K-000001 --reason x", Role::Admin), "no question can be asked: --yes");
        assert!(!may("backup f.bak --unprotected", Role::Admin), "over ssh a backup streams");
    }

    #[test]
    fn over_ssh_no_file_of_the_servers_is_named() {
        assert!(writes_server_file(&parsed("export clients --output /etc/x.csv --unprotected")));
        assert!(writes_server_file(&parsed("search x --all-columns --encrypt --passphrase-file /root/p")));
        assert!(writes_server_file(&parsed("import clients data.csv")));
        assert!(writes_server_file(&parsed("import clients --errors e.csv")));
        assert!(!writes_server_file(&parsed("import clients")));
        assert!(!writes_server_file(&parsed("import clients -")));
        assert!(!writes_server_file(&parsed("export clients --encrypt --passphrase-file -")));
        assert!(!writes_server_file(&parsed("search sukarno --format csv")));
    }

    #[test]
    fn through_the_socket_paths_are_the_askers() {
        let mut c = parsed("export events --output out/e.csv");
        absolutize(&mut c, Path::new("/home/siti"));
        let Command::Export { output, .. } = c else { panic!() };
        assert_eq!(output.unwrap(), Path::new("/home/siti/out/e.csv"));
        let mut c = parsed("import clients - ");
        absolutize(&mut c, Path::new("/home/siti"));
        let Command::Import { file, .. } = c else { panic!() };
        assert_eq!(file.unwrap(), Path::new("-"));
        let mut c = parsed("backup /var/b.bak --unprotected");
        absolutize(&mut c, Path::new("/home/siti"));
        let Command::Backup { file, .. } = c else { panic!() };
        assert_eq!(file, Path::new("/var/b.bak"));
    }
}
