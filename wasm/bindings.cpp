// The embind surface of the core: free functions only; long-lived objects are
// integer handles (api.cpp), and every buffer is copied across the boundary.
#include <emscripten/bind.h>

#include "api.h"

EMSCRIPTEN_BINDINGS(dxlens_core) {
    using namespace dxlens::wasm;
    emscripten::function("version", &core_version);
    emscripten::function("memoryStats", &memory_stats);
    emscripten::function("probeImage", &probe_image);
    emscripten::function("decodeImage", &decode_image);
    emscripten::function("releaseImage", &release_image);
    emscripten::function("imagePixelsRGBA", &image_pixels_rgba);
    emscripten::function("imagePreviewRGBA", &image_preview_rgba);
    emscripten::function("openModel", &open_model);
    emscripten::function("closeModel", &close_model);
    emscripten::function("preprocess", &preprocess);
    emscripten::function("classifyOutput", &classify_output);
    emscripten::function("classActivationOverlay", &class_activation_overlay);
    emscripten::function("samplePatches", &sample_patches);
    emscripten::function("patchBatch", &patch_batch);
    emscripten::function("aggregatePatches", &aggregate_patches);
    emscripten::function("colormap", &colormap);
}
