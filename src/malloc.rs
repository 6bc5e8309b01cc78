//! How the C allocator is asked to behave, once, at the start of `main`.
//!
//! glibc's malloc gives each thread that allocates its own arena (up to
//! eight per core) and keeps what a thread frees in that thread's arena for
//! its next allocation. simpul's loader, agenda and dashboard threads and
//! sled's flusher each decode thousands of records and drop them, so at
//! 100 000 clients the TUI levels off at 71 MB resident while about 54 MB
//! is live. One arena lets every thread reuse what the others freed: the
//! same one-core run peaks at 59.7–61.4 MB (`scripts/lowspec.sh`). The trim
//! and mmap thresholds keep glibc's dynamic defaults: fixing them at 128 KiB
//! takes about 1 MB more off but makes a search keystroke 0.3–0.5 ms slower
//! (its threads' large buffers are mapped and faulted in anew each time).
//!
//! `simpul search` keeps glibc's arenas: it reads the kept index while
//! sled opens, two threads allocating at once, and exits at once; its main
//! heap grows in one step backed by huge pages ([`tune_for_a_search`]).
//!
//! `simpul serve` keeps glibc's defaults: its sessions allocate at once.
//! Fifty sessions with one arena had a keystroke p99 of 12.9 ms against
//! 1.2 ms. Two hundred sessions at 100 000 clients (`ssh_load`): the
//! default gave p99s of 3.9, 4.7 and 8.9 ms in three runs and held
//! 145–152 MB after they left; two arenas held 119–124 MB but had p99s of
//! 6.8, 42 and 52 ms in three runs.
//!
//! Anyone who sets `MALLOC_ARENA_MAX`, `MALLOC_TRIM_THRESHOLD_` or
//! `GLIBC_TUNABLES` keeps their own choice. Other C libraries: nothing to do.
//!
//! What sessions free stays in the arenas of the threads that freed it:
//! glibc returns only the top of each heap by itself. The server asks it
//! to give back every free page ([`give_back`]) once sessions have ended,
//! so its footprint after a busy hour is what it still holds.

/// Whether the environment already tunes malloc (then it is left alone).
pub fn tuned_by_environment(var: impl Fn(&str) -> Option<String>) -> bool {
    ["MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"].iter().any(|v| var(v).is_some())
        || var("GLIBC_TUNABLES").is_some_and(|t| t.contains("glibc.malloc."))
}

/// Asks for one arena; returns whether malloc took it. Call it before any
/// thread is started (glibc: `mallopt` is MT-Unsafe).
pub fn tune_for_one_user() -> bool {
    if tuned_by_environment(|v| std::env::var(v).ok()) {
        return false;
    }
    apply(1)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // one of the crate's two foreign calls; see SAFETY
fn apply(arenas: i32) -> bool {
    // SAFETY: `mallopt` takes two integers and touches only malloc's own
    // parameters; `tune_for_one_user` documents that it runs before other
    // threads exist, which is what glibc asks of it.
    unsafe { libc::mallopt(libc::M_ARENA_MAX, arenas) == 1 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn apply(_arenas: i32) -> bool {
    false
}

/// Lays the main heap out for `simpul search`: one large read, then exit.
/// The heap grows at once by [`SEARCH_HEAP`], which the kernel is asked to
/// back with huge pages (where it does so on request), and large arrays are
/// taken from it rather than mapped apart. Reading the kept index touches
/// about 35 MB at 100k clients: 8,400 page faults of 4 KiB, against 1,700
/// this way, which took a search from 43–53 to 33 ms. Call it before any
/// thread is started; returns whether the heap was so advised.
pub fn tune_for_a_search() -> bool {
    if tuned_by_environment(|v| std::env::var(v).ok()) {
        return false;
    }
    heap_in_huge_pages()
}

/// How much the heap of a search grows by at once.
const SEARCH_HEAP: usize = 64 << 20;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // see SAFETY
fn heap_in_huge_pages() -> bool {
    const HUGE_PAGE: usize = 2 << 20;
    let pad = i32::try_from(SEARCH_HEAP).unwrap_or(i32::MAX);
    // SAFETY: `mallopt` touches only malloc's parameters, before other
    // threads exist (see `tune_for_one_user`); `sbrk(0)` only reads the
    // program break; the block is malloc's own, freed at once; `madvise`
    // gets a range within the heap malloc has just grown (from a page
    // boundary up to the break) and MADV_HUGEPAGE changes no content.
    unsafe {
        let set = libc::mallopt(libc::M_TOP_PAD, pad) == 1
            && libc::mallopt(libc::M_TRIM_THRESHOLD, pad.saturating_mul(2)) == 1
            // glibc's largest: the index's arrays come from the heap
            && libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20) == 1;
        if !set {
            return false;
        }
        let before = libc::sbrk(0) as usize;
        // more than the first heap holds: it grows by this and the pad
        // (`black_box`: a block unused could be optimised away, with its growth)
        let block = std::hint::black_box(libc::malloc(1 << 20));
        let after = libc::sbrk(0) as usize;
        libc::free(block);
        let from = before.next_multiple_of(HUGE_PAGE);
        after > from && libc::madvise(from as *mut libc::c_void, after - from, libc::MADV_HUGEPAGE) == 0
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn heap_in_huge_pages() -> bool {
    false
}

/// Returns the free memory of every arena to the system; true when some
/// was returned. It walks every arena under its lock: call it when
/// sessions have ended, not on every keystroke.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // see SAFETY
pub fn give_back() -> bool {
    // SAFETY: `malloc_trim` takes a size and touches only malloc's own
    // state, under the arenas' locks; glibc documents it as MT-Safe.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Other C libraries: nothing to give back this way.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_in_the_environment_is_left_alone() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_string())
        };
        assert!(!tuned_by_environment(env(&[])));
        assert!(!tuned_by_environment(env(&[("LANG", "C")])));
        assert!(tuned_by_environment(env(&[("MALLOC_ARENA_MAX", "4")])));
        assert!(tuned_by_environment(env(&[("MALLOC_TRIM_THRESHOLD_", "0")])));
        assert!(tuned_by_environment(env(&[("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")])));
        assert!(!tuned_by_environment(env(&[("GLIBC_TUNABLES", "glibc.rtld.optional_static_tls=512")])));
    }
}
