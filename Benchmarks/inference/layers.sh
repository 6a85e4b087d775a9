#!/usr/bin/env bash
# Direct against Winograd convolution, layer by layer (layers.c). Needs clang (scripts/bootstrap.sh has it).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=Benchmarks/work/inference/layers
mkdir -p "$(dirname "$out")"
clang -O3 -ISources/CKernels/include -ISources/CKernels Benchmarks/inference/layers.c Sources/CKernels/*.c \
  -lpthread -lm -o "$out"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$out"
