"""Colour science and colorization helpers: Lab round trip, CIEDE2000 reference pairs, ab bins and rebalancing."""
import numpy as np
import torch

from conservator_ml.color_bins import empirical_prior, gamut_bins, rebalance_weights, soft_encode
from conservator_ml.color_evaluation import apply_transform_np
from conservator_ml.color_metrics import ciede2000, colorfulness, lab_to_srgb, srgb_to_lab
from conservator_ml.models.color_curves import apply_transform


def test_lab_round_trip():
    rgb = np.random.default_rng(0).uniform(0, 1, (16, 16, 3))
    assert np.abs(lab_to_srgb(srgb_to_lab(rgb)) - rgb).max() < 1e-4


def test_ciede2000_matches_sharma_reference_pairs():
    lab1 = np.array([[50, 2.6772, -79.7751], [50, 0, 0], [50, 2.5, 0], [60.2574, -34.0099, 36.2677]])
    lab2 = np.array([[50, 0, -82.7485], [50, -1, 2], [73, 25, -18], [60.4626, -34.1751, 39.4387]])
    assert np.allclose(ciede2000(lab1, lab2), [2.0425, 2.3669, 27.1492, 1.2644], atol=1e-4)


def test_grey_has_no_colorfulness():
    assert colorfulness(np.full((8, 8, 3), 0.5)) == 0.0


def test_soft_encoding_is_a_distribution_near_the_true_colour():
    bins = torch.from_numpy(gamut_bins())
    ab = torch.tensor([[[[20.0]], [[-30.0]]]])
    target = soft_encode(ab, bins)
    assert torch.isclose(target.sum(), torch.tensor(1.0))
    assert torch.linalg.norm(bins[target[0, :, 0, 0].argmax()] - torch.tensor([20.0, -30.0])) <= 10


def test_rebalancing_boosts_rare_colours_and_keeps_mean_one():
    bins = gamut_bins()
    greyish = [np.random.default_rng(1).normal(0, 3, (8, 8, 2))]
    prior = empirical_prior(greyish, bins)
    weights = rebalance_weights(prior)
    assert np.isclose((prior * weights).sum(), 1.0)
    grey = np.argmin(np.abs(bins).sum(1))
    assert weights[grey] < weights.max()


def test_numpy_transform_matches_torch():
    rng = np.random.default_rng(2)
    image = rng.uniform(0, 1, (8, 8, 3)).astype(np.float32)
    curves = np.sort(rng.uniform(0, 1, (3, 16)), axis=1).astype(np.float32)
    matrix = (np.eye(3, 4) + rng.normal(0, 0.05, (3, 4))).astype(np.float32)
    expected = apply_transform(torch.from_numpy(image).permute(2, 0, 1)[None], torch.from_numpy(curves)[None],
                               torch.from_numpy(matrix)[None])[0].permute(1, 2, 0).numpy()
    assert np.abs(apply_transform_np(image, curves, matrix) - expected).max() < 1e-5
