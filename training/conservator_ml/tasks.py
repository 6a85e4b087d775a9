"""What each model learns: how a training batch is made from clean patches, its loss, and its I/O contract.

`train.py`, `export.py` and `card.py` are generic over these tasks; adding a model means adding a Task here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np
import torch
import yaml
from PIL import Image

from .budget import measure, measure_proxy
from .color_bins import empirical_prior, gamut_bins, rebalance_weights, soft_encode
from .color_metrics import srgb_to_lab
from .baselines import TELEA_PREFILL_RADIUS, inpaint_input
from .checkpoint import load_model_weights
from .losses import bce_dice, bce_tversky, hinge_discriminator, inpaint_loss, perceptual_l1
from .models.color_curves import apply_transform
from .models.colorizer import ColorizeNet
from .models.patchgan import PatchDiscriminator
from .models.registry import build, damage_unet
from .patches import PatchConfig, PatchSampler, textured_patch
from .synth.color_ageing import ColorAgeing, ColorAgeingParams
from .synth.archive import ArchiveConfig, ArchiveSynthesizer
from .synth.noise import NoiseConfig, add_noise
from .synth.compose import DamageSynthesizer, SynthConfig

HOLE_DILATE_PX = 2  # the pipeline dilates detected masks by 2 px before inpainting (DESIGN.md: dilate: 2)

RGB_IN = {"name": "image", "shape": "1x3xHxW", "dtype": "float32", "layout": "NCHW",
          "channels": "R,G,B", "color_space": "sRGB-encoded (non-linear)", "range": "[0,1]"}


def to_tensor(images: list[np.ndarray]) -> torch.Tensor:
    """List of HxWxC (or HxW) float arrays -> NxCxHxW float32 tensor."""
    batch = np.stack([im if im.ndim == 3 else im[..., None] for im in images]).astype(np.float32)
    return torch.from_numpy(batch).permute(0, 3, 1, 2).contiguous()


def chroma(x: torch.Tensor) -> torch.Tensor:
    """Opponent differences (R-G, B-G): where colour casts show, independent of brightness."""
    return torch.stack([x[:, 0] - x[:, 1], x[:, 2] - x[:, 1]], dim=1)


def dilate_mask(mask: np.ndarray, radius: int) -> np.ndarray:
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    return cv2.dilate(mask.astype(np.uint8), kernel) > 0


@dataclass
class Task:
    """A model's training recipe and contract; subclasses say how batches, losses, budget and export look."""

    name: str  # the model name in Models/ and in pipelines
    version: int
    summary: str
    inputs: list[dict]
    outputs: list[dict]
    intended_use: str
    limitations: list[str]
    disclosure: str  # IPTC DigitalSourceType for steps that use it
    patch: PatchConfig = field(default_factory=PatchConfig)
    synth: SynthConfig | ColorAgeingParams | None = field(default_factory=SynthConfig)

    def build_model(self) -> torch.nn.Module:
        return build(self.name)

    def make_synthesizer(self):
        return DamageSynthesizer(self.synth)

    def prepare(self, sampler: PatchSampler) -> None:
        """Statistics a loss needs from the training data, computed before training (default: none)."""

    def batch(self, sampler: PatchSampler, synthesizer, step: int) -> dict[str, torch.Tensor]:
        raise NotImplementedError

    def loss(self, model: torch.nn.Module, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, dict]:
        raise NotImplementedError

    def measure(self, model: torch.nn.Module):
        """Parameters, compute and receptive field (Budget for fully convolutional models)."""
        return measure(model)

    def export_sizes(self, model: torch.nn.Module) -> tuple[tuple[int, int], list[tuple[int, int]], bool]:
        """(example H,W for tracing, H,W sizes for the parity check, whether H and W are dynamic)."""
        f = model.downsampling
        return (4 * f, 4 * f), [(4 * f, 6 * f), (7 * f, 5 * f), (16 * f, 16 * f)], True

    def shortfalls(self, results: dict) -> list[str]:
        """Cases where the evaluation shows the model doing worse than not using it (default: none checked)."""
        return []

    def training_state(self) -> dict:
        """What besides the model and its optimizer a checkpoint must keep to resume exactly (default: nothing)."""
        return {}

    def load_training_state(self, state: dict) -> None:
        """Restore `training_state()` from a checkpoint (called after `prepare`)."""


