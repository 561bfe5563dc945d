#include "dxlens/native/ort_model.h"

#include <onnxruntime_cxx_api.h>

#include <filesystem>

#include "dxlens/error.h"

namespace dxlens {
namespace native {

namespace {

// ORT wants one environment per process; it lives until exit. Only errors are
// logged so the CLI's output stays clean.
Ort::Env& environment() {
    static Ort::Env env(ORT_LOGGING_LEVEL_ERROR, "dxlens");
    return env;
}

std::string element_type_name(ONNXTensorElementDataType type) {
    switch (type) {
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return "float32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return "uint8";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return "int8";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return "float16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return "float64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return "int32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return "int64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return "bool";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: return "string";
        default: return "element type " + std::to_string(int(type));
    }
}

GraphOptimizationLevel ort_level(GraphOptimization level) {
    switch (level) {
        case GraphOptimization::Disable: return GraphOptimizationLevel::ORT_DISABLE_ALL;
        case GraphOptimization::Basic: return GraphOptimizationLevel::ORT_ENABLE_BASIC;
        case GraphOptimization::Extended: return GraphOptimizationLevel::ORT_ENABLE_EXTENDED;
        case GraphOptimization::All: break;
    }
    return GraphOptimizationLevel::ORT_ENABLE_ALL;
}

// Non-tensor values (sequences, maps) are listed with an empty shape.
TensorInfo describe(const std::string& name, const Ort::TypeInfo& type) {
    TensorInfo info;
    info.name = name;
    if (type.GetONNXType() != ONNX_TYPE_TENSOR) {
        info.element_type = "non-tensor";
        return info;
    }
    const auto tensor = type.GetTensorTypeAndShapeInfo();
    info.shape = tensor.GetShape();
    info.element_type = element_type_name(tensor.GetElementType());
    return info;
}

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

}  // namespace

GraphOptimization parse_graph_optimization(const std::string& text) {
    if (text == "disable") return GraphOptimization::Disable;
    if (text == "basic") return GraphOptimization::Basic;
    if (text == "extended") return GraphOptimization::Extended;
    if (text == "all") return GraphOptimization::All;
    throw Error("unknown graph optimisation level '" + text + "' (expected disable, basic, extended or all)");
}

std::string shape_to_string(const std::vector<int64_t>& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

struct OrtModel::Impl {
    std::string path;
    std::unique_ptr<Ort::Session> session;
    std::vector<TensorInfo> inputs;
    std::vector<TensorInfo> outputs;
};

OrtModel::OrtModel(const std::string& path, const SessionOptions& options) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw Error("cannot load model '" + path + "': no such file");
    }
    try {
        Ort::SessionOptions ort_options;
        if (options.intra_op_threads > 0) ort_options.SetIntraOpNumThreads(options.intra_op_threads);
        ort_options.SetGraphOptimizationLevel(ort_level(options.optimization));
        if (!options.optimized_model_path.empty()) {
            ort_options.SetOptimizedModelFilePath(options.optimized_model_path.c_str());
        }
        append_execution_provider(static_cast<OrtSessionOptions*>(ort_options), options.provider);
        impl_->session = std::make_unique<Ort::Session>(environment(), path.c_str(), ort_options);

        const Ort::Session& session = *impl_->session;
        const std::vector<std::string> input_names = session.GetInputNames();
        for (size_t i = 0; i < input_names.size(); ++i) {
            impl_->inputs.push_back(describe(input_names[i], session.GetInputTypeInfo(i)));
        }
        const std::vector<std::string> output_names = session.GetOutputNames();
        for (size_t i = 0; i < output_names.size(); ++i) {
            impl_->outputs.push_back(describe(output_names[i], session.GetOutputTypeInfo(i)));
        }
    } catch (const Ort::Exception& e) {
        throw Error("cannot load model '" + path + "': " + e.what());
    }
    if (impl_->inputs.empty()) throw Error("cannot load model '" + path + "': it has no inputs");
}

OrtModel::~OrtModel() = default;
OrtModel::OrtModel(OrtModel&&) noexcept = default;
OrtModel& OrtModel::operator=(OrtModel&&) noexcept = default;

const std::vector<TensorInfo>& OrtModel::inputs() const { return impl_->inputs; }
const std::vector<TensorInfo>& OrtModel::outputs() const { return impl_->outputs; }

void OrtModel::check_against(const Manifest& manifest) const {
    const TensorInfo* input = find(impl_->inputs, manifest.input_name);
    if (!input) {
        throw Error("model has no input named '" + manifest.input_name + "' (its inputs: " + names(impl_->inputs) +
                    ")");
    }
    if (impl_->inputs.size() != 1) {
        throw Error("model has " + std::to_string(impl_->inputs.size()) + " inputs (" + names(impl_->inputs) +
                    ") but dxlens feeds exactly one");
    }
    if (!shape_matches(input->shape, manifest.input_shape)) {
        throw Error("model input '" + input->name + "' has shape " + shape_to_string(input->shape) +
                    " but the manifest says " + shape_to_string(manifest.input_shape));
    }
    const std::string dtype = manifest.preprocess.dtype == DType::Uint8 ? "uint8" : "float32";
    if (input->element_type != dtype) {
        throw Error("model input '" + input->name + "' takes " + input->element_type + " but the manifest says " +
                    dtype);
    }

    const TensorInfo* logits = find(impl_->outputs, manifest.logits_output);
    if (!logits) {
        throw Error("model has no output named '" + manifest.logits_output + "' (its outputs: " +
                    names(impl_->outputs) + ")");
    }
    const int64_t classes = logits->shape.empty() ? -1 : logits->shape.back();
    const int64_t labels = int64_t(manifest.labels.size());
    const bool single_logit_binary = manifest.task == Task::Binary && classes == 1;
    if (logits->shape.size() != 2 || (classes != -1 && classes != labels && !single_logit_binary)) {
        throw Error("model output '" + logits->name + "' has shape " + shape_to_string(logits->shape) +
                    " but the manifest has " + std::to_string(labels) + " labels (expected [batch," +
                    std::to_string(labels) + "]" + (manifest.task == Task::Binary ? " or [batch,1]" : "") + ")");
    }

    if (manifest.has_cam()) {
        const TensorInfo* features = find(impl_->outputs, manifest.features_output);
        if (!features) {
            throw Error("model has no output named '" + manifest.features_output +
                        "' (the manifest's features output for CAM; its outputs: " + names(impl_->outputs) + ")");
        }
        if (features->shape.size() != 4) {
            throw Error("model output '" + features->name + "' has shape " + shape_to_string(features->shape) +
                        " but CAM needs a [batch,channels,height,width] feature map");
        }
    }
}

std::map<std::string, OutputTensor> OrtModel::run(const Tensor& input,
                                                  const std::vector<std::string>& output_names) const {
    const std::vector<std::string> wanted = [&] {
        if (!output_names.empty()) return output_names;
        std::vector<std::string> all;
        for (const auto& info : impl_->outputs) all.push_back(info.name);
        return all;
    }();

    try {
        const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
        // ORT takes a non-const pointer but does not write to inputs.
        Ort::Value value =
            input.dtype == DType::Uint8
                ? Ort::Value::CreateTensor<uint8_t>(memory, const_cast<uint8_t*>(input.u8.data()), input.u8.size(),
                                                    input.shape.data(), input.shape.size())
                : Ort::Value::CreateTensor<float>(memory, const_cast<float*>(input.f32.data()), input.f32.size(),
                                                  input.shape.data(), input.shape.size());

        const char* input_name = impl_->inputs.front().name.c_str();
        std::vector<const char*> names_c;
        for (const auto& name : wanted) names_c.push_back(name.c_str());

        std::vector<Ort::Value> results =
            impl_->session->Run(Ort::RunOptions{nullptr}, &input_name, &value, 1, names_c.data(), names_c.size());

        std::map<std::string, OutputTensor> out;
        for (size_t i = 0; i < results.size(); ++i) {
            const auto info = results[i].GetTensorTypeAndShapeInfo();
            if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
                throw Error("model output '" + wanted[i] + "' is " + element_type_name(info.GetElementType()) +
                            ", expected float32");
            }
            OutputTensor tensor;
            tensor.shape = info.GetShape();
            const float* data = results[i].GetTensorData<float>();
            tensor.data.assign(data, data + info.GetElementCount());
            out[wanted[i]] = std::move(tensor);
        }
        return out;
    } catch (const Ort::Exception& e) {
        throw Error("inference failed for model '" + impl_->path + "': " + e.what());
    }
}

}  // namespace native
}  // namespace dxlens
