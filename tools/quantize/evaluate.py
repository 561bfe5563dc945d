"""Validation metrics of one model variant on a class-folder data set.

Uses `dxlens eval --json` (accuracy, balanced_accuracy, macro_f1, ...). A CLI
built before `eval` existed answers "unknown command"; then the same metrics
are computed here from `dxlens classify --json`, with each image's class taken
from its folder name."""
import json
import os

import numpy as np

from . import runner

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")
CHUNK = 100  # images per classify call: keeps command lines short


def scalar_metrics(report):
    """The single-number metrics of an eval report (per-class tables and the
    confusion matrix stay in `dxlens eval`'s own output)."""
    return {k: v for k, v in report.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def evaluate(dxlens, model_dir, data_dir, variant):
    try:
        out = runner.run(dxlens, "eval", "--model", model_dir, "--data", data_dir, "--json", "--variant", variant,
                         quiet=True)
        return scalar_metrics(json.loads(out))
    except runner.DxlensError as e:
        if e.returncode != 2 or "unknown command" not in e.stderr:
            raise
    return evaluate_with_classify(dxlens, model_dir, data_dir, variant)


def labelled_images(data_dir):
    items = []
    for label in sorted(os.listdir(data_dir)):
        folder = os.path.join(data_dir, label)
        if not os.path.isdir(folder):
            continue
        for root, _, files in os.walk(folder, followlinks=True):
            items += [(os.path.join(root, f), label) for f in sorted(files) if f.lower().endswith(IMAGE_SUFFIXES)]
    if not items:
        raise SystemExit(f"validation folder '{data_dir}' has no class folders with images")
    return items


def evaluate_with_classify(dxlens, model_dir, data_dir, variant):
    items = labelled_images(data_dir)
    predicted = []
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        for report in runner.classify_json(dxlens, model_dir, [p for p, _ in chunk], variant, 1):
            if "error" in report:
                raise SystemExit(f"classify failed on {report.get('image')}: {report['error']}")
            predicted.append(report["top"][0]["label"])
    metrics = metrics_from_labels([label for _, label in items], predicted)
    metrics["source"] = "classify"
    return metrics


def metrics_from_labels(truth, predicted):
    """accuracy, balanced accuracy (mean recall over the true classes) and macro F1."""
    classes = sorted(set(truth) | set(predicted))
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    recalls, f1s = [], []
    for c in classes:
        tp = np.sum((truth == c) & (predicted == c))
        actual, claimed = np.sum(truth == c), np.sum(predicted == c)
        if actual:
            recalls.append(tp / actual)
        precision = tp / claimed if claimed else 0.0
        recall = tp / actual if actual else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return {"images": int(len(truth)),
            "accuracy": float(np.mean(truth == predicted)),
            "balanced_accuracy": float(np.mean(recalls)),
            "macro_f1": float(np.mean(f1s))}
