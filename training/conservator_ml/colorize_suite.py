"""Colorization judged as the app shows it (issue 17): grey versions of held-out colour photographs, colorized exactly as
the Swift stage does it, compared with the truth and with the grey input itself.

The stage (Sources/Restoration/Stages/Colorization.swift, Imaging/ProxyGrid.swift, Resampling.swift,
BilinearSampling.swift), reproduced here in NumPy:
  L* of the input at full resolution -> L*/100 area-averaged (integer box bounds) to a proxy of long side 256 (never
  enlarged, aspect kept, sides rounded) -> mirrored at the right and bottom to a multiple of 8 -> network -> cropped
  back -> a*, b* upsampled bilinearly (half-pixel centres, clamped) -> joined with the full-resolution L*.

Held-out photographs: bsds500/val (never trained on) is split once, by file name, into a calibration part (picks the
decoding of version 3) and a test part (reported); scikit-image's colour photographs, never trained on by any
version, join the test part. Faces: boxes found by scikit-image's LBP frontal-face cascade on the val images and
scikit-image's photographs, then checked by eye (false detections on statues, rocks, windows dropped): FACE_BOXES.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .color_metrics import ciede2000, colorfulness, lab_to_srgb, srgb_to_lab

PROXY_LONG_SIDE = 256
SIZE_MULTIPLE = 8

# Centre crops of the largest rectangle of each width:height ratio ("native" = the whole photograph).
ASPECTS = {"native": None, "1:1": 1.0, "3:2": 1.5, "2:3": 2 / 3, "16:9": 16 / 9}

# Faces (x, y, width, height in the original photograph's pixels): the LBP cascade's detections kept by eye.
FACE_BOXES = {
    "119082.jpg": [(211, 87, 30, 30)],
    "216081.jpg": [(333, 55, 31, 31), (124, 71, 28, 28)],
    "229036.jpg": [(140, 95, 51, 51)],
    "302008.jpg": [(53, 121, 119, 119)],
    "376043.jpg": [(134, 113, 51, 51)],
    "astronaut.png": [(177, 71, 85, 85)],
}
SKIMAGE_PHOTOS = ("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png")

# Targets (issue 17).
TARGET_COLORFULNESS = (0.6, 1.2)
TARGET_FACE_AB = 12.0


@dataclass(frozen=True)
class HeldOut:
    name: str
    path: str
    faces: tuple = ()


def skimage_photo_dir() -> Path:
    import skimage.data
    return Path(os.path.dirname(skimage.data.__file__))


def is_calibration(name: str) -> bool:
    """The calibration part of bsds500/val: about 40 of its 100 images, never an image with a face box (faces are
    few and all are kept for the test). Decided by the file name alone, so the split never changes."""
    return name not in FACE_BOXES and int(Path(name).stem) % 5 in (0, 2)


def heldout_split(bsds_root: str) -> tuple[list[HeldOut], list[HeldOut]]:
    """(calibration, test): bsds500/val split by is_calibration; the test part adds scikit-image's photographs."""
    val = sorted(Path(bsds_root, "val").glob("*.jpg"))
    calibration = [HeldOut(p.name, str(p)) for p in val if is_calibration(p.name)]
    test = [HeldOut(p.name, str(p), tuple(FACE_BOXES.get(p.name, ()))) for p in val if not is_calibration(p.name)]
    folder = skimage_photo_dir()
    test += [HeldOut(n, str(folder / n), tuple(FACE_BOXES.get(n, ()))) for n in SKIMAGE_PHOTOS if (folder / n).is_file()]
    return calibration, test


# --- the Swift stage, in NumPy ---------------------------------------------------------------------------------

