#include "dxlens/native/model_runner.h"

#include <chrono>

#include "dxlens/error.h"

namespace dxlens {
namespace native {

namespace {

// The outputs a request asked for, in its order, as views of the session's tensors.
std::vector<OutputView> requested_outputs(const ModelRequest& request,
                                          const std::map<std::string, OutputTensor>& outputs) {
    std::vector<OutputView> views;
    for (const std::string& name : request.outputs) {
        const auto it = outputs.find(name);
        if (it == outputs.end()) {
            throw Error(ErrorKind::ModelMismatch, "the model did not return its '" + name + "' output");
        }
        views.push_back({it->second.data.data(), it->second.data.size(), it->second.shape});
    }
    return views;
}

}  // namespace

ModelRunner::ModelRunner(std::shared_ptr<const Model> model, const std::string& onnx_path,
                         const SessionOptions& options)
    : model_(std::move(model)), session_(onnx_path, options) {
    try {
        check_model(*model_, session_.signature());
    } catch (const Error& e) {
        // The message compares model and manifest; say which model file it was.
        throw Error(e.kind(), onnx_path + ": " + e.what());
    }
}

ModelRunner::ModelRunner(const ModelBundle& bundle, const SessionOptions& options)
    : ModelRunner(bundle.model, bundle.model_path, options) {}

PipelineResult ModelRunner::run(Pipeline& pipeline, const RunObserver& observe) const {
    using Clock = std::chrono::steady_clock;
    const std::vector<std::string> every_output;  // OrtModel::run's "all of them"
    while (const ModelRequest* request = pipeline.next()) {
        const auto start = Clock::now();
        const auto outputs = session_.run(request->input, observe ? every_output : request->outputs);
        const double inference_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (observe) observe(*request, outputs);
        pipeline.submit(requested_outputs(*request, outputs), inference_ms);
    }
    return pipeline.finish();
}

}  // namespace native
}  // namespace dxlens
