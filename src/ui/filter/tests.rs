//! Tests of the list filter, its box, history and saved filters, and the
//! global search, on the fixture of the interface tests.

use crossterm::event::{KeyCode, KeyModifiers};

use super::*;
use crate::action::TabName;
use crate::i18n::Lang;
use crate::model::RecordKind;
use crate::ui::tests::{Fx, session};
use crate::ui::update::update;

fn key(s: &mut crate::ui::Session, code: KeyCode, mods: KeyModifiers) {
    s.handle(&crossterm::event::Event::Key(crossterm::event::KeyEvent::new(code, mods)));
    s.refresh();
}

fn typ(s: &mut crate::ui::Session, text: &str) {
    for c in text.chars() {
        key(s, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn act(s: &mut crate::ui::Session, a: Action) -> Effect {
    let e = update(&mut s.app, a, &s.data);
    s.refresh();
    e
}

fn listed(s: &crate::ui::Session) -> Vec<String> {
    let tab = s.app.tab;
    s.app
        .list()
        .order
        .iter()
        .map(|&p| match tab {
            RecordKind::Client => s.data.clients[p as usize].name().to_string(),
            RecordKind::Stakeholder => s.data.stakeholders[p as usize].short.clone(),
            RecordKind::Event => s.data.events[p as usize].title.clone(),
            RecordKind::Referral | RecordKind::User => unreachable!("no list of {tab:?}"),
        })
        .collect()
}

fn fx() -> Fx {
    let mut fx = session(Lang::En, 80, 24, true);
    fx.session.wait_for_index();
    fx
}

#[test]
fn typing_narrows_backspace_widens_and_the_best_comes_first() {
    let mut fx = fx();
    let s = &mut fx.session;
    assert_eq!(listed(s).len(), 4);
    act(s, Action::Search);
    assert_eq!(crate::ui::keys::context(&s.app, &s.data), Context::Search);
    typ(s, "s");
    assert!(listed(s).len() < 4 && !listed(s).is_empty(), "{:?}", listed(s));
    typ(s, "iti");
    assert_eq!(listed(s), ["Siti Rahmawati"]);
    assert_eq!(count_text(&s.app, RecordKind::Client), "1 of 4");
    key(s, KeyCode::Backspace, KeyModifiers::NONE);
    key(s, KeyCode::Backspace, KeyModifiers::NONE);
    key(s, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(s.app.filter.editing.as_ref().unwrap().line.value, "s");
    // Left, Home, typing in the middle, End, Ctrl-U
    key(s, KeyCode::Home, KeyModifiers::NONE);
    typ(s, "bud");
    assert_eq!(s.app.filter.editing.as_ref().unwrap().line.value, "buds");
    key(s, KeyCode::End, KeyModifiers::NONE);
    key(s, KeyCode::Backspace, KeyModifiers::NONE);
    assert_eq!(listed(s), ["Budi Santoso"]);
    key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(listed(s).len(), 4, "an empty query lists everything in the normal order");
    assert_eq!(listed(s)[0], "Ahmad Fauzi");
    assert!(!is_filtered(&s.app, RecordKind::Client));
}

#[test]
fn accents_case_and_old_spellings_match() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "DÉWI");
    assert_eq!(listed(s), ["Dewi Lestari"]);
    key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typ(s, "boedi");
    assert_eq!(listed(s), ["Budi Santoso"], "oe is u");
}

#[test]
fn a_bad_query_keeps_the_last_good_result_and_says_what_is_valid() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "risk:hijau");
    assert_eq!(listed(s), ["Dewi Lestari"]);
    typ(s, " dewi");
    assert_eq!(listed(s), ["Dewi Lestari"]);
    typ(s, ":");
    assert_eq!(listed(s), ["Dewi Lestari"], "the unknown qualifier keeps the last good list");
    let e = s.app.filter.tabs[0].error.clone().expect("an error");
    assert_eq!(&"risk:hijau dewi:"[e.span.clone()], "dewi:");
    assert!(e.message(Lang::En).contains("risk"), "{}", e.message(Lang::En));
    assert_eq!(s.app.filter.tabs[0].applied, "risk:hijau dewi");
    // Enter keeps the last good filter, shown in the status line
    act(s, Action::Accept);
    assert!(s.app.filter.editing.is_none() && s.app.filter.tabs[0].error.is_none());
    assert_eq!(status_text(&s.app).as_deref(), Some("filter: risk:hijau dewi"));
}

