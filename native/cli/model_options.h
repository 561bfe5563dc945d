#pragma once
// The options every command that loads a model takes: which model folder and
// variant, and how ONNX Runtime runs it.
#include <string>

#include "args.h"
#include "dxlens/native/ort_model.h"

namespace dxlens {
namespace cli {

struct ModelOptions {
    std::string model_dir;                   // --model DIR
    std::string variant;                     // --variant V (empty = the manifest's preferred one)
    int threads = 0;                         // --threads N (0 = ONNX Runtime's default)
    std::string graph_optimization = "all";  // --graph-opt disable|basic|extended|all
    std::string profile_prefix;              // --profile PREFIX: ONNX Runtime's per-node trace
};

// Consumes `arg` (and its value) when it is one of the options above.
bool parse_model_option(const std::string& arg, Args& args, ModelOptions& options);

// UsageError "<command> needs --model DIR" when --model was not given.
void require_model_dir(const ModelOptions& options, const std::string& command);

// The ONNX Runtime settings these options ask for.
native::SessionOptions session_options(const ModelOptions& options);

}  // namespace cli
}  // namespace dxlens
