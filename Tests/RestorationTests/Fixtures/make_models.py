#!/usr/bin/env python3
"""Writes the tiny ONNX test models of RestorationTests and PipelineTests, with cards.

These are NOT trained models: every weight is fixed by hand so that the expected output is known exactly.
They follow the I/O conventions of issues 4 and 5, so the stages run them exactly as they will run the
trained damage-unet, inpaint-unet, color-restore and colorize:

  test-detector@1  1x3xHxW RGB -> 1x1xHxW: sigmoid(60 * (0.25 - mean(RGB))), i.e. "damage" = dark pixels
                   (mean below 0.25). 3x3 average first, so tiling has a real receptive field (radius 1).
  test-detector@2  the same with the line at 0.5: sigmoid(60 * (0.5 - mean(RGB))). A second version of one
                   model, side by side with the first, so tests can pin the older one while a newer one ships.
  test-inpainter@1 1x4xHxW (RGB with holes 0, mask) -> 1x3xHxW: RGB + 0.5 * mask, so every hole pixel
                   becomes 0.5 gray and known pixels come back unchanged.
  test-inpainter@2 1x4xHxW (RGB with holes filled by Telea, radius 5, mask; its card says `prefill: telea`)
                   -> 1x3xHxW: the RGB unchanged, so the stage's result is exactly its Telea prefill.
  test-color       1x3x256x256 proxy -> curves 1x3x16 (identity: i/15) and matrix 1x3x4 that swaps red
                   and blue ([[0,0,1,0],[0,1,0,0],[1,0,0,0]]), whatever the input.
  test-colorizer   1x1xHxW L*/100 -> 1x2xHxW a* = 20, b* = -30 everywhere (a constant bluish-violet tint).
  test-denoiser    1x3xHxW RGB -> 1x3xHxW: each channel's 3x3 mean (zero padding at the border), a "denoiser"
                   whose output is known exactly; its receptive field (radius 1) makes tiling matter.
  test-upscaler    1x3xHxW RGB -> 1x3x2Hx2W: each channel's 3x3 mean (zero padding) repeated over a 2x2 block
                   (a convolution to 12 channels, then DepthToSpace in CRD order): a x2 "super-resolution".

Run from the repository root:  python3 Tests/RestorationTests/Fixtures/make_models.py
(pip: onnx numpy). Output: Tests/RestorationTests/Fixtures/models/<name>@<version>.onnx and .card.yaml (the Models/ layout).
"""
import hashlib
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")


def save(model: onnx.ModelProto, name: str, multiple: int, version: int = 1, inputs: str = "") -> None:
    """`inputs`: the card's io.inputs in YAML flow style (what a stage reads from it, such as an inpainter's prefill)."""
    model.opset_import[0].version = 17
    model.ir_version = 8
    onnx.checker.check_model(model)
    stem = f"{name}@{version}"
    path = os.path.join(OUT, f"{stem}.onnx")
    data = model.SerializeToString()
    with open(path, "wb") as f:
        f.write(data)
    sha = hashlib.sha256(data).hexdigest()
    with open(os.path.join(OUT, f"{stem}.card.yaml"), "w") as f:
        f.write(f"# Test fixture with hand-set weights (Tests/RestorationTests/Fixtures/make_models.py); not a trained model.\n"
                f"name: {name}\nversion: {version}\ntask: test fixture\n"
                f"file: {{onnx: {stem}.onnx, sha256: {sha}, opset: 17}}\n"
                f"io: {{height_width_multiple_of: {multiple}{', inputs: ' + inputs if inputs else ''}}}\n")


def image_input(name, channels):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, channels, "H", "W"])


