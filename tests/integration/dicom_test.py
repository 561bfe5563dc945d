#!/usr/bin/python3
"""DICOM input through the CLI (issue 14). One ctest entry per case:

    dicom_test.py --dxlens BIN --model models/chest_xray --work DIR pydicom_files
    dicom_test.py --dxlens BIN --model models/chest_xray --work DIR generated
    dicom_test.py --dxlens BIN --model models/chest_xray --work DIR privacy

pydicom_files: every file under pydicom's data/test_files goes through
`dxlens classify`: each gives a result or a clear error (a documented kind, a
message that is neither a crash, "unknown" nor "std::"), never a signal. Every
file pydicom itself decodes to pixels (its numpy handlers: uncompressed, RLE,
deflate; JPEG Baseline through its Pillow handler) is compared with `dxlens
convert`'s 8-bit output, made from pydicom's pixel_array by the display chain
restated here in numpy (PS3.3 C.11.2.1): max difference <= 1 grey level
(JPEG: two different decoders, see JPEG_TOLERANCE). Prints the table of
decoded / refused files by reason.

generated: a chest X-ray from ../shared/data (grey) wrapped by pydicom as an
8-bit MONOCHROME2 DICOM with an identity window classifies exactly like the
grey PNG (same top label, probabilities within 1e-6); as MONOCHROME1 with
inverted pixels, and as 16-bit (10 stored) with a rescale slope, too. A window
override (--window) gives the pixels the LINEAR formula says; a chosen frame
(--frame) of a multi-frame file is the one decoded.

privacy: a file with a distinctive patient name, ID, birth date, accession
number and institution: classify (JSON and text) and convert never print them.

Exits 77 (skipped) without pydicom (Debian python3-pydicom, tools/setup.sh),
and `generated` without ../shared/data (or $DXLENS_DATA).
"""
import argparse
import collections
import glob
import io
import json
import math
import os
import subprocess
import sys

import numpy as np
from PIL import Image

SKIP = 77
KINDS = {"unsupported", "corrupt", "too_large", "empty", "invalid_argument"}
# stb_image and libjpeg (Pillow) are different JPEG decoders (IDCT rounding,
# chroma upsampling): their outputs differ by a few levels at edges.
JPEG_TOLERANCE = {"max": 4, "mean": 0.5}

try:
    import pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid
except ImportError:
    pydicom = None


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=120, **kw)


# --- the display chain of dicom.h, restated in numpy -------------------------

def voi(x, function, center, width):
    if function == "LINEAR_EXACT":
        y = ((x - center) / width + 0.5) * 255.0
        y = np.where(x <= center - width / 2, 0.0, np.where(x > center + width / 2, 255.0, y))
    elif function == "SIGMOID":
        y = 255.0 / (1.0 + np.exp(-4.0 * (x - center) / width))
    else:
        lo = center - 0.5 - (width - 1) / 2
        hi = center - 0.5 + (width - 1) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            y = ((x - (center - 0.5)) / max(width - 1, 1e-300) + 0.5) * 255.0
        y = np.where(x <= lo, 0.0, np.where(x > hi, 255.0, y))
    return y


def first(value):
    if value is None:
        return None
    if isinstance(value, pydicom.multival.MultiValue):
        return float(value[0]) if len(value) else None
    return float(value)


def expected_grey(ds, frame, window=None):
    """pydicom's stored values of one frame -> 8-bit, as dxlens does."""
    x = frame.astype(np.float64) * float(ds.get("RescaleSlope", 1) or 1) + float(ds.get("RescaleIntercept", 0) or 0)
    function = str(ds.get("VOILUTFunction", "LINEAR") or "LINEAR")
    if function not in ("LINEAR", "LINEAR_EXACT", "SIGMOID"):
        function = "LINEAR"
    center, width = (window if window else (first(ds.get("WindowCenter")), first(ds.get("WindowWidth"))))
    fits = center is not None and width is not None and (width >= 1 if function == "LINEAR" else width > 0)
    if window or fits:
        y = voi(x, function, center, width)
    elif "VOILUTSequence" in ds and len(ds.VOILUTSequence):
        item = ds.VOILUTSequence[0]
        entries, first_mapped, bits = item.LUTDescriptor
        entries = entries or 65536
        lut = np.asarray(item.LUTData, dtype=np.float64)
        index = np.clip(np.floor(x + 0.5) - first_mapped, 0, entries - 1).astype(np.int64)
        y = lut[index] / ((1 << bits) - 1) * 255.0
    else:
        lo, hi = x.min(), x.max()
        y = voi(x, "LINEAR_EXACT", (lo + hi) / 2, hi - lo if hi > lo else 1.0)
    out = np.clip(np.floor(y + 0.5), 0, 255)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        out = 255 - out
    return out.astype(np.uint8)


