#!/usr/bin/env bash
# Installs what dxlens needs on a fresh Debian 12 machine, and nothing twice:
# Debian packages, ONNX Runtime from npm (cached under $DXLENS_CACHE), and the
# web app's npm packages (node_modules, from package-lock.json). Safe to run again.
#   tools/setup.sh [app|all] [--print]
#     app    what the main job (tools/run_main.sh) needs to build the CLI and the
#            page and serve it: compilers, Emscripten, the core's header libraries.
#            No Python package: the main job classifies a shipped example image
#            with a shipped model, it generates nothing.
#     all    (default) app + what the tests and tools/ need: Catch2, Debian's
#            Python with PyTorch/ONNX/PIL (model training, fixtures), Chromium,
#            clang's libFuzzer.
#     --print  list the Debian packages of that set and exit (tests/setup: the
#            main job's set has no Python ML package)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
set_name=all
print_only=0
for arg in "$@"; do
  case "$arg" in
    app|all) set_name=$arg ;;
    --print) print_only=1 ;;
    *) echo "usage: $0 [app|all] [--print]" >&2; exit 2 ;;
  esac
done

app_packages=(
  cmake g++ make pkg-config nodejs npm
  emscripten            # WebAssembly build of the core
  libstb-dev            # stb_image / stb_image_write
  nlohmann-json3-dev    # manifest parsing
  libssl-dev            # SHA-256 of model files (OpenSSL EVP)
)
test_packages=(
  catch2                # unit tests (v2) + Catch.cmake
  python3-torch python3-torchvision python3-onnx python3-numpy python3-pil python3-matplotlib
  python3-pydicom       # DICOM test files + writer for the DICOM tests (tests/integration/dicom_test.py, fuzz seeds)
  chromium              # headless browser for the web app's end-to-end tests
  clang-14 libclang-rt-14-dev  # libFuzzer + sanitizers for the fuzz targets (tools/fuzz/build.sh)
)
apt_packages=("${app_packages[@]}")
[ "$set_name" = all ] && apt_packages+=("${test_packages[@]}")
if [ "$print_only" = 1 ]; then
  printf '%s\n' "${apt_packages[@]}"
  exit 0
fi
missing=()
for pkg in "${apt_packages[@]}"; do
  # NodeSource's nodejs bundles npm and conflicts with Debian's npm package.
  [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1 && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash "$here/fetch_onnxruntime.sh" >/dev/null

# onnxruntime-web + playwright-core: (re)install when node_modules is missing
# or older than the lock file.
repo="$here/.."
stamp="$repo/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$repo/package-lock.json" -nt "$stamp" ]; then
  echo "setup: npm ci"
  (cd "$repo" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
echo "setup: ok"
