"""Where training photographs come from, under which license, and which split they may serve.

Photographs are read in place from paths given on the command line (never copied into the repository). Every image
carries its source and license so the manifest written next to a trained model can list them. The BSDS500 `val`
split is evaluation-only: `collect_training_photos` refuses it, so a held-out image can never leak into training.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}

BSDS_SOURCE = "BSDS500 (BIDS/BSDS500 on GitHub, BSDS500/data/images)"
BSDS_LICENSE = "research benchmark; no explicit license"
TRAINING_SPLITS = ("train", "test")
HELD_OUT_SPLIT = "val"
# BSDS500 val, and the benchmark sets made from it (../shared/data/README.md: val contains all of CBSD68 and BSD100).
# scikit-image's bundled photographs (astronaut, camera, coffee, ...) are in the no-harm evaluation list
# (training/heldout/no_harm.txt, issue 16), so they are held out too.
HELD_OUT_MARKERS = ("/bsds500/val/", "/bsd68/", "/cbsd68/", "/bsd100/", "/skimage/data/")

# Licenses of the Debian packages that ship photographs (from /work/shared/data/README.md and the packages'
# debian/copyright), keyed by package-name prefix. The owning package comes from dpkg -S, else from the path prefix.
PACKAGE_LICENSES = {
    "mate-backgrounds": "GPL-2+",
    "lomiri-wallpapers": "CC-BY-4.0 / CC-BY-SA",
    "plasma-workspace-wallpapers": "GPL-2+",
    "opencv-doc": "Apache-2.0 / BSD-3-Clause",
}
PREFIX_PACKAGES = (
    ("/usr/share/backgrounds/mate/", "mate-backgrounds"),
    ("/usr/share/backgrounds/", "lomiri-wallpapers"),
    ("/usr/share/wallpapers/", "plasma-workspace-wallpapers"),
    ("/usr/share/doc/opencv-doc/", "opencv-doc"),
)


@dataclass(frozen=True)
class Photo:
    """One photograph usable for training or evaluation."""

    path: str
    source: str
    license: str


def sha256_file(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes, streamed so large wallpapers do not need to fit in memory twice."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _images_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def bsds_photos(bsds_root: str | os.PathLike, splits: tuple[str, ...]) -> list[Photo]:
    """BSDS500 images of the given splits, sorted by path so the order (and hence sampling) is stable."""
    root = Path(bsds_root)
    photos = []
    for split in splits:
        folder = root / split
        if not folder.is_dir():
            raise FileNotFoundError(f"BSDS500 split folder not found: {folder}")
        photos += [Photo(str(p), f"{BSDS_SOURCE} split {split}", BSDS_LICENSE) for p in _images_in(folder)]
    return photos


def _owning_packages(paths: list[str]) -> dict[str, str]:
    """Map path -> 'package version' using dpkg; empty where dpkg is unavailable or does not know the file."""
    owners: dict[str, str] = {}
    try:
        out = subprocess.run(["dpkg", "-S", *paths], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return owners
    for line in out.splitlines():
        package, _, path = line.partition(": ")
        owners[path.strip()] = package.split(":")[0].strip()
    versions: dict[str, str] = {}
    for package in set(owners.values()):
        result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
        versions[package] = result.stdout.strip()
    return {path: f"{pkg} {versions.get(pkg, '')}".strip() for path, pkg in owners.items()}


def _license_for(package: str) -> str:
    for name, license_text in PACKAGE_LICENSES.items():
        if package.startswith(name):
            return license_text
    return "unknown: check before training"


def listed_photos(list_file: str | os.PathLike) -> list[Photo]:
    """Photographs named one per line in `list_file` (the output of debian-photos.sh); blank lines ignored."""
    paths = [line.strip() for line in Path(list_file).read_text().splitlines() if line.strip()]
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"{list_file}: {len(missing)} listed photographs are missing, first: {missing[0]}")
    owners = _owning_packages(paths)
    photos = []
    for path in paths:
        package = owners.get(path) or next((pkg for pre, pkg in PREFIX_PACKAGES if path.startswith(pre)), "")
        source = f"Debian package {package}" if package else f"listed in {list_file}"
        photos.append(Photo(path, source, _license_for(package)))
    return photos


def is_held_out(path: str) -> bool:
    folder = str(Path(path).resolve().parent).lower() + "/"
    return any(marker in folder for marker in HELD_OUT_MARKERS)


def collect_training_photos(bsds_root: str | None, photo_list: str | None) -> list[Photo]:
    """All training photographs: BSDS500 train+test and the listed photos. Refuses any held-out image."""
    photos: list[Photo] = []
    if bsds_root:
        photos += bsds_photos(bsds_root, TRAINING_SPLITS)
    if photo_list:
        photos += listed_photos(photo_list)
    leaked = [p.path for p in photos if is_held_out(p.path)]
    if leaked:
        raise ValueError(f"held-out images (BSDS500 val and the sets built from it) must not be used for training: "
                         f"{leaked[0]}")
    if not photos:
        raise ValueError("no training photographs: give --bsds and/or --photo-list")
    return photos


def evaluation_photos(bsds_root: str) -> list[Photo]:
    """The held-out BSDS500 val split, used only by evaluation."""
    return bsds_photos(bsds_root, (HELD_OUT_SPLIT,))


def load_rgb(path: str, max_side: int | None = None) -> np.ndarray:
    """Decode to uint8 HxWx3 RGB; optionally shrink so the long side is at most `max_side` (area filter).

    Large wallpapers are shrunk once at load so the in-memory cache stays small and patches still show whole objects.
    """
    with Image.open(path) as image:
        image = image.convert("RGB")
        if max_side and max(image.size) > max_side:
            scale = max_side / max(image.size)
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            image = image.resize(size, Image.Resampling.BOX)
        return np.asarray(image, dtype=np.uint8).copy()
