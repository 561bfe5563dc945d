#!/usr/bin/env bash
# The main job installs only what it needs (page-UX issue, "first contact"):
#  1. tools/setup.sh's `app` set (what tools/run_main.sh installs) holds no
#     Python package at all, so no PyTorch, ONNX, NumPy or PIL;
#  2. tools/run_main.sh asks for that set, and runs no Python;
#  3. the build the main job makes (DXLENS_TESTS=OFF) configures without the
#     tests: no Catch2 and no Python in its CMake cache.
# usage: tests/setup/main_job_test.sh REPO WORK
set -euo pipefail
repo=$1
work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

app=$(bash "$repo/tools/setup.sh" app --print)
all=$(bash "$repo/tools/setup.sh" all --print)
echo "app set: $(echo $app)"
python_in_app=$(grep -E '^python' <<<"$app" || true)
[ -z "$python_in_app" ] || fail "the main job's set installs Python packages: $python_in_app"
grep -qx python3-torch <<<"$all" || fail "the full set lost python3-torch (the tests need it)"

code=$(grep -v '^\s*#' "$repo/tools/run_main.sh")
grep -Eq 'tools/setup\.sh app\b' <<<"$code" || fail "run_main.sh does not install the app set"
if grep -Eq 'python' <<<"$code"; then fail "run_main.sh runs Python: $(grep -E 'python' <<<"$code")"; fi
grep -Eq 'DXLENS_TESTS=OFF' <<<"$code" || fail "run_main.sh builds the tests"

rm -rf "$work"
cmake -S "$repo" -B "$work" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
if grep -Eq '^(Catch2_DIR|DXLENS_PYTHON)[:=]' "$work/CMakeCache.txt"; then
  fail "the main job's configure pulled in test tools: $(grep -E '^(Catch2_DIR|DXLENS_PYTHON)' "$work/CMakeCache.txt")"
fi
echo "ok: the main job installs $(wc -l <<<"$app") Debian packages, none of them Python; its build needs neither Catch2 nor Python"
