"""Evaluation metrics: pixel detection scores, PSNR/SSIM/L1 over regions, and hole-size buckets."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass
class Counts:
    """Pixel confusion counts, summed over a dataset (micro-averaged scores weigh every pixel equally)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: np.ndarray, truth: np.ndarray) -> None:
        self.tp += int(np.count_nonzero(predicted & truth))
        self.fp += int(np.count_nonzero(predicted & ~truth))
        self.fn += int(np.count_nonzero(~predicted & truth))

    def scores(self) -> dict:
        precision = self.tp / max(1, self.tp + self.fp)
        recall = self.tp / max(1, self.tp + self.fn)
        f1 = 2 * precision * recall / max(1e-12, precision + recall)
        iou = self.tp / max(1, self.tp + self.fp + self.fn)
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "iou": round(iou, 4), "true_pixels": self.tp + self.fn}


def psnr(pred: np.ndarray, target: np.ndarray, region: np.ndarray | None = None) -> float:
    """PSNR in dB for [0,1] images over the region's pixels (all channels)."""
    err = (pred.astype(np.float64) - target.astype(np.float64)) ** 2
    mse = err[region].mean() if region is not None else err.mean()
    return float(10 * np.log10(1.0 / max(mse, 1e-12)))


def l1(pred: np.ndarray, target: np.ndarray, region: np.ndarray) -> float:
    return float(np.abs(pred.astype(np.float64) - target)[region].mean())


def bias(pred: np.ndarray, target: np.ndarray, region: np.ndarray) -> float:
    """Mean signed error over the region (positive: brighter than the truth); a fill can look wrong with a small L1
    when all its error has one sign, as a light line where a scratch was."""
    return float((pred.astype(np.float64) - target)[region].mean())


def ssim_map(pred: np.ndarray, target: np.ndarray) -> np.ndarray:
    """SSIM (Wang et al. 2004: Gaussian window 11, sigma 1.5, K1 0.01, K2 0.03, range 1) averaged over channels."""
    c1, c2 = 0.01**2, 0.03**2
    x, y = pred.astype(np.float64), target.astype(np.float64)

    def blur(a):
        return cv2.GaussianBlur(a, (11, 11), 1.5, borderType=cv2.BORDER_REFLECT)

    mx, my = blur(x), blur(y)
    vx, vy, cxy = blur(x * x) - mx * mx, blur(y * y) - my * my, blur(x * y) - mx * my
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return s.mean(axis=2) if s.ndim == 3 else s


# Hole-size buckets by the largest inscribed radius of each connected hole (distance transform maximum):
# thin = scratches and specks up to ~6 px wide; medium = cracks, flakes, small losses; large = tears and corners.
BUCKETS = (("thin", 0.0, 3.0), ("medium", 3.0, 12.0), ("large", 12.0, float("inf")))


def component_peaks(hole: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each 8-connected component of a hole mask labelled (0 = background), and its largest inscribed distance."""
    hole8 = hole.astype(np.uint8)
    count, labels = cv2.connectedComponents(hole8, connectivity=8)
    distance = cv2.distanceTransform(hole8, cv2.DIST_L2, 5)
    peak = np.zeros(count, np.float32)
    np.maximum.at(peak, labels.ravel(), distance.ravel())
    return labels, peak


def component_masks(labels: np.ndarray, chosen: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """For each name, the mask of the components whose label `chosen[name]` selects; empty masks are left out."""
    out = {}
    for name, selection in chosen.items():
        selection = selection.copy()
        selection[0] = False  # background label
        region = selection[labels]
        if region.any():
            out[name] = region
    return out


def hole_buckets(hole: np.ndarray) -> dict[str, np.ndarray]:
    """Split a hole mask into bucket masks by each connected component's inscribed radius."""
    labels, radius = component_peaks(hole)
    return component_masks(labels, {name: (radius > low) & (radius <= high) for name, low, high in BUCKETS})
