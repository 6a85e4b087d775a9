#!/usr/bin/env python3
"""Write a train.py checkpoint holding the weights of an exported U-Net ONNX file (batch normalization already folded
into its convolutions), so a new version can be fine-tuned from a shipped one with `train.py --init-from`.

The ONNX file's Conv nodes are matched in graph order to the PyTorch model's convolutions in call order (shapes must
agree), and the result is checked against ONNX Runtime on a random input (max abs diff <= 1e-4).
  python training/onnx_to_checkpoint.py --model damage-unet --onnx Models/damage-unet@2.onnx \\
      --out training/runs/damage-unet-v2-weights/checkpoint.pt
"""
from __future__ import annotations

import argparse
from pathlib import Path

from _common import add_model_arg

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import numpy_helper

from conservator_ml.sources import sha256_file
from conservator_ml.tasks import get_task


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_arg(p)
    p.add_argument("--onnx", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args()
    graph = onnx.load(str(args.onnx)).graph
    tensors = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    tensors.update({n.output[0]: numpy_helper.to_array(n.attribute[0].t) for n in graph.node if n.op_type == "Constant"})
    convs = [n for n in graph.node if n.op_type == "Conv"]
    model = get_task(args.model).build_model()
    order: list[torch.nn.Conv2d] = []
    hooks = [m.register_forward_hook(lambda m, i, o: order.append(m)) for m in model.modules()
             if isinstance(m, torch.nn.Conv2d)]
    f = model.downsampling
    with torch.no_grad():
        model(torch.zeros(1, model.in_channels, 4 * f, 4 * f))
    for h in hooks:
        h.remove()
    if len(order) != len(convs):
        raise SystemExit(f"{len(convs)} Conv nodes in {args.onnx}, {len(order)} convolutions in {args.model}")
    for node, conv in zip(convs, order):
        weight = tensors[node.input[1]]
        if weight.shape != tuple(conv.weight.shape) or conv.bias is None:
            raise SystemExit(f"shape mismatch at {node.name}: {weight.shape} vs {tuple(conv.weight.shape)}")
        conv.weight.data = torch.from_numpy(weight.copy())
        conv.bias.data = torch.from_numpy(tensors[node.input[2]].copy())
    x = np.random.default_rng(0).random((1, model.in_channels, 8 * f, 12 * f), dtype=np.float32)
    session = ort.InferenceSession(str(args.onnx), providers=["CPUExecutionProvider"])
    expected = session.run(None, {session.get_inputs()[0].name: x})[0]
    with torch.no_grad():
        diff = float(np.abs(model(torch.from_numpy(x)).numpy() - expected).max())
    if diff > 1e-4:
        raise SystemExit(f"PyTorch differs from {args.onnx} by {diff}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict(), "optimizer": None, "step": 0, "train_seconds": 0.0,
                "settings": {"from_onnx": str(args.onnx), "onnx_sha256": sha256_file(args.onnx)}}, args.out)
    print(f"wrote {args.out} from {args.onnx} (max abs diff vs ONNX Runtime {diff:.2e})")


if __name__ == "__main__":
    main()