def detector(line: float = 0.25) -> onnx.ModelProto:
    # Conv 3->1, 3x3, each weight 1/27 (mean over RGB and a 3x3 neighbourhood), scaled by -60, bias 60 * line.
    w = np.full((1, 3, 3, 3), -60.0 / 27.0, dtype=np.float32)
    b = np.array([60.0 * line], dtype=np.float32)
    nodes = [helper.make_node("Conv", ["image", "w", "b"], ["logit"], pads=[1, 1, 1, 1]),
             helper.make_node("Sigmoid", ["logit"], ["probability"])]
    graph = helper.make_graph(nodes, "test-detector", [image_input("image", 3)], [image_input("probability", 1)],
                              [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    return helper.make_model(graph)


def inpainter(hole_gray: float = 0.5) -> onnx.ModelProto:
    w = np.zeros((3, 4, 1, 1), dtype=np.float32)
    for c in range(3):
        w[c, c, 0, 0] = 1.0
        w[c, 3, 0, 0] = hole_gray
    nodes = [helper.make_node("Conv", ["image_and_mask", "w"], ["image"])]
    graph = helper.make_graph(nodes, "test-inpainter", [image_input("image_and_mask", 4)], [image_input("image", 3)],
                              [numpy_helper.from_array(w, "w")])
    return helper.make_model(graph)


def color() -> onnx.ModelProto:
    curves = np.tile(np.linspace(0, 1, 16, dtype=np.float32), 3)
    matrix = np.array([[0, 0, 1, 0], [0, 1, 0, 0], [1, 0, 0, 0]], dtype=np.float32).reshape(-1)
    inits = [numpy_helper.from_array(np.zeros((3, 48), np.float32), "wc"),
             numpy_helper.from_array(curves, "bc"),
             numpy_helper.from_array(np.zeros((3, 12), np.float32), "wm"),
             numpy_helper.from_array(matrix, "bm"),
             numpy_helper.from_array(np.array([1, 3, 16], np.int64), "sc"),
             numpy_helper.from_array(np.array([1, 3, 4], np.int64), "sm")]
    nodes = [helper.make_node("GlobalAveragePool", ["proxy"], ["pooled"]),
             helper.make_node("Flatten", ["pooled"], ["flat"]),
             helper.make_node("Gemm", ["flat", "wc", "bc"], ["c"]),
             helper.make_node("Reshape", ["c", "sc"], ["curves"]),
             helper.make_node("Gemm", ["flat", "wm", "bm"], ["m"]),
             helper.make_node("Reshape", ["m", "sm"], ["matrix"])]
    graph = helper.make_graph(nodes, "test-color",
                              [helper.make_tensor_value_info("proxy", TensorProto.FLOAT, [1, 3, 256, 256])],
                              [helper.make_tensor_value_info("curves", TensorProto.FLOAT, [1, 3, 16]),
                               helper.make_tensor_value_info("matrix", TensorProto.FLOAT, [1, 3, 4])], inits)
    return helper.make_model(graph)


def colorizer() -> onnx.ModelProto:
    w = np.zeros((2, 1, 1, 1), dtype=np.float32)
    b = np.array([20.0, -30.0], dtype=np.float32)
    nodes = [helper.make_node("Conv", ["lightness", "w", "b"], ["ab"])]
    graph = helper.make_graph(nodes, "test-colorizer", [image_input("lightness", 1)], [image_input("ab", 2)],
                              [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    return helper.make_model(graph)


def denoiser() -> onnx.ModelProto:
    w = np.full((3, 1, 3, 3), 1.0 / 9.0, dtype=np.float32)  # depthwise: channel c's own 3x3 mean
    nodes = [helper.make_node("Conv", ["image", "w"], ["denoised"], pads=[1, 1, 1, 1], group=3)]
    graph = helper.make_graph(nodes, "test-denoiser", [image_input("image", 3)], [image_input("denoised", 3)],
                              [numpy_helper.from_array(w, "w")])
    return helper.make_model(graph)


def upscaler() -> onnx.ModelProto:
    w = np.zeros((12, 3, 3, 3), dtype=np.float32)
    for c in range(3):
        w[c * 4:(c + 1) * 4, c] = 1.0 / 9.0  # CRD: output channel c*4 + (2*dy + dx) becomes pixel (2y+dy, 2x+dx) of c
    nodes = [helper.make_node("Conv", ["image", "w"], ["blocks"], pads=[1, 1, 1, 1]),
             helper.make_node("DepthToSpace", ["blocks"], ["enlarged"], blocksize=2, mode="CRD")]
    graph = helper.make_graph(nodes, "test-upscaler", [image_input("image", 3)],
                              [helper.make_tensor_value_info("enlarged", TensorProto.FLOAT, [1, 3, "H2", "W2"])],
                              [numpy_helper.from_array(w, "w")])
    return helper.make_model(graph)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    save(detector(), "test-detector", 1)
    save(detector(0.5), "test-detector", 1, version=2)
    save(inpainter(), "test-inpainter", 1)
    save(inpainter(hole_gray=0.0), "test-inpainter", 1, version=2, inputs="[{prefill: telea, prefill_radius: 5}]")
    save(color(), "test-color", 1)
    save(colorizer(), "test-colorizer", 8)
    save(denoiser(), "test-denoiser", 1)
    save(upscaler(), "test-upscaler", 1)
    print("wrote", sorted(os.listdir(OUT)))
