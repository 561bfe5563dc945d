#pragma once
// The native host of dxlens::Pipeline: an ONNX Runtime session bound to the
// model it was checked against. The core plans every model run; this class
// only runs them, so every command (classify, eval, bench, calibrate) goes
// through the one loop in run().
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "dxlens/model.h"
#include "dxlens/native/model_dir.h"
#include "dxlens/native/ort_model.h"
#include "dxlens/pipeline.h"

namespace dxlens {
namespace native {

// Called after each model run with every output the session returned, before
// the requested ones go back to the pipeline (calibrate's activation statistics).
using RunObserver = std::function<void(const ModelRequest&, const std::map<std::string, OutputTensor>&)>;

class ModelRunner {
public:
    // Loads `onnx_path` and checks its graph against `model` with
    // dxlens::check_model, so a mismatched file fails here (Error kind
    // ModelMismatch, the message prefixed with the path), not mid-run.
    ModelRunner(std::shared_ptr<const Model> model, const std::string& onnx_path, const SessionOptions& options);
    // The verified model file of a model folder.
    ModelRunner(const ModelBundle& bundle, const SessionOptions& options);

    const std::shared_ptr<const Model>& model() const { return model_; }
    const Manifest& manifest() const { return model_->manifest; }
    const OrtModel& session() const { return session_; }

    // The host's loop: next() -> run the session on the request (timed) ->
    // submit() the outputs in the order the request lists them -> finish().
    // With an observer the session returns every output, and the observer
    // sees them all first.
    PipelineResult run(Pipeline& pipeline, const RunObserver& observe = nullptr) const;

private:
    std::shared_ptr<const Model> model_;
    OrtModel session_;
};

}  // namespace native
}  // namespace dxlens
