"""Tests of the benchmark's own arithmetic (pytest Benchmarks/inference): FLOPs counted from a graph,
and ORT's documented figures read from a README table. Needs onnx and numpy; no model runs."""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import documented
import flops


def conv_then_gemm():
    """Conv 3->8, 3x3, stride 2, pad 1; then global pooling, flatten and Gemm 8->5 (transB)."""
    weights = numpy_helper.from_array(np.zeros((8, 3, 3, 3), np.float32), "w")
    matrix = numpy_helper.from_array(np.zeros((5, 8), np.float32), "m")
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1], strides=[2, 2]),
             helper.make_node("GlobalAveragePool", ["c"], ["g"]),
             helper.make_node("Flatten", ["g"], ["f"]),
             helper.make_node("Gemm", ["f", "m"], ["y"], transB=1)]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "h", "w"])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [weights, matrix])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_flops_count_conv_and_gemm_at_the_given_size():
    model = conv_then_gemm()
    conv = 8 * 50 * 50 * 3 * 3 * 3  # outputs x taps
    assert flops.count_flops(model, [1, 3, 100, 100]) == 2 * (conv + 5 * 8)
    assert flops.count_flops(model, [1, 3, 200, 200]) == 2 * (4 * conv + 5 * 8)


def test_flops_refuse_a_wrong_rank():
    try:
        flops.count_flops(conv_then_gemm(), [1, 3, 100])
    except ValueError as error:
        assert "rank 4" in str(error)
    else:
        raise AssertionError("a rank-3 shape was accepted")


README = """
Figures, 1 thread / 2 threads:
| model | 512x512 | 1024x1024 | peak RSS at 2048 |
|---|---|---|---|
| unet_l4_b32 | 387 / 216 | 1604 / 879 | 10.7 GB |
| espcn_x2_c3 (input size) | 73 / 43 | 295 / 172 | 4.0 GB |

| other | 512x512 |
|---|---|
| ignored | 1 / 2 |
"""


def test_documented_figures_are_read_per_model_size_and_threads():
    figures = documented.parse(README)
    assert figures == {("unet_l4_b32", 512, 1): 387, ("unet_l4_b32", 512, 2): 216, ("unet_l4_b32", 1024, 1): 1604,
                       ("unet_l4_b32", 1024, 2): 879, ("espcn_x2_c3", 512, 1): 73, ("espcn_x2_c3", 512, 2): 43,
                       ("espcn_x2_c3", 1024, 1): 295, ("espcn_x2_c3", 1024, 2): 172}


def test_the_check_allows_25_percent_either_way():
    assert documented.check(1000, 879, 0.25)[1]
    assert not documented.check(1100, 879, 0.25)[1]
    assert not documented.check(650, 879, 0.25)[1]
    assert abs(documented.check(1098.75, 879, 0.25)[0] - 0.25) < 1e-9
