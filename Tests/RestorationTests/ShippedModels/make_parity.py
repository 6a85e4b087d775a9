#!/usr/bin/env python3
"""Writes the parity fixtures of ShippedModelTests: for every model card in Models/, a fixed input and ONNX
Runtime's outputs for it, as .npy, listed in parity.json with the SHA-256 of the ONNX file they were made
from (the test refuses a shipped model whose fixtures were made from other bytes).

The input is a smooth synthetic "photograph" (low-frequency colour fields, edges and fine lines, values on the
8-bit grid) built from a fixed seed, shaped to each model's input contract: RGB for color-restore and
damage-unet, RGB with a hole plus its mask for inpaint-unet, L*/100 for colorize.

Regenerate after shipping or retraining a model (pip: onnx onnxruntime numpy), from the repository root:
    python3 Tests/RestorationTests/ShippedModels/make_parity.py
"""
import glob, hashlib, json, os
import numpy as np
import onnxruntime as ort
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "..", "..", "Models")


def synthetic_rgb(height, width, seed=11):
    """A deterministic test picture: colour gradients, a bright and a dark line, a disc; 8-bit levels."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    planes = []
    for c in range(3):
        fx, fy, phase = rng.uniform(0.5, 2.5), rng.uniform(0.5, 2.5), rng.uniform(0, 6.28)
        planes.append(0.5 + 0.35 * np.sin(fx * 6.28 * x / width + phase) * np.cos(fy * 6.28 * y / height))
    image = np.stack(planes)
    image[:, :, width // 3] = 0.95                               # a thin bright scratch
    image[:, height // 2, :] = 0.05                              # a thin dark line
    disc = (x - width * 0.7) ** 2 + (y - height * 0.3) ** 2 < (min(width, height) * 0.15) ** 2
    image[:, disc] = [[0.8], [0.6], [0.3]]
    return np.round(np.clip(image, 0, 1) * 255) / 255


def lightness(rgb):
    """CIELAB L*/100 (D65) of sRGB values, as the colorize stage feeds it."""
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126729 * linear[0] + 0.7151522 * linear[1] + 0.0721750 * linear[2]
    f = np.where(luminance > (6 / 29) ** 3, np.cbrt(luminance), luminance / (3 * (6 / 29) ** 2) + 4 / 29)
    return (116 * f - 16)[None] / 100


def model_input(card):
    """The fixed input for a model, from its card's I/O contract."""
    spec = card["io"]["inputs"][0]
    name, shape = spec["name"], spec["shape"].split("x")
    fixed = all(s.isdigit() for s in shape)
    height, width = (int(shape[2]), int(shape[3])) if fixed else (64, 96)
    rgb = synthetic_rgb(height, width)
    if shape[1] == "1":
        array = lightness(rgb)
    elif shape[1] == "4":
        hole = np.zeros((1, height, width))
        hole[:, 20:36, 30:50] = 1
        hole[:, :, 60:62] = 1
        array = np.concatenate([rgb * (1 - hole), hole])
    else:
        array = rgb
    return name, array[None].astype(np.float32)


def main():
    cases = []
    for card_path in sorted(glob.glob(os.path.join(MODELS, "*.card.yaml"))):
        card = yaml.safe_load(open(card_path))
        onnx_path = os.path.join(MODELS, card["file"]["onnx"])
        sha256 = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
        name, array = model_input(card)
        session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        outputs = session.run(None, {name: array})
        # name@version, so fixtures of two versions of one model sit side by side, as the models do
        stem = f"{card['name']}@{card['version']}"
        np.save(os.path.join(HERE, f"{stem}.in.{name}.npy"), array)
        case = {"model": stem, "sha256": sha256,
                "inputs": {name: f"{stem}.in.{name}.npy"}, "outputs": {}}
        for spec, value in zip(session.get_outputs(), outputs):
            np.save(os.path.join(HERE, f"{stem}.out.{spec.name}.npy"), value.astype(np.float32))
            case["outputs"][spec.name] = f"{stem}.out.{spec.name}.npy"
        cases.append(case)
        print(f"{case['model']}: input {list(array.shape)}, outputs {[list(o.shape) for o in outputs]}")
    with open(os.path.join(HERE, "parity.json"), "w") as f:
        json.dump(cases, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
