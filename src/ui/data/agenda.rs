//! The agenda and the figures, read through the user's scoped view of the
//! store (the threads that compute them are in `ui::casework::load`).

use chrono::NaiveDate;

use super::{Scoped, StoreError};
use crate::casework::agenda::{self, Item, Settings};
use crate::casework::dashboard::{self, Figures, Filter};
use crate::model::{Client, Event, Referral, Stakeholder};

/// The agenda for `today` over the records the user may see. Records that
/// cannot be decoded are left out (the status line counts them already).
/// With `mine`, an officer's own agenda: the lines of the clients whose
/// officer is `mine` (case and spacing ignored), and the office's events,
/// agreements and approval requests as ever.
pub fn load_agenda(
    store: &Scoped,
    today: NaiveDate,
    settings: &Settings,
    mine: Option<&str>,
) -> Result<Vec<Item>, StoreError> {
    let mut items = Vec::new();
    let stakeholders: Vec<Stakeholder> = store.scan().filter_map(Result::ok).collect();
    let events: Vec<Event> = store.scan().filter_map(Result::ok).collect();
    let attended = agenda::events_attended(&events, today);
    let calendar = store.calendar()?;
    // case files past the retention period, for those who may purge them
    let retention = settings.retention_years.filter(|_| store.actor().role == crate::model::Role::Admin);
    // one client at a time: the rules of a client look at that client (and the events it attended) only
    let mine = mine.map(crate::search::normalize::name_key);
    let is_mine = |c: &Client| mine.as_deref().is_none_or(|m| crate::search::normalize::name_key(&c.officer) == m);
    // an incomplete case file is for those who complete it; a partner's or
    // viewer's copy has those fields withheld, and so emptied
    let completes = matches!(store.actor().role, crate::model::Role::Admin | crate::model::Role::Officer);
    for c in store.scan::<Client>().filter_map(Result::ok).filter(is_mine) {
        let lines = agenda::client_items(&c, attended.get(&c.id()).copied(), today, &calendar, settings);
        items.extend(lines.into_iter().filter(|i| completes || i.rule != agenda::Rule::Incomplete));
        items.extend(retention.and_then(|years| agenda::retention(&c, today, years)));
    }
    items.extend(agenda::agenda(std::iter::empty::<&Client>(), &stakeholders, &events, today, &calendar, settings));
    // requests waiting for a decision, for those who decide them
    if store.actor().supervisor || store.actor().role == crate::model::Role::Admin {
        for a in store.pending_approvals()? {
            if let Ok(c) = store.fetch::<Client>(a.client) {
                items.push(Item {
                    rule: agenda::Rule::ApprovalPending,
                    record: c.id().to_ref(),
                    date: a.at.date_naive(),
                    name: c.full_name.clone(),
                    detail: format!("{} — {}", crate::ui::data::approval_subject_text(a.subject), a.requested_by),
                });
            }
        }
    }
    agenda::sort(&mut items);
    Ok(items)
}

/// The dashboard's figures over the records the user may see.
pub fn load_figures(store: &Scoped, filter: &Filter, today: chrono::NaiveDate) -> Result<Figures, StoreError> {
    let events: Vec<Event> = store.scan().filter_map(Result::ok).collect();
    // streamed, not collected: 68k full referrals would hold some 30 MB
    let referrals = store.scan::<Referral>().filter_map(Result::ok);
    let calendar = store.calendar()?;
    Ok(dashboard::figures(store.scan::<Client>().filter_map(Result::ok), referrals, &events, filter, today, &calendar))
}
