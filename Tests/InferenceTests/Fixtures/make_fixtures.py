#!/usr/bin/env python3
"""Writes the parity fixtures of InferenceTests: for every operator and attribute combination of the
contract (docs/INFERENCE.md) and for three small end-to-end networks, an ONNX model, its input(s) and
ONNX Runtime's output(s) as .npy, listed in cases.json. The Swift tests compare against these files, so
`swift test` needs no Python.

Regenerate (pip: onnx onnxruntime numpy), from the repository root:
    python3 Tests/InferenceTests/Fixtures/make_fixtures.py
"""
import json, os, sys
import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper as h, TensorProto as TP, numpy_helper as nh

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
rng = np.random.default_rng(7)
cases = []


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def const(name, array):
    return nh.from_array(np.asarray(array), name)


def model(nodes, inputs, outputs, inits=(), opset=17):
    """inputs/outputs: [(name, shape)] with None for dims left symbolic."""
    vi = lambda n, s: h.make_tensor_value_info(n, TP.FLOAT, s)
    graph = h.make_graph(nodes, "g", [vi(n, s) for n, s in inputs], [vi(n, s) for n, s in outputs], list(inits))
    m = h.make_model(graph, opset_imports=[h.make_opsetid("", opset)], producer_name="make_fixtures")
    m.ir_version = 8 if opset <= 18 else 10
    return m


def save(name, m, feeds, reference=None, check=True):
    """Runs `reference` (default: the model itself) in ONNX Runtime on `feeds` and stores everything.
    Output shapes are declared after the run, from the results (the builders leave them open)."""
    ref = reference or m
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(ref.SerializeToString(), options, providers=["CPUExecutionProvider"])
    results = session.run(None, feeds)
    entry = {"name": name, "model": f"cases/{name}.onnx", "inputs": {}, "outputs": {}}
    for key, value in feeds.items():
        np.save(os.path.join(OUT, f"{name}.in.{key}.npy"), value)
        entry["inputs"][key] = f"cases/{name}.in.{key}.npy"
    for out, value in zip(session.get_outputs(), results):
        oname = m.graph.output[[o.name for o in ref.graph.output].index(out.name)].name
        np.save(os.path.join(OUT, f"{name}.out.{oname}.npy"), value.astype(np.float32))
        entry["outputs"][oname] = f"cases/{name}.out.{oname}.npy"
        declared = next(o for o in m.graph.output if o.name == oname)
        declared.type.tensor_type.shape.Clear()
        for d in value.shape:
            declared.type.tensor_type.shape.dim.add().dim_value = d
    if check:
        onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, f"{name}.onnx"))
    cases.append(entry)


def single(name, op, x_shape, attrs=None, extra_inputs=(), inits=(), opset=17, n_out=1, x=None, check=True):
    """One node reading x (and constant extra inputs), writing y (y0..yN for several outputs)."""
    outs = ["y"] if n_out == 1 else [f"y{i}" for i in range(n_out)]
    node = h.make_node(op, ["x", *extra_inputs], outs, **(attrs or {}))
    m = model([node], [("x", list(x_shape))], [(o, None) for o in outs], inits, opset)
    save(name, m, {"x": rand(*x_shape) if x is None else x}, check=check)


