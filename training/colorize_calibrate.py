#!/usr/bin/env python3
"""Choose colorize's decoding on held-out photographs (issue 17) and write a run folder that exports it.

The network's bin logits are computed once per calibration photograph (the calibration part of bsds500/val, see
conservator_ml/colorize_suite.py; never the test part the card reports), then every decoding of the grid is scored
at full resolution, as the stage colorizes (chroma upsampled onto the full-resolution L*), on every third pixel of
every third row: temperature T of the annealed mean, confidence constant k and chroma scale s
(colorizer.py: ab = annealed_mean(T) * s * (1 + k) * c / (c + k), c = sum of squared bin probabilities). The
decoding kept is the one with the lowest mean CIEDE2000 to the truth among those whose colourfulness is 0.65-1.15x the
truth's (the target 0.6-1.2x, with a margin for the test part's noise); if none is closer to the truth than the grey input, the one closest to it (grey-ish rather than vivid and
wrong). Writes RUN/calibration.json (the whole grid), and RUN/checkpoint.pt, run.json and manifest.json so export.py
and card.py work as for a trained run:

  nice -n 19 python training/colorize_calibrate.py --weights-onnx Models/colorize@2.onnx \\
      --manifest Models/colorize@2.manifest.json --card Models/colorize@2.card.yaml \\
      --bsds ../shared/data/corpus/bsds500 --run-dir training/runs/colorize-v3 --threads 1
"""
from __future__ import annotations

import argparse
import itertools
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from _common import add_threads_arg, set_threads

import numpy as np
import torch
import yaml
from torch.nn import functional as F

from conservator_ml.color_metrics import ciede2000, colorfulness, lab_to_srgb, srgb_to_lab
from conservator_ml.colorize_suite import (TARGET_COLORFULNESS, area_resize, bilinear_resize, heldout_split,
                                           mirror_pad, proxy_grid, to_grey)
from conservator_ml.models.colorizer import load_onnx_weights
from conservator_ml.models.registry import build
from conservator_ml.provenance import command_line, now, write_json
from conservator_ml.sources import load_rgb, sha256_file

GRID = {"temperature": [0.38, 0.5, 0.65, 0.8, 1.0], "confidence_k": [0.0, 0.05, 0.3],
        "chroma_scale": [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.3]}
MARGIN = 0.05  # the calibration must meet the colourfulness band with this margin, so the test part's noise does not
# take the choice out of it
STRIDE = 3  # score every third pixel of every third row


@dataclass
class Case:
    truth: np.ndarray  # sRGB, subsampled
    truth_lab: np.ndarray
    lightness: np.ndarray  # L* of the grey input, subsampled
    full_hw: tuple
    proxy_hw: tuple
    padded: np.ndarray  # the network's input
    grey_delta_e: float


def proxy_case(path: str) -> Case:
    """A calibration photograph: the network's input made as the stage makes it, and the truth at the scored pixels."""
    truth = load_rgb(path).astype(np.float32) / 255
    lightness = srgb_to_lab(to_grey(truth))[..., 0]
    h, w = lightness.shape
    ph, pw, padded_h, padded_w = proxy_grid(h, w)
    small = area_resize((lightness / 100).astype(np.float32), ph, pw)
    sub = truth[::STRIDE, ::STRIDE]
    truth_lab = srgb_to_lab(sub)
    grey_de = float(ciede2000(truth_lab * np.array([1.0, 0.0, 0.0]), truth_lab).mean())
    return Case(sub, truth_lab, lightness[::STRIDE, ::STRIDE], (h, w), (ph, pw),
                mirror_pad(small, padded_h, padded_w), grey_de)


def decode(logits: torch.Tensor, bins: torch.Tensor, temperature: float, k: float, s: float) -> torch.Tensor:
    """The same arithmetic as ColorizeNet.decode + forward's Resize, on cached logits."""
    p = torch.softmax(logits / temperature, dim=1)
    ab = F.conv2d(p, bins.t()[:, :, None, None])
    if k > 0:
        q = torch.softmax(logits, dim=1)
        c = (q * q).sum(1, keepdim=True)
        ab = ab * (c * (s * (1 + k)) / (c + k))
    else:
        ab = ab * s
    return F.interpolate(ab, scale_factor=4.0, mode="bilinear", align_corners=False)


def score(cases, logits, bins, temperature, k, s) -> dict:
    de, de_grey, cf, cf_truth = [], [], [], []
    for case, lg in zip(cases, logits):
        ph, pw = case.proxy_hw
        ab = decode(lg, bins, temperature, k, s)[0, :, :ph, :pw].numpy()
        a, b = (bilinear_resize(ab[i], *case.full_hw)[::STRIDE, ::STRIDE] for i in range(2))
        out = lab_to_srgb(np.stack([case.lightness, a, b], axis=-1))
        de.append(float(ciede2000(srgb_to_lab(out), case.truth_lab).mean()))
        de_grey.append(case.grey_delta_e)
        cf.append(colorfulness(out))
        cf_truth.append(colorfulness(case.truth))
    return {"temperature": temperature, "confidence_k": k, "chroma_scale": s,
            "mean_ciede2000": round(float(np.mean(de)), 4), "mean_ciede2000_grey": round(float(np.mean(de_grey)), 4),
            "grey_minus_ours": round(float(np.mean(de_grey) - np.mean(de)), 4),
            "colorfulness_ratio": round(float(np.mean(cf) / np.mean(cf_truth)), 4)}


