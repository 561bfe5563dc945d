#!/usr/bin/python3
"""Volume and faults, natively: one long-lived `dxlens classify` process over
N mixed inputs (make_inputs.py: valid images and every kind of bad input).

    /usr/bin/python3 tools/volume/native_volume.py [--model models/plant_leaf]... [--count 10000]
        [--inputs build/volume/inputs] [--report bench/results/VOLUME.md]

Per model, two runs of one process each over all inputs, run in the inputs
folder with bare file names (10,000 names are about 0.26 MB of command line):
  1. `--json`: exit status 0 or 1 (never a signal), one entry per input in order,
     every valid image a result, every bad input an error with a kind and a
     one-line message, one `dxlens: PATH: message` stderr line per failure.
  2. text output, streamed as it goes, over the inputs --passes times (default
     2) in the one process: the same count of results and failures, and
     resident anonymous memory (RssAnon: heap and stacks) sampled every 100 ms. Judged: RSS growth over the last pass (the first
     pass is the warm-up) under --limit-mb. Reported too: growth from the end
     of the first --warmup inputs. The first pass can grow by a few MB that are
     no leak: the heap reaches its high-water mark for the largest images of
     the mix; the same inputs again then cost nothing. This is the memory run
     because the JSON run holds every report until it prints the array at the
     end, by design, so its RSS grows with N (reported, not judged).
Exit status 0 when every check held, 1 otherwise.

ONNX Runtime 1.29.0 recurses over /proc/self/cmdline when it creates a
session, so a long command line overflowed the default 8 MB stack (this run
crashed from about 2,000 names on); the CLI now runs on a large-stack thread
(native/cli), and these runs keep the default stack limit so that they check it.
"""
import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_results import check_exit, check_json, check_stderr, read_inputs, summarise  # noqa: E402
from report import write_section  # noqa: E402
from rss_monitor import monitor, rss_figures  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def ensure_inputs(folder, count, seed):
    listing = folder / "inputs.jsonl"
    if listing.exists() and sum(1 for _ in open(listing)) == count:
        return
    subprocess.run([sys.executable, str(Path(__file__).with_name("make_inputs.py")), "--out", str(folder),
                    "--count", str(count), "--seed", str(seed)], check=True)


def is_patch_model(model_dir):
    return "patch" in json.loads((Path(model_dir) / "manifest.json").read_text())


def run_model(dxlens, model, inputs, folder, warmup, limit_mb, threads, passes):
    paths = [i["path"] for i in inputs]  # bare names: the runs are in the folder
    base = [str(dxlens), "classify", "--model", str(model), "--threads", str(threads)]
    shown = [os.path.relpath(a, ROOT) if os.path.isabs(a) else a for a in base]  # the report names repo paths
    problems = []

    # 1. JSON: what every input gave.
    json_run = monitor(base + ["--json"] + paths, count_line=lambda stream, line: stream == "stderr", cwd=folder)
    problems += [f"json run: {p}" for p in check_exit(json_run.returncode)]
    try:
        entries = json.loads(json_run.stdout)
    except json.JSONDecodeError as e:
        entries = []
        problems.append(f"json run: output is not JSON ({e}); stderr tail: {json_run.stderr_lines[-3:]}")
    found, outcomes = check_json(inputs, entries, patch_model=is_patch_model(model))
    problems += found
    results = sum(n for (_, _, outcome), n in outcomes.items() if outcome == "ok")
    failures = sum(outcomes.values()) - results
    problems += [f"json run: {p}" for p in check_stderr(inputs, json_run.stderr_lines, failures)]

    # 2. Text, streamed: the memory run. A result starts with its path at the
    # start of a line; a failure is one stderr line.
    names = set(paths)
    is_header = lambda line: line.split(" (", 1)[0] in names  # noqa: E731
    count = lambda stream, line: stream == "stderr" or is_header(line)  # noqa: E731
    text_run = monitor(base + paths * passes, count_line=count, cwd=folder)
    problems += [f"text run: {p}" for p in check_exit(text_run.returncode)]
    text_results = sum(1 for line in text_run.stdout.splitlines() if is_header(line))
    if text_results + len(text_run.stderr_lines) != len(inputs) * passes:
        problems.append(f"text run: {text_results} results + {len(text_run.stderr_lines)} errors "
                        f"for {passes} x {len(inputs)} inputs")
    if len(text_run.stderr_lines) != failures * passes:
        problems.append(f"text run: {len(text_run.stderr_lines)} failures, the JSON run had {failures} (x {passes})")
    rss = rss_figures(text_run.samples, warmup)
    last_pass = rss_figures(text_run.samples, len(inputs) * (passes - 1)) if passes > 1 else rss
    if rss is None:
        problems.append("text run: no RSS sample (the process ended within 100 ms?)")
    elif last_pass["growth_mb"] >= limit_mb:
        problems.append(f"RSS grew by {last_pass['growth_mb']} MB over the last pass (limit {limit_mb} MB)")
    return {
        "model": str(model), "inputs": len(inputs), "threads": threads,
        "command": " ".join(shlex.quote(a) for a in shown) + " [--json] NAME... (one process, all inputs)",
        "exit_status": {"json": json_run.returncode, "text": text_run.returncode},
        "results": results, "failures": failures,
        "outcomes": summarise(outcomes),
        "error_kinds": dict(Counter(e.get("kind") for e in entries if "error" in e)),
        "seconds": {"json": round(json_run.seconds, 1), "text": round(text_run.seconds, 1)},
        "passes": passes, "rss": rss, "rss_last_pass": last_pass, "rss_json_run": rss_figures(json_run.samples, 0),
        "problems": problems,
    }


