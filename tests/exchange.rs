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
        "register_no,full_name,alias,nik,birth_date,kelamin,office,risk,status,skills\nx,Budi,,,,L,,,active,\n",
    );
    // (aliases is not required: the form does not ask for it; gender is)
    assert_eq!(
        msgs,
        vec![
            "line 1, column alias: unknown column \"alias\"; see the README for the column layout",
            "line 1, column kelamin: unknown column \"kelamin\"; see the README for the column layout",
            "line 1, column gender: the required column \"gender\" is missing",
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

/// An export imported into an empty database keeps every
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

/// A deterministic stand-in for a random source (the same file every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A spreadsheet of East Java clients as an office keeps it:
/// `;`-separated with a byte-order mark and CRLF line ends (Excel on
/// Windows), dates DD/MM/YYYY, names with titles, degrees and nicknames,
/// phones as people type them, statuses and genders in Indonesian, notes
/// with line breaks in a cell, and some clients without a NIK or register
/// number yet. Every birth date differs, so no two rows are alike. The
/// first rows are fixed: the cases the issue names.
fn east_java_csv(rows: usize) -> String {
    let mut r = Lcg(22);
    let mut out = String::from(
        "\u{feff}register_no;full_name;aliases;nik;birth_date;gender;office;risk;status;skills;birth_place;phone;\
         officer;programme;supervision_start;supervision_end;district;regency;province;notes\r\n",
    );
    let offices = [
        ("Bapas Malang", "Kota Malang", "357301"),
        ("Bapas Surabaya", "Kota Surabaya", "357801"),
        ("Bapas Kediri", "Kab. Kediri", "350601"),
        ("Bapas Jember", "Kab. Jember", "350901"),
        ("Bapas Madiun", "Kota Madiun", "357701"),
        ("Bapas Bojonegoro", "Kab. Bojonegoro", "352201"),
        ("Bapas Pamekasan", "Kab. Pamekasan", "352801"),
    ];
    let men = ["Ahmad", "Achmad", "Budi", "Sutrisno", "Joko", "Ganda", "Eko", "Agus", "Rahmat", "Slamet", "Imam"];
    let women = ["Siti", "Dewi", "Sri", "Rina", "Nur", "Endang", "Wahyuni", "Lestari", "Aminah", "Kartini"];
    let family = ["Fauzi", "Santoso", "Irawan", "Baros", "Susilo", "Prasetyo", "Hidayat", "Wibowo", "Rahayu"];
    let before_m = ["", "", "", "Dr. ", "H. ", "Ir. ", "Drs. ", "Dr. H. ", "K.H. ", "R. "];
    let before_f = ["", "", "", "Hj. ", "Dra. ", "R.A. ", "Dr. "];
    let after = ["", "", "", ", S.Sos", ", M.Si.", ", M.T.", ", S.H., M.H.", ", S.Pd.", ", S.Kom", ", S.E."];
    let nicks = ["Ucok", "Gendut", "Cak Mat", "Bejo", "Ning"];
    let statuses = ["aktif", "aktif", "aktif", "aktif", "selesai", "dicabut", "dipindah", "meninggal", "Aktif"];
    let officers = ["Rina Wulandari", "Agus Salim, S.Psi.", "Dra. Endang Sri", "H. Mukhlis, S.Sos"];
    let skills = ["las", "barista", "budidaya lele", "menjahit", "kue", ""];
    let fixed = [
        ("Dr. H. Ahmad Fauzi, M.Si.", "L", "+62 (0821) 993-5181"),
        ("Ganda Irawan, S.Sos", "laki-laki", "+62-083-016-6131"),
        ("Ir. Sutrisno, M.T.", "L", "(0341) 551-234 ext. 12"),
        ("R.A. Kartini", "perempuan", "(0341) 551-234 psw. 12"),
        ("Hj. Siti Aminah", "P", "0812 3456 7890"),
        ("Achmad (Ucok) Baros", "L", ""),
    ];
    for i in 0..rows {
        let (office, regency, region) = offices[r.below(offices.len())];
        let (name, gender, phone) = match fixed.get(i) {
            Some((n, g, p)) => (n.to_string(), *g, p.to_string()),
            None => {
                let male = r.below(2) == 0;
                let given = if male { r.pick(&men) } else { r.pick(&women) };
                let title = if male { r.pick(&before_m) } else { r.pick(&before_f) };
                let nick = if r.below(12) == 0 { format!(" ({})", r.pick(&nicks)) } else { String::new() };
                let name = format!("{title}{given}{nick} {}{}", r.pick(&family), r.pick(&after));
                let gender = if male { r.pick(&["L", "laki-laki", "Laki-Laki"]) } else { r.pick(&["P", "perempuan"]) };
                let n = 1_000_000 + r.below(8_999_999);
                let phone = match r.below(6) {
                    0 => format!("+62 (0821) {}-{:04}", n / 10_000, n % 10_000),
                    1 => format!("+62-081-{:03}-{:04}", n / 10_000 % 1000, n % 10_000),
                    2 => format!("0813 {} {}", n / 1000, n % 1000 + 1000),
                    3 => format!("(0341) {}-{:03} ext. {}", n / 1000 % 900 + 100, n % 1000, r.below(90) + 10),
                    4 => format!("(031) {} psw. {}", n, r.below(9) + 1),
                    _ => String::new(),
                };
                (name, gender, phone)
            }
        };
        let female = matches!(gender, "P" | "perempuan");
        // one birth date per row: 1 Jan 1960 plus 11 days a row
        let born = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Duration::days(11 * i as i64);
        let dmy = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        let day = born.format("%d").to_string().parse::<u32>().unwrap() + if female { 40 } else { 0 };
        // a NIK and a register number for most; intake often has neither yet
        let nik =
            if i % 9 == 4 { String::new() } else { format!("{region}{day:02}{}{:04}", born.format("%m%y"), i + 1) };
        let register = if i % 13 == 7 { String::new() } else { format!("PAS.{}/{}/{:04}", i % 7 + 1, 2019 + i % 6, i) };
        let start = born + chrono::Duration::days(365 * 25 + (i % 300) as i64);
        let end = start + chrono::Duration::days(365 * 2);
        let notes = if i % 10 == 3 { "\"dijemput keluarga\r\nwajib lapor tiap Senin\"" } else { "" };
        out.push_str(&format!(
            "{register};{name};{alias};{nik};{born};{gender};{office};{risk};{status};{skill};{place};{phone};\
             {officer};{programme};{start};{end};{district};{regency};Jawa Timur;{notes}\r\n",
            alias = if i % 17 == 0 { "Abu Fulan" } else { "" },
            born = dmy(born),
            risk = r.pick(&["merah", "kuning", "hijau", "Hijau"]),
            status = r.pick(&statuses),
            skill = r.pick(&skills),
            place = regency.trim_start_matches("Kab. ").trim_start_matches("Kota "),
            officer = r.pick(&officers),
            programme = r.pick(&["pb", "cb", "cmb", "bebas_murni"]),
            start = dmy(start),
            end = dmy(end),
            district = r.pick(&["Klojen", "Lowokwaru", "Pujon", "Wonocolo", "Pesantren"]),
        ));
    }
    out
}

/// The 1,000-row East Java spreadsheet imports in
/// one go, with no problem; what it says is stored as simpul writes it.
#[test]
fn a_thousand_east_java_clients_import_in_one_go() {
    let (_d, s) = store();
    let text = east_java_csv(1000);
    let report = run(&s, RecordKind::Client, &text).unwrap_or_else(|e| panic!("{}", e.message(simpul::i18n::Lang::En)));
    assert_eq!((report.rows, report.written), (1000, 1000));
    // rows 4, 13, 22 … lack a NIK, rows 7, 20, 33 … a register number: saved, marked
    let lacking = (0..1000).filter(|i| i % 9 == 4 || i % 13 == 7).count();
    assert_eq!(report.incomplete, lacking);
    let by_name = |n: &str| s.scan::<Client>().map(Result::unwrap).find(|c| c.full_name == n).unwrap();
    let fauzi = by_name("Dr. H. Ahmad Fauzi, M.Si.");
    assert_eq!(fauzi.phone, "08219935181");
    assert_eq!(by_name("Ganda Irawan, S.Sos").phone, "0830166131");
    assert_eq!(by_name("Ir. Sutrisno, M.T.").phone, "0341551234 x12");
    let kartini = by_name("R.A. Kartini");
    assert_eq!((kartini.phone.as_str(), kartini.gender), ("0341551234 x12", Gender::Female));
    assert_eq!(by_name("Achmad (Ucok) Baros").phone, "");
    let all: Vec<Client> = s.scan::<Client>().map(Result::unwrap).collect();
    for status in ClientStatus::ALL {
        assert!(all.iter().any(|c| c.status == *status), "{status:?} read from its Indonesian word");
    }
    let noted = all.iter().find(|c| !c.notes.is_empty()).unwrap();
    assert_eq!(noted.notes, "dijemput keluarga\nwajib lapor tiap Senin", "a line break in a cell, without its CR");
    assert!(all.iter().all(|c| c.address.province == "Jawa Timur" && c.office.starts_with("Bapas ")));
    assert!(s.check().unwrap().is_clean());
    // the incomplete ones are on the agenda, by what they lack
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let items = simpul::casework::agenda::agenda(
        &all,
        &[],
        &[],
        today,
        &s.calendar().unwrap(),
        &simpul::casework::agenda::Settings::default(),
    );
    let incomplete: Vec<_> = items.iter().filter(|i| i.rule == simpul::casework::agenda::Rule::Incomplete).collect();
    let active_lacking = all
        .iter()
        .filter(|c| c.status == ClientStatus::Active && (c.nik.is_none() || c.register_no.is_empty()))
        .count();
    assert_eq!(incomplete.len(), active_lacking);
    assert!(incomplete.iter().any(|i| i.detail == "nik") && incomplete.iter().any(|i| i.detail == "register_no"));
    // search folds the titles away: "ahmad fauzi" finds the doctor first
    let index = simpul::search::SearchIndex::build(&s, today).unwrap();
    let hits = index.search(RecordKind::Client, &simpul::search::parse("ahmad fauzi").unwrap(), None);
    assert!(hits.iter().any(|h| h.record.id == fauzi.meta.id), "found among {} hits", hits.len());
    let ucok = index.search(RecordKind::Client, &simpul::search::parse("ucok").unwrap(), None);
    assert!(ucok.iter().any(|h| h.record.id == by_name("Achmad (Ucok) Baros").meta.id));
}

/// A second Ahmad Fauzi born the same day as "Dr. H. Ahmad Fauzi, M.Si."
/// is a possible duplicate (titles and degrees are not part of who he is),
/// and so is one known by the other's nickname.
#[test]
fn titles_degrees_and_nicknames_do_not_hide_a_duplicate() {
    let (_d, s) = store();
    run(&s, RecordKind::Client, &east_java_csv(6)).unwrap();
    let msgs = problems(
        &s,
        "full_name;gender;birth_date\nAhmad Fauzi;L;01/01/1960\nH. Ahmad Fauzi, S.Ag.;L;01/01/1960\n\
         Ucok;L;25/02/1960\nSutrisno;L;02/03/1960\n",
    );
    assert_eq!(
        msgs,
        vec![
            "line 2, column full_name: similar to K-000001 (same name and birth date); check, or import with --allow-similar",
            "line 3, column full_name: similar to K-000001 (same name and birth date); check, or import with --allow-similar",
            "line 4, column full_name: similar to K-000006 (same name and birth date); check, or import with --allow-similar",
        ],
        "Sutrisno's birth date is not the engineer's"
    );
}

/// One set of rules: what the client form requires, import requires (a
/// name, a gender); what it lets an officer leave for later (register
/// number, NIK, birth date), import takes too, and both mark it.
#[test]
fn import_asks_what_the_form_asks_and_no_more() {
    let (_d, s) = store();
    // only the name and the gender: saved, incomplete
    let r = run(&s, RecordKind::Client, "full_name,gender\nRahmat Hidayat,L\n").unwrap();
    assert_eq!((r.written, r.incomplete), (1, 1));
    let c: Client = s.fetch(1).unwrap();
    assert_eq!(simpul::model::validate::missing(&c), vec!["register_no", "nik", "birth_date"]);
    // without a name, or a gender, or with a name no form takes: refused
    let msgs = problems(&s, "full_name,gender,nik\n,L,\nBudi Santoso,,\nR2D2,L,\n");
    assert_eq!(
        msgs,
        vec![
            "line 2, column full_name: is required",
            "line 3, column gender: is required",
            "line 4, column full_name: may only hold letters, spaces, apostrophes, hyphens, dots, commas before degrees and a nickname in brackets",
        ]
    );
    let msgs = problems(&s, "register_no,nik\nPAS.1,\n");
    assert_eq!(
        msgs,
        vec![
            "line 1, column full_name: the required column \"full_name\" is missing",
            "line 1, column gender: the required column \"gender\" is missing",
        ]
    );
    // the same client through the model's one validator, as the form saves it
    let mut form_client = Client::new("R2D2");
    assert_eq!(
        form_client
            .validate(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap())
            .into_iter()
            .map(|p| p.kind)
            .collect::<Vec<_>>(),
        vec![ProblemKind::NameCharacters]
    );
    form_client.full_name = "Rahmat Hidayat".into();
    assert_eq!(form_client.validate(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()), vec![]);
}

/// A line break in a quoted cell, as Excel writes it (CR LF), is a line
/// break, not a control character; a single-line field refuses it still.
#[test]
fn a_crlf_in_a_quoted_cell_is_a_line_break() {
    let (_d, s) = store();
    let text = "full_name;gender;notes\r\nNur Hidayat;L;\"baris satu\r\nbaris dua\rbaris tiga\"\r\n";
    run(&s, RecordKind::Client, text).unwrap();
    let c: Client = s.fetch(1).unwrap();
    assert_eq!(c.notes, "baris satu\nbaris dua\nbaris tiga");
    let msgs = problems(&s, "full_name;gender\r\n\"Nur\r\nHidayat\";L\r\n");
    assert_eq!(msgs, vec!["line 2, column full_name: contains control characters or escape codes; remove them"]);
}

/// Statuses and genders in either language, and the phones of contacts
/// stored as the contact form stores them.
#[test]
fn indonesian_words_and_phones_everywhere() {
    let (_d, s) = store();
    let text = "full_name;gender;status;risk\nA Satu;laki-laki;aktif;merah\nB Dua;perempuan;selesai;green\n\
                C Tiga;L;dicabut;Kuning\nD Empat;P;dipindah;red\nE Lima;Perempuan;meninggal;\nF Enam;l;Dipindahkan;\n";
    run(&s, RecordKind::Client, text).unwrap();
    let got: Vec<(ClientStatus, Gender)> =
        s.scan::<Client>().map(|c| c.unwrap()).map(|c| (c.status, c.gender)).collect();
    use ClientStatus::*;
    use Gender::*;
    assert_eq!(
        got,
        vec![
            (Active, Male),
            (Completed, Female),
            (Revoked, Male),
            (Transferred, Female),
            (Deceased, Female),
            (Transferred, Male)
        ]
    );
    let risks: Vec<Option<RiskCategory>> = s.scan::<Client>().map(|c| c.unwrap().risk()).collect();
    assert_eq!(
        risks,
        vec![
            Some(RiskCategory::Merah),
            Some(RiskCategory::Hijau),
            Some(RiskCategory::Kuning),
            Some(RiskCategory::Merah),
            None,
            None
        ]
    );
    run(
        &s,
        RecordKind::Stakeholder,
        "name;kind;contact_name;contact_phone\nPokmas Lele;pokmas;Ganda Irawan, S.Sos;+62 (0341) 551-234 psw. 5\n",
    )
    .unwrap();
    let st: Stakeholder = s.fetch(1).unwrap();
    assert_eq!(st.contacts[0].phone, "0341551234 x5");
    // and the command line's search reads the same words
    for q in ["status:dicabut", "status:dipindah", "status:meninggal", "gender:perempuan", "gender:laki-laki"] {
        assert!(simpul::search::parse(q).is_ok(), "{q}");
    }
}

/// The same file through the command line: imported whole, the
/// incomplete ones counted, in either language.
#[test]
fn the_command_line_imports_the_east_java_file_and_counts_the_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("klien-jatim.csv");
    std::fs::write(&file, east_java_csv(1000)).unwrap();
    let lacking = (0..1000).filter(|i| i % 9 == 4 || i % 13 == 7).count();
    let out = simpul(&dir.path().join("a"), &["import", "clients", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(&format!(
            "Dry run: every row is good (1,000 rows); nothing was written.\nOf these, {lacking}"
        )),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = simpul(&dir.path().join("a"), &["import", "clients", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "Imported 1,000 records from 1,000 rows.\nOf these, {lacking} clients lack a register number, NIK or \
             birth date: recorded as incomplete and listed in the agenda.\n"
        )
    );
    let out = simpul(&dir.path().join("b"), &["--lang", "id", "import", "clients", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(&format!("{lacking} klien di antaranya belum punya nomor register")), "{said}");
}

/// An alias may carry degrees after a comma, as a name may: it travels
/// whole through an export and an import, and a form's comma between two
/// names still parts them.
#[test]
fn aliases_keep_their_degrees() {
    let (_d, s) = store();
    let text = "full_name;gender;aliases\nGanda Irawan;L;Ganda Irawan, S.Sos|Abu Umar, Djoko Soesilo\n";
    run(&s, RecordKind::Client, text).unwrap();
    let c: Client = s.fetch(1).unwrap();
    assert_eq!(c.aliases, vec!["Ganda Irawan, S.Sos", "Abu Umar", "Djoko Soesilo"]);
    let row = simpul::exchange::client_row(&c, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(), &s.calendar().unwrap());
    assert!(row.contains(&"Ganda Irawan, S.Sos|Abu Umar|Djoko Soesilo".to_string()), "{row:?}");
}
