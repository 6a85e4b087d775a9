"""Tests run without the shared datasets: photographs are synthesized into a temporary folder."""
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

TRAINING = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TRAINING))
torch.set_num_threads(1)


@pytest.fixture(scope="session")
def photo_list(tmp_path_factory) -> Path:
    """Six smooth random 'photographs' and a list file naming them (the --photo-list format)."""
    folder = tmp_path_factory.mktemp("photos")
    rng = np.random.default_rng(0)
    paths = []
    for i in range(6):
        small = rng.integers(0, 256, (12, 16, 3), dtype=np.uint8)
        path = folder / f"photo{i}.png"
        Image.fromarray(small).resize((160, 120), Image.Resampling.BICUBIC).save(path)
        paths.append(str(path))
    listing = folder / "photos.txt"
    listing.write_text("\n".join(paths) + "\n")
    return listing
