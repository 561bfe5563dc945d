#!/usr/bin/env bash
# The main job (README): set up what the app needs (tools/setup.sh app: no
# Python, no test tools), build the CLI and the WebAssembly core without the
# tests, classify a shipped example chest X-ray (web/examples/, Kermany et al.,
# CC BY 4.0) with the shipped chest X-ray model and print its result, then build
# the web app and serve it on localhost (Ctrl+C stops the server).
#   PORT=8080 (default)   DXLENS_NO_SERVE=1: build everything but do not serve
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/setup.sh app
export DXLENS_TESTS=OFF
bash tools/build.sh native
example="web/examples/chest_xray/person100_bacteria_479.jpeg"
echo "dxlens: classifying $example (a test image labelled PNEUMONIA) with models/chest_xray"
build/native/dxlens info --model models/chest_xray
build/native/dxlens classify --model models/chest_xray "$example"
build/native/dxlens classify --model models/chest_xray "$example" --json

bash tools/build.sh wasm
bash tools/build_web.sh
[ "${DXLENS_NO_SERVE:-0}" = 1 ] && exit 0
echo "dxlens web app: open the URL below (Ctrl+C to stop)"
exec node tools/serve.mjs "${PORT:-8080}"
