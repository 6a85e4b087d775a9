"""Evaluation on held-out BSDS500 val with synthetic damage from a fixed seed (issue 4, item 4).

Every val image is damaged once per kind (only that kind) and once with a random mix, each from its own generator
seeded by (seed, image, kind), so the set is identical on every machine and independent of evaluation order.
Samples are generated, scored and dropped one at a time to keep memory flat.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np

from .baselines import MorphologyDetector, inpaint_input, opencv_inpaint, tune_morphology
from .metrics import BUCKETS, Counts, bias, hole_buckets, l1, psnr, ssim_map
from .patches import rng_for
from .predict import Predictor
from .sources import Photo, bsds_photos, evaluation_photos, load_rgb
from .synth.compose import DamageSample, DamageSynthesizer, SynthConfig
from .synth.damage import KINDS
from .tasks import HOLE_DILATE_PX, dilate_mask

MIXED = "mixed"
EVAL_KINDS = (*KINDS, MIXED)


def damaged_set(photos: list[Photo], seed: int) -> Iterator[tuple[int, str, DamageSample]]:
    synth = DamageSynthesizer(SynthConfig(clean_prob=0.0))
    for index, photo in enumerate(photos):
        image = load_rgb(photo.path).astype(np.float32) / 255.0
        for kind_index, kind in enumerate(EVAL_KINDS):
            rng = rng_for(seed, index, kind_index)
            yield index, kind, synth(image, rng, kinds=None if kind == MIXED else (kind,))


def tuned_morphology(bsds_root: str, seed: int, images: int) -> tuple[MorphologyDetector, float]:
    """The baseline detector tuned on the training split (mixed damage), never on val."""
    photos = bsds_photos(bsds_root, ("train",))[:images]
    samples = [(s.damaged, s.mask) for _, kind, s in damaged_set(photos, seed + 1) if kind == MIXED]
    return tune_morphology(samples)


def evaluate_detection(predictor: Predictor, bsds_root: str, seed: int, limit: int | None, tune_images: int,
                       sheet_rows: int, threshold: float = 0.5) -> tuple[dict, list]:
    baseline, tune_f1 = tuned_morphology(bsds_root, seed, tune_images)
    counts = {name: defaultdict(Counts) for name in ("model", "morphology")}
    rows = []
    photos = evaluation_photos(bsds_root)[:limit]
    for index, kind, sample in damaged_set(photos, seed):
        predicted = predictor(sample.damaged)[..., 0] >= threshold
        classical = baseline(sample.damaged)
        for name, mask in (("model", predicted), ("morphology", classical)):
            counts[name][kind].add(mask, sample.mask)
            counts[name]["overall"].add(mask, sample.mask)
        if len(rows) < sheet_rows and kind == EVAL_KINDS[index % len(EVAL_KINDS)]:
            rows.append([(f"{kind} input", sample.damaged), ("true mask", sample.mask),
                         ("model", predicted), ("morphology", classical)])
    order = ("overall", *EVAL_KINDS)
    results = {name: {k: by_kind[k].scores() for k in order if k in by_kind} for name, by_kind in counts.items()}
    for by_kind in results.values():  # micro "overall" is dominated by large stains/tears; also give the kind mean
        by_kind["mean_over_kinds"] = {m: round(float(np.mean([by_kind[k][m] for k in KINDS if k in by_kind])), 4)
                                      for m in ("precision", "recall", "f1", "iou")}
    results["threshold"] = threshold
    results["morphology_params"] = {"kernel": baseline.kernel, "threshold": baseline.threshold,
                                    "train_f1": tune_f1, "tuned_on": f"bsds500/train, first {tune_images} images"}
    return results, rows


def _inpaint_scores(pred: np.ndarray, target: np.ndarray, hole: np.ndarray) -> dict[str, dict]:
    """Scores over the whole hole, each size bucket's pixels, and the whole image."""
    ssim = ssim_map(pred, target)
    regions = {"all_holes": hole, **hole_buckets(hole)}
    out = {name: {"psnr_hole": psnr(pred, target, r), "ssim_hole": float(ssim[r].mean()), "l1_hole": l1(pred, target, r),
                  "bias_hole": bias(pred, target, r)}
           for name, r in regions.items()}
    out["all_holes"].update(psnr_image=psnr(pred, target), ssim_image=float(ssim.mean()))
    return out


def _detect_and_inpaint(detector: Predictor, inpainter: Predictor, prefill: str | None, damaged: np.ndarray
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The archival-repair pipeline as the Swift stages will run it: threshold 0.5, dilate, inpaint, composite."""
    hole = dilate_mask(detector(damaged)[..., 0] >= 0.5, HOLE_DILATE_PX)
    raw = inpainter(inpaint_input(damaged, hole, prefill))
    return hole, np.where(hole[..., None], raw, damaged)


def evaluate_inpainting(predictor: Predictor, prefill: str | None, bsds_root: str, seed: int, limit: int | None,
                        sheet_rows: int, detector: Predictor | None = None) -> tuple[dict, list]:
    """Model vs OpenCV Telea and Navier-Stokes, all given the same (true, dilated) hole masks; the model's input holds
    the holes as its card's `prefill` says.

    With a detector, also scores the whole pipeline (detected masks, then inpainting) on the whole image, and the
    contact sheet shows input, detected mask, inpainted result and ground truth.
    """
    sums: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    rows = []
    photos = evaluation_photos(bsds_root)[:limit]
    for index, kind, sample in damaged_set(photos, seed):
        hole = dilate_mask(sample.mask, HOLE_DILATE_PX)
        if not hole.any():
            continue
        known = sample.damaged * (1 - hole[..., None])
        raw = predictor(inpaint_input(sample.damaged, hole, prefill))
        outputs = {"model": np.where(hole[..., None], raw, sample.damaged),
                   "telea": opencv_inpaint(sample.damaged, hole, "telea"),
                   "ns": opencv_inpaint(sample.damaged, hole, "ns")}
        for method, out in outputs.items():
            for region, scores in _inpaint_scores(out, sample.target, hole).items():
                for metric, value in scores.items():
                    sums[method][region][metric].append(value)
        in_sheet = len(rows) < sheet_rows and kind == EVAL_KINDS[index % len(EVAL_KINDS)]
        if detector is not None:
            detected, repaired = _detect_and_inpaint(detector, predictor, prefill, sample.damaged)
            sums["pipeline"]["whole_image"]["psnr_image"].append(psnr(repaired, sample.target))
            sums["pipeline"]["whole_image"]["ssim_image"].append(float(ssim_map(repaired, sample.target).mean()))
            sums["unrepaired"]["whole_image"]["psnr_image"].append(psnr(sample.damaged, sample.target))
            if in_sheet:
                rows.append([(f"{kind} input", sample.damaged), ("detected", detected), ("inpainted", repaired),
                             ("truth", sample.target)])
        elif in_sheet:
            rows.append([(f"{kind} holes", known), ("model", outputs["model"]), ("telea", outputs["telea"]),
                         ("truth", sample.target)])
    order = ("all_holes", *(name for name, _, _ in BUCKETS), "whole_image")
    results = {method: {region: {metric: round(float(np.mean(v)), 4) for metric, v in regions[region].items()}
                        | {"images": len(next(iter(regions[region].values())))}
                        for region in order if region in regions}
               for method, regions in sums.items()}
    return results, rows
