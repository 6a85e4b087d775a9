"""End-to-end no-harm check through the real CLI (issue 16): false fills on undamaged photographs.

Every image in training/heldout/no_harm.txt (held out: never trained on) is cropped as listed, ingested and run
through `conservator process` with the damage-repair stages of a shipped pipeline (its detect-damage and inpaint
steps, safeguards included, without colour restoration, which changes every pixel by design). The figure is the
inpaint step's `fractionChanged` from each run's provenance sidecar: the share of pixels the product filled on a
photograph that has no damage at all. It runs twice, with the fill set to inpaint-unet@2 and to the classical
Telea method, so the table shows what the detector, not the fill, is responsible for.

    python training/end_to_end.py --conservator .build/release/conservator --bsds ../shared/data/corpus/bsds500
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPOSITORY = Path(__file__).resolve().parent.parent


def held_out(list_file: Path, bsds: Path, skimage_data: Path | None) -> list[tuple[str, str, Image.Image]]:
    """(category, label, image) for each line of the no-harm list."""
    images = []
    for line in list_file.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, source, name, crop = line.split()[:4]
        if source == "bsds500":
            path = bsds / name
        elif source == "skimage" and skimage_data is not None:
            path = skimage_data / name
        else:
            continue
        image = Image.open(path).convert("RGB")
        image.info.pop("icc_profile", None)  # pixels only: the figure is about fills, not colour management
        if crop != "full":
            x, y, w, h = (int(v) for v in crop.split(","))
            image = image.crop((x, y, x + w, y + h))
        images.append((category, f"{source}/{name}@{crop}", image))
    return images


def pipeline_file(folder: Path, source: str, fill: str) -> Path:
    """The detect-damage and inpaint stages of the shipped pipeline `source`, with the fill method `fill`."""
    import yaml
    spec = yaml.safe_load((REPOSITORY / "Pipelines" / f"{source}.yaml").read_text())
    stages = [s for s in spec["stages"] if next(iter(s)) in ("detect-damage", "inpaint")]
    for stage in stages:
        if "inpaint" in stage:
            kept = {k: v for k, v in stage["inpaint"].items() if k not in ("model", "method")}
            stage["inpaint"] = kept | ({"method": "model", "model": "inpaint-unet@2"} if fill == "model"
                                       else {"method": fill})
    name = f"no-harm-{source}-{fill}"
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"name": name, "version": 1, "stages": stages,
                                    "output": {"format": "png", "bit-depth": 8, "masks": True}}, sort_keys=False))
    return path


def run(conservator: Path, images, pipeline: Path, work: Path) -> dict[str, list[float]]:
    """Per category, the fraction of pixels the inpaint step changed on each image."""
    catalog = work / f"{pipeline.stem}.db"
    results: dict[str, list[float]] = {}
    for index, (category, label, image) in enumerate(images):
        source = work / f"{index:03d}.png"
        image.save(source)
        subprocess.run([conservator, "ingest", "--catalog", catalog, source], check=False, capture_output=True)
        out = work / f"out-{pipeline.stem}"
        done = subprocess.run([conservator, "process", source, "--catalog", catalog, "--pipeline", pipeline,
                               "--out", out, "--models", REPOSITORY / "Models"], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{label}: conservator process failed:\n{done.stderr}")
        sidecar = next(line.split()[-1] for line in done.stdout.splitlines() if line.strip().startswith("provenance"))
        steps = json.loads(Path(sidecar).read_text())["steps"]
        changed = next(step["fractionChanged"] for step in steps if step["stage"] == "inpaint")
        results.setdefault(category, []).append(changed)
        results.setdefault("all", []).append(changed)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conservator", type=Path, default=REPOSITORY / ".build/release/conservator")
    parser.add_argument("--bsds", type=Path, required=True)
    parser.add_argument("--list", type=Path, default=REPOSITORY / "training/heldout/no_harm.txt")
    parser.add_argument("--pipeline", default="archival-repair", help="the shipped pipeline whose repair stages run")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    try:
        import skimage
        skimage_data = Path(skimage.__file__).parent / "data"
    except ImportError:
        skimage_data = None
    images = held_out(args.list, args.bsds, skimage_data)
    table = {}
    with tempfile.TemporaryDirectory(prefix="no-harm-") as folder:
        work = Path(folder)
        for fill in ("model", "telea"):
            results = run(args.conservator.resolve(), images, pipeline_file(work, args.pipeline, fill), work)
            table[fill] = {category: {"images": len(values), "mean_percent": 100 * statistics.mean(values),
                                      "worst_percent": 100 * max(values)}
                           for category, values in results.items()}
    print(f"False fills on {len(images)} undamaged held-out images, {args.pipeline}'s detect-damage + inpaint "
          "through `conservator process` (% of pixels changed by the inpaint step):")
    print(f"{'fill':<6} {'category':<10} {'images':>6} {'mean %':>8} {'worst %':>8}")
    for fill, categories in table.items():
        for category, figures in sorted(categories.items()):
            print(f"{fill:<6} {category:<10} {figures['images']:>6} {figures['mean_percent']:>8.3f} "
                  f"{figures['worst_percent']:>8.3f}")
    if args.json:
        args.json.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
