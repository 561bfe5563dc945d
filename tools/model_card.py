#!/usr/bin/python3
"""Writes models/<name>/CARD.md from the files beside the model:

    /usr/bin/python3 tools/model_card.py --model models/<name> --data-root ../shared/data [--out FILE]

Reads manifest.json (with its upload_hint and display_labels, when it has
them), training.json, eval.fp32.json / eval.int8.json (`dxlens eval --json` on
the test split; tools/evaluate_models.sh writes them),
quantization.json when present, the model files' sizes, and the domain's
class folders (image counts) and SOURCE.md (cited; its facts are summarised in
tools/model_card_domains.py). Whatever is missing is said to be missing in the
card rather than guessed. Standard library only.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_card_domains import (DOMAINS, GENERAL_LIMITS, INT8_MAX_BYTES, INT8_MAX_DROP_PP,  # noqa: E402
                                INT8_MIN_SPEEDUP)

VARIANTS = ("fp32", "int8")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_json(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


# --- formatting ---------------------------------------------------------------

def pct(value):
    return "n/a" if value is None else f"{100 * value:.1f} %"


def pct2(value):
    """Two decimals, where a rate sits next to a target: 94.98 % must not read as a met 95 %."""
    return "n/a" if value is None else f"{100 * value:.2f} %"


def num(value, digits=3):
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def megabytes(size):
    return "n/a" if size is None else f"{size:,} bytes ({size / 1e6:.2f} MB)"


# --- facts from the reports -----------------------------------------------------

def per_class(report, label):
    for entry in report.get("per_class", []):
        if entry["label"] == label:
            return entry
    return None


def target_value(report, key):
    """A metric named as in model_card_domains: "accuracy", "auroc:<label>",
    "screening:sensitivity" / "screening:specificity", ..."""
    if report is None:
        return None
    if key.startswith("auroc:"):
        return report.get("auroc", {}).get(key.split(":", 1)[1])
    if key.startswith("screening:"):  # the screening reading at its threshold on the test split
        return report.get("screening", {}).get("test", {}).get(key.split(":", 1)[1])
    if key == "min_recall":  # the worst class's recall (a router's worst-routed domain)
        recalls = [c["recall"] for c in report.get("per_class", [])]
        return min(recalls) if recalls else None
    return report.get(key)


def file_size(model_dir, manifest, variant):
    entry = manifest.get("files", {}).get(variant)
    if not entry:
        return None
    path = os.path.join(model_dir, entry["path"])
    return os.path.getsize(path) if os.path.exists(path) else None


def class_counts(data_root, domain, labels):
    """{split: {label: files}} from the class folders; None when the data is not there."""
    counts = {}
    for split in ("train", "test"):
        folder = os.path.join(data_root, domain, split)
        if not os.path.isdir(folder):
            return None
        counts[split] = {label: len([f for f in os.listdir(os.path.join(folder, label)) if not f.startswith(".")])
                         if os.path.isdir(os.path.join(folder, label)) else 0 for label in labels}
    return counts


# --- sections ---------------------------------------------------------------------

def section_model(manifest, training, sizes):
    config = (training or {}).get("config", {})
    shape = manifest["input"]["shape"]
    pre = manifest["preprocess"]
    lines = ["## Model", ""]
    widths = config.get("widths")
    stem_kernel, stem_stride = config.get("stem_kernel", 3), config.get("stem_stride", 2)
    stem = (f"a {stem_kernel}x{stem_kernel} stride-{stem_stride} stem conv"
            + (f" to {config['stem_width']} channels" if config.get("stem_width") else "") + ", then ")
    arch = ("Compact plain CNN (tools/training/model.py): " + stem + "3x3 conv + batch norm + ReLU stages"
            + (f" of widths {widths}" if widths else "")
            + (f", {config['blocks']} convs per stage" if "blocks" in config else "")
            + ", global average pooling, one linear layer (which also gives exact class activation maps).")
    lines.append(f"- Architecture: {arch}")
    if training and "parameters" in training:
        lines.append(f"- Parameters: {training['parameters']:,}")
    lines.append(f"- Input: {manifest['input']['color']} {shape[2]}x{shape[3]} ({manifest['input']['layout']}, "
                 f"{manifest['input']['dtype']}); resize `{pre['resize']}`"
                 + (f" to {pre['resize_size']}" if "resize_size" in pre else "")
                 + f", {pre['filter']}, mean {pre['mean']}, std {pre['std']}")
    display = manifest.get("display_labels")
    if display:
        lines.append(f"- Task: {manifest['task']}; labels, with the names the page shows: " + "; ".join(
            f"`{label}`: {name}" for label, name in zip(manifest["labels"], display)))
    else:
        lines.append(f"- Task: {manifest['task']}; labels: " + ", ".join(f"`{l}`" for l in manifest["labels"]))
    lines.append("")
    lines.append(table(["file", "variant", "size"],
                       [[manifest["files"][v]["path"] if v in manifest.get("files", {}) else "(not yet built)",
                         v, megabytes(sizes[v])] for v in VARIANTS]))
    return lines


def section_training(training):
    lines = ["## Training", ""]
    if not training:
        return lines + ["training.json is missing."]
    config = training.get("config", {})
    best = training.get("best_epoch", {})
    lines += [
        f"- Command: `{training['command']}`",
        f"- Time: {training['seconds'] / 60:.1f} min on {training.get('machine', 'unknown machine')}",
        f"- Images: {training['train_images']} for training, {training['validation_images']} for validation "
        f"(a seeded random {100 * config.get('val_fraction', 0):.0f} % of the train split, seed "
        f"{config.get('seed', '?')}); the test split is never seen in training.",
        f"- Schedule: {config.get('epochs', '?')} epochs, batch {config.get('batch_size', '?')}, "
        f"lr {config.get('lr', '?')}, weight decay {config.get('weight_decay', '?')}, "
        f"label smoothing {config.get('label_smoothing', '?')}",
        f"- Kept epoch {best.get('epoch', '?')}: validation accuracy {pct(best.get('accuracy'))}, "
        f"balanced accuracy {pct(best.get('balanced_accuracy'))}",
    ]
    return lines


def section_data(domain, facts, counts, labels, data_root):
    lines = ["## Data", ""]
    source_md = os.path.join(data_root, domain, "SOURCE.md")
    if facts:
        lines += [f"- Source: {facts['source']}", f"- Licence: {facts['licence']}", f"- Split: {facts['split']}"]
    lines.append(f"- Details, provenance and clean-up steps: `{domain}/SOURCE.md` in the data folder"
                 + ("" if os.path.exists(source_md) else " (not found at " + source_md + ")") + ".")
    if counts:
        lines += ["", table(["class", "train", "test"],
                            [[f"`{l}`", counts["train"][l], counts["test"][l]] for l in labels]
                            + [["**total**", sum(counts["train"].values()), sum(counts["test"].values())]])]
    return lines


def section_evaluation(reports, facts, labels, training):
    lines = ["## Evaluation on the test split", ""]
    present = [v for v in VARIANTS if reports[v]]
    if not present:
        return lines + ["No eval.fp32.json / eval.int8.json yet: run tools/evaluate_models.sh."]
    first = reports[present[0]]
    lines.append(f"`dxlens eval` on `{first['data']}`: {first['images']} images classified.")
    for v in present:
        failed = len(reports[v]["errors"])
        if failed:
            lines.append(f"**{failed} test images could not be classified by the {v.upper()} model** (listed in "
                         f"eval.{v}.json, e.g. \"{reports[v]['errors'][0]['error']}\"); the metrics below cover "
                         "only the images that were classified.")
    lines.append("")

    def row(name, getter):
        return [name] + [getter(reports[v]) if reports[v] else "-" for v in VARIANTS]

    rows = [row("accuracy", lambda r: pct(r["accuracy"])),
            row("balanced accuracy", lambda r: pct(r["balanced_accuracy"])),
            row("macro-F1", lambda r: num(r["macro_f1"])),
            row("macro AUROC", lambda r: num(r["macro_auroc"]))]
    if "binary" in first:
        positive = first["binary"]["positive"]
        rows += [row(f"sensitivity ({positive})", lambda r: pct(r["binary"]["sensitivity"])),
                 row("specificity", lambda r: pct(r["binary"]["specificity"]))]
    highlight = (facts or {}).get("highlight_recall")
    if highlight:
        rows.append(row(f"recall of `{highlight}`", lambda r: pct((per_class(r, highlight) or {}).get("recall"))))
    rows.append(row("images/s", lambda r: f"{r['images_per_second']:.0f} ({r['threads'] or 'default'} threads)"))
    lines += [table(["metric", "FP32", "INT8"], rows), ""]
    best = (training or {}).get("best_epoch", {})
    if "accuracy" in best:
        lines += [f"For comparison, FP32 validation accuracy at training time: {pct(best['accuracy'])} "
                  "(validation images come from the train split).", ""]

    header = ["class", "support"] + [f"{v.upper()} {m}" for v in present for m in ("precision", "recall")]
    class_rows = []
    for label in labels:
        entries = [per_class(reports[v], label) for v in present]
        support = entries[0]["support"] if entries[0] else 0
        class_rows.append([f"`{label}`", support]
                          + [num(e[m]) if e else "-" for e in entries for m in ("precision", "recall")])
    lines += [table(header, class_rows), ""]

    shipped = "int8" if reports["int8"] else present[0]
    confusion = reports[shipped]["confusion"]
    lines.append(f"Confusion matrix ({shipped.upper()}; rows = true class, columns = predicted, same order):")
    lines += ["", table(["true \\ predicted"] + [f"`{l}`" for l in labels],
                        [[f"`{l}`"] + row for l, row in zip(labels, confusion)])]
    return lines


def section_quantization(quant):
    """quantization.json as tools/quantize writes it: "method", "selected_by",
    "methods" (method -> eval report on the validation images), "fp32" (the same
    for FP32), "ops" ({"level", "fp32": {op: n}, "int8": {op: n}}), "calibration",
    "quantized_nodes", "left_float", "command". Missing keys are skipped."""
    lines = ["## Quantization", ""]
    if not quant:
        return lines + ["Not quantized yet (no quantization.json)."]
    if quant.get("method"):
        lines.append(f"- Calibration method chosen: **{quant['method']}**"
                     + (f", by {quant['selected_by']}" if quant.get("selected_by") else ""))
    calibration = quant.get("calibration") or {}
    if calibration:
        lines.append(f"- Calibration: {calibration.get('images', '?')} images"
                     + (f", clipped at the {calibration['percentile']} percentile"
                        if quant.get("method") == "percentile" and "percentile" in calibration else ""))
    if quant.get("quantized_nodes"):
        nodes = ", ".join(f"{n} {op}" for op, n in quant["quantized_nodes"].items() if n)
        lines.append(f"- Quantized nodes: {nodes}; left in float: {', '.join(quant.get('left_float') or []) or 'none'}")
    if quant.get("command"):
        lines.append(f"- Command: `{quant['command']}`")

    candidates = dict(quant.get("methods") or {})
    if candidates:
        rows = [[name + (" (chosen)" if name == quant.get("method") else ""), pct(r.get("accuracy")),
                 pct(r.get("balanced_accuracy")), num(r.get("macro_f1"))] for name, r in candidates.items()]
        if isinstance(quant.get("fp32"), dict):
            r = quant["fp32"]
            rows.append(["FP32 reference", pct(r.get("accuracy")), pct(r.get("balanced_accuracy")),
                         num(r.get("macro_f1"))])
        images = next(iter(candidates.values())).get("images", "?")
        lines += ["", f"Validation metrics per calibration method ({images} validation images, held out of "
                  "training and distinct from the test split):", "",
                  table(["method", "accuracy", "balanced accuracy", "macro-F1"], rows)]

    ops = quant.get("ops") or {}
    per_variant = {v: ops[v] for v in VARIANTS if isinstance(ops.get(v), dict)}
    if per_variant:
        names = sorted({op for counts in per_variant.values() for op in counts})
        lines += ["", f"Operators ONNX Runtime runs (graph optimisation level `{ops.get('level', '?')}`):", "",
                  table(["operator"] + [v.upper() for v in per_variant],
                        [[f"`{op}`"] + [per_variant[v].get(op, 0) for v in per_variant] for op in names])]
    return lines


def section_targets(reports, facts, sizes, speed):
    lines = ["## Targets", ""]
    rows = []
    shipped = "int8" if reports["int8"] else "fp32"
    for key, threshold, text in (facts or {}).get("targets", []):
        value = target_value(reports[shipped], key)
        status = "n/a" if value is None else ("met" if value >= threshold else "missed")
        if shipped == "fp32" and value is not None:
            status += " (FP32; INT8 pending)"
        failed = len(reports[shipped]["errors"]) if reports[shipped] else 0
        if failed and value is not None:
            status += f" (only {reports[shipped]['images']} of {reports[shipped]['images'] + failed} images classified)"
        # Two decimals: 96.97 % must not read as a met 97 % target.
        shown = ("n/a" if value is None else f"{100 * value:.2f} %") if not key.startswith("auroc") else num(value)
        rows.append([text, shown, status])
    if reports["fp32"] and reports["int8"]:
        for key, _, text in (facts or {}).get("targets", []):
            a, b = target_value(reports["fp32"], key), target_value(reports["int8"], key)
            if a is None or b is None:
                continue
            drop = 100 * (a - b)
            metric = key.replace("auroc:", "AUROC ").replace("_", " ")
            rows.append([f"INT8 within {INT8_MAX_DROP_PP:g} pp of FP32 ({metric})",
                         f"INT8 - FP32 = {0.0 - drop:+.2f} pp", "met" if drop <= INT8_MAX_DROP_PP else "missed"])
    else:
        rows.append([f"INT8 within {INT8_MAX_DROP_PP:g} pp of FP32", "-", "pending (no INT8 evaluation)"])
    size = sizes["int8"]
    rows.append([f"INT8 file <= {INT8_MAX_BYTES / 1e6:g} MB", megabytes(size),
                 "pending (no INT8 file)" if size is None else ("met" if size <= INT8_MAX_BYTES else "missed")])
    rows.append([f"INT8 >= {INT8_MIN_SPEEDUP:g}x faster than FP32 in the browser (1 thread, batch 1)",
                 "not timed" if speed is None else f"{speed['ratio']:.2f}x",
                 "pending" if speed is None else ("met" if speed["ratio"] >= INT8_MIN_SPEEDUP else "missed")])
    return lines + [table(["target", "value", "status"], rows)]


def browser_speed(manifest):
    """This model's FP32 and INT8 medians in ONNX Runtime Web (1 thread, batch 1)
    from the architecture sweep's shipped-model rows (bench/results/arch_sweep.json,
    variant shipped_<name>), or None when the sweep did not time these very files."""
    sweep = load_json(os.path.join(REPO, "bench", "results", "arch_sweep.json"))
    if not sweep:
        return None
    name = "shipped_" + manifest["name"]
    variant = next((v for v in sweep.get("variants", []) if v["name"] == name), None)
    files = manifest.get("files", {})
    if not variant or any(variant.get("sha256", {}).get(v) != files.get(v, {}).get("sha256") for v in ("fp32", "int8")):
        return None
    row = next((r for r in sweep.get("results", []) if r["variant"] == name and r["threads"] == 1 and r["batch"] == 1),
               None)
    if not row:
        return None
    return {"fp32_ms": row["fp32"]["median"], "int8_ms": row["int8"]["median"],
            "ratio": row["ratio_fp32_over_int8"], "date": sweep.get("created", "")[:10],
            "browser": sweep.get("runtime", {}).get("browser", "")}


def section_speed(speed):
    lines = ["## Speed in the browser", ""]
    if speed is None:
        return lines + ["Not yet timed for these files: run the architecture sweep with "
                        "`--shipped models:shipped_` (bench/README.md, \"Architecture sweep\")."]
    return lines + [
        f"ONNX Runtime Web (WASM, 1 thread, batch 1, {speed['browser']}, {speed['date']}), median of the "
        f"alternating runs in bench/results/ARCH_SWEEP.md: FP32 {speed['fp32_ms']:.2f} ms, INT8 "
        f"{speed['int8_ms']:.2f} ms: INT8 is **{speed['ratio']:.2f}x** faster."]


def section_attempts(facts):
    """What was tried towards a missed target, with the numbers each attempt reached."""
    attempts = (facts or {}).get("attempts", [])
    if not attempts:
        return []
    return ["## What was tried", ""] + [f"- {attempt}" for attempt in attempts]


def section_trust(model_dir, manifest, reports, data_root):
    """When not to trust this output: the out-of-domain rates, calibration and
    screening point `dxlens eval` measured (eval.int8.json's trust fields), and
    the scale that was tested."""
    lines = ["## When not to trust this output", ""]
    shipped = "int8" if reports["int8"] else "fp32"
    report = reports[shipped]
    if not report or "calibration" not in report:
        return lines + ["No trust measurements yet: run tools/trust/fit.py, then tools/evaluate_models.sh."]
    domain = report.get("domain")
    if domain:
        stats = load_json(os.path.join(model_dir, manifest["domain"]["file"])) if "domain" in manifest else {}
        feature_share = stats.get("target_acceptance", 0.95)
        colour = stats.get("colour")
        colour_text = ""
        if colour:
            colour_text = (f" It also refuses an image whose colour statistics (brightness, saturation and chroma, "
                           "their spread, and the direction of the colour) lie far from those of its training "
                           f"images (squared Mahalanobis distance above {colour['threshold']:g}, threshold chosen to "
                           f"accept {pct(colour.get('target_acceptance', 0.99))} of the held-back images): the "
                           "deep features alone took chest X-rays for leaves and MRI slices for H&E tissue.")
        lines += [f"- **Out of domain.** The model refuses a verdict for an image whose features lie far from "
                  f"its training images' (smallest Mahalanobis distance to a class mean above {domain['threshold']:g}; "
                  "`domain.json`, fitted by `tools/trust/fit.py` on the training part of the train split, threshold "
                  f"chosen to accept {pct(feature_share)} of the held-back validation images).{colour_text} Measured "
                  f"({shipped.upper()}, both checks):", ""]
        rows = [["own test split", f"`{report['data']}`", domain["images"], pct2(domain["acceptance"])]]
        for other in domain.get("others", []):
            refused = f" ({other['refused']} refused by the pipeline, counted as rejected)" if other["refused"] else ""
            rows.append(["other domain", f"`{other['data']}`", other["images"], pct2(other["acceptance"]) + refused])
        if "other_acceptance" in domain:
            total = sum(o["images"] for o in domain["others"])
            rows.append(["**all other domains**", "", total, pct2(domain["other_acceptance"])])
        lines += [table(["images", "folder", "count", "accepted as in domain"], rows), ""]
        if domain.get("ood_auroc") is not None:
            lines += [f"AUROC of the domain score, own test images vs other domains' images: "
                      f"{num(domain['ood_auroc'], 4)}. Images from domains not listed here (other body parts, "
                      "other scanners, photos of screens) were not measured.", ""]
        goals = [f"own test split accepted >= 95 %: {'met' if domain['acceptance'] >= 0.95 else 'missed'}"]
        if "other_acceptance" in domain:
            goals.append(f"other domains accepted <= 2 %: {'met' if domain['other_acceptance'] <= 0.02 else 'missed'}")
        lines += ["Issue targets: " + "; ".join(goals) + ".", ""]
    cal = report["calibration"]
    lines += [f"- **Calibration.** Temperature {cal['temperature']:g} (fitted on the held-back validation images by "
              "negative log-likelihood). On the test split:", "",
              table(["probabilities", "ECE (15 bins)", "Brier score"],
                    [["before (model's own probabilities)", num(cal["ece_before"], 4), num(cal["brier_before"], 4)],
                     ["after calibration", num(cal["ece_after"], 4), num(cal["brier_after"], 4)]]), "",
              f"Issue target ECE <= 0.05 on the test split: {'met' if cal['ece_after'] <= 0.05 else 'missed'}. "
              "Probabilities assume the class shares the model learned under (equal, training samples classes "
              "equally); give your population's with `--prior LABEL=SHARE`.", ""]
    screening = report.get("screening")
    if screening:
        v, t = screening["validation"], screening["test"]
        lines += [f"- **Screening operating point.** `{screening['label']}` when its calibrated probability is "
                  f">= {screening['threshold']:g} (the highest threshold with validation sensitivity >= 95 %; "
                  "`--threshold` overrides it):", "",
                  table(["split", "sensitivity", "specificity"],
                        [["validation (held-back train images)", pct(v["sensitivity"]), pct(v["specificity"])],
                         ["test", pct(t["sensitivity"]), pct(t["specificity"])]]), ""]
    patch = manifest.get("patch")
    if patch:
        lines += section_scale(model_dir, patch)
    else:
        size = manifest["input"]["shape"][2]
        lines.append(f"- **Scale.** Tested only on the dataset's own image sizes, resized to {size} px; other "
                     "resolutions, crops or framings were not measured.")
    return lines


def section_scale(model_dir, patch):
    """Patch models: the scale they cut at and tools/scale/consistency.py's figures (scale.json)."""
    fov = round(patch["size"] * patch["downscale"])
    reference = patch.get("scale", {}).get("reference", "the dataset's originals")
    lines = [f"- **Scale.** Patches of {patch['size']} model px cover {fov} px of an image at the scale of "
             f"{reference} ({patch['downscale']:g} source px per model px). An image is taken to be at that scale "
             "unless `--scale` (CLI) or the page's scale field says otherwise (or, for models that state microns "
             "per pixel, the file does); an image no larger than one patch's field of view is classified whole."]
    path = os.path.join(model_dir, "scale.json")
    if not os.path.exists(path):
        return lines + ["  Other resolutions were not measured.", ""]
    with open(path) as f:
        figures = json.load(f)
    lines[-1] += (f" Measured by `tools/scale/consistency.py` on {figures['tiles']} test tiles, resampled "
                  f"({figures['resampling']}) to each size:")
    lines += ["", table(["scale", "size (px)", "patch field of view (px)", "accuracy", "same verdict as at 224 px"],
                        [[r["scale"], r["size"], r["field_of_view"], pct(r["accuracy"]), pct(r["agreement_with_224"])]
                         for r in figures["runs"]]), "",
              "  2 x 2 mosaics of tiles of one class, scale stated: every patch lands on one tile.", "",
              table(["mosaic size (px)", "mosaics", "accuracy", "patches with their own tile's verdict"],
                    [[m["size"], m["count"], pct(m["accuracy"]), pct(m["patch_agreement"])]
                     for m in figures["mosaics"]]), "",
              "  Tested: 224 to 1,536 px images of 224 to 768 px originals. Images far beyond that range, or "
              "whole slides at other magnifications without a stated scale, were not measured.", ""]
    return lines


def section_limits(facts):
    lines = ["## Known limits", ""]
    for limit in (facts or {}).get("limits", []) + GENERAL_LIMITS:
        lines.append(f"- {limit}")
    return lines


def card(model_dir, data_root):
    manifest = load_json(os.path.join(model_dir, "manifest.json"))
    if manifest is None:
        raise SystemExit(f"{model_dir}: no manifest.json")
    training = load_json(os.path.join(model_dir, "training.json"))
    reports = {v: load_json(os.path.join(model_dir, f"eval.{v}.json")) for v in VARIANTS}
    quant = load_json(os.path.join(model_dir, "quantization.json"))
    sizes = {v: file_size(model_dir, manifest, v) for v in VARIANTS}
    speed = browser_speed(manifest)  # read once: the speed section and the targets both quote it
    domain = ((training or {}).get("config", {}).get("data")) or manifest["name"]
    facts = DOMAINS.get(domain)
    labels = manifest["labels"]
    title = manifest.get("title", manifest["name"])

    lines = [f"# {title}", "",
             f"Model `{manifest['name']}` version {manifest['version']}. Generated by `tools/model_card.py` from "
             "the files in this folder; edit those (or the generator), not this card.", "",
             "## Intended use", "",
             "Research demonstration of on-device image classification with dxlens. **Not for clinical use**, "
             "not a medical device, and not for diagnosis, triage or treatment decisions"
             + (" (nor for agronomic decisions)" if domain == "plant_leaf" else "") + ".", ""]
    if manifest.get("upload_hint"):
        lines += ["## What to upload", "", manifest["upload_hint"], ""]
    for section in (section_model(manifest, training, sizes), section_training(training),
                    section_data(domain, facts, class_counts(data_root, domain, labels), labels, data_root),
                    section_evaluation(reports, facts, labels, training), section_quantization(quant),
                    section_speed(speed), section_targets(reports, facts, sizes, speed),
                    section_trust(model_dir, manifest, reports, data_root),
                    section_attempts(facts), section_limits(facts)):
        if section:
            lines += section + [""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="model folder, e.g. models/chest_xray")
    parser.add_argument("--data-root", required=True, help="folder holding <domain>/{train,test}/ and SOURCE.md")
    parser.add_argument("--out", help="default: <model>/CARD.md")
    args = parser.parse_args()
    out = args.out or os.path.join(args.model, "CARD.md")
    text = card(args.model, args.data_root)
    with open(out, "w") as f:
        f.write(text)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
