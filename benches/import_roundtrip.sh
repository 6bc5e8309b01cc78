#!/usr/bin/env bash
# The 100k round trip: `simpul demo --clients 100000` into an
# empty database, export its clients to CSV, and import that CSV into
# another empty database (every row validated, duplicate-checked and
# written all or nothing), taking turns RUNS times in one run, with
# /usr/bin/time -v for wall time and peak resident memory.
#
#   bash benches/import_roundtrip.sh [RUNS] [BIN]     (defaults: 3, the release build)
#
# Target (docs/PERFORMANCE.md): import ≤ 2 × demo in the same run, peak RSS ≤ 200 MB.
#
# The demo data holds clients with the same name and birth date (about
# 5,000 of the 100,000 rows match an earlier one), so the import passes
# --allow-similar. It also holds one NIK twice (seed 7; a collision of its
# random NIKs), which import rightly refuses: the script drops the later
# row (`uniq.csv`, 99,999 rows) and says how many it dropped.
set -euo pipefail

RUNS="${1:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
if [ -n "${2:-}" ]; then
  BIN="$2"
else
  (cd "$ROOT" && cargo build --release --quiet)
  BIN="$TARGET/release/simpul"
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ARGS=(--clients 100000 --seed 7 --today 2026-11-28)

measure() { # NAME CMD... : prints "NAME seconds peak_kib"
  local name="$1"; shift
  /usr/bin/time -v "$@" >"$WORK/out" 2>"$WORK/time" || { cat "$WORK/out" "$WORK/time" >&2; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$WORK/time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident' "$WORK/time" | awk '{print $NF}')
  echo "$name $wall $rss"
}

"$BIN" --db "$WORK/src" demo "${ARGS[@]}" >/dev/null
"$BIN" --db "$WORK/src" export clients --format csv --output "$WORK/all.csv" --unprotected >/dev/null
python3 - "$WORK/all.csv" "$WORK/uniq.csv" <<'PY'
import csv, sys
seen, kept, dropped = set(), 0, 0
with open(sys.argv[1], newline='', encoding='utf-8') as f, open(sys.argv[2], 'w', newline='', encoding='utf-8') as g:
    r, w = csv.reader(f), csv.writer(g, lineterminator='\n')
    head = next(r); w.writerow(head); i = head.index('nik')
    for row in r:
        if row[i] and row[i] in seen:
            dropped += 1; continue
        seen.add(row[i]); w.writerow(row); kept += 1
print(f"csv: {kept} rows, {dropped} dropped for a NIK repeated in the demo data", file=sys.stderr)
PY

for i in $(seq "$RUNS"); do
  rm -rf "$WORK/demo" "$WORK/imp"
  measure demo "$BIN" --db "$WORK/demo" demo "${ARGS[@]}"
  measure import "$BIN" --db "$WORK/imp" import clients "$WORK/uniq.csv" --allow-similar
done | tee "$WORK/results"

awk '
  { t[$1, ++n[$1]] = $2; r[$1, n[$1]] = $3 }
  function median(k, a,   i, j, m, v, x) {
    m = n[k]; for (i = 1; i <= m; i++) v[i] = a[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
    return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  END {
    d = median("demo", t); im = median("import", t)
    printf "median demo %.1f s, import %.1f s: import/demo %.2f (target <= 2)\n", d, im, im / d
    printf "median peak RSS demo %.0f MB, import %.0f MB (target <= 200)\n", median("demo", r) / 1024, median("import", r) / 1024
  }' "$WORK/results"
