"""Noise for training the denoiser (issue 23): white Gaussian noise over a range of levels, as the published
denoising protocol measures it (BSD68 / CBSD68 at sigma 15, 25, 50), and film or scanner grain — the same noise
blurred into clumps, stronger in the shadows and mid-tones than in the highlights.

A grey photograph (its three channels equal) gets the same noise in every channel, as a grey scan has it.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class NoiseConfig:
    max_sigma: float = 55 / 255  # levels drawn uniformly from 0 to this (DnCNN-B's blind range)
    grain_prob: float = 0.3
    grain_blur: tuple[float, float] = (0.5, 1.5)  # Gaussian sigma of the clumps, in pixels
    clip_prob: float = 0.5  # stored images are clipped to [0,1]; the benchmark's noisy images are not


def grain(shape: tuple[int, ...], rng: np.random.Generator, blur: float) -> np.ndarray:
    """Unit-variance noise blurred into clumps of about `blur` pixels."""
    noise = rng.standard_normal(shape).astype(np.float32)
    for channel in range(shape[2]):
        noise[..., channel] = cv2.GaussianBlur(noise[..., channel], (0, 0), blur)
    return noise / (noise.std() + 1e-8)


def add_noise(clean: np.ndarray, rng: np.random.Generator, cfg: NoiseConfig) -> np.ndarray:
    """`clean` (H x W x 3 float32 in [0,1]) with noise of a random level and kind."""
    sigma = rng.uniform(0.0, cfg.max_sigma)
    is_grey = np.array_equal(clean[..., 0], clean[..., 1]) and np.array_equal(clean[..., 1], clean[..., 2])
    shape = clean.shape[:2] + (1 if is_grey else 3,)
    if rng.random() < cfg.grain_prob:
        noise = grain(shape, rng, rng.uniform(*cfg.grain_blur))
        # grain shows most in the shadows and mid-tones: 1.5x at black, 0.5x at white (1x on average)
        noise = noise * (1.5 - clean.mean(axis=2, keepdims=True))
    else:
        noise = rng.standard_normal(shape).astype(np.float32)
    noisy = clean + np.float32(sigma) * noise
    if rng.random() < cfg.clip_prob:
        noisy = np.clip(noisy, 0.0, 1.0)
    return noisy.astype(np.float32)
