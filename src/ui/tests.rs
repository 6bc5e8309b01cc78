//! Tests of the interface on a fixed data set: update logic, rendering of
//! stored text, and snapshots of every screen in both languages.

use chrono::NaiveDate;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::{App, Focus, Listed, Overlay};
use super::data::{ClientRow, EventRow, StakeholderRow, UiData, load_detail};
use super::update::{self, Effect, selected_ref, update};
use super::{Options, Session, Theme, view};
use crate::action::{Action, TabName};
use crate::i18n::Lang;
use crate::model::*;
use crate::store::{Actor, OpenOptions, Store};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The fixed "today" of every test.
fn today() -> NaiveDate {
    d(2023, 10, 20)
}

/// The clock of every test: 09:00 WIB on [`today`].
pub(crate) fn clock() -> crate::clock::Clock {
    crate::clock::Clock::at(2023, 10, 20, 9, 0, 7)
}

/// A small, fixed data set after the article: three partners, five
/// fictional clients (one archived), referrals, two events.
pub(crate) fn fixture(store: &Store) {
    let a = Actor::new("budi", Role::Officer);
    let mut laz = Stakeholder::new("Lembaga Amil Zakat Muhammadiyah Jawa Timur", StakeholderKind::Zakat);
    laz.short_name = "LAZISMU Jatim".into();
    laz.region = "Jawa Timur".into();
    laz.services = vec!["modal usaha".into(), "pendidikan".into()];
    laz.capacity = Some(10);
    laz.contacts.push(Contact {
        id: crate::model::PartId::NEW,
        name: "Nur Hidayah".into(),
        role: "Koordinator program".into(),
        phone: "081234567890".into(),
        email: "program@contoh.id".into(),
    });
    let laz = store.create(&a, laz).unwrap();
    let mut barista = Stakeholder::new("Pokmas Barista", StakeholderKind::Pokmas);
    barista.region = "Kab. Malang".into();
    let barista = store.create(&a, barista).unwrap();
    let mut unodc = Stakeholder::new("UNODC", StakeholderKind::International);
    unodc.region = "Jakarta".into();
    let unodc = store.create(&a, unodc).unwrap();

    let mut ids = Vec::new();
    for (name, reg, risk, officer) in [
        ("Ahmad Fauzi", "PAS.12/2022", RiskCategory::Kuning, "Rina Wulandari"),
        ("Budi Santoso", "PAS.07/2023", RiskCategory::Merah, "Agus Salim"),
        ("Dewi Lestari", "PAS.03/2021", RiskCategory::Hijau, "Rina Wulandari"),
        ("Eko Prasetyo", "PAS.15/2020", RiskCategory::Hijau, "Agus Salim"),
        ("Siti Rahmawati", "PAS.09/2022", RiskCategory::Kuning, "Agus Salim"),
    ] {
        let mut c = Client::new(name);
        c.register_no = reg.into();
        c.office = "BAPAS Malang".into();
        c.officer = officer.into();
        c.birth_place = "Malang".into();
        c.birth_date = Some(d(1988, 3, 14));
        // a complete case file (see `model::validate::missing`): born 14-03-88, day as a man's
        c.nik = Some(format!("350716140388{:04}", ids.len() + 1));
        c.supervision_start = Some(d(2022, 6, 1));
        c.supervision_end = Some(d(2025, 6, 1));
        c.address.district = "Pujon".into();
        c.address.regency = "Kab. Malang".into();
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: d(2023, 1, 10),
            category: RiskCategory::Merah,
            rri: Some(Rri::Tinggi),
            assessor: officer.into(),
            reason: "asesmen awal".into(),
        });
        c.assessments.push(Assessment {
            id: crate::model::PartId::NEW,
            date: d(2023, 8, 1),
            category: risk,
            rri: Some(Rri::Sedang),
            assessor: officer.into(),
            reason: String::new(),
        });
        c.sessions.push(GuidanceSession {
            id: crate::model::PartId::NEW,
            date: d(2023, 10, 2),
            stream: GuidanceStream::Kemandirian,
            mode: GuidanceMode::Perorangan,
            place: SessionPlace::HomeVisit,
            officer: officer.into(),
            summary: "latihan meracik kopi".into(),
            next_step: String::new(),
            group: Vec::new(),
        });
        c.skills = vec!["barista".into()];
        c.needs = vec![Need::Capital];
        // a referral shares a client only with consent: the two referred
        // below consent when they are referred, and withdraw it after
        c.consent.given = matches!(name, "Ahmad Fauzi" | "Dewi Lestari");
        ids.push(store.create(&a, c).unwrap());
    }
    let eko = ids[3].clone();
    store.archive::<Client>(&a, eko.meta.id, None).unwrap();

    let mut r = Referral::new(ids[0].id(), barista.id(), "pelatihan barista", d(2023, 2, 1));
    r.move_to(ReferralStatus::Accepted, d(2023, 2, 5), "").unwrap();
    r.move_to(ReferralStatus::Active, d(2023, 2, 10), "").unwrap();
    store.create(&a, r).unwrap();
    store.create(&a, Referral::new(ids[0].id(), laz.id(), "modal usaha", d(2023, 10, 2))).unwrap();
    let mut r = Referral::new(ids[2].id(), laz.id(), "modal usaha", d(2023, 3, 1));
    r.move_to(ReferralStatus::Accepted, d(2023, 3, 5), "").unwrap();
    r.move_to(ReferralStatus::Active, d(2023, 3, 10), "").unwrap();
    store.create(&a, r).unwrap();
    for c in [&ids[0], &ids[2]] {
        let mut c: Client = store.fetch(c.meta.id).unwrap();
        c.consent.given = false;
        store.update(&a, c).unwrap();
    }

    let mut w =
        Event::new("Lokakarya Penguatan Kerjasama Antar Lembaga", EventKind::Workshop, When::Date(d(2023, 10, 1)));
    w.end = Some(When::Date(d(2023, 10, 4)));
    w.location = "Amartha Hills, Kota Batu".into();
    w.organisers = vec![laz.id()];
    w.participants = vec![
        Participant::new(Who::Client { client: ids[0].id(), attendance: Attendance::Attended }),
        Participant::new(Who::Client { client: ids[1].id(), attendance: Attendance::Absent }),
        Participant::new(Who::Stakeholder { stakeholder: unodc.id(), representative: "perwakilan".into() }),
        Participant::new(Who::Officer { name: "Rina Wulandari".into() }),
    ];
    w.participant_count = Some(35);
    w.summary = "Penguatan kerja sama reintegrasi sosial".into();
    store.create(&a, w).unwrap();
    let mut v = Event::new("Kunjungan DITJENPAS dan UNODC", EventKind::Visit, When::Date(d(2023, 4, 12)));
    v.location = "BAPAS Malang".into();
    v.organisers = vec![unodc.id()];
    store.create(&a, v).unwrap();
}

pub(crate) struct Fx {
    _dir: tempfile::TempDir,
    pub(crate) session: Session,
}

pub(crate) fn opts(lang: Lang) -> Options {
    Options {
        lang,
        theme: Theme { color: true, ascii: false },
        actor: Actor::new("budi", Role::Officer),
        keymap: std::sync::Arc::new(crate::keymap::Keymap::preset("default").unwrap()),
        demo_clients: 10,
        demo_seed: 1,
    }
}

pub(crate) fn session(lang: Lang, w: u16, h: u16, with_data: bool) -> Fx {
    let (dir, store) = crate::store::temp_store_at(clock());
    if with_data {
        fixture(&store);
    }
    let mut session = Session::new(store, &opts(lang), w, h);
    // the index, agenda and figures are built on threads: tests type only once they are there
    session.wait_for_index();
    session.wait_for_casework();
    // the temp path differs per run: show a fixed one
    session.app.db_label = "/data/simpul.db".into();
    Fx { _dir: dir, session }
}

/// A key without modifiers, then a refresh (as the terminal loop does).
pub(super) fn press(s: &mut Session, code: KeyCode) {
    s.handle(&TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    s.refresh();
}

fn act(s: &mut Session, a: Action) -> Effect {
    let e = update(&mut s.app, a, &s.data);
    s.refresh();
    e
}

pub(crate) fn render(s: &Session, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    s.draw(&mut term).unwrap();
    term.backend().to_string()
}

fn names(s: &Session) -> Vec<String> {
    s.app.list().order.iter().map(|&p| s.data.clients[p as usize].name().to_string()).collect()
}

#[test]
fn lists_hide_archived_and_sort_by_name() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    assert_eq!(names(s), ["Ahmad Fauzi", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]);
    act(s, Action::ToggleArchived);
    assert_eq!(names(s).len(), 5);
    act(s, Action::SortReverse);
    assert_eq!(names(s)[0], "Siti Rahmawati");
    // sort by register number, ascending: keeps the selected record selected
    let sel = selected_ref(&s.app, &s.data);
    act(s, Action::SortNextColumn);
    assert_eq!(s.app.list().sort.column, 2);
    assert_eq!(names(s), ["Dewi Lestari", "Budi Santoso", "Siti Rahmawati", "Ahmad Fauzi", "Eko Prasetyo"]);
    assert_eq!(selected_ref(&s.app, &s.data), sel);
}

