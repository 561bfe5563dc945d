#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets, tests/fuzz/corpus/<target>/.

Every seed is generated here (Pillow, numpy, fixed random seeds) or is one of
the project's own synthetic decode fixtures (tests/fixtures/decode); no dataset
image is used. Small on purpose: libFuzzer mutates fastest from small inputs.
Deterministic: running it again rewrites the same files.

    /usr/bin/python3 tools/fuzz/make_corpora.py
"""
import hashlib
import io
import json
import random
import shutil
import struct
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "decode"


def write(target, data, name=None):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    name = name or hashlib.sha1(data).hexdigest()[:16]
    (folder / name).write_bytes(data)


def test_pattern(width, height, mode):
    """Blocks and gradients: something for every JPEG coefficient to encode."""
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([(x * 255 // max(1, width - 1)), (y * 255 // max(1, height - 1)),
                    ((x // 4 + y // 4) % 2) * 200 + 30], axis=-1).astype(np.uint8)
    image = Image.fromarray(rgb, "RGB")
    return image.convert(mode) if mode != "RGB" else image


def encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def exif_jpeg(orientation):
    """A JPEG with an APP1 Exif block holding one orientation entry (big-endian TIFF)."""
    tiff = b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    return encoded(test_pattern(13, 7, "RGB"), "JPEG", quality=60, exif=b"Exif\x00\x00" + tiff)


def decode_seeds():
    for path in sorted(FIXTURES.iterdir()):
        write("decode", path.read_bytes(), "fixture_" + path.name)
    # JPEG: baseline and progressive, 4:4:4 / 4:2:2 / 4:2:0, grey, CMYK,
    # optimised Huffman tables, restart intervals, odd sizes.
    for mode, size in (("RGB", (17, 9)), ("L", (9, 17)), ("CMYK", (8, 8))):
        image = test_pattern(*size, mode)
        for progressive in (False, True):
            for subsampling in ((0, 2) if mode == "RGB" else (0,)):
                write("decode", encoded(image, "JPEG", quality=50, progressive=progressive,
                                        optimize=progressive, subsampling=subsampling))
    write("decode", encoded(test_pattern(24, 16, "RGB"), "JPEG", quality=40, subsampling=1,
                            restart_marker_blocks=1))
    write("decode", encoded(test_pattern(24, 16, "RGB"), "JPEG", quality=40, progressive=True,
                            subsampling=1, restart_marker_rows=1))
    for orientation in (3, 6):
        write("decode", exif_jpeg(orientation))
    # PNG: every colour type, low and 16-bit depths, palette with transparency.
    write("decode", encoded(test_pattern(5, 3, "RGBA"), "PNG"))
    write("decode", encoded(test_pattern(7, 5, "LA"), "PNG"))
    write("decode", encoded(test_pattern(9, 3, "1"), "PNG"))
    write("decode", encoded(test_pattern(6, 6, "P"), "PNG", transparency=3))
    grey16 = Image.fromarray((np.arange(20, dtype=np.uint16).reshape(4, 5) * 3000).astype(np.uint16))
    write("decode", encoded(grey16, "PNG"))
    # BMP: 1-, 4-/8-bit palette, 24- and 32-bit, top-down via a negative height.
    write("decode", encoded(test_pattern(9, 5, "1"), "BMP"))
    write("decode", encoded(test_pattern(9, 5, "P"), "BMP"))
    write("decode", encoded(test_pattern(5, 3, "RGB"), "BMP"))
    write("decode", encoded(test_pattern(4, 3, "RGBA"), "BMP"))
    top_down = bytearray(encoded(test_pattern(5, 3, "RGB"), "BMP"))
    top_down[22:26] = struct.pack("<i", -3)
    write("decode", bytes(top_down))


def manifest(**changes):
    m = {
        "name": "seed", "version": "1.0.0", "task": "single_label", "labels": ["a", "b", "c"], "top_k": 2,
        "input": {"name": "input", "shape": [-1, 3, 32, 32], "layout": "NCHW", "dtype": "float32", "color": "rgb"},
        "preprocess": {"resize": "shorter_side_center_crop", "resize_size": 36, "filter": "bilinear",
                       "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
        "outputs": {"logits": "logits", "features": "features", "classifier": "classifier.json"},
        "files": {"fp32": {"path": "model.fp32.onnx", "sha256": "ab" * 32},
                  "int8": {"path": "model.int8.onnx", "sha256": "CD" * 32}},
    }
    for key, value in changes.items():
        if value is None:
            m.pop(key, None)
        else:
            m[key] = value
    return m


def manifest_seeds():
    seeds = [
        manifest(),
        manifest(task="binary", labels=["NORMAL", "PNEUMONIA"], top_k=None,
                 input={"name": "x", "shape": [1, 1, 16, 16], "layout": "NCHW", "dtype": "float32", "color": "grey"},
                 preprocess={"resize": "stretch", "filter": "bicubic", "mean": [0.5], "std": [0.25]}),
        manifest(task="multi_label", labels=["a", "b", "c", "d"],
                 input={"name": "in", "shape": [-1, 24, 24, 3], "layout": "NHWC", "dtype": "uint8", "color": "rgb"},
                 preprocess={"resize": "letterbox", "filter": "bilinear", "letterbox_fill": 0.5},
                 outputs={"logits": "out"}),
        manifest(patch={"size": 16, "stride": 12, "downscale": 2.0, "mask": "saturation", "min_foreground": 0.4,
                        "max_patches": 9, "batch_size": 4, "aggregate": "majority_vote"},
                 outputs={"logits": "logits"}, top_k=3),
        manifest(patch={"size": 8, "stride": 8, "mask": "grey", "aggregate": "max"}, outputs={"logits": "logits"}),
    ]
    for m in seeds:
        write("manifest", json.dumps(m, indent=1))
    # The shipped manifests' shape, compactly; and a few nearly-right ones.
    write("manifest", json.dumps(manifest(top_k=1e300)))
    write("manifest", json.dumps(manifest(), separators=(",", ":")).replace('"top_k":2', '"top_k":2.0'))
    write("manifest", "{}")
    write("manifest", "[]")


def model_seeds():
    rnd = random.Random(13)
    for selector, rows, channels, bias in ((0, 1, 4, True), (0, 2, 3, False), (1, 3, 4, True),
                                           (2, 5, 2, True), (3, 2, 2, False)):
        weight = [[round(rnd.uniform(-2, 2), 3) for _ in range(channels)] for _ in range(rows)]
        doc = {"weight": weight}
        if bias:
            doc["bias"] = [round(rnd.uniform(-1, 1), 3) for _ in range(rows)]
        write("model", bytes([selector]) + json.dumps(doc).encode())
    write("model", b"\x01" + b'{"weight": [[1e39, 0], [0, 1], [1, 1]], "bias": [0, 0, 1e-50]}')


def random_seeds(target, count, length, seed):
    rnd = random.Random(seed)
    for _ in range(count):
        write(target, bytes(rnd.randrange(256) for _ in range(rnd.randrange(length // 2, length))))


def main():
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    decode_seeds()
    manifest_seeds()
    model_seeds()
    # The FuzzedDataProvider targets: random bytes are as good a start as any.
    random_seeds("patch", 12, 200, 1)
    random_seeds("postprocess", 12, 400, 2)
    # DICOM: small files written with pydicom (make_dicom_corpus.py).
    from make_dicom_corpus import dicom_seeds
    dicom_seeds(CORPUS / "dicom")
    for folder in sorted(CORPUS.iterdir()):
        files = list(folder.iterdir())
        print(f"{folder.relative_to(ROOT)}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    main()
