"""Classical baselines the models must beat: a morphological damage detector and OpenCV inpainting."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .metrics import Counts
from .patches import LUMA_WEIGHTS


@dataclass(frozen=True)
class MorphologyDetector:
    """White top-hat + black-hat on luminance (small bright or dark structures), thresholded."""

    kernel: int
    threshold: float

    def response(self, image: np.ndarray) -> np.ndarray:
        gray = (image @ LUMA_WEIGHTS).astype(np.float32)
        element = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (self.kernel, self.kernel))
        return np.maximum(cv2.morphologyEx(gray, cv2.MORPH_TOPHAT, element),
                          cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, element))

    def __call__(self, image: np.ndarray) -> np.ndarray:
        return self.response(image) > self.threshold


KERNELS = (5, 9, 15, 25)
THRESHOLDS = tuple(np.round(np.arange(0.02, 0.4, 0.02), 3))


def tune_morphology(samples: list[tuple[np.ndarray, np.ndarray]]) -> tuple[MorphologyDetector, float]:
    """Grid search of kernel and threshold for the best pixel F1 on (image, mask) training samples."""
    best, best_f1 = None, -1.0
    for kernel in KERNELS:
        responses = [MorphologyDetector(kernel, 0.0).response(img) for img, _ in samples]
        for threshold in THRESHOLDS:
            counts = Counts()
            for response, (_, mask) in zip(responses, samples):
                counts.add(response > threshold, mask)
            f1 = counts.scores()["f1"]
            if f1 > best_f1:
                best, best_f1 = MorphologyDetector(kernel, float(threshold)), f1
    return best, best_f1


def opencv_inpaint(image: np.ndarray, hole: np.ndarray, method: str, radius: int = 3) -> np.ndarray:
    """OpenCV Telea or Navier-Stokes inpainting (8-bit only, so the image is quantized first)."""
    flag = {"telea": cv2.INPAINT_TELEA, "ns": cv2.INPAINT_NS}[method]
    bgr = np.round(np.clip(image[..., ::-1], 0, 1) * 255).astype(np.uint8)
    out = cv2.inpaint(bgr, hole.astype(np.uint8) * 255, radius, flag)
    return out[..., ::-1].astype(np.float32) / 255.0


# Radius 3, the baseline's (opencv_inpaint), so that an untrained inpaint-unet@3 scores exactly as the Telea it is
# compared with; on held-out calibration photographs radius 5 was 0.5 dB lower in holes up to 3 px wide. The card
# states it (prefill_radius) and the Swift stage prefills with the card's radius, not its own `radius`.
TELEA_PREFILL_RADIUS = 3


def inpaint_input(image: np.ndarray, hole: np.ndarray, prefill: str | None) -> np.ndarray:
    """An inpainter's HxWx4 input as its card's `prefill` says: RGB with the holes set to 0 (no prefill, version 2)
    or filled by OpenCV Telea (radius 3, version 3), then the mask (1 = hole). Known pixels keep full precision;
    only the hole takes Telea's 8-bit fill."""
    if prefill == "telea":
        rgb = np.where(hole[..., None], opencv_inpaint(image, hole, "telea", TELEA_PREFILL_RADIUS), image)
    elif prefill is None:
        rgb = image * (1 - hole[..., None])
    else:
        raise ValueError(f"unknown prefill {prefill!r}")
    return np.concatenate([rgb, hole[..., None]], axis=2).astype(np.float32)


def gray_world(image: np.ndarray) -> np.ndarray:
    """Scale channels so their means are equal (the scene is assumed grey on average)."""
    means = image.reshape(-1, 3).mean(axis=0)
    return np.clip(image * (means.mean() / np.maximum(means, 1e-6)), 0.0, 1.0)


def white_patch(image: np.ndarray, percentile: float = 99.0) -> np.ndarray:
    """Scale channels so a bright percentile maps to white (the brightest surface is assumed white)."""
    highs = np.percentile(image.reshape(-1, 3), percentile, axis=0)
    return np.clip(image / np.maximum(highs, 1e-6), 0.0, 1.0)


def auto_levels(image: np.ndarray, low: float = 0.5, high: float = 99.5) -> np.ndarray:
    """Stretch each channel between two percentiles to the full range (fixes black point, contrast and casts)."""
    lo, hi = np.percentile(image.reshape(-1, 3), [low, high], axis=0)
    return np.clip((image - lo) / np.maximum(hi - lo, 1e-6), 0.0, 1.0)


COLOR_BASELINES = {"gray_world": gray_world, "white_patch": white_patch, "auto_levels": auto_levels}
