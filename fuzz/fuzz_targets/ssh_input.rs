//! The SSH terminal-input parser, given any bytes in any split across
//! reads: never a panic, and what is pending stays bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use simpul::server::input::InputParser;

fuzz_target!(|bytes: &[u8]| {
    // the first byte chooses where reads are cut, so splits are fuzzed too
    let Some((&step, rest)) = bytes.split_first() else { return };
    let step = usize::from(step % 16) + 1;
    let mut p = InputParser::new();
    for chunk in rest.chunks(step) {
        let _ = p.feed(chunk);
    }
    // the same bytes in one read
    let _ = InputParser::new().feed(rest);
});
