#!/usr/bin/env bash
# Runs every benchmark (native `dxlens bench` + the browser benchmark) and
# regenerates bench/results/REPORT.md and its plots. Builds are assumed done:
#   cmake -S . -B build/bench && cmake --build build/bench -j2   (native)
#   tools/build.sh wasm                                           (WASM core)
# usage: tools/bench/run_all.sh            full run (about 10 minutes on a quiet 2-core machine)
#        QUICK=1 tools/bench/run_all.sh    smoke run: few iterations, written to build/bench/results-quick
# env:   DXLENS_BENCH_BIN (default build/bench/dxlens), DXLENS_BENCH_OUT (default bench/results)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

quick=${QUICK:-0}
dxlens=${DXLENS_BENCH_BIN:-build/bench/dxlens}
out=${DXLENS_BENCH_OUT:-$([ "$quick" = 1 ] && echo build/bench/results-quick || echo bench/results)}
images=build/bench/images
site=build/bench/web
python=/usr/bin/python3   # Debian's: numpy, PIL, matplotlib

[ -x "$dxlens" ] || { echo "run_all: $dxlens missing (cmake -S . -B build/bench && cmake --build build/bench -j2)" >&2; exit 1; }
if [ "$quick" = 1 ]; then
  runs=4; warmup=1; memory=50; patch_runs=2; browser_flags=(--quick)
else
  runs=20; warmup=3; memory=1000; patch_runs=5; browser_flags=(--runs 20 --warmup 3 --memory 1000)
fi

mkdir -p "$out/raw"
rm -f "$out"/raw/*.json
: > "$out/commands.txt"
# Runs a command, recording it verbatim for the report.
run() {
  echo "$*" >> "$out/commands.txt"
  echo "run_all: $*" >&2
  "$@"
}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "nproc: $(nproc)"
  echo "uptime at start: $(uptime)"
  lscpu | grep -E '^(Architecture|Model name|CPU\(s\)|Thread|Core|Socket|L1d|L2|L3)' || true
  echo "SIMD flags: $(grep -o -w -E 'sse4_2|avx|avx2|fma|avx512f|avx512_vnni|avx_vnni' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  free -m
} > "$out/machine.txt"

# Inputs: synthetic images (never dataset files), and the site with every variant.
[ -f "$images/tissue_4096.jpg" ] || run "$python" tools/bench/make_images.py "$images"
run tools/build_web.sh --out "$site" > /dev/null
for dir in models/*/; do
  name=$(basename "$dir")
  [ -d "$site/models/$name" ] || continue
  for f in "$dir"model.*.onnx; do
    [ -f "$f" ] && [ ! -f "$site/models/$name/$(basename "$f")" ] && cp "$f" "$site/models/$name/"
  done
done

# Native. Each call writes one JSON file; --variant both skips an absent int8 file.
run "$dxlens" bench --model models/chest_xray --variant both --batch 1,8 --threads 1,2 \
  --warmup "$warmup" --runs "$runs" --image "$images/xray_1024.jpg" --memory "$memory" \
  --json --out "$out/raw/native_chest_xray.json" > /dev/null
run "$dxlens" bench --model models/plant_leaf --variant both --batch 1 --threads 1,2 \
  --warmup "$warmup" --runs "$runs" --image "$images/photo_224.jpg" --json --out "$out/raw/native_plant_leaf.json" > /dev/null
run "$dxlens" bench --model models/histopathology --variant both --threads 1,2 --patch-modes sampled \
  --warmup 1 --runs "$patch_runs" --image "$images/tissue_4096.jpg" --json --out "$out/raw/native_patches_sampled.json" > /dev/null
run "$dxlens" bench --model models/histopathology --threads 1,2 --patch-modes all \
  --warmup 1 --runs 3 --image "$images/tissue_4096.jpg" --json --out "$out/raw/native_patches_all.json" > /dev/null
run "$dxlens" bench --model models/histopathology --threads 1 --patch-modes naive \
  --warmup 0 --runs 2 --image "$images/tissue_4096.jpg" --json --out "$out/raw/native_patches_naive.json" > /dev/null

# Browser (headless Chromium, the page's own worker; 1 and 2 threads).
run node tools/bench/browser_bench.mjs --site "$site" --images "$images" --out "$out/raw/browser.json" "${browser_flags[@]}"

echo "uptime at end: $(uptime)" >> "$out/machine.txt"
run "$python" tools/bench/report.py "$out"