#[test]
fn moving_through_the_list_clamps_and_scrolls() {
    let km = std::sync::Arc::new(crate::keymap::Keymap::preset("default").unwrap());
    let mut app = App::new(Lang::En, Theme::default(), km, String::new(), String::new(), &clock());
    let rows = (1..=1000)
        .map(|i| {
            let none = super::data::Name::default();
            ClientRow::new(i, &format!("Klien {i:04}"), "", none.clone(), none, None, None, ClientStatus::Active, false)
        })
        .collect();
    let data = UiData { clients: std::sync::Arc::new(rows), ..UiData::default() };
    update::resize(&mut app, 80, 24);
    update::sync(&mut app, &data);
    update(&mut app, Action::Up, &data);
    assert_eq!(app.list().selected, 0);
    update(&mut app, Action::PageDown, &data);
    assert_eq!((app.list().selected, app.list().offset), (18, 1));
    update(&mut app, Action::Last, &data);
    assert_eq!((app.list().selected, app.list().offset), (999, 982));
    update(&mut app, Action::Down, &data);
    assert_eq!(app.list().selected, 999);
    update(&mut app, Action::First, &data);
    assert_eq!((app.list().selected, app.list().offset), (0, 0));
    // a taller terminal shows more rows, without blank space at the end
    update(&mut app, Action::Last, &data);
    update::resize(&mut app, 80, 40);
    assert_eq!(app.list().offset, 1000 - 34);
}

#[test]
fn tabs_cycle_and_open_shows_details() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    act(s, Action::NextTab);
    assert_eq!(s.app.tab, RecordKind::Stakeholder);
    act(s, Action::PrevTab);
    act(s, Action::PrevTab);
    assert_eq!(s.app.screen, super::app::Screen::Dashboard, "the agenda and dashboard follow the lists");
    act(s, Action::PrevTab);
    act(s, Action::PrevTab);
    assert_eq!((s.app.screen, s.app.tab), (super::app::Screen::Records, RecordKind::Event));
    act(s, Action::Tab(TabName::Clients));
    assert_eq!(s.app.tab, RecordKind::Client);
    // narrow: no details until opened
    assert!(s.data.detail.is_none());
    act(s, Action::Open);
    assert_eq!(s.app.focus, Focus::Detail);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Ahmad Fauzi"));
    act(s, Action::FocusPrev);
    assert_eq!(s.app.focus, Focus::List);
}

#[test]
fn a_case_file_whose_opening_cannot_be_logged_is_not_shown() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    s.store().inject_fault(Some(crate::store::Fault::WriteAt(0)));
    act(s, Action::Open);
    assert!(s.data.detail.is_none(), "nothing of the case file is shown");
    let status = s.app.status.clone().unwrap().text;
    assert!(status.starts_with("The case file was not opened: its opening could not be recorded"), "{status}");
    assert!(s.store().views(1, 5).unwrap().is_empty());
    // once it can be recorded, it opens (leaving and opening again tries again)
    act(s, Action::FocusPrev);
    act(s, Action::Open);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Ahmad Fauzi"));
    assert_eq!(s.store().views(1, 5).unwrap().len(), 1);
}

#[test]
fn following_links_and_history_back_and_forward() {
    let mut fx = session(Lang::En, 120, 40, true);
    let s = &mut fx.session;
    // wide: the details of the selection are loaded without opening
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Ahmad Fauzi"));
    act(s, Action::Open);
    let ahmad = selected_ref(&s.app, &s.data).unwrap();
    let links: Vec<_> = s.data.detail.as_ref().unwrap().links().collect();
    assert_eq!(links.len(), 3, "two referrals and one event: {links:?}");
    // nothing is selected yet: Enter says how to select
    act(s, Action::Open);
    assert!(s.app.status.as_ref().is_some_and(|m| m.text.contains("No line selected")));
    // first line: the referral to Pokmas Barista
    act(s, Action::NextLink);
    act(s, Action::Open);
    assert_eq!(s.app.tab, RecordKind::Stakeholder);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Pokmas Barista"));
    let barista = selected_ref(&s.app, &s.data).unwrap();
    assert_eq!(s.app.back, vec![ahmad]);
    // past the contact to "referred clients", back to Ahmad
    act(s, Action::Down);
    act(s, Action::Down);
    act(s, Action::Open);
    assert_eq!(selected_ref(&s.app, &s.data), Some(ahmad));
    act(s, Action::Down);
    act(s, Action::Down);
    act(s, Action::Down);
    act(s, Action::Open); // the workshop
    assert_eq!(s.app.tab, RecordKind::Event);
    let workshop = selected_ref(&s.app, &s.data).unwrap();
    assert_eq!(s.app.back, vec![ahmad, barista, ahmad]);
    act(s, Action::Back);
    assert_eq!(selected_ref(&s.app, &s.data), Some(ahmad));
    assert_eq!(s.app.focus, Focus::Detail);
    act(s, Action::Back);
    assert_eq!(selected_ref(&s.app, &s.data), Some(barista));
    act(s, Action::Forward);
    act(s, Action::Forward);
    assert_eq!(selected_ref(&s.app, &s.data), Some(workshop));
    act(s, Action::Forward);
    assert!(s.app.status.as_ref().is_some_and(|m| m.text.contains("forward")));
    // back on Ahmad, the line followed (the workshop) is highlighted again
    act(s, Action::Back);
    assert_eq!((selected_ref(&s.app, &s.data), s.app.link), (Some(ahmad), 3));
    assert!(render(s, 120, 40).lines().any(|l| l.contains("▶ →")), "{}", render(s, 120, 40));
    // following a new link drops the forward history
    act(s, Action::Up);
    act(s, Action::Open);
    assert!(s.app.forward.is_empty());
}

#[test]
fn a_link_to_a_record_the_filter_hides_opens_it_and_says_the_filter_went() {
    let mut fx = session(Lang::En, 120, 40, true);
    let s = &mut fx.session;
    // the stakeholders' list filtered to a partner that is not Pokmas Barista
    act(s, Action::Tab(crate::action::TabName::Stakeholders));
    act(s, Action::Search);
    type_text(s, "zzzz");
    press(s, KeyCode::Enter);
    assert!(s.app.list().order.is_empty());
    act(s, Action::Tab(crate::action::TabName::Clients));
    act(s, Action::Open);
    act(s, Action::NextLink);
    act(s, Action::Open);
    assert_eq!(s.app.tab, RecordKind::Stakeholder);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Pokmas Barista"));
    let msg = s.app.status.clone().unwrap().text;
    assert!(msg.contains("filter \"zzzz\" was cleared to show S-"), "{msg}");
    assert!(!msg.contains("archived"), "{msg}");
}

#[test]
fn links_to_archived_records_say_how_to_show_them() {
    let mut fx = session(Lang::En, 120, 40, true);
    let s = &mut fx.session;
    let eko = s.data.clients.iter().find(|c| c.archived).map(|c| RecordRef::new(RecordKind::Client, c.id)).unwrap();
    assert!(!update::go_to(&mut s.app, &s.data, eko));
    let msg = s.app.status.clone().unwrap().text;
    assert!(msg.contains("archived") && msg.contains("press ."), "{msg}");
    assert!(!update::go_to(&mut s.app, &s.data, RecordRef::new(RecordKind::Client, 99)));
}

#[test]
fn quitting_asks_first_only_when_dirty() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    assert_eq!(act(s, Action::Quit), Effect::Quit);
    s.app.dirty = true;
    assert_eq!(act(s, Action::Quit), Effect::None);
    assert_eq!(s.app.overlay, Some(Overlay::ConfirmQuit));
    assert_eq!(act(s, Action::ConfirmNo), Effect::None);
    assert_eq!(s.app.overlay, None);
    assert_eq!(act(s, Action::ForceQuit), Effect::None);
    assert_eq!(act(s, Action::ConfirmYes), Effect::Quit);
    // q in a list quits; in the details it closes them
    s.app.dirty = false;
    s.app.overlay = None;
    assert!(
        s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE))).is_some(),
        "q in the list quits"
    );
    press(s, KeyCode::Enter);
    assert!(s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE))).is_none());
    assert!(s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))).is_some());
}

#[test]
fn unbound_keys_are_named_in_the_status_line() {
    let mut fx = session(Lang::Id, 80, 24, true);
    let s = &mut fx.session;
    press(s, KeyCode::Char('z'));
    assert_eq!(
        s.app.status.as_ref().map(|m| m.text.as_str()),
        Some("Tombol z tidak dipakai di sini; tekan ? untuk bantuan.")
    );
}

#[test]
fn stored_escape_sequences_are_drawn_neutralised() {
    let mut fx = session(Lang::En, 120, 40, true);
    let s = &mut fx.session;
    // the store refuses control characters, so plant them in the rows and details
    std::sync::Arc::make_mut(&mut s.data.clients)[0].set_name("\x1b]0;pwned\x07Ahmad");
    std::sync::Arc::make_mut(&mut s.data.clients)[1].set_name("\x1b[2JBudi");
    if let Some(d) = s.data.detail.as_mut() {
        d.title = "\x1b[2JAhmad".into();
        d.lines.push(super::data::DetailLine::Item("evil \x1b[31mred\u{9b}".into()));
    }
    s.app.detail_scroll = 99;
    let screen = render(s, 120, 40);
    assert!(!screen.contains('\x1b') && !screen.contains('\x07') && !screen.contains('\u{9b}'));
    assert!(screen.contains("^[]0;pwned^GAhmad"), "{screen}");
    assert!(screen.contains("^[[2JBudi"));
    assert!(screen.contains("evil ^[[31mred"));
}

