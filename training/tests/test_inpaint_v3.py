"""inpaint-unet version 3 (issue 16): Telea prefill, gated residual U-Net that starts as Telea, its three losses."""
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from conservator_ml.baselines import TELEA_PREFILL_RADIUS, inpaint_input
from conservator_ml.models.gated import GatedConv, TeleaResidualUNet
from conservator_ml.models.registry import build
from conservator_ml.tasks import GatedInpaintTask, get_task, inpainter_contract

REPO = Path(__file__).resolve().parents[2]


def scratched(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    image = cv2.GaussianBlur(rng.random((48, 64, 3)).astype(np.float32), (0, 0), 3)
    hole = np.zeros((48, 64), bool)
    hole[20:23, 5:60] = True  # a 3-px scratch
    hole[30:40, 30:38] = True  # and a wider hole
    return image, hole


def test_telea_prefill_is_opencvs_fill_in_the_hole_and_the_image_elsewhere():
    image, hole = scratched()
    x = inpaint_input(image, hole, "telea")
    bgr = np.round(image[..., ::-1] * 255).astype(np.uint8)
    opencv = cv2.inpaint(bgr, hole.astype(np.uint8) * 255, TELEA_PREFILL_RADIUS, cv2.INPAINT_TELEA)[..., ::-1] / 255.0
    assert np.allclose(x[hole][:, :3], opencv[hole], atol=1e-6)
    assert np.array_equal(x[~hole][:, :3], image[~hole])  # known pixels keep full precision
    assert np.array_equal(x[..., 3], hole.astype(np.float32))
    zeros = inpaint_input(image, hole, None)
    assert not zeros[hole][:, :3].any() and np.array_equal(zeros[~hole][:, :3], image[~hole])


def test_the_untrained_model_is_telea_exactly_and_changes_only_the_hole():
    model = build("inpaint-unet").eval()
    assert isinstance(model, TeleaResidualUNet)
    image, hole = scratched()
    x = torch.from_numpy(inpaint_input(image, hole, "telea")).permute(2, 0, 1)[None]
    with torch.no_grad():
        assert torch.equal(model(x), x[:, :3])
        torch.nn.init.normal_(model.head.weight, std=0.1)  # any correction at all
        y = model(x)
    known = ~torch.from_numpy(hole)
    assert torch.equal(y[0][:, known], x[0, :3][:, known])
    assert not torch.equal(y[0][:, ~known], x[0, :3][:, ~known])


def test_a_gate_closed_shuts_its_features():
    conv = GatedConv(2, 3)
    torch.nn.init.constant_(conv.gate.weight, 0.0)
    torch.nn.init.constant_(conv.gate.bias, -50.0)
    assert conv(torch.rand(1, 2, 8, 8)).abs().max() < 1e-12


def test_the_three_losses_train_and_the_discriminator_resumes(photo_list):
    from conservator_ml.patches import PatchConfig, PatchSampler
    from conservator_ml.sources import collect_training_photos
    task = get_task("inpaint-unet", batch_size=2, patch_sizes=(32,))
    assert isinstance(task, GatedInpaintTask) and task.prefill == "telea"
    sampler = PatchSampler(collect_training_photos(None, str(photo_list)), 1, task.patch)
    task.prepare(sampler)  # no --perceptual-from: pixel and adversarial terms only
    model = task.build_model()
    batch = task.batch(sampler, task.make_synthesizer(), step=0)
    loss, parts = task.loss(model, batch)
    loss.backward()
    assert {"l1_hole", "d_hinge", "adversarial"} <= parts.keys()
    assert model.head.weight.grad.abs().sum() > 0
    state = task.training_state()
    resumed = get_task("inpaint-unet")
    resumed.prepare(sampler)
    resumed.load_training_state(state)
    for a, b in zip(resumed.discriminator.parameters(), task.discriminator.parameters()):
        assert torch.equal(a, b)


def test_each_inpainter_is_fed_as_its_card_says():
    assert inpainter_contract(REPO / "Models" / "inpaint-unet@2.onnx") == (None, 16)
    assert inpainter_contract(Path("/nowhere/export/inpaint-unet.onnx")) == ("telea", 8)  # no card yet: this task's
