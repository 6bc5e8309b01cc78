#!/usr/bin/env bash
# simpul search as a whole process against `fzf --filter` over the same
# 100,000 client names, for the same query, measured in the same run:
#
#   1. `simpul search` with the database closed cleanly: it answers from
#      the search index kept beside the records without opening the
#      database (store::closed), and spools its audit entry;
#   2. the same with the database free but not closed cleanly (the stamp
#      of the last close taken out of the lock file before each run, as a
#      crash would leave it): it opens the database, reads the kept index,
#      searches and prints;
#   3. the same command while `simpul serve` holds the database: carried out
#      by the server through its socket, from the index it holds;
#   4. `fzf --filter` over a flat file of the names.
#
#   bash benches/fzf_compare.sh [QUERY] [RUNS]      (defaults: sukarno 20)
#
# Needs fzf and hyperfine (Debian packages `fzf`, `hyperfine`). The release
# binary is built first; the demo database is made once in a temporary
# directory (about 90 s at 100,000 clients) and removed at the end.
# Targets (docs/PERFORMANCE.md): (1) ≤ 1× fzf, (3) ≤ 0.5× fzf.
set -euo pipefail

QUERY="${1:-sukarno}"
RUNS="${2:-20}"
CLIENTS="${CLIENTS:-100000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

for tool in fzf hyperfine; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done
(cd "$ROOT" && cargo build --release --quiet)
BIN="$TARGET/release/simpul"

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
DB="$WORK/db"
export LANG=C
echo "making a demo database of $CLIENTS clients in $WORK …" >&2
"$BIN" --db "$DB" demo --clients "$CLIENTS" --seed 1 --today 2026-11-28 >/dev/null
# every client's full name, one a line (column 2 of the CSV; the demo's names hold no commas)
"$BIN" --db "$DB" search '' --format csv | tail -n +2 | cut -d, -f2 >"$WORK/names.txt"
echo "names: $(wc -l <"$WORK/names.txt")" >&2
echo "hits: simpul $("$BIN" --db "$DB" search "$QUERY" --format csv | tail -n +2 | wc -l)," \
    "fzf $(fzf --filter "$QUERY" <"$WORK/names.txt" | wc -l)" >&2

median_ms() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['results'][0]['median']*1000)" "$1"; }
run() { # NAME COMMAND…: hyperfine's median in ms
    local name="$1"
    shift
    hyperfine --warmup 3 --runs "$RUNS" --export-json "$WORK/$name.json" "$@" >&2
    median_ms "$WORK/$name.json"
}

free=$(run free -N "$BIN --db $DB search $QUERY --format csv")
opened=$(run opened --prepare "sed -i '/^closed=/d' $DB/simpul.lock" -N "$BIN --db $DB search $QUERY --format csv")
fzf=$(run fzf "fzf --filter $QUERY < $WORK/names.txt")

PORT=$((20000 + RANDOM % 20000))
"$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" >/dev/null 2>"$WORK/server.log" &
SERVER=$!
for _ in $(seq 100); do [ -S "$DB/simpul.sock" ] && break; sleep 0.1; done
[ -S "$DB/simpul.sock" ] || { echo "the server did not open its socket" >&2; cat "$WORK/server.log" >&2; exit 1; }
served=$(run served -N "$BIN --db $DB search $QUERY --format csv")

printf 'query %s, %s runs each, medians:\n' "$QUERY" "$RUNS"
printf '  simpul search, database closed:    %8.1f ms  (%.2f× fzf)\n' "$free" "$(echo "$free / $fzf" | bc -l)"
printf '  simpul search, database opened:    %8.1f ms  (%.2f× fzf)\n' "$opened" "$(echo "$opened / $fzf" | bc -l)"
printf '  simpul search, through the server: %8.1f ms  (%.2f× fzf)\n' "$served" "$(echo "$served / $fzf" | bc -l)"
printf '  fzf --filter:                      %8.1f ms\n' "$fzf"
