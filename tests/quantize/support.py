"""Shared bits of the quantizer tests: the repository on sys.path, and small
ONNX graphs built by hand."""
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402


def conv_node(rng, inits, x, out, cin, cout, bias=True):
    w = f"{out}.w"
    inits.append(numpy_helper.from_array(rng.normal(0, 0.3, (cout, cin, 3, 3)).astype(np.float32), w))
    inputs = [x, w]
    if bias:
        inputs.append(f"{out}.b")
        inits.append(numpy_helper.from_array(rng.normal(0, 0.1, cout).astype(np.float32), f"{out}.b"))
    return helper.make_node("Conv", inputs, [out], pads=[1, 1, 1, 1], name=out)


def residual_model(seed=0, head="Gemm"):
    """Conv+Relu -> MaxPool -> Conv (no Relu) -> Add(residual) -> Relu -> GAP ->
    Flatten -> Gemm or MatMul: the shapes a user's CNN may have beyond ours."""
    rng = np.random.default_rng(seed)
    inits, nodes = [], []
    nodes.append(conv_node(rng, inits, "input", "c1", 3, 8))
    nodes.append(helper.make_node("Relu", ["c1"], ["r1"]))
    nodes.append(helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]))
    nodes.append(conv_node(rng, inits, "p1", "c2", 8, 8))
    nodes.append(helper.make_node("Add", ["c2", "p1"], ["a2"]))
    nodes.append(helper.make_node("Relu", ["a2"], ["features"]))
    nodes.append(helper.make_node("GlobalAveragePool", ["features"], ["g"]))
    nodes.append(helper.make_node("Flatten", ["g"], ["f"]))
    if head == "Gemm":
        inits.append(numpy_helper.from_array(rng.normal(0, 0.3, (3, 8)).astype(np.float32), "fc.w"))
        inits.append(numpy_helper.from_array(rng.normal(0, 0.1, 3).astype(np.float32), "fc.b"))
        nodes.append(helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["logits"], transB=1))
    else:
        inits.append(numpy_helper.from_array(rng.normal(0, 0.3, (8, 3)).astype(np.float32), "fc.w"))
        nodes.append(helper.make_node("MatMul", ["f", "fc.w"], ["logits"]))
    graph = helper.make_graph(
        nodes, "residual",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 16, 16])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 8, 8, 8])],
        inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def fake_stats(absmax, bins=64):
    """Calibration statistics of a tensor uniform on [0, absmax]."""
    return {"min": 0.0, "max": absmax, "absmax": absmax, "hist_max": absmax, "histogram": [10] * bins}
