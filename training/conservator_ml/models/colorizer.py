"""colorize: L (lightness) of a proxy in, ab chroma out, by classification over quantized ab bins (Zhang et al. 2016).

BatchNormalization (folded into the convolutions at export) speeds up training. The network predicts logits over Q in-gamut ab bins at 1/4 of the proxy resolution. The exported forward() also
decodes them as the paper does, with an annealed mean: softmax(logits / T), T = 0.38, then the expectation over bin
centres (a fixed 1x1 convolution), then linear Resize x4 back to the proxy size. The stage upsamples that ab to full
resolution and combines it with the original full-resolution L, so the output's lightness equals the input's.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .unet import NEGATIVE_SLOPE, conv3x3, conv_stack

ANNEALED_TEMPERATURE = 0.38


class ColorizeNet(nn.Module):
    output_stride_default = 4  # logits are at 1/4 of the input resolution

    def __init__(self, bins: torch.Tensor, widths: tuple[int, ...] = (32, 64, 128, 192),
                 context_dilations: tuple[int, ...] = (2, 2, 4), temperature: float = ANNEALED_TEMPERATURE):
        super().__init__()
        self.in_channels = 1
        self.proxy_size = 256
        self.downsampling = 2 ** (len(widths) - 1)
        self.output_stride = self.output_stride_default
        self.temperature = temperature
        self.config = dict(widths=tuple(widths), context_dilations=tuple(context_dilations))
        self.register_buffer("bins", bins.float())  # Q x 2, Lab a and b
        self.stem = conv_stack(1, widths[0], 2, norm=True)
        self.down = nn.ModuleList(nn.Sequential(conv3x3(c0, c1, stride=2, norm=True), conv3x3(c1, c1, norm=True))
                                  for c0, c1 in zip(widths[:-1], widths[1:]))
        self.context = nn.Sequential(*[conv3x3(widths[-1], widths[-1], dilation=d, norm=True)
                                       for d in context_dilations])
        self.project = nn.Sequential(nn.Conv2d(widths[-1], widths[2], 1), nn.LeakyReLU(NEGATIVE_SLOPE))
        self.refine = conv_stack(2 * widths[2], widths[2], 2, norm=True)
        self.head = nn.Conv2d(widths[2], len(bins), 1)

    def logits(self, lightness: torch.Tensor) -> torch.Tensor:
        """L/100 (N x 1 x H x W, H and W multiples of 8) -> bin logits at H/4 x W/4."""
        skips = [self.stem(lightness)]
        for block in self.down:
            skips.append(block(skips[-1]))
        x = F.interpolate(self.project(self.context(skips[-1])), scale_factor=2.0, mode="nearest")
        return self.head(self.refine(torch.cat([x, skips[2]], dim=1)))

    def decode(self, logits: torch.Tensor) -> torch.Tensor:
        """Annealed mean of the bin distribution -> ab (Lab units) at the logits' resolution."""
        probabilities = torch.softmax(logits / self.temperature, dim=1)
        return F.conv2d(probabilities, self.bins.t()[:, :, None, None])

    def forward(self, lightness: torch.Tensor) -> torch.Tensor:
        ab = self.decode(self.logits(lightness))
        return F.interpolate(ab, scale_factor=float(self.output_stride), mode="bilinear", align_corners=False)

    def skeleton(self) -> "ColorizeNet":
        """Same topology, one channel per layer, two bins: for measuring the receptive field cheaply."""
        widths = (1,) * len(self.config["widths"])
        return ColorizeNet(torch.zeros(1, 2), widths, self.config["context_dilations"])
