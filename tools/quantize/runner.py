"""Calls to the `dxlens` CLI, the only thing here that runs models."""
import json
import os
import subprocess
import sys

DEFAULT_CANDIDATES = ("build/native/dxlens", "build/quant/dxlens")


def find_dxlens(explicit=None):
    if explicit:
        if not os.path.isfile(explicit):
            raise SystemExit(f"--dxlens: no such file '{explicit}' (build it: cmake --build build/native)")
        return explicit
    for path in DEFAULT_CANDIDATES:
        if os.path.isfile(path):
            return path
    raise SystemExit("cannot find the dxlens CLI (looked for " + ", ".join(DEFAULT_CANDIDATES) +
                     "); build it or pass --dxlens PATH")


class DxlensError(RuntimeError):
    def __init__(self, args, result):
        self.returncode = result.returncode
        self.stderr = result.stderr
        super().__init__(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr.strip()}")


def run(dxlens, *args, quiet=False):
    """Runs `dxlens args...`; returns stdout, raises DxlensError on failure."""
    cmd = [dxlens, *map(str, args)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise DxlensError(cmd, result)
    if result.stderr and not quiet:
        sys.stderr.write(result.stderr)
    return result.stdout


def calibrate(dxlens, model_dir, onnx_path, images, out, limit=0, bins=2048, threads=0):
    args = ["calibrate", "--model", model_dir, "--onnx", onnx_path, "--images", images, "--out", out,
            "--bins", bins]
    if limit:
        args += ["--limit", limit]
    if threads:
        args += ["--threads", threads]
    print(run(dxlens, *args).strip())
    with open(out) as f:
        return json.load(f)


def optimize(dxlens, onnx_path, out, level="extended"):
    run(dxlens, "optimize", "--onnx", onnx_path, "--out", out, "--level", level, quiet=True)


def classify_json(dxlens, model_dir, images, variant, top_k):
    """classify --json on many images; always returns a list of reports."""
    out = run(dxlens, "classify", "--model", model_dir, "--json", "--variant", variant, "--top-k", top_k, *images)
    data = json.loads(out)
    return data if isinstance(data, list) else [data]


def version(dxlens):
    return run(dxlens, "--version").strip()
