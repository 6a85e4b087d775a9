#!/usr/bin/env python3
"""Train one model for a bounded number of steps, with checkpoints; re-running the same command resumes.

Example (from the repository root):
  nice -n 19 python training/train.py --model damage-unet --run-dir training/runs/damage-unet \
      --bsds ../shared/data/corpus/bsds500 --photo-list training/data/debian-photos.txt --steps 20000
"""
from __future__ import annotations

import argparse
import json
import math
import signal
from dataclasses import asdict, replace
import time
from pathlib import Path

from _common import add_model_arg, add_threads_arg, device, set_threads

import torch

from conservator_ml import checkpoint
from conservator_ml.patches import PatchSampler
from conservator_ml.provenance import (MANIFEST_NAME, RUN_NAME, command_line, git_commit, hardware, now,
                                       write_json, write_manifest)
from conservator_ml.sources import collect_training_photos, sha256_file
from conservator_ml.synth.compose import SynthConfig, with_overrides
from conservator_ml.synth.overlays import overlay_files
from conservator_ml.tasks import ArchiveDamageTask, ColorizeTask, GatedInpaintTask, get_task


# Steps timed by a --minutes run to fix its total; the first ones are left out (start-up, workers filling caches).
SPEED_WINDOW = (40, 140)
UNBOUNDED_STEPS = 10**9  # the data stream's length while a --minutes run has not fixed its total yet
OVERLAY_MANIFEST = "overlay-manifest.json"


