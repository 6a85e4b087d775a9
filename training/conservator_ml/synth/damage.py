"""Local old-photo damage, one generator per kind, each parameterized by a dataclass.

A generator returns a `Layer`: a coverage `alpha` (HxW in [0,1]) and what the damage looks like where it covers
(`color`, composited "over", or a `tint`, multiplied as a stain is). The ground-truth mask of the kind is
`visibility >= mask_threshold`, computed from the same alpha that is painted, so masks are exactly aligned with the damage and
faint parts that barely change a pixel are not labelled damage.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from .shapes import (bezier, ellipse_alpha, gaussian_blur, jagged_line, log_uniform, polygon_alpha, random_walk,
                     smooth_noise, stroke_alpha)

Range = tuple[float, float]


@dataclass
class Layer:
    """Damage of one kind on one image."""

    alpha: np.ndarray  # HxW float32 coverage
    color: np.ndarray  # HxWx3 float32 paint for "over" layers, or the multiplicative tint for "multiply" layers
    mode: str  # "over" or "multiply"
    mask_threshold: float

    @property
    def visibility(self) -> np.ndarray:
        """How far each pixel moves toward the damage's look (a pale stain moves it less than its alpha)."""
        if self.mode == "multiply":
            return self.alpha * float(1.0 - self.color.min())
        return self.alpha

    @property
    def mask(self) -> np.ndarray:
        return self.visibility >= self.mask_threshold

    def apply(self, image: np.ndarray) -> np.ndarray:
        a = self.alpha[..., None]
        if self.mode == "multiply":
            return image * (1.0 - a + a * self.color)
        return image * (1.0 - a) + self.color * a


def _per_area(count: tuple[int, int], h: int, w: int, rng: np.random.Generator, ref_area: float = 128 * 128) -> int:
    """Counts are given per 128x128 patch and scaled with area, so density is the same at any image size."""
    return int(rng.integers(count[0], count[1] + 1) * max(0.25, h * w / ref_area) ** 0.5)


def _tone(rng: np.random.Generator, bright_prob: float, bright: Range, dark: Range) -> float:
    return float(rng.uniform(*bright) if rng.random() < bright_prob else rng.uniform(*dark))


def _paper_color(rng: np.random.Generator, h: int, w: int, value: Range, texture: float) -> np.ndarray:
    """Warm off-white paper (or a dark mount) with a faint fibre texture."""
    base = rng.uniform(*value)
    warm = rng.uniform(0.0, 0.06)
    rgb = np.array([base, base - warm * 0.4, base - warm], dtype=np.float32)
    grain = (smooth_noise(rng, h, w, 3.0) - 0.5) * texture
    return np.clip(rgb[None, None, :] + grain[..., None], 0.0, 1.0)


def _flat(h: int, w: int, value: float) -> np.ndarray:
    return np.full((h, w, 3), value, dtype=np.float32)


@dataclass
class ScratchParams:
    """Thin scratches, 1-6 px, bright (emulsion scraped off) or dark (dirt in the groove), straight or curved."""

    count: tuple[int, int] = (1, 4)
    width_px: Range = (0.8, 6.0)
    bright_prob: float = 0.6
    curved_prob: float = 0.5
    vertical_prob: float = 0.5  # film scratches run along the film
    opacity: Range = (0.35, 1.0)
    opacity_variation: float = 0.6  # how much opacity fades along the scratch
    blur_sigma: Range = (0.0, 1.0)
    mask_threshold: float = 0.2