#[test]
fn undecodable_summaries_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let store = Store::open(&path, &OpenOptions { clock: clock(), ..OpenOptions::default() }).unwrap();
        fixture(&store);
        store.flush().unwrap();
    }
    {
        // damage one client summary and another client's record behind the store's back
        let db = crate::store::open_sled(&path, 1 << 20).unwrap();
        let key = crate::store::summary::key(crate::model::RecordKind::Client, 2);
        db.open_tree("summaries").unwrap().insert(key, &[1u8, 0xde, 0xad][..]).unwrap();
        db.open_tree("clients").unwrap().insert(3u64.to_be_bytes(), &[2u8, 0xde, 0xad][..]).unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path, &OpenOptions { clock: clock(), ..OpenOptions::default() }).unwrap();
    let scoped = store.scoped(&crate::ui::data::Actor::new("t", crate::model::Role::Admin)).unwrap();
    let data = UiData::load(&scoped);
    // the damaged record still lists (from its summary); its details say what is wrong
    assert_eq!((data.clients.len(), data.damaged), (4, 1));
    let err = load_detail(
        &scoped,
        &data,
        RecordRef::new(crate::model::RecordKind::Client, 3),
        Lang::En,
        &Default::default(),
        today(),
        crate::clock::Zone::WIB,
    );
    assert!(err.unwrap_err().to_string().contains("clients, key 3"));
    let mut s = Session::new(store, &opts(Lang::En), 80, 24);
    s.wait_for_rows();
    s.refresh();
    s.app.db_label = "/data/simpul.db".into();
    let screen = render(&s, 80, 24);
    assert!(screen.contains("! 1 damaged"), "{screen}");
}

#[test]
fn client_rows_are_compact_and_share_office_and_officer_names() {
    // 100 000 rows: every byte here is 100 kB resident
    assert!(std::mem::size_of::<ClientRow>() <= 72, "{} bytes", std::mem::size_of::<ClientRow>());
    let opts = crate::demo::DemoOptions { clients: 200, seed: 1, today: today() };
    let mut names = super::data::Names::default();
    let (clients, rows): (Vec<crate::model::Client>, Vec<ClientRow>) = crate::demo::clients(&opts)
        .map(|(c, _)| {
            let r = ClientRow::from_summary(&crate::store::summary::ClientSummary::of(&c), &mut names);
            (c, r)
        })
        .unzip();
    let rows = names.share(rows);
    assert!(rows.windows(2).all(|w| w[0].shares_buffer_with(&w[1])), "one buffer for the rows' texts");
    let rows: Vec<(crate::model::Client, ClientRow)> = clients.into_iter().zip(rows).collect();
    let (a, b) = rows
        .iter()
        .flat_map(|x| rows.iter().map(move |y| (x, y)))
        .find(|(x, y)| x.0.meta.id != y.0.meta.id && x.0.office == y.0.office && x.0.officer == y.0.officer)
        .expect("two demo clients with the same office and officer");
    assert!(a.1.shares_names_with(&b.1), "one copy of the names for both rows");
    assert_eq!((a.1.name(), a.1.register_no()), (a.0.full_name.as_str(), a.0.register_no.as_str()));
}

#[test]
fn rows_made_from_the_search_index_are_the_rows_of_the_summaries_for_every_view() {
    let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2026, 11, 27, 9, 0, 7));
    let admin = Actor::new("ana", Role::Admin);
    super::data::load_demo(&store, &admin, 300, 1).unwrap();
    let day = d(2026, 11, 27);
    // a partner with clients referred to it
    let partner = store
        .scan::<Stakeholder>()
        .map(|s| Actor { stakeholder: Some(StakeholderId(s.unwrap().meta.id)), ..Actor::new("lazis", Role::Partner) })
        .find(|a| store.scoped(a).unwrap().summaries::<crate::store::summary::ClientSummary>().next().is_some())
        .unwrap();
    let actors = [admin, Actor::new("olga", Role::Officer), Actor::new("vera", Role::Viewer), partner];
    for actor in actors {
        let view = store.scoped(&actor).unwrap();
        // owned, so the next read is not handed these rows (shared while held)
        let (expected, damaged) = {
            let data = UiData::load(&view);
            (data.clients.to_vec(), data.damaged)
        };
        assert!(!expected.is_empty(), "{:?} sees clients", actor.role);
        // built, then kept and read back
        let (built, _) = crate::search::index::SearchIndex::open_view(&view, day, true).unwrap();
        let (again, _) = crate::search::index::SearchIndex::open_view(&view, day, true).unwrap();
        for index in [built, again] {
            let index = std::sync::Arc::new(index);
            let mut asked = false;
            let data = UiData::load_with(&view, || {
                asked = true;
                Some(std::sync::Arc::clone(&index))
            });
            assert!(asked, "the rows were made from the index");
            assert_eq!(data.clients[..], expected[..], "{:?}", actor.role);
            assert_eq!(data.damaged, damaged);
            let first = index.clients.iter().next().unwrap();
            assert!(data.clients[0].shares_text_with(first), "one copy of the names");
        }
    }
}

/// The rows made from the search index come with its order of names:
/// the list sorted by name takes it instead of sorting 100k rows, and it
/// is the order a sort gives (names as written, case aside, then ids).
#[test]
fn a_list_by_name_taken_from_the_index_is_the_order_a_sort_gives() {
    let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2026, 11, 27, 9, 0, 7));
    let admin = Actor::new("ana", Role::Admin);
    super::data::load_demo(&store, &admin, 60, 3).unwrap();
    let mut archive = Vec::new();
    for (name, archived) in [
        ("Élan Saputra", false),
        ("elan Saputra", false),
        ("Elan Sapura", false),
        ("Achmad Fauzi", false),
        ("Ahmad Fauzi", false),
        ("achmad Fauzi", false),
        ("Budi", true),
        ("Budi", false),
        ("ahmad", false),
        ("Ahmad", false),
        ("Ölan", false),
        ("Zainal", true),
    ] {
        let mut c = Client::new(name);
        c.consent.given = true;
        let c = store.create(&admin, c).unwrap();
        if archived {
            archive.push(c.meta.id);
        }
    }
    for id in archive {
        store.archive::<Client>(&admin, id, None).unwrap();
    }
    let view = store.scoped(&admin).unwrap();
    let (index, _) = crate::search::index::SearchIndex::open_view(&view, d(2026, 11, 27), false).unwrap();
    let index = std::sync::Arc::new(index);
    let data = UiData::load_with(&view, || Some(std::sync::Arc::clone(&index)));
    assert_eq!(
        data.clients_by_name.as_ref().map(|o| o.len()),
        Some(data.clients.len()),
        "the order came with the rows"
    );
    let sorted = UiData { clients_by_name: None, ..data.clone() };
    let km = std::sync::Arc::new(crate::keymap::Keymap::preset("default").unwrap());
    for (descending, show_archived) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut app =
            App::new(Lang::En, Theme::default(), std::sync::Arc::clone(&km), String::new(), String::new(), &clock());
        update::resize(&mut app, 80, 24);
        let l = &mut app.lists[RecordKind::Client.index()];
        l.sort = super::app::Sort { column: 1, descending };
        l.show_archived = show_archived;
        update::sync(&mut app, &data);
        let taken = app.list().order.clone();
        update::sync(&mut app, &sorted);
        assert_eq!(taken, app.list().order, "descending {descending}, archived shown {show_archived}");
        let names: Vec<&str> = taken.iter().map(|&p| data.clients[p as usize].name()).collect();
        let hidden = usize::from(!show_archived) * 2;
        assert_eq!(names.len(), data.clients.len() - hidden);
        // as written, case aside, then by id: spellings search takes alike
        // are not interleaved
        let mine = ["Élan Saputra", "elan Saputra", "Elan Sapura", "Achmad Fauzi", "Ahmad Fauzi", "achmad Fauzi"];
        let mut seen = names.iter().filter(|n| mine.contains(n)).copied().collect::<Vec<_>>();
        if descending {
            seen.reverse();
        }
        assert_eq!(
            seen,
            ["Achmad Fauzi", "achmad Fauzi", "Ahmad Fauzi", "Elan Sapura", "elan Saputra", "Élan Saputra"]
        );
        assert_eq!(names.contains(&"Zainal"), show_archived);
    }
    // a row changed: the order is made again, by a sort
    drop(sorted);
    let mut changed = data;
    let mut c = store.scan::<Client>().next().unwrap().unwrap();
    c.full_name = "Aaron".into();
    store.update(&admin, c).unwrap();
    let mark = changed.audit_mark;
    assert!(changed.apply_changes(&view).is_some(), "from mark {mark}");
    assert!(changed.clients_by_name.is_none());
}

#[test]
fn rows_from_summaries_are_rows_from_records() {
    let opts = crate::demo::DemoOptions { clients: 300, seed: 1, today: today() };
    for (c, _) in crate::demo::clients(&opts) {
        let s = crate::store::summary::ClientSummary::of(&c);
        let mut names = super::data::Names::default();
        let row = ClientRow::from_summary(&s, &mut names);
        assert_eq!(names.share(vec![row]), vec![ClientRow::of(&c)]);
    }
    for st in crate::demo::stakeholders() {
        assert_eq!(
            StakeholderRow::from_summary(crate::store::summary::StakeholderSummary::of(&st)),
            StakeholderRow::of(&st)
        );
    }
    for e in crate::demo::events(&opts) {
        assert_eq!(EventRow::from_summary(crate::store::summary::EventSummary::of(&e)), EventRow::of(&e));
    }
}

#[test]
fn details_name_linked_records() {
    let mut fx = session(Lang::Id, 120, 40, true);
    let s = &mut fx.session;
    let store_detail = |s: &Session, r| {
        load_detail(&s.scoped(), &s.data, r, Lang::Id, &Default::default(), today(), crate::clock::Zone::WIB).unwrap()
    };
    let laz = s.data.stakeholders.iter().find(|r| r.short == "LAZISMU Jatim").unwrap().id;
    let d = store_detail(s, RecordRef::new(RecordKind::Stakeholder, laz));
    let text = format!("{:?}", d.lines);
    assert!(text.contains("Dewi Lestari — modal usaha (berjalan)"), "{text}");
    assert!(text.contains("Ahmad Fauzi — modal usaha (diusulkan)"), "{text}");
    assert!(text.contains("1 Okt 2023  Lokakarya"), "{text}");
    assert!(text.contains("0 dari 10 terpakai") || text.contains("1 dari 10 terpakai"), "{text}");
    act(s, Action::Tab(TabName::Events));
    let d = s.data.detail.clone().unwrap();
    let text = format!("{:?}", d.lines);
    assert!(text.contains("Budi Santoso — tidak hadir"), "{text}");
    assert!(text.contains("UNODC — perwakilan"), "{text}");
}

