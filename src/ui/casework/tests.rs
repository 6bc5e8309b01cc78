//! The agenda, dashboard and exports on the fixed data set of the UI
//! tests, with a few records added that the agenda's rules catch.

use chrono::NaiveDate;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};

use super::super::app::{Focus, Place, Screen};
use super::super::tests::{Fx, render, session, snap};
use super::super::update::{self, selected_ref};
use super::super::{Session, Theme};
use super::{AgendaRow, CaseworkOptions, agenda_rows};
use crate::action::{Action, ExportWhat, TabName};
use crate::casework::agenda::Rule;
use crate::i18n::Lang;
use crate::model::*;
use crate::store::{Actor, AuditAction};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Adds what the agenda of 20 Oct 2023 catches: Rudi missed Monday's
/// reporting and his supervision ends in three weeks; a meeting's notes are
/// overdue and its report due; a socialisation is a week away.
fn agenda_records(s: &Session) {
    let a = Actor::new("budi", Role::Officer);
    let store = s.store();
    let mut rudi = Client::new("Rudi Hartono");
    rudi.register_no = "PAS.21/2023".into();
    // a complete case file: the agenda's incomplete rule has its own tests
    rudi.birth_date = Some(d(1985, 1, 1));
    rudi.nik = Some("3507160101850021".into());
    rudi.office = "BAPAS Batu".into();
    rudi.officer = "Agus Salim".into();
    rudi.supervision_start = Some(d(2023, 9, 4)); // a Monday: reporting is on Mondays
    rudi.supervision_end = Some(d(2023, 11, 10));
    rudi.reporting.frequency = ReportingFrequency::Weekly;
    let mut day = d(2023, 9, 4);
    while day <= d(2023, 10, 16) {
        let status = if day == d(2023, 10, 16) { ReportingStatus::Missed } else { ReportingStatus::Attended };
        rudi.reporting_register.push(ReportingEntry {
            id: crate::model::PartId::NEW,
            date: day,
            status,
            note: String::new(),
            recorded_by: String::new(),
        });
        day += chrono::Duration::days(7);
    }
    for (date, category) in [(d(2023, 9, 4), RiskCategory::Merah), (d(2023, 10, 2), RiskCategory::Kuning)] {
        rudi.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date,
            category,
            rri: None,
            assessor: "Agus Salim".into(),
            reason: String::new(),
        });
    }
    rudi.sessions.push(GuidanceSession {
        id: crate::model::PartId::NEW,
        date: d(2023, 10, 9),
        stream: GuidanceStream::Kepribadian,
        mode: GuidanceMode::Perorangan,
        place: SessionPlace::Office,
        officer: "Agus Salim".into(),
        summary: "wajib lapor".into(),
        next_step: String::new(),
        group: Vec::new(),
    });
    let rudi = store.create(&a, rudi).unwrap();
    let mut meeting = Event::new("Rapat evaluasi", EventKind::Meeting, When::Date(d(2023, 9, 15)));
    meeting.location = "BAPAS Batu".into();
    meeting.participants = vec![Participant::new(Who::Client { client: rudi.id(), attendance: Attendance::Attended })];
    meeting.follow_ups = vec![
        FollowUp {
            id: crate::model::PartId::NEW,
            what: "kirim notulen".into(),
            owner: "Rina".into(),
            due: Some(d(2023, 10, 10)),
            done: false,
        },
        FollowUp {
            id: crate::model::PartId::NEW,
            what: "laporan ke kanwil".into(),
            owner: "Rina".into(),
            due: Some(d(2023, 10, 25)),
            done: false,
        },
    ];
    store.create(&a, meeting).unwrap();
    let mut soc = Event::new("Sosialisasi wajib lapor", EventKind::Socialisation, When::Date(d(2023, 10, 27)));
    soc.location = "Balai Desa Pujon".into();
    store.create(&a, soc).unwrap();
}

/// A session on the UI fixture and the agenda's records, everything computed.
fn fx(lang: Lang, w: u16, h: u16) -> Fx {
    let mut fx = session(lang, w, h, true);
    agenda_records(&fx.session);
    settle(&mut fx.session);
    fx
}

/// Reloads and waits for the index, the agenda and the figures.
fn settle(s: &mut Session) {
    s.refresh();
    s.wait_for_index();
    s.wait_for_casework();
    s.refresh();
}

fn act(s: &mut Session, a: Action) {
    let effect = update::update(&mut s.app, a, &s.data);
    if let update::Effect::Export(_) = effect {
        // the session performs effects on key presses; tests press the keys below
        panic!("use press_action for effects");
    }
    settle(s);
}

/// Runs an action as a key press would, effects included.
fn press_action(s: &mut Session, a: Action) {
    let key = super::super::keys::first_key(&s.app.keymap, a, super::super::keys::context(&s.app, &s.data))
        .unwrap_or_else(|| panic!("{a} is bound"));
    for k in key.split(' ') {
        let parsed = crate::keymap::Key::parse(k).unwrap();
        s.handle(&TermEvent::Key(KeyEvent::new(parsed.code, parsed.mods)));
    }
    // client data asks for a passphrase first: these tests choose the clear (audited as such)
    if matches!(s.app.prompt.as_ref().map(|p| p.kind), Some(crate::ui::app::PromptKind::Export(_))) {
        s.handle(&TermEvent::Key(KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )));
    }
    settle(s);
}

/// Filters the current list as if typed in the box and accepted.
fn filter_to(s: &mut Session, query: &str) {
    super::super::filter::apply_saved(&mut s.app, &s.data, query);
    act(s, Action::Accept);
}

