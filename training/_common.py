"""Command-line plumbing shared by the training scripts (not a library module: scripts only)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402

from conservator_ml.tasks import TASKS  # noqa: E402


def add_model_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, choices=sorted(TASKS), help="which model to work on")


def add_threads_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threads", type=int, default=2,
                        help="torch CPU threads (default 2: the machine has 2 cores; use 1 while others compile)")


def set_threads(threads: int) -> None:
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)


def device(choice: str) -> torch.device:
    if choice == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(choice)
