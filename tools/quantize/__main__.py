"""Static INT8 quantization of a dxlens model folder.

    /usr/bin/python3 -m tools.quantize --model models/<name> --calib DIR [--val DIR]
        [--methods minmax,percentile,entropy] [--limit 300] [--dxlens build/native/dxlens]

augment -> `dxlens calibrate` -> one QDQ candidate per method -> (with --val)
`dxlens eval` of each candidate and of the FP32 model -> the method with the
best validation balanced accuracy -> <model>/model.int8.onnx, files.int8 in the
manifest and <model>/quantization.json. Without --val the first listed method
is taken. Intermediate files live under --work (default build/quantize/<name>).
"""
import argparse
import json
import os
import shlex
import sys

import onnx

from . import evaluate, graph, model_files, ops, ranges, runner, select
from .augment import augment
from .qdq import quantize_model


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m tools.quantize", description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="model folder with manifest.json and the FP32 model")
    p.add_argument("--calib", required=True, help="calibration images (class folders or flat; training data)")
    p.add_argument("--val", help="labelled validation images (class folders) to choose the method on")
    p.add_argument("--methods", default=",".join(ranges.METHODS), help="comma-separated: minmax,percentile,entropy")
    p.add_argument("--percentile", type=float, default=99.99, help="percentile of |x| for the percentile method")
    p.add_argument("--limit", type=int, default=300, help="at most this many calibration images (0 = all)")
    p.add_argument("--bins", type=int, default=2048, help="histogram bins per tensor")
    p.add_argument("--threads", type=int, default=0, help="ONNX Runtime threads for calibration")
    p.add_argument("--dxlens", help="the dxlens CLI (default: build/native/dxlens)")
    p.add_argument("--work", help="folder for intermediate files (default: build/quantize/<name>)")
    p.add_argument("--dry-run", action="store_true", help="build and evaluate candidates, write nothing to --model")
    args = p.parse_args(argv)
    args.methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in args.methods if m not in ranges.METHODS]
    if unknown or not args.methods:
        p.error(f"--methods: unknown {unknown}; choose from {', '.join(ranges.METHODS)}")
    for folder, name in ((args.model, "--model"), (args.calib, "--calib"), (args.val, "--val")):
        if folder and not os.path.isdir(folder):
            p.error(f"{name}: '{folder}' is not a folder")
    return args


def log(message):
    print(f"[quantize] {message}", flush=True)


def calibrate(args, dxlens, fp32_model, plan, work):
    augmented, output_names = augment(fp32_model, list(plan.activations))
    augmented_path = os.path.join(work, "augmented.onnx")
    onnx.save(augmented, augmented_path)
    stats = runner.calibrate(dxlens, args.model, augmented_path, args.calib, os.path.join(work, "calibration.json"),
                             args.limit, args.bins, args.threads)
    by_tensor = {output_names[name]: s for name, s in stats["tensors"].items() if name in output_names}
    missing = set(plan.activations) - set(by_tensor)
    if missing:
        raise SystemExit(f"calibration returned no statistics for {sorted(missing)}")
    return stats, by_tensor


def build_candidates(args, fp32_model, plan, tensor_stats, work):
    candidates = {}
    for method in args.methods:
        thresholds = {name: ranges.threshold(tensor_stats[name], method, nonneg, args.percentile)
                      for name, nonneg in plan.activations.items()}
        model, _ = quantize_model(fp32_model, plan, thresholds)
        onnx.checker.check_model(model)
        path = os.path.join(work, method, model_files.INT8_FILE)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        onnx.save(model, path)
        candidates[method] = path
        log(f"{method}: {path} ({os.path.getsize(path)} bytes)")
    return candidates