#[test]
fn esc_in_the_box_restores_the_previous_filter_and_esc_in_the_list_clears() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "ahmad");
    act(s, Action::Accept);
    assert_eq!(listed(s), ["Ahmad Fauzi"]);
    act(s, Action::Search);
    assert_eq!(s.app.filter.editing.as_ref().unwrap().line.value, "ahmad", "the box opens on the filter");
    typ(s, "x");
    key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typ(s, "budi");
    assert_eq!(listed(s), ["Budi Santoso"]);
    key(s, KeyCode::Esc, KeyModifiers::NONE);
    assert!(s.app.filter.editing.is_none());
    assert_eq!(listed(s), ["Ahmad Fauzi"]);
    key(s, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(listed(s).len(), 4);
    assert!(status_text(&s.app).is_none());
}

#[test]
fn each_tab_keeps_its_filter() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "siti");
    act(s, Action::Accept);
    act(s, Action::Tab(TabName::Stakeholders));
    assert_eq!(listed(s).len(), 3);
    act(s, Action::Search);
    typ(s, "unodc");
    act(s, Action::Accept);
    assert_eq!(listed(s), ["UNODC"]);
    act(s, Action::Tab(TabName::Clients));
    assert_eq!(listed(s), ["Siti Rahmawati"]);
    // a sort or a reload keeps it
    act(s, Action::SortNextColumn);
    assert_eq!(listed(s), ["Siti Rahmawati"]);
    update::sync(&mut s.app, &s.data);
    assert_eq!(listed(s), ["Siti Rahmawati"]);
    act(s, Action::Tab(TabName::Stakeholders));
    assert_eq!(listed(s), ["UNODC"]);
}

#[test]
fn a_list_showing_archived_records_finds_them_too() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "eko");
    assert!(listed(s).is_empty(), "Eko Prasetyo is archived");
    act(s, Action::Accept);
    act(s, Action::ToggleArchived);
    assert_eq!(listed(s), ["Eko Prasetyo"]);
    assert_eq!(count_text(&s.app, RecordKind::Client), "1 of 5");
    act(s, Action::Search);
    typ(s, " risk:hijau");
    assert_eq!(listed(s), ["Eko Prasetyo"], "narrowing keeps them");
    act(s, Action::Accept);
    act(s, Action::ToggleArchived);
    assert!(listed(s).is_empty(), "hidden again");
}

#[test]
fn a_filter_that_matches_nothing_says_so_per_tab() {
    for (lang, tab, said) in [
        (Lang::En, TabName::Clients, "No client matches 'xyzq'."),
        (Lang::En, TabName::Stakeholders, "No stakeholder matches 'xyzq'."),
        (Lang::En, TabName::Events, "No event matches 'xyzq'."),
        (Lang::Id, TabName::Clients, "Tidak ada klien yang cocok dengan 'xyzq'."),
        (Lang::Id, TabName::Stakeholders, "Tidak ada pemangku kepentingan yang cocok dengan 'xyzq'."),
        (Lang::Id, TabName::Events, "Tidak ada kegiatan yang cocok dengan 'xyzq'."),
    ] {
        let mut fx = session(lang, 100, 24, true);
        let s = &mut fx.session;
        s.wait_for_index();
        act(s, Action::Tab(tab));
        act(s, Action::Search);
        typ(s, "xyzq");
        act(s, Action::Accept);
        assert!(listed(s).is_empty());
        let screen = crate::ui::tests::render(s, 100, 24);
        assert!(screen.contains(said), "{screen}");
        assert!(!screen.contains(crate::i18n::ui::Ui::EmptyList.text(lang)), "{screen}");
    }
}

#[test]
fn the_header_says_when_the_list_is_ordered_by_relevance() {
    let mut fx = fx();
    let s = &mut fx.session;
    let header = |s: &crate::ui::Session| {
        let screen = crate::ui::tests::render(s, 80, 24);
        screen.lines().find(|l| l.contains("Id ")).map(str::to_string).unwrap_or_default()
    };
    assert!(header(s).contains("Name ▲"), "{}", header(s));
    act(s, Action::Search);
    typ(s, "siti");
    assert!(header(s).contains("Name (by relevance)") && !header(s).contains('▲'), "{}", header(s));
    key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typ(s, "risk:kuning");
    assert!(header(s).contains("Name ▲"), "qualifiers alone keep the column sort: {}", header(s));
    act(s, Action::Accept);
    act(s, Action::Tab(TabName::Events));
    act(s, Action::Search);
    typ(s, "lokakarya");
    assert!(header(s).contains("Title (by relevance)") && !header(s).contains('▼'), "{}", header(s));
}

#[test]
fn next_and_previous_hit_go_round() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "s");
    let n = listed(s).len();
    assert!(n >= 2);
    act(s, Action::SearchPrev);
    assert_eq!(s.app.list().selected, n - 1);
    act(s, Action::SearchNext);
    assert_eq!(s.app.list().selected, 0);
    act(s, Action::Accept);
    act(s, Action::SearchNext);
    assert_eq!(s.app.list().selected, 1);
}