class DamageTask(Task):
    # The project's targets (issue 4): pixel F1 at threshold 0.5 on thin scratches and over all kinds.
    targets = {"scratch": ("thin scratches", 0.85), "overall": ("all kinds together", 0.75)}

    def batch(self, sampler, synthesizer, step):
        _, items = sampler.batch(step)
        samples = [synthesizer(patch, rng) for patch, rng in items]
        return {"image": to_tensor([s.damaged for s in samples]),
                "mask": to_tensor([s.mask.astype(np.float32) for s in samples])}

    def loss(self, model, batch):
        return bce_dice(model.logits(batch["image"]), batch["mask"])


    def shortfalls(self, results):
        """Targets missed, and kinds where most of what the model marks is not damage."""
        model = results["model"]
        missed = [f"below its target on {label}: F1 {model[kind]['f1']:.3f} (target {target})"
                  for kind, (label, target) in self.targets.items() if model[kind]["f1"] < target]
        imprecise = [f"on '{kind}' most marked pixels are not damage: precision {scores['precision']:.2f}"
                     for kind, scores in model.items()
                     if kind not in ("overall", "mean_over_kinds") and scores["precision"] < 0.5]
        return missed + imprecise


@dataclass
class ArchiveDamageTask(DamageTask):
    """damage-unet versions 3 and 4 (issue 16; 4 fine-tuned 3 with portraits drawn more often and more negatives):
    procedural damage plus real-damage overlays, the scan after the damage, a
    share of every batch clean patches dense in thin structures and texture with an empty target, and a loss that
    punishes false positives (BCE + batch Tversky, FP weighed 0.7 vs FN 0.3)."""

    overlay_root: str | None = None  # ../shared/data/artefacts (training split only); None: procedural damage only
    negative_share: float = 0.3  # of every batch: clean textured patches (best of `negative_candidates` by detail)
    negative_candidates: int = 4
    archive: ArchiveConfig = field(default_factory=ArchiveConfig)

    def make_synthesizer(self):
        return ArchiveSynthesizer(self.overlay_root, replace(self.archive, procedural=self.synth))

    def batch(self, sampler, synthesizer, step):
        size, items = sampler.batch(step)
        negatives = round(self.negative_share * len(items))  # a fixed share of every batch
        samples = []
        for index, (patch, rng) in enumerate(items):
            if index < negatives:
                patch = textured_patch(sampler.cache, size, rng, sampler.cfg, self.negative_candidates)
                samples.append(synthesizer.clean(patch, rng))
            else:
                samples.append(synthesizer(patch, rng))
        return {"image": to_tensor([s.damaged for s in samples]),
                "mask": to_tensor([s.mask.astype(np.float32) for s in samples])}

    def loss(self, model, batch):
        return bce_tversky(model.logits(batch["image"]), batch["mask"])


@dataclass
class InpaintTask(Task):
    """`prefill` (stated on the card as inputs[0].prefill): what the holes hold in the model's input; None: zeros."""

    prefill: str | None = None

    def batch(self, sampler, synthesizer, step):
        _, items = sampler.batch(step)
        samples = [synthesizer(patch, rng) for patch, rng in items]
        holes = [dilate_mask(s.mask, HOLE_DILATE_PX) for s in samples]
        return {"input": to_tensor([inpaint_input(s.damaged, h, self.prefill) for s, h in zip(samples, holes)]),
                "known": to_tensor([s.damaged * (1 - h[..., None]) for s, h in zip(samples, holes)]),
                "hole": to_tensor([h.astype(np.float32) for h in holes]),
                "target": to_tensor([s.target for s in samples]), "step": torch.tensor(step)}

    def loss(self, model, batch):
        return inpaint_loss(model(batch["input"]), batch["target"], batch["known"], batch["hole"])

    # The project's target (issue 4): PSNR inside holes at least this far above OpenCV Telea, per bucket.
    target_margin_db = {"thin": 1.5, "medium": 1.5}
    # A mean signed error (0-1 scale) from which a filled line shows against its surroundings on a smooth area.
    visible_bias = 0.01

    def shortfalls(self, results):
        """Hole sizes where the model misses its margin over Telea, or does worse than Telea at all."""
        model, telea = results["model"], results["telea"]
        notes = []
        for bucket in ("thin", "medium", "large"):
            if bucket not in model or bucket not in telea:
                continue
            ours, theirs = model[bucket]["psnr_hole"], telea[bucket]["psnr_hole"]
            margin = self.target_margin_db.get(bucket)
            if margin is not None and ours < theirs + margin:
                notes.append(f"below its target on {bucket} holes: PSNR in holes {ours:.2f} dB vs OpenCV Telea "
                             f"{theirs:.2f} dB (target: Telea + {margin} dB)")
            elif margin is None and ours < theirs:
                notes.append(f"worse than OpenCV Telea on {bucket} holes: PSNR in holes {ours:.2f} vs {theirs:.2f} dB")
            ours, theirs = model[bucket].get("bias_hole"), telea[bucket].get("bias_hole")
            if ours is not None and abs(ours) >= self.visible_bias and abs(ours) > 2 * abs(theirs):
                notes.append(f"its fills of {bucket} holes are on average {'brighter' if ours > 0 else 'darker'} than "
                             f"the truth by {abs(ours):.3f} (OpenCV Telea: {theirs:+.3f}), so a repaired "
                             f"{'scratch' if bucket == 'thin' else 'hole'} can stay visible as a faint "
                             f"{'light' if ours > 0 else 'dark'} shape")
        return notes


