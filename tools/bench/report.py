#!/usr/bin/env python3
"""Combines the native and browser benchmark JSON (bench/README.md) into
bench/results/REPORT.md and PNG plots.

usage: report.py RESULTS_DIR
  reads  RESULTS_DIR/raw/*.json (runtime "native" or "wasm"), machine.txt, commands.txt
  writes RESULTS_DIR/REPORT.md and RESULTS_DIR/*.png

Every ratio compares two configurations measured in the same run_all.sh run.
Ratios are of medians (p50); the interval next to each is a 95% bootstrap
interval of that ratio (resampling both sides' raw samples), so overlap with
1.0 (or the target) shows when the difference is within the noise.
"""
import glob
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

STAGES = ["decode", "preprocess", "inference", "postprocess", "total"]
RNG = np.random.default_rng(7)


def load(results_dir):
    runs = {"native": [], "wasm": []}
    docs = {"native": [], "wasm": []}
    for path in sorted(glob.glob(os.path.join(results_dir, "raw", "*.json"))):
        with open(path) as f:
            doc = json.load(f)
        docs[doc["runtime"]].append(doc)
        for r in doc.get("results", []):
            r["runtime"] = doc["runtime"]
            runs[doc["runtime"]].append(r)
    return runs, docs


def key(r, **change):
    k = {"scenario": r["scenario"], "model": r["model"], "variant": r["variant"], "threads": r["threads"],
         "batch": r["batch"], "image": r["image"]["name"]}
    k.update(change)
    return tuple(sorted(k.items()))


def index(results):
    return {key(r): r for r in results}


def ratio(a, b, stage):
    """Median of a / median of b with a 95% bootstrap interval, or None."""
    xa = np.asarray(a["samples_ms"][stage], dtype=float)
    xb = np.asarray(b["samples_ms"][stage], dtype=float)
    if len(xa) == 0 or len(xb) == 0 or np.median(xb) <= 0:
        return None
    boots = []
    for _ in range(1000):
        mb = np.median(RNG.choice(xb, len(xb)))
        if mb > 0:
            boots.append(np.median(RNG.choice(xa, len(xa))) / mb)
    lo, hi = np.percentile(boots, [2.5, 97.5]) if boots else (np.nan, np.nan)
    return float(np.median(xa) / np.median(xb)), float(lo), float(hi)


def fmt_ratio(r):
    return "n/a" if r is None else f"{r[0]:.2f}× [{r[1]:.2f}–{r[2]:.2f}]"


def label(r):
    extra = f", {r['patches']} patches" if r.get("patches") else ""
    return f"{r['model']} {r['scenario']} {r['variant']} t{r['threads']} b{r['batch']} ({r['image']['name']}{extra})"


def pairs(runs_a, runs_b, change_fn):
    """(a, b) for every result of runs_a whose changed key exists in runs_b."""
    idx = index(runs_b)
    out = []
    for a in runs_a:
        kb = change_fn(a)
        if kb is not None and kb in idx:
            out.append((a, idx[kb]))
    return out


def stage_table(title, pair_list, caption):
    lines = [f"### {title}", "", caption, "",
             "| configuration | " + " | ".join(STAGES) + " |", "|---|" + "---|" * len(STAGES)]
    for a, b in pair_list:
        lines.append(f"| {label(a)} | " + " | ".join(fmt_ratio(ratio(a, b, s)) for s in STAGES) + " |")
    if not pair_list:
        lines.append("| (no matching pairs in this run) |" + " |" * len(STAGES))
    return lines + [""]