fn status(s: &Session) -> String {
    s.app.status.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

#[test]
fn agenda_rows_put_each_rule_under_its_heading() {
    let (clients, events) = (
        vec![Client::new("A"), Client::new("B")],
        vec![Event::new("E", EventKind::Meeting, When::Date(d(2023, 10, 1)))],
    );
    let item = |rule, r: RecordRef| crate::casework::agenda::Item {
        rule,
        record: r,
        date: d(2023, 10, 1),
        name: String::new(),
        detail: String::new(),
    };
    let items = vec![
        item(Rule::ReportingMissed, clients[0].record_ref()),
        item(Rule::ReportingMissed, clients[1].record_ref()),
        item(Rule::UpcomingEvent, events[0].record_ref()),
    ];
    assert_eq!(
        agenda_rows(&items),
        vec![
            AgendaRow::Heading(Rule::ReportingMissed, 2),
            AgendaRow::Item(0),
            AgendaRow::Item(1),
            AgendaRow::Heading(Rule::UpcomingEvent, 1),
            AgendaRow::Item(2),
        ]
    );
    assert!(agenda_rows(&[]).is_empty());
}

#[test]
fn the_agenda_lists_most_urgent_first_and_opens_the_record_with_back_to_the_agenda() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    let rules: Vec<(Rule, String)> = s.data.casework.items().iter().map(|i| (i.rule, i.name.clone())).collect();
    assert_eq!(
        rules,
        vec![
            (Rule::ReportingMissed, "Rudi Hartono".into()),
            (Rule::FollowUpOverdue, "Rapat evaluasi".into()),
            (Rule::SupervisionEnding, "Rudi Hartono".into()),
            (Rule::FollowUpDue, "Rapat evaluasi".into()),
            (Rule::UpcomingEvent, "Sosialisasi wajib lapor".into()),
        ]
    );
    act(s, Action::Tab(TabName::Agenda));
    assert_eq!(s.app.screen, Screen::Agenda);
    assert_eq!(selected_ref(&s.app, &s.data), None, "no record list is on screen");
    // the overdue follow-up: its event opens in the events tab
    act(s, Action::Down);
    act(s, Action::Open);
    assert_eq!((s.app.screen, s.app.tab, s.app.focus), (Screen::Records, RecordKind::Event, Focus::Detail));
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Rapat evaluasi"));
    assert_eq!(s.app.back, vec![Place::Agenda]);
    // back: the agenda, on the same line; forward: the event again
    act(s, Action::Back);
    assert_eq!((s.app.screen, s.app.agenda.selected), (Screen::Agenda, 1));
    act(s, Action::Forward);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Rapat evaluasi"));
    // moving clamps at both ends
    act(s, Action::Tab(TabName::Agenda));
    act(s, Action::Last);
    act(s, Action::Down);
    assert_eq!(s.app.agenda.selected, 4);
    act(s, Action::PageUp);
    assert_eq!(s.app.agenda.selected, 0);
}

#[test]
fn an_agenda_line_hidden_by_a_filter_clears_it() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    // a filter on the clients that hides Rudi
    filter_to(s, "ahmad");
    assert!(super::super::filter::is_filtered(&s.app, RecordKind::Client));
    act(s, Action::Tab(TabName::Agenda));
    act(s, Action::Open);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Rudi Hartono"));
    assert!(!super::super::filter::is_filtered(&s.app, RecordKind::Client));
}

#[test]
fn list_actions_on_the_agenda_and_dashboard_say_so() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    act(s, Action::Tab(TabName::Agenda));
    for a in [Action::Search, Action::SortNextColumn, Action::NewRecord, Action::CycleOffice] {
        act(s, a);
        assert!(status(s).ends_with("not available on this tab."), "{a}: {}", status(s));
        assert!(s.app.form.is_none() && s.app.filter.editing.is_none());
    }
    act(s, Action::Tab(TabName::Dashboard));
    press_action(s, Action::Export(ExportWhat::ListCsv));
    assert!(status(s).contains("not available on this tab"), "{}", status(s));
    act(s, Action::Tab(TabName::Clients));
    act(s, Action::CycleOffice);
    assert_eq!(status(s), "Only on the Dashboard tab.");
}

#[test]
fn tabs_cycle_through_agenda_and_dashboard() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    act(s, Action::Tab(TabName::Events));
    act(s, Action::NextTab);
    assert_eq!(s.app.screen, Screen::Agenda);
    act(s, Action::NextTab);
    assert_eq!(s.app.screen, Screen::Dashboard);
    act(s, Action::NextTab);
    assert_eq!((s.app.screen, s.app.tab), (Screen::Records, RecordKind::Client));
    act(s, Action::PrevTab);
    assert_eq!(s.app.screen, Screen::Dashboard);
    // the digit keys too
    let key = |s: &mut Session, c: char| {
        s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        settle(s);
    };
    key(s, '4');
    assert_eq!(s.app.screen, Screen::Agenda);
    key(s, '1');
    assert_eq!(s.app.screen, Screen::Records);
}

