//! What casework computes, laid out as documents in a language: the case
//! summary and the Litmas draft (Markdown or plain text), and the monthly
//! report as a printed table. These are layouts (titles, aligned fields
//! and tables, paragraphs) built of the sentences of [`crate::i18n`], which
//! stays a table of sentences; casework computes what they show and names
//! no language.

pub mod monthly;
pub mod summary;
