"""Named model configurations: one place that fixes each shipped architecture."""
from __future__ import annotations

import torch
from torch import nn

from ..color_bins import gamut_bins
from .color_curves import ColorCurvesNet
from .colorizer import CALIBRATED_DECODE, ColorizeNet
from .mean_matched import MeanMatchedUNet
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


def inpaint_unet() -> MeanMatchedUNet:
    """RGB-with-holes + mask -> RGB. Five levels and a dilated bottleneck for the context large holes need; narrow
    upper levels keep it near 45 GMAC/MP. Since version 2 each fill's local mean is matched to the known pixels
    around it (a fixed step in the graph; the weights are version 1's)."""
    return MeanMatchedUNet(4, 3, widths=(16, 32, 64, 128, 160), convs_per_level=2, bottleneck_dilations=(2, 4),
                           norm=True)


def color_restore() -> ColorCurvesNet:
    """Proxy CNN -> 16-knot curves per channel + 3x4 matrix; under 0.5 M parameters."""
    return ColorCurvesNet(knots=16)


def colorize() -> ColorizeNet:
    """Proxy colorizer over the in-gamut ab bins (about 2.3 M parameters; the budget is 8 M), with version 3's
    calibrated decoding (version 2's weights)."""
    return ColorizeNet(torch.from_numpy(gamut_bins()), **CALIBRATED_DECODE)


BUILDERS = {
    "damage-unet": damage_unet,
    "inpaint-unet": inpaint_unet,
    "color-restore": color_restore,
    "colorize": colorize,
}


def build(name: str) -> nn.Module:
    if name not in BUILDERS:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(BUILDERS)}")
    return BUILDERS[name]()