#[test]
fn the_dashboard_filter_cycles_offices_and_officers_and_applies_to_every_figure() {
    let mut fx = fx(Lang::En, 120, 40);
    let s = &mut fx.session;
    act(s, Action::Tab(TabName::Dashboard));
    let all = s.data.casework.figures.clone().unwrap();
    assert_eq!(all.by_status.get(&ClientStatus::Active), Some(&5), "four fixture clients and Rudi");
    assert_eq!(all.events_per_month.values().sum::<usize>(), 4);
    act(s, Action::CycleOffice);
    assert_eq!(s.app.dashboard.filter.office.as_deref(), Some("BAPAS Batu"));
    let batu = s.data.casework.figures.clone().unwrap();
    assert_eq!(batu.by_status.get(&ClientStatus::Active), Some(&1));
    assert_eq!(batu.by_risk.get(&Some(RiskCategory::Kuning)), Some(&1));
    assert_eq!(batu.events_per_month.values().sum::<usize>(), 1, "only the meeting Rudi attended");
    assert!(batu.referrals.is_empty());
    act(s, Action::CycleOffice);
    assert_eq!(s.app.dashboard.filter.office.as_deref(), Some("BAPAS Malang"));
    act(s, Action::CycleOfficer);
    assert_eq!(s.app.dashboard.filter.officer.as_deref(), Some("Agus Salim"));
    let agus = s.data.casework.figures.clone().unwrap();
    assert_eq!(agus.by_status.get(&ClientStatus::Active), Some(&2), "Budi and Siti; Eko is archived");
    act(s, Action::CycleOfficer);
    act(s, Action::CycleOfficer);
    assert_eq!(s.app.dashboard.filter.officer, None, "after the last officer: all again");
    act(s, Action::CycleOffice);
    assert_eq!(s.app.dashboard.filter.office, None);
    act(s, Action::CycleOffice);
    act(s, Action::ClearFilter);
    assert!(s.app.dashboard.filter.is_empty());
    assert_eq!(s.data.casework.figures.as_ref(), Some(&all));
    let screen = render(s, 120, 40);
    assert!(screen.contains("Office: all · Officer: all"), "{screen}");
}

#[test]
fn agenda_settings_move_the_horizons() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    let settings =
        crate::casework::agenda::Settings { upcoming_event_days: 3, supervision_ending_days: 60, ..Default::default() };
    s.set_casework(CaseworkOptions { agenda: settings, ..CaseworkOptions::default() });
    settle(s);
    let rules: Vec<Rule> = s.data.casework.items().iter().map(|i| i.rule).collect();
    assert!(!rules.contains(&Rule::UpcomingEvent), "the socialisation is a week away: {rules:?}");
    assert!(rules.contains(&Rule::SupervisionEnding));
}

#[test]
fn a_partner_sees_the_agenda_and_figures_of_its_clients_only() {
    let (_dir, store) = crate::store::temp_store_at(super::super::tests::clock());
    super::super::tests::fixture(&store);
    let admin = Actor::new("admin", Role::Admin);
    let barista = store.scan::<Stakeholder>().map(Result::unwrap).find(|s| s.name == "Pokmas Barista").unwrap();
    let ahmad = store.scan::<Client>().map(Result::unwrap).find(|c| c.full_name == "Ahmad Fauzi").unwrap();
    let mut c = ahmad.clone();
    c.consent.given = true;
    c.supervision_end = Some(d(2023, 11, 1));
    store.update(&admin, c).unwrap();
    let mut other = store.scan::<Client>().map(Result::unwrap).find(|c| c.full_name == "Budi Santoso").unwrap();
    other.supervision_end = Some(d(2023, 11, 1));
    store.update(&admin, other).unwrap();
    let mut o = super::super::tests::opts(Lang::En);
    o.actor = Actor::new("barista", Role::Partner);
    o.actor.stakeholder = Some(barista.id());
    let mut s = Session::new(store, &o, 120, 40);
    settle(&mut s);
    let names: Vec<&str> = s.data.casework.items().iter().map(|i| i.name.as_str()).collect();
    // supervision dates are withheld from partners: no client's end shows in a partner's agenda
    assert!(names.is_empty(), "{names:?}");
    act(&mut s, Action::Tab(TabName::Dashboard));
    let f = s.data.casework.figures.clone().unwrap();
    assert_eq!(f.by_status.values().sum::<usize>(), 1);
    let screen = render(&s, 120, 40);
    assert!(screen.contains("[withheld]"), "risk figures are withheld from partners: {screen}");
}

fn export_dir(s: &mut Session) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    s.set_casework(CaseworkOptions { export_dir: Some(dir.path().to_path_buf()), ..CaseworkOptions::default() });
    dir
}

fn exports(s: &Session) -> Vec<crate::store::AuditEntry> {
    s.store().audit_log().filter_map(Result::ok).filter(|e| e.action == AuditAction::Export).collect()
}

#[test]
fn the_filtered_list_exports_to_csv_and_json_audited_never_overwriting() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    let dir = export_dir(s);
    filter_to(s, "risk:kuning");
    press_action(s, Action::Export(ExportWhat::ListCsv));
    let path = dir.path().join("clients-2023-10-20.csv");
    assert_eq!(status(s), format!("Exported 3 rows to {}", path.display()));
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.starts_with("register_no,full_name,"), "{csv}");
    assert!(csv.contains("Ahmad Fauzi") && csv.contains("Siti Rahmawati") && csv.contains("Rudi Hartono"));
    assert!(!csv.contains("Budi Santoso"), "merah: filtered out");
    press_action(s, Action::Export(ExportWhat::ListCsv));
    assert!(dir.path().join("clients-2023-10-20-2.csv").exists(), "a second export gets a new name");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), csv);
    press_action(s, Action::Export(ExportWhat::ListJson));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("clients-2023-10-20.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(3));
    let log = exports(s);
    assert_eq!(log.len(), 3);
    assert!(log[0].note.contains("clients 3 rows, filter \"risk:kuning\""), "{}", log[0].note);
    assert_eq!(log[0].actor, "budi");
    // the agenda is a list too
    act(s, Action::Tab(TabName::Agenda));
    press_action(s, Action::Export(ExportWhat::ListCsv));
    let agenda = std::fs::read_to_string(dir.path().join("agenda-2023-10-20.csv")).unwrap();
    assert!(agenda.starts_with("rule,date,record,name,detail\nreporting_missed,2023-10-16,K-"), "{agenda}");
}

