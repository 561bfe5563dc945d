#!/usr/bin/python3
"""Writes the seed corpus of fuzz_dicom, tests/fuzz/corpus/dicom/.

Every seed is a small DICOM file generated here with pydicom (Debian's
python3-pydicom) from numpy patterns: each transfer syntax dxlens reads
(implicit/explicit VR little endian, explicit big endian, deflated, RLE,
JPEG Baseline), grey 8/12/16-bit signed and unsigned, MONOCHROME1, RGB planar
0/1, YBR_FULL_422, multi-frame, a VOI LUT sequence, and objects that are
refused (no pixel data, DICOMDIR class, JPEG 2000 syntax). No file from
pydicom's own test data is copied. Deterministic. Called by make_corpora.py,
or alone:

    /usr/bin/python3 tools/fuzz/make_dicom_corpus.py
"""
import hashlib
import io
import shutil
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "fuzz" / "corpus" / "dicom"


def dicom_seeds(folder=FOLDER):
    try:
        import pydicom
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.encaps import encapsulate
        from pydicom.sequence import Sequence
        from pydicom.uid import (ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian,
                                 DeflatedExplicitVRLittleEndian, RLELossless, JPEGBaseline8Bit)
    except ImportError:
        print("make_dicom_corpus: pydicom is missing (tools/setup.sh installs python3-pydicom)")
        raise
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    def save(ds, syntax, preamble=True):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = ds.get("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7")
        meta.MediaStorageSOPInstanceUID = "1.2.3.4"
        meta.TransferSyntaxUID = syntax
        ds.file_meta = meta
        ds.is_little_endian = syntax != ExplicitVRBigEndian
        ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
        out = io.BytesIO()
        ds.save_as(out, write_like_original=not preamble)
        data = out.getvalue()
        (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)

    def image(rows, cols, bits=8, stored=None, signed=False, photometric="MONOCHROME2", samples=1, frames=1):
        ds = Dataset()
        ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
        ds.Modality = "OT"
        ds.Rows, ds.Columns = rows, cols
        ds.SamplesPerPixel = samples
        ds.PhotometricInterpretation = photometric
        ds.BitsAllocated = bits
        ds.BitsStored = stored or bits
        ds.HighBit = ds.BitsStored - 1
        ds.PixelRepresentation = int(signed)
        if samples == 3:
            ds.PlanarConfiguration = 0
        if frames > 1:
            ds.NumberOfFrames = frames
        y, x = np.mgrid[0:rows, 0:cols]
        shape = (frames, rows, cols, samples) if samples == 3 else (frames, rows, cols)
        top = (1 << ds.BitsStored) - 1
        values = ((x * 37 + y * 11) % (top + 1))
        if samples == 3:
            values = np.stack([values, (values * 3) % (top + 1), top - values], axis=-1)
        values = np.broadcast_to(values, shape).copy()
        if signed:
            values = values - (top + 1) // 2
        dtype = {(8, False): np.uint8, (8, True): np.int8, (16, False): np.uint16, (16, True): np.int16}[(bits, signed)]
        arr = values.astype(dtype)
        ds.PixelData = (arr if frames > 1 else arr[0]).tobytes()
        return ds

    for syntax in (ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian,
                   DeflatedExplicitVRLittleEndian):
        save(image(5, 6), syntax)
        ds = image(4, 5, 16, 12, signed=True)
        ds.RescaleSlope, ds.RescaleIntercept = 2, -1024
        ds.WindowCenter, ds.WindowWidth = [40, 400], [400, 1500]
        ds.VOILUTFunction = "SIGMOID"
        save(ds, syntax)
    save(image(5, 6), ImplicitVRLittleEndian, preamble=False)
    ds = image(3, 4, 16, 16, photometric="MONOCHROME1")
    save(ds, ExplicitVRLittleEndian)
    save(image(3, 4, samples=3, photometric="RGB"), ExplicitVRLittleEndian)
    ds = image(3, 4, samples=3, photometric="RGB")
    ds.PlanarConfiguration = 1
    save(ds, ExplicitVRLittleEndian)
    ds = image(2, 4, samples=3, photometric="YBR_FULL_422")
    ds.PixelData = bytes(range(16))
    save(ds, ExplicitVRLittleEndian)
    save(image(3, 2, frames=3), ExplicitVRLittleEndian)
    # A VOI LUT sequence.
    ds = image(3, 4, 16, 12)
    item = Dataset()
    item.add_new(0x00283002, "US", [8, 0, 12])  # LUT Descriptor
    item.add_new(0x00283006, "US", [0, 500, 1000, 1500, 2000, 2500, 3000, 4095])  # LUT Data
    ds.VOILUTSequence = Sequence([item])
    save(ds, ExplicitVRLittleEndian)
    # RLE Lossless (pydicom's encoder), 8 and 16 bits, two frames.
    for ds in (image(4, 6), image(3, 4, 16, 16), image(2, 3, samples=3, photometric="RGB", frames=2)):
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.compress(RLELossless, encoding_plugin="pydicom")
        save(ds, RLELossless)
    # JPEG Baseline: Pillow's encoder, encapsulated with and without an offset table.
    for mode, photometric, frames in (("L", "MONOCHROME2", 1), ("RGB", "YBR_FULL_422", 1), ("L", "MONOCHROME2", 2)):
        ds = image(8, 8, samples=3 if mode == "RGB" else 1, photometric=photometric, frames=frames)
        y, x = np.mgrid[0:8, 0:8]
        pattern = ((x * 30 + y * 5) % 256).astype(np.uint8)
        pic = Image.fromarray(np.stack([pattern] * 3, -1) if mode == "RGB" else pattern, mode)
        out = io.BytesIO()
        pic.save(out, "JPEG", quality=50)
        ds.PixelData = encapsulate([out.getvalue()] * frames, has_bot=frames > 1)
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
        save(ds, JPEGBaseline8Bit)
    # Refused: no pixel data (a report), the DICOMDIR class, JPEG 2000.
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    ds.Modality = "SR"
    save(ds, ExplicitVRLittleEndian)
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.1.3.10"
    save(ds, ExplicitVRLittleEndian)
    ds = image(4, 4)
    ds.PixelData = encapsulate([b"\xff\x4f\xff\x51" + bytes(12)])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    save(ds, "1.2.840.10008.1.2.4.90")
    files = list(folder.iterdir())
    print(f"{folder.relative_to(ROOT)}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    dicom_seeds()
