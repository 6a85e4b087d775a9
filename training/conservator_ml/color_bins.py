"""Quantized ab colour bins for colorization (Zhang, Isola, Efros 2016): in-gamut bins on a 10-unit grid, soft
encoding of true colours over the nearest bins, and class-rebalancing weights from the training colour prior.

Predicting a distribution over bins (instead of regressing ab) keeps rare saturated colours alive; rebalancing stops
the loss from being won by the desaturated colours that dominate photographs, the cause of sepia-looking outputs.
"""
from __future__ import annotations

import numpy as np
import torch

from .color_metrics import srgb_to_lab

GRID = 10.0


def gamut_bins(grid: float = GRID) -> np.ndarray:
    """Centres (Q x 2, Lab a and b) of the grid cells that some sRGB colour falls into."""
    levels = np.linspace(0.0, 1.0, 33)
    rgb = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), axis=-1).reshape(-1, 3)
    ab = srgb_to_lab(rgb)[:, 1:]
    cells = np.unique(np.round(ab / grid).astype(int), axis=0)
    return (cells * grid).astype(np.float32)


def soft_encode(ab: torch.Tensor, bins: torch.Tensor, neighbours: int = 5, sigma: float = 5.0) -> torch.Tensor:
    """ab N x 2 x H x W -> N x Q x H x W target distribution: Gaussian weights on the nearest bins."""
    n, _, h, w = ab.shape
    flat = ab.permute(0, 2, 3, 1).reshape(-1, 2)
    distance = torch.cdist(flat, bins)
    near_d, near_i = distance.topk(neighbours, largest=False)
    weight = torch.softmax(-(near_d**2) / (2 * sigma**2), dim=1)
    target = torch.zeros(flat.shape[0], bins.shape[0], device=flat.device).scatter_(1, near_i, weight)
    return target.reshape(n, h, w, -1).permute(0, 3, 1, 2)


def rebalance_weights(prior: np.ndarray, mix: float = 0.5) -> np.ndarray:
    """w ~ ((1 - mix) * prior + mix / Q)^-1, normalized so the prior-weighted mean weight is 1."""
    w = 1.0 / ((1 - mix) * prior + mix / prior.size)
    return (w / (prior * w).sum()).astype(np.float32)


def empirical_prior(ab_samples: list[np.ndarray], bins: np.ndarray, smoothing_sigma: float = 5.0) -> np.ndarray:
    """Bin frequencies of training ab values (each H x W x 2), smoothed over neighbouring bins."""
    counts = np.zeros(len(bins))
    for ab in ab_samples:
        flat = ab.reshape(-1, 2)
        nearest = np.argmin(((flat[:, None, :] - bins[None]) ** 2).sum(-1), axis=1)
        counts += np.bincount(nearest, minlength=len(bins))
    prior = counts / counts.sum()
    kernel = np.exp(-((bins[:, None, :] - bins[None]) ** 2).sum(-1) / (2 * smoothing_sigma**2))
    smoothed = kernel @ prior
    return smoothed / smoothed.sum()
