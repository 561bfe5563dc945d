#!/usr/bin/env bash
# Trains every shipped model in turn (each well under 30 minutes on 2 cores).
# usage: tools/training/train_all.sh [name...]   (default: all configs)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=($(ls tools/training/configs | sed 's/\.json$//'))
fi
mkdir -p build/training
for name in "${names[@]}"; do
  /usr/bin/python3 -m tools.training.train --config "tools/training/configs/$name.json" \
    2>&1 | tee "build/training/$name.log"
done
