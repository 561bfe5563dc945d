"""The model folder side: reading the manifest, candidate folders for
evaluation, and writing the chosen INT8 model back with its hash."""
import hashlib
import json
import os
import shutil

INT8_FILE = "model.int8.onnx"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(model_dir):
    path = os.path.join(model_dir, "manifest.json")
    if not os.path.isfile(path):
        raise SystemExit(f"no manifest.json in '{model_dir}' (see tools/quantize/README.md)")
    with open(path) as f:
        return json.load(f)  # dicts keep key order, so rewriting preserves the layout


def fp32_path(model_dir, manifest):
    try:
        path = os.path.join(model_dir, manifest["files"]["fp32"]["path"])
    except KeyError:
        raise SystemExit(f"{model_dir}/manifest.json has no files.fp32.path: the FP32 model to quantize")
    if not os.path.isfile(path):
        raise SystemExit(f"FP32 model '{path}' (files.fp32 in the manifest) does not exist")
    return path


def write_manifest(path, manifest):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def with_int8(manifest, int8_path):
    updated = json.loads(json.dumps(manifest))
    updated["files"]["int8"] = {"path": os.path.basename(int8_path), "sha256": sha256_of(int8_path)}
    return updated


def make_candidate_dir(model_dir, manifest, candidate_onnx, out_dir):
    """A model folder for one candidate: its INT8 file, a manifest listing it,
    and links to everything else (FP32 model, classifier) in the real folder."""
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(model_dir):
        if name in ("manifest.json", INT8_FILE):
            continue
        link = os.path.join(out_dir, name)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.abspath(os.path.join(model_dir, name)), link)
    target = os.path.join(out_dir, INT8_FILE)
    if os.path.abspath(candidate_onnx) != os.path.abspath(target):
        shutil.copyfile(candidate_onnx, target)
    write_manifest(os.path.join(out_dir, "manifest.json"), with_int8(manifest, target))
    return out_dir


def install(model_dir, manifest, candidate_onnx):
    """Copies the chosen model to <model_dir>/model.int8.onnx and records it in
    the manifest's files.int8, leaving every other field as it was."""
    target = os.path.join(model_dir, INT8_FILE)
    shutil.copyfile(candidate_onnx, target)
    write_manifest(os.path.join(model_dir, "manifest.json"), with_int8(manifest, target))
    return target
