// The embind surface of the core: free functions only; long-lived objects
// (models, pipelines) are integer handles (tables.h), and every buffer is
// copied across the boundary (js_convert.h).
#include <emscripten/bind.h>

#include "api.h"

EMSCRIPTEN_BINDINGS(dxlens_core) {
    using namespace dxlens::wasm;
    emscripten::function("version", &core_version);
    emscripten::function("memoryStats", &memory_stats);
    emscripten::function("limits", &limits);
    emscripten::function("colormapRamp", &colormap_ramp);
    emscripten::function("probeImage", &probe_image);
    emscripten::function("openModel", &open_model);
    emscripten::function("checkModel", &check_model);
    emscripten::function("parsePriors", &parse_priors);
    emscripten::function("closeModel", &close_model);
    emscripten::function("pipelineStart", &pipeline_start);
    emscripten::function("pipelineNext", &pipeline_next);
    emscripten::function("pipelineSubmit", &pipeline_submit);
    emscripten::function("pipelineFinish", &pipeline_finish);
    emscripten::function("pipelineRelease", &pipeline_release);
}
