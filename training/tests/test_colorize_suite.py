"""colorize@3 (issue 17): the NumPy twin of the Swift stage, the calibrated decoding and its export, the suite."""
import cv2
import numpy as np
import pytest
import torch

from conservator_ml.color_metrics import srgb_to_lab
from conservator_ml.colorize_suite import (FACE_BOXES, HeldOut, ReferenceColours, area_resize, bilinear_resize,
                                           centre_crop, faces_in_crop, format_table, is_calibration, mirror_index,
                                           mirror_pad, proxy_grid, run_suite, stage_colorize, to_grey)
from conservator_ml.models.colorizer import ColorizeNet, load_onnx_weights
from conservator_ml.onnx_export import contract_violations, export
from conservator_ml.tasks import ColorizeTask


def test_proxy_grid_is_the_swift_one():
    assert proxy_grid(4000, 6000) == (171, 256, 176, 256)  # ProxyGrid's documented example
    assert proxy_grid(321, 481) == (171, 256, 176, 256)
    assert proxy_grid(3, 7001) == (1, 256, 8, 256)
    assert proxy_grid(100, 60) == (100, 60, 104, 64)  # never enlarged


def test_mirror_reflects_without_repeating_the_edge_and_is_periodic():
    assert mirror_index(np.arange(9), 3).tolist() == [0, 1, 2, 1, 0, 1, 2, 1, 0]
    assert mirror_index(np.arange(4), 1).tolist() == [0, 0, 0, 0]
    plane = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert np.array_equal(mirror_pad(plane, 8, 8)[:2, :3], plane)
    assert np.array_equal(mirror_pad(plane, 3, 5), np.pad(plane, ((0, 1), (0, 2)), mode="reflect"))


def test_area_resize_uses_integer_box_bounds():
    plane = np.arange(16, dtype=np.float32).reshape(4, 4)
    assert np.allclose(area_resize(plane, 2, 2), [[2.5, 4.5], [10.5, 12.5]])
    assert np.allclose(area_resize(np.full((7, 13), 0.3), 3, 5), 0.3)
    # 5 -> 2: boxes [0, 2) and [2, 5)
    assert np.allclose(area_resize(np.arange(5, dtype=np.float32)[None], 1, 2), [[0.5, 3.0]])


def test_bilinear_upsampling_matches_half_pixel_sampling():
    rng = np.random.default_rng(0)
    plane = rng.random((6, 9)).astype(np.float32)
    assert np.allclose(bilinear_resize(plane, 23, 40), cv2.resize(plane, (40, 23), interpolation=cv2.INTER_LINEAR),
                       atol=1e-5)


def test_stage_keeps_full_resolution_lightness_and_places_the_chroma_at_any_size():
    def network(x):  # a* = 20 on the left half of the proxy, b* = -10 everywhere
        assert x.shape[2] % 8 == 0 and x.shape[3] % 8 == 0
        ab = np.zeros((1, 2, *x.shape[2:]), np.float32)
        ab[:, 0, :, : x.shape[3] // 2] = 20
        ab[:, 1] = -10
        return ab
    rng = np.random.default_rng(1)
    for h, w in [(300, 500), (500, 300), (40, 7), (3, 700)]:
        grey = to_grey(np.repeat(rng.random((h, w, 1)), 3, axis=2) * 0.6 + 0.2)
        out = stage_colorize(grey, network)
        lab_in, lab_out = srgb_to_lab(grey), srgb_to_lab(out)
        assert out.shape == grey.shape
        assert np.abs(lab_out[..., 0] - lab_in[..., 0]).max() < 1.0
        assert np.allclose(lab_out[..., 2], -10, atol=1.5)
    assert lab_out[:, 10, 1].mean() > 15 and abs(lab_out[:, -10, 1].mean()) < 3


def tiny_colorizer(**decode) -> ColorizeNet:
    torch.manual_seed(0)
    bins = torch.tensor([[0.0, 0.0], [40.0, 10.0], [-20.0, 30.0], [10.0, -40.0]])
    model = ColorizeNet(bins, widths=(4, 6, 8, 8), **decode)
    for m in model.modules():  # BatchNorm statistics that are not the identity, so folding is exercised
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.1, 0.1)
    return model.eval()


