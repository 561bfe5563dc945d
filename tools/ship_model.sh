#!/usr/bin/env bash
# Everything after training, for one model: install the trained files, quantize
# to INT8, fit the trust settings, measure the scale behaviour (patch models),
# evaluate both variants on the test split and write the card.
#
#   tools/ship_model.sh NAME [TRAINED_DIR]
#
# TRAINED_DIR (default: models/NAME itself, where tools.training.train writes by
# default) holds what tools.training.train wrote: manifest.json, model.fp32.onnx,
# classifier.json, training.json. Environment: DXLENS, DATA_ROOT (default
# ../shared/data), as for tools/evaluate_models.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=/usr/bin/python3
name=${1:?usage: tools/ship_model.sh NAME [TRAINED_DIR]}
trained=${2:-models/$name}
dxlens=${DXLENS:-build/native/dxlens}
data_root=${DATA_ROOT:-../shared/data}
model=models/$name

if [[ "$(realpath "$trained")" != "$(realpath -m "$model")" ]]; then
  mkdir -p "$model"
  # The trained files replace the old ones; the INT8 file and the trust settings
  # of the old model must not survive next to new weights.
  rm -f "$model/model.int8.onnx" "$model/quantization.json" "$model/domain.json" "$model/scale.json"
  for f in manifest.json model.fp32.onnx classifier.json training.json; do
    cp "$trained/$f" "$model/$f"
  done
fi
domain=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["data"])' "$model/training.json")

echo "== $name: quantize"
DXLENS="$dxlens" tools/quantize_models.sh "$name"
echo "== $name: trust settings"
"$python" -m tools.trust.fit --model "$model" --data "$data_root/$domain/train" --dxlens "$dxlens"
if "$python" -c 'import json, sys; sys.exit(0 if "patch" in json.load(open(sys.argv[1])) else 1)' "$model/manifest.json"; then
  echo "== $name: scale consistency"
  "$python" tools/scale/consistency.py --dxlens "$dxlens" --model "$model" --data "$data_root/$domain/test" \
    --markdown bench/results/SCALE.md --json "$model/scale.json"
fi
echo "== $name: evaluate and write the card"
DXLENS="$dxlens" DATA_ROOT="$data_root" tools/evaluate_models.sh "$name"
