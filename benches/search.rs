//! Search benchmarks: one keystroke over 100 000 clients.
//!
//! Types "sukarn" and "prasety" letter by letter; each prefix is one query
//! over the whole index (no limit: the list needs every hit and its
//! count), and, as the list filter does, over the hits of an earlier
//! prefix it narrows; turn about in the same run, so all see the same load:
//! - "words": word matching found through the clients' words (what simpul
//!   does);
//! - "scanned": the same matching reading the text of every client with a
//!   word of the typed word's first letter (before the word index);
//! - "fuzzy": the fuzzy matcher before word matching.
//!
//! Prints p50 per prefix and p50/p99 over all keystrokes, 200 runs each,
//! then lets criterion measure word matching.
#![allow(missing_docs)]
#![allow(clippy::unwrap_used)] // bench code: a panic is the failure report

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use simpul::model::RecordKind;
use simpul::model::*;
use simpul::search::{Matching, SearchIndex, parse};

const CLIENTS: u64 = 100_000;
const RUNS: usize = 200;
const TYPED: [&str; 2] = ["sukarn", "prasety"];

/// The demo data set's clients (`simpul demo --clients 100000 --seed 1`).
fn clients() -> Vec<Client> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    simpul::demo::clients(&simpul::demo::DemoOptions { clients: CLIENTS as usize, seed: 1, today })
        .map(|(c, _)| c)
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The times of one matcher: per prefix, a full search and the list
/// filter's incremental one; and the hits.
struct Times {
    full: Vec<Vec<Duration>>,
    incremental: Vec<Vec<Duration>>,
    hits: Vec<usize>,
}

impl Times {
    fn new(n: usize) -> Times {
        Times { full: vec![Vec::new(); n], incremental: vec![Vec::new(); n], hits: vec![0; n] }
    }
}

fn all(per: &[Vec<Duration>]) -> Vec<Duration> {
    let mut v: Vec<Duration> = per.iter().flatten().copied().collect();
    v.sort();
    v
}

fn main() {
    // the allocator settings of the TUI (see `simpul::malloc`)
    simpul::malloc::tune_for_one_user();
    let t = Instant::now();
    let mut idx = SearchIndex::new(chrono::NaiveDate::MIN);
    for c in clients() {
        idx.upsert_client(&c, &[]);
    }
    let built = t.elapsed();
    let t = Instant::now();
    idx.warm();
    eprintln!(
        "built index of {} clients in {built:?}, its name order and words in {:?}",
        idx.len(RecordKind::Client),
        t.elapsed()
    );

    // (word typed, prefix) of every keystroke; the first of each word starts afresh
    let prefixes: Vec<(usize, String)> = TYPED
        .iter()
        .enumerate()
        .flat_map(|(w, typed)| (1..=typed.len()).map(move |n| (w, typed[..n].to_string())))
        .collect();
    let queries: Vec<_> = prefixes.iter().map(|(_, p)| parse(p).unwrap()).collect();
    let matchers = [("fuzzy", Matching::Fuzzy), ("scanned", Matching::WordsScanned), ("words", Matching::Words)];
    let mut times: Vec<Times> = matchers.iter().map(|_| Times::new(prefixes.len())).collect();
    for _ in 0..RUNS {
        for ((_, matching), times) in matchers.iter().zip(times.iter_mut()) {
            idx.set_matching(*matching);
            for (i, q) in queries.iter().enumerate() {
                let t = Instant::now();
                times.hits[i] = black_box(idx.search(RecordKind::Client, q, None)).len();
                times.full[i].push(t.elapsed());
            }
            // What the list filter does: positions only, and a keystroke
            // that narrows an earlier query of the word looks only at the
            // fewest earlier hits it narrows (the filter keeps 8 searches).
            let mut earlier: Vec<(usize, Vec<u32>)> = Vec::new();
            for (i, q) in queries.iter().enumerate() {
                if i > 0 && prefixes[i].0 != prefixes[i - 1].0 {
                    earlier.clear();
                }
                let t = Instant::now();
                let within = earlier
                    .iter()
                    .filter(|(j, _)| q.narrows_with(&queries[*j], *matching))
                    .min_by_key(|(_, hits)| hits.len())
                    .map(|(_, hits)| hits.as_slice());
                let hits = black_box(idx.search_positions(RecordKind::Client, q, within));
                times.incremental[i].push(t.elapsed());
                earlier.push((i, hits));
            }
        }
    }
    idx.set_matching(Matching::Words);

    eprintln!("p50 over {RUNS} runs per keystroke, ms: full search, then as the list filter narrows");
    let mut head = format!("{:<8}", "prefix");
    for (name, _) in &matchers {
        head.push_str(&format!(" | {name:>10}: hits   full   incr"));
    }
    eprintln!("{head}");
    let p50 = |v: &[Duration]| {
        let mut v = v.to_vec();
        v.sort();
        ms(percentile(&v, 0.5))
    };
    for (i, (_, p)) in prefixes.iter().enumerate() {
        let mut line = format!("{p:<8}");
        for t in &times {
            line.push_str(&format!(" | {:>16} {:>6.3} {:>6.3}", t.hits[i], p50(&t.full[i]), p50(&t.incremental[i])));
        }
        eprintln!("{line}");
    }
    for ((name, _), t) in matchers.iter().zip(&times) {
        let (full, inc) = (all(&t.full), all(&t.incremental));
        eprintln!(
            "{name:<10} all keystrokes ({} runs): full p50 {:.3} ms p99 {:.3} ms; incremental p50 {:.3} ms p99 {:.3} ms",
            full.len(),
            ms(percentile(&full, 0.5)),
            ms(percentile(&full, 0.99)),
            ms(percentile(&inc, 0.5)),
            ms(percentile(&inc, 0.99))
        );
    }
    let ratio = |f: fn(&Times) -> &Vec<Vec<Duration>>, q: f64, to: usize| {
        ms(percentile(&all(f(&times[2])), q)) / ms(percentile(&all(f(&times[to])), q))
    };
    for (to, name) in [(1, "scanned"), (0, "fuzzy")] {
        eprintln!(
            "words / {name}: full p50 x{:.3} p99 x{:.3}; incremental p50 x{:.3} p99 x{:.3}",
            ratio(|t| &t.full, 0.5, to),
            ratio(|t| &t.full, 0.99, to),
            ratio(|t| &t.incremental, 0.5, to),
            ratio(|t| &t.incremental, 0.99, to)
        );
    }

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("search_100k");
    g.sample_size(20);
    for (_, p) in &prefixes {
        let q = parse(p).unwrap();
        g.bench_function(format!("keystroke/{p}"), |b| b.iter(|| idx.search(RecordKind::Client, &q, None)));
    }
    let q = parse("risk:hijau office:malang skill:barista").unwrap();
    g.bench_function("qualifiers_only", |b| b.iter(|| idx.search(RecordKind::Client, &q, None)));
    g.finish();
    c.final_summary();
}
