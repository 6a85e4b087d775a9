"""Issue 16: the second damage generator, the overlays' held-out split, the false-positive-weighing loss, the
no-harm metrics and damage-unet version 3's batches (hard negatives with empty targets)."""
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from conservator_ml import no_harm as nh
from conservator_ml.gen2 import KINDS as GEN2_KINDS, generate
from conservator_ml.losses import focal_tversky
from conservator_ml.patches import PatchSampler
from conservator_ml.sources import collect_training_photos, is_held_out, listed_photos
from conservator_ml.synth.archive import ArchiveSynthesizer
from conservator_ml.synth.overlays import HELD_OUT_EVERY, OverlayBank, OverlayParams, overlay_files, paste_overlays
from conservator_ml.tasks import get_task


def photo(seed: int, h: int = 96, w: int = 128) -> np.ndarray:
    small = np.random.default_rng(seed).uniform(0.15, 0.85, (h // 8, w // 8, 3)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).clip(0, 1)


# ------------------------------------------------------------------------------------------------ gen2

@pytest.mark.parametrize("kind", GEN2_KINDS)
def test_gen2_every_kind_makes_masked_visible_damage(kind):
    marked = 0
    for seed in range(6):
        s = generate(photo(seed), np.random.default_rng(seed), (kind,))
        assert s.damaged.shape == s.clean.shape == (96, 128, 3) and s.mask.shape == (96, 128)
        assert s.damaged.dtype == np.float32 and 0 <= s.damaged.min() and s.damaged.max() <= 1
        assert np.array_equal(s.mask, s.kind_masks[kind])
        if s.mask.any():
            marked += 1
            change = np.abs(s.damaged - s.clean).max(axis=2)
            assert change[s.mask].mean() > 0.04  # labelled pixels visibly changed
    assert marked >= 4


def test_gen2_is_deterministic_and_mixes_kinds():
    a = generate(photo(1), np.random.default_rng(7))
    b = generate(photo(1), np.random.default_rng(7))
    assert np.array_equal(a.damaged, b.damaged) and np.array_equal(a.mask, b.mask)
    union = np.zeros_like(a.mask)
    for m in a.kind_masks.values():
        union |= m
    assert np.array_equal(union, a.mask) and 1 <= len(a.kind_masks) <= 3


def test_gen2_shares_no_code_with_synth():
    for source in (Path(nh.__file__).parent / "gen2").glob("*.py"):
        imports = [line for line in source.read_text().splitlines() if line.startswith(("import", "from"))]
        assert not any("synth" in line or "conservator_ml" in line or line.startswith("from ..") for line in imports)


# --------------------------------------------------------------------------------------------- overlays

@pytest.fixture(scope="module")
def overlay_root(tmp_path_factory) -> Path:
    """A miniature overlay folder: RGBA PNGs with white colour and a few strokes in alpha."""
    root = tmp_path_factory.mktemp("artefacts")
    rng = np.random.default_rng(0)
    for folder, count in (("hair", 10), ("dirt", 5), ("stain", 5)):
        (root / folder).mkdir()
        for i in range(count):
            alpha = np.zeros((80, 80), np.uint8)
            for _ in range(4):
                p0, p1 = rng.integers(0, 80, 2), rng.integers(0, 80, 2)
                cv2.line(alpha, tuple(int(v) for v in p0), tuple(int(v) for v in p1), 255, 3)
            rgba = np.dstack([np.full((80, 80, 3), 255, np.uint8), alpha])
            cv2.imwrite(str(root / folder / f"{folder}-{i:03d}.png"), rgba)
    return root


def test_overlay_split_is_disjoint_and_holds_out_a_fifth(overlay_root):
    train, held = overlay_files(overlay_root, "train"), overlay_files(overlay_root, "heldout")
    for folder in train:
        assert not set(train[folder]) & set(held[folder])
        assert len(held[folder]) == -(-(len(train[folder]) + len(held[folder])) // HELD_OUT_EVERY)
    assert held["hair"][0].name == "hair-000.png"


def test_pasted_overlays_are_labelled_where_they_show(overlay_root):
    bank = OverlayBank(overlay_root, "train")
    image = photo(3, 128, 128)
    for seed in range(4):
        damaged, mask, kinds = paste_overlays(image, np.random.default_rng(seed), bank, OverlayParams(), count=1)
        change = np.abs(damaged - image).max(axis=2)
        assert (change[mask] >= OverlayParams().visible_delta - 1e-6).all()
        union = np.zeros_like(mask)
        for m in kinds.values():
            union |= m
        assert np.array_equal(union, mask)


# ------------------------------------------------------------------------------------------------- loss

def test_focal_tversky_weighs_false_positives_more_than_misses():
    target = torch.zeros(1, 1, 16, 16)
    target[..., 4:8, 4:8] = 1
    base = torch.where(target > 0, 6.0, -6.0)
    fp, fn = base.clone(), base.clone()
    fp[..., 10:12, 10:12] = 6.0  # 4 clean pixels marked
    fn[..., 4:6, 4:6] = -6.0  # 4 damaged pixels missed
    loss_fp, _ = focal_tversky(fp, target)
    loss_fn, _ = focal_tversky(fn, target)
    loss_ok, _ = focal_tversky(base, target)
    assert loss_ok < loss_fn < loss_fp


def test_focal_tversky_punishes_marks_on_clean_patches_and_has_gradients():
    target = torch.zeros(2, 1, 8, 8)
    clean, _ = focal_tversky(torch.full((2, 1, 8, 8), -8.0), target)
    marked = torch.full((2, 1, 8, 8), -8.0, requires_grad=True)
    with torch.no_grad():
        marked[:, :, 0, 0] = 4.0
    loss, parts = focal_tversky(marked, target)
    loss.backward()
    assert clean < 0.05 < loss and torch.isfinite(marked.grad).all() and parts["tversky"] > 0


# ---------------------------------------------------------------------------------------------- metrics

def test_tolerant_scores_forgive_one_pixel_shifts():
    truth = np.zeros((20, 20), bool)
    truth[:, 10] = True
    c = nh.Tolerant()
    c.add(np.roll(truth, 1, axis=1), truth)
    assert c.scores()["precision"] == 1.0 and c.scores()["recall"] == 1.0
    c = nh.Tolerant()
    c.add(np.roll(truth, 3, axis=1), truth)
    assert c.scores()["f1"] == 0.0


def test_width_buckets():
    hole = np.zeros((60, 60), bool)
    hole[5:55, 5:8] = True  # 3 px
    hole[5:55, 20:26] = True  # 6 px
    hole[5:55, 35:47] = True  # 12 px
    buckets = nh.width_buckets(hole)
    assert buckets["<=3px"][5:55, 5:8].all() and not buckets["<=3px"][:, 20:].any()
    assert buckets["4-8px"][5:55, 20:26].all() and buckets[">8px"][5:55, 35:47].all()
    assert buckets["<=3px"].sum() + buckets["4-8px"].sum() + buckets[">8px"].sum() == hole.sum()


def test_no_harm_list_is_held_out():
    items = nh.read_list()
    assert {i.category for i in items} == {"portrait", "thin"}
    for item in items:
        assert item.source in ("bsds500", "skimage")
        if item.source == "bsds500":
            assert item.file.startswith("val/") and is_held_out(f"/x/bsds500/{item.file}")
        else:
            assert is_held_out(str(nh.skimage_folder() / item.file))


def test_training_refuses_scikit_image_photographs(tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(str(nh.skimage_folder() / "astronaut.png") + "\n")
    assert listed_photos(listing)
    with pytest.raises(ValueError, match="held-out"):
        collect_training_photos(None, str(listing))


# --------------------------------------------------------------------------------------- version 3 batch

def test_damage_task_batches_have_empty_hard_negatives(photo_list, overlay_root):
    task = replace(get_task("damage-unet", batch_size=10, patch_sizes=(64,)), overlay_root=str(overlay_root))
    sampler = PatchSampler(collect_training_photos(None, str(photo_list)), 1, task.patch)
    synth = task.make_synthesizer()
    assert isinstance(synth, ArchiveSynthesizer) and synth.bank.split == "train"
    batch = task.batch(sampler, synth, 0)
    negatives = round(task.negative_share * 10)
    assert batch["image"].shape == (10, 3, 64, 64)
    assert batch["mask"][:negatives].sum() == 0
    assert batch["mask"][negatives:].sum() > 0
    again = task.batch(sampler, task.make_synthesizer(), 0)
    assert torch.equal(batch["image"], again["image"])
    loss, _ = task.loss(task.build_model(), batch)
    assert torch.isfinite(loss)
