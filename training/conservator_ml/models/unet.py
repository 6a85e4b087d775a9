"""A small fully convolutional U-Net shared by the damage detector and the inpainter.

Choices made for the inference core and the CPU: downsampling by strided 3x3 convolution (learnable, and it keeps the
receptive field exactly computable, unlike max-pool's data-dependent routing); upsampling by a 1x1 projection at the
coarse level followed by nearest Resize x2 (no ConvTranspose checkerboard, and the projection costs a quarter of what
it would after upsampling); LeakyReLU; Concat skips; optional dilated convolutions at the coarsest level for a larger
receptive field at little cost; optional BatchNormalization, which speeds up training on few CPU steps and is folded
into the convolutions at export/load; and a final Sigmoid inside the model so the ONNX output is already in [0,1].
Input height and width must be multiples of `downsampling` (the tiled runner aligns tiles to it).
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

NEGATIVE_SLOPE = 0.1


def conv3x3(c_in: int, c_out: int, stride: int = 1, dilation: int = 1, norm: bool = False) -> nn.Sequential:
    conv = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=dilation, dilation=dilation, bias=not norm)
    layers = [conv, nn.BatchNorm2d(c_out)] if norm else [conv]
    return nn.Sequential(*layers, nn.LeakyReLU(NEGATIVE_SLOPE))


def conv_stack(c_in: int, c_out: int, count: int, norm: bool = False, conv=conv3x3) -> nn.Sequential:
    return nn.Sequential(*[conv(c_in if i == 0 else c_out, c_out, norm=norm) for i in range(count)])


class Up(nn.Module):
    """1x1 projection, nearest x2, concat with the skip, then 3x3 refinement (which smooths the blocky upsample)."""

    def __init__(self, c_in: int, c_skip: int, convs: int, norm: bool, conv=conv3x3):
        super().__init__()
        self.project = nn.Sequential(nn.Conv2d(c_in, c_skip, 1), nn.LeakyReLU(NEGATIVE_SLOPE))
        self.refine = conv_stack(2 * c_skip, c_skip, convs, norm, conv)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(self.project(x), scale_factor=2.0, mode="nearest")
        return self.refine(torch.cat([x, skip], dim=1))


class UNet(nn.Module):
    """`conv` makes every 3x3 block (signature of `conv3x3`); the gated inpainter swaps in gated convolutions."""

    def __init__(self, in_channels: int, out_channels: int, widths: tuple[int, ...], convs_per_level: int = 2,
                 bottleneck_dilations: tuple[int, ...] = (), norm: bool = False, conv=conv3x3):
        super().__init__()
        self.config = dict(widths=tuple(widths), convs_per_level=convs_per_level,
                           bottleneck_dilations=tuple(bottleneck_dilations), norm=norm)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.downsampling = 2 ** (len(widths) - 1)
        self.stem = conv_stack(in_channels, widths[0], convs_per_level, norm, conv)
        self.down = nn.ModuleList(
            nn.Sequential(conv(c_prev, c, stride=2, norm=norm), conv_stack(c, c, convs_per_level - 1, norm, conv))
            for c_prev, c in zip(widths[:-1], widths[1:]))
        self.bottleneck = nn.Sequential(*[conv(widths[-1], widths[-1], dilation=d, norm=norm)
                                          for d in bottleneck_dilations])
        self.up = nn.ModuleList(Up(c, c_skip, convs_per_level, norm, conv)
                                for c, c_skip in zip(widths[:0:-1], widths[-2::-1]))
        self.head = nn.Conv2d(widths[0], out_channels, 1)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """Pre-sigmoid output; training uses it for numerically stable BCE."""
        skips = [self.stem(x)]
        for block in self.down:
            skips.append(block(skips[-1]))
        x = self.bottleneck(skips.pop())
        for block in self.up:
            x = block(x, skips.pop())
        return self.head(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.logits(x))

    def skeleton(self) -> "UNet":
        """Same topology with one channel everywhere: same receptive field, a tiny fraction of the cost to probe."""
        cfg = dict(self.config, widths=(1,) * len(self.config["widths"]))
        return UNet(1, 1, **cfg)
