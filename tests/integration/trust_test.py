#!/usr/bin/python3
"""Whether each shipped model refuses what it never saw, and applies priors as
Bayes' rule says (issue 10). One ctest entry per case:

    trust_test.py --dxlens BIN --model models/<name> --work DIR domains
    trust_test.py --dxlens BIN --model models/chest_xray --work DIR prior

domains: a few of the model's own test images are accepted (most of them: the
threshold accepts about 95 %), a few of every other shipped domain's test
images are rejected (or refused, e.g. no tissue), and generated junk (noise,
blank, gradient, a text screenshot) is rejected or refused.
prior: the calibrated probabilities follow from the uncalibrated ones and the
manifest's temperature, --prior re-weights them, and a prior that outweighs
the model's odds flips the verdict.

Real images come from ../shared/data (or $DXLENS_DATA) at run time; without
them the case says so and exits 77 (skipped). Junk is generated with PIL.
"""
import argparse
import json
import math
import os
import subprocess
import sys

import numpy as np
from PIL import Image, ImageDraw

SKIP = 77
PER_DOMAIN = 5  # images per other domain: spread over the sorted test split

# (model, other domain) pairs where neither the Mahalanobis score on the
# model's own pooled features nor the colour check (trust.h colour_statistics)
# separates the domains (issue 10's goal is missed there; the rates are in each
# eval.int8.json). They are reported, not asserted, until a method that
# separates them lands; every other pair is asserted. The colour check closed
# plant_leaf/chest_xray, plant_leaf/skin_lesion, histopathology/alzheimer_mri
# and histopathology/colour noise.
KNOWN_GAPS = {
    ("histopathology", "skin_lesion"): "17 % of skin lesions accepted (pink skin passes the colour check)",
}


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def data_root(repo):
    return os.environ.get("DXLENS_DATA") or os.path.join(os.path.dirname(repo), "shared", "data")


def domain_of(model_dir):
    training = os.path.join(model_dir, "training.json")
    name = os.path.basename(os.path.normpath(model_dir))
    return json.load(open(training)).get("config", {}).get("data", name) if os.path.exists(training) else name


