#!/usr/bin/env bash
# A 6000x4000 16-bit RGB TIFF scan through each pipeline that validates here (default: archival-repair,
# color-only, classical; a pipeline whose models are missing is reported and skipped): wall time, peak RSS
# (/usr/bin/time -v) and seconds per megapixel per stage (from `conservator process`). Each pipeline runs on a
# fresh catalog with the scan ingested beforehand, so the figures are the pipeline's alone.
# Targets (issue 6): archival-repair under 60 s and under 2 GB peak RSS on 2 cores.
#
# Usage: Benchmarks/pipeline/run.sh [pipeline ...]      (needs ImageMagick: scripts/bootstrap.sh --with-tools)
#        MODELS=DIR Benchmarks/pipeline/run.sh ...       (models from DIR instead of Models/, e.g. a training export)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/bootstrap.sh --with-tools
swift build -c release >/dev/null
BIN="$(swift build -c release --show-bin-path)/conservator"
WORK=Benchmarks/work/pipeline
SCAN=$WORK/scan-6000x4000-16bit-rgb.tif
mkdir -p "$WORK"
if [[ ! -f "$SCAN" ]]; then
  echo "generating $SCAN ..." >&2
  # a faded, yellowed print with scratches and specks: plasma texture, sepia-ish cast, lines and dots
  convert -size 6000x4000 -seed 7 plasma:tan-steelblue -blur 0x3 -fill '#fff8e0' -colorize 18% \
    -stroke '#f4f0e6' -strokewidth 3 -draw 'line 900,0 1300,4000' -draw 'line 4200,0 4000,4000' \
    -stroke '#202020' -strokewidth 2 -draw 'line 0,1500 6000,1700' \
    -fill white -stroke none -draw 'circle 2000,2000 2012,2012' -draw 'circle 3500,900 3506,906' \
    -alpha off -depth 16 -compress lzw "$SCAN.tmp.tif"
  mv "$SCAN.tmp.tif" "$SCAN"
fi
megapixels=24
library=()
if [[ -n "${MODELS:-}" ]]; then library=(--models "$MODELS"); echo "models from $MODELS"; fi

pipelines=("$@")
if ((${#pipelines[@]} == 0)); then pipelines=(archival-repair color-only classical); fi
for pipeline in "${pipelines[@]}"; do
  if ! "$BIN" pipelines validate "$pipeline" "${library[@]}" >/dev/null 2>"$WORK/validate.txt"; then
    echo "$pipeline: skipped, it does not validate here:"; sed 's/^/  /' "$WORK/validate.txt"; continue
  fi
  RUN=$WORK/run-$pipeline
  rm -rf "$RUN" && mkdir -p "$RUN"
  "$BIN" ingest --catalog "$RUN/catalog.db" "$SCAN" >/dev/null
  /usr/bin/time -v "$BIN" process --catalog "$RUN/catalog.db" "$SCAN" --pipeline "$pipeline" "${library[@]}" --out "$RUN/derivatives" \
    >"$RUN/process.txt" 2>"$RUN/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$RUN/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$RUN/time.txt")
  echo "$pipeline: wall $wall, peak RSS ${rss} MB"
  awk -v mp=$megapixels '/% changed/ {printf "  %-14s %-24s %6.2f s  %6.3f s/MP  %s changed\n", $1, $2, $(NF-1), $(NF-1) / mp, $3}' \
    "$RUN/process.txt"
done
