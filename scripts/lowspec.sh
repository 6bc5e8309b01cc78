#!/usr/bin/env bash
# The real TUI on a weak office machine: one CPU core, 128 MB of memory,
# 100,000 clients. Builds the release binary, makes the demo database
# (once; kept in $LOWSPEC_DIR), then drives the interface through tmux:
# first screen, move down, search, open the details, the agenda and
# dashboard tabs, five idle seconds, one flag saved, quit. Reports the peak after each stage,
# the overall peak resident set and PASS/FAIL; on FAIL (or always, with --breakdown)
# it also prints where the memory goes (examples/memory.rs, smaps_rollup).
#
#   scripts/lowspec.sh [--mem MB] [--clients N] [--breakdown]
#
# The memory limit is applied with the first that works here:
#   1. systemd-run --scope -p MemoryMax=…       (a systemd machine)
#   2. a cgroup v2 directory under /sys/fs/cgroup (memory.max, memory.peak)
#   3. a cgroup v1 memory directory               (memory.limit_in_bytes)
#   4. ulimit -v (address space: much too blunt for a threaded Rust
#      program, so the figure it gives is only indicative)
# The script says which one it used. Bounded: every wait has a timeout and
# the whole run is cut off after $LOWSPEC_TIMEOUT seconds (default 900).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mem_mb=128
clients=100000
breakdown=0
while [ $# -gt 0 ]; do
    case "$1" in
        --mem) mem_mb=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --breakdown) breakdown=1; shift ;;
        *) echo "usage: $0 [--mem MB] [--clients N] [--breakdown]" >&2; exit 2 ;;
    esac
done

if [ -z "${LOWSPEC_INNER:-}" ]; then
    # the whole run, bounded in time
    LOWSPEC_INNER=1 exec timeout --kill-after=10 "${LOWSPEC_TIMEOUT:-900}" "$0" --mem "$mem_mb" --clients "$clients" \
        $([ "$breakdown" = 1 ] && echo --breakdown)
fi

tui=${TUI:-}
if [ -z "$tui" ]; then
    for t in "$root/../shared/tools/tui" /work/shared/tools/tui; do
        [ -x "$t" ] && tui=$t && break
    done
fi
if [ -z "$tui" ]; then
    echo "lowspec: needs the tmux wrapper 'tui' (set TUI=path)" >&2
    exit 2
fi
command -v tmux >/dev/null || { echo "lowspec: needs tmux" >&2; exit 2; }
command -v taskset >/dev/null || { echo "lowspec: needs taskset (util-linux)" >&2; exit 2; }

target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/release/simpul
work=${LOWSPEC_DIR:-${TMPDIR:-/tmp}/simpul-lowspec}
db=$work/db-$clients
mkdir -p "$work"

echo "== build (release)"
cargo build --release --locked --bin simpul --example memory 2>&1 | tail -1
ls -l "$bin" | awk '{printf "binary: %.1f MB\n", $5/1048576}'

if [ ! -f "$db/.complete" ]; then
    echo "== demo database: $clients clients"
    rm -rf "$db"
    start=$SECONDS
    "$bin" --db "$db" --lang en demo --clients "$clients" --seed 1 --today 2026-11-28 | tail -1
    echo "made in $((SECONDS - start)) s"
    touch "$db/.complete"
fi

# ---- the memory limit
name=lowspec$$
cg=""
cg_kind=""
cleanup() {
    "$tui" stop "$name" >/dev/null 2>&1 || true
    if [ -n "$cg" ] && [ -d "$cg" ]; then
        # wait for the process to leave, then remove the group
        for _ in $(seq 50); do [ -s "$cg/cgroup.procs" ] || break; sleep 0.1; done
        rmdir "$cg" 2>/dev/null || true
    fi
}
trap cleanup EXIT

mem_bytes=$((mem_mb * 1024 * 1024))
wrap=()
if systemd-run --scope -q -p MemoryMax=${mem_mb}M true >/dev/null 2>&1; then
    cg_kind="systemd-run --scope -p MemoryMax=${mem_mb}M"
    wrap=(systemd-run --scope -q -p "MemoryMax=${mem_mb}M" -p MemorySwapMax=0)
elif [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
    cg=/sys/fs/cgroup/simpul-$name
    if mkdir "$cg" 2>/dev/null; then
        echo "$mem_bytes" >"$cg/memory.max"
        echo 0 >"$cg/memory.swap.max" 2>/dev/null || true
        cg_kind="cgroup v2 ($cg, memory.max=${mem_mb}M)"
    else
        cg=""
    fi
fi
if [ -z "$cg_kind" ] && [ -d /sys/fs/cgroup/memory ]; then
    # a child of this shell's own memory group, so its limits still apply
    own=$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)
    cg=/sys/fs/cgroup/memory${own%/}/simpul-$name
    if mkdir "$cg" 2>/dev/null; then
        echo "$mem_bytes" >"$cg/memory.limit_in_bytes"
        echo "$mem_bytes" >"$cg/memory.memsw.limit_in_bytes" 2>/dev/null || true
        cg_kind="cgroup v1 ($cg, memory.limit_in_bytes=${mem_mb}M)"
    else
        cg=""
    fi
fi
if [ -z "$cg_kind" ]; then
    cg_kind="ulimit -v $((mem_bytes / 1024)) KiB (address space; indicative only)"
fi
echo "== limit: $cg_kind; CPU: taskset -c 0"

