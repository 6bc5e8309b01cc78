//! Where simpul's log goes. The server logs to standard error (the journal
//! under systemd); every other command, the TUI included, logs only when
//! asked: to `--log FILE`, or with `SIMPUL_LOG` set to a file beside the
//! database. The level comes from `SIMPUL_LOG` (`info` when unset), in the
//! syntax of `tracing_subscriber::EnvFilter` (`debug`, `simpul=debug,warn`).

use std::path::{Path, PathBuf};

use tracing_subscriber::EnvFilter;

/// The variable that sets the level (and, alone, asks for a log).
pub const ENV: &str = "SIMPUL_LOG";

/// Where the log of a run goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// No log.
    None,
    /// Standard error.
    Stderr,
    /// A private file, appended to.
    File(PathBuf),
}

/// The log of a run: the server's to standard error unless `--log` names a
/// file; another command's to `--log FILE`, or with only `SIMPUL_LOG` set
/// to `simpul.log` beside the database (the TUI owns the terminal).
pub fn target(serving: bool, file: Option<&Path>, env_set: bool, db: &Path) -> Target {
    match (file, serving, env_set) {
        (Some(f), ..) => Target::File(f.to_path_buf()),
        (None, true, _) => Target::Stderr,
        (None, false, true) => Target::File(db.with_file_name("simpul.log")),
        (None, false, false) => Target::None,
    }
}

/// Starts logging to `target`; a file is created private (0600). Returns
/// why it could not (the command goes on without a log).
pub fn init(target: &Target) -> Result<(), String> {
    let filter = EnvFilter::try_from_env(ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let result = match target {
        Target::None => return Ok(()),
        Target::Stderr => {
            let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
            builder.with_ansi(ansi).with_writer(std::io::stderr).try_init()
        }
        Target::File(path) => {
            let file = open_private(path).map_err(|e| format!("{}: {e}", path.display()))?;
            builder.with_ansi(false).with_writer(std::sync::Mutex::new(file)).try_init()
        }
    };
    result.map_err(|e| e.to_string())
}

fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_logs_to_stderr_and_others_only_when_asked() {
        let db = Path::new("/data/simpul/simpul.db");
        assert_eq!(target(true, None, false, db), Target::Stderr);
        assert_eq!(target(false, None, false, db), Target::None);
        assert_eq!(target(false, None, true, db), Target::File("/data/simpul/simpul.log".into()));
        let f = Path::new("/tmp/x.log");
        assert_eq!(target(true, Some(f), false, db), Target::File(f.into()));
        assert_eq!(target(false, Some(f), true, db), Target::File(f.into()));
    }

    #[test]
    fn a_log_file_is_private_and_appended_to() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("simpul.log");
        std::io::Write::write_all(&mut open_private(&path).unwrap(), b"one\n").unwrap();
        std::io::Write::write_all(&mut open_private(&path).unwrap(), b"two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\ntwo\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
