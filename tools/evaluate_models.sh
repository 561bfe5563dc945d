#!/usr/bin/env bash
# Evaluates trained models on their domain's test split and regenerates their cards:
#
#   tools/evaluate_models.sh [name...]      (default: every models/<name>/ with a manifest)
#
# For each model, `dxlens eval` runs on <DATA_ROOT>/<domain>/test for each
# variant the manifest lists (fp32, int8) and writes models/<name>/eval.<variant>.json;
# then tools/model_card.py writes models/<name>/CARD.md. The domain is the
# training config's "data" (training.json), else the model's name. The shipped
# (INT8) evaluation also runs the other models' domains' test splits through
# the model (`--other`), for the out-of-domain rates the card quotes.
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

# `domain_of NAME`: the data domain of models/NAME.
domain_of() {
  local domain
  domain=$(json_field "models/$1/training.json" 'd["config"]["data"]')
  echo "${domain:-$1}"
}

# Every shipped model's domain: the "other domains" of each model.
all_domains=()
for manifest in models/*/manifest.json; do
  all_domains+=("$(domain_of "$(basename "$(dirname "$manifest")")")")
done

for name in "${names[@]}"; do
  dir="models/$name"
  if [[ ! -f "$dir/manifest.json" ]]; then
    echo "evaluate_models: $dir has no manifest.json" >&2
    exit 1
  fi
  domain=$(domain_of "$name")
  test_dir="$data_root/$domain/test"
  card_root="$data_root"
  if [[ $(json_field "$dir/manifest.json" 'd.get("role")') == router ]]; then
    # A router (models/domain_router): its classes are the models, its test set a
    # class-folder view of every domain's test split (symlinks), made here.
    DXLENS_DATA="$data_root" "$python" -m tools.training.domain_router_data --out build/domain_router --splits test > /dev/null
    test_dir=build/domain_router/test
    card_root=.  # the card counts the view's images (build/domain_router/{train,test})
  fi
  others=()
  if [[ -n $(json_field "$dir/manifest.json" 'd.get("domain")') ]]; then
    for other in "${all_domains[@]}"; do
      [[ "$other" != "$domain" && -d "$data_root/$other/test" ]] && others+=(--other "$data_root/$other/test")
    done
  fi
  for variant in fp32 int8; do
    report="$dir/eval.$variant.json"
    if [[ -z $(json_field "$dir/manifest.json" "d[\"files\"].get(\"$variant\")") ]]; then
      rm -f "$report"  # a report of a variant that is gone would be quoted as current
      continue
    fi
    echo "== $name ($variant) on $test_dir"
    extra=()
    [[ $variant == int8 ]] && extra=("${others[@]}")
    "$dxlens" eval --model "$dir" --data "$test_dir" --variant "$variant" --threads "$threads" \
      --json --out "$report" "${extra[@]}" > /dev/null
    "$python" -c 'import json, sys
r = json.load(open(sys.argv[1]))
print("   {images} images: accuracy {accuracy:.4f}, balanced accuracy {balanced_accuracy:.4f}, "
      "macro AUROC {macro_auroc}, {images_per_second} images/s".format(**r), "errors:", len(r["errors"]))' "$report"
  done
  "$python" tools/model_card.py --model "$dir" --data-root "$card_root"
done
