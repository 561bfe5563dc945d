#!/usr/bin/env python3
"""Synthetic benchmark images, so no dataset file is ever needed or committed.

usage: make_images.py OUT_DIR   (writes xray_1024.jpg, photo_224.jpg, tissue_4096.jpg)

- xray_1024.jpg: 1024x1024 greyscale JPEG with a chest-radiograph-like layout
  (dark lung fields, bright spine and ribs), the size a phone photo of a film is
  scaled to; what the chest_xray target is quoted for.
- photo_224.jpg: 224x224 RGB JPEG (leaf-like colours), the small-image case.
- tissue_4096.jpg: 4096x4096 RGB JPEG of H&E-like tissue: pink stroma with
  purple nuclei over white glass, about half the area tissue, so the
  saturation mask has something to reject.
Deterministic (fixed seeds): re-running gives byte-identical files.
"""
import os
import sys

import numpy as np
from PIL import Image


def smooth_noise(rng, size, cells):
    """Low-frequency noise in [0, 1]: random cells upsampled bicubically."""
    small = Image.fromarray((rng.random((cells, cells)) * 255).astype(np.uint8))
    return np.asarray(small.resize((size, size), Image.BICUBIC), dtype=np.float32) / 255.0


def xray(rng, size=1024):
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    body = np.exp(-(((x - 0.5) / 0.42) ** 8 + ((y - 0.55) / 0.5) ** 8))
    lungs = sum(np.exp(-(((x - cx) / 0.15) ** 2 + ((y - 0.5) / 0.28) ** 2)) for cx in (0.32, 0.68))
    spine = np.exp(-((x - 0.5) / 0.04) ** 2)
    ribs = 0.5 + 0.5 * np.sin(y * 60.0 + 6.0 * np.abs(x - 0.5))
    img = 40 + 170 * body - 90 * lungs * (0.8 + 0.2 * ribs) + 60 * spine
    img += 25 * smooth_noise(rng, size, 64) + rng.normal(0, 4, (size, size))
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "L")


def photo(rng, size=224):
    leaf = smooth_noise(rng, size, 8)
    veins = smooth_noise(rng, size, 28)
    rgb = np.stack([40 + 80 * veins, 90 + 120 * leaf, 30 + 40 * veins], axis=-1)
    rgb += rng.normal(0, 6, rgb.shape)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def tissue(rng, size=4096):
    # Tissue where low-frequency noise is high: blobs covering about half the slide.
    tissue_mask = smooth_noise(rng, size, 12) > 0.5
    stroma = smooth_noise(rng, size, 256)
    nuclei = smooth_noise(rng, size, 900) > 0.72
    rgb = np.empty((size, size, 3), dtype=np.float32)
    rgb[...] = (238, 236, 240)  # glass
    pink = np.stack([215 + 25 * stroma, 120 + 50 * stroma, 185 + 30 * stroma], axis=-1)
    rgb[tissue_mask] = pink[tissue_mask]
    rgb[tissue_mask & nuclei] = (95, 55, 150)
    rgb += rng.normal(0, 5, (size, size, 1))
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(2024)
    for name, make in (("xray_1024.jpg", xray), ("photo_224.jpg", photo), ("tissue_4096.jpg", tissue)):
        path = os.path.join(out, name)
        make(rng).save(path, quality=90)
        print(f"{path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
