"""Run a model on whole images at full resolution, from the exported ONNX file (what ships) or a checkpoint.

Images are reflect-padded up to a multiple of the model's downsampling factor and cropped back, as the tiled runner
of the inference core does at image borders.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from .checkpoint import load_model_weights


def pad_to_multiple(x: np.ndarray, factor: int) -> tuple[np.ndarray, tuple[int, int]]:
    """Reflect-pad an HxWxC array at bottom/right so H and W are multiples of `factor`."""
    h, w = x.shape[:2]
    ph, pw = (-h) % factor, (-w) % factor
    return np.pad(x, ((0, ph), (0, pw), (0, 0)), mode="reflect"), (h, w)


class Predictor:
    """Runs a model via ONNX Runtime or PyTorch: `outputs` on NCHW tensors, calling it on whole HxWxC images."""

    def __init__(self, model: torch.nn.Module | None, onnx_path: Path | None = None, checkpoint: Path | None = None,
                 threads: int = 2, factor: int | None = None):
        """`factor` (what H and W must be multiples of) overrides the model's; with it an ONNX file needs no model."""
        if (onnx_path is None) == (checkpoint is None):
            raise ValueError("give exactly one of an ONNX file or a checkpoint")
        self.source = str(onnx_path or checkpoint)
        self.factor = factor or getattr(model, "downsampling", 1)
        if onnx_path is not None:
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
            self.model = None
        else:
            load_model_weights(model, checkpoint)
            self.model = model.eval()
            self.session = None

    def outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """All outputs for one NCHW float32 input."""
        x = np.ascontiguousarray(x, dtype=np.float32)
        if self.session is not None:
            return self.session.run(None, {self.session.get_inputs()[0].name: x})
        with torch.no_grad():
            y = self.model(torch.from_numpy(x))
        return [t.numpy() for t in (y if isinstance(y, (tuple, list)) else (y,))]

    def __call__(self, image: np.ndarray) -> np.ndarray:
        """First output of a fully convolutional model on a whole HxWxC image, padded and cropped back."""
        padded, (h, w) = pad_to_multiple(image, self.factor)
        y = self.outputs(padded.transpose(2, 0, 1)[None])[0]
        return y[0].transpose(1, 2, 0)[:h, :w]
