#!/usr/bin/python3
"""Integration tests of the `dxlens` command-line tool, one ctest entry per case:

    cli_test.py --dxlens BIN --work DIR CASE

WORK holds what make_inputs.py generated (the ctest fixture). Every run of the
tool gets a timeout, and a run that ends by a signal (a crash) fails the case
whatever it printed.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

from PIL import Image

LABELS = ["healthy", "leaf_rust", "powdery_mildew"]
TIMEOUT_S = 60
CASES = {}


class Failure(Exception):
    pass


def case(function):
    CASES[function.__name__] = function
    return function


def check(condition, message):
    if not condition:
        raise Failure(message)


class Cli:
    def __init__(self, binary, work):
        self.binary = binary
        self.work = work

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def run(self, *args):
        try:
            proc = subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise Failure(f"dxlens {' '.join(args)} did not finish within {TIMEOUT_S} s")
        check(proc.returncode >= 0, f"dxlens was killed by signal {-proc.returncode} (crash)\n{proc.stderr}")
        return proc

    def classify(self, model, *images_and_options):
        return self.run("classify", "--model", self.path("models", model), *images_and_options)

    def image(self, name):
        return self.path("images", name)


def parse_json(proc):
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise Failure(f"output is not JSON ({e}):\n{proc.stdout}\n{proc.stderr}")


def check_ok(proc):
    check(proc.returncode == 0, f"exit status {proc.returncode}, expected 0\nstderr: {proc.stderr}")


def check_result(result, image_path, top_k=3):
    check(result.get("image") == image_path, f"'image' is {result.get('image')!r}")
    check(result.get("model") == "tiny_cnn" or result.get("model") == "tiny_patch", f"'model' is {result.get('model')!r}")
    top = result["top"]
    check(len(top) == top_k, f"expected {top_k} entries in 'top', got {len(top)}")
    probs = [t["prob"] for t in top]
    check(all(set(t) == {"label", "prob"} for t in top), f"'top' entries must be {{label, prob}}: {top}")
    check(all(t["label"] in LABELS for t in top), f"unknown label in {top}")
    check(len({t["label"] for t in top}) == len(top), f"duplicate labels in {top}")
    check(all(0.0 <= p <= 1.0 for p in probs), f"probabilities outside [0, 1]: {probs}")
    check(probs == sorted(probs, reverse=True), f"probabilities not in descending order: {probs}")
    if top_k == len(LABELS):
        check(math.isclose(sum(probs), 1.0, abs_tol=1e-4), f"probabilities sum to {sum(probs)}, not 1")
    timings = result["timings_ms"]
    check(list(timings) == ["decode", "preprocess", "inference", "postprocess"], f"timings keys: {list(timings)}")
    check(all(isinstance(v, (int, float)) and v >= 0 for v in timings.values()), f"bad timings {timings}")


# --- classification -----------------------------------------------------------

@case
def classify_json(cli):
    image = cli.image("demo.png")
    proc = cli.classify("tiny", image, "--json")
    check_ok(proc)
    result = parse_json(proc)
    # "uncalibrated" (issue 10) sits after "top"; a model without domain
    # statistics or screening point adds nothing else.
    check(list(result) == ["image", "model", "top", "uncalibrated", "timings_ms"], f"top-level keys: {list(result)}")
    check_result(result, image)


@case
def classify_top_k_and_options(cli):
    image = cli.image("demo.jpg")
    proc = cli.classify("tiny", image, "--json", "--top-k", "2", "--threads", "1", "--variant", "fp32")
    check_ok(proc)
    check_result(parse_json(proc), image, top_k=2)


@case
def classify_text(cli):
    proc = cli.classify("tiny", cli.image("demo.png"))
    check_ok(proc)
    check("timings:" in proc.stdout and "1. " in proc.stdout, f"unexpected text output:\n{proc.stdout}")
    check(any(label in proc.stdout for label in LABELS), "no label in the text output")
    check("CAM: 8x8" in proc.stdout, f"CAM size not reported:\n{proc.stdout}")


@case
def classify_many(cli):
    images = [cli.image(n) for n in ("demo.png", "demo.jpg", "demo.bmp")]
    proc = cli.classify("tiny", *images, "--json")
    check_ok(proc)
    results = parse_json(proc)
    check(isinstance(results, list) and len(results) == 3, "expected a JSON array of 3 results")
    for result, image in zip(results, images):
        check_result(result, image)


@case
def classify_long_command_line(cli):
    """ONNX Runtime recurses over /proc/self/cmdline while it loads a model; the
    CLI's large stack must cover a command line far past what once crashed it
    (~21 kB). 1,200 paths of ~100 bytes: about 120 kB."""
    folder = os.path.join(cli.work, "long_command_line", "a_deliberately_long_folder_name_" + "x" * 40)
    os.makedirs(folder, exist_ok=True)
    source = cli.image("demo.png")
    images = []
    for i in range(1200):
        path = os.path.join(folder, f"image_{i:05d}.png")
        if not os.path.exists(path):
            os.symlink(os.path.abspath(source), path)
        images.append(path)
    proc = cli.classify("tiny", *images, "--json")
    check_ok(proc)
    results = parse_json(proc)
    check(isinstance(results, list) and len(results) == len(images), f"expected {len(images)} results")


@case
def classify_many_with_a_bad_image(cli):
    images = [cli.image("demo.png"), cli.image("bad/truncated.png"), cli.image("demo.jpg")]
    proc = cli.classify("tiny", *images, "--json")
    check(proc.returncode == 1, f"exit status {proc.returncode}, expected 1")
    results = parse_json(proc)
    check(len(results) == 3, "every image must have an entry")
    check_result(results[0], images[0])
    check_result(results[2], images[2])
    check(list(results[1]) == ["image", "model", "error", "kind"], f"failed entry keys: {list(results[1])}")
    check("PNG" in results[1]["error"], f"error does not name the format: {results[1]['error']}")
    check(results[1]["kind"] == "corrupt", f"error kind: {results[1]['kind']}")
    check(images[1] in proc.stderr, "stderr must name the failed image")


@case
def classify_patch_model(cli):
    image = cli.image("demo.png")  # 320x240: a 5x4 grid of 64 px patches, 16 kept
    proc = cli.classify("patch", image, "--json")
    check_ok(proc)
    result = parse_json(proc)
    check_result(result, image)
    patches = result["patches"]
    check(len(patches) == 16, f"expected 16 patches (max_patches), got {len(patches)}")
    check(result["aggregate"]["method"] == "mean" and result["aggregate"]["patch_count"] == 16,
          f"aggregate: {result['aggregate']}")
    corners = set()
    for p in patches:
        check(set(p) == {"x", "y", "size", "probs"}, f"patch keys: {list(p)}")
        check(p["size"] == 64, f"patch size {p['size']}")
        check(0 <= p["x"] <= 320 - 64 and 0 <= p["y"] <= 240 - 64, f"patch outside the image: {p}")
        check(len(p["probs"]) == 3 and math.isclose(sum(p["probs"]), 1.0, abs_tol=1e-4), f"patch probs {p['probs']}")
        corners.add((p["x"], p["y"]))
    check(len(corners) == len(patches), "patches repeat coordinates")
    # Mean aggregation: the reported probabilities are the patch average.
    mean = [sum(p["probs"][c] for p in patches) / len(patches) for c in range(3)]
    check(all(math.isclose(a, b, abs_tol=1e-4) for a, b in zip(mean, result["aggregate"]["probs"])),
          f"aggregate {result['aggregate']['probs']} is not the patch mean {mean}")


@case
def classify_cam_overlay(cli):
    out = cli.path("cam_overlay.png")
    if os.path.exists(out):
        os.remove(out)
    proc = cli.classify("tiny", cli.image("demo.jpg"), "--json", "--cam", out)
    check_ok(proc)
    result = parse_json(proc)
    check(result["cam"]["width"] == 8 and result["cam"]["height"] == 8, f"cam: {result.get('cam')}")
    with Image.open(out) as overlay:
        check(overlay.size == (200, 300) and overlay.mode == "RGBA", f"overlay is {overlay.size} {overlay.mode}")


# --- eval ---------------------------------------------------------------------

EVAL_KEYS = ["model", "variant", "data", "images", "classes", "accuracy", "balanced_accuracy", "macro_f1",
             "per_class", "auroc", "macro_auroc", "confusion", "images_per_second", "seconds", "threads", "errors"]


def eval_model(cli, dataset, *options):
    return cli.run("eval", "--model", cli.path("models", "tiny"), "--data", cli.path("datasets", dataset),
                   *options)


def dataset_images(cli, dataset):
    """(path, label index) of every readable image, the order eval lists them in."""
    images = []
    for index, label in enumerate(LABELS):
        folder = cli.path("datasets", dataset, label)
        if os.path.isdir(folder):
            images += [(os.path.join(folder, f), index) for f in sorted(os.listdir(folder))
                       if not f.startswith(".") and not f.startswith("zz_")]
    return images


def pairwise_auroc(scores, positive):
    """AUROC by comparing every positive with every negative (a tie counts 1/2):
    an independent check of the rank formula the tool uses."""
    pos = [s for s, p in zip(scores, positive) if p]
    neg = [s for s, p in zip(scores, positive) if not p]
    if not pos or not neg:
        return None
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def check_eval_consistent(report):
    """Relations every report must satisfy, whatever the model predicts."""
    # The trust fields (issue 10) follow the original keys, unchanged.
    check(list(report) == EVAL_KEYS + ["calibration"], f"top-level keys: {list(report)}")
    check(report["classes"] == LABELS, f"classes: {report['classes']}")
    confusion = report["confusion"]
    total = sum(map(sum, confusion))
    check(total == report["images"], f"confusion sums to {total}, images is {report['images']}")
    trace = sum(confusion[i][i] for i in range(len(confusion)))
    check(math.isclose(report["accuracy"], trace / total, abs_tol=1e-6), f"accuracy {report['accuracy']} != trace/sum")
    present = []
    for row, entry in zip(confusion, report["per_class"]):
        check(entry["support"] == sum(row), f"support {entry} vs row {row}")
        if entry["support"]:
            present.append(entry["recall"])
    check(math.isclose(report["balanced_accuracy"], sum(present) / len(present), abs_tol=1e-6),
          f"balanced accuracy {report['balanced_accuracy']} is not the mean recall {present}")
    check(0 < report["images_per_second"] and report["seconds"] > 0, "no throughput reported")
    check("binary" not in report, "a three-class model has no sensitivity/specificity")


@case
def eval_json(cli):
    proc = eval_model(cli, "full", "--json", "--threads", "1")
    check_ok(proc)
    report = parse_json(proc)
    check_eval_consistent(report)
    check(report["model"] == "tiny_cnn" and report["variant"] == "fp32", f"model/variant: {report}")
    check(report["threads"] == 1, f"threads: {report['threads']}")

    # The truncated image is listed and left out; the hidden file and README.txt are ignored.
    check(report["images"] == 10, f"expected 10 images, got {report['images']}")
    errors = report["errors"]
    check(len(errors) == 1 and errors[0]["image"].endswith("zz_truncated.png"), f"errors: {errors}")
    check("PNG" in errors[0]["error"], f"error does not name the format: {errors[0]}")
    check("zz_truncated.png" in proc.stderr, "stderr must name the failed image")

    # The same images through `classify`: the confusion matrix and AUROCs must follow from its probabilities.
    images = dataset_images(cli, "full")
    classified = parse_json(cli.classify("tiny", *[p for p, _ in images], "--json", "--top-k", "3"))
    confusion = [[0] * len(LABELS) for _ in LABELS]
    scores = [[0.0] * len(LABELS) for _ in images]
    for i, ((_, label), result) in enumerate(zip(images, classified)):
        for t in result["top"]:
            scores[i][LABELS.index(t["label"])] = t["prob"]
        confusion[label][LABELS.index(result["top"][0]["label"])] += 1
    check(report["confusion"] == confusion, f"confusion {report['confusion']}, classify says {confusion}")
    for c, label in enumerate(LABELS):
        expected = pairwise_auroc([s[c] for s in scores], [l == c for _, l in images])
        check(math.isclose(report["auroc"][label], expected, abs_tol=1e-6),
              f"AUROC of {label}: {report['auroc'][label]}, pairwise {expected}")
    defined = list(report["auroc"].values())
    check(math.isclose(report["macro_auroc"], sum(defined) / 3, abs_tol=1e-6), "macro AUROC is not the mean")


@case
def eval_text_and_out_file(cli):
    out = cli.path("eval_report.json")
    if os.path.exists(out):
        os.remove(out)
    proc = eval_model(cli, "full", "--out", out)
    check_ok(proc)
    for text in ("model: tiny_cnn (fp32)", "10 classified, 1 failed", "balanced accuracy", "macro AUROC",
                 "confusion (rows = true class", "powdery_mildew", "zz_truncated.png"):
        check(text in proc.stdout, f"'{text}' missing from:\n{proc.stdout}")
    with open(out) as f:
        report = json.load(f)
    check_eval_consistent(report)
    check(report["images"] == 10 and len(report["errors"]) == 1, f"--out report: {report}")


@case
def eval_label_without_folder(cli):
    proc = eval_model(cli, "partial", "--json")
    check_ok(proc)
    report = parse_json(proc)
    check_eval_consistent(report)
    check(report["images"] == 4 and report["errors"] == [], f"images/errors: {report['images']} {report['errors']}")
    check(report["per_class"][2]["support"] == 0, f"per_class: {report['per_class']}")
    check(report["auroc"]["powdery_mildew"] is None, f"AUROC without positives must be null: {report['auroc']}")


@case
def eval_limit_per_class(cli):
    proc = eval_model(cli, "full", "--json", "--limit-per-class", "1")
    check_ok(proc)
    report = parse_json(proc)
    check_eval_consistent(report)
    check(report["images"] == 3 and report["errors"] == [], f"images/errors: {report['images']} {report['errors']}")
    check([e["support"] for e in report["per_class"]] == [1, 1, 1], f"per_class: {report['per_class']}")


@case
def eval_unknown_folder(cli):
    proc = eval_model(cli, "unknown_folder", "--json")
    check(proc.returncode == 1, f"exit status {proc.returncode}, expected 1")
    check(re.search(r"sub-folder 'rust' that is not one of the model's labels \('healthy', 'leaf_rust'", proc.stderr),
          f"stderr: {proc.stderr}")


@case
def eval_no_images(cli):
    for dataset, pattern in (("empty", r"has no images in any label folder"),
                             ("no_such_dataset", r"data folder .*no_such_dataset' does not exist")):
        proc = eval_model(cli, dataset)
        check(proc.returncode == 1, f"{dataset}: exit status {proc.returncode}, expected 1")
        check(re.search(pattern, proc.stderr), f"{dataset}: stderr {proc.stderr!r} does not match /{pattern}/")


# --- info, help, usage --------------------------------------------------------

@case
def info_json(cli):
    proc = cli.run("info", "--model", cli.path("models", "tiny"), "--json")
    check_ok(proc)
    info = parse_json(proc)
    check(info["name"] == "tiny_cnn" and info["labels"] == LABELS, f"info: {info}")
    check(info["input"]["shape"] == [-1, 3, 64, 64], f"input: {info['input']}")
    check(info["files"][0]["status"] == "ok", f"files: {info['files']}")
    check(info["onnx"]["check"] == "ok", f"onnx: {info['onnx']}")
    check([o["name"] for o in info["onnx"]["outputs"]] == ["logits", "features"], f"outputs: {info['onnx']}")


@case
def info_text(cli):
    proc = cli.run("info", "--model", cli.path("models", "patch"))
    check_ok(proc)
    for text in ("name: tiny_patch", "patch:", "aggregate: mean", "status: ok", "check: ok"):
        check(text in proc.stdout, f"'{text}' missing from:\n{proc.stdout}")


@case
def info_reports_sha_mismatch(cli):
    proc = cli.run("info", "--model", cli.path("models", "sha_mismatch"), "--json")
    check(proc.returncode == 1, f"exit status {proc.returncode}, expected 1")
    info = parse_json(proc)
    check(info["files"][0]["status"] == "mismatch", f"files: {info['files']}")


@case
def help_and_version(cli):
    proc = cli.run("--help")
    check_ok(proc)
    check("dxlens classify --model DIR IMAGE..." in proc.stdout, "help text lacks the classify usage")
    for command in ("classify", "info", "eval", "calibrate", "optimize", "bench"):
        check(f"  dxlens {command} " in proc.stdout, f"help text lacks the {command} usage")
        check(f"\n{command}" in proc.stdout, f"help text lacks the {command} section")
    # A command's --help: its own usage and options, from the same table.
    proc = cli.run("eval", "--model", "m", "--help")
    check_ok(proc)
    check("dxlens eval --model DIR --data DIR" in proc.stdout and "--limit-per-class N" in proc.stdout,
          f"eval --help: {proc.stdout}")
    check("dxlens bench" not in proc.stdout, f"eval --help shows other commands: {proc.stdout}")
    proc = cli.run("--version")
    check_ok(proc)
    check(re.match(r"dxlens \d+\.\d+\.\d+ \(ONNX Runtime 1\.29", proc.stdout), f"version: {proc.stdout}")


USAGE_ERRORS = [
    ([], "no command given"),
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["classify", "x.png"], "classify needs --model DIR"),
    (["classify", "--model", "m"], "classify needs at least one IMAGE"),
    (["classify", "--model", "m", "x.png", "--top-k", "0"], "--top-k expects an integer >= 1"),
    (["classify", "--model", "m", "x.png", "--threads", "many"], "--threads expects an integer"),
    (["classify", "--model", "m", "x.png", "--bogus"], "unknown option '--bogus'"),
    (["classify", "--model"], "--model needs a value"),
    (["classify", "--model", "m", "a.png", "b.png", "--cam", "c.png"], "--cam writes one overlay"),
    (["eval", "--model", "m"], "eval needs --data DIR"),
    (["eval", "--model", "m", "--data", "d", "--limit-per-class", "0"], "--limit-per-class expects an integer >= 1"),
    (["eval", "--model", "m", "--data", "d", "x.png"], "unexpected argument 'x.png' for eval"),
    (["eval", "--model", "m", "--data", "d", "--top-k", "2"], "unknown option '--top-k' for eval"),
    (["info", "--model", "m", "--cam", "c.png"], "unknown option '--cam' for info"),
    (["info", "--model", "m", "--json=yes"], "--json takes no value"),
    (["calibrate", "--model", "m", "--onnx", "a.onnx", "--images", "d"], "calibrate needs --out FILE"),
    (["calibrate", "--model", "m", "--onnx", "a.onnx", "--out", "s.json", "--bins", "8", "--images", "d"],
     "--bins expects an integer >= 16"),
    (["optimize", "--onnx", "a.onnx"], "optimize needs --out FILE"),
    (["optimize", "--onnx", "a.onnx", "--out", "b.onnx", "--model", "m"], "unknown option '--model' for optimize"),
    (["bench", "--model", "m", "--batch", "1,0"], "--batch expects an integer >= 1"),
    (["bench", "--model", "m", "--patch-modes", "every"], "--patch-modes takes sampled, all and naive"),
    (["bench", "--batch", "1"], "bench needs --model DIR"),
]


@case
def usage_errors(cli):
    for args, expected in USAGE_ERRORS:
        proc = cli.run(*args)
        check(proc.returncode == 2, f"{args}: exit status {proc.returncode}, expected 2")
        check(expected in proc.stderr, f"{args}: '{expected}' not in stderr: {proc.stderr}")


# --- bad inputs: a clear message and exit status 1, never a crash or a hang ---

# file, message pattern, error kind (the JSON entry's "kind", from dxlens::ErrorKind)
BAD_IMAGES = {
    "truncated_png": ("truncated.png", r"truncated PNG", "corrupt"),
    "truncated_jpeg": ("truncated.jpg", r"truncated JPEG", "corrupt"),
    "corrupt_png": ("corrupt.png", r"corrupt .*PNG", "corrupt"),
    "garbage_file": ("garbage.png", r"unrecognised image format", "unsupported"),
    "empty_file": ("empty.png", r"empty", "empty"),
    "decompression_bomb": ("bomb.png", r"60000x60000.*limit", "too_large"),
    "gif": ("image.gif", r"unsupported image format: GIF", "unsupported"),
    "tiff": ("image.tiff", r"unsupported image format: TIFF", "unsupported"),
    "missing_file": ("no_such_image.png", r"cannot read .*no such file", "io"),
    "directory": (".", r"cannot read .*directory", "io"),
}

# message pattern, error kind (shown as "dxlens: error (<kind>): ...")
BAD_MODELS = {
    "missing_field": (r"manifest\.json: manifest: missing field 'input\.name'", "manifest"),
    "wrong_type": (r"'input\.shape' must be an array of integers, got a string", "manifest"),
    "invalid_json": (r"manifest: invalid JSON: parse error at line 4", "manifest"),
    "sha_mismatch": (r"model\.fp32\.onnx' has sha256 320aee|has sha256 [0-9a-f]{64} but the manifest says 0{64}",
                     "model_mismatch"),
    "input_mismatch": (r"model input 'input' has shape \[-1,3,64,64\] but the manifest says \[-1,3,224,224\]",
                       "model_mismatch"),
    "no_logits_output": (r"model has no output named 'scores' \(its outputs: 'logits', 'features'\)",
                         "model_mismatch"),
    "no_such_model": (r"model folder .* does not exist", "io"),
}


def bad_image_case(name):
    file, pattern, kind = BAD_IMAGES[name]

    def run(cli):
        image = cli.image(os.path.join("bad", file))
        proc = cli.classify("tiny", image, "--json")
        check(proc.returncode == 1, f"exit status {proc.returncode}, expected 1\nstderr: {proc.stderr}")
        result = parse_json(proc)
        check("error" in result and "top" not in result, f"expected an error entry, got {result}")
        check(re.search(pattern, result["error"]), f"error {result['error']!r} does not match /{pattern}/")
        check(result.get("kind") == kind, f"error kind {result.get('kind')!r}, expected {kind!r}")
        check(image in proc.stderr, f"stderr does not name the image: {proc.stderr}")
    return run


def bad_model_case(name):
    pattern, kind = BAD_MODELS[name]

    def run(cli):
        proc = cli.classify(name, cli.image("demo.png"), "--json")
        check(proc.returncode == 1, f"exit status {proc.returncode}, expected 1\nstderr: {proc.stderr}")
        check(re.search(pattern, proc.stderr), f"stderr {proc.stderr!r} does not match /{pattern}/")
        check(f"dxlens: error ({kind}): " in proc.stderr, f"stderr {proc.stderr!r} does not give the kind {kind!r}")
    return run


for _name in BAD_IMAGES:
    CASES["bad_image_" + _name] = bad_image_case(_name)
for _name in BAD_MODELS:
    CASES["bad_model_" + _name] = bad_model_case(_name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("case", nargs="?", help="case to run; --list shows them")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list or not args.case:
        print("\n".join(CASES))
        return 0
    if args.case not in CASES:
        print(f"unknown case '{args.case}'", file=sys.stderr)
        return 2
    try:
        CASES[args.case](Cli(args.dxlens, args.work))
    except Failure as e:
        print(f"FAIL {args.case}: {e}", file=sys.stderr)
        return 1
    print(f"PASS {args.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
