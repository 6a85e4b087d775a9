"""Colour ageing of whole photographs for training and evaluating colour restoration (issue 5).

Kinds, each parameterized: dye fading with per-dye rates in density space (cyan fades fastest in chromogenic prints,
so faded prints drift red/magenta), yellowing of the paper base (extra blue-absorbing density, strongest in
highlights), contrast and black-point loss, a colour cast (per-channel gains), and sepia toning. Sepia is a separate
class: its target is the toned print itself (only contrast loss on top is undone), so the model learns to leave toned
monochrome prints toned rather than invent colour.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .ageing import sepia

Range = tuple[float, float]
MIN_TRANSMITTANCE = 1e-3


@dataclass
class ColorAgeingParams:
    kind_prob: dict[str, float] = field(default_factory=lambda: {
        "dye_fade": 0.6, "yellowing": 0.4, "contrast_loss": 0.5, "color_cast": 0.3})
    sepia_prob: float = 0.12
    cyan_fade: Range = (0.15, 0.6)  # fraction of dye density lost
    magenta_fade: Range = (0.0, 0.3)
    yellow_fade: Range = (0.05, 0.4)
    paper_yellow_density: Range = (0.03, 0.2)
    black_lift: Range = (0.03, 0.2)
    white_drop: Range = (0.0, 0.12)
    gamma: Range = (0.8, 1.25)
    cast_gain: Range = (0.85, 1.15)


COLOR_KINDS = ("dye_fade", "yellowing", "contrast_loss", "color_cast")
SEPIA = "sepia"


def dye_fade(image: np.ndarray, rng: np.random.Generator, p: ColorAgeingParams) -> np.ndarray:
    """Per-dye density loss: cyan dye controls red transmittance, magenta green, yellow blue."""
    density = -np.log10(np.clip(image, MIN_TRANSMITTANCE, 1.0))
    keep = 1.0 - np.array([rng.uniform(*p.cyan_fade), rng.uniform(*p.magenta_fade), rng.uniform(*p.yellow_fade)])
    return 10.0 ** (-density * keep.astype(np.float32))


def yellowing(image: np.ndarray, rng: np.random.Generator, p: ColorAgeingParams) -> np.ndarray:
    """Paper base yellowing: added density, mostly blue-absorbing, applied to all pixels."""
    d = rng.uniform(*p.paper_yellow_density)
    return image * 10.0 ** (-np.array([0.1 * d, 0.35 * d, d], np.float32))


def contrast_loss(image: np.ndarray, rng: np.random.Generator, p: ColorAgeingParams) -> np.ndarray:
    black, white = rng.uniform(*p.black_lift), 1.0 - rng.uniform(*p.white_drop)
    return black + (white - black) * np.clip(image, 0.0, 1.0) ** rng.uniform(*p.gamma)


def color_cast(image: np.ndarray, rng: np.random.Generator, p: ColorAgeingParams) -> np.ndarray:
    gains = rng.uniform(*p.cast_gain, size=3)
    return image * (gains / gains.mean()).astype(np.float32)


AGEING = {"dye_fade": dye_fade, "yellowing": yellowing, "contrast_loss": contrast_loss, "color_cast": color_cast}


@dataclass
class ColorSample:
    aged: np.ndarray
    target: np.ndarray
    kinds: tuple[str, ...]


class ColorAgeing:
    """Ages a clean photo with the caller's generator; `kinds` forces kinds (evaluation per kind)."""

    def __init__(self, params: ColorAgeingParams | None = None):
        self.params = params or ColorAgeingParams()

    def __call__(self, image: np.ndarray, rng: np.random.Generator, kinds: tuple[str, ...] | None = None) -> ColorSample:
        p = self.params
        if kinds is None:
            if rng.random() < p.sepia_prob:
                kinds = (SEPIA,) + (("contrast_loss",) if rng.random() < 0.5 else ())
            else:
                kinds = tuple(k for k in COLOR_KINDS if rng.random() < p.kind_prob[k]) or (COLOR_KINDS[0],)
        target = sepia(image) if SEPIA in kinds else image
        aged = target
        for kind in COLOR_KINDS:
            if kind in kinds:
                aged = AGEING[kind](aged, rng, p)
        return ColorSample(np.clip(aged, 0.0, 1.0).astype(np.float32), target.astype(np.float32), tuple(kinds))
