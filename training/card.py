#!/usr/bin/env python3
"""Write a model card (YAML) and the training manifest next to an exported ONNX file.

Reads RUN/run.json and RUN/manifest.json (from train.py), EXPORT/export.json (from export.py) and, if given, the
metrics.json of evaluate.py run on that same ONNX file (refused if its SHA-256 differs). Writes
<out>/<model>.card.yaml and <out>/<model>.manifest.json; <out> defaults to the export folder.
  python training/card.py --model damage-unet --run-dir training/runs/damage-unet \
      --export-dir training/runs/damage-unet/export --metrics training/runs/damage-unet/eval/metrics.json
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from _common import add_model_arg

from conservator_ml.model_card import build_card
from conservator_ml.provenance import MANIFEST_NAME, RUN_NAME, write_card
from conservator_ml.sources import sha256_file
from conservator_ml.tasks import get_task


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_arg(p)
    p.add_argument("--run-dir", type=Path, required=True)
    p.add_argument("--export-dir", type=Path, required=True)
    p.add_argument("--metrics", type=Path, help="metrics.json from evaluate.py on the exported ONNX file")
    p.add_argument("--no-harm-metrics", type=Path,
                   help="metrics.json of `evaluate.py no-harm` on the same ONNX file (damage-unet as --detector-onnx, "
                        "inpaint-unet as --inpaint-onnx; issue 16)")
    p.add_argument("--inpainting-metrics", type=Path,
                   help="metrics.json of `evaluate.py no-harm --parts inpainting` (does not depend on the detector): "
                        "merged into the card's no_harm_evaluation")
    p.add_argument("--calibration", type=Path,
                   help="calibration.json of `evaluate.py no-harm` for the same ONNX file: its threshold goes in the card")
    p.add_argument("--out", type=Path, help="folder for the card and manifest (default: the export folder)")
    p.add_argument("--note", action="append", default=[],
                   help="a fact about the training that the run's records do not show (repeatable)")
    args = p.parse_args()

    task = get_task(args.model)
    export = json.loads((args.export_dir / "export.json").read_text())
    onnx_path = args.export_dir / export["onnx"]
    if sha256_file(onnx_path) != export["sha256"]:
        raise SystemExit(f"{onnx_path} changed since export.json was written; re-run export.py")
    metrics = json.loads(args.metrics.read_text()) if args.metrics else None
    if metrics and metrics["sha256"] != export["sha256"]:
        raise SystemExit(f"{args.metrics} evaluates another file (sha256 {metrics['sha256']}), not {onnx_path}")
    no_harm = json.loads(args.no_harm_metrics.read_text()) if args.no_harm_metrics else None
    # the suite evaluates a detector, and with it one inpainter (alone with --parts inpainting)
    evaluated = "inpainter" if task.name == "inpaint-unet" else "detector"
    if no_harm and no_harm[evaluated]["sha256"] != export["sha256"]:
        raise SystemExit(f"{args.no_harm_metrics} evaluates another {evaluated}, not {onnx_path}")
    if no_harm and args.inpainting_metrics:
        inpainting = json.loads(args.inpainting_metrics.read_text())
        no_harm["results"]["inpainting"] = inpainting["results"]["inpainting"]
        no_harm["inpainting_command"] = inpainting["command"]
    calibration = json.loads(args.calibration.read_text()) if args.calibration else None
    if calibration and calibration["sha256"] != export["sha256"]:
        raise SystemExit(f"{args.calibration} calibrates another file, not {onnx_path}")
    if no_harm and calibration and no_harm["detector"]["threshold"] != calibration["threshold"]:
        raise SystemExit("the no-harm suite ran at another threshold than the calibrated one")
    if metrics and calibration and metrics["results"].get("threshold", 0.5) != calibration["threshold"]:
        raise SystemExit("evaluate.py ran at another threshold than the calibrated one (use --threshold)")
    run = json.loads((args.run_dir / RUN_NAME).read_text())
    manifest_src = args.run_dir / MANIFEST_NAME
    out = args.out or args.export_dir
    out.mkdir(parents=True, exist_ok=True)
    manifest_dst = out / f"{task.name}.manifest.json"
    if manifest_src.resolve() != manifest_dst.resolve():
        shutil.copyfile(manifest_src, manifest_dst)
    manifest = json.loads(manifest_dst.read_text())
    card = build_card(task, export, run, manifest["summary"], manifest_dst.name, sha256_file(manifest_dst), metrics,
                      args.note, no_harm, calibration)
    path = write_card(out / f"{task.name}.card.yaml", card)
    print(f"wrote {path} and {manifest_dst}")
    for warning in card.get("warnings", []):
        print("WARNING:", warning)


if __name__ == "__main__":
    main()
