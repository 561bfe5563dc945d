#!/usr/bin/python3
"""The INT8 model of one shipped model folder runs in integers (one ctest entry
per model, no dataset needed):

    int8_graph_test.py --dxlens BIN --model models/<name> --work DIR

`dxlens optimize` writes the graph ONNX Runtime really runs, at "extended"
(where the QDQ fusions happen) and at "all" (what the web page uses, which adds
the NHWC layout rewrite). In both there must be no float Conv, Gemm or MatMul
left (plain or fused), every conv of the FP32 model must have become a
QLinearConv, and the head an integer Gemm. And every activation must be
quantized to uint8: ONNX Runtime's WASM build has a SIMD integer GEMM only for
uint8 activations, so an int8 one silently runs scalar code in the browser.
Last, ONNX Runtime's profiler (`dxlens bench --profile`) times every node of
a few runs: the integer convs must take time and no float Conv/Gemm may.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from tools.bench.profile_ops import FLOAT_COMPUTE, per_operator  # noqa: E402
from tools.quantize import model_files, ops  # noqa: E402

INTEGER_CONV = {"QLinearConv"}
INTEGER_HEAD = {"QGemm", "QLinearMatMul", "MatMulInteger"}


def by_op(counts):
    """{op type without its domain: count}."""
    merged = {}
    for key, n in counts.items():
        op = key.split(":")[-1]
        merged[op] = merged.get(op, 0) + n
    return merged


def activation_zero_point_types(path):
    """{QuantizeLinear node name: numpy dtype of its zero point}."""
    model = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    return {n.name: inits[n.input[2]].dtype for n in model.graph.node
            if n.op_type == "QuantizeLinear" and len(n.input) > 2 and n.input[2] in inits}


def profiled_operators(dxlens, model_dir, work):
    """{operator: microseconds} of 4 timed INT8 runs (after 1 warm-up) on an image made here."""
    image = os.path.join(work, "noise.png")
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (96, 128, 3), dtype=np.uint8)).save(image)
    prefix = os.path.join(work, "profile")
    for old in glob.glob(prefix + "_*.json"):
        os.remove(old)
    subprocess.run([dxlens, "bench", "--model", model_dir, "--variant", "int8", "--batch", "1", "--threads", "1",
                    "--warmup", "1", "--runs", "4", "--image", image, "--profile", prefix],
                   check=True, capture_output=True, timeout=300)
    traces = glob.glob(prefix + "_*.json")
    if len(traces) != 1:
        raise SystemExit(f"expected one profiler trace {prefix}_*.json, found {traces}")
    with open(traces[0]) as f:
        totals, runs = per_operator(json.load(f), skip_runs=1)
    return totals, runs


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dxlens", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--work", required=True)
    args = p.parse_args()
    work = os.path.join(args.work, os.path.basename(os.path.normpath(args.model)))
    os.makedirs(work, exist_ok=True)
    files = model_files.load_manifest(args.model)["files"]
    if "int8" not in files:
        print(f"{args.model}: the manifest lists no int8 model")
        return 1
    fp32_convs = sum(n.op_type == "Conv" for n in onnx.load(os.path.join(args.model, files["fp32"]["path"])).graph.node)
    int8_path = os.path.join(args.model, files["int8"]["path"])
    problems = []
    for level in ("extended", "all"):
        ops_run = by_op(ops.op_counts(args.dxlens, int8_path, work, level))
        print(f"{level}: {ops_run}")
        floats = {op: n for op, n in ops_run.items() if op in FLOAT_COMPUTE}
        if floats:
            problems.append(f"{level}: float compute left: {floats}")
        qconvs = sum(ops_run.get(op, 0) for op in INTEGER_CONV)
        if qconvs != fp32_convs:
            problems.append(f"{level}: {qconvs} QLinearConv for the FP32 model's {fp32_convs} Conv")
        if not any(op in ops_run for op in INTEGER_HEAD):
            problems.append(f"{level}: no integer head ({', '.join(sorted(INTEGER_HEAD))})")
    signed = {name: str(t) for name, t in activation_zero_point_types(int8_path).items() if t != "uint8"}
    if signed:
        problems.append(f"activations not quantized to uint8: {signed}")
    totals, runs = profiled_operators(args.dxlens, args.model, work)
    print(f"profiled ({runs} runs, microseconds): {dict(totals)}")
    if runs != 4 or totals.get("QLinearConv", 0) <= 0:
        problems.append(f"profiler: {runs} runs, QLinearConv time {totals.get('QLinearConv', 0)} us")
    timed_floats = {op: us for op, us in totals.items() if op in FLOAT_COMPUTE}
    if timed_floats:
        problems.append(f"profiler: float compute took time: {timed_floats}")
    for problem in problems:
        print(f"FAIL {problem}")
    if not problems:
        print(f"ok: {fp32_convs} convs, all QLinearConv with uint8 activations; no float Conv, Gemm or MatMul")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
