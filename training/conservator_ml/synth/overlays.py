"""Real-looking dust, hair, lint, scratches, smut, spots and stains from the MIT film-damage overlays (issue 16).

The overlays (../shared/data/artefacts, from daniela997/FilmDamageSimulator's `synthetic/` folder, MIT) are 400x400
RGBA images whose alpha is an artefact's coverage, produced by a statistical model fitted to artefacts annotated on
real scans. They are pasted at random scale, rotation, opacity and polarity (dark on prints, light on scans of
negatives), in an absolute tone or a tone that follows the print, and the mask is derived from the pasted alpha and
the visible change.

Held-out split: within each folder, files are numbered in sorted order from 0; every file whose number is a multiple
of `HELD_OUT_EVERY` is reserved for evaluation and never returned for training (`OverlayBank(split="train")`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .damage import Layer

HELD_OUT_EVERY = 5  # file number % 5 == 0 -> evaluation only (a fifth of every folder)
FOLDERS = ("dirt", "dots", "hair", "hair-short", "lint", "scratches", "smut", "spots", "sprinkles", "stain")
# Damage kinds the overlays are reported under (per-kind scores); hair is 1500 files of 2850, so folders are drawn
# uniformly first, then a file within the folder.
OVERLAY_KIND = {"dirt": "dust", "dots": "dust", "sprinkles": "dust", "spots": "dust", "smut": "dust",
                "hair": "hair", "hair-short": "hair", "lint": "hair", "scratches": "scratch", "stain": "stain"}


def overlay_files(root: str | Path, split: str) -> dict[str, list[Path]]:
    """Folder -> overlay files of one split ('train' or 'heldout'), by the file-number rule above."""
    if split not in ("train", "heldout"):
        raise ValueError(split)
    out = {}
    for folder in FOLDERS:
        files = sorted((Path(root) / folder).glob("*.png"))
        keep = [f for i, f in enumerate(files) if (i % HELD_OUT_EVERY == 0) == (split == "heldout")]
        if keep:
            out[folder] = keep
    if not out:
        raise FileNotFoundError(f"no overlay PNGs under {root}")
    return out


def is_held_out_overlay(path: str | Path) -> bool:
    path = Path(path)
    files = sorted(path.parent.glob("*.png"))
    return files.index(path) % HELD_OUT_EVERY == 0


class OverlayBank:
    """Overlay alphas of one split, decoded on demand (a small LRU-free cache of alpha planes as uint8)."""

    def __init__(self, root: str | Path, split: str = "train", cache_limit: int = 400):
        self.root = str(root)
        self.split = split
        self.files = overlay_files(root, split)
        self.folders = sorted(self.files)
        self._cache: dict[str, np.ndarray] = {}
        self.cache_limit = cache_limit

    def alpha(self, path: Path) -> np.ndarray:
        key = str(path)
        if key not in self._cache:
            rgba = cv2.imread(key, cv2.IMREAD_UNCHANGED)
            plane = rgba[..., 3] if rgba.ndim == 3 and rgba.shape[2] == 4 else cv2.cvtColor(rgba, cv2.COLOR_BGR2GRAY)
            if len(self._cache) >= self.cache_limit:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = plane
        return self._cache[key]

    def draw(self, rng: np.random.Generator, folders: list[str] | None = None) -> tuple[str, np.ndarray]:
        choices = [f for f in (folders or self.folders) if f in self.files]
        folder = choices[int(rng.integers(len(choices)))]
        files = self.files[folder]
        return folder, self.alpha(files[int(rng.integers(len(files)))]).astype(np.float32) / 255.0


@dataclass
class OverlayParams:
    count: tuple[int, int] = (1, 3)  # overlays pasted per image
    scale: tuple[float, float] = (0.25, 1.5)  # output pixels per overlay pixel (log-uniform)
    opacity: tuple[float, float] = (0.45, 1.0)
    dark_prob: float = 0.6  # dark on a print; light on a scan of a negative
    relative_prob: float = 0.5  # tone follows the print (darkened/lightened print) instead of a flat tone
    alpha_threshold: float = 0.2  # mask: pasted alpha at least this ...
    visible_delta: float = 0.04  # ... and the pixel visibly changed by at least this (0-1 scale, max over channels)


def warp_overlay(alpha: np.ndarray, rng: np.random.Generator, h: int, w: int, scale_range) -> np.ndarray:
    """The overlay rotated, scaled (log-uniform) and placed at a random offset over an h x w canvas."""
    scale = float(np.exp(rng.uniform(np.log(scale_range[0]), np.log(scale_range[1]))))
    angle = float(rng.uniform(0, 360))
    oh, ow = alpha.shape
    # canvas point (w/2, h/2) maps from a random overlay point
    src = (float(rng.uniform(0.2, 0.8) * ow), float(rng.uniform(0.2, 0.8) * oh))
    m = cv2.getRotationMatrix2D(src, angle, scale)
    m[:, 2] += np.array([w / 2 - src[0], h / 2 - src[1]])
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    if rng.random() < 0.5:
        alpha = alpha[:, ::-1]
    return cv2.warpAffine(np.ascontiguousarray(alpha), m, (w, h), flags=interpolation,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)


def print_tone(image: np.ndarray, rng: np.random.Generator, dark: bool, relative: bool) -> np.ndarray:
    """What the damage looks like: a flat dark/light tone, or the print itself darkened/lightened."""
    h, w = image.shape[:2]
    if relative:
        local = cv2.GaussianBlur(image, (0, 0), 1.5)
        k = float(rng.uniform(0.2, 0.65))
        return (local * k if dark else 1.0 - (1.0 - local) * k).astype(np.float32)
    tone = float(rng.uniform(0.0, 0.22) if dark else rng.uniform(0.78, 1.0))
    warm = float(rng.uniform(0.0, 0.05))
    rgb = np.array([tone, tone - warm * 0.4, tone - warm], np.float32).clip(0, 1)
    return np.broadcast_to(rgb, (h, w, 3)).astype(np.float32)


def visible_mask(before: np.ndarray, after: np.ndarray, alpha: np.ndarray, alpha_threshold: float,
                 delta: float) -> np.ndarray:
    return (alpha >= alpha_threshold) & (np.abs(after - before).max(axis=2) >= delta)


def paste_overlays(image: np.ndarray, rng: np.random.Generator, bank: OverlayBank, p: OverlayParams,
                   count: int | None = None, folders: list[str] | None = None) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Paste overlays over `image`: returns (damaged, mask, kind -> mask)."""
    h, w = image.shape[:2]
    out = image
    masks: dict[str, np.ndarray] = {}
    n = count if count is not None else int(rng.integers(p.count[0], p.count[1] + 1))
    for _ in range(n):
        folder, alpha = bank.draw(rng, folders)
        placed = warp_overlay(alpha, rng, h, w, p.scale)
        if folder in ("dots", "sprinkles", "stain", "smut"):
            placed = placed * float(rng.uniform(*p.opacity))
        else:
            placed = placed * float(rng.uniform(max(0.6, p.opacity[0]), 1.0))
        if rng.random() < 0.3:
            placed = cv2.GaussianBlur(placed, (0, 0), float(rng.uniform(0.3, 0.9)))
        if placed.max() < p.alpha_threshold:
            continue
        tone = print_tone(out, rng, rng.random() < p.dark_prob, rng.random() < p.relative_prob)
        before = out
        out = Layer(placed, tone, "over", p.alpha_threshold).apply(out)
        kind = OVERLAY_KIND[folder]
        mask = visible_mask(before, out, placed, p.alpha_threshold, p.visible_delta)
        masks[kind] = masks[kind] | mask if kind in masks else mask
    union = np.zeros((h, w), bool)
    for m in masks.values():
        union |= m
    return out.astype(np.float32), union, masks
