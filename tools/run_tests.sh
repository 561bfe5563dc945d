#!/usr/bin/env bash
# The test command (README, .ci/run): sets up, builds everything, and runs every
# test: native unit + integration tests and the wasm suite under one ctest, then
# the AddressSanitizer/UBSan build of the native tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/setup.sh
start=$(date +%s)
# The wasm tree first: the native tree registers the wasm tests only when it exists.
bash tools/build.sh wasm
wasm_done=$(date +%s)
bash tools/build.sh native
native_done=$(date +%s)
echo "build times: wasm $((wasm_done - start)) s, native $((native_done - wasm_done)) s"

# A test that fails is run once more before it counts as failed: the browser
# tests share two cores with everything else here, and a rare timing miss must
# not fail the run. A real failure fails twice (and its output shows both).
ctest --test-dir build/native --output-on-failure -j 2 --repeat until-pass:2

bash tools/build.sh asan
# halt_on_error: any sanitizer finding fails the run. ONNX Runtime is not
# instrumented: tests/lsan.supp lists its own process-lifetime leaks.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
ctest --test-dir build/asan --output-on-failure -j 2 -LE wasm

# Fuzz smoke: each libFuzzer target ~30 s on its corpus (tests/fuzz); a finding
# fails the run. One at a time: each uses a whole core.
bash tools/fuzz/build.sh
ctest --test-dir build/fuzz -L fuzz --output-on-failure
echo "all tests passed"
