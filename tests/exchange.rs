//! `simpul import` and `simpul export`: good files, every kind of bad file
//! with its exact message, nothing written after a failure, and round trips.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;
use simpul::exchange::{ImportError, ImportOptions, import};
use simpul::model::*;
use simpul::store::{Actor, OpenOptions, Store};

const HEADER: &str = "register_no,full_name,aliases,nik,birth_date,gender,office,risk,status,skills\n";

/// The stores of these tests stand at 09:00 WIB on 28 November 2026.
fn fixed() -> OpenOptions {
    OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() }
}

fn actor() -> Actor {
    Actor::new("budi", Role::Officer)
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("db"), &fixed()).unwrap();
    (dir, s)
}

fn run(store: &Store, kind: RecordKind, text: &str) -> Result<simpul::exchange::ImportReport, ImportError> {
    import(store, &actor(), kind, &mut text.as_bytes(), ImportOptions::default())
}

fn problems(store: &Store, text: &str) -> Vec<String> {
    match run(store, RecordKind::Client, text) {
        Err(ImportError::Problems(ps)) => ps.iter().map(|p| p.message(simpul::i18n::Lang::En)).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn a_good_file_imports_every_row() {
    let (_d, s) = store();
    let text = format!(
        "{HEADER}PAS.1/2023,Joko Susilo,Djoko Soesilo|Abu Umar,3507161208850001,1985-08-12,L,Bapas Malang,hijau,active,barista|las\n\
         PAS.2/2023,Siti Aminah,,3573014503900007,05/03/1990,P,Bapas Malang,kuning,active,\n"
    );
    let r = run(&s, RecordKind::Client, &text).unwrap();
    assert_eq!((r.rows, r.written), (2, 2));
    let clients: Vec<Client> = s.scan::<Client>().map(Result::unwrap).collect();
    assert_eq!(clients[0].aliases, vec!["Djoko Soesilo", "Abu Umar"]);
    assert_eq!(clients[0].skills, vec!["barista", "las"]);
    assert_eq!(clients[0].risk(), Some(RiskCategory::Hijau));
    assert_eq!(clients[1].birth_date, NaiveDate::from_ymd_opt(1990, 3, 5));
    assert_eq!(clients[1].gender, Gender::Female);
    assert!(s.check().unwrap().is_clean());
}

#[test]
fn bom_semicolons_and_multiline_cells() {
    let (_d, s) = store();
    let text = "\u{feff}register_no;full_name;aliases;nik;birth_date;gender;office;risk;status;skills;notes\n\
                PAS.9;\"Nur Hidayat\";;;;male;Bapas Kediri;merah;active;;\"baris satu\nbaris dua; masih catatan\"\n";
    let r = run(&s, RecordKind::Client, text).unwrap();
    assert_eq!(r.written, 1);
    let c: Client = s.fetch(1).unwrap();
    assert_eq!(c.full_name, "Nur Hidayat");
    assert_eq!(c.notes, "baris satu\nbaris dua; masih catatan");
    assert_eq!(c.office, "Bapas Kediri");
}

#[test]
fn a_wrong_header_is_refused_naming_the_column() {
    let (_d, s) = store();
    let msgs = problems(
        &s,
        "register_no,full_name,alias,nik,birth_date,gender,office,risk,status,skills\nx,Budi,,,,L,,,active,\n",
    );
    assert_eq!(
        msgs,
        vec![
            "line 1, column alias: unknown column \"alias\"; see the README for the column layout",
            "line 1, column aliases: the required column \"aliases\" is missing",
        ]
    );
    assert_eq!(s.count(RecordKind::Client), 0);
}

#[test]
fn bad_values_are_listed_with_line_and_column_and_nothing_is_written() {
    let (_d, s) = store();
    let text = format!(
        "{HEADER}PAS.1,Joko Susilo,,,1985-08-12,L,Bapas Malang,hijau,active,\n\
         PAS.2,Siti Aminah,,,31/02/1990,P,Bapas Malang,kuning,active,\n\
         PAS.3,Budi Santoso,,3507161208850,1985-08-12,L,Bapas Malang,ungu,hidup,\n"
    );
    let msgs = problems(&s, &text);
    assert_eq!(
        msgs,
        vec![
            "line 3, column birth_date: not a date (write YYYY-MM-DD or DD/MM/YYYY)",
            "line 4, column nik: a NIK has exactly 16 digits (this has 13)",
            "line 4, column risk: unknown value; valid: merah, kuning, hijau",
            "line 4, column status: unknown value; valid: active, completed, revoked, transferred, deceased",
        ]
    );
    assert_eq!(s.count(RecordKind::Client), 0, "the good first row was not written either");
    assert_eq!(s.audit_len(), 0);
}

#[test]
fn choices_read_in_either_language() {
    let (_d, s) = store();
    let text = format!(
        "{HEADER}PAS.1,Joko Susilo,,,1985-08-12,laki-laki,Bapas Malang,merah,aktif,\n\
         PAS.2,Siti Aminah,,,1990-03-05,perempuan,Bapas Malang,hijau,completed,\n"
    );
    run(&s, RecordKind::Client, &text).unwrap();
    let c: Vec<Client> = s.scan::<Client>().map(Result::unwrap).collect();
    assert_eq!((c[0].status, c[0].gender), (ClientStatus::Active, Gender::Male));
    assert_eq!((c[1].status, c[1].gender), (ClientStatus::Completed, Gender::Female));
}

#[test]
fn a_nik_inconsistent_with_the_birth_date_is_refused() {
    let (_d, s) = store();
    let msgs = problems(&s, &format!("{HEADER}PAS.1,Joko Susilo,,3507161208850001,1985-08-13,L,,,active,\n"));
    assert_eq!(msgs, vec!["line 2, column nik: the NIK encodes the birth date 12-08-85, not the one entered"]);
}

#[test]
fn duplicates_are_refused_as_in_the_forms() {
    let (_d, s) = store();
    let mut existing = Client::new("Sukarno Hadi");
    existing.birth_date = NaiveDate::from_ymd_opt(1970, 1, 1);
    existing.nik = Some("3507160101700001".into());
    s.create(&actor(), existing).unwrap();
    let text = format!(
        "{HEADER}A,Budi Santoso,,3507161208850001,1985-08-12,L,,,active,\n\
         B,Budi Santosa,,3507161208850001,1985-08-12,L,,,active,\n\
         C,Soekarno Hadi,,,1970-01-01,L,,,active,\n\
         D,Lain Orang,,3507160101700001,1970-01-01,L,,,active,\n"
    );
    let msgs = problems(&s, &text);
    assert_eq!(
        msgs,
        vec![
            "line 3, column nik: this NIK is already on line 2 of this file",
            "line 4, column full_name: similar to K-000001 (same name and birth date); check, or import with --allow-similar",
            "line 5, column nik: this NIK already belongs to K-000001",
        ]
    );
    assert_eq!(s.count(RecordKind::Client), 1);
    // the similar one alone is accepted when allowed
    let ok = import(
        &s,
        &actor(),
        RecordKind::Client,
        &mut format!("{HEADER}C,Soekarno Hadi,,,1970-01-01,L,,,active,\n").as_bytes(),
        ImportOptions { allow_similar: true, ..ImportOptions::default() },
    )
    .unwrap();
    assert_eq!(ok.written, 1);
}

#[test]
fn stakeholders_like_stored_ones_are_refused_as_in_the_form() {
    let (_d, s) = store();
    let mut laz = Stakeholder::new("Lembaga Amil Zakat Muhammadiyah Jawa Timur", StakeholderKind::Zakat);
    laz.short_name = "LAZISMU Jatim".into();
    s.create(&actor(), laz).unwrap();
    // the short name with a zero-width space in it, and a name of nobody stored
    let text =
        "name,short_name,kind\nLazismu Jawa Timur,LAZIS\u{200B}MU Jatim,zakat\nYayasan Lingkar Perdamaian,,ngo\n";
    match run(&s, RecordKind::Stakeholder, text) {
        Err(ImportError::Problems(ps)) => assert_eq!(
            ps.iter().map(|p| p.message(simpul::i18n::Lang::En)).collect::<Vec<_>>(),
            [
                "line 2, column name: like S-000001 (the same or a similar name or short name); check, or import with --allow-similar"
            ]
        ),
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(s.count(RecordKind::Stakeholder), 1);
    let opts = ImportOptions { allow_similar: true, ..ImportOptions::default() };
    let ok = import(&s, &actor(), RecordKind::Stakeholder, &mut text.as_bytes(), opts).unwrap();
    assert_eq!(ok.written, 2);
}

#[test]
fn events_carry_several_organisers_which_must_be_stored() {
    let (_d, s) = store();
    let laz = s.create(&actor(), Stakeholder::new("LAZISMU Jatim", StakeholderKind::Zakat)).unwrap();
    let unodc = s.create(&actor(), Stakeholder::new("UNODC", StakeholderKind::International)).unwrap();
    let text = "title,kind,start,organisers\nLokakarya,workshop,2023-10-01,S-000001|S-000002\nRapat,meeting,2023-10-02,S-000009\n";
    match run(&s, RecordKind::Event, text) {
        Err(ImportError::Problems(ps)) => assert_eq!(
            ps.iter().map(|p| p.message(simpul::i18n::Lang::En)).collect::<Vec<_>>(),
            [
                "line 3, column organisers: S-000009 does not exist; write the id of a stored stakeholder (e.g. S-000006), several separated by |"
            ]
        ),
        other => panic!("expected problems, got {other:?}"),
    }
    run(&s, RecordKind::Event, "title,kind,start,organisers\nLokakarya,workshop,2023-10-01,S-000001|S-000002\n")
        .unwrap();
    let e: Event = s.scan::<Event>().next().unwrap().unwrap();
    assert_eq!(e.organisers, vec![laz.id(), unodc.id()]);
    // and the export writes them back in the same cell
    let row = simpul::exchange::event_row(&e);
    assert!(row.contains(&"S-000001|S-000002".to_string()), "{row:?}");
}

#[test]
fn mixed_separators_and_truncated_files_are_refused() {
    let (_d, s) = store();
    let msgs = problems(&s, &format!("{HEADER}PAS.1;Joko Susilo;;;;L;;;active;\n"));
    assert_eq!(msgs, vec!["line 2: malformed CSV: 1 cells where the header has 10; check the separator and quotes"]);
    let truncated =
        format!("{HEADER}PAS.1,Joko Susilo,,,1985-08-12,L,Bapas Malang,hijau,active,barista\nPAS.2,\"Siti Am");
    let msgs = problems(&s, &truncated);
    assert_eq!(msgs, vec!["line 3: malformed CSV: 2 cells where the header has 10; check the separator and quotes"]);
    assert_eq!(s.count(RecordKind::Client), 0);
    assert!(
        matches!(run(&s, RecordKind::Client, ""), Err(ImportError::Problems(p)) if p[0].message(simpul::i18n::Lang::En) == "line 1: the file is empty or has no header row")
    );
}

#[test]
fn dry_run_writes_nothing() {
    let (_d, s) = store();
    let r = import(
        &s,
        &actor(),
        RecordKind::Client,
        &mut format!("{HEADER}PAS.1,Joko Susilo,,,1985-08-12,L,,,active,\n").as_bytes(),
        ImportOptions { dry_run: true, ..ImportOptions::default() },
    )
    .unwrap();
    assert_eq!((r.rows, r.written), (1, 0));
    assert_eq!(s.count(RecordKind::Client), 0);
}

#[test]
fn stakeholders_and_events_import() {
    let (_d, s) = store();
    let r = run(
        &s,
        RecordKind::Stakeholder,
        "name;short_name;kind;services;capacity;contact_name;contact_phone\nPokmas Barista;Barista;pokmas;pelatihan barista|tempat kerja;6;Rina Wulandari;0812 3456 7890\n",
    )
    .unwrap();
    assert_eq!(r.written, 1);
    let st: Stakeholder = s.fetch(1).unwrap();
    assert_eq!(st.capacity, Some(6));
    assert_eq!(st.contacts[0].name, "Rina Wulandari");
    let bad = run(&s, RecordKind::Stakeholder, "name,kind,contact_email\nX,zakat,not-an-email\n");
    match bad {
        Err(ImportError::Problems(p)) => {
            let msgs: Vec<String> = p.iter().map(|p| p.message(simpul::i18n::Lang::En)).collect();
            assert_eq!(
                msgs,
                // the file's columns left to right, then one it lacks
                vec![
                    "line 2, column contact_email: is not an e-mail address (e.g. name@example.id)",
                    "line 2, column contact_name: is required",
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    let r = run(&s, RecordKind::Event, "title,kind,start,end,location\nLokakarya,workshop,2023-10-01,2023-10-04,Kota Batu\nRapat,meeting,01/10/2023 09:30,,BAPAS Malang\n").unwrap();
    assert_eq!(r.written, 2);
    let e: Event = s.fetch(2).unwrap();
    assert_eq!(e.start, When::DateTime(NaiveDate::from_ymd_opt(2023, 10, 1).unwrap().and_hms_opt(9, 30, 0).unwrap()));
    let bad = run(&s, RecordKind::Event, "title,kind,start,end\nX,workshop,2023-10-04,2023-10-01\n");
    assert!(matches!(bad, Err(ImportError::Problems(ref p)) if p[0].column.as_deref() == Some("end")), "{bad:?}");
}

fn simpul(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simpul")).env("LANG", "C").arg("--db").arg(db).args(args).output().unwrap()
}

#[test]
fn export_then_import_gives_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    {
        let store = Store::open(&a, &OpenOptions::default()).unwrap();
        let today = simpul::clock::Clock::system().today();
        simpul::demo::load(&store, &actor(), &simpul::demo::DemoOptions { clients: 150, seed: 3, today }).unwrap();
    }
    for (kind, file) in [("clients", "k.csv"), ("stakeholders", "s.csv"), ("events", "e.csv")] {
        let out = simpul(&a, &["export", kind, "--unprotected", "--output", dir.path().join(file).to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let b = dir.path().join("b");
    for (kind, file) in [("stakeholders", "s.csv"), ("events", "e.csv"), ("clients", "k.csv")] {
        let out = simpul(&b, &["import", kind, dir.path().join(file).to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{kind}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // the layouts' fields are equal, record by record
    let sa = Store::open(&a, &OpenOptions::default()).unwrap();
    let sb = Store::open(&b, &OpenOptions::default()).unwrap();
    let today = simpul::clock::Clock::system().today();
    // the derived columns (missed, compliance) too: the register travels in the layout
    let rows = |s: &Store| {
        s.scan::<Client>()
            .map(|c| simpul::exchange::client_row(&c.unwrap(), today, &s.calendar().unwrap()))
            .collect::<Vec<_>>()
    };
    let mut ra = rows(&sa);
    let mut rb = rows(&sb);
    ra.sort();
    rb.sort();
    assert_eq!(ra.len(), 150);
    assert_eq!(ra, rb);
    let st =
        |s: &Store| s.scan::<Stakeholder>().map(|x| simpul::exchange::stakeholder_row(&x.unwrap())).collect::<Vec<_>>();
    assert_eq!(st(&sa), st(&sb));
    let ev = |s: &Store| s.scan::<Event>().map(|x| simpul::exchange::event_row(&x.unwrap())).collect::<Vec<_>>();
    assert_eq!(ev(&sa), ev(&sb));
    assert!(sb.check().unwrap().is_clean());
    // the export was audited
    assert!(sa.audit_log().filter_map(Result::ok).any(|e| e.action == simpul::store::AuditAction::Export));
}

#[test]
fn export_filters_with_a_query_and_writes_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let mut c = Client::new("Joko Susilo");
        c.office = "Bapas Malang".into();
        store.create(&actor(), c).unwrap();
        store.create(&actor(), Client::new("Siti Aminah")).unwrap();
    }
    let out = simpul(&db, &["export", "clients", "--unprotected", "--query", "djoko", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["full_name"], "Joko Susilo");
    let out = simpul(&db, &["export", "clients", "--unprotected", "--query", "risk:ungu"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Found by the fuzzing seeds: with CRLF line ends (spreadsheets on
/// Windows) every problem was reported one line too early.
#[test]
fn crlf_files_report_the_right_lines() {
    let (_d, s) = store();
    let crlf = "register_no;full_name;aliases;nik;birth_date;gender;office;risk;status;skills\r\n\
                A;Budi;;;;L;Bapas Malang;ungu;active;\r\n\
                B;\"Siti\nAminah\";;;;P;Bapas Malang;hijau;active;\r\n\
                \r\n\
                C;Rina;;;;P;Bapas Malang;ungu;active;\r\n";
    let msgs = problems(&s, crlf);
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs[0].starts_with("line 2, column risk"), "{msgs:?}");
    assert!(msgs[1].starts_with("line 3, column full_name"), "{msgs:?}");
    assert!(msgs[2].starts_with("line 6, column risk"), "{msgs:?}");
    assert_eq!(problems(&s, &crlf.replace("\r\n", "\n")), msgs, "the same lines as with LF");
}

/// A cell that starts like a formula (`=`, `+`, `-`, `@`) is written with
/// one `'` before it, so a spreadsheet shows it as text; import takes the
/// `'` off again, and the records come back the same.
#[test]
fn formula_cells_are_neutralised_and_come_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    {
        let store = Store::open(&a, &fixed()).unwrap();
        let mut c = Client::new("-Ali Imron");
        c.register_no = "=1+2".into();
        c.aliases = vec!["'Abu Umar".into()];
        c.office = "@Bapas Malang".into();
        c.skills = vec!["+las".into(), "=barista".into()];
        c.notes = "=HYPERLINK(\"http://contoh.test\",\"klik\")\nbaris dua".into();
        store.create(&actor(), c).unwrap();
        let mut s = Stakeholder::new("=Yayasan Damai", StakeholderKind::Ngo);
        s.notes = "-catatan".into();
        store.create(&actor(), s).unwrap();
        let mut e =
            Event::new("@Lokakarya", EventKind::Workshop, When::Date(NaiveDate::from_ymd_opt(2023, 10, 4).unwrap()));
        e.summary = "'=sudah dikutip".into();
        store.create(&actor(), e).unwrap();
    }
    for (kind, file) in [("clients", "k.csv"), ("stakeholders", "s.csv"), ("events", "e.csv")] {
        let out = simpul(&a, &["export", kind, "--unprotected", "--output", dir.path().join(file).to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{kind}: a formula cell {cell:?} in\n{text}"
                );
            }
        }
    }
    let clients = std::fs::read_to_string(dir.path().join("k.csv")).unwrap();
    for cell in ["'=1+2", "'-Ali Imron", "''Abu Umar", "'@Bapas Malang", "'+las|=barista", "\"'=HYPERLINK("] {
        assert!(clients.contains(cell), "{cell} in {clients}");
    }
    let b = dir.path().join("b");
    for (kind, file) in [("stakeholders", "s.csv"), ("events", "e.csv"), ("clients", "k.csv")] {
        let out = simpul(&b, &["import", kind, dir.path().join(file).to_str().unwrap()]);
        assert!(out.status.success(), "{kind}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let sa = Store::open(&a, &fixed()).unwrap();
    let sb = Store::open(&b, &fixed()).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let k = |s: &Store| {
        s.scan::<Client>()
            .map(|c| simpul::exchange::client_row(&c.unwrap(), day, &s.calendar().unwrap()))
            .collect::<Vec<_>>()
    };
    let st =
        |s: &Store| s.scan::<Stakeholder>().map(|x| simpul::exchange::stakeholder_row(&x.unwrap())).collect::<Vec<_>>();
    let ev = |s: &Store| s.scan::<Event>().map(|x| simpul::exchange::event_row(&x.unwrap())).collect::<Vec<_>>();
    assert_eq!(k(&sa), k(&sb));
    assert_eq!(st(&sa), st(&sb));
    assert_eq!(ev(&sa), ev(&sb));
    let c: Client = sb.fetch(1).unwrap();
    assert_eq!((c.full_name.as_str(), c.register_no.as_str()), ("-Ali Imron", "=1+2"));
    assert_eq!(c.notes, "=HYPERLINK(\"http://contoh.test\",\"klik\")\nbaris dua");
    assert_eq!(c.aliases, vec!["'Abu Umar"]);
}

/// A column name is the file's text: the problem quotes it (lowercased, as
/// columns are read) with its control characters as text.
#[test]
fn an_unknown_column_is_named_without_its_control_characters() {
    let (_d, s) = store();
    let msgs = problems(&s, &format!("{}\u{1b}[2J\u{202E}x\n", HEADER.trim_end().to_string() + ","));
    assert_eq!(
        msgs,
        vec!["line 1, column ^[[2j\u{FFFD}x: unknown column \"^[[2j\u{FFFD}x\"; see the README for the column layout"]
    );
}

/// A client's reporting figures and the reporting lines of the agenda, by
/// register number and name (ids differ between databases).
fn reporting_figures(s: &Store, today: NaiveDate) -> (Vec<String>, Vec<String>) {
    use simpul::casework::agenda::{Rule, Settings, agenda};
    let clients: Vec<Client> = s.scan::<Client>().map(Result::unwrap).collect();
    let calendar = s.calendar().unwrap();
    let mut figures: Vec<String> = clients
        .iter()
        .map(|c| {
            let st = simpul::casework::reporting::standing(c, &calendar, today);
            format!(
                "{} {}: {} attended, {} missed, {} excused, {:?}%, next {:?}",
                c.register_no,
                c.full_name,
                st.attended,
                st.missed,
                st.excused,
                st.compliance(),
                st.next
            )
        })
        .collect();
    figures.sort();
    let register = |r: RecordRef| clients.iter().find(|c| c.meta.id == r.id).map(|c| c.register_no.clone());
    let mut lines: Vec<String> = agenda(&clients, &[], &[], today, &calendar, &Settings::default())
        .into_iter()
        .filter(|i| matches!(i.rule, Rule::ReportingMissed | Rule::ReportingDue))
        .map(|i| format!("{:?} {} {:?} {} {}", i.rule, i.date, register(i.record), i.name, i.detail))
        .collect();
    lines.sort();
    (figures, lines)
}

/// Issue 21: an export imported into an empty database keeps every
/// reporting figure and the agenda's reporting lines (the register and
/// the day it counts from travel in the client layout).
#[test]
fn an_export_imports_with_the_same_reporting_figures_and_agenda_lines() {
    let clients: usize = std::env::var("SIMPUL_ROUND_TRIP_CLIENTS").ok().and_then(|n| n.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    // a Monday, so that reporting is due today (nothing is on a Saturday)
    let monday = OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 30, 9, 0, 7), ..OpenOptions::default() };
    let (a, b) =
        (Store::open(&dir.path().join("a"), &monday).unwrap(), Store::open(&dir.path().join("b"), &monday).unwrap());
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let started = std::time::Instant::now();
    simpul::demo::load(&a, &actor(), &simpul::demo::DemoOptions { clients, seed: 21, today }).unwrap();
    let loaded = started.elapsed();
    // and one due today, who missed last week, with notes that need escaping
    let mut due = Client::new("Rahmat Hidayat");
    due.register_no = "PAS.9/2026/000001".into();
    due.status = ClientStatus::Active;
    due.supervision_start = Some(today - chrono::Duration::days(14));
    due.reporting.frequency = ReportingFrequency::Weekly;
    due.reporting.from = due.supervision_start;
    due.reporting_register.push(ReportingEntry {
        id: PartId::NEW,
        date: today - chrono::Duration::days(14),
        status: ReportingStatus::Excused,
        note: "sakit | surat dokter: 100%\nbaris dua ".into(),
        recorded_by: "rina".into(),
    });
    a.create(&actor(), due).unwrap();
    let file = dir.path().join("k.csv");
    let req =
        simpul::exchange::ExportRequest { kind: RecordKind::Client, query: "", format: simpul::exchange::Format::Csv };
    let n = simpul::exchange::export(
        &a,
        &actor(),
        req,
        simpul::i18n::Lang::En,
        &simpul::gate::Protection::Unprotected,
        simpul::gate::Destination::File(&file),
    )
    .unwrap();
    assert_eq!(n, clients + 1);
    let opts = ImportOptions { allow_similar: true, ..ImportOptions::default() };
    let report = import(&b, &actor(), RecordKind::Client, &mut std::fs::File::open(&file).unwrap(), opts)
        .unwrap_or_else(|e| panic!("{}", e.message(simpul::i18n::Lang::En)));
    assert_eq!(report.written, clients + 1);
    let trip = started.elapsed() - loaded;
    let (figures, lines) = reporting_figures(&a, today);
    assert_eq!(reporting_figures(&b, today), (figures.clone(), lines.clone()));
    // and they are figures worth comparing: misses, excuses, lines of both rules
    assert!(figures.iter().any(|f| !f.contains(" 0 missed")) && figures.iter().any(|f| !f.contains(" 0 excused")));
    assert!(
        lines.iter().any(|l| l.starts_with("ReportingMissed")) && lines.iter().any(|l| l.starts_with("ReportingDue"))
    );
    // the export's own derived columns agree as well
    let rows = |s: &Store| {
        let mut r: Vec<Vec<String>> = s
            .scan::<Client>()
            .map(|c| simpul::exchange::client_row(&c.unwrap(), today, &s.calendar().unwrap()))
            .collect();
        r.sort();
        r
    };
    assert_eq!(rows(&a), rows(&b));
    let note = |s: &Store| {
        let c = s.scan::<Client>().map(Result::unwrap).find(|c| c.full_name == "Rahmat Hidayat").unwrap();
        c.reporting_register[0].note.clone()
    };
    assert_eq!(note(&b), note(&a));
    assert!(b.check().unwrap().is_clean());
    eprintln!("{clients} clients: demo load {loaded:?}, export and import {trip:?}");
}
