#pragma once
// The functions JavaScript calls (see bindings.cpp). Each takes plain values,
// typed arrays or handles, and returns a JS object. A failure never throws
// across the boundary: the result is {error: "<message>"} instead, so bad input
// can't leave C++ frames half-unwound or leak what they owned.
#include <emscripten/val.h>

#include <string>

namespace dxlens::wasm {

using emscripten::val;

val core_version();
val memory_stats();

val probe_image(val bytes);
val decode_image(val bytes, double max_pixels);
val release_image(int image);
val image_pixels_rgba(int image);
// The image scaled (antialiased, aspect kept) so its longer side is at most
// max_side (never enlarged), as RGBA bytes: {width, height, data}. Alpha is dropped.
val image_preview_rgba(int image, int max_side);

val open_model(std::string manifest_json, std::string classifier_json);
val close_model(int model);

val preprocess(int image, int model);
val classify_output(int model, val logits, int batch);
val class_activation_overlay(int model, val features, val feature_shape, int class_index,
                             int out_width, int out_height, float alpha);

val sample_patches(int image, int model);
val patch_batch(int image, int model, val patches, int begin, int end);
val aggregate_patches(int model, val probs, val patches, int image_width, int image_height, int cell);
val colormap(val values, int width, int height, float alpha, bool alpha_follows_value);

}  // namespace dxlens::wasm