def scratches(rng: np.random.Generator, h: int, w: int, p: ScratchParams) -> Layer:
    paths, widths = [], []
    for _ in range(_per_area(p.count, h, w, rng)):
        angle = rng.normal(np.pi / 2, 0.08) if rng.random() < p.vertical_prob else rng.uniform(0, np.pi)
        length = rng.uniform(0.3, 1.5) * max(h, w)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        d = np.array([np.cos(angle), np.sin(angle)]) * length / 2
        a, b = np.array([cx, cy]) - d, np.array([cx, cy]) + d
        if rng.random() < p.curved_prob:
            bend = np.array([-d[1], d[0]]) * rng.uniform(-0.4, 0.4)
            paths.append(bezier(a, (a + b) / 2 + bend, b))
        else:
            paths.append(np.array([a, b]))
        widths.append(log_uniform(rng, *p.width_px))
    alpha = np.zeros((h, w), np.float32)
    color = np.zeros((h, w, 3), np.float32)
    for path, width in zip(paths, widths):
        stroke = stroke_alpha(h, w, [path], [width])
        along = 1.0 - p.opacity_variation * smooth_noise(rng, h, w, rng.uniform(16, 64))
        stroke = gaussian_blur(stroke * along * rng.uniform(*p.opacity), rng.uniform(*p.blur_sigma))
        tone = _tone(rng, p.bright_prob, (0.8, 1.0), (0.0, 0.2))
        color = np.where((stroke > alpha)[..., None], tone, color)
        alpha = np.maximum(alpha, stroke)
    return Layer(alpha, color, "over", p.mask_threshold)


@dataclass
class DustParams:
    """Dust, specks and short hairs; mostly sub-pixel to 4 px, bright on prints from dusty negatives or dark."""

    count: tuple[int, int] = (5, 40)
    radius_px: Range = (0.5, 4.0)
    hair_prob: float = 0.15
    bright_prob: float = 0.5
    opacity: Range = (0.6, 1.0)
    blur_sigma: Range = (0.0, 0.7)
    mask_threshold: float = 0.25