def spread(folder, count):
    paths = sorted(os.path.join(d, f) for d, _, files in os.walk(folder) for f in files
                   if f.lower().endswith((".png", ".jpg", ".jpeg", ".bmp")))
    return [paths[i * len(paths) // count] for i in range(count)] if len(paths) >= count else paths


def classify(binary, model_dir, images, *extra):
    """One JSON result per image ({"error", "kind"} for a refused one)."""
    proc = subprocess.run([binary, "classify", "--model", model_dir, "--json", *extra, *images],
                          capture_output=True, text=True, timeout=300)
    check(proc.returncode in (0, 1), f"classify failed ({proc.returncode}): {proc.stderr}")
    result = json.loads(proc.stdout)
    return result if isinstance(result, list) else [result]


def verdict(result):
    if "error" in result:
        check(result["kind"] == "no_tissue", f"{result['image']}: unexpected error {result['error']}")
        return "refused"
    check("in_domain" in result, f"{result['image']}: no in_domain field (model without domain statistics?)")
    return "accepted" if result["in_domain"] else "rejected"


def make_junk(work):
    rng = np.random.default_rng(10)
    junk = {"noise": Image.fromarray(rng.integers(0, 256, (300, 300, 3), dtype=np.uint8)),
            "blank": Image.new("RGB", (300, 300), (255, 255, 255)),
            "gradient": Image.fromarray(np.tile(np.linspace(0, 255, 300, dtype=np.uint8), (300, 1))).convert("RGB")}
    screenshot = Image.new("RGB", (400, 300), (240, 240, 240))
    draw = ImageDraw.Draw(screenshot)
    draw.rectangle([0, 0, 400, 28], fill=(40, 90, 160))
    for row in range(12):
        draw.text((12, 40 + 20 * row), f"Patient record {row}: lorem ipsum dolor sit amet {row * 37}", fill=(0, 0, 0))
    junk["screenshot"] = screenshot
    paths = []
    for name, image in junk.items():
        path = os.path.join(work, f"junk_{name}.png")
        image.save(path)
        paths.append(path)
    return paths


def case_domains(binary, model_dir, root, work):
    shipped = [os.path.join(os.path.dirname(os.path.normpath(model_dir)), d)
               for d in sorted(os.listdir(os.path.dirname(os.path.normpath(model_dir))))]
    # Models with a domain check (not a router: its "domain" is a view of all five).
    domains = {domain_of(d) for d in shipped if os.path.exists(os.path.join(d, "manifest.json"))
               and "domain" in json.load(open(os.path.join(d, "manifest.json")))}
    own = domain_of(model_dir)
    missing = [d for d in sorted(domains) if not os.path.isdir(os.path.join(root, d, "test"))]
    if missing:
        print(f"SKIP: test splits absent under {root}: {missing} (set DXLENS_DATA to the shared data root)")
        return SKIP
    mine = [verdict(r) for r in classify(binary, model_dir, spread(os.path.join(root, own, "test"), 10))]
    check(mine.count("accepted") >= 8, f"own test images: {mine}")
    print(f"own domain {own}: {mine.count('accepted')} of {len(mine)} accepted")
    for other in sorted(domains - {own}):
        verdicts = [verdict(r) for r in classify(binary, model_dir, spread(os.path.join(root, other, "test"), PER_DOMAIN))]
        gap = KNOWN_GAPS.get((os.path.basename(os.path.normpath(model_dir)), other))
        if gap:
            print(f"KNOWN GAP, not asserted: other domain {other}: {verdicts} (eval: {gap})")
            continue
        check("accepted" not in verdicts, f"{other} images accepted as {own}: {verdicts}")
        print(f"other domain {other}: {verdicts}")
    junk = make_junk(work)
    verdicts = dict(zip(map(os.path.basename, junk), (verdict(r) for r in classify(binary, model_dir, junk))))
    print(f"junk: {verdicts}")
    for name, seen in verdicts.items():
        gap = KNOWN_GAPS.get((os.path.basename(os.path.normpath(model_dir)), name))
        if gap:
            print(f"KNOWN GAP, not asserted: {name}: {seen} ({gap})")
            continue
        check(seen != "accepted", f"junk {name} accepted")
    return 0


def case_prior(binary, model_dir, root, work):
    manifest = json.load(open(os.path.join(model_dir, "manifest.json")))
    labels, temperature = manifest["labels"], manifest.get("calibration", {}).get("temperature", 1.0)
    trained = manifest.get("class_priors") or [1 / len(labels)] * len(labels)
    test = os.path.join(root, domain_of(model_dir), "test")
    if not os.path.isdir(test):
        print(f"SKIP: {test} is absent (set DXLENS_DATA to the shared data root)")
        return SKIP
    every = ("--top-k", str(len(labels)))  # "top" then lists every label
    results = classify(binary, model_dir, spread(test, 20), *every)
    # The least certain image: a prior of a plausible size can flip it.
    result = min(results, key=lambda r: r["top"][0]["prob"])
    probs = np.array([next(t["prob"] for t in result["top"] if t["label"] == l) for l in labels])
    # Calibration: softmax(z / T) = uncalibrated ** (1/T), renormalised.
    expected = np.array(result["uncalibrated"]) ** (1 / temperature)
    expected /= expected.sum()
    check(np.allclose(probs, expected, atol=2e-5), f"calibrated {probs} but uncalibrated^(1/T) gives {expected}")

    top, other = int(np.argmax(probs)), int(np.argsort(probs)[-2])
    # Give `other` a share that outweighs the model's odds four times over, the rest equally.
    odds = probs[top] / probs[other] * trained[other] / trained[top]
    share = min(0.98, 4 * odds / (1 + 4 * odds))
    rest = (1 - share) / (len(labels) - 1)
    priors = [share if i == other else rest for i in range(len(labels))]
    ratio = np.array(priors) / np.array(trained)
    expected = probs * ratio / (probs * ratio).sum()
    text = f"{labels[other]}={share:.6f}"
    shifted = classify(binary, model_dir, [result["image"]], "--prior", text, *every)[0]
    got = np.array([next(t["prob"] for t in shifted["top"] if t["label"] == l) for l in labels])
    check(np.allclose(got, expected, atol=1e-4), f"--prior {text}: probabilities {got}, Bayes' rule gives {expected}")
    check(shifted["top"][0]["label"] == labels[int(np.argmax(expected))],
          f"--prior {text}: verdict {shifted['top'][0]['label']}, expected {labels[int(np.argmax(expected))]}")
    check(labels[int(np.argmax(expected))] != labels[top], "the prior was meant to flip the verdict")
    if "screening" in shifted:
        k = labels.index(shifted["screening"]["label"])
        check(math.isclose(shifted["screening"]["probability"], expected[k], abs_tol=1e-4),
              "screening does not use the re-weighted probability")
    print(f"{os.path.basename(result['image'])}: {labels[top]} {probs[top]:.4f} -> with --prior {text}: "
          f"{shifted['top'][0]['label']} {shifted['top'][0]['prob']:.4f} (Bayes' rule: {expected.max():.4f})")
    return 0


CASES = {"domains": case_domains, "prior": case_prior}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.makedirs(args.work, exist_ok=True)
    try:
        return CASES[args.case](args.dxlens, args.model, data_root(repo), args.work)
    except (Failure, subprocess.TimeoutExpired) as error:
        print(f"FAIL {args.model} {args.case}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
