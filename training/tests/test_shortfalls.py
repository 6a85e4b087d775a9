"""Model cards list the targets a model misses, measured against the evaluation's own numbers."""
from conservator_ml.tasks import DamageTask, InpaintTask


def test_detector_shortfalls_name_missed_targets_and_imprecise_kinds():
    task = object.__new__(DamageTask)
    results = {"model": {"scratch": {"f1": 0.9, "precision": 0.9}, "overall": {"f1": 0.7, "precision": 0.8},
                         "dust": {"f1": 0.5, "precision": 0.4}, "mean_over_kinds": {"f1": 0.5, "precision": 0.3}}}
    assert task.shortfalls(results) == ["below its target on all kinds together: F1 0.700 (target 0.75)",
                                        "on 'dust' most marked pixels are not damage: precision 0.40"]


def test_inpainter_shortfalls_compare_with_telea_per_bucket():
    task = object.__new__(InpaintTask)
    model = {"thin": {"psnr_hole": 31.0}, "medium": {"psnr_hole": 24.0}, "large": {"psnr_hole": 18.0}}
    telea = {"thin": {"psnr_hole": 30.0}, "medium": {"psnr_hole": 22.0}, "large": {"psnr_hole": 19.0}}
    assert task.shortfalls({"model": model, "telea": telea}) == [
        "below its target on thin holes: PSNR in holes 31.00 dB vs OpenCV Telea 30.00 dB (target: Telea + 1.5 dB)",
        "worse than OpenCV Telea on large holes: PSNR in holes 18.00 vs 19.00 dB"]
