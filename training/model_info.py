#!/usr/bin/env python3
"""Print each model's parameter count, compute (GMAC per megapixel, or per image for proxy models) and receptive
field, and whether it is within its issue's budget.
  python training/model_info.py
"""
from __future__ import annotations

from _common import set_threads

from conservator_ml.tasks import TASKS

# (max params, max GMAC per megapixel or None) per model, from issues 4 and 5
LIMITS = {"damage-unet": (2_000_000, 60.0), "inpaint-unet": (2_000_000, 60.0), "color-restore": (1_000_000, None),
          "colorize": (8_000_000, None)}


def main() -> None:
    set_threads(1)
    for name, task in TASKS.items():
        budget = task.measure(task.build_model())
        max_params, max_gmac = LIMITS[name]
        within = budget.params <= max_params and (max_gmac is None or budget.gmac_per_megapixel <= max_gmac)
        print(f"{name:14s} {budget.summary()}  [{'within budget' if within else 'OVER BUDGET'}]")


if __name__ == "__main__":
    main()
