"""Deterministic patch sampling shared by every model's training.

A batch is a pure function of (seed, step): each sample gets its own generator seeded from (seed, step, index). That
makes runs reproducible, lets a stopped run resume at any step without replaying the data stream, and keeps results
identical whether batches are made in the main process or in DataLoader workers.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

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


def random_patch(image: np.ndarray, size: int, rng: np.random.Generator, cfg: PatchConfig) -> np.ndarray:
    """A float32 size x size x 3 patch in [0,1]: random scale, position and horizontal flip."""
    h, w = image.shape[:2]
    largest = min(h, w)
    scale = rng.uniform(max(cfg.min_scale, size / largest), 1.0) if largest >= size else size / largest
    crop = max(size, int(round(size / scale))) if largest >= size else largest
    y = int(rng.integers(0, h - crop + 1))
    x = int(rng.integers(0, w - crop + 1))
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


class PatchSampler:
    """Clean patches for step `step`: (patch_size, list of (patch, per-sample generator))."""

    def __init__(self, photos: list[Photo], seed: int, cfg: PatchConfig):
        self.cache = PhotoCache(photos, cfg.max_side)
        self.seed = seed
        self.cfg = cfg

    def batch(self, step: int) -> tuple[int, list[tuple[np.ndarray, np.random.Generator]]]:
        step_rng = rng_for(self.seed, step)
        size = int(self.cfg.patch_sizes[step_rng.integers(len(self.cfg.patch_sizes))])
        items = []
        for index in range(self.cfg.batch_size):
            rng = rng_for(self.seed, step, index)
            image = self.cache.get(int(rng.integers(len(self.cache))))
            items.append((random_patch(image, size, rng, self.cfg), rng))
        return size, items


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