// ---- snapshots ----

pub(crate) fn snap(name: &str, screen: String) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, screen);
    });
}

#[test]
fn snapshots_of_every_screen() {
    for lang in Lang::ALL {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let tag = |what: &str| format!("{what}_{}_{w}x{h}", lang.code());
            let mut fx = session(lang, w, h, true);
            let s = &mut fx.session;
            snap(&tag("clients"), render(s, w, h));
            act(s, Action::Open);
            snap(&tag("client_detail"), render(s, w, h));
            act(s, Action::Tab(TabName::Stakeholders));
            snap(&tag("stakeholders"), render(s, w, h));
            act(s, Action::Tab(TabName::Events));
            snap(&tag("events"), render(s, w, h));
            act(s, Action::Open);
            snap(&tag("event_detail"), render(s, w, h));
            act(s, Action::FocusPrev);
            act(s, Action::Help);
            snap(&tag("help"), render(s, w, h));

            let fx = session(lang, w, h, false);
            snap(&tag("welcome"), render(&fx.session, w, h));
        }
        let mut fx = session(lang, 60, 20, true);
        update::resize(&mut fx.session.app, 60, 20);
        snap(&format!("too_small_{}_60x20", lang.code()), render(&fx.session, 60, 20));
    }
}

#[test]
fn the_welcome_names_the_keys_of_the_keymap_in_force_and_fits_80x24() {
    for lang in Lang::ALL {
        let mut fx = session(lang, 80, 24, false);
        let screen = render(&fx.session, 80, 24);
        for text in
            ["D   ", "n   ", "f1  ", "ctrl-p", "simpul import clients", "README", "ssh -p 2222", "simpul serve", "q   "]
        {
            assert!(screen.contains(text), "{lang:?}: {text}: {screen}");
        }
        // the box is whole: its bottom border is above the status line
        assert!(screen.lines().nth(21).is_some_and(|l| !l.contains('┌')), "{screen}");
        fx.session.app.keymap = std::sync::Arc::new(crate::keymap::Keymap::preset("emacs").unwrap());
        let screen = render(&fx.session, 80, 24);
        assert!(screen.contains("alt-x") && !screen.contains("ctrl-p"), "the palette's key in emacs: {screen}");
    }
    // n starts the first client there
    let mut fx = session(Lang::En, 80, 24, false);
    press(&mut fx.session, KeyCode::Char('n'));
    assert!(render(&fx.session, 80, 24).contains("New client"), "{}", render(&fx.session, 80, 24));
}

/// The screen without its spaces, line breaks and quotes: a text shown
/// whole, over as many rows as it wraps to, is in it.
fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '"').collect()
}

#[test]
fn long_messages_status_lines_and_palette_descriptions_are_shown_whole() {
    let mut fx = session(Lang::Id, 80, 24, true);
    let s = &mut fx.session;
    // an error of four rows: every word of it, the way out at its end included
    let msg = crate::i18n::fill(
        crate::i18n::Msg::NotEmpty.text(Lang::Id),
        &[("path", "/home/petugas/.local/share/simpul/kantor-bapas-malang.db")],
    );
    s.app.error(msg.clone());
    let screen = render(s, 80, 24);
    assert!(flat(&screen).contains(&flat(&msg)), "{screen}");
    assert!(screen.contains("Galat: Basis data"), "{screen}");
    // the status line gives up the database and the user before what the list shows
    s.app.status = None;
    s.app.db_label = "/home/petugas/.local/share/simpul/kantor-bapas-malang.db".into();
    s.app.marked.extend([1, 2, 3]);
    act(s, Action::ToggleArchived);
    let screen = render(s, 80, 24);
    let status = screen.lines().nth(22).unwrap_or_default();
    assert!(status.contains("3 ditandai") && status.contains("arsip ditampilkan"), "{screen}");
    assert!(status.contains("5 klien · 3 mitra · 2 kegiatan"), "{screen}");
    // at 120 columns there is room for the database too, its path shortened from the start
    update::resize(&mut s.app, 120, 40);
    let screen = render(s, 120, 40);
    let status = screen.lines().nth(38).unwrap_or_default();
    assert!(status.contains("DB …") && status.contains("kantor-bapas-malang.db"), "{screen}");
    assert!(status.contains("pengguna budi") && status.contains("arsip ditampilkan"), "{screen}");
    update::resize(&mut s.app, 80, 24);
    // a description longer than its column wraps under itself
    act(s, Action::Palette);
    let screen = render(s, 80, 24);
    assert!(Action::ForceQuit.description(Lang::Id).ends_with("(bertanya bila belum disimpan)"));
    assert!(
        screen.contains("Keluar dari mana saja (bertanya bila") && screen.contains("│  belum disimpan)"),
        "{screen}"
    );
}

#[test]
fn help_columns_align_for_long_key_names() {
    for preset in ["default", "vim", "emacs"] {
        for lang in Lang::ALL {
            let mut fx = session(lang, 120, 60, true);
            let s = &mut fx.session;
            s.app.keymap = std::sync::Arc::new(crate::keymap::Keymap::preset(preset).unwrap());
            for focus in [Action::FocusPrev, Action::Open] {
                act(s, focus);
                // every description starts in the same column, in both sections
                let lines = view::help_lines(&s.app, &s.data, None);
                let starts: std::collections::BTreeSet<usize> =
                    lines.iter().filter(|l| l.spans.len() == 2).map(|l| l.spans[0].width()).collect();
                assert_eq!(starts.len(), 1, "{preset} {lang:?}: {starts:?}");
                // narrow: descriptions wrap under themselves, keys too long for a third of the row stand alone
                let width = 40;
                let lines = view::help_lines(&s.app, &s.data, Some(width));
                assert!(lines.iter().all(|l| l.width() <= width), "{preset} {lang:?}");
                let narrow: std::collections::BTreeSet<usize> =
                    lines.iter().filter(|l| l.spans.len() == 2).map(|l| l.spans[0].width()).collect();
                assert_eq!(narrow.len(), 1, "{preset} {lang:?}: {narrow:?}");
                let indent = narrow.first().copied().unwrap_or(0);
                for l in lines.iter().filter(|l| l.spans.len() == 1 && l.spans[0].content.starts_with(' ')) {
                    assert!(l.spans[0].content.starts_with(&" ".repeat(indent)), "{preset} {lang:?}: {l:?}");
                }
            }
        }
    }
}

#[test]
fn no_color_and_ascii_still_mark_the_selection() {
    let mut fx = session(Lang::En, 80, 24, true);
    fx.session.app.theme = Theme { color: false, ascii: true };
    let screen = render(&fx.session, 80, 24);
    assert!(screen.contains("|> K-"), "{screen}");
    assert!(!screen.contains('│') && !screen.contains('▶') && !screen.contains('─'), "{screen}");
    snap("ascii_no_color_en_80x24", screen);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| view::view(&fx.session.app, &fx.session.data, f)).unwrap();
    let buf = term.backend().buffer();
    let selected_row = (0..24).find(|&y| buf[(1, y)].symbol() == ">").unwrap();
    assert!(buf[(5, selected_row)].modifier.contains(ratatui::style::Modifier::REVERSED));
    assert_eq!(buf[(5, selected_row)].fg, ratatui::style::Color::Reset);
}

/// Every main screen under `--ascii` without colour: lists, details, help,
/// a form, the palette, the agenda, the figures and the welcome screen
/// hold no character outside ASCII, and still show the selection (`>` and
/// reverse video), a flag (`!`) and the risk (its word).
#[test]
fn ascii_screens_hold_only_ascii_and_still_mark_selection_flags_and_risk() {
    for lang in Lang::ALL {
        let mut fx = session(lang, 80, 24, true);
        let s = &mut fx.session;
        s.app.theme = Theme { color: false, ascii: true };
        s.store().write(&Actor::new("budi", Role::Officer), |b| b.flag(2, "tidak hadir dua kali")).unwrap();
        s.refresh();
        s.wait_for_casework();
        s.refresh();
        let tag = |what: &str| format!("ascii_{what}_{}_80x24", lang.code());
        let mut screens = Vec::new();
        let clients = render(s, 80, 24);
        let (red, flagged) = match lang {
            Lang::Id => ("merah", "! Budi Santoso"),
            Lang::En => ("red", "! Budi Santoso"),
        };
        assert!(clients.contains(flagged) && clients.contains(red) && clients.contains("|> K-000001"), "{clients}");
        screens.push((tag("clients"), clients));
        act(s, Action::Down);
        act(s, Action::Open);
        screens.push((tag("client_detail"), render(s, 80, 24)));
        press(s, KeyCode::Char('e'));
        assert!(s.app.form.is_some());
        screens.push((tag("client_form"), render(s, 80, 24)));
        press(s, KeyCode::Esc);
        act(s, Action::FocusPrev);
        act(s, Action::Help);
        screens.push((tag("help"), render(s, 80, 24)));
        act(s, Action::Help);
        act(s, Action::Palette);
        screens.push((tag("palette"), render(s, 80, 24)));
        act(s, Action::Cancel);
        // opening the case file was logged: the agenda and figures are worked out again
        s.wait_for_casework();
        s.refresh();
        for (tab, what) in [
            (TabName::Stakeholders, "stakeholders"),
            (TabName::Events, "events"),
            (TabName::Agenda, "agenda"),
            (TabName::Dashboard, "dashboard"),
        ] {
            act(s, Action::Tab(tab));
            // the agenda and figures are worked out on a thread
            s.wait_for_casework();
            s.refresh();
            screens.push((tag(what), render(s, 80, 24)));
        }
        let fx = session(lang, 80, 24, false);
        let mut welcome = fx.session;
        welcome.app.theme = Theme { color: false, ascii: true };
        screens.push((tag("welcome"), render(&welcome, 80, 24)));
        for (name, screen) in screens {
            let odd: Vec<char> = screen.chars().filter(|c| !c.is_ascii()).collect();
            assert!(odd.is_empty(), "{name}: {odd:?}\n{screen}");
            snap(&name, screen);
        }
        // the selected row: its marker, and the bar in reverse video without colour
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        act(s, Action::Tab(TabName::Clients));
        s.draw(&mut term).unwrap();
        let buf = term.backend().buffer();
        let y = (0..24).find(|&y| buf[(1, y)].symbol() == ">").unwrap();
        assert!(buf[(3, y)].modifier.contains(ratatui::style::Modifier::REVERSED));
        assert!((0..24).all(|y| (0..80).all(|x| buf[(x, y)].fg == ratatui::style::Color::Reset)), "no colour");
    }
}