def validate(args, dxlens, manifest, candidates, work):
    fp32 = evaluate.evaluate(dxlens, args.model, args.val, "fp32")
    log(f"fp32: balanced accuracy {fp32['balanced_accuracy']:.4f}, accuracy {fp32['accuracy']:.4f}")
    results = {}
    for method, path in candidates.items():
        folder = model_files.make_candidate_dir(args.model, manifest, path, os.path.join(work, method))
        results[method] = evaluate.evaluate(dxlens, folder, args.val, "int8")
        log(f"{method}: balanced accuracy {results[method]['balanced_accuracy']:.4f}, "
            f"accuracy {results[method]['accuracy']:.4f}")
    return fp32, results


def main(argv=None):
    args = parse_args(argv)
    dxlens = runner.find_dxlens(args.dxlens)
    manifest = model_files.load_manifest(args.model)
    name = manifest.get("name") or os.path.basename(os.path.normpath(args.model))
    work = args.work or os.path.join("build", "quantize", name)
    os.makedirs(work, exist_ok=True)

    fp32_path = model_files.fp32_path(args.model, manifest)
    fp32_model = onnx.load(fp32_path)
    plan = graph.plan_quantization(fp32_model)
    if not plan.nodes:
        raise SystemExit("nothing to quantize: no Conv/Gemm/MatMul with constant float weights")
    for reason in plan.skipped:
        log(f"left float: {reason}")
    log(f"{len(plan.nodes)} nodes to quantize, {len(plan.activations)} activation tensors")

    stats, tensor_stats = calibrate(args, dxlens, fp32_model, plan, work)
    candidates = build_candidates(args, fp32_model, plan, tensor_stats, work)

    record = {"method": args.methods[0], "selected_by": "first listed method (no --val)"}
    if args.val:
        fp32, results = validate(args, dxlens, manifest, candidates, work)
        record = {"method": select.choose_method(results, fp32, args.methods),
                  "selected_by": "validation balanced_accuracy (ties: smaller FP32 gap)",
                  "methods": results, "fp32": fp32}
    chosen = candidates[record["method"]]
    log(f"chosen: {record['method']}")

    fp32_ops = ops.op_counts(dxlens, fp32_path, work)
    int8_ops = ops.op_counts(dxlens, chosen, work)
    record.update({
        "ops": {"level": "extended", "fp32": fp32_ops, "int8": int8_ops,
                "summary": {"fp32": ops.summary(fp32_ops), "int8": ops.summary(int8_ops)}},
        "bytes": {"fp32": os.path.getsize(fp32_path), "int8": os.path.getsize(chosen)},
        "calibration": {"images": stats["images"], "skipped": stats["skipped"], "samples": stats["samples"],
                        "patches": stats["patches"], "bins": stats["bins"], "folder": args.calib,
                        "percentile": args.percentile},
        "quantized_nodes": {op: sum(1 for n in plan.nodes if n.op == op) for op in graph.QUANTIZABLE},
        "left_float": plan.skipped,
        "thresholds": None,
        "dxlens": runner.version(dxlens),
        "command": "/usr/bin/python3 -m tools.quantize " + " ".join(shlex.quote(a) for a in
                                                                  (argv if argv is not None else sys.argv[1:])),
    })
    thresholds = {n: ranges.threshold(tensor_stats[n], record["method"], nn, args.percentile)
                  for n, nn in plan.activations.items()}
    record["thresholds"] = {n: {"threshold": t, "absmax": tensor_stats[n]["absmax"],
                                "dtype": "uint8" if plan.activations[n] else "int8"} for n, t in thresholds.items()}
    s = record["ops"]["summary"]["int8"]
    log(f"ONNX Runtime runs {s['QLinearConv']} QLinearConv, {s['Conv']} float Conv; "
        f"{record['bytes']['int8']} bytes (fp32 {record['bytes']['fp32']})")

    out = os.path.join(work if args.dry_run else args.model, "quantization.json")
    if not args.dry_run:
        model_files.install(args.model, manifest, chosen)
    with open(out, "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    log(f"wrote {out}" + ("" if args.dry_run else f", {args.model}/{model_files.INT8_FILE} and files.int8"))


if __name__ == "__main__":
    main()
