"""The whole quantizer through the real CLI: tiny test model (tools/make_test_model.py),
synthetic calibration images, `python3 -m tools.quantize`, then ONNX Runtime's
optimised INT8 graph and `dxlens classify` against FP32.

    test_integration.py --dxlens build/native/dxlens --work DIR [unittest args]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import unittest

import support
import numpy as np
import onnx
from PIL import Image

from tools.quantize import model_files

ARGS = None
LABELS = ["healthy", "leaf_rust", "powdery_mildew"]  # tools/make_test_model.py's labels


def write_images(folder, count, seed, size=(96, 80)):
    """Smooth colour fields with noise: enough structure to give the convs varied activations."""
    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    yy, xx = np.mgrid[0:size[1], 0:size[0]] / max(size)
    paths = []
    for i in range(count):
        a, b, c = rng.uniform(-200, 200, (3, 3))
        img = np.stack([c[k] + a[k] * xx + b[k] * yy for k in range(3)], -1) + 128
        img = np.clip(img + rng.normal(0, 25, img.shape), 0, 255).astype(np.uint8)
        path = os.path.join(folder, f"{i}.png")
        Image.fromarray(img).save(path)
        paths.append(path)
    return paths


def run(*cmd, check=True):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=support.REPO)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} -> {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def make_model(folder, patch=False):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    run(sys.executable, "tools/make_test_model.py", "--out", folder, *(["--patch"] if patch else []))


class Quantizer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = ARGS.work
        cls.model = os.path.join(work, "model")
        make_model(cls.model)
        for k, label in enumerate(LABELS):
            write_images(os.path.join(work, "calib", label), 8, seed=k)
            write_images(os.path.join(work, "val", label), 3, seed=100 + k)
        cls.test_images = write_images(os.path.join(work, "test"), 6, seed=999)
        cls.result = run(sys.executable, "-m", "tools.quantize", "--model", cls.model,
                         "--calib", os.path.join(work, "calib"), "--val", os.path.join(work, "val"),
                         "--dxlens", ARGS.dxlens, "--work", os.path.join(work, "quantize"))
        with open(os.path.join(cls.model, "quantization.json")) as f:
            cls.record = json.load(f)

    def test_manifest_lists_the_int8_model_with_its_hash(self):
        manifest = model_files.load_manifest(self.model)
        entry = manifest["files"]["int8"]
        self.assertEqual(entry["path"], "model.int8.onnx")
        self.assertEqual(entry["sha256"], model_files.sha256_of(os.path.join(self.model, "model.int8.onnx")))
        self.assertIn("fp32", manifest["files"])
        self.assertEqual(run(ARGS.dxlens, "info", "--model", self.model, "--variant", "int8").returncode, 0)

    def test_onnx_runtime_fuses_every_conv(self):
        ops = self.record["ops"]["summary"]["int8"]
        self.assertEqual(ops["QLinearConv"], 3)
        self.assertEqual(ops["Conv"], 0)
        self.assertEqual(self.record["ops"]["summary"]["fp32"]["Conv"], 3)
        # And independently of the quantizer's own count:
        out = os.path.join(ARGS.work, "int8.optimised.onnx")
        run(ARGS.dxlens, "optimize", "--onnx", os.path.join(self.model, "model.int8.onnx"), "--out", out,
            "--level", "extended")
        self.assertIn("QLinearConv", [n.op_type for n in onnx.load(out).graph.node])

    def test_record_has_methods_metrics_and_sizes(self):
        self.assertIn(self.record["method"], ("minmax", "percentile", "entropy"))
        self.assertEqual(sorted(self.record["methods"]), ["entropy", "minmax", "percentile"])
        self.assertIn("balanced_accuracy", self.record["fp32"])
        self.assertEqual(self.record["calibration"]["images"], 24)
        self.assertLess(self.record["bytes"]["int8"], self.record["bytes"]["fp32"])

    def test_int8_probabilities_stay_close_to_fp32(self):
        def probs(variant):
            out = run(ARGS.dxlens, "classify", "--model", self.model, "--json", "--variant", variant,
                      "--top-k", len(LABELS), *self.test_images).stdout
            return np.array([[dict((t["label"], t["prob"]) for t in r["top"])[label] for label in LABELS]
                             for r in json.loads(out)])
        diff = np.abs(probs("int8") - probs("fp32"))
        self.assertLessEqual(diff.max(), 0.05, diff)


class UserModel(unittest.TestCase):
    """A graph unlike ours (support.residual_model): MaxPool, a conv without
    ReLU, a residual Add and a Gemm or MatMul head; 16x16 input, no CAM."""

    def write_model(self, folder, head):
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "model.fp32.onnx")
        onnx.save(support.residual_model(head=head), path)
        manifest = {"name": f"user_{head.lower()}", "version": "0", "task": "single_label", "labels": LABELS,
                    "input": {"name": "input", "shape": [-1, 3, 16, 16], "layout": "NCHW", "dtype": "float32",
                              "color": "rgb"},
                    "preprocess": {"resize": "stretch", "filter": "bilinear", "mean": [0.5] * 3, "std": [0.25] * 3},
                    "outputs": {"logits": "logits"},
                    "files": {"fp32": {"path": "model.fp32.onnx", "sha256": model_files.sha256_of(path)}}}
        model_files.write_manifest(os.path.join(folder, "manifest.json"), manifest)

    def test_residual_models_with_gemm_and_matmul_heads(self):
        images = write_images(os.path.join(ARGS.work, "user", "calib"), 8, seed=5)
        for head in ("Gemm", "MatMul"):
            with self.subTest(head=head):
                folder = os.path.join(ARGS.work, "user", head)
                self.write_model(folder, head)
                run(sys.executable, "-m", "tools.quantize", "--model", folder, "--calib", os.path.dirname(images[0]),
                    "--methods", "minmax", "--dxlens", ARGS.dxlens, "--work", os.path.join(folder, "work"))
                with open(os.path.join(folder, "quantization.json")) as f:
                    record = json.load(f)
                self.assertEqual(record["ops"]["summary"]["int8"]["QLinearConv"], 2)
                self.assertEqual(record["ops"]["summary"]["int8"]["Conv"], 0)
                self.assertIn("Add", record["ops"]["int8"])  # left float, still runs

                def probs(variant):
                    out = run(ARGS.dxlens, "classify", "--model", folder, "--json", "--variant", variant,
                              "--top-k", len(LABELS), *images).stdout
                    return np.array([[dict((t["label"], t["prob"]) for t in r["top"])[label] for label in LABELS]
                                     for r in json.loads(out)])
                self.assertLessEqual(np.abs(probs("int8") - probs("fp32")).max(), 0.05)


class Calibrate(unittest.TestCase):
    """`dxlens calibrate` on its own: patch models and bad inputs."""

    @classmethod
    def setUpClass(cls):
        cls.work = os.path.join(ARGS.work, "calibrate")
        cls.images = os.path.join(cls.work, "images")
        write_images(cls.images, 3, seed=7, size=(200, 150))
        cls.patch_model = os.path.join(cls.work, "patch_model")
        make_model(cls.patch_model, patch=True)

    def calibrate(self, *extra, images=None, onnx_path=None):
        return run(ARGS.dxlens, "calibrate", "--model", self.patch_model,
                   "--onnx", onnx_path or os.path.join(self.patch_model, "model.fp32.onnx"),
                   "--images", images or self.images, "--out", os.path.join(self.work, "stats.json"), *extra,
                   check=False)

    def test_patch_models_calibrate_on_their_patches(self):
        result = self.calibrate("--bins", "64", "--limit", "2")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(self.work, "stats.json")) as f:
            stats = json.load(f)
        self.assertEqual(stats["images"], 2)
        self.assertGreater(stats["samples"], 2)  # several 64-px patches per 200x150 image
        features = stats["tensors"]["features"]
        self.assertEqual(len(features["histogram"]), 64)
        self.assertGreaterEqual(features["min"], 0.0)
        self.assertEqual(sum(features["histogram"]), features["count"])

    def test_missing_image_folder(self):
        result = self.calibrate(images=os.path.join(self.work, "nowhere"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("does not exist", result.stderr)

    def test_folder_without_images(self):
        empty = os.path.join(self.work, "empty")
        os.makedirs(empty, exist_ok=True)
        result = self.calibrate(images=empty)
        self.assertEqual(result.returncode, 1)
        self.assertIn("holds no", result.stderr)

    def test_missing_model_file(self):
        result = self.calibrate(onnx_path=os.path.join(self.work, "missing.onnx"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("missing.onnx", result.stderr)

    def test_usage_errors(self):
        self.assertEqual(self.calibrate("--bins", "3").returncode, 2)
        no_out = run(ARGS.dxlens, "calibrate", "--model", self.patch_model, "--onnx", "x.onnx", "--images", "y",
                     check=False)
        self.assertEqual(no_out.returncode, 2)
        self.assertIn("--out", no_out.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--work", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.dxlens = os.path.abspath(ARGS.dxlens)
    ARGS.work = os.path.abspath(ARGS.work)
    os.makedirs(ARGS.work, exist_ok=True)
    unittest.main(argv=[sys.argv[0]] + rest)
