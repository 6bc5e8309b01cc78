//! A large sled batch holds bounded memory (vendor/sled patch 5): every
//! write of a batch replaces a page by a modified copy, and the old copies
//! are freed only once the batch's epoch guard lets go of them. Staged
//! writes (an import, the demo load) apply batches of thousands of
//! entries; with one guard held for the whole batch, a 100,000-row import
//! peaks at 0.4–1.4 GB.
//!
//! Alone in its own test binary: it reads the process's peak resident
//! memory, which other tests running beside it would raise.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

/// Batches, and writes in each: about what staging 6,000 imported rows asks
/// of sled (eight entries a row).
const BATCHES: u32 = 4;
const WRITES: u32 = 12_500;

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// An index-like key (20 bytes, ascending, so every write lands in the last
/// leaf and copies it) and a summary-like value.
fn entry(batch: u32, i: u32) -> (Vec<u8>, Vec<u8>) {
    let mut k = b"idx:name:".to_vec();
    k.extend_from_slice(&batch.to_be_bytes());
    k.extend_from_slice(&i.to_be_bytes());
    k.extend_from_slice(b"___");
    (k, format!("client {batch} {i} summary text of about sixty bytes").into_bytes())
}

#[test]
fn a_large_batch_does_not_keep_the_pages_it_replaced() {
    if !std::path::Path::new("/proc/self/status").exists() {
        return; // no way to read the peak here
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let before = peak_rss_kib();
    {
        let db = sled::Config::new().path(&path).cache_capacity(2 * 1024 * 1024).open().unwrap();
        let tree = db.open_tree("staging").unwrap();
        for b in 0..BATCHES {
            let mut batch = sled::Batch::default();
            for i in 0..WRITES {
                let (k, v) = entry(b, i);
                batch.insert(k, v);
            }
            tree.apply_batch(batch).unwrap();
        }
        db.flush().unwrap();
    }
    let grown_mib = peak_rss_kib().saturating_sub(before) / 1024;
    // Without the patch every write's leaf copy stayed: 1,665 MiB for 4 × 50,000
    // writes, against 26 MiB with it.
    assert!(grown_mib < 64, "peak resident memory grew by {grown_mib} MiB");

    // the batches are whole after reopening
    let db = sled::Config::new().path(&path).cache_capacity(2 * 1024 * 1024).open().unwrap();
    let tree = db.open_tree("staging").unwrap();
    assert_eq!(tree.len(), (BATCHES * WRITES) as usize);
    for (b, i) in [(0, 0), (1, WRITES / 2), (BATCHES - 1, WRITES - 1)] {
        let (k, v) = entry(b, i);
        assert_eq!(tree.get(&k).unwrap().as_deref(), Some(v.as_slice()));
    }
}