/// A writer whose bytes can be read while the backend owns it.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes the diffing backend writes for one `down` at 80×24.
fn bytes_of_one_move(s: &mut Session) -> Vec<u8> {
    let out = Shared::default();
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24));
    let backend = super::backend::Lean::new(out.clone());
    let mut term = Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
    s.draw(&mut term).unwrap();
    out.0.borrow_mut().clear();
    act(s, Action::Down);
    s.draw(&mut term).unwrap();
    out.0.take()
}

#[test]
fn a_cursor_move_at_80x24_writes_at_most_100_bytes() {
    // the design target: officers browse over slow SSH links
    for theme in [Theme { color: true, ascii: false }, Theme { color: false, ascii: true }] {
        for lang in Lang::ALL {
            let mut fx = session(lang, 80, 24, true);
            fx.session.app.theme = theme;
            let bytes = bytes_of_one_move(&mut fx.session);
            assert!(!theme.ascii || bytes.is_ascii(), "{}", String::from_utf8_lossy(&bytes));
            assert!(
                bytes.len() <= 100,
                "{theme:?} {lang:?}: {} bytes: {}",
                bytes.len(),
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}

#[test]
fn the_selection_bar_covers_marker_and_id_only() {
    let mut fx = session(Lang::En, 80, 24, true);
    act(&mut fx.session, Action::Down);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    fx.session.draw(&mut term).unwrap();
    let buf = term.backend().buffer();
    let reversed = |x: u16, y: u16| buf[(x, y)].modifier.contains(ratatui::style::Modifier::REVERSED);
    let rows: Vec<u16> = (2..22).filter(|&y| (1..79).any(|x| reversed(x, y))).collect();
    // only the selected row, the second one (row 3: tab bar, border, header, first row)
    assert_eq!(rows, [4]);
    assert_eq!(buf[(1, 4)].symbol(), "▶");
    // "│▶ K-000002 Budi …": marker, space and id are in the bar (columns 1 to 10), the name is not
    let row: String = (0..80).map(|x| buf[(x, 4)].symbol()).collect();
    assert!(row.starts_with("│▶ K-000002 Budi Santoso"), "{row}");
    assert!((1..=10).all(|x| reversed(x, 4)), "marker and id are in the bar");
    assert!((11..79).all(|x| !reversed(x, 4)), "name, register, risk and status are not");
    // one style for the whole bar: its cells share one colour
    assert!((1..=10).all(|x| buf[(x, 4)].fg == buf[(1, 4)].fg));
}

/// The register numbers of the client rows on screen.
fn registers_on_screen(s: &Session) -> Vec<String> {
    let l = s.app.list();
    let rows = super::layout::list_rows(s.app.width, s.app.height);
    l.order.iter().skip(l.offset).take(rows).map(|&p| s.data.clients[p as usize].register_no().to_string()).collect()
}

#[test]
fn register_numbers_are_never_cut_and_the_name_gives_way() {
    // the demo's public records carry their own dates: a today after them
    let (_dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2026, 11, 28, 9, 0, 7));
    super::data::load_demo(&store, &Actor::new("budi", Role::Officer), 40, 1).unwrap();
    // a long one, as some offices write them
    let mut long = Client::new("Zainal Abidin Zulkarnain");
    long.register_no = "W15.PAS.PAS1.PK.01.05.02-123/2021".into();
    store.create(&Actor::new("budi", Role::Officer), long).unwrap();
    let mut s = Session::new(store, &opts(Lang::Id), 80, 24);
    s.wait_for_index();
    for (w, h) in [(80u16, 24u16), (100, 30), (140, 40), (200, 50)] {
        for lang in Lang::ALL {
            s.app.lang = lang;
            update::resize(&mut s.app, w, h);
            s.refresh();
            let screen = render(&s, w, h);
            let registers = registers_on_screen(&s);
            assert!(registers.len() > 5, "{registers:?}");
            for r in &registers {
                assert!(r.len() >= 17 && screen.contains(r.as_str()), "{w}x{h} {lang:?}: {r} is cut: {screen}");
            }
            // sorted by name the long one is the last; by register number, the first (W after P)
            act(&mut s, Action::Last);
            let screen = render(&s, w, h);
            assert!(screen.contains("W15.PAS.PAS1.PK.01.05.02-123/2021"), "{w}x{h} {lang:?}: {screen}");
            act(&mut s, Action::First);
        }
    }
}

#[test]
fn tiny_and_odd_sizes_never_panic() {
    let mut fx = session(Lang::En, 80, 24, true);
    for (w, h) in [(0, 0), (1, 1), (10, 3), (79, 24), (80, 23), (80, 24), (300, 100), (110, 24)] {
        update::resize(&mut fx.session.app, w, h);
        fx.session.refresh();
        if w == 0 {
            // the test backend cannot print an empty buffer; drawing must not panic
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            fx.session.draw(&mut term).unwrap();
            continue;
        }
        let screen = render(&fx.session, w, h);
        if super::layout::too_small(w, h) && w >= 40 && h >= 5 {
            assert!(screen.contains("80×24"), "{w}x{h}: {screen}");
        }
    }
}

#[test]
fn a_help_taller_than_the_screen_scrolls_instead_of_cutting_text() {
    let mut fx = session(Lang::En, 80, 24, true);
    act(&mut fx.session, Action::Help);
    let first = render(&fx.session, 80, 24);
    assert!(first.contains("Open the details / follow the link"), "descriptions are whole: {first}");
    assert!(!first.contains("Quit at once"), "the global keys are further down");
    act(&mut fx.session, Action::Last);
    let last = render(&fx.session, 80, 24);
    assert!(last.contains("Anywhere"), "{last}");
    act(&mut fx.session, Action::Up);
    assert_eq!(fx.session.app.overlay, Some(super::app::Overlay::Help), "moving keys keep it open");
    act(&mut fx.session, Action::First);
    assert_eq!(render(&fx.session, 80, 24), first);
    act(&mut fx.session, Action::Open);
    assert_eq!(fx.session.app.overlay, None, "any other key closes");
    // on a terminal tall enough the help fits in columns and says any key closes
    update::resize(&mut fx.session.app, 120, 50);
    act(&mut fx.session, Action::Help);
    assert!(render(&fx.session, 120, 50).contains("any key closes"));
}

#[test]
fn long_detail_values_wrap_and_scroll_to_the_end() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    act(s, Action::Open);
    let top = render(s, 80, 24);
    assert!(top.contains("Lokakarya Penguatan Kerjasama Antar Lembaga (workshop) —"), "{top}");
    assert!(top.contains("│    attended"), "the rest of the link wraps under it: {top}");
    for _ in 0..5 {
        act(s, Action::PageDown);
    }
    let end = render(s, 80, 24);
    assert!(end.contains("Needs"), "page down reaches the last row: {end}");
    assert!(!end.lines().any(|l| l.contains("Needs") && l.ends_with("…│")));
    // every row of the pane keeps within its border
    for line in end.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line.trim_matches('"')) <= 80, "{line}");
    }
}

#[test]
fn a_partner_sees_its_clients_only_and_withheld_fields_as_withheld() {
    let (_dir, store) = crate::store::temp_store_at(clock());
    fixture(&store);
    // LAZISMU's referred client must consent before LAZISMU may see them
    let laz = store.scan::<Stakeholder>().map(Result::unwrap).find(|s| s.short_name == "LAZISMU Jatim").unwrap();
    let referred: Vec<u64> = store.referrals_to(laz.id()).unwrap().iter().map(|r| r.client.0).collect();
    assert!(!referred.is_empty());
    let admin = Actor::new("admin", Role::Admin);
    let mut c: Client = store.fetch(referred[0]).unwrap();
    c.consent.given = true;
    c.nik = None;
    store.update(&admin, c.clone()).unwrap();
    let mut o = opts(Lang::En);
    o.actor = Actor::new("laz", Role::Partner);
    o.actor.stakeholder = Some(laz.id());
    let mut s = Session::new(store, &o, 80, 24);
    assert_eq!(names(&s), vec![c.full_name.clone()], "only the referred, consenting client");
    act(&mut s, Action::Open);
    s.refresh();
    let screen = render(&s, 80, 24);
    assert!(screen.contains("Risk category    [withheld]"), "{screen}");
    act(&mut s, Action::PageDown);
    act(&mut s, Action::PageDown);
    let screen = render(&s, 80, 24);
    assert!(screen.contains("NIK              [withheld]"), "{screen}");
    assert!(screen.contains("Offence          [withheld]"), "{screen}");
}

