#pragma once
// A finished classification (dxlens::PipelineResult) as a plain JS object:
//   {images: [{width, height, probs: Float32Array, top: [{index, label, prob}],
//              patches: [{x, y, size, foreground, probs: Float32Array}],
//              overlayKind: 'cam' | 'patch-heatmap' | null,
//              overlays: [{classIndex, label, width, height, data: Uint8Array RGBA,
//                          placement: {x, y, width, height} in source pixels}],
//              tissue: overlay | null, preview: {width, height, data} | null}],
//    timings: {decode, preprocess, inference, postprocess, total}}   (ms)
// Every buffer is a JS-owned copy, ready to be transferred to the page.
#include <emscripten/val.h>

#include "dxlens/pipeline.h"

namespace dxlens::wasm {

emscripten::val result_to_js(const PipelineResult& result, const Manifest& manifest);

}  // namespace dxlens::wasm
