"""Checkpoints that let a run stop at any step and resume in a later session with the same result.

The data stream is a function of (seed, step), so a checkpoint needs only model, optimizer, step and the time already
spent. Writes are atomic (temp file + rename) so a run killed while saving keeps the previous checkpoint.
"""
from __future__ import annotations

import os
from pathlib import Path

import torch

CHECKPOINT_NAME = "checkpoint.pt"


def save(run_dir: Path, model, optimizer, step: int, train_seconds: float, settings: dict,
         task_state: dict | None = None) -> Path:
    """`task_state`: what else the task trains (e.g. a discriminator), so that a resumed run is the same run."""
    path = run_dir / CHECKPOINT_NAME
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                "train_seconds": train_seconds, "settings": settings, "task_state": task_state or {}}, tmp)
    os.replace(tmp, path)
    return path


def load(path: Path) -> dict:
    return torch.load(path, map_location="cpu", weights_only=False)


def load_model_weights(model: torch.nn.Module, checkpoint_path: Path) -> dict:
    state = load(checkpoint_path)
    model.load_state_dict(state["model"])
    return state