/// What a role may not read cannot be searched: the qualifier is refused
/// with the reason, and the value typed as free text finds nothing.
#[test]
fn a_viewer_searches_only_what_it_sees() {
    let (_dir, store) = crate::store::temp_store_at(clock());
    fixture(&store);
    let admin = Actor::new("admin", Role::Admin);
    let mut c: Client = store.fetch(1).unwrap();
    c.nik = Some("3507131403880001".into());
    store.update(&admin, c.clone()).unwrap();
    let mut o = opts(Lang::En);
    o.actor = Actor::new("vera", Role::Viewer);
    let mut s = Session::new(store, &o, 80, 24);
    s.wait_for_index();
    press(&mut s, KeyCode::Char('/'));
    type_text(&mut s, "risk:merah");
    let screen = render(&s, 80, 24);
    assert!(screen.contains("risk: not shown to your role, so it cannot be searched"), "{screen}");
    // refused, not applied: the list keeps the last good query ("risk" as a word)
    assert_eq!(s.app.filter.tabs[s.app.tab.index()].applied, "risk");
    for _ in 0.."risk:merah".len() {
        press(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "3507131403");
    press(&mut s, KeyCode::Enter);
    assert!(s.app.list().order.is_empty(), "a NIK typed as a word finds nothing: {}", render(&s, 80, 24));
    // ctrl-g, the global search, neither
    press(&mut s, KeyCode::Esc);
    s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL)));
    type_text(&mut s, "3507131403");
    assert_eq!(s.app.global.as_ref().map(|g| g.hits.iter().count()), Some(0));
    // an officer finds the client by it
    let officer = s.store().clone();
    let index = crate::search::SearchIndex::build(&officer, today()).unwrap();
    let q = crate::search::parse("3507131403").unwrap();
    assert_eq!(index.search(RecordKind::Client, &q, None).len(), 1);
}

/// Each character of `text` as a key.
pub(super) fn type_text(s: &mut Session, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

#[test]
fn the_filter_narrows_as_you_type_and_keeps_its_last_good_result() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    let all = s.app.list().order.len();
    press(s, KeyCode::Char('/'));
    assert!(s.app.filter.editing.is_some());
    type_text(s, "boedi"); // old spelling of Budi
    assert_eq!(names(s), vec!["Budi Santoso"]);
    assert_eq!(s.app.filter.tabs[s.app.tab.index()].applied, "boedi");
    assert!(render(s, 80, 24).contains("Clients (1 of "), "{}", render(s, 80, 24));
    // a bad qualifier: the message shows, the list keeps its last good result
    type_text(s, ":");
    assert_eq!(names(s), vec!["Budi Santoso"]);
    let screen = render(s, 80, 24);
    assert!(screen.contains("unknown qualifier \"boedi:\""), "{screen}");
    press(s, KeyCode::Backspace);
    press(s, KeyCode::Enter);
    assert!(s.app.filter.editing.is_none());
    assert!(render(s, 80, 24).contains("filter: boedi"));
    // kept while switching tabs
    act(s, Action::Tab(TabName::Events));
    act(s, Action::Tab(TabName::Clients));
    assert_eq!(names(s), vec!["Budi Santoso"]);
    // Esc in the box goes back to the filter before editing
    press(s, KeyCode::Char('/'));
    press(s, KeyCode::Char('x'));
    press(s, KeyCode::Esc);
    assert_eq!(s.app.filter.tabs[s.app.tab.index()].applied, "boedi");
    assert_eq!(names(s), vec!["Budi Santoso"]);
    // history: up recalls the last query
    press(s, KeyCode::Char('/'));
    for _ in 0..5 {
        press(s, KeyCode::Backspace);
    }
    assert_eq!(s.app.list().order.len(), all);
    press(s, KeyCode::Up);
    assert_eq!(s.app.filter.editing.as_ref().unwrap().line.value, "boedi");
    press(s, KeyCode::Enter);
    // Esc in the list clears the filter
    press(s, KeyCode::Esc);
    assert_eq!(s.app.filter.tabs[s.app.tab.index()].applied, "");
    assert_eq!(s.app.list().order.len(), all);
}

#[test]
fn qualifiers_filter_without_ranking() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    press(s, KeyCode::Char('/'));
    type_text(s, "risk:hijau");
    press(s, KeyCode::Enter);
    let shown = names(s);
    assert!(!shown.is_empty());
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted, "qualifiers alone keep the column sort");
    assert!(!shown.contains(&"Budi Santoso".to_string()), "Budi is merah");
}

#[test]
fn a_large_database_draws_loading_first_and_fills_the_list_from_a_thread() {
    let (_dir, store) = crate::store::temp_store_at(clock());
    fixture(&store);
    let n = store.count(RecordKind::Client) as usize;
    // what `Session::new` does from `ROWS_ON_THREAD_FROM` clients
    let mut s = Session::start(store, &opts(Lang::En), 100, 30, true, std::time::Duration::ZERO);
    if s.data.clients.is_empty() {
        let screen = render(&s, 100, 30);
        assert!(screen.contains("Loading…"), "{screen}");
        assert!(!screen.contains("Welcome"), "not the welcome screen: {screen}");
    }
    s.wait_for_rows();
    s.refresh();
    assert_eq!(s.data.clients.len(), n);
    assert!(!s.data.loading);
    s.wait_for_index();
    assert!(s.data.search.is_some());
    // the agenda of a large database waits for its tab
    s.wait_for_casework();
    assert!(s.data.casework.agenda.is_none());
    act(&mut s, Action::Tab(TabName::Agenda));
    s.wait_for_casework();
    assert!(s.data.casework.agenda.is_some());
}

/// When the index and the rows were read as the database opened, the
/// first frame waits for them (they are moments away) and shows the list,
/// search ready, instead of "Loading…".
#[test]
fn a_session_started_as_its_index_was_read_early_shows_the_list_at_the_first_frame() {
    let _one = crate::search::kept::early_reads_one_at_a_time();
    let engine = crate::store::engine::EngineKind::Sled;
    let (_dir, store) = crate::store::temp_store_on(clock(), engine);
    fixture(&store);
    let n = store.count(RecordKind::Client) as usize;
    let view = store.scoped(&opts(Lang::En).actor).unwrap();
    let today = clock().today();
    let kept = crate::search::index::SearchIndex::open_view(&view, today, true).unwrap().1;
    assert_eq!(kept, crate::search::kept::Source::Built, "and kept");
    let path = view.path().to_path_buf();
    drop((view, store));
    let store = Store::open(&path, &OpenOptions { clock: clock(), engine, ..OpenOptions::default() }).unwrap();
    super::data::read_early(&path, opts(Lang::En).actor.role, Some(today));
    // a bound no test machine reaches: what is tested is that it waits
    let s = Session::start(store, &opts(Lang::En), 100, 30, true, std::time::Duration::from_secs(60));
    assert!(!s.data.loading);
    assert_eq!(s.data.clients.len(), n);
    assert!(s.data.search.is_some(), "search ready");
    let screen = render(&s, 100, 30);
    assert!(!screen.contains("Loading…"), "{screen}");
    assert!(screen.contains("Budi Santoso"), "{screen}");
}

#[test]
fn sessions_that_see_the_same_rows_share_one_copy() {
    let (_dir, store) = crate::store::temp_store_at(clock());
    fixture(&store);
    let with = |actor: Actor| {
        let mut o = opts(Lang::En);
        o.actor = actor;
        Session::new(store.clone(), &o, 80, 24)
    };
    let a = with(Actor::new("siti", Role::Officer));
    let b = with(Actor::new("ana", Role::Admin));
    let v = with(Actor::new("vera", Role::Viewer));
    assert!(std::sync::Arc::ptr_eq(&a.data.clients, &b.data.clients), "officer and admin see the same rows");
    assert!(!std::sync::Arc::ptr_eq(&a.data.clients, &v.data.clients), "a viewer's rows are its own");
    // after a write, the next reload reads the new generation (and shares it again);
    // both indexes built first, so both sessions take the same path (in place or afresh)
    let mut a = a;
    let mut b = b;
    a.wait_for_index();
    b.wait_for_index();
    store.create(&Actor::new("siti", Role::Officer), Client::new("Rahmat Hidayat")).unwrap();
    a.refresh();
    b.refresh();
    assert_eq!(a.data.clients.len(), 6);
    assert!(std::sync::Arc::ptr_eq(&a.data.clients, &b.data.clients));
}

#[test]
fn a_few_writes_reach_the_rows_and_the_index_in_place_and_many_read_them_afresh() {
    let mut fx = session(Lang::En, 120, 40, true);
    let s = &mut fx.session;
    let a = Actor::new("siti", Role::Officer);
    let whole = s.whole_reloads;
    let n = s.data.clients.len();
    // one new client, and a name changed
    let new = s.store().create(&a, Client::new("Rahmat Hidayat")).unwrap();
    let first = s.data.clients[0].id;
    let mut c: Client = s.store().fetch(first).unwrap();
    c.full_name = "Ahmad Fauzan".into();
    s.store().update(&a, c).unwrap();
    s.refresh();
    assert_eq!(s.data.generation, s.store().generation());
    assert_eq!(s.data.clients.len(), n + 1);
    assert_eq!(s.whole_reloads, whole, "changed in place, not read again");
    assert_eq!(s.data.client_name(new.meta.id), Some("Rahmat Hidayat"));
    assert_eq!(s.data.client_name(first), Some("Ahmad Fauzan"));
    assert!(s.data.clients.windows(2).all(|w| w[0].id < w[1].id), "rows stay in id order");
    let index = &s.data.search.as_ref().expect("index kept").index;
    let q = crate::search::query::parse("fauzan").unwrap();
    let hits = index.search(crate::model::RecordKind::Client, &q, Some(10));
    assert_eq!(hits.iter().map(|h| h.record.id).collect::<Vec<_>>(), [first], "the index knows the new name");
    // the rows read afresh say the same as the rows brought up to date
    let fresh = super::data::UiData::load(&s.store().scoped(&a).unwrap());
    assert_eq!(*fresh.clients, *s.data.clients);
    // the two rows were put where ordering every list again puts them
    let mut sorted = s.app.clone();
    update::sync(&mut sorted, &s.data);
    for tab in RecordKind::LISTED {
        assert_eq!(s.app.lists[tab.index()].order, sorted.lists[tab.index()].order, "{tab:?}");
        assert_eq!(s.app.lists[tab.index()].selected, sorted.lists[tab.index()].selected, "{tab:?}");
    }
    let listed = |p: &u32| s.data.clients[*p as usize].id;
    assert_eq!(s.app.lists[0].order.first().map(listed), Some(first), "Ahmad Fauzan comes first by name");

    // more writes than are brought in one by one: read again whole, still right
    for i in 0..70u8 {
        let name = format!("Klien Baru {}{}", char::from(b'A' + i / 26), char::from(b'a' + i % 26));
        s.store().create(&a, Client::new(&name)).unwrap();
    }
    s.refresh();
    s.wait_for_index();
    assert_eq!(s.whole_reloads, whole + 1);
    assert_eq!(s.data.clients.len(), n + 71);
    assert_eq!(s.data.generation, s.store().generation());
}

