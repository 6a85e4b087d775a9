"""Model cards in the shape DESIGN.md asks for: name, version, task, I/O contract, SHA-256, training manifest summary
and licenses, training command and duration, evaluation with its command, intended use, limitations.

A card also says plainly when it is not fit to ship (no evaluation, or a smoke-test evaluation on a subset), so an
unfinished model can never pass for a finished one.
"""
from __future__ import annotations

from .tasks import Task


def _training(task: Task, run: dict, manifest_summary: dict, manifest_file: str, manifest_sha256: str,
              notes: list[str]) -> dict:
    sessions = run["sessions"]
    notes = notes + [s["git_commit_note"] for s in sessions if "git_commit_note" in s]
    synthesis = getattr(task, "synthesis", None) or (
        "none: colour photographs reduced to their lightness" if task.synth is None else
        f"synthetic old-photo damage and ageing (training/conservator_ml/synth), seed {run['settings']['seed']}")
    return {
        "data": {**manifest_summary, "manifest": manifest_file, "manifest_sha256": manifest_sha256,
                 "held_out": "bsds500/val is never used for training"},
        "synthesis": synthesis,
        "settings": run["settings"],
        "commands": [s["command"] for s in sessions],
        "git_commits": sorted({s["git_commit"] for s in sessions}),
        "steps": sessions[-1].get("end_step"),
        "duration_hours": round(run.get("train_seconds", 0.0) / 3600, 3),
        "hardware": sessions[-1]["hardware"],
        **({"notes": notes} if notes else {}),
    }


def _geometry(budget: dict) -> dict:
    """Tiling facts for fully convolutional models; the proxy size for global ones."""
    if "downsampling" in budget:
        return {"height_width_multiple_of": budget["downsampling"], "receptive_field_px": budget["receptive_field_px"],
                "tile_overlap_px": budget["tile_overlap_px"], "fully_convolutional": True}
    return {"proxy_size_px": budget["proxy_size_px"], "receptive_field_px": budget["receptive_field_px"],
            "fully_convolutional": False, "tiling": "none: one global transform per image"}


def _warnings(export: dict, metrics: dict | None, steps: int | None, planned: int) -> list[str]:
    warnings = []
    if metrics is None:
        warnings.append("no evaluation: not fit to ship")
    elif metrics.get("limit"):
        warnings.append(f"evaluated on only {metrics['limit']} val images (smoke test): not fit to ship")
    if steps is None or steps < planned:
        warnings.append(f"trained {steps} of {planned} planned steps")
    if not export["parity"]["passed"] or export["contract_violations"]:
        warnings.append("export checks failed")
    return warnings


def _no_harm(report: dict) -> dict:
    """The no-harm suite's figures for a card (per-image figures and the calibration table stay in its metrics.json)."""
    results = {k: v for k, v in report["results"].items() if k != "calibration"}
    if "false_fills" in results:
        results["false_fills"] = {k: v for k, v in results["false_fills"].items() if k != "per_image"}
    return {"command": report["command"], **({"inpainting_command": report["inpainting_command"]}
                                             if "inpainting_command" in report else {}),
            "date": report["date"], "seed": report["seed"],
            "images_limit": report["limit"], "dataset": report["dataset"], "reference": report["reference"],
            "inpainter": report["inpainter"], "results": results}


def build_card(task: Task, export: dict, run: dict, manifest_summary: dict, manifest_file: str,
               manifest_sha256: str, metrics: dict | None, notes: list[str] = (), no_harm: dict | None = None,
               calibration: dict | None = None) -> dict:
    """The card; `notes` are facts about the training the records do not show (where the data was read from)."""
    budget = export["budget"]
    training = _training(task, run, manifest_summary, manifest_file, manifest_sha256, list(notes))
    card = {
        "name": task.name,
        "version": task.version,
        "task": task.summary,
        "file": {"onnx": export["onnx"], "sha256": export["sha256"], "opset": export["opset"],
                 "operators": export["operators"]},
        "io": {"inputs": task.inputs, "outputs": task.outputs, **_geometry(budget),
               **({"height_width_multiple_of": task.size_multiple} if getattr(task, "size_multiple", None) else {})},
        "budget": {k: v for k, v in budget.items() if k in ("params", "gmac_per_megapixel", "gmac_per_image")},
        "export_check": {"onnxruntime_vs_pytorch_max_abs_diff": export["parity"]["max_abs_diff"],
                         "tolerance": export["parity"]["tolerance"], "input_sizes_hw": export["parity"]["sizes_hw"],
                         "command": export["command"]},
        "training": training,
        "evaluation": None if metrics is None else {
            "command": metrics["command"], "dataset": metrics["dataset"], "seed": metrics["seed"],
            "images_limit": metrics["limit"], "date": metrics["date"],
            **{k: metrics[k] for k in ("test_images", "aspects", "baselines", "compared") if k in metrics},
            "results": metrics["results"]},
        **({"calibration": {"threshold": calibration["threshold"], "rule": calibration["rule"],
                            "chosen": calibration["chosen"], "command": calibration["command"]}}
           if calibration else {}),
        **({"no_harm_evaluation": _no_harm(no_harm)} if no_harm else {}),
        "intended_use": task.intended_use,
        "disclosure": task.disclosure,
        "limitations": task.limitations + ([] if metrics is None else task.shortfalls(metrics["results"])),
    }
    if no_harm:
        from .no_harm import shortfalls
        detector = no_harm["detector"]["name"]
        card["limitations"] = card["limitations"] + shortfalls(no_harm["results"], detector, f"{detector}+telea",
                                                               no_harm["inpainter"]["name"])
    warnings = _warnings(export, metrics, training["steps"], run["settings"]["steps"])
    if no_harm and no_harm.get("limit"):
        warnings.append(f"no-harm suite run on only {no_harm['limit']} images (smoke test): not fit to ship")
    if warnings:
        card["warnings"] = warnings
    return card