def expected_colour(ds, frame):
    """RGB from pydicom's samples; pydicom's decoders set the Photometric
    Interpretation to what they return (RGB where Pillow converted a JPEG)."""
    arr = frame
    if ds.BitsAllocated == 16:
        top = (1 << ds.BitsStored) - 1
        arr = np.clip(np.floor(arr.astype(np.float64) * 255.0 / top + 0.5), 0, 255)
    arr = arr.astype(np.float64)
    if ds.PhotometricInterpretation in ("YBR_FULL", "YBR_FULL_422"):
        y, cb, cr = arr[..., 0], arr[..., 1] - 128, arr[..., 2] - 128
        arr = np.stack([y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb], axis=-1)
        arr = np.clip(np.floor(arr + 0.5), 0, 255)
    return arr.astype(np.uint8)


def pydicom_frame(ds):
    """The middle frame (floor(n / 2), 0-based), as dxlens chooses by default."""
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    return arr[frames // 2] if frames > 1 else arr


# --- cases --------------------------------------------------------------------

def classify(dxlens, model, paths, *extra):
    result = run([dxlens, "classify", "--model", model, "--json", *extra, *paths])
    check(result.returncode >= 0, f"classify was killed by signal {-result.returncode}: {result.stderr[-500:]}")
    check(result.returncode in (0, 1), f"classify exit status {result.returncode}: {result.stderr[-500:]}")
    reports = json.loads(result.stdout)
    return reports if isinstance(reports, list) else [reports], result


def convert(dxlens, src, out, *extra):
    result = run([dxlens, "convert", src, out, "--json", *extra])
    check(result.returncode >= 0, f"convert was killed by signal {-result.returncode} on {src}")
    return result


def case_pydicom_files(a):
    root = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
    files = sorted(p for p in glob.glob(os.path.join(root, "**", "*"), recursive=True) if os.path.isfile(p))
    check(files, f"no files under {root}")
    os.makedirs(a.work, exist_ok=True)
    outcome = {}
    for start in range(0, len(files), 50):
        chunk = files[start:start + 50]
        reports, _ = classify(a.dxlens, a.model, chunk)
        check(len(reports) == len(chunk), f"{len(reports)} reports for {len(chunk)} files")
        for path, report in zip(chunk, reports):
            name = os.path.relpath(path, root)
            if "top" in report:
                outcome[name] = ("classified", "")
                continue
            check("error" in report and report.get("kind") in KINDS, f"{name}: not a documented error: {report}")
            message = report["error"]
            for bad in ("std::", "unknown", "Unknown", "exception", "what()"):
                check(bad not in message, f"{name}: message looks like a crash: {message}")
            outcome[name] = (report["kind"], message)

    # Pixels against pydicom's own decoding.
    compared, worst = 0, []
    for path in files:
        name = os.path.relpath(path, root)
        if outcome[name][0] != "classified":
            continue
        try:
            ds = pydicom.dcmread(path)
            frame = pydicom_frame(ds)
        except Exception as error:  # pydicom cannot decode it (no handler): nothing to compare
            print(f"  (pydicom cannot decode {name}: {type(error).__name__})")
            continue
        out = os.path.join(a.work, "pydicom_" + name.replace(os.sep, "_") + ".png")
        result = convert(a.dxlens, path, out)
        check(result.returncode == 0, f"convert failed on {name}: {result.stderr}")
        ours = np.asarray(Image.open(out))
        jpeg = ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.4.50"
        if ds.SamplesPerPixel == 1:
            if jpeg:
                frame = frame if frame.ndim == 2 else frame[..., 0]
            theirs = expected_grey(ds, frame)
        else:
            theirs = expected_colour(ds, frame)
        check(ours.shape == theirs.shape, f"{name}: shape {ours.shape} vs pydicom {theirs.shape}")
        diff = np.abs(ours.astype(int) - theirs.astype(int))
        worst.append((name, int(diff.max()), float(diff.mean()), jpeg))
        if jpeg:
            check(diff.max() <= JPEG_TOLERANCE["max"] and diff.mean() <= JPEG_TOLERANCE["mean"],
                  f"{name}: max difference {diff.max()}, mean {diff.mean():.3f} from pydicom (JPEG)")
        else:
            check(diff.max() <= 1, f"{name}: max difference {diff.max()} grey levels from pydicom")
        compared += 1

    counts = collections.Counter()
    for kind, message in outcome.values():
        reason = "classified" if kind == "classified" else f"{kind}: {reason_of(message)}"
        counts[reason] += 1
    print(f"{len(files)} files under pydicom's test_files:")
    for reason, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {n:4d}  {reason}")
    print(f"pixels compared with pydicom: {compared} files")
    for name, most, mean, jpeg in worst:
        print(f"  {name}: max {most}, mean {mean:.3f}{' (JPEG)' if jpeg else ''}")
    check(compared >= 10, f"only {compared} files compared with pydicom")


def reason_of(message):
    """A message without its file-specific details, for the table."""
    if "is not supported: convert" in message:
        return message.split(" is not supported")[0] + " not supported"
    if message.startswith("DICOM file is "):
        return message.split(" (SOP Class")[0]
    if "has no Pixel Data" in message:
        return "no Pixel Data"
    if message.startswith("truncated DICOM file"):
        return "truncated"
    if "Bits Allocated" in message:
        return message.split(" is not")[0].replace("DICOM ", "")
    if message.startswith("corrupt DICOM file: the image has no Rows"):
        return "no Rows/Columns"
    if message.startswith("unrecognised image format"):
        return "not an image file"
    return message[:70]


def write_dicom(path, pixels, photometric="MONOCHROME2", bits=8, stored=None, slope=None, window=None,
                frames=1, extra=None):
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray Image Storage - For Presentation
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "DX"
    ds.BodyPartExamined = "CHEST"
    ds.ViewPosition = "PA"
    ds.Rows, ds.Columns = pixels.shape[-2:]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = bits
    ds.BitsStored = stored or bits
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 0
    if frames > 1:
        ds.NumberOfFrames = frames
    if slope is not None:
        ds.RescaleSlope, ds.RescaleIntercept, ds.RescaleType = slope, 0, "US"
    if window:
        ds.WindowCenter, ds.WindowWidth = window
    for key, value in (extra or {}).items():
        setattr(ds, key, value)
    ds.PixelData = pixels.astype(np.uint8 if bits == 8 else np.uint16).tobytes()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(path, write_like_original=False)


def chest_image(a):
    root = os.environ.get("DXLENS_DATA") or os.path.join(os.path.dirname(a.repo), "shared", "data")
    paths = sorted(glob.glob(os.path.join(root, "chest_xray", "test", "*", "*")))
    if not paths:
        print(f"skipped: no chest X-rays under {root}/chest_xray/test")
        sys.exit(SKIP)
    return paths[len(paths) // 3]


def same_result(a_report, b_report, what):
    check("top" in a_report and "top" in b_report, f"{what}: {a_report.get('error')} / {b_report.get('error')}")
    check(a_report["top"][0]["label"] == b_report["top"][0]["label"], f"{what}: top label differs")
    for x, y in zip(a_report["top"], b_report["top"]):
        check(x["label"] == y["label"] and abs(x["prob"] - y["prob"]) <= 1e-6,
              f"{what}: {a_report['top']} vs {b_report['top']}")


def case_generated(a):
    os.makedirs(a.work, exist_ok=True)
    source = chest_image(a)
    grey = np.asarray(Image.open(source).convert("L"))
    png = os.path.join(a.work, "chest.png")
    Image.fromarray(grey).save(png)
    files = {
        "mono2": dict(pixels=grey, window=(128, 256)),  # LINEAR: the identity on 8 bits
        "mono1": dict(pixels=255 - grey, photometric="MONOCHROME1", window=(128, 256)),
        "bits16": dict(pixels=grey.astype(np.uint16) * 4 + 1, bits=16, stored=10, slope=0.25, window=(128.25, 256)),
    }
    # bits16: modality = (4 v + 1) / 4 = v + 0.25; the window centred 0.25 higher is the identity again.
    paths = []
    for name, spec in files.items():
        path = os.path.join(a.work, f"chest_{name}.dcm")
        write_dicom(path, **spec)
        paths.append(path)
    reports, _ = classify(a.dxlens, a.model, [png, *paths])
    for path, report in zip(paths, reports[1:]):
        same_result(reports[0], report, os.path.basename(path))
        check(report["dicom"]["modality"] == "DX" and report["dicom"]["frames"] == 1, f"dicom facts: {report['dicom']}")
    print(f"{os.path.basename(source)} as PNG and as 3 DICOM encodings: top {reports[0]['top'][0]}")
    # Without a window, the min-max of the frame: the identity when the image spans 0..255.
    if grey.min() == 0 and grey.max() == 255:
        path = os.path.join(a.work, "chest_nowindow.dcm")
        write_dicom(path, grey)
        same_result(reports[0], classify(a.dxlens, a.model, [path])[0][0], "no window")
        print("no window (min-max 0..255): same result")

    # A window override changes the pixels as the LINEAR formula says.
    out = os.path.join(a.work, "override.png")
    result = convert(a.dxlens, paths[0], out, "--window", "100,50")
    check(result.returncode == 0, result.stderr)
    expected = np.clip(np.floor(voi(grey.astype(np.float64), "LINEAR", 100, 50) + 0.5), 0, 255).astype(np.uint8)
    got = np.asarray(Image.open(out))
    check(np.array_equal(got, expected), f"--window 100,50: max difference {np.abs(got.astype(int) - expected).max()}")
    facts = json.loads(result.stdout)["dicom"]["window"]
    check(facts == {"center": 100, "width": 50, "function": "LINEAR", "source": "override"}, f"window facts {facts}")

    # Multi-frame: the middle frame by default, --frame N (1-based) otherwise, and out of range refused.
    stack = np.stack([np.full((8, 8), 10 * k, np.uint8) for k in range(5)])
    multi = os.path.join(a.work, "multi.dcm")
    write_dicom(multi, stack, frames=5, window=(128, 256))
    for extra, value, frame in (((), 20, 3), (("--frame", "1"), 0, 1), (("--frame", "5"), 40, 5)):
        result = convert(a.dxlens, multi, out, *extra)
        check(result.returncode == 0, result.stderr)
        check(np.all(np.asarray(Image.open(out)) == value), f"frame {extra}: wrong pixels")
        check(json.loads(result.stdout)["dicom"]["frame"] == frame, f"frame {extra}: {result.stdout}")
    result = convert(a.dxlens, multi, out, "--frame", "6")
    check(result.returncode == 1 and "frame 6 is out of range: the file has 5 frames" in result.stderr, result.stderr)
    result = convert(a.dxlens, multi, out, "--window", "40")
    check(result.returncode == 2 and "--window needs CENTER,WIDTH" in result.stderr, result.stderr)
    report = classify(a.dxlens, a.model, [multi], "--frame", "2")[0][0]
    check(report["dicom"]["frame"] == 2, f"classify --frame 2: {report.get('dicom')}")
    print("window override, frames, option errors: ok")


def case_privacy(a):
    os.makedirs(a.work, exist_ok=True)
    secrets = ["Zyxwvut", "PRIV-98765", "19010203", "ACC-55501", "Qwertzu Clinic", "Referrer^Hidden"]
    y, x = np.mgrid[0:64, 0:64]
    path = os.path.join(a.work, "private.dcm")
    write_dicom(path, ((x * 4 + y) % 256).astype(np.uint8), window=(128, 256), extra={
        "PatientName": "Zyxwvut^Privacy", "PatientID": "PRIV-98765", "PatientBirthDate": "19010203",
        "AccessionNumber": "ACC-55501", "InstitutionName": "Qwertzu Clinic",
        "ReferringPhysicianName": "Referrer^Hidden"})
    raw = open(path, "rb").read()
    check(all(s.encode() in raw for s in secrets), "the test file lacks its identifiers")
    outputs = []
    for extra in (("--json",), ()):
        result = run([a.dxlens, "classify", "--model", a.model, *extra, path])
        check(result.returncode == 0, result.stderr)
        outputs.append(result.stdout + result.stderr)
    result = convert(a.dxlens, path, os.path.join(a.work, "private.png"))
    outputs.append(result.stdout + result.stderr)
    # A refused file (cut in its pixel data) says nothing either.
    cut = os.path.join(a.work, "private_cut.dcm")
    open(cut, "wb").write(raw[:-100])
    result = run([a.dxlens, "classify", "--model", a.model, "--json", cut])
    check(result.returncode == 1, "the cut file was not refused")
    outputs.append(result.stdout + result.stderr)
    for text in outputs:
        for secret in secrets:
            check(secret not in text, f"'{secret}' appears in the output:\n{text}")
    check("DICOM: DX CHEST PA" in outputs[1], f"text output lacks the DICOM line:\n{outputs[1]}")
    print("no identifier in classify --json, classify, convert or an error")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("case", choices=["pydicom_files", "generated", "privacy"])
    a = parser.parse_args()
    a.repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if pydicom is None:
        print("skipped: pydicom is not installed (Debian python3-pydicom; tools/setup.sh)")
        return SKIP
    try:
        {"pydicom_files": case_pydicom_files, "generated": case_generated, "privacy": case_privacy}[a.case](a)
    except Failure as failure:
        print(f"FAILED: {failure}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
