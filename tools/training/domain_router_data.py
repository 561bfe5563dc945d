"""Class-folder views for the domain router: build/domain_router/{train,test}/<domain>/
holding symlinks to the five shipped domains' images (one class per model, named
exactly as that model's manifest "name"). No image is copied.

train: at most --cap images per domain, drawn round-robin over the domain's own
classes from a seeded shuffle (so small classes such as Potato___healthy are
represented); test: every test image. Link names are "<class>__<file>", unique
within a domain folder.
The data root is $DXLENS_DATA, else ../shared/data (tools/training/data.py).
usage: /usr/bin/python3 -m tools.training.domain_router_data [--out build/domain_router] [--cap 1200]
           [--splits train,test]
"""
import argparse
import random
import shutil
from pathlib import Path

from .data import IMAGE_SUFFIXES, data_root

DOMAINS = ["alzheimer_mri", "chest_xray", "histopathology", "plant_leaf", "skin_lesion"]


def images_by_class(folder: Path):
    out = {}
    for cls in sorted(p for p in folder.iterdir() if p.is_dir()):
        out[cls.name] = sorted(p for p in cls.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    return out


def pick(by_class, cap, rng):
    """Seeded round-robin over the classes, at most `cap` images (None: all)."""
    queues = []
    for cls in sorted(by_class):
        files = by_class[cls][:]
        rng.shuffle(files)
        queues.append([(cls, f) for f in files])
    chosen = []
    while any(queues) and (cap is None or len(chosen) < cap):
        for q in queues:
            if q and (cap is None or len(chosen) < cap):
                chosen.append(q.pop(0))
    return chosen


def build(out: Path, cap: int, seed: int, splits=("train", "test")):
    root = data_root()
    for split, limit in (("train", cap), ("test", None)):
        if split not in splits:
            continue
        for domain in DOMAINS:
            target = out / split / domain
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            chosen = pick(images_by_class(root / domain / split), limit, random.Random(f"{seed}:{domain}"))
            for cls, path in chosen:
                (target / f"{cls}__{path.name}").symlink_to(path.resolve())
            print(f"{split}/{domain}: {len(chosen)} images")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "build" / "domain_router"))
    parser.add_argument("--cap", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--splits", default="train,test", help="comma-separated: train, test")
    args = parser.parse_args(argv)
    build(Path(args.out), args.cap, args.seed, tuple(args.splits.split(",")))


if __name__ == "__main__":
    main()
