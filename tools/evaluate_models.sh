#!/usr/bin/env bash
# Evaluates trained models on their domain's test split and regenerates their cards:
#
#   tools/evaluate_models.sh [name...]      (default: every models/<name>/ with a manifest)
#
# For each model, `dxlens eval` runs on <DATA_ROOT>/<domain>/test for each
# variant the manifest lists (fp32, int8) and writes models/<name>/eval.<variant>.json;
# then tools/model_card.py writes models/<name>/CARD.md. The domain is the
# training config's "data" (training.json), else the model's name.
#
# Environment: DXLENS (default build/native/dxlens), DATA_ROOT (default
# ../shared/data), THREADS (intra-op threads, default 2: the images/s in the
# cards are comparable only at the same thread count).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=/usr/bin/python3
dxlens=${DXLENS:-build/native/dxlens}
data_root=${DATA_ROOT:-../shared/data}
threads=${THREADS:-2}

if [[ ! -x "$dxlens" ]]; then
  echo "evaluate_models: no dxlens binary at '$dxlens' (build it, or set DXLENS)" >&2
  exit 1
fi

if [[ $# -gt 0 ]]; then
  names=("$@")
else
  names=()
  for manifest in models/*/manifest.json; do
    [[ -e "$manifest" ]] && names+=("$(basename "$(dirname "$manifest")")")
  done
fi
if [[ ${#names[@]} -eq 0 ]]; then
  echo "evaluate_models: no models found under models/" >&2
  exit 1
fi

# `json_field FILE EXPR`: a value from a JSON file ('' when the file or key is missing).
json_field() {
  "$python" -c 'import json, sys
try:
    data = json.load(open(sys.argv[1]))
    print(eval(sys.argv[2], {"d": data}) or "")
except (OSError, KeyError, TypeError):
    print("")' "$1" "$2"
}

for name in "${names[@]}"; do
  dir="models/$name"
  if [[ ! -f "$dir/manifest.json" ]]; then
    echo "evaluate_models: $dir has no manifest.json" >&2
    exit 1
  fi
  domain=$(json_field "$dir/training.json" 'd["config"]["data"]')
  domain=${domain:-$name}
  test_dir="$data_root/$domain/test"
  for variant in fp32 int8; do
    report="$dir/eval.$variant.json"
    if [[ -z $(json_field "$dir/manifest.json" "d[\"files\"].get(\"$variant\")") ]]; then
      rm -f "$report"  # a report of a variant that is gone would be quoted as current
      continue
    fi
    echo "== $name ($variant) on $test_dir"
    "$dxlens" eval --model "$dir" --data "$test_dir" --variant "$variant" --threads "$threads" \
      --json --out "$report" > /dev/null
    "$python" -c 'import json, sys
r = json.load(open(sys.argv[1]))
print("   {images} images: accuracy {accuracy:.4f}, balanced accuracy {balanced_accuracy:.4f}, "
      "macro AUROC {macro_auroc}, {images_per_second} images/s".format(**r), "errors:", len(r["errors"]))' "$report"
  done
  "$python" tools/model_card.py --model "$dir" --data-root "$data_root"
done
