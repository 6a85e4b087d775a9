#!/usr/bin/env python3
"""Evaluate a model on held-out BSDS500 val against baselines: synthetic damage (damage-unet, inpaint-unet) or colour
ageing (color-restore) from a fixed seed, or the true colours (colorize).

Writes OUT/metrics.json (with the exact command) and OUT/contact-sheet.png. `evaluate.py no-harm ...` runs the
no-harm suite of the damage detector and repair instead (issue 16; see no_harm_suite.py and training/README.md). Evaluate the exported ONNX file, which is
what ships; --checkpoint is for quick looks during training.
  python training/evaluate.py --model damage-unet --onnx training/runs/damage-unet/export/damage-unet.onnx \
      --bsds ../shared/data/corpus/bsds500 --out training/runs/damage-unet/eval

Super-resolution with the published protocol (issue 23): Set5 and Set14, Y-PSNR with `scale` pixels shaved, beside
bicubic and bilinear enlargement run on the same images (conservator_ml/sr_suite.py):
  python training/evaluate.py sr-suite --onnx training/runs/upscale-x2-v1/export/upscale-x2.onnx --scale 2 \
      --bench ../shared/data/bench --out training/runs/upscale-x2-v1/eval

Colorization as the app shows it (issue 17), one or more colorize ONNX files against the grey input and two classical
baselines, on the test part of the held-out photographs at several aspect ratios (conservator_ml/colorize_suite.py):
  python training/evaluate.py colorize-suite --onnx @3=training/runs/colorize-v3/export/colorize.onnx \
      --onnx @2=Models/colorize@2.onnx --bsds ../shared/data/corpus/bsds500 --out training/runs/colorize-v3/eval
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _common import add_model_arg, add_threads_arg, set_threads

from conservator_ml.color_evaluation import evaluate_color, evaluate_colorize
from conservator_ml.contact import write_sheet
from conservator_ml.evaluation import evaluate_detection, evaluate_inpainting
from conservator_ml.predict import Predictor
from conservator_ml.provenance import command_line, now, write_json
from conservator_ml.sources import sha256_file
from conservator_ml.tasks import get_task, inpainter_contract

EVAL_SEED = 20260401
DATASETS = {"damage-unet": "synthetic damage", "inpaint-unet": "synthetic damage", "color-restore": "synthetic "
            "colour ageing", "colorize": "colour photographs reduced to their CIELAB L*"}


def write_suite(out: Path, report: dict, per_image: dict, rows: list, table: str) -> None:
    """A suite's files: metrics.json (what card.py reads), per_image.json, contact-sheet.png and table.txt."""
    write_json(out / "metrics.json", report)
    write_json(out / "per_image.json", per_image)
    sheet = write_sheet(rows, out / "contact-sheet.png")
    (out / "table.txt").write_text(table + "\n")
    print(f"\nwrote {out / 'metrics.json'}, per_image.json, table.txt and {sheet}")
    print(table)


