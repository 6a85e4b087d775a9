"""`evaluate.py no-harm`: does the damage detector (and detect + inpaint) leave undamaged photographs alone, and does
it find damage from generators it was not trained on? (issue 16; the parts are described in conservator_ml/no_harm.py)

  python training/evaluate.py no-harm --bsds ../shared/data/corpus/bsds500 --overlays ../shared/data/artefacts \\
      --detector-onnx training/runs/damage-unet-v3/export/damage-unet.onnx --out training/runs/no-harm

Without --threshold the new detector's threshold is calibrated first (on the calibration split of BSDS500 val, with
the generators it was trained on, never gen2) and written to OUT/calibration.json. The reference detector (default:
the shipped Models/damage-unet@2.onnx, version 2, at its threshold 0.5), the morphology baseline and the inpainters
(the shipped Models/inpaint-unet@2.onnx, OpenCV Telea, OpenCV Navier-Stokes) are scored on the same images.
Writes OUT/metrics.json, OUT/summary.md (the tables) and OUT/contact-sheet.png.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _common import add_threads_arg, set_threads

import cv2
import numpy as np

from conservator_ml import no_harm as nh
from conservator_ml.contact import write_sheet
from conservator_ml.evaluation import tuned_morphology
from conservator_ml.predict import Predictor
from conservator_ml.provenance import command_line, now, write_json
from conservator_ml.sources import load_rgb, sha256_file
from conservator_ml.synth.archive import ScanDraw, ScanParams
from conservator_ml.tasks import get_task, inpainter_contract
from conservator_ml.patches import rng_for

EVAL_SEED = 20260401
REPO = Path(__file__).resolve().parents[1]


def parse(argv):
    p = argparse.ArgumentParser(prog="evaluate.py no-harm", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bsds", required=True)
    p.add_argument("--overlays", help="film-damage overlays root (only the held-out files are used)")
    new = p.add_mutually_exclusive_group(required=True)
    new.add_argument("--detector-onnx", type=Path, help="the detector under test")
    new.add_argument("--detector-checkpoint", type=Path, help="quick looks during training (not for cards)")
    p.add_argument("--detector-name", default="damage-unet@3")
    p.add_argument("--detector-trained-on", default="synth,overlays",
                   help="generators the detector under test was trained on (comma-separated)")
    p.add_argument("--threshold", type=float, help="skip calibration and use this threshold")
    p.add_argument("--reference-onnx", type=Path, default=REPO / "Models" / "damage-unet@2.onnx")
    p.add_argument("--reference-name", default="damage-unet@2")
    p.add_argument("--reference-threshold", type=float, default=0.5)
    p.add_argument("--reference-trained-on", default="synth")
    p.add_argument("--inpaint-onnx", type=Path, default=REPO / "Models" / "inpaint-unet@2.onnx")
    p.add_argument("--inpaint-name", default="inpaint-unet@2")
    p.add_argument("--real-dir", help="folder of real old photographs for the contact sheet (not scored)")
    p.add_argument("--list", type=Path, default=nh.NO_HARM_LIST)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=EVAL_SEED)
    p.add_argument("--limit", type=int, help="only N evaluation images (smoke tests; not for cards)")
    p.add_argument("--tune-images", type=int, default=40)
    p.add_argument("--parts", default="false-fills,detection,inpainting",
                   help="comma-separated parts to run (inpainting does not depend on the detector, so it can run "
                        "once on its own)")
    add_threads_arg(p)
    return p.parse_args(argv)


def fmt_table(header, rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_md(results: dict) -> str:
    out = []
    ff = results.get("false_fills", {})
    rows = []
    for name, cats in ff.items():
        if name == "per_image":
            continue
        for cat, metrics in cats.items():
            for metric, v in metrics.items():
                rows.append([name, cat, metric, f"{v['mean']:.3f}", f"{v['worst']:.3f}", v["images"]])
    out += ["## 1. False fills on undamaged held-out photographs (% of pixels)", "",
            fmt_table(["method", "images", "figure", "mean %", "worst %", "n"], rows), ""]
    rows = []
    for det, gens in results.get("detection", {}).items():
        for gen, kinds in gens.items():
            if not isinstance(kinds, dict):
                continue
            seen = "seen" if gen in gens["trained_on_generators"] else "UNSEEN"
            for kind, s in kinds.items():
                rows.append([det, f"{gen} ({seen})", kind, s["precision"], s["recall"], s["f1"], s["true_pixels"]])
    out += ["## 2. Detection across generators (1-px tolerance; evaluation split of BSDS500 val)", "",
            fmt_table(["detector", "generator", "kind", "precision", "recall", "F1", "true px"], rows), ""]
    rows = []
    for name, regions in results.get("inpainting", {}).items():
        for region, m in regions.items():
            rows.append([name, region, m["psnr_hole"], m["ssim_hole"], m["bias_hole"], m["samples"]])
    if rows:
        out += ["## 3. Inpainting with the true masks (dilated 1 px)", "",
                fmt_table(["method", "generator/width", "PSNR hole dB", "SSIM hole", "bias", "samples"], rows), ""]
    for key, title in (("calibration", "Calibration of the detector under test"),
                       ("morphology_calibration", "Calibration of the morphology baseline (same rule)")):
        if key in results:
            c = results[key]
            out += [f"## {title}", "", f"threshold {c['threshold']}: {c['rule']}", "",
                    fmt_table(list(c["table"][0]), [list(r.values()) for r in c["table"]]), ""]
    return "\n".join(out)


def shrink(image: np.ndarray, height: int = 200) -> np.ndarray:
    """A contact-sheet tile: float, at most `height` pixels high (masks nearest, images area-averaged)."""
    image = image.astype(np.float32)
    if image.shape[0] <= height:
        return image
    w = max(1, round(image.shape[1] * height / image.shape[0]))
    return cv2.resize(image, (w, height), interpolation=cv2.INTER_AREA)


def main(argv) -> None:
    args = parse(argv)
    set_threads(args.threads)
    started = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    parts = set(args.parts.split(","))
    unknown = parts - {"false-fills", "detection", "inpainting"}
    if unknown:
        raise SystemExit(f"unknown parts: {unknown}")
    items = nh.read_list(args.list)
    nh.check_list_held_out(items, args.bsds)
    model = get_task("damage-unet").build_model()
    predictor = Predictor(model, onnx_path=args.detector_onnx, checkpoint=args.detector_checkpoint,
                          threads=args.threads)
    detector = nh.Detector(args.detector_name, args.threshold or 0.5, predictor=predictor,
                           trained_on=tuple(args.detector_trained_on.split(",")))
    generators = nh.Generators(args.overlays)
    calibration_photos, evaluation_photos = nh.split_val(args.bsds)
    results: dict = {}
    morphology, tune_f1 = tuned_morphology(args.bsds, args.seed, args.tune_images)
    classical = nh.Detector("morphology", morphology.threshold, morphology=morphology, trained_on=("synth",))
    calibrated_morphology = nh.Detector("morphology-calibrated", morphology.threshold, morphology=morphology,
                                        trained_on=("synth",))
    # calibration: the detector under test (unless --threshold) and the morphology baseline, by the same rule on
    # the same calibration samples (generators the detector was trained on; never gen2)
    if parts & {"false-fills", "detection"}:
        cal_generators = nh.Generators(args.overlays)
        cal_generators.available = lambda: tuple(g for g in ("synth", "overlays") if g in generators.available())
        clean = []
        for i, photo in enumerate(calibration_photos):
            image = load_rgb(photo.path).astype(np.float32) / 255.0
            clean.append(ScanDraw(rng_for(args.seed + 11, i), *image.shape[:2], ScanParams())(image))
        cal_samples = [(s.damaged, s.mask) for _, _, _, s in nh.samples_for(calibration_photos, args.seed + 7,
                                                                              cal_generators)]
        morph_grid = tuple(np.round(np.arange(0.04, 0.91, 0.02), 2))
        results["morphology_calibration"] = nh.calibrate_maps(
            [(morphology.response(d), m) for d, m in cal_samples], [morphology.response(c) for c in clean], morph_grid)
        calibrated_morphology.threshold = results["morphology_calibration"]["threshold"]
        if args.threshold is None:
            results["calibration"] = nh.calibrate_maps(
                [(detector.probability(d), m) for d, m in cal_samples], [detector.probability(c) for c in clean])
            detector.threshold = results["calibration"]["threshold"]
            write_json(args.out / "calibration.json", {**results["calibration"], "detector": predictor.source,
                                                      "sha256": sha256_file(predictor.source),
                                                      "calibrated_on": f"bsds500/val calibration split "
                                                      f"({len(calibration_photos)} images, sorted index % "
                                                      f"{nh.CALIBRATION_EVERY} == 0): synth/ and held-out overlay "
                                                      "damage, two samples per image and generator, and the "
                                                      "undamaged images scanned",
                                                      "command": command_line(), "date": now()})
            print(f"calibrated threshold {detector.threshold}: {results['calibration']['chosen']}", flush=True)
        del cal_samples
    reference = nh.Detector(args.reference_name, args.reference_threshold,
                            predictor=Predictor(model, onnx_path=args.reference_onnx, threads=args.threads),
                            trained_on=tuple(args.reference_trained_on.split(",")))
    prefill, factor = inpainter_contract(args.inpaint_onnx)
    unet = nh.Inpainter(args.inpaint_name, Predictor(None, onnx_path=args.inpaint_onnx, threads=args.threads,
                                                     factor=factor), prefill=prefill)
    telea, ns = nh.Inpainter("telea", method="telea"), nh.Inpainter("navier-stokes", method="ns")
    detectors = [detector, reference, classical, calibrated_morphology]
    pipelines = [(f"{detector.name}+telea", detector, telea), (f"{detector.name}+{unet.name}", detector, unet),
                 (f"{reference.name}+{unet.name} (shipped)", reference, unet), ("morphology+telea", classical, telea),
                 ("morphology-calibrated+telea", calibrated_morphology, telea)]

    sheet_rows = nh.real_rows(args.real_dir, [detector, reference], telea) if "false-fills" in parts else []
    if "false-fills" in parts:
        print(f"part 1: false fills on {len(items)} undamaged images", flush=True)
        results["false_fills"] = nh.false_fills(items, args.bsds, detectors, pipelines, sheet_rows, sheet_items=8)
    photos = evaluation_photos[: args.limit]
    if parts & {"detection", "inpainting"}:
        print(f"parts 2-3 ({', '.join(sorted(parts))}): {len(photos)} images x generators", flush=True)
        detection, inpainting = nh.score_generators(
            nh.samples_for(photos, args.seed, generators), detectors if "detection" in parts else [],
            [unet, telea, ns] if "inpainting" in parts else [], sheet_rows, sheet_every=25)
        if "detection" in parts:
            results["detection"] = detection
        if "inpainting" in parts:
            results["inpainting"] = inpainting
    results["morphology_params"] = {"kernel": morphology.kernel, "threshold": morphology.threshold,
                                    "train_f1": tune_f1, "tuned_on": f"bsds500/train, first {args.tune_images} "
                                    "images, synth/ damage, best pixel F1"}
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"suite": "no-harm", "detector": {"name": detector.name, "file": predictor.source,
                                              "sha256": sha256_file(predictor.source), "threshold": detector.threshold},
              "reference": {"name": reference.name, "file": str(args.reference_onnx),
                            "sha256": sha256_file(args.reference_onnx), "threshold": reference.threshold},
              "inpainter": {"name": unet.name, "file": str(args.inpaint_onnx), "sha256": sha256_file(args.inpaint_onnx)},
              "dataset": {"undamaged": f"{args.list.name}: {len(items)} held-out images/crops",
                          "damaged": f"bsds500/val evaluation split ({len(photos)} images: sorted index % "
                                     f"{nh.CALIBRATION_EVERY} != 0), generators {list(generators.available())}",
                          "calibration": f"bsds500/val calibration split ({len(calibration_photos)} images)"},
              "seed": args.seed, "limit": args.limit, "command": command_line(), "date": now(),
              "seconds": round(time.time() - started, 1), "results": results}
    write_json(args.out / "metrics.json", report)
    (args.out / "summary.md").write_text(summary_md(results))
    sheet = write_sheet([[(label, shrink(img)) for label, img in row] for row in sheet_rows],
                        args.out / "contact-sheet.png") if sheet_rows else None
    print(summary_md(results))
    print(f"wrote {args.out / 'metrics.json'}, {args.out / 'summary.md'} and {sheet}")


if __name__ == "__main__":
    import sys
    main(sys.argv[1:])
