"""Super-resolution by pixel shuffle (issue 23), in the manner of ESPCN and FSRCNN: every convolution works at the
input's resolution, a last convolution makes scale x scale x 3 planes that a pixel shuffle (ONNX DepthToSpace) puts
on the fine grid, and they are added to a bilinear enlargement of the input (residual learning, as VDSR), so the
network learns only the detail bilinear interpolation misses.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


class PixelShuffleUpscaler(nn.Module):
    def __init__(self, scale: int = 2, channels: int = 3, width: int = 48, depth: int = 6):
        super().__init__()
        self.scale = scale
        self.in_channels = channels
        self.width = width
        self.depth = depth
        self.downsampling = 1
        layers: list[nn.Module] = [nn.Conv2d(channels, width, 3, padding=1), nn.ReLU(inplace=True)]
        for _ in range(depth):
            layers += [nn.Conv2d(width, width, 3, padding=1), nn.ReLU(inplace=True)]
        self.body = nn.Sequential(*layers)
        self.tail = nn.Conv2d(width, channels * scale * scale, 3, padding=1)
        self.shuffle = nn.PixelShuffle(scale)
        for module in self.body:
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
                nn.init.zeros_(module.bias)
        # a zero tail starts at the bilinear enlargement
        nn.init.zeros_(self.tail.weight)
        nn.init.zeros_(self.tail.bias)

    def detail(self, x: torch.Tensor) -> torch.Tensor:
        return self.shuffle(self.tail(self.body(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        enlarged = F.interpolate(x, scale_factor=self.scale, mode="bilinear", align_corners=False)
        return enlarged + self.detail(x)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """The output the receptive-field probe follows (budget.receptive_field)."""
        return self.forward(x)

    def skeleton(self) -> "PixelShuffleUpscaler":
        """The same topology on one channel and width 1, for measuring the receptive field."""
        return PixelShuffleUpscaler(scale=self.scale, channels=1, width=1, depth=self.depth)
