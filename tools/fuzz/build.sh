#!/usr/bin/env bash
# Builds the libFuzzer targets into build/fuzz: the core and tests/fuzz only,
# with clang 14 (Debian's clang-14 + libclang-rt-14-dev, from tools/setup.sh),
# AddressSanitizer and UndefinedBehaviorSanitizer. Needs neither ONNX Runtime
# nor Emscripten. Then `ctest --test-dir build/fuzz -L fuzz` runs each target
# for DXLENS_FUZZ_SECONDS (30) seconds; tools/fuzz/long_run.sh runs one longer.
#   JOBS=2 tools/fuzz/build.sh [extra cmake -D options]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || { echo "fuzz build: $tool is missing (tools/setup.sh installs clang-14)" >&2; exit 1; }
done
CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -DDXLENS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build/fuzz -j "${JOBS:-2}"
