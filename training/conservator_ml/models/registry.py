"""Named model configurations: one place that fixes each shipped architecture."""
from __future__ import annotations

import torch
from torch import nn

from ..color_bins import gamut_bins
from .color_curves import ColorCurvesNet
from .denoiser import HalfResDenoiser
from .upscaler import PixelShuffleUpscaler
from .colorizer import CALIBRATED_DECODE, ColorizeNet
from .gated import TeleaResidualUNet
from .unet import UNet


def damage_unet() -> UNet:
    """Version 3 (issue 16): version 2's network with its batch normalization folded into the convolutions (as its
    ONNX file has it), fine-tuned from version 2's weights (`onnx_to_checkpoint.py`) on the issue-16 training damage.
    A half-width network (8-16-32-64, 187k parameters, 9.8 GMAC/MP) trained from scratch was tried first and had not
    left the all-background solution after 1,400 steps on 2 CPU cores (see training/README.md)."""
    return UNet(3, 1, widths=(16, 32, 64, 128), convs_per_level=2, bottleneck_dilations=(2, 4), norm=False)


def damage_unet_small() -> UNet:
    """The half-width network tried first for version 3 (not shipped)."""
    model = UNet(3, 1, widths=(8, 16, 32, 64), convs_per_level=2, bottleneck_dilations=(2, 4), norm=True)
    nn.init.constant_(model.head.bias, -3.0)
    return model


def damage_unet_v2() -> UNet:
    """Version 2's architecture (745,905 parameters, 38.8 GMAC/MP), kept to reproduce it: RGB -> damage probability. Full-resolution features at the first level keep 1-px scratches visible; the
    dilated bottleneck widens context (a scratch vs. a real thin edge) for about 1% more compute."""
    model = UNet(3, 1, widths=(16, 32, 64, 128), convs_per_level=2, bottleneck_dilations=(2, 4), norm=True)
    nn.init.constant_(model.head.bias, -3.0)  # start near the damage prior (~5% of pixels), not at 50%
    return model


def inpaint_unet() -> TeleaResidualUNet:
    """Version 3 (issue 16): RGB with the holes prefilled by Telea + mask -> RGB, a gated-convolution U-Net adding a
    correction inside the hole (models/gated.py); about 371k parameters and 20 GMAC/MP, a receptive field of 175 px.
    Version 2 was MeanMatchedUNet(4, 3, widths=(16, 32, 64, 128, 160), convs_per_level=2, bottleneck_dilations=(2, 4),
    norm=True), fed zeros in the holes; its card and ONNX file stay in Models/ and the evaluation reads both."""
    return TeleaResidualUNet(widths=(8, 16, 32, 64), convs_per_level=2, bottleneck_dilations=(2, 4))


def color_restore() -> ColorCurvesNet:
    """Proxy CNN -> 16-knot curves per channel + 3x4 matrix; under 0.5 M parameters."""
    return ColorCurvesNet(knots=16)


def colorize() -> ColorizeNet:
    """Proxy colorizer over the in-gamut ab bins (about 2.3 M parameters; the budget is 8 M), with version 3's
    calibrated decoding (version 2's weights)."""
    return ColorizeNet(torch.from_numpy(gamut_bins()), **CALIBRATED_DECODE)


def denoise() -> HalfResDenoiser:
    """Version 1 (issue 23): blind Gaussian-noise and grain removal, 13 convolutions of width 64 at half resolution
    (about 0.45 M parameters, 113 GMAC/MP)."""
    return HalfResDenoiser(channels=3, width=64, depth=12)


def upscale_x2() -> PixelShuffleUpscaler:
    """Version 1 (issue 23): x2 super-resolution, 8 convolutions of width 48 at the input's resolution, pixel shuffle,
    added to a bilinear enlargement (about 0.14 M parameters, 35 GMAC per megapixel of input)."""
    return PixelShuffleUpscaler(scale=2, width=48, depth=6)


BUILDERS = {
    "damage-unet": damage_unet,
    "inpaint-unet": inpaint_unet,
    "color-restore": color_restore,
    "colorize": colorize,
    "denoise": denoise,
    "upscale-x2": upscale_x2,
}


def build(name: str) -> nn.Module:
    if name not in BUILDERS:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(BUILDERS)}")
    return BUILDERS[name]()