def colorize_suite(argv: list[str]) -> None:
    import json

    from conservator_ml.colorize_suite import (ASPECTS, ReferenceColours, format_table, heldout_split, onnx_network,
                                               run_suite, stage_colorize)
    from conservator_ml.sources import bsds_photos

    p = argparse.ArgumentParser(prog="evaluate.py colorize-suite", description=colorize_suite.__doc__)
    p.add_argument("--onnx", action="append", required=True, metavar="LABEL=PATH",
                   help="a colorize ONNX file to evaluate, with its label (repeatable); the first is the one the "
                        "report is about (its SHA-256 goes into metrics.json for card.py)")
    p.add_argument("--bsds", required=True, help="BSDS500 root: val is split into calibration and test; "
                   "train+test are the baselines' reference colours")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--limit", type=int, help="only the first N test photographs (smoke tests; not for cards)")
    p.add_argument("--no-baselines", action="store_true", help="only the ONNX files (and the grey input)")
    p.add_argument("--aspects", default=",".join(ASPECTS), help="comma-separated subset of " + ",".join(ASPECTS))
    add_threads_arg(p)
    args = p.parse_args(argv)
    set_threads(args.threads)
    started = time.time()
    models = dict(item.split("=", 1) for item in args.onnx)
    _, test = heldout_split(args.bsds)
    test = test[:args.limit]
    methods = {label: (lambda grey, net=onnx_network(path, args.threads): stage_colorize(grey, net))
               for label, path in models.items()}
    baselines = {}
    if not args.no_baselines:
        reference = ReferenceColours.from_photos([ph.path for ph in bsds_photos(args.bsds, ("train", "test"))])
        methods["tint"] = reference.tint
        methods["L-keyed"] = reference.by_lightness
        baselines = {"tint": f"the mean a*b* of {reference.images} reference photographs (bsds500 train+test) on every "
                             "pixel", "L-keyed": "the mean a*b* of the reference pixels of the same L*"}
    aspects = {a: ASPECTS[a] for a in args.aspects.split(",")}
    sheet = ("astronaut.png", "216081.jpg", "229036.jpg", "376043.jpg", "302008.jpg", "coffee.png", "chelsea.png",
             "rocket.jpg", *[ph.name for ph in test if ph.name.endswith(".jpg")][:6])
    results, per_image, rows = run_suite(test, methods, aspects, sheet,
                                         progress=lambda name: print(name, end=" ", flush=True))
    first = next(iter(models.values()))
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"model": "colorize", "suite": "colorize-suite", "evaluated": first, "sha256": sha256_file(first),
              "compared": {label: {"onnx": path, "sha256": sha256_file(path)} for label, path in models.items()},
              "dataset": "held-out test part: bsds500/val minus its calibration part, and scikit-image's colour "
                         "photographs; grey = the truth reduced to CIELAB L*, colorized as the app's stage does it",
              "test_images": [ph.name for ph in test], "aspects": aspects,
              "baselines": baselines,
              "seed": None, "limit": args.limit, "command": command_line(), "date": now(),
              "seconds": round(time.time() - started, 1), "results": results}
    write_suite(args.out, report, per_image, rows, format_table(results))


def sr_suite(argv: list[str]) -> None:
    """Super-resolution ONNX files on Set5 and Set14 (published protocol) against bicubic and bilinear enlargement."""
    import onnxruntime as ort
    import numpy as np

    from conservator_ml.sr_suite import BASELINES, format_table, run_suite

    p = argparse.ArgumentParser(prog="evaluate.py sr-suite", description=sr_suite.__doc__)
    p.add_argument("--onnx", action="append", required=True, metavar="[LABEL=]PATH",
                   help="an ONNX file to evaluate (repeatable); the first is the one the report is about")
    p.add_argument("--scale", type=int, required=True, choices=(2, 3, 4))
    p.add_argument("--bench", required=True, help="the folder holding Set5/ and Set14/ (../shared/data/bench)")
    p.add_argument("--out", type=Path, required=True)
    add_threads_arg(p)
    args = p.parse_args(argv)
    set_threads(args.threads)
    started = time.time()
    models = dict(item.split("=", 1) if "=" in item else (Path(item).stem, item) for item in args.onnx)

    def network(path: str):
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        return lambda low: session.run(None, {name: low.transpose(2, 0, 1)[None].astype(np.float32)})[0][0].transpose(1, 2, 0)

    methods = {label: network(path) for label, path in models.items()}
    methods.update({label: (lambda low, f=f: f(low, args.scale)) for label, f in BASELINES.items()})
    results, per_image, rows = run_suite(args.bench, args.scale, methods)
    first = next(iter(models.values()))
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"model": Path(first).stem, "suite": "sr-suite", "evaluated": first, "sha256": sha256_file(first),
              "compared": {label: {"onnx": path, "sha256": sha256_file(path)} for label, path in models.items()},
              "dataset": f"Set5 and Set14 x{args.scale}: the benchmark's HR images and its MATLAB-bicubic LR images; "
                         f"PSNR and SSIM on BT.601 Y (16-235) with {args.scale} px shaved from each border",
              "baselines": {"bicubic": "PIL bicubic (a = -0.5) enlargement of the same LR images",
                            "bilinear": "PIL bilinear enlargement of the same LR images"},
              "scale": args.scale, "seed": None, "limit": None, "command": command_line(), "date": now(),
              "seconds": round(time.time() - started, 1), "results": results}
    write_suite(args.out, report, per_image, rows, format_table(results))


