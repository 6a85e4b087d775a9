#!/usr/bin/env python3
"""How the colorizer's decoding temperature trades PSNR against colourfulness, on photographs it was not trained on.

The annealed mean (softmax(logits / T), then the expectation over ab bins) is vivid at low T and drifts to the
desaturated mean at T = 1. This sweeps T on a checkpoint, the way the stage colorizes (proxy of long side 256, chroma
upsampled onto the full-resolution L*), and prints PSNR against the true colours, the greyscale image's PSNR and the
colourfulness relative to the truth. Use photographs outside training and outside bsds500/val (the held-out set must
not pick the model's settings), e.g. the Debian photographs a lent-GPU run left out:

  grep -vFxf .gpu/debian-subset.txt training/data/debian-photos.txt > training/runs/tuning-photos.txt
  python training/colorize_temperature.py --checkpoint RUN/checkpoint.pt --photo-list training/runs/tuning-photos.txt
"""
from __future__ import annotations

import argparse
from pathlib import Path

from _common import add_threads_arg, set_threads

import numpy as np

from conservator_ml.color_evaluation import colorize
from conservator_ml.color_metrics import colorfulness, lab_to_srgb, srgb_to_lab
from conservator_ml.metrics import psnr
from conservator_ml.predict import Predictor
from conservator_ml.sources import listed_photos, load_rgb
from conservator_ml.tasks import get_task


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", type=Path, required=True)
    p.add_argument("--photo-list", required=True, help="photographs, one path per line (not training, not val)")
    p.add_argument("--temperatures", type=lambda s: [float(v) for v in s.split(",")], default=[0.38, 0.5, 0.65, 0.8, 1.0])
    p.add_argument("--max-side", type=int, default=640, help="shrink photographs to this long side first")
    add_threads_arg(p)
    args = p.parse_args()
    set_threads(args.threads)

    truths = [load_rgb(photo.path, args.max_side).astype(np.float32) / 255 for photo in listed_photos(args.photo_list)]
    greys = [lab_to_srgb(srgb_to_lab(t) * np.array([1.0, 0.0, 0.0])) for t in truths]
    grey_psnr = np.mean([psnr(g, t) for g, t in zip(greys, truths)])
    truth_colorfulness = np.mean([colorfulness(t) for t in truths])
    task = get_task("colorize")
    print(f"{len(truths)} photographs; greyscale PSNR {grey_psnr:.2f} dB")
    print("T     PSNR dB  colourfulness vs truth")
    for temperature in args.temperatures:
        model = task.build_model()
        model.temperature = temperature
        predictor = Predictor(model, checkpoint=args.checkpoint)
        outputs = [colorize(predictor, t, 256, model.downsampling) for t in truths]
        print(f"{temperature:<5} {np.mean([psnr(o, t) for o, t in zip(outputs, truths)]):7.2f}  "
              f"{np.mean([colorfulness(o) for o in outputs]) / truth_colorfulness:.0%}", flush=True)


if __name__ == "__main__":
    main()
