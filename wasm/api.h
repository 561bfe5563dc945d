#pragma once
// The functions JavaScript calls (see bindings.cpp). Each takes plain values,
// typed arrays or handles, and returns a JS object. A failure never throws
// across the boundary: the result is {error: "<message>", kind: "<error kind>"}
// instead (kinds: dxlens::error_kind_name, plus "internal" and "too_large" for
// out of memory), so bad input can't leave C++ frames half-unwound or leak what
// they owned, and the page decides what to show from the kind alone.
#include <emscripten/val.h>

#include <string>

namespace dxlens::wasm {

using emscripten::val;

// api.cpp: the module, images and models.
val core_version();
val memory_stats();
val limits();  // kLimits: {maxFileBytes, maxPixels, maxPatches}
val colormap_ramp();  // Uint8Array, 256 RGBA steps of the overlays' colormap from 0 to 1
val probe_image(val bytes);
// domain_json: the text of the manifest's domain statistics file ("" when it names none).
val open_model(std::string manifest_json, std::string classifier_json, std::string domain_json);
// signature: {inputs: [{name, shape, type}], outputs: [...]} as the runtime reports
// them (-1 or a non-number for a dynamic dim; type "float32", "uint8", ...).
val check_model(int model, val signature);
// "NORMAL=0.5" (trust.h parse_priors) -> {priors: [per label]} for pipelineStart's options.
val parse_priors(int model, std::string text);
val close_model(int model);

// pipeline_api.cpp: one classification, driven by the host (dxlens/pipeline.h).
//   const run = pipelineStart(model, bytes, options);   // {handle, width, height, format}
//   for (let r; !(r = pipelineNext(run.handle)).done;)  // {input: {dtype, shape, data}, outputs, samples}
//     pipelineSubmit(run.handle, [Float32Array...], [shape...], inferenceMs);
//   const result = pipelineFinish(run.handle);          // plain result, see result_to_js.h: its
//   pipelineRelease(run.handle);                        // pixels are views, copy them before the next call
// options: {topK, overlayClasses, previewSide, tissueOverlay, batchSize,
//           priors: [per label] (the user's class priors), screeningThreshold,
//           scale (patch models: the image's resolution relative to the model's reference
//           images) or micronsPerPixel (models that state theirs),
//           frame (DICOM: 1-based frame number; 0 or absent = the middle frame),
//           window: {center, width} (DICOM grey images: replaces the file's window)}, all optional.
val pipeline_start(int model, val bytes, val options);
val pipeline_next(int pipeline);
val pipeline_submit(int pipeline, val outputs, val shapes, double inference_ms);
val pipeline_finish(int pipeline);
val pipeline_release(int pipeline);

}  // namespace dxlens::wasm
