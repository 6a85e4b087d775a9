"""Data sources and sampling: held-out split refused, batches a pure function of (seed, step), manifests complete."""
import json

import numpy as np
import pytest
from PIL import Image

from conservator_ml.patches import PatchConfig, PatchSampler
from conservator_ml.provenance import write_manifest
from conservator_ml.sources import Photo, collect_training_photos, listed_photos, sha256_file
from train import read_weight_list


def test_listed_photos_have_source_and_license(photo_list):
    photos = listed_photos(photo_list)
    assert len(photos) == 6 and all(p.source and p.license for p in photos)


def test_held_out_bsds_val_is_refused(tmp_path):
    val = tmp_path / "bsds500" / "val"
    val.mkdir(parents=True)
    (val / "1.jpg").write_bytes(b"x")
    listing = tmp_path / "list.txt"
    listing.write_text(str(val / "1.jpg"))
    with pytest.raises(ValueError, match="held-out"):
        collect_training_photos(None, str(listing))


def test_batches_depend_only_on_seed_and_step(photo_list):
    photos = listed_photos(photo_list)
    cfg = PatchConfig(batch_size=3, patch_sizes=(32, 48))
    a, b = PatchSampler(photos, 7, cfg), PatchSampler(photos, 7, cfg)
    b.batch(0)  # consuming other steps first must not change step 5
    size_a, items_a = a.batch(5)
    size_b, items_b = b.batch(5)
    assert size_a == size_b
    assert all(np.array_equal(x, y) for (x, _), (y, _) in zip(items_a, items_b))
    _, other = PatchSampler(photos, 8, cfg).batch(5)
    assert not all(np.array_equal(x, y) for (x, _), (y, _) in zip(items_a, other))


def test_manifest_lists_every_file_with_hash(photo_list, tmp_path):
    photos = listed_photos(photo_list)
    manifest = json.loads(write_manifest(tmp_path, photos, 1280).read_text())
    assert manifest["summary"]["files"] == 6
    assert [e["sha256"] for e in manifest["files"]] == [sha256_file(p.path) for p in photos]
    assert set(manifest["files"][0]) == {"file", "sha256", "source", "license"}


def test_photo_is_hashable_record():
    assert Photo("a", "b", "c") == Photo("a", "b", "c")


def test_benchmark_sets_built_from_val_are_held_out():
    from conservator_ml.sources import is_held_out
    assert is_held_out("/data/bench/CBSD68/0001.png") and is_held_out("/x/bsds500/val/1.jpg")
    assert not is_held_out("/x/bsds500/train/1.jpg")


def test_focused_draws_hold_their_box_and_others_need_not(tmp_path):
    image = np.zeros((120, 160, 3), dtype=np.uint8)
    image[95:105, 140:150] = 255  # a bright "face" near a corner
    path = tmp_path / "face.png"
    Image.fromarray(image).save(path)
    photos = [Photo(str(path), "test", "CC0")]
    cfg = PatchConfig(batch_size=8, patch_sizes=(32,), min_scale=1.0, monochrome_prob=0.0)
    focused = PatchSampler(photos, 3, cfg, {str(path): [(140, 95, 10, 10)]}, focus_share=1.0)
    plain = PatchSampler(photos, 3, cfg)
    hits = [patch.max() > 0.5 for step in range(4) for patch, _ in focused.batch(step)[1]]
    misses = [patch.max() > 0.5 for step in range(4) for patch, _ in plain.batch(step)[1]]
    assert all(hits)
    assert not all(misses)


def test_weight_list_reads_paths_and_boxes(tmp_path):
    listing = tmp_path / "weights.txt"
    listing.write_text("# faces\ntest/1.jpg  1,2,3,4 5,6,7,8 a note\ntrain/2.jpg\n")
    assert read_weight_list(listing) == {"test/1.jpg": [(1, 2, 3, 4), (5, 6, 7, 8)], "train/2.jpg": []}
