"""Model budgets (issue 4 and 5), receptive field measurement, ONNX export within the contract and parity."""
import pytest
import torch

from conservator_ml.budget import measure, measure_proxy, receptive_field
from conservator_ml.models.color_curves import apply_transform
from conservator_ml.models.mean_matched import MeanMatchedUNet
from conservator_ml.models.registry import build
from conservator_ml.models.unet import UNet
from conservator_ml.onnx_export import PARITY_TOLERANCE, contract_violations, export, parity
from conservator_ml.tasks import get_task


@pytest.mark.parametrize("name", ["damage-unet", "inpaint-unet"])
def test_fully_convolutional_budgets(name):
    budget = measure(build(name))
    assert budget.params <= 2_000_000
    assert budget.gmac_per_megapixel <= 60.0
    assert budget.receptive_field > 2 * budget.downsampling


def test_denoiser_budget_and_residual():
    """Issue 23's limits (0.6 M parameters, 150 GMAC/MP); the output is the input less the noise it finds."""
    model = build("denoise").eval()
    budget = measure(model)
    assert budget.params <= 600_000 and budget.gmac_per_megapixel <= 150.0 and budget.downsampling == 2
    x = torch.rand(1, 3, 18, 26)
    with torch.no_grad():
        assert torch.allclose(model(x), x - model.noise(x))


def test_upscaler_starts_at_bilinear_and_doubles_the_size():
    """A zero tail: before training the model is a bilinear enlargement; its output is twice the input's size."""
    model = build("upscale-x2").eval()
    x = torch.rand(1, 3, 11, 17)
    with torch.no_grad():
        y = model(x)
    assert y.shape == (1, 3, 22, 34)
    assert torch.allclose(y, torch.nn.functional.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False))
    assert measure(model).params <= 600_000


def test_color_restore_and_colorize_budgets():
    assert measure_proxy(build("color-restore")).params <= 1_000_000
    assert measure_proxy(build("colorize")).params <= 8_000_000


def test_receptive_field_of_known_networks():
    assert receptive_field(UNet(1, 1, widths=(4,), convs_per_level=2)) == 5  # two 3x3 convs
    assert receptive_field(UNet(1, 1, widths=(4,), convs_per_level=3)) == 7
    deeper = receptive_field(UNet(1, 1, widths=(4, 4), convs_per_level=2))
    assert deeper > 5


def test_outputs_in_unit_range_and_shape():
    model = build("inpaint-unet").eval()
    with torch.no_grad():
        y = model(torch.rand(1, 4, 64, 96))
    assert y.shape == (1, 3, 64, 96) and 0.0 <= y.min() and y.max() <= 1.0


@pytest.mark.parametrize("name", ["damage-unet", "inpaint-unet", "color-restore", "colorize", "denoise", "upscale-x2"])
def test_export_parity_and_contract(name, tmp_path):
    task = get_task(name)
    torch.manual_seed(0)
    model = task.build_model()
    for parameter in model.parameters():  # zero-initialized tails would make the parity check trivial
        if not parameter.abs().sum():
            torch.nn.init.normal_(parameter, std=0.05)
    example_hw, sizes, dynamic = task.export_sizes(model)
    path = export(model, tmp_path / f"{name}.onnx", model.in_channels, task.inputs[0]["name"],
                  [o["name"] for o in task.outputs], dynamic_hw=dynamic, example_hw=example_hw)
    assert contract_violations(path) == []
    assert parity(model, path, model.in_channels, sizes[:2]) <= PARITY_TOLERANCE


def test_color_transform_starts_at_identity():
    model = build("color-restore").eval()
    x = torch.rand(1, 3, 256, 256)
    with torch.no_grad():
        curves, matrix = model(x)
    assert torch.allclose(apply_transform(x, curves, matrix), x, atol=1e-5)


def test_mean_matching_removes_a_fill_offset_and_keeps_the_state_dict():
    config = dict(widths=(4, 8), convs_per_level=1, norm=True)
    model = MeanMatchedUNet(4, 3, **config)
    assert model.state_dict().keys() == UNet(4, 3, **config).state_dict().keys()  # @1 checkpoints load as they are
    image = torch.full((1, 3, 32, 32), 0.4)
    hole = torch.zeros(1, 1, 32, 32)
    hole[..., 10:13, 4:28] = 1  # a 3-px scratch
    x = torch.cat([image * (1 - hole), hole], dim=1)
    brighter_fill = torch.full((1, 3, 32, 32), 0.45)
    matched = model.match(brighter_fill, x)
    assert torch.allclose(matched[..., 10:13, 4:28], torch.tensor(0.4), atol=1e-4)
