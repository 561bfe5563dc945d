#pragma once
// A finished classification (dxlens::PipelineResult) as a plain JS object:
//   {images: [{width, height, probs: Float32Array (calibrated, with the user's priors),
//              uncalibratedProbs: Float32Array, top: [{index, label, displayLabel, prob}],
//              domain: {inDomain, score, threshold} | null (models without domain statistics),
//              screening: {index, label, displayLabel, probability, threshold, above} | null,
//              patches: [{x, y, size, foreground, probs: Float32Array, best: {index, label, displayLabel, prob},
//                         domain: {inDomain, score, threshold} | null}],
//              scale: {source: 'reference' | 'user' | 'file', downscale, fieldOfView} | null
//                     (patch models: the scale the patches were cut at, scale.h),
//              dicom: {modality, bodyPart, viewPosition, rows, columns, bitsAllocated, bitsStored,
//                      photometric, transferSyntax: {uid, name}, frames, frame (1-based),
//                      window: {center, width, function: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID',
//                               source: 'file' | 'override' | 'voi_lut' | 'min_max'} | null (colour)}
//                     | null (not a DICOM file; dicom.h),
//              overlayKind: 'cam' | 'patch-heatmap' | null,
//              overlays: [{classIndex, label, displayLabel, width, height, data: Uint8Array RGBA,
//                          placement: {x, y, width, height} in source pixels}],
//              tissue: overlay | null, preview: {width, height, data} | null}],
//    timings: {decode, preprocess, inference, postprocess, total}}   (ms)
// displayLabel: the class's name for people (the manifest's display_labels, else its label).
// probs are JS-owned copies. Every image's `data` (preview, overlays, tissue)
// is a view into `result`'s memory, valid until the next call into the module:
// the host copies what it keeps (the worker into buffers it reuses, because a
// fresh megabyte-sized ArrayBuffer per image costs more than the copy). The
// views are made last, so no allocation in this call can move the heap under them.
#include <emscripten/val.h>

#include "dxlens/pipeline.h"

namespace dxlens::wasm {

emscripten::val result_to_js(const PipelineResult& result, const Manifest& manifest);

}  // namespace dxlens::wasm