def dust(rng: np.random.Generator, h: int, w: int, p: DustParams) -> Layer:
    n = _per_area(p.count, h, w, rng)
    centers = np.column_stack([rng.uniform(0, w, n), rng.uniform(0, h, n)])
    radii = np.array([log_uniform(rng, *p.radius_px) for _ in range(n)])
    axes = np.column_stack([radii, radii * rng.uniform(0.5, 1.0, n)])
    alpha = ellipse_alpha(h, w, centers, axes, rng.uniform(0, 180, n))
    hairs = [random_walk(rng, (rng.uniform(0, w), rng.uniform(0, h)), rng.uniform(0, 2 * np.pi), 1.5,
                         int(rng.integers(6, 30)), 0.3) for _ in range(int(rng.binomial(max(1, n // 8), p.hair_prob)))]
    if hairs:
        alpha = np.maximum(alpha, stroke_alpha(h, w, hairs, [rng.uniform(0.6, 1.5) for _ in hairs]))
    alpha = gaussian_blur(alpha * rng.uniform(*p.opacity), rng.uniform(*p.blur_sigma))
    return Layer(alpha, _flat(h, w, _tone(rng, p.bright_prob, (0.8, 1.0), (0.0, 0.2))), "over", p.mask_threshold)


@dataclass
class CrackParams:
    """Crease cracks: a branching crack network following a fold line, with a faint crease shading (not damage)."""

    width_px: Range = (0.8, 3.0)
    branch_prob: float = 0.08
    branch_length: Range = (5.0, 40.0)
    bright_prob: float = 0.7  # paper base showing through the cracked emulsion
    opacity: Range = (0.6, 1.0)
    crease_shading: float = 0.1  # stays below the mask threshold on purpose: a distractor, not a label
    mask_threshold: float = 0.25


def cracks(rng: np.random.Generator, h: int, w: int, p: CrackParams) -> Layer:
    angle = rng.uniform(0, np.pi)
    direction = np.array([np.cos(angle), np.sin(angle)])
    center = np.array([rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h])
    span = np.hypot(h, w)
    start = center - direction * span / 2
    main = random_walk(rng, start, angle, 2.0, int(span / 2.0), 0.15)
    paths, widths = [main], [log_uniform(rng, *p.width_px)]
    for point in main:  # branches, and a second generation off the longer ones
        if rng.random() < p.branch_prob:
            side = angle + rng.choice([-1, 1]) * rng.uniform(0.35, 1.1)
            branch = random_walk(rng, point, side, 1.5, int(rng.uniform(*p.branch_length) / 1.5), 0.25)
            paths.append(branch)
            widths.append(widths[0] * rng.uniform(0.4, 0.9))
            if len(branch) > 12 and rng.random() < 0.4:
                twig_start = branch[int(rng.integers(len(branch)))]
                paths.append(random_walk(rng, twig_start, side + rng.uniform(-1, 1), 1.5, int(rng.integers(4, 14)), 0.3))
                widths.append(widths[-1] * 0.6)
    alpha = stroke_alpha(h, w, paths, widths) * rng.uniform(*p.opacity)
    fold = stroke_alpha(h, w, [np.array([start, start + direction * span])], [rng.uniform(3, 10)])
    alpha = np.maximum(alpha, gaussian_blur(fold, 2.0) * p.crease_shading)
    return Layer(alpha, _flat(h, w, _tone(rng, p.bright_prob, (0.75, 1.0), (0.02, 0.2))), "over", p.mask_threshold)


@dataclass
class TearParams:
    """Tears and missing corners: large irregular regions showing paper-white backing or a dark mount."""

    corner_prob: float = 0.5
    size_fraction: Range = (0.1, 0.4)  # of the short side
    roughness: float = 0.12
    white_prob: float = 0.6
    fibre_edge_prob: float = 0.5  # torn paper shows a thin white fibrous rim
    mask_threshold: float = 0.5


def _corner_polygon(rng: np.random.Generator, h: int, w: int, size: float, roughness: float) -> np.ndarray:
    corner = [(0, 0), (w, 0), (w, h), (0, h)][int(rng.integers(4))]
    sx = 1 if corner[0] == 0 else -1
    sy = 1 if corner[1] == 0 else -1
    a = (corner[0] + sx * size * rng.uniform(0.6, 1.6), corner[1])
    b = (corner[0], corner[1] + sy * size * rng.uniform(0.6, 1.6))
    edge = jagged_line(rng, a, b, roughness)
    outer = np.array([(corner[0] - sx * 2, corner[1] - sy * 2)])
    return np.vstack([edge, outer])


def _tear_polygon(rng: np.random.Generator, h: int, w: int, size: float, roughness: float) -> np.ndarray:
    """A wedge from a random edge point inward, with jagged sides."""
    side = int(rng.integers(4))
    t = rng.uniform(0.15, 0.85)
    base, inward = [((t * w, -2), (0, 1)), ((w + 2, t * h), (-1, 0)), ((t * w, h + 2), (0, -1)), ((-2, t * h), (1, 0))][side]
    base, inward = np.array(base, float), np.array(inward, float)
    across = np.array([-inward[1], inward[0]])
    half = across * size * rng.uniform(0.2, 0.5)
    tip = base + inward * size * rng.uniform(0.8, 2.0) + across * size * rng.uniform(-0.5, 0.5)
    left = jagged_line(rng, base - half, tip, roughness)
    right = jagged_line(rng, tip, base + half, roughness)
    return np.vstack([left, right[1:]])


def tears(rng: np.random.Generator, h: int, w: int, p: TearParams) -> Layer:
    size = rng.uniform(*p.size_fraction) * min(h, w)
    make = _corner_polygon if rng.random() < p.corner_prob else _tear_polygon
    alpha = polygon_alpha(h, w, [make(rng, h, w, size, p.roughness)])
    if rng.random() < p.white_prob:
        color = _paper_color(rng, h, w, (0.82, 0.97), 0.04)
    else:
        color = _paper_color(rng, h, w, (0.02, 0.15), 0.02)
    if rng.random() < p.fibre_edge_prob:
        region = (alpha > 0.5).astype(np.uint8)
        rim = cv2.dilate(region, np.ones((3, 3), np.uint8), iterations=int(rng.integers(1, 3))) - region
        rim = rim.astype(np.float32) * (0.5 + 0.5 * smooth_noise(rng, h, w, 2.0))
        color = np.where((rim > 0)[..., None], _flat(h, w, 0.95), color)
        alpha = np.maximum(alpha, rim)
    return Layer(alpha, color, "over", p.mask_threshold)


@dataclass
class StainParams:
    """Stains and water marks: low-frequency tinted blotches, water marks with a darker tide line at the rim."""

    size_fraction: Range = (0.15, 0.6)  # of the short side; larger stains are ambiguous at patch scale
    strength: Range = (0.5, 0.95)
    tide_line_prob: float = 0.5
    tint_brown: Range = (0.25, 0.65)  # blue multiplier; red darkens less, green in between
    mask_threshold: float = 0.1  # on visibility = alpha x (1 - darkest tint channel)


def stains(rng: np.random.Generator, h: int, w: int, p: StainParams) -> Layer:
    size = rng.uniform(*p.size_fraction) * min(h, w)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h  # centre inside, so the stain shows
    envelope = 1.0 - np.hypot((xx - cx) / size, (yy - cy) / (size * rng.uniform(0.5, 1.5)))
    shape = envelope + 0.6 * (smooth_noise(rng, h, w, size / 3) - 0.5)
    region = (shape > 0.3).astype(np.float32)
    alpha = gaussian_blur(region, rng.uniform(1.0, 4.0)) * rng.uniform(*p.strength)
    if rng.random() < p.tide_line_prob:
        binary = region.astype(np.uint8)
        rim = (binary - cv2.erode(binary, np.ones((3, 3), np.uint8), iterations=int(rng.integers(1, 4)))).astype(np.float32)
        alpha = np.maximum(alpha, gaussian_blur(rim, 0.8) * rng.uniform(0.5, 0.9))
    blue = rng.uniform(*p.tint_brown)
    red = rng.uniform(0.7, 0.95)  # water marks darken as well as tint
    tint = np.array([red, (red + blue) / 2, blue], np.float32)
    return Layer(alpha.astype(np.float32), np.broadcast_to(tint, (h, w, 3)).copy(), "multiply", p.mask_threshold)


@dataclass
class FlakingParams:
    """Emulsion flaking: clusters of small irregular chips where the emulsion came off, showing the paper base."""

    cluster_fraction: Range = (0.2, 0.6)
    flake_cell_px: Range = (3.0, 10.0)
    density: Range = (0.25, 0.55)  # fraction of the cluster area that flakes off
    white_prob: float = 0.8
    mask_threshold: float = 0.5


def flaking(rng: np.random.Generator, h: int, w: int, p: FlakingParams) -> Layer:
    size = rng.uniform(*p.cluster_fraction) * min(h, w)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
    envelope = 1.0 - np.hypot(xx - cx, yy - cy) / size + 0.4 * (smooth_noise(rng, h, w, size / 2) - 0.5)
    chips = smooth_noise(rng, h, w, rng.uniform(*p.flake_cell_px))
    flakes = ((envelope > 0.0) & (chips > 1.0 - rng.uniform(*p.density))).astype(np.float32)
    alpha = gaussian_blur(flakes, 0.4)
    value = (0.8, 0.97) if rng.random() < p.white_prob else (0.05, 0.2)
    return Layer(alpha, _paper_color(rng, h, w, value, 0.05), "over", p.mask_threshold)


@dataclass
class DamageParams:
    """Parameters of every kind; the synthesizer picks which kinds appear."""

    scratch: ScratchParams = field(default_factory=ScratchParams)
    dust: DustParams = field(default_factory=DustParams)
    crack: CrackParams = field(default_factory=CrackParams)
    tear: TearParams = field(default_factory=TearParams)
    stain: StainParams = field(default_factory=StainParams)
    flaking: FlakingParams = field(default_factory=FlakingParams)


# Paint order: under-layers first (stains soak into the print), then losses, then surface dirt on top.
GENERATORS = {
    "stain": stains,
    "flaking": flaking,
    "crack": cracks,
    "tear": tears,
    "scratch": scratches,
    "dust": dust,
}
KINDS = tuple(GENERATORS)
