#!/usr/bin/python3
"""Generates tests/fixtures/parity/: synthetic images and torchvision reference tensors.

The core's preprocess() must match torchvision's PIL pipeline
    Image -> [convert] -> Resize -> CenterCrop -> ToTensor -> Normalize
to within 2/255 (tests/unit/test_parity.cpp). The images are synthetic (smooth
gradients for interpolation, hard edges for ringing and tap placement, noise so
every pixel differs) and everything is seeded, so reruns give identical files.

Run with the Debian interpreter, which has Pillow, torch and torchvision:
    /usr/bin/python3 tools/make_parity_fixtures.py
"""
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torchvision import transforms
from torchvision.transforms import InterpolationMode

OUT_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "parity"
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def synthetic(width, height, channels, seed):
    """Gradients + a bright disc + a dark bar + a checker patch + mild noise, as uint8 HxWxC."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = x / max(width - 1, 1), y / max(height - 1, 1)
    planes = [
        255 * u,
        255 * v,
        255 * (0.5 + 0.5 * np.sin(2 * np.pi * (1.5 * u + 0.8 * v))),
        255 * (1 - 0.7 * u * v),
    ][:channels]
    img = np.stack(planes, axis=-1)
    disc = (x - 0.35 * width) ** 2 + (y - 0.4 * height) ** 2 < (0.2 * min(width, height)) ** 2
    img[disc, : min(channels, 3)] = 240
    bar = (x > 0.6 * width) & (x < 0.68 * width)
    img[bar, : min(channels, 3)] = 15
    checker = (x > 0.1 * width) & (x < 0.3 * width) & (y > 0.7 * height) & (y < 0.9 * height)
    img[checker & (((x // 2) + (y // 2)) % 2 == 0), : min(channels, 3)] = 255
    img[..., : min(channels, 3)] += rng.normal(0, 6, size=(height, width, min(channels, 3)))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


IMAGES = {
    # name: (width, height, PIL mode, seed)
    "rgb_97x131.png": (97, 131, "RGB", 1),
    "rgb_300x200.png": (300, 200, "RGB", 2),
    "rgb_40x50.png": (40, 50, "RGB", 3),  # upscaling
    "grey_120x90.png": (120, 90, "L", 4),
    "rgba_64x80.png": (64, 80, "RGBA", 5),
}

FILTERS = {"bilinear": InterpolationMode.BILINEAR, "bicubic": InterpolationMode.BICUBIC}

# Each case: image, model colour, filter, policy and sizes, normalisation.
# Sizes are picked so the centre-crop offsets hit Python's round-half-to-even
# ((size - crop) / 2 ending in .5) and the truncation of the long side.
CASES = [
    dict(name="crop_bilinear_odd", image="rgb_97x131.png", color="rgb", filter="bilinear",
         policy="shorter_side_center_crop", resize_size=73, out_width=61, out_height=61,
         mean=IMAGENET_MEAN, std=IMAGENET_STD),
    dict(name="crop_bicubic_rect", image="rgb_97x131.png", color="rgb", filter="bicubic",
         policy="shorter_side_center_crop", resize_size=80, out_width=57, out_height=63,
         mean=IMAGENET_MEAN, std=IMAGENET_STD),
    dict(name="crop_bilinear_landscape", image="rgb_300x200.png", color="rgb", filter="bilinear",
         policy="shorter_side_center_crop", resize_size=129, out_width=99, out_height=99,
         mean=IMAGENET_MEAN, std=IMAGENET_STD),
    dict(name="stretch_bicubic", image="rgb_300x200.png", color="rgb", filter="bicubic",
         policy="stretch", out_width=120, out_height=72, mean=[0, 0, 0], std=[1, 1, 1]),
    dict(name="upscale_crop_bilinear", image="rgb_40x50.png", color="rgb", filter="bilinear",
         policy="shorter_side_center_crop", resize_size=96, out_width=89, out_height=89,
         mean=IMAGENET_MEAN, std=IMAGENET_STD),
    dict(name="upscale_stretch_bicubic", image="rgb_40x50.png", color="rgb", filter="bicubic",
         policy="stretch", out_width=60, out_height=70, mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5]),
    dict(name="crop_padded_both", image="rgb_40x50.png", color="rgb", filter="bilinear",
         policy="shorter_side_center_crop", resize_size=32, out_width=36, out_height=48,
         mean=IMAGENET_MEAN, std=IMAGENET_STD),
    dict(name="grey_model_rgb_image", image="rgb_300x200.png", color="grey", filter="bilinear",
         policy="shorter_side_center_crop", resize_size=101, out_width=96, out_height=96,
         mean=[0.5], std=[0.25]),
    dict(name="rgb_model_grey_image", image="grey_120x90.png", color="rgb", filter="bicubic",
         policy="shorter_side_center_crop", resize_size=64, out_width=64, out_height=64,
         mean=IMAGENET_MEAN, std=IMAGENET_STD),
    dict(name="grey_padded_width", image="grey_120x90.png", color="grey", filter="bicubic",
         policy="shorter_side_center_crop", resize_size=60, out_width=90, out_height=59,
         mean=[0.449], std=[0.226]),
    dict(name="rgba_drops_alpha", image="rgba_64x80.png", color="rgb", filter="bilinear",
         policy="shorter_side_center_crop", resize_size=50, out_width=47, out_height=47,
         mean=IMAGENET_MEAN, std=IMAGENET_STD),
]


def reference(case):
    """The torchvision result for `case`, as a float32 [1, C, H, W] array."""
    image = Image.open(OUT_DIR / case["image"])
    image = image.convert("L" if case["color"] == "grey" else "RGB")
    interpolation = FILTERS[case["filter"]]
    size = (case["out_height"], case["out_width"])
    if case["policy"] == "stretch":
        steps = [transforms.Resize(size, interpolation=interpolation)]
    else:
        steps = [transforms.Resize(case["resize_size"], interpolation=interpolation),
                 transforms.CenterCrop(size)]
    steps += [transforms.ToTensor(), transforms.Normalize(case["mean"], case["std"])]
    tensor = transforms.Compose(steps)(image)
    return tensor.unsqueeze(0).numpy().astype("<f4")


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, (width, height, mode, seed) in IMAGES.items():
        channels = {"L": 1, "RGB": 3, "RGBA": 4}[mode]
        pixels = synthetic(width, height, channels, seed)
        if channels == 1:
            pixels = pixels[..., 0]
        Image.fromarray(pixels, mode).save(OUT_DIR / name, optimize=True)

    listed = []
    for case in CASES:
        tensor = reference(case)
        out = dict(case)
        out["reference"] = case["name"] + ".f32"
        out["shape"] = list(tensor.shape)
        tensor.tofile(OUT_DIR / out["reference"])
        listed.append(out)
    (OUT_DIR / "cases.json").write_text(json.dumps({"cases": listed}, indent=1) + "\n")
    total = sum(p.stat().st_size for p in OUT_DIR.iterdir())
    print(f"{len(listed)} cases, {total} bytes in {OUT_DIR}")


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