# the command tmux runs: join the group (if any), then one core, then simpul
inner="${LOWSPEC_ENV:+export $LOWSPEC_ENV; }exec taskset -c 0 \"\$0\" --db \"\$1\" --lang en"
if [ -n "$cg" ]; then
    inner="echo \$\$ > $cg/cgroup.procs && $inner"
elif [[ "$cg_kind" == ulimit* ]]; then
    inner="ulimit -v $((mem_bytes / 1024)) && $inner"
fi
"$tui" start "$name" --size 120x35 -- "${wrap[@]}" sh -c "$inner" "$bin" "$db"

pid=""
for _ in $(seq 100); do
    if [ -n "$cg" ] && [ -s "$cg/cgroup.procs" ]; then
        pid=$(head -1 "$cg/cgroup.procs")
    else
        pid=$(pgrep -n -f "^$bin --db $db" || true)
    fi
    # still the shell or taskset: wait for simpul itself
    [ -n "$pid" ] && ! grep -q "simpul" "/proc/$pid/comm" 2>/dev/null && pid=""
    [ -n "$pid" ] && break
    sleep 0.1
done
peak_kib=0
report() { # the peak so far, after a stage of the run
    sample
    printf '    peak RSS after %-30s %6.1f MB\n' "$1:" "$(echo "$peak_kib" | awk '{print $1/1024}')"
}
sample() {
    [ -n "$pid" ] && [ -r "/proc/$pid/status" ] || return 0
    local h
    h=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${h:-0}" -gt "$peak_kib" ] && peak_kib=$h
    return 0
}

fail=""
step() { # label, then a command that must succeed
    local label=$1; shift
    local t0=$(date +%s%N)
    if "$@" >/dev/null 2>&1; then
        printf '  %-34s ok  %5d ms\n' "$label" $((($(date +%s%N) - t0) / 1000000))
    else
        printf '  %-34s FAILED\n' "$label"
        fail="$label"
    fi
    sample
}

echo "== drive the interface"
step "first screen" "$tui" wait "$name" "of 100|100,000|100000|K-000001" 30
[ -z "$fail" ] && step "move down" "$tui" keys "$name" Down Down Down
[ -z "$fail" ] && step "search 'prasetyo'" sh -c "'$tui' keys '$name' / && '$tui' type '$name' prasetyo && '$tui' wait '$name' '[0-9,]+ of [0-9,]+' 30"
[ -z "$fail" ] && step "accept the filter" "$tui" keys "$name" Enter
[ -z "$fail" ] && step "open the details" sh -c "'$tui' keys '$name' Enter && '$tui' wait '$name' 'NIK|Register|Birth' 15"
[ -z "$fail" ] && { sleep 1; step "still running" "$tui" alive "$name"; }
report "browsing: list, search, details"
# the tabs that read every case file, then a pause in which sled's own
# background work (flushes, segment cleaning) runs
[ -z "$fail" ] && step "agenda tab (4), computed" sh -c "'$tui' keys '$name' Escape Escape 4 && '$tui' wait '$name' 'reporting missed|[0-9]+×|Nothing' 60"
report "agenda"
[ -z "$fail" ] && step "dashboard tab (5), computed" sh -c "'$tui' keys '$name' 5 && '$tui' wait '$name' 'Active clients by risk' 60"
report "dashboard"
[ -z "$fail" ] && step "back to the list, 5 s idle" sh -c "'$tui' keys '$name' 1 && sleep 5 && '$tui' alive '$name'"
report "idle"
# one save: a warning flag on the selected client (written, flushed, and
# brought into the rows and the index in place); the database keeps it
[ -z "$fail" ] && step "flag a client, saved" sh -c "'$tui' keys '$name' '!' && '$tui' type '$name' lowspec && '$tui' keys '$name' Enter && '$tui' wait '$name' 'Flagged' 15 && sleep 2"
report "a flag saved"
if [ -n "$pid" ] && [ -r "/proc/$pid/smaps_rollup" ]; then
    smaps=$(grep -E '^(Rss|Anonymous|Private_Clean|Shared_Clean):' "/proc/$pid/smaps_rollup" | awk '{printf "%s %.1f MB; ", $1, $2/1024}')
fi
sample
# f10 quits from any pane (q is a list key)
[ -z "$fail" ] && step "quit (f10)" sh -c "'$tui' keys '$name' F10 && sleep 1 && ! '$tui' alive '$name'"

echo "== result"
if [ -n "$fail" ]; then
    echo "last screen:"
    "$tui" screen "$name" | sed 's/^/  | /'
fi
awk -v k="$peak_kib" 'BEGIN {printf "peak RSS (VmHWM of simpul): %.1f MB\n", k / 1024}'
if [ -n "$cg" ] && [ -d "$cg" ]; then
    for f in memory.peak memory.max_usage_in_bytes; do
        [ -r "$cg/$f" ] && awk -v f="$f" '{printf "cgroup %s: %.1f MB (page cache included)\n", f, $1 / 1048576}' "$cg/$f"
    done
    for f in memory.events memory.failcnt; do
        [ -r "$cg/$f" ] && echo "cgroup $f: $(tr '\n' ' ' <"$cg/$f")"
    done
fi
[ -n "${smaps:-}" ] && echo "smaps_rollup at the details: $smaps"
"$tui" stop "$name" >/dev/null 2>&1 || true
sleep 1
if [ -n "$fail" ] || [ "$breakdown" = 1 ]; then
    echo "== where the memory goes (examples/memory.rs, no limit)"
    "$target/release/examples/memory" "$db"
fi
if [ -n "$fail" ]; then
    echo "FAIL: $fail (limit: $cg_kind)"
    exit 1
fi
echo "PASS under $cg_kind"
