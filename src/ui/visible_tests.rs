//! The selected line is always on screen: random moves through every list
//! and detail pane, at 80×24 and 120×40 (and resizes between them), and
//! after each one the highlighted line (▶) is drawn and is the one an
//! action would act on.

use std::cell::RefCell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::Session;
use super::app::{Focus, Screen};
use super::tests::{opts, render};
use super::update::{self, selected_ref};
use crate::action::{Action, TabName};
use crate::i18n::Lang;
use crate::model::Role;
use crate::ui::data::Actor;

use super::cursor::MOVES;

/// Where the moves happen.
#[derive(Debug, Clone, Copy)]
enum Place {
    List(TabName),
    Details,
    Palette,
    GlobalSearch,
    SavedSearches,
    Merge,
}

const PLACES: [Place; 11] = [
    Place::List(TabName::Clients),
    Place::List(TabName::Stakeholders),
    Place::List(TabName::Events),
    Place::List(TabName::Agenda),
    Place::List(TabName::Audit),
    Place::List(TabName::Users),
    Place::Details,
    Place::Palette,
    Place::GlobalSearch,
    Place::SavedSearches,
    Place::Merge,
];

fn demo_session() -> (tempfile::TempDir, Session) {
    // a fixed day the demo's dates suit (its agreements were signed before it)
    let (dir, store) = crate::store::temp_store_at(crate::clock::Clock::at(2026, 11, 27, 9, 0, 7));
    let admin = Actor::new("ana", Role::Admin);
    super::data::load_demo(&store, &admin, 200, 1).unwrap();
    // more users than a screen holds
    for i in 0..40 {
        let new = crate::users::NewUser {
            name: format!("user{i:02}"),
            role: Role::Officer,
            stakeholder: None,
            keys: Vec::new(),
            full_name: format!("Petugas {i:02}"),
            supervisor: i % 7 == 0,
            officer: String::new(),
        };
        crate::users::add(&store, &admin, new).unwrap();
    }
    let mut o = opts(Lang::En);
    o.actor = admin;
    let mut s = Session::new(store, &o, 80, 24);
    s.wait_for_index();
    s.wait_for_casework();
    (dir, s)
}

/// Puts the session at `place`, from the first row.
fn go(s: &mut Session, place: Place) {
    s.app.popups.palette = None;
    s.app.global = None;
    s.app.filter.picker = None;
    s.app.merge = None;
    update::update(&mut s.app, Action::Tab(TabName::Clients), &s.data);
    match place {
        Place::List(tab) => {
            update::update(&mut s.app, Action::Tab(tab), &s.data);
        }
        Place::Details => {
            update::update(&mut s.app, Action::First, &s.data);
            update::update(&mut s.app, Action::Open, &s.data);
        }
        Place::Palette => {
            update::update(&mut s.app, Action::Palette, &s.data);
        }
        Place::GlobalSearch => {
            update::update(&mut s.app, Action::GlobalSearch, &s.data);
            // a letter most names hold: every section fuller than its share
            s.handle(&crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char('a'),
                crossterm::event::KeyModifiers::NONE,
            )));
        }
        Place::SavedSearches => {
            s.app.filter.saved = (0..40)
                .map(|i| super::filter::SavedSearch { name: format!("saved{i:02}"), query: format!("risk:{i}") })
                .collect();
            update::update(&mut s.app, Action::SavedSearches, &s.data);
        }
        Place::Merge => {
            // the two demo clients that differ in the most fields
            let rows = |a, b| {
                let scoped = s.scoped();
                match (scoped.fetch::<crate::model::Client>(a), scoped.fetch::<crate::model::Client>(b)) {
                    (Ok(x), Ok(y)) => super::merge::MergeView::new(&x, &y, Lang::En, &Default::default()).rows.len(),
                    _ => 0,
                }
            };
            let (a, b) = (1..12u64)
                .flat_map(|a| (a + 1..13).map(move |b| (a, b)))
                .max_by_key(|&(a, b)| rows(a, b))
                .unwrap_or((1, 2));
            s.form_op(super::form::FormOp::MergeOpen(a, b));
        }
    }
    s.refresh();
}

/// Whether `token` is drawn after a ▶ on one line.
fn follows_marker(screen: &str, token: &str) -> bool {
    screen.lines().any(|l| l.split('▶').skip(1).any(|rest| rest.contains(token)))
}

fn fail(what: &str, w: u16, h: u16, screen: &str) -> TestCaseError {
    TestCaseError::fail(format!("{what} at {w}x{h}:\n{screen}"))
}

