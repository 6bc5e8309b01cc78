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
use simpul::model::*;
use simpul::search::{SearchIndex, SearchKind, parse};

const CLIENTS: u64 = 100_000;
const RUNS: usize = 200;
const TYPED: &str = "sukarn";

/// Synthetic clients (the demo generator has not landed yet): names from
/// syllables, some in old spelling, a third with an alias.
fn clients() -> Vec<Client> {
    let mut rng = fastrand::Rng::with_seed(7);
    let first = [
        "Budi", "Soekarno", "Sukarni", "Djoko", "Joko", "Ahmad", "Muhammad", "Siti", "Agus", "Tjipto", "Yusuf",
        "Abdul", "Chairul", "Nur", "Rahmat", "Dewi", "Sri", "Hendra", "Slamet", "Wahyu", "Imam", "Fajar",
    ];
    let last = [
        "Santoso",
        "Wijaya",
        "Hidayat",
        "Saputra",
        "Kurniawan",
        "Pratama",
        "Setiawan",
        "Nugroho",
        "Susanto",
        "Hadi",
        "Suharto",
        "Rahman",
        "Syahputra",
        "Firmansyah",
        "Gunawan",
        "Prasetyo",
        "Kusuma",
        "Harahap",
    ];
    let offices = ["BAPAS Malang", "BAPAS Surabaya", "BAPAS Kediri", "BAPAS Jember", "BAPAS Madiun"];
    let skills = ["barista", "budidaya lele", "kue", "menjahit", "las", "pertanian", "desain grafis"];
    (1..=CLIENTS)
        .map(|id| {
            let name = format!(
                "{} {} {}",
                first[rng.usize(..first.len())],
                last[rng.usize(..last.len())],
                last[rng.usize(..last.len())]
            );
            let mut c = Client::new(name);
            c.meta.id = id;
            c.register_no = format!("PB.{id}/{}", 2015 + id % 10);
            c.nik = Some(format!("35{:014}", rng.u64(..100_000_000_000_000)));
            c.office = offices[rng.usize(..offices.len())].to_string();
            c.officer = format!("Petugas {}", rng.u8(..40));
            if rng.u8(..3) == 0 {
                c.aliases.push(format!("Abu {}", first[rng.usize(..first.len())]));
            }
            c.skills.push(skills[rng.usize(..skills.len())].to_string());
            c.meta.archived = rng.u8(..20) == 0;
            c
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let t = Instant::now();
    let mut idx = SearchIndex::new();
    for c in clients() {
        idx.upsert_client(&c, &[]);
    }
    idx.warm();
    eprintln!("built index of {} clients in {:?}", idx.len(SearchKind::Clients), t.elapsed());

    let prefixes: Vec<String> = (1..=TYPED.len()).map(|n| TYPED[..n].to_string()).collect();
    let mut all = Vec::new();
    for p in &prefixes {
        let q = parse(p).unwrap();
        let mut times = Vec::with_capacity(RUNS);
        let mut hits = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            hits = black_box(idx.search(SearchKind::Clients, &q, None)).len();
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

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("search_100k");
    g.sample_size(20);
    for p in &prefixes {
        let q = parse(p).unwrap();
        g.bench_function(format!("keystroke/{p}"), |b| b.iter(|| idx.search(SearchKind::Clients, &q, None)));
    }
    let q = parse("risk:hijau office:malang skill:barista").unwrap();
    g.bench_function("qualifiers_only", |b| b.iter(|| idx.search(SearchKind::Clients, &q, None)));
    g.finish();
    c.final_summary();
}
