#!/usr/bin/env python3
"""Does the Swift stage's Telea fill match OpenCV's? inpaint-unet@3 was trained on OpenCV's Telea (radius 3,
TELEA_PREFILL_RADIUS) as its prefill, and the Swift stage prefills with its own TeleaInpainting, so the two must agree
for the model to run as it was trained (issue 16).

Held-out BSDS500 val photographs (8-bit PNG), holes from the damage synthesizer dilated 2 px as the pipeline dilates
them, filled by `conservator process` with `inpaint: {method: telea, radius: R, mask: supplied}` and by
cv2.inpaint(INPAINT_TELEA, R) on the same pixels (R = --radius). Reports, per hole width, the mean absolute difference between the
two fills and each one's PSNR against the photograph inside the holes.
    python training/telea_parity.py --conservator .build/debug/conservator --bsds ../shared/data/corpus/bsds500
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from conservator_ml.baselines import TELEA_PREFILL_RADIUS  # noqa: E402
from conservator_ml.metrics import psnr  # noqa: E402
from conservator_ml.no_harm import width_buckets  # noqa: E402
from conservator_ml.patches import rng_for  # noqa: E402
from conservator_ml.sources import evaluation_photos, load_rgb  # noqa: E402
from conservator_ml.synth.compose import DamageSynthesizer, SynthConfig  # noqa: E402
from conservator_ml.tasks import HOLE_DILATE_PX, dilate_mask  # noqa: E402

PIPELINE = """name: telea-parity
version: 1
stages:
  - inpaint: {{ method: telea, radius: {radius}, mask: supplied }}
output: {{ format: png, bit-depth: 8 }}
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--conservator", type=Path, required=True)
    p.add_argument("--bsds", required=True)
    p.add_argument("--images", type=int, default=12)
    p.add_argument("--seed", type=int, default=20260401)
    p.add_argument("--radius", type=int, default=TELEA_PREFILL_RADIUS)
    args = p.parse_args()
    synthesizer = DamageSynthesizer(SynthConfig(clean_prob=0.0))
    sums: dict = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "pipeline.yaml").write_text(PIPELINE.format(radius=args.radius))
        for index, photo in enumerate(evaluation_photos(args.bsds)[: args.images]):
            image = load_rgb(photo.path)
            hole = dilate_mask(synthesizer(image.astype(np.float32) / 255, rng_for(args.seed, index)).mask,
                               HOLE_DILATE_PX)
            source, mask_file, out = work / f"{index}.png", work / f"{index}-mask.png", work / f"out{index}"
            Image.fromarray(image).save(source)
            Image.fromarray(hole.astype(np.uint8) * 255).save(mask_file)
            done = subprocess.run([args.conservator, "process", source, "--catalog", work / "c.db", "--pipeline",
                                   work / "pipeline.yaml", "--mask", mask_file, "--out", out],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"conservator process failed on {photo.path}:\n{done.stderr}")
            derivative = next(f for f in out.rglob("*.png") if "mask" not in f.name)
            swift = np.asarray(Image.open(derivative).convert("RGB"), np.float32) / 255
            opencv = cv2.inpaint(image[..., ::-1].copy(), hole.astype(np.uint8) * 255, args.radius,
                                 cv2.INPAINT_TELEA)[..., ::-1].astype(np.float32) / 255
            truth = image.astype(np.float32) / 255
            for name, region in {"all": hole, **width_buckets(hole)}.items():
                if region.any():
                    sums[name]["swift_vs_opencv_mean_abs"].append(float(np.abs(swift - opencv)[region].mean()))
                    sums[name]["psnr_swift"].append(psnr(swift, truth, region))
                    sums[name]["psnr_opencv"].append(psnr(opencv, truth, region))
    report = {name: {k: round(float(np.mean(v)), 4) for k, v in m.items()} | {"images": len(m["psnr_swift"])}
              for name, m in sums.items()}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
