#!/usr/bin/env bash
# End-to-end smoke test of every command on tiny settings (a minute or two of one CPU core):
# train a few steps -> resume -> export + parity -> evaluate on 2 val images -> card, for each model, plus the
# synthesizer contact sheets. Outputs go to training/runs/smoke (gitignored). Nothing here is a usable model.
# Usage (from the repository root): training/smoke_test.sh [BSDS500_ROOT]
set -euo pipefail
BSDS="${1:-../shared/data/corpus/bsds500}"
OUT=training/runs/smoke
PY="nice -n 19 python3"
rm -rf "$OUT"
$PY training/model_info.py
for MODEL in damage-unet inpaint-unet color-restore colorize; do
  RUN="$OUT/$MODEL"
  $PY training/train.py --model "$MODEL" --run-dir "$RUN" --bsds "$BSDS" --steps 4 --batch-size 2 \
      --patch-sizes 64 --warmup 1 --log-every 2 --threads 1 --max-minutes 0.00001   # stops after step 1
  $PY training/train.py --model "$MODEL" --run-dir "$RUN" --bsds "$BSDS" --steps 4 --batch-size 2 \
      --patch-sizes 64 --warmup 1 --log-every 2 --threads 1                          # resumes to step 4
  $PY training/export.py --model "$MODEL" --checkpoint "$RUN/checkpoint.pt" --out "$RUN/export" --threads 1
  $PY training/evaluate.py --model "$MODEL" --onnx "$RUN/export/$MODEL.onnx" --bsds "$BSDS" --out "$RUN/eval" \
      --limit 2 --tune-images 4 --sheet-rows 4 --threads 1
  $PY training/card.py --model "$MODEL" --run-dir "$RUN" --export-dir "$RUN/export" --metrics "$RUN/eval/metrics.json"
done
$PY training/evaluate.py --model inpaint-unet --onnx "$OUT/inpaint-unet/export/inpaint-unet.onnx" \
    --detector-onnx "$OUT/damage-unet/export/damage-unet.onnx" --bsds "$BSDS" --out "$OUT/pipeline-eval" \
    --limit 1 --sheet-rows 4 --threads 1
$PY training/contact_sheet.py --bsds "$BSDS" --out "$OUT/sheets/damage.png"
$PY training/contact_sheet.py --bsds "$BSDS" --out "$OUT/sheets/color.png" --synth color
echo "smoke test passed; outputs in $OUT"
