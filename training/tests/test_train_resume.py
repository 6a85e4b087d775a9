"""A run stopped and resumed ends with exactly the weights of an uninterrupted run."""
import subprocess
import sys
from pathlib import Path

import torch

TRAIN = Path(__file__).resolve().parents[1] / "train.py"


def run(run_dir: Path, photo_list: Path, steps: int) -> None:
    subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(run_dir),
                    "--photo-list", str(photo_list), "--steps", str(steps), "--batch-size", "2",
                    "--patch-sizes", "32", "--warmup", "1", "--threads", "1", "--log-every", "1"],
                   check=True, capture_output=True)


def test_resume_matches_uninterrupted(photo_list, tmp_path):
    run(tmp_path / "straight", photo_list, 3)
    interrupted = tmp_path / "interrupted"
    subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(interrupted),
                    "--photo-list", str(photo_list), "--steps", "3", "--batch-size", "2", "--patch-sizes", "32",
                    "--warmup", "1", "--threads", "1", "--checkpoint-every", "1", "--max-minutes", "0.00001"],
                   check=True, capture_output=True)
    assert torch.load(interrupted / "checkpoint.pt", weights_only=False)["step"] == 1
    run(interrupted, photo_list, 3)
    a = torch.load(tmp_path / "straight" / "checkpoint.pt", weights_only=False)["model"]
    b = torch.load(interrupted / "checkpoint.pt", weights_only=False)["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)
