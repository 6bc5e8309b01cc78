//! Tests of the palette and the which-key box: filtering and ranking,
//! running actions through them as keys would, and snapshots.

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::action::TabName;
use crate::i18n::Lang;
use crate::model::RecordKind;
use crate::model::Role;
use crate::ui::app::Focus;
use crate::ui::data::Actor;
use crate::ui::{Exit, Options, Session, Theme};

struct Fx {
    _dir: tempfile::TempDir,
    s: Session,
}

fn session(lang: Lang, preset: &str) -> Fx {
    let (dir, store) = crate::store::temp_store_at(crate::ui::tests::clock());
    crate::ui::tests::fixture(&store);
    let opts = Options {
        lang,
        theme: Theme { color: true, ascii: false },
        actor: Actor::new("budi", Role::Officer),
        keymap: std::sync::Arc::new(crate::keymap::Keymap::preset(preset).unwrap()),
        demo_clients: 10,
        demo_seed: 1,
    };
    let mut s = Session::new(store, &opts, 80, 24);
    s.app.db_label = "/data/simpul.db".into();
    Fx { _dir: dir, s }
}

fn key(s: &mut Session, code: KeyCode, mods: KeyModifiers) -> Option<Exit> {
    let exit = s.handle(&TermEvent::Key(KeyEvent::new(code, mods)));
    s.refresh();
    exit
}

fn press(s: &mut Session, code: KeyCode) -> Option<Exit> {
    key(s, code, KeyModifiers::NONE)
}

fn typ(s: &mut Session, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

fn render(s: &Session) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    s.draw(&mut term).unwrap();
    term.backend().to_string()
}

fn snap(name: &str, screen: String) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, screen);
    });
}

fn first(query: &str, ctx: Context, lang: Lang) -> Option<Action> {
    let offered: Vec<Action> = Action::all().iter().copied().filter(|a| offered(*a, ctx)).collect();
    filter(&offered, query, lang).first().map(|e| e.action)
}

#[test]
fn best_match_first_over_names_and_translated_descriptions() {
    assert_eq!(first("tab ev", Context::List, Lang::En), Some(Action::Tab(TabName::Events)));
    assert_eq!(first("quit", Context::List, Lang::En), Some(Action::Quit));
    assert_eq!(first("last", Context::List, Lang::En), Some(Action::Last));
    // the description, in the interface's language
    assert_eq!(first("baris terakhir", Context::List, Lang::Id), Some(Action::Last));
    assert_eq!(first("last row", Context::List, Lang::En), Some(Action::Last));
    assert_eq!(first("kegiatan", Context::List, Lang::Id), Some(Action::Tab(TabName::Events)));
    // fuzzy: letters in order, not adjacent
    assert_eq!(first("srtrev", Context::List, Lang::En), Some(Action::SortReverse));
    assert_eq!(first("zzqx", Context::List, Lang::En), None);
}

#[test]
fn matched_characters_are_marked_in_name_and_description() {
    let e = filter(&[Action::Quit], "quit", Lang::En).remove(0);
    assert_eq!(e.name_hits, [0, 1, 2, 3]);
    let e = filter(&[Action::Last], "row", Lang::En).remove(0);
    assert!(e.name_hits.is_empty());
    let desc: Vec<char> = Action::Last.description(Lang::En).chars().collect();
    let marked: String = e.desc_hits.iter().map(|&i| desc[i]).collect();
    assert_eq!(marked, "row");
}

/// What an action asks of the store in a list of clients (a stand-in for
/// [`keys::needs`], which reads the app).
fn op_of(a: Action) -> crate::ui::data::Op {
    use crate::ui::data::Op;
    match a {
        Action::Purge => Op::Purge,
        Action::Tab(TabName::Audit) => Op::ReadAudit,
        _ => Op::Edit(crate::model::RecordKind::Client),
    }
}

