// check_model(): the one comparison of a loaded graph with its manifest, used by
// the native ONNX Runtime wrapper and by the page's worker alike.
#include <string>

#include "dxlens/error.h"
#include "dxlens/model.h"

namespace dxlens {
namespace {

[[noreturn]] void mismatch(const std::string& message) { throw Error(ErrorKind::ModelMismatch, message); }

const TensorInfo* find(const std::vector<TensorInfo>& list, const std::string& name) {
    for (const auto& info : list) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

std::string names(const std::vector<TensorInfo>& list) {
    std::string text;
    for (const auto& info : list) text += (text.empty() ? "'" : ", '") + info.name + "'";
    return text.empty() ? "none" : text;
}

// A runtime that cannot tell a tensor's shape (ONNX Runtime Web for some
// graphs) reports it empty; only the name is checked then.
bool shape_known(const TensorInfo& info) { return !info.shape.empty(); }

// A dim matches when equal, or when the model leaves it dynamic (-1). A model
// with a fixed batch does not satisfy a manifest asking for a dynamic one: the
// pipeline would feed it batches it cannot take.
bool shape_matches(const std::vector<int64_t>& model, const std::vector<int64_t>& manifest) {
    if (model.size() != manifest.size()) return false;
    for (size_t i = 0; i < model.size(); ++i) {
        if (model[i] != -1 && model[i] != manifest[i]) return false;
    }
    return true;
}

void check_input(const Manifest& manifest, const RuntimeSignature& runtime) {
    const TensorInfo* input = find(runtime.inputs, manifest.input_name);
    if (!input) mismatch("model has no input named '" + manifest.input_name + "' (its inputs: " + names(runtime.inputs) + ")");
    if (runtime.inputs.size() != 1) {
        mismatch("model has " + std::to_string(runtime.inputs.size()) + " inputs (" + names(runtime.inputs) +
                 ") but dxlens feeds exactly one");
    }
    if (shape_known(*input) && !shape_matches(input->shape, manifest.input_shape)) {
        mismatch("model input '" + input->name + "' has shape " + shape_to_string(input->shape) +
                 " but the manifest says " + shape_to_string(manifest.input_shape));
    }
    const std::string dtype = manifest.preprocess.dtype == DType::Uint8 ? "uint8" : "float32";
    if (!input->element_type.empty() && input->element_type != dtype) {
        mismatch("model input '" + input->name + "' takes " + input->element_type + " but the manifest says " + dtype);
    }
}

void check_logits(const Manifest& manifest, const RuntimeSignature& runtime) {
    const TensorInfo* logits = find(runtime.outputs, manifest.logits_output);
    if (!logits) {
        mismatch("model has no output named '" + manifest.logits_output + "' (its outputs: " + names(runtime.outputs) + ")");
    }
    if (!shape_known(*logits)) return;
    const int64_t classes = logits->shape.back();
    const int64_t labels = int64_t(manifest.labels.size());
    const bool single_logit_binary = manifest.task == Task::Binary && classes == 1;
    if (logits->shape.size() != 2 || (classes != -1 && classes != labels && !single_logit_binary)) {
        mismatch("model output '" + logits->name + "' has shape " + shape_to_string(logits->shape) +
                 " but the manifest has " + std::to_string(labels) + " labels (expected [batch," +
                 std::to_string(labels) + "]" + (manifest.task == Task::Binary ? " or [batch,1]" : "") + ")");
    }
}

void check_features(const Model& model, const RuntimeSignature& runtime) {
    const Manifest& manifest = model.manifest;
    if (!manifest.has_cam()) return;
    const TensorInfo* features = find(runtime.outputs, manifest.features_output);
    if (!features) {
        mismatch("model has no output named '" + manifest.features_output +
                 "' (the manifest's features output for CAM; its outputs: " + names(runtime.outputs) + ")");
    }
    if (!shape_known(*features)) return;
    if (features->shape.size() != 4) {
        mismatch("model output '" + features->name + "' has shape " + shape_to_string(features->shape) +
                 " but CAM needs a [batch,channels,height,width] feature map");
    }
    const int64_t channels = features->shape[1];
    if (model.classifier && channels != -1 && channels != model.classifier->channels) {
        mismatch("classifier '" + manifest.classifier_file + "' has " + std::to_string(model.classifier->channels) +
                 " channels but model output '" + features->name + "' has shape " + shape_to_string(features->shape));
    }
}

}  // namespace

std::string shape_to_string(const std::vector<int64_t>& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

void check_model(const Model& model, const RuntimeSignature& runtime) {
    check_input(model.manifest, runtime);
    check_logits(model.manifest, runtime);
    check_features(model, runtime);
}

}  // namespace dxlens
