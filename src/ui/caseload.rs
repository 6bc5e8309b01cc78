//! My clients: an officer's client list, agenda and dashboard open on the
//! clients whose case files name them as officer (their officer name,
//! [`crate::ui::data::Actor::officer`]), and one action, `my_clients`,
//! switches the screen shown between those and the whole office.
//!
//! - The client list: its filter holds the term `officer:me`, so the user
//!   sees it in the status line, can combine it with any other term, and
//!   `esc` clears it like any filter; the action takes the term out of
//!   the filter or puts it in, keeping the rest.
//! - The agenda: only the lines of the user's clients (the office's events,
//!   agreements and approval requests stay); computed again on a switch.
//! - The dashboard: its officer filter is the user.
//!
//! Sessions of officers start with all three on their clients; admins,
//! viewers and partners start on what they see as a whole.

use super::app::{App, Listed, Screen};
use super::data::UiData;
use super::filter;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::model::{RecordKind, Role};
use crate::search::query::{self, Qualifier, Term, TermKind};

/// The filter term of the user's own clients.
pub const TERM: &str = "officer:me";

/// Whether a term asks for the user's own clients.
fn is_mine(t: &Term) -> bool {
    !t.negated && matches!(t.kind, TermKind::Qualifier(Qualifier::OfficerMe(_)))
}

/// Whether a filter's text asks for the user's own clients.
pub fn filter_is_mine(text: &str) -> bool {
    query::parse(text).is_ok_and(|q| q.terms.iter().any(is_mine))
}

/// A filter's text with the term of the user's own clients put in, or
/// (`mine` false) taken out; the other terms stay as they are.
pub fn with_mine(text: &str, mine: bool) -> String {
    let Ok(q) = query::parse(text) else {
        return if mine { TERM.to_string() } else { String::new() };
    };
    let mut rest: Vec<String> = q.terms.iter().filter(|t| !is_mine(t)).map(Term::to_string).collect();
    if mine {
        rest.insert(0, TERM.to_string());
    }
    rest.join(" ")
}

/// At a session's start: an officer with an officer name sees their own
/// clients on the client list, the agenda and the dashboard.
pub fn start(app: &mut App, data: &UiData) {
    let Some(name) = app.officer.clone().filter(|_| app.role == Role::Officer) else { return };
    app.agenda_mine = true;
    app.dashboard.filter.officer = Some(name.clone());
    filter::apply(app, data, RecordKind::Client, TERM);
    let key = super::keys::first_key(&app.keymap, crate::action::Action::MyClients, crate::action::Context::List)
        .unwrap_or_default();
    app.info(fill(app.t(Ui::MineStart), &[("name", &crate::sanitize::sanitize(&name)), ("key", &key)]));
}

/// The name the agenda is computed for: the user's, while it shows their clients.
pub fn agenda_officer(app: &App) -> Option<String> {
    app.officer.clone().filter(|_| app.agenda_mine)
}

/// Switches the screen shown between the user's own clients and the whole office.
pub fn toggle(app: &mut App, data: &UiData) {
    let Some(name) = app.officer.clone() else {
        app.info(app.t(Ui::NoOfficerName));
        return;
    };
    let mine = match app.screen {
        Screen::Records if app.tab == RecordKind::Client => {
            let text = app.filter.tabs[RecordKind::Client.index()].applied.clone();
            let mine = !filter_is_mine(&text);
            filter::apply(app, data, RecordKind::Client, &with_mine(&text, mine));
            mine
        }
        Screen::Agenda => {
            app.agenda_mine = !app.agenda_mine;
            app.agenda.selected = 0;
            app.agenda.offset = 0;
            app.agenda_mine
        }
        Screen::Dashboard => {
            let d = &mut app.dashboard;
            let mine = d.filter.officer.as_deref().is_none_or(|o| !super::casework::same(o, &name));
            // the user's clients in every office; the whole office is every officer's
            d.filter.office = None;
            d.filter.officer = mine.then(|| name.clone());
            d.scroll = 0;
            mine
        }
        Screen::Records | Screen::Audit | Screen::Users => {
            app.info(app.t(Ui::MineWhere));
            return;
        }
    };
    let msg = if mine {
        fill(app.t(Ui::MineOn), &[("name", &crate::sanitize::sanitize(&name))])
    } else {
        app.t(Ui::MineOff).to_string()
    };
    app.info(msg);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_term_goes_in_and_out_and_the_rest_stays() {
        assert_eq!(with_mine("", true), "officer:me");
        assert_eq!(with_mine("risk:merah budi", true), "officer:me risk:merah budi");
        assert_eq!(with_mine("officer:me risk:merah budi", false), "risk:merah budi");
        assert_eq!(with_mine("budi petugas:saya", false), "budi");
        assert_eq!(with_mine("officer:me", false), "");
        assert_eq!(with_mine(r#"officer:"me""#, true), r#"officer:me officer:"me""#, "the text me is no term of mine");
        assert!(filter_is_mine("budi PK:Saya") && !filter_is_mine("-officer:me") && !filter_is_mine(r#"officer:"me""#));
    }
}
