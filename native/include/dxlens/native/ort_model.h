#pragma once
// An ONNX Runtime inference session behind a small interface: load a model
// file, list its inputs and outputs, check them against the manifest, run a
// tensor. ONNX Runtime's exceptions never escape: they become dxlens::Error.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dxlens/manifest.h"
#include "dxlens/tensor.h"

namespace dxlens {
namespace native {

enum class GraphOptimization { Disable, Basic, Extended, All };

// "disable" | "basic" | "extended" | "all"; throws Error for anything else.
GraphOptimization parse_graph_optimization(const std::string& text);

struct SessionOptions {
    int intra_op_threads = 0;  // 0 = ONNX Runtime's default (one per physical core)
    GraphOptimization optimization = GraphOptimization::All;
    std::string optimized_model_path;  // when set, ORT writes the optimised graph here
    std::string provider = "cpu";      // "cpu" | "cuda" (CUDA EP appended first, CPU as fallback)
};

// Adds the execution provider named by `provider` to ORT's session options
// (`ort_session_options` is an OrtSessionOptions*; void* keeps ORT's headers
// out of this one). "cpu" adds nothing; "cuda" appends the CUDA EP and throws
// Error saying which libraries are missing when it cannot be loaded.
void append_execution_provider(void* ort_session_options, const std::string& provider);

// One model input or output as the ONNX graph declares it (-1 = dynamic dim).
struct TensorInfo {
    std::string name;
    std::vector<int64_t> shape;
    std::string element_type;  // "float32", "uint8", ...
};

struct OutputTensor {
    std::vector<int64_t> shape;
    std::vector<float> data;
};

// "[1,3,64,64]" — used in messages about shapes.
std::string shape_to_string(const std::vector<int64_t>& shape);

class OrtModel {
public:
    // Throws Error naming `path` when the file is missing or not a valid model.
    explicit OrtModel(const std::string& path, const SessionOptions& options = {});
    ~OrtModel();
    OrtModel(OrtModel&&) noexcept;
    OrtModel& operator=(OrtModel&&) noexcept;

    const std::vector<TensorInfo>& inputs() const;
    const std::vector<TensorInfo>& outputs() const;

    // Verifies the graph matches what the manifest promises: input name, rank,
    // dims (a dynamic batch may be declared either side), element type, the
    // logits output and its class count, and the features output for CAM.
    void check_against(const Manifest& manifest) const;

    // Runs the model on `input` (fed to the first input) and returns the
    // requested float outputs by name (all outputs when `output_names` is empty).
    std::map<std::string, OutputTensor> run(const Tensor& input,
                                            const std::vector<std::string>& output_names = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace native
}  // namespace dxlens
