//! Keymap files (TOML extending a preset) and key-sequence names: any text
//! is a keymap or a list of problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = simpul::keymap::Keymap::from_str("fuzz.toml", text);
    let _ = simpul::keymap::Key::parse_seq(text);
});
