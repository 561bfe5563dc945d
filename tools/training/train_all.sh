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
  # The router's data is a symlinked view of the five domains (tools/training/domain_router_data.py).
  if [ "$name" = domain_router ]; then /usr/bin/python3 -m tools.training.domain_router_data > /dev/null; fi
  /usr/bin/python3 -m tools.training.train --config "tools/training/configs/$name.json" \
    2>&1 | tee "build/training/$name.log"
done
