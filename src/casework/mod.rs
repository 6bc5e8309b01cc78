//! Case work computed from the records: a client's timeline, the agenda of
//! what is due, the dashboard's figures, the monthly report's figures and
//! what the printed documents need that is not text (their format, a Litmas
//! report's author and approval); `render` lays these out in a language.
//!
//! Everything here is a pure function of records and a date, so each rule
//! is tested on a small fixed data set with known answers, and the TUI, the
//! command line and the server all show the same figures.

pub mod agenda;
pub mod dashboard;
/// The shipped days off and the reporting rules are the model's (the
/// store derives summaries from them); here they are where casework is.
pub use crate::model::{holidays, reporting};
pub mod monthly;
pub mod settings;
pub mod summary;
pub mod timeline;