#[test]
fn history_recalls_newest_first_and_is_stored_per_user() {
    let mut fx = fx();
    let s = &mut fx.session;
    for q in ["ahmad", "budi", "siti", "budi"] {
        act(s, Action::Search);
        key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
        typ(s, q);
        // Enter through the session, so the effect stores the history
        key(s, KeyCode::Enter, KeyModifiers::NONE);
    }
    assert_eq!(s.app.filter.history, ["ahmad", "siti", "budi"], "no repeats, newest last");
    act(s, Action::Search);
    key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typ(s, "de");
    let recalled = |s: &crate::ui::Session| s.app.filter.editing.as_ref().unwrap().line.value.clone();
    key(s, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(recalled(s), "budi");
    assert_eq!(listed(s), ["Budi Santoso"], "a recalled query runs");
    key(s, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(recalled(s), "siti");
    key(s, KeyCode::Up, KeyModifiers::NONE);
    key(s, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(recalled(s), "ahmad", "the oldest stays");
    key(s, KeyCode::Down, KeyModifiers::NONE);
    key(s, KeyCode::Down, KeyModifiers::NONE);
    key(s, KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(recalled(s), "de", "back to what was typed");
    let stored: Option<Vec<String>> = s.store().pref("budi", PREF_HISTORY).unwrap();
    assert_eq!(stored, Some(vec!["ahmad".to_string(), "siti".to_string(), "budi".to_string()]));
    let mut many = FilterState::default();
    for i in 0..60 {
        many.remember(&format!("q{i}"));
    }
    assert_eq!(many.history.len(), HISTORY_LEN);
    assert_eq!(many.history.first().map(String::as_str), Some("q10"));
}

#[test]
fn saved_filters_are_named_applied_removed_and_stored() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "risk:kuning");
    key(s, KeyCode::Char('s'), KeyModifiers::CONTROL);
    typ(s, "kuning");
    key(s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.app.filter.saved, [SavedSearch { name: "kuning".into(), query: "risk:kuning".into() }]);
    let stored: Option<Vec<SavedSearch>> = s.store().pref("budi", PREF_SAVED).unwrap();
    assert_eq!(stored.as_deref(), Some(&s.app.filter.saved[..]));
    // clear, then apply it from the picker
    key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(listed(s).len(), 4);
    key(s, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(s.app.filter.picker, Some(0));
    key(s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(listed(s), ["Ahmad Fauzi", "Siti Rahmawati"]);
    key(s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(status_text(&s.app).as_deref(), Some("filter: risk:kuning"));
    // Delete in the picker removes
    act(s, Action::Search);
    key(s, KeyCode::Char('o'), KeyModifiers::CONTROL);
    key(s, KeyCode::Delete, KeyModifiers::NONE);
    assert!(s.app.filter.saved.is_empty());
}

#[test]
fn filtering_waits_for_the_index_then_runs() {
    let mut fx = session(Lang::En, 80, 24, true);
    let s = &mut fx.session;
    // take the index away as if it were still being built
    let searcher = s.data.search.take();
    act(s, Action::Search);
    typ(s, "siti");
    assert!(s.app.filter.tabs[0].waiting || searcher.is_none());
    s.data.search = searcher;
    s.wait_for_index();
    if s.data.search.is_some() {
        reindexed(&mut s.app, &s.data);
    }
    assert_eq!(listed(s), ["Siti Rahmawati"]);
}

#[test]
fn line_editing_keys() {
    let k = |c| Key::new(c, KeyModifiers::NONE);
    let mut l = LineEdit::new("äb");
    l.key(k(KeyCode::Left));
    l.key(k(KeyCode::Left));
    assert_eq!(l.cursor, 0);
    l.key(k(KeyCode::Delete));
    assert_eq!(l.value, "b");
    l.key(k(KeyCode::Char('é')));
    l.key(k(KeyCode::Right));
    l.key(k(KeyCode::Right));
    // the cursor counts characters, as in every text box
    assert_eq!((l.value.as_str(), l.cursor), ("éb", 2));
    l.key(k(KeyCode::Backspace));
    assert_eq!(l.value, "é");
    assert_eq!(l.key(k(KeyCode::F(2))), None);
    assert_eq!(l.key(Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL)), Some(true));
    assert!(l.value.is_empty());
}

#[test]
fn global_search_jumps_to_the_record_with_history() {
    let mut fx = fx();
    let s = &mut fx.session;
    let start = update::selected_ref(&s.app, &s.data);
    // hide the target behind a filter on its tab: the jump clears it
    act(s, Action::Tab(TabName::Stakeholders));
    act(s, Action::Search);
    typ(s, "unodc");
    act(s, Action::Accept);
    act(s, Action::Tab(TabName::Clients));
    key(s, KeyCode::Char('g'), KeyModifiers::CONTROL);
    assert!(s.app.global.is_some());
    typ(s, "barista");
    let g = s.app.global.as_ref().unwrap();
    assert_eq!(g.hits.stakeholders.len(), 1, "{:?}", g.hits);
    // down to the stakeholder section
    let clients = g.hits.clients.len();
    for _ in 0..clients {
        key(s, KeyCode::Down, KeyModifiers::NONE);
    }
    assert_eq!(s.app.global.as_ref().unwrap().selected_hit().map(|h| h.record.kind), Some(RecordKind::Stakeholder));
    key(s, KeyCode::Enter, KeyModifiers::NONE);
    assert!(s.app.global.is_none());
    assert_eq!(s.app.tab, RecordKind::Stakeholder);
    assert_eq!(s.data.detail.as_ref().map(|d| d.title.as_str()), Some("Pokmas Barista"));
    assert!(!is_filtered(&s.app, RecordKind::Stakeholder), "the filter that hid it is cleared");
    act(s, Action::Back);
    assert_eq!(update::selected_ref(&s.app, &s.data), start);
    // Esc closes without moving
    key(s, KeyCode::Char('g'), KeyModifiers::CONTROL);
    key(s, KeyCode::Esc, KeyModifiers::NONE);
    assert!(s.app.global.is_none());
}

#[test]
fn snapshots_of_the_filter_the_error_and_the_global_search() {
    use crate::ui::tests::{render, snap};
    for lang in Lang::ALL {
        let tag = |what: &str| format!("{what}_{}_80x24", lang.code());
        let mut fx = session(lang, 80, 24, true);
        let s = &mut fx.session;
        s.wait_for_index();
        act(s, Action::Search);
        typ(s, "rahma");
        snap(&tag("filter_typing"), render(s, 80, 24));
        typ(s, " risk:biru");
        snap(&tag("filter_error"), render(s, 80, 24));
        key(s, KeyCode::Char('u'), KeyModifiers::CONTROL);
        typ(s, "risk:kuning a");
        key(s, KeyCode::Enter, KeyModifiers::NONE);
        snap(&tag("filter_accepted"), render(s, 80, 24));
        key(s, KeyCode::Char('g'), KeyModifiers::CONTROL);
        typ(s, "la");
        key(s, KeyCode::Down, KeyModifiers::NONE);
        snap(&tag("global_search"), render(s, 80, 24));
    }
}

#[test]
fn highlighted_characters_are_styled() {
    let mut fx = fx();
    let s = &mut fx.session;
    act(s, Action::Search);
    typ(s, "siti");
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    s.draw(&mut term).unwrap();
    let buf = term.backend().buffer();
    let row =
        (0..24u16).find(|&y| (0..80u16).map(|x| buf[(x, y)].symbol()).collect::<String>().contains("Siti R")).unwrap();
    let line: Vec<_> = (0..80u16).map(|x| &buf[(x, row)]).collect();
    let at = line.iter().position(|c| c.symbol() == "S").unwrap();
    for (i, c) in line[at..at + 6].iter().enumerate() {
        let marked = c.modifier.contains(Modifier::UNDERLINED);
        assert_eq!(marked, i < 4, "{:?} at {i}", c.symbol());
    }
}

#[test]
fn a_flagged_client_keeps_its_mark_in_a_filtered_list() {
    let mut fx = fx();
    let s = &mut fx.session;
    let siti = s.data.clients.iter().find(|r| r.name() == "Siti Rahmawati").unwrap().id;
    s.data.flagged.insert(siti);
    let marked_row = |screen: &str| screen.lines().any(|l| l.contains("⚑ Siti Rahmawati"));
    assert!(marked_row(&crate::ui::tests::render(s, 80, 24)), "unfiltered");
    act(s, Action::Search);
    typ(s, "siti");
    key(s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(listed(s), ["Siti Rahmawati"]);
    let screen = crate::ui::tests::render(s, 80, 24);
    assert!(marked_row(&screen), "filtered:\n{screen}");
}

#[test]
fn the_empty_saved_filter_picker_says_how_to_save_whole_at_80x24() {
    let mut fx = session(Lang::Id, 80, 24, true);
    let s = &mut fx.session;
    key(s, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(s.app.filter.picker, Some(0), "ctrl-o opens the picker from the list");
    let screen = crate::ui::tests::render(s, 80, 24);
    let text: String = screen.lines().map(|l| l.replace(['│', '"'], " ")).collect::<Vec<_>>().join(" ");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("simpan dengan ctrl-s di kotak pencarian."), "{screen}");
    // PageDown is a moving key there too, not a way out
    key(s, KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(s.app.filter.picker, Some(0));
}