# --- Conv -------------------------------------------------------------------------------------------
def conv(name, cin, cout, k, hw=(9, 11), group=1, bias=True, opset=17, **attrs):
    w = rand(cout, cin // group, *k, scale=0.3)
    inits = [const("w", w)] + ([const("b", rand(cout))] if bias else [])
    single(name, "Conv", (1, cin, *hw), dict(kernel_shape=list(k), group=group, **attrs),
           ["w"] + (["b"] if bias else []), inits, opset)

conv("conv_3x3_pad1", 3, 8, (3, 3), pads=[1, 1, 1, 1])
conv("conv_stride2", 4, 6, (3, 3), pads=[1, 1, 1, 1], strides=[2, 2])
conv("conv_dilation2", 3, 5, (3, 3), pads=[2, 2, 2, 2], dilations=[2, 2])
conv("conv_groups2", 4, 6, (3, 3), group=2, pads=[1, 1, 1, 1])
conv("conv_depthwise", 6, 6, (3, 3), group=6, pads=[1, 1, 1, 1])
conv("conv_same_upper", 3, 4, (4, 4), auto_pad="SAME_UPPER", strides=[2, 2])
conv("conv_same_lower", 3, 4, (4, 4), auto_pad="SAME_LOWER", strides=[2, 2])
conv("conv_valid", 3, 4, (3, 3), auto_pad="VALID", opset=13)
conv("conv_asymmetric_pads", 3, 4, (3, 3), pads=[0, 1, 2, 0])
conv("conv_1x1_no_bias", 5, 13, (1, 1), bias=False, opset=21)
conv("conv_5x5_stride3", 5, 13, (5, 5), pads=[2, 1, 2, 1], strides=[3, 2], hw=(16, 13))
conv("conv_1x3", 3, 4, (1, 3), pads=[0, 1, 0, 1])
conv("conv_wide_rows", 3, 9, (3, 3), pads=[1, 1, 1, 1], hw=(5, 70))  # rows longer than one panel


def conv_then(name, tail_nodes, tail_inits=(), opset=17):
    """Conv 3->8 followed by nodes reading 'c' and writing 'y' (exercises folding and fusion)."""
    inits = [const("w", rand(8, 3, 3, 3, scale=0.3)), const("b", rand(8)), *tail_inits]
    nodes = [h.make_node("Conv", ["x", "w", "b"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]), *tail_nodes]
    save(name, model(nodes, [("x", [1, 3, 10, 10])], [("y", None)], inits, opset), {"x": rand(1, 3, 10, 10)})

bn_params = [const("s", rand(8) + 1.5), const("bb", rand(8)), const("m", rand(8)), const("v", np.abs(rand(8)) + 0.5)]
conv_then("conv_bn_folded", [h.make_node("BatchNormalization", ["c", "s", "bb", "m", "v"], ["y"], epsilon=1e-3)], bn_params)
conv_then("conv_bn_relu_fused", [h.make_node("BatchNormalization", ["c", "s", "bb", "m", "v"], ["r"]),
                                 h.make_node("Relu", ["r"], ["y"])], bn_params)
conv_then("conv_leakyrelu_fused", [h.make_node("LeakyRelu", ["c"], ["y"], alpha=0.1)])
conv_then("conv_clip_fused", [h.make_node("Clip", ["c", "lo", "hi"], ["y"])],
          [const("lo", np.float32(-0.5)), const("hi", np.float32(0.7))])
conv_then("conv_relu_shared", [h.make_node("Relu", ["c"], ["r"]), h.make_node("Add", ["c", "r"], ["y"])])

# --- ConvTranspose ------------------------------------------------------------------------------------
def convt(name, cin, cout, k, group=1, bias=True, hw=(5, 6), **attrs):
    inits = [const("w", rand(cin, cout // group, *k, scale=0.3))] + ([const("b", rand(cout))] if bias else [])
    single(name, "ConvTranspose", (1, cin, *hw), dict(kernel_shape=list(k), group=group, **attrs),
           ["w"] + (["b"] if bias else []), inits)

convt("convtranspose_stride2", 4, 3, (3, 3), strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1])
convt("convtranspose_k4s2p1", 4, 6, (4, 4), strides=[2, 2], pads=[1, 1, 1, 1])
convt("convtranspose_groups", 4, 6, (3, 3), group=2, bias=False)
convt("convtranspose_dilation", 3, 2, (3, 3), dilations=[2, 2], pads=[1, 0, 1, 2])
convt("convtranspose_output_shape", 3, 2, (3, 3), strides=[2, 2], output_shape=[10, 12])
convt("convtranspose_same_upper", 3, 2, (3, 3), strides=[2, 2], auto_pad="SAME_UPPER")

# --- Activations ----------------------------------------------------------------------------------------
X = (1, 4, 5, 6)
single("relu", "Relu", X)
single("leakyrelu", "LeakyRelu", X, dict(alpha=0.2))
single("leakyrelu_default", "LeakyRelu", X)
single("prelu_per_channel", "PRelu", X, extra_inputs=["s"], inits=[const("s", rand(4, 1, 1))])
single("sigmoid", "Sigmoid", X, x=rand(*X, scale=4))
single("tanh", "Tanh", X, x=rand(*X, scale=2))
single("clip", "Clip", X, extra_inputs=["lo", "hi"], inits=[const("lo", np.float32(-0.3)), const("hi", np.float32(0.4))])
single("clip_min_only", "Clip", X, extra_inputs=["lo"], inits=[const("lo", np.float32(0.1))])
single("hardsigmoid", "HardSigmoid", X, dict(alpha=0.3, beta=0.4), x=rand(*X, scale=3))
single("elu", "Elu", X, dict(alpha=0.7))

# --- Binary with broadcasting -----------------------------------------------------------------------
single("add_same_shape", "Add", X, extra_inputs=["b"], inits=[const("b", rand(*X))])
single("add_per_channel", "Add", X, extra_inputs=["b"], inits=[const("b", rand(1, 4, 1, 1))])
single("sub_scalar", "Sub", X, extra_inputs=["b"], inits=[const("b", np.float32(0.25))])
single("mul_last_axis", "Mul", X, extra_inputs=["b"], inits=[const("b", rand(6))])
single("div_rows", "Div", X, extra_inputs=["b"], inits=[const("b", np.abs(rand(1, 1, 5, 1)) + 0.5)])
save("add_two_runtime_values", model([h.make_node("Relu", ["x"], ["r"]), h.make_node("Sub", ["x", "r"], ["d"]),
                                      h.make_node("Mul", ["d", "r"], ["y"])], [("x", list(X))], [("y", None)]),
     {"x": rand(*X)})

# --- Concat, Split, Slice ----------------------------------------------------------------------------------
single("concat_channels", "Concat", X, dict(axis=1), ["b"], [const("b", rand(1, 2, 5, 6))])
single("concat_last_axis", "Concat", X, dict(axis=-1), ["b"], [const("b", rand(1, 4, 5, 3))])
single("split_equal", "Split", (1, 6, 4, 4), dict(axis=1, num_outputs=3), opset=18, n_out=3)
single("split_sizes", "Split", (1, 4, 7, 4), dict(axis=2), ["s"], [const("s", np.array([2, 5], np.int64))], n_out=2)
single("slice_steps", "Slice", (1, 4, 9, 8), extra_inputs=["st", "en", "ax", "sp"],
       inits=[const("st", np.array([1, 0], np.int64)), const("en", np.array([8, 7], np.int64)),
              const("ax", np.array([2, -1], np.int64)), const("sp", np.array([2, 3], np.int64))])
single("slice_negative_step", "Slice", (1, 4, 9, 8), extra_inputs=["st", "en", "ax", "sp"],
       inits=[const("st", np.array([-1], np.int64)), const("en", np.array([-100], np.int64)),
              const("ax", np.array([3], np.int64)), const("sp", np.array([-2], np.int64))])
single("slice_clamped", "Slice", (1, 4, 9, 8), extra_inputs=["st", "en"],
       inits=[const("st", np.array([0, 1, 2, -3], np.int64)), const("en", np.array([1, 1000, 6, 1000], np.int64))])

# --- Pooling ---------------------------------------------------------------------------------------------
P = (1, 3, 9, 10)
single("maxpool_2x2", "MaxPool", P, dict(kernel_shape=[2, 2], strides=[2, 2]))
single("maxpool_3x3_pad", "MaxPool", P, dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
single("maxpool_ceil", "MaxPool", P, dict(kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1))
single("maxpool_dilation", "MaxPool", P, dict(kernel_shape=[2, 2], dilations=[2, 2]))
single("maxpool_same_upper", "MaxPool", P, dict(kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER"))
single("averagepool_exclude_pad", "AveragePool", P, dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
single("averagepool_include_pad", "AveragePool", P, dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1))
single("averagepool_ceil", "AveragePool", P, dict(kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1))
single("averagepool_ceil_include_pad", "AveragePool", P,
       dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1))
single("globalaveragepool", "GlobalAveragePool", P)

# --- Resize / Upsample ----------------------------------------------------------------------------------
R = (1, 2, 5, 7)
def resize(name, scales=None, sizes=None, opset=17, **attrs):
    inputs = ["", "sc"] if sizes is None else ["", "", "sz"]
    inits = [const("sc", np.array(scales, np.float32))] if sizes is None else [const("sz", np.array(sizes, np.int64))]
    single(name, "Resize", R, attrs, inputs, inits, opset)

resize("resize_nearest_default_x2", [1, 1, 2, 2])
resize("resize_nearest_asymmetric_floor", [1, 1, 2, 3], mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor")
resize("resize_nearest_half_pixel_ceil", [1, 1, 1.5, 2.5], mode="nearest", nearest_mode="ceil")
resize("resize_nearest_round_prefer_ceil", [1, 1, 1.5, 0.6], mode="nearest", nearest_mode="round_prefer_ceil")
resize("resize_nearest_align_corners", None, [1, 2, 9, 4], mode="nearest", coordinate_transformation_mode="align_corners")
resize("resize_linear_half_pixel_x2", [1, 1, 2, 2], mode="linear")
resize("resize_linear_downscale", [1, 1, 0.5, 0.6], mode="linear", opset=13)
resize("resize_linear_align_corners", [1, 1, 2, 2], mode="linear", coordinate_transformation_mode="align_corners")
resize("resize_linear_asymmetric", [1, 1, 3, 2], mode="linear", coordinate_transformation_mode="asymmetric", opset=19)
resize("resize_linear_pytorch_half_pixel", None, [1, 2, 1, 11], mode="linear", coordinate_transformation_mode="pytorch_half_pixel")
resize("resize_linear_sizes", None, [1, 2, 8, 5], mode="linear", opset=21)
# Upsample left ai.onnx at opset 10; the contract maps it to Resize(asymmetric, floor) as opset 9 defined it,
# which is what the reference computes.
up_scales = const("sc", np.array([1, 1, 2, 3], np.float32))
up = model([h.make_node("Upsample", ["x", "sc"], ["y"], mode="nearest")], [("x", list(R))], [("y", None)], [up_scales])
ref = model([h.make_node("Resize", ["x", "", "sc"], ["y"], mode="nearest", coordinate_transformation_mode="asymmetric",
                         nearest_mode="floor")], [("x", list(R))], [("y", None)], [up_scales])
save("upsample_nearest", up, {"x": rand(*R)}, reference=ref, check=False)

# --- Normalization -----------------------------------------------------------------------------------
C = (2, 4, 5, 6)
save("batchnormalization_standalone",
     model([h.make_node("Relu", ["x"], ["r"]), h.make_node("BatchNormalization", ["r", "s", "b", "m", "v"], ["y"], epsilon=1e-4)],
           [("x", list(C))], [("y", None)],
           [const("s", rand(4)), const("b", rand(4)), const("m", rand(4)), const("v", np.abs(rand(4)) + 0.1)]),
     {"x": rand(*C)})
single("instancenormalization", "InstanceNormalization", C, dict(epsilon=1e-3), ["s", "b"],
       [const("s", rand(4)), const("b", rand(4))], x=rand(*C, scale=3) + 1)

# --- Pad ----------------------------------------------------------------------------------------------
def pad(name, pads, mode="constant", value=None, axes=None, opset=17):
    inputs, inits = ["p"], [const("p", np.array(pads, np.int64))]
    if value is not None or axes is not None:
        inputs.append("v" if value is not None else "")
        if value is not None: inits.append(const("v", np.float32(value)))
    if axes is not None:
        inputs.append("a"); inits.append(const("a", np.array(axes, np.int64)))
    single(name, "Pad", (1, 2, 5, 6), dict(mode=mode), inputs, inits, opset)

pad("pad_constant", [0, 0, 1, 2, 0, 0, 3, 1], value=0.5)
pad("pad_reflect", [0, 0, 2, 3, 0, 0, 3, 2], mode="reflect")
pad("pad_edge", [0, 0, 2, 1, 0, 0, 1, 3], mode="edge")
pad("pad_negative_crops", [0, 0, -1, 2, 0, 0, 1, -2])
pad("pad_axes_opset18", [1, 2, 2, 1], mode="reflect", axes=[2, 3], opset=18)

# --- Rearrangement and shape-only ops ----------------------------------------------------------------------
single("depthtospace_dcr", "DepthToSpace", (1, 8, 3, 4), dict(blocksize=2))
single("depthtospace_crd", "DepthToSpace", (1, 18, 3, 2), dict(blocksize=3, mode="CRD"))
single("spacetodepth", "SpaceToDepth", (1, 3, 4, 6), dict(blocksize=2))
single("reshape_infer_and_copy", "Reshape", (2, 3, 4, 5), extra_inputs=["s"], inits=[const("s", np.array([0, -1, 10], np.int64))])
single("transpose", "Transpose", (2, 3, 4, 5), dict(perm=[0, 2, 3, 1]))
single("transpose_default", "Transpose", (2, 3, 4))
single("flatten", "Flatten", (2, 3, 4, 5), dict(axis=2))
single("identity", "Identity", X)
single("squeeze", "Squeeze", (1, 3, 1, 5), extra_inputs=["a"], inits=[const("a", np.array([0, 2], np.int64))])
single("unsqueeze", "Unsqueeze", (3, 5), extra_inputs=["a"], inits=[const("a", np.array([0, -1], np.int64))])

# --- Dense ------------------------------------------------------------------------------------------------
single("gemm_transb_bias", "Gemm", (3, 6), dict(transB=1, alpha=0.5, beta=2.0), ["w", "c"],
       [const("w", rand(4, 6)), const("c", rand(4))])
single("gemm_transa", "Gemm", (6, 3), dict(transA=1), ["w"], [const("w", rand(6, 5))])
single("matmul_batched", "MatMul", (2, 3, 4), extra_inputs=["w"], inits=[const("w", rand(4, 5))])
single("matmul_vector", "MatMul", (4,), extra_inputs=["w"], inits=[const("w", rand(2, 4, 3))])
single("softmax_channels", "Softmax", X, dict(axis=1), x=rand(*X, scale=3))
single("softmax_last_axis", "Softmax", X)
single("reducemean_spatial", "ReduceMean", X, dict(axes=[2, 3]))
single("reducemean_no_keepdims", "ReduceMean", X, dict(axes=[1], keepdims=0))
single("reducemean_axes_input", "ReduceMean", X, extra_inputs=["a"], inits=[const("a", np.array([-1], np.int64))], opset=18)
single("reducemean_all", "ReduceMean", X, dict(keepdims=0))

# --- Constants and shape sub-graphs folded at load / planning --------------------------------------------------
save("constant_mul", model([h.make_node("Constant", [], ["k"], value=nh.from_array(rand(1, 4, 1, 1), "k")),
                            h.make_node("Mul", ["x", "k"], ["y"])], [("x", list(X))], [("y", None)]), {"x": rand(*X)})
save("constant_subgraph_folded",  # weights computed from constants: Transpose + Mul folded at load
     model([h.make_node("Transpose", ["wt"], ["w0"], perm=[1, 0, 2, 3]), h.make_node("Mul", ["w0", "two"], ["w"]),
            h.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
           [("x", list(X))], [("y", None)], [const("wt", rand(4, 5, 3, 3, scale=0.2)), const("two", np.float32(2))]),
     {"x": rand(*X)})
shape_nodes = [  # y = Reshape(Resize(x, sizes = [N, C, 2H, 2W]), [N, C*2H, 2W]), sizes and shape from Shape()
    h.make_node("Shape", ["x"], ["shape"]),
    h.make_node("Gather", ["shape", "i2"], ["h"], axis=0), h.make_node("Gather", ["shape", "i3"], ["w"], axis=0),
    h.make_node("Cast", ["h"], ["hf"], to=TP.FLOAT), h.make_node("Mul", ["hf", "twof"], ["h2f"]),
    h.make_node("Cast", ["h2f"], ["h2"], to=TP.INT64), h.make_node("Mul", ["w", "two"], ["w2"]),
    h.make_node("Unsqueeze", ["h2", "ax0"], ["h2v"]), h.make_node("Unsqueeze", ["w2", "ax0"], ["w2v"]),
    h.make_node("Slice", ["shape", "zero", "two1"], ["nc"]),
    h.make_node("Concat", ["nc", "h2v", "w2v"], ["sizes"], axis=0),
    h.make_node("Resize", ["x", "", "", "sizes"], ["up"], mode="nearest"),
    h.make_node("Shape", ["up"], ["upshape"], start=-1),
    h.make_node("Concat", ["nc1", "minus1", "upshape"], ["target"], axis=0),
    h.make_node("Reshape", ["up", "target"], ["y"]),
]
shape_inits = [const("i2", np.int64(2)), const("i3", np.int64(3)), const("twof", np.float32(2)), const("two", np.int64(2)),
               const("ax0", np.array([0], np.int64)), const("zero", np.array([0], np.int64)), const("two1", np.array([2], np.int64)),
               const("nc1", np.array([0], np.int64)), const("minus1", np.array([-1], np.int64))]
save("shape_subgraph_folded", model(shape_nodes, [("x", [1, 2, "H", "W"])], [("y", None)], shape_inits), {"x": rand(1, 2, 3, 4)})

# --- End-to-end networks ------------------------------------------------------------------------------------------
class Net:
    def __init__(s): s.nodes, s.inits, s.n = [], [], 0
    def uid(s, p): s.n += 1; return f"{p}{s.n}"
    def conv(s, x, cin, cout, k=3, act="Relu", bn=False):
        w, b, y = s.uid("w"), s.uid("b"), s.uid("c")
        s.inits += [const(w, rand(cout, cin, k, k, scale=np.sqrt(2 / (cin * k * k)))), const(b, rand(cout, scale=0.1))]
        s.nodes.append(h.make_node("Conv", [x, w, b], [y], kernel_shape=[k, k], pads=[k // 2] * 4))
        if bn:
            names = [s.uid(p) for p in ("s", "bb", "m", "v")]
            s.inits += [const(names[0], rand(cout, scale=0.1) + 1), const(names[1], rand(cout, scale=0.1)),
                        const(names[2], rand(cout, scale=0.1)), const(names[3], np.abs(rand(cout, scale=0.1)) + 1)]
            z = s.uid("bn"); s.nodes.append(h.make_node("BatchNormalization", [y, *names], [z])); y = z
        if act:
            z = s.uid("a"); s.nodes.append(h.make_node(act, [y], [z])); y = z
        return y
    def op(s, typ, ins, **kw):
        y = s.uid(typ.lower()); s.nodes.append(h.make_node(typ, ins, [y], **kw)); return y
    def finish(s, name, last, x_shape, symbolic=True):
        s.nodes[-1].output[0] = "y" if s.nodes[-1].output[0] == last else s.nodes[-1].output[0]
        shape = [1, x_shape[1], "H", "W"] if symbolic else list(x_shape)
        save(name, model(s.nodes, [("x", shape)], [("y", None)], s.inits), {"x": rng.random(x_shape, dtype=np.float32)})

def unet(levels=3, base=8):
    g = Net(); x, c_prev, skips = "x", 3, []
    chans = [base * 2 ** i for i in range(levels)]
    for i, c in enumerate(chans):
        x = g.conv(x, c_prev, c); x = g.conv(x, c, c); c_prev = c
        if i < levels - 1:
            skips.append((x, c)); x = g.op("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])
    g.inits.append(const("up", np.array([1, 1, 2, 2], np.float32)))
    for i in range(levels - 2, -1, -1):
        skip, cs = skips[i]
        up = g.op("Resize", [x, "", "up"], mode="nearest")
        x = g.op("Concat", [skip, up], axis=1)
        x = g.conv(x, cs + c_prev, cs); x = g.conv(x, cs, cs); c_prev = cs
    x = g.conv(x, base, 1, k=1, act="Sigmoid")
    g.finish("net_unet", x, (1, 3, 32, 40))

def denoiser(depth=6, width=16):
    g = Net(); x = g.conv("x", 3, width)
    for _ in range(depth - 2): x = g.conv(x, width, width, bn=True)
    r = g.conv(x, width, 3, act=None)
    g.nodes.append(h.make_node("Sub", ["x", r], ["y"]))
    save("net_denoiser", model(g.nodes, [("x", [1, 3, "H", "W"])], [("y", None)], g.inits),
         {"x": rng.random((1, 3, 24, 20), dtype=np.float32)})

def upsampler(r=2):
    g = Net(); x = g.conv("x", 3, 16, k=5); x = g.conv(x, 16, 8); x = g.conv(x, 8, 3 * r * r, act=None)
    g.nodes.append(h.make_node("DepthToSpace", [x], ["y"], blocksize=r, mode="CRD"))
    save("net_upsampler", model(g.nodes, [("x", [1, 3, "H", "W"])], [("y", None)], g.inits),
         {"x": rng.random((1, 3, 14, 18), dtype=np.float32)})

unet(); denoiser(); upsampler()

if __name__ == "__main__":
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"{len(cases)} cases, {total / 1024:.0f} KiB in {OUT}")