def choose(grid: list[dict]) -> dict:
    low, high = TARGET_COLORFULNESS[0] + MARGIN, TARGET_COLORFULNESS[1] - MARGIN
    feasible = [g for g in grid if low <= g["colorfulness_ratio"] <= high and g["grey_minus_ours"] > 0]
    return min(feasible or grid, key=lambda g: g["mean_ciede2000"])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights-onnx", type=Path, help="start from a shipped ONNX file's weights (colorize@2)")
    p.add_argument("--checkpoint", type=Path, help="or from a train.py checkpoint (e.g. a fine-tuned run)")
    p.add_argument("--manifest", type=Path, help="the training manifest of those weights (with --weights-onnx)")
    p.add_argument("--card", type=Path, help="the card of those weights: its training record is carried over")
    p.add_argument("--bsds", required=True)
    p.add_argument("--run-dir", type=Path, required=True)
    add_threads_arg(p)
    args = p.parse_args()
    set_threads(args.threads)
    started = time.time()

    model = build("colorize").eval()
    if args.weights_onnx:
        load_onnx_weights(model, args.weights_onnx)
        source = {"onnx": str(args.weights_onnx), "sha256": sha256_file(args.weights_onnx)}
    else:
        model.load_state_dict(torch.load(args.checkpoint, map_location="cpu", weights_only=False)["model"])
        source = {"checkpoint": str(args.checkpoint), "sha256": sha256_file(args.checkpoint)}
    calibration, test = heldout_split(args.bsds)
    cases = [proxy_case(photo.path) for photo in calibration]
    with torch.no_grad():
        logits = [model.logits(torch.from_numpy(case.padded)[None, None]) for case in cases]
    print(f"{len(cases)} calibration photographs; logits in {time.time() - started:.0f} s", flush=True)
    grid = []
    for temperature, k, s in itertools.product(*GRID.values()):
        grid.append(score(cases, logits, model.bins, temperature, k, s))
        g = grid[-1]
        print(f"T {temperature:<4} k {k:<4} s {s:<4}  dE {g['mean_ciede2000']:.3f} (grey "
              f"{g['mean_ciede2000_grey']:.3f})  colour x{g['colorfulness_ratio']:.2f}", flush=True)
    chosen = choose(grid)
    print("chosen:", chosen)

    run = args.run_dir
    run.mkdir(parents=True, exist_ok=True)
    write_json(run / "calibration.json", {
        "weights": source, "calibration_images": [c.name for c in calibration],
        "test_images_not_used": [t.name for t in test], "grid": GRID, "scored_at": f"full resolution, every {STRIDE}rd pixel of every {STRIDE}rd row",
        "rule": f"lowest mean CIEDE2000 among colourfulness {TARGET_COLORFULNESS[0] + MARGIN:.2f}-"
                f"{TARGET_COLORFULNESS[1] - MARGIN:.2f}x of the truth and closer than grey; else lowest",
        "chosen": chosen, "results": grid, "command": command_line(), "date": now(),
        "seconds": round(time.time() - started, 1)})
    torch.save({"model": model.state_dict(), "optimizer": {}, "step": 0, "train_seconds": 0.0,
                "settings": {"decode": {k: chosen[k] for k in ("temperature", "confidence_k", "chroma_scale")}}},
               run / "checkpoint.pt")
    if args.card:  # the training record of the weights, plus this calibration as a session without steps
        card = yaml.safe_load(args.card.read_text())
        training = card["training"]
        sessions = [{"command": c, "git_commit": g, "hardware": training["hardware"], "end_step": training["steps"]}
                    for c, g in zip(training["commands"], training["git_commits"] * len(training["commands"]))]
        write_json(run / "run.json", {
            "settings": training["settings"], "train_seconds": training["duration_hours"] * 3600,
            "sessions": sessions + [{"command": command_line(), "git_commit": _git_commit(), "hardware":
                                     training["hardware"], "end_step": training["steps"],
                                     "git_commit_note": f"decoding calibrated on {len(calibration)} bsds500/val "
                                     f"photographs (colorize_calibrate.py): {chosen}"}],
            "weights_from": source, "carried_notes": training.get("notes", [])})
    if args.manifest:
        shutil.copyfile(args.manifest, run / "manifest.json")
    print(f"wrote {run}/calibration.json, checkpoint.pt" + (", run.json" if args.card else "")
          + (", manifest.json" if args.manifest else ""))


def _git_commit() -> str:
    import subprocess
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
