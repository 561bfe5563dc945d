"""Where ONNX Runtime spends a model's time, per operator, from its profiler's
trace (`dxlens bench ... --profile PREFIX` writes PREFIX_<date>.json):

    /usr/bin/python3 -m tools.bench.profile_ops TRACE.json [--skip-runs 3] [--markdown]

Sums each node's kernel time ("<node>_kernel_time" events) by operator over
the timed runs (the first --skip-runs model runs are warm-up and left out) and
marks the operators that compute in float: in an INT8 model none should take
noticeable time. Native ONNX Runtime on x86 is not the browser's WASM build,
but the graph it runs is the same one (`dxlens optimize`), so a float node
shows up in both.
"""
import argparse
import collections
import json

# Float operators that do the heavy compute, plain or as ONNX Runtime fuses them.
FLOAT_COMPUTE = {"Conv", "FusedConv", "NchwcConv", "Gemm", "FusedGemm", "MatMul", "FusedMatMul"}


def per_operator(events, skip_runs):
    """({op: total microseconds}, timed runs) over the runs after the first `skip_runs`."""
    runs = sorted(e["ts"] for e in events if e.get("cat") == "Session" and e.get("name") == "model_run")
    start = runs[skip_runs] if len(runs) > skip_runs else float("inf")
    totals = collections.Counter()
    for e in events:
        if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time") and e["ts"] >= start:
            totals[e["args"]["op_name"]] += e["dur"]
    return totals, max(len(runs) - skip_runs, 0)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("trace")
    p.add_argument("--skip-runs", type=int, default=3, help="warm-up model runs to leave out (default 3)")
    p.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = p.parse_args()
    with open(args.trace) as f:
        totals, runs = per_operator(json.load(f), args.skip_runs)
    if not runs:
        raise SystemExit(f"{args.trace}: no model runs after the first {args.skip_runs}")
    whole = sum(totals.values())
    rows = [(op, us / runs / 1000, 100 * us / whole, "float" if op in FLOAT_COMPUTE else "")
            for op, us in totals.most_common()]
    if args.markdown:
        print(f"| operator | ms per run | share | float compute |\n|---|---:|---:|---|")
        for op, ms, share, kind in rows:
            print(f"| {op} | {ms:.3f} | {share:.1f} % | {kind} |")
    else:
        for op, ms, share, kind in rows:
            print(f"{op:<24} {ms:8.3f} ms/run {share:5.1f} %  {kind}")
    print(f"{runs} runs; float compute: {sum(s for _, _, s, k in rows if k):.1f} % of node time")


if __name__ == "__main__":
    main()