def steps_for_minutes(minutes: float, elapsed: float, step: int, seconds_per_step: float) -> int:
    """The schedule's total: the steps that fit in the minutes left at the measured speed (rounded down to 100)."""
    remaining = max(0.0, minutes * 60 - elapsed)
    return max(step + 1, (step + int(remaining / seconds_per_step)) // 100 * 100)


class StepBatches(torch.utils.data.Dataset):
    """Batch number `step` of a task; a pure function of (seed, step), so workers and resumes do not change data."""

    def __init__(self, task, sampler, steps: int):
        self.task, self.sampler, self.steps = task, sampler, steps
        self.synth = task.make_synthesizer()

    def __len__(self) -> int:
        return self.steps

    def __getitem__(self, step: int) -> dict:
        return self.task.batch(self.sampler, self.synth, step)


def read_weight_list(path: Path) -> dict[str, list[tuple[int, ...]]]:
    """Photographs to draw more often: one per line, its path or its tail (e.g. "train/100099.jpg"), then optional
    boxes "x,y,w,h" in its pixels (e.g. faces) and other words; '#' starts a comment line."""
    entries: dict[str, list[tuple[int, ...]]] = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, *words = line.split()
        boxes = [tuple(int(v) for v in w.split(",")) for w in words if w.count(",") == 3]
        entries.setdefault(name, []).extend(boxes)
    return entries


def learning_rate(step: int, total: int, peak: float, warmup: int) -> float:
    """Linear warm-up then cosine decay to 1% of peak; a function of the step alone, so resume needs no state."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * progress)))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_arg(p)
    p.add_argument("--run-dir", type=Path, required=True, help="checkpoints, logs, manifest (keep it out of git)")
    p.add_argument("--bsds", help="BSDS500 root; its train and test splits are used (val never)")
    p.add_argument("--photo-list", help="file with one photograph path per line (output of debian-photos.sh)")
    length = p.add_mutually_exclusive_group(required=True)
    length.add_argument("--steps", type=int, help="total steps of the schedule (resume continues to it)")
    length.add_argument("--minutes", type=float,
                        help="instead of --steps: time steps %d-%d (inside the warm-up, where the learning rate does not "
                             "depend on the total) and fix the total so the run ends after about this many minutes; "
                             "for a lent GPU; the total is recorded, and --steps with it repeats the schedule"
                             % SPEED_WINDOW)
    p.add_argument("--batch-size", type=int)
    p.add_argument("--patch-sizes", type=lambda s: tuple(int(v) for v in s.split(",")),
                   help="comma-separated patch sizes, one drawn per step (multiples of the model's downsampling)")
    p.add_argument("--max-side", type=int, help="shrink photographs so the long side is at most this (default 1280)")
    p.add_argument("--overlays", help="damage-unet: root of the MIT film-damage overlays (../shared/data/artefacts); "
                                      "only their training split is used (synth/overlays.py)")
    p.add_argument("--negative-share", type=float,
                   help="damage-unet: share of every batch that is clean textured patches with an empty target "
                        "(default 0.3)")
    p.add_argument("--set", action="append", default=[], metavar="SETTING",
                   help="damage synthesizer setting: KIND.FIELD=VALUE, prob.KIND=P or clean_prob=P (repeatable)")
    p.add_argument("--init-from", type=Path, metavar="CHECKPOINT",
                   help="start a new run from these weights (another run's checkpoint; recorded with its SHA-256)")
    p.add_argument("--perceptual-from", type=Path, metavar="CHECKPOINT",
                   help="inpaint-unet: damage-unet weights whose frozen encoder gives the perceptual loss's features")
    p.add_argument("--adversarial-from", type=int,
                   help="inpaint-unet: the step from which the PatchGAN adversarial term is on (default 0)")
    p.add_argument("--rebalance-mix", type=float,
                   help="colorize: uniform share in the class-rebalancing weights (default 0.5; 1 = none)")
    p.add_argument("--weight-list", help="file naming training photographs (one path per line) to sample more often, "
                   "e.g. the photographs with people (colorize@3's portraits)")
    p.add_argument("--weight", type=float, default=1.0,
                   help="with --weight-list: how many times as often its photographs are drawn (an integer)")
    p.add_argument("--focus-share", type=float, default=0.0,
                   help="with --weight-list lines that give boxes (x,y,w,h after the path, e.g. faces): the share of "
                        "draws of those photographs centred on one of their boxes (default 0)")
    p.add_argument("--freeze-norm", action="store_true",
                   help="keep BatchNorm layers in eval mode (fine-tuning weights whose normalization was folded, e.g. "
                        "loaded from an exported ONNX file by colorize_calibrate.py)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=0, help="DataLoader worker processes making batches")
    p.add_argument("--checkpoint-every", type=int, default=200)
    p.add_argument("--log-every", type=int, default=20)
    p.add_argument("--max-minutes", type=float, help="stop (with a checkpoint) after this much wall time")
    p.add_argument("--device", default="auto", help="auto, cpu or cuda")
    add_threads_arg(p)
    return p.parse_args()


def restore(run_dir: Path, task, settings: dict, model, optimizer) -> tuple[int, float, int | None]:
    """Load the run's checkpoint if there is one; refuse one whose data stream (model, seed, patches) differs.

    Returns the step reached, the seconds trained and the schedule's total steps recorded in the checkpoint."""
    path = run_dir / checkpoint.CHECKPOINT_NAME
    if not path.exists():
        return 0, 0.0, None
    state = checkpoint.load(path)
    stream = ("model", "seed", "patch", "synth_settings", "init_from", "rebalance_mix", "weighted", "overlays",
              "negative_share", "perceptual_from", "adversarial_from")
    if any(state["settings"].get(k) != settings.get(k) for k in stream):
        raise SystemExit(f"{path} was trained with other {'/'.join(stream)} settings ({state['settings']}); "
                         "use another --run-dir or the original options")
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    print(f"resuming {task.name} at step {state['step']} ({state['train_seconds'] / 60:.1f} min trained so far)")
    return state["step"], state["train_seconds"], state["settings"].get("steps")


def open_run_record(run_dir: Path, task, settings: dict, budget, start_step: int) -> tuple[dict, dict]:
    """run.json: budget, latest settings and one entry per session (command, commit, hardware, steps, time)."""
    path = run_dir / RUN_NAME
    run = json.loads(path.read_text()) if path.exists() else {
        "model": task.name, "version": task.version, "budget": budget.as_dict(), "sessions": []}
    run["settings"] = settings  # the latest session's (e.g. --steps raised to extend the schedule)
    session = {"command": command_line(), "git_commit": git_commit(), "started": now(), "hardware": hardware(),
               "start_step": start_step}
    run["sessions"].append(session)
    return run, session


def main() -> None:
    args = parse_args()
    if args.minutes and args.warmup <= SPEED_WINDOW[1]:
        raise SystemExit(f"--minutes needs --warmup above {SPEED_WINDOW[1]} (the speed is timed inside the warm-up)")
    set_threads(args.threads)
    run_dir: Path = args.run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    task = get_task(args.model, batch_size=args.batch_size, patch_sizes=args.patch_sizes, max_side=args.max_side)
    if args.set:
        if not isinstance(task.synth, SynthConfig):
            raise SystemExit(f"--set applies to the damage synthesizer, which {task.name} does not use")
        task = replace(task, synth=with_overrides(task.synth, args.set))
    settings = {"model": task.name, "seed": args.seed, "steps": args.steps, "lr": args.lr, "warmup": args.warmup,
                "patch": asdict(task.patch), "synth_settings": args.set}
    settings["patch"]["patch_sizes"] = list(settings["patch"]["patch_sizes"])  # as it reads back from a checkpoint
    if args.rebalance_mix is not None:
        if not isinstance(task, ColorizeTask):
            raise SystemExit(f"--rebalance-mix applies to colorize, not {task.name}")
        task = replace(task, rebalance_mix=args.rebalance_mix)
        settings["rebalance_mix"] = args.rebalance_mix
    if args.overlays:
        if not isinstance(task, ArchiveDamageTask):
            raise SystemExit(f"--overlays applies to damage-unet, not {task.name}")
        task = replace(task, overlay_root=args.overlays)
        settings["overlays"] = args.overlays
    if args.negative_share is not None:
        if not isinstance(task, ArchiveDamageTask):
            raise SystemExit(f"--negative-share applies to damage-unet, not {task.name}")
        task = replace(task, negative_share=args.negative_share)
        settings["negative_share"] = args.negative_share
    if args.perceptual_from or args.adversarial_from is not None:
        if not isinstance(task, GatedInpaintTask):
            raise SystemExit(f"--perceptual-from and --adversarial-from apply to inpaint-unet, not {task.name}")
        if args.perceptual_from:
            task = replace(task, perceptual_from=str(args.perceptual_from))
            settings["perceptual_from"] = {"checkpoint": str(args.perceptual_from),
                                           "sha256": sha256_file(args.perceptual_from)}
        if args.adversarial_from is not None:
            task = replace(task, adversarial_from=args.adversarial_from)
            settings["adversarial_from"] = args.adversarial_from
    if args.init_from:
        settings["init_from"] = {"checkpoint": str(args.init_from), "sha256": sha256_file(args.init_from)}
    weighted: dict[str, list[tuple[int, ...]]] = {}
    if args.weight_list:
        weighted = read_weight_list(Path(args.weight_list))
        settings["weighted"] = {"list": args.weight_list, "photos": len(weighted), "weight": int(args.weight)}
        if args.focus_share:
            settings["weighted"]["focus_share"] = args.focus_share
    if args.freeze_norm:
        settings["freeze_norm"] = True

    torch.manual_seed(args.seed)
    model = task.build_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    start_step, trained_before, saved_steps = restore(run_dir, task, settings, model, optimizer)
    if args.init_from and start_step == 0:
        checkpoint.load_model_weights(model, args.init_from)
        print(f"starting from the weights of {args.init_from}")
    if args.minutes and saved_steps:
        settings["steps"] = saved_steps  # a resumed --minutes run keeps the total it fixed
    elif args.minutes and start_step > SPEED_WINDOW[0]:
        raise SystemExit(f"this run stopped at step {start_step} before --minutes fixed its total; resume it with --steps")
    dev = device(args.device)
    model.to(dev)
    optimizer.load_state_dict(optimizer.state_dict())  # re-homes optimizer state onto the model's device

    photos = collect_training_photos(args.bsds, args.photo_list)
    if not (run_dir / MANIFEST_NAME).exists():
        write_manifest(run_dir, photos, task.patch.max_side)
    if args.overlays and not (run_dir / OVERLAY_MANIFEST).exists():
        files = [str(f) for folder in overlay_files(args.overlays, "train").values() for f in folder]
        write_json(run_dir / OVERLAY_MANIFEST, {
            "source": "daniela997/FilmDamageSimulator synthetic/ (MIT), read from " + args.overlays,
            "split": "train (file number % 5 != 0 in each folder; the rest is held out for evaluation)",
            "files": len(files), "sha256": {f: sha256_file(f) for f in files}})
    budget = task.measure(task.build_model())
    print(f"{task.name}: {budget.summary()}; {len(photos)} training photos; device {dev}")
    run, session = open_run_record(run_dir, task, settings, budget, start_step)

    stop = {"requested": False}
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.update(requested=True))
    def weighted_entry(path: str) -> str | None:
        return path if path in weighted else next((t for t in weighted if path.endswith("/" + t)), None)

    def is_weighted(path: str) -> bool:
        return weighted_entry(path) is not None

    drawn = [ph for ph in photos for _ in range(int(args.weight) if is_weighted(ph.path) else 1)]
    if weighted:
        matched = sum(is_weighted(ph.path) for ph in photos)
        if matched < len(weighted):
            raise SystemExit(f"--weight-list names {len(weighted) - matched} photographs that are not training photos")
        print(f"{matched} photographs drawn {int(args.weight)}x as often ({len(drawn)} draws per pass)")
    focus = {ph.path: weighted[entry] for ph in photos if (entry := weighted_entry(ph.path)) and weighted[entry]}
    sampler = PatchSampler(drawn, args.seed, task.patch, focus, args.focus_share)
    task.prepare(sampler)
    if start_step:
        task.load_training_state(checkpoint.load(run_dir / checkpoint.CHECKPOINT_NAME).get("task_state", {}))
    total = settings["steps"]  # None until a --minutes run has timed its first steps
    bound = total or UNBOUNDED_STEPS
    loader = torch.utils.data.DataLoader(StepBatches(task, sampler, bound), batch_size=None,
                                         num_workers=args.workers, sampler=range(start_step, bound))
    session_start = time.time()
    step = start_step

    def save() -> None:
        trained = trained_before + time.time() - session_start
        checkpoint.save(run_dir, model, optimizer, step, trained, settings, task.training_state())
        session.update(end_step=step, ended=now(), seconds=round(time.time() - session_start, 1))
        run["train_seconds"] = round(trained, 1)
        write_json(run_dir / RUN_NAME, run)

    model.train()
    if args.freeze_norm:
        for module in model.modules():
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                module.eval()
    window_start, window = time.time(), []
    with open(run_dir / "train_log.jsonl", "a") as log:
        for batch in loader:
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(step, total or UNBOUNDED_STEPS, args.lr, args.warmup)
            loss, parts = task.loss(model, {k: v.to(dev) for k, v in batch.items()})
            if not torch.isfinite(loss):
                raise SystemExit(f"loss is {loss.item()} at step {step}; the last checkpoint is kept")
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            if total is None and step == SPEED_WINDOW[0]:
                timed_from = time.time()
            if total is None and step == SPEED_WINDOW[1]:
                per_step = (time.time() - timed_from) / (SPEED_WINDOW[1] - SPEED_WINDOW[0])
                total = settings["steps"] = steps_for_minutes(args.minutes, time.time() - session_start, step, per_step)
                print(f"{per_step:.3f} s per step: the schedule ends at step {total}", flush=True)
            window.append({"loss": loss.item(), **parts})
            if step % args.log_every == 0 or step == total:
                record = {"step": step, "lr": round(optimizer.param_groups[0]["lr"], 7),
                          **{k: round(sum(d[k] for d in window) / len(window), 5) for k in window[0]},
                          "s_per_step": round((time.time() - window_start) / len(window), 3)}
                log.write(json.dumps(record) + "\n")
                log.flush()
                print(json.dumps(record), flush=True)
                window_start, window = time.time(), []
            out_of_time = args.max_minutes and time.time() - session_start > args.max_minutes * 60
            if step % args.checkpoint_every == 0 or stop["requested"] or out_of_time:
                save()
            if stop["requested"] or out_of_time:
                print(f"stopped at step {step}; re-run the same command to resume")
                return
            if step == total:
                break
    save()
    print(f"done: step {step} of {total}; checkpoint {run_dir / checkpoint.CHECKPOINT_NAME}")


if __name__ == "__main__":
    main()
