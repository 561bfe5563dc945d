#!/usr/bin/python3
"""Does a patch model give the same verdict whatever the file's resolution?
(issue 10, part 4). The histopathology test split's 224 px tiles are LC25000
originals (768 px) downscaled by the dataset's source. Each tile is resampled
with Pillow's bicubic filter to 448 and 768 px (the 224 px tile is used as it
is) and classified by `dxlens classify`:

  default    no scale given: each image taken to be at the reference scale
             (a 768 px original); a tile no larger than one patch's field of
             view is classified whole
  stated     the scale each size truly has, relative to the 768 px originals
             (--scale 224/768, 448/768, 1)
  mosaic     four tiles of one class in a 2 x 2 mosaic at each size, with its
             scale stated: every patch must land on one tile and agree with
             that tile's own verdict (the sampler cuts at the learned scale)
  old fixed  the 768 px images with the fixed downscale of 2 the model had
             before it stated its scale (--scale 2 / 6.857): 3.4x the
             magnification it learned at, for comparison

Reports, per size: accuracy, and agreement with the 224 px verdict.

    tools/scale/consistency.py --dxlens build/native/dxlens --model models/histopathology \\
        [--data ../shared/data/histopathology/test] [--per-class N] [--markdown FILE] \\
        [--min-agreement 0.95 --max-accuracy-drop 0.02]

With the --min-agreement / --max-accuracy-drop checks it exits 1 when one fails;
with --skip-missing it exits 77 (ctest's skip) when the data folder is absent.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from PIL import Image

SIZES = (224, 448, 768)
REFERENCE_SIDE = 768  # LC25000 originals
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def list_tiles(data, labels, per_class):
    tiles = []
    for index, label in enumerate(labels):
        folder = os.path.join(data, label)
        names = sorted(n for n in os.listdir(folder) if n.lower().endswith((".jpeg", ".jpg", ".png")))
        if per_class:
            step = max(1, len(names) // per_class)  # spread over the sorted split
            names = names[::step][:per_class]
        tiles += [(os.path.join(folder, n), index) for n in names]
    return tiles


def resample(tile, side, out_path):
    with Image.open(tile) as image:
        image = image.convert("RGB")
        if image.size != (side, side):
            image = image.resize((side, side), Image.BICUBIC)
        image.save(out_path)


def classify(dxlens, model, labels, paths, scale=None):
    """Per path: (top class index, [per-patch top class index], the scale used)."""
    command = [dxlens, "classify", "--model", model, "--json", "--threads", "2", *paths]
    if scale is not None:
        command += ["--scale", f"{scale:.6f}"]
    done = subprocess.run(command, capture_output=True, text=True)
    reports = json.loads(done.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    out = []
    for report in reports:
        if "error" in report:
            out.append((None, [], {}))
            continue
        top = labels.index(report["top"][0]["label"])
        patches = [max(range(len(p["probs"])), key=lambda k: p["probs"][k]) for p in report.get("patches", [])]
        out.append((top, patches, report.get("scale", {})))
    return out


def accuracy(verdicts, truth):
    return sum(v[0] == t for v, t in zip(verdicts, truth)) / len(truth)


def agreement(verdicts, base):
    return sum(v[0] == b[0] for v, b in zip(verdicts, base)) / len(base)


def make_mosaics(tiles, side, folder):
    """2 x 2 mosaics of consecutive same-class tiles: [(path, label, [tile indices])]."""
    mosaics = []
    by_label = {}
    for i, (_, label) in enumerate(tiles):
        by_label.setdefault(label, []).append(i)
    for label, members in sorted(by_label.items()):
        for start in range(0, len(members) - 3, 4):
            group = members[start:start + 4]
            canvas = Image.new("RGB", (2 * side, 2 * side))
            for k, i in enumerate(group):
                with Image.open(tiles[i][0]) as image:
                    image = image.convert("RGB").resize((side, side), Image.BICUBIC)
                    canvas.paste(image, ((k % 2) * side, (k // 2) * side))
            path = os.path.join(folder, f"mosaic{side}_{label}_{start}.png")
            canvas.save(path)
            mosaics.append((path, label, group))
    return mosaics


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", help="test split: one folder per label (default: the model's test split "
                        "under $DXLENS_DATA, else ../shared/data beside the repository)")
    parser.add_argument("--per-class", type=int, default=0, help="tiles per class (0 = all)")
    parser.add_argument("--markdown", help="write the table here too")
    parser.add_argument("--json", help="write the figures here too (models/<name>/scale.json, read by "
                        "tools/model_card.py)")
    parser.add_argument("--min-agreement", type=float)
    parser.add_argument("--max-accuracy-drop", type=float)
    parser.add_argument("--skip-missing", action="store_true")
    args = parser.parse_args()
    with open(os.path.join(args.model, "manifest.json")) as f:
        manifest = json.load(f)
    if not args.data:
        root = os.environ.get("DXLENS_DATA") or os.path.join(os.path.dirname(REPO), "shared", "data")
        args.data = os.path.join(root, manifest["name"], "test")
    if args.skip_missing and not os.path.isdir(args.data):
        print(f"SKIP: {args.data} is absent (set DXLENS_DATA to the shared data root)")
        return 77

    labels = manifest["labels"]
    reference_downscale = manifest["patch"]["downscale"]
    tiles = list_tiles(args.data, labels, args.per_class)
    truth = [label for _, label in tiles]

    rows, failures = [], []
    with tempfile.TemporaryDirectory(prefix="dxlens-scale-") as work:
        paths = {}
        for side in SIZES:
            paths[side] = []
            for i, (tile, _) in enumerate(tiles):
                out = os.path.join(work, f"{side}_{i}.png")
                resample(tile, side, out)
                paths[side].append(out)
        default = {side: classify(args.dxlens, args.model, labels, paths[side]) for side in SIZES}
        stated = {side: classify(args.dxlens, args.model, labels, paths[side], side / REFERENCE_SIDE) for side in SIZES}
        base = default[224]
        for mode, runs in (("default", default), ("stated", stated)):
            for side in SIZES:
                rows.append((mode, side, accuracy(runs[side], truth), agreement(runs[side], base),
                             runs[side][0][2].get("field_of_view")))
        old = classify(args.dxlens, args.model, labels, paths[768], 2.0 / reference_downscale)
        rows.append(("old fixed downscale 2", 768, accuracy(old, truth), agreement(old, base),
                     old[0][2].get("field_of_view")))

        mosaic_rows = []
        for side in SIZES:
            mosaics = make_mosaics(tiles, side, work)
            results = classify(args.dxlens, args.model, labels, [m[0] for m in mosaics], side / REFERENCE_SIDE)
            agree = total = correct = 0
            for (_, label, group), (top, patches, _) in zip(mosaics, results):
                correct += top == label
                # The grid is row-major and the mosaic's tiles are too.
                if len(patches) != 4:
                    failures.append(f"mosaic at {side} px gave {len(patches)} patches, not 4")
                    continue
                for k, i in enumerate(group):
                    agree += patches[k] == base[i][0]
                    total += 1
            mosaic_rows.append((side, len(mosaics), correct / max(1, len(mosaics)), agree / max(1, total)))

    lines = [f"{len(tiles)} test tiles ({args.per_class or 'all'} per class) of `{args.data}`, "
             f"model `{manifest['name']}` {manifest['version']}, default variant.", "",
             "| scale | size (px) | patch field of view (px) | accuracy | same verdict as the 224 px tile |",
             "|---|---|---|---|---|"]
    for mode, side, acc, agree, fov in rows:
        lines.append(f"| {mode} | {side} | {fov} | {acc * 100:.1f} % | {agree * 100:.1f} % |")
    lines += ["", "| mosaic (2 x 2 tiles of one class, scale stated) | mosaics | mosaic accuracy | "
              "patches with the verdict of their own tile |", "|---|---|---|---|"]
    for side, count, acc, agree in mosaic_rows:
        lines.append(f"| {2 * side} px | {count} | {acc * 100:.1f} % | {agree * 100:.1f} % |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    if args.json:
        figures = {"tiles": len(tiles), "data": os.path.relpath(args.data, REPO), "resampling": "Pillow bicubic from the 224 px tiles",
                   "reference_side": REFERENCE_SIDE,
                   "runs": [{"scale": mode, "size": side, "field_of_view": fov, "accuracy": round(acc, 4),
                             "agreement_with_224": round(agree, 4)} for mode, side, acc, agree, fov in rows],
                   "mosaics": [{"size": 2 * side, "count": count, "accuracy": round(acc, 4),
                                "patch_agreement": round(agree, 4)} for side, count, acc, agree in mosaic_rows]}
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
            f.write("\n")

    base_accuracy = rows[0][2]
    for mode, side, acc, agree, _ in rows:
        if mode.startswith("old"):
            continue
        if args.min_agreement is not None and agree < args.min_agreement:
            failures.append(f"{mode} at {side} px: agreement {agree:.3f} < {args.min_agreement}")
        if args.max_accuracy_drop is not None and base_accuracy - acc > args.max_accuracy_drop:
            failures.append(f"{mode} at {side} px: accuracy {acc:.3f} vs {base_accuracy:.3f} at 224 px")
    for side, _, _, agree in mosaic_rows:
        if args.min_agreement is not None and agree < args.min_agreement:
            failures.append(f"mosaic at {2 * side} px: patch agreement {agree:.3f} < {args.min_agreement}")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
