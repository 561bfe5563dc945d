#pragma once
// `dxlens bench`'s options: its own, and the model options shared with the
// other commands (model_options.h), where --threads takes a list instead.
#include <string>
#include <vector>

#include "args.h"
#include "model_options.h"

namespace dxlens {
namespace cli {

struct BenchOptions {
    std::vector<std::string> variants;      // --variant fp32|int8|both (empty = the preferred one)
    std::vector<int> batches{1};            // --batch 1,8,32: images per ONNX Runtime run
    std::vector<int> threads{1};            // --threads 1,2: intra-op threads
    int warmup = 3;                         // --warmup N: untimed runs per configuration
    int runs = 20;                          // --runs N: timed runs per configuration
    std::string image_path;                 // --image FILE (default: a synthetic 1024x1024 JPEG)
    std::vector<std::string> patch_modes;   // --patch-modes sampled,all,naive (patch models)
    int memory_runs = 0;                    // --memory N: N classifications, RSS sampled
    std::string provider = "cpu";           // --provider cpu|cuda
    std::string out_path;                   // --out FILE: also write the JSON here
    std::string scenario = "single_image";  // --scenario NAME: label copied into the JSON
};

struct BenchCommandOptions {
    ModelOptions model;  // model.variant may be "both"; model.threads is unused (see bench.threads)
    bool json = false;
    BenchOptions bench;
};

// Every `dxlens bench` argument; throws UsageError for a bad one.
BenchCommandOptions parse_bench_options(Args& args);

}  // namespace cli
}  // namespace dxlens
