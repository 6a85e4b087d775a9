#!/usr/bin/env bash
# Curator queries on a catalog of N originals (default 100,000): each filter of `conservator query` timed
# end to end (process start, catalog open, query, JSON output to /dev/null), median of RUNS runs (default 5).
# The catalog is generated once under Benchmarks/work/query (Benchmarks/query/make_catalog.py, seeded) and
# reused; delete that folder to rebuild it.
#
# Usage: Benchmarks/query/run.sh [N]        RUNS=9 Benchmarks/query/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
RUNS=${RUNS:-5}
scripts/bootstrap.sh
swift build -c release >/dev/null
BIN="$(swift build -c release --show-bin-path)/conservator"
WORK=Benchmarks/work/query
DB=$(Benchmarks/query/catalog.sh "$BIN" "$N")

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

printf "%-62s %8s %9s\n" "query ($N originals, median of $RUNS)" "seconds" "rows"
while IFS= read -r filters; do
  times=()
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$BIN" query --catalog "$DB" $filters --format json >/dev/null 2>"$WORK/stderr"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  rows=$(awk '{print $1}' "$WORK/stderr")
  printf "%-62s %8s %9s\n" "${filters:-(no filter)}" "$(printf '%s\n' "${times[@]}" | median)" "$rows"
done <<'QUERIES'
--ai-altered
--not-ai-altered
--stage colorize
--model inpaint-unet@1
--model inpaint-unet
--digital-source-type compositeWithTrainedAlgorithmicMedia
--pipeline classical
--changed-more-than 0.9
--stage inpaint --changed-more-than 0.5 --model inpaint-unet@2
--since 2026-06-01 --until 2026-06-30
--folder /scans/box-042
--folder /scans/box-042 --ai-altered --since 2026-03-01
--tag IFD0:Make=Hasselblad --ai-altered
--quarantined
QUERIES
