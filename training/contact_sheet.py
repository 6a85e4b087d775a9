#!/usr/bin/env python3
"""Preview the synthesizers. Damage (default): one row per damage kind (plus ageing only and a random mix), each tile
a damaged photo followed by its mask overlaid in red, so kinds, parameters and mask alignment can be checked by eye.
Colour (--synth color): one row per colour-ageing kind, each tile the aged photo followed by its target.

Override any parameter with --set KIND.FIELD=VALUE (KIND: scratch, dust, crack, tear, stain, flaking, ageing), as
train.py accepts them, e.g.
  python training/contact_sheet.py --bsds ../shared/data/corpus/bsds500 --out training/runs/sheets/damage.png \
      --set scratch.width_px=1,2 --set ageing.jpeg_prob=1
"""
from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import _common  # noqa: F401  (puts conservator_ml on the path)
from conservator_ml.contact import overlay_mask, write_sheet
from conservator_ml.patches import PatchConfig, random_patch, rng_for
from conservator_ml.sources import bsds_photos, load_rgb
from conservator_ml.synth.ageing import AgeingParams
from conservator_ml.synth.color_ageing import COLOR_KINDS, SEPIA, ColorAgeing
from conservator_ml.synth.compose import DamageSynthesizer, SynthConfig, with_overrides
from conservator_ml.synth.damage import KINDS


def damage_rows(args, photos, patch_cfg) -> list:
    config = with_overrides(SynthConfig(clean_prob=0.0), args.set)
    synth = DamageSynthesizer(config)
    no_ageing = DamageSynthesizer(replace(config, ageing=AgeingParams(
        fade_prob=0, yellow_prob=0, sepia_prob=0, grain_prob=0, blur_prob=0, jpeg_prob=0)))
    rows = []
    for row_index, kind in enumerate(("ageing only", *KINDS, "mixed")):
        row = []
        for col in range(args.images):
            rng = rng_for(args.seed, row_index, col)
            image = random_patch(load_rgb(photos[int(rng.integers(len(photos)))].path), args.size, rng, patch_cfg)
            if kind == "ageing only":
                sample = synth(image, rng, kinds=())
            elif kind == "mixed":
                sample = synth(image, rng)
            else:
                sample = no_ageing(image, rng, kinds=(kind,)) if col == 0 else synth(image, rng, kinds=(kind,))
            label = kind if kind in ("ageing only", "mixed") else f"{kind}{' (no ageing)' if col == 0 else ''}"
            row += [(label, sample.damaged), ("mask", overlay_mask(sample.damaged, sample.mask))]
        rows.append(row)
    return rows


def color_rows(args, photos, patch_cfg) -> list:
    ageing = ColorAgeing()
    rows = []
    for row_index, kind in enumerate((*COLOR_KINDS, SEPIA, "mixed")):
        row = []
        for col in range(args.images):
            rng = rng_for(args.seed, row_index, col)
            image = random_patch(load_rgb(photos[int(rng.integers(len(photos)))].path), args.size, rng, patch_cfg)
            sample = ageing(image, rng, kinds=None if kind == "mixed" else (kind,))
            row += [("+".join(sample.kinds), sample.aged), ("target", sample.target)]
        rows.append(row)
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bsds", required=True, help="BSDS500 root; photos come from its train split")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--images", type=int, default=4, help="tiles per row")
    p.add_argument("--size", type=int, default=192, help="tile size in pixels")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--set", action="append", default=[], metavar="KIND.FIELD=VALUE")
    p.add_argument("--synth", choices=("damage", "color"), default="damage")
    args = p.parse_args()

    photos = bsds_photos(args.bsds, ("train",))
    patch_cfg = PatchConfig(monochrome_prob=0.0, min_scale=0.6)
    rows = (color_rows if args.synth == "color" else damage_rows)(args, photos, patch_cfg)
    print(f"wrote {write_sheet(rows, args.out)}")


if __name__ == "__main__":
    main()