def inpainter_contract(onnx_path: Path) -> tuple[str | None, int]:
    """(prefill, H and W multiple) of an inpainter's ONNX file, from the card beside it (Models/name@version.card.yaml,
    so version 2 keeps its zeros in the hole), or the current task's for a freshly exported file with no card yet."""
    card = onnx_path.with_name(onnx_path.name.removesuffix(".onnx") + ".card.yaml")
    if card.exists():
        io = yaml.safe_load(card.read_text())["io"]
        return io["inputs"][0].get("prefill"), io["height_width_multiple_of"]
    task = TASKS["inpaint-unet"]
    return task.prefill, task.build_model().downsampling


@dataclass
class GatedInpaintTask(InpaintTask):
    """inpaint-unet version 3 (issue 16): a Telea prefill corrected by a gated U-Net, trained with the seed's three
    losses: pixel (inpaint_loss: L1 in hole and ring, gradients), perceptual (L1 between features of the encoder of
    damage-unet@3, a network this project trained, frozen; loaded with `train.py --perceptual-from`) and adversarial
    (a small PatchGAN with the hinge loss, from step `adversarial_from` on, so that the checkpoint before it can be
    compared with the one after it on PSNR)."""

    perceptual_from: str | None = None  # a checkpoint of damage-unet (onnx_to_checkpoint.py of damage-unet@3)
    perceptual_weight: float = 0.1
    adversarial_weight: float = 0.01
    adversarial_from: int = 0
    discriminator_lr: float = 2e-4

    def prepare(self, sampler):
        self.encoder = None
        if self.perceptual_from:
            detector = damage_unet()
            load_model_weights(detector, self.perceptual_from)
            detector.requires_grad_(False)
            self.encoder = detector.eval()
        self.discriminator = PatchDiscriminator()
        self.d_optimizer = torch.optim.Adam(self.discriminator.parameters(), lr=self.discriminator_lr, betas=(0.5, 0.999))

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The detector's encoder at full, 1/2 and 1/4 resolution: edges, strokes and small textures."""
        levels = [self.encoder.stem(x)]
        for block in self.encoder.down[:2]:
            levels.append(block(levels[-1]))
        return levels

    def loss(self, model, batch):
        pred = model(batch["input"])
        hole, known, target = batch["hole"], batch["known"], batch["target"]
        total, parts = inpaint_loss(pred, target, known, hole)
        composite = hole * pred + (1 - hole) * known
        if self.encoder is not None:
            with torch.no_grad():
                truth = self.features(target)
            perceptual = perceptual_l1(self.features(composite), truth, hole)
            total = total + self.perceptual_weight * perceptual
            parts["perceptual"] = perceptual.item()
        if int(batch["step"]) >= self.adversarial_from:
            # the real sample differs from the fake only inside the hole, so the discriminator judges fills
            real = hole * target + (1 - hole) * known
            d_loss = hinge_discriminator(self.discriminator(real, hole), self.discriminator(composite.detach(), hole))
            self.d_optimizer.zero_grad(set_to_none=True)
            d_loss.backward()
            self.d_optimizer.step()
            adversarial = -self.discriminator(composite, hole).mean()
            total = total + self.adversarial_weight * adversarial
            parts.update(d_hinge=d_loss.item(), adversarial=adversarial.item())
        return total, parts

    def training_state(self):
        return {"discriminator": self.discriminator.state_dict(), "d_optimizer": self.d_optimizer.state_dict()}

    def load_training_state(self, state):
        if state:
            self.discriminator.load_state_dict(state["discriminator"])
            self.d_optimizer.load_state_dict(state["d_optimizer"])


