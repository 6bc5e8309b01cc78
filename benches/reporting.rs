//! The reporting standing of every client of the demo data set (100k,
//! `simpul demo --clients 100000 --seed 1`), counted from the stored
//! summaries as search and the lists count it: with the office calendar
//! simpul ships (weekends, national holidays, cuti bersama), against a
//! baseline of weekends only, measured in the same run.
#![allow(clippy::unwrap_used)] // benchmark code: a panic is the failure report

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::Criterion;
use simpul::demo::{DemoOptions, clients};
use simpul::model::Calendar;
use simpul::store::summary::ClientSummary;

const N: usize = 100_000;

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let summaries: Vec<ClientSummary> =
        clients(&DemoOptions { clients: N, seed: 1, today }).map(|(c, _)| ClientSummary::of(&c)).collect();
    let office = Calendar::new(simpul::casework::holidays::shipped().iter().cloned());
    let weekends = Calendar::default();
    let mut c = Criterion::default().configure_from_args().sample_size(20);
    let mut g = c.benchmark_group("reporting_100k");
    g.bench_function("standing of every client, office calendar", |b| {
        b.iter(|| summaries.iter().map(|s| black_box(s.standing(today, &office)).missed).sum::<usize>())
    });
    g.bench_function("baseline: the same, weekends only", |b| {
        b.iter(|| summaries.iter().map(|s| black_box(s.standing(today, &weekends)).missed).sum::<usize>())
    });
    g.finish();
    c.final_summary();
}
