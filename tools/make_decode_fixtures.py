#!/usr/bin/python3
"""Writes the synthetic images used by tests/unit/test_decode.cpp and test_exif.cpp.

Run with the Debian python (it has Pillow):  /usr/bin/python3 tools/make_decode_fixtures.py
Output: tests/fixtures/decode/. Deterministic: every pixel comes from the formulas
below, which the C++ tests restate independently, so a decoder bug cannot hide
behind a fixture that was produced by the same code that reads it.
"""
import io
import os
import struct
import zlib

from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "decode")

# Lossless fixtures: 16 x 12 so that width != height catches transposed reads.
W, H = 16, 12


def value8(x, y, c):
    """The 8-bit sample of channel c at (x, y); distinct per channel and position."""
    return (x * 16 + y * 5 + c * 60) % 256


def value16(x, y, c):
    """The 16-bit sample: mostly not multiples of 257 (so an 8-bit round trip would
    show), with 0 at the top-left and 65535 at the bottom-right."""
    if (x, y) == (0, 0):
        return 0
    if (x, y) == (W - 1, H - 1):
        return 65535
    return (x * 4099 + y * 1031 + c * 17389 + 1) % 65536


def pattern(mode, channels):
    img = Image.new(mode, (W, H))
    for y in range(H):
        for x in range(W):
            px = tuple(value8(x, y, c) for c in range(channels))
            img.putpixel((x, y), px[0] if channels == 1 else px)
    return img


def save(img, name, **kwargs):
    img.save(os.path.join(OUT, name), **kwargs)


def png_chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def write_png16(name, channels):
    """Pillow cannot write 16-bit colour PNGs, so the chunks are built here."""
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = b""
    for y in range(H):
        rows += b"\x00"  # filter type None
        for x in range(W):
            for c in range(channels):
                rows += struct.pack(">H", value16(x, y, c))
    ihdr = struct.pack(">IIBBBBB", W, H, 16, colour_type, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(rows, 9))
            + png_chunk(b"IEND", b""))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def write_lossless():
    save(pattern("L", 1), "grey8.png")
    save(pattern("LA", 2), "grey_alpha8.png")
    save(pattern("RGB", 3), "rgb8.png")
    save(pattern("RGBA", 4), "rgba8.png")
    save(pattern("RGB", 3), "rgb8.bmp")
    save(pattern("RGBA", 4), "rgba8.bmp")

    # 1-bit grey: a checkerboard; the decoder scales 0/1 to 0/255.
    checker = Image.new("1", (W, H))
    for y in range(H):
        for x in range(W):
            checker.putpixel((x, y), (x + y) % 2)
    save(checker, "grey1.png")

    # Palette: index (x + y) % 8 into 8 colours; the second copy marks index 0 transparent.
    pal = Image.new("P", (W, H))
    palette = []
    for i in range(8):
        palette += [i * 30, 255 - i * 30, (i * 70) % 256]
    pal.putpalette(palette + [0] * (768 - len(palette)))
    for y in range(H):
        for x in range(W):
            pal.putpixel((x, y), (x + y) % 8)
    save(pal, "palette.png")
    save(pal, "palette_trns.png", transparency=0)

    # RGB with a tRNS colour key: decoders add an alpha channel (0 where the key matches).
    keyed = pattern("RGB", 3)
    save(keyed, "rgb8_colour_key.png", transparency=(value8(3, 2, 0), value8(3, 2, 1), value8(3, 2, 2)))

    grey16 = Image.new("I;16", (W, H))
    for y in range(H):
        for x in range(W):
            grey16.putpixel((x, y), value16(x, y, 0))
    save(grey16, "grey16.png")
    write_png16("rgb16.png", 3)
    write_png16("rgba16.png", 4)


# JPEG fixtures: flat 8x8 blocks of distinct colours (block-aligned, 4:4:4) so the
# lossy codec changes the centre of each block by only a few levels.
JW, JH = 32, 16
BLOCK_COLOURS = [
    (230, 30, 30), (30, 200, 40), (40, 60, 220), (240, 220, 40),
    (200, 40, 200), (40, 210, 210), (250, 250, 250), (20, 20, 20),
]


def block_image(width=JW, height=JH):
    img = Image.new("RGB", (width, height))
    for y in range(height):
        for x in range(width):
            img.putpixel((x, y), BLOCK_COLOURS[(y // 8) * (width // 8) + (x // 8)])
    return img


def grey_block_image():
    img = Image.new("L", (JW, JH))
    for y in range(JH):
        for x in range(JW):
            img.putpixel((x, y), 20 + 30 * ((y // 8) * 4 + (x // 8)))
    return img


# The transform that turns an upright image into one stored with EXIF orientation
# o, i.e. the inverse of what a viewer applies (Pillow's ImageOps.exif_transpose).
STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,   # the viewer rotates 90 degrees clockwise
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,  # the viewer rotates 90 degrees counter-clockwise
}


def write_jpegs():
    upright = block_image()
    save(upright, "baseline.jpg", quality=95, subsampling=0)
    save(upright, "progressive.jpg", quality=95, subsampling=0, progressive=True)
    save(grey_block_image(), "grey.jpg", quality=95)

    for orientation, transpose in STORE_FOR_ORIENTATION.items():
        stored = upright if transpose is None else upright.transpose(transpose)
        exif = Image.Exif()
        exif[0x0112] = orientation
        name = "exif_orientation_%d.jpg" % orientation
        save(stored, name, quality=95, subsampling=0, exif=exif.tobytes())
        # Self-check against Pillow's own reading of the tag.
        back = ImageOps.exif_transpose(Image.open(os.path.join(OUT, name)))
        assert back.size == upright.size, (orientation, back.size)
        for i, colour in enumerate(BLOCK_COLOURS):
            got = back.getpixel((8 * (i % 4) + 4, 8 * (i // 4) + 4))
            assert max(abs(a - b) for a, b in zip(got, colour)) < 12, (orientation, i, got, colour)


def write_unsupported():
    small = block_image(16, 8)
    save(small.convert("P"), "unsupported.gif")
    save(small, "unsupported.tif")


def main():
    os.makedirs(OUT, exist_ok=True)
    write_lossless()
    write_jpegs()
    write_unsupported()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("wrote %d files, %d bytes, to %s" % (len(os.listdir(OUT)), total, os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
