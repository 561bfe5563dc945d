#!/usr/bin/python3
"""DICOM decode speed through the CLI: generates files with pydicom (a
2048x2048 16-bit digital X-ray, natively, deflated and RLE; a 512x512 CT with
rescale; a 2048x2048 8-bit grey PNG for comparison) and reports the median of
`dxlens classify --json`'s timings_ms.decode over N runs (decode only: the
file is already read; the model and its load are not counted).

    /usr/bin/python3 tools/bench/dicom_decode.py --dxlens build/native/dxlens [--runs 9]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, RLELossless, generate_uid


def dataset(pixels, bits_stored, signed=False, photometric="MONOCHROME2", window=None, rescale=None):
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "DX"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, bits_stored, bits_stored - 1
    ds.PixelRepresentation = int(signed)
    if window:
        ds.WindowCenter, ds.WindowWidth = window
    if rescale:
        ds.RescaleSlope, ds.RescaleIntercept = rescale
    ds.PixelData = pixels.tobytes()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def save(ds, path, syntax=ExplicitVRLittleEndian):
    if syntax == RLELossless:
        ds.compress(RLELossless, encoding_plugin="pydicom")
    else:
        ds.file_meta.TransferSyntaxUID = syntax
    ds.save_as(path, write_like_original=False)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--model", default="models/chest_xray")
    parser.add_argument("--runs", type=int, default=9)
    a = parser.parse_args()
    rng = np.random.default_rng(7)
    work = tempfile.mkdtemp(prefix="dxlens_dicom_bench_")
    y, x = np.mgrid[0:2048, 0:2048]
    xray = ((np.sin(x / 97.0) + np.cos(y / 71.0) + 2) * 1000 + rng.integers(0, 64, (2048, 2048))).astype(np.uint16)
    yc, xc = np.mgrid[0:512, 0:512]
    ct = (((xc - 256) ** 2 + (yc - 256) ** 2 < 200 ** 2) * 1040 + rng.integers(0, 80, (512, 512))).astype(np.int16)
    files = {
        "2048x2048 16-bit (12 stored), Explicit VR LE, window": save(
            dataset(xray, 12, window=(2000, 4000)), os.path.join(work, "xray.dcm")),
        "2048x2048 16-bit, Explicit VR LE, no window (min-max)": save(
            dataset(xray, 12), os.path.join(work, "xray_minmax.dcm")),
        "2048x2048 16-bit, Deflated Explicit VR LE": save(
            dataset(xray, 12, window=(2000, 4000)), os.path.join(work, "xray_deflated.dcm"), DeflatedExplicitVRLittleEndian),
        "2048x2048 16-bit, RLE Lossless": save(
            dataset(xray, 12, window=(2000, 4000)), os.path.join(work, "xray_rle.dcm"), RLELossless),
        "512x512 CT, 16-bit signed, rescale -1024, window 40/400": save(
            dataset(ct, 16, signed=True, window=(40, 400), rescale=(1, -1024)), os.path.join(work, "ct.dcm")),
    }
    png = os.path.join(work, "xray.png")
    Image.fromarray((xray >> 4).astype(np.uint8)).save(png)
    files["2048x2048 8-bit grey PNG (for comparison)"] = png
    print(f"median decode time of {a.runs} runs (dxlens classify --json timings_ms.decode):")
    for name, path in files.items():
        times = []
        for _ in range(a.runs):
            out = subprocess.run([a.dxlens, "classify", "--model", a.model, "--json", path],
                                 capture_output=True, text=True, check=True).stdout
            times.append(json.loads(out)["timings_ms"]["decode"])
        size = os.path.getsize(path) / 1e6
        print(f"  {name}: {statistics.median(times):.1f} ms (file {size:.1f} MB; min {min(times):.1f}, max {max(times):.1f})")


if __name__ == "__main__":
    main()
