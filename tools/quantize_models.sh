#!/usr/bin/env bash
# Quantizes shipped models to INT8: calibration on train images, method chosen
# on the same validation hold-out the training used (tools/training/configs).
# usage: tools/quantize_models.sh [name...]   (default: every model with a training config)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dxlens="${DXLENS:-build/native/dxlens}"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=($(ls tools/training/configs | sed 's/\.json$//'))
fi
for name in "${names[@]}"; do
  # The router's data is a symlinked view of the five domains (tools/training/domain_router_data.py).
  if [ "$name" = domain_router ]; then /usr/bin/python3 -m tools.training.domain_router_data > /dev/null; fi
  work="build/quantize/$name/data"
  /usr/bin/python3 -m tools.quantize.holdout --config "tools/training/configs/$name.json" --out "$work"
  /usr/bin/python3 -m tools.quantize --model "models/$name" --calib "$work/calib" --val "$work/val" \
    --dxlens "$dxlens"
done