class ColorRestoreTask(Task):
    """Global transform from a whole-image proxy; in training the patch itself plays the proxy."""

    def make_synthesizer(self):
        return ColorAgeing(self.synth)

    def batch(self, sampler, synthesizer, step):
        _, items = sampler.batch(step)
        samples = [synthesizer(patch, rng) for patch, rng in items]
        return {"image": to_tensor([s.aged for s in samples]), "target": to_tensor([s.target for s in samples])}

    def loss(self, model, batch):
        curves, matrix = model(batch["image"])
        restored = apply_transform(batch["image"], curves, matrix)
        l1 = (restored - batch["target"]).abs().mean()
        # casts are under-weighed by RGB L1 next to brightness errors, so chroma gets its own term
        chroma_l1 = (chroma(restored) - chroma(batch["target"])).abs().mean()
        return l1 + chroma_l1, {"l1": l1.item(), "chroma_l1": chroma_l1.item()}

    def measure(self, model):
        return measure_proxy(model)

    def export_sizes(self, model):
        size = model.proxy_size
        return (size, size), [(size, size)], False

    def shortfalls(self, results):
        """Ageing kinds on which the restored image is further from the clean one than the aged input was."""
        model, unrestored = results["model"], results["unrestored"]
        return [f"on '{kind}' the model is worse than leaving the image alone: mean CIEDE2000 "
                f"{scores['mean_ciede2000']:.2f} vs {unrestored[kind]['mean_ciede2000']:.2f} unrestored"
                for kind, scores in model.items()
                if kind != "overall" and scores["mean_ciede2000"] > unrestored[kind]["mean_ciede2000"]]


