"""Shipped model folders as architecture-sweep variants (arch_sweep.py
--shipped DIR[:PREFIX]), so that the models people use are timed side by side
with the candidates, in the same browser run: each folder's FP32 and INT8
files are copied into <out>/<PREFIX><name>/ and described like a variant.
MACs come from the FP32 graph itself (ONNX shape inference), parameters from
its float initializers, op counts from ONNX Runtime's optimised INT8 graph."""
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference

from tools.quantize import ops


def _dims(value_info):
    return [d.dim_value for d in value_info.type.tensor_type.shape.dim]


def graph_macs(model):
    """Multiply-accumulates per image of every Conv and Gemm (batch dimension left out)."""
    inferred = shape_inference.infer_shapes(model)
    shapes = {v.name: _dims(v) for v in [*inferred.graph.value_info, *inferred.graph.output, *inferred.graph.input]}
    weights = {i.name: list(i.dims) for i in model.graph.initializer}
    macs = 0
    for node in model.graph.node:
        if node.op_type == "Conv":
            w = weights[node.input[1]]            # [cout, cin / groups, kh, kw]
            out = shapes[node.output[0]][1:]      # [cout, h, w]
            macs += int(np.prod(out)) * w[1] * w[2] * w[3]
        elif node.op_type == "Gemm":
            w = weights[node.input[1]]
            macs += w[0] * w[1]
    return macs


def int8_ops_fields(summary, convs):
    """The INT8 graph's op counts as a variant record states them (arch_sweep.py too)."""
    return {
        "convs": convs,
        "ops_int8": {"QLinearConv": summary["QLinearConv"], "float_Conv": summary["Conv"],
                     "QuantizeLinear": summary["QuantizeLinear"], "DequantizeLinear": summary["DequantizeLinear"]},
        "all_convs_quantized": summary["QLinearConv"] == convs and summary["Conv"] == 0,
    }


def shipped_records(spec, out_root: Path, dxlens):
    """spec: "DIR" or "DIR:PREFIX". One record per DIR/<name>/manifest.json with an int8 file."""
    folder, _, prefix = spec.partition(":")
    records = []
    for manifest_path in sorted(Path(folder).glob("*/manifest.json")):
        manifest = json.loads(manifest_path.read_text())
        files = manifest.get("files", {})
        if "int8" not in files or "fp32" not in files:
            continue
        name = prefix + manifest_path.parent.name
        dest = out_root / name
        dest.mkdir(parents=True, exist_ok=True)
        for variant in ("fp32", "int8"):
            shutil.copyfile(manifest_path.parent / files[variant]["path"], dest / f"model.{variant}.onnx")
        fp32 = onnx.load(dest / "model.fp32.onnx")
        shape = manifest["input"]["shape"]
        summary = ops.summary(ops.op_counts(dxlens, str(dest / "model.int8.onnx"), str(dest)))
        convs = sum(n.op_type == "Conv" for n in fp32.graph.node)
        macs = graph_macs(fp32)
        records.append({
            "name": name, "shipped": f"{manifest_path.parent} {manifest.get('version', '')}".strip(),
            "color": manifest["input"].get("color", "rgb"), "channels": shape[1], "widths": None,
            "input_size": shape[2], "num_classes": len(manifest["labels"]),
            "macs": macs, "mmacs": round(macs / 1e6, 2),
            "params": int(sum(numpy_helper.to_array(i).size for i in fp32.graph.initializer
                              if numpy_helper.to_array(i).dtype == np.float32)),
            "files": {v: f"{name}/model.{v}.onnx" for v in ("fp32", "int8")},
            "bytes": {v: (dest / f"model.{v}.onnx").stat().st_size for v in ("fp32", "int8")},
            # which files were timed: a card quotes the timing only for the files it ships
            "sha256": {v: files[v].get("sha256") for v in ("fp32", "int8")},
            **int8_ops_fields(summary, convs),
        })
    return records
