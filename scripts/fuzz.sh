#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser that takes outside input, with
# cargo-fuzz (libFuzzer; needs a nightly toolchain and `cargo install cargo-fuzz`).
#
#   scripts/fuzz.sh                 every target for 60 s each
#   scripts/fuzz.sh 600 csv_import  one target for 10 minutes
#
# Each target starts from its committed seeds (fuzz/seeds/TARGET) plus what
# earlier runs found (fuzz/corpus/TARGET, not committed). A crash leaves its
# input in fuzz/artifacts/TARGET/; replay it with
#   cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…
# then turn it into a regression test in the normal suite.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
status=0
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    echo "== $t (${secs} s)"
    if ! cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1; then
        echo "!! $t found a crash: see fuzz/artifacts/$t/"
        status=1
    fi
done
exit $status
