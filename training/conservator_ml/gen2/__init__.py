"""A second, independent damage generator, for evaluation only (issue 16).

Written separately from `synth/` and sharing none of its code, shapes or statistics, so a detector trained on
`synth/` (and the film-damage overlays) can be scored on damage it has never seen: leave-one-generator-out.
Never used by train.py.
"""
from .generator import KINDS, Gen2Sample, generate

__all__ = ["KINDS", "Gen2Sample", "generate"]
