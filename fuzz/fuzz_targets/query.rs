//! The search query parser: never a panic, and a query that parses prints
//! back to text that parses to the same query.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(q) = simpul::search::parse(text) {
        assert_eq!(simpul::search::parse(&q.to_string()).ok(), Some(q));
    }
});
