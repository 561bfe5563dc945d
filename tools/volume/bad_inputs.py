"""Bad inputs for the volume test, one maker per kind.

Each maker takes a random.Random and a valid encoded image (bytes, ext) to
damage, and returns (bytes, extension). What the CLI must do with each kind is
in EXPECT: "error" (refused with a one-line message) or "any" (a damaged file
can still be a decodable image: a flipped bit in pixel data changes a pixel,
not the structure; then a result is as right as an error, a crash never is).
"""
import io
import struct
import zlib

import numpy as np
from PIL import Image


def truncated(rng, valid):
    data, ext = valid
    return data[:rng.randint(1, len(data) - 1)], ext


def bitflip(rng, valid):
    data, ext = bytearray(valid[0]), valid[1]
    for _ in range(rng.randint(1, 16)):
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data), ext


def overwritten(rng, valid):
    """A run of random bytes somewhere in the file (a bad sector, a bad copy)."""
    data, ext = bytearray(valid[0]), valid[1]
    at = rng.randrange(len(data))
    span = min(len(data) - at, rng.randint(1, 256))
    data[at:at + span] = rng.randbytes(span)
    return bytes(data), ext


def empty(rng, valid):
    return b"", rng.choice(["png", "jpg", "bmp"])


def _png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def _small(fmt):
    buffer = io.BytesIO()
    Image.fromarray(np.full((8, 8, 3), 128, np.uint8)).save(buffer, fmt)
    return buffer.getvalue()


def _huge_dims(rng):
    # Every one over the core's 100-megapixel limit, some at the formats' maxima.
    return rng.choice([(60000, 60000), (65535, 65535), (20000, 6000), (100000, 1001), (12000, 12000)])


def huge_png(rng, valid):
    """A valid PNG header claiming a huge image, then a tiny IDAT (a decompression bomb)."""
    w, h = _huge_dims(rng)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, rng.choice([0, 2, 6]), 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _png_chunk(b"IEND", b"")), "png"


def huge_jpeg(rng, valid):
    """A small baseline JPEG whose SOF0 says 60000x60000 (JPEG sizes are 16-bit)."""
    w, h = rng.choice([(60000, 60000), (65535, 65535), (65535, 2000)])
    data = bytearray(_small("JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", h, w)
    return bytes(data), "jpg"


def huge_bmp(rng, valid):
    """A small BMP whose header claims a huge image (the pixel data is not there)."""
    w, h = _huge_dims(rng)
    data = bytearray(_small("BMP"))
    data[18:26] = struct.pack("<ii", w, rng.choice([h, -h]))  # negative height: top-down rows
    return bytes(data), "bmp"


def _pillow(fmt, **options):
    def make(rng, valid):
        buffer = io.BytesIO()
        Image.fromarray(np.full((24, 32, 3), rng.randrange(256), np.uint8)).save(buffer, fmt, **options)
        # The extension lies half the time: the core must go by content, not name.
        return buffer.getvalue(), rng.choice([fmt.lower(), "png", "jpg"])
    return make


OTHER_MAGIC = {
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
    "txt": b"patient notes: not an image\n" * 4,
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(40),
    "dcm": bytes(128) + b"DICM" + b"\x02\x00\x00\x00UL\x04\x00" + bytes(60),
    "html": b"<!doctype html><title>x</title><img src=x onerror=alert(1)>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="60000" height="60000"/>',
    "psd": b"8BPS\x00\x01" + bytes(40),
    "ico": b"\x00\x00\x01\x00\x01\x00\x10\x10" + bytes(40),
}


def other_magic(rng, valid):
    ext = rng.choice(sorted(OTHER_MAGIC))
    return OTHER_MAGIC[ext], rng.choice([ext, "png", "jpg"])


def random_bytes(rng, valid):
    return rng.randbytes(rng.choice([1, 2, 7, 64, 1000, 65536])), rng.choice(["png", "jpg", "bmp", "bin"])


def random_after_magic(rng, valid):
    """Right signature, then noise: gets past format sniffing into the header parsers."""
    magic, ext = rng.choice([(b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"BM", "bmp"),
                             (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "png"), (b"\xff\xd8\xff\xe1\x00\x40Exif\0\0", "jpg")])
    return magic + rng.randbytes(rng.choice([0, 5, 100, 4000])), ext


# kind -> (maker, expect)
MAKERS = {
    "truncated": (truncated, "error"),
    "bitflip": (bitflip, "any"),
    "overwritten": (overwritten, "any"),
    "empty": (empty, "error"),
    "huge_png": (huge_png, "error"),
    "huge_jpeg": (huge_jpeg, "error"),
    "huge_bmp": (huge_bmp, "error"),
    "gif": (_pillow("GIF"), "error"),
    "tiff": (_pillow("TIFF"), "error"),
    "webp": (_pillow("WEBP"), "error"),
    "other_format": (other_magic, "error"),
    "random": (random_bytes, "error"),
    "random_after_magic": (random_after_magic, "error"),
}
