"""Procedural archival damage of other shapes and statistics than synth/ (evaluation only; see the package doc).

Kinds:
- craquelure: a network of polygonal cells (jittered Voronoi borders, warped) inside a blotchy region; fine dark or
  light lines where the emulsion cracked along cell borders, some borders left intact;
- crease: a fold line crossing the print, drawn as a paired highlight and shadow a few pixels apart, with the
  emulsion broken off in short stretches along the ridge;
- foxing: clusters of rust-brown spots with a dark core and a soft halo, darkening multiplicatively (paper foxing);
- flakes: emulsion flakes, irregular star-shaped polygons 3-30 px showing white paper, with a thin dark rim;
- tear: a tear running in from an edge along a jagged path, the gap showing white paper with a fibrous fringe.

Each kind returns (coverage, appearance) and the label is where coverage >= 0.25 *and* the pixel visibly changed
(max channel difference >= 0.04), so labels match what can be seen. Then the whole print gets its own "scan"
(slight blur, sensor noise and sometimes JPEG) replayed identically on the undamaged print, so `clean` is the aligned
inpainting target. Only numpy and OpenCV; nothing from synth/.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

KINDS = ("craquelure", "crease", "foxing", "flakes", "tear")
COVERAGE_MIN = 0.25
VISIBLE_MIN = 0.04


@dataclass
class Gen2Sample:
    damaged: np.ndarray  # HxWx3 float32
    clean: np.ndarray  # HxWx3 float32, the same print and scan without the damage
    mask: np.ndarray  # HxW bool
    kind_masks: dict


def _blob_region(rng, h, w, size):
    """A soft irregular region about `size` px across: low-res noise thresholded inside a random ellipse."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.15, 0.85) * w, rng.uniform(0.15, 0.85) * h
    ang = rng.uniform(0, np.pi)
    ca, sa = np.cos(ang), np.sin(ang)
    u = ((xx - cx) * ca + (yy - cy) * sa) / (size * rng.uniform(0.6, 1.0))
    v = (-(xx - cx) * sa + (yy - cy) * ca) / (size * rng.uniform(0.3, 0.7))
    coarse = rng.random((6, 6)).astype(np.float32)
    wobble = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    return (np.sqrt(u * u + v * v) + 0.5 * (wobble - 0.5)) < 1.0


