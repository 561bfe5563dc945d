"""A/B check for the sweep: copies model folders with the INT8 graph's input
quantized as signed int8 (zero point 0) instead of uint8 (zero point 128).
Both are the same grid (q_int8 = q_uint8 - 128), so the outputs are identical
and only the kernel ONNX Runtime picks for the first conv differs.

    /usr/bin/python3 -m tools.bench.signed_input_copy --from build/arch_sweep --to build/ab_signed \\
        --names patch8_224,current_176
    /usr/bin/python3 -m tools.bench.arch_sweep --variants patch8_224,current_176 --shipped build/ab_signed:s8in_
"""
import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper


def signed_input(model):
    """Switches the graph input's QuantizeLinear/DequantizeLinear zero point from uint8 128 to int8 0."""
    source = model.graph.input[0].name
    quantize = next(n for n in model.graph.node if n.op_type == "QuantizeLinear" and n.input[0] == source)
    zp_name = quantize.input[2]
    for i, init in enumerate(model.graph.initializer):
        if init.name == zp_name:
            zp = numpy_helper.to_array(init)
            if zp.dtype != np.uint8 or int(zp) != 128:
                raise SystemExit(f"{zp_name}: expected uint8 128, found {zp.dtype} {zp}")
            model.graph.initializer[i].CopyFrom(numpy_helper.from_array(np.int8(0), zp_name))
            return model
    raise SystemExit(f"no initializer {zp_name}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--from", dest="source", required=True, help="folder of model folders (arch_sweep's --out)")
    p.add_argument("--to", required=True)
    p.add_argument("--names", required=True, help="comma-separated model folder names")
    args = p.parse_args()
    for name in args.names.split(","):
        src, dst = Path(args.source) / name, Path(args.to) / name
        dst.mkdir(parents=True, exist_ok=True)
        manifest = json.loads((src / "manifest.json").read_text())
        manifest["files"]["int8"] = {"path": "model.int8.onnx"}
        (dst / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        shutil.copyfile(src / "model.fp32.onnx", dst / "model.fp32.onnx")
        onnx.save(signed_input(onnx.load(src / "model.int8.onnx")), dst / "model.int8.onnx")
        print(f"{dst}: int8 input")


if __name__ == "__main__":
    main()
