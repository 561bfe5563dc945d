"""A minimal ONNX evaluator in numpy, for the export round-trip test only.

Debian's python3-onnx 1.12 has no reference evaluator (onnx.reference came in
1.13) and onnxruntime exists here only as the C++ library, so the few operators
the CompactCNN export uses are written out. Any other operator raises, so a
change in what the exporter emits shows up as a test failure, not a silent skip.
Computes in float64 so the comparison with torch measures the export, not
this code's rounding.
"""
import numpy as np
from onnx import helper, numpy_helper


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, attrs):
    if attrs.get("group", 1) != 1 or any(d != 1 for d in attrs.get("dilations", [1, 1])):
        raise NotImplementedError("Conv with groups or dilation")
    sh, sw = attrs.get("strides", [1, 1])
    top, left, bottom, right = attrs.get("pads", [0, 0, 0, 0])
    n, _, h, wd = x.shape
    _, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    oh = (h + top + bottom - kh) // sh + 1
    ow = (wd + left + right - kw) // sw + 1
    # im2col: one strided view of the padded input per kernel tap.
    cols = np.stack([np.stack([xp[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw] for j in range(kw)], 2)
                     for i in range(kh)], 2)  # [n, c, kh, kw, oh, ow]
    out = np.tensordot(w, cols, axes=([1, 2, 3], [1, 2, 3])).transpose(1, 0, 2, 3)
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def _gemm(a, b, c, attrs):
    a = a.T if attrs.get("transA", 0) else a
    b = b.T if attrs.get("transB", 0) else b
    out = attrs.get("alpha", 1.0) * (a @ b)
    return out if c is None else out + attrs.get("beta", 1.0) * c


def _batch_norm(x, scale, bias, mean, var, attrs):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    inv = scale / np.sqrt(var + attrs.get("epsilon", 1e-5))
    return (x - mean.reshape(shape)) * inv.reshape(shape) + bias.reshape(shape)


def run(model, feeds: dict) -> dict:
    """Evaluates model.graph on feeds {input name: array}; returns every graph output."""
    values = {init.name: numpy_helper.to_array(init).astype(np.float64) for init in model.graph.initializer}
    values.update({name: np.asarray(v, np.float64) for name, v in feeds.items()})
    for node in model.graph.node:
        args = [values[name] if name else None for name in node.input]
        attrs = _attrs(node)
        op = node.op_type
        if op == "Conv":
            out = _conv(args[0], args[1], args[2] if len(args) > 2 else None, attrs)
        elif op == "BatchNormalization":
            out = _batch_norm(*args[:5], attrs)
        elif op == "Relu":
            out = np.maximum(args[0], 0)
        elif op == "ReduceMean":
            out = args[0].mean(axis=tuple(attrs["axes"]), keepdims=bool(attrs.get("keepdims", 1)))
        elif op == "GlobalAveragePool":
            out = args[0].mean(axis=(2, 3), keepdims=True)
        elif op == "Flatten":
            axis = attrs.get("axis", 1)
            out = args[0].reshape(int(np.prod(args[0].shape[:axis])), -1)
        elif op == "Gemm":
            out = _gemm(args[0], args[1], args[2] if len(args) > 2 else None, attrs)
        elif op == "MatMul":
            out = args[0] @ args[1]
        elif op == "Add":
            out = args[0] + args[1]
        elif op == "Identity":
            out = args[0]
        elif op == "Constant":
            out = numpy_helper.to_array(attrs["value"]).astype(np.float64)
        else:
            raise NotImplementedError(f"operator {op} (node {node.name})")
        values[node.output[0]] = out
    return {o.name: values[o.name] for o in model.graph.output}
