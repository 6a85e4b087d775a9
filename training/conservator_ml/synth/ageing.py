"""Global ageing of a whole photograph, so the detector does not learn to rely on a clean background.

Split in two because they happen at different times in a print's life: `age_print` (fading, yellowing, toning, film
grain) happened to the photograph before its surface was damaged; `scan_artifacts` (blur, JPEG) happen when the damaged
print is digitized and so apply to damage and photo alike. Both take all randomness from `AgeingDraw`, so the same draw
can be replayed on the undamaged image to get an exactly aligned clean target.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..patches import to_monochrome
from .shapes import gaussian_blur, smooth_noise

Range = tuple[float, float]


@dataclass
class AgeingParams:
    """Probability and strength of each global effect."""

    fade_prob: float = 0.5
    fade: Range = (0.05, 0.4)  # contrast lost toward the paper tone
    black_lift: Range = (0.0, 0.15)
    yellow_prob: float = 0.4
    yellow: Range = (0.03, 0.25)
    sepia_prob: float = 0.1
    grain_prob: float = 0.6
    grain_sigma: Range = (0.005, 0.04)
    grain_size_px: Range = (0.5, 1.5)
    blur_prob: float = 0.4
    blur_sigma: Range = (0.3, 1.2)
    jpeg_prob: float = 0.4
    jpeg_quality: tuple[int, int] = (40, 95)


@dataclass
class AgeingDraw:
    """One random draw of the ageing effects (None = effect not applied)."""

    fade: float | None
    black_lift: float
    yellow: float | None
    sepia: bool
    grain: np.ndarray | None
    blur_sigma: float | None
    jpeg_quality: int | None


def draw_ageing(rng: np.random.Generator, h: int, w: int, p: AgeingParams) -> AgeingDraw:
    def maybe(prob, value_fn):
        return value_fn() if rng.random() < prob else None

    grain = None
    if rng.random() < p.grain_prob:
        grain = rng.standard_normal((h, w)).astype(np.float32)
        grain = gaussian_blur(grain, rng.uniform(*p.grain_size_px))
        grain *= rng.uniform(*p.grain_sigma) / max(float(grain.std()), 1e-6)
        grain *= 0.7 + 0.6 * smooth_noise(rng, h, w, 32.0)  # uneven grain, as on real prints
    return AgeingDraw(
        fade=maybe(p.fade_prob, lambda: rng.uniform(*p.fade)),
        black_lift=float(rng.uniform(*p.black_lift)),
        yellow=maybe(p.yellow_prob, lambda: rng.uniform(*p.yellow)),
        sepia=bool(rng.random() < p.sepia_prob),
        grain=grain,
        blur_sigma=maybe(p.blur_prob, lambda: rng.uniform(*p.blur_sigma)),
        jpeg_quality=maybe(p.jpeg_prob, lambda: int(rng.integers(p.jpeg_quality[0], p.jpeg_quality[1] + 1))),
    )


SEPIA_DARK = np.array([0.16, 0.09, 0.04], np.float32)
SEPIA_LIGHT = np.array([1.0, 0.93, 0.8], np.float32)


def sepia(image: np.ndarray) -> np.ndarray:
    """Sepia toning: luminance mapped between a brown shadow and a cream highlight."""
    luma = to_monochrome(image)[..., :1]
    return SEPIA_DARK + (SEPIA_LIGHT - SEPIA_DARK) * luma


def age_print(image: np.ndarray, d: AgeingDraw) -> np.ndarray:
    out = sepia(image) if d.sepia else image
    if d.fade is not None:
        paper = np.array([0.93, 0.91, 0.86], np.float32)
        out = out * (1.0 - d.fade) + paper * d.fade
        out = d.black_lift + out * (1.0 - d.black_lift)
    if d.yellow is not None:
        out = out * np.array([1.0, 1.0 - 0.4 * d.yellow, 1.0 - d.yellow], np.float32)
    if d.grain is not None:
        out = out + d.grain[..., None]
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def jpeg_roundtrip(image: np.ndarray, quality: int) -> np.ndarray:
    data = cv2.imencode(".jpg", np.round(image[..., ::-1] * 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])[1]
    return cv2.imdecode(data, cv2.IMREAD_COLOR)[..., ::-1].astype(np.float32) / 255.0


def scan_artifacts(image: np.ndarray, d: AgeingDraw) -> np.ndarray:
    out = image
    if d.blur_sigma is not None:
        out = gaussian_blur(out, d.blur_sigma)
    if d.jpeg_quality is not None:
        out = jpeg_roundtrip(np.clip(out, 0.0, 1.0), d.jpeg_quality)
    return np.ascontiguousarray(np.clip(out, 0.0, 1.0), dtype=np.float32)