def ratio_plot(path, title, groups):
    """groups: [(name, [(a, b), ...])]: one bar group per stage, one bar per pair."""
    fig, ax = plt.subplots(figsize=(10, 4.5))
    series = [(name, a, b) for name, plist in groups for a, b in plist]
    width = 0.8 / max(1, len(series))
    for i, (name, a, b) in enumerate(series):
        vals, errs = [], [[], []]
        for s in STAGES:
            r = ratio(a, b, s)
            v = r[0] if r else np.nan
            vals.append(v)
            errs[0].append(max(0.0, v - r[1]) if r else 0)
            errs[1].append(max(0.0, r[2] - v) if r else 0)
        x = np.arange(len(STAGES)) + i * width
        ax.bar(x, vals, width, yerr=errs, capsize=2, label=f"{name}: {a['model']} {a['variant']} t{a['threads']} b{a['batch']}")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(np.arange(len(STAGES)) + 0.4 - width / 2)
    ax.set_xticklabels(STAGES)
    ax.set_ylabel("ratio of medians (95% bootstrap interval)")
    ax.set_title(title)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def breakdown_plot(path, results):
    rows = [r for r in results if r["threads"] == 1 and r["batch"] in (1, 16)]
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(rows) + 1.5))
    left = np.zeros(len(rows))
    for s in STAGES[:-1]:
        vals = np.array([r["stages"][s]["p50"] for r in rows])
        ax.barh(range(len(rows)), vals, left=left, label=s)
        left += vals
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{r['runtime']} {r['model']} {r['scenario']} {r['variant']}" for r in rows], fontsize=7)
    ax.set_xscale("log")
    ax.set_xlabel("ms (p50 per stage, stacked; log scale)")
    ax.set_title("Where the time goes (1 thread)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def breakdown_text(r):
    total = r["stages"]["total"]["p50"] or 1
    return ", ".join(f"{s} {r['stages'][s]['p50']:.0f} ms ({100 * r['stages'][s]['p50'] / total:.0f}%)"
                     for s in STAGES[:-1])


def shipped_variant(results, model):
    variants = {r["variant"] for r in results if r["model"] == model}
    return "int8" if "int8" in variants else "fp32"


def find(results, **want):
    for r in results:
        if all((r["image"]["name"] if k == "image" else r.get(k)) == v for k, v in want.items()):
            return r
    return None


def verdict(value, target, smaller_is_better=True):
    if value is None:
        return "not measured", ""
    ok = value <= target if smaller_is_better else value >= target
    how = value / target if smaller_is_better else target / value
    return ("met" if ok else "missed"), ("" if ok else f"{how:.1f}× off")


def breakdown_pair(fp, i8, stage):
    return (f"FP32 {fp['stages'][stage]['p50']:.1f} ms vs INT8 {i8['stages'][stage]['p50']:.1f} ms")


def targets(runs, docs):
    wasm, native = runs["wasm"], runs["native"]
    rows = []
    v = shipped_variant(wasm, "chest_xray")
    top_threads = max([r["threads"] for r in wasm] or [1])
    e2e = find(wasm, scenario="single_image", model="chest_xray", variant=v, threads=1, batch=1, image="xray_1024.jpg")
    nat = find(native, scenario="single_image", model="chest_xray", variant=v, threads=1, batch=1, image="xray_1024.jpg")
    app = find(wasm, scenario="app_classify", model="chest_xray", variant=v, threads=1)

    def add(name, target_text, value_text, status, note):
        rows.append(f"| {name} | {target_text} | {value_text} | {status[0]} {status[1]} | {note} |")

    p50 = e2e["stages"]["total"]["p50"] if e2e else None
    add(f"browser end to end, 1024² JPEG, chest_xray {v}, 1 thread, p50", "≤ 30 ms",
        f"{p50:.1f} ms" if p50 else "n/a", verdict(p50, 30),
        (breakdown_text(e2e) if e2e else "") + (f"; the app's full classify (preview + CAM overlays): {app['stages']['total']['p50']:.0f} ms" if app else ""))
    # The app is as fast as its pipeline: its full classify (preview at display
    # size, CAM overlays for the top classes) against the pipeline alone.
    # The pipeline runs interleaved with the app's (same load) when the run has them.
    base = ({"stages": app["pipeline_interleaved"], "samples_ms": {"total": []}} if app and "pipeline_interleaved" in app else e2e)
    if app and "pipeline_interleaved" in app:
        value = app["stages"]["total"]["p50"] / base["stages"]["total"]["p50"]
        r_text, r_value = f"{value:.2f}×", value
    else:
        r = ratio(app, e2e, "total") if app and e2e else None
        r_text, r_value = fmt_ratio(r), (r[0] if r else None)
    add(f"app's full classify / pipeline alone (chest_xray {v}, t1, b1)", "≤ 1.3×", r_text, verdict(r_value, 1.3),
        (f"app {app['stages']['total']['p50']:.1f} ms vs pipeline {base['stages']['total']['p50']:.1f} ms"
         f"{' (interleaved runs)' if base is not e2e else ''}; app postprocess (preview + CAM overlays) "
         f"{app['stages']['postprocess']['p50']:.2f} ms vs {base['stages']['postprocess']['p50']:.2f} ms") if r_value else "")
    for stage, target, name in (("total", 2.0, "whole pipeline WASM/native"), ("preprocess", 1.3, "our preprocessing alone WASM/native")):
        r = ratio(e2e, nat, stage) if e2e and nat else None
        add(f"{name} (chest_xray {v}, t1, b1)", f"≤ {target}×", fmt_ratio(r), verdict(r[0] if r else None, target),
            "per stage: " + ", ".join(f"{s} {fmt_ratio(ratio(e2e, nat, s))}" for s in STAGES[:-1]) if r else "")
    # The same ratio where the model's share of the time is smaller: the patch
    # scenario (decode and our patch work dominate, inference is batched).
    hv = shipped_variant(wasm, "histopathology")
    pw = find(wasm, scenario="patches_sampled", model="histopathology", variant=hv, threads=1)
    pn = find(native, scenario="patches_sampled", model="histopathology", variant=hv, threads=1)
    for stage, target, name in (("total", 2.0, "whole pipeline WASM/native"),
                                ("preprocess", 1.3, "our preprocessing alone WASM/native")):
        if not (pw and pn):
            break
        r = ratio(pw, pn, stage)
        add(f"{name} (histopathology {hv}, 25 patches, t1, b{pw['batch']})", f"≤ {target}×",
            fmt_ratio(r), verdict(r[0], target),
            "per stage: " + ", ".join(f"{s} {fmt_ratio(ratio(pw, pn, s))}" for s in STAGES[:-1]))
    sweep = "; by architecture: bench/results/ARCH_SWEEP.md"
    for batch in (1, 8):
        fp = find(wasm, scenario="single_image", model="chest_xray", variant="fp32", threads=1, batch=batch, image="xray_1024.jpg")
        i8 = find(wasm, scenario="single_image", model="chest_xray", variant="int8", threads=1, batch=batch, image="xray_1024.jpg")
        for stage in ("inference", "total") if batch == 1 else ("inference",):
            r = ratio(fp, i8, stage) if fp and i8 else None
            add(f"INT8 vs FP32 in the browser, {stage} (FP32/INT8 time, chest_xray t1 b{batch})", "≥ 1.5×", fmt_ratio(r),
                verdict(r[0] if r else None, 1.5, smaller_is_better=False),
                (breakdown_pair(fp, i8, stage) + sweep) if r else "int8 model not present")
    for scen, limit, name in (("patches_sampled", 1000, "patch scenario, 25 patches"), ("patches_all", 4000, "all patches (mask on)")):
        cands = [r for r in wasm if r["scenario"] == scen and r["model"] == "histopathology" and r["variant"] == hv]
        best = min(cands, key=lambda r: r["stages"]["total"]["p50"]) if cands else None
        val = best["stages"]["total"]["p50"] if best else None
        add(f"{name}, browser, 4096² JPEG, histopathology {hv}", f"≤ {limit / 1000:.0f} s",
            f"{val / 1000:.2f} s (t{best['threads']}, {best.get('patches')} patches)" if best else "n/a",
            verdict(val, limit), breakdown_text(best) if best else "")
    for doc in docs["wasm"]:
        for c in doc.get("cold_start", []):
            if c["case"] == "warm_cache":
                val = c["first_result_ms"]["p50"]
                visit = c["visits"][0] if c["visits"] else {}
                add("cold start, warm cache → first result (localhost)", "≤ 1 s", f"{val / 1000:.2f} s",
                    verdict(val, 1000), f"model ready at {visit.get('model_ready_ms', 0) / 1000:.2f} s, "
                    f"DOMContentLoaded {visit.get('dom_content_loaded_ms', 0) / 1000:.2f} s (first visit)")
        for m in doc.get("memory", []):
            add(f"browser memory after {m['classifications']} classifications", "≤ 100 MB, growth < 5 MB",
                f"steady {m['steady_mb']} MB, growth {m['growth_mb']} MB",
                ("met", "") if (m["steady_mb"] or 1e9) <= 100 and (m["growth_mb"] or 1e9) < 5 else ("missed", ""),
                m["measure"])
    for doc in docs["native"]:
        for m in doc.get("memory", []):
            add(f"native memory (RSS) after {m['classifications']} classifications", "≤ 100 MB, growth < 5 MB",
                f"steady {m['steady_mb']} MB, peak {m['peak_mb']} MB, growth {m['growth_mb']} MB",
                ("met", "") if m["steady_mb"] <= 100 and m["growth_mb"] < 5 else ("missed", ""), m["measure"])
    return ["| target | goal | measured | status | where the time goes / notes |", "|---|---|---|---|---|"] + rows


def patch_section(runs):
    lines = ["## Patch sampling (histopathology, synthetic 4096² tissue JPEG)", "",
             "| runtime | variant | threads | mode | patches | batch | total p50 (p95) | naive / this |",
             "|---|---|---|---|---|---|---|---|"]
    for rt in ("native", "wasm"):
        res = [r for r in runs[rt] if r["scenario"].startswith("patches_")]
        naive = {(r["variant"]): r for r in res if r["scenario"] == "patches_naive"}
        for r in sorted(res, key=lambda r: (r["variant"], r["threads"], r["scenario"])):
            n = naive.get(r["variant"])
            rr = ratio(n, r, "total") if n else None
            t = r["stages"]["total"]
            lines.append(f"| {rt} | {r['variant']} | {r['threads']} | {r['scenario'][8:]} | {r.get('patches')} | {r['batch']} | "
                         f"{t['p50']:.0f} ms ({t['p95']:.0f}) | {fmt_ratio(rr)} |")
    lines += ["", "Both runtimes run the core's pipeline (aggregation only, no overlays): the same work. "
              "`naive / this` is the naive mode's total time "
              "divided by this mode's, same runtime and variant (naive runs at 1 thread only)."]
    return lines + [""]


def all_results_table(runs):
    lines = ["## All measurements (ms per run; a run is one batch)", "",
             "| runtime | configuration | runs | decode p50 | preprocess p50 | inference p50 | postprocess p50 | total p50 | total p95 | total stddev | accuracy |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for rt in ("native", "wasm"):
        for r in runs[rt]:
            s = r["stages"]
            acc = r.get("accuracy") or {}
            acc_text = f"{acc['accuracy']:.3f} ({acc.get('images', '?')} images)" if "accuracy" in acc else "no eval file"
            lines.append(f"| {rt} | {label(r)} | {r['runs']} | " + " | ".join(f"{s[k]['p50']:.2f}" for k in STAGES) +
                         f" | {s['total']['p95']:.2f} | {s['total']['stddev']:.2f} | {acc_text} |")
    return lines + [""]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    runs, docs = load(out)
    read = lambda name: open(os.path.join(out, name)).read() if os.path.exists(os.path.join(out, name)) else "(missing)\n"

    wasm_native = pairs(runs["wasm"], runs["native"], lambda r: key(r))
    int8_fp32 = {rt: pairs([r for r in runs[rt] if r["variant"] == "fp32"], runs[rt], lambda r: key(r, variant="int8"))
                 for rt in runs}
    threads = {rt: pairs([r for r in runs[rt] if r["threads"] == 1], runs[rt], lambda r: key(r, threads=2))
               for rt in runs}
    ratio_plot(os.path.join(out, "wasm_native_ratio.png"), "WASM / native time per stage (higher = WASM slower)",
               [("wasm/native", [p for p in wasm_native if p[0]["scenario"] == "single_image"])])
    ratio_plot(os.path.join(out, "int8_fp32_ratio.png"), "FP32 / INT8 time per stage (higher = INT8 faster)",
               [(rt, [p for p in int8_fp32[rt] if p[0]["scenario"] == "single_image"]) for rt in ("native", "wasm")])
    ratio_plot(os.path.join(out, "thread_scaling.png"), "1-thread / 2-thread time per stage (higher = threads help)",
               [(rt, [p for p in threads[rt] if p[0]["scenario"] == "single_image" and p[0]["batch"] == 1]) for rt in ("native", "wasm")])
    breakdown_plot(os.path.join(out, "stage_breakdown.png"), runs["native"] + runs["wasm"])

    cold = []
    for doc in docs["wasm"]:
        for c in doc.get("cold_start", []):
            s = c["first_result_ms"]
            cold.append(f"| {c['case']} | {s['p50'] / 1000:.2f} s | {s['min'] / 1000:.2f}–{s['max'] / 1000:.2f} s | {s['count']} | "
                        + "; ".join(f"model ready {v['model_ready_ms'] / 1000:.2f} s, {v['transferred_bytes'] / 1e6:.1f} MB transferred by the page itself (worker fetches not counted)" for v in c["visits"]) + " |")
    memory = []
    for rt in ("native", "wasm"):
        for doc in docs[rt]:
            for m in doc.get("memory", []):
                memory.append(f"| {rt} | {m['model']} {m['variant']} | {m['classifications']} | {m.get('start_mb')} | {m['early_mb']} | "
                              f"{m['steady_mb']} | {m['peak_mb']} | {m['growth_mb']} | {m['measure']} |")
    detail = next((d["runtime_detail"] for d in docs["wasm"]), {})
    native_detail = next((d["runtime_detail"] for d in docs["native"]), {})
    lines = [
        "# dxlens benchmarks: where the time goes", "",
        "Generated by `tools/bench/run_all.sh` (`tools/bench/report.py`); JSON schema and method: `bench/README.md`.",
        "All figures are from one run on the machine below; every ratio compares two configurations measured in that run.",
        "Ratios are of medians, with a 95% bootstrap interval in brackets.", "",
        f"Native: ONNX Runtime {native_detail.get('onnxruntime', '?')} (CPU EP), {native_detail.get('compiler', '')}. "
        f"Browser: {detail.get('user_agent', '?')}, ONNX Runtime Web {detail.get('onnxruntime_web', '?')} (WASM), "
        f"crossOriginIsolated {detail.get('cross_origin_isolated')}.", "",
        "## Targets", "", *targets(runs, docs), "",
        *stage_table("WASM / native", wasm_native, "Browser time divided by native time for the same configuration (> 1: WASM slower)."),
        "![WASM/native](wasm_native_ratio.png)", "",
        *stage_table("INT8 speed-up, native", int8_fp32["native"], "FP32 time divided by INT8 time (> 1: INT8 faster)."),
        *stage_table("INT8 speed-up, browser", int8_fp32["wasm"], "FP32 time divided by INT8 time (> 1: INT8 faster)."),
        "![INT8/FP32](int8_fp32_ratio.png)", "",
        *stage_table("Thread scaling, native", threads["native"], "1-thread time divided by 2-thread time (> 1: the second thread helps)."),
        *stage_table("Thread scaling, browser", threads["wasm"], "1-thread time divided by 2-thread time."),
        "![threads](thread_scaling.png)", "",
        *patch_section(runs),
        "## Cold start (browser, localhost, chest_xray, 1024² JPEG)", "",
        "| case | first result p50 | range | visits | per visit |", "|---|---|---|---|---|", *cold, "",
        "## Memory", "", "| runtime | model | classifications | start MB | after 10% MB | steady MB | peak MB | growth MB | measure |",
        "|---|---|---|---|---|---|---|---|---|", *memory, "",
        "![breakdown](stage_breakdown.png)", "",
        *all_results_table(runs),
        "## Machine", "", "```", read("machine.txt").rstrip(), "```", "",
        "## Commands", "", "```", read("commands.txt").rstrip(), "```", "",
    ]
    skipped = [s for rt in docs for d in docs[rt] for s in d.get("skipped", [])]
    if skipped:
        lines += ["## Skipped", ""] + [f"- {s}" for s in skipped] + [""]
    with open(os.path.join(out, "REPORT.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"report: wrote {os.path.join(out, 'REPORT.md')}")


if __name__ == "__main__":
    main()