#[test]
fn summaries_and_attendance_export_from_lists_details_and_the_agenda() {
    let mut fx = fx(Lang::Id, 80, 24);
    let s = &mut fx.session;
    let dir = export_dir(s);
    // from the agenda: Rudi's line
    act(s, Action::Tab(TabName::Agenda));
    press_action(s, Action::Export(ExportWhat::SummaryMarkdown));
    let rudi = s.data.clients.iter().find(|c| c.name() == "Rudi Hartono").unwrap().id;
    let file = dir.path().join(format!("summary-K-{rudi:06}-rudi-hartono.md"));
    assert_eq!(status(s), format!("Disimpan ke {}", file.display()));
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.starts_with("# Ringkasan Kasus — Rudi Hartono"), "{md}");
    let log = exports(s);
    assert_eq!(log.last().map(|e| e.record), Some(Some(RecordRef::new(RecordKind::Client, rudi))));
    // the agenda's event line has no case summary; its attendance list is there
    act(s, Action::Down);
    press_action(s, Action::Export(ExportWhat::SummaryText));
    assert_eq!(status(s), "Ringkasan kasus dibuat untuk klien: pilih seorang klien dulu.");
    press_action(s, Action::Export(ExportWhat::Attendance));
    let csv = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("attendance-E-"))
        .unwrap();
    assert!(csv.to_string_lossy().ends_with("-rapat-evaluasi.csv"), "{}", csv.display());
    assert!(std::fs::read_to_string(&csv).unwrap().contains("Rudi Hartono,BAPAS Batu,participant,attended"));
    // from a client's details, as plain text
    act(s, Action::Tab(TabName::Clients));
    act(s, Action::Open);
    press_action(s, Action::Export(ExportWhat::SummaryText));
    let txt = std::fs::read_to_string(dir.path().join("summary-K-000001-ahmad-fauzi.txt")).unwrap();
    assert!(txt.starts_with("Ringkasan Kasus — Ahmad Fauzi (K-000001)\n====="), "{txt}");
    assert_eq!(exports(s).len(), 3, "refused exports are not audited");
}

#[test]
fn over_ssh_the_message_says_the_file_is_on_the_server() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    let dir = tempfile::tempdir().unwrap();
    s.set_casework(CaseworkOptions {
        export_dir: Some(dir.path().to_path_buf()),
        remote: true,
        ..CaseworkOptions::default()
    });
    press_action(s, Action::Export(ExportWhat::SummaryMarkdown));
    assert!(status(s).ends_with("(the file is on the server, not on your computer)"), "{}", status(s));
    // a directory that cannot be written: an error, no audit entry
    s.set_casework(CaseworkOptions {
        export_dir: Some(dir.path().join("missing")),
        remote: true,
        ..CaseworkOptions::default()
    });
    press_action(s, Action::Export(ExportWhat::SummaryMarkdown));
    assert!(status(s).starts_with("Export failed, no file written"), "{}", status(s));
    assert_eq!(exports(s).len(), 1);
}

/// Over SSH the message also gives the `ssh` command line that writes the
/// same export on the user's own machine, and puts it on their clipboard.
#[test]
fn over_ssh_the_command_line_for_the_users_machine_is_offered_and_copied() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    let dir = tempfile::tempdir().unwrap();
    s.set_casework(CaseworkOptions {
        export_dir: Some(dir.path().to_path_buf()),
        remote: true,
        ssh: Some(super::SshOrigin { user: "siti".into(), host: "192.0.2.1".into(), port: 2222 }),
        ..CaseworkOptions::default()
    });
    press_action(s, Action::Export(ExportWhat::SummaryMarkdown));
    let line = "ssh -p 2222 siti@192.0.2.1 summary K-000001 --format markdown --unprotected > K-000001-summary.md";
    assert!(
        status(s).contains(&format!("On your computer (copied to the clipboard where the terminal allows): {line}")),
        "{}",
        status(s)
    );
    assert_eq!(s.app.clipboard.as_deref(), Some(line));
    // a filtered list: the filter goes along, quoted for the server and for the user's shell
    act(s, Action::Back);
    filter_to(s, "risk:hijau fauzi");
    press_action(s, Action::Export(ExportWhat::ListCsv));
    let line = s.app.clipboard.clone().unwrap();
    assert_eq!(
        line,
        format!(
            "ssh -p 2222 siti@192.0.2.1 export clients --format csv --query \"'risk:hijau fauzi'\" --unprotected > clients-{}.csv",
            s.app.today.format("%Y-%m-%d")
        )
    );
    // the server splits what the user's shell passes on into the words the export was made of
    let passed = "export clients --format csv --query 'risk:hijau fauzi' --unprotected";
    assert_eq!(crate::server::commands::words(passed).unwrap()[5], "risk:hijau fauzi");
    // and the terminal is asked to copy it
    assert_eq!(crate::ui::terminal::osc52("ab"), "\x1b]52;c;YWI=\x07");
}

// ---- snapshots ----

#[test]
fn snapshots_of_the_agenda_and_dashboard() {
    for lang in Lang::ALL {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let tag = |what: &str| format!("{what}_{}_{w}x{h}", lang.code());
            let mut fx = fx(lang, w, h);
            let s = &mut fx.session;
            s.app.db_label = "/data/simpul.db".into();
            act(s, Action::Tab(TabName::Agenda));
            act(s, Action::Down);
            snap(&tag("agenda"), render(s, w, h));
            act(s, Action::Tab(TabName::Dashboard));
            snap(&tag("dashboard"), render(s, w, h));
        }
    }
}

