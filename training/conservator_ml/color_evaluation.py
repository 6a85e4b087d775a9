"""Evaluation of colour restoration and colorization on held-out BSDS500 val (issue 5).

Colour restoration: each val image is aged once per kind (that kind alone), once as sepia and once with a random mix; the model sees a
256x256 proxy and its transform is applied to the full-resolution image, exactly as the Swift stage will do it.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from .baselines import COLOR_BASELINES
from .color_metrics import colorfulness, lab_to_srgb, mean_ciede2000, srgb_to_lab
from .metrics import psnr
from .patches import rng_for
from .predict import Predictor
from .sources import evaluation_photos, load_rgb
from .synth.color_ageing import COLOR_KINDS, SEPIA, ColorAgeing

MIXED = "mixed"
EVAL_KINDS = (*COLOR_KINDS, SEPIA, MIXED)


def apply_transform_np(image: np.ndarray, curves: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """NumPy twin of models.color_curves.apply_transform for one HxWx3 image (curves 3xK, matrix 3x4)."""
    k = curves.shape[-1]
    grid = np.linspace(0.0, 1.0, k)
    toned = np.stack([np.interp(image[..., c], grid, curves[c]) for c in range(3)], axis=-1)
    return np.clip(toned @ matrix[:, :3].T + matrix[:, 3], 0.0, 1.0).astype(np.float32)


def restore(predictor: Predictor, image: np.ndarray, proxy_size: int) -> np.ndarray:
    proxy = cv2.resize(image, (proxy_size, proxy_size), interpolation=cv2.INTER_AREA)
    curves, matrix = predictor.outputs(proxy.transpose(2, 0, 1)[None])
    return apply_transform_np(image, curves[0], matrix[0])


def evaluate_color(predictor: Predictor, proxy_size: int, bsds_root: str, seed: int, limit: int | None,
                   sheet_rows: int) -> tuple[dict, list]:
    ageing = ColorAgeing()
    scores: dict = defaultdict(lambda: defaultdict(list))
    rows = []
    for index, photo in enumerate(evaluation_photos(bsds_root)[:limit]):
        image = load_rgb(photo.path).astype(np.float32) / 255.0
        for kind_index, kind in enumerate(EVAL_KINDS):
            rng = rng_for(seed, index, kind_index)
            sample = ageing(image, rng, kinds=None if kind == MIXED else (kind,))
            outputs = {"model": restore(predictor, sample.aged, proxy_size), "unrestored": sample.aged,
                       **{name: fn(sample.aged) for name, fn in COLOR_BASELINES.items()}}
            for method, out in outputs.items():
                de = mean_ciede2000(out, sample.target)
                scores[method][kind].append(de)
                scores[method]["overall"].append(de)
            if len(rows) < sheet_rows and kind == EVAL_KINDS[index % len(EVAL_KINDS)]:
                rows.append([(f"{kind} aged", sample.aged), ("model", outputs["model"]),
                             ("auto_levels", outputs["auto_levels"]), ("truth", sample.target)])
    order = ("overall", *EVAL_KINDS)
    results = {method: {kind: {"mean_ciede2000": round(float(np.mean(v[kind])), 4), "images": len(v[kind])}
                        for kind in order if kind in v}
               for method, v in scores.items()}
    return results, rows


def colorize(predictor: Predictor, image: np.ndarray, proxy_long_side: int, factor: int) -> np.ndarray:
    """Grey -> colour as the stage will do it: ab from a proxy of L, upsampled, joined with full-resolution L."""
    lab = srgb_to_lab(image)
    h, w = image.shape[:2]
    scale = proxy_long_side / max(h, w)
    ph, pw = (max(factor, int(round(d * scale / factor)) * factor) for d in (h, w))
    lightness = cv2.resize((lab[..., 0] / 100).astype(np.float32), (pw, ph), interpolation=cv2.INTER_AREA)
    ab = predictor.outputs(lightness[None, None])[0][0].transpose(1, 2, 0)
    ab = cv2.resize(ab, (w, h), interpolation=cv2.INTER_LINEAR)
    return lab_to_srgb(np.concatenate([lab[..., :1], ab], axis=2))


def evaluate_colorize(predictor: Predictor, proxy_size: int, factor: int, bsds_root: str, limit: int | None,
                      sheet_rows: int, worst: int = 5) -> tuple[dict, list]:
    """PSNR against the true colour image and colourfulness relative to it, for the model and for the greyscale
    image used as colour (the baseline to beat); the worst images by PSNR are listed."""
    per_image = []
    rows = []
    for photo in evaluation_photos(bsds_root)[:limit]:
        truth = load_rgb(photo.path).astype(np.float32) / 255.0
        grey = lab_to_srgb(srgb_to_lab(truth) * np.array([1.0, 0.0, 0.0]))
        out = colorize(predictor, truth, proxy_size, factor)  # only L of `truth` is used
        per_image.append({"image": Path(photo.path).name, "psnr_model": psnr(out, truth),
                          "psnr_grey": psnr(grey, truth), "colorfulness_model": colorfulness(out),
                          "colorfulness_truth": colorfulness(truth)})
        if len(rows) < sheet_rows:
            rows.append([("grey input", grey), ("colorized", out), ("truth", truth)])
    mean = {k: round(float(np.mean([r[k] for r in per_image])), 4) for k in per_image[0] if k != "image"}
    mean["colorfulness_ratio"] = round(mean["colorfulness_model"] / max(mean["colorfulness_truth"], 1e-6), 4)
    mean["images"] = len(per_image)
    worst_cases = sorted(per_image, key=lambda r: r["psnr_model"])[:worst]
    return {"mean": mean, "worst_by_psnr": [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
                                            for r in worst_cases]}, rows