def markdown(result, warmup, limit_mb):
    r, rss, jr, lp = result, result["rss"] or {}, result["rss_json_run"] or {}, result["rss_last_pass"] or {}
    crashed = any(code < 0 for code in r["exit_status"].values())
    lines = [
        f"### Native: {Path(r['model']).name}, {r['inputs']} inputs",
        "",
        f"`{r['command']}` on {platform.machine()} ({os.cpu_count()} cores, shared).",
        "",
        f"- exit status {r['exit_status']['json']} (JSON run) and {r['exit_status']['text']} (text run): "
        + ("**CRASHED (killed by a signal)**" if crashed else "no signal, no crash"),
        f"- {r['results']} results, {r['failures']} one-line errors; error kinds: "
        + ", ".join(f"{k} {n}" for k, n in sorted(r["error_kinds"].items())),
        f"- RssAnon (text run, the inputs {r['passes']} times in one process, {rss.get('samples')} samples at 100 ms): "
        f"start {rss.get('start_mb')} MB, after the first {rss.get('warm_at_inputs')} inputs {rss.get('warm_mb')} MB, "
        f"peak {rss.get('peak_mb')} MB, end {rss.get('end_mb')} MB",
        f"- growth over the last pass ({lp.get('warm_at_inputs')} inputs done -> {lp.get('end_at_inputs')}): "
        f"**{lp.get('growth_mb')} MB** (limit {limit_mb} MB; highest point +{lp.get('peak_growth_mb')} MB); "
        f"from the first {warmup} inputs to the end: {rss.get('growth_mb')} MB",
        f"- JSON run (holds every report until the end, by design): RssAnon {jr.get('start_mb')} -> {jr.get('end_mb')} MB",
        f"- wall time: {r['seconds']['json']} s (JSON run), {r['seconds']['text']} s (text run)",
        f"- checks: {'all held' if not r['problems'] else str(len(r['problems'])) + ' problems'}",
        "",
        "| group | kind | outcomes |",
        "|---|---|---|",
    ]
    for group, kinds in r["outcomes"].items():
        for kind, outs in kinds.items():
            lines.append(f"| {group} | {kind} | " + ", ".join(f"{o} {n}" for o, n in sorted(outs.items())) + " |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dxlens", default=str(ROOT / "build" / "native" / "dxlens"))
    parser.add_argument("--model", action="append", help="model folder (repeatable; default models/plant_leaf)")
    parser.add_argument("--inputs", default=str(ROOT / "build" / "volume" / "inputs"))
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--limit-mb", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--passes", type=int, default=2, help="passes over the inputs in the memory run")
    parser.add_argument("--section", default="", help="suffix of the report section's name (to keep several runs of one model)")
    parser.add_argument("--report", help="markdown file to update (a section per model)")
    parser.add_argument("--json-out", help="write the figures as JSON here")
    args = parser.parse_args()
    folder = Path(args.inputs).resolve()
    ensure_inputs(folder, args.count, args.seed)
    inputs = read_inputs(folder, relative=True)
    failed = False
    all_results = []
    for model in args.model or [str(ROOT / "models" / "plant_leaf")]:
        result = run_model(Path(args.dxlens).resolve(), Path(model).resolve(), inputs, folder, args.warmup, args.limit_mb,
                           args.threads, args.passes)
        all_results.append(result)
        print(markdown(result, args.warmup, args.limit_mb))
        for p in result["problems"][:50]:
            print(f"PROBLEM: {p}")
        failed |= bool(result["problems"])
        if args.report:
            write_section(args.report, f"native {Path(model).name}{' ' + args.section if args.section else ''}",
                          markdown(result, args.warmup, args.limit_mb))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(all_results, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
