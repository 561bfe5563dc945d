#!/usr/bin/python3
"""Checks one shipped model folder (models/<name>/), one ctest entry per model:

    shipped_models_test.py --dxlens BIN --model models/<name> --work DIR [--data-root DIR]

1. `dxlens info` validates the manifest and finds every listed file's SHA-256 in order.
2. `dxlens classify` runs every variant on an image made here, with a valid
   probability vector over the manifest's labels.
3. When the model's test split is present (DATA_ROOT/<domain>/test, from
   --data-root, $DXLENS_DATA or ../shared/data), `dxlens eval` over it
   reproduces the numbers of eval.<variant>.json that CARD.md is generated
   from, and the card shows them; likewise the trust numbers (calibration
   error, in-domain acceptance, screening sensitivity/specificity) and the
   card's "When not to trust this output" section. Without the data this part
   says so and is skipped (exit 77), rather than passing silently.
"""
import argparse
import json
import math
import os
import subprocess
import sys

from PIL import Image, ImageOps

SKIP = 77  # ctest SKIP_RETURN_CODE
# Metrics recomputed from the same images and model; ONNX Runtime's CPU
# kernels can differ in the last bits between runs with different thread
# splits, which may move an AUROC by a hair but not an accuracy.
EXACT = ("images", "accuracy", "balanced_accuracy", "macro_f1")
CLOSE = ("macro_auroc",)
CALIBRATION = ("temperature", "ece_before", "ece_after", "brier_before", "brier_after")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(binary, *args, timeout=600):
    proc = subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout)
    check(proc.returncode >= 0, f"dxlens {args[0]} was killed by signal {-proc.returncode}\n{proc.stderr}")
    check(proc.returncode == 0, f"dxlens {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def default_data_root(repo):
    return os.environ.get("DXLENS_DATA") or os.path.join(os.path.dirname(repo), "shared", "data")


def check_files(binary, model_dir):
    info = json.loads(run(binary, "info", "--model", model_dir, "--json"))
    statuses = {f["variant"]: f["status"] for f in info["files"]}
    check(statuses, "the manifest lists no model files")
    check(all(s == "ok" for s in statuses.values()), f"file checks: {statuses}")
    print(f"manifest ok; SHA-256 ok for {sorted(statuses)}")
    return info


def check_classify(binary, model_dir, info, work):
    # A textured image made here, stained-tissue coloured so that a patch model's
    # tissue mask finds foreground: the models are checked for running
    # correctly, not for what they say about it.
    image_path = os.path.join(work, f"{info['name']}_input.png")
    texture = Image.effect_mandelbrot((640, 520), (-2.0, -1.2, 0.8, 1.2), 60)
    ImageOps.colorize(texture, black=(110, 30, 90), white=(245, 235, 240)).save(image_path)
    for entry in info["files"]:
        result = json.loads(run(binary, "classify", "--model", model_dir, image_path, "--json",
                                "--variant", entry["variant"], "--top-k", str(len(info["labels"]))))
        probabilities = {p["label"]: p["prob"] for p in result["top"]}
        check(set(probabilities) == set(info["labels"]), f"{entry['variant']}: labels {sorted(probabilities)}")
        total = sum(probabilities.values())
        check(math.isclose(total, 1.0, abs_tol=1e-4), f"{entry['variant']}: probabilities sum to {total}")
        print(f"classify ok ({entry['variant']}): top {result['top'][0]['label']}")


def check_trust_numbers(variant, fresh, recorded):
    """The trust fields eval adds (the --other rates are not rerun here: they
    take every other domain's test split; tools/evaluate_models.sh makes them)."""
    check("calibration" in recorded, f"eval.{variant}.json has no trust fields: rerun tools/evaluate_models.sh")
    for key in CALIBRATION:
        check(math.isclose(fresh["calibration"][key], recorded["calibration"][key], abs_tol=1e-4),
              f"{variant} calibration {key}: eval gives {fresh['calibration'][key]}, "
              f"recorded {recorded['calibration'][key]}")
    check(("domain" in fresh) == ("domain" in recorded), f"{variant}: domain check present in only one report")
    if "domain" in recorded:
        # One image may sit on the threshold; last-bit differences between
        # ONNX Runtime thread splits could move it across.
        a, b = fresh["domain"]["accepted"], recorded["domain"]["accepted"]
        check(fresh["domain"]["images"] == recorded["domain"]["images"] and abs(a - b) <= 1,
              f"{variant} in-domain: eval accepts {a} of {fresh['domain']['images']}, recorded {b}")
    check(("screening" in fresh) == ("screening" in recorded), f"{variant}: screening in only one report")
    if "screening" in recorded:
        for key in ("sensitivity", "specificity"):
            check(math.isclose(fresh["screening"]["test"][key], recorded["screening"]["test"][key], abs_tol=0.01),
                  f"{variant} screening {key}: eval gives {fresh['screening']['test'][key]}, "
                  f"recorded {recorded['screening']['test'][key]}")


def router_test_dir(data_root, labels, work):
    """A router model (manifest "role": "router", e.g. models/domain_router) is
    evaluated on a class-folder view of every domain's test split (one folder per
    model, symlinks), made here as tools/evaluate_models.sh makes it."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = os.path.join(work, "domain_router")
    if all(os.path.isdir(os.path.join(data_root, label, "test")) for label in labels):
        subprocess.run([sys.executable, "-m", "tools.training.domain_router_data", "--out", out, "--splits", "test"],
                       cwd=repo, env={**os.environ, "DXLENS_DATA": os.path.abspath(data_root)}, check=True,
                       stdout=subprocess.DEVNULL, timeout=300)
    return os.path.join(out, "test")


def check_card_numbers(binary, model_dir, info, data_root, work):
    training = os.path.join(model_dir, "training.json")
    domain = info["name"]
    if os.path.exists(training):
        domain = json.load(open(training)).get("config", {}).get("data", domain)
    manifest = json.load(open(os.path.join(model_dir, "manifest.json")))
    if manifest.get("role") == "router":
        test_dir = router_test_dir(data_root, manifest["labels"], work)
    else:
        test_dir = os.path.join(data_root, domain, "test")
    if not os.path.isdir(test_dir):
        print(f"SKIP card numbers: test split {test_dir} is absent (set DXLENS_DATA to the shared data root)")
        return False
    card = open(os.path.join(model_dir, "CARD.md")).read()
    for entry in info["files"]:
        variant = entry["variant"]
        recorded = json.load(open(os.path.join(model_dir, f"eval.{variant}.json")))
        out = os.path.join(work, f"{info['name']}.{variant}.json")
        run(binary, "eval", "--model", model_dir, "--data", test_dir, "--variant", variant,
            "--threads", str(recorded.get("threads") or 2), "--json", "--out", out)
        fresh = json.load(open(out))
        for key in EXACT:
            check(fresh[key] == recorded[key], f"{variant} {key}: eval gives {fresh[key]}, card has {recorded[key]}")
        for key in CLOSE:
            check(math.isclose(fresh[key], recorded[key], abs_tol=1e-4),
                  f"{variant} {key}: eval gives {fresh[key]}, card has {recorded[key]}")
        check(fresh["confusion"] == recorded["confusion"], f"{variant}: confusion matrix differs")
        check_trust_numbers(variant, fresh, recorded)
        shown = f"{100 * recorded['balanced_accuracy']:.1f} %"
        check(shown in card, f"CARD.md does not show {variant} balanced accuracy {shown}")
        print(f"eval ok ({variant}): {fresh['images']} images, balanced accuracy {shown} as on the card")
    check("## When not to trust this output" in card, "CARD.md has no 'When not to trust this output' section")
    shipped = json.load(open(os.path.join(model_dir, "eval.int8.json")))
    if "domain" in shipped:
        shown = f"{100 * shipped['domain']['acceptance']:.2f} %"
        check(shown in card, f"CARD.md does not show the in-domain acceptance {shown}")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--data-root")
    args = parser.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.makedirs(args.work, exist_ok=True)
    try:
        info = check_files(args.dxlens, args.model)
        check_classify(args.dxlens, args.model, info, args.work)
        evaluated = check_card_numbers(args.dxlens, args.model, info, args.data_root or default_data_root(repo),
                                       args.work)
    except (Failure, subprocess.TimeoutExpired) as error:
        print(f"FAIL {args.model}: {error}", file=sys.stderr)
        return 1
    return 0 if evaluated else SKIP


if __name__ == "__main__":
    sys.exit(main())
