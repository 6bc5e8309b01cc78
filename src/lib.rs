//! simpul: case files of reintegration clients and the partner network
//! around them, for probation offices (BAPAS), in the terminal.
//!
//! The modules lie in layers, each naming only those below it: the model
//! (no I/O, no text), the store over its engine, search, casework and
//! exchange, then i18n, render (documents laid out in a language), and the
//! interfaces (ui, server, cli) on top.
//! `layers.rs` gives every module its layer and its test enforces it;
//! docs/ARCHITECTURE.md draws the map.

pub mod action;
pub mod casework;
pub mod cli;
pub mod clock;
pub mod csv_cell;
pub mod demo;
pub mod exchange;
pub mod gate;
pub mod i18n;
pub mod keymap;
#[cfg(test)]
mod layers;
pub mod malloc;
pub mod model;
pub mod protect;
pub mod render;
pub mod sanitize;
pub mod schema;
pub mod search;
pub mod server;
pub mod store;
pub mod ui;
pub mod users;
pub mod words;