/// Rows named from a small alphabet (many ties, mixed case, a non-ASCII letter).
fn tie_rows(names: &[(u8, u8, bool)]) -> Vec<ClientRow> {
    let office = super::data::Name::new("Bapas Malang".to_string());
    names
        .iter()
        .enumerate()
        .map(|(i, &(n, r, archived))| {
            // long ones share more than a sort key's 15 bytes
            let name = [
                "budi",
                "Budi",
                "Ádi",
                "adi",
                "Eko",
                "eko s",
                "",
                "Budi Santoso Wibowo",
                "budi santoso wibisono",
                "Ádi Ádi Ádi Ádi Ádi",
            ][n as usize % 10];
            let risk = [None, Some(RiskCategory::Merah), Some(RiskCategory::Kuning), Some(RiskCategory::Hijau)];
            let (id, reg) = (i as u64 + 1, format!("PAS.{}", n % 3));
            ClientRow::new(
                id,
                name,
                &reg,
                office.clone(),
                office.clone(),
                None,
                risk[r as usize % 4],
                ClientStatus::Active,
                archived,
            )
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Putting a few changed or added rows back in place gives the order (and
    /// the selection) a full sort gives, in every column and direction.
    #[test]
    fn rows_put_back_in_place_are_where_a_full_sort_puts_them(
        rows in proptest::collection::vec((0u8..10, 0u8..4, proptest::bool::weighted(0.2)), 1..40),
        changes in proptest::collection::vec((0usize..40, 0u8..10, 0u8..4, proptest::bool::weighted(0.2)), 0..6),
        added in proptest::collection::vec((0u8..10, 0u8..4, proptest::bool::ANY), 0..3),
        column in 0usize..7,
        descending in proptest::bool::ANY,
        show_archived in proptest::bool::ANY,
        selected in 0usize..40,
    ) {
        let km = std::sync::Arc::new(crate::keymap::Keymap::preset("default").unwrap());
        let mut app = App::new(Lang::En, Theme::default(), km, String::new(), String::new(), &clock());
        update::resize(&mut app, 80, 24);
        {
            let l = &mut app.lists[RecordKind::Client.index()];
            l.sort = super::app::Sort { column, descending };
            l.show_archived = show_archived;
        }
        let before = UiData { clients: std::sync::Arc::new(tie_rows(&rows)), ..UiData::default() };
        update::sync(&mut app, &before);
        // a full sort is the order of the lowered texts, ties by position
        let text = |r: &ClientRow| match column {
            1 => Some(r.name().to_string()),
            2 => Some(r.register_no().to_string()),
            3 => Some(r.office().to_string()),
            4 => Some(r.officer().to_string()),
            _ => None,
        };
        if (1..=4).contains(&column) {
            let lowered = |p: u32| text(&before.clients[p as usize]).unwrap_or_default().chars().flat_map(char::to_lowercase).collect::<String>();
            let mut expected: Vec<u32> =
                (0..before.clients.len() as u32).filter(|&p| show_archived || !before.clients[p as usize].archived).collect();
            expected.sort_by(|a, b| lowered(*a).cmp(&lowered(*b)).then(a.cmp(b)));
            if descending {
                expected.reverse();
            }
            proptest::prop_assert_eq!(&app.list().order, &expected);
        }
        app.lists[RecordKind::Client.index()].selected = selected.min(app.list().order.len().saturating_sub(1));

        // change some rows in place, add some at the end
        let mut spec = rows.clone();
        let mut positions = Vec::new();
        for &(at, n, r, a) in &changes {
            let at = at % spec.len();
            spec[at] = (n, r, a);
            positions.push(at as u32);
        }
        for &row in &added {
            positions.push(spec.len() as u32);
            spec.push(row);
        }
        positions.sort_unstable();
        positions.dedup();
        let after = UiData { clients: std::sync::Arc::new(tie_rows(&spec)), ..UiData::default() };

        let mut full = app.clone();
        update::resort_plain(&mut full, &after, RecordKind::Client);
        update::reposition(&mut app, &after, RecordKind::Client, &positions);
        proptest::prop_assert_eq!(&app.list().order, &full.list().order);
        proptest::prop_assert_eq!(app.list().selected, full.list().selected);
    }
}

/// A referral whose client withdrew consent says that sharing stopped, in
/// the client's case file and in the partner's list of referred clients;
/// one on a legal basis says so and names it.
#[test]
fn referral_lines_say_when_sharing_stopped_or_rests_on_a_legal_basis() {
    let mut fx = session(Lang::En, 120, 40, true);
    let s = &mut fx.session;
    let detail = |s: &Session, r| {
        let d = load_detail(&s.scoped(), &s.data, r, Lang::En, &Default::default(), today(), crate::clock::Zone::WIB)
            .unwrap();
        format!("{:?}", d.lines)
    };
    let laz = s.data.stakeholders.iter().find(|r| r.short == "LAZISMU Jatim").unwrap().id;
    // Dewi withdrew consent on 1 Oct: her active referral shares nothing now
    let mut dewi: Client = s.store().fetch(3).unwrap();
    dewi.consent.date = Some(d(2023, 10, 1));
    s.store().update(&Actor::new("rina", Role::Officer), dewi).unwrap();
    let text = detail(s, RecordRef::new(RecordKind::Stakeholder, laz));
    assert!(
        text.contains("Dewi Lestari — modal usaha (active) · sharing stopped: consent withdrawn on 1 Oct 2023"),
        "{text}"
    );
    assert!(text.contains("Ahmad Fauzi — modal usaha (proposed) · sharing stopped: the client has not consented"));
    let text = detail(s, RecordRef::new(RecordKind::Client, 3));
    assert!(text.contains("LAZISMU Jatim — modal usaha (active) · sharing stopped: consent withdrawn on 1 Oct 2023"));
    // a legal basis entered on it: shared again, and said on what ground
    let mut r = s.store().referrals_of_client(ClientId(3)).unwrap().remove(0);
    r.legal_basis = Some("Putusan PN Malang".into());
    s.store().update(&Actor::new("rina", Role::Officer), r).unwrap();
    let text = detail(s, RecordRef::new(RecordKind::Client, 3));
    assert!(
        text.contains("LAZISMU Jatim — modal usaha (active) · shared without consent, legal basis: Putusan PN Malang"),
        "{text}"
    );
    // completed referrals say nothing of it: nothing is shared any more
    let text = detail(s, RecordRef::new(RecordKind::Client, 2));
    assert!(!text.contains("sharing stopped"), "{text}");
}

/// The case file of client 1 as `actor` sees it, on a screen tall enough
/// for all of it.
fn case_file_of(store: &Store, actor: Actor) -> String {
    let mut o = opts(Lang::En);
    o.actor = actor;
    let mut s = Session::new(store.clone(), &o, 120, 100);
    s.app.db_label = "/data/simpul.db".into();
    act(&mut s, Action::Open);
    s.refresh();
    render(&s, 120, 100)
}

/// A client's notes show in the case file line by line (a blank line
/// kept), each line made safe on its own, to the roles the client table
/// lets read them; partners and viewers see that they are withheld, never
/// the text.
#[test]
fn notes_show_in_the_case_file_line_by_line_to_the_roles_that_read_them() {
    let fx = session(Lang::En, 80, 24, true);
    let s = &fx.session;
    // the store refuses control characters: the client is built here
    let mut c: Client = s.store().fetch(1).unwrap();
    c.notes = "Keluarga mendukung.\n\nHati-hati \x1b[2Jsaat kunjungan\r\n- istri: Sari".into();
    let calendar = Default::default();
    let day = crate::casework::reporting::CountedTo { today: today(), calendar: &calendar };
    let d =
        super::data::client_detail(&c, &[], &[], &Default::default(), &s.data, Lang::En, &Default::default(), day, &[]);
    let rows = super::wrap::rows(&s.app, &d, 60);
    let at = rows.iter().position(|r| r.lead.starts_with("Notes ")).expect("a notes row");
    let lines: Vec<(&str, &str)> = rows[at..at + 4].iter().map(|r| (r.lead.trim(), r.body.as_str())).collect();
    assert_eq!(
        lines,
        [("Notes", "Keluarga mendukung."), ("", ""), ("", "Hati-hati ^[[2Jsaat kunjungan"), ("", "- istri: Sari")]
    );

    // stored, then seen by each role
    let (_dir, store) = crate::store::temp_store_at(clock());
    fixture(&store);
    let laz = store.scan::<Stakeholder>().map(Result::unwrap).find(|s| s.short_name == "LAZISMU Jatim").unwrap();
    let mut c: Client = store.fetch(1).unwrap();
    c.notes = "Keluarga mendukung.\nIstri bekerja di pasar Sumberpucung.".into();
    c.consent.given = true; // so that LAZISMU, to which the client is referred, may see the case file
    store.update(&Actor::new("budi", Role::Officer), c).unwrap();
    let officer = case_file_of(&store, Actor::new("rina", Role::Officer));
    let notes = officer.lines().position(|l| l.contains("Keluarga mendukung.")).expect(&officer);
    assert!(officer.lines().nth(notes).unwrap().contains("│Notes "), "{officer}");
    assert!(officer.lines().nth(notes + 1).unwrap().contains("  Istri bekerja di pasar"), "{officer}");
    let mut partner = Actor::new("laz", Role::Partner);
    partner.stakeholder = Some(laz.id());
    for who in [Actor::new("vera", Role::Viewer), partner] {
        let screen = case_file_of(&store, who.clone());
        assert!(screen.contains("K-000001 · Ahmad Fauzi"), "{:?} sees the case file: {screen}", who.role);
        assert!(screen.lines().any(|l| l.contains("│Notes ") && l.contains("[withheld]")), "{screen}");
        assert!(!screen.contains("Keluarga") && !screen.contains("Sumberpucung"), "{:?}: {screen}", who.role);
    }
}

/// Lines added above the selected one while the case file is open (a
/// change in the history, a timeline entry, from another session's save)
/// do not push it off the screen: the details scroll with it.
#[test]
fn the_selected_line_stays_on_screen_when_lines_are_added_above_it() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    // a change in the case file's history: its line is the last one, below the timeline
    let mut c: Client = s.store().fetch(1).unwrap();
    c.phone = "081234567890".into();
    s.store().update(&Actor::new("budi", Role::Officer), c).unwrap();
    s.refresh();
    press(s, KeyCode::Enter);
    press(s, KeyCode::End);
    let visible = |s: &Session| {
        let d = s.data.detail.as_ref().unwrap();
        let rows = super::wrap::rows(&s.app, d, super::layout::detail_width(80, 24));
        let line = super::wrap::link_rows(&rows, d)[s.app.line().unwrap()];
        let page = super::layout::detail_rows(80, 24);
        (s.app.detail_scroll..s.app.detail_scroll + page).contains(&line)
    };
    let selected = s.data.detail.as_ref().unwrap().selected(s.app.line().unwrap());
    assert!(matches!(selected, Some(super::data::Sel { edit: Some(super::data::Edit::Change(_)), .. })));
    assert!(visible(s), "End shows the last line");
    // another officer's saves: their changes come above it in the history
    let rina = Actor::new("rina", Role::Officer);
    for phone in ["081234567891", "081234567892"] {
        let mut c: Client = s.store().fetch(1).unwrap();
        c.phone = phone.into();
        s.store().update(&rina, c).unwrap();
    }
    s.refresh();
    let d = s.data.detail.as_ref().unwrap();
    assert!(format!("{:?}", d.lines).contains("rina — Phone: 081234567891 → 081234567892"), "reloaded");
    assert_eq!(d.selected(s.app.line().unwrap()), selected, "the same line selected");
    assert!(visible(s), "and still on the screen:\n{}", render(s, 80, 24));
}

/// Client 1's case as the store keeps it beside the record: a warning
/// raised and taken off, a category approved, the case closed (the save
/// asks a supervisor, whose approval closes it), each on its own day.
fn case_with_a_history(store: &Store) {
    use crate::store::approvals::Subject;
    let on = |m: u32, day: u32| {
        store
            .clock()
            .set(clock().now() + chrono::Duration::days(d(2023, m, day).signed_duration_since(today()).num_days()))
    };
    let siti = Actor::new("siti", Role::Officer);
    let agus = Actor { supervisor: true, ..Actor::new("agus", Role::Officer) };
    on(9, 1);
    store.write(&siti, |b| b.flag(1, "Jangan berkunjung sendirian")).unwrap();
    on(9, 15);
    store.write(&Actor::new("rina", Role::Officer), |b| b.unflag(1, 0, "pindah ke rumah istri di Batu")).unwrap();
    let c: Client = store.fetch(1).unwrap();
    on(10, 2);
    let category = Subject::Category { assessment: c.assessments[1].id, to: RiskCategory::Kuning };
    let id = store.write(&siti, |b| b.request_approval(1, category, "kooperatif")).unwrap();
    on(10, 5);
    store.write(&agus, |b| b.decide(1, id, true, "sesuai asesmen")).unwrap();
    on(10, 10);
    let mut c: Client = store.fetch(1).unwrap();
    c.status = ClientStatus::Completed;
    store.update(&siti, c).unwrap();
    on(10, 12);
    let closure = Subject::Closure { to: ClientStatus::Completed };
    let asked = store.approvals(1).unwrap().into_iter().find(|a| a.subject == closure).expect("asked by the save");
    store.write(&agus, |b| b.decide(1, asked.id, true, "masa bimbingan selesai")).unwrap();
    store.clock().set(clock().now());
}

/// The case file of client 1 as `actor` sees it, scrolled to its timeline.
fn timeline_of(store: &Store, actor: Actor, lang: Lang, w: u16, h: u16) -> String {
    let mut o = opts(lang);
    o.actor = actor;
    let mut s = Session::new(store.clone(), &o, w, h);
    s.app.db_label = "/data/simpul.db".into();
    act(&mut s, Action::Open);
    s.refresh();
    let d = s.data.detail.clone().expect("the case file");
    let rows = super::wrap::rows(&s.app, &d, super::layout::detail_width(w, h));
    let heading = crate::i18n::ui::Ui::HTimeline.text(lang);
    s.app.detail_scroll = rows.iter().position(|r| r.body == heading).expect("a timeline");
    render(&s, w, h)
}

/// The timeline in the case file holds warnings raised and taken off,
/// changes of the case status and approvals asked and decided, beside the
/// record's own dates; a viewer reads no reason for taking a warning off
/// and no approval request.
#[test]
fn the_timeline_shows_warnings_status_changes_and_approvals() {
    let (_dir, store) = crate::store::temp_store_at(clock());
    fixture(&store);
    case_with_a_history(&store);
    let officer = timeline_of(&store, Actor::new("budi", Role::Officer), Lang::En, 120, 100);
    // the details pane's rows, joined: wrapped text reads as one line again
    let pane = |screen: &str| -> String {
        let rows =
            screen.lines().filter_map(|l| l.split_once("││")).map(|(_, r)| r.trim_end_matches(['"', '│']).trim());
        rows.collect::<Vec<_>>().join(" ")
    };
    let flat = pane(&officer);
    for needle in [
        "1 Sep 2023  warning raised by siti: Jangan berkunjung sendirian",
        "15 Sep 2023  warning taken off by rina: Jangan berkunjung sendirian — reason: pindah ke rumah istri di Batu",
        "asked by siti: category yellow (assessment 1 Aug 2023) «kooperatif»",
        "approved by agus: category yellow (assessment 1 Aug 2023) «sesuai asesmen»",
        "10 Oct 2023  approval",
        "asked by siti: case closure (completed) 5 Oct 2023",
        "12 Oct 2023  status active → completed (agus) 12 Oct 2023  approval",
        "approved by agus: case closure (completed) «masa bimbingan selesai»",
    ] {
        assert!(flat.contains(needle), "{needle:?} in\n{officer}");
    }
    let viewer = timeline_of(&store, Actor::new("vera", Role::Viewer), Lang::En, 120, 100);
    let flat = pane(&viewer);
    // the timeline's own lines (the change history below names the fields that changed)
    let flat = &flat[flat.find("Timeline").unwrap()..flat.find("Personal details").unwrap()];
    assert!(flat.contains("warning taken off by rina: Jangan berkunjung sendirian — reason: [withheld]"), "{viewer}");
    assert!(flat.contains("12 Oct 2023  status active → completed (agus)"), "{viewer}");
    assert!(!flat.contains("pindah ke rumah") && !flat.contains("approval"), "{viewer}");
    for lang in Lang::ALL {
        let screen = timeline_of(&store, Actor::new("budi", Role::Officer), lang, 120, 40);
        snap(&format!("client_timeline_{}_120x40", lang.code()), screen);
    }
}

#[test]
fn pasted_text_goes_where_typed_text_would() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    // into the palette's input, filtering it
    act(s, Action::Palette);
    s.handle(&TermEvent::Paste("tab ev".into()));
    let p = s.app.popups.palette.as_ref().unwrap();
    assert_eq!(p.line.value, "tab ev");
    assert_eq!(p.chosen(), Some(Action::Tab(crate::action::TabName::Events)));
    act(s, Action::Cancel);
    // into the filter's box, a line break as a space, searching as it goes
    act(s, Action::Search);
    s.handle(&TermEvent::Paste("ahmad\r\n".into()));
    assert_eq!(s.app.filter.editing.as_ref().unwrap().line.value, "ahmad  ");
    assert_eq!(names(s), ["Ahmad Fauzi"]);
    press(s, KeyCode::Esc);
    // on a list, a paste changes nothing
    s.handle(&TermEvent::Paste("qq".into()));
    assert!(s.app.popups.palette.is_none() && s.app.prompt.is_none() && s.app.filter.editing.is_none());
}

#[test]
fn an_answered_question_leaves_the_screen_inside_its_effect() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    let kind = super::app::PromptKind::Flag(1);
    s.app.prompt = Some(super::app::Prompt::new(kind));
    // an empty answer is refused where it was typed
    assert_eq!(act(s, Action::Accept), Effect::None);
    assert!(s.app.prompt.is_some());
    for c in "missed twice".chars() {
        s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    let Effect::Prompt(p) = act(s, Action::Accept) else { panic!("Enter on an answer acts on it") };
    assert_eq!((p.kind, p.line.value.as_str()), (kind, "missed twice"));
    assert!(s.app.prompt.is_none(), "the question is carried by the effect, not left on screen");
}
