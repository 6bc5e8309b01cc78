#!/usr/bin/env bash
# simpul search as a whole process against `fzf --filter` over the same
# 100,000 client names, for the same query, measured in the same run.
#
#   bash benches/fzf_compare.sh [QUERY] [RUNS]      (defaults: sukarno 20)
#
# Needs fzf (Debian package `fzf`); uses hyperfine (package `hyperfine`)
# when installed, otherwise a loop timed with `date +%s%N`. The release
# binary is built first; the demo database is made once in a temporary
# directory (about 15 s) and removed at the end.
#
# The comparison is deliberately whole-process: `simpul search` opens the
# sled database, reads every client and builds its search index before it
# matches, while fzf reads one flat file of names. The ratio says what a
# script pays for asking simpul instead of grepping an export.
set -euo pipefail

QUERY="${1:-sukarno}"
RUNS="${2:-20}"
CLIENTS="${CLIENTS:-100000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

command -v fzf >/dev/null || { echo "fzf is not installed (apt-get install fzf)" >&2; exit 1; }
(cd "$ROOT" && cargo build --release --quiet)
BIN="$TARGET/release/simpul"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/db"
echo "making a demo database of $CLIENTS clients in $WORK …" >&2
"$BIN" --db "$DB" demo --clients "$CLIENTS" --seed 1 --today 2026-11-28 >/dev/null
# every client's full name, one a line (column 2 of the CSV; the demo's names hold no commas)
"$BIN" --db "$DB" search '' --format csv | tail -n +2 | cut -d, -f2 >"$WORK/names.txt"
echo "names: $(wc -l <"$WORK/names.txt")" >&2
echo "hits: simpul $("$BIN" --db "$DB" search "$QUERY" --format csv | tail -n +2 | wc -l)," \
    "fzf $(fzf --filter "$QUERY" <"$WORK/names.txt" | wc -l)" >&2

SIMPUL_CMD="$BIN --db $DB search $QUERY --format csv"
FZF_CMD="fzf --filter $QUERY < $WORK/names.txt"

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/h.json" -N \
        "$SIMPUL_CMD" >&2 || hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/h.json" "$SIMPUL_CMD" >&2
    s=$(python3 -c "import json;print(json.load(open('$WORK/h.json'))['results'][0]['median']*1000)")
    hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/f.json" "$FZF_CMD" >&2
    f=$(python3 -c "import json;print(json.load(open('$WORK/f.json'))['results'][0]['median']*1000)")
else
    median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
    time_ms() {
        for _ in $(seq "$RUNS"); do
            t0=$(date +%s%N)
            bash -c "$1" >/dev/null
            echo $((($(date +%s%N) - t0) / 1000))
        done | median | awk '{print $1/1000}'
    }
    s=$(time_ms "$SIMPUL_CMD")
    f=$(time_ms "$FZF_CMD")
fi
printf 'query %s, %s runs each, medians:\n' "$QUERY" "$RUNS"
printf '  simpul search (whole process): %8.1f ms\n' "$s"
printf '  fzf --filter (whole process):  %8.1f ms\n' "$f"
awk -v s="$s" -v f="$f" 'BEGIN { printf "  ratio simpul / fzf: %.1f×\n", s / f }'
