"""The damage synthesizer: a clean photo in, a damaged aged photo plus aligned masks and an aligned clean target out."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field, fields, replace

import numpy as np

from .ageing import AgeingParams, age_print, draw_ageing, scan_artifacts
from .damage import GENERATORS, KINDS, DamageParams


@dataclass
class SynthConfig:
    """Which kinds appear (each independently with its probability) and their parameters."""

    kind_prob: dict[str, float] = field(default_factory=lambda: {
        "scratch": 0.6, "dust": 0.6, "crack": 0.25, "tear": 0.2, "stain": 0.15, "flaking": 0.2})
    clean_prob: float = 0.08  # undamaged samples teach the detector that most of a photo is fine
    damage: DamageParams = field(default_factory=DamageParams)
    ageing: AgeingParams = field(default_factory=AgeingParams)


def _parse_value(text: str):
    """'1,2' -> (1, 2); '0.5' -> 0.5; 'true' -> True."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return ast.literal_eval(text if "," not in text else f"({text})")


def with_overrides(config: SynthConfig, settings: list[str]) -> SynthConfig:
    """Apply command-line settings: KIND.FIELD=VALUE (KIND a damage kind or 'ageing'), prob.KIND=P, clean_prob=P."""
    for setting in settings:
        key, _, text = setting.partition("=")
        value = _parse_value(text)
        group, _, name = key.partition(".")
        if key == "clean_prob":
            config = replace(config, clean_prob=float(value))
        elif group == "prob" and name in config.kind_prob:
            config = replace(config, kind_prob={**config.kind_prob, name: float(value)})
        elif group == "ageing" and name in {f.name for f in fields(config.ageing)}:
            config = replace(config, ageing=replace(config.ageing, **{name: value}))
        elif hasattr(config.damage, group) and name in {f.name for f in fields(getattr(config.damage, group))}:
            params = replace(getattr(config.damage, group), **{name: value})
            config = replace(config, damage=replace(config.damage, **{group: params}))
        else:
            raise ValueError(f"unknown synthesizer setting {setting!r}")
    return config


@dataclass
class DamageSample:
    damaged: np.ndarray  # HxWx3 float32: what the scanner sees
    target: np.ndarray  # HxWx3 float32: the same aged, scanned photograph without local damage
    mask: np.ndarray  # HxW bool: union of all kinds' masks
    kind_masks: dict[str, np.ndarray]  # kind -> HxW bool


class DamageSynthesizer:
    """Applies random local damage and global ageing with the caller's generator (so results follow the seed)."""

    def __init__(self, config: SynthConfig | None = None):
        self.config = config or SynthConfig()

    def choose_kinds(self, rng: np.random.Generator) -> tuple[str, ...]:
        if rng.random() < self.config.clean_prob:
            return ()
        chosen = tuple(k for k in KINDS if rng.random() < self.config.kind_prob.get(k, 0.0))
        return chosen or (KINDS[int(rng.integers(len(KINDS)))],)

    def __call__(self, image: np.ndarray, rng: np.random.Generator, kinds: tuple[str, ...] | None = None) -> DamageSample:
        """Damage `image` (HxWx3 float32 in [0,1]). `kinds` forces exactly those kinds (evaluation per kind)."""
        h, w = image.shape[:2]
        kinds = self.choose_kinds(rng) if kinds is None else kinds
        draw = draw_ageing(rng, h, w, self.config.ageing)
        aged = age_print(image, draw)
        damaged = aged
        kind_masks = {}
        for kind in KINDS:
            if kind in kinds:
                layer = GENERATORS[kind](rng, h, w, getattr(self.config.damage, kind))
                damaged = layer.apply(damaged)
                kind_masks[kind] = layer.mask
        mask = np.zeros((h, w), bool)
        for kind_mask in kind_masks.values():
            mask |= kind_mask
        return DamageSample(scan_artifacts(damaged, draw), scan_artifacts(aged, draw), mask, kind_masks)
