#!/usr/bin/env python3
"""Export a trained checkpoint to ONNX (opset 17, dynamic H/W) and verify it.

Checks: onnx.checker, operators within the inference core's contract, and ONNX Runtime vs PyTorch on fixed inputs of
several sizes (max abs error must be <= 1e-4). Writes OUT/<model>.onnx and OUT/export.json (parity, ops, budget).
  python training/export.py --model damage-unet --checkpoint training/runs/damage-unet/checkpoint.pt \
      --out training/runs/damage-unet/export
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _common import add_model_arg, add_threads_arg, set_threads

from conservator_ml.checkpoint import load_model_weights
from conservator_ml.onnx_export import (OPSET, PARITY_TOLERANCE, contract_violations, export, operators_used,
                                        parity)
from conservator_ml.provenance import command_line, now, write_json
from conservator_ml.sources import sha256_file
from conservator_ml.tasks import get_task


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_arg(p)
    p.add_argument("--checkpoint", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True, help="folder for the ONNX file and export.json")
    add_threads_arg(p)
    args = p.parse_args()
    set_threads(args.threads)

    task = get_task(args.model)
    model = task.build_model()
    state = load_model_weights(model, args.checkpoint)
    budget = task.measure(model)
    example_hw, sizes, dynamic_hw = task.export_sizes(model)
    onnx_path = export(model, args.out / f"{task.name}.onnx", model.in_channels, task.inputs[0]["name"],
                       [o["name"] for o in task.outputs], dynamic_hw=dynamic_hw, example_hw=example_hw)
    violations = contract_violations(onnx_path)
    max_diff = parity(model, onnx_path, model.in_channels, sizes)
    report = {"model": task.name, "version": task.version, "onnx": onnx_path.name, "sha256": sha256_file(onnx_path),
              "opset": OPSET, "operators": operators_used(onnx_path), "contract_violations": violations,
              "parity": {"sizes_hw": sizes, "max_abs_diff": max_diff, "tolerance": PARITY_TOLERANCE,
                         "passed": max_diff <= PARITY_TOLERANCE},
              "budget": budget.as_dict(), "checkpoint_step": state["step"],
              "train_seconds": round(state["train_seconds"], 1), "command": command_line(), "exported": now()}
    write_json(args.out / "export.json", report)
    print(f"{onnx_path}: sha256 {report['sha256']}")
    print(f"operators: {', '.join(report['operators'])}")
    print(budget.summary())
    print(f"parity vs PyTorch on {sizes}: max abs diff {max_diff:.3e} (tolerance {PARITY_TOLERANCE:g})")
    if violations or max_diff > PARITY_TOLERANCE:
        print("EXPORT CHECK FAILED:", *violations, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
