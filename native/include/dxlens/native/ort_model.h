#pragma once
// An ONNX Runtime inference session behind a small interface: load a model
// file, report its inputs and outputs (for dxlens::check_model in the core),
// run a tensor. ONNX Runtime's exceptions never escape: they become
// dxlens::Error with a kind (Io, Corrupt, ModelMismatch).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dxlens/model.h"
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
    std::string profile_prefix;        // when set, ORT's profiler traces every node to PREFIX_<date>.json
    std::string provider = "cpu";      // "cpu" | "cuda" (CUDA EP appended first, CPU as fallback)
};

// Adds the execution provider named by `provider` to ORT's session options
// (`ort_session_options` is an OrtSessionOptions*; void* keeps ORT's headers
// out of this one). "cpu" adds nothing; "cuda" appends the CUDA EP and throws
// Error saying which libraries are missing when it cannot be loaded.
void append_execution_provider(void* ort_session_options, const std::string& provider);

struct OutputTensor {
    std::vector<int64_t> shape;
    std::vector<float> data;
};

class OrtModel {
public:
    // Throws Error naming `path`: kind Io when the file is missing, Corrupt
    // when ONNX Runtime cannot load it, ModelMismatch when it has no input.
    explicit OrtModel(const std::string& path, const SessionOptions& options = {});
    ~OrtModel();
    OrtModel(OrtModel&&) noexcept;
    OrtModel& operator=(OrtModel&&) noexcept;

    // The graph's inputs and outputs as it declares them (-1 = dynamic dim):
    // what dxlens::check_model compares with the manifest.
    const RuntimeSignature& signature() const;
    const std::string& path() const;

    // Runs the model on `input` (fed to the first input) and returns the
    // requested float outputs by name (all outputs when `output_names` is
    // empty). Throws Error kind ModelMismatch when ONNX Runtime refuses the
    // input or an output is not float32.
    std::map<std::string, OutputTensor> run(const Tensor& input,
                                            const std::vector<std::string>& output_names = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace native
}  // namespace dxlens
