"""Contact sheets: grids of labelled image tiles written as PNG, for people to look at."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

LABEL_HEIGHT = 16


def as_rgb8(image: np.ndarray) -> np.ndarray:
    """float [0,1] HxW or HxWx3 -> uint8 HxWx3 (masks shown as white on black)."""
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    return np.round(np.clip(image.astype(np.float32), 0.0, 1.0) * 255).astype(np.uint8)


def overlay_mask(image: np.ndarray, mask: np.ndarray, color=(1.0, 0.0, 0.3), opacity: float = 0.6) -> np.ndarray:
    """The image with mask pixels tinted, to check alignment by eye."""
    a = mask.astype(np.float32)[..., None] * opacity
    return image * (1 - a) + np.asarray(color, np.float32) * a


def labelled(tile: np.ndarray, label: str) -> np.ndarray:
    bar = np.full((LABEL_HEIGHT, tile.shape[1], 3), 255, np.uint8)
    cv2.putText(bar, label[: max(1, tile.shape[1] // 7)], (2, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
    return np.vstack([bar, tile])


def write_sheet(rows: list[list[tuple[str, np.ndarray]]], path: str | Path, gap: int = 4) -> Path:
    """Write rows of (label, image) tiles; tiles in a row share a height, rows are padded to the widest."""
    rendered = []
    for row in rows:
        tiles = [labelled(as_rgb8(img), label) for label, img in row]
        height = max(t.shape[0] for t in tiles)
        tiles = [np.pad(t, ((0, height - t.shape[0]), (0, gap), (0, 0)), constant_values=255) for t in tiles]
        rendered.append(np.hstack(tiles))
    width = max(r.shape[1] for r in rendered)
    rendered = [np.pad(r, ((0, gap), (0, width - r.shape[1]), (0, 0)), constant_values=255) for r in rendered]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.vstack(rendered)).save(path)
    return path
