"""The super-resolution protocol's measures (issue 23): Y of BT.601 as MATLAB's rgb2ycbcr, shaved PSNR, SSIM."""
import numpy as np

from conservator_ml.sr_suite import luma, psnr_y, ssim_y
from conservator_ml.tasks import bicubic_downscale


def test_luma_is_bt601_in_studio_range():
    assert np.allclose(luma(np.zeros((1, 1, 3))), 16)
    assert np.allclose(luma(np.ones((1, 1, 3))), 16 + (65.481 + 128.553 + 24.966), atol=1e-6)  # 235


def test_psnr_shaves_the_border_and_ssim_is_one_for_equal_images():
    rng = np.random.default_rng(0)
    truth = rng.random((20, 24, 3)).astype(np.float32)
    damaged = truth.copy()
    damaged[:2] = 0  # only in the border that scale 2 shaves
    assert psnr_y(damaged, truth, shave=2) > 100 and psnr_y(damaged, truth, shave=0) < 40
    assert abs(ssim_y(truth, truth, shave=2) - 1) < 1e-9


def test_bicubic_downscale_halves_and_keeps_flat_areas():
    flat = np.full((32, 48, 3), 0.4, np.float32)
    small = bicubic_downscale(flat, 2)
    assert small.shape == (16, 24, 3) and np.allclose(small, round(0.4 * 255) / 255)
