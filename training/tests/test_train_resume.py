"""A run stopped and resumed ends with exactly the weights of an uninterrupted run; --minutes fixes its schedule."""
import subprocess
import sys
from pathlib import Path

import torch

TRAIN = Path(__file__).resolve().parents[1] / "train.py"
sys.path.insert(0, str(TRAIN.parent))
from train import SPEED_WINDOW, steps_for_minutes  # noqa: E402
from conservator_ml.sources import sha256_file  # noqa: E402


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


def test_minutes_fixes_the_total_and_ends_there(photo_list, tmp_path):
    """A --minutes run times its warm-up, records the total it chose and stops exactly at it."""
    subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(tmp_path),
                    "--photo-list", str(photo_list), "--minutes", "0.001", "--batch-size", "1", "--patch-sizes", "16",
                    "--threads", "1", "--log-every", "1000"], check=True, capture_output=True)
    state = torch.load(tmp_path / "checkpoint.pt", weights_only=False)
    # 0.06 s leave no time after the timed window: the total is the step that ended it, plus one.
    assert state["settings"]["steps"] == SPEED_WINDOW[1] + 1
    assert state["step"] == SPEED_WINDOW[1] + 1


def test_minutes_needs_the_window_inside_the_warm_up(photo_list, tmp_path):
    result = subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(tmp_path),
                             "--photo-list", str(photo_list), "--minutes", "1", "--warmup", "10"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "--warmup" in result.stderr


def test_steps_for_minutes_rounds_down_to_hundreds_and_never_below_the_next_step():
    assert steps_for_minutes(10, elapsed=60, step=140, seconds_per_step=0.1) == 5500  # 140 + 5400
    assert steps_for_minutes(10, elapsed=600, step=140, seconds_per_step=0.1) == 141
    assert steps_for_minutes(1, elapsed=0, step=140, seconds_per_step=0.5) == 200  # 140 + 120 -> 260 -> 200


def test_init_from_starts_at_another_runs_weights_and_records_them(photo_list, tmp_path):
    run(tmp_path / "first", photo_list, 2)
    source = tmp_path / "first" / "checkpoint.pt"
    subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(tmp_path / "second"),
                    "--photo-list", str(photo_list), "--steps", "1", "--batch-size", "2", "--patch-sizes", "32",
                    "--warmup", "1", "--threads", "1", "--lr", "0", "--init-from", str(source)],
                   check=True, capture_output=True)
    before = torch.load(source, weights_only=False)
    after = torch.load(tmp_path / "second" / "checkpoint.pt", weights_only=False)
    weights = [k for k in before["model"] if "running" not in k and "num_batches" not in k]  # BatchNorm statistics move
    assert all(torch.equal(before["model"][k], after["model"][k]) for k in weights)  # learning rate 0: unchanged
    assert after["settings"]["init_from"]["sha256"] == sha256_file(source)


def test_rebalance_mix_is_refused_for_a_model_without_rebalancing(photo_list, tmp_path):
    result = subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(tmp_path),
                             "--photo-list", str(photo_list), "--steps", "1", "--rebalance-mix", "0.9"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "--rebalance-mix applies to colorize" in result.stderr


def test_weight_list_repeats_its_photographs_and_freeze_norm_keeps_the_statistics(photo_list, tmp_path):
    paths = photo_list.read_text().split()
    weights = tmp_path / "portraits.txt"
    weights.write_text("# comment\n" + Path(paths[0]).name + "  1,2,3,4\n")
    result = subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(tmp_path / "run"),
                             "--photo-list", str(photo_list), "--steps", "1", "--batch-size", "2", "--patch-sizes",
                             "32", "--warmup", "1", "--threads", "1", "--weight-list", str(weights), "--weight", "3",
                             "--freeze-norm"], capture_output=True, text=True, check=True)
    assert "1 photographs drawn 3x as often (8 draws per pass)" in result.stdout
    state = torch.load(tmp_path / "run" / "checkpoint.pt", weights_only=False)
    assert state["settings"]["weighted"]["photos"] == 1 and state["settings"]["freeze_norm"]
    fresh = __import__("conservator_ml.tasks", fromlist=["get_task"]).get_task("damage-unet").build_model().state_dict()
    assert all(torch.equal(state["model"][k], fresh[k]) for k in state["model"] if "running_mean" in k)
    weights.write_text("not/a/training/photo.png\n")
    result = subprocess.run([sys.executable, str(TRAIN), "--model", "damage-unet", "--run-dir", str(tmp_path / "bad"),
                             "--photo-list", str(photo_list), "--steps", "1", "--weight-list", str(weights)],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "not training photos" in result.stderr
