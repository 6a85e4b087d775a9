"""Geometric primitives for damage synthesis: smooth noise, jagged edges, random walks and anti-aliased drawing.

Drawing happens on a supersampled canvas and is area-averaged down, so strokes can be a fraction of a pixel wide and
their coverage (alpha) is exact. The damage mask is later thresholded from the very same alpha, which is what keeps
masks aligned with what was painted.
"""
from __future__ import annotations

import cv2
import numpy as np

SUPERSAMPLE = 4


def log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    """Favors small values: thin scratches and tiny specks are far more common than wide ones."""
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def smooth_noise(rng: np.random.Generator, h: int, w: int, cell: float) -> np.ndarray:
    """Band-limited noise in [0,1] with features about `cell` pixels across (bicubic upsampled random grid)."""
    gh, gw = max(2, int(np.ceil(h / cell)) + 2), max(2, int(np.ceil(w / cell)) + 2)
    grid = rng.standard_normal((gh, gw)).astype(np.float32)
    big = cv2.resize(grid, (int((gw - 1) * cell), int((gh - 1) * cell)), interpolation=cv2.INTER_CUBIC)
    oy = int(rng.integers(0, max(1, big.shape[0] - h + 1)))
    ox = int(rng.integers(0, max(1, big.shape[1] - w + 1)))
    field = big[oy : oy + h, ox : ox + w]
    if field.shape != (h, w):
        field = cv2.resize(field, (w, h), interpolation=cv2.INTER_LINEAR)
    lo, hi = float(field.min()), float(field.max())
    return (field - lo) / max(hi - lo, 1e-6)


def jagged_line(rng: np.random.Generator, p0, p1, roughness: float, levels: int = 6) -> np.ndarray:
    """Midpoint displacement between two points: a torn-paper or cracked edge. Returns (N, 2) float points."""
    points = np.array([p0, p1], dtype=np.float64)
    for level in range(levels):
        new = [points[0]]
        for a, b in zip(points[:-1], points[1:]):
            d = b - a
            normal = np.array([-d[1], d[0]]) / (np.hypot(*d) + 1e-9)
            offset = rng.normal(0.0, roughness * np.hypot(*d))
            new += [(a + b) / 2 + normal * offset, b]
        points = np.array(new)
    return points


def bezier(p0, p1, p2, n: int = 64) -> np.ndarray:
    """Quadratic Bezier curve points: a gently curved scratch."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    p0, p1, p2 = (np.asarray(p, dtype=np.float64) for p in (p0, p1, p2))
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t**2 * p2


def random_walk(rng: np.random.Generator, start, angle: float, step: float, n: int, turn_sigma: float) -> np.ndarray:
    """A path that keeps roughly to `angle`, wandering by `turn_sigma` radians per step (cracks, hairs)."""
    points = [np.asarray(start, dtype=np.float64)]
    heading = angle
    for _ in range(n):
        heading += rng.normal(0.0, turn_sigma)
        heading = angle + np.clip(heading - angle, -0.6, 0.6)
        points.append(points[-1] + step * np.array([np.cos(heading), np.sin(heading)]))
    return np.array(points)


def _to_canvas(points: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(points) * SUPERSAMPLE * 16).astype(np.int32)  # 4 fractional bits for cv2 shift


def _downsample(canvas: np.ndarray, h: int, w: int) -> np.ndarray:
    return cv2.resize(canvas, (w, h), interpolation=cv2.INTER_AREA)


def stroke_alpha(h: int, w: int, paths: list[np.ndarray], widths: list[float]) -> np.ndarray:
    """Coverage in [0,1] of polylines (x, y points) drawn with sub-pixel widths, anti-aliased by supersampling."""
    canvas = np.zeros((h * SUPERSAMPLE, w * SUPERSAMPLE), np.float32)
    for path, width in zip(paths, widths):
        thickness = max(1, int(round(width * SUPERSAMPLE)))
        cv2.polylines(canvas, [_to_canvas(path)], False, 1.0, thickness, cv2.LINE_8, shift=4)
    return _downsample(canvas, h, w)


def polygon_alpha(h: int, w: int, polygons: list[np.ndarray]) -> np.ndarray:
    """Coverage in [0,1] of filled polygons (x, y points), anti-aliased by supersampling."""
    canvas = np.zeros((h * SUPERSAMPLE, w * SUPERSAMPLE), np.float32)
    cv2.fillPoly(canvas, [_to_canvas(p) for p in polygons], 1.0, cv2.LINE_8, shift=4)
    return _downsample(canvas, h, w)


def ellipse_alpha(h: int, w: int, centers, axes, angles) -> np.ndarray:
    """Coverage of filled ellipses (specks); axes may be below one pixel."""
    canvas = np.zeros((h * SUPERSAMPLE, w * SUPERSAMPLE), np.float32)
    for (cx, cy), (ax, ay), angle in zip(centers, axes, angles):
        center = (int(round(cx * SUPERSAMPLE * 16)), int(round(cy * SUPERSAMPLE * 16)))
        size = (max(1, int(round(ax * SUPERSAMPLE * 16))), max(1, int(round(ay * SUPERSAMPLE * 16))))
        cv2.ellipse(canvas, center, size, float(angle), 0, 360, 1.0, -1, cv2.LINE_8, shift=4)
    return _downsample(canvas, h, w)


def gaussian_blur(field: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur that is a no-op for tiny sigma (keeps 1-px scratches sharp when asked)."""
    if sigma < 0.05:
        return field
    return cv2.GaussianBlur(field, (0, 0), sigmaX=sigma, sigmaY=sigma, borderType=cv2.BORDER_REFLECT)
