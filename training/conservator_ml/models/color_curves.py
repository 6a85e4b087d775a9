"""color-restore: a small CNN that looks at a downsampled proxy of the whole photograph and predicts a global colour
transform, which the stage then applies to the full-resolution image (no tiles, no seams, 16-bit friendly).

Transform: per-channel monotone tone curves (K knots at x = 0, 1/(K-1), ..., 1, anchored at 0 and 1), then a 3x3
colour matrix plus bias, then clipping to [0,1]:  out = clip(M @ curve(in) + b).
Monotone knots come from Softmax increments accumulated by a constant triangular MatMul (no CumSum, which is outside
the operator contract). The matrix is the identity plus a Tanh-bounded correction, so an untrained or unsure model
changes little. BatchNormalization in the feature extractor (folded at export) speeds up training.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .unet import NEGATIVE_SLOPE, conv3x3


class ColorCurvesNet(nn.Module):
    def __init__(self, knots: int = 16, widths: tuple[int, ...] = (16, 32, 64, 96, 128), hidden: int = 128,
                 matrix_range: float = 0.5):
        super().__init__()
        self.knots = knots
        self.proxy_size = 256
        self.in_channels = 3
        self.matrix_range = matrix_range
        layers, c_prev = [], 3
        for c in widths:  # each level halves the proxy: 256 -> 8 after five levels
            layers += [conv3x3(c_prev, c, stride=2, norm=True), conv3x3(c, c, norm=True)]
            c_prev = c
        self.features = nn.Sequential(*layers)
        self.fc = nn.Sequential(nn.Linear(c_prev, hidden), nn.LeakyReLU(NEGATIVE_SLOPE),
                                nn.Linear(hidden, 3 * (knots - 1) + 12))
        nn.init.zeros_(self.fc[-1].weight)  # start at the identity transform (uniform increments, identity matrix)
        nn.init.zeros_(self.fc[-1].bias)
        # cumulative[i, j] = 1 where i < j: knots = increments @ cumulative gives 0 at x=0 and 1 at x=1
        self.register_buffer("cumulative", torch.triu(torch.ones(knots - 1, knots), diagonal=1))
        self.register_buffer("identity", torch.cat([torch.eye(3), torch.zeros(3, 1)], dim=1))

    def forward(self, proxy: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """proxy Nx3xHxW in [0,1] -> (curves Nx3xK knot values, matrix Nx3x4 = [M | b])."""
        pooled = F.adaptive_avg_pool2d(self.features(proxy), 1).flatten(1)
        params = self.fc(pooled)
        increments = torch.softmax(params[:, : 3 * (self.knots - 1)].reshape(-1, 3, self.knots - 1), dim=-1)
        curves = torch.matmul(increments, self.cumulative)
        matrix = self.identity + self.matrix_range * torch.tanh(params[:, 3 * (self.knots - 1):].reshape(-1, 3, 4))
        return curves, matrix


def apply_curves(image: torch.Tensor, curves: torch.Tensor) -> torch.Tensor:
    """Piecewise-linear per-channel curves (Nx3xK) applied to Nx3xHxW, differentiable in the knots."""
    k = curves.shape[-1]
    x = image.clamp(0.0, 1.0) * (k - 1)
    index = x.floor().clamp(max=k - 2)
    frac = x - index
    n, c, h, w = image.shape
    flat_index = index.long().reshape(n, c, h * w)
    low = torch.gather(curves, 2, flat_index).reshape(n, c, h, w)
    high = torch.gather(curves, 2, flat_index + 1).reshape(n, c, h, w)
    return low + (high - low) * frac


def apply_transform(image: torch.Tensor, curves: torch.Tensor, matrix: torch.Tensor) -> torch.Tensor:
    """What the Swift stage does at full resolution: curves, then M @ rgb + b, then clip."""
    toned = apply_curves(image, curves)
    mixed = torch.einsum("nij,njhw->nihw", matrix[:, :, :3], toned) + matrix[:, :, 3, None, None]
    return mixed.clamp(0.0, 1.0)
