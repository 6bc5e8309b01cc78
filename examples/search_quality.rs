//! Precision and recall of search over the demo's labelled queries, for
//! word matching (what simpul does) and a fuzzy matcher, for comparison:
//! `cargo run --release --example search_quality -- [CLIENTS] [QUERIES] [SEED]`
//! (default 100000 clients, 1000 queries, seed 1). See `simpul::demo::quality`.

use std::time::Instant;

use simpul::demo::quality::{demo_index, measure};
use simpul::demo::{DemoOptions, labelled_queries};
use simpul::search::Matching;

fn arg(n: usize, default: u64) -> u64 {
    std::env::args().nth(n).and_then(|a| a.parse().ok()).unwrap_or(default)
}

fn main() {
    let clients = usize::try_from(arg(1, 100_000)).unwrap_or(100_000);
    let queries = usize::try_from(arg(2, 1000)).unwrap_or(1000);
    let seed = arg(3, 1);
    // a fixed day: the figures do not move with the calendar
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    let opts = DemoOptions { clients, seed, today };
    let set = labelled_queries(&opts, queries);
    println!("{clients} demo clients (seed {seed}), {} labelled queries", set.len());
    println!("| matcher | precision | recall | found | meant | right |");
    println!("|---|---|---|---|---|---|");
    let mut forms = Vec::new();
    for (name, matching) in [("words", Matching::Words), ("fuzzy (before)", Matching::Fuzzy)] {
        let index = demo_index(&opts, matching);
        let t = Instant::now();
        let (all, by_form) = measure(&index, &set);
        eprintln!("{name}: {} queries in {:.1} s", all.queries, t.elapsed().as_secs_f64());
        println!(
            "| {name} | {:.3} | {:.3} | {} | {} | {} |",
            all.precision(),
            all.recall(),
            all.found,
            all.meant,
            all.right
        );
        forms.push((name, by_form));
    }
    println!();
    println!("| query written as | queries | precision, words | recall, words | precision, fuzzy | recall, fuzzy |");
    println!("|---|---|---|---|---|---|");
    if let [(_, words), (_, fuzzy)] = forms.as_slice() {
        for ((form, w), (_, f)) in words.iter().zip(fuzzy) {
            println!(
                "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
                form.code(),
                w.queries,
                w.precision(),
                w.recall(),
                f.precision(),
                f.recall()
            );
        }
    }
}
