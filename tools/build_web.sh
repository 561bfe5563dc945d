#!/usr/bin/env bash
# Assembles the static site: web/ + the WASM core (build/wasm) + ONNX Runtime
# Web's WASM-only entry and runtime and markdown-it's browser module
# (node_modules) + the models' files the page needs, then writes
# models/index.json and stamps sw.js (tools/web_index.mjs).
# usage: tools/build_web.sh [--out DIR] [--model DIR]...
#   --out DIR    where to assemble (default build/web; emptied first)
#   --model DIR  also include this model folder (e.g. a test model); repeatable
# Needs: tools/build.sh wasm, and npm ci (tools/setup.sh) for onnxruntime-web and markdown-it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="build/web"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --model) extra+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--out DIR] [--model DIR]..." >&2; exit 2 ;;
  esac
done
core="build/wasm/wasm"
ort="node_modules/onnxruntime-web/dist"
for f in "$core/dxlens_core.mjs" "$core/dxlens_core.wasm"; do
  [ -f "$f" ] || { echo "build_web: $f missing (run tools/build.sh wasm)" >&2; exit 1; }
done
for f in ort.wasm.min.mjs ort-wasm-simd-threaded.mjs ort-wasm-simd-threaded.wasm; do
  [ -f "$ort/$f" ] || { echo "build_web: $ort/$f missing (run npm ci)" >&2; exit 1; }
done
# markdown-it renders the model cards in the page (ui/model-card-view.js): its
# self-contained browser ES module, no bundler.
mdit="node_modules/markdown-it/dist/browser/markdown-it.esm.min.mjs"
[ -f "$mdit" ] || { echo "build_web: $mdit missing (run npm ci)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/core" "$out/vendor/ort" "$out/vendor/markdown-it" "$out/models"
cp -R web/. "$out/"
# The service worker's source lives in web/sw/ (folders say which thread runs
# the code) but is served from the root: it controls only URLs under its own
# folder, and static hosts cannot send Service-Worker-Allowed to widen that.
mv "$out/sw/sw.js" "$out/sw.js"
rmdir "$out/sw"
cp "$core/dxlens_core.mjs" "$core/dxlens_core.wasm" "$out/core/"
# ort.wasm.min.mjs loads ort-wasm-simd-threaded.mjs (which starts its pthread
# workers from its own URL) and that loads the .wasm: all three, same origin.
cp "$ort/ort.wasm.min.mjs" "$ort/ort-wasm-simd-threaded.mjs" "$ort/ort-wasm-simd-threaded.wasm" "$out/vendor/ort/"
cp node_modules/onnxruntime-web/LICENSE "$out/vendor/ort/LICENSE" 2>/dev/null || true
cp "$mdit" "$out/vendor/markdown-it/"
# Its licence, and those of the two packages bundled into that module (entities, mdurl).
cp node_modules/markdown-it/LICENSE "$out/vendor/markdown-it/LICENSE" 2>/dev/null || true
for dep in entities mdurl; do
  cp "node_modules/$dep/LICENSE" "$out/vendor/markdown-it/LICENSE.$dep" 2>/dev/null || true
done

# One model folder: manifest, classifier weights, domain statistics, the ONNX file the page loads
# (int8 when listed and present, else fp32), model card, eval JSONs.
copy_model() {
  local src="$1"
  /usr/bin/env node -e '
    const fs = require("fs"), path = require("path");
    const [src, outModels] = process.argv.slice(1);
    const m = JSON.parse(fs.readFileSync(path.join(src, "manifest.json"), "utf8"));
    const variant = ["int8", "fp32"].find((v) => m.files?.[v] && fs.existsSync(path.join(src, m.files[v].path)));
    if (!variant) { console.error(`build_web: ${src}: no ONNX file present, skipped`); process.exit(0); }
    const dest = path.join(outModels, m.name);
    fs.mkdirSync(dest, { recursive: true });
    const files = ["manifest.json", m.files[variant].path, "CARD.md", "eval.int8.json", "eval.fp32.json"];
    if (m.outputs?.classifier) files.push(m.outputs.classifier);
    if (m.domain?.file) files.push(m.domain.file);
    for (const f of files) {
      if (fs.existsSync(path.join(src, f))) fs.copyFileSync(path.join(src, f), path.join(dest, f));
    }
    console.log(`build_web: ${m.name} (${variant})`);
  ' "$src" "$out/models"
}
for dir in models/*/; do
  [ -f "$dir/manifest.json" ] && copy_model "$dir"
done
for dir in "${extra[@]+"${extra[@]}"}"; do
  copy_model "$dir"
done
node tools/web_index.mjs "$out"
echo "build_web: $out"
