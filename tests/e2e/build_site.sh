#!/usr/bin/env bash
# The e2e fixture (ctest e2e_site): generates the tiny test models (3-class,
# patch, one-logit binary) and builds the test site with every shipped model
# (models/*) plus those, into WORK.
# usage: tests/e2e/build_site.sh WORK [PYTHON]
# Needs the wasm core (tools/build.sh wasm) and node_modules (npm ci).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$1"
python="${2:-/usr/bin/python3}"
cd "$root"
if [ ! -f build/wasm/wasm/dxlens_core.wasm ]; then
  echo "e2e_site: build/wasm/wasm/dxlens_core.wasm missing: run tools/build.sh wasm first" >&2
  exit 1
fi
mkdir -p "$work/models"
"$python" tools/make_test_model.py --out "$work/models/tiny_cnn" >/dev/null
"$python" tools/make_test_model.py --out "$work/models/tiny_patch" --patch >/dev/null
"$python" tools/make_test_model.py --out "$work/models/tiny_binary" --binary >/dev/null
tools/build_web.sh --out "$work/site" --model "$work/models/tiny_cnn" --model "$work/models/tiny_patch" \
  --model "$work/models/tiny_binary"
