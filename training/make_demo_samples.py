#!/usr/bin/env python3
"""Writes the demo's sample photographs (Samples/*.png): public-domain and CC0 photographs shipped with
scikit-image, aged and damaged by this package's synthesizers with fixed seeds, so `make demo` restores
real pictures with real-looking faults. Sources and licences are in Samples/NOTICE.md.

    pip install scikit-image==0.26.0
    python3 training/make_demo_samples.py        # from the repository root; deterministic
"""
import os

import numpy as np
from PIL import Image
from skimage import data

from conservator_ml.synth.color_ageing import ColorAgeing
from conservator_ml.synth.compose import DamageSynthesizer

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Samples")

# name, scikit-image loader, colour ageing kinds (None: keep the colours), damage kinds, seed
SAMPLES = [
    ("camera-glass-plate", data.camera, None, ("scratch", "dust", "crack"), 1923),
    ("coffee-colour-print", data.coffee, ("dye_fade", "yellowing"), ("scratch", "dust"), 1958),
    ("chelsea-cabinet-card", data.chelsea, ("yellowing", "contrast_loss"), ("dust", "stain"), 1890),
    ("rocket-launch-print", data.rocket, ("dye_fade", "color_cast"), ("scratch",), 1971),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, load, ageing, damage, seed in SAMPLES:
        rng = np.random.default_rng(seed)
        pixels = load()
        gray = pixels.ndim == 2
        image = np.repeat(pixels[..., None], 3, axis=2) if gray else pixels[..., :3]
        image = image.astype(np.float32) / 255.0
        if ageing:
            image = ColorAgeing()(image, rng, kinds=ageing).aged
        damaged = DamageSynthesizer()(image, rng, kinds=damage).damaged
        out = np.clip(np.round(damaged * 255), 0, 255).astype(np.uint8)
        picture = Image.fromarray(out[..., 0] if gray else out, "L" if gray else "RGB")
        path = os.path.join(OUT, f"{name}.png")
        picture.save(path, optimize=True)
        print(f"{path}: {picture.size[0]}x{picture.size[1]} {'grey' if gray else 'RGB'}, "
              f"ageing {ageing or 'none'}, damage {damage}, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
