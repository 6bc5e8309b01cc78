//! The command line as a user meets it: exit codes and messages.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::process::Command;

use simpul::model::*;
use simpul::store::{Actor, LockHolder, OpenOptions, Store};

fn simpul() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_simpul"));
    c.env_remove("SIMPUL_DB").env("LANG", "C").env_remove("LC_ALL").env_remove("LC_MESSAGES");
    c
}

/// The notes of the export entries of the audit log of the database `db`, oldest first.
fn export_notes(db: &std::path::Path) -> Vec<String> {
    Store::open(db, &OpenOptions::default())
        .unwrap()
        .audit_log()
        .filter_map(Result::ok)
        .filter(|e| e.action == simpul::store::AuditAction::Export)
        .map(|e| e.note)
        .collect()
}

#[test]
fn a_locked_database_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let _held = Store::open(&db, &OpenOptions::default()).unwrap();
    let out = simpul().arg("--db").arg(&db).arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains(&db.display().to_string()), "names the path: {err}");
    assert!(err.contains("in use by another simpul"), "{err}");
    assert!(err.contains(&format!("process {}", std::process::id())), "names the holder: {err}");
    assert!(err.contains("--db PATH"), "says how to proceed: {err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "no panic: {err}");
}

#[test]
fn a_database_held_by_the_server_gives_the_ssh_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let opts = OpenOptions {
        holder: LockHolder {
            pid: Some(std::process::id()),
            mode: "serve".into(),
            listen: Some("127.0.0.1:2222".into()),
        },
        ..OpenOptions::default()
    };
    let _held = Store::open(&db, &opts).unwrap();
    let out = simpul().arg("--db").arg(&db).arg("--lang").arg("id").arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3));
    assert!(err.contains("ssh -p 2222 NAMA@127.0.0.1"), "{err}");
    assert!(err.contains("sedang dipakai"), "in Indonesian: {err}");
}

#[test]
fn check_reports_problems_and_exits_nonzero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let actor = Actor::new("budi", Role::Officer);
        store.create(&actor, Client::new("Siti Aminah")).unwrap();
    }
    let ok = simpul().arg("--db").arg(&db).arg("check").output().unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("No problems found."));
    {
        let sled = simpul::store::open_sled(&db, 1 << 20).unwrap();
        sled.open_tree("clients").unwrap().insert(9u64.to_be_bytes(), &b"\x01garbage"[..]).unwrap();
        sled.flush().unwrap();
    }
    let bad = simpul().arg("--db").arg(&db).arg("check").output().unwrap();
    let out = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{out}");
    assert!(out.contains("undecodable value in tree clients, key 9"), "{out}");
    assert!(out.contains("clients 1"), "the good record was still read: {out}");
}

