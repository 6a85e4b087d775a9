#!/usr/bin/env bash
# Daemon throughput: `conservator watch --once` over a folder of 200 mixed files with the `classical`
# pipeline configured: 60 PNG, 60 16-bit TIFF and 60 JPEG scans of 1024x768 (distinct pixels each), and 20 bad
# files (10 truncated TIFFs, 10 text files named .jpg). Prints the wall time, files/s, and `conservator status`.
# The corpus is generated once under Benchmarks/work/daemon/corpus; each run starts from a fresh copy.
#
# Usage: Benchmarks/daemon/run.sh        (needs ImageMagick: scripts/bootstrap.sh --with-tools)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/bootstrap.sh --with-tools
swift build -c release >/dev/null
BIN="$(swift build -c release --show-bin-path)/conservator"
WORK=Benchmarks/work/daemon
CORPUS=$WORK/corpus

if [[ ! -f "$CORPUS/.done" ]]; then
  echo "generating 200 files..." >&2
  mkdir -p "$CORPUS"
  for i in $(seq -w 1 60); do
    convert -size 1024x768 -seed "$i" plasma:wheat-steelblue "$CORPUS/scan-$i.png"
    convert -size 1024x768 -seed "1$i" plasma:gray-sienna -depth 16 -compress lzw "$CORPUS/master-$i.tif"
    convert -size 1024x768 -seed "2$i" plasma:navy-khaki -quality 90 "$CORPUS/access-$i.jpg"
  done
  for i in $(seq -w 1 10); do
    head -c 20000 "$CORPUS/master-$i.tif" > "$CORPUS/cut-$i.tif"
    echo "box $i: notes" > "$CORPUS/notes-$i.jpg"
  done
  touch "$CORPUS/.done"
fi

RUN=$WORK/run
rm -rf "$RUN" && mkdir -p "$RUN/ingest" && cp "$CORPUS"/* "$RUN/ingest/"
cat > "$RUN/conservator.yaml" <<YAML
catalog: catalog.db
derivatives: derivatives
quarantine: { policy: move, folder: quarantine }
stability-seconds: 0
pipelines: $(pwd)/Pipelines
folders:
  - { path: ingest, pipeline: classical }
YAML
files=$(find "$RUN/ingest" -type f ! -name '.*' | wc -l)
t0=$(date +%s.%N)
"$BIN" watch --once --config "$RUN/conservator.yaml" 2>"$RUN/daemon.log"
t1=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'{n} files in {s:.2f} s: {n/s:.1f} files/s (ingest, quarantine, classical pipeline on every original)')" "$t0" "$t1" "$files"
"$BIN" status --config "$RUN/conservator.yaml"
