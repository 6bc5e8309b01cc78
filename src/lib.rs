//! simpul: case files of reintegration clients and the partner network
//! around them, for probation offices (BAPAS), in the terminal.
//!
//! Layers, each using only those before it:
//! [`model`] (types and validation) → [`store`] (sled) → the command line
//! in `main.rs`. The model never does I/O; the UI never touches sled.

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
pub mod sanitize;
pub mod schema;
pub mod search;
pub mod server;
pub mod store;
pub mod ui;
pub mod users;
