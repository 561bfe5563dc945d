#!/usr/bin/python3
"""Writes a synthetic demo image: a colour gradient with a few shapes.

    /usr/bin/python3 tools/make_demo_image.py --out FILE [--size 320x240] [--seed N]

The format follows FILE's extension (.png, .jpg, .bmp). Deterministic for a
given size and seed, so tests and demos never need real patient or plant photos.
"""
import argparse
import random

from PIL import Image, ImageDraw


def demo_image(width, height, seed):
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    pixels = image.load()
    for y in range(height):
        for x in range(width):
            pixels[x, y] = (int(255 * x / max(1, width - 1)), int(255 * y / max(1, height - 1)),
                            int(128 + 127 * ((x + y) % 64) / 63) if seed % 2 else 160)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(max(4, min(width, height) // 10), max(5, min(width, height) // 4))
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse([x0 - r, y0 - r, x0 + r, y0 + r], fill=colour)
        else:
            draw.rectangle([x0 - r, y0 - r // 2, x0 + r, y0 + r // 2], fill=colour)
    return image


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output file (.png, .jpg, .bmp)")
    parser.add_argument("--size", default="320x240", help="WIDTHxHEIGHT (default 320x240)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    demo_image(width, height, args.seed).save(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
