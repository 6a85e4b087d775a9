"""inpaint-unet version 3 (issue 16): a gated-convolution U-Net that corrects a Telea prefill.

Version 2 (a plain U-Net that saw the holes as zeros) stayed below OpenCV Telea at every hole width, so version 3
starts from Telea instead of competing with it: the input is RGB with the holes already filled by Telea (radius 3,
the evaluation's baseline; the Swift stage prefills as the card says), then the mask, and the network adds a
correction inside the hole only:

    out = clip(prefill + mask * correction, 0, 1)

The head is initialised to zero, so before any training the model is Telea exactly; training can only move it away
from Telea where the losses say that helps. Gated convolutions (Yu et al. 2019, DeepFill v2) learn per pixel and
channel how much of each feature to pass (features x sigmoid(gate)), which suits holes: features computed from the
filled-in guess can be weighed differently from those of known pixels. Everything exports to Conv, LeakyRelu,
Sigmoid, Mul, Add, Resize, Concat, Slice and Clip.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .unet import NEGATIVE_SLOPE, UNet


class GatedConv(nn.Module):
    """LeakyReLU(conv_f(x)) * sigmoid(conv_g(x)); two convolutions rather than one split in two, so the graph needs
    no Split operator. `norm` is accepted for UNet's block signature; batch normalization is not used here."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1, dilation: int = 1, norm: bool = False):
        super().__init__()
        if norm:
            raise ValueError("GatedConv has no normalization")
        self.features = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=dilation, dilation=dilation)
        self.gate = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=dilation, dilation=dilation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.leaky_relu(self.features(x), NEGATIVE_SLOPE) * torch.sigmoid(self.gate(x))


class TeleaResidualUNet(UNet):
    """UNet(4, 3) of gated convolutions whose output is a correction to the Telea-prefilled input, inside the hole."""

    def __init__(self, widths: tuple[int, ...], convs_per_level: int = 2, bottleneck_dilations: tuple[int, ...] = ()):
        super().__init__(4, 3, widths, convs_per_level, bottleneck_dilations, norm=False, conv=GatedConv)
        nn.init.zeros_(self.head.weight)  # step 0 is Telea exactly
        nn.init.zeros_(self.head.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        prefill, hole = x[:, :3], x[:, 3:4]
        return torch.clamp(prefill + hole * self.logits(x), 0, 1)
