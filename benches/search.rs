//! Search benchmarks: one keystroke over 100 000 clients.
//!
//! Types "sukarn" letter by letter; each prefix is one query over the whole
//! index (no limit: the list needs every hit and its count). Prints p50 and
//! p99 per prefix over 200 runs each, then lets criterion measure the same.
#![allow(missing_docs)]
#![allow(clippy::unwrap_used)] // bench code: a panic is the failure report

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use simpul::model::RecordKind;
use simpul::model::*;
use simpul::search::{SearchIndex, parse};

const CLIENTS: u64 = 100_000;
const RUNS: usize = 200;
const TYPED: &str = "sukarn";

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

fn main() {
    // the allocator settings of the TUI (see `simpul::malloc`)
    simpul::malloc::tune_for_one_user();
    let t = Instant::now();
    let mut idx = SearchIndex::new(chrono::NaiveDate::MIN);
    for c in clients() {
        idx.upsert_client(&c, &[]);
    }
    idx.warm();
    eprintln!("built index of {} clients in {:?}", idx.len(RecordKind::Client), t.elapsed());

    let prefixes: Vec<String> = (1..=TYPED.len()).map(|n| TYPED[..n].to_string()).collect();
    let mut all = Vec::new();
    for p in &prefixes {
        let q = parse(p).unwrap();
        let mut times = Vec::with_capacity(RUNS);
        let mut hits = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            hits = black_box(idx.search(RecordKind::Client, &q, None)).len();
            times.push(t.elapsed());
        }
        times.sort();
        eprintln!(
            "keystroke {p:<7} hits {hits:>6}  p50 {:>8.3} ms  p99 {:>8.3} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3
        );
        all.extend(times);
    }
    all.sort();
    eprintln!(
        "keystroke (all prefixes, {} runs): p50 {:.3} ms  p99 {:.3} ms",
        all.len(),
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3
    );

    // What the list filter does: positions only, and each keystroke that
    // narrows the query looks only at the previous keystroke's hits.
    let queries: Vec<_> = prefixes.iter().map(|p| parse(p).unwrap()).collect();
    let mut per: Vec<Vec<Duration>> = vec![Vec::with_capacity(RUNS); prefixes.len()];
    for _ in 0..RUNS {
        let mut prev: Option<Vec<u32>> = None;
        for (i, q) in queries.iter().enumerate() {
            let within = prev.as_deref().filter(|_| i > 0 && q.narrows(&queries[i - 1]));
            let t = Instant::now();
            let hits = black_box(idx.search_positions(RecordKind::Client, q, within));
            per[i].push(t.elapsed());
            prev = Some(hits);
        }
    }
    let mut all = Vec::new();
    for (p, times) in prefixes.iter().zip(per.iter_mut()) {
        times.sort();
        eprintln!(
            "filter keystroke {p:<7} (incremental)  p50 {:>8.3} ms  p99 {:>8.3} ms",
            percentile(times, 0.5).as_secs_f64() * 1e3,
            percentile(times, 0.99).as_secs_f64() * 1e3
        );
        all.extend(times.iter().copied());
    }
    all.sort();
    eprintln!(
        "filter keystroke (incremental, all prefixes, {} runs): p50 {:.3} ms  p99 {:.3} ms",
        all.len(),
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3
    );

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("search_100k");
    g.sample_size(20);
    for p in &prefixes {
        let q = parse(p).unwrap();
        g.bench_function(format!("keystroke/{p}"), |b| b.iter(|| idx.search(RecordKind::Client, &q, None)));
    }
    let q = parse("risk:hijau office:malang skill:barista").unwrap();
    g.bench_function("qualifiers_only", |b| b.iter(|| idx.search(RecordKind::Client, &q, None)));
    g.finish();
    c.final_summary();
}
