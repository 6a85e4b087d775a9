"""Training-data manifests, run records and model cards: what makes a shipped model traceable.

The manifest lists every training file with its SHA-256, source and license; the card ties the ONNX file's SHA-256 to
that manifest, the command that trained it, the measured budget and the evaluation with the command that produced it.
"""
from __future__ import annotations

import json
import os
import platform
import shlex
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import torch
import yaml

from .sources import Photo, sha256_file

MANIFEST_NAME = "manifest.json"
RUN_NAME = "run.json"


def command_line() -> str:
    """The command as typed (relative to the repository root), for cards and metrics."""
    return " ".join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv])


def git_commit() -> str:
    """The commit of the code that runs. CONSERVATOR_COMMIT wins where it is set: a copied tree on a lent machine
    may carry a stale git history (one such copy reported the session's starting commit, not the one it ran)."""
    if os.environ.get("CONSERVATOR_COMMIT"):
        return os.environ["CONSERVATOR_COMMIT"]
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).resolve().parent)
    except FileNotFoundError:
        return "unknown"
    return result.stdout.strip() or "unknown"


def hardware() -> dict:
    cpu = platform.processor()
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "logical_cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "torch": torch.__version__, "python": platform.python_version(),
            "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}


def write_json(path: Path, data: dict) -> Path:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)
    return path


def write_manifest(run_dir: Path, photos: list[Photo], max_side: int) -> Path:
    """manifest.json: one entry per training photograph plus counts per source and per license."""
    entries = [{"file": os.path.abspath(p.path), "sha256": sha256_file(p.path), "source": p.source, "license": p.license}
               for p in photos]
    summary = {"files": len(entries),
               "by_source": dict(Counter(p.source for p in photos)),
               "by_license": dict(Counter(p.license for p in photos)),
               "preprocessing": f"decoded to RGB, long side reduced to at most {max_side} px, random crops"}
    return write_json(run_dir / MANIFEST_NAME, {"summary": summary, "files": entries})


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_card(path: Path, card: dict) -> Path:
    """Write a model card as YAML (keys in the order given, so cards read top-down like DESIGN.md lists them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(card, sort_keys=False, allow_unicode=True, width=120))
    return path