def proxy_grid(height: int, width: int, long_side: int = PROXY_LONG_SIDE, multiple: int = SIZE_MULTIPLE):
    """(proxy h, proxy w, padded h, padded w), as ProxyGrid."""
    scale = min(1.0, long_side / max(width, height))
    w = max(1, int(np.floor(width * scale + 0.5)))  # Swift's .rounded(): half away from zero
    h = max(1, int(np.floor(height * scale + 0.5)))
    return h, w, -(-h // multiple) * multiple, -(-w // multiple) * multiple


def area_resize(plane: np.ndarray, to_h: int, to_w: int) -> np.ndarray:
    """Resampling.area: the mean over integer box bounds [o*n/to, max(lo+1, (o+1)*n/to))."""
    h, w = plane.shape
    integral = np.zeros((h + 1, w + 1))
    integral[1:, 1:] = plane.astype(np.float64).cumsum(0).cumsum(1)
    oy, ox = np.arange(to_h), np.arange(to_w)
    y0 = oy * h // to_h
    y1 = np.maximum(y0 + 1, (oy + 1) * h // to_h)
    x0 = ox * w // to_w
    x1 = np.maximum(x0 + 1, (ox + 1) * w // to_w)
    total = (integral[y1][:, x1] - integral[y0][:, x1] - integral[y1][:, x0] + integral[y0][:, x0])
    return (total / ((y1 - y0)[:, None] * (x1 - x0)[None, :])).astype(np.float32)


def mirror_index(index: np.ndarray, count: int) -> np.ndarray:
    """ProxyGrid.mirror: reflection without repeating the edge, periodic; a single sample is repeated."""
    if count <= 1:
        return np.zeros_like(index)
    period = 2 * (count - 1)
    folded = index % period
    return np.where(folded < count, folded, period - folded)


def mirror_pad(plane: np.ndarray, padded_h: int, padded_w: int) -> np.ndarray:
    h, w = plane.shape
    return plane[mirror_index(np.arange(padded_h), h)][:, mirror_index(np.arange(padded_w), w)]


def _bilinear_axis(source: int, target: int):
    f = np.maximum(0.0, (np.arange(target) + 0.5) * (source / target) - 0.5).astype(np.float32)
    i0 = np.minimum(f.astype(int), source - 1)
    return i0, np.minimum(i0 + 1, source - 1), (f - i0).astype(np.float32)


def bilinear_resize(plane: np.ndarray, to_h: int, to_w: int) -> np.ndarray:
    """BilinearSampling (half-pixel centres, coordinates clamped at 0, last sample repeated)."""
    h, w = plane.shape
    y0, y1, wy = _bilinear_axis(h, to_h)
    x0, x1, wx = _bilinear_axis(w, to_w)
    rows = plane[y0] * (1 - wy)[:, None] + plane[y1] * wy[:, None]
    return rows[:, x0] * (1 - wx) + rows[:, x1] * wx


def stage_colorize(grey: np.ndarray, network: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """HxWx3 grey sRGB [0,1] -> colorized sRGB, as the app's colorize stage. `network`: 1x1xHxW L/100 -> 1x2xHxW."""
    lightness = srgb_to_lab(grey)[..., 0]
    h, w = lightness.shape
    ph, pw, padded_h, padded_w = proxy_grid(h, w)
    small = area_resize((lightness / 100).astype(np.float32), ph, pw)
    ab = network(mirror_pad(small, padded_h, padded_w)[None, None].astype(np.float32))[0, :, :ph, :pw]
    a, b = (bilinear_resize(ab[i], h, w) for i in range(2))
    return lab_to_srgb(np.stack([lightness, a, b], axis=-1))


def onnx_network(path: str | Path, threads: int = 1) -> Callable[[np.ndarray], np.ndarray]:
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return lambda x: session.run(None, {name: np.ascontiguousarray(x, np.float32)})[0]


# --- photographs, crops, baselines -----------------------------------------------------------------------------

def to_grey(rgb: np.ndarray) -> np.ndarray:
    """The truth reduced to its L* (a* = b* = 0), as sRGB."""
    return lab_to_srgb(srgb_to_lab(rgb) * np.array([1.0, 0.0, 0.0]))


def centre_crop(height: int, width: int, ratio: float | None) -> tuple[int, int, int, int]:
    """(y, x, h, w) of the largest centred rectangle with width/height = ratio (None: the whole image)."""
    if ratio is None:
        return 0, 0, height, width
    if width / height > ratio:
        w = max(1, int(round(height * ratio)))
        return 0, (width - w) // 2, height, w
    h = max(1, int(round(width / ratio)))
    return (height - h) // 2, 0, h, width


def faces_in_crop(faces, crop: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """Face boxes wholly inside the crop, in the crop's coordinates."""
    y, x, h, w = crop
    return [(fx - x, fy - y, fw, fh) for fx, fy, fw, fh in faces
            if fx >= x and fy >= y and fx + fw <= x + w and fy + fh <= y + h]


def face_ab_error(out_lab: np.ndarray, truth_lab: np.ndarray, box) -> float:
    """Mean a*b* distance inside the central part of a face box (10% trimmed at each side: hair and background)."""
    x, y, w, h = box
    mx, my = int(round(w * 0.1)), int(round(h * 0.1))
    region = (slice(y + my, y + h - my), slice(x + mx, x + w - mx))
    d = out_lab[region][..., 1:] - truth_lab[region][..., 1:]
    return float(np.sqrt((d**2).sum(-1)).mean())


@dataclass
class ReferenceColours:
    """A classical baseline: chroma from a reference set of colour photographs (the models' training photographs),
    either one global mean a*b* ('tint') or the mean a*b* of the reference pixels of the same L* (5-unit bins)."""

    mean_ab: np.ndarray
    ab_by_lightness: np.ndarray  # 21 x 2, L* bins of 5
    images: int

    @classmethod
    def from_photos(cls, paths: list[str], max_side: int = 160) -> "ReferenceColours":
        from .sources import load_rgb
        sums, counts = np.zeros((21, 2)), np.zeros(21)
        for path in paths:
            lab = srgb_to_lab(load_rgb(path, max_side).astype(np.float32) / 255).reshape(-1, 3)
            index = np.clip((lab[:, 0] / 5).round().astype(int), 0, 20)
            np.add.at(sums, index, lab[:, 1:])
            counts += np.bincount(index, minlength=21)
        mean_ab = sums.sum(0) / counts.sum()
        by_l = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], mean_ab)
        return cls(mean_ab.astype(np.float32), by_l.astype(np.float32), len(paths))

    def tint(self, grey: np.ndarray) -> np.ndarray:
        lab = srgb_to_lab(grey)
        lab[..., 1:] = self.mean_ab
        return lab_to_srgb(lab)

    def by_lightness(self, grey: np.ndarray) -> np.ndarray:
        lab = srgb_to_lab(grey)
        grid = np.arange(21) * 5.0
        lab[..., 1] = np.interp(lab[..., 0], grid, self.ab_by_lightness[:, 0])
        lab[..., 2] = np.interp(lab[..., 0], grid, self.ab_by_lightness[:, 1])
        return lab_to_srgb(lab)


# --- the suite ---------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    delta_e: list = field(default_factory=list)
    delta_e_grey: list = field(default_factory=list)
    colorfulness: list = field(default_factory=list)
    colorfulness_truth: list = field(default_factory=list)
    face_ab: list = field(default_factory=list)
    face_ab_grey: list = field(default_factory=list)

    def summary(self) -> dict:
        de, de_grey = float(np.mean(self.delta_e)), float(np.mean(self.delta_e_grey))
        ratio = float(np.mean(self.colorfulness) / max(np.mean(self.colorfulness_truth), 1e-6))
        out = {"images": len(self.delta_e), "mean_ciede2000": round(de, 3), "mean_ciede2000_grey": round(de_grey, 3),
               "grey_minus_ours": round(de_grey - de, 3),
               "better_than_grey_share": round(float(np.mean(np.array(self.delta_e) < np.array(self.delta_e_grey))), 3),
               "colorfulness_ratio": round(ratio, 3), "faces": len(self.face_ab)}
        if self.face_ab:
            out["face_ab_error"] = round(float(np.mean(self.face_ab)), 2)
            out["face_ab_error_grey"] = round(float(np.mean(self.face_ab_grey)), 2)
        return out


def run_suite(photos: list[HeldOut], methods: dict[str, Callable[[np.ndarray], np.ndarray]],
              aspects: dict[str, float | None] = ASPECTS, sheet_names: tuple[str, ...] = (),
              sheet_height: int = 200, progress: Callable[[str], None] | None = None):
    """Every method on every photograph's grey version at every aspect crop. Returns (results, per_image, rows):
    results[method][aspect] = Tally.summary() plus an 'all' aspect; rows are contact-sheet rows (native crop) for
    the photographs in `sheet_names` (then face close-ups)."""
    from .sources import load_rgb
    tallies = {m: {a: Tally() for a in (*aspects, "all")} for m in methods}
    per_image, rows, face_rows = [], [], []
    for photo in photos:
        full = load_rgb(photo.path).astype(np.float32) / 255
        for aspect, ratio in aspects.items():
            crop = centre_crop(*full.shape[:2], ratio)
            y, x, h, w = crop
            truth = full[y:y + h, x:x + w]
            truth_lab = srgb_to_lab(truth)
            grey = to_grey(truth)
            grey_de = float(ciede2000(srgb_to_lab(grey), truth_lab).mean())
            faces = faces_in_crop(photo.faces, crop)
            grey_faces = [face_ab_error(srgb_to_lab(grey), truth_lab, f) for f in faces]
            record = {"image": photo.name, "aspect": aspect, "size_hw": [h, w], "ciede2000_grey": round(grey_de, 3)}
            outputs = {}
            for method, colorize in methods.items():
                out = outputs[method] = colorize(grey)
                out_lab = srgb_to_lab(out)
                de = float(ciede2000(out_lab, truth_lab).mean())
                for t in (tallies[method][aspect], tallies[method]["all"]):
                    t.delta_e.append(de)
                    t.delta_e_grey.append(grey_de)
                    t.colorfulness.append(colorfulness(out))
                    t.colorfulness_truth.append(colorfulness(truth))
                    for f, g in zip(faces, grey_faces):
                        t.face_ab.append(face_ab_error(out_lab, truth_lab, f))
                        t.face_ab_grey.append(g)
                record[f"ciede2000_{method}"] = round(de, 3)
            per_image.append(record)
            if aspect == "native" and photo.name in sheet_names:
                rows.append([(f"{photo.name} grey", grey)] + [(m, o) for m, o in outputs.items()]
                            + [("truth", truth)])
            if aspect == "native":
                for fx, fy, fw, fh in faces:
                    m = fw // 2
                    region = (slice(max(0, fy - m), fy + fh + m), slice(max(0, fx - m), fx + fw + m))
                    face_rows.append([(f"face {photo.name}", grey[region])] + [(k, o[region]) for k, o in outputs.items()]
                                     + [("truth", truth[region])])
        if progress:
            progress(photo.name)
    results = {m: {a: t.summary() for a, t in by_aspect.items()} for m, by_aspect in tallies.items()}
    rows = [[(label, _fit(img, sheet_height)) for label, img in row] for row in rows]
    rows += [[(label, _fit(img, 160)) for label, img in row] for row in face_rows]
    return results, per_image, rows


def _fit(image: np.ndarray, height: int) -> np.ndarray:
    import cv2
    h, w = image.shape[:2]
    size = (max(1, round(w * height / h)), height)
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if h > height else cv2.INTER_CUBIC)


def format_table(results: dict) -> str:
    """One line per method and aspect: every figure beside the grey input's."""
    lines = [f"{'method':15s} {'aspect':7s} {'n':>3s} {'dE':>6s} {'dE grey':>7s} {'grey-ours':>9s} {'better':>6s} "
             f"{'colour x':>8s} {'faces':>5s} {'face ab':>7s} {'grey ab':>7s}"]
    for method, by_aspect in results.items():
        for aspect, s in by_aspect.items():
            lines.append(f"{method:15s} {aspect:7s} {s['images']:3d} {s['mean_ciede2000']:6.2f} "
                         f"{s['mean_ciede2000_grey']:7.2f} {s['grey_minus_ours']:9.2f} {s['better_than_grey_share']:6.0%} "
                         f"{s['colorfulness_ratio']:8.2f} {s['faces']:5d} {s.get('face_ab_error', float('nan')):7.2f} "
                         f"{s.get('face_ab_error_grey', float('nan')):7.2f}")
    return "\n".join(lines)
