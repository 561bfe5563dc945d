"""Architecture sweep, step 1: build the model variants whose FP32 vs INT8 speed
tools/bench/arch_sweep.mjs then times in the browser (bench/README.md,
"Architecture sweep").

Each variant is a random-initialised CompactCNN (speed does not depend on the
weights), exported with the training pipeline's own exporter and quantized with
our own quantizer (minmax, a few chest X-ray calibration images), into
build/arch_sweep/<variant>/. build/arch_sweep/variants.json lists every variant
with its shape, MACs, parameters, file sizes and the op counts of ONNX
Runtime's optimised INT8 graph.

    /usr/bin/python3 -m tools.bench.arch_sweep [--variants a,b] [--out build/arch_sweep]
        [--limit 32] [--seed 0] [--threads 1] [--dxlens build/native/dxlens]
"""
import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import torch

from tools.training.config import TrainConfig
from tools.training.export import export_model
from tools.bench.shipped_variants import int8_ops_fields, shipped_records
from tools.training.model import CompactCNN, conv_layers, count_macs

# The variants. name: (color, widths, input_size, classes[, stem[, blocks]]).
# stem is (kernel, stride, width): (3, 2, widths[0]) when absent, the v1
# family's 3x3 stride-2 stem; (4, 4, w) and (8, 8, w) are "patchify" stems,
# and (8, 8, 64) is the v2 family's. blocks: 3x3 convs per stage (default 2).
# Edit here to sweep other shapes; everything below reads this table.
VARIANTS = {
    "current_144":     ("grey", [24, 48, 96, 160],  144, 2),  # chest_xray 1.2 shape
    "pow2_144":        ("grey", [32, 64, 128, 256], 144, 2),
    "narrow_144":      ("grey", [16, 32, 64, 128],  144, 2),
    "wide_112":        ("grey", [32, 64, 128, 256], 112, 2),
    "current_176":     ("grey", [24, 48, 96, 160],  176, 2),  # chest_xray 1.3 shape
    "pow2_176":        ("grey", [32, 64, 128, 256], 176, 2),
    "rgb_current_128": ("rgb",  [24, 48, 96, 160],  128, 2),  # skin_lesion 1.0.0 input shape (RGB 128)
    "pow2_128":        ("grey", [32, 64, 128, 256], 128, 2),
    "wide48_112":      ("grey", [48, 96, 192, 320], 112, 2),
    "wide48_144":      ("grey", [48, 96, 192, 320], 144, 2),
    # v2 candidates: a 4x4 stride-4 stem, then three stages of wide 3x3 blocks.
    "patch4_144":      ("grey", [64, 128, 256],     144, 2, (4, 4, 32)),
    "patch4_176":      ("grey", [64, 128, 256],     176, 2, (4, 4, 32)),
    "patch4_192":      ("grey", [64, 128, 256],     192, 2, (4, 4, 32)),
    "patch4w_160":     ("grey", [96, 160, 256],     160, 2, (4, 4, 48)),
    "patch4s64_176":   ("grey", [64, 128, 256],     176, 2, (4, 4, 64)),
    "rgb_patch4_160":  ("rgb",  [64, 128, 256],     160, 2, (4, 4, 32)),
    "patch4_128":      ("grey", [64, 128, 256],     128, 2, (4, 4, 32)),
    "patch4_160":      ("grey", [64, 128, 256],     160, 2, (4, 4, 32)),
    "patch4_224":      ("grey", [64, 128, 256],     224, 2, (4, 4, 32)),
    "patch4w_128":     ("grey", [96, 160, 256],     128, 2, (4, 4, 48)),
    "patch4b122_192":  ("grey", [64, 128, 256],     192, 2, (4, 4, 32), [1, 2, 2]),
    "patch4b123_160":  ("grey", [64, 128, 256],     160, 2, (4, 4, 32), [1, 2, 3]),
    "patch4x2_160":    ("grey", [96, 256],          160, 2, (4, 4, 48)),
    "patch8_224":      ("grey", [128, 256],         224, 2, (8, 8, 64)),
    "patch8_192":      ("grey", [128, 256],         192, 2, (8, 8, 64)),
    "patch8b23_192":   ("grey", [128, 256],         192, 2, (8, 8, 64), [2, 3]),
    "patch4b123_192":  ("grey", [64, 128, 256],     192, 2, (4, 4, 32), [1, 2, 3]),
    "rgb_patch8_192":  ("rgb",  [128, 256],         192, 2, (8, 8, 64)),
    "rgb_patch8_224":  ("rgb",  [128, 256],         224, 2, (8, 8, 64)),
    "rgb_patch4b123_160": ("rgb", [64, 128, 256],   160, 2, (4, 4, 32), [1, 2, 3]),
    "rgb_patch4_128":  ("rgb",  [64, 128, 256],     128, 2, (4, 4, 32)),
    # today's shapes of the other domains, and patch8 at their sizes
    "current_128":     ("grey", [24, 48, 96, 160],  128, 4),  # alzheimer_mri 1.x
    "rgb_narrow_112":  ("rgb",  [16, 32, 64, 128],  112, 3),  # plant_leaf and histopathology 1.x
    "rgb_current_128_8": ("rgb", [24, 48, 96, 160], 128, 8),  # skin_lesion 1.x
    "patch8_128":      ("grey", [128, 256],         128, 4, (8, 8, 64)),
    "patch8_160":      ("grey", [128, 256],         160, 4, (8, 8, 64)),
    "rgb_patch8_112":  ("rgb",  [128, 256],         112, 3, (8, 8, 64)),
    "rgb_patch8_128":  ("rgb",  [128, 256],         128, 8, (8, 8, 64)),
    "rgb_patch8_160":  ("rgb",  [128, 256],         160, 8, (8, 8, 64)),
    "rgb_patch8n_128": ("rgb",  [96, 192],          128, 3, (8, 8, 48)),
    "rgb_patch4w_128": ("rgb",  [96, 160, 256],     128, 2, (4, 4, 48)),
    # a stride-2 3x3 stem into the same wide stages, for comparison with patch4_176
    "s2wide_176":      ("grey", [64, 128, 256],     176, 2, (3, 2, 32)),
}

