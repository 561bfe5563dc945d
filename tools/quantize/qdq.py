"""Writes the QDQ model: the FP32 graph with QuantizeLinear/DequantizeLinear
pairs on the planned activations and int8/int32 initializers for weights and
biases (layout in scales.py). ONNX Runtime fuses DQ -> Conv -> Q into
QLinearConv when it loads the model.

Tensor names: each quantized activation T is computed as "T__float", quantized
to "T__q" and dequantized back into "T" itself, so every consumer and graph
output (e.g. the CAM `features`) keeps reading T, now from the DequantizeLinear.
That matters for ONNX Runtime: a conv whose own output is a graph output is
not fused. A graph input cannot be renamed, so its consumers are rewired to
"T__dq" instead. Weights W are stored as "W__int8" and dequantized into "W".
"""
import copy

import numpy as np
from onnx import helper, numpy_helper

from . import scales
from .graph import Plan

MIN_OPSET = 13  # DequantizeLinear's per-channel `axis` arrived in opset 13


def opset_of(model):
    for entry in model.opset_import:
        if entry.domain in ("", "ai.onnx"):
            return entry.version
    return 0


def _initializer(graph, array, name):
    graph.initializer.append(numpy_helper.from_array(np.asarray(array), name))


def _qdq_pair(graph, source, quantized, target, params: scales.QuantParams, base):
    """Q(source) -> quantized, DQ(quantized) -> target, with scale/zero point initializers."""
    scale, zp = base + "__scale", base + "__zp"
    _initializer(graph, np.asarray(params.scale, np.float32), scale)
    _initializer(graph, np.asarray(params.zero_point, params.dtype), zp)
    return [helper.make_node("QuantizeLinear", [source, scale, zp], [quantized], name=base + "__Q"),
            helper.make_node("DequantizeLinear", [quantized, scale, zp], [target], name=base + "__DQ")]


def _dq_initializer(graph, name, q, params: scales.QuantParams, suffix):
    """Replaces float initializer `name` with its integer form behind a DequantizeLinear
    whose output takes the original name."""
    qname, scale, zp = f"{name}__{suffix}", f"{name}__scale", f"{name}__zp"
    _initializer(graph, q, qname)
    _initializer(graph, params.scale, scale)
    _initializer(graph, params.zero_point, zp)
    return helper.make_node("DequantizeLinear", [qname, scale, zp], [name], name=name + "__DQ", axis=params.axis)


def quantize_model(model, plan: Plan, thresholds):
    """`thresholds`: tensor name -> float threshold for every planned activation.
    Returns (QDQ model, {tensor: QuantParams})."""
    if opset_of(model) < MIN_OPSET:
        raise SystemExit(f"the model uses opset {opset_of(model)}; per-channel INT8 needs opset >= {MIN_OPSET} "
                         "(re-export it, e.g. torch.onnx.export(..., opset_version=13))")
    model = copy.deepcopy(model)
    graph = model.graph
    act = {name: scales.activation_params(thresholds[name], nonneg) for name, nonneg in plan.activations.items()}

    head, removed = _quantize_weights(graph, plan, act)
    kept = [init for init in graph.initializer if init.name not in removed]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    # Old exports list initializers as graph inputs too; the float ones are gone.
    inputs = [i for i in graph.input if i.name not in removed]
    del graph.input[:]
    graph.input.extend(inputs)

    graph_inputs = {i.name for i in graph.input}
    rewired = {}
    for name in plan.activations:
        if name in graph_inputs:
            head += _qdq_pair(graph, name, name + "__q", name + "__dq", act[name], name)
            rewired[name] = name + "__dq"

    nodes = []
    for node in graph.node:
        node = copy.deepcopy(node)
        for k, name in enumerate(node.input):
            if name in rewired:
                node.input[k] = rewired[name]
        tail = []
        for k, name in enumerate(node.output):
            if name in plan.activations and name not in graph_inputs:
                node.output[k] = name + "__float"
                tail += _qdq_pair(graph, name + "__float", name + "__q", name, act[name], name)
        nodes.append(node)
        nodes += tail
    del graph.node[:]
    graph.node.extend(head + nodes)
    return model, act


def _quantize_weights(graph, plan: Plan, act):
    """int8 weights and int32 biases; returns their DequantizeLinear nodes and
    the names of the float initializers they replace."""
    inits = {init.name: init for init in graph.initializer}
    nodes, removed = [], set()
    for qn in plan.nodes:
        if qn.weight in removed:
            continue  # shared weight, already quantized for an earlier node
        weight = numpy_helper.to_array(inits[qn.weight]).astype(np.float32)
        bias = numpy_helper.to_array(inits[qn.bias]).astype(np.float32) if qn.bias else None
        in_scale = float(act[qn.activation].scale) if qn.activation else None
        min_scale = scales.bias_min_weight_scale(bias, in_scale) if bias is not None else None
        wp = scales.weight_params(weight, qn.weight_axis, min_scale)
        nodes.append(_dq_initializer(graph, qn.weight, scales.quantize(weight, wp), wp, "int8"))
        removed.add(qn.weight)
        if bias is not None:
            bp = scales.bias_params(in_scale, wp)
            nodes.append(_dq_initializer(graph, qn.bias, scales.quantize(bias, bp), bp, "int32"))
            removed.add(qn.bias)
    return nodes, removed
