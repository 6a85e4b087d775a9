"""Model cards list the targets a model misses, measured against the evaluation's own numbers."""
from conservator_ml.tasks import ColorizeTask, DamageTask, InpaintTask


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


def test_colorizer_shortfalls_compare_with_the_greyscale_image_and_the_true_colourfulness():
    task = object.__new__(ColorizeTask)
    vivid_but_wrong = {"psnr_model": 22.1, "psnr_grey": 22.8, "colorfulness_ratio": 1.1}
    assert len(task.shortfalls({"mean": vivid_but_wrong})) == 1
    assert "below its target on PSNR: 22.10 dB" in task.shortfalls({"mean": vivid_but_wrong})[0]
    sepia = {"psnr_model": 23.0, "psnr_grey": 22.8, "colorfulness_ratio": 0.3}
    assert task.shortfalls({"mean": sepia}) == ["below its target on colourfulness: 30% of the true images' (target 60%)"]
    assert task.shortfalls({"mean": {"psnr_model": 23.0, "psnr_grey": 22.8, "colorfulness_ratio": 0.9}}) == []


def test_inpainter_shortfalls_name_a_one_sided_fill_error_that_telea_does_not_have():
    task = object.__new__(InpaintTask)
    model = {"thin": {"psnr_hole": 33.0, "bias_hole": 0.021}, "medium": {"psnr_hole": 30.0, "bias_hole": -0.004}}
    telea = {"thin": {"psnr_hole": 30.0, "bias_hole": 0.003}, "medium": {"psnr_hole": 22.0, "bias_hole": 0.001}}
    assert task.shortfalls({"model": model, "telea": telea}) == [
        "its fills of thin holes are on average brighter than the truth by 0.021 (OpenCV Telea: +0.003), so a "
        "repaired scratch can stay visible as a faint light shape"]