# Preprocessing only matters for calibration (the activation ranges), not for
# speed. It is pinned here rather than read from the training configs, which
# change as models are retrained, so the same command gives the same files.
# grey: chest_xray's (resize/crop 160/144); rgb: skin_lesion's 1.0 version
# (128/128). Calibration images are always chest X-rays (the decoder expands
# grey to RGB as needed).
PREPROCESS = {
    "grey": {"resize_ratio": 160 / 144, "mean": [0.5], "std": [0.25]},
    "rgb": {"resize_ratio": 1.0, "mean": [0.70, 0.55, 0.55], "std": [0.15, 0.17, 0.19]},
}
CALIB_CONFIG = "tools/training/configs/chest_xray.json"  # which training split tools.quantize.holdout links
CLASSES = ["NORMAL", "PNEUMONIA"]


def class_names(num_classes):
    """Labels for the manifest; only their count matters (the last layer's size)."""
    return CLASSES if num_classes == 2 else [f"class_{i}" for i in range(num_classes)]


def log(message):
    print(f"[arch_sweep] {message}", flush=True)


def variant_config(name, color, widths, input_size, stem=None, blocks=2):
    """A TrainConfig for the exporter and the manifest: this variant's shape
    with the pinned preprocessing for its colour."""
    pre = PREPROCESS[color]
    return TrainConfig(name=f"arch_sweep_{name}", data="arch_sweep", title=f"architecture sweep: {name}",
                       color=color, resize_size=round(input_size * pre["resize_ratio"]), input_size=input_size,
                       mean=list(pre["mean"]), std=list(pre["std"]), widths=list(widths), version="0.0.0",
                       blocks=blocks, **stem_fields(stem))


def stem_fields(stem):
    """TrainConfig's stem fields for a VARIANTS stem tuple (None: the default stem)."""
    if stem is None:
        return {}
    kernel, stride, width = stem
    return {"stem_kernel": kernel, "stem_stride": stride, "stem_width": width}


