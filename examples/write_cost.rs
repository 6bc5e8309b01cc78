//! Per-client write cost: N demo clients created one by one (each its own
//! audited transaction) in a fresh store; prints the median and p90 per
//! write and the total. To compare two versions, copy it into a checkout
//! of each and run them in turn:
//! `cargo run --release --example write_cost -- 3000`.
#![allow(clippy::unwrap_used)]
use std::time::{Duration, Instant};

use simpul::demo::DemoOptions;
use simpul::model::Role;
use simpul::store::{Actor, OpenOptions, Store};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3000);
    let dir = tempfile::tempdir().unwrap();
    let opts = OpenOptions { clock: simpul::clock::Clock::at(2026, 11, 28, 9, 0, 7), ..OpenOptions::default() };
    let store = Store::open(&dir.path().join("db"), &opts).unwrap();
    let actor = Actor::new("bench", Role::Admin);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let clients: Vec<_> = simpul::demo::clients(&DemoOptions { clients: n, seed: 1, today }).map(|(c, _)| c).collect();
    let mut times: Vec<Duration> = Vec::with_capacity(n);
    let all = Instant::now();
    for c in clients {
        let t = Instant::now();
        store.create(&actor, c).unwrap();
        times.push(t.elapsed());
    }
    let total = all.elapsed();
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e6;
    println!("{n} writes: median {:.1} us, p90 {:.1} us, total {:.3} s", at(0.5), at(0.9), total.as_secs_f64());
}