def test_decode_scales_chroma_by_confidence():
    bins = torch.tensor([[0.0, 0.0], [50.0, 0.0], [0.0, 50.0], [-50.0, -50.0]])
    model = ColorizeNet(bins, widths=(4, 4, 4, 4), temperature=1.0, confidence_k=0.1, chroma_scale=0.8)
    sure = torch.tensor([0.0, 30.0, 0.0, 0.0])[None, :, None, None]
    flat = torch.tensor([0.0, 0.1, 0.0, 0.0])[None, :, None, None]
    assert torch.allclose(model.decode(sure)[0, :, 0, 0], torch.tensor([40.0, 0.0]), atol=1e-3)  # s * ab
    plain = ColorizeNet(bins, widths=(4, 4, 4, 4), temperature=1.0)
    ratio = model.decode(flat).norm() / plain.decode(flat).norm()
    c = float((torch.softmax(flat, 1) ** 2).sum())
    assert ratio == pytest.approx(0.8 * 1.1 * c / (c + 0.1), rel=1e-4) and ratio < 0.7


def test_onnx_weights_load_back_and_the_calibrated_graph_stays_in_the_contract(tmp_path):
    source = tiny_colorizer(temperature=0.5, confidence_k=0.05, chroma_scale=0.7)
    path = export(source, tmp_path / "colorize.onnx", 1, "lightness", ["ab"], example_hw=(32, 48))
    assert contract_violations(path) == []
    loaded = tiny_colorizer(temperature=0.5, confidence_k=0.05, chroma_scale=0.7)
    for p in loaded.parameters():
        p.data.zero_()
    load_onnx_weights(loaded, path)
    x = torch.rand(1, 1, 40, 56)
    with torch.no_grad():
        assert torch.allclose(loaded(x), source(x), atol=1e-4)


def test_split_keeps_faces_in_the_test_part_and_crops_keep_their_ratio():
    assert not any(is_calibration(name) for name in FACE_BOXES)
    assert is_calibration("100005.jpg") and not is_calibration("100001.jpg")
    for ratio in (1.0, 1.5, 2 / 3, 16 / 9):
        y, x, h, w = centre_crop(321, 481, ratio)
        assert abs(w / h - ratio) < 0.01 and y + h <= 321 and x + w <= 481
    assert faces_in_crop([(10, 10, 20, 20), (200, 5, 30, 30)], (0, 100, 321, 200)) == [(100, 5, 30, 30)]


def test_suite_scores_methods_beside_the_grey_input(photo_list):
    paths = photo_list.read_text().split()
    reference = ReferenceColours.from_photos(paths[:3])
    photos = [HeldOut("a.png", paths[3], ((20, 20, 40, 40),)), HeldOut("b.png", paths[4])]
    methods = {"grey": lambda g: g, "tint": reference.tint}
    results, per_image, rows = run_suite(photos, methods, {"native": None, "1:1": 1.0}, ("a.png",), sheet_height=40)
    assert results["grey"]["all"]["grey_minus_ours"] == 0 and results["grey"]["all"]["images"] == 4
    assert results["tint"]["native"]["faces"] == 1 and results["tint"]["native"]["face_ab_error"] >= 0
    assert len(per_image) == 4 and len(rows) == 2  # one sheet row, one face close-up
    assert "grey-ours" in format_table(results)


def test_suite_shortfalls_name_each_missed_target():
    task = object.__new__(ColorizeTask)
    good = {"images": 5, "mean_ciede2000": 9.0, "mean_ciede2000_grey": 10.0, "grey_minus_ours": 1.0,
            "colorfulness_ratio": 0.8, "faces": 2, "face_ab_error": 10.0, "face_ab_error_grey": 18.0}
    assert task.shortfalls({"@3": {"all": good}, "@2": {"all": {**good, "grey_minus_ours": -3}}}) == []
    bad = {**good, "mean_ciede2000": 11.0, "grey_minus_ours": -1.0, "colorfulness_ratio": 1.5, "face_ab_error": 20.0}
    notes = task.shortfalls({"@3": {"1:1": bad}})
    assert len(notes) == 3 and all(n.startswith("@3, 1:1:") for n in notes)
