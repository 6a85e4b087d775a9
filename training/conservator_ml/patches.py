"""Deterministic patch sampling shared by every model's training.

A batch is a pure function of (seed, step): each sample gets its own generator seeded from (seed, step, index). That
makes runs reproducible, lets a stopped run resume at any step without replaying the data stream, and keeps results
identical whether batches are made in the main process or in DataLoader workers.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from .sources import Photo, load_rgb

LUMA_WEIGHTS = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def rng_for(seed: int, *keys: int) -> np.random.Generator:
    """A generator for one (seed, key...) tuple; independent streams without global state."""
    return np.random.default_rng([seed, *keys])


def to_monochrome(image: np.ndarray) -> np.ndarray:
    """Rec.601 luminance replicated to 3 channels (black-and-white prints are common in archives)."""
    luma = image @ LUMA_WEIGHTS
    return np.repeat(luma[..., None], 3, axis=2)


class PhotoCache:
    """Decoded photographs held in memory as uint8 (shrunk to `max_side`), loaded on first use."""

    def __init__(self, photos: list[Photo], max_side: int | None):
        self.photos = photos
        self.max_side = max_side
        self._images: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.photos)

    def get(self, index: int) -> np.ndarray:
        if index not in self._images:
            self._images[index] = load_rgb(self.photos[index].path, self.max_side)
        return self._images[index]


@dataclass(frozen=True)
class PatchConfig:
    """How clean patches are cut. Mixed sizes (one size per step) vary context cheaply on a CPU."""

    batch_size: int = 16
    patch_sizes: tuple[int, ...] = (96, 128, 160)
    min_scale: float = 0.5  # patches are resized from a crop up to 1/min_scale larger, so scale varies
    monochrome_prob: float = 0.3
    max_side: int = 1280


def random_patch(image: np.ndarray, size: int, rng: np.random.Generator, cfg: PatchConfig,
                 focus: tuple[float, float] | None = None) -> np.ndarray:
    """A float32 size x size x 3 patch in [0,1]: random scale, position and horizontal flip. With `focus` (a point
    x, y in the image's pixels), the position is drawn among the crops whose middle half holds that point."""
    h, w = image.shape[:2]
    largest = min(h, w)
    scale = rng.uniform(max(cfg.min_scale, size / largest), 1.0) if largest >= size else size / largest
    crop = max(size, int(round(size / scale))) if largest >= size else largest
    if focus is None:
        y = int(rng.integers(0, h - crop + 1))
        x = int(rng.integers(0, w - crop + 1))
    else:
        y = _position_around(focus[1], crop, h, rng)
        x = _position_around(focus[0], crop, w, rng)
    patch = image[y : y + crop, x : x + crop]
    if crop != size:
        interpolation = cv2.INTER_AREA if crop > size else cv2.INTER_CUBIC
        patch = cv2.resize(patch, (size, size), interpolation=interpolation)
    if rng.random() < 0.5:
        patch = patch[:, ::-1]
    out = patch.astype(np.float32) / 255.0
    if rng.random() < cfg.monochrome_prob:
        out = to_monochrome(out)
    return np.ascontiguousarray(out)


def _position_around(centre: float, crop: int, extent: int, rng: np.random.Generator) -> int:
    """A crop start in [0, extent - crop] that puts `centre` in the middle half of the crop where the image allows."""
    low = int(np.clip(centre - 0.75 * crop, 0, extent - crop))
    high = int(np.clip(centre - 0.25 * crop, low, extent - crop))
    return int(rng.integers(low, high + 1))


class PatchSampler:
    """Clean patches for step `step`: (patch_size, list of (patch, per-sample generator)).

    `focus` maps a photograph's path to boxes (x, y, w, h in the photograph's own pixels, e.g. faces); a draw of such a
    photograph is centred on one of its boxes with probability `focus_share`, so the few faces in the data are seen."""

    def __init__(self, photos: list[Photo], seed: int, cfg: PatchConfig,
                 focus: dict[str, list[tuple[int, int, int, int]]] | None = None, focus_share: float = 0.0):
        self.cache = PhotoCache(photos, cfg.max_side)
        self.seed = seed
        self.cfg = cfg
        self.focus = focus or {}
        self.focus_share = focus_share
        self._box_scales: dict[str, float] = {}  # cached image width / file width, per focused photograph

    def batch(self, step: int) -> tuple[int, list[tuple[np.ndarray, np.random.Generator]]]:
        step_rng = rng_for(self.seed, step)
        size = int(self.cfg.patch_sizes[step_rng.integers(len(self.cfg.patch_sizes))])
        items = []
        for index in range(self.cfg.batch_size):
            rng = rng_for(self.seed, step, index)
            index = int(rng.integers(len(self.cache)))
            image = self.cache.get(index)
            items.append((random_patch(image, size, rng, self.cfg, self._focus_point(index, image, rng)), rng))
        return size, items

    def _focus_point(self, index: int, image: np.ndarray, rng: np.random.Generator) -> tuple[float, float] | None:
        photo = self.cache.photos[index]
        boxes = self.focus.get(photo.path)
        if not boxes or rng.random() >= self.focus_share:
            return None
        x, y, w, h = boxes[int(rng.integers(len(boxes)))]
        if photo.path not in self._box_scales:  # boxes are in the file's pixels; the cache may have shrunk it
            with Image.open(photo.path) as original:
                self._box_scales[photo.path] = image.shape[1] / original.width
        scale = self._box_scales[photo.path]
        return ((x + w / 2) * scale, (y + h / 2) * scale)


def high_frequency_energy(patch: np.ndarray) -> float:
    """Mean absolute Laplacian of the luminance plus the share of strong edges: high for wires, fences, foliage,
    fabric, hair and text, low for sky and skin."""
    luma = (patch @ LUMA_WEIGHTS).astype(np.float32)
    lap = np.abs(cv2.Laplacian(luma, cv2.CV_32F, ksize=3))
    edges = float((lap > 0.08).mean())
    return float(lap.mean()) + edges


def textured_patch(cache: PhotoCache, size: int, rng: np.random.Generator, cfg: PatchConfig,
                   candidates: int = 4) -> np.ndarray:
    """The most detailed of `candidates` random patches (hard negatives: thin real structures and texture)."""
    patches = [random_patch(cache.get(int(rng.integers(len(cache)))), size, rng, cfg) for _ in range(candidates)]
    return max(patches, key=high_frequency_energy)
