"""What in an FP32 ONNX graph can be quantized, decided from the graph alone.

A node is quantized when it is Conv, Gemm or MatMul with a constant float
weight (an initializer). For each such node:
  * its float activation input gets a Quantize/Dequantize pair;
  * a Conv's output gets one too, placed after the ReLU when the conv feeds
    only a ReLU (ONNX Runtime then drops the ReLU and fuses DQ -> Conv -> Q
    into QLinearConv); a Gemm/MatMul output stays float (the logits);
  * weights become int8 per output channel, and the bias int32 when the input
    is quantized and the bias is a 1-D initializer used by this node alone.
Everything else (Add, Concat, Softmax, pooling, ...) stays float and reads the
dequantized tensors, so any graph stays valid, only less of it is integer.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from onnx import TensorProto

QUANTIZABLE = ("Conv", "Gemm", "MatMul")
# Ops whose output is never negative when their input is not: a tensor built
# only from these after a ReLU can use uint8 with zero point 0.
SIGN_PRESERVING = {"MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceMax",
                   "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Identity"}
NON_NEGATIVE = {"Relu", "Sigmoid", "Softmax"}


@dataclass
class QuantNode:
    index: int                   # position in graph.node
    op: str
    activation: Optional[str]    # the float input quantized (None: weight-only)
    weight: str                  # initializer name
    weight_axis: int             # output-channel axis of the weight
    bias: Optional[str] = None   # 1-D bias initializer to store as int32


@dataclass
class Plan:
    nodes: List[QuantNode] = field(default_factory=list)
    # tensor name -> True when it is never negative (uint8, zero point 0), False (zero point 128)
    activations: Dict[str, bool] = field(default_factory=dict)
    skipped: List[str] = field(default_factory=list)  # why a candidate node stayed float


class GraphIndex:
    """Producers, consumers, initializers and float-ness of a graph's tensors."""

    def __init__(self, graph):
        self.graph = graph
        self.initializers = {init.name: init for init in graph.initializer}
        self.inputs = {i.name: i for i in graph.input if i.name not in self.initializers}
        self.outputs = {o.name for o in graph.output}
        self.producer = {}
        self.consumers = {}
        for index, node in enumerate(graph.node):
            for name in node.output:
                self.producer[name] = index
            for name in node.input:
                if name:
                    self.consumers.setdefault(name, []).append(index)

    def is_float_input(self, name):
        value = self.inputs.get(name)
        return value is not None and value.type.tensor_type.elem_type == TensorProto.FLOAT

    def is_activation(self, name):
        """A float tensor computed at run time: a node output or a float graph input."""
        return name in self.producer or self.is_float_input(name)

    def non_negative(self, name, depth=0):
        if depth > 50 or name not in self.producer:
            return False
        node = self.graph.node[self.producer[name]]
        if node.op_type in NON_NEGATIVE:
            return True
        if node.op_type in SIGN_PRESERVING and node.input:
            return self.non_negative(node.input[0], depth + 1)
        return False


def _attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return a.i if a.type == a.INT else a.f
    return default


def _float_initializer(index: GraphIndex, name, ranks):
    init = index.initializers.get(name)
    return init is not None and init.data_type == TensorProto.FLOAT and len(init.dims) in ranks


def _weight_axis(node, index: GraphIndex):
    """The output-channel axis of the node's weight, or a reason it cannot be quantized."""
    if node.op_type == "Conv":
        if not _float_initializer(index, node.input[1], (3, 4, 5)):
            return None, "weight is not a constant float tensor"
        return 0, None
    if node.op_type == "Gemm":
        if _attr(node, "transA", 0) or _attr(node, "alpha", 1.0) != 1.0 or _attr(node, "beta", 1.0) != 1.0:
            return None, "Gemm with transA/alpha/beta is left float"
        if not _float_initializer(index, node.input[1], (2,)):
            return None, "weight is not a constant 2-D float tensor"
        return (0 if _attr(node, "transB", 0) else 1), None
    if not _float_initializer(index, node.input[1], (2,)):  # MatMul
        return None, "right-hand side is not a constant 2-D float tensor"
    return 1, None


def _bias(node, index: GraphIndex, channels):
    if node.op_type == "MatMul" or len(node.input) < 3 or not node.input[2]:
        return None
    name = node.input[2]
    init = index.initializers.get(name)
    if init is None or init.data_type != TensorProto.FLOAT or list(init.dims) != [channels]:
        return None
    return name if len(index.consumers.get(name, [])) == 1 else None


def _conv_output(node, index: GraphIndex):
    """The tensor after which a conv's output is quantized: its ReLU's output
    when the conv feeds only a ReLU, else the conv output itself."""
    out = node.output[0]
    users = index.consumers.get(out, [])
    if len(users) == 1 and out not in index.outputs:
        user = index.graph.node[users[0]]
        if user.op_type == "Relu":
            return user.output[0]
    return out


def plan_quantization(model) -> Plan:
    graph = model.graph
    index = GraphIndex(graph)
    plan = Plan()
    for i, node in enumerate(graph.node):
        if node.op_type not in QUANTIZABLE:
            continue
        label = f"{node.op_type} '{node.name or node.output[0]}'"
        axis, reason = _weight_axis(node, index)
        if reason:
            plan.skipped.append(f"{label}: {reason}")
            continue
        weight = index.initializers[node.input[1]]
        activation = node.input[0] if index.is_activation(node.input[0]) else None
        if activation is None:
            plan.skipped.append(f"{label}: input is not a float activation; weights only")
        bias = _bias(node, index, weight.dims[axis]) if activation else None
        plan.nodes.append(QuantNode(i, node.op_type, activation, node.input[1], axis, bias))
        if activation:
            plan.activations[activation] = index.non_negative(activation)
        if node.op_type == "Conv":
            out = _conv_output(node, index)
            plan.activations[out] = index.non_negative(out)
    return plan
