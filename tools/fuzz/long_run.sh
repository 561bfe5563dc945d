#!/usr/bin/env bash
# Runs one fuzz target for a given time or number of executions and prints
# its figures: executions, time, exec/s, coverage (cov = edges, ft = features,
# from libFuzzer's final stats) and findings. One process, nice 19, no -fork:
# the machine is shared. Build first with tools/fuzz/build.sh.
#
#   tools/fuzz/long_run.sh TARGET SECONDS        e.g. long_run.sh manifest 7200
#   tools/fuzz/long_run.sh TARGET --runs N       e.g. long_run.sh decode --runs 10000000
#
# TARGET is decode, dicom, manifest, model, patch or postprocess. The working corpus
# is build/fuzz/long/<target>/ (seeded from tests/fuzz/corpus/<target>/, kept
# between runs), findings go to build/fuzz/long/findings/, the full log to
# build/fuzz/long/<target>.log. Exit status: 0 without findings, 1 with.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 2 ] || { sed -n 2,13p "$0" >&2; exit 2; }
target=$1
shift
case "$target" in
  decode) dict=image ;;
  dicom) dict=dicom ;;
  manifest|model) dict=json ;;
  patch|postprocess) dict= ;;
  *) echo "long_run: unknown target '$target'" >&2; exit 2 ;;
esac
if [ "$1" = "--runs" ]; then
  limit=(-runs="$2")
else
  limit=(-max_total_time="$1")
fi
binary="$root/build/fuzz/tests/fuzz/fuzz_$target"
[ -x "$binary" ] || { echo "long_run: $binary is missing: run tools/fuzz/build.sh" >&2; exit 2; }
work="$root/build/fuzz/long"
corpus="$work/$target"
mkdir -p "$corpus" "$work/findings"
cp -n "$root/tests/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
log="$work/$target.log"
args=("${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -print_pcs=0
      -artifact_prefix="$work/findings/$target-")
[ -n "$dict" ] && args+=(-dict="$root/tests/fuzz/dict/$dict.dict")

start=$(date +%s)
set +e
nice -n 19 "$binary" "${args[@]}" "$corpus" >"$log" 2>&1
status=$?
set -e
seconds=$(( $(date +%s) - start ))

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
# The last status line libFuzzer printed ("#N DONE cov: C ft: F ..."), or the
# last progress line when the run stopped at a finding.
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
findings=$(grep -cE '^==[0-9]+== ?ERROR|runtime error:|^SUMMARY: ' "$log" || true)
artifacts=$(grep -oE "Test unit written to [^ ]+" "$log" | sed 's/Test unit written to //' || true)

echo "target:     $target"
echo "executions: ${runs:-?}"
echo "time:       ${seconds} s"
echo "exec/s:     ${speed:-?}"
echo "coverage:   cov ${cov:-?} ft ${ft:-?} corpus ${corp:-?}"
if [ "$status" -eq 0 ] && [ -z "$artifacts" ]; then
  echo "findings:   0"
  exit 0
fi
# 72 is libFuzzer's exit status for a run stopped by a signal (SIGINT/SIGTERM):
# stopped, not failed, when it left no crash input and no error report.
if [ "$status" -eq 72 ] && [ -z "$artifacts" ] && [ "$findings" -eq 0 ]; then
  echo "findings:   0 (stopped by a signal before its limit)"
  exit 0
fi
echo "findings:   $(( findings > 0 ? findings : 1 )) (libFuzzer exit status $status)"
grep -E 'ERROR|runtime error:|SUMMARY|fuzz check failed|what\(\)' "$log" | head -5 | sed 's/^/  /'
[ -n "$artifacts" ] && echo "  input: $artifacts"
exit 1
