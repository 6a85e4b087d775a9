"""colorize: L (lightness) of a proxy in, ab chroma out, by classification over quantized ab bins (Zhang et al. 2016).

BatchNormalization (folded into the convolutions at export) speeds up training. The network predicts logits over Q in-gamut ab bins at 1/4 of the proxy resolution. The exported forward() also
decodes them as the paper does, with an annealed mean: softmax(logits / T), T = 0.38, then the expectation over bin
centres (a fixed 1x1 convolution), then linear Resize x4 back to the proxy size. The stage upsamples that ab to full
resolution and combines it with the original full-resolution L, so the output's lightness equals the input's.

Version 3 keeps version 2's weights and changes only the decoding (chosen on held-out photographs by
colorize_calibrate.py): the annealed mean at temperature T is scaled per pixel by how sure the network is,

    ab = annealed_mean(T) * s * (1 + k) * c / (c + k),   c = sum_q p_q^2 with p = softmax(logits)

c (the collision probability: 1 for one certain bin, 1/Q for a flat distribution) needs only Softmax, Mul and a
1x1 convolution with ones, all in the inference core's contract (it has no Log, ReduceSum or ReduceMax). A flat,
unsure distribution gets little chroma, a confident one up to s times the annealed mean; k = 0 is a global scale s.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .unet import NEGATIVE_SLOPE, conv3x3, conv_stack

ANNEALED_TEMPERATURE = 0.38
# Version 3's decoding (colorize_calibrate.py on the calibration part of bsds500/val; see training/README.md).
# Chosen on 44 calibration photographs: the plain mean (T = 1) at 0.8 of its chroma; the confidence-weighted decodings
# scored within 0.03 CIEDE2000 of it (k = 0.05, s = 1.15: 10.62 vs 10.60) and were not kept.
CALIBRATED_DECODE = dict(temperature=1.0, confidence_k=0.0, chroma_scale=0.8)


class ColorizeNet(nn.Module):
    output_stride_default = 4  # logits are at 1/4 of the input resolution

    def __init__(self, bins: torch.Tensor, widths: tuple[int, ...] = (32, 64, 128, 192),
                 context_dilations: tuple[int, ...] = (2, 2, 4), temperature: float = ANNEALED_TEMPERATURE,
                 confidence_k: float = 0.0, chroma_scale: float = 1.0):
        super().__init__()
        self.in_channels = 1
        self.proxy_size = 256
        self.downsampling = 2 ** (len(widths) - 1)
        self.output_stride = self.output_stride_default
        self.temperature = temperature
        self.confidence_k = confidence_k
        self.chroma_scale = chroma_scale
        self.config = dict(widths=tuple(widths), context_dilations=tuple(context_dilations))
        self.register_buffer("bins", bins.float())  # Q x 2, Lab a and b
        self.register_buffer("bin_ones", torch.ones(1, len(bins), 1, 1), persistent=False)  # sums over bins
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
        """Annealed mean of the bin distribution, scaled by the confidence -> ab (Lab units) at the logits'
        resolution. With k = 0 and s = 1 this is version 2's graph exactly."""
        probabilities = torch.softmax(logits / self.temperature, dim=1)
        ab = F.conv2d(probabilities, self.bins.t()[:, :, None, None])
        if self.confidence_k > 0:
            p = probabilities if self.temperature == 1.0 else torch.softmax(logits, dim=1)
            c = F.conv2d(p * p, self.bin_ones)
            k = self.confidence_k
            ab = ab * (c * (self.chroma_scale * (1 + k)) / (c + k))
        elif self.chroma_scale != 1.0:
            ab = ab * self.chroma_scale
        return ab

    def forward(self, lightness: torch.Tensor) -> torch.Tensor:
        ab = self.decode(self.logits(lightness))
        return F.interpolate(ab, scale_factor=float(self.output_stride), mode="bilinear", align_corners=False)

    def skeleton(self) -> "ColorizeNet":
        """Same topology, one channel per layer, two bins: for measuring the receptive field cheaply."""
        widths = (1,) * len(self.config["widths"])
        return ColorizeNet(torch.zeros(1, 2), widths, self.config["context_dilations"])


def load_onnx_weights(model: ColorizeNet, onnx_path) -> None:
    """Load the weights of an exported colorizer (BatchNormalization folded into its convolutions) into `model`:
    each convolution takes the ONNX weight, each BatchNorm becomes the identity plus the folded bias (eval mode).
    For starting a new version from a shipped ONNX file whose checkpoint is gone."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(onnx_path)).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    onnx_convs = [[inits[name] for name in node.input[1:] if name in inits]
                  for node in graph.node if node.op_type == "Conv" and len(node.input) > 1 and node.input[1] in inits]
    layers = []  # (conv, batchnorm or None) in forward order
    for module in model.modules():
        if isinstance(module, nn.Sequential) and isinstance(module[0], nn.Conv2d):
            layers.append((module[0], module[1] if isinstance(module[1], nn.BatchNorm2d) else None))
    layers.append((model.head, None))
    if len(onnx_convs) != len(layers) + 1:  # + the decoding's fixed 1x1 convolution over the bins
        raise ValueError(f"{onnx_path}: {len(onnx_convs)} convolutions, expected {len(layers) + 1}")
    with torch.no_grad():
        for (conv, norm), arrays in zip(layers, onnx_convs):
            weight = torch.from_numpy(arrays[0].copy())
            bias = torch.from_numpy(arrays[1].copy()) if len(arrays) > 1 else torch.zeros(weight.shape[0])
            conv.weight.copy_(weight)
            if norm is not None:
                norm.weight.fill_(1.0)
                norm.bias.copy_(bias)
                norm.running_mean.zero_()
                norm.running_var.fill_(1.0 - norm.eps)
            else:
                conv.bias.copy_(bias)
        bins = torch.from_numpy(onnx_convs[-1][0].copy())[:, :, 0, 0].t()
        if bins.shape != model.bins.shape or not torch.allclose(bins, model.bins):
            raise ValueError(f"{onnx_path}: its ab bins differ from this model's")
