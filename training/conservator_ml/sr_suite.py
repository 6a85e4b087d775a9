"""Super-resolution evaluation with the published protocol (issue 23): Set5 and Set14 at a scale, the benchmark's own
low-resolution images (MATLAB bicubic) enlarged, PSNR on the luma Y of ITU-R BT.601 (16-235, as MATLAB's rgb2ycbcr)
with `scale` pixels shaved from each border, beside baselines run on the same images: bicubic (PIL, antialiased
a = -0.5 kernel) and bilinear enlargement. SSIM on Y (8-bit, Gaussian window 11 / 1.5 as Wang et al.) too.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image

SETS = ("Set5", "Set14")
PUBLISHED = {  # PSNR (dB) of ../shared/data/README.md, from the DnCNN/VDSR papers' tables
    ("Set5", 2): {"bicubic": 33.66, "VDSR": 37.56}, ("Set5", 3): {"bicubic": 30.39, "VDSR": 33.67},
    ("Set5", 4): {"bicubic": 28.42, "VDSR": 31.35}, ("Set14", 2): {"bicubic": 30.24, "VDSR": 33.02},
    ("Set14", 3): {"bicubic": 27.55, "VDSR": 29.77}, ("Set14", 4): {"bicubic": 26.00, "VDSR": 27.99},
}


@dataclass(frozen=True)
class Pair:
    name: str
    low: np.ndarray   # H x W x 3 float [0,1]
    high: np.ndarray  # (scale*H) x (scale*W) x 3 float [0,1], cropped to the enlargement's size


def pairs(bench: str | Path, dataset: str, scale: int) -> list[Pair]:
    folder = Path(bench) / dataset / f"image_SRF_{scale}"
    found = []
    for high_path in sorted(folder.glob("*_HR.png")):
        low = np.asarray(Image.open(str(high_path).replace("_HR.png", "_LR.png")).convert("RGB"), np.float32) / 255
        high = np.asarray(Image.open(high_path).convert("RGB"), np.float32) / 255
        high = high[: low.shape[0] * scale, : low.shape[1] * scale]
        found.append(Pair(high_path.name.replace("_HR.png", ""), low, high))
    if not found:
        raise FileNotFoundError(f"no {dataset} pairs at scale {scale} in {folder}")
    return found


def luma(rgb: np.ndarray) -> np.ndarray:
    """BT.601 Y in 16-235 from sRGB in [0,1] (MATLAB rgb2ycbcr), on 8-bit values as the protocol quantizes."""
    rgb8 = np.round(np.clip(rgb, 0, 1) * 255)
    return 16 + (65.481 * rgb8[..., 0] + 128.553 * rgb8[..., 1] + 24.966 * rgb8[..., 2]) / 255


def psnr_y(result: np.ndarray, truth: np.ndarray, shave: int) -> float:
    a, b = luma(result), luma(truth)
    if shave:
        a, b = a[shave:-shave, shave:-shave], b[shave:-shave, shave:-shave]
    return float(10 * np.log10(255 ** 2 / max(np.mean((a - b) ** 2), 1e-12)))


def ssim_y(result: np.ndarray, truth: np.ndarray, shave: int) -> float:
    import cv2
    a, b = luma(result), luma(truth)
    if shave:
        a, b = a[shave:-shave, shave:-shave], b[shave:-shave, shave:-shave]
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    blur = lambda x: cv2.GaussianBlur(x, (11, 11), 1.5)  # noqa: E731
    ma, mb = blur(a), blur(b)
    va, vb, cov = blur(a * a) - ma * ma, blur(b * b) - mb * mb, blur(a * b) - ma * mb
    return float(np.mean(((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))))


def resized(low: np.ndarray, scale: int, method) -> np.ndarray:
    image = Image.fromarray(np.round(np.clip(low, 0, 1) * 255).astype(np.uint8))
    return np.asarray(image.resize((image.width * scale, image.height * scale), method), np.float32) / 255


BASELINES: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "bicubic": lambda low, scale: resized(low, scale, Image.BICUBIC),
    "bilinear": lambda low, scale: resized(low, scale, Image.BILINEAR),
}


def run_suite(bench: str | Path, scale: int, methods: dict[str, Callable[[np.ndarray], np.ndarray]],
              sheet_images: int = 3) -> tuple[dict, dict, list]:
    """Mean PSNR/SSIM (Y, shaved) per set and method, per-image figures, and contact-sheet rows (crops)."""
    results, per_image, rows = {}, {}, []
    for dataset in SETS:
        scores: dict[str, list[tuple[float, float]]] = {m: [] for m in methods}
        for index, pair in enumerate(pairs(bench, dataset, scale)):
            row = [("low (nearest)", np.kron(pair.low, np.ones((scale, scale, 1), np.float32)))]
            for label, method in methods.items():
                out = np.clip(method(pair.low), 0, 1)[: pair.high.shape[0], : pair.high.shape[1]]
                score = (psnr_y(out, pair.high, scale), ssim_y(out, pair.high, scale))
                scores[label].append(score)
                per_image[f"{dataset}/{pair.name}/{label}"] = {"psnr_y": round(score[0], 3), "ssim_y": round(score[1], 4)}
                row.append((f"{label} {score[0]:.2f} dB", out))
            row.append(("truth", pair.high))
            if index < sheet_images:
                h, w = pair.high.shape[:2]
                crop = (slice(h // 4, h // 4 + min(h // 2, 160)), slice(w // 4, w // 4 + min(w // 2, 160)))
                rows.append([(label, image[crop]) for label, image in row])
        results[dataset] = {m: {"psnr_y": round(float(np.mean([s[0] for s in v])), 3),
                                "ssim_y": round(float(np.mean([s[1] for s in v])), 4)} for m, v in scores.items()}
        results[dataset]["published"] = PUBLISHED.get((dataset, scale), {})
    return results, per_image, rows


def format_table(results: dict) -> str:
    lines = [f"{'set':8s} {'method':12s} {'PSNR-Y':>8s} {'SSIM-Y':>8s}"]
    for dataset, methods in results.items():
        for label, value in methods.items():
            if label == "published":
                lines.append(f"{dataset:8s} {'published':12s} " + ", ".join(f"{k} {v}" for k, v in value.items()))
            else:
                lines.append(f"{dataset:8s} {label:12s} {value['psnr_y']:8.2f} {value['ssim_y']:8.4f}")
    return "\n".join(lines)
