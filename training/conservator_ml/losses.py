"""Training losses (issue 4): BCE + Dice for detection; L1 in and around the hole plus a gradient term for inpainting."""
from __future__ import annotations

import torch
from torch.nn import functional as F


def bce_dice(logits: torch.Tensor, target: torch.Tensor, dice_weight: float = 1.0) -> tuple[torch.Tensor, dict]:
    """BCE keeps per-pixel calibration; soft Dice counters the imbalance (damage is a few percent of pixels)."""
    bce = F.binary_cross_entropy_with_logits(logits, target)
    prob = torch.sigmoid(logits)
    inter = (prob * target).sum(dim=(1, 2, 3))
    union = prob.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3))
    dice = 1.0 - (2 * inter + 1.0) / (union + 1.0)  # +1 smoothing: an empty mask predicted empty scores 0 loss
    dice = dice.mean()
    return bce + dice_weight * dice, {"bce": bce.item(), "dice": dice.item()}


def dilate(mask: torch.Tensor, radius: int) -> torch.Tensor:
    return F.max_pool2d(mask, 2 * radius + 1, stride=1, padding=radius)


def _masked_mean(value: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    return (value * weight).sum() / (weight.sum() * value.shape[1] / weight.shape[1] + 1e-6)


def image_gradients(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return x[..., :, 1:] - x[..., :, :-1], x[..., 1:, :] - x[..., :-1, :]


def inpaint_loss(pred: torch.Tensor, target: torch.Tensor, known: torch.Tensor, hole: torch.Tensor,
                 ring_px: int = 4, w_hole: float = 6.0, w_ring: float = 1.0, w_grad: float = 2.0
                 ) -> tuple[torch.Tensor, dict]:
    """Losses on what the caller keeps: the prediction composited into the hole over the known pixels.

    Each term is a mean over its own region, so small scratches weigh as much per pixel as large tears. The gradient
    term (on the composite, in hole + ring) penalizes blur and seams at the hole border, where L1 alone is content
    with a smooth average.
    """
    composite = hole * pred + (1 - hole) * known
    ring = dilate(hole, ring_px) - hole
    around = hole + ring
    l1 = (pred - target).abs()
    l1_hole = _masked_mean(l1, hole)
    l1_ring = _masked_mean(l1, ring)
    gx_p, gy_p = image_gradients(composite)
    gx_t, gy_t = image_gradients(target)
    grad = (_masked_mean((gx_p - gx_t).abs(), around[..., :, 1:]) + _masked_mean((gy_p - gy_t).abs(), around[..., 1:, :]))
    total = w_hole * l1_hole + w_ring * l1_ring + w_grad * grad
    return total, {"l1_hole": l1_hole.item(), "l1_ring": l1_ring.item(), "grad": grad.item()}


def perceptual_l1(features: list[torch.Tensor], truth: list[torch.Tensor], hole: torch.Tensor) -> torch.Tensor:
    """Feature-space L1 around the hole, summed over levels; each level's mean is taken over the hole dilated by one
    feature pixel at that level's resolution and divided by the truth's mean magnitude there, so every level weighs
    alike whatever its activations' scale."""
    total = hole.new_zeros(())
    for f, t in zip(features, truth):
        factor = hole.shape[-1] // f.shape[-1]
        region = dilate(F.max_pool2d(hole, factor) if factor > 1 else hole, 1)
        total = total + _masked_mean((f - t).abs(), region) / (_masked_mean(t.abs(), region) + 1e-3)
    return total


def hinge_discriminator(real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """Hinge loss of a discriminator's patch scores (Miyato et al. 2018; SN-PatchGAN)."""
    return F.relu(1 - real).mean() + F.relu(1 + fake).mean()


def focal_tversky(logits: torch.Tensor, target: torch.Tensor, fp_weight: float = 0.7, fn_weight: float = 0.3,
                  gamma: float = 2.0, focal_weight: float = 10.0, negative_alpha: float = 0.75
                  ) -> tuple[torch.Tensor, dict]:
    """A detection loss that punishes false positives (damage-unet version 3, issue 16).

    Focal BCE (Lin et al. 2017; gamma 2) with the negatives weighted `negative_alpha` (> 0.5: a false alarm on a clean
    pixel costs more than a missed damage pixel), plus a Tversky loss (Salehi et al. 2017) per image,
    1 - (TP + 1) / (TP + fp_weight * FP + fn_weight * FN + 1), with fp_weight > fn_weight so that, at equal counts,
    marking a clean pixel costs more than missing a damaged one. The +1 smoothing makes any false positive on an
    empty target (a clean hard negative) cost loss, and a clean prediction there cost none.
    """
    bce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    prob = torch.sigmoid(logits)
    p_true = prob * target + (1 - prob) * (1 - target)
    weight = (1 - negative_alpha) * target + negative_alpha * (1 - target)
    focal = (weight * (1 - p_true) ** gamma * bce).mean()
    tp = (prob * target).sum(dim=(1, 2, 3))
    fp = (prob * (1 - target)).sum(dim=(1, 2, 3))
    fn = ((1 - prob) * target).sum(dim=(1, 2, 3))
    tversky = (1 - (tp + 1.0) / (tp + fp_weight * fp + fn_weight * fn + 1.0)).mean()
    return focal_weight * focal + tversky, {"focal": focal.item(), "tversky": tversky.item()}


def bce_tversky(logits: torch.Tensor, target: torch.Tensor, fp_weight: float = 0.7, fn_weight: float = 0.3
                ) -> tuple[torch.Tensor, dict]:
    """damage-unet@3's loss: BCE plus a Tversky loss over the whole batch that weighs false positives 0.7 and misses
    0.3 (Dice is the 0.5/0.5 case).

    Summed over the batch rather than per image, so the marks on clean hard negatives (empty targets) add to the
    batch's false positives instead of saturating a per-image term: the per-image focal + Tversky of `focal_tversky`
    was tried first and left the detector near the all-background solution (recall 0.02-0.05 after 1000 steps).
    """
    bce = F.binary_cross_entropy_with_logits(logits, target)
    prob = torch.sigmoid(logits)
    tp = (prob * target).sum()
    fp = (prob * (1 - target)).sum()
    fn = ((1 - prob) * target).sum()
    tversky = 1 - (tp + 1.0) / (tp + fp_weight * fp + fn_weight * fn + 1.0)
    return bce + tversky, {"bce": bce.item(), "tversky": tversky.item()}
