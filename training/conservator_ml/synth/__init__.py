"""Synthetic degradations: old-photo damage with aligned masks (damage/inpainting) and colour ageing (colour restore)."""
