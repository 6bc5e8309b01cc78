//! The agenda and the figures, read through the user's scoped view of the
//! store, and the threads that compute them.
//!
//! Both read every client, so they are computed off the interface's
//! thread: the first frame never waits for them, and a session shows the
//! last result until the new one arrives (after a write, or a new filter).

use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::NaiveDate;

use crate::casework::agenda::{self, Item, Settings};
use crate::casework::dashboard::{self, Figures, Filter};
use crate::model::{Client, Event, Referral, Stakeholder};
use crate::ui::data::{Scoped, StoreError};

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

/// What an agenda is computed for: the store's generation, the day, and
/// the officer whose clients alone it lists (`None`: the whole office).
pub type AgendaKey = (u64, NaiveDate, Option<String>);

/// A computation running on a thread, and what it was started for.
#[derive(Debug)]
pub struct Job<K, T> {
    /// What the result will be of.
    pub key: K,
    rx: Receiver<Result<T, StoreError>>,
    /// The database, named if the thread dies.
    path: std::path::PathBuf,
}

impl<K: Clone, T: Send + 'static> Job<K, T> {
    /// Starts `work` on a thread of its own.
    pub fn start(
        key: K,
        path: &std::path::Path,
        work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
    ) -> Job<K, T> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(work());
        });
        Job { key, rx, path: path.to_path_buf() }
    }

    fn stopped(&self) -> StoreError {
        StoreError::Open { path: self.path.clone(), reason: "the reading thread stopped".into() }
    }

    /// The result, when it is there (waiting for it if `wait`). A thread
    /// that died without answering reads as an error, so no one waits forever.
    pub fn poll(&self, wait: bool) -> Option<Result<T, StoreError>> {
        if wait {
            return Some(self.rx.recv().unwrap_or_else(|_| Err(self.stopped())));
        }
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(self.stopped())),
        }
    }
}

/// The agenda's and the figures' computations of a session.
#[derive(Debug, Default)]
pub struct Jobs {
    /// The agenda, for a store generation, day and officer ("my clients").
    pub agenda: Option<Job<AgendaKey, Vec<Item>>>,
    /// The figures, for a store generation and filter.
    pub figures: Option<Job<(u64, Filter), Figures>>,
}

impl Jobs {
    /// Whether anything is being computed.
    pub fn busy(&self) -> bool {
        self.agenda.is_some() || self.figures.is_some()
    }
}
