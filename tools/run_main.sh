#!/usr/bin/env bash
# The main job (README): set up, build, and classify a generated demo image with
# the tiny test model through the native CLI, printing the JSON result.
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
