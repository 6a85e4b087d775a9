#!/usr/bin/env bash
# Inference benchmark: `conservator infer` (release build) against ONNX Runtime on the reference networks
# (reference_models.py: 4-level U-Net base 32, 17-layer DnCNN width 64, ESPCN x2), same ONNX files and
# inputs, 512 and 1024 pixels square, 1 and 2 threads, median of RUNS runs (default 5) after a warm-up;
# then the U-Net at 2048 and 4096 for peak memory (tiled). Needs: pip install onnx onnxruntime numpy.
#
# Usage: Benchmarks/inference/run.sh [bench.py options]
#   e.g. Benchmarks/inference/run.sh --coretype both       (OPENBLAS_CORETYPE unset, then =Haswell)
#        Benchmarks/inference/run.sh --models unet_l4_b32 --sizes 1024 --threads 2 --memory-sizes ""
# env: RUNS (default 5), SCRATCH (SwiftPM scratch path, default .build)
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product conservator >/dev/null
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/conservator"
exec python3 Benchmarks/inference/bench.py --bin "$BIN" --work Benchmarks/work/inference --runs "${RUNS:-5}" "$@"
