"""Which operators ONNX Runtime actually runs: the optimised graph saved by
`dxlens optimize`, counted by op type. "extended" is the level at which the
QDQ fusions (QLinearConv, QGemm, ...) happen; "all" would add x86 layout
rewrites (NCHWc) that hide the fp32 Conv count."""
import collections
import os

import onnx

from . import runner


def op_counts(dxlens, onnx_path, work_dir, level="extended"):
    out = os.path.join(work_dir, os.path.basename(onnx_path).replace(".onnx", f".ort-{level}.onnx"))
    runner.optimize(dxlens, onnx_path, out, level)
    counts = collections.Counter()
    for node in onnx.load(out).graph.node:
        domain = node.domain if node.domain not in ("", "ai.onnx") else ""
        counts[f"{domain}:{node.op_type}" if domain else node.op_type] += 1
    return dict(sorted(counts.items()))


def summary(counts):
    """The numbers worth a glance: integer convs vs float convs left."""
    def total(name):
        return sum(v for k, v in counts.items() if k.split(":")[-1] == name)
    return {"QLinearConv": total("QLinearConv"), "Conv": total("Conv") + total("FusedConv"),
            "QuantizeLinear": total("QuantizeLinear"), "DequantizeLinear": total("DequantizeLinear")}
