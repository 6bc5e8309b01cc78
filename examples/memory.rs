//! Where the interface's memory goes: opens a database and loads what the
//! TUI loads, one part at a time, printing the resident set after each.
//! Used by `scripts/lowspec.sh`; run it yourself with
//! `cargo run --release --example memory -- DB_DIR`.
//!
//! Figures are RSS deltas (what the process holds from the system), so a
//! part's transient peak shows in the high-water mark, not in its delta.

use std::sync::Arc;

use simpul::model::Role;
use simpul::search::index::SearchIndex;
use simpul::store::summary::ClientSummary;
use simpul::store::{Actor, OpenOptions, Store};
use simpul::ui::UiData;
use simpul::ui::filter::Searcher;

/// (VmRSS, VmHWM) of this process in KiB, from /proc.
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn step(label: &str, before: &mut u64) {
    let (now, peak) = rss();
    println!(
        "{label:<44} rss {:>7.1} MB  (+{:>6.1} MB)  peak {:>7.1} MB",
        mb(now),
        mb(now - (*before).min(now)),
        mb(peak)
    );
    *before = now;
}

fn mb(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // as `simpul` itself does, before any thread starts
    simpul::malloc::tune_for_one_user();
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: memory DB_DIR");
        std::process::exit(2);
    };
    let mut last = 0;
    step("process start", &mut last);
    // as the interface reads its kept index (`simpul search` reads them too)
    simpul::search::kept::leave_written_texts_out();
    // MEMORY_CACHE_MB tries another sled page cache than the TUI's default
    let mut opts = OpenOptions::default();
    if let Some(mb) = std::env::var("MEMORY_CACHE_MB").ok().and_then(|v| v.parse::<u64>().ok()) {
        opts.cache_bytes = mb * 1024 * 1024;
    }
    let store = Store::open(std::path::Path::new(&path), &opts)?;
    step(&format!("Store::open (sled, {} MB page cache)", opts.cache_bytes >> 20), &mut last);
    let n = store.scan_summaries::<ClientSummary>().filter_map(Result::ok).count();
    step(&format!("scan + decode {n} client summaries, keep nothing"), &mut last);
    let scoped = store.scoped(&Actor::new("lowspec", Role::Officer))?;
    let n = store.scan::<simpul::model::Referral>().filter_map(Result::ok).count();
    step(&format!("scan + decode {n} referrals, keep nothing"), &mut last);
    // what a session does: the index (kept, else built), then the rows from it
    let (index, source) = SearchIndex::open_view(&scoped, store.clock().today(), false)?;
    let index = Arc::new(index);
    step(&format!("search index ({source:?})"), &mut last);
    let data = UiData::load_with(&scoped, || Some(Arc::clone(&index)));
    step(&format!("{} list rows made from the index", data.clients.len()), &mut last);
    let searcher = Searcher::new(Arc::clone(&index), &data);
    step("Searcher::new (per-session search state)", &mut last);
    // what the agenda or dashboard tab reads
    let n = store.scan::<simpul::model::Client>().filter_map(Result::ok).count();
    step(&format!("scan + decode {n} full clients, keep nothing"), &mut last);
    // what the agenda and dashboard tabs compute (each on a thread of its own there)
    let today = store.clock().today();
    let items = simpul::ui::data::load_agenda(&scoped, today, &Default::default(), None)?;
    step(&format!("the agenda, {} items kept", items.len()), &mut last);
    let figures = simpul::ui::data::load_figures(&scoped, &Default::default(), today)?;
    step("the dashboard's figures", &mut last);
    drop((items, figures));
    drop(searcher);
    drop(data);
    step("rows dropped", &mut last);
    // for comparison: rows with names of their own, read from the summaries
    let data = UiData::load(&scoped);
    step(&format!("{} list rows from the summaries instead", data.clients.len()), &mut last);
    drop(data);
    drop(index);
    step("search index and rows dropped", &mut last);
    Ok(())
}
