#!/usr/bin/python3
"""Writes N mixed inputs for the volume tests: valid images and every kind of
bad input, deterministic under --seed.

    /usr/bin/python3 tools/volume/make_inputs.py --out build/volume/inputs --count 10000 [--seed 13]

OUT gets NNNNN-<kind>.<ext> files and inputs.jsonl, one line per file:
{"file", "kind", "group": valid|bad|fuzz, "expect": ok|error|any}. About 40 %
are valid (valid_images.py), 45 % bad (bad_inputs.py: truncated, corrupt, empty,
huge headers, wrong formats, random bytes) and 15 % fuzzer outputs: the seed
corpora (tests/fuzz/corpus), the inputs that once crashed (tests/fixtures/fuzz)
and, read-only, whatever the long fuzz runs have collected (build/fuzz/long/<target>/).
Everything is generated or is the project's own; no dataset image is used.
Deterministic under --seed for the same fuzzer outputs (the long runs' corpora
grow while they run; --no-fuzz leaves all of them out).
"""
import argparse
import itertools
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bad_inputs  # noqa: E402
import valid_images  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHARES = {"valid": 0.40, "bad": 0.45, "fuzz": 0.15}
IMAGE_TARGETS = {"decode", "dicom"}  # fuzz corpora of image bytes (DICOM too): their files may well decode


def fuzz_files(seed):
    """{target: endless iterator over its files} for every fuzzer output we may
    read. Each target is shuffled under the seed, so the mix does not depend on
    which target's corpus happens to be largest (a long run collects thousands)."""
    found = {}
    for folder in sorted((ROOT / "tests" / "fuzz" / "corpus").glob("*")):
        found[folder.name] = sorted(p for p in folder.iterdir() if p.is_file())
    found["regression"] = sorted((ROOT / "tests" / "fixtures" / "fuzz").glob("*"))
    long_runs = ROOT / "build" / "fuzz" / "long"
    if long_runs.is_dir():
        for folder in sorted(p for p in long_runs.iterdir() if p.is_dir() and p.name != "findings"):
            try:
                found.setdefault(folder.name, [])
                found[folder.name] += sorted(p for p in folder.iterdir() if p.is_file())
            except OSError:
                pass  # a fuzzer rewriting its corpus right now
    total = sum(len(files) for files in found.values())
    cycles = {}
    for target, files in sorted(found.items()):
        if files:
            random.Random(f"{seed}-{target}").shuffle(files)
            cycles[target] = itertools.cycle(files)
    return cycles, total


def pick_group(rng):
    roll = rng.random()
    for group, share in SHARES.items():
        if roll < share:
            return group
        roll -= share
    return "valid"


def make_one(rng, fuzz):
    """-> (bytes, ext, kind, group, expect)"""
    group = pick_group(rng) if fuzz else rng.choice(["valid", "bad"])
    if group == "fuzz":
        target = rng.choice(sorted(fuzz))
        path = next(fuzz[target])
        try:
            data = path.read_bytes()
        except OSError:  # removed by a running fuzzer between listing and reading
            data = b""
        expect = "any" if target in IMAGE_TARGETS or target == "regression" else "error"
        return data, "bin" if target not in IMAGE_TARGETS else "img", f"fuzz_{target}", group, expect
    kind = rng.choice(sorted(valid_images.MAKERS))
    valid = valid_images.MAKERS[kind](rng)
    if group == "valid":
        return valid[0], valid[1], kind, group, "ok"
    bad_kind = rng.choice(sorted(bad_inputs.MAKERS))
    maker, expect = bad_inputs.MAKERS[bad_kind]
    data, ext = maker(rng, valid)
    # Damage to a 1-4 pixel image may leave only pixels behind; those decode.
    return data, ext, bad_kind, group, expect


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-fuzz", action="store_true", help="leave out fuzzer outputs")
    args = parser.parse_args()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rng = random.Random(args.seed)
    fuzz, fuzz_total = ({}, 0) if args.no_fuzz else fuzz_files(args.seed)
    counts = {}
    with open(out / "inputs.jsonl", "w") as manifest:
        for i in range(args.count):
            data, ext, kind, group, expect = make_one(rng, fuzz)
            name = f"{i:05d}-{kind}.{ext}"
            (out / name).write_bytes(data)
            manifest.write(json.dumps({"file": name, "kind": kind, "group": group, "expect": expect}) + "\n")
            counts[group] = counts.get(group, 0) + 1
    print(f"{args.count} inputs in {out}: " + ", ".join(f"{g} {n}" for g, n in sorted(counts.items()))
          + f" ({fuzz_total} fuzzer outputs to draw from)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
