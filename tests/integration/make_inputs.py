#!/usr/bin/python3
"""Generates everything the CLI integration tests feed to `dxlens`, into WORK:

    make_inputs.py --work DIR --tools TOOLS_DIR

  models/tiny, models/patch    tools/make_test_model.py output (whole-image, patch)
  models/<broken>              copies of models/tiny with one thing wrong each
  images/*.png|jpg|bmp         good synthetic images (tools/make_demo_image.py)
  images/bad/*                 truncated, corrupt, empty, oversized, unsupported
  datasets/*                   class-folder test sets for `dxlens eval`

All synthetic; never reads real data.
"""
import argparse
import copy
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

from PIL import Image

PYTHON = "/usr/bin/python3"


def run_tool(tools, script, *args):
    subprocess.run([PYTHON, os.path.join(tools, script), *args], check=True, stdout=subprocess.DEVNULL)


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def bomb_png(width, height):
    """A valid PNG header claiming width x height, followed by a tiny IDAT:
    a decoder that allocates before checking would ask for gigabytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def corrupt_zlib_header(png):
    """Breaks the zlib stream header inside the first IDAT (its check bits no
    longer divide by 31), so no decoder can mistake the pixels for valid data."""
    at = png.index(b"IDAT") + 4
    return png[:at] + b"\x78\x00" + png[at + 2:]


def write_images(work, tools):
    images = os.path.join(work, "images")
    bad = os.path.join(images, "bad")
    os.makedirs(bad, exist_ok=True)
    run_tool(tools, "make_demo_image.py", "--out", os.path.join(images, "demo.png"), "--size", "320x240")
    run_tool(tools, "make_demo_image.py", "--out", os.path.join(images, "demo.jpg"), "--size", "200x300", "--seed", "3")
    run_tool(tools, "make_demo_image.py", "--out", os.path.join(images, "demo.bmp"), "--size", "96x96", "--seed", "5")

    demo = Image.open(os.path.join(images, "demo.png")).convert("RGB")
    png = encoded(demo, "PNG")
    jpeg = encoded(demo, "JPEG", quality=90)
    bad_files = {
        "truncated.png": png[: len(png) // 2],
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "corrupt.png": corrupt_zlib_header(png),
        "garbage.png": bytes((i * 37 + 11) % 256 for i in range(4096)),
        "empty.png": b"",
        "bomb.png": bomb_png(60000, 60000),
        "image.gif": encoded(demo.convert("P"), "GIF"),
        "image.tiff": encoded(demo, "TIFF"),
    }
    for name, data in bad_files.items():
        with open(os.path.join(bad, name), "wb") as f:
            f.write(data)


def broken_model(models, name, edit=None, raw=None):
    """A copy of models/tiny whose manifest is changed by `edit` (or replaced by `raw` text)."""
    source = os.path.join(models, "tiny")
    target = os.path.join(models, name)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    path = os.path.join(target, "manifest.json")
    if raw is not None:
        text = raw
    else:
        with open(path) as f:
            manifest = json.load(f)
        edited = copy.deepcopy(manifest)
        edit(edited)
        text = json.dumps(edited, indent=2)
    with open(path, "w") as f:
        f.write(text)


def write_models(work, tools):
    models = os.path.join(work, "models")
    os.makedirs(models, exist_ok=True)
    run_tool(tools, "make_test_model.py", "--out", os.path.join(models, "tiny"))
    run_tool(tools, "make_test_model.py", "--out", os.path.join(models, "patch"), "--patch")

    def missing_field(m):
        del m["input"]["name"]

    def wrong_type(m):
        m["input"]["shape"] = "1x3x64x64"

    def sha_mismatch(m):
        m["files"]["fp32"]["sha256"] = "0" * 64

    def input_mismatch(m):
        # The manifest promises 224x224 input; the model takes 64x64.
        m["input"]["shape"] = [-1, 3, 224, 224]
        m["preprocess"]["resize_size"] = 256

    def no_logits_output(m):
        m["outputs"]["logits"] = "scores"

    broken_model(models, "missing_field", missing_field)
    broken_model(models, "wrong_type", wrong_type)
    broken_model(models, "sha_mismatch", sha_mismatch)
    broken_model(models, "input_mismatch", input_mismatch)
    broken_model(models, "no_logits_output", no_logits_output)
    broken_model(models, "invalid_json", raw='{\n  "name": "tiny_cnn",\n  "version": \n}\n')


def write_datasets(work, tools):
    """Class folders named after the tiny model's labels: `full` has every
    class plus one truncated image, a hidden file and a top-level note (both
    ignored); `partial` lacks a label's folder; `unknown_folder` has a folder
    that is no label; `empty` has label folders without images."""
    sys.path.insert(0, tools)
    from make_demo_image import demo_image

    root = os.path.join(work, "datasets")
    shutil.rmtree(root, ignore_errors=True)
    layout = {
        "full": {"healthy": 4, "leaf_rust": 3, "powdery_mildew": 3},
        "partial": {"healthy": 2, "leaf_rust": 2},
        "unknown_folder": {"healthy": 1, "rust": 1},
        "empty": {"healthy": 0, "leaf_rust": 0},
    }
    seed = 100
    for dataset, classes in layout.items():
        for label, count in classes.items():
            folder = os.path.join(root, dataset, label)
            os.makedirs(folder)
            for i in range(count):
                seed += 1
                fmt = "png" if i % 2 else "jpg"
                demo_image(96 + 8 * i, 80, seed).save(os.path.join(folder, f"img_{i}.{fmt}"))
    full = os.path.join(root, "full")
    png = encoded(demo_image(64, 64, 1), "PNG")
    # "zz_": sorts last, so --limit-per-class 1 never picks it.
    with open(os.path.join(full, "leaf_rust", "zz_truncated.png"), "wb") as f:
        f.write(png[: len(png) // 2])
    with open(os.path.join(full, "healthy", ".DS_Store"), "wb") as f:
        f.write(b"\0\1\2")
    with open(os.path.join(full, "README.txt"), "w") as f:
        f.write("synthetic images for dxlens eval tests\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", required=True)
    parser.add_argument("--tools", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    write_models(args.work, args.tools)
    write_images(args.work, args.tools)
    write_datasets(args.work, args.tools)
    return 0


if __name__ == "__main__":
    sys.exit(main())