def _warp(rng, h, w, amount, cell):
    """Smooth random displacement maps for cv2.remap (irregular, hand-made looking borders)."""
    gh, gw = max(2, h // cell + 2), max(2, w // cell + 2)
    dx = cv2.resize(rng.standard_normal((gh, gw)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    dy = cv2.resize(rng.standard_normal((gh, gw)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    return xx + amount * dx, yy + amount * dy


def craquelure(rng, h, w, image):
    cell = rng.uniform(10, 40)
    region = _blob_region(rng, h, w, rng.uniform(0.3, 0.8) * min(h, w))
    ny, nx = int(h / cell) + 2, int(w / cell) + 2
    gy, gx = np.mgrid[0:ny, 0:nx].astype(np.float32)
    seeds = np.stack([(gx + rng.uniform(0, 1, gx.shape)) * cell - cell, (gy + rng.uniform(0, 1, gy.shape)) * cell - cell],
                     -1)  # one jittered seed per grid cell, grid origin at (-cell, -cell)
    mx, my = _warp(rng, h, w, cell * 0.25, int(max(8, cell)))
    # nearest seed per pixel on the warped coordinates (lines wander instead of being straight Voronoi edges); the
    # nearest seed of a jittered grid lies in the 3x3 cells around the pixel's own cell
    ci = np.clip(np.floor((mx + cell) / cell).astype(np.int32), 0, nx - 1)
    cj = np.clip(np.floor((my + cell) / cell).astype(np.int32), 0, ny - 1)
    label = np.zeros((h, w), np.int32)
    best = np.full((h, w), np.inf, np.float32)
    for dj in (-1, 0, 1):
        for di in (-1, 0, 1):
            j, i = np.clip(cj + dj, 0, ny - 1), np.clip(ci + di, 0, nx - 1)
            d = (mx - seeds[j, i, 0]) ** 2 + (my - seeds[j, i, 1]) ** 2
            closer = d < best
            best[closer] = d[closer]
            label[closer] = (j * nx + i)[closer]
    seeds = seeds.reshape(-1, 2)
    border = np.zeros((h, w), bool)
    border[:, 1:] |= label[:, 1:] != label[:, :-1]
    border[1:, :] |= label[1:, :] != label[:-1, :]
    # leave a share of cell borders intact: keep cracks only where a per-cell coin says so
    keep_cell = rng.random(len(seeds)) < rng.uniform(0.5, 0.9)
    border &= keep_cell[label] & region
    lines = border.astype(np.float32)
    if rng.random() < 0.5:
        lines = cv2.dilate(lines, np.ones((2, 2), np.uint8))
    coverage = cv2.GaussianBlur(lines, (0, 0), 0.5) * rng.uniform(0.7, 1.0)
    coverage = np.clip(coverage * 1.6, 0, 1)
    local = cv2.GaussianBlur(image, (0, 0), 2.0)
    look = local * rng.uniform(0.15, 0.5) if rng.random() < 0.65 else 1 - (1 - local) * rng.uniform(0.1, 0.4)
    return coverage, look


def crease(rng, h, w, image):
    ang = rng.uniform(0, np.pi)
    n = np.array([np.cos(ang), np.sin(ang)])
    c = np.array([rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h])
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    bend = rng.uniform(-0.0015, 0.0015)
    t = (xx - c[0]) * -n[1] + (yy - c[1]) * n[0]
    dist = (xx - c[0]) * n[0] + (yy - c[1]) * n[1] + bend * t * t
    half = rng.uniform(1.0, 3.0)
    sign = 1 if rng.random() < 0.5 else -1
    highlight = np.exp(-((dist - sign * half) ** 2) / (2 * (0.6 * half) ** 2))
    shadow = np.exp(-((dist + sign * half) ** 2) / (2 * (0.6 * half) ** 2))
    strength = rng.uniform(0.25, 0.6)
    out = image + strength * highlight[..., None] * (1 - image) - strength * shadow[..., None] * image
    # broken emulsion along the ridge in short stretches
    along = cv2.resize(rng.random((1, 12)).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    stretch = (np.abs(dist) < half * rng.uniform(0.6, 1.2)) & (
        cv2.resize(rng.random((max(2, h // 24), max(2, w // 24))).astype(np.float32), (w, h)) > rng.uniform(0.45, 0.75))
    paper = np.array([0.92, 0.9, 0.84], np.float32)
    out = np.where(stretch[..., None], paper * (0.9 + 0.1 * along[..., None]), out)
    coverage = np.maximum(np.maximum(highlight, shadow) * (strength / 0.6), stretch.astype(np.float32))
    return np.clip(coverage, 0, 1).astype(np.float32), np.clip(out, 0, 1).astype(np.float32), True


def foxing(rng, h, w, image):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    darkening = np.zeros((h, w), np.float32)
    clusters = int(rng.integers(1, 4))
    for _ in range(clusters):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        spread = rng.uniform(10, 60)
        for _ in range(int(rng.integers(4, 25))):
            x, y = cx + rng.normal(0, spread), cy + rng.normal(0, spread)
            r = np.exp(rng.uniform(np.log(1.0), np.log(8.0)))
            d = np.sqrt((xx - x) ** 2 + (yy - y) ** 2)
            core = np.clip(1.2 - d / r, 0, 1)
            halo = np.exp(-(d / (2.2 * r)) ** 2) * 0.45
            darkening = np.maximum(darkening, np.maximum(core, halo) * rng.uniform(0.5, 0.9))
    rust = np.array([0.78, 0.52, 0.3], np.float32) * rng.uniform(0.7, 1.0)
    look = image * rust
    return darkening, look


def _star_polygon(rng, cx, cy, r):
    k = int(rng.integers(6, 14))
    angles = np.sort(rng.uniform(0, 2 * np.pi, k))
    radii = r * rng.uniform(0.35, 1.0, k)
    return np.stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)], -1)


def flakes(rng, h, w, image):
    canvas = np.zeros((h * 4, w * 4), np.uint8)
    cx0, cy0 = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
    spread = rng.uniform(8, 0.3 * min(h, w))
    for _ in range(int(rng.integers(3, 20))):
        r = np.exp(rng.uniform(np.log(1.5), np.log(15.0)))
        poly = _star_polygon(rng, cx0 + rng.normal(0, spread), cy0 + rng.normal(0, spread), r)
        cv2.fillPoly(canvas, [np.round(poly * 4).astype(np.int32)], 255)
    coverage = cv2.resize(canvas.astype(np.float32) / 255, (w, h), interpolation=cv2.INTER_AREA)
    rim = np.clip(cv2.dilate(coverage, np.ones((3, 3), np.uint8)) - coverage, 0, 1)
    paper = np.clip(np.array([0.95, 0.93, 0.87], np.float32) * rng.uniform(0.85, 1.0), 0, 1)
    look = np.where(rim[..., None] > 0, image * 0.45, paper)
    return np.clip(coverage + 0.6 * rim, 0, 1), look.astype(np.float32)


def tear(rng, h, w, image):
    side = int(rng.integers(4))
    length = rng.uniform(0.25, 0.7) * (h if side in (0, 2) else w)
    steps = 60
    start_along = rng.uniform(0.2, 0.8)
    pts = []
    heading = rng.normal(0, 0.35)
    pos = np.array([0.0, 0.0])
    for i in range(steps):
        heading += rng.normal(0, 0.12)
        pos = pos + length / steps * np.array([np.cos(heading), np.sin(heading)])
        pts.append(pos.copy())
    pts = np.array(pts)  # along +x from the edge
    # map: x inward from the edge, y along the edge
    if side == 0:
        xy = np.stack([start_along * w + pts[:, 1], pts[:, 0]], -1)
    elif side == 1:
        xy = np.stack([w - pts[:, 0], start_along * h + pts[:, 1]], -1)
    elif side == 2:
        xy = np.stack([start_along * w + pts[:, 1], h - pts[:, 0]], -1)
    else:
        xy = np.stack([pts[:, 0], start_along * h + pts[:, 1]], -1)
    gap = np.linspace(rng.uniform(3, 14), 0.5, steps)
    canvas = np.zeros((h * 4, w * 4), np.uint8)
    for (x, y), g in zip(xy, gap):
        cv2.circle(canvas, (int(x * 4), int(y * 4)), max(1, int(g * 2)), 255, -1, cv2.LINE_AA)
    # fibres: short random strokes out of the gap's borders
    for (x, y), g in zip(xy[::2], gap[::2]):
        for _ in range(2):
            a = rng.uniform(0, 2 * np.pi)
            ln = rng.uniform(1, 4) + g / 2
            cv2.line(canvas, (int(x * 4), int(y * 4)), (int((x + ln * np.cos(a)) * 4), int((y + ln * np.sin(a)) * 4)),
                     255, 2, cv2.LINE_AA)
    coverage = cv2.resize(canvas.astype(np.float32) / 255, (w, h), interpolation=cv2.INTER_AREA)
    paper = np.array([0.96, 0.95, 0.9], np.float32) * rng.uniform(0.9, 1.0)
    look = np.broadcast_to(paper, (h, w, 3)).astype(np.float32)
    return coverage, look


GENERATORS = {"craquelure": craquelure, "crease": crease, "foxing": foxing, "flakes": flakes, "tear": tear}


def _scan(rng, h, w):
    sigma = rng.uniform(0.3, 0.9) if rng.random() < 0.6 else None
    noise = rng.normal(0, rng.uniform(0.002, 0.012), (h, w, 3)).astype(np.float32) if rng.random() < 0.6 else None
    quality = int(rng.integers(50, 96)) if rng.random() < 0.4 else None

    def apply(img):
        out = img
        if sigma:
            out = cv2.GaussianBlur(out, (0, 0), sigma)
        if noise is not None:
            out = out + noise
        out = np.clip(out, 0, 1).astype(np.float32)
        if quality:
            ok, data = cv2.imencode(".jpg", np.round(out[..., ::-1] * 255).astype(np.uint8),
                                    [cv2.IMWRITE_JPEG_QUALITY, quality])
            out = cv2.imdecode(data, cv2.IMREAD_COLOR)[..., ::-1].astype(np.float32) / 255
        return np.ascontiguousarray(out)
    return apply


def generate(image: np.ndarray, rng: np.random.Generator, kinds: tuple[str, ...] | None = None) -> Gen2Sample:
    """Damage `image` (HxWx3 float32 in [0,1]) with the given kinds (default: 1-3 random kinds)."""
    h, w = image.shape[:2]
    if kinds is None:
        kinds = tuple(rng.choice(KINDS, size=int(rng.integers(1, 4)), replace=False))
    out = image.astype(np.float32)
    masks = {}
    for kind in KINDS:  # fixed order: foxing under flakes, tears on top
        if kind not in kinds:
            continue
        result = GENERATORS[kind](rng, h, w, out)
        before = out
        if len(result) == 3:  # crease paints the whole result itself
            coverage, out, _ = result
        else:
            coverage, look = result
            out = (before * (1 - coverage[..., None]) + look * coverage[..., None]).astype(np.float32)
        masks[kind] = (coverage >= COVERAGE_MIN) & (np.abs(out - before).max(axis=2) >= VISIBLE_MIN)
    mask = np.zeros((h, w), bool)
    for m in masks.values():
        mask |= m
    scan = _scan(rng, h, w)
    return Gen2Sample(scan(out), scan(image.astype(np.float32)), mask, masks)
