"""Fits a model's trust settings from its train split (issue 10):

    /usr/bin/python3 -m tools.trust.fit --model models/<name> --data ../shared/data/<domain>/train

1. `dxlens eval --dump` on the train split with the shipped (INT8) model:
   each image's logits and pooled features (per patch for patch models).
2. The images are split as the model's training split them (split.py): the
   training part fits the out-of-domain statistics, the held-back
   (validation) part chooses every threshold and the temperature, so nothing
   is chosen on images the statistics were fitted on, nor on the test split.
3. Out of domain: class means + tied covariance of the features with
   Ledoit-Wolf shrinkage, inverted; threshold = the 97th percentile of the
   held-back images' scores (patch models: each image's median patch score,
   as the core scores an image).
   Colour (a second, independent check): one Gaussian over each whole
   image's colour statistics (trust.h colour_statistics) with Ledoit-Wolf
   shrinkage; threshold = the 99th percentile of the held-back images' scores.
   In domain = both checks pass.
4. Temperature: minimises the held-back NLL (patch models: patch
   probabilities aggregated as the manifest says, as the core does).
5. class_priors: the class shares the model learned under. Training draws
   classes equally often (tools/training/train.py, balanced_indices), so
   these are uniform whatever the folder's shares.
6. Screening models: the highest threshold on the calibrated probability
   with held-back sensitivity >= 0.95; its sensitivity/specificity there.

Writes <model>/domain.json, updates <model>/manifest.json and prints a summary.
"""
import argparse
import json
import os
import sys

import numpy as np

from . import maths
from .dump import read_dump, run_dump
from .files import update_manifest, write_domain
from .split import held_back_paths

# Screening readings of the shipped models: the label screened for.
SCREENING = {"chest_xray": "PNEUMONIA", "skin_lesion": "basal_cell_carcinoma"}


