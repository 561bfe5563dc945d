#pragma once
// The handle tables of the module (handle_table.h), shared by api.cpp and
// pipeline_api.cpp. A model is held by shared_ptr: a pipeline keeps its own
// reference, so closing the model while a run is in flight is safe.
#include <memory>
#include <optional>

#include "dxlens/model.h"
#include "dxlens/pipeline.h"
#include "handle_table.h"

namespace dxlens::wasm {

// A classification: the pipeline, and once finished its result, which owns the
// pixels pipelineFinish() hands out as views (result_to_js.h).
struct PipelineRun {
    Pipeline pipeline;
    std::optional<PipelineResult> result;
};

using ModelTable = HandleTable<std::shared_ptr<const Model>>;
using PipelineTable = HandleTable<PipelineRun>;

ModelTable& model_table();
PipelineTable& pipeline_table();

}  // namespace dxlens::wasm