def variant_layers(cfg):
    """Every conv of the variant, as model.py builds it."""
    return conv_layers(cfg.channels, cfg.widths, cfg.stem_kernel, cfg.stem_stride, cfg.stem_width, cfg.blocks)


def hooked_macs(model, in_channels, input_size):
    """The same count measured on the real module with forward hooks, so the
    analytic formula cannot silently drift from model.py."""
    total = [0]

    def conv_hook(module, _inputs, output):
        k = module.kernel_size[0] * module.kernel_size[1]
        total[0] += output.numel() * (module.in_channels // module.groups) * k

    def linear_hook(module, _inputs, output):
        total[0] += output.numel() * module.in_features

    hooks = [m.register_forward_hook(conv_hook) for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    hooks += [m.register_forward_hook(linear_hook) for m in model.modules() if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        model(torch.zeros(1, in_channels, input_size, input_size))
    for h in hooks:
        h.remove()
    return total[0]


def build_fp32(name, spec, out_dir, seed):
    """Random-initialised model, exported as model.fp32.onnx + manifest.json."""
    color, widths, input_size, num_classes = spec[:4]
    cfg = variant_config(name, color, widths, input_size, *spec[4:])
    torch.manual_seed(seed)  # same weights on every run: reproducible files and calibration ranges
    model = CompactCNN.from_config(cfg, num_classes).eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("model.int8.onnx", "quantization.json"):  # never report a previous run's INT8 file
        (out_dir / stale).unlink(missing_ok=True)
    export_model(model, cfg, class_names(num_classes), out_dir)
    macs = count_macs(variant_layers(cfg), input_size, num_classes)
    measured = hooked_macs(model, cfg.channels, input_size)
    if macs != measured:
        raise SystemExit(f"{name}: analytic MACs {macs} != measured {measured}; update model.count_macs()")
    params = sum(p.numel() for p in model.parameters())
    return cfg, macs, params


def quantize(model_dir, work_dir, args):
    """Our own quantizer, minmax only (no --val: no method selection needed)."""
    cmd = [sys.executable, "-m", "tools.quantize", "--model", str(model_dir), "--calib", args.calib,
           "--methods", "minmax", "--limit", str(args.limit), "--threads", str(args.threads),
           "--work", str(work_dir), "--dxlens", args.dxlens]
    log(" ".join(shlex.quote(c) for c in cmd))
    subprocess.run(cmd, check=True)
    return json.loads((model_dir / "quantization.json").read_text())


def ensure_calibration(args):
    """Calibration images: the chest X-ray training split's symlink folder,
    made once by tools.quantize.holdout (links only, no copies)."""
    if os.path.isdir(args.calib):
        return
    data_dir = os.path.dirname(os.path.normpath(args.calib))
    cmd = [sys.executable, "-m", "tools.quantize.holdout", "--config", CALIB_CONFIG, "--out", data_dir]
    log(" ".join(shlex.quote(c) for c in cmd))
    subprocess.run(cmd, check=True)
    if not os.path.isdir(args.calib):
        raise SystemExit(f"--calib: '{args.calib}' still missing after tools.quantize.holdout")


def variant_record(name, spec, cfg, macs, params, model_dir, out_root, quant):
    color, widths, input_size, num_classes = spec[:4]
    summary = quant["ops"]["summary"]["int8"]
    convs = len(variant_layers(cfg))
    return {
        "name": name, "color": color, "channels": cfg.channels, "widths": widths,
        "stem": {"kernel": cfg.stem_kernel, "stride": cfg.stem_stride, "width": cfg.stem_width or widths[0]},
        "blocks": cfg.blocks,
        "input_size": input_size, "num_classes": num_classes, "resize_size": cfg.resize_size,
        "macs": macs, "mmacs": round(macs / 1e6, 2), "params": params,
        "files": {v: os.path.relpath(model_dir / f"model.{v}.onnx", out_root) for v in ("fp32", "int8")},
        "bytes": quant["bytes"],
        **int8_ops_fields(summary, convs),
        "quantization": {"method": quant["method"], "calibration_images": quant["calibration"]["images"]},
    }


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m tools.bench.arch_sweep", description=__doc__.splitlines()[0])
    p.add_argument("--variants", help=f"comma-separated subset of: {','.join(VARIANTS)} (default: all)")
    p.add_argument("--out", default="build/arch_sweep", help="output folder (default build/arch_sweep)")
    p.add_argument("--calib", help="calibration images (default <out>/data/calib, made by tools.quantize.holdout)")
    p.add_argument("--limit", type=int, default=32, help="calibration images per variant (default 32)")
    p.add_argument("--seed", type=int, default=0, help="torch.manual_seed for the random weights")
    p.add_argument("--threads", type=int, default=1, help="threads for torch and calibration (default 1: "
                                                          "leave the CPU to other jobs)")
    p.add_argument("--dxlens", default="build/native/dxlens", help="the dxlens CLI (default build/native/dxlens)")
    p.add_argument("--shipped", action="append", default=[], metavar="DIR[:PREFIX]",
                   help="also list the model folders under DIR (e.g. models:shipped_), timed as they ship")
    args = p.parse_args(argv)
    default = "" if args.shipped and not args.variants else ",".join(VARIANTS)  # --shipped alone: only those
    names = [v.strip() for v in (args.variants or default).split(",") if v.strip()]
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        p.error(f"--variants: unknown {unknown}; choose from {', '.join(VARIANTS)}")
    args.names = names
    args.calib = args.calib or os.path.join(args.out, "data", "calib")
    return args


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    out_root = Path(args.out)
    ensure_calibration(args)
    records = []
    for name in args.names:
        spec = VARIANTS[name]
        model_dir = out_root / name
        cfg, macs, params = build_fp32(name, spec, model_dir, args.seed)
        log(f"{name}: {cfg.channels}x{spec[2]}x{spec[2]}, widths {spec[1]}, {macs / 1e6:.1f} MMACs, {params} params")
        quant = quantize(model_dir, out_root / "work" / name, args)
        record = variant_record(name, spec, cfg, macs, params, model_dir, out_root, quant)
        if not record["all_convs_quantized"]:
            log(f"WARNING {name}: {record['ops_int8']['QLinearConv']} QLinearConv / {record['convs']} convs, "
                f"{record['ops_int8']['float_Conv']} float Conv left: the INT8 timing is partly float")
        records.append(record)
    for spec in args.shipped:
        records += shipped_records(spec, out_root, args.dxlens)

    # Keep the variants of an earlier run that this one did not rebuild, so a
    # partial rebuild (--variants a,b) does not drop the others from the list.
    index_path = out_root / "variants.json"
    previous = json.loads(index_path.read_text())["variants"] if index_path.exists() else []
    rebuilt = {r["name"] for r in records}
    kept = [r for r in previous if r["name"] not in rebuilt and (out_root / r["files"]["int8"]).exists()]
    order = list(VARIANTS)
    merged = sorted(kept + records, key=lambda r: order.index(r["name"]) if r["name"] in order else len(order))
    index_path.write_text(json.dumps({
        "schema": "dxlens-arch-sweep-variants/1",
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["/usr/bin/python3 -m tools.bench.arch_sweep",
                             *map(shlex.quote, argv if argv is not None else sys.argv[1:])]),
        "seed": args.seed, "torch": torch.__version__, "calibration": args.calib,
        "variants": merged,
    }, indent=2) + "\n")
    log(f"wrote {index_path} ({len(merged)} variants)")
    for r in merged:
        log(f"  {r['name']:<16} {r['mmacs']:>8.1f} MMACs  QLinearConv {r['ops_int8']['QLinearConv']}/{r['convs']}"
            f"  float Conv {r['ops_int8']['float_Conv']}  fp32 {r['bytes']['fp32']} B  int8 {r['bytes']['int8']} B")


if __name__ == "__main__":
    main()
