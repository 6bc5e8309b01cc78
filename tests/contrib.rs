//! The systemd unit in `contrib/` starts what the README says: its command
//! line is one `simpul` accepts, and its hardening is in place.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::process::Command;

fn unit() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/contrib/simpul.service")).unwrap()
}

fn value<'a>(unit: &'a str, key: &str) -> Option<&'a str> {
    unit.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
}

#[test]
fn the_unit_runs_a_command_simpul_accepts_as_its_own_hardened_user() {
    let unit = unit();
    for (key, want) in [
        ("User", "simpul"),
        ("StateDirectory", "simpul"),
        ("StateDirectoryMode", "0700"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("PrivateTmp", "yes"),
        ("Restart", "on-failure"),
        ("KillSignal", "SIGTERM"),
    ] {
        assert_eq!(value(&unit, key), Some(want), "{key}");
    }
    let db = value(&unit, "Environment").and_then(|e| e.strip_prefix("SIMPUL_DB=")).unwrap();
    assert!(db.starts_with("/var/lib/simpul/"), "the database is in the state directory: {db}");
    // the same arguments, with the database in a temporary directory, and
    // --print-host-key so that it answers instead of serving
    let exec = value(&unit, "ExecStart").unwrap();
    let mut words = exec.split_whitespace();
    assert_eq!(words.next(), Some("/usr/bin/simpul"), "where the package and the README install it");
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .env("LANG", "C")
        .env("SIMPUL_DB", dir.path())
        .args(words)
        .arg("--print-host-key")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("SHA256:"));
}
