#!/usr/bin/python3
"""Writes a tiny, untrained but seeded CNN as a dxlens model folder, for tests.

    /usr/bin/python3 tools/make_test_model.py --out DIR [--patch | --binary]

DIR receives model.fp32.onnx (opset 13, dynamic batch, outputs `logits` and
`features` = the last conv feature map), classifier.json (the final linear
layer, for CAM) and manifest.json (with the model's sha256). With --patch the
manifest describes a patch model (64-pixel patches, mean aggregation) instead of
a whole-image one. With --binary it is a one-logit binary classifier (task
"binary", two labels, logits [batch, 1]; the core turns the logit into two
probabilities with a sigmoid and makes its CAM from the one classifier row).
The same seed always gives the same weights.

Needs Debian's python3 (torch, onnx); the pyenv python3 on PATH lacks them.
"""
import argparse
import hashlib
import json
import os

import torch
from torch import nn

INPUT_SIZE = 64
LABELS = ["healthy", "leaf_rust", "powdery_mildew"]
BINARY_LABELS = ["normal", "abnormal"]
SEED = 1234


class TinyNet(nn.Module):
    """conv+BN+ReLU x3 (64 -> 8 px), global average pooling, linear: the shape CAM needs."""

    def __init__(self, classes):
        super().__init__()

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

        self.features = nn.Sequential(*block(3, 8), *block(8, 16), *block(16, 16))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(16, classes)

    def forward(self, x):
        features = self.features(x)
        logits = self.classifier(torch.flatten(self.pool(features), 1))
        return logits, features


def build_model(logits):
    torch.manual_seed(SEED)
    model = TinyNet(logits)
    # Untrained BN layers are identities; random running statistics make the
    # exported graph exercise real normalisation (and give less uniform outputs).
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
    return model.eval()


def export_onnx(model, path):
    dummy = torch.rand(1, 3, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(
        model, dummy, path, opset_version=13, do_constant_folding=True,
        input_names=["input"], output_names=["logits", "features"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}})


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def manifest(model_sha, patch, binary=False):
    m = {
        "name": "tiny_patch" if patch else "tiny_binary" if binary else "tiny_cnn",
        "version": "0.0.1",
        "task": "binary" if binary else "single_label",
        "labels": BINARY_LABELS if binary else LABELS,
        "top_k": 2 if binary else 3,
        "input": {"name": "input", "shape": [-1, 3, INPUT_SIZE, INPUT_SIZE], "layout": "NCHW",
                  "dtype": "float32", "color": "rgb"},
        "preprocess": {"resize": "shorter_side_center_crop", "resize_size": 72, "filter": "bilinear",
                       "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
        "outputs": {"logits": "logits", "features": "features", "classifier": "classifier.json"},
        "files": {"fp32": {"path": "model.fp32.onnx", "sha256": model_sha}},
    }
    if patch:
        # mask "none": synthetic test images have no tissue for Otsu to find.
        m["patch"] = {"size": INPUT_SIZE, "stride": INPUT_SIZE, "downscale": 1.0, "mask": "none",
                      "min_foreground": 0.0, "max_patches": 16, "batch_size": 4, "aggregate": "mean"}
        m["outputs"] = {"logits": "logits"}
    return m


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="model folder to write")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--patch", action="store_true", help="write a patch-model manifest")
    kind.add_argument("--binary", action="store_true", help="a one-logit binary classifier")
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    model = build_model(1 if args.binary else len(LABELS))
    model_path = os.path.join(args.out, "model.fp32.onnx")
    export_onnx(model, model_path)

    classifier = {"weight": model.classifier.weight.detach().tolist(),
                  "bias": model.classifier.bias.detach().tolist()}
    with open(os.path.join(args.out, "classifier.json"), "w") as f:
        json.dump(classifier, f)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest(sha256_of(model_path), args.patch, args.binary), f, indent=2)
        f.write("\n")
    print(args.out)


if __name__ == "__main__":
    main()
