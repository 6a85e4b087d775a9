#!/usr/bin/env bash
# Train several models at once on a lent GPU machine, which sees only the repository (no ../shared, no internet).
#
#   training/lent_gpu.sh prepare      here: copy the training photos into .gpu/ (git-ignored; carry it) and write
#                                     each run's manifest from the originals, so it names where the bytes came from
#   training/lent_gpu.sh train OUT    there, from the repository root: train for $MINUTES (default 7) and pack each
#                                     run into OUT/<model>.tgz
#
# The lent machine's travelling tree is limited to 64 MiB, so `prepare` copies BSDS500 train+test and the Debian
# photographs that fit (smallest first, DEBIAN_BYTES in all), byte for byte: the manifest's SHA-256s hold for the
# copies. Runs use --minutes, so each fixes its schedule from its own measured speed and ends on time.
set -euo pipefail

GPU_DIR=.gpu
MODELS=(damage-unet inpaint-unet colorize)
# Per model: DataLoader workers and patch options. The machine has 16 cores; the damage synthesizer is the slow part.
declare -A OPTIONS=(
    [damage-unet]="--workers 5 --patch-sizes 192,256"
    [inpaint-unet]="--workers 5 --patch-sizes 192,256"
    [colorize]="--workers 3 --batch-size 32 --patch-sizes 192,256"
)

prepare() {
    local bsds=${BSDS:-../shared/data/corpus/bsds500} list=${PHOTO_LIST:-training/data/debian-photos.txt}
    local budget=${DEBIAN_BYTES:-18000000}
    rm -rf "$GPU_DIR" && mkdir -p "$GPU_DIR/bsds500" "$GPU_DIR/photos" "$GPU_DIR/runs"
    grep -qx "/$GPU_DIR/" .git/info/exclude || echo "/$GPU_DIR/" >> .git/info/exclude
    git rev-parse HEAD > "$GPU_DIR/commit"  # the lent machine's copy has no git history; runs record this
    cp -r "$bsds/train" "$bsds/test" "$GPU_DIR/bsds500/"
    # The smallest photographs up to the byte budget, kept in the list's order (the order sampling depends on).
    xargs -d '\n' du -b < "$list" | sort -n | awk -v b="$budget" '{s += $1; if (s <= b) print $2}' > "$GPU_DIR/chosen"
    grep -Fxf "$GPU_DIR/chosen" "$list" > "$GPU_DIR/debian-subset.txt"
    local i=0 name
    : > "$GPU_DIR/photos.txt"
    while read -r path; do
        i=$((i + 1)); name=$(printf "%02d" $i)-$(basename "$path")
        cp "$path" "$GPU_DIR/photos/$name" && echo "$GPU_DIR/photos/$name" >> "$GPU_DIR/photos.txt"
    done < "$GPU_DIR/debian-subset.txt"
    python3 - "$bsds" "$GPU_DIR" "${MODELS[@]}" <<'EOF'
import sys
from pathlib import Path
sys.path.insert(0, "training")
from conservator_ml.provenance import write_manifest
from conservator_ml.sources import collect_training_photos
from conservator_ml.tasks import get_task
bsds, gpu_dir, models = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
photos = collect_training_photos(bsds, gpu_dir / "debian-subset.txt")
for model in models:
    (gpu_dir / "runs" / model).mkdir(parents=True, exist_ok=True)
    write_manifest(gpu_dir / "runs" / model, photos, get_task(model).patch.max_side)
print(f"{len(photos)} photographs; manifests in {gpu_dir}/runs")
EOF
    du -sh "$GPU_DIR"
}

train() {
    local out=$1 minutes=${MINUTES:-7} device=${DEVICE:-cuda}
    local guard; guard=$(awk -v m="$minutes" 'BEGIN { print m + 0.5 }')
    CONSERVATOR_COMMIT=$(cat "$GPU_DIR/commit") && export CONSERVATOR_COMMIT
    nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
    local -A pids=()
    for model in "${MODELS[@]}"; do
        # shellcheck disable=SC2086  # OPTIONS holds several words on purpose
        python3 training/train.py --model "$model" --run-dir "$GPU_DIR/runs/$model" --bsds "$GPU_DIR/bsds500" \
            --photo-list "$GPU_DIR/photos.txt" --minutes "$minutes" --max-minutes "$guard" --threads 1 \
            --device "$device" ${OPTIONS[$model]} > "$GPU_DIR/runs/$model.log" 2>&1 &
        pids[$model]=$!
    done
    # If one run fails, the others are asked to stop (they save a checkpoint first), so the lease is not spent
    # waiting on runs whose results would be incomplete anyway.
    local failed=0
    for _ in "${MODELS[@]}"; do
        if ! wait -n; then
            failed=1
            kill -TERM "${pids[@]}" 2>/dev/null || true
        fi
    done
    mkdir -p "$out"
    for model in "${MODELS[@]}"; do
        tail -n 3 "$GPU_DIR/runs/$model.log"
        local checkpoint="$GPU_DIR/runs/$model/checkpoint.pt"
        # Without the optimizer's state the checkpoints come back under the lease's 16 MiB per file; export needs
        # only the weights.
        [ -f "$checkpoint" ] && python3 -c "import sys, torch
state = torch.load(sys.argv[1], map_location='cpu', weights_only=False); state['optimizer'] = None
torch.save(state, sys.argv[1])" "$checkpoint"
        tar czf "$out/$model.tgz" -C "$GPU_DIR/runs" "$model" "$model.log"
    done
    return $failed
}

case ${1:-} in
    prepare) prepare ;;
    train) train "${2:?train needs an output folder}" ;;
    *) echo "usage: $0 prepare | train OUT" >&2; exit 2 ;;
esac