#[test]
fn the_dashboard_without_colour_or_box_drawing_still_reads() {
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    s.app.theme = Theme { color: false, ascii: true };
    act(s, Action::Tab(TabName::Dashboard));
    let screen = render(s, 80, 24);
    assert!(screen.is_ascii(), "{screen}");
    assert!(screen.contains("  red             ") && screen.contains("# 1"), "{screen}");
    snap("dashboard_ascii_no_color_en_80x24", screen);
    act(s, Action::Tab(TabName::Agenda));
    let screen = render(s, 80, 24);
    assert!(screen.is_ascii(), "{screen}");
    assert!(screen.contains("|> 16 Oct 2023"), "{screen}");
}

/// A session left open overnight: at midnight its today moves, the agenda
/// regroups, and a reporting mark made after midnight is dated the new day.
#[test]
fn a_session_open_across_midnight_moves_to_the_new_day() {
    // Thursday 19 October 2023, 23:59 WIB
    let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2023, 10, 19, 23, 59, 7));
    let a = Actor::new("budi", Role::Officer);
    // Wulan reports on Fridays and has every Friday so far recorded
    let mut wulan = Client::new("Wulan Sari");
    // a complete case file, so that what is due is all the agenda holds
    (wulan.register_no, wulan.birth_date, wulan.gender) = ("PAS.30/2023".into(), Some(d(1990, 5, 1)), Gender::Female);
    wulan.nik = Some("3507164105900001".into());
    wulan.supervision_start = Some(d(2023, 9, 29));
    wulan.reporting.frequency = ReportingFrequency::Weekly;
    for day in [d(2023, 9, 29), d(2023, 10, 6), d(2023, 10, 13)] {
        let status = ReportingStatus::Attended;
        wulan.reporting_register.push(ReportingEntry {
            id: crate::model::PartId::NEW,
            date: day,
            status,
            note: String::new(),
            recorded_by: "rina".into(),
        });
    }
    let wulan = store.create(&a, wulan).unwrap().record_ref();
    let clock = store.clock().clone();
    let mut s = Session::new(store, &super::super::tests::opts(Lang::En), 80, 24);
    settle(&mut s);
    let due = |s: &Session| {
        s.data
            .casework
            .items()
            .iter()
            .filter(|i| i.rule == Rule::ReportingDue)
            .map(|i| (i.record, i.date))
            .collect::<Vec<_>>()
    };
    assert_eq!(s.app.today, d(2023, 10, 19));
    assert_eq!(due(&s), vec![], "nothing is due on a Thursday");

    clock.advance(chrono::Duration::seconds(90));
    settle(&mut s);
    assert_eq!(s.app.today, d(2023, 10, 20), "the session's day moved at midnight");
    assert_eq!(due(&s), vec![(wulan, d(2023, 10, 20))], "the agenda regrouped: Friday's reporting is due");
    act(&mut s, Action::Tab(TabName::Agenda));
    assert!(render(&s, 80, 24).contains("Agenda · 20 Oct 2023 (1)"), "{}", render(&s, 80, 24));

    s.report(wulan, crate::action::ReportMark::Attended);
    let c: Client = s.store().fetch(wulan.id).unwrap();
    assert_eq!(
        c.reporting_register.last().map(|e| (e.date, e.status)),
        Some((d(2023, 10, 20), ReportingStatus::Attended))
    );
    assert!(s.app.status.as_ref().is_some_and(|m| m.text.contains("20 Oct 2023")), "{:?}", s.app.status);
    settle(&mut s);
    assert_eq!(due(&s), vec![], "recorded: nothing more is due");
}

#[test]
fn the_administrators_agenda_lists_case_files_kept_past_the_retention_period() {
    use super::load::load_agenda;
    let (_dir, store) = crate::store::temp_store_at(super::super::tests::clock());
    super::super::tests::fixture(&store);
    let admin = Actor::new("admin", Role::Admin);
    let mut old = Client::new("Lama Selesai");
    old.supervision_start = Some(d(2014, 1, 6));
    old.supervision_end = Some(d(2018, 10, 19));
    let old = store.create(&admin, old).unwrap();
    store.archive::<Client>(&admin, old.meta.id, None).unwrap();
    let mut recent = Client::new("Baru Selesai");
    recent.supervision_start = Some(d(2016, 1, 4));
    recent.supervision_end = Some(d(2018, 10, 20));
    store.create(&admin, recent).unwrap();
    let today = d(2023, 10, 20);
    let five = crate::casework::agenda::Settings { retention_years: Some(5), ..Default::default() };
    let due = |actor: &Actor, settings| {
        let items = load_agenda(&store.scoped(actor).unwrap(), today, settings, None).unwrap();
        items.into_iter().filter(|i| i.rule == Rule::RetentionReview).map(|i| (i.record, i.date)).collect::<Vec<_>>()
    };
    // ended five years ago and a day: due; five years ago to the day: not yet
    assert_eq!(due(&admin, &five), vec![(old.record_ref(), d(2018, 10, 19))], "archived, and listed");
    assert!(due(&Actor::new("budi", Role::Officer), &five).is_empty(), "administrators only");
    assert!(due(&admin, &Default::default()).is_empty(), "no period set, no review");
    let text = crate::i18n::agenda_rule(Lang::En, Rule::RetentionReview);
    assert_eq!(text, "due for review (retention)");

    // the line opens the archived case file, to purge or keep
    let opts = crate::ui::Options { actor: admin.clone(), ..super::super::tests::opts(Lang::En) };
    let mut s = Session::new(store.clone(), &opts, 120, 40);
    s.set_casework(CaseworkOptions { agenda: five, ..CaseworkOptions::default() });
    settle(&mut s);
    act(&mut s, Action::Tab(TabName::Agenda));
    settle(&mut s);
    let screen = render(&s, 120, 40);
    assert!(screen.contains("due for review (retention)") && screen.contains("Lama Selesai"), "{screen}");
    let at = s.data.casework.items().iter().position(|i| i.rule == Rule::RetentionReview).unwrap();
    s.app.agenda.selected = at;
    act(&mut s, Action::Open);
    assert_eq!(selected_ref(&s.app, &s.data), Some(old.record_ref()), "{:?}", s.app.status);
}

