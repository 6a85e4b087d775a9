"""The damage synthesizer: masks aligned with the painted damage, determinism, every kind produces damage."""
import numpy as np
import pytest

from conservator_ml.synth.ageing import AgeingParams
from conservator_ml.synth.color_ageing import COLOR_KINDS, SEPIA, ColorAgeing
from conservator_ml.synth.compose import DamageSynthesizer, SynthConfig, with_overrides
from conservator_ml.synth.damage import GENERATORS, KINDS, DamageParams

NO_AGEING = AgeingParams(fade_prob=0, yellow_prob=0, sepia_prob=0, grain_prob=0, blur_prob=0, jpeg_prob=0)


def photo(seed: int, h: int = 96, w: int = 128) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.2, 0.8, (h, w, 3)).astype(np.float32)


@pytest.mark.parametrize("kind", KINDS)
def test_pixels_outside_the_mask_change_less_than_the_threshold(kind):
    """Outside its mask a layer moves a pixel by less than its mask threshold: the mask covers all visible damage."""
    synth = DamageSynthesizer(SynthConfig(ageing=NO_AGEING))
    threshold = getattr(DamageParams(), kind).mask_threshold
    for seed in range(5):
        sample = synth(photo(seed), np.random.default_rng(seed), kinds=(kind,))
        change = np.abs(sample.damaged - sample.target).max(axis=2)
        assert change[~sample.mask].max(initial=0.0) < threshold + 1e-6
        assert np.array_equal(sample.mask, sample.kind_masks[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_makes_visible_masked_damage(kind):
    synth = DamageSynthesizer(SynthConfig(ageing=NO_AGEING))
    masked = [synth(photo(s), np.random.default_rng(s), kinds=(kind,)).mask.sum() for s in range(6)]
    assert sum(m > 0 for m in masked) >= 4, masked


def test_layer_mask_is_thresholded_visibility():
    rng = np.random.default_rng(3)
    layer = GENERATORS["scratch"](rng, 64, 64, DamageParams().scratch)
    assert np.array_equal(layer.mask, layer.visibility >= layer.mask_threshold)


def test_same_seed_same_sample_and_aged_target_aligned():
    synth = DamageSynthesizer()
    a = synth(photo(1), np.random.default_rng(42))
    b = synth(photo(1), np.random.default_rng(42))
    assert np.array_equal(a.damaged, b.damaged) and np.array_equal(a.mask, b.mask)
    assert a.damaged.shape == a.target.shape == (96, 128, 3) and a.mask.shape == (96, 128)
    assert a.damaged.dtype == np.float32 and 0.0 <= a.damaged.min() and a.damaged.max() <= 1.0


def test_clean_samples_have_empty_masks():
    synth = DamageSynthesizer(SynthConfig(ageing=NO_AGEING))
    sample = synth(photo(2), np.random.default_rng(0), kinds=())
    assert not sample.mask.any() and np.allclose(sample.damaged, sample.target)


def test_color_ageing_kinds_and_sepia_target():
    ageing = ColorAgeing()
    image = photo(4)
    for kind in COLOR_KINDS:
        sample = ageing(image, np.random.default_rng(0), kinds=(kind,))
        assert np.array_equal(sample.target, image) and not np.allclose(sample.aged, image)
    toned = ageing(image, np.random.default_rng(0), kinds=(SEPIA,))
    assert np.allclose(toned.aged, toned.target)  # sepia alone is left as it is
    assert np.ptp(toned.target[..., 0] - toned.target[..., 2]) < 0.25  # toned, not colour


def test_overrides_reach_the_right_parameters():
    config = with_overrides(SynthConfig(), ["scratch.width_px=1,2", "prob.stain=0", "ageing.jpeg_prob=1",
                                            "clean_prob=0.5"])
    assert config.damage.scratch.width_px == (1, 2) and config.kind_prob["stain"] == 0.0
    assert config.ageing.jpeg_prob == 1 and config.clean_prob == 0.5
    with pytest.raises(ValueError):
        with_overrides(SynthConfig(), ["scratch.nonsense=1"])


def test_noise_keeps_grey_photographs_grey_and_stays_within_its_levels():
    from conservator_ml.synth.noise import NoiseConfig, add_noise

    rng = np.random.default_rng(3)
    cfg = NoiseConfig(clip_prob=0.0)
    grey = np.repeat(rng.uniform(0.2, 0.8, (64, 64, 1)).astype(np.float32), 3, axis=2)
    colour = rng.uniform(0.2, 0.8, (64, 64, 3)).astype(np.float32)
    levels = []
    for _ in range(40):
        noisy = add_noise(grey, rng, cfg)
        assert np.array_equal(noisy[..., 0], noisy[..., 1]) and np.array_equal(noisy[..., 1], noisy[..., 2])
        levels.append(float((noisy - grey).std()))
        noisy = add_noise(colour, rng, cfg)
        assert not np.array_equal(noisy[..., 0] - colour[..., 0], noisy[..., 1] - colour[..., 1])
    # white noise at sigma s has std s; grain up to 1.5 s in the darkest tones (here at most 1.3 s)
    assert max(levels) <= 1.3 * cfg.max_sigma and min(levels) < 0.2 * cfg.max_sigma
    clipped = add_noise(colour, np.random.default_rng(1), NoiseConfig(clip_prob=1.0))
    assert clipped.min() >= 0.0 and clipped.max() <= 1.0
