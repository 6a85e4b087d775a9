"""ONNX export (opset 17, dynamic H and W), checked against the inference core's operator contract and PyTorch.

The legacy TorchScript exporter is used on purpose: it maps nearest interpolation to a single Resize with constant
scales and emits no shape sub-graphs for these fully convolutional models, which is the simplest graph for our core.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch

OPSET = 17
PARITY_TOLERANCE = 1e-4

# The operator contract of the inference core (issue 3, item 2).
CONTRACT_OPS = {
    "Conv", "ConvTranspose", "Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Clip", "HardSigmoid", "Elu",
    "Add", "Sub", "Mul", "Div", "Concat", "Split", "Slice", "MaxPool", "AveragePool", "GlobalAveragePool",
    "Resize", "Upsample", "BatchNormalization", "InstanceNormalization", "Pad", "DepthToSpace", "SpaceToDepth",
    "Reshape", "Transpose", "Flatten", "Gemm", "MatMul", "Softmax", "ReduceMean", "Constant", "Identity",
    "Squeeze", "Unsqueeze",
}
RESIZE_MODES = {"nearest", "linear"}


def export(model: torch.nn.Module, path: Path, in_channels: int, input_name: str, output_names: list[str],
           dynamic_hw: bool = True, example_hw: tuple[int, int] = (64, 64)) -> Path:
    model = model.eval().cpu()
    example = torch.rand(1, in_channels, *example_hw, generator=torch.Generator().manual_seed(0))
    axes = {input_name: {2: "height", 3: "width"}, **{name: {2: "height", 3: "width"} for name in output_names}}
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():  # the legacy exporter's deprecation notice: chosen deliberately, see module doc
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(model, (example,), str(path), dynamo=False, opset_version=OPSET, input_names=[input_name],
                          output_names=output_names, dynamic_axes=axes if dynamic_hw else None,
                          do_constant_folding=True)
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)
    return path


def contract_violations(path: Path) -> list[str]:
    """Operators or attributes outside the inference core's contract (empty list = fine)."""
    graph = onnx.load(str(path)).graph
    problems = []
    for node in graph.node:
        if node.op_type not in CONTRACT_OPS:
            problems.append(f"{node.name}: operator {node.op_type} is not in the contract")
        if node.op_type == "Resize":
            mode = next((a.s.decode() for a in node.attribute if a.name == "mode"), "nearest")
            if mode not in RESIZE_MODES:
                problems.append(f"{node.name}: Resize mode {mode} is not in the contract")
    return problems


def operators_used(path: Path) -> list[str]:
    return sorted({node.op_type for node in onnx.load(str(path)).graph.node})


def parity(model: torch.nn.Module, path: Path, in_channels: int, sizes: list[tuple[int, int]], seed: int = 0) -> float:
    """Max abs difference between PyTorch and ONNX Runtime on fixed random inputs of several sizes."""
    model = model.eval().cpu()
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    worst = 0.0
    for index, (h, w) in enumerate(sizes):
        x = torch.rand(1, in_channels, h, w, generator=torch.Generator().manual_seed(seed + index))
        with torch.no_grad():
            expected = model(x)
        expected = expected if isinstance(expected, (tuple, list)) else (expected,)
        got = session.run(None, {input_name: x.numpy()})
        for e, g in zip(expected, got):
            worst = max(worst, float(np.abs(e.numpy() - g).max()))
    return worst