// ---- my clients ----

/// Rina's session on the agenda fixture: an officer whose case files name
/// her "Rina Wulandari" (Ahmad Fauzi and Dewi Lestari); Agus Salim has
/// Budi Santoso, Siti Rahmawati and Rudi Hartono.
fn as_user(fx: &Fx, actor: Actor, lang: Lang, w: u16, h: u16) -> Session {
    let opts = crate::ui::Options { actor, ..super::super::tests::opts(lang) };
    let mut s = Session::new(fx.session.store().clone(), &opts, w, h);
    s.app.db_label = "/data/simpul.db".into();
    settle(&mut s);
    s
}

fn rina() -> Actor {
    Actor { officer: Some("Rina Wulandari".into()), ..Actor::new("rina", Role::Officer) }
}

fn listed(s: &Session) -> Vec<String> {
    s.app.list().order.iter().map(|&p| s.data.clients[p as usize].name().to_string()).collect()
}

fn agenda_names(s: &Session) -> Vec<String> {
    s.data.casework.items().iter().map(|i| i.name.clone()).collect()
}

#[test]
fn an_officers_lists_open_on_their_own_clients_and_one_key_shows_the_whole_office() {
    let fx = fx(Lang::En, 120, 40);
    let mut s = as_user(&fx, rina(), Lang::En, 120, 40);
    // the client list: her two clients, the filter saying so
    assert_eq!(listed(&s), ["Ahmad Fauzi", "Dewi Lestari"]);
    assert_eq!(s.app.filter.tabs[0].applied, "officer:me");
    assert_eq!(status(&s), "My clients (Rina Wulandari); c: the whole office.");
    assert!(render(&s, 120, 40).contains("filter: officer:me"), "{}", render(&s, 120, 40));
    // the key is the action's, in every keymap
    press_action(&mut s, Action::MyClients);
    assert_eq!(listed(&s), ["Ahmad Fauzi", "Budi Santoso", "Dewi Lestari", "Rudi Hartono", "Siti Rahmawati"]);
    assert_eq!(status(&s), "The whole office.");
    // back to hers, with what else the filter holds kept
    filter_to(&mut s, "risk:kuning");
    assert_eq!(listed(&s), ["Ahmad Fauzi", "Rudi Hartono", "Siti Rahmawati"]);
    press_action(&mut s, Action::MyClients);
    assert_eq!(s.app.filter.tabs[0].applied, "officer:me risk:kuning");
    assert_eq!(listed(&s), ["Ahmad Fauzi"]);
    assert_eq!(status(&s), "My clients (Rina Wulandari).");

    // the agenda: her clients' lines (none are due) and the office's events; Rudi is Agus's
    act(&mut s, Action::Tab(TabName::Agenda));
    assert_eq!(agenda_names(&s), ["Rapat evaluasi", "Rapat evaluasi", "Sosialisasi wajib lapor"]);
    assert!(render(&s, 120, 40).contains("Agenda · 20 Oct 2023 · my clients (3)"), "{}", render(&s, 120, 40));
    press_action(&mut s, Action::MyClients);
    assert!(agenda_names(&s).contains(&"Rudi Hartono".to_string()), "{:?}", agenda_names(&s));
    assert!(render(&s, 120, 40).contains("Agenda · 20 Oct 2023 (5)"));
    press_action(&mut s, Action::MyClients);
    assert!(!agenda_names(&s).contains(&"Rudi Hartono".to_string()));

    // the dashboard: its officer filter starts on her
    act(&mut s, Action::Tab(TabName::Dashboard));
    assert_eq!(s.app.dashboard.filter.officer.as_deref(), Some("Rina Wulandari"));
    let active = |s: &Session| s.data.casework.figures.as_ref().map(|f| f.by_status.values().sum::<usize>());
    assert_eq!(active(&s), Some(2));
    press_action(&mut s, Action::MyClients);
    assert_eq!((s.app.dashboard.filter.officer.clone(), active(&s)), (None, Some(5)));
    // from another office's officer (p), the key comes back to hers
    act(&mut s, Action::CycleOfficer);
    press_action(&mut s, Action::MyClients);
    assert_eq!(s.app.dashboard.filter.officer.as_deref(), Some("Rina Wulandari"));
    // not on the other lists
    act(&mut s, Action::Tab(TabName::Events));
    press_action(&mut s, Action::MyClients);
    assert_eq!(status(&s), "My clients: on the client list, the agenda and the dashboard.");
}

#[test]
fn admins_viewers_and_officers_without_a_name_see_the_whole_office() {
    let fx = fx(Lang::En, 120, 40);
    let all = ["Ahmad Fauzi", "Budi Santoso", "Dewi Lestari", "Rudi Hartono", "Siti Rahmawati"];
    // an admin with an officer name opens on everything, and may still ask for theirs
    let admin = Actor { officer: Some("Agus Salim".into()), ..Actor::new("agus", Role::Admin) };
    let mut s = as_user(&fx, admin, Lang::En, 120, 40);
    assert_eq!(listed(&s), all);
    assert!(s.app.filter.tabs[0].applied.is_empty() && s.app.dashboard.filter.officer.is_none());
    assert_eq!(agenda_names(&s).len(), 5);
    press_action(&mut s, Action::MyClients);
    assert_eq!(listed(&s), ["Budi Santoso", "Rudi Hartono", "Siti Rahmawati"]);
    // no officer name: nothing to filter on, and how to get one
    for actor in [Actor::new("vera", Role::Viewer), Actor::new("budi", Role::Officer)] {
        let mut s = as_user(&fx, actor, Lang::Id, 120, 40);
        assert_eq!(listed(&s).len(), all.len());
        press_action(&mut s, Action::MyClients);
        assert_eq!(listed(&s).len(), all.len());
        assert!(status(&s).contains("simpul user set LOGIN --officer"), "{}", status(&s));
        filter_to(&mut s, "officer:me");
        assert!(s.app.filter.tabs[0].applied.is_empty(), "refused, not an empty list");
    }
}

