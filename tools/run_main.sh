#!/usr/bin/env bash
# The main job (README): set up, build, classify a generated demo image with
# the tiny test model through the native CLI (printing the JSON result), then
# build the web app and serve it on localhost (Ctrl+C stops the server).
#   PORT=8080 (default)   DXLENS_NO_SERVE=1: build everything but do not serve
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/setup.sh
bash tools/build.sh native
demo="build/demo"
mkdir -p "$demo"
/usr/bin/python3 tools/make_test_model.py --out "$demo/test_model"
/usr/bin/python3 tools/make_demo_image.py --out "$demo/demo.png"
build/native/dxlens info --model "$demo/test_model"
build/native/dxlens classify --model "$demo/test_model" "$demo/demo.png" --json

bash tools/build.sh wasm
bash tools/build_web.sh
[ "${DXLENS_NO_SERVE:-0}" = 1 ] && exit 0
echo "dxlens web app: open the URL below (Ctrl+C to stop)"
exec node tools/serve.mjs "${PORT:-8080}"
