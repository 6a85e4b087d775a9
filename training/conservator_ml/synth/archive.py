"""Training damage for damage-unet version 3 (issue 16): the procedural kinds plus real-damage overlays, tones that
follow the print, and blur, grain, scanner noise and JPEG applied after the damage.

Differences from `compose.DamageSynthesizer` (which stays unchanged, so earlier evaluations remain comparable):
- MIT film-damage overlays (`overlays.py`, training split only) are pasted in about half of the samples;
- scratches, cracks, dust and flakes take, with `relative_prob`, the print's own tone darkened or lightened instead of
  a flat near-black or near-white;
- a kind's label is its thresholded alpha *and* a visible change (`visible_delta`), so a dark scratch over a black
  coat or a white one over a white sky is not labelled damage the photograph does not show;
- the scan (blur, grain, scanner noise with faint row banding, JPEG) comes after all damage, as on a real scanner.
`clean(image, rng)` gives the same scan of an undamaged patch with an empty mask (hard negatives).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from .ageing import AgeingParams, age_print, draw_ageing, jpeg_roundtrip
from .compose import DamageSample, SynthConfig
from .damage import GENERATORS, KINDS
from .overlays import OverlayBank, OverlayParams, paste_overlays, print_tone, visible_mask

# The procedural kinds appear less often than in SynthConfig: overlays take part of their place.
ARCHIVE_KIND_PROB = {"scratch": 0.4, "dust": 0.3, "crack": 0.2, "tear": 0.12, "stain": 0.1, "flaking": 0.12}
# Before-damage ageing only (fading, yellowing, sepia, print grain); the scan's blur and JPEG are done in `scan`.
PRINT_AGEING = AgeingParams(blur_prob=0.0, jpeg_prob=0.0, grain_prob=0.3)


@dataclass
class ScanParams:
    blur_prob: float = 0.5
    blur_sigma: tuple[float, float] = (0.3, 1.3)
    grain_prob: float = 0.5
    grain_sigma: tuple[float, float] = (0.004, 0.03)
    noise_prob: float = 0.5
    noise_sigma: tuple[float, float] = (0.002, 0.015)
    banding_prob: float = 0.2
    jpeg_prob: float = 0.5
    jpeg_quality: tuple[int, int] = (35, 95)


@dataclass
class ArchiveConfig:
    procedural: SynthConfig = field(default_factory=lambda: SynthConfig(kind_prob=dict(ARCHIVE_KIND_PROB),
                                                                        ageing=PRINT_AGEING))
    overlay_prob: float = 0.55
    only_overlay_prob: float = 0.35  # of the samples with overlays: no procedural kinds at all
    overlays: OverlayParams = field(default_factory=OverlayParams)
    relative_prob: float = 0.5
    visible_delta: float = 0.04
    scan: ScanParams = field(default_factory=ScanParams)


class ScanDraw:
    """One random scan (blur, grain, noise, banding, JPEG), replayable on the undamaged image."""

    def __init__(self, rng: np.random.Generator, h: int, w: int, p: ScanParams):
        self.blur = float(rng.uniform(*p.blur_sigma)) if rng.random() < p.blur_prob else None
        self.grain = None
        if rng.random() < p.grain_prob:
            g = cv2.GaussianBlur(rng.standard_normal((h, w)).astype(np.float32), (0, 0), float(rng.uniform(0.5, 1.2)))
            self.grain = g * (float(rng.uniform(*p.grain_sigma)) / max(float(g.std()), 1e-6))
        self.noise = None
        if rng.random() < p.noise_prob:
            self.noise = rng.standard_normal((h, w, 3)).astype(np.float32) * float(rng.uniform(*p.noise_sigma))
            if rng.random() < p.banding_prob:
                self.noise += rng.standard_normal((h, 1, 1)).astype(np.float32) * float(rng.uniform(0.002, 0.008))
        self.jpeg = int(rng.integers(p.jpeg_quality[0], p.jpeg_quality[1] + 1)) if rng.random() < p.jpeg_prob else None

    def __call__(self, image: np.ndarray) -> np.ndarray:
        out = image
        if self.blur is not None:
            out = cv2.GaussianBlur(out, (0, 0), self.blur)
        if self.grain is not None:
            out = out + self.grain[..., None]
        if self.noise is not None:
            out = out + self.noise
        out = np.clip(out, 0.0, 1.0)
        if self.jpeg is not None:
            out = jpeg_roundtrip(out, self.jpeg)
        return np.ascontiguousarray(out, dtype=np.float32)


class ArchiveSynthesizer:
    """Procedural kinds + overlays on a print-aged photo, then the scan; masks as described in the module doc."""

    def __init__(self, overlay_root: str | None, config: ArchiveConfig | None = None, split: str = "train"):
        self.config = config or ArchiveConfig()
        self.bank = OverlayBank(overlay_root, split) if overlay_root else None

    def _procedural(self, image: np.ndarray, rng: np.random.Generator, kinds) -> tuple[np.ndarray, dict]:
        h, w = image.shape[:2]
        cfg = self.config.procedural
        out, masks = image, {}
        for kind in KINDS:
            if kind not in kinds:
                continue
            layer = GENERATORS[kind](rng, h, w, getattr(cfg.damage, kind))
            if layer.mode == "over" and kind != "tear" and rng.random() < self.config.relative_prob:
                dark = float(layer.color.mean()) < 0.5
                layer.color = print_tone(out, rng, dark, relative=True)
            before = out
            out = layer.apply(out)
            mask = layer.mask
            if layer.mode == "over":
                mask = visible_mask(before, out, layer.alpha, layer.mask_threshold, self.config.visible_delta)
            masks[kind] = mask
        return out, masks

    def __call__(self, image: np.ndarray, rng: np.random.Generator,
                 kinds: tuple[str, ...] | None = None) -> DamageSample:
        h, w = image.shape[:2]
        cfg = self.config
        aged = age_print(image, draw_ageing(rng, h, w, cfg.procedural.ageing))
        use_overlays = self.bank is not None and rng.random() < cfg.overlay_prob
        if kinds is None:
            if use_overlays and rng.random() < cfg.only_overlay_prob:
                kinds = ()
            else:
                kinds = tuple(k for k in KINDS if rng.random() < cfg.procedural.kind_prob.get(k, 0.0))
                if not kinds and not use_overlays:
                    kinds = (KINDS[int(rng.integers(len(KINDS)))],)
        damaged, masks = self._procedural(aged, rng, kinds)
        if use_overlays:
            damaged, _, overlay_masks = paste_overlays(damaged, rng, self.bank, cfg.overlays)
            for kind, m in overlay_masks.items():
                masks[f"overlay_{kind}"] = m
        mask = np.zeros((h, w), bool)
        for m in masks.values():
            mask |= m
        scan = ScanDraw(rng, h, w, cfg.scan)
        return DamageSample(scan(damaged), scan(aged), mask, masks)

    def clean(self, image: np.ndarray, rng: np.random.Generator) -> DamageSample:
        """An undamaged print, aged and scanned like the damaged ones, with an empty mask (a hard negative)."""
        h, w = image.shape[:2]
        aged = age_print(image, draw_ageing(rng, h, w, self.config.procedural.ageing))
        scanned = ScanDraw(rng, h, w, self.config.scan)(aged)
        return DamageSample(scanned, scanned, np.zeros((h, w), bool), {})
