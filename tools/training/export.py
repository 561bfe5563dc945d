"""Export a trained CompactCNN to the files the dxlens core and web app load:
FP32 ONNX (opset 13, dynamic batch, outputs `logits` and `features`), the
classifier weights for CAM, and the manifest."""
import hashlib
import json
from pathlib import Path

import torch

from .model import ExportWrapper


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_onnx(model, cfg, path: Path) -> None:
    model.eval()
    dummy = torch.zeros(1, cfg.channels, cfg.input_size, cfg.input_size)
    # The wrapper must be in eval mode too: torch.onnx.export restores the mode the
    # module it is given had, recursively, and a fresh wrapper is in training mode,
    # which would hand the model back with dropout and batch statistics switched on.
    torch.onnx.export(ExportWrapper(model).eval(), dummy, str(path), opset_version=13,
                      input_names=["input"], output_names=["logits", "features"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}},
                      do_constant_folding=True)


def build_manifest(cfg, classes, files: dict) -> dict:
    manifest = {
        "name": cfg.name,
        "version": cfg.version,
        "title": cfg.title,
        **({"role": cfg.role} if cfg.role else {}),
        "task": "binary" if len(classes) == 2 else "single_label",
        "labels": classes,
        **({"display_labels": cfg.display_labels} if cfg.display_labels else {}),
        "top_k": min(cfg.top_k, len(classes)),
        "input": {"name": "input", "shape": [-1, cfg.channels, cfg.input_size, cfg.input_size],
                  "layout": "NCHW", "dtype": "float32", "color": cfg.color},
        "preprocess": {"resize": "shorter_side_center_crop", "resize_size": cfg.resize_size,
                       "filter": cfg.filter, "mean": cfg.mean[: cfg.channels], "std": cfg.std[: cfg.channels]},
        "outputs": {"logits": "logits", "features": "features", "classifier": "classifier.json"},
        "files": files,
    }
    if cfg.upload_hint:
        manifest["upload_hint"] = cfg.upload_hint
    if cfg.patch:
        manifest["patch"] = cfg.patch
    return manifest


def write_manifest(out_dir: Path, manifest: dict) -> None:
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def export_model(model, cfg, classes, out_dir: Path) -> None:
    onnx_path = out_dir / "model.fp32.onnx"
    export_onnx(model, cfg, onnx_path)
    linear = model.classifier
    (out_dir / "classifier.json").write_text(json.dumps({
        "weight": [[round(float(v), 7) for v in row] for row in linear.weight.detach()],
        "bias": [round(float(v), 7) for v in linear.bias.detach()],
    }) + "\n")
    files = {"fp32": {"path": onnx_path.name, "sha256": sha256_file(onnx_path)}}
    write_manifest(out_dir, build_manifest(cfg, classes, files))