#[test]
fn snapshot_of_an_officers_own_agenda() {
    let fx = fx(Lang::Id, 120, 40);
    let mut s = as_user(&fx, rina(), Lang::Id, 120, 40);
    act(&mut s, Action::Tab(TabName::Agenda));
    snap("agenda_mine_id_120x40", render(&s, 120, 40));
}

// ---- the monthly report ----

/// Presses an action's keys, nothing more (a prompt stays open).
fn press_keys(s: &mut Session, a: Action) {
    let key = super::super::keys::first_key(&s.app.keymap, a, super::super::keys::context(&s.app, &s.data))
        .unwrap_or_else(|| panic!("{a} is bound"));
    for k in key.split(' ') {
        let parsed = crate::keymap::Key::parse(k).unwrap();
        s.handle(&TermEvent::Key(KeyEvent::new(parsed.code, parsed.mods)));
    }
}

/// Answers the open prompt: its line cleared, `text` typed, Enter.
fn answer(s: &mut Session, text: &str) {
    s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    for c in text.chars() {
        s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    settle(s);
}

fn prompt_kind(s: &Session) -> Option<crate::ui::app::PromptKind> {
    s.app.prompt.as_ref().map(|p| p.kind)
}

#[test]
fn the_monthly_report_asks_the_month_then_the_passphrase_and_leaves_through_the_gate() {
    use crate::ui::app::PromptKind;
    let mut fx = fx(Lang::En, 80, 24);
    let s = &mut fx.session;
    let dir = export_dir(s);
    // the office's report, from the dashboard too (no list of its own)
    act(s, Action::Tab(TabName::Dashboard));
    press_keys(s, Action::Export(ExportWhat::SessionsCsv));
    assert_eq!(prompt_kind(s), Some(PromptKind::ReportMonth(ExportWhat::SessionsCsv)));
    assert_eq!(s.app.prompt.as_ref().map(|p| p.line.value.as_str()), Some("2023-10"), "this month, filled in");
    snap("report_month_prompt_en_80x24", render(s, 80, 24));
    // a bad month is said, and asked again
    answer(s, "2023-13");
    assert!(status(s).contains("--month 2023-13: not a month; write it as YYYY-MM"), "{}", status(s));
    assert_eq!(prompt_kind(s), Some(PromptKind::ReportMonth(ExportWhat::SessionsCsv)));
    answer(s, "2023-11");
    assert!(status(s).contains("2023-11 has not begun"), "{}", status(s));
    answer(s, "2023-10");
    // client data: the passphrase next; empty writes it in the clear, audited as such
    assert_eq!(prompt_kind(s), Some(PromptKind::Export(ExportWhat::SessionsCsv)));
    answer(s, "");
    let path = dir.path().join("sessions-2023-10.csv");
    assert_eq!(status(s), format!("Exported 5 rows to {}", path.display()));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let csv = std::fs::read_to_string(&path).unwrap();
    let rudi = csv.lines().find(|l| l.contains("Rudi Hartono")).unwrap_or_default();
    assert!(rudi.starts_with("client,2023-10,Agus Salim,K-"), "{csv}");
    // Mondays 2, 9 and 16 Oct: attended, attended, missed; the session of 9 Oct; no event in October
    assert!(rudi.ends_with(",1,1,3,2,1,0,66,0"), "{rudi}");
    let ahmad = csv.lines().find(|l| l.contains("Ahmad Fauzi")).unwrap_or_default();
    assert!(ahmad.ends_with(",1,1,0,0,0,0,,1"), "the workshop of 1 Oct attended: {ahmad}");
    assert!(csv.lines().any(|l| l.starts_with("officer,2023-10,Rina Wulandari,,,,2,")), "{csv}");
    assert_eq!(
        exports(s).last().map(|e| e.note.clone()),
        Some(format!("monthly report 2023-10, 5 clients to {} (unprotected)", path.display()))
    );
    // the printable table, sealed with a passphrase, from the client list
    act(s, Action::Tab(TabName::Clients));
    press_keys(s, Action::Export(ExportWhat::SessionsTable));
    answer(s, "2023-10");
    answer(s, "kata sandi kantor");
    // a passphrase is asked twice; answers that differ write nothing and ask again from the start
    assert!(render(s, 80, 24).contains("The passphrase once more"), "{}", render(s, 80, 24));
    answer(s, "kata sandi kantr");
    assert!(status(s).contains("The two passphrases differ; nothing was written"), "{}", status(s));
    assert!(!dir.path().join("sessions-2023-10.txt.age").exists());
    assert!(!exports(s).last().is_some_and(|e| e.note.ends_with(".age (age)")), "nothing leaves, nothing audited");
    assert!(render(s, 80, 24).contains("A passphrase to protect it"), "{}", render(s, 80, 24));
    answer(s, "kata sandi kantor");
    answer(s, "kata sandi kantor");
    let sealed = std::fs::read(dir.path().join("sessions-2023-10.txt.age")).unwrap();
    let table = crate::protect::decrypt(&sealed, "kata sandi kantor").unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(table.starts_with("Monthly Report of Guidance and Reporting — October 2023\n"), "{table}");
    assert!(table.contains("(counted up to 20 Oct 2023)") && table.contains("Rudi Hartono"), "{table}");
    assert!(exports(s).last().is_some_and(|e| e.note.ends_with("sessions-2023-10.txt.age (age)")));
}

#[test]
fn partners_and_viewers_are_told_the_monthly_report_is_not_for_their_role() {
    let fx = fx(Lang::En, 80, 24);
    let partner = Actor { stakeholder: Some(StakeholderId(1)), ..Actor::new("laz", Role::Partner) };
    for actor in [Actor::new("vera", Role::Viewer), partner] {
        let mut s = as_user(&fx, actor, Lang::En, 80, 24);
        let dir = export_dir(&mut s);
        let before = exports(&s).len();
        press_keys(&mut s, Action::Export(ExportWhat::SessionsCsv));
        assert_eq!(prompt_kind(&s), None, "not even the month is asked");
        assert!(status(&s).starts_with("The monthly report is for officers and administrators only"), "{}", status(&s));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert_eq!(exports(&s).len(), before);
    }
}

/// Presses a key sequence as the keymap writes it ("x c", "ctrl-s").
fn press_seq(s: &mut Session, keys: &str) {
    for k in keys.split(' ') {
        let parsed = crate::keymap::Key::parse(k).unwrap();
        s.handle(&TermEvent::Key(KeyEvent::new(parsed.code, parsed.mods)));
    }
}

/// An action that writes says what it asks of the store (`keys::needs`),
/// so a new action needs no role list of its own: pressed by a viewer, each
/// action of the lists and details (its questions answered, its forms
/// saved) is refused by name before it is tried, or writes nothing the
/// store would refuse.
#[test]
fn every_action_that_writes_is_refused_by_name_before_the_store_refuses_it() {
    let (_dir, store) = crate::store::temp_store_at(super::super::tests::clock());
    super::super::tests::fixture(&store);
    let mut o = super::super::tests::opts(Lang::En);
    o.actor = Actor::new("vera", Role::Viewer);
    let keymap = o.keymap.clone();
    let mut s = Session::new(store, &o, 120, 40);
    let _exports = export_dir(&mut s);
    settle(&mut s);
    let mut tried = 0;
    for ctx in [crate::action::Context::List, crate::action::Context::Detail] {
        for &action in Action::all() {
            let Some(key) = keymap.keys_for(action, ctx).into_iter().next() else { continue };
            if matches!(action, Action::Quit | Action::ForceQuit) {
                continue;
            }
            // from the first client's row, or its details, in English
            s.app.lang = Lang::En;
            s.app.prompt = None;
            s.app.form = None;
            s.app.merge = None;
            s.app.overlay = None;
            act(&mut s, Action::Tab(TabName::Clients));
            act(&mut s, Action::First);
            if ctx == crate::action::Context::Detail {
                act(&mut s, Action::Open);
                act(&mut s, Action::NextLink);
            }
            press_seq(&mut s, &key);
            let mut steps = 0;
            // answer what it asks, as a user going ahead would
            while steps < 4 {
                steps += 1;
                if s.app.prompt.is_some() {
                    press_seq(&mut s, "x enter");
                } else if s.app.form.is_some() {
                    press_seq(&mut s, "ctrl-s");
                } else if s.app.merge.is_some() || s.app.overlay.is_some() {
                    press_seq(&mut s, "y");
                } else {
                    break;
                }
                settle(&mut s);
            }
            settle(&mut s);
            tried += 1;
            let said = s.app.status.as_ref().map(|m| m.text.clone()).unwrap_or_default();
            let allowed = super::super::keys::allowed(&s.app, action, &s.data);
            assert!(
                !said.contains("may not change"),
                "{action} ({key}, {}) reached the store's refusal; declare it in keys::needs: {said}",
                ctx.name()
            );
            if !allowed {
                assert!(said.contains("your role (viewer) does not allow it"), "{action} is refused by name: {said}");
            }
        }
    }
    assert!(tried > 60, "{tried} actions tried");
}

/// A case file opened without a register number, NIK or birth date is on
/// the agenda of those who complete it, saying what it lacks; a viewer's
/// or partner's copy withholds those fields, so theirs does not list it.
#[test]
fn an_incomplete_case_file_is_on_the_agenda_of_those_who_complete_it() {
    use super::load::load_agenda;
    let (_dir, store) = crate::store::temp_store_at(super::super::tests::clock());
    super::super::tests::fixture(&store);
    let officer = Actor::new("budi", Role::Officer);
    let mut intake = Client::new("Hj. Siti Aminah");
    intake.register_no = "PAS.40/2023".into();
    let intake = store.create(&officer, intake).unwrap();
    let today = d(2023, 10, 20);
    let incomplete = |actor: &Actor| {
        let items = load_agenda(&store.scoped(actor).unwrap(), today, &Default::default(), None).unwrap();
        items.into_iter().filter(|i| i.rule == Rule::Incomplete).map(|i| (i.record, i.detail)).collect::<Vec<_>>()
    };
    assert_eq!(
        incomplete(&officer),
        vec![(intake.record_ref(), "nik, birth_date".to_string())],
        "the fixture's are complete"
    );
    assert_eq!(incomplete(&Actor::new("admin", Role::Admin)).len(), 1);
    assert!(incomplete(&Actor::new("vera", Role::Viewer)).is_empty());
    // the agenda names what is missing in the reader's language
    let mut s = Session::new(store.clone(), &super::super::tests::opts(Lang::Id), 120, 40);
    settle(&mut s);
    act(&mut s, Action::Tab(TabName::Agenda));
    let screen = render(&s, 120, 40);
    assert!(screen.contains("berkas belum lengkap (1)"), "{screen}");
    assert!(screen.contains("Hj. Siti Aminah") && screen.contains("NIK, Tanggal lahir"), "{screen}");
}
