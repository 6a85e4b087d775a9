#!/usr/bin/env python3
"""FLOPs of one run of an ONNX model on an input of a given shape, counted from the graph: every Conv,
ConvTranspose, Gemm and MatMul as 2 x its multiply-adds (what both engines spend nearly all their time on;
bias additions, activations, pooling and resizing are left out). Shapes come from ONNX shape inference
with the model's input fixed to the given shape.

Usage: flops.py MODEL.onnx 1,3,1024,1024      (prints GFLOP)
"""
import sys

import onnx
from onnx import shape_inference


def _dims(value_info):
    return [d.dim_value for d in value_info.type.tensor_type.shape.dim]


def shapes_for(model, input_shape):
    """Name -> shape of every value, for the model's first graph input fixed to `input_shape`."""
    model = onnx.ModelProto.FromString(model.SerializeToString())  # a copy: the caller's model is left as it was
    initializers = {i.name for i in model.graph.initializer}
    graph_input = next(i for i in model.graph.input if i.name not in initializers)
    dims = graph_input.type.tensor_type.shape.dim
    if len(dims) != len(input_shape):
        raise ValueError(f"input {graph_input.name} has rank {len(dims)}, shape {input_shape} given")
    for dim, size in zip(dims, input_shape):
        dim.ClearField("dim_param")
        dim.dim_value = size
    inferred = shape_inference.infer_shapes(model, data_prop=True)
    shapes = {i.name: list(onnx.numpy_helper.to_array(i).shape) for i in model.graph.initializer}
    for value in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        shapes.setdefault(value.name, _dims(value))
    return shapes


def _prod(values):
    result = 1
    for value in values:
        result *= value
    return result


def node_macs(node, shapes):
    """Multiply-adds of one node (0 for operators that are not counted)."""
    attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    if node.op_type == "Conv":
        weights, output = shapes[node.input[1]], shapes[node.output[0]]
        return _prod(output) * _prod(weights[1:])  # each output: in_channels/group x kernel taps
    if node.op_type == "ConvTranspose":
        weights, x = shapes[node.input[1]], shapes[node.input[0]]
        return _prod(x) * _prod(weights[1:])      # each input: out_channels/group x kernel taps
    if node.op_type == "Gemm":
        a, output = shapes[node.input[0]], shapes[node.output[0]]
        inner = a[0] if attributes.get("transA", 0) else a[1]
        return _prod(output) * inner
    if node.op_type == "MatMul":
        a, output = shapes[node.input[0]], shapes[node.output[0]]
        return _prod(output) * a[-1]
    return 0


def count_flops(model, input_shape):
    """2 x multiply-adds of every counted node, for the model's first input of `input_shape`."""
    shapes = shapes_for(model, input_shape)
    missing = [n.output[0] for n in model.graph.node
               if n.op_type in ("Conv", "ConvTranspose", "Gemm", "MatMul") and not shapes.get(n.output[0])]
    if missing:
        raise ValueError(f"shape inference left {len(missing)} counted outputs without a shape: {missing[:3]}")
    return 2 * sum(node_macs(node, shapes) for node in model.graph.node)


if __name__ == "__main__":
    model_path, shape = sys.argv[1], [int(v) for v in sys.argv[2].split(",")]
    print(f"{count_flops(onnx.load(model_path), shape) / 1e9:.2f} GFLOP")
