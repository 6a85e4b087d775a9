"""Parameter count, multiply-accumulates per megapixel and receptive field of a model.

The receptive field is measured, not derived by hand: on a float64 one-channel skeleton of the model (same topology,
so the same field, at a tiny fraction of the cost) whose weights are all positive (so every
activation is positive and LeakyReLU passes gradient everywhere), the gradient of one output pixel with respect to the
input is non-zero exactly on that pixel's receptive field. Strided convolutions and nearest resize make the field
depend slightly on the pixel's phase, so the maximum over one period of phases is reported.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class Budget:
    params: int
    gmac_per_megapixel: float
    receptive_field: int  # pixels across (square)
    downsampling: int

    @property
    def tile_overlap(self) -> int:
        """Overlap per side that gives every kept output pixel its full context, aligned to the downsampling."""
        half = (self.receptive_field + 1) // 2
        return -(-half // self.downsampling) * self.downsampling

    def summary(self) -> str:
        return (f"params {self.params:,}  GMAC/MP {self.gmac_per_megapixel:.2f}  receptive field "
                f"{self.receptive_field} px  (tile overlap {self.tile_overlap} px, H and W multiples of "
                f"{self.downsampling})")

    def as_dict(self) -> dict:
        return {"params": self.params, "gmac_per_megapixel": round(self.gmac_per_megapixel, 3),
                "receptive_field_px": self.receptive_field, "downsampling": self.downsampling,
                "tile_overlap_px": self.tile_overlap}


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def macs(model: nn.Module, in_channels: int, size: int) -> int:
    """Multiply-accumulates of convolutions and linear layers for one size x size input."""
    total = 0

    def hook(module: nn.Module, _inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total += output.numel() * (module.in_channels // module.groups) * kh * kw
        else:
            total += output.numel() * module.in_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(1, in_channels, size, size))
    for handle in handles:
        handle.remove()
    return total


def macs_per_megapixel(model: nn.Module, in_channels: int, size: int = 256) -> float:
    """GMAC per 1e6 pixels of a fully convolutional model (its cost scales linearly with the pixel count)."""
    return macs(model, in_channels, size) * 1e6 / (size * size) / 1e9


def receptive_field(model: nn.Module) -> int:
    """Pixels across the input region that can influence one output pixel (max over phases)."""
    probe = model.skeleton().double().eval()
    downsampling = model.downsampling
    with torch.no_grad():
        for parameter in probe.parameters():
            parameter.copy_(torch.full_like(parameter, 1.0 / max(1, parameter[0].numel())))
    size = 128
    while True:
        extent = 0
        for phase in range(downsampling):
            x = torch.zeros(1, 1, size, size, dtype=torch.float64, requires_grad=True)
            out = probe.logits(x)
            c = (size // 2 + phase) * out.shape[-1] // size  # the output may be at a lower resolution
            out[0, 0, c, c].backward()
            rows = torch.nonzero(x.grad.abs().sum(dim=(0, 1)).sum(dim=1))
            extent = max(extent, int(rows.max() - rows.min() + 1))
        if extent < size - 2 * downsampling:
            return extent
        size *= 2


@dataclass(frozen=True)
class ProxyBudget:
    """Budget of a model that sees only a fixed-size proxy of the image: its cost is per image, not per pixel."""

    params: int
    gmac_per_image: float
    proxy_size: int
    receptive_field: int | None  # None: global pooling sees the whole proxy

    def as_dict(self) -> dict:
        field = self.receptive_field or "whole proxy (global pooling)"
        return {"params": self.params, "gmac_per_image": round(self.gmac_per_image, 4),
                "proxy_size_px": self.proxy_size, "receptive_field_px": field}

    def summary(self) -> str:
        field = f"receptive field {self.receptive_field} px" if self.receptive_field else "global receptive field"
        return (f"params {self.params:,}  GMAC per image {self.gmac_per_image:.3f} "
                f"(proxy {self.proxy_size}x{self.proxy_size}, {field})")


def measure_proxy(model: nn.Module) -> ProxyBudget:
    """Budget of a proxy model; its receptive field is measured when it is convolutional (has a skeleton)."""
    size = model.proxy_size
    field = receptive_field(model) if hasattr(model, "skeleton") else None
    return ProxyBudget(count_params(model), macs(model, model.in_channels, size) / 1e9, size, field)


def measure(model: nn.Module) -> Budget:
    return Budget(count_params(model), macs_per_megapixel(model, model.in_channels),
                  receptive_field(model), model.downsampling)