#[test]
fn a_bad_language_is_explained() {
    let out = simpul().args(["--lang", "fr", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--lang must be `id` or `en`"));
}

/// A command that reads a database does not make one where there is none
/// (a mistyped --db answered "no problems" or no rows from a new, empty
/// database); the commands that start one still do.
#[test]
fn a_missing_database_is_refused_by_commands_that_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo");
    for args in [&["search", "agus"][..], &["check"], &["export", "clients", "--unprotected"], &["agenda"], &["audit"]]
    {
        for (lang, says) in [("en", "There is no database at"), ("id", "Tidak ada basis data di")] {
            let out = simpul().arg("--db").arg(&db).arg("--lang").arg(lang).args(args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(err.contains(says) && err.contains(&db.display().to_string()), "{args:?}: {err}");
            assert!(err.contains("--db PATH") && err.contains("SIMPUL_DB"), "says how to proceed: {err}");
            assert!(out.stdout.is_empty(), "{args:?}: nothing printed as if found");
            assert!(!db.exists(), "{args:?}: nothing made");
        }
    }
    let out = simpul().arg("--db").arg(&db).args(["demo", "--clients", "3"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = simpul().arg("--db").arg(&db).args(["search", "a"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_file_instead_of_a_directory_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notadir");
    std::fs::write(&file, b"x").unwrap();
    let out = simpul().arg("--db").arg(&file).arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("not a directory"), "{err}");
}

#[test]
fn backup_then_restore_then_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let actor = Actor::new("budi", Role::Officer);
        store.create(&actor, Client::new("Siti Aminah")).unwrap();
        store.create(&actor, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
    }
    let file = dir.path().join("cadangan.simpul");
    // a backup holds everything: never in the clear unasked
    let out = simpul().arg("--db").arg(&db).arg("backup").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[backup] recipients"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!file.exists());
    // sealed to the office's key: only its private key opens it
    let key = age::x25519::Identity::generate();
    let identity = dir.path().join("kunci.txt");
    std::fs::write(&identity, format!("{}\n", age::secrecy::ExposeSecret::expose_secret(&key.to_string()))).unwrap();
    let public = key.to_public().to_string();
    let out = simpul().arg("--db").arg(&db).arg("backup").arg(&file).args(["--recipient", &public]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Backup written to"));
    let sealed = std::fs::read(&file).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1") && !sealed.windows(11).any(|w| w == b"Siti Aminah"));
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).unwrap().permissions()) & 0o777,
        0o600
    );

    let new = dir.path().join("restored");
    let out = simpul().arg("--db").arg(&new).arg("restore").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--identity"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!new.exists());
    let out =
        simpul().arg("--db").arg(&new).arg("restore").arg(&file).arg("--identity").arg(&identity).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("No problems found."), "{text}");
    let a = Store::open(&db, &OpenOptions::default()).unwrap();
    let b = Store::open(&new, &OpenOptions::default()).unwrap();
    let names = |s: &Store| s.scan::<Client>().map(|c| c.unwrap()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    drop(b);

    // in the clear when said by name, and every backup is in the audit log
    drop(a);
    let clear = dir.path().join("terbuka.simpul");
    let out = simpul().arg("--db").arg(&db).arg("backup").arg(&clear).arg("--unprotected").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let notes = export_notes(&db);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with("backup to ") && n.ends_with("cadangan.simpul (age)")), "{notes:?}");
    assert!(notes.iter().any(|n| n.ends_with("terbuka.simpul (unprotected)")), "{notes:?}");
    // a second restore onto the same place is refused, naming it
    let out = simpul().arg("--db").arg(&new).arg("restore").arg(&clear).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    // a foreign file is refused
    let out = simpul()
        .arg("--db")
        .arg(dir.path().join("x"))
        .arg("restore")
        .arg(dir.path().join("db").join("conf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a simpul backup"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn keys_prints_the_table_or_the_problems_of_a_bad_file() {
    let out = simpul().args(["--keymap", "vim", "keys"]).output().unwrap();
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("g g") && table.contains("first"), "{table}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "extends = \"vim\"\n\n[list]\n\"j\" = \"down\"\n\"x\" = \"fly_away\"\n").unwrap();
    let out = simpul().arg("--keymap").arg(&bad).arg("keys").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.toml:5"), "names file and line: {err}");
    assert!(err.contains("fly_away"), "names the binding: {err}");
}

#[test]
fn search_prints_rows_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let actor = Actor::new("budi", Role::Officer);
        let mut c = Client::new("Sukarno Hadi");
        c.aliases = vec!["Abu Umar".into()];
        c.office = "Bapas Malang".into();
        store.create(&actor, c).unwrap();
        store.create(&actor, Client::new("Joko Susilo")).unwrap();
    }
    let run = |args: &[&str]| simpul().arg("--db").arg(&db).arg("search").args(args).output().unwrap();

    let out = run(&["Soekarno", "--format", "csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8_lossy(&out.stdout);
    let mut lines = csv.lines();
    // what a viewer reads; NIK and risk only with --all-columns, protected or said
    assert_eq!(lines.next(), Some("register_no,full_name,aliases,birth_date,gender,office,status,skills"));
    let row = lines.next().unwrap();
    assert!(row.contains("Sukarno Hadi") && row.contains("Abu Umar") && row.contains("Bapas Malang"), "{row}");
    assert_eq!(lines.next(), None, "old spelling finds only Sukarno");

    let out = run(&["djoko", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["full_name"], "Joko Susilo");

    let out = run(&["nobody-here", "--format", "csv"]);
    assert!(out.status.success(), "no rows is not an error");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "only the header");

    let out = run(&["Soekarno", "--format", "csv", "--all-columns"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = run(&["Soekarno", "--format", "csv", "--all-columns", "--unprotected"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("register_no,full_name,aliases,nik,birth_date,gender,office,risk,")
    );
    let notes = export_notes(&db);
    assert!(
        notes.iter().any(|n| n == "search clients 1 rows, query \"Soekarno\", to stdout (unprotected)"),
        "{notes:?}"
    );

    let out = run(&["-risk:ungu"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("merah, kuning, hijau"), "lists the valid values: {err}");

    // the local user has no officer name: `officer:me` says so rather than finding nothing
    let out = run(&["officer:me"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no officer name") && err.contains("--officer"), "{err}");
}

/// A search of a database closed cleanly whose kept index is current
/// answers without opening it: exactly what opening it gives, audited as
/// every search is; after a write it opens the database again.
#[test]
fn a_search_of_a_closed_database_answers_as_opening_it_would() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let officer = Actor::new("budi", Role::Officer);
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        for (name, aliases) in [("Sukarno Hadi", vec!["Abu Umar"]), ("Soekarno Putra", vec![]), ("Joko Susilo", vec![])]
        {
            let mut c = Client::new(name);
            c.aliases = aliases.into_iter().map(str::to_string).collect();
            c.skills = vec!["Las Listrik".into()];
            store.create(&officer, c).unwrap();
        }
    }
    let search = |q: &str| {
        let out = simpul()
            .arg("--db")
            .arg(&db)
            .args(["search", q, "--format", "csv", "--all-columns", "--unprotected"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let lock = || std::fs::read_to_string(db.join("simpul.lock")).unwrap();
    let spool = db.join("audit-spool.bin");
    // the first opens the database, keeps the index, and closes it cleanly
    let opened = search("sukarno");
    assert_eq!(opened.lines().count(), 3, "{opened}");
    assert!(opened.contains(",Abu Umar,") && opened.contains(",Las Listrik"), "{opened}");
    let closed_by = lock();
    assert!(closed_by.contains("closed="), "{closed_by}");
    // the next ones answer without opening it: the lock file stays as that
    // close left it, and their audit entries wait in the spool
    assert_eq!(search("sukarno"), opened);
    assert_eq!(
        search("joko"),
        "register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills\n,Joko Susilo,,,,L,,,active,Las Listrik\n"
    );
    assert_eq!(lock(), closed_by);
    assert!(spool.exists());
    // a write since: the kept index is not current, the search opens the
    // database and finds the new client
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        assert!(!spool.exists(), "the open moved the spool into the log");
        store.create(&officer, Client::new("Sukarno Baru")).unwrap();
    }
    let after = search("sukarno");
    assert_eq!(after.lines().count(), 4, "{after}");
    assert_ne!(lock(), closed_by, "opened");
    assert_eq!(search("sukarno"), after, "and answered without opening it again");
    let notes = export_notes(&db);
    let say = |n: usize, q: &str| format!("search clients {n} rows, query {q:?}, to stdout (unprotected)");
    assert_eq!(notes, [say(2, "sukarno"), say(2, "sukarno"), say(1, "joko"), say(3, "sukarno"), say(3, "sukarno")]);
}

/// The case summary goes to the regional office: the client's notes, the
/// officers' own words, are not in it, in either format.
/// The id a list shows finds its record, however it is typed.
#[test]
fn search_finds_a_client_by_its_id_as_lists_show_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let clock = simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7);
        let store = Store::open(&db, &OpenOptions { clock, ..OpenOptions::default() }).unwrap();
        let today = store.clock().today();
        let opts = simpul::demo::DemoOptions { clients: 200, seed: 1, today };
        simpul::demo::load(&store, &Actor::new("budi", Role::Officer), &opts).unwrap();
    }
    for typed in ["K-000173", "k173", "000173"] {
        let out = simpul().arg("--db").arg(&db).args(["--lang", "en", "search", typed]).output().unwrap();
        assert!(out.status.success(), "{typed}: {}", String::from_utf8_lossy(&out.stderr));
        let table = String::from_utf8_lossy(&out.stdout);
        let rows: Vec<&str> = table.lines().filter(|l| l.contains("K-0")).collect();
        assert_eq!(rows.len(), 1, "{typed}:\n{table}");
        assert!(rows[0].starts_with("K-000173 "), "{typed}:\n{table}");
    }
    let out = simpul().arg("--db").arg(&db).args(["search", "S-000173"]).output().unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("K-0"), "another kind's letter finds no client");
}

#[test]
fn the_case_summary_leaves_the_notes_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let mut c = Client::new("Ahmad Fauzi");
        c.officer = "Rina Wulandari".into();
        c.notes = "Informan: Pak Harun\nalamat lama: Jl. Kenanga 7".into();
        store.create(&Actor::new("budi", Role::Officer), c).unwrap();
    }
    for format in ["markdown", "text"] {
        let out = simpul()
            .arg("--db")
            .arg(&db)
            .args(["summary", "K-000001", "--format", format, "--unprotected"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc = String::from_utf8_lossy(&out.stdout);
        assert!(doc.contains("Rina Wulandari"), "the summary itself: {doc}");
        assert!(!doc.contains("Harun") && !doc.contains("Kenanga") && !doc.contains("Notes"), "{format}: {doc}");
    }
}

/// `simpul litmas` signs the report with its author, not with the client's
/// officer: moving the client to another officer changes nothing in it.
#[test]
fn the_litmas_document_names_its_author_whoever_the_officer_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let budi = Actor::new("budi", Role::Officer);
    let litmas = || {
        let out = simpul()
            .arg("--db")
            .arg(&db)
            .args(["litmas", "K-000001", "--format", "text", "--unprotected"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let mut c = Client::new("Ahmad Fauzi");
        c.officer = "Rina Wulandari".into();
        c.litmas.push(Litmas {
            id: simpul::model::PartId::NEW,
            kind: LitmasKind::Initial,
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            authors: vec!["Siti Aminah".into()],
            methods: String::new(),
            sources: String::new(),
            findings: "keluarga mendukung".into(),
            recommendation: "lanjutkan".into(),
        });
        store.create(&budi, c).unwrap();
    }
    let first = litmas();
    assert!(first.contains("Author(s)  Siti Aminah\n") && first.ends_with("\n\n\nSiti Aminah\n"), "{first}");
    assert!(!first.contains("Rina Wulandari"), "{first}");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let mut c: Client = store.fetch(1).unwrap();
        c.officer = "Agus Salim".into();
        store.update(&budi, c).unwrap();
    }
    let second = litmas();
    assert_eq!(second, first, "the officer is not in the document");
}

#[test]
fn summary_attendance_and_agenda_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let today = simpul::clock::Clock::system().today();
        simpul::demo::load(
            &store,
            &Actor::new("budi", Role::Officer),
            &simpul::demo::DemoOptions { clients: 40, seed: 1, today },
        )
        .unwrap();
    }
    let run = |args: &[&str]| simpul().arg("--db").arg(&db).args(args).output().unwrap();
    let out = run(&["summary", "K-000001"]);
    assert_eq!(out.status.code(), Some(2), "a case summary holds sensitive fields");
    assert!(out.stdout.is_empty());
    let out = run(&["--lang", "id", "summary", "K-000001", "--unprotected"]);
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("# Ringkasan Kasus — ") && md.contains("## Pengawasan"), "{md}");
    let file = dir.path().join("ringkasan.txt");
    let out = run(&["summary", "k-1", "--format", "text", "--unprotected", "--output", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&file).unwrap().contains("Supervision\n-----------"));
    let out = run(&["summary", "E-000001"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(e.g. K-000123)"));
    let out = run(&["summary", "K-999999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("K-999999 does not exist"));

    let out = run(&["attendance", "E-000003"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("participant,register_no,full_name,office,role,attendance\n")
    );

    let out = run(&["agenda"]);
    assert!(out.status.success());

    assert_eq!(export_notes(&db).len(), 3, "each summary and attendance list written is audited");
}

#[test]
fn users_and_the_audit_log_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let run = |args: &[&str]| simpul().arg("--db").arg(&db).args(args).output().unwrap();
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKexampleexampleexampleexample siti@laptop";
    let out = run(&["user", "add", "siti", "--role", "officer", "--key", key]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["user", "add", "siti", "--role", "viewer"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the login name siti is taken"));
    let out = run(&["user", "add", "x", "--role", "boss"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["user", "add", "lz", "--role", "partner", "--stakeholder", "S-000009"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("S-000009, which does not exist"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(run(&["user", "disable", "siti"]).status.success());
    assert!(run(&["user", "key", "remove", "siti", "1"]).status.success());
    let list = String::from_utf8_lossy(&run(&["user", "list"]).stdout).to_string();
    assert!(list.contains("siti") && list.contains("[disabled]") && !list.contains("siti@laptop"), "{list}");
    let log =
        String::from_utf8_lossy(&run(&["audit", "--user", &simpul::store::Actor::local().name]).stdout).to_string();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "create, disable, key removal: {log}");
    assert!(
        lines[0].contains("update") && lines[0].contains("U-000001") && lines[0].contains("keys"),
        "newest first: {log}"
    );
    assert!(lines[2].contains("create"));
    // in the user's language, as the audit tab names them
    let log =
        String::from_utf8_lossy(&run(&["--lang", "id", "audit", "--user", &simpul::store::Actor::local().name]).stdout)
            .to_string();
    assert!(log.lines().next().is_some_and(|l| l.contains(" ubah ")) && log.contains(" buat "), "{log}");

    // a user's own zone, language and keymap
    let out = run(&["user", "set", "siti", "--tz", "Asia/Makassar", "--language", "id", "--keymap", "vim"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = String::from_utf8_lossy(&run(&["user", "list"]).stdout).to_string();
    assert!(list.contains("zone Asia/Makassar") && list.contains(" id") && list.contains(" vim"), "{list}");
    let out = run(&["user", "set", "siti", "--tz", "Mars/Olympus"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown time zone Mars/Olympus:") && err.contains("Asia/Makassar"), "{err}");
    let out = run(&["user", "set", "siti"]);
    assert_eq!(out.status.code(), Some(2), "nothing to change is a usage error");
    assert!(run(&["user", "set", "siti", "--tz", "office", "--language", "default"]).status.success());
    let list = String::from_utf8_lossy(&run(&["user", "list"]).stdout).to_string();
    assert!(!list.contains("zone") && !list.contains(" id "), "{list}");

    // the name their clients' case files give as officer ("my clients", `officer:me`)
    let out = run(&["user", "add", "rina", "--role", "officer", "--key", key, "--officer", "Rina  Wulandari"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(run(&["user", "set", "siti", "--officer", "Siti Aminah"]).status.success());
    let list = String::from_utf8_lossy(&run(&["user", "list"]).stdout).to_string();
    assert!(list.contains("officer \"Rina Wulandari\"") && list.contains("officer \"Siti Aminah\""), "{list}");
    assert!(run(&["user", "set", "siti", "--officer", ""]).status.success());
    let list = String::from_utf8_lossy(&run(&["user", "list"]).stdout).to_string();
    assert!(!list.contains("Siti Aminah"), "cleared: the full name stands in again: {list}");
    let log = String::from_utf8_lossy(&run(&["audit", "--record", "U-000001", "--limit", "1"]).stdout).to_string();
    assert!(log.contains("officer"), "the change is audited by its field: {log}");
}

/// A reader that stops early (`simpul check | head -1`) ends the command
/// quietly, as `ls | head` does: no panic, no error message, exit 0.
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    assert!(simpul().arg("--db").arg(&db).args(["demo", "--clients", "40"]).output().unwrap().status.success());
    for args in [
        &["check"][..],
        &["keys"],
        &["audit"],
        &["user", "list"],
        &["search", "a"],
        &["agenda"],
        &["export", "clients", "--unprotected"],
    ] {
        let mut child = simpul()
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before the first line
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

#[test]
fn a_bad_keymap_asked_for_refuses_to_start_with_every_error_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "extends = \"vim\"\n\n[list]\n\"j\" = \"dwon\"\n\"x\" = \"fly_away\"\n").unwrap();
    let db = dir.path().join("db");
    let out =
        simpul().env("XDG_CONFIG_HOME", dir.path()).arg("--db").arg(&db).arg("--keymap").arg(&bad).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.toml:4") && err.contains("\"down\""), "every error, with the near name: {err}");
    assert!(err.contains("bad.toml:5") && err.contains("fly_away"), "{err}");
    assert!(err.contains("did not start") && err.contains("--keymap default|vim|emacs"), "the fix: {err}");
    assert!(!db.exists(), "refused before opening the database");

    let out =
        simpul().env("XDG_CONFIG_HOME", dir.path()).arg("--db").arg(&db).args(["--keymap", "vi"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no preset or file called vi"), "{err}");
}

#[test]
fn an_office_renames_a_colour_in_its_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let mut c = Client::new("Ahmad Fauzi");
        c.assessments.push(Assessment {
            id: simpul::model::PartId::NEW,
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
            category: RiskCategory::Kuning,
            rri: None,
            assessor: "Rina".into(),
            reason: String::new(),
        });
        store.create(&Actor::new("t", Role::Officer), c).unwrap();
    }
    let settings = dir.path().join("settings.toml");
    std::fs::write(&settings, "[risk_names]\nkuning = { id = \"oranye\", en = \"orange\" }\n").unwrap();
    let out = simpul()
        .arg("--db")
        .arg(&db)
        .arg("--settings")
        .arg(&settings)
        .args(["--lang", "id", "summary", "K-000001", "--unprotected"])
        .output()
        .unwrap();
    let doc = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(doc.contains("oranye"), "{doc}");
    assert!(!doc.contains("kuning"), "{doc}");
    // searching by the office's name works too
    let out = simpul()
        .arg("--db")
        .arg(&db)
        .arg("--settings")
        .arg(&settings)
        .args(["search", "risk:oranye"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ahmad Fauzi"), "{}", String::from_utf8_lossy(&out.stderr));
    // a bad name is refused with where and why
    std::fs::write(&settings, "[risk_names]\nungu = { id = \"ungu\" }\n").unwrap();
    let out = simpul().arg("--db").arg(&db).arg("--settings").arg(&settings).arg("agenda").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("risk_names.ungu: one of merah, kuning, hijau"));
}

#[test]
fn client_exports_are_encrypted_or_unprotected_by_name_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let mut c = Client::new("Ahmad Fauzi");
        c.nik = Some("3507121503900001".into());
        c.birth_date = chrono::NaiveDate::from_ymd_opt(1990, 3, 15);
        store.create(&Actor::new("t", Role::Officer), c).unwrap();
    }
    // neither: refused, saying how
    let out = simpul().arg("--db").arg(&db).args(["export", "clients"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--encrypt"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    // encrypted: nothing readable, and it opens with the passphrase
    let file = dir.path().join("klien.csv.age");
    let out = simpul()
        .arg("--db")
        .arg(&db)
        .env("SIMPUL_EXPORT_PASSPHRASE", "kata sandi kantor")
        .args(["export", "clients", "--encrypt", "--output", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sealed = std::fs::read(&file).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1"));
    assert!(!String::from_utf8_lossy(&sealed).contains("3507121503900001"));
    let plain = simpul::protect::decrypt(&sealed, "kata sandi kantor").unwrap();
    assert!(String::from_utf8_lossy(&plain).contains("3507121503900001"));
    // a short passphrase is refused
    let out = simpul()
        .arg("--db")
        .arg(&db)
        .env("SIMPUL_EXPORT_PASSPHRASE", "pendek")
        .args(["export", "clients", "--encrypt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // in the clear, by name: the audit log says so
    let out = simpul().arg("--db").arg(&db).args(["export", "clients", "--unprotected"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("3507121503900001"));
    let store = Store::open(&db, &OpenOptions::default()).unwrap();
    let notes: Vec<String> = store.audit_log().filter_map(Result::ok).map(|e| e.note).collect();
    assert!(notes.iter().any(|n| n.contains("(age)")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("(unprotected)")), "{notes:?}");
}

/// What a file or the command line says is quoted in messages with its
/// control characters as text: no escape sequence reaches the terminal.
#[test]
fn messages_quoting_files_and_names_carry_no_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let esc = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202E}\u{2066}\u{061C}";
    let no_controls = |what: &str, out: &std::process::Output| {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07), "{what}: ESC or BEL in {err:?}");
        for c in ['\u{9b}', '\u{202E}', '\u{2066}', '\u{061C}'] {
            assert!(!err.contains(c), "{what}: U+{:04X} in {err:?}", c as u32);
        }
        assert!(err.contains("^[]0;pwned^G^[["), "{what}: shown as text: {err}");
    };

    // an import file whose header has an escape sequence
    let file = dir.path().join("klien.csv");
    std::fs::write(
        &file,
        format!("register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills,catatan{esc}\n"),
    )
    .unwrap();
    let out = simpul().arg("--db").arg(&db).args(["import", "clients"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    no_controls("import header", &out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown column \"catatan^[]0;pwned"));

    // an import file that is not there, with an escape sequence in its name
    let missing = dir.path().join(format!("hilang{esc}.csv"));
    let out = simpul().arg("--db").arg(&db).args(["import", "clients"]).arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    no_controls("missing import file", &out);

    // a keymap named on the command line, and a keymap file
    let out = simpul().arg("--db").arg(&db).args(["--keymap", &format!("vim{esc}"), "keys"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    no_controls("--keymap NAME", &out);
    let keymap = dir.path().join("keymap.toml");
    // (TOML's own escapes: the parsed section name holds the control characters)
    std::fs::write(&keymap, "[\"list\\u001b]0;pwned\\u0007\\u001b[2J\\u202E\"]\n\"j\" = \"down\"\n").unwrap();
    let out = simpul().arg("--db").arg(&db).arg("--keymap").arg(&keymap).arg("keys").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    no_controls("keymap file", &out);

    // a settings file the parser quotes
    let settings = dir.path().join("settings.toml");
    std::fs::write(&settings, format!("[agenda]\nno_session_days = {esc}\n")).unwrap();
    let out = simpul().arg("--db").arg(&db).arg("--settings").arg(&settings).arg("agenda").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    no_controls("settings file", &out);
}

/// Whatever the umask it is started with, simpul creates its files for the
/// user alone: the database directory and everything in it, and an export.
#[test]
fn the_database_and_exports_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let export = dir.path().join("klien.csv");
    let backup = dir.path().join("cadangan.simpul");
    // the real binary, started from a shell whose umask lets others read
    let run = |args: &[&std::ffi::OsStr]| {
        let mut c = Command::new("sh");
        c.arg("-c").arg("umask 022; exec \"$0\" \"$@\"").arg(env!("CARGO_BIN_EXE_simpul"));
        c.env_remove("SIMPUL_DB").env("LANG", "C").env_remove("LC_ALL").env_remove("LC_MESSAGES");
        let out = c.arg("--db").arg(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["demo".as_ref(), "--clients".as_ref(), "5".as_ref(), "--today".as_ref(), "2026-11-28".as_ref()]);
    run(&["export".as_ref(), "clients".as_ref(), "--unprotected".as_ref(), "--output".as_ref(), export.as_os_str()]);
    run(&["backup".as_ref(), "--unprotected".as_ref(), backup.as_os_str()]);

    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    fn walk(p: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        out.push(p.to_path_buf());
        if p.is_dir() {
            for e in std::fs::read_dir(p).unwrap() {
                walk(&e.unwrap().path(), out);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&db, &mut paths);
    assert!(paths.len() > 3, "the database has files: {paths:?}");
    for p in &paths {
        let want = if p.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(p), want, "{} is {:o}", p.display(), mode(p));
    }
    assert_eq!(mode(&export), 0o600, "the export");
    assert_eq!(mode(&backup), 0o600, "the backup");
}

#[test]
fn purge_asks_erases_for_good_keeps_the_fact_and_leaves_check_clean() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (client, session) = {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let actor = Actor::new("budi", Role::Officer);
        let laz = store.create(&actor, Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
        let mut c = Client::new("Siti Aminah");
        c.nik = Some("3507124503900002".into());
        c.gender = Gender::Female;
        c.consent.given = true;
        c.sessions.push(GuidanceSession {
            id: PartId::NEW,
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
            stream: GuidanceStream::Kemandirian,
            mode: GuidanceMode::Perorangan,
            place: SessionPlace::HomeVisit,
            officer: "Budi".into(),
            summary: "kunjungan rumah".into(),
            next_step: String::new(),
            group: Vec::new(),
        });
        let c = store.create(&actor, c).unwrap();
        store
            .create(
                &actor,
                Referral::new(c.id(), laz.id(), "modal usaha", chrono::NaiveDate::from_ymd_opt(2024, 3, 6).unwrap()),
            )
            .unwrap();
        let mut e = Event::new(
            "Lokakarya",
            EventKind::Workshop,
            When::Date(chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap()),
        );
        e.participants.push(Participant::client(c.id(), Attendance::Attended));
        store.create(&actor, e).unwrap();
        let id = c.sessions[0].id;
        (c, id)
    };
    let run = |args: &[&str], answer: &str| {
        let mut child = simpul()
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let exists = || Store::open(&db, &OpenOptions::default()).unwrap().get::<Client>(client.meta.id).unwrap().is_some();

    // a reason is required, and may not name the record
    let (code, _, err) = run(&["purge", "client", "K-000001"], "");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--reason"), "{err}");
    let (code, _, err) = run(&["purge", "client", "K-000001", "--reason", "atas permintaan Siti Aminah", "--yes"], "");
    assert_eq!(code, Some(1));
    assert!(err.contains("may not contain its name"), "{err}");
    // a wrong kind of id or of record
    let (code, _, err) = run(&["purge", "client", "E-000001", "--reason", "x"], "");
    assert_eq!((code, err.contains("(e.g. K-000123)")), (Some(2), true), "{err}");
    let (code, _, err) = run(&["purge", "klienku", "K-000001", "--reason", "x"], "");
    assert_eq!((code, err.contains("client, stakeholder, event")), (Some(2), true), "{err}");
    // a stakeholder a referral points at is refused, naming it
    let (code, _, err) = run(&["purge", "stakeholder", "S-000001", "--reason", "uji", "--yes"], "");
    assert_eq!(code, Some(1));
    assert!(err.contains("S-000001 cannot be purged: R-000001"), "{err}");

    // asked first: anything but yes keeps it
    let (code, _, err) = run(&["purge", "client", "K-000001", "--reason", "masa retensi habis"], "no\n");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("Purge K-000001 (Siti Aminah) for good?"), "{err}");
    assert!(err.contains("Also erased: R-000001.") && err.contains("Taken out of: E-000001."), "{err}");
    assert!(err.contains("Nothing was purged."), "{err}");
    assert!(exists());

    // a sub-record: listed when not named, then purged without asking
    let (code, _, err) = run(&["purge", "session", "K-000001", "--reason", "salah klien"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains(&format!("K-000001/{}  2024-03-05", session.0)), "{err}");
    let (code, _, err) =
        run(&["purge", "assessment", &format!("K-000001/{}", session.0), "--reason", "x", "--yes"], "");
    assert_eq!(code, Some(1), "a session is not an assessment");
    assert!(err.contains("has no assessment"), "{err}");
    let (code, out, err) =
        run(&["purge", "session", &format!("K-000001/{}", session.0), "--reason", "salah klien", "--yes"], "");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("purged"), "{out}");

    let (code, out, err) = run(&["purge", "client", "K-000001", "--reason", "masa retensi habis"], "yes\n");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("K-000001 (Siti Aminah) purged."), "{out}");
    assert!(!exists());

    let (code, out, _) = run(&["check"], "");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("No problems found."), "{out}");
    let (_, log, _) = run(&["audit", "--limit", "50"], "");
    assert!(
        log.lines().any(|l| l.contains("purge") && l.contains("K-000001") && l.ends_with("masa retensi habis")),
        "{log}"
    );
    assert!(log.lines().any(|l| l.contains("purge") && l.contains("R-000001")), "{log}");
    assert!(
        log.contains(&format!("[sessions#{}]", session.0)) || log.contains(&format!("sessions#{}", session.0)),
        "{log}"
    );
    for gone in ["Siti Aminah", "3507124503900002", "kunjungan rumah", "modal usaha"] {
        assert!(!log.contains(gone), "{gone} in the audit log: {log}");
    }
}

#[test]
fn the_agenda_lists_case_files_past_the_retention_period_of_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let actor = Actor::new("budi", Role::Officer);
        // ended long before any day this test runs on, and long after it
        let mut old = Client::new("Lama Selesai");
        old.supervision_start = Some(chrono::NaiveDate::from_ymd_opt(1985, 1, 7).unwrap());
        old.supervision_end = Some(chrono::NaiveDate::from_ymd_opt(1990, 6, 30).unwrap());
        old.status = ClientStatus::Completed;
        let old = store.create(&actor, old).unwrap();
        store.archive::<Client>(&actor, old.meta.id, None).unwrap();
        let mut current = Client::new("Masih Dibimbing");
        current.supervision_start = Some(chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap());
        current.supervision_end = Some(chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap());
        store.create(&actor, current).unwrap();
    }
    let settings = dir.path().join("settings.toml");
    let agenda = || {
        let out = simpul().arg("--db").arg(&db).arg("--settings").arg(&settings).arg("agenda").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    std::fs::write(&settings, "").unwrap();
    assert!(!agenda().contains("retention"), "nothing without a retention period");
    std::fs::write(&settings, "[privacy]\nretention_years = 5\n").unwrap();
    let lines = agenda();
    let due: Vec<&str> = lines.lines().filter(|l| l.contains("due for review (retention)")).collect();
    assert_eq!(due.len(), 1, "{lines}");
    assert!(
        due[0].contains("30 Jun 1990") && due[0].contains("K-000001") && due[0].contains("Lama Selesai"),
        "{lines}"
    );
    std::fs::write(&settings, "[privacy]\nretention_years = 0\n").unwrap();
    let out = simpul().arg("--db").arg(&db).arg("--settings").arg(&settings).arg("agenda").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("privacy.retention_years = 0: 1 to 100 years"));
}

/// An administrator enters the office's closures and corrects the shipped
/// holidays from the command line; every change is audited, a bad date or
/// kind says how to write it, and the reporting days move with them.
#[test]
fn the_office_calendar_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // the office's database (a command that reads one does not make it)
    drop(Store::open(&db, &OpenOptions::default()).unwrap());
    let run = |args: &[&str]| simpul().arg("--db").arg(&db).args(args).output().unwrap();
    let text = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();

    let listed = run(&["calendar", "--year", "2026"]);
    assert!(listed.status.success());
    assert!(text(&listed).contains("2026-03-21  Saturday   national holiday Idul Fitri 1447 H"), "{}", text(&listed));
    assert_eq!(text(&listed).lines().filter(|l| l.starts_with("2026-")).count(), 25, "17 holidays, 8 joint leave");

    let added = run(&["calendar", "add", "06/04/2026", "--to", "2026-04-07", "--name", "Pindah gedung"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    assert!(text(&added).contains("Entered: 6 Apr 2026 office closed — Pindah gedung."), "{}", text(&added));
    let removed = run(&["calendar", "remove", "2026-05-15"]);
    assert!(text(&removed).contains("Removed: 15 May 2026 joint leave day"), "{}", text(&removed));
    let again = run(&["calendar", "remove", "2026-05-15"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("No holiday or closure is entered on 15 May 2026"));

    for (args, says) in [
        (vec!["calendar", "add", "31/02/2026", "--name", "x"], "31/02/2026 is not a date: write it as 2026-03-20"),
        (vec!["calendar", "add", "2026-04-09", "--name", "x", "--kind", "libur"], "unknown kind libur: choose holiday"),
        (
            vec!["calendar", "add", "2026-04-09", "--to", "2026-04-01", "--name", "x"],
            "--to 1 Apr 2026 is before 9 Apr 2026",
        ),
        (vec!["calendar", "add", "2026-04-09", "--name", " "], "the name is required"),
    ] {
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }

    let log = text(&run(&["audit"]));
    assert!(log.contains("2026-04-06 closure Pindah gedung"), "{log}");
    assert!(log.contains("2026-05-15 removed: cuti Cuti bersama Kenaikan Yesus Kristus"), "{log}");

    // Mondays from 30 March: 6 April is closed now, so that week's day is the 8th (the 7th too)
    let store = Store::open(&db, &OpenOptions::default()).unwrap();
    let calendar = store.calendar().unwrap();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let mut c = Client::new("Budi");
    c.supervision_start = Some(day(3, 30));
    c.reporting.frequency = ReportingFrequency::Weekly;
    assert_eq!(
        simpul::casework::reporting::expected_dates(&c, &calendar, day(3, 30), day(4, 14)),
        vec![day(3, 30), day(4, 8), day(4, 13)]
    );
}

/// `simpul report sessions`: March 2024's figures per client and officer,
/// leaving only protected or said to be in the clear, audited; bad months,
/// months to come and unknown officers are explained. The records are
/// written on a clock at 1 April 2024, so every day of March has come
/// whatever day the test runs.
#[test]
fn the_monthly_report_counts_a_month_per_client_and_officer_through_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let clock = simpul::clock::Clock::at(2024, 4, 1, 9, 0, 7);
        let store = Store::open(&db, &OpenOptions { clock, ..OpenOptions::default() }).unwrap();
        let actor = Actor::new("rina", Role::Officer);
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let session = |date| GuidanceSession {
            id: PartId::NEW,
            date,
            stream: GuidanceStream::Kemandirian,
            mode: GuidanceMode::Perorangan,
            place: SessionPlace::Office,
            officer: "Rina Wulandari".into(),
            summary: String::new(),
            next_step: String::new(),
            group: Vec::new(),
        };
        // Mondays from 4 Mar: 4, 11, 18, 25 Mar
        let mut ahmad = Client::new("Ahmad Fauzi");
        ahmad.register_no = "PAS.12/2022".into();
        ahmad.officer = "Rina Wulandari".into();
        ahmad.supervision_start = Some(d(3, 4));
        ahmad.reporting.frequency = ReportingFrequency::Weekly;
        ahmad.reporting.from = Some(d(3, 4));
        ahmad.sessions = vec![session(d(2, 26)), session(d(3, 6)), session(d(3, 20))];
        for (day, status) in
            [(4, ReportingStatus::Attended), (11, ReportingStatus::Missed), (18, ReportingStatus::Excused)]
        {
            simpul::casework::reporting::record(&mut ahmad, d(3, day), status, "", "rina");
        }
        let ahmad = store.create(&actor, ahmad).unwrap();
        let mut budi = Client::new("Budi Santoso");
        budi.officer = "Agus Salim".into();
        budi.supervision_start = Some(d(1, 8));
        let budi = store.create(&actor, budi).unwrap();
        let mut w = Event::new("Lokakarya", EventKind::Workshop, When::Date(d(3, 14)));
        w.participants = vec![
            Participant::new(Who::Client { client: ahmad.id(), attendance: Attendance::Attended }),
            Participant::new(Who::Client { client: budi.id(), attendance: Attendance::Attended }),
        ];
        store.create(&actor, w).unwrap();
    }
    let run = |args: &[&str]| simpul().arg("--db").arg(&db).args(["report", "sessions"]).args(args).output().unwrap();
    let err = |out: &std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();

    // sensitive: refused without a protection option, before anything is read
    let out = run(&["--month", "2024-03"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty() && err(&out).contains("--unprotected"), "{}", err(&out));
    // bad input says what is wrong and how to write it
    let out = run(&["--month", "2024-13", "--unprotected"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("--month 2024-13: not a month; write it as YYYY-MM, e.g. 2026-11"), "{}", err(&out));
    let out = run(&["--month", "2999-01", "--unprotected"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("2999-01 has not begun"), "{}", err(&out));
    let out = run(&["--month", "2024-03", "--officer", "Nobody", "--unprotected"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("Agus Salim, Rina Wulandari"), "names the officers: {}", err(&out));

    // CSV: a row per client, per officer and the total
    let out = run(&["--month", "2024-03", "--format", "csv", "--unprotected"]);
    assert!(out.status.success(), "{}", err(&out));
    let csv = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "row,month,officer,client_id,register_no,full_name,clients,sessions,reporting_days,attended,missed,excused,compliance,events",
            "client,2024-03,Agus Salim,K-000002,,Budi Santoso,1,0,0,0,0,0,,1",
            "client,2024-03,Rina Wulandari,K-000001,PAS.12/2022,Ahmad Fauzi,1,2,4,1,2,1,50,1",
            "officer,2024-03,Agus Salim,,,,1,0,0,0,0,0,,1",
            "officer,2024-03,Rina Wulandari,,,,1,2,4,1,2,1,50,1",
            "total,2024-03,,,,,2,2,4,1,2,1,50,2",
        ],
        "25 Mar passed with nothing recorded: missed"
    );
    // the printable table of one officer, in Indonesian
    let out = simpul()
        .arg("--db")
        .arg(&db)
        .args(["--lang", "id", "report", "sessions", "--month", "2024-03", "--officer", "rina  wulandari"])
        .arg("--unprotected")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(table.starts_with("Laporan Bulanan Bimbingan dan Wajib Lapor — Maret 2024"), "{table}");
    assert!(table.contains("Ahmad Fauzi") && !table.contains("Budi Santoso") && table.contains("50%"), "{table}");
    // a file, sealed with the passphrase, private
    let file = dir.path().join("laporan-2024-03.csv.age");
    let out = simpul()
        .arg("--db")
        .arg(&db)
        .env("SIMPUL_EXPORT_PASSPHRASE", "kata sandi kantor")
        .args(["report", "sessions", "--month", "2024-03", "--format", "csv", "--encrypt", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", err(&out));
    assert!(err(&out).contains("Monthly report 2024-03 (2 clients) written to"), "{}", err(&out));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let sealed = std::fs::read(&file).unwrap();
    assert!(!String::from_utf8_lossy(&sealed).contains("Ahmad"));
    let plain = simpul::protect::decrypt(&sealed, "kata sandi kantor").unwrap();
    assert_eq!(String::from_utf8_lossy(&plain), csv);

    // every report that left is in the audit log, how it was protected too; the refused ones are not
    let notes = export_notes(&db);
    assert_eq!(
        notes,
        [
            "monthly report 2024-03, 2 clients to stdout (unprotected)".to_string(),
            "monthly report 2024-03, 1 clients, officer \"rina wulandari\" to stdout (unprotected)".to_string(),
            format!("monthly report 2024-03, 2 clients to {} (age)", file.display()),
        ]
    );
}

/// `simpul import --errors FILE`: the message says nothing was imported and
/// where every problem is; the file is the owner's alone and lists them all,
/// a NIK by its last four digits; progress goes to standard error only for
/// long files (this one is short: none).
#[test]
fn import_writes_every_problem_to_the_errors_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let csv = dir.path().join("klien.csv");
    let errors = dir.path().join("masalah.csv");
    let mut text = String::from("full_name;gender;nik;birth_date\n");
    for i in 0..120 {
        text.push_str(&format!(
            "Klien {};L;12345678901234{:02};1990-13-01\n",
            char::from(b'a' + (i % 26) as u8),
            i % 100
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let out = simpul()
        .args(["--lang", "en", "--db"])
        .arg(&db)
        .args(["import", "clients"])
        .arg(&csv)
        .arg("--errors")
        .arg(&errors)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("simpul: Nothing was imported: "), "{err}");
    assert!(err.contains(" more: "), "more than 100 problems are counted by column: {err}");
    assert!(err.contains("is written to"), "{err}");
    assert!(!err.contains("read "), "no progress for a short file: {err}");
    assert_eq!(std::fs::metadata(&errors).unwrap().permissions().mode() & 0o777, 0o600);
    let listed = std::fs::read_to_string(&errors).unwrap();
    assert!(listed.starts_with("line,column,value,problem\n"), "{listed}");
    assert!(listed.lines().count() > 121, "every problem: {}", listed.lines().count());
    assert!(!listed.contains("1234567890123400"), "no whole NIK");
    assert!(listed.contains("…3400"), "{listed}");
    // nothing was written
    let check = simpul().args(["--lang", "en", "--db"]).arg(&db).arg("check").output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("clients 0,"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

/// The search index kept beside the records: a search keeps it, `check`
/// finds it current; altered by hand it is found damaged (exit 1, saying
/// how and what to run) and not used, and `check --rebuild-index` makes it
/// current again; a change to a record makes the next search answer from
/// the records, never from the kept index.
#[test]
fn check_finds_a_damaged_kept_search_index_and_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let actor = Actor::new("budi", Role::Officer);
        store.create(&actor, Client::new("Sukarno Hadi")).unwrap();
        store.create(&actor, Client::new("Joko Susilo")).unwrap();
    }
    let run = |args: &[&str]| simpul().arg("--db").arg(&db).args(args).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let names = |q: &str| {
        let out = run(&["search", q, "--format", "csv"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).lines().skip(1).map(|l| l.split(',').nth(1).unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(names("sukarno"), ["Sukarno Hadi"]);
    let kept = db.join("derived-search@full.bin");
    assert!(kept.exists(), "the search kept the index it built");
    let out = run(&["check"]);
    assert!(out.status.success() && text(&out.stdout).contains("Kept search index, officer view: current"));

    let mut bytes = std::fs::read(&kept).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&kept, &bytes).unwrap();
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(
        said.contains("the kept search index, officer view, is damaged (its file's bytes do not give its checksum)")
    );
    assert!(said.contains("simpul check --rebuild-index"), "{said}");
    // not used: the search answers from the records
    assert_eq!(names("joko"), ["Joko Susilo"]);
    let out = run(&["check", "--rebuild-index"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let out = run(&["--lang", "id", "check"]);
    assert!(
        text(&out.stdout).contains("Indeks pencarian tersimpan, tampilan petugas (PK): terkini"),
        "{}",
        text(&out.stdout)
    );

    // a change: the kept index is not current, and search finds the new name
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        store.create(&Actor::new("budi", Role::Officer), Client::new("Wulan Sari")).unwrap();
    }
    let out = run(&["check"]);
    assert!(text(&out.stdout).contains("officer view: none current"), "{}", text(&out.stdout));
    assert_eq!(names("wulan"), ["Wulan Sari"]);
}
