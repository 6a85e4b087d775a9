"""A blind denoiser that works at half resolution (issue 23), in the manner of FFDNet without its noise-level map.

A stride-2 2x2 convolution folds each 2x2 block of pixels into features (a learned pixel unshuffle), a stack of 3x3
convolutions estimates the noise of the four sub-images together, a last convolution gives it back as 4 x channels
planes that a pixel shuffle (ONNX DepthToSpace) puts back on the full grid, and the noise is subtracted from the input
(residual learning as in DnCNN). Working on the quarter-size grid is what keeps a 0.45 M-parameter network within the
budget of 150 GMAC per megapixel (a full-resolution DnCNN-S costs 556). Batch normalization while training, as
DnCNN and FFDNet train; at export (eval mode) it folds into the convolutions, so tiles still compute exactly what
the whole image would.

Not trained yet (2026-12-03, 2 CPU cores). Measured in probes of 120 Adam steps at sigma 25 on smooth
synthetic images (batch 16 of 64 px): this network (depth 4) reached 21.4-22.6 dB whatever its stem (learned 2x2
stride-2 convolution, pixel unshuffle + 3x3, with or without a ReLU after it), a full-resolution 3-layer DnCNN 30.2 dB,
a full-resolution 12 x 32 plain stack 27.1 dB and a 17 x 32 one 23.2 dB. Without normalization the real run
(BSDS500 train+test and the Debian photographs, sigma 0-55 and grain, batch 32) went from 18.3 to 22.1 dB PSNR in
2,100 steps; with it, 19.7 dB at step 200 against 19.3. On photograph patches at sigma 25 (input 20.17 dB), 100 Adam
steps left this network, a full-resolution 10 x 32 DnCNN with batch normalization and an FFDNet-style pixel-unshuffle
stack all at 20.1-20.4 dB (lr 1e-3 or 1e-4), where a single learned 5x5 linear filter reached 24.9 dB in 200 steps:
deep denoisers need thousands of steps here before they beat a linear filter.
"""
from __future__ import annotations

import torch
from torch import nn


class HalfResDenoiser(nn.Module):
    def __init__(self, channels: int = 3, width: int = 64, depth: int = 12, norm: bool = True):
        super().__init__()
        self.norm = norm
        self.in_channels = channels
        self.width = width
        self.depth = depth
        self.downsampling = 2
        self.stem = nn.Conv2d(channels, width, kernel_size=2, stride=2)
        body: list[nn.Module] = [nn.ReLU(inplace=True)]
        for _ in range(depth):
            body += [nn.Conv2d(width, width, 3, padding=1, bias=not norm)]
            body += [nn.BatchNorm2d(width)] if norm else []
            body += [nn.ReLU(inplace=True)]
        self.body = nn.Sequential(*body)
        self.tail = nn.Conv2d(width, 4 * channels, 3, padding=1)
        self.shuffle = nn.PixelShuffle(2)
        # He initialization keeps the signal alive through the plain ReLU stack (PyTorch's default shrinks it
        # layer by layer: the first try learned nothing in 360 steps), and a zero tail starts at the identity.
        for module in [self.stem, *self.body]:
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
        nn.init.zeros_(self.tail.weight)
        nn.init.zeros_(self.tail.bias)

    def noise(self, x: torch.Tensor) -> torch.Tensor:
        """The noise the network finds in `x` (same shape as `x`)."""
        return self.shuffle(self.tail(self.body(self.stem(x))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x - self.noise(x)

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """The output the receptive-field probe follows (budget.receptive_field)."""
        return self.noise(x)

    def skeleton(self) -> "HalfResDenoiser":
        """The same topology on one channel and width 1, for measuring the receptive field."""
        return HalfResDenoiser(channels=1, width=1, depth=self.depth, norm=False)
