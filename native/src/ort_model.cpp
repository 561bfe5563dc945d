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

}  // namespace

GraphOptimization parse_graph_optimization(const std::string& text) {
    if (text == "disable") return GraphOptimization::Disable;
    if (text == "basic") return GraphOptimization::Basic;
    if (text == "extended") return GraphOptimization::Extended;
    if (text == "all") return GraphOptimization::All;
    throw Error("unknown graph optimisation level '" + text + "' (expected disable, basic, extended or all)");
}

struct OrtModel::Impl {
    std::string path;
    std::unique_ptr<Ort::Session> session;
    RuntimeSignature signature;
};

OrtModel::OrtModel(const std::string& path, const SessionOptions& options) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw Error(ErrorKind::Io, "cannot load model '" + path + "': no such file");
    }
    try {
        Ort::SessionOptions ort_options;
        if (options.intra_op_threads > 0) ort_options.SetIntraOpNumThreads(options.intra_op_threads);
        ort_options.SetGraphOptimizationLevel(ort_level(options.optimization));
        if (!options.optimized_model_path.empty()) {
            ort_options.SetOptimizedModelFilePath(options.optimized_model_path.c_str());
        }
        // ONNX Runtime writes the trace when the session ends (its destructor).
        if (!options.profile_prefix.empty()) ort_options.EnableProfiling(options.profile_prefix.c_str());
        append_execution_provider(static_cast<OrtSessionOptions*>(ort_options), options.provider);
        impl_->session = std::make_unique<Ort::Session>(environment(), path.c_str(), ort_options);

        const Ort::Session& session = *impl_->session;
        const std::vector<std::string> input_names = session.GetInputNames();
        for (size_t i = 0; i < input_names.size(); ++i) {
            impl_->signature.inputs.push_back(describe(input_names[i], session.GetInputTypeInfo(i)));
        }
        const std::vector<std::string> output_names = session.GetOutputNames();
        for (size_t i = 0; i < output_names.size(); ++i) {
            impl_->signature.outputs.push_back(describe(output_names[i], session.GetOutputTypeInfo(i)));
        }
    } catch (const Ort::Exception& e) {
        // ORT_NO_SUCHFILE cannot happen after the check above; anything else
        // means the bytes are not a model this ONNX Runtime can load.
        throw Error(ErrorKind::Corrupt, "cannot load model '" + path + "': " + e.what());
    }
    if (impl_->signature.inputs.empty()) {
        throw Error(ErrorKind::ModelMismatch, "cannot load model '" + path + "': it has no inputs");
    }
}

OrtModel::~OrtModel() = default;
OrtModel::OrtModel(OrtModel&&) noexcept = default;
OrtModel& OrtModel::operator=(OrtModel&&) noexcept = default;

const RuntimeSignature& OrtModel::signature() const { return impl_->signature; }
const std::string& OrtModel::path() const { return impl_->path; }

std::map<std::string, OutputTensor> OrtModel::run(const Tensor& input,
                                                  const std::vector<std::string>& output_names) const {
    const std::vector<std::string> wanted = [&] {
        if (!output_names.empty()) return output_names;
        std::vector<std::string> all;
        for (const auto& info : impl_->signature.outputs) all.push_back(info.name);
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

        const char* input_name = impl_->signature.inputs.front().name.c_str();
        std::vector<const char*> names_c;
        for (const auto& name : wanted) names_c.push_back(name.c_str());

        std::vector<Ort::Value> results =
            impl_->session->Run(Ort::RunOptions{nullptr}, &input_name, &value, 1, names_c.data(), names_c.size());

        std::map<std::string, OutputTensor> out;
        for (size_t i = 0; i < results.size(); ++i) {
            const auto info = results[i].GetTensorTypeAndShapeInfo();
            if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
                throw Error(ErrorKind::ModelMismatch, "model output '" + wanted[i] + "' is " +
                                                          element_type_name(info.GetElementType()) +
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
        throw Error(ErrorKind::ModelMismatch, "inference failed for model '" + impl_->path + "': " + e.what());
    }
}

}  // namespace native
}  // namespace dxlens