/// Checks that what is selected is drawn, and is what an action acts on.
fn check(s: &Session, place: Place, w: u16, h: u16) -> Result<(), TestCaseError> {
    let screen = render(s, w, h);
    let marked = screen.contains('▶');
    match place {
        Place::List(TabName::Agenda) => {
            if let Some(item) = s.data.casework.items().get(s.app.agenda.selected) {
                let r = item.record.to_string();
                prop_assert!(follows_marker(&screen, &r), "{r} does not follow a ▶ at {w}x{h}:\n{screen}");
            }
        }
        Place::List(TabName::Audit) => {
            if s.data.audit.as_ref().is_some_and(|r| !r.entries.is_empty()) {
                prop_assert!(marked, "no ▶ at {w}x{h}:\n{screen}");
            }
        }
        Place::List(TabName::Users) => {
            let u = super::users::selected(&s.app, &s.data).ok_or_else(|| fail("no user selected", w, h, &screen))?;
            prop_assert!(follows_marker(&screen, &u.name), "{} does not follow a ▶ at {w}x{h}:\n{screen}", u.name);
        }
        Place::List(_) => {
            prop_assert_eq!(s.app.screen, Screen::Records);
            let r = selected_ref(&s.app, &s.data).ok_or_else(|| fail("nothing selected", w, h, &screen))?;
            prop_assert!(follows_marker(&screen, &r.to_string()), "{r} does not follow a ▶ at {w}x{h}:\n{screen}");
        }
        Place::Details => {
            prop_assert_eq!(s.app.focus, Focus::Detail);
            if s.app.link > 0 {
                let d = s.data.detail.as_ref().ok_or_else(|| fail("no details", w, h, &screen))?;
                let (text, _) =
                    d.selectables().nth(s.app.link - 1).ok_or_else(|| fail("no such line", w, h, &screen))?;
                // the start of the selected line's text follows a ▶ (the
                // list beside the details has its own)
                let start: String = text.trim().chars().skip(2).take(10).collect();
                prop_assert!(follows_marker(&screen, &start), "{start:?} does not follow a ▶ at {w}x{h}:\n{screen}");
            }
        }
        Place::Palette => {
            let p = s.app.popups.palette.as_ref().ok_or_else(|| fail("palette closed", w, h, &screen))?;
            let chosen = p.chosen().ok_or_else(|| fail("nothing chosen", w, h, &screen))?;
            let desc: String = chosen.description(Lang::En).chars().take(16).collect();
            prop_assert!(follows_marker(&screen, &desc), "{desc} does not follow a ▶ at {w}x{h}:\n{screen}");
        }
        Place::GlobalSearch => {
            let g = s.app.global.as_ref().ok_or_else(|| fail("global search closed", w, h, &screen))?;
            let hit = g.selected_hit().ok_or_else(|| fail("no hit selected", w, h, &screen))?;
            let r = hit.record.to_string();
            prop_assert!(follows_marker(&screen, &r), "{r} does not follow a ▶ at {w}x{h}:\n{screen}");
        }
        Place::SavedSearches => {
            let sel = s.app.filter.picker.ok_or_else(|| fail("picker closed", w, h, &screen))?;
            let name = &s.app.filter.saved[sel].name;
            prop_assert!(follows_marker(&screen, name), "{name} does not follow a ▶ at {w}x{h}:\n{screen}");
        }
        Place::Merge => {
            let m = s.app.merge.as_ref().ok_or_else(|| fail("merge closed", w, h, &screen))?;
            let field = m.rows[m.cursor].0;
            let label =
                <crate::model::Client as crate::schema::Table>::field(field).map_or(field, |f| f.label(Lang::En));
            // labels are cut to the label column
            let label: String = label.chars().take(18).collect();
            prop_assert!(follows_marker(&screen, &label), "{label} does not follow a ▶ at {w}x{h}:\n{screen}");
        }
    }
    Ok(())
}

#[test]
fn the_selected_line_is_always_on_screen() {
    let (_dir, s) = demo_session();
    assert!(s.data.casework.items().len() > 30, "the agenda is longer than a screen");
    let s = RefCell::new(s);
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let strategy = (0..PLACES.len(), any::<bool>(), proptest::collection::vec(0..MOVES.len() + 1, 1..30));
    runner
        .run(&strategy, |(place, big, moves)| {
            let mut guard = s.borrow_mut();
            let s = &mut *guard;
            let place = PLACES[place];
            let (mut w, mut h) = if big { (120, 40) } else { (80, 24) };
            s.handle(&crossterm::event::Event::Resize(w, h));
            go(s, place);
            check(s, place, w, h)?;
            for m in moves {
                match MOVES.get(m) {
                    Some(&a) => {
                        update::update(&mut s.app, a, &s.data);
                    }
                    // the terminal changes size
                    None => {
                        (w, h) = if w == 80 { (120, 40) } else { (80, 24) };
                        s.handle(&crossterm::event::Event::Resize(w, h));
                    }
                }
                s.refresh();
                check(s, place, w, h)?;
            }
            Ok(())
        })
        .unwrap();
}
