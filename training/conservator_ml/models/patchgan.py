"""A small PatchGAN discriminator (Isola et al. 2017) for inpaint-unet version 3's adversarial term; training only.

It sees RGB and the hole mask (as SN-PatchGAN in DeepFill v2 does), so it judges fills in their place, and scores
overlapping patches (receptive field 46 px) rather than the whole image, which is what a fill of a scratch needs.
Spectral normalization keeps it from overpowering the generator on the few CPU steps there are.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm


class PatchDiscriminator(nn.Module):
    def __init__(self, widths: tuple[int, ...] = (32, 64, 128)):
        super().__init__()
        layers: list[nn.Module] = []
        c_in = 4
        for c in widths:
            layers += [spectral_norm(nn.Conv2d(c_in, c, 4, stride=2, padding=1)), nn.LeakyReLU(0.2)]
            c_in = c
        layers.append(spectral_norm(nn.Conv2d(c_in, 1, 3, padding=1)))
        self.net = nn.Sequential(*layers)

    def forward(self, rgb: torch.Tensor, hole: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([rgb, hole], dim=1))
