//! The `simpul` command line: the TUI by default, and subcommands for
//! loading demo data, checking a database and the other chores.

use std::process::ExitCode;

use clap::Parser as _;

use simpul::cli::args::{Args, Command};

use simpul::i18n::Lang;
use simpul::{cli, malloc};

fn main() -> ExitCode {
    // first of all: every file and directory simpul creates (the database,
    // exports, backups, documents, the host key) is the user's alone
    rustix::process::umask(rustix::fs::Mode::RWXG | rustix::fs::Mode::RWXO);
    let args = Args::parse();
    // before anything starts a thread; the server keeps glibc's defaults
    // (see `malloc`), and so does a search, over in a tenth of a second:
    // it reads the kept index on one thread while sled opens on another,
    // which one arena's lock would make take turns (at 100k: 79 against
    // 110 ms, where reading after the open takes 98 ms)
    match args.command {
        Some(Command::Serve { .. }) => {}
        Some(Command::Search { .. }) => {
            malloc::tune_for_a_search();
        }
        _ => {
            malloc::tune_for_one_user();
        }
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
    // a `simpul serve` holding the database carries the command out
    // `--ascii`, or `SIMPUL_ASCII` as an ssh session reads it
    let ascii_env = std::env::var("SIMPUL_ASCII").unwrap_or_default();
    let look =
        simpul::ui::Theme::from_env(args.ascii, std::env::var_os("NO_COLOR")).with_env("SIMPUL_ASCII", &ascii_env);
    if let Some(status) = cli::remote::through_server(&db, lang, args.keymap.as_deref(), look, args.command.as_ref()) {
        return ExitCode::from(status);
    }
    let serving = matches!(args.command, Some(Command::Serve { .. }));
    let log = cli::log::target(serving, args.log.as_deref(), std::env::var_os(cli::log::ENV).is_some(), &db);
    if let Err(why) = cli::log::init(&log) {
        // a log that cannot be written does not stop the office's work
        let why = simpul::sanitize::sanitize(&why);
        eprintln!("simpul: {}", simpul::i18n::fill(simpul::i18n::Msg::NoLog.text(lang), &[("why", &why)]));
    }
    let mut ctx = cli::Context {
        lang_chosen: args.lang.is_some(),
        keymap: args.keymap,
        look,
        settings: args.settings,
        ..cli::Context::local(db, lang)
    };
    ctx.risk_names = cli::office_names(&ctx);
    cli::args::run(args.command, &ctx).into()
}
