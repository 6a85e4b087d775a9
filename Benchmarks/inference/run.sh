#!/usr/bin/env bash
# Inference benchmark (issue 20): `conservator infer` (release build) against ONNX Runtime, alternating in
# rounds, on the reference networks built from REFERENCE_DIR (its README.md documents ORT's figures on this
# machine kind; ../shared/bench beside a checkout) and on every model in Models/, at 512² and 1024², 1 and
# 2 threads. ORT is checked against its documented figures first: a miss over 25 % stops the run (exit 2)
# and no ratio is printed. Details: bench.py's docstring and docs/INFERENCE.md.
# Needs: pip install -r training/requirements.txt (onnx, onnxruntime, numpy), or just those three.
#
# Usage: Benchmarks/inference/run.sh REFERENCE_DIR [bench.py options]
#   e.g. Benchmarks/inference/run.sh ../shared/bench
#        Benchmarks/inference/run.sh ../shared/bench --quick                       (512², 2 threads, 1 round: rough)
#        Benchmarks/inference/run.sh ../shared/bench --ours-args "--precision bf16"
#        Benchmarks/inference/run.sh ../shared/bench --quick --rough      (go on past a failed ORT check: rough figures, no ratio)
#        Benchmarks/inference/run.sh ../shared/bench --models unet_l4_b32,damage-unet@3 --sizes 1024 --threads 2
# env: SCRATCH (SwiftPM scratch path, default .build), BIN (a conservator binary to use instead of building)
set -euo pipefail
if [[ $# -lt 1 || ! -f "$1/reference_models.py" || ! -f "$1/README.md" ]]; then
  echo "usage: $0 REFERENCE_DIR [bench.py options]   (REFERENCE_DIR holds reference_models.py and README.md)" >&2
  exit 64
fi
REFERENCE="$(cd "$1" && pwd)"
shift
cd "$(dirname "$0")/../.."
if [[ -z "${BIN:-}" ]]; then
  SCRATCH=${SCRATCH:-.build}
  swift build -c release --scratch-path "$SCRATCH" --product conservator >/dev/null
  BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/conservator"
fi
exec python3 Benchmarks/inference/bench.py --bin "$BIN" --reference "$REFERENCE" --work Benchmarks/work/inference "$@"
