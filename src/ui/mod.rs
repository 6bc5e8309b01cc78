//! The terminal interface, in The Elm Architecture: [`app`] holds the state,
//! [`update`] applies [`crate::action::Action`]s to it, [`view`] draws it, and
//! [`data`] is the one module that reads the store. [`terminal`] runs it on
//! a terminal.
//!
//! ```text
//! key ─ Dispatcher ─▶ Action ─ update ─▶ App ─ view ─▶ Frame
//!                                  │ Effect        ▲
//!                                  ▼               │
//!                            terminal::Session ─ data (Store)
//! ```

pub mod app;
pub mod audit;
pub mod backend;
pub mod caseload;
pub mod casework;
pub mod checkin;
pub mod cursor;
pub mod data;
pub mod documents;
pub mod filter;
pub mod form;
pub mod global_search;
pub mod input;
pub mod keys;
pub mod layer;
pub mod layout;
pub mod merge;
pub mod palette;
pub mod purge;
pub mod reporting;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod users;
pub mod view;
pub mod whichkey;
pub mod wrap;

use std::sync::Arc;

use crate::i18n::Lang;
use crate::keymap::Keymap;
use crate::ui::data::Actor;

pub use crate::sanitize::{self, sanitize};
pub use app::App;
pub use data::UiData;
pub use terminal::{Exit, Session};
pub use theme::Theme;

/// How to start an interface session.
#[derive(Debug, Clone)]
pub struct Options {
    /// Interface language.
    pub lang: Lang,
    /// Colours and drawing characters.
    pub theme: Theme,
    /// Who is working (shown, and named in the audit of every write);
    /// the session's days are counted in their zone.
    pub actor: Actor,
    /// The keymap in effect.
    pub keymap: Arc<Keymap>,
    /// Clients in the demo data loaded from the welcome screen.
    pub demo_clients: usize,
    /// Seed of the demo data.
    pub demo_seed: u64,
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod visible_tests;
