#!/usr/bin/env bash
# Builds the native tree (build/native: core, CLI, tests) and the WebAssembly
# tree (build/wasm: core ES module, wasm unit tests). Incremental and re-runnable.
# usage: tools/build.sh [native|wasm|asan|all]   (default: native and wasm)
#   DXLENS_TESTS=OFF   configure without the tests (the main job: tools/run_main.sh),
#                      so neither Catch2 nor Python is needed; ON (default) brings them back.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
what="${1:-default}"
jobs="${DXLENS_JOBS:-$(nproc)}"
testing="-DBUILD_TESTING=${DXLENS_TESTS:-ON}"
export NODE_PATH=/usr/share/nodejs  # emcc's JS optimiser needs acorn from Debian's node modules

build_native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release "$testing" >/dev/null
  cmake --build build/native -j "$jobs"
}
build_wasm() {
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release "$testing" >/dev/null
  cmake --build build/wasm -j "$jobs"
}
build_asan() {
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DDXLENS_SANITIZE=ON \
        -DCMAKE_CXX_FLAGS="-O1" >/dev/null
  cmake --build build/asan -j "$jobs"
}

case "$what" in
  native) build_native ;;
  wasm) build_wasm ;;
  asan) build_asan ;;
  all) build_native; build_wasm; build_asan ;;
  default) build_native; build_wasm ;;
  *) echo "usage: $0 [native|wasm|asan|all]" >&2; exit 2 ;;
esac
