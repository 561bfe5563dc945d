"""Valid images for the volume test, one encoder per kind, all generated.

Each maker takes a random.Random and returns (bytes, extension). Sizes and
content vary with the random state, so a run covers many code paths of the
decoders (modes, bit depths, progressive scans, EXIF rotation) and of the
resizer (tiny, thin, large). No dataset image is used.
"""
import io
import struct
import zlib

import numpy as np
from PIL import Image


def _size(rng, small=16, large=384):
    # Mostly modest sizes (fast), now and then a thin strip or a larger image.
    roll = rng.random()
    if roll < 0.05:
        return rng.randint(1, 4), rng.randint(1, 4)          # a few pixels
    if roll < 0.10:
        return rng.randint(400, 1200), rng.randint(2, 12)    # a thin strip
    if roll < 0.12:
        return rng.randint(640, 1024), rng.randint(480, 768)
    return rng.randint(small, large), rng.randint(small, large)


def _pixels(rng, width, height, channels, dtype=np.uint8):
    """Gradients, blocks and a little noise: structure for every codec to encode."""
    top = 65535 if dtype == np.uint16 else 255
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    phase = rng.random() * 6.28
    planes = []
    for c in range(channels):
        f = 0.02 + 0.05 * rng.random()
        planes.append(0.5 + 0.35 * np.sin(x * f + phase + c) * np.cos(y * f * 0.7 + c))
    img = np.stack(planes, axis=-1)
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0, 0.04, img.shape)
    return (np.clip(img + noise, 0, 1) * top).astype(dtype)


def _encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png16(width, height, pixels):
    """16-bit RGB/RGBA PNG, written by hand: Pillow cannot save those."""
    channels = pixels.shape[2]
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = pixels.astype(">u2").reshape(height, width * channels).tobytes()
    stride = width * channels * 2
    raw = b"".join(b"\x00" + rows[r * stride:(r + 1) * stride] for r in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(raw, 6))
            + _png_chunk(b"IEND", b""))


def png_rgb(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 3)), "PNG"), "png"


def png_grey(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 1)[..., 0]), "PNG"), "png"


def png_rgba(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 4)), "PNG"), "png"


def png_palette(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 3)).quantize(rng.choice([2, 16, 256])), "PNG"), "png"


def png_16bit(rng):
    w, h = _size(rng, large=256)
    return png16(w, h, _pixels(rng, w, h, rng.choice([1, 3, 4]), np.uint16)), "png"


def jpeg_baseline(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 3)), "JPEG", quality=rng.randint(30, 95)), "jpg"


def jpeg_grey(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 1)[..., 0]), "JPEG", quality=85), "jpg"


def jpeg_progressive(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 3)), "JPEG", quality=80, progressive=True), "jpg"


def jpeg_exif_rotated(rng):
    w, h = _size(rng)
    exif = Image.Exif()
    exif[0x0112] = rng.randint(1, 8)  # Orientation: every value, the decoder rotates/flips
    return _encode(Image.fromarray(_pixels(rng, w, h, 3)), "JPEG", quality=85, exif=exif.tobytes()), "jpg"


def bmp_rgb(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 3)), "BMP"), "bmp"


def bmp_palette(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 1)[..., 0]), "BMP"), "bmp"


def bmp_rgba(rng):
    w, h = _size(rng)
    return _encode(Image.fromarray(_pixels(rng, w, h, 4)), "BMP"), "bmp"


MAKERS = {
    "png_rgb": png_rgb, "png_grey": png_grey, "png_rgba": png_rgba, "png_palette": png_palette,
    "png_16bit": png_16bit, "jpeg_baseline": jpeg_baseline, "jpeg_grey": jpeg_grey,
    "jpeg_progressive": jpeg_progressive, "jpeg_exif_rotated": jpeg_exif_rotated,
    "bmp_rgb": bmp_rgb, "bmp_palette": bmp_palette, "bmp_rgba": bmp_rgba,
}