def main() -> None:
    import sys
    if len(sys.argv) > 1 and sys.argv[1] == "sr-suite":
        sr_suite(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "colorize-suite":
        colorize_suite(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "no-harm":
        from no_harm_suite import main as no_harm_main
        return no_harm_main(sys.argv[2:])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_arg(p)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--onnx", type=Path)
    source.add_argument("--checkpoint", type=Path)
    p.add_argument("--bsds", required=True, help="BSDS500 root (val is evaluated; train tunes the baseline)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=EVAL_SEED, help="keep the default for numbers that go into cards")
    p.add_argument("--limit", type=int, help="only the first N val images (smoke tests; not for cards)")
    p.add_argument("--tune-images", type=int, default=40, help="train images used to tune the morphology baseline")
    p.add_argument("--sheet-rows", type=int, default=8)
    p.add_argument("--threshold", type=float, default=0.5,
                   help="damage-unet: the probability threshold (the card's calibrated one; version 2 used 0.5)")
    p.add_argument("--detector-onnx", type=Path,
                   help="inpaint-unet only: also run detect -> inpaint end to end and show it in the contact sheet")
    add_threads_arg(p)
    args = p.parse_args()
    set_threads(args.threads)

    task = get_task(args.model)
    # an inpainter's ONNX file is fed as its card says (version 2: zeros in the hole; version 3: Telea's fill)
    prefill, factor = (inpainter_contract(args.onnx) if task.name == "inpaint-unet" and args.onnx
                       else (getattr(task, "prefill", None), None))
    predictor = Predictor(task.build_model(), onnx_path=args.onnx, checkpoint=args.checkpoint, threads=args.threads,
                          factor=factor)
    started = time.time()
    if task.name == "damage-unet":
        results, rows = evaluate_detection(predictor, args.bsds, args.seed, args.limit, args.tune_images,
                                           args.sheet_rows, args.threshold)
    elif task.name == "inpaint-unet":
        detector = None
        if args.detector_onnx:
            detector = Predictor(get_task("damage-unet").build_model(), onnx_path=args.detector_onnx,
                                 threads=args.threads)
        results, rows = evaluate_inpainting(predictor, prefill, args.bsds, args.seed, args.limit, args.sheet_rows, detector)
    elif task.name == "color-restore":
        proxy_size = task.build_model().proxy_size
        results, rows = evaluate_color(predictor, proxy_size, args.bsds, args.seed, args.limit, args.sheet_rows)
    else:
        model = task.build_model()
        results, rows = evaluate_colorize(predictor, model.proxy_size, model.downsampling, args.bsds, args.limit,
                                          args.sheet_rows)
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"model": task.name, "evaluated": predictor.source,
              "sha256": sha256_file(predictor.source),
              "detector": args.detector_onnx and {"onnx": str(args.detector_onnx),
                                                  "sha256": sha256_file(args.detector_onnx)},
              "dataset": f"bsds500/val (held out), {DATASETS[task.name]}",
              "seed": args.seed, "limit": args.limit, "command": command_line(), "date": now(),
              "seconds": round(time.time() - started, 1), "results": results}
    write_json(args.out / "metrics.json", report)
    sheet = write_sheet(rows, args.out / "contact-sheet.png")
    print(f"wrote {args.out / 'metrics.json'} and {sheet}")
    for method, value in results.items():
        for part, scores in (value.items() if isinstance(value, dict) else [("", value)]):
            print(f"{method:11s} {part:15s} {scores}")


if __name__ == "__main__":
    main()
