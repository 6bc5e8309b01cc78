//! The server's footprint after sessions leave: memory a thread freed is
//! given back to the system. Alone in its binary, so no other test's
//! allocations move the resident size it measures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn memory_freed_on_another_thread_is_given_back_to_the_system() {
    fn rss_kb() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
    // 80 MB in blocks below the mmap threshold, made and mostly freed on a
    // thread of their own (a session's), one in fifty kept so the top of
    // the heap cannot shrink by itself
    let (held, kept) = std::thread::spawn(|| {
        let blocks: Vec<Vec<u8>> = (0..40_000).map(|i| vec![(i % 251) as u8; 2000]).collect();
        let held = rss_kb();
        let kept: Vec<Vec<u8>> = blocks.into_iter().step_by(50).collect();
        (held, kept)
    })
    .join()
    .unwrap();
    let freed = rss_kb();
    assert!(freed > held / 2, "glibc kept the freed blocks: {freed} kB resident of {held} kB");
    assert!(simpul::malloc::give_back(), "there was free memory to give back");
    let after = rss_kb();
    assert!(freed.saturating_sub(after) > 40_000, "resident {freed} kB before giving back, {after} kB after");
    assert_eq!(kept.len(), 800);
}