def patch_median(scores):
    """The core's image score for a patch model: the upper median (nth_element at n/2)."""
    return float(np.sort(scores)[len(scores) // 2])


def image_scores(rows, means, precision, patches):
    if not patches:
        return maths.domain_scores(np.stack([r["features"] for r in rows]), means, precision)
    return np.array([patch_median(maths.domain_scores(r["features"], means, precision)) for r in rows])


def grown_folder_note(training, rows, classes):
    """When the train folder holds more images than the model trained and
    validated on, the held-back part mixes unseen images with some the model
    trained on; the expected trained-on share, per class, for the summary."""
    trained = training.get("train_images", 0) + training.get("validation_images", 0)
    if not trained or trained >= len(rows):
        return None
    counts = np.bincount([r["label"] for r in rows], minlength=len(classes))
    per_class = trained / len(classes)  # the old folders were balanced
    train_share = training.get("train_images", 0) / trained
    shares = {c: min(1.0, per_class * train_share / n) for c, n in zip(classes, counts) if n}
    return (f"the train folder has {len(rows)} images, the model was trained on a {trained}-image "
            f"version of it; about " + ", ".join(f"{100 * s:.0f} % of {c}" for c, s in shares.items())
            + " of the held-back part were training images (indistinguishable by name), the rest unseen")


def fit(args):
    model_dir = args.model
    manifest_path = os.path.join(model_dir, "manifest.json")
    manifest = json.load(open(manifest_path))
    training = json.load(open(os.path.join(model_dir, "training.json")))
    labels = manifest["labels"]
    patches = manifest.get("patch")
    method = patches["aggregate"] if patches else None

    os.makedirs(args.work, exist_ok=True)
    dump_path = os.path.join(args.work, f"{manifest['name']}.train.jsonl")
    if not (args.reuse_dump and os.path.exists(dump_path)):
        run_dump(args.dxlens, model_dir, args.data, dump_path, args.variant, args.threads)
    rows = read_dump(dump_path, labels)
    held_paths = held_back_paths(args.data, training.get("config", {}))
    held = [r for r in rows if os.path.realpath(r["path"]) in held_paths]
    fitting = [r for r in rows if os.path.realpath(r["path"]) not in held_paths]

    # Out-of-domain statistics on the fitting part, every patch a sample.
    if patches:
        feats = np.concatenate([r["features"] for r in fitting])
        feat_labels = np.concatenate([[r["label"]] * len(r["features"]) for r in fitting])
    else:
        feats = np.stack([r["features"] for r in fitting])
        feat_labels = np.array([r["label"] for r in fitting])
    means, precision, shrinkage = maths.fit_domain(feats, feat_labels, len(labels))
    # Score with the rounded numbers the core will read, so the threshold fits them.
    means = np.vectorize(maths.significant)(means)
    precision = np.vectorize(maths.significant)(precision)
    held_scores = image_scores(held, means, precision, patches)
    threshold = maths.significant(maths.acceptance_threshold(held_scores, args.acceptance))

    # The colour check (trust.h colour_statistics): one Gaussian over the
    # whole images' colour statistics of the fitting part; its threshold
    # accepts COLOUR_ACCEPTANCE of the held-back images, so that requiring both
    # checks loses little of the own domain.
    colour = None
    if all(r["colour"] is not None for r in rows):
        colour_fit = np.stack([r["colour"] for r in fitting])
        colour_means, colour_precision, colour_shrinkage = maths.fit_domain(
            colour_fit, np.zeros(len(colour_fit), dtype=int), 1)
        colour_means = np.vectorize(maths.significant)(colour_means[0])
        colour_precision = np.vectorize(maths.significant)(colour_precision)
        held_colour = maths.domain_scores(np.stack([r["colour"] for r in held]), colour_means[None, :],
                                          colour_precision)
        colour_threshold = maths.significant(maths.acceptance_threshold(held_colour, args.colour_acceptance))
        colour = {"means": colour_means.tolist(), "precision": colour_precision.tolist(),
                  "threshold": colour_threshold, "target_acceptance": args.colour_acceptance,
                  "shrinkage": maths.significant(colour_shrinkage)}
    else:
        print("  note: the dump has no colour statistics (an older dxlens?): no colour check written")

    # Temperature on the held-back part.
    held_labels = np.array([r["label"] for r in held])
    held_logits = [r["logits"] for r in held] if patches else np.stack([r["logits"] for r in held])
    temperature = maths.significant(maths.fit_temperature(held_logits, held_labels, method))
    before = maths.image_probabilities(held_logits, 1.0, method)
    after = maths.image_probabilities(held_logits, temperature, method)
    priors = [1.0 / len(labels)] * len(labels)

    screening = None
    label = args.screening if args.screening is not None else SCREENING.get(manifest["name"])
    if label:
        if label not in labels:
            raise SystemExit(f"screening label '{label}' is not one of {labels}")
        k = labels.index(label)
        t, sens, spec = maths.screening_point(after[:, k], held_labels == k)
        screening = {"label": label, "threshold": maths.significant(t), "sensitivity": round(sens, 6),
                     "specificity": round(spec, 6)}

    domain_path = os.path.join(model_dir, "domain.json")
    write_domain(domain_path, means, precision, threshold, args.acceptance,
                 {"shrinkage": maths.significant(shrinkage), "fitted_on": len(fitting), "held_back": len(held)},
                 colour)
    update_manifest(manifest_path, temperature, priors, screening, domain_path)

    fit_scores = image_scores(fitting, means, precision, patches)
    print(f"{manifest['name']}: {len(rows)} train images ({args.variant}): {len(fitting)} fit the statistics, "
          f"{len(held)} held back (the model's validation split)")
    note = grown_folder_note(training, rows, labels)
    if note:
        print(f"  note: {note}")
    print(f"  domain: {feats.shape[1]} dims, Ledoit-Wolf shrinkage {shrinkage:.4f}, threshold {threshold:.6g}; "
          f"accepted: held back {np.mean(held_scores <= threshold):.3f}, fitting part "
          f"{np.mean(fit_scores <= threshold):.3f}")
    if colour:
        fit_colour = maths.domain_scores(colour_fit, colour_means[None, :], colour_precision)
        both = (held_scores <= threshold) & (held_colour <= colour_threshold)
        print(f"  colour: Ledoit-Wolf shrinkage {colour_shrinkage:.4f}, threshold {colour_threshold:.6g}; accepted: "
              f"held back {np.mean(held_colour <= colour_threshold):.3f}, fitting part "
              f"{np.mean(fit_colour <= colour_threshold):.3f}; both checks, held back {np.mean(both):.3f}")
    print(f"  temperature {temperature:.4g}: held-back ECE {maths.expected_calibration_error(before, held_labels):.4f}"
          f" -> {maths.expected_calibration_error(after, held_labels):.4f}, NLL {maths.nll(before, held_labels):.4f}"
          f" -> {maths.nll(after, held_labels):.4f}")
    print(f"  class_priors {priors} (training samples classes equally)")
    if screening:
        print(f"  screening {label}: threshold {screening['threshold']:.6g}, held-back sensitivity "
              f"{screening['sensitivity']:.3f}, specificity {screening['specificity']:.3f}")
    print(f"  wrote {domain_path} and {manifest_path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="model folder, e.g. models/chest_xray")
    parser.add_argument("--data", required=True, help="the domain's train split (class folders)")
    parser.add_argument("--dxlens", default="build/native/dxlens")
    parser.add_argument("--variant", default="int8", help="the shipped variant (default int8)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--screening", help="label screened for ('' for none; default: per model)")
    parser.add_argument("--acceptance", type=float, default=maths.TARGET_ACCEPTANCE,
                        help="share of held-back images the feature check accepts (default %(default)s)")
    parser.add_argument("--colour-acceptance", type=float, default=maths.COLOUR_ACCEPTANCE,
                        help="share of held-back images the colour check accepts (default %(default)s)")
    parser.add_argument("--work", default="build/trust", help="where the dump goes")
    parser.add_argument("--reuse-dump", action="store_true", help="reuse an existing dump in --work")
    fit(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