def lab_planes(patch: np.ndarray, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """L/100 at full resolution and ab (Lab units) area-averaged to 1/stride: the colorizer's input and target."""
    lab = srgb_to_lab(patch).astype(np.float32)
    h, w = patch.shape[:2]
    ab = cv2.resize(lab[..., 1:], (w // stride, h // stride), interpolation=cv2.INTER_AREA)
    return lab[..., 0] / 100.0, ab


@dataclass
class ColorizeTask(Task):
    """Classification over ab bins with class rebalancing; colour patches are made grey on the fly (no synthesizer)."""

    prior_steps = 20  # batches whose colours estimate the prior (the first steps of the same data stream)
    rebalance_mix: float = 0.5  # uniform share in the rebalancing weights (Zhang et al.: 0.5; 1 = no rebalancing)

    def make_synthesizer(self):
        return None

    def prepare(self, sampler):
        stride = ColorizeNet.output_stride_default
        samples = [lab_planes(patch, stride)[1] for step in range(self.prior_steps)
                   for patch, _ in sampler.batch(step)[1]]
        self.weights = torch.from_numpy(rebalance_weights(empirical_prior(samples, gamut_bins()), self.rebalance_mix))
        print(f"colour prior from {len(samples)} patches; rebalancing weights {float(self.weights.min()):.2f}"
              f"..{float(self.weights.max()):.2f}")

    def batch(self, sampler, synthesizer, step):
        _, items = sampler.batch(step)
        planes = [lab_planes(patch, ColorizeNet.output_stride_default) for patch, _ in items]
        return {"lightness": to_tensor([l for l, _ in planes]), "ab": to_tensor([ab for _, ab in planes])}

    def loss(self, model, batch):
        logits = model.logits(batch["lightness"])
        target = soft_encode(batch["ab"], model.bins)
        pixel_weight = self.weights.to(logits.device)[target.argmax(dim=1)]
        ce = -(target * torch.log_softmax(logits, dim=1)).sum(dim=1)
        loss = (ce * pixel_weight).mean()
        return loss, {"ce": ce.mean().item()}

    def measure(self, model):
        return measure_proxy(model)

    # The project's targets (issue 5): colourfulness at least this share of the true images', and PSNR above the
    # greyscale image taken as the colour result.
    target_colorfulness_ratio = 0.6

    size_multiple = 8  # the network halves the proxy three times; stated on the card (the Swift stage reads it)

    def shortfalls(self, results):
        """Targets missed. Results of `evaluate.py colorize-suite` (issue 17; the first method is the evaluated
        model): per aspect ratio, closer to the truth than the grey input (mean CIEDE2000), colourfulness 0.6-1.2x the
        truth's, face a*b* error at most 12. Older results of `evaluate.py --model colorize` ('mean'): colourfulness
        at least 0.6x and PSNR above the greyscale image's."""
        if "mean" not in results:
            return self._suite_shortfalls(results)
        mean = results["mean"]
        notes = []
        if mean["colorfulness_ratio"] < self.target_colorfulness_ratio:
            notes.append(f"below its target on colourfulness: {mean['colorfulness_ratio']:.0%} of the true images' "
                         f"(target {self.target_colorfulness_ratio:.0%})")
        if mean["psnr_model"] <= mean["psnr_grey"]:
            notes.append(f"below its target on PSNR: {mean['psnr_model']:.2f} dB against the true colours, "
                         f"{mean['psnr_grey']:.2f} dB for the greyscale image itself; wrong colours cost more than "
                         "no colour, so a colorized image is further from the truth than the grey one")
        return notes

    @staticmethod
    def _suite_shortfalls(results):
        from .colorize_suite import TARGET_COLORFULNESS, TARGET_FACE_AB
        label, by_aspect = next(iter(results.items()))
        low, high = TARGET_COLORFULNESS
        notes = []
        for aspect, s in by_aspect.items():
            if s["grey_minus_ours"] <= 0:
                notes.append(f"{label}, {aspect}: further from the true colours than the grey input (mean CIEDE2000 "
                             f"{s['mean_ciede2000']:.2f} vs {s['mean_ciede2000_grey']:.2f})")
            if not low <= s["colorfulness_ratio"] <= high:
                notes.append(f"{label}, {aspect}: colourfulness {s['colorfulness_ratio']:.2f}x the truth's "
                             f"(target {low}-{high}x)")
            if aspect == "all":
                for other, theirs in list(results.items())[1:]:
                    if theirs["all"]["mean_ciede2000"] < s["mean_ciede2000"]:
                        notes.append(f"{label}: the method '{other}' is closer to the true colours on average (mean "
                                     f"CIEDE2000 {theirs['all']['mean_ciede2000']:.2f} vs {s['mean_ciede2000']:.2f}, "
                                     f"colourfulness {theirs['all']['colorfulness_ratio']:.2f}x vs "
                                     f"{s['colorfulness_ratio']:.2f}x)")
            if s.get("face_ab_error", 0) > TARGET_FACE_AB:
                notes.append(f"{label}, {aspect}: face a*b* error {s['face_ab_error']:.1f} over {s['faces']} faces "
                             f"(target <= {TARGET_FACE_AB:g}; the grey input's {s['face_ab_error_grey']:.1f})")
        return notes

    def export_sizes(self, model):
        f = model.downsampling
        return (32 * f // 2, 32 * f // 2), [(16 * f, 24 * f), (32 * f, 32 * f)], True


DETECTOR_LIMITATIONS = [
    "Trained only on synthetic damage painted onto digital colour photographs (BSDS500 and Debian-packaged photos); "
    "real scans have damage shapes, paper textures and scanner noise it has not seen.",
    "Thin real structures (wires, hair, grass blades, text strokes) can be mistaken for scratches; review masks "
    "before inpainting collections with fine line work.",
    "Stains are labelled only where they visibly shift colour; faint toning is not reported as damage.",
    "Small natural specks (freckles, moles, stars, snow) can be marked as dust; check portraits before inpainting.",
]
DETECTOR_V3_LIMITATIONS = [
    "Trained on synthetic damage (training/conservator_ml/synth) and on the training split of the MIT film-damage "
    "overlays (dust, dirt, hair, lint, scratches, smut, spots, stains fitted to real scans) painted onto digital colour "
    "photographs (BSDS500 train+test and Debian-packaged photos); no real damaged scans with hand-drawn masks.",
    "Creases, foxing, craquelure and flakes unlike the training shapes (the independent generator gen2 of the no-harm "
    "suite) are found less reliably than the damage it was trained on; see no_harm_evaluation.",
    "Thin real structures (wires, cane, glasses frames, lattice, text strokes) and fabric can still be marked; the "
    "no-harm suite's false-fill figures say how often on held-out photographs. Review masks before inpainting.",
    "Stains are labelled only where they visibly shift colour; faint toning is not reported as damage.",
    "Use the calibrated threshold of this card; the raw probabilities are not calibrated to frequencies.",
]
INPAINT_LIMITATIONS = [
    "Fills holes with plausible texture, not with what was there: content inside large holes is invented.",
    "Context is limited to the receptive field; tears larger than about a third of it get smooth, low-detail fills.",
    "Trained on photographs of landscapes, animals and objects; faces, text and period-specific details inside a "
    "hole are not reconstructed faithfully.",
]

COLOR_LIMITATIONS = [
    "Learned from synthetic ageing (dye fading with cyan fastest, paper yellowing, contrast loss, casts) of digital "
    "colour photographs; real fading paths (dark vs light storage, non-chromogenic processes) differ.",
    "Restores toward the look of modern digital photographs in the training set; period-specific palettes and "
    "deliberate toning other than sepia may be 'corrected' away. Use strength < 1 and review.",
    "Skin tones: the training photos' range of skin tones is not balanced; check restorations of portraits.",
    "Sepia-toned prints are meant to stay sepia; other toners (selenium, gold, cyanotype) were never seen.",
]

COLORIZE_LIMITATIONS = [
    "Every colour is a guess: learned from modern colour photographs, not recovered from the original. Never present "
    "a colorized image as the original's colours; the grey input is the document.",
    "Training data (477 photographs): BSDS500 train+test (400; Corel stock photographs of the late 20th century: "
    "nature, animals, buildings, travel scenes and people from many countries, with no dates or places recorded) and "
    "77 Debian-packaged photographs (modern digital wallpapers and OpenCV documentation samples). 40 of the 400 BSDS500 "
    "photographs show a frontal face (63 faces; training/colorize_portraits.txt); the Debian ones are nearly all without "
    "people. Skin tones of the people shown are not balanced, and no photograph is from the periods of most archival "
    "black-and-white prints.",
    "Period colours it cannot know: uniforms, flags, insignia, signage, painted vehicles and buildings, textile dyes, "
    "make-up and hair colour are filled with the commonest colour for that grey level and texture, often brown, grey "
    "or a muted blue or green, or left nearly grey.",
    "Version 3 chose being near-grey over being vivid and wrong: its output is muted (0.63-0.64x the true "
    "colourfulness on the held-out test photographs) and saturated objects (red clothing, flowers, painted signs) come "
    "out pale. Skin is not believable yet: faces are warmer than version 2's green and purple, but still yellowish, "
    "olive or greyish (mean face a*b* error about 23 against 12 wanted); hair can turn reddish.",
    "Chroma is predicted at a 256-px proxy and upsampled: small objects may get the colour of their surroundings, and "
    "colour can bleed across edges.",
]

class DenoiseTask(Task):
    """Blind denoising (issue 23): the network sees a clean patch with noise of a random level and kind added and is
    trained, by mean squared error, to give back the clean patch (the published benchmarks score PSNR)."""

    def make_synthesizer(self):
        return lambda patch, rng: add_noise(patch, rng, self.synth)

    def batch(self, sampler, synthesizer, step):
        _, items = sampler.batch(step)
        return {"noisy": to_tensor([synthesizer(patch, rng) for patch, rng in items]),
                "clean": to_tensor([patch for patch, _ in items])}

    def loss(self, model, batch):
        mse = torch.nn.functional.mse_loss(model(batch["noisy"]), batch["clean"])
        return mse, {"psnr": float(-10 * torch.log10(mse.detach().clamp_min(1e-10)))}


def bicubic_downscale(image: np.ndarray, factor: int) -> np.ndarray:
    """`image` (H x W x 3 float in [0,1], sides multiples of `factor`) reduced as the super-resolution benchmarks
    made their low-resolution images (MATLAB's antialiased bicubic; PIL's gives Set5's to 55 dB), at 8 bits."""
    pixels = Image.fromarray(np.clip(np.rint(image * 255), 0, 255).astype(np.uint8))
    small = pixels.resize((pixels.width // factor, pixels.height // factor), Image.BICUBIC)
    return np.asarray(small, dtype=np.float32) / 255


class UpscaleTask(Task):
    """Super-resolution (issue 23): a high-resolution patch (8-bit, as a photograph is stored) reduced by bicubic
    interpolation is the input, the patch itself the target; L1 loss (sharper than L2 for super-resolution, as in
    EDSR), PSNR logged."""

    scale: int = 2
    synthesis = ("the training photographs' patches (8-bit) reduced by bicubic interpolation (PIL's antialiased kernel, "
                 "as the benchmarks' MATLAB imresize) are the input, the patches themselves the target")

    def make_synthesizer(self):
        return None

    def shortfalls(self, results):
        """Sets where the model does worse than the bicubic enlargement of the same images."""
        found = []
        for dataset, methods in results.items():
            ours = [label for label in methods if label not in ("bicubic", "bilinear", "published")]
            for label in ours[:1]:
                if methods[label]["psnr_y"] <= methods["bicubic"]["psnr_y"]:
                    found.append(f"On {dataset} it is not better than bicubic enlargement: Y-PSNR "
                                 f"{methods[label]['psnr_y']:.2f} dB against {methods['bicubic']['psnr_y']:.2f} dB.")
        return found

    def batch(self, sampler, synthesizer, step):
        _, items = sampler.batch(step)
        high = [np.clip(np.rint(patch * 255), 0, 255).astype(np.float32) / 255 for patch, _ in items]
        return {"low": to_tensor([bicubic_downscale(h, self.scale) for h in high]), "high": to_tensor(high)}

    def loss(self, model, batch):
        output = model(batch["low"])
        mse = torch.nn.functional.mse_loss(output.detach(), batch["high"])
        return (torch.nn.functional.l1_loss(output, batch["high"]),
                {"psnr": float(-10 * torch.log10(mse.clamp_min(1e-10)))})

    def export_sizes(self, model):
        return (16, 16), [(16, 24), (21, 15), (32, 32)], True


UPSCALE_LIMITATIONS = [
    "Every pixel between the photograph's own is a guess: fine texture, text and faces can come out plausible but "
    "not as they were; never for the archival master or for measurement.",
    "Trained on natural-colour photographs reduced by bicubic interpolation; blur, noise, halftone screens or JPEG "
    "blocking in the input are enlarged with it, not removed (run denoise first).",
]


DENOISE_LIMITATIONS = [
    "Trained on synthetic noise only (white Gaussian, sigma 0-55 of 255, and blurred, tone-dependent grain); real sensor "
    "noise, halftone screens and JPEG blocking are outside what it has seen.",
    "Like every denoiser it cannot tell fine texture (fabric, foliage, film grain that is part of the image's character) "
    "from noise at high levels: it smooths some of it.",
]

TASKS: dict[str, Task] = {
    "damage-unet": ArchiveDamageTask(
        name="damage-unet", version=4,
        summary="Per-pixel damage probability (scratches, dust, hair, cracks, tears, stains, flaking) on scanned "
                "photographs, trained to leave undamaged detail alone.",
        inputs=[RGB_IN],
        outputs=[{"name": "damage", "shape": "1x1xHxW", "dtype": "float32", "range": "[0,1]",
                  "meaning": "probability that the pixel is damage (sigmoid inside the model)"}],
        intended_use="Find local damage on digitized prints so it can be reviewed or inpainted; use the card's "
                     "calibrated threshold (calibration.threshold), dilate 2 px before inpainting.",
        limitations=DETECTOR_V3_LIMITATIONS,
        disclosure="none (analysis only; the pixels are not changed)",
        patch=PatchConfig(batch_size=16, patch_sizes=(96, 128, 160), min_scale=0.5, monochrome_prob=0.4),
        synth=ArchiveConfig().procedural),
    "inpaint-unet": GatedInpaintTask(
        name="inpaint-unet", version=3,
        summary="Fills masked holes (damage) of a photograph: a Telea fill (radius 3, as OpenCV's) corrected inside "
                "the hole by a gated-convolution U-Net.",
        inputs=[{**RGB_IN, "name": "image_and_mask", "shape": "1x4xHxW",
                 "channels": f"R,G,B (holes filled by Telea, radius {TELEA_PREFILL_RADIUS}), mask (1=hole)",
                 "prefill": "telea", "prefill_radius": TELEA_PREFILL_RADIUS}],
        outputs=[{"name": "image", "shape": "1x3xHxW", "dtype": "float32", "range": "[0,1]",
                  "meaning": "RGB; the caller keeps known pixels and composites only the hole"}],
        intended_use="Repair damage found by damage-unet (or drawn by a conservator) on digitized prints; derivatives only.",
        limitations=INPAINT_LIMITATIONS,
        disclosure="compositeWithTrainedAlgorithmicMedia",
        synth=SynthConfig(clean_prob=0.0), prefill="telea"),
    "color-restore": ColorRestoreTask(
        name="color-restore", version=1,
        summary="Predicts a global colour transform (per-channel tone curves, then a 3x3 matrix + bias) from a "
                "256x256 proxy of a faded photograph; the stage applies it to the full-resolution image.",
        inputs=[{**RGB_IN, "name": "proxy", "shape": "1x3x256x256",
                 "note": "whole image resized to 256x256 with an area filter (aspect ratio not kept)"}],
        outputs=[{"name": "curves", "shape": "1x3x16", "dtype": "float32", "range": "[0,1]",
                  "meaning": "per-channel monotone tone-curve values at x = i/15, i = 0..15; piecewise linear"},
                 {"name": "matrix", "shape": "1x3x4", "dtype": "float32",
                  "meaning": "[M | b]: out = clip(M @ curve(rgb) + b, 0, 1), applied per pixel after the curves"}],
        intended_use="Undo fading, yellowing, casts and contrast loss of digitized colour prints; derivatives only, "
                     "blended with the input by the pipeline's strength.",
        limitations=COLOR_LIMITATIONS,
        disclosure="algorithmicallyEnhanced",
        patch=PatchConfig(batch_size=16, patch_sizes=(256,), min_scale=0.25, monochrome_prob=0.1),
        synth=ColorAgeingParams()),
    "colorize": ColorizeTask(
        name="colorize", version=4,
        summary="Predicts ab chroma (CIELAB) for a greyscale photograph from its lightness, at a proxy resolution "
                "(classification over 259 ab bins with class rebalancing). Version 4: colorize@3's weights fine-tuned "
                "1000 steps more with the photographs of people drawn 10x as often and half of their draws centred on "
                "a face; decoded as version 3: the mean of the bin distribution (T = 1) at 0.8 of its chroma, chosen "
                "on held-out photographs so that the result is closer to the truth than the grey input.",
        inputs=[{"name": "lightness", "shape": "1x1xHxW", "dtype": "float32", "layout": "NCHW",
                 "channels": "CIELAB L* / 100 (D65)", "range": "[0,1]",
                 "note": "proxy: whole image resized to long side 256, H and W multiples of 8"}],
        outputs=[{"name": "ab", "shape": "1x2xHxW", "dtype": "float32", "channels": "CIELAB a*, b*",
                  "range": "about [-110, 100]",
                  "meaning": "chroma at the proxy size; upsample to full resolution and join with the original L*"}],
        intended_use="Offer a colorized derivative of a black-and-white photograph for access and outreach, always "
                     "disclosed as AI colorization; never for the archival master.",
        limitations=COLORIZE_LIMITATIONS,
        disclosure="compositeWithTrainedAlgorithmicMedia",
        patch=PatchConfig(batch_size=16, patch_sizes=(128, 160), min_scale=0.25, monochrome_prob=0.0),
        synth=None),
    "denoise": DenoiseTask(
        name="denoise", version=1,
        summary="Removes white Gaussian noise (any level up to sigma 55 of 255) and film or scanner grain from a "
                "photograph, blind (no noise level is given): a residual network working at half resolution.",
        inputs=[RGB_IN],
        outputs=[{"name": "denoised", "shape": "1x3xHxW", "dtype": "float32", "range": "about [0,1]",
                  "meaning": "the denoised RGB (the input less the noise the network finds)"}],
        intended_use="Reduce noise and grain in access derivatives of digitized photographs; never on the master.",
        limitations=DENOISE_LIMITATIONS,
        disclosure="algorithmicallyEnhanced",
        patch=PatchConfig(batch_size=32, patch_sizes=(64, 80, 96), min_scale=0.5, monochrome_prob=0.3),
        synth=NoiseConfig()),
    "upscale-x2": UpscaleTask(
        name="upscale-x2", version=1,
        summary="Enlarges a photograph twice in width and height: a bilinear enlargement plus the detail a residual "
                "network finds at the input's resolution, put on the fine grid by pixel shuffle.",
        inputs=[RGB_IN],
        outputs=[{"name": "enlarged", "shape": "1x3x(2H)x(2W)", "dtype": "float32", "range": "about [0,1]",
                  "meaning": "the enlarged RGB"}],
        intended_use="Enlarge small prints and contact sheets for access copies and reproduction, disclosed as AI "
                     "super-resolution; never on the master.",
        limitations=UPSCALE_LIMITATIONS,
        disclosure="compositeWithTrainedAlgorithmicMedia",
        patch=PatchConfig(batch_size=32, patch_sizes=(96,), min_scale=0.5, monochrome_prob=0.1),
        synth=None),
}


def get_task(name: str, **patch_overrides) -> Task:
    """The task, with patch settings overridden from the command line (batch size, patch sizes)."""
    if name not in TASKS:
        raise KeyError(f"unknown task {name!r}; known: {', '.join(TASKS)}")
    task = TASKS[name]
    overrides = {k: v for k, v in patch_overrides.items() if v is not None}
    return replace(task, patch=replace(task.patch, **overrides)) if overrides else task
