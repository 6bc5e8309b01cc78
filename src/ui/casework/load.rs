//! The threads that compute the agenda and the figures (read through the
//! user's scoped view of the store by `ui::data`).
//!
//! Both read every client, so they are computed off the interface's
//! thread: the first frame never waits for them, and a session shows the
//! last result until the new one arrives (after a write, or a new filter).

use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::NaiveDate;

use crate::casework::agenda::Item;
use crate::casework::dashboard::{Figures, Filter};
use crate::ui::data::StoreError;
pub use crate::ui::data::{load_agenda, load_figures};

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