#[test]
fn empty_query_offers_what_this_place_does_in_declaration_order() {
    let officer = |a: Action| crate::ui::data::may(crate::model::Role::Officer, false, op_of(a));
    let list = Palette::new(Context::List, Lang::En, &officer);
    assert_eq!(list.entries.len(), list.offered.len());
    let order: Vec<usize> = list.offered.iter().map(|a| Action::all().iter().position(|b| b == a).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    for gone in [Action::Palette, Action::Accept, Action::Save, Action::ConfirmYes, Action::NextLink] {
        assert!(!list.offered.contains(&gone), "{gone} is not offered in a list");
    }
    assert!(list.offered.contains(&Action::SortNextColumn) && list.offered.contains(&Action::Tab(TabName::Events)));
    let detail = Palette::new(Context::Detail, Lang::En, &officer);
    assert!(detail.offered.contains(&Action::NextLink) && !detail.offered.contains(&Action::SortNextColumn));
    // every tab is offered, the audit log's to admins only
    let admin = Palette::new(Context::List, Lang::En, &|_| true);
    for t in TabName::ALL {
        assert!(admin.offered.contains(&Action::Tab(*t)), "tab {}", t.name());
    }
    assert!(!list.offered.contains(&Action::Tab(TabName::Audit)));
}

#[test]
fn colon_then_a_name_then_enter_runs_it_like_its_key() {
    let mut fx = session(Lang::En, "vim");
    let s = &mut fx.s;
    press(s, KeyCode::Char(':'));
    assert!(s.app.popups.palette.is_some());
    assert_eq!(keys::context(&s.app, &s.data), Context::Palette);
    // letters bound in the list (j, q, G) are text here
    typ(s, "tab evx");
    press(s, KeyCode::Backspace);
    assert_eq!(s.app.popups.palette.as_ref().map(|p| p.line.value.as_str()), Some("tab ev"));
    press(s, KeyCode::Enter);
    assert!(s.app.popups.palette.is_none());
    assert_eq!(s.app.tab, RecordKind::Event);

    // `last` through the palette selects what G selects
    press(s, KeyCode::Char('G'));
    let by_key = s.app.list().selected;
    press(s, KeyCode::Char('g'));
    press(s, KeyCode::Char('g'));
    assert_eq!(s.app.list().selected, 0);
    press(s, KeyCode::Char(':'));
    typ(s, "last");
    press(s, KeyCode::Enter);
    assert_eq!(s.app.list().selected, by_key);
    assert!(by_key > 0);

    press(s, KeyCode::Char(':'));
    typ(s, "quit");
    assert_eq!(press(s, KeyCode::Enter), Some(Exit::Quit));
}

#[test]
fn moving_escape_ctrl_w_and_no_match() {
    let mut fx = session(Lang::En, "default");
    let s = &mut fx.s;
    key(s, KeyCode::Char('p'), KeyModifiers::CONTROL);
    let chosen = |s: &Session| s.app.popups.palette.as_ref().and_then(Palette::chosen);
    assert_eq!(chosen(s), Some(Action::Quit));
    press(s, KeyCode::Down);
    press(s, KeyCode::Down);
    assert_eq!(chosen(s), Some(Action::Help));
    press(s, KeyCode::Up);
    assert_eq!(chosen(s), Some(Action::ForceQuit));
    // Enter runs the selected one: the help opens
    press(s, KeyCode::Down);
    press(s, KeyCode::Enter);
    assert_eq!(s.app.overlay, Some(crate::ui::app::Overlay::Help));
    press(s, KeyCode::Esc);
    assert_eq!(s.app.overlay, None);

    key(s, KeyCode::Char('p'), KeyModifiers::CONTROL);
    typ(s, "open details");
    key(s, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(s.app.popups.palette.as_ref().map(|p| p.line.value.as_str()), Some("open "));
    typ(s, "qqqq");
    press(s, KeyCode::Enter);
    assert!(s.app.popups.palette.is_some(), "nothing to run: the palette stays");
    assert_eq!(s.app.status.as_ref().map(|m| m.text.as_str()), Some("No command matches."));
    press(s, KeyCode::Esc);
    assert!(s.app.popups.palette.is_none());
    assert_eq!(s.app.focus, Focus::List, "Esc ran nothing");
    // a global key still works from the palette: alt-3 switches tabs
    key(s, KeyCode::Char('p'), KeyModifiers::CONTROL);
    key(s, KeyCode::Char('3'), KeyModifiers::ALT);
    assert!(s.app.popups.palette.is_none());
    assert_eq!(s.app.tab, RecordKind::Event);
}

#[test]
fn pending_sequence_shows_what_may_follow_and_esc_cancels() {
    let mut fx = session(Lang::En, "vim");
    let s = &mut fx.s;
    press(s, KeyCode::Char('g'));
    let w = s.app.popups.which_key.clone().expect("which-key box");
    assert_eq!(w.keys, [Key::char('g')]);
    let entries = w.entries(&s.app);
    assert!(entries.contains(&("e".into(), "Go to the events tab".into())), "{entries:?}");
    assert!(entries.contains(&("g".into(), "Go to the first row".into())), "{entries:?}");
    assert_eq!(s.app.pending.as_deref(), Some("g …"));
    press(s, KeyCode::Esc);
    assert!(s.app.popups.which_key.is_none() && s.app.pending.is_none());
    assert_eq!(s.app.tab, RecordKind::Client);
    press(s, KeyCode::Char('g'));
    press(s, KeyCode::Char('e'));
    assert!(s.app.popups.which_key.is_none());
    assert_eq!(s.app.tab, RecordKind::Event);
    // a count alone opens no box
    press(s, KeyCode::Char('5'));
    assert!(s.app.popups.which_key.is_none());
    assert_eq!(s.app.pending.as_deref(), Some("5 …"));
}

#[test]
fn snapshots_of_palette_and_which_key() {
    for lang in Lang::ALL {
        let tag = |what: &str| format!("{what}_{}_80x24", lang.code());
        let mut fx = session(lang, "vim");
        let s = &mut fx.s;
        press(s, KeyCode::Char(':'));
        snap(&tag("palette"), render(s));
        typ(s, "tab");
        snap(&tag("palette_tab"), render(s));
        press(s, KeyCode::Esc);
        press(s, KeyCode::Char('g'));
        snap(&tag("which_key"), render(s));
    }
}

/// Adding an action is declaring it, describing it in both languages and
/// binding it: the help, the palette and the table of docs/KEYS.md follow. Every
/// action bound in a place of the default keymap is described, listed in
/// that place's help and offered by its palette to a role that may use it.
#[test]
fn an_action_bound_in_a_place_is_in_that_places_help_and_palette() {
    let mut fx = session(Lang::En, "default");
    let s = &mut fx.s;
    s.app.role = Role::Admin;
    s.app.supervisor = true;
    s.wait_for_index();
    s.refresh();
    let default = crate::keymap::Keymap::preset("default").unwrap();
    for &a in Action::all() {
        let (en, id) = (a.description(Lang::En), a.description(Lang::Id));
        assert!(!en.trim().is_empty() && !id.trim().is_empty(), "{a} is described in both languages");
    }
    for ctx in [Context::List, Context::Detail] {
        if ctx == Context::Detail {
            s.handle(&TermEvent::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
            s.refresh();
        }
        assert_eq!(crate::ui::keys::context(&s.app, &s.data), ctx);
        let help: Vec<String> =
            crate::ui::keys::help_entries(&s.app, ctx, &s.data).into_iter().map(|(_, d)| d).collect();
        let palette = Palette::new(ctx, Lang::En, &|a| crate::ui::keys::allowed(&s.app, a, &s.data));
        for &a in Action::all() {
            if default.keys_for(a, ctx).is_empty() {
                assert!(!palette.offered.contains(&a), "{a} is not bound in {} and not offered there", ctx.name());
                continue;
            }
            if !default.bindings(ctx).iter().any(|(_, b)| *b == a) {
                continue; // bound in every place: the global help lists it
            }
            assert!(help.contains(&a.description(Lang::En)), "{a} is in the help of {}", ctx.name());
            assert!(
                matches!(a, Action::Palette | Action::CancelPending) || palette.offered.contains(&a),
                "{a} is offered in {}",
                ctx.name()
            );
        }
    }
}
